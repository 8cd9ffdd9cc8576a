// Editor: a whole text field on top of a Composer — committed text plus the word
// being composed — as the kiosk's report box, the wardkiosk-ime tool and the tests
// use it. Owns the field's text; knows nothing about drawing or key events.
#pragma once
#include <string>
#include <string_view>

#include "ime/composer.hpp"

namespace wk::ime {

class Editor {
public:
    explicit Editor(Method method = Method::telex, ToneStyle style = kDefaultStyle);

    void press(char32_t key);          // a key of the keyboard; U'\b' is backspace
    void backspace();                  // from the composing word, else the last committed character
    void commit();                     // finishes the composing word (e.g. when the field loses focus)
    void clear();                      // empties the field
    std::string text() const;          // committed text + composing word, NFC UTF-8
    const std::string& committed() const { return m_committed; }
    Composer& composer() { return m_composer; }
    const Composer& composer() const { return m_composer; }

private:
    Composer m_composer;
    std::string m_committed;
};

// The text a fresh field holds after `keys` (U'\b' is backspace).
std::string type_keys(Method method, ToneStyle style, std::u32string_view keys);
// The keys of one line of wardkiosk-ime input: "\b" is backspace, "\\" a backslash,
// any other character (including a lone backslash) is itself.
std::u32string decode_key_line(std::string_view line);

}  // namespace wk::ime
