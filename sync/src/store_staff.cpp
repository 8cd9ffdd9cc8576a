// Store, the staff side (issue 6): the audit log of officers' actions, withdrawals,
// retries of reports set aside, and the outbox of updates the agent sends besides
// reports (citizens' ratings, withdrawals of acknowledged reports). It owns schema
// version 3; it never reads or copies the sealed contact into the audit or the outbox.
// [SECTION] schema  [SECTION] audit  [SECTION] withdraw and retry  [SECTION] ratings
// [SECTION] updates outbox
#include "sync/store.hpp"

namespace wk {

// [SECTION] schema. A withdrawn report keeps its sync_state (the agent may still be
// finishing a send when it is withdrawn): withdrawn_at <> 0 is what counts.
std::string_view staff_schema_v3() {
    return R"sql(
ALTER TABLE reports ADD COLUMN withdrawn_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE reports ADD COLUMN withdraw_reason TEXT NOT NULL DEFAULT '';
CREATE TABLE staff_audit (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  staff_id TEXT NOT NULL,
  action TEXT NOT NULL,
  report_code TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT ''         -- never contact data
);
CREATE TABLE outgoing_updates (           -- ratings and withdrawals, sent once each
  id INTEGER PRIMARY KEY,
  update_id TEXT NOT NULL UNIQUE,         -- fixed when queued: the portal de-duplicates on it
  report_id INTEGER NOT NULL REFERENCES reports (id),
  kind TEXT NOT NULL CHECK (kind IN ('rating', 'withdrawal')),
  status TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  rating TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  sent_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX outgoing_updates_due ON outgoing_updates (state, next_attempt_at, id);
)sql";
}

// [SECTION] audit. One INSERT: callers inside a transaction write it in theirs.
void Store::audit(const AuditRow& row) {
    m_db.cached("INSERT INTO staff_audit (at, staff_id, action, report_code, detail) VALUES (?, ?, ?, ?, ?)")
        .bind(1, row.at).bind(2, row.staff_id).bind(3, row.action).bind(4, row.report_code).bind(5, row.detail).run();
}

std::vector<AuditRow> Store::audit_log(size_t limit) {
    auto s = m_db.cached("SELECT at, staff_id, action, report_code, detail FROM staff_audit ORDER BY id DESC LIMIT ?");
    s.bind(1, static_cast<int64_t>(limit));
    std::vector<AuditRow> out;
    while (s.step()) out.push_back({s.int_at(0), s.text_at(1), s.text_at(2), s.text_at(3), s.text_at(4)});
    return out;
}

// [SECTION] withdraw and retry
static std::string trimmed(const std::string& s) {
    size_t b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

// Next "WK-<code>-<letter><n>" of a report: n counts that report's updates of the kind.
static std::string next_update_id(db::Db& d, int64_t report_id, const std::string& code, const char* kind,
                                  char letter) {
    auto s = d.prepare("SELECT count(*) FROM outgoing_updates WHERE report_id = ? AND kind = ?");
    s.bind(1, report_id).bind(2, kind);
    s.step();
    return "WK-" + code + "-" + letter + std::to_string(s.int_at(0) + 1);
}

// The contact goes at once (the citizen withdrew). The "closed" update waits in the
// outbox until the report has a case number: at once when acknowledged, after the
// token resolves, or never when the portal never got the report.
bool Store::withdraw(const std::string& code, const std::string& reason, const std::string& staff_id, UnixMs now) {
    std::string why = trimmed(reason);
    if (why.empty() || why.size() > 4000) return false;
    db::Transaction t(m_db);
    auto s = m_db.cached("SELECT id, withdrawn_at FROM reports WHERE code = ?");
    s.bind(1, code);
    if (!s.step() || s.int_at(1) != 0) return false;
    int64_t id = s.int_at(0);
    s.reset();
    m_db.cached("UPDATE reports SET withdrawn_at = ?, withdraw_reason = ?, contact = NULL WHERE id = ?")
        .bind(1, now).bind(2, why).bind(3, id).run();
    m_db.cached("INSERT INTO outgoing_updates (update_id, report_id, kind, status, description, created_at) "
                 "VALUES (?, ?, 'withdrawal', 'closed', ?, ?)")
        .bind(1, next_update_id(m_db, id, code, "withdrawal", 'W')).bind(2, id).bind(3, why).bind(4, now).run();
    add_event(id, now, "withdrawn", "", why);
    audit({now, staff_id, "withdraw", code, why});
    t.commit();
    return true;
}

// A report set aside goes back to the queue with a fresh count of tries; a queued one
// waiting out its backoff is due at once. Withdrawn and acknowledged ones: false.
bool Store::retry_report(const std::string& code, const std::string& staff_id, UnixMs now) {
    db::Transaction t(m_db);
    m_db.cached("UPDATE reports SET sync_state = CASE sync_state WHEN 'attention' THEN 'queued' ELSE sync_state END, "
                 "attempts = CASE sync_state WHEN 'attention' THEN 0 ELSE attempts END, "
                 "refusals = CASE sync_state WHEN 'attention' THEN 0 ELSE refusals END, next_attempt_at = 0 "
                 "WHERE code = ? AND withdrawn_at = 0 AND sync_state IN ('attention', 'queued', 'token')")
        .bind(1, code).run();
    int64_t changed = m_db.changes();
    // Its rating or withdrawal that the portal kept refusing: sent again, counted afresh.
    m_db.cached("UPDATE outgoing_updates SET attention = 0, refusals = 0, next_attempt_at = 0 "
                 "WHERE attention = 1 AND state = 'queued' AND report_id = (SELECT id FROM reports WHERE code = ?)")
        .bind(1, code).run();
    if (changed + m_db.changes() == 0) return false;
    audit({now, staff_id, "retry", code, ""});
    t.commit();
    return true;
}

std::vector<ReportView> Store::attention_reports(size_t limit) {
    auto s = m_db.cached(
        "SELECT r.id, code, service_code, r.description, ward, address, channel, r.created_at, r.attempts, "
        "CASE WHEN r.sync_state = 'attention' AND withdrawn_at = 0 THEN r.last_error ELSE "
        "(SELECT o.kind || ': ' || o.last_error FROM outgoing_updates o WHERE o.report_id = r.id AND o.attention = 1 "
        "AND o.state = 'queued' ORDER BY o.id DESC LIMIT 1) END "
        "FROM reports r WHERE (r.sync_state = 'attention' AND withdrawn_at = 0) OR EXISTS (SELECT 1 FROM "
        "outgoing_updates o WHERE o.report_id = r.id AND o.attention = 1 AND o.state = 'queued') ORDER BY r.id LIMIT ?");
    s.bind(1, static_cast<int64_t>(limit));
    std::vector<ReportView> out;
    while (s.step()) {
        ReportView v;
        v.id = s.int_at(0), v.code = s.text_at(1), v.service_code = s.text_at(2), v.description = s.text_at(3);
        v.ward = s.text_at(4), v.address = s.text_at(5);
        v.channel = s.text_at(6) == "assisted" ? Channel::staff_assisted : Channel::self_service;
        v.created_at = s.int_at(7);
        v.sync_state = SyncState::attention;
        v.attempts = static_cast<int>(s.int_at(8));
        v.status_notes = s.text_at(9);
        out.push_back(std::move(v));
    }
    return out;
}

// [SECTION] ratings
// One rating a report. An unsent one is replaced: in place when it was never tried,
// else under a new update_id (the portal keeps the latest rating of a case).
bool Store::queue_rating(const std::string& code, bool satisfied, const std::string& comment, UnixMs now) {
    std::string text = trimmed(comment);
    if (text.size() > 4000) return false;
    db::Transaction t(m_db);
    auto r = m_db.cached("SELECT id FROM reports WHERE code = ? AND service_request_id <> '' AND withdrawn_at = 0");
    r.bind(1, code);
    if (!r.step()) return false;
    int64_t id = r.int_at(0);
    r.reset();
    auto old = m_db.cached("SELECT id, state, attempts FROM outgoing_updates WHERE report_id = ? AND kind = 'rating' "
                            "ORDER BY id DESC LIMIT 1");
    old.bind(1, id);
    const char* rating = satisfied ? "satisfied" : "not_satisfied";
    if (old.step()) {
        if (old.text_at(1) == "sent") return false;
        int64_t old_id = old.int_at(0);
        bool tried = old.int_at(2) > 0;
        old.reset();
        if (!tried) {
            m_db.cached("UPDATE outgoing_updates SET rating = ?, description = ?, created_at = ? WHERE id = ?")
                .bind(1, rating).bind(2, text).bind(3, now).bind(4, old_id).run();
            add_event(id, now, "rated", rating, text);
            t.commit();
            return true;
        }
        m_db.cached("UPDATE outgoing_updates SET state = 'sent', last_error = 'replaced' WHERE id = ?")
            .bind(1, old_id).run();
    }
    m_db.cached("INSERT INTO outgoing_updates (update_id, report_id, kind, description, rating, created_at) "
                 "VALUES (?, ?, 'rating', ?, ?, ?)")
        .bind(1, next_update_id(m_db, id, code, "rating", 'R')).bind(2, id).bind(3, text).bind(4, rating)
        .bind(5, now).run();
    add_event(id, now, "rated", rating, text);
    t.commit();
    return true;
}

// [SECTION] updates outbox. Due once the report has its case number; a rating carries
// the case's status as it is when sent (a rating changes no status).
std::optional<OutgoingUpdate> Store::next_update_due(UnixMs now) {
    auto s = m_db.cached(
        "SELECT o.id, o.update_id, r.service_request_id, o.kind, "
        "CASE o.kind WHEN 'rating' THEN CASE WHEN r.status = '' THEN 'open' ELSE r.status END ELSE o.status END, "
        "o.description, o.rating, o.attempts, o.refusals FROM outgoing_updates o JOIN reports r ON r.id = o.report_id "
        "WHERE o.state = 'queued' AND o.attention = 0 AND o.next_attempt_at <= ? AND r.service_request_id <> '' "
        "ORDER BY o.id LIMIT 1");
    s.bind(1, now);
    if (!s.step()) return std::nullopt;
    return OutgoingUpdate{s.int_at(0), s.text_at(1), s.text_at(2), s.text_at(3), s.text_at(4),
                          s.text_at(5), s.text_at(6), static_cast<int>(s.int_at(7)), static_cast<int>(s.int_at(8))};
}

bool Store::sent_update_text(const std::string& service_request_id, const std::string& description) {
    if (description.empty()) return false;
    auto s = m_db.cached("SELECT 1 FROM outgoing_updates o JOIN reports r ON r.id = o.report_id "
                          "WHERE r.service_request_id = ? AND o.description = ? AND o.attempts > 0 LIMIT 1");
    s.bind(1, service_request_id).bind(2, description);
    return s.step();
}

void Store::update_sent(int64_t id, UnixMs now) {
    m_db.cached("UPDATE outgoing_updates SET state = 'sent', sent_at = ?, last_error = '' WHERE id = ?")
        .bind(1, now).bind(2, id).run();
}

void Store::update_retry_later(int64_t id, const std::string& error, UnixMs next_attempt, bool refusal) {
    m_db.cached("UPDATE outgoing_updates SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, "
                 "refusals = refusals + ? WHERE id = ?")
        .bind(1, error).bind(2, next_attempt).bind(3, static_cast<int64_t>(refusal ? 1 : 0)).bind(4, id).run();
}

void Store::update_needs_attention(int64_t id, const std::string& error, UnixMs now) {
    db::Transaction t(m_db);
    auto s = m_db.cached("UPDATE outgoing_updates SET attempts = attempts + 1, refusals = refusals + 1, "
                          "last_error = ?, attention = 1 WHERE id = ? RETURNING report_id, kind");
    s.bind(1, error).bind(2, id);
    if (s.step()) {
        int64_t report = s.int_at(0);
        std::string kind = s.text_at(1);
        s.reset();
        add_event(report, now, "attention", "", kind + ": " + error);
    }
    t.commit();
}

}  // namespace wk
