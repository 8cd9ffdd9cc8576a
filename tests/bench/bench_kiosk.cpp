// Kiosk benchmarks, headless (no GPU: the CPU cost of building each screen's frame):
// the heaviest screens drawn over a store of 10,000, 100,000 and 1,000,000 reports of
// this kiosk and as many cached public reports of the province (the board's figures),
// and the process's peak memory after drawing them; opening the statistics and
// switching them to the whole province at the same sizes. Rendering itself belongs to the GPU (llvmpipe here) and is
// measured under Xvfb by tests/bench/kiosk_window.sh.
#include <benchmark/benchmark.h>

#include <sys/resource.h>

#include <map>
#include <memory>

#include "kiosk/headless.hpp"
#include "kiosk/kiosk.hpp"
#include "kiosk/strings.hpp"
#include "platform/paths.hpp"
#include "seed.hpp"

namespace {

// A store of n reports of this kiosk and n cached public ones, opened once a size.
wk::Store& store_of(int n) {
    static std::map<int, std::unique_ptr<wk::Store>> stores;
    auto& st = stores[n];
    if (!st) st = std::make_unique<wk::Store>(wk::Store::open(wk::bench::kiosk_store_file(n)));
    return *st;
}

struct Rig {
    explicit Rig(int n) : box(wk::ContactBox::from_key(std::vector<uint8_t>(32, 5))), fe(1920, 1080) {
        wk::i18n::load_catalogs(wk::paths::asset_dir());
        wk::i18n::set_language("vi");
        ctx = ImGui::CreateContext();
        ImGui::GetIO().IniFilename = nullptr;
        wk::KioskSettings s;
        s.ward = "Phường Điện Biên";
        s.wards = {"Phường Điện Biên"};
        s.categories_file = wk::paths::asset_dir() + "/categories.json";
        app = std::make_unique<wk::App>(store_of(n), box, s, wk::bench::kNow);
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

void frames(benchmark::State& state, void (*open)(wk::App&, int)) {
    int n = static_cast<int>(state.range(0));
    Rig r(n);
    open(*r.app, n);
    int64_t now = 1795000000000;
    r.kiosk->frame(now);  // fonts are built on the first frame
    for (auto _ : state) r.kiosk->frame(now += 16);
    struct rusage ru {};
    getrusage(RUSAGE_SELF, &ru);
    state.counters["peak_rss_MB"] = static_cast<double>(ru.ru_maxrss) / 1024.0;
    state.counters["target_ms"] = 2;
    state.counters["reports"] = 2.0 * n;
}

constexpr int64_t kNow = wk::bench::kNow;
#define WK_SIZES ->Arg(10000)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond)
void BM_FrameStatistics(benchmark::State& s) { frames(s, [](wk::App& a, int) { a.open_stats(kNow); }); }
void BM_FrameBoard(benchmark::State& s) { frames(s, [](wk::App& a, int) { a.open_board(kNow); }); }
void BM_FrameCategoryTiles(benchmark::State& s) { frames(s, [](wk::App& a, int) { a.start_report(kNow); }); }
void BM_FrameLookup(benchmark::State& s) {
    frames(s, [](wk::App& a, int n) {
        a.open_lookup();
        a.look_up(wk::receipt::make(3, static_cast<uint32_t>(n / 9 * 7)), kNow);
        if (!a.state().lookup.report) std::abort();  // the code is in the store
    });
}
BENCHMARK(BM_FrameStatistics) WK_SIZES;
BENCHMARK(BM_FrameBoard) WK_SIZES;
BENCHMARK(BM_FrameCategoryTiles) WK_SIZES;
BENCHMARK(BM_FrameLookup) WK_SIZES;

void BM_FrameBoardProvince(benchmark::State& s) {
    frames(s, [](wk::App& a, int) {
        a.open_board(kNow);
        a.set_scope(wk::Scope::province, kNow);
    });
}
BENCHMARK(BM_FrameBoardProvince) WK_SIZES;

// Opening the statistics (once per visit) reads the kept tallies of this kiosk's
// reports and the ward's share of the public ones (target: 10 ms at 1M).
void BM_OpenStatistics(benchmark::State& state) {
    int n = static_cast<int>(state.range(0));
    Rig r(n);
    for (auto _ : state) r.app->open_stats(kNow);
    state.counters["reports"] = 2.0 * n;
    state.counters["target_ms"] = 10;
}
BENCHMARK(BM_OpenStatistics) WK_SIZES;

// The whole-province switch on the board: the public tallies of every ward.
void BM_SwitchToProvince(benchmark::State& state) {
    int n = static_cast<int>(state.range(0));
    Rig r(n);
    r.app->open_board(kNow);
    for (auto _ : state) r.app->set_scope(wk::Scope::province, kNow);
    state.counters["reports"] = 2.0 * n;
    state.counters["target_ms"] = 10;
}
BENCHMARK(BM_SwitchToProvince) WK_SIZES;

}  // namespace
