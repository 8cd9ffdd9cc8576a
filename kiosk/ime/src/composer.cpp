// The composing word: keys in, NFC text out. While the word can still be Vietnamese
// it is kept as letters + marks + one tone, placed afresh on every render; once it
// cannot, it becomes "foreign" and shows the keys as typed (cancelled keys left out).
// Backspace re-reads the shown text minus its last character, so the state after it
// is the same as if the remaining text had just been typed.
// [SECTION] Public API   [SECTION] Tones   [SECTION] Marks   [SECTION] Letters and foreign words
// [SECTION] Rebuilding from text, rendering
#include "ime/composer.hpp"

#include <algorithm>

#include "ime/letters.hpp"
#include "ime/marks.hpp"
#include "ime/utf8.hpp"

namespace wk::ime {
namespace {

size_t undo_index(char32_t key) { return static_cast<size_t>(to_lower_ascii(key)) & 0x7F; }

bool has_vowel(std::u32string_view text) {
    return std::any_of(text.begin(), text.end(), [](char32_t c) {
        auto d = decompose_letter(c);
        return d && d->mark != Mark::stroke && is_vowel_key(d->base);
    });
}

// Reads a shown word back into letters and its one tone; false if some character
// is not a letter or more than one carries a tone.
bool read_word(std::u32string_view text, std::vector<Letter>& letters, Tone& tone) {
    int toned = 0;
    for (char32_t c : text) {
        auto d = decompose_letter(c);
        if (!d) return false;
        if (d->tone != Tone::none) {
            tone = d->tone;
            ++toned;
        }
        letters.push_back({d->base, d->mark});
    }
    return toned <= 1;
}

}  // namespace

// [SECTION] Public API ----------------------------------------------------------------

Composer::Composer(Method method, ToneStyle style) : m_method(method), m_style(style) {}

void Composer::set_method(Method method) {
    if (method == m_method) return;
    m_method = method;
    load(from_utf8(m_composing));
}

void Composer::set_style(ToneStyle style) {
    m_style = style;
    render();
}

bool Composer::takes(char32_t key) const { return is_word_key(m_method, key); }

bool Composer::press(char32_t key) {
    if (!takes(key)) return false;
    if (m_foreign) {
        press_foreign(key);
        render();
        return true;
    }
    const int pos = add_raw(key);
    const KeyRole role = m_undone.test(undo_index(key)) ? KeyRole{} : key_role(m_method, key);
    Step step = Step::type_letter;
    switch (role.action) {
    case KeyAction::letter: break;
    case KeyAction::tone: step = apply_tone(role.tone, key, pos); break;
    case KeyAction::clear_tone: step = clear_tone(pos); break;
    default: step = apply_mark(role, key, pos); break;
    }
    if (step == Step::type_letter) type_letter(key, pos);
    render();
    return true;
}

bool Composer::backspace() {
    if (m_composing.empty()) return false;
    std::u32string text = from_utf8(m_composing);
    text.pop_back();  // precomposed: the character goes with its marks and tone
    load(text);
    return true;
}

std::string Composer::commit() {
    std::string word = std::move(m_composing);
    clear();
    return word;
}

void Composer::clear() { load(U""); }

std::string Composer::raw_keys() const {
    if (m_foreign) return to_utf8(m_text);
    std::u32string keys;
    for (const RawKey& k : m_raw)
        if (!k.dropped) keys.push_back(k.key);
    return to_utf8(keys);
}

std::vector<Letter> Composer::letters() const {
    std::vector<Letter> out;
    out.reserve(m_typed.size());
    for (const Typed& t : m_typed) out.push_back(t.letter);
    return out;
}

int Composer::add_raw(char32_t key) {
    m_raw.push_back({key, false});
    return static_cast<int>(m_raw.size()) - 1;
}

void Composer::drop_raw(int pos) {
    if (pos >= 0 && pos < static_cast<int>(m_raw.size())) m_raw[static_cast<size_t>(pos)].dropped = true;
}

// [SECTION] Tones ---------------------------------------------------------------------

// Same tone again: undo and type the key. Another tone: replace, if the syllable allows it.
Composer::Step Composer::apply_tone(Tone tone, char32_t key, int pos) {
    const std::vector<Letter> ls = letters();
    if (tone_position(ls, m_style) < 0) return Step::type_letter;
    if (tone == m_tone) {
        drop_raw(m_tone_pos);
        m_tone = Tone::none;
        m_tone_pos = -1;
        m_undone.set(undo_index(key));
        m_keep_marks = true;  // aass -> âs: only the tone was taken back
        return Step::type_letter;
    }
    if (!is_valid_prefix(ls, tone)) return Step::type_letter;
    drop_raw(m_tone_pos);
    m_tone = tone;
    m_tone_pos = pos;
    return Step::done;
}

Composer::Step Composer::clear_tone(int pos) {
    if (m_tone == Tone::none) return Step::type_letter;
    drop_raw(m_tone_pos);
    drop_raw(pos);
    m_tone = Tone::none;
    m_tone_pos = -1;
    return Step::done;
}

// [SECTION] Marks ---------------------------------------------------------------------

// The first candidate that leaves a valid syllable wins; failing that, a mark this
// key gave is undone; failing that, the key is typed as a letter.
Composer::Step Composer::apply_mark(const KeyRole& role, char32_t key, int pos) {
    const std::vector<Letter> ls = letters();
    for (const MarkCandidate& c : mark_candidates(m_method, role, ls)) {
        if (!is_valid_prefix(apply_candidate(ls, c, key), m_tone)) continue;
        for (const MarkEdit& e : c.edits) {
            Typed& t = m_typed[e.index];
            if (t.mark_pos != t.key_pos) drop_raw(t.mark_pos);  // a mark changed (â -> ă): its key no longer counts
            t.letter.mark = e.mark;
            t.mark_pos = pos;
        }
        if (c.append_u_horn) m_typed.push_back({{with_case_of(U'u', key), Mark::horn}, pos, pos});
        return Step::done;
    }
    const std::vector<size_t> marked = marked_by(m_method, role, ls);
    if (!marked.empty()) return undo_mark(marked, key, pos);
    return Step::type_letter;
}

// Undoes the mark given last among `marked` (ươ given by one w goes as a pair).
Composer::Step Composer::undo_mark(const std::vector<size_t>& marked, char32_t key, int pos) {
    int latest = -1;
    for (size_t i : marked) latest = std::max(latest, m_typed[i].mark_pos);
    m_undone.set(undo_index(key));
    bool lone_w = false;
    for (size_t i : marked) {
        Typed& t = m_typed[i];
        if (t.mark_pos != latest) continue;
        if (t.mark_pos == t.key_pos) {  // ư typed by w alone goes back to being that w
            t.letter = {m_raw[static_cast<size_t>(t.key_pos)].key, Mark::none};
            lone_w = true;
        } else {
            drop_raw(t.mark_pos);
            t.letter.mark = Mark::none;
        }
        t.mark_pos = -1;
    }
    if (!lone_w) return Step::type_letter;
    drop_raw(pos);  // ww -> w: the second w only undid the first
    if (!is_valid_prefix(letters(), m_tone)) become_foreign();
    return Step::done;
}

// [SECTION] Letters and foreign words ---------------------------------------------------

void Composer::type_letter(char32_t key, int pos) {
    const char32_t lower = to_lower_ascii(key);
    const bool horn_both = is_ascii_letter(key) && (!is_vowel_key(key) || lower == U'i' || lower == U'u');
    if (horn_both) {  // uơ or ưo followed by a consonant, i or u becomes ươ (nguwoif -> người)
        const std::vector<Letter> ls = letters();
        const SyllableParts p = split_syllable(ls);
        for (size_t k = p.cluster_begin; k + 1 < p.cluster_end; ++k) {
            if (to_lower_ascii(ls[k].key) != U'u' || to_lower_ascii(ls[k + 1].key) != U'o') continue;
            const Mark mu = ls[k].mark, mo = ls[k + 1].mark;
            if (mu == Mark::none && mo == Mark::horn) {
                m_typed[k].letter.mark = Mark::horn;
                m_typed[k].mark_pos = m_typed[k + 1].mark_pos;
            } else if (mu == Mark::horn && mo == Mark::none) {
                m_typed[k + 1].letter.mark = Mark::horn;
                m_typed[k + 1].mark_pos = m_typed[k].mark_pos;
            }
        }
    }
    m_typed.push_back({{key, Mark::none}, pos, -1});
    if (!is_valid_prefix(letters(), m_tone)) become_foreign();
}

// Not Vietnamese: keys are typed as they are, except dd (VNI d9) for đ in a word with
// no vowel yet, so that abbreviations work: SDDT -> SĐT.
void Composer::press_foreign(char32_t key) {
    const char32_t lower = to_lower_ascii(key);
    const bool stroke_key = m_method == Method::telex ? lower == U'd' : key == U'9';
    if (stroke_key && !m_undone.test(undo_index(key)) && !m_text.empty()) {
        char32_t& last = m_text.back();
        if ((last == U'd' || last == U'D') && !has_vowel(m_text)) {
            last = last == U'd' ? U'đ' : U'Đ';
            return;
        }
        if (last == U'đ' || last == U'Đ') {
            last = last == U'đ' ? U'd' : U'D';
            m_undone.set(undo_index(key));
        }
    }
    m_text.push_back(key);
}

// The word stops being Vietnamese: show the keys as typed, keeping đ; after a tone was
// taken back by its own key, keep the marks as shown (nhaamff -> nhâmf, so that a
// backspace then f gives nhầm).
void Composer::become_foreign() {
    if (m_keep_marks) {
        m_text.clear();
        for (const Typed& t : m_typed) {
            const char32_t c = compose_letter(t.letter.key, t.letter.mark, Tone::none);
            m_text.push_back(c ? c : t.letter.key);
        }
    } else {
        m_text = restore_text();
    }
    m_foreign = true;
    m_typed.clear();
    m_raw.clear();
    m_tone = Tone::none;
    m_tone_pos = -1;
}

std::u32string Composer::restore_text() const {
    std::vector<char32_t> shown;
    std::vector<bool> keep;
    for (const RawKey& k : m_raw) {
        shown.push_back(k.key);
        keep.push_back(!k.dropped);
    }
    for (const Typed& t : m_typed) {
        if (t.letter.mark != Mark::stroke) continue;
        shown[static_cast<size_t>(t.key_pos)] = compose_letter(t.letter.key, Mark::stroke, Tone::none);
        if (t.mark_pos >= 0 && t.mark_pos != t.key_pos) keep[static_cast<size_t>(t.mark_pos)] = false;
    }
    std::u32string text;
    for (size_t i = 0; i < shown.size(); ++i)
        if (keep[i]) text.push_back(shown[i]);
    return text;
}

// [SECTION] Rebuilding from text, rendering -----------------------------------------------

// Makes the state the one `text` would have if typed afresh: letters and tone read
// back from the precomposed characters, raw keys rebuilt as the plainest sequence
// that types them (ươ with a single w or 7), the tone key last.
void Composer::load(std::u32string_view text) {
    m_typed.clear();
    m_raw.clear();
    m_tone = Tone::none;
    m_tone_pos = -1;
    m_undone.reset();
    m_keep_marks = false;
    m_foreign = false;
    m_text.clear();
    std::vector<Letter> ls;
    Tone tone = Tone::none;
    if (!read_word(text, ls, tone) || !is_valid_prefix(ls, tone)) {
        m_foreign = true;
        m_text = text;
        render();
        return;
    }
    for (size_t i = 0; i < ls.size(); ++i) {
        Typed t{ls[i], add_raw(ls[i].key), -1};
        const bool shared_w = ls[i].mark == Mark::horn && to_lower_ascii(ls[i].key) == U'u' && i + 1 < ls.size() &&
                              ls[i + 1].mark == Mark::horn && to_lower_ascii(ls[i + 1].key) == U'o';
        if (ls[i].mark != Mark::none && !shared_w) t.mark_pos = add_raw(mark_key(m_method, ls[i].key, ls[i].mark));
        m_typed.push_back(t);
        if (i > 0 && m_typed[i - 1].letter.mark == Mark::horn && m_typed[i - 1].mark_pos < 0)
            m_typed[i - 1].mark_pos = t.mark_pos;  // the u of ươ shares the o's key
    }
    if (tone != Tone::none) {
        const char32_t k = tone_key(m_method, tone);
        m_tone = tone;
        m_tone_pos = add_raw(!ls.empty() ? with_case_of(k, ls.back().key) : k);
    }
    render();
}

void Composer::render() {
    if (m_foreign) {
        m_composing = to_utf8(m_text);
        return;
    }
    const std::vector<Letter> ls = letters();
    const int at = m_tone == Tone::none ? -1 : tone_position(ls, m_style);
    std::u32string out;
    for (size_t i = 0; i < ls.size(); ++i) {
        const Tone tone = static_cast<int>(i) == at ? m_tone : Tone::none;
        const char32_t c = compose_letter(ls[i].key, ls[i].mark, tone);
        out.push_back(c ? c : ls[i].key);
    }
    m_composing = to_utf8(out);
}

}  // namespace wk::ime
