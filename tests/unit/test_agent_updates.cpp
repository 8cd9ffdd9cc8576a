// The agent's ratings, withdrawals and health reports (sync/agent/agent_updates.cpp)
// against the reference portal over real loopback HTTP, through the fault proxy
// (fault_proxy.hpp) where the answer must be lost on purpose. Real SQLite files on both
// sides; time passed to run_once.
// [SECTION] fixture  [SECTION] ratings and withdrawals  [SECTION] health
#include <gtest/gtest.h>

#include <memory>

#include "agent.hpp"
#include "clock_watch.hpp"
#include "agent_test_kit.hpp"
#include "fault_proxy.hpp"
#include "portal_behind_proxy.hpp"
#include "platform/config.hpp"
#include "portal_server.hpp"
#include "temp_dir.hpp"

namespace {
using namespace wk;
using namespace wk::agent;
using namespace wk::test;

const char* const kApiKey = "kiosk-key-dien-bien";
constexpr UnixMs kBase = 2000, kCap = 60000;

// [SECTION] fixture
class AgentUpdates : public ::testing::Test {
  protected:
    TempDir dir;
    std::string db_path = dir.file("kiosk.db");
    Store store = Store::open(db_path);
    ContactBox box = ContactBox::from_key(std::vector<uint8_t>(32, 3));
    UnixMs now = t0();
    std::unique_ptr<portal::PortalStore> portal_store;
    std::unique_ptr<portal::PortalServer> server;
    std::unique_ptr<FaultProxy> proxy;
    std::unique_ptr<HttpClient> http;
    std::unique_ptr<Agent> agent;

    void SetUp() override {
        ASSERT_TRUE(start_portal_behind_proxy(dir.file("portal.db"), kApiKey, portal_store, server, proxy));
        make_agent("/open311/v2", true);
    }
    void TearDown() override {
        agent.reset();
        http.reset();
        stop_portal_behind_proxy(portal_store, server, proxy);
    }
    void make_agent(const std::string& path, bool health, HttpOptions options = HttpOptions{1, 2}) {
        agent.reset();
        http = std::make_unique<HttpClient>(options);
        AgentConfig c;
        c.base_url = "http://127.0.0.1:" + std::to_string(proxy->port()) + path;
        c.api_key = kApiKey;
        c.kiosk_id = 3;
        c.backoff = {kBase, kCap};
        c.pull_public = false;
        c.report_health = health;
        c.default_categories = default_categories();
        agent = std::make_unique<Agent>(store, *http, box, c, [] { return 0.5; });
    }
    // A report filed on the portal through the agent; returns {code, case id}.
    std::pair<std::string, std::string> filed(const std::string& text) {
        std::string code = store.submit(citizen_draft(text, kAn), 3, box, now).code;
        agent->run_once(now);
        auto v = store.find(code);
        EXPECT_EQ(v->sync_state, SyncState::acknowledged);
        return {code, v->service_request_id};
    }
    int64_t portal_count(const std::string& sql) {
        auto s = portal_store->db().prepare(sql);
        s.step();
        return s.int_at(0);
    }
    int posts_to(const std::string& suffix) {
        int n = 0;
        for (const ProxiedRequest& r : proxy->seen())
            if (r.method == "POST" && r.target.find(suffix) != std::string::npos) ++n;
        return n;
    }
};

// [SECTION] ratings and withdrawals
TEST_F(AgentUpdates, ARatingReachesThePortalOnceEvenWhenTheAnswerIsLost) {
    auto [code, case_id] = filed("Rác thải ở ngõ 12");
    ASSERT_TRUE(store.queue_rating(code, false, "Vẫn còn rác", now));
    proxy->set_mode(Fault::reset_after_request);  // the portal stores it, the kiosk never hears
    PassResult lost = agent->run_once(now);
    EXPECT_EQ(lost.updates_sent, 0);
    EXPECT_EQ(portal_count("SELECT count(*) FROM ratings"), 1);
    ASSERT_EQ(store.counts().updates, 1);  // still queued, the same update_id
    proxy->set_mode(Fault::pass);
    now += 2 * kCap;
    PassResult r = agent->run_once(now);
    EXPECT_EQ(r.updates_sent, 1);
    EXPECT_EQ(store.counts().updates, 0);
    EXPECT_EQ(portal_count("SELECT count(*) FROM ratings"), 1) << "de-duplicated on update_id";
    EXPECT_EQ(posts_to("/servicerequestupdates"), 2);
    auto rating = portal_store->rating(case_id);
    ASSERT_TRUE(rating);
    EXPECT_EQ(rating->rating, "not_satisfied");
    EXPECT_EQ(rating->comment, "Vẫn còn rác");
    EXPECT_EQ(rating->update_id, "WK-" + code + "-R1");
    EXPECT_EQ(portal_store->request(case_id)->status, "open") << "a rating changes no status";
    EXPECT_FALSE(agent->run_once(now + kCap).updates_sent);  // sent once, never again
    EXPECT_EQ(posts_to("/servicerequestupdates"), 2);
}

TEST_F(AgentUpdates, AWithdrawalClosesTheCaseAndAQueuedWithdrawnReportIsNeverFiled) {
    auto [code, case_id] = filed("Đèn đường hỏng");
    ASSERT_TRUE(store.withdraw(code, "Người dân rút phản ánh", "cb-01", now));
    std::string never = store.submit(citizen_draft("Gửi nhầm", kAn), 3, box, now).code;
    ASSERT_TRUE(store.withdraw(never, "Gửi nhầm", "cb-01", now));
    PassResult r = agent->run_once(now);
    EXPECT_EQ(r.updates_sent, 1);
    EXPECT_EQ(r.uploaded, 0);
    auto req = portal_store->request(case_id);
    EXPECT_EQ(req->status, "closed");
    EXPECT_EQ(req->status_notes, "Người dân rút phản ánh");
    EXPECT_EQ(portal_count("SELECT count(*) FROM requests"), 1);
    EXPECT_EQ(store.find(code)->sync_state, SyncState::withdrawn);
}

TEST_F(AgentUpdates, ARefusedUpdateIsKeptAndRetriedWithBackoffNotDropped) {
    auto [code, case_id] = filed("Cây đổ");
    ASSERT_TRUE(store.queue_rating(code, true, "", now));
    portal_store->db().exec("UPDATE requests SET service_request_id = 'HN-HIDDEN'");  // the portal answers 404
    PassResult r = agent->run_once(now);
    EXPECT_EQ(r.updates_sent, 0);
    EXPECT_EQ(store.counts().updates, 1);
    EXPECT_FALSE(store.next_update_due(now)) << "waits out its backoff";
    EXPECT_NE(store.value("agent.last_error.update").value_or(""), "");
    EXPECT_EQ(store.value("agent.blocked_until").value_or("0"), "0") << "a 404 is not the link's fault";
    portal_store->db().exec("UPDATE requests SET service_request_id = '" + case_id + "'");
    now += kCap;
    EXPECT_EQ(agent->run_once(now).updates_sent, 1);
    EXPECT_TRUE(portal_store->rating(case_id));
}

TEST_F(AgentUpdates, ADownLinkHoldsUpdatesLikeReports) {
    auto [code, case_id] = filed("Nước ngập");
    ASSERT_TRUE(store.queue_rating(code, true, "", now));
    proxy->set_mode(Fault::status_500);
    PassResult r = agent->run_once(now);
    EXPECT_FALSE(r.network_ok);
    EXPECT_GT(std::stoll(store.value("agent.blocked_until").value_or("0")), now);
    proxy->set_mode(Fault::pass);
    EXPECT_EQ(agent->run_once(now + 1).updates_sent, 0) << "held";
    EXPECT_EQ(agent->run_once(now + 2 * kCap).updates_sent, 1);
}

// [SECTION] health
TEST_F(AgentUpdates, HealthIsReportedEveryFiveMinutesWithTheQueueAndPrinter) {
    std::string code = store.submit(citizen_draft("Chờ gửi", kAn), 3, box, now - 10 * kMinute).code;
    store.retry_later(store.find(code)->id, "HTTP 400", now + kDay);  // pending, not due in this test
    store.set_value("kiosk.printer", "paper_out");
    store.set_value("agent.last_ok.pull", "2026-03-02T00:59:00Z");
    make_agent("/open311/v2/", true);
    int before = posts_to("/wardkiosk/v1/health.json");
    agent->run_once(now);
    EXPECT_EQ(posts_to("/wardkiosk/v1/health.json"), before + 1);
    auto kiosks = portal_store->kiosks();
    ASSERT_EQ(kiosks.size(), 1u);
    EXPECT_EQ(kiosks[0].kiosk_id, "3");
    EXPECT_EQ(kiosks[0].version, version_string());
    EXPECT_EQ(kiosks[0].printer, "paper_out");
    EXPECT_EQ(kiosks[0].received_at, t0());
    EXPECT_EQ(kiosks[0].queue_depth, 1);
    EXPECT_EQ(kiosks[0].oldest_pending_s, 600);
    EXPECT_GE(kiosks[0].last_sync, "2026-03-02T00:59:00Z");
    agent->run_once(now + kMinute);
    EXPECT_EQ(posts_to("/wardkiosk/v1/health.json"), before + 1) << "not before five minutes";
    agent->run_once(now + 5 * kMinute);
    EXPECT_EQ(posts_to("/wardkiosk/v1/health.json"), before + 2);
}

TEST_F(AgentUpdates, AServerWithoutTheHealthEndpointIsLeftAloneForADay) {
    make_agent("/other/open311/v2", true);  // this portal has nothing at /other/wardkiosk/v1/health.json
    agent->run_once(now);
    EXPECT_EQ(posts_to("/wardkiosk/v1/health.json"), 1);
    EXPECT_EQ(store.value("agent.health_quiet_until"), std::to_string(now + kDay));
    agent->run_once(now + 10 * kMinute);
    agent->run_once(now + 20 * kHour);
    EXPECT_EQ(posts_to("/wardkiosk/v1/health.json"), 1);
    agent->run_once(now + kDay + kMinute);
    EXPECT_EQ(posts_to("/wardkiosk/v1/health.json"), 2);
    EXPECT_TRUE(portal_store->kiosks().empty());
}

TEST_F(AgentUpdates, HealthIsOffUnlessConfigured) {
    make_agent("/open311/v2", false);
    agent->run_once(now);
    EXPECT_EQ(posts_to("/wardkiosk/v1/health.json"), 0);
}

}  // namespace

namespace {

// [SECTION] clock
// The reference portal sends Date like any server; an agent on a PC that reads 2019
// learns the offset in its first pass and tells the portal in its health report, where
// the province's IT team sees which kiosk's clock to set.
TEST_F(AgentUpdates, AWrongClockIsLearntAndShownToThePortalsOfficers) {
    const UnixMs seven_years = 7 * 365 * kDay;
    const UnixMs pc = now - seven_years;
    ClockWatch clock(store);
    HttpOptions o{1, 2};
    o.clock = [&] { return clock.now(pc); };
    o.on_server_time = [&](UnixMs date, UnixMs at) { clock.learn(date, at); };
    make_agent("/open311/v2", true, o);
    std::string code = store.submit(citizen_draft("Đèn đường tắt", kAn), 3, box, pc).code;
    agent->run_once(clock.now(pc));
    EXPECT_EQ(store.find(code)->sync_state, SyncState::acknowledged);
    ASSERT_TRUE(store.clock_offset());
    EXPECT_NEAR(static_cast<double>(*store.clock_offset()), static_cast<double>(seven_years), 1000);
    agent->run_once(clock.now(pc) + 5 * kMinute);  // the next health report carries it
    auto kiosks = portal_store->kiosks();
    ASSERT_EQ(kiosks.size(), 1u);
    ASSERT_TRUE(kiosks[0].clock_offset_s);
    EXPECT_NEAR(static_cast<double>(*kiosks[0].clock_offset_s), static_cast<double>(seven_years / 1000), 1);
}

}  // namespace
