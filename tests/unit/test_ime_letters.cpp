// The letter table and UTF-8 of wk_ime (letters.cpp, utf8.cpp): every Vietnamese
// letter composes to the one precomposed code point Unicode gives it and back.
#include <gtest/gtest.h>

#include <set>

#include "ime/letters.hpp"
#include "ime/utf8.hpp"

namespace wk::ime {
namespace {

constexpr Tone kTones[] = {Tone::none, Tone::sac, Tone::huyen, Tone::hoi, Tone::nga, Tone::nang};

struct Vowel {
    char32_t base;
    Mark mark;
};
constexpr Vowel kVowels[] = {{U'a', Mark::none}, {U'a', Mark::breve}, {U'a', Mark::circumflex},
                             {U'e', Mark::none}, {U'e', Mark::circumflex}, {U'i', Mark::none},
                             {U'o', Mark::none}, {U'o', Mark::circumflex}, {U'o', Mark::horn},
                             {U'u', Mark::none}, {U'u', Mark::horn}, {U'y', Mark::none}};

TEST(ImeLetters, KnownCodePoints) {
    EXPECT_EQ(compose_letter(U'a', Mark::none, Tone::sac), char32_t(0x00E1));         // á
    EXPECT_EQ(compose_letter(U'A', Mark::none, Tone::huyen), char32_t(0x00C0));       // À
    EXPECT_EQ(compose_letter(U'a', Mark::breve, Tone::none), char32_t(0x0103));       // ă
    EXPECT_EQ(compose_letter(U'a', Mark::circumflex, Tone::nga), char32_t(0x1EAB));   // ẫ
    EXPECT_EQ(compose_letter(U'e', Mark::circumflex, Tone::nang), char32_t(0x1EC7));  // ệ
    EXPECT_EQ(compose_letter(U'E', Mark::circumflex, Tone::nang), char32_t(0x1EC6));  // Ệ
    EXPECT_EQ(compose_letter(U'i', Mark::none, Tone::nga), char32_t(0x0129));         // ĩ
    EXPECT_EQ(compose_letter(U'o', Mark::horn, Tone::huyen), char32_t(0x1EDD));       // ờ
    EXPECT_EQ(compose_letter(U'O', Mark::circumflex, Tone::hoi), char32_t(0x1ED4));   // Ổ
    EXPECT_EQ(compose_letter(U'u', Mark::horn, Tone::none), char32_t(0x01B0));        // ư
    EXPECT_EQ(compose_letter(U'U', Mark::horn, Tone::none), char32_t(0x01AF));        // Ư
    EXPECT_EQ(compose_letter(U'u', Mark::horn, Tone::nang), char32_t(0x1EF1));        // ự
    EXPECT_EQ(compose_letter(U'u', Mark::none, Tone::nga), char32_t(0x0169));         // ũ
    EXPECT_EQ(compose_letter(U'y', Mark::none, Tone::sac), char32_t(0x00FD));         // ý
    EXPECT_EQ(compose_letter(U'y', Mark::none, Tone::huyen), char32_t(0x1EF3));       // ỳ
    EXPECT_EQ(compose_letter(U'Y', Mark::none, Tone::nga), char32_t(0x1EF8));         // Ỹ
    EXPECT_EQ(compose_letter(U'd', Mark::stroke, Tone::none), char32_t(0x0111));      // đ
    EXPECT_EQ(compose_letter(U'D', Mark::stroke, Tone::none), char32_t(0x0110));      // Đ
}

TEST(ImeLetters, RefusesLettersThatDoNotExist) {
    EXPECT_EQ(compose_letter(U'e', Mark::horn, Tone::none), 0u);
    EXPECT_EQ(compose_letter(U'i', Mark::circumflex, Tone::none), 0u);
    EXPECT_EQ(compose_letter(U't', Mark::none, Tone::sac), 0u);
    EXPECT_EQ(compose_letter(U'd', Mark::stroke, Tone::sac), 0u);
    EXPECT_EQ(compose_letter(U'1', Mark::none, Tone::none), 0u);
    EXPECT_EQ(compose_letter(U't', Mark::none, Tone::none), U't');
    EXPECT_FALSE(decompose_letter(U'1'));
    EXPECT_FALSE(decompose_letter(U' '));
    EXPECT_FALSE(decompose_letter(U'ß'));
}

TEST(ImeLetters, EveryVowelToneAndCaseRoundTripsAndIsDistinct) {
    std::set<char32_t> seen;
    for (const Vowel& v : kVowels) {
        for (Tone t : kTones) {
            for (char32_t base : {v.base, char32_t(v.base - 0x20)}) {
                const char32_t c = compose_letter(base, v.mark, t);
                ASSERT_NE(c, 0u);
                EXPECT_TRUE(seen.insert(c).second) << std::hex << static_cast<uint32_t>(c);
                auto d = decompose_letter(c);
                ASSERT_TRUE(d);
                EXPECT_EQ(d->base, base);
                EXPECT_EQ(d->mark, v.mark);
                EXPECT_EQ(d->tone, t);
                // Precomposed letters live in Latin-1, Latin Extended-A/B or Latin Extended Additional.
                const bool nfc_block = c < 0x250 || (c >= 0x1EA0 && c <= 0x1EF9);
                EXPECT_TRUE(nfc_block) << std::hex << static_cast<uint32_t>(c);
            }
        }
    }
    EXPECT_EQ(seen.size(), 144u);
}

TEST(ImeLetters, CaseHelpers) {
    EXPECT_TRUE(is_vowel_key(U'Y'));
    EXPECT_FALSE(is_vowel_key(U'w'));
    EXPECT_EQ(with_case_of(U'w', U'A'), U'W');
    EXPECT_EQ(with_case_of(U'W', U'a'), U'w');
    EXPECT_EQ(with_case_of(U'7', U'A'), U'7');
    EXPECT_EQ(to_lower_ascii(U'Q'), U'q');
}

TEST(ImeUtf8, RoundTripsVietnamese) {
    const std::string text = "Đường ngập nước — ỹ";
    EXPECT_EQ(to_utf8(from_utf8(text)), text);
    EXPECT_EQ(from_utf8("việt").size(), 4u);
}

TEST(ImeUtf8, MalformedBytesBecomeReplacements) {
    EXPECT_EQ(from_utf8("a\xFF" "b"), (std::u32string{U'a', kReplacement, U'b'}));
    // As the WHATWG Encoding standard counts them: one replacement for each byte
    // that shows the sequence is wrong, the offending byte read again.
    EXPECT_EQ(from_utf8("\xC0\xAF"), std::u32string(2, kReplacement));  // overlong '/'
    EXPECT_EQ(from_utf8("\xE1\xBA"), std::u32string(1, kReplacement));  // truncated
    EXPECT_EQ(from_utf8("\xED\xA0\x80"), std::u32string(3, kReplacement));  // surrogate
}

TEST(ImeUtf8, PopBackRemovesOneCodePoint) {
    std::string s = "aệ𝄞";
    ASSERT_TRUE(pop_back_utf8(s));
    EXPECT_EQ(s, "aệ");
    ASSERT_TRUE(pop_back_utf8(s));
    EXPECT_EQ(s, "a");
    ASSERT_TRUE(pop_back_utf8(s));
    EXPECT_EQ(s, "");
    EXPECT_FALSE(pop_back_utf8(s));
}

}  // namespace
}  // namespace wk::ime
