// Store, the province's side: public reports the agent pulls from the portal for the
// reports board and the yearly statistics, and the update ids already applied. The
// kiosk only reads these tables (public_tally_since); it never writes them.
#include "sync/store.hpp"

namespace wk {

// A pulled row's status, merged as merged_status() does for the kiosk's own cases: the
// coarse "open"/"closed" of GET /requests keeps the finer state an update gave.
static std::string merged_status_sql() {
    const std::string& fin = final_statuses_sql();
    return "(CASE WHEN status NOT IN ('', 'open', 'closed') AND ((excluded.status = 'open' AND status NOT IN " + fin +
           ") OR (excluded.status = 'closed' AND status IN " + fin + ")) THEN status ELSE excluded.status END)";
}

int Store::upsert_public(const std::vector<PublicReport>& rows) {
    db::Transaction t(m_db);
    static const std::string sql =
        "INSERT INTO public_reports (service_request_id, service_code, status, requested_at, updated_at, "
        "expected_at, ward, agency, receipt, description, address) VALUES (?,?,?,?,?,?,?,?,?,?,?) "
        "ON CONFLICT (service_request_id) DO UPDATE SET service_code = excluded.service_code, "
        "receipt = CASE WHEN excluded.receipt = '' THEN receipt ELSE excluded.receipt END, "
        "status = " + merged_status_sql() + ", requested_at = excluded.requested_at, "
        "updated_at = max(updated_at, excluded.updated_at), expected_at = excluded.expected_at, "
        "ward = excluded.ward, agency = excluded.agency, description = excluded.description, "
        "address = excluded.address "
        "WHERE status <> " + merged_status_sql() + " OR updated_at < excluded.updated_at "
        "OR expected_at <> excluded.expected_at OR agency <> excluded.agency OR ward <> excluded.ward "
        "OR service_code <> excluded.service_code OR description <> excluded.description "
        "OR address <> excluded.address";
    auto s = m_db.cached(sql);
    int changed = 0;
    for (const PublicReport& r : rows) {
        s.bind(1, r.service_request_id).bind(2, r.service_code).bind(3, r.status).bind(4, r.requested_at);
        s.bind(5, r.updated_at).bind(6, r.expected_at).bind(7, r.ward).bind(8, r.agency).bind(9, r.receipt);
        s.bind(10, r.description).bind(11, r.address).run();
        changed += m_db.changes();
        s.reset();
    }
    t.commit();
    return changed;
}

bool Store::apply_public_status(const std::string& id, const std::string& status, UnixMs updated_at) {
    // An update older than what is held changes nothing (windows overlap, servers reorder).
    m_db.cached("UPDATE public_reports SET status = ?1, updated_at = ?2 WHERE service_request_id = ?3 "
                 "AND updated_at <= ?2 AND (status <> ?1 OR updated_at < ?2)")
        .bind(1, normalized_status(status)).bind(2, updated_at).bind(3, id).run();
    return m_db.changes() > 0;
}

bool Store::mark_update_seen(const std::string& update_id, UnixMs now) {
    m_db.cached("INSERT INTO seen_updates (update_id, seen_at) VALUES (?, ?) ON CONFLICT DO NOTHING")
        .bind(1, update_id).bind(2, now).run();
    return m_db.changes() > 0;
}

void Store::forget_updates_before(UnixMs t) {
    m_db.cached("DELETE FROM seen_updates WHERE seen_at < ?").bind(1, t).run();
}

// A final status counts as on time when the last update came by the expected date
// (or the portal promised none). Months are Vietnam time (UTC+7, no DST).
// From the kept public_tally when `from` starts a month (store_tallies.cpp); ward '*'
// there is the whole province. Any other `from`: counted from the reports.
std::vector<PublicTallyRow> Store::public_tally_since(UnixMs from, const std::string& ward) {
    std::vector<PublicTallyRow> out;
    if (auto ym = month_start_ym(from)) {
        auto s = m_db.cached(
            "SELECT service_code, status, ym % 100, sum(count), sum(on_time) FROM public_tally "
            "WHERE ward = ?2 AND ym >= ?1 GROUP BY 1, 2, 3 HAVING sum(count) > 0");
        s.bind(1, *ym).bind(2, ward.empty() ? std::string("*") : ward);
        while (s.step())
            out.push_back({s.text_at(0), s.text_at(1), static_cast<int>(s.int_at(2)), s.int_at(3), s.int_at(4)});
        return out;
    }
    static const std::string sql =
        "SELECT service_code, status, CAST(strftime('%m', requested_at / 1000, 'unixepoch', '+7 hours') AS INTEGER), "
        "count(*), sum(status IN " + final_statuses_sql() + " AND (expected_at = 0 OR updated_at <= expected_at)) "
        "FROM public_reports WHERE requested_at >= ? AND (? = '' OR ward = ?) GROUP BY 1, 2, 3";
    auto s = m_db.cached(sql);
    s.bind(1, from).bind(2, ward).bind(3, ward);
    while (s.step())
        out.push_back({s.text_at(0), s.text_at(1), static_cast<int>(s.int_at(2)), s.int_at(3), s.int_at(4)});
    return out;
}

bool Store::has_case(const std::string& service_request_id) {
    auto s = m_db.cached("SELECT 1 FROM reports WHERE service_request_id = ? AND service_request_id <> ''");
    s.bind(1, service_request_id);
    return s.step();
}

int64_t Store::public_count() {
    auto s = m_db.cached("SELECT count(*) FROM public_reports");
    s.step();
    return s.int_at(0);
}

}  // namespace wk

namespace wk {

std::vector<PublicReport> Store::similar_open(const std::string& service_code, const std::string& ward, int limit) {
    auto s = m_db.cached("SELECT service_request_id, service_code, status, requested_at, updated_at, expected_at, "
                          "ward, agency, receipt, description, address FROM public_reports "
                          "WHERE service_code = ? AND ward = ? AND status NOT IN " + final_statuses_sql() +
                          " ORDER BY requested_at DESC LIMIT ?");
    s.bind(1, service_code).bind(2, ward).bind(3, limit);
    std::vector<PublicReport> out;
    while (s.step())
        out.push_back({s.text_at(0), s.text_at(1), s.text_at(2), s.int_at(3), s.int_at(4), s.int_at(5), s.text_at(6),
                       s.text_at(7), s.text_at(8), s.text_at(9), s.text_at(10)});
    return out;
}

}  // namespace wk
