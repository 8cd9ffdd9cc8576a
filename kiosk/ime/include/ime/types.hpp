// The vocabulary of the Vietnamese input method: which key layout, where tones go,
// the five tones and the four letter marks. Plain enums only; no state lives here.
#pragma once

namespace wk::ime {

enum class Method { telex, vni };  // Telex: letters as modifiers (aa, ow, s...); VNI: digits (a6, o7, 1...)

// Where the tone goes on oa, oe, uy without a final consonant. The default is
// new_style (hoà, khoẻ, thuỷ), the spelling of current school books and of the
// province's own forms; a ward that prefers hòa, khỏe, thủy switches to old_style.
enum class ToneStyle { old_style, new_style };
constexpr ToneStyle kDefaultStyle = ToneStyle::new_style;

enum class Tone { none, sac, huyen, hoi, nga, nang };  // a, á, à, ả, ã, ạ

enum class Mark {
    none,
    circumflex,  // â ê ô
    breve,       // ă
    horn,        // ơ ư
    stroke,      // đ
};

}  // namespace wk::ime
