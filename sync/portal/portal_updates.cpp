// PortalStore's status updates (POST and GET /servicerequestupdates): applying an
// officer's or a kiosk's update to its case and recording it for the feed. Ratings
// are in portal_feedback.cpp; the schema is portal_store.cpp's.
#include "portal_store.hpp"
#include "sync/report.hpp"

namespace wk::portal {

// The row id of a service request, inside the caller's transaction and lock.
std::optional<int64_t> PortalStore::request_row(std::string_view service_request_id) {
    db::Stmt req = m_db.prepare("SELECT id FROM requests WHERE service_request_id = ?");
    req.bind(1, service_request_id);
    if (!req.step()) return std::nullopt;
    return req.int_at(0);
}

UpdateResult PortalStore::add_update(const NewUpdate& u, UnixMs now) {
    std::lock_guard lock(m_mutex);
    db::Transaction tx(m_db);
    auto found = request_row(u.service_request_id);
    if (!found) return {UpdateOutcome::unknown_request, {}};
    int64_t row = *found;
    if (!u.update_id.empty()) {
        db::Stmt seen = m_db.prepare("SELECT request_id FROM updates WHERE update_id = ?");
        seen.bind(1, u.update_id);
        if (seen.step())
            return {seen.int_at(0) == row ? UpdateOutcome::replayed : UpdateOutcome::update_id_taken, u.update_id};
        db::Stmt rated = m_db.prepare("SELECT 1 FROM ratings WHERE update_id = ?");  // a rating's id is taken too
        if (rated.bind(1, u.update_id).step()) return {UpdateOutcome::update_id_taken, u.update_id};
    }
    UpdateResult done = apply_update(row, u, now);
    tx.commit();
    return done;
}

// Inside add_update's transaction. A kiosk's update (a withdrawal) changes the status
// only, never over a final one, and never touches the agency's answer: status_notes
// is the agency's word to the citizen, which the kiosk's reason must not replace.
UpdateResult PortalStore::apply_update(int64_t row, const NewUpdate& u, UnixMs now) {
    std::string update_id = u.update_id.empty() ? make_update_id() : u.update_id;
    std::string status = u.status;
    if (u.from_kiosk) {
        db::Stmt cur = m_db.prepare("SELECT status FROM requests WHERE id = ?");
        if (cur.bind(1, row).step() && final_status(cur.text_at(0))) status = cur.text_at(0);
    }
    db::Stmt set = m_db.prepare(
        "UPDATE requests SET status = ?1, status_notes = CASE WHEN ?7 THEN status_notes ELSE ?2 END,"
        " agency_responsible = CASE WHEN ?3 = '' OR ?7 THEN agency_responsible ELSE ?3 END,"
        " expected_at = CASE WHEN ?7 THEN expected_at ELSE COALESCE(?4, expected_at) END,"
        " updated_at = ?5 WHERE id = ?6");
    set.bind(1, status).bind(2, u.description).bind(3, u.agency_responsible);
    u.expected ? set.bind(4, *u.expected) : set.bind_null(4);
    set.bind(5, now).bind(6, row).bind(7, u.from_kiosk ? 1 : 0).run();
    db::Stmt ins = m_db.prepare(
        "INSERT INTO updates (update_id, request_id, status, description, agency_responsible, updated_at,"
        " from_kiosk) VALUES (?,?,?,?,?,?,?)");
    ins.bind(1, update_id).bind(2, row).bind(3, status).bind(4, u.description);
    ins.bind(5, u.from_kiosk ? std::string() : u.agency_responsible).bind(6, now).bind(7, u.from_kiosk ? 1 : 0).run();
    return {UpdateOutcome::applied, update_id};
}

std::vector<Update> PortalStore::updates(UnixMs from, UnixMs to, int limit) {
    std::lock_guard lock(m_mutex);
    db::Stmt s = m_db.prepare(
        "SELECT u.update_id, r.service_request_id, u.status, u.description, u.updated_at, u.media_url"
        " FROM updates u JOIN requests r ON r.id = u.request_id"
        " WHERE u.updated_at BETWEEN ? AND ? ORDER BY u.updated_at, u.id LIMIT ?");
    s.bind(1, from).bind(2, to).bind(3, limit);
    std::vector<Update> out;
    while (s.step())
        out.push_back({s.text_at(0), s.text_at(1), s.text_at(2), s.text_at(3), s.int_at(4), s.text_at(5)});
    return out;
}

}  // namespace wk::portal
