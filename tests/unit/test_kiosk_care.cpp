// The care a bank ATM takes (issue 15), tried as a citizen would: a physical Tab keeps
// words apart, an invisible bidi control never blocks "Next", emoji are refused with a
// message while ₫, € and ✓ are kept and drawn, a one-letter description asks for a few
// words, the phone field gets a number pad and each wrong phone number hears what is
// wrong. The draft survives every refusal.
#include <gtest/gtest.h>

#include "kiosk/glyphs.hpp"
#include "kiosk_harness.hpp"

namespace {

using wk::Field;
using wk::Step;
using wk::test::AppRig;
using wk::test::kiosk_noon;
using wk::test::KioskRig;

const char* kEmojiMessage =
    "Some characters cannot be shown on this kiosk (emoji, for example) and were left out. "
    "Please use letters, digits and punctuation.";
const char* kFewWords = "Please describe the problem in a few words, so that the agency knows what to fix.";

void to_description(AppRig& k) {
    k.app.start_report(kiosk_noon());
    k.app.choose_category("moi-truong");
    ASSERT_EQ(k.app.state().step, Step::description);
}

TEST(KioskCare, APhysicalTabKeepsWordsApart) {
    AppRig k;
    to_description(k);
    k.app.type_text("Đèn\thỏng");
    k.app.press_key(U'\t');  // the window turns the Tab key into this character
    k.app.type_text("lâu");
    EXPECT_EQ(k.app.state().draft.description, "Đèn hỏng lâu");
}

TEST(KioskCare, InvisibleBidiControlsAreDroppedAndNextWorks) {
    AppRig k;
    to_description(k);
    // U+202E right-to-left override, U+200B zero-width space, U+2066 isolate, U+FEFF BOM
    k.app.type_text("Rác\u202E thải\u200B ở\u2066 đầu\uFEFF ngõ");
    EXPECT_EQ(k.app.state().draft.description, "Rác thải ở đầu ngõ");
    k.app.next();
    EXPECT_NE(k.app.state().step, Step::description) << k.app.state().message;
}

TEST(KioskCare, EmojiAreRefusedWithAMessageAndNothingElseIsLost) {
    AppRig k;
    to_description(k);
    k.app.type_text("Ngập nước 🌧 sau mưa");
    EXPECT_EQ(k.app.state().draft.description, "Ngập nước  sau mưa");
    EXPECT_EQ(k.app.state().message, kEmojiMessage);
    EXPECT_EQ(k.app.state().draft.description.find("\xF0\x9F"), std::string::npos) << "no emoji stored";
}

TEST(KioskCare, CurrencySignsAndCheckMarksAreKept) {
    AppRig k;
    to_description(k);
    k.app.type_text("Thu 50.000₫ hay 2€ ✓ ✗ №5");
    EXPECT_EQ(k.app.state().draft.description, "Thu 50.000₫ hay 2€ ✓ ✗ №5");
    EXPECT_TRUE(k.app.state().message.empty()) << k.app.state().message;
}

// The table that decides what a field takes is the one the atlas is built from, and the
// fonts really draw every character in it (no "?" on screen).
TEST(KioskCare, EveryCharacterAFieldTakesHasAGlyph) {
    wk::test::ImGuiScope imgui;
    ImFontAtlas atlas;
    ASSERT_TRUE(wk::ui::build_fonts(atlas, 30));
    const ImFont* body = atlas.Fonts[0];
    int checked = 0;
    std::vector<wk::glyphs::Range> ranges(std::begin(wk::glyphs::kText), std::end(wk::glyphs::kText));
    ranges.insert(ranges.end(), std::begin(wk::glyphs::kArrows), std::end(wk::glyphs::kArrows));
    ranges.insert(ranges.end(), std::begin(wk::glyphs::kMarks), std::end(wk::glyphs::kMarks));
    for (const wk::glyphs::Range& r : ranges)
            for (char32_t c = r.first; c <= r.last; ++c) {
                if (c == 0xA0 || c == 0xAD) continue;  // no-break space, soft hyphen: drawn as blanks
                EXPECT_NE(body->FindGlyphNoFallback(static_cast<ImWchar>(c)), nullptr) << std::hex << "U+" << uint32_t(c);
                ++checked;
            }
    EXPECT_GT(checked, 400);
    for (char32_t c : {U'₫', U'€', U'✓', U'→', U'ệ'}) EXPECT_TRUE(wk::glyphs::shown(c));
    for (char32_t c : {U'🌧', U'😀', U'中', U'\u202E'}) EXPECT_FALSE(wk::glyphs::shown(c));
}

TEST(KioskCare, AOneLetterDescriptionAsksForAFewWords) {
    AppRig k;
    to_description(k);
    k.app.type_text("a");
    k.app.next();
    EXPECT_EQ(k.app.state().step, Step::description);
    EXPECT_EQ(k.app.state().message, kFewWords);
    EXPECT_EQ(k.app.state().draft.description, "a") << "the draft is kept";
    k.app.type_text("nh sáng");  // "anh sáng": two words
    k.app.next();
    EXPECT_NE(k.app.state().step, Step::description) << k.app.state().message;
}

TEST(KioskCare, ShortButRealDescriptionsPass) {
    for (const char* ok : {"Có rác", "Đèn hỏng", "Cống tắc nghẽn bốc mùi", "Ngậpnướcsâutrước cổngtrường"}) {
        AppRig k;
        to_description(k);
        k.app.type_text(ok);
        k.app.next();
        EXPECT_NE(k.app.state().step, Step::description) << ok << ": " << k.app.state().message;
    }
    for (const char* short_ : {"a", "Rác", "ô ô", "...", "a b"}) {
        AppRig k;
        to_description(k);
        k.app.type_text(short_);
        k.app.next();
        EXPECT_EQ(k.app.state().message, kFewWords) << short_;
    }
}

std::string to_phone() {
    return "tap home.report\n"
           "tap cat.moi-truong\n"
           "type Rác thải đầu ngõ\n"
           "tap wizard.next\n"
           "tap wizard.next\n"
           "tap contact.give\n"
           "tap field.phone\n";
}

TEST(KioskCare, ThePhoneFieldGetsANumberPadWithPlus) {
    KioskRig k;
    std::string error;
    ASSERT_EQ(k.run(to_phone() + "absent " + std::string("osk.q") + "\n", kiosk_noon(), error), 0) << error;
    k.draw(kiosk_noon());
    for (const char* id : {"osk.+", "osk.0", "osk.9", "osk.backspace"}) EXPECT_NE(k.target(id), nullptr) << id;
    for (const char* id : {"osk.q", "osk.mode", "osk.shift", "osk.layer"}) EXPECT_EQ(k.target(id), nullptr) << id;
    const wk::ui::Target* key = k.target("osk.5");
    ASSERT_NE(key, nullptr);
    EXPECT_GE(key->max.x - key->min.x, 1.5f * k.kiosk.ui().em() * wk::ui::kMinTouchEm) << "larger than a letter key";
    ASSERT_EQ(k.run("tap osk.+\ntap osk.8\ntap osk.4\ntap osk.9\ntap osk.1\ntap osk.2\ntap osk.3\ntap osk.4\n"
                    "tap osk.5\ntap osk.6\ntap osk.7\ntap osk.8\ntap osk.backspace\n",
                    kiosk_noon(), error),
              0)
        << error;
    EXPECT_EQ(k.app.state().draft.contact.phone, "+8491234567");
    k.app.focus(Field::name);
    k.draw(kiosk_noon());
    EXPECT_NE(k.target("osk.q"), nullptr) << "the name gets the letters back";
}

TEST(KioskCare, EachWrongPhoneNumberHearsWhatIsWrong) {
    struct Case {
        const char* phone;
        wk::DraftError error;
    };
    for (const Case& c : {Case{"+84 (912) 345-678", wk::DraftError::phone_character},
                          Case{"09abc12345", wk::DraftError::phone_character},
                          Case{"0912 345", wk::DraftError::phone_too_few_digits},
                          Case{"09123456789012345", wk::DraftError::phone_too_many_digits}}) {
        AppRig k;
        to_description(k);
        k.app.type_text("Rác thải đầu ngõ");
        k.app.next();
        k.app.next();
        k.app.set_contact_given(true);
        k.app.focus(Field::phone);
        k.app.type_text(c.phone);
        k.app.next();
        EXPECT_EQ(k.app.state().step, Step::contact) << c.phone;
        EXPECT_EQ(k.app.state().message, wk::describe(c.error)) << c.phone;
        EXPECT_EQ(k.app.state().draft.contact.phone, c.phone) << "kept for correcting";
    }
}

}  // namespace

namespace {

// A lookup says what the report was about (its field, place and first words), so a
// citizen knows it is theirs, and in the portal's words for its status.
TEST(KioskCare, ALookupSaysWhatTheReportWasAbout) {
    KioskRig k;
    std::string error;
    ASSERT_EQ(k.run("tap home.report\ntap cat.moi-truong\ntype Rác thải đổ trộm ở đầu ngõ 12\ntap wizard.next\n"
                    "tap wizard.next\ntap contact.anonymous\ntap wizard.next\ntap wizard.submit\n",
                    kiosk_noon(), error),
              0)
        << error;
    std::string code = k.app.state().receipt.code;
    ASSERT_FALSE(code.empty());
    k.app.go_home();
    k.app.on_scan(code, kiosk_noon());  // scanned on the home screen: no lookup screen opened first
    ASSERT_TRUE(k.app.state().lookup.report);
    EXPECT_TRUE(k.shows(wk::i18n::tr("Environment"), kiosk_noon()) || k.shows("Môi trường", kiosk_noon()));
    EXPECT_FALSE(k.shows("moi-truong", kiosk_noon())) << "the field's name, not its code";
    EXPECT_TRUE(k.shows("Rác thải đổ trộm ở đầu ngõ 12", kiosk_noon()));
    EXPECT_TRUE(k.shows("Phường Điện Biên", kiosk_noon()));
}

}  // namespace
