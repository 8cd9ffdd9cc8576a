// Syllable rules of wk_ime (syllable.cpp): splitting into initial, vowels and final,
// validity while a word is still being typed, and the tone placement rules 1-5.
#include <gtest/gtest.h>

#include "ime/letters.hpp"
#include "ime/syllable.hpp"
#include "ime/utf8.hpp"

namespace wk::ime {
namespace {

struct Word {
    std::vector<Letter> letters;
    Tone tone = Tone::none;
};

// Letters and tone of a written word, e.g. "người"; non-letters stay as keys.
Word word(std::string_view text) {
    Word w;
    for (char32_t c : from_utf8(text)) {
        auto d = decompose_letter(c);
        if (!d) {
            w.letters.push_back({c, Mark::none});
            continue;
        }
        if (d->tone != Tone::none) w.tone = d->tone;
        w.letters.push_back({d->base, d->mark});
    }
    return w;
}

bool valid(std::string_view text) {
    Word w = word(text);
    return is_valid_prefix(w.letters, w.tone);
}

// The word with the tone where tone_position puts it, e.g. place("hoa", huyen) -> "hoà".
std::string place(std::string_view plain, Tone tone, ToneStyle style = ToneStyle::new_style) {
    Word w = word(plain);
    const int at = tone_position(w.letters, style);
    std::u32string out;
    for (size_t i = 0; i < w.letters.size(); ++i)
        out.push_back(compose_letter(w.letters[i].key, w.letters[i].mark, int(i) == at ? tone : Tone::none));
    return to_utf8(out);
}

TEST(ImeSyllable, SplitsInitialVowelsFinal) {
    Word w = word("nghiêng");
    SyllableParts p = split_syllable(w.letters);
    EXPECT_TRUE(p.well_formed);
    EXPECT_EQ(p.cluster_begin, 3u);
    EXPECT_EQ(p.cluster_end, 5u);
    EXPECT_EQ(initial_of(w.letters, p), U"ngh");
}

TEST(ImeSyllable, QuAndGiAreInitials) {
    Word qua = word("quyên");
    SyllableParts p = split_syllable(qua.letters);
    EXPECT_EQ(initial_of(qua.letters, p), U"qu");
    EXPECT_EQ(p.cluster_begin, 2u);
    Word gia = word("giường");
    p = split_syllable(gia.letters);
    EXPECT_EQ(initial_of(gia.letters, p), U"gi");
    Word gi = word("gìn");  // i is the only vowel: g + in
    p = split_syllable(gi.letters);
    EXPECT_EQ(initial_of(gi.letters, p), U"g");
    Word dd = word("đi");
    EXPECT_EQ(initial_of(dd.letters, split_syllable(dd.letters)), U"đ");
}

TEST(ImeSyllable, VowelAfterFinalOrNonLetterIsNotWellFormed) {
    EXPECT_FALSE(split_syllable(word("tina").letters).well_formed);
    EXPECT_FALSE(split_syllable(word("a1").letters).well_formed);
}

TEST(ImeSyllable, WholeSyllablesAreValid) {
    for (auto w : {"tiếng", "người", "thuở", "huơ", "khuỷu", "quý", "giữa", "giếng", "chuyển", "hoặc", "xoăn",
                   "khuya", "oái", "yêu", "yên", "uống", "ướt", "rượu", "ngoèo", "huỳnh", "quốc", "quen",
                   "nghiêng", "kỳ", "đường", "học", "sạch", "ếch", "xẻng", "bâng", "khuâng", "khuấy", "huênh",
                   "a", "ư", "gì", "ghế", "quẹt", "pin"})
        EXPECT_TRUE(valid(w)) << w;
}

TEST(ImeSyllable, PrefixesStillBeingTypedAreValid) {
    for (auto w : {"", "ng", "ngh", "q", "qu", "g", "gh", "tr", "đ", "tie", "tuye", "thuo", "nguoi", "ưo", "ươ",
                   "tiêc", "uye", "quye", "că", "uâ", "thuê", "giê", "yê"})
        EXPECT_TRUE(valid(w)) << w;
}

TEST(ImeSyllable, NonSyllablesAreInvalid) {
    for (auto w : {"sd", "nd", "f", "w", "z", "j", "catr", "ka", "ce", "ngi", "ghat", "gha", "qa", "qun", "ưe",
                   "ưin", "aa", "ăo", "tab", "hel", "tyên", "ch1", "kây", "ăi", "ơu", "êng", "oom", "oot", "kl",
                   "đăkk", "ack"})
        EXPECT_FALSE(valid(w)) << w;
}

// A literal double o (boong, xoong, goòng, moóc) and the Central Highlands' place names
// (Krông, Đắk Lắk, Búk) are words a ward office's citizens write.
TEST(ImeSyllable, DoubleOAndHighlandsPlaceNames) {
    for (auto w : {"xoong", "boóng", "moóc", "goòng", "krông", "krồng", "đắk", "lắk", "búk", "oo"})
        EXPECT_TRUE(valid(w)) << w;
    EXPECT_FALSE(valid("đằk")) << "k is a stop final: sắc or nặng only";
}

TEST(ImeSyllable, MarksThatNeedAFinalAreValidUntilTheWordEnds) {
    // ă and â take a final consonant, but while typing one may still come.
    EXPECT_TRUE(valid("că"));
    EXPECT_TRUE(valid("câ"));
    EXPECT_TRUE(valid("căn"));
    EXPECT_FALSE(valid("căi"));
}

TEST(ImeSyllable, StopFinalsTakeOnlySacOrNang) {
    EXPECT_TRUE(valid("các"));
    EXPECT_TRUE(valid("cạch"));
    EXPECT_TRUE(valid("tốt"));
    EXPECT_TRUE(valid("họp"));
    EXPECT_FALSE(valid("càc"));
    EXPECT_FALSE(valid("cảt"));
    EXPECT_FALSE(valid("hõp"));
    EXPECT_FALSE(valid("sãch"));
    EXPECT_TRUE(valid("bằng"));  // ng is not a stop
}

TEST(ImeSyllable, NoToneWithoutAVowel) {
    EXPECT_EQ(tone_position(word("ng").letters, ToneStyle::new_style), -1);
    EXPECT_FALSE(is_valid_prefix(word("ng").letters, Tone::sac));
    // qu is the exception: a tone typed right after it waits on the u (qusy -> quý).
    EXPECT_EQ(tone_position(word("qu").letters, ToneStyle::new_style), 1);
    EXPECT_TRUE(is_valid_prefix(word("qu").letters, Tone::sac));
    EXPECT_FALSE(is_valid_prefix(word("qun").letters, Tone::sac));
}

TEST(ImeSyllable, Rule1QuAndGiCountAsInitial) {
    EXPECT_EQ(place("qua", Tone::sac), "quá");
    EXPECT_EQ(place("quy", Tone::sac, ToneStyle::old_style), "quý");
    EXPECT_EQ(place("quy", Tone::sac, ToneStyle::new_style), "quý");
    EXPECT_EQ(place("gia", Tone::sac), "giá");
    EXPECT_EQ(place("giưa", Tone::nga), "giữa");
    EXPECT_EQ(place("giương", Tone::huyen), "giường");
    EXPECT_EQ(place("gi", Tone::huyen), "gì");
}

TEST(ImeSyllable, Rule2OneVowel) {
    EXPECT_EQ(place("ma", Tone::sac), "má");
    EXPECT_EQ(place("hoc", Tone::nang), "học");
}

TEST(ImeSyllable, Rule3MarkedVowelAndOOfUoHorn) {
    EXPECT_EQ(place("tiêng", Tone::sac), "tiếng");
    EXPECT_EQ(place("thuê", Tone::sac), "thuế");
    EXPECT_EQ(place("cuôn", Tone::sac), "cuốn");
    EXPECT_EQ(place("mưa", Tone::huyen), "mừa");
    EXPECT_EQ(place("ngươi", Tone::huyen), "người");
    EXPECT_EQ(place("rươu", Tone::nang), "rượu");
    EXPECT_EQ(place("thuơ", Tone::hoi), "thuở");
}

TEST(ImeSyllable, Rule4ThreeVowelsTheMiddleExceptUye) {
    EXPECT_EQ(place("oai", Tone::huyen), "oài");
    EXPECT_EQ(place("khuya", Tone::sac), "khuýa");
    EXPECT_EQ(place("khuyu", Tone::hoi), "khuỷu");
    EXPECT_EQ(place("ngoeo", Tone::huyen), "ngoèo");
    EXPECT_EQ(place("chuyên", Tone::hoi), "chuyển");
}

TEST(ImeSyllable, Rule5TwoVowels) {
    EXPECT_EQ(place("toan", Tone::sac), "toán");
    EXPECT_EQ(place("hoang", Tone::huyen), "hoàng");
    EXPECT_EQ(place("mua", Tone::huyen), "mùa");
    EXPECT_EQ(place("tai", Tone::huyen), "tài");
    EXPECT_EQ(place("hoi", Tone::hoi), "hỏi");
    EXPECT_EQ(place("tui", Tone::sac), "túi");
    EXPECT_EQ(place("hoa", Tone::huyen, ToneStyle::old_style), "hòa");
    EXPECT_EQ(place("khoe", Tone::hoi, ToneStyle::old_style), "khỏe");
    EXPECT_EQ(place("thuy", Tone::hoi, ToneStyle::old_style), "thủy");
    EXPECT_EQ(place("hoa", Tone::huyen, ToneStyle::new_style), "hoà");
    EXPECT_EQ(place("khoe", Tone::hoi, ToneStyle::new_style), "khoẻ");
    EXPECT_EQ(place("thuy", Tone::hoi, ToneStyle::new_style), "thuỷ");
    EXPECT_EQ(place("hoan", Tone::huyen, ToneStyle::old_style), "hoàn");
}

TEST(ImeSyllable, DefaultStyleIsNew) { EXPECT_EQ(kDefaultStyle, ToneStyle::new_style); }

}  // namespace
}  // namespace wk::ime
