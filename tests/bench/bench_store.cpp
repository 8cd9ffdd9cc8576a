// Store benchmarks: submitting a report until it is durable (fsynced, WAL,
// synchronous=FULL) with 100,000 reports already stored, and looking a report up by
// its receipt code among 1,000,000, and opening the store at start with and without its
// full check. Runs on a real file in the build folder's disk.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <random>
#include <set>

#include "sync/receipt_code.hpp"
#include "sync/store.hpp"
#include "sync/store_guard.hpp"

namespace {

std::filesystem::path bench_dir() {
    auto d = std::filesystem::current_path() / "wardkiosk-bench-data";
    std::filesystem::create_directories(d);
    return d;
}

// Bulk-loads `n` reports of kiosk 2 in one transaction (a setup shortcut; the
// measured path is Store::submit).
void seed(wk::Store& store, int n) {
    wk::db::Transaction t(store.db());
    auto s = store.db().prepare(
        "INSERT INTO reports (code, service_code, description, ward, channel, created_at, sync_state, "
        "service_request_id, status) VALUES (?, 'moi-truong', ?, 'Phường Điện Biên', 'self', ?, ?, ?, ?)");
    for (int i = 1; i <= n; ++i) {
        bool acked = i % 10 != 0;
        s.bind(1, wk::receipt::make(2, static_cast<uint32_t>(i)))
            .bind(2, "Rác thải đổ trộm ở đầu ngõ " + std::to_string(i))
            .bind(3, int64_t{1767225600000} + i * 1000)
            .bind(4, acked ? "acknowledged" : "queued")
            .bind(5, acked ? "HN-" + std::to_string(i) : "")
            .bind(6, acked ? "open" : "")
            .run();
        s.reset();
    }
    store.db().prepare("INSERT OR REPLACE INTO kiosk_sequence (kiosk_id, last) VALUES (2, ?)").bind(1, n).run();
    t.commit();
}

wk::Store fresh_store(const std::string& name, int n) {
    auto path = bench_dir() / name;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
    wk::Store store = wk::Store::open(path.string());
    seed(store, n);
    return store;
}

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

void BM_SubmitDurable(benchmark::State& state) {
    wk::Store store = fresh_store("submit.db", 100000);
    auto box = wk::ContactBox::from_key(std::vector<uint8_t>(32, 7));
    wk::Draft d;
    d.service_code = "ha-tang-do-thi";
    d.description = "Đèn đường trước số 25 phố Đội Cấn không sáng từ tối thứ hai.";
    d.ward = "Phường Điện Biên";
    d.contact = {"Nguyễn Văn An", "0912345678"};
    std::vector<double> ms;
    int64_t now = 1795000000000;
    for (auto _ : state) {
        auto t0 = std::chrono::steady_clock::now();
        auto r = store.submit(d, 2, box, now++);
        auto t1 = std::chrono::steady_clock::now();
        benchmark::DoNotOptimize(r);
        ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
    state.counters["p50_ms"] = percentile(ms, 0.50);
    state.counters["p99_ms"] = percentile(ms, 0.99);
    state.counters["target_p99_ms"] = 20;
}
BENCHMARK(BM_SubmitDurable)->Iterations(500)->Unit(benchmark::kMillisecond);

void BM_LookupByCode(benchmark::State& state) {
    static wk::Store store = fresh_store("lookup.db", 1000000);
    std::mt19937 rng(42);
    std::uniform_int_distribution<uint32_t> pick(1, 1000000);
    std::vector<double> ms;
    for (auto _ : state) {
        std::string code = wk::receipt::make(2, pick(rng));
        auto t0 = std::chrono::steady_clock::now();
        auto r = store.find(code);
        auto t1 = std::chrono::steady_clock::now();
        if (!r) state.SkipWithError("a stored code was not found");
        ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
    state.counters["p50_ms"] = percentile(ms, 0.50);
    state.counters["p99_ms"] = percentile(ms, 0.99);
    state.counters["target_ms"] = 1;
}
BENCHMARK(BM_LookupByCode)->Iterations(20000)->Unit(benchmark::kMicrosecond);

// Opening the store at start (open_checked, then closing it) after a clean shutdown,
// beside the same open with the full integrity check that every start paid before
// (arg 2 = 1), at 10,000, 100,000 and 1,000,000 reports. The files are built once a
// size and checked once, as a kiosk's first start after the upgrade does.
void BM_StartOpen(benchmark::State& state) {
    int n = static_cast<int>(state.range(0));
    bool full = state.range(1) != 0;
    auto path = (bench_dir() / ("start-" + std::to_string(n) + ".db")).string();
    static std::set<int> built;
    if (built.insert(n).second) {
        { wk::Store s = fresh_store("start-" + std::to_string(n) + ".db", n); }
        wk::open_checked(path, 1795000000000, 2);
    }
    for (auto _ : state) {
        auto o = wk::open_checked(path, 1795000000000, 2, full ? wk::CheckPolicy::always : wk::CheckPolicy::when_needed);
        if (o.set_aside || o.checked_because.empty() == full) state.SkipWithError("the check ran when it should not");
        benchmark::DoNotOptimize(o);
    }
    state.counters["reports"] = n;
}
BENCHMARK(BM_StartOpen)
    ->ArgsProduct({{10000, 100000, 1000000}, {0, 1}})
    ->Iterations(5)
    ->Repetitions(3)
    ->ReportAggregatesOnly(true)
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
