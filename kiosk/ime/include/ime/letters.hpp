// The Vietnamese letters as precomposed (NFC) code points: a base key letter plus a
// mark plus a tone, both ways. Owns the only table of these letters in wk_ime; it
// knows nothing about syllables or keys.
#pragma once
#include <optional>

#include "ime/types.hpp"

namespace wk::ime {

struct Decomposed {
    char32_t base = 0;        // 'a'..'z' or 'A'..'Z': the key that types the letter
    Mark mark = Mark::none;   // circumflex, breve, horn or stroke
    Tone tone = Tone::none;
};

// The precomposed letter for base + mark + tone (case from `base`), or 0 when no
// such letter exists (a tone on a consonant, a horn on e, a mark on a non-letter).
char32_t compose_letter(char32_t base, Mark mark, Tone tone);
// Splits an ASCII letter or a Vietnamese precomposed letter; nullopt for anything else.
std::optional<Decomposed> decompose_letter(char32_t c);

bool is_ascii_letter(char32_t c);
bool is_upper_ascii(char32_t c);
char32_t to_lower_ascii(char32_t c);             // leaves non-ASCII-letters alone
char32_t with_case_of(char32_t letter, char32_t model);  // letter in model's case
bool is_vowel_key(char32_t base);                // a e i o u y, either case

}  // namespace wk::ime
