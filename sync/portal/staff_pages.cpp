// Staff page rendering: fixed templates filled with escaped text.
// [SECTION] frame  [SECTION] login  [SECTION] case list  [SECTION] one case  [SECTION] audit
// [SECTION] kiosks and receipt collisions
#include "staff_pages.hpp"

#include <algorithm>

#include "lookup_page.hpp"
#include "sync/receipt_code.hpp"

namespace wk::portal {

const std::vector<std::string>& staff_statuses() {
    static const std::vector<std::string> kStatuses = {"open",
                                                       "investigating",
                                                       "in_progress",
                                                       "action_scheduled",
                                                       "fixed",
                                                       "closed",
                                                       "duplicate",
                                                       "not_councils_responsibility",
                                                       "no_further_action",
                                                       "internal_referral"};
    return kStatuses;
}

// [SECTION] frame
static std::string esc(std::string_view s) {
    return html_escape(s);
}

static std::string when(UnixMs t) {
    return t ? esc(vn_datetime(t)) : std::string("—");
}

static std::string when_iso(const std::string& iso) {
    auto t = open311::parse_iso8601(iso);
    return t ? when(*t) : std::string("Chưa có");
}

static std::string head(std::string_view title) {
    return "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
           "<meta name=\"robots\" content=\"noindex\"><title>" +
           esc(title) +
           " – Cổng phản ánh</title><style>"
           "body{font-family:'Noto Sans',system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1b1f24}"
           "header{background:#123;color:#fff;padding:.5em 1em;display:flex;gap:1em;align-items:center}"
           "header a{color:#fff}main{padding:1em;max-width:80em;margin:0 auto}"
           "table{border-collapse:collapse;width:100%;background:#fff}td,th{border:1px solid "
           "#ccd;padding:.3em}"
           "form.inline{display:inline}.box{background:#fff;padding:.8em;margin:.6em 0;border-radius:.4em}"
           ".notes{white-space:pre-wrap}.late{color:#a00;font-weight:bold}td.n{text-align:right}.counts "
           "span{margin-right:1em}.notice{background:#fff3cd;padding:.5em}"
           "</style></head><body>";
}

static std::string hidden_csrf(std::string_view csrf) {
    return "<input type=\"hidden\" name=\"csrf\" value=\"" + esc(csrf) + "\">";
}

static std::string top(const StaffFrame& f, std::string_view title) {
    std::string out = head(title) + "<header><strong>Cổng phản ánh – Cán bộ</strong>";
    out += "<a href=\"/staff/\">Danh sách phản ánh</a><a href=\"/staff/audit\">Nhật ký thao tác</a>"
           "<a href=\"/staff/kiosks\">Máy kiosk</a><a href=\"/staff/stats\">Thống kê</a>";
    out += "<span>" + esc(f.display_name) + (f.agency.empty() ? "" : " (" + esc(f.agency) + ")") + "</span>";
    out += "<form class=\"inline\" method=\"post\" action=\"/staff/logout\">" + hidden_csrf(f.csrf) +
           "<button type=\"submit\">Đăng xuất</button></form></header><main>";
    out += "<h1>" + esc(title) + "</h1>";
    return out;
}

static const char* const kBottom = "</main></body></html>\n";

static std::string option(std::string_view value, std::string_view label, bool selected) {
    return "<option value=\"" + esc(value) + "\"" + (selected ? " selected" : "") + ">" + esc(label) +
           "</option>";
}

std::string staff_message_page(std::string_view title, std::string_view text) {
    return head(title) + "<main><h1>" + esc(title) + "</h1><p>" + esc(text) +
           "</p><p><a href=\"/staff/\">Về danh sách phản ánh</a></p>" + kBottom;
}

// [SECTION] login
std::string staff_login_page(std::string_view message, std::string_view login_csrf) {
    std::string out = head("Đăng nhập") + "<main><h1>Đăng nhập dành cho cán bộ</h1>";
    if (!message.empty()) out += "<p class=\"notice\">" + esc(message) + "</p>";
    out += "<form class=\"box\" method=\"post\" action=\"/staff/login\">" + hidden_csrf(login_csrf);
    out +=
        "<p><label>Tên đăng nhập<br><input name=\"username\" autocomplete=\"username\" required></label></p>";
    out +=
        "<p><label>Mật khẩu<br><input name=\"password\" type=\"password\" autocomplete=\"current-password\""
        " required></label></p><p><button type=\"submit\">Đăng nhập</button></p></form>";
    return out + kBottom;
}

// [SECTION] case list
static std::string filter_form(const ListView& v) {
    std::string out = "<form class=\"box\" method=\"get\" action=\"/staff/\">";
    out += "<label>Tình trạng <select name=\"status\">" + option("", "Tất cả", v.filter.status.empty());
    for (const std::string& s : staff_statuses())
        out += option(s, status_vi(s), v.filter.status == s);
    out += "</select></label> <label>Lĩnh vực <select name=\"service\">" +
           option("", "Tất cả", v.filter.service_code.empty());
    for (const auto& s : v.services)
        out += option(s.service_code, s.service_name, v.filter.service_code == s.service_code);
    out += "</select></label> <label>Phường/xã <input name=\"ward\" value=\"" + esc(v.filter.ward) +
           "\"></label> ";
    if (!v.agency_fixed) {
        out += "<label>Cơ quan <select name=\"agency\">" + option("", "Tất cả", v.filter.agency.empty());
        for (const auto& a : v.agencies)
            out += option(a, a, v.filter.agency == a);
        out += "</select></label> ";
    }
    return out + "<button type=\"submit\">Lọc</button></form>";
}

static std::string page_link(const CaseFilter& f, int page, const char* label) {
    std::string q = "?status=" + open311::url_encode(f.status) +
                    "&service=" + open311::url_encode(f.service_code) +
                    "&ward=" + open311::url_encode(f.ward) + "&agency=" + open311::url_encode(f.agency) +
                    "&page=" + std::to_string(page);
    return "<a href=\"/staff/" + esc(q) + "\">" + label + "</a> ";
}

// "Quá hạn" after the status of a case still open past its due time.
static std::string late_flag(std::string_view status, UnixMs requested, std::optional<UnixMs> expected, UnixMs now) {
    if (!overdue(status, requested, expected, now)) return {};
    return " <span class=\"late\" data-overdue=\"1\">Quá hạn" +
           std::string(expected ? " (dự kiến " + when(*expected) + ")" : " (quá 10 ngày chưa xong)") + "</span>";
}

static std::string case_table(const std::vector<CaseRow>& rows, UnixMs now) {
    std::string out = "<table><tr><th>Mã hồ sơ</th><th>Ngày gửi</th><th>Lĩnh vực</th><th>Địa chỉ</th>"
                      "<th>Tình trạng</th><th>Cơ quan xử lý</th><th>Cập nhật</th></tr>";
    for (const CaseRow& r : rows) {
        out += "<tr><td><a href=\"/staff/requests/" + esc(open311::url_encode(r.service_request_id)) + "\">" +
               esc(r.service_request_id) + "</a></td><td>" + when(r.requested) + "</td><td>" +
               esc(r.service_name.empty() ? r.service_code : r.service_name) + "</td><td>" + esc(r.address) +
               "</td><td>" + esc(status_vi(r.status)) + late_flag(r.status, r.requested, r.expected, now) + "</td><td>" +
               esc(r.agency.empty() ? "Chưa phân công" : r.agency) + "</td><td>" + when(r.updated) +
               "</td></tr>";
    }
    if (rows.empty()) out += "<tr><td colspan=\"7\">Không có phản ánh nào.</td></tr>";
    return out + "</table>";
}

std::string staff_list_page(const ListView& v) {
    std::string out = top(v.frame, "Danh sách phản ánh");
    out += "<p class=\"counts\">";
    int64_t total = 0;
    for (const auto& [status, n] : v.page.status_counts) {
        out += "<span data-status=\"" + esc(status) + "\">" + esc(status_vi(status)) + ": <b>" +
               std::to_string(n) + "</b></span>";
        total += n;
    }
    out += "<span>Tổng: <b>" + std::to_string(total) + "</b></span></p>";
    out += "<p class=\"counts\" id=\"ratings\">Đánh giá của người dân: <span>Hài lòng: <b>" +
           std::to_string(v.ratings.satisfied) + "</b></span><span>Chưa hài lòng: <b>" +
           std::to_string(v.ratings.not_satisfied) + "</b></span></p>";
    out += filter_form(v) + case_table(v.page.rows, v.now) + "<p>";
    if (v.filter.page > 0) out += page_link(v.filter, v.filter.page - 1, "« Trang trước");
    if (v.page.has_next) out += page_link(v.filter, v.filter.page + 1, "Trang sau »");
    return out + "</p>" + kBottom;
}

// [SECTION] one case
static void row(std::string& out, const char* label, const std::string& escaped) {
    out += "<tr><th>" + std::string(label) + "</th><td>" + escaped + "</td></tr>";
}

static std::string case_facts(const CaseView& v) {
    const auto& r = v.request;
    std::string out = "<table class=\"box\">";
    row(out, "Lĩnh vực", esc(r.service_name.empty() ? r.service_code : r.service_name));
    row(out, "Nội dung", "<div class=\"notes\">" + esc(r.description) + "</div>");
    row(out, "Địa chỉ", esc(r.address));
    row(out, "Tình trạng", esc(status_vi(r.status)) + " (" + esc(r.status) + ")");
    row(out, "Cơ quan xử lý", esc(r.agency_responsible.empty() ? "Chưa phân công" : r.agency_responsible));
    row(out, "Trả lời người phản ánh", "<div class=\"notes\">" + esc(r.status_notes) + "</div>");
    row(out, "Ngày gửi", when_iso(r.requested_datetime));
    row(out, "Cập nhật lần cuối", when_iso(r.updated_datetime));
    auto requested = open311::parse_iso8601(r.requested_datetime);
    auto expected = open311::parse_iso8601(r.expected_datetime);
    row(out, "Dự kiến hoàn thành",
        when_iso(r.expected_datetime) + (requested ? late_flag(r.status, *requested, expected, v.now) : ""));
    if (v.contact) {
        const Contact& c = *v.contact;
        row(out, "Người phản ánh", esc(c.last_name + (c.last_name.empty() ? "" : " ") + c.first_name));
        row(out, "Điện thoại", esc(c.phone));
        row(out, "Thư điện tử", esc(c.email));
    } else {
        row(out, "Người phản ánh", "Không để lại thông tin liên hệ");
    }
    if (v.rating) {
        bool good = v.rating->rating == "satisfied";
        row(out, "Đánh giá của người dân",
            std::string("<b data-rating=\"") + (good ? "satisfied\">Hài lòng" : "not_satisfied\">Chưa hài lòng") +
                "</b> (" + when(v.rating->at) + ")<div class=\"notes\">" + esc(v.rating->comment) + "</div>");
    } else {
        row(out, "Đánh giá của người dân", "Chưa có");
    }
    return out + "</table>";
}

static std::string action_form(const CaseView& v, const char* action, const char* title,
                               const std::string& fields) {
    return "<form class=\"box\" method=\"post\" action=\"/staff/requests/" +
           esc(open311::url_encode(v.request.service_request_id)) + "/" + action + "\"><h3>" + title +
           "</h3>" + hidden_csrf(v.frame.csrf) + fields + " <button type=\"submit\">Lưu</button></form>";
}

static std::string case_forms(const CaseView& v) {
    const auto& r = v.request;
    std::string agency = "<select name=\"agency\">";
    for (const auto& a : v.agencies)
        agency += option(a, a, r.agency_responsible == a);
    std::string status = "<select name=\"status\">";
    for (const auto& s : staff_statuses())
        status += option(s, status_vi(s), r.status == s);
    std::string expected =
        r.expected_datetime.empty() ? "" : vn_datetime(*open311::parse_iso8601(r.expected_datetime));
    std::string date = expected.size() >= 10
                           ? expected.substr(6, 4) + "-" + expected.substr(3, 2) + "-" + expected.substr(0, 2)
                           : "";
    std::string out = action_form(v, "forward", "Chuyển cơ quan xử lý", agency + "</select>");
    out += action_form(v, "status", "Cập nhật tình trạng", status + "</select>");
    out += action_form(v, "answer", "Trả lời người phản ánh",
                       "<textarea name=\"answer\" rows=\"5\" cols=\"70\">" + esc(r.status_notes) +
                           "</textarea>");
    out += action_form(v, "expected", "Ngày dự kiến hoàn thành",
                       "<input type=\"date\" name=\"expected\" value=\"" + esc(date) + "\">");
    return out;
}

static std::string history_table(const std::vector<HistoryEntry>& h) {
    std::string out = "<h2>Quá trình xử lý</h2><table><tr><th>Thời gian</th><th>Tình trạng</th>"
                      "<th>Cơ quan</th><th>Trả lời</th></tr>";
    for (const HistoryEntry& e : h)
        out += "<tr><td>" + when(e.at) + "</td><td>" + esc(status_vi(e.status)) + "</td><td>" +
               esc(e.agency) + "</td><td class=\"notes\">" + esc(e.description) + "</td></tr>";
    if (h.empty()) out += "<tr><td colspan=\"4\">Chưa có cập nhật.</td></tr>";
    return out + "</table>";
}

static std::string audit_table(const std::vector<AuditEntry>& entries);

// Who sent a refused report: a kiosk's own key, or a key bound to no kiosk.
static std::string sender(int kiosk_id) {
    return kiosk_id ? "kiosk " + std::to_string(kiosk_id) : std::string("một hệ thống khác (khóa API chung)");
}

// Each report refused under this case's receipt code: the officer can tell the two
// apart (the refused one waits on its kiosk) and explain to a citizen who asks.
static std::string collision_box(const std::vector<ReceiptCollision>& collisions) {
    if (collisions.empty()) return {};
    std::string out = "<div class=\"box notice\" id=\"collisions\"><h2>Mã biên nhận bị trùng</h2>";
    for (const ReceiptCollision& c : collisions) {
        out += "<p>Mã biên nhận <b>" + esc(receipt::grouped(c.code)) + "</b> của phản ánh này cũng được " +
               esc(sender(c.kiosk_id)) + " gửi kèm một phản ánh khác, chưa được tiếp nhận (lần đầu " +
               when(c.first_seen) + ", " + std::to_string(c.attempts) + " lần gửi). Trang tra cứu công khai của "
               "mã này không hiển thị phản ánh nào.</p><table>";
        row(out, "Lĩnh vực", esc(c.service_code));
        row(out, "Nội dung", "<div class=\"notes\">" + esc(c.description) + "</div>");
        row(out, "Địa chỉ", esc(c.address));
        row(out, "Thiết bị", esc(c.device_id));
        out += "</table>";
    }
    return out + "</div>";
}

// Photos sent with the report: the officer sees each at once and decides whether the
// public may (faces, number plates, homes). Not approved: nobody outside sees it.
static std::string media_box(const CaseView& v) {
    if (v.media.empty()) return {};
    std::string out = "<div class=\"box\" id=\"photos\"><h2>Ảnh kèm phản ánh</h2>";
    for (const MediaInfo& m : v.media) {
        out += "<figure><img src=\"/staff/media/" + esc(m.name) + ".jpg\" alt=\"Ảnh kèm phản ánh\" width=\"" +
               std::to_string(std::min(m.width, 480)) + "\"><figcaption>" + std::to_string(m.width) + " × " +
               std::to_string(m.height) + " điểm ảnh, nhận lúc " + when(m.received_at) + ". ";
        out += m.approved_at ? "Đã công khai lúc " + when(*m.approved_at) + " (" + esc(m.approved_by) + ")."
                             : std::string("Chưa công khai: chỉ cán bộ xem được.");
        out += "</figcaption>";
        if (!m.approved_at)
            out += "<form method=\"post\" action=\"/staff/requests/" +
                   esc(open311::url_encode(v.request.service_request_id)) + "/media/" + esc(m.name) + "/approve\">" +
                   hidden_csrf(v.frame.csrf) +
                   "<button type=\"submit\">Công khai ảnh này (không có mặt người, biển số xe)</button></form>";
        out += "</figure>";
    }
    return out + "</div>";
}

std::string staff_case_page(const CaseView& v) {
    std::string out = top(v.frame, "Phản ánh " + v.request.service_request_id);
    if (!v.notice.empty()) out += "<p class=\"notice\">" + esc(v.notice) + "</p>";
    out += collision_box(v.collisions) + case_facts(v) + media_box(v) + case_forms(v) + history_table(v.history);
    out += "<h2>Nhật ký thao tác</h2>" + audit_table(v.audit);
    return out + kBottom;
}

// [SECTION] statistics
static std::string hours_text(const std::optional<UnixMs>& ms) {
    if (!ms) return "–";
    double h = static_cast<double>(*ms) / 3600000.0;
    char buf[48];
    if (h < 1) std::snprintf(buf, sizeof buf, "%d phút", static_cast<int>(*ms / 60000));
    else if (h < 48) std::snprintf(buf, sizeof buf, "%.1f giờ", h);
    else std::snprintf(buf, sizeof buf, "%.1f ngày", h / 24);
    return buf;
}

static std::string percent(int64_t part, int64_t whole) {
    if (whole == 0) return "–";
    return std::to_string((part * 100 + whole / 2) / whole) + "%";
}

static std::string stat_row(const StatRow& r, const char* tag) {
    return std::string("<tr><") + tag + ">" + esc(r.group) + "</" + tag + "><td class=\"n\">" +
           std::to_string(r.received) + "</td><td class=\"n\">" + std::to_string(r.answered) +
           "</td><td class=\"n\">" + std::to_string(r.on_time) + " (" + percent(r.on_time, r.answered) +
           ")</td><td class=\"n\">" + hours_text(r.median_answer_ms) + "</td></tr>";
}

std::string staff_stats_page(const StatsView& v) {
    std::string year = std::to_string(v.year);
    std::string out = top(v.frame, "Thống kê năm " + year);
    out += "<p class=\"box\">Theo: ";
    for (StatsBy by : {StatsBy::agency, StatsBy::category, StatsBy::ward}) {
        const char* label = by == StatsBy::agency ? "cơ quan" : by == StatsBy::category ? "lĩnh vực" : "phường/xã";
        out += by == v.by ? "<b>" + std::string(label) + "</b> "
                          : "<a href=\"/staff/stats?year=" + year + "&amp;by=" + stats_by_name(by) + "\">" + label +
                                "</a> ";
    }
    out += " · <a href=\"/staff/stats?year=" + std::to_string(v.year - 1) + "&amp;by=" + stats_by_name(v.by) +
           "\">Năm " + std::to_string(v.year - 1) + "</a> · <a href=\"/staff/stats.csv?year=" + year + "&amp;by=" +
           stats_by_name(v.by) + "\" download>Tải về CSV</a></p>";
    const char* first = v.by == StatsBy::agency ? "Cơ quan" : v.by == StatsBy::category ? "Lĩnh vực" : "Phường/xã";
    out += std::string("<table><tr><th>") + first +
           "</th><th>Đã nhận</th><th>Đã trả lời</th><th>Trả lời đúng hạn</th><th>Thời gian trả lời (trung vị)</th></tr>";
    for (const StatRow& r : v.stats.rows) out += stat_row(r, "td");
    if (v.stats.rows.empty()) out += "<tr><td colspan=\"5\">Chưa có phản ánh nào trong năm.</td></tr>";
    out += stat_row(v.stats.total, "th") + "</table>";
    out += "<p>Đã trả lời: cán bộ đã gửi câu trả lời hoặc kết thúc hồ sơ. Đúng hạn: trước ngày dự kiến hoàn thành, "
           "hoặc trong 10 ngày khi chưa đặt ngày dự kiến. Năm tính theo giờ Việt Nam.</p>";
    return out + kBottom;
}

// [SECTION] audit
static const char* action_vi(std::string_view a) {
    if (a == "login") return "Đăng nhập";
    if (a == "login_refused") return "Đăng nhập bị từ chối";
    if (a == "logout") return "Đăng xuất";
    if (a == "forward") return "Chuyển cơ quan";
    if (a == "status") return "Đổi tình trạng";
    if (a == "answer") return "Trả lời";
    if (a == "expected") return "Ngày dự kiến";
    if (a == "receipt_collision") return "Mã biên nhận bị trùng";
    if (a == "approve_media") return "Công khai ảnh";
    return "Khác";
}

static std::string audit_table(const std::vector<AuditEntry>& entries) {
    std::string out = "<table><tr><th>Thời gian</th><th>Cán bộ</th><th>Thao tác</th><th>Hồ sơ</th>"
                      "<th>Trước</th><th>Sau</th></tr>";
    for (const AuditEntry& e : entries)
        out += "<tr><td>" + when(e.at) + "</td><td>" + esc(e.username) + "</td><td>" +
               esc(action_vi(e.action)) + "</td><td>" + esc(e.service_request_id) +
               "</td><td class=\"notes\">" + esc(e.old_value) + "</td><td class=\"notes\">" +
               esc(e.new_value) + "</td></tr>";
    if (entries.empty()) out += "<tr><td colspan=\"6\">Chưa có thao tác nào.</td></tr>";
    return out + "</table>";
}

std::string staff_audit_page(const AuditView& v) {
    std::string out = top(v.frame, "Nhật ký thao tác") + audit_table(v.entries) + "<p>";
    if (v.page > 0)
        out += "<a href=\"/staff/audit?page=" + std::to_string(v.page - 1) + "\">« Trang trước</a> ";
    if (v.has_next) out += "<a href=\"/staff/audit?page=" + std::to_string(v.page + 1) + "\">Trang sau »</a>";
    return out + "</p>" + kBottom;
}

// [SECTION] kiosks
// A kiosk's clock against the portal's, as an officer reads it: on time under a minute
// (the kiosk corrects its times from a minute on), else how slow or fast, in bold.
static std::string clock_words(const std::optional<int64_t>& offset_s) {
    if (!offset_s) return "Chưa rõ";
    int64_t a = *offset_s < 0 ? -*offset_s : *offset_s;
    if (a < 60) return "Đúng giờ";
    std::string by = a >= 2 * 86400 ? std::to_string(a / 86400) + " ngày"
                     : a >= 2 * 3600 ? std::to_string(a / 3600) + " giờ"
                                     : std::to_string(a / 60) + " phút";
    return std::string("<b>") + (*offset_s > 0 ? "Chậm " : "Nhanh ") + by + "</b>";
}

std::string staff_kiosks_page(const KiosksView& v) {
    std::string out = top(v.frame, "Máy kiosk");
    out += "<table><tr><th>Kiosk</th><th>Phiên bản</th><th>Hàng chờ</th><th>Chờ lâu nhất</th>"
           "<th>Đồng bộ gần nhất</th><th>Máy in</th><th>Đồng hồ</th><th>Báo cáo gần nhất</th><th>Tình trạng</th></tr>";
    int silent = 0;
    for (const KioskHealth& k : v.kiosks) {
        bool quiet = v.now - k.received_at > kKioskSilentMs;
        silent += quiet;
        out += std::string("<tr") + (quiet ? " class=\"silent\"" : "") + "><td>" + esc(k.kiosk_id) + "</td><td>" +
               esc(k.version) + "</td><td>" + std::to_string(k.queue_depth) + "</td><td>" +
               std::to_string(k.oldest_pending_s / 60) + " phút</td><td>" + when_iso(k.last_sync) + "</td><td>" +
               esc(k.printer) + "</td><td>" + clock_words(k.clock_offset_s) + "</td><td>" + when(k.received_at) + "</td><td>" +
               (quiet ? "<b>Mất liên lạc hơn 1 giờ</b>" : "Bình thường") + "</td></tr>";
    }
    if (v.kiosks.empty()) out += "<tr><td colspan=\"9\">Chưa có kiosk nào báo cáo.</td></tr>";
    out += "</table><p>Số kiosk mất liên lạc hơn 1 giờ: <b id=\"silent\">" + std::to_string(silent) + "</b></p>";
    out += "<h2>Mã biên nhận bị trùng</h2><table id=\"collisions\"><tr><th>Mã biên nhận</th><th>Phản ánh giữ mã</th>"
           "<th>Phản ánh bị từ chối gửi từ</th><th>Lần đầu</th><th>Lần cuối</th><th>Số lần gửi</th></tr>";
    for (const ReceiptCollision& c : v.collisions)
        out += "<tr><td>" + esc(receipt::grouped(c.code)) + "</td><td><a href=\"/staff/requests/" +
               esc(open311::url_encode(c.service_request_id)) + "\">" + esc(c.service_request_id) + "</a></td><td>" +
               esc(sender(c.kiosk_id)) + "</td><td>" + when(c.first_seen) + "</td><td>" + when(c.last_seen) +
               "</td><td>" + std::to_string(c.attempts) + "</td></tr>";
    if (v.collisions.empty()) out += "<tr><td colspan=\"6\">Không có mã nào bị trùng.</td></tr>";
    return out + "</table>" + kBottom;
}

} // namespace wk::portal
