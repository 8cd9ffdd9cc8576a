// TextRenderer: owns the two font files' bytes (read once) and lays out paragraphs.
// [SECTION] FontFile: bytes + stbtt_fontinfo, glyph metrics
// [SECTION] Words: spans split at spaces, too-long words split between letters
// [SECTION] Lines: greedy wrapping, ink extents, drawing thresholded glyphs
// [SECTION] TextRenderer
#include "print/text.hpp"

#include <algorithm>
#include <cmath>
#include <stb/stb_truetype.h>

#include "platform/files.hpp"
#include "platform/paths.hpp"
#include "print/utf8.hpp"

namespace wk::print {

constexpr unsigned char kInkThreshold = 128;  // coverage (0..255) at or above which a dot is black

// [SECTION] FontFile ------------------------------------------------------------------

// One TrueType file. Lives behind a unique_ptr, so stbtt_fontinfo's pointer into
// m_data stays valid for the renderer's lifetime.
class FontFile {
  public:
    std::string load(const std::string& path) {
        if (path.empty()) return "font file not found";
        if (std::string e = files::read_all(path, m_data); !e.empty()) return e;
        auto* bytes = reinterpret_cast<const unsigned char*>(m_data.data());
        int offset = stbtt_GetFontOffsetForIndex(bytes, 0);
        if (offset < 0 || !stbtt_InitFont(&m_info, bytes, offset)) return "not a TrueType font: " + path;
        m_loaded = true;
        return {};
    }
    bool loaded() const { return m_loaded; }
    float scale(int px) const { return stbtt_ScaleForPixelHeight(&m_info, static_cast<float>(px)); }
    int glyph(char32_t cp) const { return m_loaded ? stbtt_FindGlyphIndex(&m_info, static_cast<int>(cp)) : 0; }
    float advance(int glyph, float scale) const {
        int adv = 0, lsb = 0;
        stbtt_GetGlyphHMetrics(&m_info, glyph, &adv, &lsb);
        return static_cast<float>(adv) * scale;
    }
    float kern(int a, int b, float scale) const {
        return static_cast<float>(stbtt_GetGlyphKernAdvance(&m_info, a, b)) * scale;
    }
    // Ascent and descent (positive) in dots at `scale`.
    std::pair<int, int> vmetrics(float scale) const {
        int ascent = 0, descent = 0, gap = 0;
        stbtt_GetFontVMetrics(&m_info, &ascent, &descent, &gap);
        return {static_cast<int>(std::ceil(static_cast<float>(ascent) * scale)),
                static_cast<int>(std::ceil(static_cast<float>(-descent) * scale))};
    }
    // Ink rows relative to the baseline (y0 negative above it).
    std::pair<int, int> ink_rows(int glyph, float scale) const {
        int x0, y0, x1, y1;
        stbtt_GetGlyphBitmapBox(&m_info, glyph, scale, scale, &x0, &y0, &x1, &y1);
        return {y0, y1};
    }
    void draw(Bitmap& image, int glyph, float scale, float pen_x, int baseline) const;

  private:
    std::string m_data;
    stbtt_fontinfo m_info{};
    bool m_loaded = false;
};

void FontFile::draw(Bitmap& image, int glyph, float scale, float pen_x, int baseline) const {
    int ix = static_cast<int>(std::floor(pen_x));
    float shift = pen_x - static_cast<float>(ix);
    int x0, y0, x1, y1;
    stbtt_GetGlyphBitmapBoxSubpixel(&m_info, glyph, scale, scale, shift, 0, &x0, &y0, &x1, &y1);
    int w = x1 - x0, h = y1 - y0;
    if (w <= 0 || h <= 0) return;
    std::vector<unsigned char> coverage(static_cast<size_t>(w) * static_cast<size_t>(h));
    stbtt_MakeGlyphBitmapSubpixel(&m_info, coverage.data(), w, h, w, scale, scale, shift, 0, glyph);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            if (coverage[static_cast<size_t>(y * w + x)] >= kInkThreshold)
                image.set(ix + x0 + x, baseline + y0 + y);
}

// [SECTION] Words ---------------------------------------------------------------------
namespace {

// The two faces, picked by Face.
struct Fonts {
    const FontFile& regular;
    const FontFile& bold;
    const FontFile& of(Face face) const { return face == Face::bold ? bold : regular; }
};

struct Piece {
    Face face;
    std::u32string cps;
};

struct Word {
    std::vector<Piece> pieces;
    bool break_before = false;  // a '\n' came before this word
    int width = 0;              // dots at the paragraph's pixel height
};

float piece_width(const FontFile& f, float scale, const std::u32string& cps) {
    float x = 0;
    int prev = 0;
    for (char32_t cp : cps) {
        int g = f.glyph(cp);
        if (prev) x += f.kern(prev, g, scale);
        x += f.advance(g, scale);
        prev = g;
    }
    return x;
}

int word_width(const Fonts& fonts, int px, const Word& w) {
    float x = 0;
    for (const Piece& p : w.pieces) x += piece_width(fonts.of(p.face), fonts.of(p.face).scale(px), p.cps);
    return static_cast<int>(std::ceil(x));
}

// Splits spans at spaces and line breaks; a word continues across a span boundary.
std::vector<Word> split_words(const std::vector<Span>& spans) {
    std::vector<Word> words;
    bool in_word = false, pending_break = false;
    for (const Span& span : spans) {
        for (char32_t cp : decode_utf8(span.text)) {
            if (cp == U' ' || cp == U'\t' || cp == U'\r' || cp == U'\n') {
                in_word = false;
                pending_break = pending_break || cp == U'\n';
                continue;
            }
            if (!in_word) {
                words.push_back(Word{{}, pending_break && !words.empty(), 0});
                in_word = true;
                pending_break = false;
            }
            auto& pieces = words.back().pieces;
            if (pieces.empty() || pieces.back().face != span.face) pieces.push_back({span.face, {}});
            pieces.back().cps.push_back(cp);
        }
    }
    return words;
}

// Appends `word` to `out` in chunks no wider than `max_width` (at least one letter each).
void split_long(const Fonts& fonts, int px, const Word& word, int max_width, std::vector<Word>& out) {
    Word chunk{{}, word.break_before, 0};
    for (const Piece& piece : word.pieces) {
        for (char32_t cp : piece.cps) {
            Word trial = chunk;
            if (trial.pieces.empty() || trial.pieces.back().face != piece.face)
                trial.pieces.push_back({piece.face, {}});
            trial.pieces.back().cps.push_back(cp);
            trial.width = word_width(fonts, px, trial);
            if (!chunk.pieces.empty() && trial.width > max_width) {
                out.push_back(std::move(chunk));
                chunk = Word{{{piece.face, std::u32string(1, cp)}}, false, 0};
                chunk.width = word_width(fonts, px, chunk);
            } else {
                chunk = std::move(trial);
            }
        }
    }
    if (!chunk.pieces.empty()) out.push_back(std::move(chunk));
}

// The paragraph's words, measured; none wider than `max_width` unless one letter is.
std::vector<Word> measured_words(const Fonts& fonts, int px, const std::vector<Span>& spans, int max_width) {
    std::vector<Word> out;
    for (Word& w : split_words(spans)) {
        w.width = word_width(fonts, px, w);
        if (w.width <= max_width) out.push_back(std::move(w));
        else split_long(fonts, px, w, max_width, out);
    }
    return out;
}

// [SECTION] Lines ---------------------------------------------------------------------

struct Line {
    size_t first = 0, last = 0;  // words [first, last)
    int width = 0;
};

std::vector<Line> wrap(const std::vector<Word>& words, int max_width, int space) {
    std::vector<Line> lines;
    for (size_t i = 0; i < words.size(); ++i) {
        const Word& w = words[i];
        bool fits = !lines.empty() && lines.back().width + space + w.width <= max_width;
        if (lines.empty() || w.break_before || !fits) {
            lines.push_back({i, i + 1, w.width});
        } else {
            lines.back().last = i + 1;
            lines.back().width += space + w.width;
        }
    }
    return lines;
}

// Ink rows of a line relative to its baseline: {topmost (<= 0), bottommost}.
std::pair<int, int> line_ink(const Fonts& fonts, int px, const std::vector<Word>& words, const Line& line) {
    int top = 0, bottom = 0;
    for (size_t i = line.first; i < line.last; ++i)
        for (const Piece& p : words[i].pieces) {
            const FontFile& f = fonts.of(p.face);
            for (char32_t cp : p.cps) {
                auto [y0, y1] = f.ink_rows(f.glyph(cp), f.scale(px));
                top = std::min(top, y0);
                bottom = std::max(bottom, y1);
            }
        }
    return {top, bottom};
}

// Draws one line's glyphs from `pen_x` along `baseline`.
void draw_words(Bitmap& image, const Fonts& fonts, int px, const std::vector<Word>& words, const Line& line,
                float pen_x, int baseline, int space) {
    for (size_t i = line.first; i < line.last; ++i) {
        if (i > line.first) pen_x += static_cast<float>(space);
        for (const Piece& p : words[i].pieces) {
            const FontFile& f = fonts.of(p.face);
            float scale = f.scale(px);
            int prev = 0;
            for (char32_t cp : p.cps) {
                int g = f.glyph(cp);
                if (prev) pen_x += f.kern(prev, g, scale);
                f.draw(image, g, scale, pen_x, baseline);
                pen_x += f.advance(g, scale);
                prev = g;
            }
        }
    }
}

}  // namespace

// [SECTION] TextRenderer --------------------------------------------------------------

TextRenderer::TextRenderer(const std::string& regular_path, const std::string& bold_path) {
    const std::string* paths[] = {&regular_path, &bold_path};
    for (size_t i = 0; i < m_fonts.size(); ++i) {
        m_fonts[i] = std::make_unique<FontFile>();
        std::string e = m_fonts[i]->load(*paths[i]);
        if (!e.empty() && m_error.empty()) m_error = (i == 0 ? "regular font: " : "bold font: ") + e;
    }
}

TextRenderer TextRenderer::load_noto() {
    return TextRenderer(paths::noto_font("NotoSans-Regular.ttf"), paths::noto_font("NotoSans-Bold.ttf"));
}

TextRenderer::~TextRenderer() = default;
TextRenderer::TextRenderer(TextRenderer&&) noexcept = default;
TextRenderer& TextRenderer::operator=(TextRenderer&&) noexcept = default;

bool TextRenderer::has_glyph(Face face, char32_t cp) const { return font(face).glyph(cp) != 0; }

std::u32string TextRenderer::missing_glyphs(Face face, std::string_view text) const {
    std::u32string missing;
    for (char32_t cp : decode_utf8(text))
        if (cp != U' ' && cp != U'\n' && !has_glyph(face, cp) && missing.find(cp) == std::u32string::npos)
            missing.push_back(cp);
    return missing;
}

int TextRenderer::text_width(Face face, int px, std::string_view text) const {
    const FontFile& f = font(face);
    if (!f.loaded()) return 0;
    return static_cast<int>(std::ceil(piece_width(f, f.scale(px), decode_utf8(text))));
}

int TextRenderer::ink_height(Face face, int px, std::string_view text) const {
    const FontFile& f = font(face);
    if (!f.loaded()) return 0;
    int top = 0, bottom = 0;
    bool any = false;
    for (char32_t cp : decode_utf8(text)) {
        auto [y0, y1] = f.ink_rows(f.glyph(cp), f.scale(px));
        if (y1 <= y0) continue;
        top = any ? std::min(top, y0) : y0;
        bottom = any ? std::max(bottom, y1) : y1;
        any = true;
    }
    return bottom - top;
}

int TextRenderer::fit_px(Face face, std::string_view text, int max_px, int width) const {
    int px = max_px;
    while (px > 8 && text_width(face, px, text) > width) --px;
    return px;
}

int TextRenderer::draw(Bitmap& image, int top, const std::vector<Span>& spans, const TextBox& box) const {
    if (!ok()) return top;
    Fonts fonts{font(Face::regular), font(Face::bold)};
    int max_width = std::max(box.right - box.left, 1);
    std::vector<Word> words = measured_words(fonts, box.px, spans, max_width);
    float scale = fonts.regular.scale(box.px);
    int space = static_cast<int>(std::lround(fonts.regular.advance(fonts.regular.glyph(U' '), scale)));
    auto [ascent, descent] = fonts.regular.vmetrics(scale);
    int y = top;
    for (const Line& line : wrap(words, max_width, space)) {
        auto [ink_top, ink_bottom] = line_ink(fonts, box.px, words, line);
        int baseline = y + std::max(ascent, -ink_top);
        int x = box.left + (box.align == Align::center ? std::max(max_width - line.width, 0) / 2 : 0);
        draw_words(image, fonts, box.px, words, line, static_cast<float>(x), baseline, space);
        y = baseline + std::max(descent, ink_bottom) + box.line_gap;
    }
    return y;
}

}  // namespace wk::print
