// The text field on a Composer (editor.cpp): committed text plus the composing word,
// separators, backspace across the word boundary, and the tool's key-line escapes.
#include <gtest/gtest.h>

#include "ime/editor.hpp"

namespace wk::ime {
namespace {

void type(Editor& e, std::u32string_view keys) {
    for (char32_t k : keys) e.press(k);
}

TEST(ImeEditor, ShowsCommittedTextThenTheComposingWord) {
    Editor e;
    type(e, U"dduwowngf ngaap");
    EXPECT_EQ(e.committed(), "đường ");
    EXPECT_EQ(e.composer().composing(), "ngâp");
    EXPECT_EQ(e.text(), "đường ngâp");
    type(e, U"j");
    EXPECT_EQ(e.text(), "đường ngập");
}

TEST(ImeEditor, EveryNonWordKeyCommitsAndIsAppended) {
    Editor e;
    type(e, U"vieetj,nam.");
    EXPECT_EQ(e.committed(), "việt,nam.");
    EXPECT_TRUE(e.composer().empty());
    type(e, U"as\n");
    EXPECT_EQ(e.text(), "việt,nam.á\n");
}

TEST(ImeEditor, BackspaceGoesIntoCommittedTextOnceTheWordIsEmpty) {
    Editor e;
    type(e, U"dduwowngf ");
    e.backspace();  // the space
    EXPECT_EQ(e.text(), "đường");
    e.backspace();  // a whole character of committed text, not a byte
    EXPECT_EQ(e.text(), "đườn");
    for (int i = 0; i < 10; ++i) e.backspace();
    EXPECT_EQ(e.text(), "");
}

TEST(ImeEditor, BackspaceKeyInPressStream) {
    Editor e(Method::telex, ToneStyle::old_style);
    type(e, U"loanj\b");
    EXPECT_EQ(e.text(), "lọa");
}

TEST(ImeEditor, CommitAndClear) {
    Editor e;
    type(e, U"xin chaof");
    e.commit();
    EXPECT_EQ(e.committed(), "xin chào");
    EXPECT_TRUE(e.composer().empty());
    type(e, U"s");  // a new word after commit
    EXPECT_EQ(e.text(), "xin chàos");
    e.clear();
    EXPECT_EQ(e.text(), "");
}

TEST(ImeEditor, TypeKeysFollowsMethodAndStyle) {
    EXPECT_EQ(type_keys(Method::telex, ToneStyle::old_style, U"hoaf binhf"), "hòa bình");
    EXPECT_EQ(type_keys(Method::telex, ToneStyle::new_style, U"hoaf binhf"), "hoà bình");
    EXPECT_EQ(type_keys(Method::vni, ToneStyle::new_style, U"Vie65t Nam"), "Việt Nam");
    EXPECT_EQ(type_keys(Method::telex, ToneStyle::new_style, U"a\\b"), "a\\b");
}

TEST(ImeEditor, DecodeKeyLine) {
    EXPECT_EQ(decode_key_line("ab\\bc"), (std::u32string{U'a', U'b', U'\b', U'c'}));
    EXPECT_EQ(decode_key_line("a\\\\b"), (std::u32string{U'a', U'\\', U'b'}));
    EXPECT_EQ(decode_key_line("a\\\\\\b"), (std::u32string{U'a', U'\\', U'\b'}));
    EXPECT_EQ(decode_key_line("a\\x"), (std::u32string{U'a', U'\\', U'x'}));
    EXPECT_EQ(decode_key_line("a\\"), (std::u32string{U'a', U'\\'}));
    EXPECT_EQ(decode_key_line("đ"), (std::u32string{U'đ'}));
    EXPECT_EQ(decode_key_line(""), U"");
}

}  // namespace
}  // namespace wk::ime
