// The wardkiosk-portal program as an operator runs it: a child process with a config
// file, an ephemeral port announced on stderr, real HTTP, and a clean stop on SIGTERM.
#include <gtest/gtest.h>
#include <httplib.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>

#include "sync/open311.hpp"
#include "sync/receipt_code.hpp"

extern char** environ;

namespace {

const std::string kProgram = std::string(WK_BIN_DIR) + "/wardkiosk-portal";

// A child process with its stderr on a pipe.
struct Child {
    pid_t pid = -1;
    int err = -1;

    explicit Child(std::vector<std::string> args) {
        int fds[2];
        if (pipe(fds) != 0) return;
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_adddup2(&fa, fds[1], 2);
        posix_spawn_file_actions_addclose(&fa, fds[0]);
        args.insert(args.begin(), kProgram);
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        if (posix_spawn(&pid, kProgram.c_str(), &fa, nullptr, argv.data(), environ) != 0) pid = -1;
        posix_spawn_file_actions_destroy(&fa);
        close(fds[1]);
        err = fds[0];
    }
    ~Child() {
        if (pid > 0) {
            kill(pid, SIGKILL);
            waitpid(pid, nullptr, 0);
        }
        if (err >= 0) close(err);
    }
    // Reads stderr until a line matches `re` or `seconds` pass; returns the match.
    std::smatch wait_line(const std::regex& re, int seconds, std::string& seen) {
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
        std::smatch m;
        while (std::chrono::steady_clock::now() < deadline) {
            pollfd p{err, POLLIN, 0};
            if (poll(&p, 1, 100) <= 0) continue;
            char buf[512];
            ssize_t n = read(err, buf, sizeof buf);
            if (n <= 0) break;
            seen.append(buf, static_cast<size_t>(n));
            if (std::regex_search(seen, m, re)) return m;
        }
        return m;
    }
    int wait_exit() {
        int status = 0;
        waitpid(pid, &status, 0);
        pid = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
};

TEST(PortalProgram, OperatorStartsItFromTheConfigFileAndStopsItWithSigterm) {
    char tmpl[] = "/tmp/wk-portal-main-XXXXXX";
    std::string dir = mkdtemp(tmpl);
    std::ofstream(dir + "/wardkiosk.toml") << "[server]\nlisten = \"127.0.0.1:1\"\ndb = \"portal.db\"\n"
                                              "api_keys = [\"demo-kiosk-key\"]\n";
    Child portal({"--config", dir + "/wardkiosk.toml", "--listen", "127.0.0.1:0"});
    ASSERT_GT(portal.pid, 0);
    std::string seen;
    auto m = portal.wait_line(std::regex("listening on 127\\.0\\.0\\.1:([0-9]+)\n"), 30, seen);
    ASSERT_FALSE(m.empty()) << seen;
    int port = std::stoi(m[1].str());

    httplib::Client http("127.0.0.1", port);
    auto services = http.Get("/open311/v2/services.json");
    ASSERT_TRUE(services);
    std::string why;
    auto list = wk::open311::parse_services(services->body, why);
    ASSERT_TRUE(list) << why;
    EXPECT_EQ(list->size(), 10u);
    wk::open311::PostRequest r;
    r.api_key = "demo-kiosk-key";
    r.service_code = "khac";
    r.description = "Thử nghiệm";
    r.address_string = "Phường Điện Biên";
    auto created = http.Post("/open311/v2/requests.json", wk::open311::encode_form(r), "application/x-www-form-urlencoded");
    ASSERT_TRUE(created);
    EXPECT_EQ(created->status, 201);
    EXPECT_TRUE(std::filesystem::exists(dir + "/portal.db"));  // the db path is relative to the config

    kill(portal.pid, SIGTERM);
    EXPECT_EQ(portal.wait_exit(), 0);
    std::filesystem::remove_all(dir);
}

TEST(PortalProgram, KioskKeysInTheConfigSpeakOnlyForTheirKiosk) {
    char tmpl[] = "/tmp/wk-portal-main-XXXXXX";
    std::string dir = mkdtemp(tmpl);
    std::ofstream(dir + "/wardkiosk.toml") << "[server]\ndb = \"portal.db\"\nkiosk_keys = { 4 = \"kiosk-4-key\" }\n";
    Child portal({"--config", dir + "/wardkiosk.toml", "--listen", "127.0.0.1:0"});
    std::string seen;
    auto m = portal.wait_line(std::regex("listening on 127\\.0\\.0\\.1:([0-9]+)\n"), 30, seen);
    ASSERT_FALSE(m.empty()) << seen;
    httplib::Client http("127.0.0.1", std::stoi(m[1].str()));
    wk::open311::PostRequest r;
    r.api_key = "kiosk-4-key";
    r.service_code = "khac";
    r.description = "Thử nghiệm";
    r.address_string = "Phường Điện Biên";
    r.attributes["kiosk_receipt"] = wk::receipt::make(5, 1);
    auto theirs = http.Post("/open311/v2/requests.json", wk::open311::encode_form(r), "application/x-www-form-urlencoded");
    ASSERT_TRUE(theirs);
    EXPECT_EQ(theirs->status, 403);
    r.attributes["kiosk_receipt"] = wk::receipt::make(4, 1);
    auto own = http.Post("/open311/v2/requests.json", wk::open311::encode_form(r), "application/x-www-form-urlencoded");
    ASSERT_TRUE(own);
    EXPECT_EQ(own->status, 201);
    kill(portal.pid, SIGTERM);
    EXPECT_EQ(portal.wait_exit(), 0);
    std::filesystem::remove_all(dir);
}

TEST(PortalProgram, VersionAndHelpAnswerWithoutStartingAServer) {
    {
        Child version({"--version"});
        EXPECT_EQ(version.wait_exit(), 0);
    }
    Child help({"--help"});
    EXPECT_EQ(help.wait_exit(), 0);
    Child wrong({"--listen", "nowhere"});
    std::string seen;
    wrong.wait_line(std::regex("HOST:PORT"), 10, seen);
    EXPECT_EQ(wrong.wait_exit(), 2);
    EXPECT_NE(seen.find("HOST:PORT"), std::string::npos);
}

}  // namespace
