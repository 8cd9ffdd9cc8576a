// wardkiosk-sync: the background agent (daemon by default, or --once), plus the
// `status`, `enqueue` and `backup` commands. Wires config, store, HTTP client and Agent.
#include <chrono>
#include <csignal>
#include <cstring>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "agent.hpp"
#include "clock_watch.hpp"
#include "enqueue.hpp"
#include "staff_command.hpp"
#include "platform/config.hpp"
#include "platform/files.hpp"
#include "platform/log.hpp"
#include "platform/paths.hpp"
#include "platform/service.hpp"
#include "sync/backup.hpp"
#include "sync/open311.hpp"
#include "sync/store_guard.hpp"

namespace {

std::atomic<bool> g_stop{false};
void on_signal(int) { g_stop = true; }

int64_t monotonic_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

const char* kUsage =
    "usage: wardkiosk-sync [--config FILE] [--once]      run the agent (daemon unless --once)\n"
    "       wardkiosk-sync [--config FILE] status        print the queue and agent health as JSON\n"
    "       wardkiosk-sync [--config FILE] enqueue FILE  queue reports from JSON lines ('-' = stdin)\n"
    "       wardkiosk-sync [--config FILE] backup FILE   copy the store to FILE while everything runs\n"
    "       wardkiosk-sync [--config FILE] staff add --id ID --name NAME   add an officer (PIN from stdin, twice)\n"
    "       wardkiosk-sync [--config FILE] staff list    the officers' ids and names\n"
    "       wardkiosk-sync --help | --version\n"
    "\n"
    "Uploads queued reports to the Open311 portal named in the config and pulls back\n"
    "statuses and categories. SIGTERM stops it cleanly; nothing queued is lost.\n"
    "A damaged store found at start is moved aside and a fresh one started.\n"
    "One agent per store: a second one on the same store refuses to start (exit 4).\n"
    "`backup` writes FILE.tmp, checks it, then renames it to FILE (restoring: packaging/RESTORE.md).\n";

struct Args {
    std::string config, command = "run", file;
    std::vector<std::string> rest;  // after "staff"
    bool once = false;
};

bool parse_args(int argc, char** argv, Args& a) {
    for (int i = 1; i < argc; ++i) {
        std::string s = argv[i];
        if (s == "--config" && i + 1 < argc) a.config = argv[++i];
        else if (s == "--once") a.once = true;
        else if (s == "status") a.command = "status";
        else if (s == "staff") {
            a.command = "staff";
            a.rest.assign(argv + i + 1, argv + argc);
            return true;
        }
        else if ((s == "enqueue" || s == "backup") && i + 1 < argc) {
            a.command = s;
            a.file = argv[++i];
        } else return false;
    }
    return true;
}

int run_backup(const std::string& db_path, const std::string& dest) {
    wk::BackupResult r = wk::backup_store(db_path, dest);
    if (!r.error.empty()) return std::cerr << "wardkiosk-sync: " << r.error << "\n", 1;
    std::cout << r.reports << " reports copied to " << dest << "\n";
    return 0;
}

int print_status(wk::Store& store, wk::UnixMs now) {
    wk::QueueCounts c = store.counts();
    nlohmann::json j = {{"queued", c.queued}, {"waiting_for_case_number", c.token},
                        {"acknowledged", c.acknowledged}, {"needs_attention", c.attention},
                        {"updates_waiting", c.updates}};
    j["oldest_pending_age_s"] = c.oldest_pending_at ? (now - c.oldest_pending_at) / 1000 : 0;
    for (const char* k : {"upload", "pull", "services", "public", "update", "health"}) {
        j["last_success"][k] = store.value(std::string("agent.last_ok.") + k).value_or("");
        j["last_error"][k] = store.value(std::string("agent.last_error.") + k).value_or("");
    }
    j["last_error"]["config"] = store.value("agent.last_error.config").value_or("");
    j["next_attempt"] = store.value("agent.next_attempt").value_or("");
    // The portal's clock minus this PC's, in seconds; null until the agent has heard it.
    if (auto offset = store.clock_offset()) j["clock_offset_s"] = *offset / 1000;
    else j["clock_offset_s"] = nullptr;
    std::cout << j.dump(2) << "\n";
    return 0;
}

int run_agent(wk::Store& store, const wk::Config& cfg, const wk::ContactBox& box, bool once) {
    store.write_without_fsync();  // all it writes can be learnt again; each pass ends flushed
    wk::agent::HttpOptions options{cfg.connect_timeout_s, cfg.request_timeout_s, 8u << 20, &g_stop, cfg.ca_file,
                                   cfg.pinned_pubkey, cfg.proxy};
    // The agent's time: this PC's clock, or the portal's when they are a minute apart or
    // more (a dead CMOS battery), learnt from each answer's Date header.
    wk::agent::ClockWatch clock(store);
    bool clock_moved = false;
    auto now_ms = [&clock] { return clock.now(wk::wall_clock_ms()); };
    options.clock = now_ms;  // when each answer arrived: a Retry-After counts from then
    options.on_server_time = [&](wk::UnixMs date, wk::UnixMs at) { clock_moved |= clock.learn(date, at); };
    wk::agent::HttpClient http(options);
    wk::agent::AgentConfig ac;
    ac.base_url = cfg.portal_url;
    ac.api_key = cfg.api_key;
    ac.jurisdiction_id = cfg.jurisdiction_id;
    ac.format = cfg.format == "xml" ? wk::open311::Format::xml : wk::open311::Format::json;
    ac.attention_after_400 = cfg.attention_after_400;
    ac.pull_public = cfg.pull_public;
    ac.wards = cfg.wards;
    ac.wards.push_back(cfg.ward);
    ac.kiosk_id = cfg.kiosk_id;
    ac.province = cfg.province;
    ac.report_health = true;
    ac.ward_positions = cfg.ward_positions;
    if (cfg.position_fallback) {
        ac.lat = cfg.lat;
        ac.lon = cfg.lon;
    }
    ac.backoff.cap_ms = static_cast<wk::UnixMs>(cfg.max_backoff_s) * 1000;
    ac.pull_interval_ms = static_cast<wk::UnixMs>(cfg.poll_interval_s) * 1000;
    // The board's figures on the same poll: each pull asks only from its cursor on.
    ac.public_interval_ms = ac.pull_interval_ms;
    std::string err;
    ac.default_categories = wk::load_categories_file(wk::paths::asset_dir() + "/categories.json", err);
    // Under systemd (Type=notify): ready once the store is open, then a watchdog ping
    // when due, each loop turn and after each upload request within a pass (a backlog
    // on a slow link is one long pass); an agent stuck longer than that is restarted.
    wk::service::Watchdog watchdog(wk::service::watchdog_interval_ms());
    ac.alive = [&watchdog] { watchdog.ping_if_due(monotonic_ms()); };
    std::mt19937_64 rng(std::random_device{}());
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    wk::agent::Agent agent(store, http, box, ac, [&] { return unit(rng); });
    std::string last_sync_now = store.value("sync.now").value_or("");
    if (!once) wk::service::notify("READY=1");
    while (!g_stop) {
        watchdog.ping_if_due(monotonic_ms());
        wk::UnixMs now = now_ms();
        // Taken before the pass: what the kiosk writes during it ("sync now", a new
        // report) wakes the agent as soon as the pass ends.
        int64_t seen = store.data_version();
        auto r = agent.run_once(now);
        if (r.uploaded || r.statuses_changed)
            wk::log::info("pass: " + std::to_string(r.uploaded) + " uploaded, " +
                          std::to_string(r.statuses_changed) + " status changes");
        if (once) return r.network_ok ? 0 : 3;
        if (clock_moved) {  // what was due on the old clock is looked at again on the new one
            clock_moved = false;
            agent.sync_now(now_ms());
        }
        // Sleep until work is due, waking early when the kiosk writes to the store.
        wk::UnixMs wake = agent.next_wake(now_ms());
        while (!g_stop && now_ms() < wake) {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            watchdog.ping_if_due(monotonic_ms());
            if (store.data_version() == seen) continue;
            std::string s = store.value("sync.now").value_or("");
            if (s != last_sync_now) {
                last_sync_now = s;
                agent.sync_now(now_ms());
            }
            break;
        }
    }
    wk::service::notify("STOPPING=1");
    wk::log::info("stopped");
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    wk::log::set_program("wardkiosk-sync");
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--help")) return std::cout << kUsage, 0;
        if (!std::strcmp(argv[i], "--version")) return std::cout << "wardkiosk-sync " << wk::version_string() << "\n", 0;
    }
    Args args;
    if (!parse_args(argc, argv, args)) return std::cerr << kUsage, 2;
    auto loaded = wk::load_config(args.config);
    if (!loaded.error.empty()) return std::cerr << loaded.error << "\n", 2;
    const wk::Config& cfg = loaded.config;
    if (args.command == "backup") return run_backup(cfg.db_path, args.file);  // never sets the store aside
    if (args.command == "staff") return wk::agent::staff_command(args.rest, cfg.staff_file, std::cin, std::cout, std::cerr);
    struct sigaction sa{};
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGINT, &sa, nullptr);
    // One agent per store: two would both read the same due report and post it twice.
    // The lock is the kernel's (flock), so a killed agent never leaves a stale one.
    std::optional<wk::files::ExclusiveLock> agent_lock;
    if (args.command == "run") {
        agent_lock.emplace(cfg.db_path + ".agent-lock");
        if (!agent_lock->held()) {
            std::cerr << "wardkiosk-sync: another wardkiosk-sync is already running on the store " << cfg.db_path
                      << "; not starting a second one (" << agent_lock->error() << ")\n";
            return 4;
        }
    }
    try {
        auto opened = wk::open_checked(cfg.db_path, wk::wall_clock_ms(), cfg.kiosk_id);
        if (opened.set_aside) wk::log::warn(wk::set_aside_message(opened));
        else if (!opened.checked_because.empty()) wk::log::info("store checked at start (" + opened.checked_because + "): ok");
        wk::Store& store = opened.store;
        // This PC's clock, corrected by the portal's once the agent has learnt it.
        wk::UnixMs now = wk::agent::ClockWatch(store).now(wk::wall_clock_ms());
        if (args.command == "status") return print_status(store, now);
        std::string err;
        auto box = wk::ContactBox::open_or_create(cfg.key_file, err);
        if (!box) return std::cerr << "wardkiosk-sync: " << err << "\n", 2;
        if (args.command == "enqueue") {
            std::ifstream f;
            if (args.file != "-") {
                f.open(args.file);
                if (!f) return std::cerr << "wardkiosk-sync: cannot open " << args.file << "\n", 2;
            }
            auto cats = wk::offered_categories(store, wk::paths::asset_dir() + "/categories.json");
            auto r = wk::agent::enqueue_lines(args.file == "-" ? std::cin : f, std::cout, std::cerr, store, *box, cats,
                                              cfg.kiosk_id, cfg.ward, cfg.province, now);
            std::cerr << r.stored << " queued, " << r.rejected << " rejected\n";
            return r.rejected ? 1 : 0;
        }
        return run_agent(store, cfg, *box, args.once);
    } catch (const wk::db::Error& e) {
        std::cerr << "wardkiosk-sync: store: " << e.what() << "\n";
        return 2;
    }
}
