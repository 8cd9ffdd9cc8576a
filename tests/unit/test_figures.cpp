// make_figures (kiosk/figures.hpp): what the board and the statistics count, from this
// kiosk's tally and the province's public tally.
#include <gtest/gtest.h>

#include "kiosk/figures.hpp"
#include "kiosk/strings.hpp"

namespace {
using namespace wk;

const std::vector<TallyRow> kLocal = {{"moi-truong", "pending", 11, 2},   // not yet at the portal
                                      {"moi-truong", "fixed", 10, 3},     // the portal has these
                                      {"y-te", "in_progress", 9, 1}};
const std::vector<PublicTallyRow> kPublic = {{"moi-truong", "fixed", 10, 40, 30},
                                             {"moi-truong", "in_progress", 11, 5, 0},
                                             {"giao-duc", "closed", 2, 7, 7}};

TEST(Figures, BeforeAnyPullTheKiosksOwnReportsAreCounted) {
    Figures f = make_figures(kLocal, kPublic, false, Scope::ward, "");
    EXPECT_FALSE(f.province_data);
    EXPECT_EQ(f.total, 6);
    EXPECT_EQ(f.resolved, 3);
    ASSERT_EQ(f.fields.size(), 2u);
    EXPECT_EQ(f.fields[0].code, "moi-truong");
    EXPECT_EQ(f.fields[0].waiting, 2);
    EXPECT_EQ(f.fields[0].done, 3);
    EXPECT_EQ(f.months[11], 2);
}

// With the province's figures, the store passes only the kiosk's reports the public pull
// does not hold yet: those still waiting, and those the portal acknowledged since the
// last pull (here the y-te one). Each is counted once, next to the portal's.
TEST(Figures, WithThePortalsReportsTheKiosksUnpulledOnesAreAddedOnce) {
    const std::vector<TallyRow> unpulled = {{"moi-truong", "pending", 11, 2}, {"y-te", "open", 9, 1}};
    Figures f = make_figures(unpulled, kPublic, true, Scope::province, "2026-11-28T04:00:00Z");
    EXPECT_TRUE(f.province_data);
    EXPECT_EQ(f.total, 2 + 1 + 40 + 5 + 7);
    EXPECT_EQ(f.resolved, 47);
    EXPECT_EQ(f.on_time, 37);
    EXPECT_EQ(f.months[10], 40);
    EXPECT_EQ(f.months[11], 7);
    EXPECT_EQ(f.months[9], 1) << "acknowledged just now, before the public pull has it";
    ASSERT_EQ(f.fields.size(), 3u);
    EXPECT_EQ(f.fields[0].code, "moi-truong");
    EXPECT_EQ(f.fields[0].waiting, 2);
    EXPECT_EQ(f.fields[0].handling, 5);
    EXPECT_EQ(f.fields[0].done, 40);
    EXPECT_EQ(f.fields[1].code, "giao-duc");
    EXPECT_EQ(f.fields[2].code, "y-te");
    EXPECT_EQ(f.fields[2].handling, 1);
}

}  // namespace

namespace {

// The switch says what the config's province is: a city is not a province.
TEST(WholeAreaLabel, ACityIsAWholeCityAndAProvinceAWholeProvince) {
    EXPECT_STREQ(wk::whole_area_label("Thành phố Hà Nội"), "Whole city");
    EXPECT_STREQ(wk::whole_area_label("TP. Hồ Chí Minh"), "Whole city");
    EXPECT_STREQ(wk::whole_area_label("  Thành phố Đà Nẵng"), "Whole city");
    EXPECT_STREQ(wk::whole_area_label("Tỉnh Thái Bình"), "Whole province");
    EXPECT_STREQ(wk::whole_area_label("Bắc Ninh"), "Whole province");
    EXPECT_STREQ(wk::whole_area_label(""), "Whole province");
    ASSERT_EQ(wk::i18n::load_catalogs(WK_ASSET_DIR_BUILD), "");
    const std::string* vi = wk::i18n::catalog("vi").find("Whole city");
    ASSERT_NE(vi, nullptr);
    EXPECT_EQ(*vi, "Toàn thành phố");
}

}  // namespace
