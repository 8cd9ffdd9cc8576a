// The Composer API (composer.cpp, marks.cpp, keymap.cpp): which keys it takes, what
// backspace and commit return, the raw-key buffer rebuilt after backspace so undo by
// double typing keeps working, and switching style or method mid-word.
#include <gtest/gtest.h>

#include "ime/composer.hpp"
#include "ime/keymap.hpp"
#include "ime/utf8.hpp"

namespace wk::ime {
namespace {

void keys(Composer& c, std::u32string_view ks) {
    for (char32_t k : ks) {
        if (k == U'\b')
            c.backspace();
        else
            EXPECT_TRUE(c.press(k)) << char(k);
    }
}

TEST(ImeComposer, StartsEmptyWithTelexAndNewStyle) {
    Composer c;
    EXPECT_TRUE(c.empty());
    EXPECT_EQ(c.composing(), "");
    EXPECT_EQ(c.method(), Method::telex);
    EXPECT_EQ(c.style(), ToneStyle::new_style);
    EXPECT_TRUE(c.is_vietnamese());
}

TEST(ImeComposer, TakesLettersAndInVniDigits) {
    Composer telex(Method::telex), vni(Method::vni);
    for (char32_t k : {U'a', U'Z', U'w', U'd'}) {
        EXPECT_TRUE(telex.takes(k));
        EXPECT_TRUE(vni.takes(k));
    }
    for (char32_t k : {U'0', U'5', U'9'}) {
        EXPECT_FALSE(telex.takes(k));
        EXPECT_TRUE(vni.takes(k));
    }
    for (char32_t k : {U' ', U'.', U',', U'\n', U'-', U'\\', U'đ', U'ư'}) {
        EXPECT_FALSE(telex.takes(k));
        EXPECT_FALSE(vni.takes(k));
    }
}

TEST(ImeComposer, KeysThatEndAWordAreRefusedAndChangeNothing) {
    Composer c;
    keys(c, U"tieengs");
    EXPECT_FALSE(c.press(U' '));
    EXPECT_FALSE(c.press(U'1'));
    EXPECT_FALSE(c.press(U'?'));
    EXPECT_EQ(c.composing(), "tiếng");
}

TEST(ImeComposer, CommitReturnsTheWordAndForgetsIt) {
    Composer c;
    keys(c, U"as");
    EXPECT_EQ(c.commit(), "á");
    EXPECT_TRUE(c.empty());
    EXPECT_EQ(c.raw_keys(), "");
    keys(c, U"s");  // a new word: s is a letter again, not an undo
    EXPECT_EQ(c.composing(), "s");
    EXPECT_EQ(c.commit(), "s");
    EXPECT_EQ(c.commit(), "");
}

TEST(ImeComposer, BackspaceOnAnEmptyWordReturnsFalse) {
    Composer c;
    EXPECT_FALSE(c.backspace());
    keys(c, U"a");
    EXPECT_TRUE(c.backspace());
    EXPECT_FALSE(c.backspace());
}

TEST(ImeComposer, RawKeysFollowTheTyping) {
    Composer c;
    keys(c, U"tieengs");
    EXPECT_EQ(c.raw_keys(), "tieengs");
    c.clear();
    keys(c, U"asf");  // the replaced tone key no longer counts
    EXPECT_EQ(c.raw_keys(), "af");
    c.clear();
    keys(c, U"asz");
    EXPECT_EQ(c.raw_keys(), "a");
    c.clear();
    keys(c, U"ass");
    EXPECT_EQ(c.raw_keys(), "as");
    EXPECT_FALSE(c.is_vietnamese());
}

TEST(ImeComposer, BackspaceRebuildsTheRawKeys) {
    Composer c;
    keys(c, U"vieet\b");
    EXPECT_EQ(c.composing(), "viê");
    EXPECT_EQ(c.raw_keys(), "viee");
    keys(c, U"s");
    EXPECT_EQ(c.composing(), "viế");
    c.clear();
    keys(c, U"nguwowif\b");
    EXPECT_EQ(c.composing(), "ngườ");
    EXPECT_EQ(c.raw_keys(), "nguowf");  // ươ with one w, the tone key last
    c.clear();
    keys(c, U"DDUWOWNGF\b");
    EXPECT_EQ(c.raw_keys(), "DDUOWNF");
}

TEST(ImeComposer, UndoByDoubleTypingWorksAfterBackspace) {
    Composer c;
    keys(c, U"vieet\be");  // viê, then e again: undo the circumflex
    EXPECT_EQ(c.composing(), "viee");
    c.clear();
    keys(c, U"ddaa\bd");  // đ, then d again: dd
    EXPECT_EQ(c.composing(), "dd");
    c.clear();
    keys(c, U"tieengs\bs");  // tiến, then s again: the tone undone, s typed, ê kept
    EXPECT_EQ(c.composing(), "tiêns");
    c.clear();
    keys(c, U"thuowr\bw");  // thu, then w: a fresh w gives ư
    EXPECT_EQ(c.composing(), "thư");
    c.clear();
    keys(c, U"muwa\bw");  // mư, then w again: undone
    EXPECT_EQ(c.composing(), "muw");
}

TEST(ImeComposer, BackspaceTakesTheToneWithItsCharacter) {
    Composer c(Method::telex, ToneStyle::new_style);
    keys(c, U"hoaf\b");  // hoà: à goes, tone and all
    EXPECT_EQ(c.composing(), "ho");
    keys(c, U"a");
    EXPECT_EQ(c.composing(), "hoa");
}

TEST(ImeComposer, ForeignWordsComeBackAfterBackspace) {
    Composer c;
    keys(c, U"catr");
    EXPECT_FALSE(c.is_vietnamese());
    keys(c, U"\b");
    EXPECT_TRUE(c.is_vietnamese());
    keys(c, U"s");
    EXPECT_EQ(c.composing(), "cát");
    c.clear();
    keys(c, U"SDDT\b");
    EXPECT_EQ(c.composing(), "SĐ");
    keys(c, U"T");
    EXPECT_EQ(c.composing(), "SĐT");
}

TEST(ImeComposer, AbbreviationDdUndoesToo) {
    Composer c;
    keys(c, U"SDDDT");
    EXPECT_EQ(c.composing(), "SDDT");
}

TEST(ImeComposer, StyleSwitchReplacesTheToneAtOnce) {
    Composer c(Method::telex, ToneStyle::new_style);
    keys(c, U"thuyr");
    EXPECT_EQ(c.composing(), "thuỷ");
    c.set_style(ToneStyle::old_style);
    EXPECT_EQ(c.composing(), "thủy");
    keys(c, U"eenf");
    EXPECT_EQ(c.composing(), "thuyền");
}

TEST(ImeComposer, MethodSwitchKeepsTheWord) {
    Composer c(Method::telex);
    keys(c, U"tieeng");
    c.set_method(Method::vni);
    EXPECT_EQ(c.method(), Method::vni);
    EXPECT_EQ(c.raw_keys(), "tie6ng");
    keys(c, U"1");
    EXPECT_EQ(c.composing(), "tiếng");
    c.set_method(Method::telex);
    keys(c, U"f");
    EXPECT_EQ(c.composing(), "tiềng");
}

TEST(ImeComposer, VniDigitsThatCannotApplyAreTyped) {
    Composer c(Method::vni);
    keys(c, U"b2");
    EXPECT_EQ(c.composing(), "b2");
    EXPECT_FALSE(c.is_vietnamese());
}

TEST(ImeKeymap, RolesOfKeys) {
    EXPECT_EQ(key_role(Method::telex, U'S').action, KeyAction::tone);
    EXPECT_EQ(key_role(Method::telex, U'j').tone, Tone::nang);
    EXPECT_EQ(key_role(Method::telex, U'E').target, U'e');
    EXPECT_EQ(key_role(Method::telex, U'w').action, KeyAction::telex_w);
    EXPECT_EQ(key_role(Method::telex, U'1').action, KeyAction::letter);
    EXPECT_EQ(key_role(Method::vni, U'4').tone, Tone::nga);
    EXPECT_EQ(key_role(Method::vni, U'0').action, KeyAction::clear_tone);
    EXPECT_EQ(key_role(Method::vni, U'8').action, KeyAction::breve);
    EXPECT_EQ(key_role(Method::vni, U's').action, KeyAction::letter);
    EXPECT_EQ(tone_key(Method::telex, Tone::hoi), U'r');
    EXPECT_EQ(tone_key(Method::vni, Tone::huyen), U'2');
    EXPECT_EQ(mark_key(Method::telex, U'O', Mark::horn), U'W');
    EXPECT_EQ(mark_key(Method::telex, U'e', Mark::circumflex), U'e');
    EXPECT_EQ(mark_key(Method::vni, U'd', Mark::stroke), U'9');
}

}  // namespace
}  // namespace wk::ime

namespace wk::ime {
namespace {

// Random keys (letters, VNI digits, backspace) never break the composer: the word is
// always valid UTF-8 with no combining marks and no NUL, and backspace always
// shortens it by exactly one character.
TEST(ImeComposer, RandomKeysKeepTheWordWellFormed) {
    const std::u32string alphabet = U"aaeeiioouuyywwddsfrxjzAEOWDSqgnhtcpmlkQG0123456789\b";
    uint32_t seed = 12345;
    auto next = [&seed] { return seed = seed * 1664525u + 1013904223u; };
    for (Method m : {Method::telex, Method::vni}) {
        for (int word = 0; word < 4000; ++word) {
            Composer c(m, (word & 1) ? ToneStyle::old_style : ToneStyle::new_style);
            const int len = 1 + static_cast<int>(next() % 12);
            for (int i = 0; i < len; ++i) {
                const char32_t k = alphabet[next() % alphabet.size()];
                const size_t before = from_utf8(c.composing()).size();
                if (k == U'\b') {
                    EXPECT_EQ(c.backspace(), before > 0);
                    EXPECT_EQ(from_utf8(c.composing()).size(), before == 0 ? 0 : before - 1);
                } else {
                    c.press(k);
                }
                const std::u32string shown = from_utf8(c.composing());
                EXPECT_EQ(to_utf8(shown), c.composing());
                for (char32_t ch : shown) {
                    EXPECT_NE(ch, 0u);
                    EXPECT_FALSE(ch >= 0x300 && ch <= 0x36F);
                    EXPECT_NE(ch, kReplacement);
                }
            }
        }
    }
}

}  // namespace
}  // namespace wk::ime
