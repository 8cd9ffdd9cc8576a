// Text on a receipt bitmap: Noto Sans Regular and Bold read once through stb_truetype,
// UTF-8 decoded here, glyphs rasterised at a pixel height and thresholded to 1 bit,
// paragraphs word-wrapped to a box, left or centred. No shaping: Vietnamese is
// precomposed (NFC) and Noto Sans has every precomposed glyph.
#pragma once
#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "print/bitmap.hpp"

namespace wk::print {

enum class Face { regular, bold };
enum class Align { left, center };

// A run of text in one face. Words may continue across spans ("Mã:" bold + "ABC").
struct Span {
    Face face = Face::regular;
    std::string text;  // UTF-8; '\n' forces a line break
};

// Where and how a paragraph goes: dots from the image's left edge, pixel height.
struct TextBox {
    int left = 0;
    int right = 0;           // one past the last usable column
    int px = 24;             // pixel height (ascent - descent)
    Align align = Align::left;
    int line_gap = 2;        // extra dots between lines
};

class FontFile;  // one font's bytes and its stbtt_fontinfo (text.cpp)

class TextRenderer {
  public:
    // Reads both files once. On failure ok() is false and error() names the file.
    TextRenderer(const std::string& regular_path, const std::string& bold_path);
    // NotoSans-Regular.ttf and NotoSans-Bold.ttf from the Noto folders (wk::paths).
    static TextRenderer load_noto();
    ~TextRenderer();
    TextRenderer(TextRenderer&&) noexcept;
    TextRenderer& operator=(TextRenderer&&) noexcept;

    bool ok() const { return m_error.empty(); }
    const std::string& error() const { return m_error; }

    // True when the face has a real glyph (not .notdef) for `cp`.
    bool has_glyph(Face face, char32_t cp) const;
    // The code points of `text` (spaces and line breaks aside) the face has no glyph for.
    std::u32string missing_glyphs(Face face, std::string_view text) const;
    // Advance width in dots of one line of `text`.
    int text_width(Face face, int px, std::string_view text) const;
    // Rows of ink `text` covers at `px` (from its highest mark to its lowest descender).
    int ink_height(Face face, int px, std::string_view text) const;
    // The largest pixel height <= max_px at which `text` fits in `width` dots (>= 8).
    int fit_px(Face face, std::string_view text, int max_px, int width) const;
    // Draws the spans word-wrapped in `box` starting at row `top`; words longer than a
    // line are broken between letters. Returns the row just below the last line (=
    // `top` for no text). Glyph ink never lands above `top`.
    int draw(Bitmap& image, int top, const std::vector<Span>& spans, const TextBox& box) const;

  private:
    const FontFile& font(Face face) const { return *m_fonts[face == Face::bold ? 1 : 0]; }

    std::array<std::unique_ptr<FontFile>, 2> m_fonts;
    std::string m_error;
};

}  // namespace wk::print
