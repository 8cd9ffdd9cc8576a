// Backoff arithmetic (sync/agent/backoff.hpp): the delay after n failures in a row,
// with the random draw passed in, and the server's Retry-After in both of its forms.
#include <gtest/gtest.h>

#include <climits>

#include "agent_test_kit.hpp"
#include "backoff.hpp"

namespace {
using namespace wk;
using wk::agent::Backoff;
using wk::agent::backoff_delay;
using wk::agent::retry_after_ms;

const Backoff kDefault{};  // 2 s base, 15 min cap

UnixMs ceiling_of(const Backoff& b, int n) {
    UnixMs c = b.base_ms;
    for (int i = 1; i < n && c < b.cap_ms; ++i) c *= 2;
    return std::min(c, b.cap_ms);
}

TEST(BackoffDelay, StaysBetweenHalfTheBaseAndTheDoublingCeilingForEveryDraw) {
    for (const Backoff& b : {kDefault, Backoff{500, 10000}, Backoff{3000, 7000}}) {
        for (int n = 1; n <= 40; ++n) {
            for (double u : {0.0, 0.001, 0.25, 0.5, 0.75, 0.999999}) {
                UnixMs d = backoff_delay(b, n, u);
                EXPECT_GE(d, b.base_ms / 2) << "n=" << n << " u=" << u;
                EXPECT_LE(d, std::min(b.cap_ms, b.base_ms << std::min(n - 1, 40))) << "n=" << n << " u=" << u;
            }
        }
    }
}

TEST(BackoffDelay, TheLowestDrawWaitsHalfTheBaseAndTheHighestReachesTheCeiling) {
    EXPECT_EQ(backoff_delay(kDefault, 1, 0.0), 1000);
    EXPECT_EQ(backoff_delay(kDefault, 5, 0.0), 1000);
    EXPECT_NEAR(backoff_delay(kDefault, 1, 0.999999), 2000, 1);
    EXPECT_NEAR(backoff_delay(kDefault, 4, 0.999999), 16000, 1);
    EXPECT_NEAR(backoff_delay(kDefault, 30, 0.999999), 900000, 1);
}

TEST(BackoffDelay, TheCeilingNeverFallsAsFailuresGoOnAndStopsAtTheCap) {
    UnixMs previous = 0;
    for (int n = 1; n <= 64; ++n) {
        UnixMs d = backoff_delay(kDefault, n, 0.999999);
        EXPECT_GE(d, previous) << n;
        EXPECT_LE(d, kDefault.cap_ms) << n;
        EXPECT_NEAR(d, ceiling_of(kDefault, n), 1) << n;
        previous = d;
    }
    EXPECT_EQ(ceiling_of(kDefault, 10), kDefault.cap_ms);
}

TEST(BackoffDelay, AbsurdInputsStayInsideTheBounds) {
    EXPECT_LE(backoff_delay(kDefault, INT_MAX, 0.5), kDefault.cap_ms);
    EXPECT_GE(backoff_delay(kDefault, 0, 0.5), kDefault.base_ms / 2);
    EXPECT_GE(backoff_delay(kDefault, -3, 0.5), kDefault.base_ms / 2);
    EXPECT_LE(backoff_delay(kDefault, -3, 0.5), kDefault.base_ms);
    EXPECT_EQ(backoff_delay(kDefault, 3, -1.0), 1000) << "a draw below 0 counts as 0";
    EXPECT_EQ(backoff_delay(kDefault, 3, 7.0), 8000) << "a draw above 1 counts as 1";
    Backoff tiny{2000, 300};  // a cap below half the base: the cap wins
    EXPECT_EQ(backoff_delay(tiny, 1, 0.5), 300);
    EXPECT_EQ(backoff_delay(tiny, 9, 0.9), 300);
}

TEST(RetryAfter, DeltaSecondsBecomeMilliseconds) {
    UnixMs now = wk::test::t0();
    EXPECT_EQ(retry_after_ms("7", now), 7000);
    EXPECT_EQ(retry_after_ms("0", now), 0);
    EXPECT_EQ(retry_after_ms("120", now), 120000);
    EXPECT_EQ(retry_after_ms("999999999", now), 999999999000LL);
}

TEST(RetryAfter, AnHttpDateIsTheTimeLeftUntilThenAndNeverNegative) {
    UnixMs now = wk::test::t0();
    EXPECT_EQ(wk::http_date(now), "Mon, 02 Mar 2026 01:00:00 GMT");
    EXPECT_EQ(retry_after_ms(wk::http_date(now + 30000), now), 30000);
    EXPECT_EQ(retry_after_ms("Mon, 02 Mar 2026 02:00:00 GMT", now), 3600000);
    EXPECT_EQ(retry_after_ms(wk::http_date(now - 60000), now), 0) << "a date in the past: try now";
}

TEST(RetryAfter, AnythingElseIsIgnored) {
    UnixMs now = wk::test::t0();
    for (const char* h : {"", "soon", "-5", "1.5", "7s", "9999999999", "2026-03-02T01:00:30Z",
                          "Mon, 32 Mar 2026 01:00:00 GMT"})
        EXPECT_FALSE(retry_after_ms(h, now).has_value()) << "'" << h << "'";
}

}  // namespace
