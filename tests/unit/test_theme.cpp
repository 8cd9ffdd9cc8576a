// The themes' text contrast, computed as WCAG 2 defines it: every pair of text and
// background colour the screens use reaches 7:1 in the high-contrast theme and 4.5:1
// in the normal one.
#include <cmath>
#include <gtest/gtest.h>
#include <string>

#include "kiosk/ui.hpp"

namespace {

double channel(unsigned v) {
    double c = v / 255.0;
    return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double luminance(ImU32 c) {
    return 0.2126 * channel(c & 0xff) + 0.7152 * channel((c >> 8) & 0xff) + 0.0722 * channel((c >> 16) & 0xff);
}

double contrast(ImU32 a, ImU32 b) {
    double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

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
            {"success text on background", t.ok, t.background}};
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

TEST(Theme, TheContrastFormulaMatchesKnownValues) {
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
