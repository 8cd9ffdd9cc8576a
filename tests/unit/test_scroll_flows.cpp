// Drag to scroll (issue: "drag to scroll"), replayed on the real kiosk with no window at
// the smallest screen, 1280x800: lists longer than the screen (the board's fields, the
// category tiles, reports needing attention, the audit log) are reached by a finger's
// drag (or a mouse wheel on a staff PC); a drag that starts on a button does not press
// it; a new screen or a new citizen starts at the top. Only what is in view can be
// tapped or `expect`ed.
// [SECTION] rig, the board, the category tiles, staff lists, the driver
#include <gtest/gtest.h>

#include <string>

#include "kiosk_harness.hpp"
#include "sync/receipt_code.hpp"

namespace {

using wk::Screen;
using wk::UnixMs;
using wk::test::kiosk_noon;
using wk::test::KioskRig;

// [SECTION] rig
using wk::test::tr;

// "Lĩnh vực 07": the name of the n-th of the portal's many fields.
std::string field_name(int n) { return std::string("Lĩnh vực ") + (n < 10 ? "0" : "") + std::to_string(n); }
std::string field_code(int n) { return "linh-vuc-" + std::to_string(n); }

std::vector<wk::Category> many_fields(int n) {
    std::vector<wk::Category> cats;
    for (int i = 1; i <= n; ++i) cats.push_back({field_code(i), field_name(i), field_name(i), "", i, {}});
    return cats;
}

wk::KioskSettings with_officer() {
    wk::KioskSettings s = wk::test::settings_with_officer();
    s.disk_free = [] { return int64_t{3} * 1024 * 1024 * 1024; };
    return s;
}

class Scrolling : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_EQ(wk::i18n::load_catalogs(WK_ASSET_DIR_BUILD), "");
        wk::i18n::set_language("vi");
    }
    void story(const std::string& script) {
        std::string error;
        ASSERT_EQ(k.run(script, now, error), 0) << error;
    }
    // The portal's `n` fields, field i with 100 - i public reports this year, so the
    // board lists them in order.
    void publish_fields(int n) {
        k.store.replace_categories(many_fields(n), now);
        std::vector<wk::PublicReport> pub;
        for (int i = 1; i <= n; ++i)
            for (int j = 0; j < 100 - i; ++j)
                pub.push_back({"HN-" + std::to_string(i) + "-" + std::to_string(j), field_code(i), "in_progress",
                               now - 40LL * 86400000, now - 30LL * 86400000, 0, "Phường Điện Biên", ""});
        k.store.upsert_public(pub);
        k.store.set_value("agent.last_ok.public", "2026-11-28T04:00:00Z");
    }
    std::string enter_staff() { return "hold home.ward 3\ntap pin.2\ntap pin.4\ntap pin.6\ntap pin.8\ntap pin.ok\n"; }
    float offset(const char* region) const { return k.kiosk.ui().scroll_offset(region); }

    KioskRig k{1280, 800, with_officer()};
    UnixMs now = kiosk_noon();
};

// [SECTION] the board
TEST_F(Scrolling, TheBoardsLastFieldIsADragAwayAndTheFirstScrollsOutOfView) {
    publish_fields(18);
    story("tap home.board\n"
          "expect " + field_name(1) + "\n"
          "absent " + field_name(18) + "\n"
          "expect " + tr("Swipe up to see more") + "\n"
          "drag board.rows -300\n"
          "expect " + field_name(10) + "\n"
          "drag board.rows -3000\n"
          "expect " + field_name(18) + "\n"
          "absent " + field_name(1) + "\n"
          "absent " + tr("Swipe up to see more") + "\n"
          "drag board.rows 3000\n"
          "expect " + field_name(1) + "\n");
    EXPECT_EQ(offset("board.rows"), 0);
}

TEST_F(Scrolling, TheBoardStartsAtTheTopEachTimeItOpens) {
    publish_fields(18);
    story("tap home.board\n"
          "drag board.rows -3000\n"
          "expect " + field_name(18) + "\n"
          "tap nav.home\n"
          "tap home.board\n"
          "expect " + field_name(1) + "\n"
          "absent " + field_name(18) + "\n");
    EXPECT_EQ(offset("board.rows"), 0);
}

// A board left scrolled goes home by itself after the idle time and its grace, with no
// prompt (there is nothing to keep); the next person opens it at the top.
TEST_F(Scrolling, ABoardLeftAloneGoesHomeAndOpensAtTheTopForTheNextPerson) {
    publish_fields(18);
    story("tap home.board\n"
          "drag board.rows -3000\n"
          "wait 60\n"
          "expect " + field_name(18) + "\n"
          "absent " + tr("Are you still there?") + "\n"
          "wait 16\n"
          "expect " + tr("File a report") + "\n"
          "tap home.board\n"
          "expect " + field_name(1) + "\n");
    EXPECT_EQ(offset("board.rows"), 0);
}

// A staff PC has a mouse: its wheel over a list scrolls it, three lines a notch.
TEST_F(Scrolling, AMouseWheelOverTheBoardScrollsIt) {
    publish_fields(18);
    story("tap home.board\n");
    const auto& regions = k.kiosk.ui().scroll_regions();
    ASSERT_EQ(regions.size(), 1u);
    ImVec2 c((regions[0].min.x + regions[0].max.x) / 2, (regions[0].min.y + regions[0].max.y) / 2);
    UnixMs t = now + 60000;
    k.kiosk.frame(t += 16, wk::Touch{c, false});
    ImGui::GetIO().MouseWheel = -1;  // one notch towards the user: further down the list
    k.kiosk.frame(t += 16);
    EXPECT_FLOAT_EQ(offset("board.rows"), 3 * k.kiosk.ui().em());
    ImGui::GetIO().MouseWheel = 5;
    k.kiosk.frame(t += 16);
    EXPECT_EQ(offset("board.rows"), 0);
    EXPECT_EQ(k.app.state().screen, Screen::board) << "turning the wheel pressed nothing";
}

// The statistics' bars by field run off a short screen: they scroll too.
TEST_F(Scrolling, TheStatisticsBarsScrollUnderTheirHeading) {
    publish_fields(18);
    std::string last = field_name(18) + "  82";
    story("tap home.stats\n"
          "absent " + last + "\n"
          "drag stats.fields -3000\n"
          "expect " + last + "\n"
          "expect " + tr("By field") + "\n");
}

// [SECTION] the category tiles
// A portal may offer more fields than fit as readable tiles: the grid scrolls, the last
// can be chosen, and the next citizen after an idle reset starts at the top.
TEST_F(Scrolling, ManyCategoryTilesScrollAndTheIdleResetStartsTheNextCitizenAtTheTop) {
    k.store.replace_categories(many_fields(30), now);
    story("tap home.report\n"
          "expect " + field_name(1) + "\n"
          "absent " + field_name(30) + "\n"
          "drag wizard.categories -3000\n"
          "absent " + field_name(1) + "\n"
          "expect " + field_name(30) + "\n"
          "wait 61\n"
          "wait 15\n"
          "expect " + tr("File a report") + "\n"
          "tap home.report\n"
          "expect " + field_name(1) + "\n"
          "absent " + field_name(30) + "\n"
          "drag wizard.categories -3000\n"
          "tap cat." + field_code(30) + "\n");
    EXPECT_EQ(k.app.state().draft.service_code, field_code(30));
    EXPECT_EQ(k.app.state().sessions_ended, 1);
}

// A finger that lands on a tile and moves on scrolls; one that rolls a little taps.
TEST_F(Scrolling, ADragOverATileChoosesNothingButATapThatRollsALittleDoes) {
    k.store.replace_categories(many_fields(30), now);
    story("tap home.report\n"
          "drag cat." + field_code(7) + " -200\n");
    EXPECT_TRUE(k.app.state().draft.service_code.empty());
    EXPECT_EQ(k.app.state().screen, Screen::wizard);
    EXPECT_EQ(k.app.state().step, wk::Step::category);
    EXPECT_NEAR(offset("wizard.categories"), 200, 1);
    const wk::ui::Target* tile = k.target("cat." + field_code(12));
    ASSERT_NE(tile, nullptr);
    ImVec2 c((tile->min.x + tile->max.x) / 2, (tile->min.y + tile->max.y) / 2);
    float roll = 0.4f * k.kiosk.ui().em();  // under the threshold (kDragThresholdEm)
    UnixMs t = now + 60000;
    k.kiosk.frame(t += 16, wk::Touch{c, true});
    k.kiosk.frame(t += 16, wk::Touch{ImVec2(c.x, c.y - roll), true});
    k.kiosk.frame(t += 16, wk::Touch{ImVec2(c.x, c.y - roll), false});
    EXPECT_EQ(k.app.state().draft.service_code, field_code(12));
    EXPECT_NEAR(offset("wizard.categories"), 200, 1) << "a tap does not scroll";
}

// [SECTION] staff lists
TEST_F(Scrolling, ADragThatStartsOnRetryScrollsTheListAndRetriesNothing) {
    const std::string error =
        "400 Bad Request: trường service_code không hợp lệ với danh mục hiện hành của cổng thông tin tỉnh, "
        "đề nghị kiểm tra lại danh mục lĩnh vực và thử lại sau khi cập nhật.";
    std::vector<std::string> codes;
    for (int i = 0; i < 12; ++i) {
        k.fill_to_review(now, "Cống bị tắc số " + std::to_string(i));
        ASSERT_TRUE(k.app.submit(now));
        codes.push_back(k.app.state().receipt.code);
        k.app.go_home();
    }
    for (int i = 0; i < 12; ++i) k.store.needs_attention(k.store.next_due(now)->id, error, now);
    std::string first = "staff.retry." + codes[0], last = "staff.retry." + codes[11];
    story(enter_staff() + "absent " + wk::receipt::grouped(codes[11]) + "\n"
          "drag " + first + " -300\n");
    EXPECT_EQ(k.store.counts().attention, 12) << "the drag retried a report";
    for (const wk::AuditRow& r : k.store.audit_log(50)) EXPECT_NE(r.action, "retry");
    EXPECT_NEAR(offset("staff.attention.rows"), 300, 1);
    story("drag staff.attention.rows -3000\n"
          "expect " + wk::receipt::grouped(codes[11]) + "\n");
    EXPECT_EQ(k.target(first), nullptr) << "a button scrolled out of view cannot be tapped";
    ASSERT_NE(k.target(last), nullptr);
    story("tap " + last + "\n");  // a tap on a button in a scrolled list still works
    EXPECT_EQ(k.store.counts().attention, 11);
}

TEST_F(Scrolling, TheAuditLogScrollsToItsOldestRows) {
    for (int i = 1; i <= 120; ++i)
        k.store.audit({now - (200 - i) * 60000LL, "cb-01", "sync_now", "", "row-" + std::to_string(1000 + i)});
    story(enter_staff() + "tap staff.log\n"
          "expect " + tr("Audit log") + "\n"
          "expect (" + tr("with a PIN") + ")\n"  // the newest: entering staff mode just now
          "absent row-1001\n"
          "drag staff.log.rows -100000\n"
          "expect row-1001\n"
          "absent (" + tr("with a PIN") + ")\n"
          "tap nav.home\n"
          "tap staff.log\n"
          "absent row-1001\n");
    EXPECT_EQ(offset("staff.log.rows"), 0);
}

// [SECTION] the driver
TEST_F(Scrolling, DraggingWhatIsNotOnTheScreenFailsAndSaysWhatIs) {
    std::string error;
    EXPECT_EQ(k.run("tap home.board\ndrag board.nothing -100\n", now, error), 1);
    EXPECT_NE(error.find(":2: drag board.nothing -100"), std::string::npos) << error;
    EXPECT_NE(error.find("no touch target or scroll region"), std::string::npos) << error;
    EXPECT_NE(error.find("nav.home"), std::string::npos) << error;
    EXPECT_EQ(k.run("drag home.report\n", now, error), 1);
    EXPECT_NE(error.find("drag needs"), std::string::npos) << error;
    EXPECT_EQ(k.run("drag home.report far\n", now, error), 1);
    EXPECT_NE(error.find("drag needs"), std::string::npos) << error;
}

}  // namespace
