// PortalStore and receipt codes (issue 19): who filed a case, codes claimed by two
// different reports (recorded, never filed twice), and the lookup by code that the
// public page and GET /wardkiosk/v1/receipts answer from. A contested code gives
// neither report to anyone who asks by the code. The schema is portal_store.cpp's.
// [SECTION] collisions  [SECTION] origin  [SECTION] lookup by code
#include "portal_store.hpp"
#include "sync/receipt_code.hpp"

namespace wk::portal {

// [SECTION] collisions
// Inside create_request's transaction, which the caller commits. One row a refused
// payload: a kiosk retrying the same refused report only counts another attempt.
CreateResult PortalStore::record_collision(int64_t holder, const NewRequest& r, const std::string& hash,
                                           UnixMs now) {
    std::string code = lookup_code(r.idempotency_key);
    m_db.prepare("UPDATE receipt_collisions SET attempts = attempts + 1, last_seen_at = ?"
                 " WHERE code = ? AND payload_hash = ?")
        .bind(1, now).bind(2, code).bind(3, hash).run();
    bool first = m_db.changes() == 0;
    if (first) {
        db::Stmt ins = m_db.prepare(
            "INSERT INTO receipt_collisions (code, request_id, payload_hash, kiosk_id, service_code, description,"
            " address, device_id, first_seen_at, last_seen_at) VALUES (?,?,?,?,?,?,?,?,?,?)");
        ins.bind(1, code).bind(2, holder).bind(3, hash);
        r.kiosk_id ? ins.bind(4, r.kiosk_id) : ins.bind_null(4);
        ins.bind(5, r.service_code).bind(6, r.description).bind(7, r.address).bind(8, r.device_id);
        ins.bind(9, now).bind(10, now).run();
    }
    db::Stmt held = m_db.prepare("SELECT service_request_id, requested_at FROM requests WHERE id = ?");
    held.bind(1, holder).step();
    CreateResult out{CreateOutcome::receipt_collision, held.text_at(0), {}};
    out.code = code;
    out.held_since = held.int_at(1);
    out.first_seen = first;
    return out;
}

std::vector<ReceiptCollision> PortalStore::collisions(std::string_view service_request_id, int limit) {
    std::lock_guard lock(m_mutex);
    db::Stmt s = m_db.prepare(
        "SELECT c.code, r.service_request_id, COALESCE(c.kiosk_id, 0), c.service_code, c.description, c.address,"
        " c.device_id, c.first_seen_at, c.last_seen_at, c.attempts FROM receipt_collisions c"
        " JOIN requests r ON r.id = c.request_id WHERE ?1 = '' OR r.service_request_id = ?1"
        " ORDER BY c.id DESC LIMIT ?2");
    s.bind(1, service_request_id).bind(2, limit);
    std::vector<ReceiptCollision> out;
    while (s.step())
        out.push_back({s.text_at(0), s.text_at(1), static_cast<int>(s.int_at(2)), s.text_at(3), s.text_at(4),
                       s.text_at(5), s.text_at(6), s.int_at(7), s.int_at(8), s.int_at(9)});
    return out;
}

// [SECTION] origin
std::optional<CaseOrigin> PortalStore::origin(std::string_view service_request_id) {
    std::lock_guard lock(m_mutex);
    db::Stmt s = m_db.prepare("SELECT kiosk_id, COALESCE(lookup_code, '') FROM requests WHERE service_request_id = ?");
    s.bind(1, service_request_id);
    if (!s.step()) return std::nullopt;
    CaseOrigin o{0, s.text_at(1)};
    if (!s.is_null(0)) o.kiosk_id = static_cast<int>(s.int_at(0));
    else if (!o.code.empty()) o.kiosk_id = receipt::kiosk_of(o.code);
    return o;
}

// [SECTION] lookup by code
// Contested: a recorded collision, or (from before collisions were recorded) two cases
// under one code.
ReceiptLookup PortalStore::receipt(std::string_view code) {
    ReceiptLookup out;
    std::string canonical = lookup_code(code);
    if (canonical.empty()) return out;
    std::lock_guard lock(m_mutex);
    db::Stmt n = m_db.prepare(
        "SELECT (SELECT COUNT(*) FROM receipt_collisions WHERE code = ?1),"
        " (SELECT COUNT(*) FROM requests WHERE lookup_code = ?1)");
    n.bind(1, canonical).step();
    if (n.int_at(0) > 0 || n.int_at(1) > 1) {
        out.state = ReceiptState::contested;
        return out;
    }
    auto found = select_requests("r.lookup_code = ?", {canonical}, 1);
    if (found.empty()) return out;
    out.state = ReceiptState::held;
    out.request = found.front();
    db::Stmt u = m_db.prepare(
        "SELECT u.update_id, u.status, u.description, u.updated_at, u.media_url FROM updates u"
        " JOIN requests r ON r.id = u.request_id WHERE r.lookup_code = ? ORDER BY u.updated_at, u.id");
    u.bind(1, canonical);
    while (u.step())
        out.updates.push_back({u.text_at(0), out.request.service_request_id, u.text_at(1), u.text_at(2), u.int_at(3),
                               u.text_at(4)});
    return out;
}

}  // namespace wk::portal
