// The systemd notify protocol (platform/service.hpp) against a real AF_UNIX datagram
// socket made here, by path and in the abstract namespace; the watchdog's cadence; and
// the wardkiosk-sync and wardkiosk-portal programs announcing READY=1 (and the agent
// its watchdog pings and STOPPING=1) when started with $NOTIFY_SOCKET as systemd would.
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstddef>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "agent_process.hpp"
#include "notify_socket.hpp"
#include "platform/service.hpp"
#include "temp_dir.hpp"

namespace {
using namespace wk;
using namespace std::chrono_literals;
using wk::test::NotifySocket;

class ServiceNotify : public ::testing::Test {
  protected:
    test::TempDir dir;
    void TearDown() override {
        ::unsetenv("NOTIFY_SOCKET");
        ::unsetenv("WATCHDOG_USEC");
        ::unsetenv("WATCHDOG_PID");
    }
};

TEST_F(ServiceNotify, sends_each_state_as_one_datagram_to_a_socket_path) {
    NotifySocket sock(dir.file("notify"));
    ::setenv("NOTIFY_SOCKET", dir.file("notify").c_str(), 1);
    EXPECT_TRUE(service::notify("READY=1"));
    EXPECT_TRUE(service::notify("STOPPING=1"));
    EXPECT_EQ(sock.receive(), "READY=1");
    EXPECT_EQ(sock.receive(), "STOPPING=1");
}

TEST_F(ServiceNotify, reaches_an_abstract_socket_named_with_an_at_sign) {
    std::string name = "@wk-test-notify-" + std::to_string(::getpid());
    NotifySocket sock(name);
    ::setenv("NOTIFY_SOCKET", name.c_str(), 1);
    EXPECT_TRUE(service::notify("READY=1"));
    EXPECT_EQ(sock.receive(), "READY=1");
}

TEST_F(ServiceNotify, does_nothing_outside_systemd_or_when_nobody_listens) {
    ::unsetenv("NOTIFY_SOCKET");
    EXPECT_FALSE(service::notify("READY=1"));
    ::setenv("NOTIFY_SOCKET", dir.file("nobody").c_str(), 1);
    EXPECT_FALSE(service::notify("READY=1"));
    ::setenv("NOTIFY_SOCKET", "relative/name", 1);
    EXPECT_FALSE(service::notify("READY=1"));
}

TEST_F(ServiceNotify, reads_the_watchdog_interval_only_for_this_process) {
    EXPECT_EQ(service::watchdog_interval_ms(), 0);
    ::setenv("WATCHDOG_USEC", "30000000", 1);
    EXPECT_EQ(service::watchdog_interval_ms(), 30000);
    ::setenv("WATCHDOG_PID", std::to_string(::getpid()).c_str(), 1);
    EXPECT_EQ(service::watchdog_interval_ms(), 30000);
    ::setenv("WATCHDOG_PID", std::to_string(::getpid() + 1).c_str(), 1);
    EXPECT_EQ(service::watchdog_interval_ms(), 0);
    ::unsetenv("WATCHDOG_PID");
    ::setenv("WATCHDOG_USEC", "soon", 1);
    EXPECT_EQ(service::watchdog_interval_ms(), 0);
}

TEST_F(ServiceNotify, watchdog_pings_at_most_every_half_interval) {
    NotifySocket sock(dir.file("notify"));
    ::setenv("NOTIFY_SOCKET", dir.file("notify").c_str(), 1);
    service::Watchdog off(0);
    EXPECT_FALSE(off.ping_if_due(0));
    service::Watchdog dog(10000);
    EXPECT_TRUE(dog.ping_if_due(1000));    // the first call pings
    EXPECT_FALSE(dog.ping_if_due(5999));   // 4999 ms later: not yet
    EXPECT_TRUE(dog.ping_if_due(6000));    // half the interval: ping
    EXPECT_FALSE(dog.ping_if_due(6200));
    EXPECT_EQ(sock.receive(), "WATCHDOG=1");
    EXPECT_EQ(sock.receive(), "WATCHDOG=1");
    EXPECT_EQ(sock.receive(200ms), "");
}

// The agent as systemd starts it: READY=1 once the store is open, WATCHDOG=1 about every
// half interval while it waits, STOPPING=1 on SIGTERM.
TEST_F(ServiceNotify, the_agent_announces_ready_pings_the_watchdog_and_says_stopping) {
    std::string config = dir.file("wardkiosk.toml");
    std::ofstream(config) << "[portal]\nurl = \"http://127.0.0.1:9/open311/v2\"\napi_key = \"k\"\n"
                          << "[store]\npath = \"kiosk.db\"\nkey_file = \"contact.key\"\n"
                          << "[timeouts]\nconnect_s = 1\npoll_s = 30\n";
    NotifySocket sock(dir.file("notify"));
    test::ChildProcess agent({std::string(WK_BIN_DIR) + "/wardkiosk-sync", "--config", config},
                             {"NOTIFY_SOCKET=" + dir.file("notify"), "WATCHDOG_USEC=600000",
                              std::string("WK_ASSET_DIR=") + WK_ASSET_DIR_BUILD},
                             dir.file("out"), dir.file("err"));
    ASSERT_TRUE(agent.started());
    EXPECT_EQ(sock.receive(5000ms), "READY=1");
    int pings = 0;
    for (const auto& m : sock.receive_until("never", 1500ms)) pings += m == "WATCHDOG=1";
    EXPECT_GE(pings, 3);  // every 300 ms for 1.5 s, give or take the 200 ms sleep steps
    EXPECT_LE(pings, 8);
    agent.signal(SIGTERM);
    auto got = sock.receive_until("STOPPING=1", 5000ms);
    ASSERT_FALSE(got.empty());
    EXPECT_EQ(got.back(), "STOPPING=1");
    auto st = agent.wait_for(10000ms);
    ASSERT_TRUE(st);
    EXPECT_TRUE(WIFEXITED(*st) && WEXITSTATUS(*st) == 0);
}

TEST_F(ServiceNotify, the_portal_announces_ready_once_it_listens) {
    NotifySocket sock(dir.file("notify"));
    test::ChildProcess portal({std::string(WK_BIN_DIR) + "/wardkiosk-portal", "--listen", "127.0.0.1:0",
                               "--db", dir.file("portal.db")},
                              {"NOTIFY_SOCKET=" + dir.file("notify"),
                               std::string("WK_ASSET_DIR=") + WK_ASSET_DIR_BUILD},
                              dir.file("out"), dir.file("err"));
    ASSERT_TRUE(portal.started());
    EXPECT_EQ(sock.receive(10000ms), "READY=1");
    std::ifstream err(dir.file("err"));
    std::string log((std::istreambuf_iterator<char>(err)), {});
    EXPECT_NE(log.find("listening on 127.0.0.1:"), std::string::npos);  // READY came after listen
    portal.signal(SIGTERM);
    EXPECT_EQ(sock.receive(5000ms), "STOPPING=1");
    EXPECT_TRUE(portal.wait_for(10000ms));
}

}  // namespace
