// Kiosk benchmarks, headless (no GPU: the CPU cost of building each screen's frame):
// the heaviest screens drawn over a store of 100,000 reports of this kiosk and 100,000
// cached public reports of the province (the board's figures), and the process's peak
// memory after drawing them. Rendering itself belongs to the GPU (llvmpipe here) and is
// measured under Xvfb by tests/bench/kiosk_window.sh.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <sys/resource.h>

#include "kiosk/headless.hpp"
#include "kiosk/kiosk.hpp"
#include "kiosk/strings.hpp"
#include "platform/paths.hpp"
#include "sync/receipt_code.hpp"

namespace {

// 100,000 reports of every category and status, spread over the year (set-up only).
wk::Store& big_store() {
    static wk::Store store = [] {
        auto dir = std::filesystem::current_path() / "wardkiosk-bench-data";
        std::filesystem::create_directories(dir);
        auto path = (dir / "kiosk.db").string();
        for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(path + s);
        wk::Store st = wk::Store::open(path);
        const char* cats[] = {"an-ninh-trat-tu", "ha-tang-do-thi", "moi-truong", "gop-y-hien-ke", "y-te",
                              "giao-duc", "dien-chieu-sang", "cap-thoat-nuoc", "vi-pham-phap-luat", "khac"};
        const char* statuses[] = {"", "open", "in_progress", "fixed", "closed"};
        wk::db::Transaction t(st.db());
        auto ins = st.db().prepare(
            "INSERT INTO reports (code, service_code, description, ward, channel, created_at, status) "
            "VALUES (?, ?, 'Báo cáo thử', 'Phường Điện Biên', 'self', ?, ?)");
        for (int i = 1; i <= 100000; ++i) {
            ins.bind(1, wk::receipt::make(3, static_cast<uint32_t>(i))).bind(2, cats[i % 10])
                .bind(3, int64_t{1767225600000} + int64_t{i} * 300000).bind(4, statuses[i % 5]).run();
            ins.reset();
        }
        auto pub = st.db().prepare(
            "INSERT INTO public_reports (service_request_id, service_code, status, requested_at, updated_at, "
            "expected_at, ward, agency) VALUES (?, ?, ?, ?, ?, ?, ?, 'Công an phường')");
        const char* wards[] = {"Phường Điện Biên", "Phường Ba Đình", "Phường Ngọc Hà", "Phường Kim Mã"};
        for (int i = 1; i <= 100000; ++i) {
            int64_t at = int64_t{1767225600000} + int64_t{i} * 280000, day = 86400000;
            pub.bind(1, "HN-2026-" + std::to_string(100000 + i)).bind(2, cats[(i * 7) % 10])
                .bind(3, statuses[1 + i % 4]).bind(4, at).bind(5, at + day * (i % 15))
                .bind(6, at + day * 10).bind(7, wards[i % 4]).run();
            pub.reset();
        }
        t.commit();
        st.set_value("agent.last_ok.public", "2026-11-20T00:00:00Z");
        return st;
    }();
    return store;
}

struct Rig {
    Rig() : box(wk::ContactBox::from_key(std::vector<uint8_t>(32, 5))), fe(1920, 1080) {
        wk::i18n::load_catalogs(wk::paths::asset_dir());
        wk::i18n::set_language("vi");
        ctx = ImGui::CreateContext();
        ImGui::GetIO().IniFilename = nullptr;
        wk::KioskSettings s;
        s.ward = "Phường Điện Biên";
        s.wards = {"Phường Điện Biên"};
        s.categories_file = wk::paths::asset_dir() + "/categories.json";
        app = std::make_unique<wk::App>(big_store(), box, s, 1795000000000);
        kiosk = std::make_unique<wk::Kiosk>(*app, fe);
    }
    ~Rig() {
        kiosk.reset();
        app.reset();
        ImGui::DestroyContext(ctx);
    }
    wk::ContactBox box;
    wk::HeadlessFrontend fe;
    ImGuiContext* ctx;
    std::unique_ptr<wk::App> app;
    std::unique_ptr<wk::Kiosk> kiosk;
};

void frames(benchmark::State& state, void (*open)(wk::App&)) {
    Rig r;
    open(*r.app);
    int64_t now = 1795000000000;
    r.kiosk->frame(now);  // fonts are built on the first frame
    for (auto _ : state) r.kiosk->frame(now += 16);
    struct rusage ru {};
    getrusage(RUSAGE_SELF, &ru);
    state.counters["peak_rss_MB"] = static_cast<double>(ru.ru_maxrss) / 1024.0;
    state.counters["target_ms"] = 2;
}

void BM_FrameStatistics(benchmark::State& s) { frames(s, [](wk::App& a) { a.open_stats(1795000000000); }); }
void BM_FrameBoard(benchmark::State& s) { frames(s, [](wk::App& a) { a.open_board(1795000000000); }); }
void BM_FrameCategoryTiles(benchmark::State& s) { frames(s, [](wk::App& a) { a.start_report(1795000000000); }); }
void BM_FrameLookup(benchmark::State& s) {
    frames(s, [](wk::App& a) {
        a.open_lookup();
        a.look_up(wk::receipt::make(3, 77777), 1795000000000);
    });
}
BENCHMARK(BM_FrameStatistics)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FrameBoard)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FrameCategoryTiles)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FrameLookup)->Unit(benchmark::kMillisecond);

void BM_FrameBoardProvince(benchmark::State& s) {
    frames(s, [](wk::App& a) {
        a.open_board(1795000000000);
        a.set_scope(wk::Scope::province, 1795000000000);
    });
}
BENCHMARK(BM_FrameBoardProvince)->Unit(benchmark::kMillisecond);

// Opening the statistics re-counts the year's reports from the store (once per visit):
// this kiosk's 100,000 and the ward's share of the 100,000 public ones.
void BM_OpenStatistics(benchmark::State& state) {
    Rig r;
    for (auto _ : state) r.app->open_stats(1795000000000);
    state.counters["reports"] = 200000;
}
BENCHMARK(BM_OpenStatistics)->Unit(benchmark::kMillisecond);

// The whole-province switch: all 100,000 public reports re-counted.
void BM_SwitchToProvince(benchmark::State& state) {
    Rig r;
    r.app->open_board(1795000000000);
    for (auto _ : state) r.app->set_scope(wk::Scope::province, 1795000000000);
}
BENCHMARK(BM_SwitchToProvince)->Unit(benchmark::kMillisecond);

}  // namespace
