// The themes' contrast, computed as WCAG 2 defines it: every pair of text and
// background colour the screens use reaches 7:1 in the high-contrast theme and 4.5:1
// in the normal one; outlines of keys, tiles and fields reach 3:1 (non-text
// contrast); white on the primary blue reaches 7:1 in both.
#include <cmath>
#include <gtest/gtest.h>
#include <string>

#include "kiosk/ui.hpp"

namespace {

double contrast(ImU32 a, ImU32 b) { return wk::ui::contrast_ratio(a, b); }

struct Pair {
    const char* what;
    ImU32 fg, bg;
};

// Every text-on-background pairing drawn by the screens and widgets.
std::vector<Pair> pairs(const wk::ui::Theme& t) {
    return {{"text on background", t.text, t.background},
            {"text on a surface (fields, tiles, keys)", t.text, t.surface},
            {"muted text on background", t.muted, t.background},
            {"muted text on a surface", t.muted, t.surface},
            {"button text on primary", t.primary_text, t.primary},
            {"button text while pressed", t.primary_text, t.pressed},
            {"primary-coloured text (step, code) on background", t.primary, t.background},
            {"error text on background", t.error, t.background},
            {"error text on a surface (prompt)", t.error, t.surface},
            {"success text on background", t.ok, t.background},
            {"a field's hint on its surface", t.hint, t.surface}};
}

TEST(Theme, HighContrastTextReachesSevenToOne) {
    wk::ui::Ui ui;
    ui.set_theme(true);
    for (const Pair& p : pairs(ui.theme())) EXPECT_GE(contrast(p.fg, p.bg), 7.0) << p.what;
}

TEST(Theme, NormalThemeTextReachesFourAndAHalfToOne) {
    wk::ui::Ui ui;
    ui.set_theme(false);
    for (const Pair& p : pairs(ui.theme())) EXPECT_GE(contrast(p.fg, p.bg), 4.5) << p.what;
}

TEST(Theme, OutlinesReachThreeToOneAndButtonTextSevenToOne) {
    for (bool high : {false, true}) {
        wk::ui::Ui ui;
        ui.set_theme(high);
        const wk::ui::Theme& t = ui.theme();
        EXPECT_GE(contrast(t.border, t.background), 3.0) << "outline on the background, high contrast " << high;
        EXPECT_GE(contrast(t.border, t.surface), 3.0) << "outline on a surface, high contrast " << high;
        EXPECT_GE(contrast(t.primary_text, t.primary), 7.0) << "button text on primary, high contrast " << high;
        EXPECT_NE(t.hint, t.text) << "a hint must not look like typed text";
    }
}

TEST(Theme, TheContrastFormulaMatchesKnownValues) {
    EXPECT_NEAR(contrast(IM_COL32(160, 170, 180, 255), IM_COL32(244, 246, 248, 255)), 2.18, 0.01);  // the old outline
    EXPECT_NEAR(contrast(IM_COL32(0, 0, 0, 255), IM_COL32(255, 255, 255, 255)), 21.0, 0.01);
    EXPECT_NEAR(contrast(IM_COL32(118, 118, 118, 255), IM_COL32(255, 255, 255, 255)), 4.54, 0.01);
}

}  // namespace

#include "kiosk/icons.hpp"
#include "sync/store.hpp"

namespace {

TEST(Icons, EveryDefaultCategoryHasAPictogramOfItsOwn) {
    std::string error;
    auto cats = wk::load_categories_file(WK_ASSET_DIR_BUILD "/categories.json", error);
    ASSERT_EQ(error, "");
    ASSERT_EQ(cats.size(), 10u);
    for (const auto& c : cats) EXPECT_TRUE(wk::icons::has_own(c.code)) << c.code;
    EXPECT_FALSE(wk::icons::has_own("a-category-only-the-portal-knows"));  // gets the neutral one
}

}  // namespace
