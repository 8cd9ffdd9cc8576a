// HTTP dates (the three forms RFC 9110 has a recipient read) and when a learnt clock
// offset is applied: what the agent's and the kiosk's clock correction stand on.
#include <gtest/gtest.h>

#include "platform/clock.hpp"

namespace {

constexpr wk::UnixMs k1994 = 784111777000;  // 1994-11-06T08:49:37Z, RFC 9110's example

TEST(HttpDate, TheThreeFormsOfTheSpecReadAsTheSameMoment) {
    EXPECT_EQ(wk::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), k1994);
    EXPECT_EQ(wk::parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), k1994);
    EXPECT_EQ(wk::parse_http_date("Sun Nov  6 08:49:37 1994"), k1994);
    EXPECT_EQ(wk::http_date(k1994), "Sun, 06 Nov 1994 08:49:37 GMT");
    const wk::UnixMs t = 1796400000000;  // in 2026
    EXPECT_EQ(wk::parse_http_date(wk::http_date(t + 999)), t) << "a Date has a resolution of a second";
}

TEST(HttpDate, WhatIsNotADateIsNone) {
    for (const char* bad : {"", "yesterday", "Sun, 06 Nov 1994 08:49:37 PST", "Sun, 31 Feb 2026 08:49:37 GMT",
                            "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 06 Nov 1994 25:49:37 GMT",
                            "Sun, 06 Nov 1994 08:49:37 GMT and more", "1796400000"})
        EXPECT_FALSE(wk::parse_http_date(bad)) << bad;
}

TEST(ClockOffset, AppliedFromAMinuteEitherWay) {
    EXPECT_EQ(wk::applied_clock_offset(0), 0);
    EXPECT_EQ(wk::applied_clock_offset(59'999), 0) << "a second's resolution and the network's delay are noise";
    EXPECT_EQ(wk::applied_clock_offset(-59'999), 0);
    EXPECT_EQ(wk::applied_clock_offset(60'000), 60'000);
    const wk::UnixMs seven_years = 7LL * 365 * 86400 * 1000;  // a dead CMOS battery: the PC reads 2019
    EXPECT_EQ(wk::applied_clock_offset(seven_years), seven_years);
    EXPECT_EQ(wk::applied_clock_offset(-seven_years), -seven_years);
}

}  // namespace
