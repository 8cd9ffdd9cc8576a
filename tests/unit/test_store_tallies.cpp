// The kept tallies (sync/src/store_tallies.cpp) against a recount: after thousands of
// random writes of every kind the figures can see (filing, a case number arriving,
// status changes, withdrawals, deletions, public reports pulled, re-pulled with another
// status, ward or expected date, and removed), tally_since and public_tally_since
// answer exactly what counting the reports themselves answers. Writes go through
// Store's API and straight into the tables: triggers keep the tallies whoever writes.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <tuple>

#include "sync/report.hpp"
#include "sync/store.hpp"
#include "temp_dir.hpp"

namespace {
using namespace wk;

constexpr UnixMs kJan1 = 1767200400000;  // 2026-01-01T00:00:00+07:00
constexpr UnixMs kDay = 86'400'000;

using Cell = std::tuple<std::string, std::string, int, int64_t, int64_t>;

std::vector<Cell> cells(const std::vector<TallyRow>& rows) {
    std::vector<Cell> out;
    for (const auto& r : rows) out.emplace_back(r.service_code, r.status, r.month, r.count, 0);
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<Cell> cells(const std::vector<PublicTallyRow>& rows) {
    std::vector<Cell> out;
    for (const auto& r : rows) out.emplace_back(r.service_code, r.status, r.month, r.count, r.on_time);
    std::sort(out.begin(), out.end());
    return out;
}

// The counts as the figures were made before the tallies: straight from the rows.
std::vector<Cell> recount_local(Store& s, UnixMs from, bool only_unpulled) {
    auto q = s.db().prepare(
        "SELECT service_code, CASE WHEN status = '' THEN 'pending' ELSE status END, "
        "CAST(strftime('%m', created_at / 1000, 'unixepoch', '+7 hours') AS INTEGER), count(*) "
        "FROM reports WHERE created_at >= ?1 AND (withdrawn_at = 0 OR service_request_id != '') AND (?2 = 0 OR "
        "service_request_id = '' OR NOT EXISTS (SELECT 1 FROM public_reports p WHERE p.service_request_id = "
        "reports.service_request_id)) GROUP BY 1, 2, 3");
    q.bind(1, from).bind(2, static_cast<int64_t>(only_unpulled));
    std::vector<Cell> out;
    while (q.step()) out.emplace_back(q.text_at(0), q.text_at(1), static_cast<int>(q.int_at(2)), q.int_at(3), 0);
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<Cell> recount_public(Store& s, UnixMs from, const std::string& ward) {
    auto q = s.db().prepare(
        "SELECT service_code, status, CAST(strftime('%m', requested_at / 1000, 'unixepoch', '+7 hours') AS INTEGER), "
        "count(*), sum(status IN " + final_statuses_sql() + " AND (expected_at = 0 OR updated_at <= expected_at)) "
        "FROM public_reports WHERE requested_at >= ? AND (? = '' OR ward = ?) GROUP BY 1, 2, 3");
    q.bind(1, from).bind(2, ward).bind(3, ward);
    std::vector<Cell> out;
    while (q.step())
        out.emplace_back(q.text_at(0), q.text_at(1), static_cast<int>(q.int_at(2)), q.int_at(3), q.int_at(4));
    std::sort(out.begin(), out.end());
    return out;
}

TEST(StoreTallies, MonthStartsInVietnamAreKnown) {
    EXPECT_EQ(month_start_ym(kJan1), 202601);
    EXPECT_EQ(month_start_ym(kJan1 + 31 * kDay), 202602);
    EXPECT_FALSE(month_start_ym(kJan1 + 1));
    EXPECT_FALSE(month_start_ym(kJan1 + 7 * 3600 * 1000));  // midnight UTC is 07:00 in Vietnam
}

TEST(StoreTallies, KeptCountsEqualARecountAfterRandomWrites) {
    test::TempDir dir;
    Store s = Store::open(dir.file("tally.db"));
    s.db().exec("PRAGMA synchronous = OFF");  // set-up speed only
    ContactBox box = ContactBox::from_key(std::vector<uint8_t>(32, 3));
    std::mt19937 rng(17);
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
    const char* services[] = {"moi-truong", "y-te", "giao-duc", "khac"};
    const char* statuses[] = {"", "open", "in_progress", "fixed", "closed", "duplicate", "reopen"};
    const char* wards[] = {"Phường Điện Biên", "Phường Ba Đình", ""};
    std::vector<std::string> codes;
    int next_case = 1;
    auto time_in_year = [&] { return kJan1 - 20 * kDay + static_cast<UnixMs>(pick(400)) * kDay + pick(86400) * 1000LL; };
    for (int step = 0; step < 3000; ++step) {
        int op = pick(10);
        if (op <= 2 || codes.empty()) {  // a citizen files
            Draft d;
            d.service_code = services[pick(4)];
            d.description = "Phản ánh số " + std::to_string(step);
            d.ward = "Phường Điện Biên";
            codes.push_back(s.submit(d, 1, box, time_in_year()).code);
        } else if (op == 3) {  // the portal gives it a case number (sometimes one already pulled)
            std::string id = "HN-2026-" + std::to_string(pick(2) ? next_case++ : 1 + pick(next_case));
            s.db().prepare("UPDATE reports SET service_request_id = ?, sync_state = 'acknowledged' WHERE code = ?")
                .bind(1, id).bind(2, codes[pick(static_cast<int>(codes.size()))]).run();
        } else if (op == 4) {  // a status arrives
            s.db().prepare("UPDATE reports SET status = ? WHERE code = ?")
                .bind(1, statuses[pick(7)]).bind(2, codes[pick(static_cast<int>(codes.size()))]).run();
        } else if (op == 5) {  // withdrawn by staff, or the withdrawal undone by a restore
            s.db().prepare("UPDATE reports SET withdrawn_at = ? WHERE code = ?")
                .bind(1, pick(2) ? int64_t{0} : kJan1 + 5).bind(2, codes[pick(static_cast<int>(codes.size()))]).run();
        } else if (op == 6 && pick(2)) {  // a category corrected
            s.db().prepare("UPDATE reports SET service_code = ? WHERE code = ?")
                .bind(1, services[pick(4)]).bind(2, codes[pick(static_cast<int>(codes.size()))]).run();
        } else if (op == 6) {  // a row gone (with its events)
            s.db().prepare("DELETE FROM report_events WHERE report_id IN (SELECT id FROM reports WHERE code = ?)")
                .bind(1, codes.back()).run();
            s.db().prepare("DELETE FROM reports WHERE code = ?").bind(1, codes.back()).run();
            codes.pop_back();
        } else if (op <= 8) {  // a public pull: new cases and changed ones
            std::vector<PublicReport> rows;
            for (int i = 0; i < 1 + pick(5); ++i) {
                PublicReport p;
                p.service_request_id = "HN-2026-" + std::to_string(1 + pick(next_case + 5));
                p.service_code = services[pick(4)];
                p.status = statuses[1 + pick(6)];
                p.requested_at = time_in_year();
                p.updated_at = p.requested_at + pick(30) * kDay;
                p.expected_at = pick(3) ? p.requested_at + pick(30) * kDay : 0;
                p.ward = wards[pick(3)];
                rows.push_back(p);
            }
            s.upsert_public(rows);
        } else {  // a public report removed
            s.db().prepare("DELETE FROM public_reports WHERE service_request_id = ?")
                .bind(1, "HN-2026-" + std::to_string(1 + pick(next_case)))
                .run();
        }
        if (step % 500 != 499) continue;
        for (UnixMs from : {kJan1, kJan1 - 31 * kDay, kJan1 + 59 * kDay}) {
            ASSERT_EQ(cells(s.tally_since(from)), recount_local(s, from, false)) << "step " << step;
            ASSERT_EQ(cells(s.tally_since(from, true)), recount_local(s, from, true)) << "step " << step;
            for (const std::string ward : {"", "Phường Điện Biên", "Phường Ba Đình"})
                ASSERT_EQ(cells(s.public_tally_since(from, ward)), recount_public(s, from, ward))
                    << "step " << step << " ward " << ward;
        }
    }
    EXPECT_GT(s.public_count(), 100);
}

}  // namespace
