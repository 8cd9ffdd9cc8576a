// Every touch target on every screen, at the kiosk's three screen shapes, is big enough
// for a finger (kMinTouchEm font units: 64 px and more at 1080p), lies wholly on the
// screen, and does not overlap another target (a tap must mean one thing). In a scroll
// region, a target partly scrolled out of view is recorded clipped to what is shown:
// it is checked for the screen's edges and overlaps, not for size (a finger drags it
// into view); its full size is checked once it is scrolled in.
// [SECTION] the check, the screens, scrolled lists
#include <gtest/gtest.h>

#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include <imgui_internal.h>

#include "kiosk_harness.hpp"

namespace {

using wk::Field;
using wk::Step;
using wk::UnixMs;
using wk::test::kiosk_noon;
using wk::test::KioskRig;

struct Size {
    float w, h;
    bool large_text = false;  // the citizen's "Larger text" switch
};

std::string describe(const wk::ui::Target& t) {
    std::ostringstream s;
    s << t.id << " \"" << t.label << "\" [" << t.min.x << "," << t.min.y << " .. " << t.max.x << "," << t.max.y << "]";
    return s.str();
}

bool overlap(const wk::ui::Target& a, const wk::ui::Target& b) {
    const float slack = 0.5f;
    return a.min.x < b.max.x - slack && b.min.x < a.max.x - slack && a.min.y < b.max.y - slack &&
           b.min.y < a.max.y - slack;
}

// One officer, so the staff screens can be opened.
wk::KioskSettings with_staff() {
    wk::KioskSettings s = wk::test::settings_with_officer();
    s.disk_free = [] { return int64_t{150} * 1024 * 1024; };
    s.power_off = [] { return std::string("not in a test"); };  // offered, so its button is measured; never pressed
    return s;
}

class TouchTargets : public ::testing::TestWithParam<Size> {
  protected:
    void SetUp() override {
        ASSERT_EQ(wk::i18n::load_catalogs(WK_ASSET_DIR_BUILD), "");
        wk::i18n::set_language("vi");
        k.kiosk.chrome().large_text = GetParam().large_text;
    }

    // Draws the current screen and checks every target on it; `expect_ids` must be there.
    void check(const std::string& where, const std::vector<std::string>& expect_ids, bool modal = false) {
        k.kiosk.frame(now += 16);
        float min_side = k.kiosk.ui().min_touch() - 0.5f;
        float w = GetParam().w, h = GetParam().h;
        const auto& targets = k.kiosk.ui().targets();
        SCOPED_TRACE(where + " at " + std::to_string(int(w)) + "x" + std::to_string(int(h)));
        ASSERT_FALSE(targets.empty());
        for (const std::string& id : expect_ids) EXPECT_NE(k.target(id), nullptr) << id << " is missing";
        for (const auto& t : targets) {
            if (!t.clipped) {
                EXPECT_GE(t.max.x - t.min.x, min_side) << "too narrow: " << describe(t);
                EXPECT_GE(t.max.y - t.min.y, min_side) << "too low: " << describe(t);
            }
            EXPECT_GE(t.min.x, -0.5f) << "off the left edge: " << describe(t);
            EXPECT_GE(t.min.y, -0.5f) << "off the top: " << describe(t);
            EXPECT_LE(t.max.x, w + 0.5f) << "off the right edge: " << describe(t);
            EXPECT_LE(t.max.y, h + 0.5f) << "off the bottom: " << describe(t);
        }
        // Text and pictures too: nothing is laid out past the screen's edges.
        if (ImGuiWindow* win = ImGui::FindWindowByName("kiosk")) {
            EXPECT_LE(win->DC.CursorMaxPos.x, w + 0.5f) << "something is laid out past the right edge";
            EXPECT_LE(win->DC.CursorMaxPos.y, h + 0.5f) << "something is laid out past the bottom";
        } else {
            ADD_FAILURE() << "no kiosk window";
        }
        if (modal) return;  // a prompt lies over the screen on purpose
        for (size_t i = 0; i < targets.size(); ++i)
            for (size_t j = i + 1; j < targets.size(); ++j)
                EXPECT_FALSE(overlap(targets[i], targets[j]))
                    << describe(targets[i]) << " overlaps " << describe(targets[j]);
    }

    void enter_staff() {
        k.app.open_pin_pad(now);
        for (char c : std::string("2468")) k.app.pin_key(c);
        k.app.pin_enter(now);
        ASSERT_TRUE(k.app.staff_active());
    }
    std::string file_one(const std::string& text) {
        k.fill_to_review(now, text);
        EXPECT_TRUE(k.app.submit(now));
        std::string code = k.app.state().receipt.code;
        k.app.go_home();
        return code;
    }
    // Files a report and has the portal acknowledge it as `case_id` (the agent's part).
    std::string file_acknowledged(const std::string& text, const std::string& case_id) {
        std::string code = file_one(text);
        auto item = k.store.next_due(now);
        EXPECT_TRUE(item);
        if (!item) return code;
        k.store.record_attempt(item->id, now);
        k.store.acknowledge(item->id, case_id, now);
        return code;
    }

    KioskRig k{GetParam().w, GetParam().h, with_staff()};
    UnixMs now = kiosk_noon();
};

// [SECTION] the screens
TEST_P(TouchTargets, TheMinimumScalesWithTheScreen) {
    k.kiosk.frame(now);
    float em = k.kiosk.ui().em();
    EXPECT_GE(wk::ui::kMinTouchEm * em, 64.0f * em / 30.0f);  // 64 px at 1080p, scaled
}

TEST_P(TouchTargets, Home) { check("home", {"home.report", "home.lookup", "home.board", "home.stats", "home.lang_vi",
                                            "home.lang_en", "home.contrast"}); }

TEST_P(TouchTargets, HomeWithAMessage) {
    k.app.on_scan_rejected(0);
    check("home with a message", {"home.report"});
}

TEST_P(TouchTargets, EveryWizardStep) {
    k.app.start_report(now);
    check("categories", {"cat.moi-truong", "cat.khac", "wizard.back", "nav.home"});
    k.app.choose_category("moi-truong");
    k.app.type_text("Rác thải đổ trộm ở đầu ngõ 12 đã ba ngày");
    check("description", {"field.description", "osk.q", "osk.space", "osk.backspace", "wizard.next"});
    k.app.next();
    check("place", {"place.ward.0", "place.ward.5", "field.address", "osk.m", "wizard.next"});
    k.app.next();
    check("contact, anonymous", {"contact.anonymous", "contact.give", "wizard.next"});
    k.app.set_contact_given(true);
    k.app.type_text("Nguyễn Văn An");
    check("contact, given", {"field.name", "field.phone", "osk.1", "wizard.next"});
    k.app.set_contact_given(false);
    k.app.next();
    ASSERT_EQ(k.app.state().step, Step::review) << k.app.state().message;
    check("review", {"review.edit.category", "review.edit.description", "review.edit.place", "review.edit.contact",
                     "wizard.submit"});
}

TEST_P(TouchTargets, TheWizardWithAProblemMessage) {
    k.app.start_report(now);
    k.app.choose_category("moi-truong");
    k.app.next();  // empty description: the message sits above the buttons
    ASSERT_FALSE(k.app.state().message.empty());
    check("description with a message", {"wizard.next", "wizard.back"});
}

// A long description with no spaces (a pasted link, or letters typed without a
// break) must not push the review's "Change" buttons off the screen.
TEST_P(TouchTargets, TheReviewOfALongUnbrokenDescription) {
    k.fill_to_review(now, std::string(1500, 'W'));
    ASSERT_EQ(k.app.state().step, Step::review) << k.app.state().message;
    check("review, 1500 letters without a space", {"review.edit.place", "review.edit.contact", "wizard.submit"});
}

// The same for a description of many short lines (Enter pressed after each).
TEST_P(TouchTargets, TheReviewOfADescriptionOfManyLines) {
    std::string lines;
    for (int i = 0; i < 40; ++i) lines += "Dòng " + std::to_string(i) + "\n";
    k.fill_to_review(now, lines);
    ASSERT_EQ(k.app.state().step, Step::review) << k.app.state().message;
    check("review, 40 lines", {"review.edit.place", "review.edit.contact", "wizard.submit"});
}

TEST_P(TouchTargets, TheReviewOfAFullDescription) {
    std::string text;
    while (wk::utf8_length(text) + 14 <= wk::kMaxDescriptionChars) text += "Nước ngập sâu ";
    k.fill_to_review(now, text);
    ASSERT_EQ(k.app.state().step, Step::review) << k.app.state().message;
    check("review, 4000 characters", {"review.edit.place", "review.edit.contact", "wizard.submit"});
}

// The longest everything: 4000 wide letters, a full address, contact given.
TEST_P(TouchTargets, TheReviewOfTheLongestPossibleReport) {
    k.app.start_report(now);
    k.app.choose_category("vi-pham-phap-luat");
    k.app.type_text(std::string(wk::kMaxDescriptionChars, 'W'));
    k.app.next();
    k.app.type_text(std::string(wk::kMaxAddressChars, 'W'));
    k.app.next();
    k.app.set_contact_given(true);
    k.app.type_text(std::string(wk::kMaxNameChars, 'W'));
    k.app.next();
    ASSERT_EQ(k.app.state().step, Step::review) << k.app.state().message;
    check("review, everything at its limit", {"review.edit.place", "review.edit.contact", "wizard.submit"});
}

// Each part of the review starts below the end of the one before: a long description
// or address must push the next part down, never be drawn over it.
TEST_P(TouchTargets, TheReviewNeverDrawsOnePartOverTheNext) {
    std::string description, address;
    while (wk::utf8_length(description) + 14 <= wk::kMaxDescriptionChars) description += "Nước ngập sâu ";
    while (wk::utf8_length(address) + 13 <= wk::kMaxAddressChars) address += "Ngõ 12 Hà Nội ";
    k.app.start_report(now);
    k.app.choose_category("moi-truong");
    k.app.type_text(description);
    k.app.next();
    k.app.type_text(address);
    k.app.next();
    k.app.next();
    ASSERT_EQ(k.app.state().step, Step::review) << k.app.state().message;
    check("review, long description and address", {"review.edit.place", "review.edit.contact"});

    float em = k.kiosk.ui().em();
    ImFont* font = k.kiosk.ui().font(wk::ui::Font::large);
    // The least height a shown text can take: wrapped at the full width of the screen.
    auto least_height = [&](const std::string& starts_with) {
        for (const std::string& t : k.kiosk.ui().texts())
            if (t.rfind(starts_with, 0) == 0)
                return font->CalcTextSizeA(font->FontSize, FLT_MAX, GetParam().w - 2 * em, t.c_str()).y;
        ADD_FAILURE() << "nothing shown starts with \"" << starts_with << "\"";
        return 0.0f;
    };
    const wk::ui::Target* d = k.target("review.edit.description");
    const wk::ui::Target* p = k.target("review.edit.place");
    const wk::ui::Target* c = k.target("review.edit.contact");
    ASSERT_TRUE(d && p && c);
    EXPECT_GE(p->min.y, d->min.y + em + least_height("Nước ngập sâu"))
        << "the place is drawn over the end of the description";
    EXPECT_GE(c->min.y, p->min.y + em + least_height("Ngõ 12 Hà Nội"))
        << "the contact is drawn over the end of the place";
}

TEST_P(TouchTargets, ReceiptLookupBoardAndStats) {
    k.fill_to_review(now, "Đèn đường hỏng ở ngõ 5", {"Nguyễn Văn An", "0912345678"});
    ASSERT_TRUE(k.app.submit(now));
    std::string code = k.app.state().receipt.code;
    check("receipt", {"receipt.done"});

    k.app.open_lookup();
    check("lookup, empty", {"field.code", "lookup.go", "osk.A", "osk.Z", "osk.backspace", "nav.home"});
    k.app.look_up(code, now);
    ASSERT_TRUE(k.app.state().lookup.report);
    check("lookup, report", {"field.code", "lookup.go", "nav.home"});
    k.app.look_up("ABC", now);
    check("lookup, message", {"field.code", "lookup.go"});

    k.app.open_board(now);
    check("board", {"nav.home"});
    k.app.open_stats(now);
    check("stats", {"nav.home"});
}

// A report the portal has answered several times, with the agency's notes: the
// timeline must stay on the screen (and clear of the keypad).
TEST_P(TouchTargets, TheLookupOfAReportWithALongHistory) {
    k.fill_to_review(now, "Đèn đường hỏng ở ngõ 5");
    ASSERT_TRUE(k.app.submit(now));
    std::string code = k.app.state().receipt.code;
    auto item = k.store.next_due(now);
    ASSERT_TRUE(item);
    k.store.record_attempt(item->id, now + 60000);
    k.store.acknowledge(item->id, "HN-2026-001234", now + 61000);
    const std::string note =
        "Đội quản lý điện chiếu sáng đã tiếp nhận và kiểm tra hiện trường; bóng đèn và dây dẫn bị hỏng "
        "do mưa bão, sẽ được thay thế trong đợt bảo trì tới theo kế hoạch của Công ty Chiếu sáng.";
    const char* statuses[] = {"open", "investigating", "in_progress", "action_scheduled", "fixed"};
    UnixMs at = now + 3600000;
    for (const char* s : statuses)
        ASSERT_TRUE(k.store.apply_status({"HN-2026-001234", s, std::string(s) + ": " + note,
                                          "Công ty TNHH MTV Chiếu sáng và Thiết bị đô thị", "", ""},
                                         at += 86400000));
    k.store.set_value("agent.last_ok.pull", wk::open311::iso8601(at));
    k.app.look_up(code, at);
    ASSERT_TRUE(k.app.state().lookup.report);
    EXPECT_GE(k.app.state().lookup.report->events.size(), 7u);
    check("lookup, long history", {"field.code", "lookup.go", "osk.backspace"});
    bool latest_shown = false;  // what did not fit is the oldest news, not the newest
    for (const std::string& s : k.kiosk.ui().texts()) latest_shown |= s.find("fixed: Đội quản lý") != std::string::npos;
    EXPECT_TRUE(latest_shown);
}

TEST_P(TouchTargets, TheIdlePrompt) {
    k.app.start_report(now);
    k.app.choose_category("moi-truong");
    k.app.type_text("abc");
    ASSERT_TRUE(k.app.tick(now + k.app.settings().idle_ms));
    now += k.app.settings().idle_ms;
    check("idle prompt", {"idle.continue"}, /*modal=*/true);
}

// [SECTION] staff screens and the rating
TEST_P(TouchTargets, ThePinPad) {
    k.app.open_pin_pad(now);
    for (char c : std::string("246")) k.app.pin_key(c);
    check("pin pad", {"pin.1", "pin.0", "pin.clear", "pin.back", "pin.ok", "nav.home"});
    k.app.pin_key('9');
    k.app.pin_enter(now);
    ASSERT_EQ(k.app.state().staff.tries_left, 4);
    check("pin pad, wrong PIN", {"pin.ok"});
    k.app.go_home();
    check("home with the hold zone", {"home.ward", "home.report"});
}

TEST_P(TouchTargets, TheOperationsScreenWithReportsNeedingAttention) {
    const std::string long_error =
        "400 Bad Request: trường service_code không hợp lệ với danh mục hiện hành của cổng thông tin tỉnh, "
        "đề nghị kiểm tra lại danh mục lĩnh vực và thử lại sau khi cập nhật.";
    std::vector<std::string> codes;
    for (int i = 0; i < 6; ++i) codes.push_back(file_one("Cống bị tắc số " + std::to_string(i)));
    for (int i = 0; i < 6; ++i) {
        auto item = k.store.next_due(now);
        ASSERT_TRUE(item);
        k.store.needs_attention(item->id, long_error, now);
    }
    for (const char* s : {"upload", "pull", "services", "config", "public"})
        k.store.set_value(std::string("agent.last_error.") + s, long_error);
    k.store.set_value("agent.last_ok.pull", wk::open311::iso8601(now));
    enter_staff();
    check("operations", {"staff.leave", "staff.assisted", "staff.sync", "staff.reprint", "staff.withdraw", "staff.log",
                         "staff.power", "staff.retry." + codes[0]});
    k.app.sync_now(now);
    check("operations with a message", {"staff.sync"});
    k.app.open_power_menu(true);
    check("restart or shut down", {"staff.restart", "staff.shutdown", "staff.power.cancel"}, /*modal=*/true);
    k.app.open_power_menu(false);
    k.app.open_staff_log();
    check("audit log", {"nav.home"});
}

TEST_P(TouchTargets, AReportByCode) {
    std::string code = file_one("Cống bị tắc");
    enter_staff();
    k.app.open_staff_task(wk::StaffTask::withdraw);
    check("withdraw, code", {"field.staff_code", "field.reason", "staff.withdraw.confirm", "osk.A", "osk.backspace"});
    k.app.type_text(code);
    k.app.staff_withdraw(now);
    ASSERT_EQ(k.app.state().focus, Field::reason);
    check("withdraw, reason required", {"field.reason", "osk.q", "osk.space", "staff.withdraw.confirm"});
    k.app.open_staff_task(wk::StaffTask::reprint);
    k.app.type_text(code);
    k.app.staff_reprint(now);
    check("reprint", {"field.staff_code", "staff.reprint.print", "osk.A"});
}

TEST_P(TouchTargets, TheConsentQuestionOfAnAssistedReport) {
    enter_staff();
    k.app.start_assisted(now);
    k.app.choose_category("moi-truong");
    k.app.type_text("Đèn đường hỏng");
    k.app.next();
    k.app.next();
    check("consent", {"consent.yes", "consent.no", "wizard.next", "wizard.back"});
    k.app.answer_consent(true);
    check("contact after consent", {"field.name", "field.phone", "wizard.next"});
}

TEST_P(TouchTargets, RatingAnAnswerOnLookup) {
    std::string code = file_acknowledged("Đèn đường hỏng ở ngõ 5", "HN-2026-000042");
    k.store.apply_status({"HN-2026-000042", "fixed", "Đã thay bóng đèn mới và kiểm tra toàn tuyến.", "Công ty Chiếu sáng",
                          "", ""},
                         now);
    k.app.look_up(code, now);
    check("lookup, rate", {"rate.yes", "rate.no", "field.code"});
    k.app.choose_rating(false);
    check("lookup, comment", {"field.comment", "rate.send", "osk.q", "osk.space"});
    k.app.type_text("Sửa chậm");
    k.app.send_rating(now);
    ASSERT_TRUE(k.app.state().lookup.thanked);
    check("lookup, rated", {"field.code", "lookup.go"});
}

// [SECTION] scrolled lists
TEST_P(TouchTargets, TheLookupOfAReportWithAVeryLongAnswer) {
    std::string code = file_acknowledged("Đèn đường hỏng ở ngõ 5", "HN-2026-000042");
    std::string answer;
    while (answer.size() < 3000) answer += "Đã kiểm tra hiện trường, thay bóng đèn và dây dẫn toàn tuyến. ";
    k.store.apply_status({"HN-2026-000042", "fixed", answer, "Công ty Chiếu sáng", "", ""}, now);
    k.app.look_up(code, now);
    check("lookup, a very long answer", {"rate.yes", "rate.no", "field.code", "lookup.go"});
    k.kiosk.frame(now += 16);
    ASSERT_EQ(k.kiosk.ui().scroll_regions().size(), 1u);
    EXPECT_EQ(k.kiosk.ui().scroll_regions()[0].id, "lookup.report");
}

// The category grid of a portal with many fields, at its top, mid-way and at its end.
TEST_P(TouchTargets, ManyCategoryTilesAtEveryScrollPosition) {
    std::vector<wk::Category> cats;
    for (int i = 1; i <= 30; ++i)
        cats.push_back({"linh-vuc-" + std::to_string(i), "Lĩnh vực " + std::to_string(i), "", "", i, {}});
    k.store.replace_categories(cats, now);
    k.app.start_report(now);
    check("30 categories", {"cat.linh-vuc-1", "wizard.back"});
    for (int dy : {-150, -3000}) {
        std::string error;
        ASSERT_EQ(k.run("drag wizard.categories " + std::to_string(dy) + "\n", now, error), 0) << error;
        check("30 categories, dragged " + std::to_string(dy), {"wizard.back"});
    }
    EXPECT_NE(k.target("cat.linh-vuc-30"), nullptr);
}

TEST_P(TouchTargets, AListOfReportsNeedingAttentionScrolledMidWay) {
    std::vector<std::string> codes;
    for (int i = 0; i < 14; ++i) codes.push_back(file_one("Cống bị tắc số " + std::to_string(i)));
    for (int i = 0; i < 14; ++i) k.store.needs_attention(k.store.next_due(now)->id, "400 Bad Request: lỗi dữ liệu", now);
    enter_staff();
    check("operations, 14 reports needing attention", {"staff.retry." + codes[0], "staff.log"});
    std::string error;
    ASSERT_EQ(k.run("drag staff.attention.rows -170\n", now, error), 0) << error;
    check("operations, the list dragged", {"staff.log", "staff.sync"});
}

INSTANTIATE_TEST_SUITE_P(Screens, TouchTargets,
                         ::testing::Values(Size{1920, 1080}, Size{1080, 1920}, Size{1280, 800},
                                           Size{1920, 1080, true}, Size{1080, 1920, true}, Size{1280, 800, true}),
                         [](const ::testing::TestParamInfo<Size>& i) {
                             return std::to_string(int(i.param.w)) + "x" + std::to_string(int(i.param.h)) +
                                    (i.param.large_text ? "_large_text" : "");
                         });

}  // namespace
