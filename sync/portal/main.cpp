// wardkiosk-portal: the reference Open311 portal, for development, tests and small
// deployments. Reads the config, opens the portal database (seeding the default
// categories at first start), serves until SIGTERM or SIGINT, then stops cleanly.
#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>

#include "platform/config.hpp"
#include "platform/log.hpp"
#include "platform/paths.hpp"
#include "platform/service.hpp"
#include "portal_server.hpp"
#include "staff_store.hpp"

namespace {

struct Args {
    std::string listen, db, config;
    bool help = false, version = false;
    std::string error;
};

const char* const kUsage =
    "usage: wardkiosk-portal [--listen HOST:PORT] [--db FILE] [--config FILE]\n"
    "       wardkiosk-portal --help | --version\n"
    "       wardkiosk-portal staff add|list --db FILE ...   (officers' accounts; `staff` alone: usage)\n"
    "Serves Open311 GeoReport v2 (JSON and XML) under /open311/v2/, receipt lookups under /lookup/\n"
    "and the officers' pages under /staff/.\n"
    "  --listen HOST:PORT  address to listen on (default from the config: 127.0.0.1:8311; port 0: any)\n"
    "  --db FILE           the portal's SQLite database (default from the config: portal.db)\n"
    "  --config FILE       the shared wardkiosk TOML file ([server] listen, db, api_keys, kiosk_keys)\n";

Args parse_args(int argc, char** argv) {
    Args a;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i], value;
        size_t eq = arg.find('=');
        bool inline_value = arg.rfind("--", 0) == 0 && eq != std::string::npos;
        if (inline_value) value = arg.substr(eq + 1), arg = arg.substr(0, eq);
        if (arg == "--help" || arg == "-h") a.help = true;
        else if (arg == "--version") a.version = true;
        else if (arg == "--listen" || arg == "--db" || arg == "--config") {
            if (!inline_value && i + 1 >= argc) return a.error = arg + " needs a value", a;
            if (!inline_value) value = argv[++i];
            (arg == "--listen" ? a.listen : arg == "--db" ? a.db : a.config) = value;
        } else return a.error = "unknown argument: " + arg, a;
    }
    return a;
}

// Seeds the ten default categories when the services table is empty.
void seed_if_empty(wk::portal::PortalStore& store) {
    if (!store.services().empty()) return;
    std::string path = wk::paths::asset_dir() + "/categories.json";
    int n = store.seed_services(wk::portal::load_categories(path));
    wk::log::info("seeded " + std::to_string(n) + " services from " + path);
}

int serve(const wk::Config& cfg, const std::string& host, int port, const std::string& db_path) {
    wk::portal::PortalStore store(db_path);
    seed_if_empty(store);
    wk::portal::PortalOptions options;
    options.api_keys = cfg.portal_api_keys;
    options.kiosk_keys = cfg.portal_kiosk_keys;
    options.public_url = cfg.public_url;
    options.workers = cfg.portal_workers;
    options.connections.per_address = cfg.portal_per_address;
    options.connections.request_ms = cfg.portal_request_s * 1000LL;
    if (options.api_keys.empty() && options.kiosk_keys.empty())
        wk::log::warn("no api_keys or kiosk_keys in [server]: every POST will be refused");
    else if (options.kiosk_keys.empty())
        wk::log::warn("no kiosk_keys in [server]: any api_key may file any kiosk's receipt codes and update any case");
    wk::portal::StaffStore staff(db_path);  // officers' pages under /staff/
    options.staff = &staff;
    wk::portal::PortalServer server(store, options);
    int bound = server.start(host, port);
    if (bound < 0) {
        wk::log::error("cannot listen on " + host + ":" + std::to_string(port));
        return 1;
    }
    std::fprintf(stderr, "listening on %s:%d\n", host.c_str(), bound);
    std::fflush(stderr);
    wk::service::notify("READY=1");  // Type=notify under systemd; a no-op elsewhere
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    int sig = 0;
    sigwait(&set, &sig);
    wk::log::info(std::string("stopping on ") + (sig == SIGINT ? "SIGINT" : "SIGTERM"));
    wk::service::notify("STOPPING=1");
    server.stop();
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    wk::log::set_program("wardkiosk-portal");
    if (argc > 1 && std::strcmp(argv[1], "staff") == 0) return wk::portal::staff_command(argc - 1, argv + 1, stdin);
    Args a = parse_args(argc, argv);
    if (!a.error.empty()) {
        std::fprintf(stderr, "wardkiosk-portal: %s\n%s", a.error.c_str(), kUsage);
        return 2;
    }
    if (a.help) return std::fputs(kUsage, stdout), 0;
    if (a.version) return std::printf("wardkiosk-portal %s\n", wk::version_string()), 0;
    wk::ConfigResult cr = wk::load_config(a.config);
    if (!cr.error.empty()) {
        std::fprintf(stderr, "wardkiosk-portal: %s\n", cr.error.c_str());
        return 2;
    }
    std::string listen = a.listen.empty() ? cr.config.listen : a.listen;
    auto addr = wk::portal::parse_listen(listen);
    if (!addr) {
        std::fprintf(stderr, "wardkiosk-portal: --listen wants HOST:PORT, not \"%s\"\n", listen.c_str());
        return 2;
    }
    // Block the stop signals before any thread starts, so only sigwait() sees them.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
    try {
        return serve(cr.config, addr->first, addr->second, a.db.empty() ? cr.config.portal_db : a.db);
    } catch (const std::exception& e) {
        wk::log::error(std::string("cannot start: ") + e.what());
        return 1;
    }
}
