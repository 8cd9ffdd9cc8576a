// The store: one SQLite file (WAL, synchronous=FULL) shared by the kiosk process,
// which writes reports, and the agent process, which writes sync state and what it
// pulled. It owns the schema and its migrations, the outbox, the status history,
// the category cache and the agent's health rows. It never talks to the network.
// Every method throws wk::db::Error on a storage failure and leaves no partial write.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "platform/clock.hpp"
#include "sync/contact_box.hpp"
#include "sync/report.hpp"
#include "sync/sqlite.hpp"

namespace wk {

enum class SyncState { queued, token, acknowledged, attention, withdrawn };
const char* sync_state_name(SyncState s);

struct Event {
    UnixMs at = 0;
    std::string kind;    // saved, sent, received, token, status, attention, withdrawn, rated
    std::string status;  // for kind == status
    std::string notes;   // case number, the agency's answer, the error, the withdrawal's reason, the rating's comment
};

struct ReportView {
    int64_t id = 0;
    std::string code;
    std::string service_code;
    std::string description;
    std::string ward;
    std::string address;
    Channel channel = Channel::self_service;
    UnixMs created_at = 0;
    SyncState sync_state = SyncState::queued;
    int attempts = 0;
    std::string service_request_id;  // the portal's case number once acknowledged
    std::string status;              // portal status; empty until acknowledged
    std::string status_notes;
    std::string agency;
    std::string expected_datetime;   // ISO 8601 as the portal sent it
    bool has_contact = false;        // the sealed contact is still held
    std::vector<Event> events;       // oldest first
};

struct OutboxItem {
    int64_t id = 0;
    std::string code;
    Draft draft;                          // contact left empty; see sealed_contact
    std::vector<uint8_t> sealed_contact;  // empty when anonymous or already erased
    UnixMs created_at = 0;
    SyncState state = SyncState::queued;
    int attempts = 0;
    int refusals = 0;  // believed refusals of this report (see TryOutcome::refusal)
    std::string token;
    std::string sent_form;    // the POST form as first sent (no api_key, no contact); "" before
    UnixMs first_sent_at = 0;  // when that first try was made
    bool unanswered = false;  // a try went out and no answer came: look on the portal before posting again
};

// A case's public photo as the agent fetched it: a JPEG thumbnail, at most 320 px a side.
struct PhotoThumb {
    std::string url;
    std::vector<uint8_t> jpeg;
    int width = 0, height = 0;
};

struct StatusUpdate {
    std::string service_request_id;
    std::string status;
    std::string status_notes;
    std::string agency;
    std::string expected_datetime;
    std::string updated_datetime;
};

// One try of a queued report and what came of it, as the agent writes it: the try is
// counted with its outcome, never before the request, so a report read ahead and then
// not sent leaves no trace.
struct TryOutcome {
    enum class Kind { acknowledged, token, retry, attention };
    int64_t id = 0;
    UnixMs at = 0;            // when the try was made
    Kind kind = Kind::retry;
    std::string text;         // acknowledged: the case number; token: the token; else: the error
    UnixMs next_attempt = 0;  // token and retry
    bool refusal = false;     // the portal refused this report itself (counts toward setting it aside)
    std::string form;         // the form this try sent (kept only if it is the first: OutboxItem::sent_form)
    bool unanswered = false;  // the request may have reached the portal, and no answer came
};

struct QueueCounts {
    int64_t queued = 0, token = 0, acknowledged = 0, attention = 0;
    UnixMs oldest_pending_at = 0;  // created_at of the oldest queued/token report; 0 if none
    UnixMs next_attempt_at = 0;    // earliest next attempt (reports and updates); 0 if none
    int64_t updates = 0;           // ratings and withdrawals waiting to be sent (their case number known)
    int64_t updates_attention = 0; // ratings and withdrawals the portal kept refusing: staff's to retry
};

// One cell of the board and statistics: reports of a category, in a status group,
// filed in a month (1..12, Vietnam time).
struct TallyRow {
    std::string service_code;
    std::string status;  // portal status, or "pending" before the portal has it
    int month = 0;
    int64_t count = 0;
};

// One report of the whole province, as the portal publishes it (no personal data).
struct PublicReport {
    std::string service_request_id;
    std::string service_code;
    std::string status;
    UnixMs requested_at = 0;
    UnixMs updated_at = 0;
    UnixMs expected_at = 0;  // 0 when the portal gave no expected date
    std::string ward;        // the configured ward named in the address, or ""
    std::string agency;
    std::string receipt;     // the kiosk receipt code, where the server echoes it; else ""
    std::string description; // the public text's start (kPublicTextChars), for similar reports
    std::string address;     // as the portal publishes it
};
constexpr size_t kPublicTextChars = 240;  // what a similar-report card shows of the text

// A receipt code filed at another kiosk, asked of the portal through the agent
// (store_lookup.cpp): the kiosk writes the question, the agent the answer.
struct RemoteLookup {
    enum class State { asked, found, not_found, contested, unreachable };
    std::string code;
    State state = State::asked;
    UnixMs asked_at = 0, answered_at = 0;
    std::optional<ReportView> report;  // found: the portal's public report, its updates as events
};

// year * 100 + month when `t` is the first instant of a month in Vietnam (UTC+7): the
// kept tallies (store_tallies.cpp) answer from there; nullopt otherwise.
std::optional<int64_t> month_start_ym(UnixMs t);

// One cell of the province-wide board and statistics (see public_tally_since).
struct PublicTallyRow {
    std::string service_code;
    std::string status;
    int month = 0;          // 1..12, Vietnam time, of requested_at
    int64_t count = 0;
    int64_t on_time = 0;    // of those, final by their expected date (or with none given)
};

// A receipt filed at this kiosk whose paper is not known to have come out: the last
// print failed, or none finished (store_prints.cpp).
struct UnprintedReceipt {
    std::string code;
    std::string service_code;
    UnixMs created_at = 0;
    UnixMs tried_at = 0;     // the last print's end; 0 when none finished
    std::string problem;     // paper_out, missing, error, busy; "" when none finished
};

// One staff action, as the audit log keeps it (store_staff.cpp).
struct AuditRow {
    UnixMs at = 0;
    std::string staff_id;
    std::string action;       // staff_in, staff_out, pin_locked, assisted_submit, withdraw, retry, reprint, sync_now
    std::string report_code;  // "" when the action is not about one report
    std::string detail;       // the reason of a withdrawal, the portal's message; never contact data
};

// What the agent sends besides reports: a citizen's rating of the agency's answer,
// or the withdrawal of an acknowledged report. Sent as POST /servicerequestupdates,
// once (the update_id is fixed when queued), like reports: offline first.
struct OutgoingUpdate {
    int64_t id = 0;
    std::string update_id;           // "WK-<receipt code>-R<n>" / "-W<n>": the portal de-duplicates on it
    std::string service_request_id;
    std::string kind;                // "rating" or "withdrawal"
    std::string status;              // the status to send (the current one for a rating, "closed" to withdraw)
    std::string description;         // the rating's comment or the withdrawal's reason
    std::string rating;              // "satisfied" / "not_satisfied" for a rating
    int attempts = 0;
    int refusals = 0;                // believed refusals (a 4xx after a success), as for reports
};

struct SubmitResult {
    int64_t id = 0;
    std::string code;
};

class Store {
  public:
    // Opens or creates the file and brings the schema up to date.
    static Store open(const std::string& path, int busy_timeout_ms = 5000);

    // --- kiosk side
    // Assigns the next receipt code of `kiosk_id` and stores the report with its sealed
    // contact, all in one transaction that is on disk when this returns.
    SubmitResult submit(const Draft& draft, int kiosk_id, const ContactBox& box, UnixMs now);
    std::optional<ReportView> find(const std::string& code);
    std::vector<ReportView> recent(size_t limit);  // newest first, without events
    // Reports filed at this kiosk since `from` (but those withdrawn before they were sent); with
    // `only_unpulled`, only those the public pull does not hold yet, so that the board
    // adds them to the province's figures with no gap and no double count.
    std::vector<TallyRow> tally_since(UnixMs from, bool only_unpulled = false);

    // --- agent side: outbox
    // Queued or token, due, oldest first; with `after_id`, only reports after that one.
    std::optional<OutboxItem> next_due(UnixMs now, int64_t after_id = 0);
    void record_attempt(int64_t id, UnixMs now);  // counts a try on its own ("sent" on the first)
    // Why a report cannot go out as it is (e.g. its contact will not open); "" if it can.
    using SendCheck = std::function<std::string(const OutboxItem&)>;
    // next_due, past the reports `check` refuses: each is set aside (attention) there
    // and then, with no try counted and no "sent" event, and counted in `set_aside`.
    // Writes nothing else, so the agent reads the next report while a request is out.
    std::optional<OutboxItem> next_to_send(UnixMs now, int64_t after_id, const SendCheck& check, int* set_aside);
    // Still queued (or waiting on a token) and not withdrawn: checked again just before
    // a report read ahead goes out.
    bool still_to_send(int64_t id);
    // A try and its outcome in one transaction: the try counted ("sent" on the first),
    // then the acknowledgement (contact erased), the token, the retry or the set-aside.
    void finish_try(const TryOutcome& o);
    void acknowledge(int64_t id, const std::string& service_request_id, UnixMs now);  // erases contact
    void keep_token(int64_t id, const std::string& token, UnixMs next_attempt, UnixMs now);
    void retry_later(int64_t id, const std::string& error, UnixMs next_attempt);
    void needs_attention(int64_t id, const std::string& error, UnixMs now);
    void due_now(UnixMs now);  // every queued or token report is due at `now` ("sync now")
    QueueCounts counts();

    // --- agent side: pulls
    std::vector<std::string> open_case_ids(size_t limit);  // acknowledged, status not final
    bool apply_status(const StatusUpdate& u, UnixMs now);  // true when something changed
    void replace_categories(const std::vector<Category>& cats, UnixMs now);
    std::vector<Category> categories();

    // --- agent side: the province's public reports and the updates already applied
    // (store_public.cpp). Upserts in one transaction; returns how many rows changed.
    int upsert_public(const std::vector<PublicReport>& rows);
    // Applies a status update to a public report, if it is held; true when it changed.
    bool apply_public_status(const std::string& service_request_id, const std::string& status, UnixMs updated_at);
    // Records update_id as applied; false when it was already recorded (de-duplication
    // of overlapping servicerequestupdates windows). Rows older than `forget_before` go.
    bool mark_update_seen(const std::string& update_id, UnixMs now);
    void forget_updates_before(UnixMs t);
    bool has_case(const std::string& service_request_id);  // one of this kiosk's reports
    std::vector<PublicTallyRow> public_tally_since(UnixMs from, const std::string& ward);  // ward "": all
    int64_t public_count();

    // --- lookups of codes filed elsewhere (store_lookup.cpp). The kiosk asks; the agent,
    // woken by the write, answers within a pass; answers older than a day are forgotten.
    void ask_remote(const std::string& code, UnixMs now);
    std::optional<RemoteLookup> remote_lookup(const std::string& code);
    std::vector<std::string> remote_questions();  // codes still asked, oldest first
    // `report_json`: the reference portal's GET /wardkiosk/v1/receipts answer (found only).
    void answer_remote(const std::string& code, RemoteLookup::State state, const std::string& report_json,
                       UnixMs now);
    // The public report the pull cached for a receipt code (servers that echo it), as the
    // same JSON shape; "" when none.
    std::string public_by_receipt(const std::string& code);
    // Reports of the province not yet final, of this category and ward, newest first:
    // "is it one of these?" before a citizen files (offline too: from the public pull).
    std::vector<PublicReport> similar_open(const std::string& service_code, const std::string& ward, int limit);

    // --- photos of this kiosk's cases (store_photos.cpp, issue 16). The agent notes each
    // case's public media_url (want_photo) and stores its thumbnail; the kiosk asks for a
    // fresh look when a citizen looks the case up (ask_photos) and reads the thumbnails.
    void want_photo(const std::string& service_request_id, const std::string& url);
    void ask_photos(const std::string& code, UnixMs now);
    std::vector<std::pair<std::string, std::string>> photo_questions();  // (code, service_request_id)
    void photo_question_answered(const std::string& code);
    std::vector<std::pair<std::string, std::string>> photos_wanted(UnixMs now, size_t limit);  // (code, url)
    void photo_fetched(const std::string& code, const std::string& url, const std::vector<uint8_t>& thumb, int width,
                       int height);
    void photo_failed(const std::string& code, const std::string& url, UnixMs retry_at);
    std::vector<PhotoThumb> photos(const std::string& code);  // fetched ones, at most 5

    // --- the paper (store_prints.cpp): what came of each receipt's printing here
    void record_print(const std::string& code, bool ok, const std::string& problem, UnixMs now);
    // Filed here since `from`, not withdrawn, and not printed; newest first.
    std::vector<UnprintedReceipt> unprinted_since(UnixMs from, size_t limit);

    // --- staff (store_staff.cpp; issue 6). Every call that changes a report also
    // writes its audit row in the same transaction.
    void audit(const AuditRow& row);
    std::vector<AuditRow> audit_log(size_t limit);  // newest first
    // Withdraws a report at the citizen's request: a queued one is never sent (state
    // "withdrawn"); an acknowledged one also queues a "closed" update for the portal.
    // Shown on lookup as withdrawn, with the reason. False when the code is unknown.
    bool withdraw(const std::string& code, const std::string& reason, const std::string& staff_id, UnixMs now);
    // attention -> queued, due now; also sends again its rating or withdrawal held for staff
    bool retry_report(const std::string& code, const std::string& staff_id, UnixMs now);
    // Set aside, or with a rating/withdrawal held for staff; the reason in status_notes
    std::vector<ReportView> attention_reports(size_t limit);
    // Queues the citizen's rating of the answer to an acknowledged report (one per
    // report: a second rating replaces a queued, unsent one). False when not possible.
    bool queue_rating(const std::string& code, bool satisfied, const std::string& comment, UnixMs now);
    std::optional<OutgoingUpdate> next_update_due(UnixMs now);
    void update_sent(int64_t id, UnixMs now);
    // Whether this kiosk sent an update with exactly this (non-empty) text for the case.
    bool sent_update_text(const std::string& service_request_id, const std::string& description);
    void update_retry_later(int64_t id, const std::string& error, UnixMs next_attempt, bool refusal = false);
    // Refused too often: held for staff (listed with its report in attention_reports,
    // sent again by retry_report), with an "attention" event carrying the server's reasons.
    void update_needs_attention(int64_t id, const std::string& error, UnixMs now);

    // --- durability. The kiosk's connection fsyncs every commit (a citizen's report is
    // on disk before the receipt shows). The agent's may not: everything it writes can
    // be learnt again from the portal (an acknowledgement lost to a power cut means one
    // idempotent re-send, answered with the same case number), so it commits without
    // fsync (WAL, synchronous=NORMAL: safe against crashes of the process) and flushes
    // once a pass. A kiosk commit fsyncs the agent's earlier frames too.
    void write_without_fsync();
    void flush_to_disk();  // fsyncs the WAL and checkpoints what no reader holds

    // --- small key/value rows: the agent's health, the kiosk's last-seen sync time
    void set_value(const std::string& key, const std::string& value);
    std::optional<std::string> value(const std::string& key);
    // The portal's clock minus this PC's, as the agent last learnt it (platform/clock.hpp:
    // applied_clock_offset); none until the agent has heard a Date from the portal.
    std::optional<UnixMs> clock_offset();
    void set_clock_offset(UnixMs offset);

    int64_t data_version() { return m_db.data_version(); }  // changes when the other process commits
    db::Db& db() { return m_db; }

  private:
    explicit Store(db::Db db) : m_db(std::move(db)) {}
    void add_event(int64_t id, UnixMs at, const char* kind, const std::string& status, const std::string& notes);
    // The bodies of record_attempt, needs_attention, acknowledge and keep_token, inside
    // the caller's transaction.
    void count_attempt(int64_t id, UnixMs now);
    void set_aside_row(int64_t id, const std::string& error, UnixMs now);
    void acknowledge_row(int64_t id, const std::string& service_request_id, UnixMs now);
    void token_row(int64_t id, const std::string& token, UnixMs next_attempt, UnixMs now);
    db::Db m_db;
};

// The ten default categories (the province's fields), read from assets/categories.json.
std::vector<Category> load_categories_file(const std::string& path, std::string& error);
// What the kiosk offers: the categories last pulled from the portal, or the defaults
// file when nothing was pulled yet (first start with no network). A pulled category
// with no English name takes the file's, by code (the file is the translations table).
std::vector<Category> offered_categories(Store& store, const std::string& defaults_file);

}  // namespace wk
