// Test kit for wk_print: a real QR reader (libzbar, each handle with one owner), PNG
// read-back through stb_image, and a sample Vietnamese receipt. No mocks: the QR is
// found by scanning the pixels a printer would get.
#pragma once
#include <cstdint>
#include <memory>
#include <stb/stb_image.h>
#include <string>
#include <vector>
#include <zbar.h>

#include "print/bitmap.hpp"
#include "print/receipt.hpp"
#include "sync/receipt_code.hpp"

namespace wk::test {

// Every QR code libzbar finds in an 8-bit gray image (0 black, 255 white).
inline std::vector<std::string> scan_qr(const uint8_t* gray, int width, int height) {
    using namespace zbar;  // zbar.h puts its C API in namespace zbar for C++
    std::unique_ptr<zbar_image_scanner_t, decltype(&zbar_image_scanner_destroy)> scanner(
        zbar_image_scanner_create(), &zbar_image_scanner_destroy);
    zbar_image_scanner_set_config(scanner.get(), ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
    zbar_image_scanner_set_config(scanner.get(), ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
    std::unique_ptr<zbar_image_t, decltype(&zbar_image_destroy)> image(zbar_image_create(), &zbar_image_destroy);
    zbar_image_set_format(image.get(), zbar_fourcc('Y', '8', '0', '0'));
    zbar_image_set_size(image.get(), static_cast<unsigned>(width), static_cast<unsigned>(height));
    zbar_image_set_data(image.get(), gray, static_cast<unsigned long>(width) * static_cast<unsigned long>(height),
                        nullptr);  // no cleanup handler: the caller owns the pixels
    std::vector<std::string> found;
    if (zbar_scan_image(scanner.get(), image.get()) <= 0) return found;
    for (const zbar_symbol_t* s = zbar_image_first_symbol(image.get()); s; s = zbar_symbol_next(s))
        found.emplace_back(zbar_symbol_get_data(s), zbar_symbol_get_data_length(s));
    return found;
}

inline std::vector<uint8_t> to_gray(const print::Bitmap& image) {
    std::vector<uint8_t> gray(image.dots().size());
    for (size_t i = 0; i < gray.size(); ++i) gray[i] = image.dots()[i] ? 0 : 255;
    return gray;
}

inline std::vector<std::string> scan_qr(const print::Bitmap& image) {
    std::vector<uint8_t> gray = to_gray(image);
    return scan_qr(gray.data(), image.width(), image.height());
}

// A PNG read back as 8-bit gray; empty pixels when stb_image cannot read it.
struct GrayImage {
    int width = 0, height = 0;
    std::vector<uint8_t> pixels;
};

inline GrayImage load_png_gray(const std::string& path) {
    GrayImage g;
    int channels = 0;
    std::unique_ptr<stbi_uc, decltype(&stbi_image_free)> data(
        stbi_load(path.c_str(), &g.width, &g.height, &channels, 1), &stbi_image_free);
    if (data) g.pixels.assign(data.get(), data.get() + static_cast<size_t>(g.width) * static_cast<size_t>(g.height));
    return g;
}

// Every Vietnamese letter with a tone mark, and the ward's full name.
inline constexpr const char* kVietnameseSample =
    "Phường Điện Biên – Thành phố Hà Nội: ắằẳẵặấầẩẫậếềểễệốồổỗộớờởỡợứừửữựýỳỷỹỵđ";

// A receipt as the kiosk would fill it, with every label in Vietnamese.
inline print::ReceiptData sample_receipt(const std::string& code = receipt::make(17, 42)) {
    print::ReceiptData d;
    d.ward = "Phường Điện Biên";
    d.province = "Thành phố Hà Nội";
    d.title = "PHIẾU TIẾP NHẬN PHẢN ÁNH";
    d.code_label = "Mã tra cứu";
    d.code = code;
    d.created_label = "Thời gian";
    d.created = "02/12/2026 14:05";
    d.category_label = "Lĩnh vực";
    d.category = "Đường sá, vỉa hè, chiếu sáng công cộng";
    d.description_label = "Nội dung";
    d.description = "Đèn đường trước số 12 phố Điện Biên Phủ bị hỏng đã hơn một tuần, buổi tối rất tối, "
                    "người đi bộ và xe máy dễ gặp tai nạn. Đề nghị phường cho thợ đến sửa sớm. "
                    "Ắt hẳn còn nhiều chỗ khác cũng như vậy: ắằẳẵặấầẩẫậếềểễệốồổỗộớờởỡợứừửữựýỳỷỹỵđ";
    d.what_next = "Phường sẽ trả lời trong 5 ngày làm việc, chậm nhất ngày 10/12/2026. "
                  "Quét mã QR hoặc nhập mã tra cứu tại ki-ốt để xem tiến độ.";
    d.lookup_url = "https://phananh.hanoi.gov.vn/lookup/" + code;
    d.qr_caption = "Quét mã để tra cứu";
    d.any_kiosk = "Hoặc nhập mã này tại ki-ốt của bất kỳ phường nào";
    d.hotline_label = "Đường dây nóng";
    d.hotline = "1022";
    return d;
}

// The same receipt reprinted after the portal acknowledged it.
inline print::ReceiptData sample_reprint() {
    print::ReceiptData d = sample_receipt();
    d.case_label = "Số hồ sơ";
    d.case_number = "HN-2026-000001";
    d.expected_label = "Hẹn trả lời";
    d.expected_date = "10/12/2026";
    return d;
}

}  // namespace wk::test
