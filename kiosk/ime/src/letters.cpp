// The table of the 144 precomposed Vietnamese vowels (12 vowels x 6 tones x 2 cases)
// plus đ/Đ, written out here so wk_ime needs no Unicode library. Rows follow the
// Tone enum's order: none, sắc, huyền, hỏi, ngã, nặng.
#include "ime/letters.hpp"

#include <array>
#include <string_view>

namespace wk::ime {
namespace {

struct VowelRow {
    char32_t base;
    Mark mark;
    std::u32string_view lower;
    std::u32string_view upper;
};

constexpr std::array<VowelRow, 12> kVowels = {{
    {U'a', Mark::none, U"aáàảãạ", U"AÁÀẢÃẠ"},
    {U'a', Mark::breve, U"ăắằẳẵặ", U"ĂẮẰẲẴẶ"},
    {U'a', Mark::circumflex, U"âấầẩẫậ", U"ÂẤẦẨẪẬ"},
    {U'e', Mark::none, U"eéèẻẽẹ", U"EÉÈẺẼẸ"},
    {U'e', Mark::circumflex, U"êếềểễệ", U"ÊẾỀỂỄỆ"},
    {U'i', Mark::none, U"iíìỉĩị", U"IÍÌỈĨỊ"},
    {U'o', Mark::none, U"oóòỏõọ", U"OÓÒỎÕỌ"},
    {U'o', Mark::circumflex, U"ôốồổỗộ", U"ÔỐỒỔỖỘ"},
    {U'o', Mark::horn, U"ơớờởỡợ", U"ƠỚỜỞỠỢ"},
    {U'u', Mark::none, U"uúùủũụ", U"UÚÙỦŨỤ"},
    {U'u', Mark::horn, U"ưứừửữự", U"ƯỨỪỬỮỰ"},
    {U'y', Mark::none, U"yýỳỷỹỵ", U"YÝỲỶỸỴ"},
}};

constexpr char32_t kSmallDStroke = U'đ';
constexpr char32_t kCapitalDStroke = U'Đ';

}  // namespace

bool is_ascii_letter(char32_t c) { return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z'); }
bool is_upper_ascii(char32_t c) { return c >= U'A' && c <= U'Z'; }
char32_t to_lower_ascii(char32_t c) { return is_upper_ascii(c) ? c + (U'a' - U'A') : c; }

char32_t with_case_of(char32_t letter, char32_t model) {
    char32_t lower = to_lower_ascii(letter);
    return is_upper_ascii(model) && lower >= U'a' && lower <= U'z' ? lower - (U'a' - U'A') : lower;
}

bool is_vowel_key(char32_t base) {
    switch (to_lower_ascii(base)) {
    case U'a': case U'e': case U'i': case U'o': case U'u': case U'y': return true;
    default: return false;
    }
}

char32_t compose_letter(char32_t base, Mark mark, Tone tone) {
    if (!is_ascii_letter(base)) return 0;
    const bool upper = is_upper_ascii(base);
    const char32_t lower = to_lower_ascii(base);
    if (mark == Mark::stroke) {
        if (lower != U'd' || tone != Tone::none) return 0;
        return upper ? kCapitalDStroke : kSmallDStroke;
    }
    for (const VowelRow& row : kVowels) {
        if (row.base != lower || row.mark != mark) continue;
        return (upper ? row.upper : row.lower)[static_cast<size_t>(tone)];
    }
    if (mark != Mark::none || tone != Tone::none) return 0;
    return base;  // a consonant (or w, f, j, z) as typed
}

std::optional<Decomposed> decompose_letter(char32_t c) {
    if (is_ascii_letter(c)) {
        return Decomposed{c, Mark::none, Tone::none};
    }
    if (c == kSmallDStroke) return Decomposed{U'd', Mark::stroke, Tone::none};
    if (c == kCapitalDStroke) return Decomposed{U'D', Mark::stroke, Tone::none};
    for (const VowelRow& row : kVowels) {
        for (size_t t = 0; t < row.lower.size(); ++t) {
            if (row.lower[t] == c) return Decomposed{row.base, row.mark, static_cast<Tone>(t)};
            if (row.upper[t] == c) return Decomposed{row.base - (U'a' - U'A'), row.mark, static_cast<Tone>(t)};
        }
    }
    return std::nullopt;
}

}  // namespace wk::ime
