// Vietnamese syllable structure: the initials, the table of rhymes (vowel cluster and
// the finals it takes) and the tone placement rules. "Prefix" validity lets a word be
// checked after every key: a plain vowel may still get its mark, a final may grow.
// [SECTION] Initials and rhymes   [SECTION] Splitting   [SECTION] Validity   [SECTION] Tone placement
#include "ime/syllable.hpp"

#include <array>
#include <string_view>
#include <vector>

#include "ime/letters.hpp"

namespace wk::ime {
namespace {

// [SECTION] Initials and rhymes ---------------------------------------------------------

// kr and the final k (below) spell the Central Highlands' place names: Krông, Đắk Lắk.
constexpr std::array<std::u32string_view, 28> kInitials = {
    U"b", U"c", U"ch", U"d", U"đ", U"g", U"gh", U"gi", U"h", U"k", U"kh", U"kr", U"l", U"m", U"n",
    U"ng", U"ngh", U"nh", U"p", U"ph", U"qu", U"r", U"s", U"t", U"th", U"tr", U"v", U"x"};

struct Rhyme {
    std::u32string_view vowels;  // the cluster, marks included, no tone
    std::string_view finals;     // space separated; "-" means no final consonant
};

// Every vowel cluster of standard Vietnamese with the finals it takes, and oo (boong,
// xoong, goòng, moóc: Telex types it as ooo, VNI as oo).
constexpr std::array<Rhyme, 52> kRhymes = {{
    {U"a", "- c ch k m n ng nh p t"}, {U"ă", "c k m n ng p t"},  {U"â", "c k m n ng p t"},
    {U"e", "- c m n ng p t"},       {U"ê", "- ch m n nh p t"}, {U"i", "- ch m n nh p t"},
    {U"o", "- c m n ng p t"},       {U"ô", "- c k m n ng p t"}, {U"ơ", "- m n p t"},
    {U"u", "- c k m n ng p t"},     {U"oo", "c ng"},       {U"ư", "- c ng t"},       {U"y", "-"},
    {U"ai", "-"},  {U"ao", "-"},  {U"au", "-"},  {U"ay", "-"},  {U"âu", "-"}, {U"ây", "-"},
    {U"eo", "-"},  {U"êu", "-"},  {U"ia", "-"},  {U"iu", "-"},  {U"iê", "c m n ng p t"},
    {U"iêu", "-"}, {U"oa", "- c ch m n ng nh p t"}, {U"oă", "c m n ng t"}, {U"oe", "- n t"},
    {U"oai", "-"}, {U"oay", "-"}, {U"oeo", "-"}, {U"oi", "-"},  {U"ôi", "-"}, {U"ơi", "-"},
    {U"ua", "-"},  {U"uâ", "n ng t"}, {U"uây", "-"}, {U"uê", "- ch nh"}, {U"ui", "-"},
    {U"uô", "c m n ng t"}, {U"uôi", "-"}, {U"uơ", "-"}, {U"uy", "- ch nh t"}, {U"uya", "-"},
    {U"uyê", "n t"}, {U"uyu", "-"}, {U"ưa", "-"}, {U"ưi", "-"}, {U"ươ", "c m n ng p t"},
    {U"ươi", "-"}, {U"ươu", "-"}, {U"ưu", "-"},
}};
// yê (yên, yêu) has no initial consonant; checked apart in rhyme_matches.
constexpr std::array<Rhyme, 2> kInitialLessRhymes = {{{U"yê", "m n ng t"}, {U"yêu", "-"}}};

struct Vowel {
    char32_t base = 0;  // lower case
    Mark mark = Mark::none;
};

bool is_stop_final(std::u32string_view f) { return f == U"c" || f == U"ch" || f == U"k" || f == U"p" || f == U"t"; }

// True if the typed vowels (marks possibly still missing) and final fit the rhyme.
bool fits_rhyme(std::span<const Vowel> typed, std::u32string_view final_, const Rhyme& rhyme) {
    const size_t n = rhyme.vowels.size();
    if (typed.size() > n || (!final_.empty() && typed.size() != n)) return false;
    for (size_t k = 0; k < typed.size(); ++k) {
        auto want = decompose_letter(rhyme.vowels[k]);
        if (!want || want->base != typed[k].base) return false;
        if (typed[k].mark != Mark::none && typed[k].mark != want->mark) return false;
    }
    if (final_.empty()) return true;
    std::string_view finals = rhyme.finals;
    while (!finals.empty()) {
        size_t space = finals.find(' ');
        std::string_view f = finals.substr(0, space);
        finals = space == std::string_view::npos ? std::string_view{} : finals.substr(space + 1);
        if (f == "-" || f.size() < final_.size()) continue;
        bool starts = true;
        for (size_t k = 0; k < final_.size(); ++k) starts = starts && char32_t(f[k]) == final_[k];
        if (starts) return true;
    }
    return false;
}

bool rhyme_matches(std::span<const Vowel> typed, std::u32string_view final_, bool has_initial) {
    for (const Rhyme& r : kRhymes)
        if (fits_rhyme(typed, final_, r)) return true;
    if (has_initial) return false;
    for (const Rhyme& r : kInitialLessRhymes)
        if (fits_rhyme(typed, final_, r)) return true;
    return false;
}

// k, gh, ngh go before i e ê y; c, ng, g before the other vowels (g also before i: gì).
bool spelling_fits(std::u32string_view initial, char32_t first_vowel) {
    const bool front = first_vowel == U'i' || first_vowel == U'e' || first_vowel == U'y';
    if (initial == U"k" || initial == U"gh" || initial == U"ngh") return front;
    if (initial == U"c" || initial == U"ng") return !front;
    if (initial == U"g") return first_vowel != U'e' && first_vowel != U'y';
    return true;
}

bool is_initial(std::u32string_view s) {
    for (auto i : kInitials)
        if (i == s) return true;
    return false;
}

bool is_initial_prefix(std::u32string_view s) {
    for (auto i : kInitials)
        if (i.starts_with(s)) return true;
    return false;
}

}  // namespace

// [SECTION] Splitting -----------------------------------------------------------------

SyllableParts split_syllable(std::span<const Letter> letters) {
    SyllableParts p;
    const size_t n = letters.size();
    size_t i = 0;
    while (i < n && is_ascii_letter(letters[i].key) && !is_vowel_key(letters[i].key)) ++i;
    size_t j = i;
    while (j < n && is_vowel_key(letters[j].key)) ++j;
    p.well_formed = true;
    for (size_t k = 0; k < n; ++k) {
        if (!is_ascii_letter(letters[k].key) || (k >= j && is_vowel_key(letters[k].key))) p.well_formed = false;
    }
    const char32_t first = n > 0 ? to_lower_ascii(letters[0].key) : 0;
    if (i == 1 && first == U'q' && j > i && to_lower_ascii(letters[i].key) == U'u' && letters[i].mark == Mark::none) {
        ++i;
    } else if (i == 1 && first == U'g' && j - i >= 2 && to_lower_ascii(letters[i].key) == U'i') {
        ++i;
    }
    p.cluster_begin = i;
    p.cluster_end = j;
    return p;
}

std::u32string initial_of(std::span<const Letter> letters, const SyllableParts& parts) {
    std::u32string s;
    for (size_t k = 0; k < parts.cluster_begin && k < letters.size(); ++k) {
        const bool stroke = letters[k].mark == Mark::stroke;
        s.push_back(stroke ? U'đ' : to_lower_ascii(letters[k].key));
    }
    return s;
}

// [SECTION] Validity ------------------------------------------------------------------

bool is_valid_prefix(std::span<const Letter> letters, Tone tone) {
    if (letters.empty()) return tone == Tone::none;
    const SyllableParts p = split_syllable(letters);
    if (!p.well_formed) return false;
    for (size_t k = 0; k < letters.size(); ++k) {
        const bool vowel = k >= p.cluster_begin && k < p.cluster_end;
        const bool d_stroke = letters[k].mark == Mark::stroke && to_lower_ascii(letters[k].key) == U'd';
        if (!vowel && letters[k].mark != Mark::none && !(d_stroke && k < p.cluster_begin)) return false;
    }
    const std::u32string initial = initial_of(letters, p);
    std::u32string final_;
    for (size_t k = p.cluster_end; k < letters.size(); ++k) final_.push_back(to_lower_ascii(letters[k].key));
    if (p.cluster_begin == p.cluster_end) {  // a tone typed right after qu waits there: qusy -> quý
        return final_.empty() && (tone == Tone::none ? is_initial_prefix(initial) : initial == U"qu");
    }
    std::vector<Vowel> typed;
    for (size_t k = p.cluster_begin; k < p.cluster_end; ++k)
        typed.push_back({to_lower_ascii(letters[k].key), letters[k].mark});
    if (!is_initial(initial) && !initial.empty()) return false;
    if (!spelling_fits(initial, typed.front().base)) return false;
    if (is_stop_final(final_)) {  // a bare c may still become ch: the same rule
        if (tone != Tone::none && tone != Tone::sac && tone != Tone::nang) return false;
    }
    const bool has_initial = !initial.empty();
    if (rhyme_matches(typed, final_, has_initial)) return true;
    // qu and gi keep their u and i in the rhyme as well: quân ~ uân, giếng ~ iêng.
    if (initial == U"qu" || initial == U"gi") {
        typed.insert(typed.begin(), Vowel{initial == U"qu" ? U'u' : U'i', Mark::none});
        return rhyme_matches(typed, final_, has_initial);
    }
    return false;
}

// [SECTION] Tone placement ------------------------------------------------------------

int tone_position(std::span<const Letter> letters, ToneStyle style) {
    const SyllableParts p = split_syllable(letters);
    if (p.well_formed && p.cluster_begin == 2 && p.cluster_end == 2 && letters.size() == 2 &&
        to_lower_ascii(letters[0].key) == U'q')
        return 1;  // qu with nothing after it yet: on the u until the vowel comes (qú, then quý)
    if (!p.well_formed || p.cluster_begin >= p.cluster_end) return -1;
    const int cb = static_cast<int>(p.cluster_begin);
    const int n = static_cast<int>(p.cluster_end - p.cluster_begin);
    auto base = [&](int k) { return to_lower_ascii(letters[static_cast<size_t>(k)].key); };
    auto mark = [&](int k) { return letters[static_cast<size_t>(k)].mark; };
    if (n == 1) return cb;
    for (int k = cb; k + 1 < cb + n; ++k) {  // rule 3: ươ takes it on ơ
        if (base(k) == U'u' && mark(k) == Mark::horn && base(k + 1) == U'o' && mark(k + 1) == Mark::horn) return k + 1;
    }
    for (int k = cb + n - 1; k >= cb; --k) {  // rule 3: the vowel with a mark
        if (mark(k) != Mark::none) return k;
    }
    const bool has_final = p.cluster_end < letters.size();
    if (n >= 3) {  // rule 4: the middle one; uyê (still plain while typing) on the e
        const bool uye = base(cb) == U'u' && base(cb + 1) == U'y' && base(cb + 2) == U'e';
        return uye ? cb + 2 : cb + 1;
    }
    if (has_final) return cb + 1;  // rule 5 with a final: the second
    const std::u32string pair{base(cb), base(cb + 1)};
    if (pair == U"oa" || pair == U"oe" || pair == U"uy") return style == ToneStyle::old_style ? cb : cb + 1;
    return cb;  // rule 5 without a final: the first
}

}  // namespace wk::ime
