// The paper: what came of each receipt's printing at this kiosk, so that staff can
// reprint, with one tap, the receipts of the day that did not come out (issue 18).
// Codes, times and the printer's problem only: nothing of the citizen.
#include "sync/store.hpp"

namespace wk {

std::string_view prints_schema_v7() {
    return R"sql(
CREATE TABLE receipt_prints (              -- the last print of each receipt here
  code TEXT PRIMARY KEY,
  at INTEGER NOT NULL,                     -- when that print ended
  ok INTEGER NOT NULL,
  problem TEXT NOT NULL DEFAULT ''         -- paper_out, missing, error, busy
) WITHOUT ROWID;
CREATE INDEX reports_created ON reports (created_at);
)sql";
}

void Store::record_print(const std::string& code, bool ok, const std::string& problem, UnixMs now) {
    auto s = m_db.cached(
        "INSERT INTO receipt_prints (code, at, ok, problem) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (code) DO UPDATE SET at = excluded.at, ok = excluded.ok, problem = excluded.problem");
    s.bind(1, code).bind(2, now).bind(3, ok ? 1 : 0).bind(4, ok ? std::string() : problem);
    s.run();
}

std::vector<UnprintedReceipt> Store::unprinted_since(UnixMs from, size_t limit) {
    auto s = m_db.cached(
        "SELECT r.code, r.service_code, r.created_at, COALESCE(p.at, 0), COALESCE(p.problem, '') "
        "FROM reports r LEFT JOIN receipt_prints p ON p.code = r.code "
        "WHERE r.created_at >= ? AND r.withdrawn_at = 0 AND COALESCE(p.ok, 0) = 0 "
        "ORDER BY r.created_at DESC LIMIT ?");
    s.bind(1, from).bind(2, static_cast<int64_t>(limit));
    std::vector<UnprintedReceipt> out;
    while (s.step()) out.push_back({s.text_at(0), s.text_at(1), s.int_at(2), s.int_at(3), s.text_at(4)});
    return out;
}

}  // namespace wk
