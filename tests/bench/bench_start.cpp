// Start to first frame, as a citizen at the kiosk waits for it: the real wardkiosk
// program in a process of its own, timed from fork to the READY=1 it sends to
// $NOTIFY_SOCKET once its first frame is presented (and to its exit after the empty
// script's frames). Headless at 0, 10,000, 100,000 and 1,000,000 reports of its own plus
// as many cached public ones; windowed (when there is a display: kiosk_window.sh runs
// it under Xvfb) beside the bare GLFW window, launched in turns in the same run.
// Each figure is the median of single launches (repetitions).
#include <benchmark/benchmark.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include <fcntl.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include "seed.hpp"

namespace {

struct Launch {
    double ready_ms = -1;  // -1: READY=1 never came
    double exit_ms = -1;
    int status = -1;       // waitpid's
};

std::string bin_dir() {
    return std::filesystem::read_symlink("/proc/self/exe").parent_path().string();
}

// Runs argv with $NOTIFY_SOCKET set to a socket of ours and stdout/stderr discarded.
Launch launch(const std::vector<std::string>& argv) {
    static int serial = 0;
    std::string name = "wk-bench-" + std::to_string(getpid()) + "-" + std::to_string(++serial);
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path + 1, name.data(), name.size());  // abstract: "@name"
    socklen_t len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + name.size());
    Launch l;
    if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), len) != 0) return l;
    auto t0 = std::chrono::steady_clock::now();
    pid_t pid = fork();
    if (pid == 0) {
        setenv("NOTIFY_SOCKET", ("@" + name).c_str(), 1);
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        std::vector<char*> args;
        for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        execv(args[0], args.data());
        _exit(127);
    }
    auto ms = [&t0] { return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count(); };
    pollfd p{fd, POLLIN, 0};
    char buf[256];
    bool exited = false;
    while (l.ready_ms < 0 && !exited && ms() < 60000) {  // a program that fails exits without READY
        if (poll(&p, 1, 20) == 1) {
            ssize_t n = recv(fd, buf, sizeof buf - 1, 0);
            if (n > 0 && std::string(buf, static_cast<size_t>(n)).find("READY=1") != std::string::npos) l.ready_ms = ms();
        } else {
            exited = waitpid(pid, &l.status, WNOHANG) == pid;
        }
    }
    if (!exited) waitpid(pid, &l.status, 0);
    l.exit_ms = ms();
    close(fd);
    return l;
}

// A kiosk config over a store of `n` reports (the built config with its paths moved).
std::string kiosk_config(int n) {
    static std::map<int, std::string> made;
    if (auto it = made.find(n); it != made.end()) return it->second;
    std::string store = wk::bench::kiosk_store_file(n);
    std::ifstream in(std::string(WK_ASSET_DIR_BUILD) + "/wardkiosk.toml");
    std::ostringstream out;
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("path = ", 0) == 0) line = "path = \"" + store + "\"";
        else if (line.rfind("key_file = ", 0) == 0) line = "key_file = \"" + store + ".key\"";
        else if (line.rfind("device = ", 0) == 0) line = "device = \"none\"";
        out << line << "\n";
    }
    std::string path = (wk::bench::data_dir() / ("kiosk-" + std::to_string(n) + ".toml")).string();
    std::ofstream(path) << out.str();
    std::ofstream(wk::bench::data_dir() / "empty-script.txt").flush();  // no steps: first frames, exit
    return made[n] = path;
}

std::vector<std::string> kiosk_argv(int n, bool headless) {
    std::vector<std::string> a{bin_dir() + "/wardkiosk", "--config", kiosk_config(n), "--script",
                               (wk::bench::data_dir() / "empty-script.txt").string()};
    if (headless) a.push_back("--headless");
    return a;
}

bool ok(benchmark::State& state, const Launch& l, const char* what) {
    if (l.ready_ms >= 0 && WIFEXITED(l.status) && WEXITSTATUS(l.status) == 0) return true;
    state.SkipWithError((std::string(what) + " did not show a frame and exit cleanly").c_str());
    return false;
}

void BM_StartToFirstFrameHeadless(benchmark::State& state) {
    int n = static_cast<int>(state.range(0));
    auto argv = kiosk_argv(n, true);
    for (auto _ : state) {
        Launch l = launch(argv);
        if (!ok(state, l, "the headless kiosk")) break;
        state.SetIterationTime(l.ready_ms / 1000.0);
        state.counters["exit_ms"] = l.exit_ms;
    }
    state.counters["reports"] = 2.0 * n;
    state.counters["target_over_empty_ms"] = 10;
}
BENCHMARK(BM_StartToFirstFrameHeadless)
    ->Arg(0)->Arg(10000)->Arg(100000)->Arg(1000000)
    ->Iterations(1)->Repetitions(9)->ReportAggregatesOnly(true)
    ->UseManualTime()->Unit(benchmark::kMillisecond);

// The kiosk (empty store) and the bare window in turns; the time is the kiosk's, the
// counters the floor's and the gap of each pair.
void BM_FirstFrameWindowed(benchmark::State& state) {
    auto argv = kiosk_argv(0, false);
    std::vector<std::string> bare{bin_dir() + "/wardkiosk-bare-window"};
    for (auto _ : state) {
        Launch b = launch(bare), k = launch(argv);
        if (!ok(state, b, "the bare window") || !ok(state, k, "the kiosk")) break;
        state.SetIterationTime(k.ready_ms / 1000.0);
        state.counters["bare_ms"] = b.ready_ms;
        state.counters["gap_ms"] = k.ready_ms - b.ready_ms;
        state.counters["exit_ms"] = k.exit_ms;
        state.counters["bare_exit_ms"] = b.exit_ms;
        state.counters["target_gap_ms"] = 60;
    }
}
// Only with a display (a real window): registered at start, not skipped with an error.
const bool g_windowed = [] {
    if (const char* d = std::getenv("DISPLAY"); d && *d)
        benchmark::RegisterBenchmark("BM_FirstFrameWindowed", BM_FirstFrameWindowed)
            ->Iterations(1)->Repetitions(15)->ReportAggregatesOnly(true)
            ->UseManualTime()->Unit(benchmark::kMillisecond);
    return true;
}();

}  // namespace
