// Receipt layout: a cursor that walks down the bitmap placing text, rules and the QR.
// Sizes are in dots at 203 dpi (8 dots/mm) and the same on both paper widths; only
// the side margin and the wrapping change.
// [SECTION] Sizes  [SECTION] Composer  [SECTION] Blocks  [SECTION] render_receipt
#include "print/receipt.hpp"

#include <algorithm>

#include "print/qr.hpp"
#include "print/utf8.hpp"
#include "sync/receipt_code.hpp"

namespace wk::print {
namespace {

// [SECTION] Sizes ---------------------------------------------------------------------
constexpr int kTopMargin = 16;
constexpr int kBottomMargin = 32;
constexpr int kWardPx = 30;
constexpr int kBodyPx = 24;
constexpr int kSmallPx = 22;
constexpr int kTitlePx = 28;
constexpr int kCodeCapDots = 64;   // the code's capitals are 8 mm tall where the paper allows
constexpr int kQrTargetDots = 240;  // 30 mm when the paper allows it
constexpr int kGap = 10;            // between blocks

int side_margin(int width) { return width >= kDots80mm ? 16 : 8; }

// [SECTION] Composer ------------------------------------------------------------------

// The receipt under construction and the row where the next block goes.
struct Composer {
    const TextRenderer& fonts;
    RenderedReceipt out;
    int left = 0, right = 0, y = kTopMargin;

    void text(std::vector<Span> spans, int px, Align align, int gap_after = kGap / 2) {
        y = fonts.draw(out.image, y, spans, TextBox{left, right, px, align, 2}) + gap_after;
    }
    void line(Face face, const std::string& s, int px, Align align, int gap_after = kGap / 2) {
        if (!s.empty()) text({{face, s}}, px, align, gap_after);
    }
    // "Label: value" with the label bold; left out when the value is empty.
    void field(const std::string& label, const std::string& value) {
        if (value.empty()) return;
        if (label.empty()) return line(Face::regular, value, kBodyPx, Align::left);
        text({{Face::bold, label + ": "}, {Face::regular, value}}, kBodyPx, Align::left);
    }
    // A dashed rule across the text area.
    void rule() {
        y += kGap / 2;
        for (int x = left; x < right; x += 12) out.image.fill({x, y, std::min(8, right - x), 2});
        y += 2 + kGap;
    }
};

// [SECTION] Blocks --------------------------------------------------------------------

void draw_code(Composer& c, const ReceiptData& d) {
    c.line(Face::regular, d.code_label, kSmallPx, Align::center, 0);
    std::string grouped = receipt::grouped(d.code);
    constexpr int kRefPx = 100;
    int cap = std::max(c.fonts.ink_height(Face::bold, kRefPx, "H"), 1);
    int px = c.fonts.fit_px(Face::bold, grouped, kCodeCapDots * kRefPx / cap, c.right - c.left);
    int top = c.y;
    c.line(Face::bold, grouped, px, Align::center, 0);
    c.out.code = {c.left, top, c.right - c.left, c.y - top};
    c.y += kGap;
}

// Dots per module: at least kQrMinDots for the symbol, near kQrTargetDots when the paper
// allows, never wider (with quiet zone) than the text area.
int qr_scale(int modules, int avail) {
    int min_scale = (kQrMinDots + modules - 1) / modules;
    int fit_scale = avail / (modules + 2 * kQrQuietModules);
    int want = std::max(min_scale, kQrTargetDots / modules);
    return std::max(1, std::min(want, fit_scale));
}

void draw_qr(Composer& c, const ReceiptData& d) {
    QrModules qr = make_qr(d.lookup_url);
    if (qr.size == 0) {
        c.out.error = "QR encoding failed for the lookup URL";
        return;
    }
    int scale = qr_scale(qr.size, c.right - c.left);
    int side = qr.size * scale, quiet = kQrQuietModules * scale;
    if (side < kQrMinDots) c.out.error = "QR narrower than 25 mm: URL too long for the paper";
    int x0 = (c.out.image.width() - side) / 2, y0 = c.y + quiet;
    c.out.image.grow_to(y0 + side + quiet);  // the quiet zone is white paper
    for (int my = 0; my < qr.size; ++my)
        for (int mx = 0; mx < qr.size; ++mx)
            if (qr.at(mx, my)) c.out.image.fill({x0 + mx * scale, y0 + my * scale, scale, scale});
    c.out.qr = {x0, y0, side, side};
    c.out.qr_module = scale;
    c.y = y0 + side + quiet;
}

void draw_header(Composer& c, const ReceiptData& d) {
    c.line(Face::bold, d.ward, kWardPx, Align::center, 2);
    c.line(Face::regular, d.province, kBodyPx, Align::center, 0);
    c.rule();
    c.line(Face::bold, d.title, kTitlePx, Align::center, kGap);
}

void draw_details(Composer& c, const ReceiptData& d) {
    c.field(d.created_label, d.created);
    c.field(d.category_label, d.category);
    c.field(d.case_label, d.case_number);
    c.field(d.expected_label, d.expected_date);
    c.field(d.description_label, shorten(d.description, kDescriptionChars));
}

// The lookup URL as a person types it: without the scheme, which browsers add.
std::string readable_url(const std::string& url) {
    for (const char* scheme : {"https://", "http://"})
        if (url.rfind(scheme, 0) == 0) return url.substr(std::string(scheme).size());
    return url;
}

void draw_footer(Composer& c, const ReceiptData& d) {
    c.line(Face::regular, d.qr_caption, kSmallPx, Align::center, 0);
    c.line(Face::bold, readable_url(d.lookup_url), kSmallPx, Align::center, kGap / 2);
    c.line(Face::regular, d.any_kiosk, kSmallPx, Align::center, kGap);
    if (!d.hotline.empty()) {
        std::string label = d.hotline_label.empty() ? "" : d.hotline_label + ": ";
        c.text({{Face::regular, label}, {Face::bold, d.hotline}}, kBodyPx, Align::center, 0);
    }
    c.out.image.grow_to(c.y + kBottomMargin);
}

}  // namespace

// [SECTION] render_receipt ------------------------------------------------------------

RenderedReceipt render_receipt(const TextRenderer& fonts, const ReceiptData& data, int width_dots) {
    int margin = side_margin(width_dots);
    Composer c{fonts, {}, margin, width_dots - margin};
    c.out.image = Bitmap(width_dots, 0);
    draw_header(c, data);
    draw_code(c, data);
    c.rule();
    draw_details(c, data);
    c.rule();
    c.line(Face::regular, data.what_next, kBodyPx, Align::left, 0);
    draw_qr(c, data);
    draw_footer(c, data);
    if (!fonts.ok()) c.out.error = fonts.error();
    return std::move(c.out);
}

RenderedReceipt render_receipt(const ReceiptData& data, int width_dots) {
    static const TextRenderer fonts = TextRenderer::load_noto();
    return render_receipt(fonts, data, width_dots);
}

std::u32string missing_glyphs(const TextRenderer& fonts, const ReceiptData& d) {
    std::u32string missing;
    auto check = [&](Face face, const std::string& s) {
        for (char32_t cp : fonts.missing_glyphs(face, s))
            if (missing.find(cp) == std::u32string::npos) missing.push_back(cp);
    };
    for (const std::string* s : {&d.ward, &d.title, &d.code, &d.created_label, &d.category_label, &d.case_label,
                                 &d.expected_label, &d.description_label, &d.hotline})
        check(Face::bold, *s);
    for (const std::string* s : {&d.province, &d.code_label, &d.created, &d.category, &d.case_number,
                                 &d.expected_date, &d.description, &d.what_next, &d.qr_caption, &d.any_kiosk, &d.hotline_label})
        check(Face::regular, *s);
    check(Face::regular, "\u2026:");
    return missing;
}

}  // namespace wk::print
