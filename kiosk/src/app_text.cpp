// The App's text fields: which field takes the keys, the on-screen keyboard's keys
// through the Vietnamese input method, physical typing, backspace and length limits.
#include <algorithm>

#include "kiosk/app.hpp"
#include "kiosk/glyphs.hpp"
#include "kiosk/strings.hpp"
#include "platform/utf8.hpp"

namespace wk {

std::string* App::field_ref(Field f) {
    switch (f) {
    case Field::description: return &m_s.draft.description;
    case Field::address: return &m_s.draft.address;
    case Field::name: return &m_s.draft.contact.name;
    case Field::phone: return &m_s.draft.contact.phone;
    case Field::lookup_code: return &m_s.lookup.input;
    case Field::answer: return m_s.answer_code.empty() ? nullptr : &m_s.draft.attributes[m_s.answer_code];
    case Field::staff_code: return &m_s.staff.code;
    case Field::reason: return &m_s.staff.reason;
    case Field::comment: return &m_s.lookup.comment;
    case Field::none: return nullptr;
    }
    return nullptr;
}

const std::string* App::field_text(Field f) const { return const_cast<App*>(this)->field_ref(f); }

void App::focus(Field f) {
    end_word();
    m_s.focus = f;
}

void App::end_word() {
    m_ime.clear();
    m_s.composing_bytes = 0;
}

// Replaces the field's composing tail with the composer's current word.
void App::show_composing(std::string* field) {
    field->resize(field->size() - std::min(field->size(), m_s.composing_bytes));
    *field += m_ime.composing();
    m_s.composing_bytes = m_ime.composing().size();
}

static bool takes_vietnamese(Field f) {
    return f == Field::description || f == Field::address || f == Field::name || f == Field::answer ||
           f == Field::reason || f == Field::comment;
}

void App::press_key(char32_t key) {
    if (m_s.shift && key >= 'a' && key <= 'z') key = key - 'a' + 'A';
    m_s.shift = false;
    std::string* field = field_ref(m_s.focus);
    if (!field) return;
    if (m_s.input_mode != InputMode::plain && takes_vietnamese(m_s.focus) &&
        utf8_length(*field) < max_chars(m_s.focus) && m_ime.press(key)) {
        show_composing(field);
        return;
    }
    end_word();  // a space, a digit in Telex, punctuation: the word is done
    std::string text;
    utf8::append(text, key);
    type_text(text);
}

void App::next_input_mode() {
    end_word();
    m_s.input_mode = m_s.input_mode == InputMode::telex ? InputMode::vni
                     : m_s.input_mode == InputMode::vni ? InputMode::plain
                                                        : InputMode::telex;
    if (m_s.input_mode != InputMode::plain)
        m_ime.set_method(m_s.input_mode == InputMode::vni ? ime::Method::vni : ime::Method::telex);
}

// Typed, scanned or keypad text into the focused field, character by character: a tab
// is a space; invisible format characters (bidi controls, zero-width spaces) are
// dropped, as are control characters other than a new line in the description;
// characters the fonts cannot draw (emoji) are refused with a message, never stored.
void App::type_text(const std::string& utf8) {
    end_word();
    std::string* s = field_ref(m_s.focus);
    if (!s || !valid_utf8(utf8)) return;
    size_t room = max_chars(m_s.focus) - std::min(max_chars(m_s.focus), utf8_length(*s));
    bool full = false, unshown = false;
    for (char32_t c : utf8::decode(utf8)) {
        if (c == '\t') c = ' ';
        if (glyphs::invisible_format(c) || (c < 0x20 && !(c == '\n' && m_s.focus == Field::description)) || c == 0x7F)
            continue;
        if (c != '\n' && !glyphs::shown(c)) {
            unshown = true;
            continue;
        }
        if (room == 0) {
            full = true;
            break;
        }
        utf8::append(*s, c);
        --room;
    }
    if (full)
        m_s.message = m_s.focus == Field::description ? N_("The description is too long: at most 4,000 characters.")
                                                      : N_("This field is full.");
    else if (unshown)
        m_s.message = N_("Some characters cannot be shown on this kiosk (emoji, for example) and were left out. "
                         "Please use letters, digits and punctuation.");
}

void App::backspace() {
    std::string* s = field_ref(m_s.focus);
    if (!s || s->empty()) return;
    if (m_s.composing_bytes > 0 && m_ime.backspace()) {  // the word being composed loses its last letter
        show_composing(s);
        m_s.message.clear();
        return;
    }
    end_word();
    while (!s->empty() && (static_cast<unsigned char>(s->back()) & 0xC0) == 0x80) s->pop_back();
    if (!s->empty()) s->pop_back();
    m_s.message.clear();
}

void App::enter(UnixMs now) {
    if (m_s.focus == Field::lookup_code) look_up(m_s.lookup.input, now);
    else if (m_s.focus == Field::description) type_text("\n");
    else if (m_s.focus == Field::staff_code && m_s.staff.task == StaffTask::reprint) staff_reprint(now);
    else if (m_s.focus == Field::staff_code) focus(Field::reason);
}

}  // namespace wk
