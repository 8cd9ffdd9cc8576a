// The paper receipt a citizen takes home: ReceiptData (plain, already-translated
// text the kiosk passes in) laid out top to bottom on a printer-wide 1-bit bitmap.
// Holds no UI strings of its own; the caller fills every label (gettext in the kiosk).
#pragma once
#include <string>

#include "print/bitmap.hpp"
#include "print/text.hpp"

namespace wk::print {

constexpr int kDots58mm = 384;            // printable dots of 58 mm paper at 203 dpi
constexpr int kDots80mm = 576;            // printable dots of 80 mm paper at 203 dpi
constexpr int kQrMinDots = 200;           // 25 mm at 8 dots/mm: scannable from a worn receipt
constexpr int kQrQuietModules = 4;        // white border the QR standard asks for
constexpr size_t kDescriptionChars = 120; // how much of the description is printed

struct ReceiptData {
    std::string ward;               // "Phường Ba Đình": bold header line
    std::string province;           // "Thành phố Hà Nội"
    std::string title;              // "PHIẾU TIẾP NHẬN PHẢN ÁNH"
    std::string code_label;         // "Mã tra cứu", small above the code; may be empty
    std::string code;               // 9 symbols without hyphens; printed very large as ABC-DEF-GHJ
    std::string created_label;      // "Thời gian"
    std::string created;            // "02/12/2026 14:05"
    std::string category_label;     // "Lĩnh vực"
    std::string category;           // "Đường sá"
    std::string case_label;         // "Số hồ sơ" (reprints after the portal acknowledged)
    std::string case_number;        // "HN-2026-000001"; empty leaves the line out
    std::string expected_label;     // "Hẹn trả lời"
    std::string expected_date;      // "10/12/2026"; empty leaves the line out
    std::string description_label;  // "Nội dung"
    std::string description;        // the citizen's text; only its start is printed
    std::string what_next;          // what happens now, with the expected answer time
    std::string lookup_url;         // the QR's content: <public_url>/lookup/<CODE>
    std::string qr_caption;         // "Quét mã để tra cứu", under the QR; may be empty;
                                    // the lookup URL follows it, readable (without https://)
    std::string any_kiosk;          // "Hoặc nhập mã này tại ki-ốt của bất kỳ phường nào"; may be empty
    std::string hotline_label;      // "Đường dây nóng"
    std::string hotline;            // "1022"
};

struct RenderedReceipt {
    Bitmap image;       // width_dots wide, white margins included
    Rect qr;            // the QR symbol without its quiet zone, in dots
    int qr_module = 0;  // dots per QR module
    Rect code;          // the rows the big code occupies
    std::string error;  // empty when all was drawn; else what is missing (fonts, QR too big)
};

// Lays the receipt out for paper `width_dots` wide (kDots58mm or kDots80mm; any
// width >= 256 works). Never throws; a missing font or an unfittable QR is reported in
// `error` with whatever could be drawn.
RenderedReceipt render_receipt(const TextRenderer& fonts, const ReceiptData& data, int width_dots);
// The same with Noto Sans read once per process (on the first call).
RenderedReceipt render_receipt(const ReceiptData& data, int width_dots);
// Code points of the receipt's text that the fonts have no glyph for (empty = all printable).
std::u32string missing_glyphs(const TextRenderer& fonts, const ReceiptData& data);

}  // namespace wk::print
