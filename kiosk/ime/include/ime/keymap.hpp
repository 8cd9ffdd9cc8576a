// What each key does in Telex and in VNI, and which key types a given tone or mark
// (used to rebuild the key buffer after backspace). No state; no syllable logic.
#pragma once
#include "ime/types.hpp"

namespace wk::ime {

enum class KeyAction {
    letter,      // typed as itself
    tone,        // Telex s f r x j, VNI 1-5
    clear_tone,  // Telex z, VNI 0
    circumflex,  // Telex a e o (on that vowel), VNI 6 (on a, e or o)
    telex_w,     // Telex w: ă ơ ư, ươ, ưa, or ư on its own
    horn,        // VNI 7: ơ ư, ươ, ưa
    breve,       // VNI 8: ă
    stroke,      // Telex d, VNI 9: đ
};

struct KeyRole {
    KeyAction action = KeyAction::letter;
    Tone tone = Tone::none;  // for KeyAction::tone
    char32_t target = 0;     // for circumflex: the vowel a Telex key marks; 0 in VNI (a, e or o)
};

// The role of `key` under `method`; case does not matter. Keys with a role are
// still typed as letters when their effect cannot apply (see Composer).
KeyRole key_role(Method method, char32_t key);
// True for keys that are part of a word: ASCII letters, and digits in VNI.
bool is_word_key(Method method, char32_t key);
// The key that types `tone` (lower case), 0 for Tone::none.
char32_t tone_key(Method method, Tone tone);
// The key pressed after `base` to give it `mark` (Telex in base's case), 0 for none.
char32_t mark_key(Method method, char32_t base, Mark mark);

}  // namespace wk::ime
