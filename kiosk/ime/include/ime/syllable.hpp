// One Vietnamese syllable as a row of letters: where its initial consonant, vowel
// cluster and final consonant are, whether it is (the start of) a valid syllable,
// and which vowel carries the tone. Pure functions; no keys, no state.
#pragma once
#include <span>
#include <string>

#include "ime/types.hpp"

namespace wk::ime {

struct Letter {
    char32_t key = 0;        // the base letter as typed, with its case ('a'..'z', 'A'..'Z'); anything else makes the word not Vietnamese
    Mark mark = Mark::none;  // â ă ê ô ơ ư đ
};

struct SyllableParts {
    size_t cluster_begin = 0;  // the initial is [0, cluster_begin), qu and gi included (rule 1)
    size_t cluster_end = 0;    // the vowels are [cluster_begin, cluster_end), the final after
    bool well_formed = false;  // false if a non-letter appears or a vowel follows the final
};

// Splits letters into initial, vowel cluster and final. `qu` is an initial whenever
// a u follows q; `gi` is an initial when another vowel follows the i.
SyllableParts split_syllable(std::span<const Letter> letters);
// The initial consonant in lower case with đ, e.g. U"ngh", U"qu", U"đ"; empty if none.
std::u32string initial_of(std::span<const Letter> letters, const SyllableParts& parts);
// True if the letters with this tone are a Vietnamese syllable or can still become one
// by typing more letters or marks: a valid initial, a vowel cluster that starts a
// valid rhyme, a final in c ch m n ng nh p t, and only sắc or nặng after c ch p t.
bool is_valid_prefix(std::span<const Letter> letters, Tone tone);
// Index of the letter that carries the tone (rules 1-5 of the input doc), or -1 when
// the syllable has no vowel of its own (e.g. "ng", "qu").
int tone_position(std::span<const Letter> letters, ToneStyle style);

}  // namespace wk::ime
