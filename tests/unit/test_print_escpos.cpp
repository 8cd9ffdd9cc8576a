// ESC/POS encoding and decoding (wk_print's escpos.cpp): the bytes a ward office's
// thermal printer receives, checked command by command, decoded back to the same dots
// and scanned; and a decoder that refuses what it does not understand.
#include <gtest/gtest.h>

#include <random>

#include "print/escpos.hpp"
#include "print/receipt.hpp"
#include "print_test_kit.hpp"

namespace wk::print {
namespace {

struct Band {
    int row_bytes = 0, rows = 0;
};

// Walks an encoder's output: ESC @, GS v 0 bands, ESC d n, optional GS V 66 0.
// Returns the bands; fails the test on any byte out of that order.
std::vector<Band> bands_of(const std::vector<uint8_t>& b, bool cut) {
    std::vector<Band> bands;
    EXPECT_GE(b.size(), 2u);
    EXPECT_EQ(b[0], 0x1B);
    EXPECT_EQ(b[1], '@');
    size_t i = 2;
    while (i + 8 <= b.size() && b[i] == 0x1D && b[i + 1] == 'v' && b[i + 2] == '0') {
        EXPECT_EQ(b[i + 3], 0) << "normal (unscaled) raster";
        Band band{b[i + 4] | (b[i + 5] << 8), b[i + 6] | (b[i + 7] << 8)};
        bands.push_back(band);
        i += 8 + static_cast<size_t>(band.row_bytes * band.rows);
    }
    std::vector<uint8_t> tail(b.begin() + static_cast<std::ptrdiff_t>(std::min(i, b.size())), b.end());
    // A cut feeds to the cutter itself (GS V 66): no ESC d before it to waste paper.
    std::vector<uint8_t> want = cut ? std::vector<uint8_t>{0x1D, 'V', 66, 0}
                                    : std::vector<uint8_t>{0x1B, 'd', static_cast<uint8_t>(kFeedLinesBeforeCut)};
    EXPECT_EQ(tail, want);
    return bands;
}

class EscposOnPaper : public ::testing::TestWithParam<int> {};

TEST_P(EscposOnPaper, ReceiptGoesOutInBandsAndComesBackDotForDot) {
    ReceiptData data = test::sample_receipt();
    RenderedReceipt r = render_receipt(data, GetParam());
    ASSERT_EQ(r.error, "");
    std::vector<uint8_t> bytes = encode_escpos(r.image, true);
    std::vector<Band> bands = bands_of(bytes, true);
    ASSERT_GE(bands.size(), 2u) << "a receipt is taller than one band";
    int rows = 0;
    for (const Band& band : bands) {
        EXPECT_EQ(band.row_bytes, GetParam() / 8);
        EXPECT_GE(band.rows, 1);
        EXPECT_LE(band.rows, 255) << "yH = 1 (256 rows and more) is past some printers' limit";
        rows += band.rows;
    }
    EXPECT_EQ(rows, r.image.height());

    DecodedEscpos back = decode_escpos(bytes);
    ASSERT_TRUE(back.image) << back.error;
    EXPECT_EQ(back.error, "");
    EXPECT_TRUE(*back.image == r.image);
    EXPECT_EQ(back.feed_lines, 0);
    EXPECT_EQ(back.cuts, 1);
    std::vector<std::string> found = test::scan_qr(*back.image);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0], data.lookup_url);
}

INSTANTIATE_TEST_SUITE_P(PaperWidths, EscposOnPaper, ::testing::Values(kDots80mm, kDots58mm));

TEST(Escpos, WithoutCutTheStreamEndsWithTheFeed) {
    Bitmap image(16, 3);
    image.set(0, 0);
    std::vector<uint8_t> bytes = encode_escpos(image, false);
    bands_of(bytes, false);
    DecodedEscpos back = decode_escpos(bytes);
    ASSERT_TRUE(back.image) << back.error;
    EXPECT_EQ(back.cuts, 0);
}

TEST(Escpos, LeftmostDotIsTheMostSignificantBitAndBlackIsOne) {
    Bitmap image(10, 1);  // not a multiple of 8: padded to 2 bytes with white
    image.set(0, 0);
    image.set(9, 0);
    std::vector<uint8_t> bytes = encode_escpos(image, false);
    std::vector<uint8_t> want = {0x1B, '@', 0x1D, 'v', '0', 0, 2, 0, 1, 0, 0x80, 0x40};
    ASSERT_GE(bytes.size(), want.size());
    EXPECT_EQ(std::vector<uint8_t>(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(want.size())), want);
    DecodedEscpos back = decode_escpos(bytes);
    ASSERT_TRUE(back.image);
    EXPECT_EQ(back.image->width(), 16);
    EXPECT_EQ(back.image->at(0, 0), 1);
    EXPECT_EQ(back.image->at(9, 0), 1);
    EXPECT_EQ(back.image->count_black({0, 0, 16, 1}), 2);
}

TEST(Escpos, FeedBetweenTwoImagesBecomesWhitePaper) {
    std::vector<uint8_t> a = encode_escpos(Bitmap(8, 5), false);
    std::vector<uint8_t> b = encode_escpos(Bitmap(8, 7), true);
    a.insert(a.end(), b.begin(), b.end());
    DecodedEscpos back = decode_escpos(a);
    ASSERT_TRUE(back.image) << back.error;
    EXPECT_EQ(back.image->height(), 5 + kFeedLinesBeforeCut * 30 + 7);
    EXPECT_EQ(back.feed_lines, kFeedLinesBeforeCut) << "the first, uncut, is fed to be torn; the second is cut";
}

TEST(Escpos, DecoderRejectsGarbage) {
    DecodedEscpos d = decode_escpos({'H', 'e', 'l', 'l', 'o'});
    EXPECT_FALSE(d.image);
    EXPECT_NE(d.error.find("at byte 0"), std::string::npos) << d.error;
    EXPECT_FALSE(decode_escpos({}).image) << "no raster";
    EXPECT_FALSE(decode_escpos({0x1B, '@', 0x1B, 't', 3}).image) << "code page selection is not ours";
    EXPECT_FALSE(decode_escpos({0x1B, '@', 0x1D, 'v', '0', 0, 0, 0, 0, 0}).image) << "empty raster";
    EXPECT_FALSE(decode_escpos({0x1B, '@', 0x1D, 'v', '0', 3, 1, 0, 1, 0, 0xFF}).image) << "double-size raster";
    EXPECT_FALSE(decode_escpos({0x1D, 'V', 7}).image) << "unknown cut mode";
}

TEST(Escpos, DecoderRejectsATruncatedRaster) {
    Bitmap image(576, 300);
    image.fill({10, 10, 100, 100});
    std::vector<uint8_t> bytes = encode_escpos(image, true);
    std::vector<uint8_t> cut_short(bytes.begin(), bytes.begin() + 2 + 8 + 72 * 100);
    DecodedEscpos d = decode_escpos(cut_short);
    EXPECT_FALSE(d.image);
    EXPECT_NE(d.error.find("truncated GS v 0 data"), std::string::npos) << d.error;
    std::vector<uint8_t> header_only(bytes.begin(), bytes.begin() + 2 + 5);
    EXPECT_NE(decode_escpos(header_only).error.find("truncated GS v 0 header"), std::string::npos);
}

TEST(Escpos, DecoderSurvivesRandomBytes) {
    std::mt19937 rng(20261202);
    std::vector<uint8_t> prefix = {0x1B, '@', 0x1D, 'v', '0', 0};
    for (int round = 0; round < 2000; ++round) {
        std::vector<uint8_t> bytes = round % 2 ? prefix : std::vector<uint8_t>{};
        size_t n = rng() % 64;
        for (size_t i = 0; i < n; ++i) bytes.push_back(static_cast<uint8_t>(rng()));
        DecodedEscpos d = decode_escpos(bytes);
        EXPECT_TRUE(d.image.has_value() != !d.error.empty());
    }
}

}  // namespace
}  // namespace wk::print
