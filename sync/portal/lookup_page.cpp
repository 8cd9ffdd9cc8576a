// Lookup page rendering: a fixed template filled with escaped text.
#include "lookup_page.hpp"

#include <ctime>

#include "sync/receipt_code.hpp"
#include "sync/report.hpp"

namespace wk::portal {

std::string html_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

const char* status_vi(std::string_view s) { return status_words_vi(s); }

std::string vn_datetime(UnixMs t) { return vietnam_time(t); }

static const char* const kHead =
    "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    "<meta name=\"robots\" content=\"noindex\"><title>";
static const char* const kStyle =
    "</title><style>"
    "body{font-family:'Noto Sans',system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1b1f24;line-height:1.5}"
    "main{max-width:36em;margin:0 auto;padding:1em}"
    "h1{font-size:1.3em;margin:.5em 0}"
    ".code{font-family:monospace;font-size:1.2em;letter-spacing:.05em}"
    ".status{font-size:1.4em;font-weight:bold;padding:.6em .8em;border-radius:.4em;background:#fff3cd}"
    ".final{background:#d1e7dd}"
    "dl{background:#fff;border-radius:.4em;padding:.8em}dt{font-weight:bold;margin-top:.6em}dd{margin:0}"
    ".notes{white-space:pre-wrap}footer{font-size:.9em;color:#555}"
    "h2{font-size:1.1em}.photos img{max-width:100%;height:auto;border-radius:.4em;margin:.3em 0;display:block}"
    "</style></head><body><main>";
static const char* const kFoot =
    "<footer>Thông tin này chỉ gồm tình trạng xử lý; thông tin cá nhân của người phản ánh không được hiển thị."
    "</footer></main></body></html>\n";

static void row(std::string& out, const char* label, const std::string& value, const char* cls = nullptr) {
    out += "<dt>";
    out += label;
    out += cls ? std::string("</dt><dd class=\"") + cls + "\">" : std::string("</dt><dd>");
    out += html_escape(value);
    out += "</dd>";
}

static std::string date_text(const std::string& iso, const char* when_missing) {
    auto t = open311::parse_iso8601(iso);
    return t ? vn_datetime(*t) + " (giờ Việt Nam)" : when_missing;
}

std::string lookup_page(std::string_view code, const open311::ServiceRequest& r, const std::vector<std::string>& photos) {
    std::string shown = receipt::grouped(code);
    std::string out = kHead;
    out += "Phản ánh " + html_escape(shown) + kStyle;
    out += "<h1>Phản ánh số <span class=\"code\">" + html_escape(shown) + "</span></h1>";
    out += std::string("<p class=\"status") + (final_status(r.status) ? " final" : "") + "\">";
    out += html_escape(status_vi(r.status)) + "</p><dl>";
    row(out, "Mã hồ sơ", r.service_request_id);
    row(out, "Lĩnh vực", r.service_name.empty() ? r.service_code : r.service_name);
    row(out, "Cơ quan xử lý", r.agency_responsible.empty() ? "Chưa phân công" : r.agency_responsible);
    row(out, "Trả lời của cơ quan", r.status_notes.empty() ? "Chưa có" : r.status_notes, "notes");
    row(out, "Ngày gửi", date_text(r.requested_datetime, "Không rõ"));
    row(out, "Cập nhật lần cuối", date_text(r.updated_datetime, "Chưa có"));
    row(out, "Dự kiến hoàn thành", date_text(r.expected_datetime, "Chưa có"));
    out += "</dl>";
    if (!photos.empty()) {
        out += "<h2>Ảnh hiện trường</h2><div class=\"photos\">";
        for (const std::string& p : photos)
            out += "<img src=\"" + html_escape(p) + "\" alt=\"Ảnh hiện trường\" loading=\"lazy\">";
        out += "</div>";
    }
    out += kFoot;
    return out;
}

std::string not_found_page(std::string_view code) {
    std::string shown;  // only what a receipt code can hold, so the echo is never odd text
    for (char c : code.substr(0, 20))
        if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-') shown += c;
    std::string out = kHead;
    out += std::string("Không tìm thấy phản ánh") + kStyle;
    out += "<h1>Không tìm thấy phản ánh</h1>";
    out += "<p>Mã biên nhận <span class=\"code\">" + html_escape(shown) + "</span> chưa có trên cổng thông tin.</p>";
    out += "<p>Vui lòng kiểm tra lại mã in trên biên nhận (9 ký tự). Phản ánh vừa gửi tại kiosk có thể cần "
           "vài phút để được chuyển lên cổng; xin thử lại sau.</p>";
    out += kFoot;
    return out;
}

std::string contested_page(std::string_view code) {
    std::string shown = html_escape(receipt::grouped(code));
    std::string out = kHead;
    out += "Mã biên nhận " + shown + kStyle;
    out += "<h1>Mã biên nhận <span class=\"code\">" + shown + "</span> trùng với một phản ánh khác</h1>";
    out += "<p>Mã biên nhận này đang được dùng cho hai phản ánh khác nhau, nên trang này không hiển thị nội dung "
           "của phản ánh nào. Vui lòng mang biên nhận đến hỏi cán bộ tiếp nhận tại phường: cán bộ tìm được từng "
           "phản ánh và cho bạn biết tình trạng xử lý.</p>";
    out += "<p lang=\"en\">This receipt code is shared by two reports, so this page shows neither. Please bring "
           "your receipt to the ward officer, who can find each report and tell you how yours stands.</p>";
    out += kFoot;
    return out;
}

}  // namespace wk::portal
