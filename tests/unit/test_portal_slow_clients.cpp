// The slow-client attack on the reference portal, with a kiosk's agent delivering while
// it runs: forty connections from one address (127.0.0.2) that each send a header line
// every half second and never finish their request. Before the connection guard, eight
// such sockets held all of httplib's workers and every Open311 call timed out. Now the
// address gets at most ConnectionLimits::per_address connections, each request has a
// whole deadline, and the agent's reports (from 127.0.0.1) all arrive, once each. An
// honest client uploading slowly but steadily is not cut.
#include <gtest/gtest.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "agent.hpp"
#include "agent_test_kit.hpp"
#include "portal_server.hpp"
#include "temp_dir.hpp"

namespace {
using namespace wk;
using namespace wk::test;

const char* const kKey = "kiosk-key-slow-test";

// A TCP connection to 127.0.0.1:port from the source address `from` (any 127.x works
// on loopback); -1 on failure.
int connect_from(const char* from, int port) {
    int s = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in src{}, dst{};
    src.sin_family = dst.sin_family = AF_INET;
    ::inet_pton(AF_INET, from, &src.sin_addr);
    ::inet_pton(AF_INET, "127.0.0.1", &dst.sin_addr);
    dst.sin_port = htons(static_cast<uint16_t>(port));
    if (::bind(s, reinterpret_cast<sockaddr*>(&src), sizeof src) != 0 ||
        ::connect(s, reinterpret_cast<sockaddr*>(&dst), sizeof dst) != 0) {
        ::close(s);
        return -1;
    }
    return s;
}

// True once the server has answered or closed: something (or EOF) to read.
bool server_done(int s) {
    pollfd p{s, POLLIN, 0};
    return ::poll(&p, 1, 0) > 0;
}

class SlowClients : public ::testing::Test {
  protected:
    void SetUp() override {
        portal_store = std::make_unique<portal::PortalStore>(dir.file("portal.db"));
        portal_store->seed_services(portal::load_categories(asset_path("categories.json")));
        portal::PortalOptions o;
        o.api_keys = {kKey};
        o.clock = [] { return t0(); };
        o.connections.request_ms = 3000;  // shorter than the default 10 s, to keep the test short
        server = std::make_unique<portal::PortalServer>(*portal_store, o);
        port = server->start("127.0.0.1", 0);
        ASSERT_GT(port, 0);
    }
    void TearDown() override {
        agent.reset();
        http.reset();
        server.reset();
        portal_store.reset();
    }
    void make_agent() {
        http = std::make_unique<agent::HttpClient>(agent::HttpOptions{2, 5});
        agent::AgentConfig c;
        c.base_url = "http://127.0.0.1:" + std::to_string(port) + "/open311/v2";
        c.api_key = kKey;
        c.kiosk_id = 1;
        c.province = "Thành phố Hà Nội";
        c.default_categories = default_categories();
        agent = std::make_unique<agent::Agent>(store, *http, box, c, [] { return 0.5; });
    }

    TempDir dir;
    Store store = Store::open(dir.file("kiosk.db"));
    ContactBox box = ContactBox::from_key(std::vector<uint8_t>(32, 3));
    std::unique_ptr<portal::PortalStore> portal_store;
    std::unique_ptr<portal::PortalServer> server;
    std::unique_ptr<agent::HttpClient> http;
    std::unique_ptr<agent::Agent> agent;
    int port = -1;
};

TEST_F(SlowClients, FortyTricklingConnectionsDoNotStopTheAgentsReports) {
    const int kSlow = 40;
    std::vector<int> socks;
    for (int i = 0; i < kSlow; ++i) {
        int s = connect_from("127.0.0.2", port);
        ASSERT_GE(s, 0) << "cannot connect from 127.0.0.2";
        socks.push_back(s);
    }
    std::atomic<int> most_open{0};
    std::vector<int64_t> closed_after_lines(kSlow, -1);
    std::thread attacker([&] {
        // Until the server has cut or refused every one of them (20 s at most).
        for (int line = 0; line < 40 && std::count(closed_after_lines.begin(), closed_after_lines.end(), -1) > 0;
             ++line) {
            for (int i = 0; i < kSlow; ++i) {
                if (closed_after_lines[static_cast<size_t>(i)] >= 0) continue;
                if (server_done(socks[static_cast<size_t>(i)])) {
                    closed_after_lines[static_cast<size_t>(i)] = line;
                    continue;
                }
                std::string text = line == 0 ? "POST /open311/v2/requests.json HTTP/1.1\r\nHost: portal\r\n"
                                             : "X-Slow-" + std::to_string(line) + ": still typing\r\n";
                if (::send(socks[static_cast<size_t>(i)], text.data(), text.size(), MSG_NOSIGNAL) < 0)
                    closed_after_lines[static_cast<size_t>(i)] = line;
            }
            most_open = std::max(most_open.load(), server->connections().open_connections("127.0.0.2"));
            std::this_thread::sleep_for(std::chrono::milliseconds(500));
        }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(700));  // the slow ones hold what they can

    make_agent();
    std::vector<std::string> codes;
    for (int i = 0; i < 20; ++i)
        codes.push_back(store.submit(citizen_draft("Đèn đường hỏng số " + std::to_string(i)), 1, box, t0()).code);
    int uploaded = 0;
    for (int pass = 0; pass < 5 && uploaded < 20; ++pass) uploaded += agent->run_once(t0() + pass * 60000).uploaded;
    int held_when_done = server->connections().open_connections("127.0.0.2");
    attacker.join();
    for (int s : socks) ::close(s);

    EXPECT_EQ(uploaded, 20) << "the agent's reports during the attack";
    for (const auto& c : codes) {
        auto r = portal_store->request_by_receipt(c);
        EXPECT_TRUE(r.has_value()) << c;
    }
    auto count = portal_store->db().prepare("SELECT count(*) FROM requests");
    ASSERT_TRUE(count.step());
    EXPECT_EQ(count.int_at(0), 20) << "each exactly once";
    EXPECT_GT(held_when_done, 0) << "the slow connections were still held while the agent delivered";
    EXPECT_LE(most_open.load(), portal::ConnectionLimits{}.per_address) << "connections held by one address";
    EXPECT_GE(server->connections().refused(), kSlow - portal::ConnectionLimits{}.per_address);
    for (int i = 0; i < kSlow; ++i)  // 3 s deadline, a line every 0.5 s: cut by about the 7th line
        EXPECT_GE(closed_after_lines[static_cast<size_t>(i)], 0) << "slow connection " << i << " was never cut";
    int64_t latest = *std::max_element(closed_after_lines.begin(), closed_after_lines.end());
    EXPECT_LE(latest, 12) << "a trickling request outlived its deadline";
    EXPECT_GE(server->connections().cut(), 1);
}

// 256 KiB sent at about 64 KiB/s takes 4 s, longer than the 3 s base deadline: each
// byte received extends it (32 KiB/s is the floor), so the upload is answered, not cut.
TEST_F(SlowClients, AnHonestSlowUploadIsNotCut) {
    int s = connect_from("127.0.0.1", port);
    ASSERT_GE(s, 0);
    std::string description(256 * 1024 - 200, 'a');
    std::string body = "api_key=" + std::string(kKey) + "&service_code=moi-truong&address_string=x&description=";
    std::string head = "POST /open311/v2/requests.json HTTP/1.1\r\nHost: portal\r\nContent-Type: "
                       "application/x-www-form-urlencoded\r\nConnection: close\r\nContent-Length: " +
                       std::to_string(body.size() + description.size()) + "\r\n\r\n";
    std::string all = head + body + description;
    for (size_t at = 0; at < all.size(); at += 8192) {
        size_t n = std::min<size_t>(8192, all.size() - at);
        ASSERT_EQ(::send(s, all.data() + at, n, MSG_NOSIGNAL), static_cast<ssize_t>(n)) << "cut after " << at;
        std::this_thread::sleep_for(std::chrono::milliseconds(125));
    }
    std::string answer;
    char buf[4096];
    for (ssize_t n; (n = ::recv(s, buf, sizeof buf, 0)) > 0;) answer.append(buf, static_cast<size_t>(n));
    ::close(s);
    // The body arrived whole and was judged (the description is too long), not cut.
    EXPECT_EQ(answer.substr(0, 12), "HTTP/1.1 400") << answer.substr(0, 300);
    EXPECT_NE(answer.find("description"), std::string::npos) << answer.substr(0, 300);
    EXPECT_EQ(server->connections().cut(), 0);
}

}  // namespace
