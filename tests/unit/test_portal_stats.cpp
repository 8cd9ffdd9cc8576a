// The operator's figures as plain functions (portal_stats.hpp): due dates and overdue
// cases, the year's tally per agency, category and ward against counts made by hand,
// medians of odd and even counts, and the CSV a spreadsheet opens (BOM, quoting, no
// formulas).
#include <gtest/gtest.h>

#include "portal_stats.hpp"

namespace {
using namespace wk;
using namespace wk::portal;

const UnixMs kHour = 3600LL * 1000, kDay = 24 * kHour;
const UnixMs kT0 = 1'780'000'000'000LL;

CaseFact fact(const std::string& agency, const std::string& service, const std::string& address, UnixMs requested,
              std::optional<UnixMs> answered, std::optional<UnixMs> expected = std::nullopt,
              const std::string& status = "open") {
    return {service, agency, address, status, requested, expected, answered};
}

TEST(PortalStats, ACaseIsDueByItsExpectedDateElseTenDaysAfterFiling) {
    EXPECT_EQ(answer_due(kT0, std::nullopt), kT0 + 10 * kDay);
    EXPECT_EQ(answer_due(kT0, kT0 + 3 * kDay), kT0 + 3 * kDay);
    EXPECT_FALSE(overdue("open", kT0, std::nullopt, kT0 + 10 * kDay));
    EXPECT_TRUE(overdue("open", kT0, std::nullopt, kT0 + 10 * kDay + 1));
    EXPECT_TRUE(overdue("in_progress", kT0, kT0 + kDay, kT0 + 2 * kDay));
    EXPECT_FALSE(overdue("in_progress", kT0, kT0 + 20 * kDay, kT0 + 15 * kDay));  // the officer moved the date
    EXPECT_FALSE(overdue("fixed", kT0, std::nullopt, kT0 + 30 * kDay));            // over: not late any more
    EXPECT_FALSE(overdue("closed", kT0, kT0 + kDay, kT0 + 30 * kDay));
}

TEST(PortalStats, TheWardIsThePartBeforeTheProvince) {
    EXPECT_EQ(ward_of("Ngõ 12 Khâm Thiên, Phường Đống Đa, Thành phố Hà Nội"), "Phường Đống Đa");
    EXPECT_EQ(ward_of("Số 5, ngõ 3, Phường Ba Đình , Thành phố Hà Nội"), "Phường Ba Đình");
    EXPECT_EQ(ward_of("Phường Ba Đình, Hà Nội"), "");
    EXPECT_EQ(ward_of(""), "");
}

TEST(PortalStats, TheTallyCountsReceivedAnsweredOnTimeAndTheMedianPerGroup) {
    const std::string a = "Công an phường", b = "Công ty Môi trường";
    std::vector<CaseFact> f = {
        fact(a, "An ninh", "x, Phường Đống Đa, Hà Nội", kT0, kT0 + 2 * kHour),                      // on time
        fact(a, "An ninh", "x, Phường Đống Đa, Hà Nội", kT0, kT0 + 12 * kDay),                      // late (10 days)
        fact(a, "Môi trường", "x, Phường Ba Đình, Hà Nội", kT0, kT0 + 12 * kDay, kT0 + 14 * kDay),  // on time: date moved
        fact(b, "Môi trường", "x, Phường Ba Đình, Hà Nội", kT0, kT0 + 4 * kHour, kT0 + 2 * kHour),  // late
        fact(b, "Môi trường", "Ngõ 3", kT0, std::nullopt),                                          // unanswered
        fact("", "Môi trường", "Ngõ 4", kT0, std::nullopt),
    };
    Stats s = tally(f, StatsBy::agency);
    ASSERT_EQ(s.rows.size(), 3u);
    EXPECT_EQ(s.rows[0].group, a);
    EXPECT_EQ(s.rows[0].received, 3);
    EXPECT_EQ(s.rows[0].answered, 3);
    EXPECT_EQ(s.rows[0].on_time, 2);
    EXPECT_EQ(s.rows[0].median_answer_ms, 12 * kDay);  // of 2 h, 12 d, 12 d
    EXPECT_EQ(s.rows[1].group, b);
    EXPECT_EQ(s.rows[1].received, 2);
    EXPECT_EQ(s.rows[1].answered, 1);
    EXPECT_EQ(s.rows[1].on_time, 0);
    EXPECT_EQ(s.rows[1].median_answer_ms, 4 * kHour);
    EXPECT_EQ(s.rows[2].group, "Chưa phân công");
    EXPECT_EQ(s.rows[2].answered, 0);
    EXPECT_FALSE(s.rows[2].median_answer_ms);
    EXPECT_EQ(s.total.received, 6);
    EXPECT_EQ(s.total.answered, 4);
    EXPECT_EQ(s.total.on_time, 2);
    EXPECT_EQ(s.total.median_answer_ms, (4 * kHour + 12 * kDay) / 2);  // even count: between the middle two

    Stats by_ward = tally(f, StatsBy::ward);
    ASSERT_EQ(by_ward.rows.size(), 3u);
    EXPECT_EQ(by_ward.rows[0].group, "Không rõ phường/xã");  // two; then two each, by name
    EXPECT_EQ(by_ward.rows[1].group, "Phường Ba Đình");
    EXPECT_EQ(by_ward.rows[2].group, "Phường Đống Đa");
    Stats by_category = tally(f, StatsBy::category);
    ASSERT_EQ(by_category.rows.size(), 2u);
    EXPECT_EQ(by_category.rows[0].group, "Môi trường");
    EXPECT_EQ(by_category.rows[0].received, 4);
    EXPECT_EQ(tally({}, StatsBy::agency).total.received, 0);
}

TEST(PortalStats, TheCsvOpensInASpreadsheetAndRunsNoFormula) {
    std::vector<CaseFact> f = {fact("=HYPERLINK(\"http://x\")", "s", "a", kT0, kT0 + 90 * 60 * 1000),
                               fact("Phòng Quản lý đô thị, quận", "s", "a", kT0, std::nullopt)};
    std::string csv = stats_csv(tally(f, StatsBy::agency), StatsBy::agency);
    EXPECT_EQ(csv.rfind("\xEF\xBB\xBF" "Cơ quan,Đã nhận,Đã trả lời,Trả lời đúng hạn,", 0), 0u) << csv;
    EXPECT_NE(csv.find("\"'=HYPERLINK(\"\"http://x\"\")\",1,1,1,1.5\r\n"), std::string::npos) << csv;
    EXPECT_NE(csv.find("\"Phòng Quản lý đô thị, quận\",1,0,0,\r\n"), std::string::npos) << csv;
    EXPECT_NE(csv.find("Tổng cộng,2,1,1,1.5\r\n"), std::string::npos) << csv;
}

}  // namespace
