// The agent's HTTP client (sync/agent/http_client.hpp) in its two halves, against the
// scripted fake portal on loopback: a started request is on its way before finish()
// is called (the agent's store work overlaps it), a request dropped mid-way never
// lends its answer to the next one, an answer over the body cap says so (too_large),
// and each answer carries the time it arrived from the injected clock.
#include <curl/curl.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "agent_fake_portal.hpp"
#include "clock_watch.hpp"
#include "http_client.hpp"
#include "sync/open311.hpp"

namespace {
using namespace wk::agent;
using namespace wk::test;

class HttpClientTest : public ::testing::Test {
  protected:
    FakePortal fake;
    std::string base;
    void SetUp() override {
        ASSERT_GT(fake.start(), 0);
        base = fake.base_url();
    }
    void TearDown() override { fake.stop(); }
    // Waits (up to 5 s) until the fake has seen `n` requests on `route`.
    bool seen_within(const std::string& route, int n) {
        for (int i = 0; i < 500; ++i) {
            if (fake.count(route) >= n) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return false;
    }
    // On a kept-alive connection, a POST whose answer (case number `id`) comes late;
    // returns once the fake has it.
    void start_slow_post(HttpClient& http, const std::string& id) {
        ASSERT_EQ(http.get(base + "/services.json").status, 200);
        FakeAnswer slow = created_answer(id);
        slow.delay_ms = 1500;
        fake.queue("POST requests", slow);
        http.start_post_form(base + "/requests.json", "service_code=moi-truong", {"Idempotency-Key: HN1-" + id});
        ASSERT_TRUE(seen_within("POST requests", 1));
    }
    // The answer to GET services, and not the dropped POST's late one.
    static void expect_services(const HttpResponse& r, const std::string& dropped_id) {
        EXPECT_EQ(r.status, 200);
        EXPECT_EQ(r.body.find(dropped_id), std::string::npos) << "the dropped request's late answer: " << r.body;
        EXPECT_NE(r.body.find("moi-truong"), std::string::npos) << r.body;
    }
};

TEST_F(HttpClientTest, AStartedRequestReachesTheServerBeforeFinishIsCalled) {
    HttpClient http({2, 5});
    ASSERT_EQ(http.get(base + "/services.json").status, 200);  // the connection is open and kept
    http.start_post_form(base + "/requests.json", "service_code=moi-truong", {"Idempotency-Key: HN1-0001"});
    EXPECT_TRUE(http.in_flight());
    EXPECT_TRUE(seen_within("POST requests", 1)) << "start_post_form must write the request out, not only set it up";
    HttpResponse r = http.finish();
    EXPECT_FALSE(http.in_flight());
    EXPECT_EQ(r.status, 201);
    EXPECT_NE(r.body.find("FK-1"), std::string::npos) << r.body;
    EXPECT_EQ(fake.seen("POST requests").front().idempotency_key, "HN1-0001");
    EXPECT_EQ(http.requests_made(), 2);
}

TEST_F(HttpClientTest, AnAbandonedRequestsAnswerNeverReachesTheNextRequest) {
    HttpClient http({2, 5});
    start_slow_post(http, "OLD-1");
    http.abandon();
    EXPECT_FALSE(http.in_flight());
    expect_services(http.get(base + "/services.json"), "OLD-1");
}

TEST_F(HttpClientTest, StartingAnotherRequestDropsTheOneInFlight) {
    HttpClient http({2, 5});
    start_slow_post(http, "OLD-2");
    http.start_get(base + "/services.json");
    expect_services(http.finish(), "OLD-2");
}

TEST_F(HttpClientTest, FinishWithNothingStartedIsAProgrammingError) {
    HttpClient http({2, 5});
    EXPECT_THROW(http.finish(), std::logic_error);
    http.abandon();  // nothing out: nothing happens
    EXPECT_EQ(http.get(base + "/services.json").status, 200);
    EXPECT_THROW(http.finish(), std::logic_error) << "a whole request leaves nothing to finish";
}

// The agent splits a public window on this flag, and holds the link on other failures.
TEST_F(HttpClientTest, AnAnswerOverTheBodyCapIsFlaggedTooLargeAndOtherFailuresAreNot) {
    HttpOptions small{2, 5};
    small.max_body_bytes = 4096;
    HttpClient http(small);
    fake.queue("GET requests", {200, "[" + std::string(5000, ' ') + "]"});
    HttpResponse big = http.get(base + "/requests.json");
    EXPECT_EQ(big.status, 0);
    EXPECT_TRUE(big.too_large);
    EXPECT_TRUE(big.body.empty());
    EXPECT_NE(big.error.find("larger than 4096 bytes"), std::string::npos) << big.error;

    fake.queue("GET requests", {200, "[" + std::string(4000, ' ') + "]"});
    EXPECT_FALSE(http.get(base + "/requests.json").too_large) << "under the cap";
    fake.queue("GET requests", {500, std::string(9000, 'x')});
    HttpResponse error = http.get(base + "/requests.json");
    EXPECT_TRUE(error.too_large) << "any answer over the cap, whatever its status";
    FakeAnswer cut{200, std::string(3000, ' ')};
    cut.cut_after = 100;
    fake.queue("GET requests", cut);
    HttpResponse truncated = http.get(base + "/requests.json");
    EXPECT_EQ(truncated.status, 0);
    EXPECT_FALSE(truncated.too_large) << "a connection that drops is not a body too large";
}

// The clock is read when the answer is in, not when the request starts: a Retry-After
// counts from then. Without a clock nothing is read.
TEST_F(HttpClientTest, AnAnswerCarriesTheTimeItArrivedFromTheInjectedClock) {
    std::atomic<wk::UnixMs> clock{1000};
    HttpOptions timed{2, 5};
    timed.clock = [&clock] { return clock.load(); };
    HttpClient http(timed);
    fake.on_request([&clock](const SeenRequest&) { clock = 61000; });  // the server answers "later"
    HttpResponse r = http.get(base + "/services.json");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.received_at, 61000);

    clock = 75000;
    fake.on_request(nullptr);
    http.start_get(base + "/services.json");
    clock = 90000;  // the answer is collected after the store's work
    EXPECT_EQ(http.finish().received_at, 90000);

    HttpClient untimed({2, 5});
    EXPECT_EQ(untimed.get(base + "/services.json").received_at, 0);
}

}  // namespace

namespace {

// A certificate refused because of the clock is named as such for staff: the texts are
// libcurl's (with OpenSSL) for an expired and a not-yet-valid certificate; any
// certificate failure while the PC reads before 2026 is the clock's too; other failures,
// and any failure on a right clock that is not about the dates, are left as they are.
TEST(ClockAndTls, ACertificateFailureThatTheClockExplainsSaysSo) {
    const wk::UnixMs in_2019 = *wk::open311::parse_iso8601("2019-03-01T03:00:00Z");
    const wk::UnixMs in_2026 = *wk::open311::parse_iso8601("2026-12-05T03:00:00Z");
    const std::string expired = "SSL peer certificate or SSH remote key was not OK: "
                                "SSL certificate problem: certificate has expired";
    const std::string not_yet = "SSL peer certificate or SSH remote key was not OK: "
                                "SSL certificate problem: certificate is not yet valid";
    const std::string unknown_ca = "SSL peer certificate or SSH remote key was not OK: "
                                   "SSL certificate problem: unable to get local issuer certificate";
    std::string said = wk::agent::clock_explains_tls_failure(CURLE_PEER_FAILED_VERIFICATION, not_yet, in_2019);
    EXPECT_NE(said.find("2019-03-01"), std::string::npos) << said;
    EXPECT_NE(said.find("set the date and time"), std::string::npos) << said;
    EXPECT_NE(wk::agent::clock_explains_tls_failure(CURLE_PEER_FAILED_VERIFICATION, expired, in_2026), "")
        << "a clock years ahead makes a good certificate look expired";
    EXPECT_NE(wk::agent::clock_explains_tls_failure(CURLE_PEER_FAILED_VERIFICATION, unknown_ca, in_2019), "");
    EXPECT_EQ(wk::agent::clock_explains_tls_failure(CURLE_PEER_FAILED_VERIFICATION, unknown_ca, in_2026), "");
    EXPECT_EQ(wk::agent::clock_explains_tls_failure(CURLE_COULDNT_CONNECT, "Couldn't connect to server", in_2019), "");
}

}  // namespace
