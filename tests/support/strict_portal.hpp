// A second GeoReport v2 server for the agent's tests, stricter and stranger than the
// reference portal: it behaves like the widely deployed open-source server the province may
// run instead (modelled on mySociety's Open311::Endpoint, open311-adapter, with its
// servicerequestupdates role, as shared/docs/open311.md describes it), quirk by quirk, each
// switchable in StrictOptions so a test can turn one on at a time.
// It owns a real cpp-httplib server on 127.0.0.1 (port 0), its cases and updates (in
// memory, behind one mutex) and its own JSON/XML encoding; it shares no code with the
// agent or the reference portal (sync/open311*.hpp), so neither can hide the other's bugs.
// It does not persist anything, speak TLS, serve discovery, or keep media.
//
// Services: moi-truong (realtime, no questions), ngap-ung (realtime; required list
// question do-sau, optional multi-value question anh-huong), den-duong (batch: POST
// answers a token, GET /tokens/{t} reveals the id after `token_after_polls` polls).
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "platform/clock.hpp"

namespace wk::test {

// Every fact is switchable; the defaults are how the foreign server behaves. OFF (or the
// other value) is the spec's behaviour: GeoReport v2 with the servicerequestupdates extension.
struct StrictOptions {
    // ON: GET /requests carries status_notes (the newest officer update's description).
    // OFF: never; the answer is only in servicerequestupdates' description.
    bool status_notes = false;
    // ON: GET /requests says only open/closed; updates carry the fine status in UPPER case.
    // OFF: the fine status in the extension's lower case, on both.
    bool coarse_status = true;
    // ON: a re-POST with the same Idempotency-Key answers the first case. OFF: a second case.
    bool honour_idempotency_key = false;
    // ON: POST servicerequestupdates requires updated_datetime (ISO 8601 with a zone) and
    // description, takes status only as spelled in kUpdateStatuses, refuses fields it does not
    // know (rating). OFF: either case of status, updated_datetime optional, extra fields kept.
    bool strict_updates = true;
    // ON: an unknown service_code on POST /requests is a 400. OFF: 404 with an Open311 body.
    bool unknown_service_400 = true;
    // ON: GET /requests/{unknown id} is a 500 with a plain-text internal message. OFF: 404.
    bool unknown_id_500 = true;
    // ON (JSON): metadata/required/variable as "true"/"false", lat/long as strings, an error's
    // code as a number. OFF: booleans, numbers, and the code as a string.
    bool loose_types = true;
    // ON: Content-Type application/json or text/xml. OFF: with "; charset=utf-8".
    bool no_charset = true;
    // ON: a 400 lists "Error in input for <API>" first, then every problem found.
    // OFF: one error, the first real problem.
    bool multi_errors = true;
    // ON: two jurisdictions ("ha-noi", "hai-phong"); jurisdiction_id required on every call,
    // GETs too (400 without), and each sees only its own cases. OFF: one, the parameter ignored.
    bool require_jurisdiction = false;
    // Both POSTs: the case or update is committed first, then the answer waits this long (a
    // backend slower than the client's timeout: the effect happens, the answer is lost).
    int post_delay_ms = 0;
    // ON: GET /requests echoes the attributes sent, as "attributes": [{code, value}].
    bool echo_attributes = false;
    // The server's clock (requested_datetime, updated_datetime, the default windows).
    // Empty: the wall clock.
    std::function<UnixMs()> clock;
    // Batch service: GET /tokens/{t} answers [] this many times, then the id for ever.
    // An unknown token: 200 [] for ever.
    int token_after_polls = 2;

    // Three more of its habits:
    // The status of a successful POST (both). The endpoint answers 200; the reference portal 201.
    int success_status = 200;
    // ON: GET /servicerequestupdates lists the updates clients POSTed too, not only officers'.
    bool list_client_updates = true;
    // ON: POST /requests refuses a field or an attribute[...] the service does not declare
    // (the endpoint's schema does; real deployments declare their clients' extras).
    bool strict_requests = false;
};

// The statuses an officer or a strict update may set (upper case).
inline const std::vector<std::string> kUpdateStatuses = {
    "OPEN",      "CLOSED",          "IN_PROGRESS",       "ACTION_SCHEDULED",  "FIXED",
    "DUPLICATE", "NOT_RESPONSIBLE", "NO_FURTHER_ACTION", "INTERNAL_REFERRAL", "INVESTIGATING",
    "REOPEN"};

// What the server holds about one case (a copy, for assertions).
struct StrictCase {
    std::string id, service_code, description, address_string, device_id, first_name, last_name, phone;
    std::string status;                            // fine, upper case: OPEN at first
    std::map<std::string, std::string> attributes; // attribute[c]=v; multi values joined with ","
    std::string requested_datetime;                // ISO 8601, +07:00, whole seconds
    std::optional<double> lat, lon;
    std::string jurisdiction_id; // as sent ("" when absent)
    std::string email, address_id;
    std::string token;           // batch service: the token answered; "" otherwise
    bool revealed = true;        // batch: false until a token poll revealed the id
    std::string idempotency_key; // the header as received ("" when absent)
};

// One servicerequestupdates entry: an officer's (officer_update) or a client's POST.
struct StrictUpdate {
    std::string update_id, service_request_id, status /*upper*/, description, updated_datetime;
    bool from_client = false;
    std::map<std::string, std::string> form; // a client's fields as sent, api_key left out
};

class StrictPortal {
  public:
    // Starts listening on 127.0.0.1:0 before returning; throws std::runtime_error if it cannot.
    explicit StrictPortal(StrictOptions o = {});
    // Stops the server (cutting any post delay short) and joins its thread.
    ~StrictPortal();
    StrictPortal(const StrictPortal&) = delete;
    StrictPortal& operator=(const StrictPortal&) = delete;

    std::string base_url() const; // "http://127.0.0.1:PORT/open311/v2", no trailing slash
    int port() const;
    void set_options(const StrictOptions& o); // takes effect for requests that arrive afterwards
    StrictOptions options() const;

    std::vector<StrictCase> cases() const;     // in creation order, batch cases included
    std::vector<StrictUpdate> updates() const; // in arrival order, officers' and clients'
    // An officer's action: sets the case's fine status and adds an update whose description
    // is the answer, dated `at`. Returns the new update_id; "" when the case is unknown or
    // the status is not in kUpdateStatuses.
    std::string officer_update(const std::string& id, const std::string& status_upper,
                               const std::string& description, UnixMs at);
    int posts_seen() const; // POST /requests received (refused ones too)
    // (method, path + "?" + query, as sent, percent escapes and all) of every request
    // received, in arrival order, whatever the answer.
    std::vector<std::pair<std::string, std::string>> requests_seen() const;

    // POSTs need it (403 otherwise). Set it before the first request; it is read unlocked.
    std::string api_key = "strict-key";

  private:
    struct Impl; // the server and its state (strict_portal.cpp)
    std::unique_ptr<Impl> m_impl;
};

} // namespace wk::test
