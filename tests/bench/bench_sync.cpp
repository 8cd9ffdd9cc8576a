// Sync benchmarks against the reference portal on loopback (real HTTP, real SQLite
// files on the build folder's disk, both with synchronous=FULL):
//  BM_DrainBacklog: the agent drains 10,000 queued reports; beside it, the raw rate of
//    the same POST endpoint (the same libcurl client posting ready-made forms, no
//    kiosk store), measured in the same run, half just before the drain and half just
//    after. Target: drain >= 70 % of raw.
//  BM_StatusPull: 100,000 reports on the portal, 1,000 of them this kiosk's open cases,
//    10 changed since the last pull: requests and bytes per pull (target <= 2 and
//    16 KB), and the same pull by case number, as for a portal without the extension.
//  BM_PortalListing: GET /requests.json on a portal holding 1,000,000 requests of one
//    year, for each kind of filter (none, a status group, one status matching nothing,
//    a service, a service and a status group). Target: 10 ms each.
#include <benchmark/benchmark.h>

#include <chrono>
#include <filesystem>
#include <memory>

#include "agent.hpp"
#include "portal_server.hpp"
#include "sync/receipt_code.hpp"

namespace {
using namespace wk;
using Clock = std::chrono::steady_clock;

const char* const kKey = "bench-key";
constexpr UnixMs kStart = 1795000000000;

std::string fresh_dir(const std::string& name) {
    auto d = std::filesystem::current_path() / "wardkiosk-bench-data" / name;
    std::filesystem::remove_all(d);
    std::filesystem::create_directories(d);
    return d.string();
}

// The portal's database lives where the kiosk's does not: in deployment they are two
// machines, and on one disk every portal fsync would also flush the kiosk's writes
// (ext4, data=ordered), charging the province's disk to the kiosk. /dev/shm when it
// exists; both the drain and the raw rate are measured against the same portal setup.
std::string portal_dir() {
    std::string d = std::filesystem::exists("/dev/shm") ? "/dev/shm/wardkiosk-bench-portal" : fresh_dir("drain-portal");
    std::filesystem::remove_all(d);
    std::filesystem::create_directories(d);
    return d;
}

// A portal on loopback with the province's ten fields and a clock the bench sets.
struct Portal {
    explicit Portal(const std::string& dir)
        : store(dir + "/portal.db"), server(store, options(&now)) {
        store.seed_services(portal::load_categories(std::string(WK_ASSET_DIR_BUILD) + "/categories.json"));
        port = server.start("127.0.0.1", 0);
    }
    static portal::PortalOptions options(UnixMs* now) {
        portal::PortalOptions o;
        o.api_keys = {kKey};
        o.clock = [now] { return *now; };
        return o;
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port) + "/open311/v2"; }
    UnixMs now = kStart;
    portal::PortalStore store;
    portal::PortalServer server;
    int port = -1;
};

agent::AgentConfig agent_config(const std::string& url) {
    agent::AgentConfig c;
    c.base_url = url;
    c.api_key = kKey;
    c.pull_public = false;
    c.pull_interval_ms = 30000;
    return c;
}

Draft draft(int i) {
    Draft d;
    d.service_code = "moi-truong";
    d.description = "Rác thải đổ trộm ở đầu ngõ số " + std::to_string(i) + ", bốc mùi khó chịu.";
    d.ward = "Phường Điện Biên";
    d.address = "Ngõ " + std::to_string(i) + " Điện Biên Phủ";
    return d;
}

// The raw rate: the same endpoint, the same client, the same forms and headers the
// agent sends (agent::post_request; other receipt codes, numbered from `first`, so
// none is a replay), made before the clock starts. What the drain takes beyond this is
// the agent's own work. Returns the seconds taken.
double raw_posts_s(const std::string& url, int n, int first) {
    std::vector<std::string> forms, keys;
    for (int i = 0; i < n; ++i) {
        OutboxItem item;
        item.code = receipt::make(9, static_cast<uint32_t>(first + i));
        item.draft = draft(i);
        forms.push_back(open311::encode_form(agent::post_request(item, agent_config(url))));
        keys.push_back("Idempotency-Key: " + item.code);
    }
    agent::HttpClient http({5, 30});
    auto t0 = Clock::now();
    for (int i = 0; i < n; ++i)
        http.post_form(url + "/requests.json", forms[static_cast<size_t>(i)],
                       {keys[static_cast<size_t>(i)], "Accept: application/json"});
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

void BM_DrainBacklog(benchmark::State& state) {
    const int n = static_cast<int>(state.range(0));
    for (auto _ : state) {
        state.PauseTiming();
        std::string dir = fresh_dir("drain");
        Portal portal(portal_dir());
        Store store = Store::open(dir + "/kiosk.db");
        ContactBox box = ContactBox::from_key(std::vector<uint8_t>(32, 7));
        for (int i = 0; i < n; ++i) store.submit(draft(i), 1, box, kStart);
        store.write_without_fsync();  // from here on, this connection is the agent's (as in wardkiosk-sync)
        agent::HttpClient http({5, 30});
        agent::Agent a(store, http, box, agent_config(portal.url()), [] { return 0.5; });
        // The raw rate is measured just before and just after the drain, half each, so
        // a slow spell of this shared machine weighs on both sides alike.
        double raw_s = raw_posts_s(portal.url(), n / 2, 1);
        state.ResumeTiming();
        auto t0 = Clock::now();
        agent::PassResult r = a.run_once(kStart);
        double drain = r.uploaded / std::chrono::duration<double>(Clock::now() - t0).count();
        state.PauseTiming();
        raw_s += raw_posts_s(portal.url(), n - n / 2, n / 2 + 1);
        double raw = n / raw_s;
        state.counters["drain_per_s"] = drain;
        state.counters["raw_per_s"] = raw;
        state.counters["drain_vs_raw_pct"] = 100.0 * drain / raw;
        state.counters["uploaded"] = r.uploaded;
        state.ResumeTiming();
    }
}
BENCHMARK(BM_DrainBacklog)->Arg(10000)->Iterations(1)->Repetitions(3)->Unit(benchmark::kSecond)->UseRealTime();

// 100,000 reports on the portal (bulk, untimed); the first 1,000 are this kiosk's.
void seed_cases(Portal& portal, Store& store, std::vector<std::string>& ours) {
    portal.store.db().exec("PRAGMA synchronous = OFF");
    db::Transaction t(store.db());
    auto ins = store.db().prepare(
        "INSERT INTO reports (code, service_code, description, ward, channel, created_at, sync_state, "
        "service_request_id, status) VALUES (?, 'moi-truong', 'x', 'Phường Điện Biên', 'self', ?, 'acknowledged', ?, 'open')");
    for (int i = 0; i < 100000; ++i) {
        portal::NewRequest q;
        q.service_code = "moi-truong";
        q.description = draft(i).description;
        q.address = draft(i).address;
        UnixMs at = kStart - 80LL * 86400000 + i * 60000LL;
        std::string id = portal.store.create_request(q, at, "HN").service_request_id;
        if (i >= 1000) continue;
        ours.push_back(id);
        ins.bind(1, receipt::make(1, static_cast<uint32_t>(i + 1))).bind(2, at).bind(3, id).run();
        ins.reset();
    }
    t.commit();
    portal.store.db().exec("PRAGMA synchronous = FULL");
}

void status_pull(benchmark::State& state, bool by_id) {
    std::string dir = fresh_dir(by_id ? "pull-by-id" : "pull");
    Portal portal(dir);
    Store store = Store::open(dir + "/kiosk.db");
    ContactBox box = ContactBox::from_key(std::vector<uint8_t>(32, 7));
    std::vector<std::string> ours;
    seed_cases(portal, store, ours);
    store.write_without_fsync();  // the agent's connection, as in wardkiosk-sync
    agent::HttpClient http({5, 30});
    agent::Agent a(store, http, box, agent_config(portal.url()), [] { return 0.5; });
    UnixMs now = kStart;
    a.run_once(now);  // services and the first sweep; the updates cursor starts here
    if (by_id) store.set_value("agent.updates", "no"), store.set_value("agent.updates_checked", std::to_string(now));
    int64_t requests = 0, bytes = 0, changed = 0, pulls = 0;
    for (auto _ : state) {
        state.PauseTiming();
        now += 30000;
        portal.now = now;
        for (int k = 0; k < 10; ++k) {
            portal::NewUpdate u;
            u.service_request_id = ours[static_cast<size_t>((pulls * 10 + k) % 1000)];
            u.status = pulls % 2 ? "fixed" : "in_progress";
            u.description = "Đã giao đơn vị xử lý.";
            portal.store.add_update(u, now - 5000);
        }
        int r0 = http.requests_made();
        long b0 = http.bytes_received();
        state.ResumeTiming();
        agent::PassResult r = a.run_once(now);
        state.PauseTiming();
        requests += http.requests_made() - r0;
        bytes += http.bytes_received() - b0;
        changed += r.statuses_changed;
        ++pulls;
        state.ResumeTiming();
    }
    state.counters["requests_per_pull"] = static_cast<double>(requests) / static_cast<double>(pulls);
    state.counters["KB_per_pull"] = static_cast<double>(bytes) / 1024.0 / static_cast<double>(pulls);
    state.counters["changed_per_pull"] = static_cast<double>(changed) / static_cast<double>(pulls);
}

void BM_StatusPull(benchmark::State& state) { status_pull(state, false); }
void BM_StatusPullByCaseNumber(benchmark::State& state) { status_pull(state, true); }
BENCHMARK(BM_StatusPull)->Iterations(50)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_StatusPullByCaseNumber)->Iterations(20)->Unit(benchmark::kMillisecond)->UseRealTime();

// A year of a million requests over the province's ten fields and four statuses,
// written straight into the portal's table (set-up only; requested_at is what counts).
Portal& million_portal() {
    static Portal* portal = [] {
        auto* p = new Portal(fresh_dir("listing"));
        p->store.db().exec("PRAGMA synchronous = OFF");
        p->store.db().exec(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000),"
            " codes AS (SELECT code, row_number() OVER (ORDER BY code) - 1 AS k FROM services)"
            " INSERT INTO requests (id, service_request_id, service_code, description, payload_hash, status,"
            " requested_at, updated_at)"
            " SELECT i, 'HN-2026-' || printf('%07d', i), (SELECT code FROM codes WHERE k = i % 10), 'x', 'h',"
            " CASE i % 4 WHEN 0 THEN 'open' WHEN 1 THEN 'in_progress' WHEN 2 THEN 'fixed' ELSE 'closed' END,"
            " " + std::to_string(kStart - 365LL * 86400000) + " + i * 31536, " +
            std::to_string(kStart) + " FROM n");
        p->store.db().exec("PRAGMA synchronous = FULL; ANALYZE");
        return p;
    }();
    return *portal;
}

void BM_PortalListing(benchmark::State& state) {
    static const char* const queries[] = {"", "?status=open", "?status=reopen", "?service_code=moi-truong",
                                          "?service_code=moi-truong&status=open"};
    Portal& portal = million_portal();
    std::string query = queries[state.range(0)];
    httplib::Client http("127.0.0.1", portal.port);
    size_t rows = 0;
    for (auto _ : state) {
        auto res = http.Get(("/open311/v2/requests.json" + query).c_str());
        state.PauseTiming();  // the client's parsing is not the portal's time
        if (!res || res->status != 200) state.SkipWithError("GET /requests failed");
        std::string why;
        auto list = res ? open311::parse_requests(res->body, why) : std::nullopt;
        rows = list ? list->size() : 0;
        state.ResumeTiming();
    }
    state.SetLabel(query.empty() ? "no filter" : query);
    state.counters["rows"] = static_cast<double>(rows);
    state.counters["target_ms"] = 10;
}
BENCHMARK(BM_PortalListing)
    ->DenseRange(0, 4)->Iterations(20)->Repetitions(10)->ReportAggregatesOnly(true)  // medians: the first pass is cold
    ->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
