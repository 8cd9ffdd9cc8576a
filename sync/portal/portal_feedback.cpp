// PortalStore, the kiosks' side beyond Open311: citizens' ratings of the answers (sent
// as servicerequestupdates with `rating`, kept apart from the status updates so that a
// rating changes no status and its comment never reaches GET /servicerequestupdates),
// and each kiosk's latest health report. Reads for the staff pages only.
#include "portal_store.hpp"

namespace wk::portal {

UpdateResult PortalStore::add_rating(const NewUpdate& u, UnixMs now) {
    std::lock_guard lock(m_mutex);
    db::Transaction tx(m_db);
    auto found = request_row(u.service_request_id);
    if (!found) return {UpdateOutcome::unknown_request, {}};
    int64_t row = *found;
    std::string update_id = u.update_id.empty() ? make_update_id() : u.update_id;
    db::Stmt seen = m_db.prepare("SELECT request_id FROM ratings WHERE update_id = ?");
    if (seen.bind(1, update_id).step())
        return {seen.int_at(0) == row ? UpdateOutcome::replayed : UpdateOutcome::update_id_taken, update_id};
    db::Stmt status_update = m_db.prepare("SELECT 1 FROM updates WHERE update_id = ?");
    if (status_update.bind(1, update_id).step()) return {UpdateOutcome::update_id_taken, update_id};
    m_db.prepare("INSERT INTO ratings (update_id, request_id, rating, comment, received_at) VALUES (?,?,?,?,?)")
        .bind(1, update_id).bind(2, row).bind(3, u.rating).bind(4, u.description).bind(5, now).run();
    tx.commit();
    return {UpdateOutcome::applied, update_id};
}

std::optional<Rating> PortalStore::rating(std::string_view service_request_id) {
    std::lock_guard lock(m_mutex);
    db::Stmt s = m_db.prepare(
        "SELECT g.update_id, g.rating, g.comment, g.received_at FROM ratings g JOIN requests r ON r.id = g.request_id"
        " WHERE r.service_request_id = ? ORDER BY g.id DESC LIMIT 1");
    s.bind(1, service_request_id);
    if (!s.step()) return std::nullopt;
    return Rating{s.text_at(0), s.text_at(1), s.text_at(2), s.int_at(3)};
}

RatingCounts PortalStore::rating_counts() {
    std::lock_guard lock(m_mutex);
    db::Stmt s = m_db.prepare(
        "SELECT rating, count(*) FROM ratings WHERE id IN (SELECT max(id) FROM ratings GROUP BY request_id)"
        " GROUP BY rating");
    RatingCounts c;
    while (s.step()) (s.text_at(0) == "satisfied" ? c.satisfied : c.not_satisfied) = s.int_at(1);
    return c;
}

void PortalStore::record_health(const KioskHealth& h) {
    std::lock_guard lock(m_mutex);
    db::Stmt st = m_db.prepare(
            "INSERT INTO kiosk_health (kiosk_id, version, queue_depth, oldest_pending_s, last_sync, printer, received_at,"
            " clock_offset_s) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (kiosk_id) DO UPDATE SET version = excluded.version,"
            " queue_depth = excluded.queue_depth, oldest_pending_s = excluded.oldest_pending_s,"
            " last_sync = excluded.last_sync, printer = excluded.printer, received_at = excluded.received_at,"
            " clock_offset_s = excluded.clock_offset_s");
    st.bind(1, h.kiosk_id).bind(2, h.version).bind(3, h.queue_depth).bind(4, h.oldest_pending_s)
        .bind(5, h.last_sync).bind(6, h.printer).bind(7, h.received_at);
    h.clock_offset_s ? st.bind(8, *h.clock_offset_s) : st.bind_null(8);
    st.run();
}

std::vector<KioskHealth> PortalStore::kiosks() {
    std::lock_guard lock(m_mutex);
    db::Stmt s = m_db.prepare(
        "SELECT kiosk_id, version, last_sync, printer, queue_depth, oldest_pending_s, received_at, clock_offset_s"
        " FROM kiosk_health ORDER BY length(kiosk_id), kiosk_id");
    std::vector<KioskHealth> out;
    while (s.step()) {
        out.push_back({s.text_at(0), s.text_at(1), s.text_at(2), s.text_at(3), s.int_at(4), s.int_at(5), s.int_at(6)});
        if (!s.is_null(7)) out.back().clock_offset_s = s.int_at(7);
    }
    return out;
}

}  // namespace wk::portal
