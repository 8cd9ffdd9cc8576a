// Receipt layout (wk_print's render_receipt, TextRenderer, UTF-8 helpers): a ward
// officer prints a Vietnamese receipt on 58 mm and 80 mm paper and a citizen's phone
// scans its QR. Real Noto fonts from the system, real QR decoding with libzbar.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "platform/files.hpp"
#include "print/png.hpp"
#include "print/receipt.hpp"
#include "print/text.hpp"
#include "print/utf8.hpp"
#include "print_test_kit.hpp"
#include "temp_dir.hpp"

namespace wk::print {
namespace {

const TextRenderer& noto() {
    static const TextRenderer fonts = TextRenderer::load_noto();
    return fonts;
}

// The bounding box of black dots inside `area`.
Rect ink_box(const Bitmap& image, const Rect& area) {
    int x0 = area.x + area.w, y0 = area.y + area.h, x1 = area.x - 1, y1 = area.y - 1;
    for (int y = area.y; y < area.y + area.h; ++y)
        for (int x = area.x; x < area.x + area.w; ++x)
            if (image.at(x, y)) {
                x0 = std::min(x0, x), y0 = std::min(y0, y), x1 = std::max(x1, x), y1 = std::max(y1, y);
            }
    return x1 < x0 ? Rect{} : Rect{x0, y0, x1 - x0 + 1, y1 - y0 + 1};
}

class ReceiptOnPaper : public ::testing::TestWithParam<int> {};

TEST_P(ReceiptOnPaper, CitizenScansTheQrAndGetsTheLookupUrl) {
    ReceiptData data = test::sample_receipt();
    RenderedReceipt r = render_receipt(data, GetParam());
    ASSERT_EQ(r.error, "");
    EXPECT_EQ(r.image.width(), GetParam());
    EXPECT_GT(r.image.height(), 600);
    std::vector<std::string> found = test::scan_qr(r.image);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0], data.lookup_url);
    EXPECT_NE(found[0].find(data.code), std::string::npos);
}

TEST_P(ReceiptOnPaper, QrIsAtLeast25mmWideWithAWhiteQuietZone) {
    RenderedReceipt r = render_receipt(test::sample_receipt(), GetParam());
    EXPECT_GE(r.qr.w, kQrMinDots);
    EXPECT_EQ(r.qr.w, r.qr.h);
    ASSERT_GT(r.qr_module, 0);
    EXPECT_EQ(r.qr.w % r.qr_module, 0) << "integer module scale";
    EXPECT_LE(std::abs((r.qr.x + r.qr.w / 2) - GetParam() / 2), 1) << "centred";
    // Measured from the dots: inside the quiet zone, the ink's box is the symbol
    // (finder patterns fill three corners), so the quiet zone is white paper.
    int quiet = kQrQuietModules * r.qr_module;
    Rect zone{r.qr.x - quiet, r.qr.y - quiet, r.qr.w + 2 * quiet, r.qr.h + 2 * quiet};
    ASSERT_GE(zone.x, 0);
    ASSERT_LE(zone.x + zone.w, GetParam());
    Rect ink = ink_box(r.image, zone);
    EXPECT_EQ(ink.x, r.qr.x);
    EXPECT_EQ(ink.y, r.qr.y);
    EXPECT_EQ(ink.w, r.qr.w);
    EXPECT_EQ(ink.h, r.qr.h);
}

TEST_P(ReceiptOnPaper, CodeIsPrintedLargeAndNothingInkTheSideMargins) {
    RenderedReceipt r = render_receipt(test::sample_receipt(), GetParam());
    Rect code_ink = ink_box(r.image, r.code);
    if (GetParam() == kDots80mm) {
        EXPECT_GE(code_ink.h, 60) << "capitals 8 mm tall";
        EXPECT_LE(code_ink.h, 90) << "plus J's descender and the digits' overshoot";
    } else {
        EXPECT_GE(code_ink.h, 48) << "as large as 58 mm paper allows";
        EXPECT_GE(code_ink.w, GetParam() * 3 / 4);
    }
    int margin = GetParam() >= kDots80mm ? 16 : 8;
    EXPECT_EQ(r.image.count_black({0, 0, margin, r.image.height()}), 0);
    EXPECT_EQ(r.image.count_black({GetParam() - margin, 0, margin, r.image.height()}), 0);
    EXPECT_EQ(r.image.count_black({0, 0, GetParam(), 8}), 0) << "top margin";
    EXPECT_EQ(r.image.count_black({0, r.image.height() - 16, GetParam(), 16}), 0) << "bottom margin";
}

TEST_P(ReceiptOnPaper, PngOnDiskScansToTheSameUrl) {
    ReceiptData data = test::sample_receipt();
    RenderedReceipt r = render_receipt(data, GetParam());
    test::TempDir dir;
    std::string path = dir.file("receipt.png");
    ASSERT_EQ(write_png(r.image, path), "");
    test::GrayImage png = test::load_png_gray(path);
    ASSERT_EQ(png.width, r.image.width());
    ASSERT_EQ(png.height, r.image.height());
    EXPECT_EQ(png.pixels, test::to_gray(r.image));
    std::vector<std::string> found = test::scan_qr(png.pixels.data(), png.width, png.height);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0], data.lookup_url);
    // A sample for people to look at.
    std::string sample = "/tmp/receipt-" + std::to_string(GetParam()) + ".png";
    EXPECT_EQ(write_png(render_receipt(test::sample_reprint(), GetParam()).image, sample), "");
}

INSTANTIATE_TEST_SUITE_P(PaperWidths, ReceiptOnPaper, ::testing::Values(kDots80mm, kDots58mm));

// A PNG goes into a FIFO (a pipe to a viewer) as bytes; a folder or a symlink at the
// path is refused and left as it was, never replaced by a file.
TEST(Receipt, PngIntoAFifoArrivesAndAFolderOrSymlinkIsNotReplaced) {
    test::TempDir dir;
    Bitmap image = render_receipt(test::sample_receipt(), kDots58mm).image;
    std::string fifo = dir.file("pipe"), folder = dir.file("folder"), link = dir.file("link"),
                target = dir.file("kept.png"), got;
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    std::thread reader([&] { files::read_all(fifo, got); });
    std::string e;
    for (int i = 0; i < 100; ++i) {  // until the reader has opened its end
        e = write_png(image, fifo);
        if (e.empty()) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    reader.join();
    EXPECT_EQ(e, "");
    ASSERT_GT(got.size(), 8u);
    EXPECT_EQ(got.substr(1, 3), "PNG");
    EXPECT_TRUE(std::filesystem::is_fifo(std::filesystem::symlink_status(fifo)));

    std::filesystem::create_directory(folder);
    ASSERT_EQ(write_png(image, target), "");
    std::filesystem::create_symlink(target, link);
    EXPECT_NE(write_png(image, folder).find("is a directory"), std::string::npos);
    EXPECT_NE(write_png(image, link).find("is a symbolic link"), std::string::npos);
    EXPECT_TRUE(std::filesystem::is_empty(folder));
    EXPECT_TRUE(std::filesystem::is_symlink(std::filesystem::symlink_status(link)));
    EXPECT_EQ(test::load_png_gray(target).width, image.width());
}

TEST(Receipt, ReprintAddsCaseNumberAndExpectedDate) {
    RenderedReceipt first = render_receipt(test::sample_receipt(), kDots80mm);
    RenderedReceipt reprint = render_receipt(test::sample_reprint(), kDots80mm);
    EXPECT_GE(reprint.image.height(), first.image.height() + 2 * 24);
    EXPECT_EQ(test::scan_qr(reprint.image).at(0), test::sample_reprint().lookup_url);
}

TEST(Receipt, NarrowPaperWrapsIntoMoreRows) {
    RenderedReceipt wide = render_receipt(test::sample_receipt(), kDots80mm);
    RenderedReceipt narrow = render_receipt(test::sample_receipt(), kDots58mm);
    EXPECT_GT(narrow.image.height(), wide.image.height());
}

TEST(Receipt, MissingFontsAreReportedAndTheQrStillPrints) {
    TextRenderer none("/nonexistent/NotoSans-Regular.ttf", "/nonexistent/NotoSans-Bold.ttf");
    EXPECT_FALSE(none.ok());
    EXPECT_NE(none.error().find("/nonexistent/NotoSans-Regular.ttf"), std::string::npos);
    ReceiptData data = test::sample_receipt();
    RenderedReceipt r = render_receipt(none, data, kDots80mm);
    EXPECT_NE(r.error, "");
    EXPECT_EQ(test::scan_qr(r.image).at(0), data.lookup_url);
}

TEST(Receipt, EveryCharacterOfTheReceiptHasAGlyph) {
    ASSERT_TRUE(noto().ok()) << noto().error();
    EXPECT_TRUE(missing_glyphs(noto(), test::sample_reprint()).empty());
}

TEST(TextRenderer, EveryVietnameseLetterHasAGlyphAndDrawsInk) {
    ASSERT_TRUE(noto().ok()) << noto().error();
    for (char32_t cp : decode_utf8(test::kVietnameseSample)) {
        if (cp == U' ') continue;
        std::string letter = encode_utf8(cp);
        for (Face face : {Face::regular, Face::bold}) {
            EXPECT_TRUE(noto().has_glyph(face, cp)) << "U+" << std::hex << static_cast<uint32_t>(cp);
            Bitmap image(64, 0);
            noto().draw(image, 0, {{face, letter}}, TextBox{0, 64, 24});
            EXPECT_GT(image.count_black({0, 0, 64, image.height()}), 0) << letter;
        }
    }
    EXPECT_TRUE(noto().missing_glyphs(Face::regular, test::kVietnameseSample).empty());
    EXPECT_TRUE(noto().missing_glyphs(Face::bold, test::kVietnameseSample).empty());
}

TEST(TextRenderer, StackedDiacriticsOfCapitalsStayBelowTheTop) {
    Bitmap image(200, 0);
    int bottom = noto().draw(image, 10, {{Face::bold, "ỄẪỖ ẮẰẲ"}}, TextBox{0, 200, 40});
    EXPECT_EQ(image.count_black({0, 0, 200, 10}), 0);
    EXPECT_GT(image.count_black({0, 10, 200, 8}), 0) << "the marks reach the top row of the line";
    EXPECT_GE(image.height(), bottom - 20);
}

TEST(TextRenderer, WrapsWordsWithinTheBoxAndCentres) {
    Bitmap image(300, 0);
    std::string text = test::kVietnameseSample;
    int bottom = noto().draw(image, 0, {{Face::regular, text}}, TextBox{20, 280, 24, Align::center});
    EXPECT_GT(bottom, 3 * 24) << "several lines";
    EXPECT_EQ(image.count_black({0, 0, 20, image.height()}), 0);
    EXPECT_EQ(image.count_black({280, 0, 20, image.height()}), 0);
}

TEST(TextRenderer, BreaksAWordLongerThanTheLine) {
    Bitmap image(100, 0);
    int bottom = noto().draw(image, 0, {{Face::bold, "ABCDEFGHJKMNPQRSTVWXYZ"}}, TextBox{0, 100, 24});
    EXPECT_GT(bottom, 2 * 24);
    EXPECT_EQ(noto().draw(image, bottom, {}, TextBox{0, 100, 24}), bottom) << "no text, no rows";
}

TEST(Utf8, DecodesPrecomposedVietnameseAndReplacesMalformedBytes) {
    EXPECT_EQ(decode_utf8("Đạ"), std::u32string({U'Đ', U'ạ'}));
    EXPECT_EQ(decode_utf8("a\xC3"), std::u32string({U'a', kReplacement}));
    EXPECT_EQ(decode_utf8("\xC0\xAF"), std::u32string({kReplacement, kReplacement})) << "overlong";
    EXPECT_EQ(decode_utf8("\xED\xA0\x80").front(), kReplacement) << "surrogate";
    EXPECT_EQ(encode_utf8(U'ữ'), "ữ");
}

TEST(Utf8, ShortensTheDescriptionAtAWordWithAnEllipsis) {
    std::string long_text = test::sample_receipt().description;
    std::string s = shorten(long_text, kDescriptionChars);
    std::u32string cps = decode_utf8(s);
    EXPECT_LE(cps.size(), kDescriptionChars + 1);
    EXPECT_GT(cps.size(), kDescriptionChars / 2);
    EXPECT_EQ(cps.back(), U'…');
    EXPECT_EQ(long_text.rfind(s.substr(0, s.size() - 3), 0), 0u) << "a prefix of the original";
    EXPECT_EQ(shorten("  Đèn   hỏng\n\nở ngõ 5 ", 120), "Đèn hỏng ở ngõ 5");
    EXPECT_EQ(shorten(std::string(200, 'x'), 10), "xxxxxxxxxx…") << "no space: a hard cut";
}

}  // namespace
}  // namespace wk::print
