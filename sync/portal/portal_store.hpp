// The reference portal's own SQLite database: services and their attributes, service
// requests, batch tokens, their status updates, receipt codes claimed twice, and the
// citizens' contact details in a separate table that no read function here returns.
// It owns the schema and every write; it does not know HTTP or forms (portal_form.hpp
// turns those into the plain structs below).
// Thread-safe: one connection, one mutex; every write is one transaction.
#pragma once
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "photo.hpp"
#include "platform/clock.hpp"
#include "sync/open311.hpp"
#include "sync/sqlite.hpp"

namespace wk::portal {

// A validated POST /requests. Contact fields go to `contacts` only.
struct NewRequest {
    std::string service_code;
    std::string description;
    std::string address;  // address_string
    std::string address_id;
    std::optional<double> lat, lon;
    std::string media_url;  // the client's own photo URL; an uploaded photo is stored apart
    std::string device_id;
    std::string idempotency_key;  // empty when the client sent none
    int kiosk_id = 0;             // the kiosk whose key sends it (kiosk_access.hpp); 0: a plain api_keys client
    std::string first_name, last_name, phone, email;
    std::multimap<std::string, std::string> attributes;  // attribute[CODE] (and [CODE][] values)
    std::optional<Photo> photo;  // the multipart media part, already re-encoded (photo.hpp)
};

// key_reused: a plain idempotency key came back with a different report.
// receipt_collision: a receipt code came back with a different report; the code stays
// with the report that holds it, the newcomer is recorded (ReceiptCollision), not filed.
enum class CreateOutcome { created, replayed, key_reused, receipt_collision, unknown_service };

struct CreateResult {
    CreateOutcome outcome = CreateOutcome::created;
    std::string service_request_id;  // created, replayed; receipt_collision: the case that holds the code
    std::string token;               // also set when the service is a batch one
    std::string code;                // receipt_collision: the canonical receipt code
    UnixMs held_since = 0;           // receipt_collision: when the holder was filed
    bool first_seen = false;         // receipt_collision: this refused report was not recorded before
};

// A receipt code claimed by a second, different report (issue 19). From then on the
// code is "contested": no public lookup by it shows either report.
struct ReceiptCollision {
    std::string code;                // canonical receipt code
    std::string service_request_id;  // the case that holds the code
    int kiosk_id = 0;                // the kiosk whose key sent the refused report; 0: a plain key
    std::string service_code, description, address, device_id;  // the refused report (no contact)
    UnixMs first_seen = 0, last_seen = 0;
    int64_t attempts = 0;
};

// Who filed a case: the kiosk whose key did, else (a plain key, or a case filed before
// kiosk keys) the kiosk number of its receipt code; 0 when neither.
struct CaseOrigin {
    int kiosk_id = 0;
    std::string code;  // canonical receipt code; empty when none
};

// What a receipt code stands for, for the lookup page and GET /wardkiosk/v1/receipts.
enum class ReceiptState { unknown, held, contested };

// A batch service's token: the request it stands for, and when it was issued.
struct TokenState {
    std::string service_request_id;
    UnixMs created = 0;
};

// One entry of the categories file: a service and the questions it asks (none:
// metadata false). seed_services() sets metadata from the attributes.
struct Category : open311::Service {
    std::vector<open311::Attribute> attributes;
};

// GET /requests, already parsed. `ids` non-empty overrides every other field.
struct RequestFilter {
    std::vector<std::string> ids;
    std::vector<std::string> service_codes;  // empty: all
    std::vector<std::string> statuses;       // exact extended statuses; empty: all
    UnixMs from = 0, to = 0;                 // inclusive, on requested_datetime
    int limit = 1000;
};

// A validated POST /servicerequestupdates.
struct NewUpdate {
    std::string service_request_id;
    std::string status;       // extended vocabulary, lower case
    std::string description;  // becomes the request's status_notes
    std::string agency_responsible;  // empty: keep the current one
    std::optional<UnixMs> expected;  // none: keep the current one
    std::string update_id;           // empty: the portal makes one
    std::string rating;              // "satisfied" / "not_satisfied": a citizen's rating, not a status change
    bool from_kiosk = false;         // a kiosk's withdrawal: leaves status_notes, the agency, the
                                     // expected date and a final status as they are
};

// A citizen's rating of the answer to a case (the latest one counts).
struct Rating {
    std::string update_id;
    std::string rating;   // satisfied, not_satisfied
    std::string comment;  // the citizen's words; staff pages only
    UnixMs at = 0;
};

struct RatingCounts {
    int64_t satisfied = 0, not_satisfied = 0;  // cases, by their latest rating
};

// A kiosk's latest health report (POST /wardkiosk/v1/health.json), with our receive time.
struct KioskHealth {
    std::string kiosk_id, version, last_sync, printer;
    int64_t queue_depth = 0, oldest_pending_s = 0;
    UnixMs received_at = 0;
    std::optional<int64_t> clock_offset_s;  // the portal's clock minus the kiosk's, as its agent learnt it
};

enum class UpdateOutcome { applied, replayed, unknown_request, update_id_taken };

struct UpdateResult {
    UpdateOutcome outcome = UpdateOutcome::applied;
    std::string update_id;
};

struct Update {
    std::string update_id;
    std::string service_request_id;
    std::string status;
    std::string description;
    UnixMs updated = 0;
    std::string media_url;
};

struct ReceiptLookup {
    ReceiptState state = ReceiptState::unknown;
    open311::ServiceRequest request;  // held only
    std::vector<Update> updates;      // held only: the case's status updates, oldest first
};

// A photo a client sent with a report. Officers see it at once; the public (GET
// /requests' media_url, /media/NAME.jpg) only once an officer has approved it.
struct MediaInfo {
    std::string name;  // 32 random hex digits: the file name it is served under
    std::string service_request_id;
    int width = 0, height = 0;
    UnixMs received_at = 0;
    std::optional<UnixMs> approved_at;
    std::string approved_by;
};

// What the phone page needs to know of a receipt code (portal_media.cpp).
struct PhoneMedia {
    int count = 0;         // photos sent from phones under the code, waiting or joined
    bool arrived = false;  // the report has reached the portal
    bool closed = false;   // its case is closed
};
enum class PhoneAdd { joined, waiting, full, closed };

struct Counts {
    int64_t requests = 0, contacts = 0, updates = 0, attributes = 0;
};

// SHA-256 (hex) of the fields that make two POSTs "the same report" for idempotency.
std::string payload_hash(const NewRequest& r);

// "UPD-" and 16 random hex digits: an update_id for a client that sent none.
std::string make_update_id();

// Crockford-normalizes a receipt code for lookup: upper case, hyphens and spaces
// dropped, O->0, I/L->1. Empty unless the result is nine base32 symbols.
std::string lookup_code(std::string_view code);

class PortalStore {
  public:
    // Opens or creates the database at `path` (WAL) and migrates it. Throws db::Error.
    explicit PortalStore(const std::string& path);

    // portal_services.cpp. Inserts `categories` (and their attributes) when the
    // services table is empty (first start); returns how many.
    int seed_services(const std::vector<Category>& categories);
    std::vector<open311::Service> services();
    std::optional<open311::Service> service(std::string_view code);
    // The service's definition (attributes in order, possibly none); nullopt when unknown.
    std::optional<open311::ServiceDefinition> definition(std::string_view code);

    // Stores a request, its contact and attributes in one transaction, or answers
    // from an earlier request with the same idempotency key. `prefix` starts new ids.
    CreateResult create_request(const NewRequest& r, UnixMs now, std::string_view prefix);
    std::vector<open311::ServiceRequest> requests(const RequestFilter& f);
    std::optional<open311::ServiceRequest> request(std::string_view service_request_id);
    // The request whose idempotency key normalizes to `code` (see lookup_code).
    std::optional<open311::ServiceRequest> request_by_receipt(std::string_view code);
    // A token issued by create_request for a batch service; nullopt when unknown.
    std::optional<TokenState> token(std::string_view token);

    // Applies a status update and records it, in one transaction. A repeated
    // update_id for the same request is answered without applying it again. An update
    // from_kiosk sets at most the status, and not over a final one (the record then
    // carries the status the case keeps).
    UpdateResult add_update(const NewUpdate& u, UnixMs now);
    std::vector<Update> updates(UnixMs from, UnixMs to, int limit = 1000);

    // portal_feedback.cpp. A rating is kept under its update_id (a repeat is replayed,
    // an update_id of another case or of a status update is taken); the status stays.
    UpdateResult add_rating(const NewUpdate& u, UnixMs now);
    std::optional<Rating> rating(std::string_view service_request_id);
    RatingCounts rating_counts();
    void record_health(const KioskHealth& h);  // replaces that kiosk's earlier report
    std::vector<KioskHealth> kiosks();         // by kiosk id

    // portal_receipts.cpp. Who filed a case; nullopt when the case is unknown.
    std::optional<CaseOrigin> origin(std::string_view service_request_id);
    // The report a receipt code (any accepted spelling) stands for, unless contested.
    ReceiptLookup receipt(std::string_view code);
    // Recorded collisions, newest first: those of one case, or all when the id is empty.
    std::vector<ReceiptCollision> collisions(std::string_view service_request_id, int limit = 200);

    // portal_media.cpp. `base` + NAME + ".jpg" is an approved photo's media_url
    // (PortalServer sets it from public_url; empty: "/media/").
    void serve_media_at(std::string base);
    std::vector<MediaInfo> media(std::string_view service_request_id);  // oldest first
    std::optional<MediaInfo> media_info(std::string_view name);
    // The stored JPEG; with `approved_only`, nullopt for a photo no officer approved.
    std::optional<std::string> media_jpeg(std::string_view name, bool approved_only);
    // False when the photo is not the case's or was approved before.
    bool approve_media(std::string_view service_request_id, std::string_view name, const std::string& officer,
                       UnixMs now);

    // portal_media.cpp (issue 16). Photos a citizen sends from their phone under a
    // receipt code (canonical): they join the code's case at once, or wait until the
    // report arrives (insert_request adopts them); both are the officers' to approve.
    PhoneMedia phone_media(std::string_view code);
    // Refuses (full, closed) before storing; `max` photos a code at most.
    PhoneAdd add_phone_photo(std::string_view code, const Photo& p, int max, UnixMs now);
    // Removes photos that waited longer than `max_age_ms` for their report; how many.
    int prune_waiting_media(UnixMs now, UnixMs max_age_ms);

    Counts counts();
    db::Db& db() { return m_db; }  // for tests that break things on purpose

  private:
    std::optional<int64_t> request_row(std::string_view service_request_id);
    std::optional<CreateResult> replay(const NewRequest& r, const std::string& hash, UnixMs now);
    CreateResult record_collision(int64_t holder, const NewRequest& r, const std::string& hash, UnixMs now);
    UpdateResult apply_update(int64_t row, const NewUpdate& u, UnixMs now);
    std::string insert_token(const std::string& service_request_id, UnixMs now);
    std::string insert_request(const NewRequest& r, const std::string& hash, UnixMs now, std::string_view prefix);
    void insert_contact(int64_t row, const NewRequest& r);
    void insert_media(int64_t row, const Photo& p, UnixMs now);
    void adopt_waiting_media(int64_t row, const std::string& code);
    using Arg = std::variant<std::string, int64_t>;
    std::vector<open311::ServiceRequest> select_requests(const std::string& where, const std::vector<Arg>& args,
                                                         int limit);

    std::mutex m_mutex;
    db::Db m_db;
    std::string m_media_base = "/media/";
};

// Reads the categories file (assets/categories.json) as Open311 services:
// service_name = name_vi, description = name_en, type (default realtime), and an
// optional "attributes" array of {code, datatype, required, description, order,
// values [{key, name}]}. Throws std::runtime_error naming what is wrong.
std::vector<Category> load_categories(const std::string& path);

}  // namespace wk::portal
