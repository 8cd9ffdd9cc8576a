// Issue 13 item 7 ("robust pulls"), against the scripted fake portal on loopback: a
// Retry-After counts from when the answer arrived (the HTTP client's injected clock),
// not from the start of a long pass, in seconds and as an HTTP date, for uploads and
// pulls; and a batch token the portal never resolves goes to staff after 7 days
// without ever being posted again. Windows over the body cap: test_agent_pull.cpp.
// The pass's time is passed to run_once; the clock of arrivals is a variable that the
// fake moves forward as requests reach it, so "50 s into the pass" costs no wall time.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>

#include "agent.hpp"
#include "agent_fake_portal.hpp"
#include "agent_test_kit.hpp"
#include "temp_dir.hpp"

namespace {
using namespace wk;
using namespace wk::agent;
using namespace wk::test;

constexpr UnixMs kBase = 2000, kCap = 60000;

class RobustPulls : public ::testing::Test {
  protected:
    TempDir dir;
    std::string db_path = dir.file("kiosk.db");
    Store store = Store::open(db_path);
    ContactBox box = ContactBox::from_key(std::vector<uint8_t>(32, 7));
    UnixMs now = t0();
    std::atomic<UnixMs> arrival{0};  // what the HTTP client's clock says; 0: the pass's now
    FakePortal fake;
    std::unique_ptr<HttpClient> http;
    std::unique_ptr<Agent> agent;

    void SetUp() override {
        ASSERT_GT(fake.start(), 0);
        make_agent();
    }
    void TearDown() override {  // the client goes first: the fake waits for its idle connections
        agent.reset();
        http.reset();
        fake.stop();
    }
    void make_agent(bool pull_public = false) {
        agent.reset();
        HttpOptions o{2, 5};
        o.clock = [this] { return arrival.load() ? arrival.load() : now; };
        http = std::make_unique<HttpClient>(o);
        AgentConfig c;
        c.base_url = fake.base_url();
        c.api_key = "kiosk-key";
        c.backoff = {kBase, kCap};
        c.pull_public = pull_public;
        agent = std::make_unique<Agent>(store, *http, box, c, [] { return 0.5; });
    }
    // Each request on `route` reaches the portal `step` later than the one before it.
    void each_request_takes(const std::string& route, UnixMs step) {
        fake.on_request([this, route, step](const SeenRequest& q) {
            if (q.route == route) arrival = (arrival.load() ? arrival.load() : now) + step;
        });
    }
    std::string submit(const std::string& text) { return store.submit(citizen_draft(text), 1, box, now).code; }
    RawReport raw(const std::string& code) { return raw_report(db_path, code); }
};

// [SECTION] Retry-After from the answer's arrival
// A backlog on a slow link: each POST takes 10 s, the fifth is told to wait 60 s. It
// arrived 50 s into the pass, so nothing goes out before 110 s (not 60 s).
TEST_F(RobustPulls, ALateRetryAfterCountsFromWhenTheAnswerArrived) {
    for (int i = 0; i < 5; ++i) submit("Báo cáo tồn đọng số " + std::to_string(i + 1));
    FakeAnswer busy = error_answer(429, "slow down");
    busy.headers = {{"Retry-After", "60"}};
    for (int i = 0; i < 4; ++i) fake.queue("POST requests", created_answer("FK-" + std::to_string(i + 1)));
    fake.queue("POST requests", busy);
    each_request_takes("POST requests", 10 * kSecond);

    PassResult r = agent->run_once(now);
    EXPECT_EQ(r.uploaded, 4);
    EXPECT_EQ(r.failed, 1);
    EXPECT_EQ(agent->next_wake(now), now + 110 * kSecond);
    EXPECT_EQ(store.value("agent.blocked_until").value_or(""), std::to_string(now + 110 * kSecond));

    fake.on_request(nullptr);
    arrival = 0;
    agent->run_once(now + 61 * kSecond);
    EXPECT_EQ(fake.count("POST requests"), 5) << "60 s after the pass began is only 11 s after the answer";
    EXPECT_EQ(agent->run_once(now + 110 * kSecond).uploaded, 1);
}

// The same for a pull: the public window's answer, 503 with Retry-After: 60, comes 50 s
// into the pass (a slow body); the link is held until 50 + 60 s.
TEST_F(RobustPulls, ARetryAfterOnASlowPullCountsFromItsArrival) {
    make_agent(true);
    FakeAnswer busy = error_answer(503, "maintenance");
    busy.headers = {{"Retry-After", "60"}};
    fake.queue("GET requests", busy);
    each_request_takes("GET requests", 50 * kSecond);

    PassResult r = agent->run_once(now);
    EXPECT_FALSE(r.network_ok);
    EXPECT_EQ(agent->next_wake(now), now + 110 * kSecond);
    fake.on_request(nullptr);
    arrival = 0;
    int asked = fake.count("GET requests");
    agent->run_once(now + 61 * kSecond);
    EXPECT_EQ(fake.count("GET requests"), asked) << "nothing asked inside the wait";
}

// An HTTP date is a moment, measured against the arrival too: 90 s after the pass began
// is 40 s after the answer, well inside the 60 s cap (counted from the pass's start it
// would be 90 s, capped to 60).
TEST_F(RobustPulls, ARetryAfterDateIsMeasuredAgainstTheArrival) {
    std::string code = submit("Mất nước sinh hoạt cả khu tập thể.");
    FakeAnswer busy = error_answer(503, "maintenance");
    busy.headers = {{"Retry-After", http_date(now + 90 * kSecond)}};
    fake.queue("POST requests", busy);
    each_request_takes("POST requests", 50 * kSecond);

    agent->run_once(now);
    EXPECT_EQ(raw(code).next_attempt_at, now + 90 * kSecond);
    EXPECT_EQ(agent->next_wake(now), now + 90 * kSecond);
}

// [SECTION] a token the portal never resolves
// Servers answer [] for a token they do not know, for ever. After 6 days the report
// still waits; after 7 it goes to staff with what to check. It is never posted again.
TEST_F(RobustPulls, ATokenWithoutACaseNumberFor7DaysGoesToStaffAnd6DaysDoesNot) {
    fake.queue("POST requests", token_answer("TK-9"));
    std::string code = submit("Trạm biến áp kêu to bất thường.");
    const UnixMs given = now;
    agent->run_once(now);
    ASSERT_EQ(raw(code).sync_state, "token");

    agent->run_once(given + 6 * kDay);
    EXPECT_EQ(fake.count("GET tokens"), 1);
    EXPECT_EQ(raw(code).sync_state, "token") << "6 days: still polled";

    PassResult r = agent->run_once(given + 7 * kDay);
    EXPECT_EQ(fake.count("GET tokens"), 2);
    EXPECT_EQ(r.set_aside, 1);
    RawReport a = raw(code);
    EXPECT_EQ(a.sync_state, "attention");
    EXPECT_NE(a.last_error.find("gave token TK-9 on " + vietnam_time(given)), std::string::npos) << a.last_error;
    EXPECT_NE(a.last_error.find("has not given a case number in 7 days"), std::string::npos) << a.last_error;
    EXPECT_NE(a.last_error.find(code), std::string::npos) << a.last_error;

    agent->run_once(given + 30 * kDay);
    EXPECT_EQ(fake.count("POST requests"), 1) << "never posted again";
    EXPECT_EQ(fake.count("GET tokens"), 2) << "and no longer polled";
}

// The days count from the token, not from the first try: here the first POST fails
// and the token comes two days later.
TEST_F(RobustPulls, TheSevenDaysCountFromWhenThePortalGaveTheToken) {
    std::string code = submit("Xin cấp phép sửa nhà, chờ xử lý lô.");
    fake.queue("POST requests", error_answer(500, "internal error"));
    agent->run_once(now);
    ASSERT_EQ(raw(code).sync_state, "queued");
    const UnixMs given = now + 2 * kDay;
    fake.queue("POST requests", token_answer("TK-10"));
    agent->run_once(given);
    ASSERT_EQ(raw(code).sync_state, "token");

    agent->run_once(given + 6 * kDay);  // 8 days after the first try
    EXPECT_EQ(raw(code).sync_state, "token");
    agent->run_once(given + 7 * kDay);
    EXPECT_EQ(raw(code).sync_state, "attention");
    EXPECT_NE(raw(code).last_error.find("on " + vietnam_time(given)), std::string::npos) << raw(code).last_error;
    EXPECT_EQ(fake.count("POST requests"), 2) << "the failed try and the one that got the token";
}

}  // namespace
