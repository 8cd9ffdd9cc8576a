// Store implementation. [SECTION] schema, open, kiosk side, outbox, pulls, values.
#include "sync/store.hpp"

#include <algorithm>

#include <cstdlib>
#include <ctime>

#include <nlohmann/json.hpp>

#include "platform/files.hpp"
#include "sync/receipt_code.hpp"

namespace wk {

std::string_view staff_schema_v3();  // store_staff.cpp: the audit log, withdrawals, the updates outbox
std::string_view prints_schema_v7();
std::string_view photos_schema_v11();  // store_photos.cpp: the public photos of this kiosk's cases  // store_prints.cpp: what came of each receipt's printing
std::string_view tallies_schema_v8();  // store_tallies.cpp: counts kept for the board and statistics
std::string_view tallies_schema_v9();  // the same, cells moved only when they change
std::string_view tallies_schema_v10();  // an upload's acknowledgement leaves the tally as it is

// [SECTION] schema: one entry a version; never edit a released entry, append a new one.
static const std::vector<std::string_view> kMigrations = {
    R"sql(
CREATE TABLE reports (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  service_code TEXT NOT NULL,
  description TEXT NOT NULL,
  ward TEXT NOT NULL,
  address TEXT NOT NULL DEFAULT '',
  contact BLOB,                          -- sealed by ContactBox; NULL when anonymous or erased
  channel TEXT NOT NULL CHECK (channel IN ('self', 'assisted')),
  staff_id TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  sync_state TEXT NOT NULL DEFAULT 'queued'
    CHECK (sync_state IN ('queued', 'token', 'acknowledged', 'attention')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  token TEXT NOT NULL DEFAULT '',
  service_request_id TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT '',
  status_notes TEXT NOT NULL DEFAULT '',
  agency TEXT NOT NULL DEFAULT '',
  expected_datetime TEXT NOT NULL DEFAULT '',
  status_updated TEXT NOT NULL DEFAULT ''
);
CREATE INDEX reports_due ON reports (sync_state, next_attempt_at, id)
  WHERE sync_state IN ('queued', 'token');
CREATE INDEX reports_case ON reports (service_request_id) WHERE service_request_id <> '';
CREATE TABLE report_events (
  id INTEGER PRIMARY KEY,
  report_id INTEGER NOT NULL REFERENCES reports (id),
  at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT '',
  notes TEXT NOT NULL DEFAULT ''
);
CREATE INDEX report_events_report ON report_events (report_id, id);
CREATE TABLE kiosk_sequence (kiosk_id INTEGER PRIMARY KEY, last INTEGER NOT NULL);
CREATE TABLE categories (
  code TEXT PRIMARY KEY,
  name_vi TEXT NOT NULL,
  name_en TEXT NOT NULL,
  grp TEXT NOT NULL DEFAULT '',
  sort INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL
);
CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
)sql",
    R"sql(
ALTER TABLE reports ADD COLUMN attributes TEXT NOT NULL DEFAULT '{}';  -- JSON object code -> answer
ALTER TABLE categories ADD COLUMN attributes TEXT NOT NULL DEFAULT '[]';  -- JSON of the service definition
CREATE TABLE public_reports (              -- the province's reports, pulled for the board and statistics
  service_request_id TEXT PRIMARY KEY,
  service_code TEXT NOT NULL,
  status TEXT NOT NULL,
  requested_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL DEFAULT 0,
  expected_at INTEGER NOT NULL DEFAULT 0,
  ward TEXT NOT NULL DEFAULT '',            -- one of the configured wards found in the address, or ''
  agency TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX public_reports_time ON public_reports (requested_at);
CREATE TABLE seen_updates (update_id TEXT PRIMARY KEY, seen_at INTEGER NOT NULL) WITHOUT ROWID;
)sql",
    staff_schema_v3(),
    // The outbox in id order: next_due asks for the oldest due report, and through
    // reports_due that meant sorting every queued one on each call (a 10,000-report
    // backlog drained at 220 a second).
    R"sql(
CREATE INDEX reports_outbox ON reports (id) WHERE sync_state IN ('queued', 'token') AND withdrawn_at = 0;
)sql",
    // Refusals (400, a 404 naming an Open311 error) the agent believed were about this
    // report, the portal otherwise answering: what sets a report aside, not every try.
    R"sql(
ALTER TABLE reports ADD COLUMN refusals INTEGER NOT NULL DEFAULT 0;
)sql",
    // Exactly once without the server's help (version 6). The POST /requests form as
    // first sent (without the api_key and the contact), resent exactly so: a config
    // changed meanwhile does not make the retry another report. `unanswered`: a try
    // went out and no answer came back, so before posting again the agent looks for
    // the report on the portal (many servers ignore Idempotency-Key). Updates too are
    // set aside for staff after repeated refusals. Public reports keep their receipt,
    // and the start of their text for similar reports.
    R"sql(
ALTER TABLE reports ADD COLUMN sent_form TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN first_sent_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE reports ADD COLUMN unanswered INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outgoing_updates ADD COLUMN refusals INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outgoing_updates ADD COLUMN attention INTEGER NOT NULL DEFAULT 0;
ALTER TABLE public_reports ADD COLUMN receipt TEXT NOT NULL DEFAULT '';  -- where the server echoes it
CREATE INDEX public_reports_receipt ON public_reports (receipt) WHERE receipt <> '';
-- "Is it one of these?" before filing (Store::similar_open): the start of the public
-- text and the address the portal publishes, by category and ward, newest first.
ALTER TABLE public_reports ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE public_reports ADD COLUMN address TEXT NOT NULL DEFAULT '';
CREATE INDEX public_reports_similar ON public_reports (service_code, ward, requested_at);
CREATE TABLE remote_lookups (              -- a code filed elsewhere, asked of the portal (store_lookup.cpp)
  code TEXT PRIMARY KEY,
  asked_at INTEGER NOT NULL,
  state TEXT NOT NULL DEFAULT 'asked'
    CHECK (state IN ('asked', 'found', 'not_found', 'contested', 'unreachable')),
  answered_at INTEGER NOT NULL DEFAULT 0,
  report TEXT NOT NULL DEFAULT ''          -- the public report as JSON (never contact data)
) WITHOUT ROWID;
)sql",
    prints_schema_v7(),
    tallies_schema_v8(),
    tallies_schema_v9(),
    tallies_schema_v10(),
    photos_schema_v11(),
};

const char* sync_state_name(SyncState s) {
    switch (s) {
    case SyncState::queued: return "queued";
    case SyncState::token: return "token";
    case SyncState::acknowledged: return "acknowledged";
    case SyncState::attention: return "attention";
    case SyncState::withdrawn: return "withdrawn";
    }
    return "queued";
}

static SyncState parse_state(const std::string& s) {
    if (s == "token") return SyncState::token;
    if (s == "acknowledged") return SyncState::acknowledged;
    if (s == "attention") return SyncState::attention;
    return SyncState::queued;
}

// [SECTION] open
Store Store::open(const std::string& path, int busy_timeout_ms) {
    db::Db d(path, busy_timeout_ms);
    d.exec("PRAGMA journal_mode = WAL");
    d.exec("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON");
    db::migrate(d, kMigrations);
    return Store(std::move(d));
}

void Store::add_event(int64_t id, UnixMs at, const char* kind, const std::string& status, const std::string& notes) {
    m_db.cached("INSERT INTO report_events (report_id, at, kind, status, notes) VALUES (?, ?, ?, ?, ?)")
        .bind(1, id).bind(2, at).bind(3, kind).bind(4, status).bind(5, notes).run();
}

// [SECTION] kiosk side
SubmitResult Store::submit(const Draft& d, int kiosk_id, const ContactBox& box, UnixMs now) {
    if (kiosk_id < 1 || kiosk_id > receipt::kMaxKiosk)
        throw db::Error(db::ErrorKind::other, 0, "kiosk id " + std::to_string(kiosk_id) + " is outside 1..32767");
    db::Transaction t(m_db);
    // Past the clock's floor as well as the last code: a new store (reinstall, new disk,
    // an old backup) never gives out again a code its kiosk gave before (receipt_code.hpp).
    auto seq = m_db.cached(
        "INSERT INTO kiosk_sequence (kiosk_id, last) VALUES (?1, max(1, ?2)) "
        "ON CONFLICT (kiosk_id) DO UPDATE SET last = max(last + 1, ?2) RETURNING last");
    seq.bind(1, kiosk_id).bind(2, static_cast<int64_t>(receipt::sequence_floor(now)));
    seq.step();
    int64_t n = seq.int_at(0);
    seq.reset();
    if (n > static_cast<int64_t>(receipt::kMaxSequence))
        throw db::Error(db::ErrorKind::other, 0, "this kiosk has used every receipt code");
    SubmitResult r;
    r.code = receipt::make(kiosk_id, static_cast<uint32_t>(n));
    auto ins = m_db.cached(
        "INSERT INTO reports (code, service_code, description, ward, address, contact, channel, staff_id, "
        "created_at, next_attempt_at, attributes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)");
    ins.bind(1, r.code).bind(2, d.service_code).bind(3, d.description).bind(4, d.ward).bind(5, d.address);
    if (d.contact.empty()) ins.bind_null(6);
    else ins.bind_blob(6, box.seal(d.contact));
    // Due at once (0), whatever the agent's clock says: the two processes' clocks may differ.
    ins.bind(7, channel_name(d.channel)).bind(8, d.staff_id).bind(9, now).bind(10, nlohmann::json(d.attributes).dump());
    ins.run();
    r.id = m_db.last_insert_id();
    add_event(r.id, now, "saved", "", "");
    t.commit();
    return r;
}

static const char* kViewColumns =
    "id, code, service_code, description, ward, address, channel, created_at, sync_state, attempts, "
    "service_request_id, status, status_notes, agency, expected_datetime, contact IS NOT NULL, withdrawn_at";

static ReportView read_view(const db::Stmt& s) {
    ReportView v;
    v.id = s.int_at(0);
    v.code = s.text_at(1);
    v.service_code = s.text_at(2);
    v.description = s.text_at(3);
    v.ward = s.text_at(4);
    v.address = s.text_at(5);
    v.channel = s.text_at(6) == "assisted" ? Channel::staff_assisted : Channel::self_service;
    v.created_at = s.int_at(7);
    v.sync_state = parse_state(s.text_at(8));
    v.attempts = static_cast<int>(s.int_at(9));
    v.service_request_id = s.text_at(10);
    v.status = s.text_at(11);
    v.status_notes = s.text_at(12);
    v.agency = s.text_at(13);
    v.expected_datetime = s.text_at(14);
    v.has_contact = s.int_at(15) != 0;
    if (s.int_at(16) != 0) v.sync_state = SyncState::withdrawn;  // whatever the agent did meanwhile
    return v;
}

std::optional<ReportView> Store::find(const std::string& code) {
    static const std::string sql = std::string("SELECT ") + kViewColumns + " FROM reports WHERE code = ?";
    auto s = m_db.cached(sql);
    s.bind(1, code);
    if (!s.step()) return std::nullopt;
    ReportView v = read_view(s);
    auto e = m_db.cached("SELECT at, kind, status, notes FROM report_events WHERE report_id = ? ORDER BY id");
    e.bind(1, v.id);
    while (e.step()) v.events.push_back({e.int_at(0), e.text_at(1), e.text_at(2), e.text_at(3)});
    return v;
}

std::vector<ReportView> Store::recent(size_t limit) {
    static const std::string sql = std::string("SELECT ") + kViewColumns + " FROM reports ORDER BY id DESC LIMIT ?";
    auto s = m_db.cached(sql);
    s.bind(1, static_cast<int64_t>(limit));
    std::vector<ReportView> out;
    while (s.step()) out.push_back(read_view(s));
    return out;
}

// From the kept tally when `from` starts a month in Vietnam (the statistics ask from
// 1 January), the reports still waiting to be sent told apart live, else counted from
// the reports; only_unpulled: those whose case is not among the pulled public reports
// (reports.in_public = 0).
std::vector<TallyRow> Store::tally_since(UnixMs from, bool only_unpulled) {
    std::vector<TallyRow> out;
    if (auto ym = month_start_ym(from)) {
        // The tally counts a report waiting to be sent as open: the few waiting ones
        // (reports_pending) move from "open" to "pending" here.
        static const std::string waiting =
            "SELECT service_code, CAST(strftime('%m', created_at / 1000, 'unixepoch', '+7 hours') AS INTEGER) AS m "
            "FROM reports WHERE status = '' AND created_at >= ?3 AND (withdrawn_at = 0 OR service_request_id != '') "
            "AND (?2 = 0 OR in_public = 0)";
        static const std::string sql =
            "SELECT service_code, status, m, sum(n) FROM ("
            "SELECT service_code, status, ym % 100 AS m, count AS n FROM report_tally WHERE ym >= ?1 "
            "AND (?2 = 0 OR pulled = 0) "
            "UNION ALL SELECT service_code, 'open', m, -1 FROM (" + waiting + ") "
            "UNION ALL SELECT service_code, 'pending', m, 1 FROM (" + waiting + ")"
            ") GROUP BY 1, 2, 3 HAVING sum(n) > 0";
        auto s = m_db.cached(sql);
        s.bind(1, *ym).bind(2, static_cast<int64_t>(only_unpulled ? 1 : 0)).bind(3, from);
        while (s.step()) out.push_back({s.text_at(0), s.text_at(1), static_cast<int>(s.int_at(2)), s.int_at(3)});
        return out;
    }
    auto s = m_db.cached(
        "SELECT service_code, CASE WHEN status = '' THEN 'pending' ELSE status END, "
        "CAST(strftime('%m', created_at / 1000, 'unixepoch', '+7 hours') AS INTEGER), count(*) "
        "FROM reports WHERE created_at >= ?1 AND (withdrawn_at = 0 OR service_request_id != '') "
        "AND (?2 = 0 OR in_public = 0) GROUP BY 1, 2, 3");
    s.bind(1, from).bind(2, static_cast<int64_t>(only_unpulled ? 1 : 0));
    while (s.step()) out.push_back({s.text_at(0), s.text_at(1), static_cast<int>(s.int_at(2)), s.int_at(3)});
    return out;
}

std::optional<int64_t> month_start_ym(UnixMs t) {
    std::time_t local = static_cast<std::time_t>((t + 7 * 3600 * 1000LL) / 1000);
    if ((t + 7 * 3600 * 1000LL) % 1000 != 0) return std::nullopt;
    std::tm tm{};
    gmtime_r(&local, &tm);
    if (tm.tm_mday != 1 || tm.tm_hour != 0 || tm.tm_min != 0 || tm.tm_sec != 0) return std::nullopt;
    return static_cast<int64_t>(tm.tm_year + 1900) * 100 + tm.tm_mon + 1;
}

// [SECTION] outbox
std::optional<OutboxItem> Store::next_due(UnixMs now, int64_t after_id) {
    auto s = m_db.cached(
        "SELECT id, code, service_code, description, ward, address, contact, channel, staff_id, created_at, "
        "sync_state, attempts, token, attributes, refusals, sent_form, first_sent_at, unanswered "
        "FROM reports INDEXED BY reports_outbox "
        "WHERE sync_state IN ('queued', 'token') AND next_attempt_at <= ? AND withdrawn_at = 0 AND id > ? "
        "ORDER BY id LIMIT 1");
    s.bind(1, now).bind(2, after_id);
    if (!s.step()) return std::nullopt;
    OutboxItem o;
    o.id = s.int_at(0);
    o.code = s.text_at(1);
    o.draft.service_code = s.text_at(2);
    o.draft.description = s.text_at(3);
    o.draft.ward = s.text_at(4);
    o.draft.address = s.text_at(5);
    o.sealed_contact = s.blob_at(6);
    o.draft.channel = s.text_at(7) == "assisted" ? Channel::staff_assisted : Channel::self_service;
    o.draft.staff_id = s.text_at(8);
    o.created_at = s.int_at(9);
    o.state = parse_state(s.text_at(10));
    o.attempts = static_cast<int>(s.int_at(11));
    o.refusals = static_cast<int>(s.int_at(14));
    o.token = s.text_at(12);
    o.sent_form = s.text_at(15);
    o.first_sent_at = s.int_at(16);
    o.unanswered = s.int_at(17) != 0;
    auto attrs = nlohmann::json::parse(s.text_at(13), nullptr, false);
    if (attrs.is_object())
        for (const auto& [k, v] : attrs.items())
            if (v.is_string()) o.draft.attributes[k] = v.get<std::string>();
    return o;
}

void Store::record_attempt(int64_t id, UnixMs now) {
    db::Transaction t(m_db);
    count_attempt(id, now);
    t.commit();
}

void Store::count_attempt(int64_t id, UnixMs now) {
    auto s = m_db.cached("UPDATE reports SET attempts = attempts + 1 WHERE id = ? RETURNING attempts");
    s.bind(1, id);
    bool first = s.step() && s.int_at(0) == 1;
    s.reset();
    if (first) add_event(id, now, "sent", "", "");
}

std::optional<OutboxItem> Store::next_to_send(UnixMs now, int64_t after_id, const SendCheck& check, int* set_aside) {
    std::optional<OutboxItem> item;
    while ((item = next_due(now, after_id))) {
        std::string why = check ? check(*item) : "";
        if (why.empty()) break;
        needs_attention(item->id, why, now);  // never tried: no try counted, no "sent" event
        if (set_aside) ++*set_aside;
    }
    return item;
}

bool Store::still_to_send(int64_t id) {
    auto s = m_db.cached("SELECT 1 FROM reports WHERE id = ? AND sync_state IN ('queued', 'token') AND withdrawn_at = 0");
    s.bind(1, id);
    return s.step();
}

void Store::finish_try(const TryOutcome& o) {
    db::Transaction t(m_db);
    count_attempt(o.id, o.at);
    if (o.refusal) m_db.cached("UPDATE reports SET refusals = refusals + 1 WHERE id = ?").bind(1, o.id).run();
    if (!o.form.empty())  // the first try's form, kept for every later one
        m_db.cached("UPDATE reports SET sent_form = ?, first_sent_at = ? WHERE id = ? AND sent_form = ''")
            .bind(1, o.form).bind(2, o.at).bind(3, o.id).run();
    if (o.unanswered) m_db.cached("UPDATE reports SET unanswered = 1 WHERE id = ?").bind(1, o.id).run();
    switch (o.kind) {
    case TryOutcome::Kind::acknowledged: acknowledge_row(o.id, o.text, o.at); break;
    case TryOutcome::Kind::token: token_row(o.id, o.text, o.next_attempt, o.at); break;
    case TryOutcome::Kind::retry: retry_later(o.id, o.text, o.next_attempt); break;
    case TryOutcome::Kind::attention: set_aside_row(o.id, o.text, o.at); break;
    }
    t.commit();
}

void Store::acknowledge(int64_t id, const std::string& service_request_id, UnixMs now) {
    db::Transaction t(m_db);
    acknowledge_row(id, service_request_id, now);
    t.commit();
}

void Store::acknowledge_row(int64_t id, const std::string& service_request_id, UnixMs now) {
    m_db.cached(
            "UPDATE reports SET sync_state = 'acknowledged', service_request_id = ?, contact = NULL, "
            "token = '', last_error = '', unanswered = 0, status = CASE WHEN status = '' THEN 'open' ELSE status END WHERE id = ?")
        .bind(1, service_request_id).bind(2, id).run();
    add_event(id, now, "received", "", service_request_id);
}

void Store::keep_token(int64_t id, const std::string& token, UnixMs next_attempt, UnixMs now) {
    db::Transaction t(m_db);
    token_row(id, token, next_attempt, now);
    t.commit();
}

void Store::token_row(int64_t id, const std::string& token, UnixMs next_attempt, UnixMs now) {
    m_db.cached("UPDATE reports SET sync_state = 'token', token = ?, next_attempt_at = ? WHERE id = ?")
        .bind(1, token).bind(2, next_attempt).bind(3, id).run();
    add_event(id, now, "token", "", token);
}

void Store::retry_later(int64_t id, const std::string& error, UnixMs next_attempt) {
    m_db.cached("UPDATE reports SET last_error = ?, next_attempt_at = ? WHERE id = ?")
        .bind(1, error).bind(2, next_attempt).bind(3, id).run();
}

void Store::needs_attention(int64_t id, const std::string& error, UnixMs now) {
    db::Transaction t(m_db);
    set_aside_row(id, error, now);
    t.commit();
}

void Store::set_aside_row(int64_t id, const std::string& error, UnixMs now) {
    m_db.cached("UPDATE reports SET sync_state = 'attention', last_error = ? WHERE id = ?").bind(1, error).bind(2, id).run();
    add_event(id, now, "attention", "", error);
}

void Store::due_now(UnixMs now) {
    m_db.cached("UPDATE reports SET next_attempt_at = ? WHERE sync_state IN ('queued', 'token') AND next_attempt_at > ? "
                 "AND withdrawn_at = 0")
        .bind(1, now).bind(2, now).run();
}

QueueCounts Store::counts() {
    QueueCounts c;
    auto s = m_db.cached("SELECT sync_state, count(*) FROM reports WHERE withdrawn_at = 0 GROUP BY sync_state");
    while (s.step()) {
        auto st = parse_state(s.text_at(0));
        int64_t n = s.int_at(1);
        if (st == SyncState::queued) c.queued = n;
        else if (st == SyncState::token) c.token = n;
        else if (st == SyncState::acknowledged) c.acknowledged = n;
        else c.attention = n;
    }
    auto o = m_db.cached(
        "SELECT min(created_at), min(next_attempt_at) FROM reports WHERE sync_state IN ('queued', 'token') "
        "AND withdrawn_at = 0");
    if (o.step() && !o.is_null(0)) {
        c.oldest_pending_at = o.int_at(0);
        c.next_attempt_at = o.int_at(1);
    }
    o.reset();
    auto u = m_db.cached("SELECT count(*) FILTER (WHERE o.attention = 0), min(o.next_attempt_at) FILTER (WHERE "
                          "o.attention = 0), count(*) FILTER (WHERE o.attention = 1) FROM outgoing_updates o "
                          "JOIN reports r ON r.id = o.report_id WHERE o.state = 'queued' AND r.service_request_id <> ''");
    if (u.step()) c.updates = u.int_at(0), c.updates_attention = u.int_at(2);
    if (c.updates > 0 && (c.next_attempt_at == 0 || u.int_at(1) < c.next_attempt_at)) c.next_attempt_at = u.int_at(1);
    return c;
}

// [SECTION] pulls
std::vector<std::string> Store::open_case_ids(size_t limit) {
    static const std::string sql =
        "SELECT service_request_id FROM reports WHERE sync_state = 'acknowledged' AND withdrawn_at = 0 AND status NOT IN " +
        final_statuses_sql() + " ORDER BY id LIMIT ?";
    auto s = m_db.cached(sql);
    s.bind(1, static_cast<int64_t>(limit));
    std::vector<std::string> out;
    while (s.step()) out.push_back(s.text_at(0));
    return out;
}

// What a pull says of a case, merged into what is held: an empty field keeps the held
// one (a server without status_notes in GET /requests must not erase the answer an
// update gave), a coarse status keeps the finer one (merged_status), and an answer
// older than the held one changes nothing. Each change is one event of the timeline.
bool Store::apply_status(const StatusUpdate& u, UnixMs now) {
    db::Transaction t(m_db);
    auto s = m_db.cached(
        "SELECT id, status, status_notes, agency, expected_datetime, status_updated FROM reports "
        "WHERE service_request_id = ? AND service_request_id <> ''");  // '' = not yet acknowledged
    s.bind(1, u.service_request_id);
    if (!s.step()) return false;
    int64_t id = s.int_at(0);
    auto keep = [](const std::string& held, const std::string& in) { return in.empty() ? held : in; };
    const std::string held_status = s.text_at(1), held_updated = s.text_at(5);
    auto held_at = open311::parse_iso8601(held_updated), in_at = open311::parse_iso8601(u.updated_datetime);
    if (held_at && in_at && *in_at < *held_at) return false;  // an older answer than the one held
    std::string status = merged_status(held_status, normalized_status(u.status));
    const std::string held_notes = s.text_at(2);
    std::string notes = keep(held_notes, u.status_notes), agency = keep(s.text_at(3), u.agency);
    std::string expected = keep(s.text_at(4), u.expected_datetime);
    bool changed = held_status != status || s.text_at(2) != notes || s.text_at(3) != agency ||
                   s.text_at(4) != expected;
    s.reset();
    if (!changed) return false;
    m_db.cached(
            "UPDATE reports SET status = ?, status_notes = ?, agency = ?, expected_datetime = ?, status_updated = ? "
            "WHERE id = ?")
        .bind(1, status).bind(2, notes).bind(3, agency).bind(4, expected)
        .bind(5, u.updated_datetime.empty() ? held_updated : u.updated_datetime).bind(6, id).run();
    if (status != held_status || notes != held_notes)  // the timeline: status and answers only
        add_event(id, now, "status", status, u.status_notes);
    t.commit();
    return true;
}

void Store::replace_categories(const std::vector<Category>& cats, UnixMs now) {
    db::Transaction t(m_db);
    m_db.exec("DELETE FROM categories");
    auto s = m_db.cached(
        "INSERT INTO categories (code, name_vi, name_en, grp, sort, updated_at, attributes) VALUES (?,?,?,?,?,?,?)");
    for (const Category& c : cats) {
        s.bind(1, c.code).bind(2, c.name_vi).bind(3, c.name_en).bind(4, c.group).bind(5, c.sort).bind(6, now);
        s.bind(7, open311::service_definition_json({c.code, c.attributes})).run();
        s.reset();
    }
    t.commit();
}

std::vector<Category> Store::categories() {
    auto s = m_db.cached("SELECT code, name_vi, name_en, grp, sort, attributes FROM categories ORDER BY sort, code");
    std::vector<Category> out;
    while (s.step()) {
        out.push_back({s.text_at(0), s.text_at(1), s.text_at(2), s.text_at(3), static_cast<int>(s.int_at(4))});
        std::string why;
        if (auto d = open311::parse_service_definition(s.text_at(5), why)) out.back().attributes = std::move(d->attributes);
    }
    return out;
}

// [SECTION] durability of the agent's writes
void Store::write_without_fsync() { m_db.exec("PRAGMA synchronous = NORMAL"); }
void Store::flush_to_disk() { m_db.exec("PRAGMA wal_checkpoint(PASSIVE)"); }

// [SECTION] values
void Store::set_value(const std::string& key, const std::string& value) {
    m_db.cached("INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bind(1, key).bind(2, value).run();
}

std::optional<std::string> Store::value(const std::string& key) {
    auto s = m_db.cached("SELECT value FROM kv WHERE key = ?");
    s.bind(1, key);
    if (!s.step()) return std::nullopt;
    return s.text_at(0);
}

std::optional<UnixMs> Store::clock_offset() {
    std::optional<std::string> v = value("agent.clock_offset_ms");
    if (!v || v->empty()) return std::nullopt;
    char* end = nullptr;
    long long ms = std::strtoll(v->c_str(), &end, 10);
    if (*end != '\0') return std::nullopt;
    return static_cast<UnixMs>(ms);
}

void Store::set_clock_offset(UnixMs offset) { set_value("agent.clock_offset_ms", std::to_string(offset)); }

std::vector<Category> load_categories_file(const std::string& path, std::string& error) {
    std::string text;
    error = files::read_all(path, text);
    std::vector<Category> out;
    if (!error.empty()) return out;
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_array()) {
        error = path + ": not a JSON array of categories";
        return out;
    }
    int i = 0;
    for (const auto& c : j) {
        if (!c.is_object() || !c.contains("code") || !c["code"].is_string()) {
            error = path + ": category " + std::to_string(i) + " has no code";
            out.clear();
            return out;
        }
        try {
            out.push_back({c["code"], c.value("name_vi", ""), c.value("name_en", ""), c.value("group", ""), i++});
            // The same questions the portal asks (its seed is this file), so a report filed
            // before the first services pull carries the answers the portal requires.
            if (c.contains("attributes")) {
                nlohmann::json def = {{"service_code", c["code"]}, {"attributes", c["attributes"]}};
                std::string why;
                auto d = open311::parse_service_definition(def.dump(), why);
                if (!d) {
                    error = path + ": category " + std::to_string(i - 1) + ": " + why;
                    out.clear();
                    return out;
                }
                out.back().attributes = std::move(d->attributes);
            }
        } catch (const nlohmann::json::exception&) {  // a name that is not a string
            error = path + ": category " + std::to_string(i) + " has a field of the wrong type";
            out.clear();
            return out;
        }
    }
    return out;
}

std::vector<Category> offered_categories(Store& store, const std::string& defaults_file) {
    auto cats = store.categories();
    auto unnamed = [](const Category& c) { return c.name_en.empty(); };
    if (!cats.empty() && std::none_of(cats.begin(), cats.end(), unnamed)) return cats;
    std::string error;
    std::vector<Category> file = load_categories_file(defaults_file, error);
    if (cats.empty()) return file;
    // A portal names its services in one language: the file's English names, by code.
    for (Category& c : cats)
        if (c.name_en.empty())
            for (const Category& f : file)
                if (f.code == c.code) c.name_en = f.name_en;
    return cats;
}

}  // namespace wk
