// The Telex and VNI key tables of the input doc ("Keys"), both directions.
#include "ime/keymap.hpp"

#include "ime/letters.hpp"

namespace wk::ime {
namespace {

KeyRole telex_role(char32_t key) {
    switch (to_lower_ascii(key)) {
    case U's': return {KeyAction::tone, Tone::sac, 0};
    case U'f': return {KeyAction::tone, Tone::huyen, 0};
    case U'r': return {KeyAction::tone, Tone::hoi, 0};
    case U'x': return {KeyAction::tone, Tone::nga, 0};
    case U'j': return {KeyAction::tone, Tone::nang, 0};
    case U'z': return {KeyAction::clear_tone, Tone::none, 0};
    case U'a': return {KeyAction::circumflex, Tone::none, U'a'};
    case U'e': return {KeyAction::circumflex, Tone::none, U'e'};
    case U'o': return {KeyAction::circumflex, Tone::none, U'o'};
    case U'w': return {KeyAction::telex_w, Tone::none, 0};
    case U'd': return {KeyAction::stroke, Tone::none, 0};
    default: return {};
    }
}

KeyRole vni_role(char32_t key) {
    switch (key) {
    case U'1': return {KeyAction::tone, Tone::sac, 0};
    case U'2': return {KeyAction::tone, Tone::huyen, 0};
    case U'3': return {KeyAction::tone, Tone::hoi, 0};
    case U'4': return {KeyAction::tone, Tone::nga, 0};
    case U'5': return {KeyAction::tone, Tone::nang, 0};
    case U'0': return {KeyAction::clear_tone, Tone::none, 0};
    case U'6': return {KeyAction::circumflex, Tone::none, 0};
    case U'7': return {KeyAction::horn, Tone::none, 0};
    case U'8': return {KeyAction::breve, Tone::none, 0};
    case U'9': return {KeyAction::stroke, Tone::none, 0};
    default: return {};
    }
}

}  // namespace

KeyRole key_role(Method method, char32_t key) { return method == Method::telex ? telex_role(key) : vni_role(key); }

bool is_word_key(Method method, char32_t key) {
    return is_ascii_letter(key) || (method == Method::vni && key >= U'0' && key <= U'9');
}

char32_t tone_key(Method method, Tone tone) {
    static constexpr char32_t kTelex[] = {0, U's', U'f', U'r', U'x', U'j'};
    static constexpr char32_t kVni[] = {0, U'1', U'2', U'3', U'4', U'5'};
    return (method == Method::telex ? kTelex : kVni)[static_cast<int>(tone)];
}

char32_t mark_key(Method method, char32_t base, Mark mark) {
    if (method == Method::vni) {
        switch (mark) {
        case Mark::circumflex: return U'6';
        case Mark::horn: return U'7';
        case Mark::breve: return U'8';
        case Mark::stroke: return U'9';
        case Mark::none: return 0;
        }
        return 0;
    }
    switch (mark) {
    case Mark::circumflex: return base;
    case Mark::horn:
    case Mark::breve: return with_case_of(U'w', base);
    case Mark::stroke: return with_case_of(U'd', base);
    case Mark::none: return 0;
    }
    return 0;
}

}  // namespace wk::ime
