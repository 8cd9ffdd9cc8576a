// Set-up for the kiosk's benchmarks: a kiosk store on disk holding `n` reports of its
// own (every category and status, spread over 2026 up to the benchmarks' "now") and `n`
// cached public reports of four wards, loaded in one transaction (the tallies follow by
// their triggers, as they would report by report). Files live in the build folder's
// wardkiosk-bench-data/ and are rebuilt once a run.
#pragma once
#include <filesystem>
#include <set>
#include <string>

#include "sync/receipt_code.hpp"
#include "sync/store.hpp"
#include "sync/store_guard.hpp"

namespace wk::bench {

constexpr int64_t kNow = 1795000000000;        // 2026-11-19, the benchmarks' clock
constexpr int64_t kYearStart = 1767225600000;  // 2026-01-01 in Vietnam

inline std::filesystem::path data_dir() {
    auto d = std::filesystem::current_path() / "wardkiosk-bench-data";
    std::filesystem::create_directories(d);
    return d;
}

inline void seed_kiosk_store(Store& st, int n) {
    const char* cats[] = {"an-ninh-trat-tu", "ha-tang-do-thi", "moi-truong", "gop-y-hien-ke", "y-te",
                          "giao-duc", "dien-chieu-sang", "cap-thoat-nuoc", "vi-pham-phap-luat", "khac"};
    const char* statuses[] = {"", "open", "in_progress", "fixed", "closed"};
    const char* wards[] = {"Phường Điện Biên", "Phường Ba Đình", "Phường Ngọc Hà", "Phường Kim Mã"};
    int64_t step = n > 0 ? (kNow - kYearStart) / (n + 1) : 0, day = 86400000;
    db::Transaction t(st.db());
    auto ins = st.db().prepare(
        "INSERT INTO reports (code, service_code, description, ward, channel, created_at, status) "
        "VALUES (?, ?, 'Báo cáo thử', 'Phường Điện Biên', 'self', ?, ?)");
    auto pub = st.db().prepare(
        "INSERT INTO public_reports (service_request_id, service_code, status, requested_at, updated_at, "
        "expected_at, ward, agency) VALUES (?, ?, ?, ?, ?, ?, ?, 'Công an phường')");
    for (int i = 1; i <= n; ++i) {
        int64_t at = kYearStart + int64_t{i} * step;
        ins.bind(1, receipt::make(3, static_cast<uint32_t>(i))).bind(2, cats[i % 10]).bind(3, at)
            .bind(4, statuses[i % 5]).run();
        ins.reset();
        pub.bind(1, "HN-2026-" + std::to_string(1000000 + i)).bind(2, cats[(i * 7) % 10])
            .bind(3, statuses[1 + i % 4]).bind(4, at + 7000).bind(5, at + day * (i % 15))
            .bind(6, at + day * 10).bind(7, wards[i % 4]).run();
        pub.reset();
    }
    st.db().prepare("INSERT OR REPLACE INTO kiosk_sequence (kiosk_id, last) VALUES (3, ?)").bind(1, n).run();
    t.commit();
    st.set_value("agent.last_ok.public", "2026-11-20T00:00:00Z");
}

// kiosk-N.db, seeded afresh once per run and opened once the checked way, so that the
// starts the benchmarks time are clean starts (no integrity check due).
inline std::string kiosk_store_file(int n) {
    static std::set<int> built;
    std::string path = (data_dir() / ("kiosk-" + std::to_string(n) + ".db")).string();
    if (!built.insert(n).second) return path;
    for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(path + s);
    {
        Store st = Store::open(path);
        seed_kiosk_store(st, n);
    }
    open_checked(path, kNow, 3);
    return path;
}

}  // namespace wk::bench
