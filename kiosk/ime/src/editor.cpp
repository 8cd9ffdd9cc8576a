// A text field on a Composer: routes word keys to the composer, commits before any
// other key, and takes backspace into the committed text once the word is empty.
#include "ime/editor.hpp"

#include "ime/utf8.hpp"

namespace wk::ime {

Editor::Editor(Method method, ToneStyle style) : m_composer(method, style) {}

void Editor::press(char32_t key) {
    if (key == U'\b') {
        backspace();
        return;
    }
    if (m_composer.press(key)) return;
    commit();
    append_utf8(m_committed, key);
}

void Editor::backspace() {
    if (!m_composer.backspace()) pop_back_utf8(m_committed);
}

void Editor::commit() { m_committed += m_composer.commit(); }

void Editor::clear() {
    m_composer.clear();
    m_committed.clear();
}

std::string Editor::text() const { return m_committed + m_composer.composing(); }

std::string type_keys(Method method, ToneStyle style, std::u32string_view keys) {
    Editor editor(method, style);
    for (char32_t k : keys) editor.press(k);
    return editor.text();
}

std::u32string decode_key_line(std::string_view line) {
    const std::u32string in = from_utf8(line);
    std::u32string keys;
    for (size_t i = 0; i < in.size(); ++i) {
        if (in[i] == U'\\' && i + 1 < in.size() && (in[i + 1] == U'b' || in[i + 1] == U'\\')) {
            keys.push_back(in[i + 1] == U'b' ? U'\b' : U'\\');
            ++i;
        } else {
            keys.push_back(in[i]);
        }
    }
    return keys;
}

}  // namespace wk::ime
