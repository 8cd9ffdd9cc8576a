// Composer: the Vietnamese input method for one word being typed. It owns only the
// composing word (its letters, tone and the raw keys behind them); committed text
// belongs to the caller. No ImGui, no I/O, no clock.
//
// How a text field uses it (see Editor for a ready-made one): every key goes to
// press(); if press() returns false the key is not part of a word (space,
// punctuation, Enter, and digits in Telex), so the field appends commit() and then
// the key itself. Backspace goes to backspace(); if that returns false the word is
// empty and the field deletes the last character of its committed text. The field
// shows committed text followed by composing().
#pragma once
#include <bitset>
#include <string>
#include <vector>

#include "ime/keymap.hpp"
#include "ime/syllable.hpp"
#include "ime/types.hpp"

namespace wk::ime {

class Composer {
public:
    explicit Composer(Method method = Method::telex, ToneStyle style = kDefaultStyle);

    void set_method(Method method);   // keeps the composing word; later keys follow the new method
    void set_style(ToneStyle style);  // re-places the composing word's tone at once
    Method method() const { return m_method; }
    ToneStyle style() const { return m_style; }

    bool takes(char32_t key) const;   // true for keys that belong in a word: ASCII letters, VNI digits
    bool press(char32_t key);         // composes key into the word; false and no change if !takes(key)
    bool backspace();                 // removes the last shown character with its marks; false if empty
    std::string commit();             // returns the composed word and empties the composer
    void clear();                     // drops the composing word

    const std::string& composing() const { return m_composing; }  // NFC UTF-8, what the field shows
    bool empty() const { return m_composing.empty(); }
    bool is_vietnamese() const { return !m_foreign; }  // false once the word is kept as typed
    std::string raw_keys() const;     // the keys the word stands for, cancelled keys left out

private:
    enum class Step { done, type_letter };
    struct Typed {
        Letter letter;
        int key_pos = -1;   // the raw key that typed the letter
        int mark_pos = -1;  // the raw key that gave its mark (== key_pos for ư typed by w alone)
    };
    struct RawKey {
        char32_t key = 0;
        bool dropped = false;  // cancelled by undo, z/0, a replaced tone or a changed mark
    };

    std::vector<Letter> letters() const;
    int add_raw(char32_t key);
    void drop_raw(int pos);
    Step apply_tone(Tone tone, char32_t key, int pos);
    Step clear_tone(int pos);
    Step apply_mark(const KeyRole& role, char32_t key, int pos);
    Step undo_mark(const std::vector<size_t>& marked, char32_t key, int pos);
    void type_letter(char32_t key, int pos);
    void press_foreign(char32_t key);
    void become_foreign();
    std::u32string restore_text() const;
    void load(std::u32string_view text);
    void render();

    Method m_method;
    ToneStyle m_style;
    std::vector<Typed> m_typed;     // the word's letters while it is Vietnamese
    std::vector<RawKey> m_raw;      // every key of the word, in order
    Tone m_tone = Tone::none;
    int m_tone_pos = -1;            // the raw key that gave the tone
    std::bitset<128> m_undone;      // keys that undid themselves: typed as letters from then on
    bool m_keep_marks = false;      // a tone was undone by its key: going foreign keeps the marks
    bool m_foreign = false;         // not a Vietnamese syllable: m_text is shown as it is
    std::u32string m_text;          // the word while foreign
    std::string m_composing;        // rendered word
};

}  // namespace wk::ime
