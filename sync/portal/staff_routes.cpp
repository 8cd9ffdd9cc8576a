// The /staff/ handlers: cookies and CSRF, who may see which case, the kiosks page, the four case
// actions (forward, status, answer, expected date), and the pages they answer with.
// [SECTION] http helpers  [SECTION] StaffSite  [SECTION] login  [SECTION] pages
// [SECTION] case actions  [SECTION] route table
// Logs carry ids and actions only, never names, usernames, phones or answers.
#include "staff_routes.hpp"

#include <sodium.h>

#include <algorithm>
#include <memory>

#include "platform/log.hpp"
#include "portal_form.hpp"
#include "staff_pages.hpp"
#include "sync/report.hpp"

namespace wk::portal {
using httplib::Request;
using httplib::Response;

// [SECTION] http helpers
static const char* const kHtml = "text/html; charset=utf-8";
static const size_t kMaxFormBytes = 64 * 1024;

static void send_page(Response& s, int status, const std::string& html) {
    s.status = status;
    s.set_content(html, kHtml);
}

static void secure_headers(Response& s) {
    s.set_header("Cache-Control", "no-store");
    s.set_header("Content-Security-Policy",
                 "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self';"
                 " frame-ancestors 'none'");
    s.set_header("X-Content-Type-Options", "nosniff");
    s.set_header("X-Frame-Options", "DENY");
    s.set_header("Referrer-Policy", "no-referrer");
}

static std::string cookie(const Request& q, std::string_view name) {
    std::string all = q.get_header_value("Cookie");
    size_t at = 0;
    while (at < all.size()) {
        size_t end = all.find(';', at);
        if (end == std::string::npos) end = all.size();
        std::string_view part(all.data() + at, end - at);
        while (!part.empty() && part.front() == ' ')
            part.remove_prefix(1);
        if (part.size() > name.size() && part.substr(0, name.size()) == name && part[name.size()] == '=')
            return std::string(part.substr(name.size() + 1));
        at = end + 1;
    }
    return {};
}

static bool same_secret(std::string_view a, std::string_view b) {
    return !a.empty() && a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

static std::string random_hex(size_t bytes) {
    std::vector<unsigned char> raw(bytes);
    randombytes_buf(raw.data(), raw.size());
    std::string out(bytes * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), raw.data(), raw.size());
    out.resize(bytes * 2);
    return out;
}

static void redirect(Response& s, const std::string& to) {
    s.set_redirect(to, 303);
}

// "YYYY-MM-DD" as the end of that working day (17:00) in Vietnam; nullopt when malformed.
static std::optional<UnixMs> parse_day(const std::string& d) {
    if (d.size() != 10 || d[4] != '-' || d[7] != '-') return std::nullopt;
    for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (d[i] < '0' || d[i] > '9') return std::nullopt;
    if (d < "2000-01-01" || d > "2100-12-31") return std::nullopt;
    return open311::parse_iso8601(d + "T17:00:00+07:00");
}

static std::string day_text(UnixMs t) {
    return vietnam_time(t).substr(0, 10);
}

static std::string normalized(std::string s) {
    std::string out;
    for (char c : s)
        if (c != '\r') out += c;
    size_t b = out.find_first_not_of(" \t\n"), e = out.find_last_not_of(" \t\n");
    return b == std::string::npos ? std::string() : out.substr(b, e - b + 1);
}

// [SECTION] StaffSite: the state every handler shares.
class StaffSite {
  public:
    StaffSite(PortalStore& store, StaffStore& staff, const PortalOptions& o)
        : m_store(store), m_staff(staff), m_clock(o.clock), m_secure(o.public_url.rfind("https://", 0) == 0) {
    }

    void get_login(const Request& q, Response& s);
    void post_login(const Request& q, Response& s, const Form& f);
    void post_logout(const Request& q, Response& s, const Form& f);
    void get_list(const Request& q, Response& s);
    void get_case(const Request& q, Response& s);
    void get_audit(const Request& q, Response& s);
    void get_kiosks(const Request& q, Response& s);
    void post_action(const Request& q, Response& s, const Form& f);
    void get_media(const Request& q, Response& s);
    void get_stats(const Request& q, Response& s);
    void post_approve_media(const Request& q, Response& s, const Form& f);
    UnixMs now() const { return m_clock(); }

  private:
    std::optional<StaffSession> require(const Request& q, Response& s);
    std::optional<StaffSession> require_post(const Request& q, Response& s, const Form& f);
    std::optional<open311::ServiceRequest> visible(const StaffSession& who, const std::string& id);
    std::string cookie_attrs(const char* path) const {
        return std::string("; HttpOnly; SameSite=Strict; Path=") + path + (m_secure ? "; Secure" : "");
    }
    void show_case(Response& s, const StaffSession& who, const open311::ServiceRequest& r, int status,
                   const std::string& notice);
    std::optional<std::string> fill_update(const std::string& action, const Form& f,
                                           const open311::ServiceRequest& r, NewUpdate& u, AuditEntry& a);

    PortalStore& m_store;
    StaffStore& m_staff;
    std::function<UnixMs()> m_clock;
    bool m_secure;
};

static StaffFrame frame_of(const StaffSession& who) {
    return {who.user.display_name, who.user.agency, who.csrf};
}

std::optional<StaffSession> StaffSite::require(const Request& q, Response& s) {
    auto who = m_staff.session(cookie(q, "wk_staff"), now());
    if (!who) redirect(s, "/staff/login");
    return who;
}

// A POST needs a live session and that session's CSRF token in the form.
std::optional<StaffSession> StaffSite::require_post(const Request& q, Response& s, const Form& f) {
    auto who = require(q, s);
    if (!who) return std::nullopt;
    if (same_secret(field(f, "csrf"), who->csrf)) return who;
    send_page(s, 403,
              staff_message_page("Yêu cầu bị từ chối", "Biểu mẫu đã hết hạn; vui lòng tải lại trang."));
    return std::nullopt;
}

// The case when `who` may see it: dispatchers see all, an agency's officer its own.
std::optional<open311::ServiceRequest> StaffSite::visible(const StaffSession& who, const std::string& id) {
    auto r = m_store.request(id);
    if (r && !who.user.agency.empty() && r->agency_responsible != who.user.agency) return std::nullopt;
    return r;
}

// [SECTION] login
void StaffSite::get_login(const Request& q, Response& s) {
    if (m_staff.session(cookie(q, "wk_staff"), now())) return redirect(s, "/staff/");
    std::string token = random_hex(16); // double-submit token against login CSRF
    s.set_header("Set-Cookie", "wk_login=" + token + cookie_attrs("/staff/login"));
    send_page(s, 200, staff_login_page("", token));
}

// What a refused login is told: how long to wait, in minutes or seconds.
static std::string throttled_message(const LoginResult& r) {
    if (r.throttle == Throttle::busy)
        return "Đang kiểm tra các lần đăng nhập khác. Vui lòng thử lại sau vài giây.";
    int64_t s = (r.retry_after_ms + 999) / 1000;
    std::string wait = s >= 60 ? std::to_string((s + 59) / 60) + " phút" : std::to_string(s) + " giây";
    return "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau " + wait + ".";
}

void StaffSite::post_login(const Request& q, Response& s, const Form& f) {
    std::string fresh = random_hex(16);
    s.set_header("Set-Cookie", "wk_login=" + fresh + cookie_attrs("/staff/login"));
    if (!same_secret(field(f, "csrf"), cookie(q, "wk_login")))
        return send_page(s, 403, staff_login_page("Phiên đăng nhập đã hết hạn, vui lòng thử lại.", fresh));
    std::string user = field(f, "username");
    LoginResult r = m_staff.login(user, field(f, "password"), q.remote_addr, now());
    std::string who = r.known_user ? user : std::string("(không rõ)");
    if (r.outcome == LoginOutcome::throttled) {
        m_staff.audit({now(), who, "login_refused", "", "",
                       std::string("throttled: ") + throttle_name(r.throttle) + ", from " + q.remote_addr, ""});
        s.set_header("Retry-After", std::to_string((r.retry_after_ms + 999) / 1000));
        return send_page(s, 429, staff_login_page(throttled_message(r), fresh));
    }
    if (r.outcome == LoginOutcome::wrong) {
        m_staff.audit({now(), who, "login_refused", "", "", "wrong, from " + q.remote_addr, ""});
        return send_page(s, 401, staff_login_page("Tên đăng nhập hoặc mật khẩu không đúng.", fresh));
    }
    m_staff.audit({now(), user, "login", "", "", "", ""});
    s.headers.erase("Set-Cookie");
    s.set_header("Set-Cookie", "wk_staff=" + r.token + cookie_attrs("/staff"));
    s.set_header("Set-Cookie", "wk_login=; Max-Age=0" + cookie_attrs("/staff/login"));
    redirect(s, "/staff/");
}

void StaffSite::post_logout(const Request& q, Response& s, const Form& f) {
    auto who = require_post(q, s, f);
    if (!who) return;
    m_staff.logout(cookie(q, "wk_staff"));
    m_staff.audit({now(), who->user.username, "logout", "", "", "", ""});
    s.set_header("Set-Cookie", "wk_staff=; Max-Age=0" + cookie_attrs("/staff"));
    redirect(s, "/staff/login");
}

// [SECTION] pages
static int page_param(const Request& q) {
    std::string p = q.get_param_value("page");
    if (p.empty() || p.size() > 6 || p.find_first_not_of("0123456789") != std::string::npos) return 0;
    return std::stoi(p);
}

void StaffSite::get_list(const Request& q, Response& s) {
    auto who = require(q, s);
    if (!who) return;
    ListView v{frame_of(*who), {}, {}, m_store.services(), m_staff.agencies(), !who->user.agency.empty()};
    v.filter = {q.get_param_value("status"), q.get_param_value("service"),
                normalized(q.get_param_value("ward")), q.get_param_value("agency"), page_param(q)};
    if (v.agency_fixed) v.filter.agency = who->user.agency;
    v.now = now();
    v.page = m_staff.cases(v.filter);
    v.ratings = m_store.rating_counts();
    send_page(s, 200, staff_list_page(v));
}

void StaffSite::show_case(Response& s, const StaffSession& who, const open311::ServiceRequest& r, int status,
                          const std::string& notice) {
    CaseView v{frame_of(who),
               r,
               m_staff.contact(r.service_request_id),
               m_staff.history(r.service_request_id),
               m_staff.audit_log(r.service_request_id, 200, 0),
               m_staff.agencies(),
               notice,
               m_store.rating(r.service_request_id),
               m_store.collisions(r.service_request_id),
               m_store.media(r.service_request_id),
               now()};
    send_page(s, status, staff_case_page(v));
}

void StaffSite::get_case(const Request& q, Response& s) {
    auto who = require(q, s);
    if (!who) return;
    auto r = visible(*who, q.matches[1].str());
    if (!r) return send_page(s, 404, staff_message_page("Không tìm thấy", "Không có phản ánh này."));
    show_case(s, *who, *r, 200, q.has_param("saved") ? "Đã lưu." : "");
}

void StaffSite::get_audit(const Request& q, Response& s) {
    auto who = require(q, s);
    if (!who) return;
    if (!who->user.agency.empty())
        return send_page(s, 403,
                         staff_message_page("Không có quyền", "Nhật ký chỉ dành cho cán bộ điều phối."));
    AuditView v{frame_of(*who), {}, page_param(q), false};
    v.entries = m_staff.audit_log("", kStaffPageSize + 1, v.page * kStaffPageSize);
    v.has_next = v.entries.size() > static_cast<size_t>(kStaffPageSize);
    if (v.has_next) v.entries.pop_back();
    send_page(s, 200, staff_audit_page(v));
}

// Every kiosk's health and every contested receipt code, for every officer: a silent
// kiosk or a code given out twice concerns the whole ward.
void StaffSite::get_kiosks(const Request& q, Response& s) {
    auto who = require(q, s);
    if (!who) return;
    send_page(s, 200, staff_kiosks_page({frame_of(*who), m_store.kiosks(), now(), m_store.collisions("")}));
}

// [SECTION] case actions
// Fills `u` (which starts as "keep everything") and the audit's old/new values for
// one action; returns why the form is refused, or nullopt.
std::optional<std::string> StaffSite::fill_update(const std::string& action, const Form& f,
                                                  const open311::ServiceRequest& r, NewUpdate& u,
                                                  AuditEntry& a) {
    if (action == "forward") {
        std::string agency = field(f, "agency");
        if (!m_staff.known_agency(agency)) return "Cơ quan không có trong danh sách.";
        a.old_value = r.agency_responsible, a.new_value = u.agency_responsible = agency;
    } else if (action == "status") {
        std::string st = field(f, "status");
        const auto& all = staff_statuses();
        if (std::find(all.begin(), all.end(), st) == all.end()) return "Tình trạng không hợp lệ.";
        a.old_value = r.status, a.new_value = u.status = st;
    } else if (action == "answer") {
        std::string text = normalized(field(f, "answer"));
        if (text_problem(text, kMaxDescriptionChars, true))
            return "Câu trả lời quá dài hoặc có ký tự không hợp lệ.";
        a.old_value = r.status_notes, a.new_value = u.description = text;
    } else {
        auto day = parse_day(field(f, "expected"));
        if (!day) return "Ngày dự kiến không hợp lệ.";
        auto old = open311::parse_iso8601(r.expected_datetime);
        a.old_value = old ? day_text(*old) : "", a.new_value = day_text(*day);
        u.expected = day;
    }
    return std::nullopt;
}

void StaffSite::post_action(const Request& q, Response& s, const Form& f) {
    auto who = require_post(q, s, f);
    if (!who) return;
    std::string id = q.matches[1].str(), action = q.matches[2].str();
    auto r = visible(*who, id);
    if (!r) return send_page(s, 404, staff_message_page("Không tìm thấy", "Không có phản ánh này."));
    NewUpdate u{id, r->status, r->status_notes, "", std::nullopt, ""};
    AuditEntry a{now(), who->user.username, action, id, "", "", ""};
    if (auto why = fill_update(action, f, *r, u, a)) return show_case(s, *who, *r, 400, *why);
    UpdateResult done = m_store.add_update(u, a.at);
    if (done.outcome != UpdateOutcome::applied)
        return send_page(s, 404, staff_message_page("Không tìm thấy", "Không có phản ánh này."));
    a.update_id = done.update_id;
    m_staff.audit(a);
    log::info("staff " + action + " on " + id + " by officer #" + std::to_string(who->user.id) + ": " +
              done.update_id);
    redirect(s, "/staff/requests/" + open311::url_encode(id) + "?saved=1");
}

// [SECTION] photos: any photo of a case the officer may see, approved or not.
void StaffSite::get_media(const Request& q, Response& s) {
    auto who = require(q, s);
    if (!who) return;
    auto info = m_store.media_info(q.matches[1].str());
    auto jpeg = info && visible(*who, info->service_request_id) ? m_store.media_jpeg(info->name, false) : std::nullopt;
    if (!jpeg) return send_page(s, 404, staff_message_page("Không tìm thấy", "Không có ảnh này."));
    s.set_header("Content-Security-Policy", "default-src 'none'; sandbox");
    s.status = 200;
    s.set_content(std::move(*jpeg), "image/jpeg");
}

// Makes a photo public (media_url, /media/NAME.jpg): the officer has looked at it.
void StaffSite::post_approve_media(const Request& q, Response& s, const Form& f) {
    auto who = require_post(q, s, f);
    if (!who) return;
    std::string id = q.matches[1].str(), name = q.matches[2].str();
    auto r = visible(*who, id);
    if (!r) return send_page(s, 404, staff_message_page("Không tìm thấy", "Không có phản ánh này."));
    UnixMs at = now();
    if (!m_store.approve_media(id, name, who->user.username, at))
        return show_case(s, *who, *r, 400, "Ảnh này không thuộc phản ánh, hoặc đã được công khai.");
    m_staff.audit({at, who->user.username, "approve_media", id, "", name, ""});
    log::info("staff approve_media on " + id + " by officer #" + std::to_string(who->user.id));
    redirect(s, "/staff/requests/" + open311::url_encode(id) + "?saved=1");
}

// [SECTION] statistics: the year (Vietnam's time) per agency, category or ward; an
// agency's officer sees the agency's cases only. /staff/stats.csv is the same table.
void StaffSite::get_stats(const Request& q, Response& s) {
    auto who = require(q, s);
    if (!who) return;
    int this_year = std::stoi(open311::iso8601(now() + 7 * 3600 * 1000LL).substr(0, 4));
    std::string y = q.get_param_value("year");
    int year = y.size() == 4 && y.find_first_not_of("0123456789") == std::string::npos ? std::stoi(y) : this_year;
    if (year < 2000 || year > this_year) year = this_year;
    auto by = stats_by(q.get_param_value("by"));
    StatsView v{frame_of(*who), year, by ? *by : StatsBy::agency, {}};
    auto start = [](int y) { return *open311::parse_iso8601(std::to_string(y) + "-01-01T00:00:00+07:00"); };
    v.stats = tally(m_staff.case_facts(start(year), start(year + 1), who->user.agency), v.by);
    if (q.path == "/staff/stats.csv") {
        s.set_header("Content-Disposition", "attachment; filename=\"thong-ke-" + std::to_string(year) + "-" +
                                                stats_by_name(v.by) + ".csv\"");
        s.status = 200;
        return s.set_content(stats_csv(v.stats, v.by), "text/csv; charset=utf-8");
    }
    send_page(s, 200, staff_stats_page(v));
}

// [SECTION] route table
using SitePage = void (StaffSite::*)(const Request&, Response&);
using SiteForm = void (StaffSite::*)(const Request&, Response&, const Form&);

static void failed(Response& s, const std::exception& e) {
    log::error(std::string("staff page failed: ") + e.what());
    send_page(s, 503, staff_message_page("Hệ thống đang bận", "Xin thử lại sau."));
}

static httplib::Server::Handler page(std::shared_ptr<StaffSite> site, SitePage m) {
    return [site, m](const Request& q, Response& s) {
        secure_headers(s);
        try {
            ((*site).*m)(q, s);
        } catch (const std::exception& e) {
            failed(s, e);
        }
    };
}

// POST bodies are read here, not by httplib, whose own reading stops at 8 KiB of form.
static httplib::Server::HandlerWithContentReader form(std::shared_ptr<StaffSite> site, SiteForm m) {
    return [site, m](const Request& q, Response& s, const httplib::ContentReader& reader) {
        secure_headers(s);
        std::string body;
        bool whole = !q.is_multipart_form_data() && reader([&](const char* data, size_t n) {
            body.append(data, n);
            return body.size() <= kMaxFormBytes;
        });
        auto f = whole ? open311::decode_form(body) : std::nullopt;
        if (!f)
            return send_page(s, 400, staff_message_page("Yêu cầu không hợp lệ", "Biểu mẫu không đọc được."));
        try {
            ((*site).*m)(q, s, *f);
        } catch (const std::exception& e) {
            failed(s, e);
        }
    };
}

void install_staff_routes(httplib::Server& http, PortalStore& store, StaffStore& staff,
                          const PortalOptions& options) {
    auto site = std::make_shared<StaffSite>(store, staff, options);
    http.Get("/staff", [](const Request&, Response& s) { redirect(s, "/staff/"); });
    http.Get("/staff/login", page(site, &StaffSite::get_login));
    http.Post("/staff/login", form(site, &StaffSite::post_login));
    http.Post("/staff/logout", form(site, &StaffSite::post_logout));
    http.Get("/staff/", page(site, &StaffSite::get_list));
    http.Get("/staff/audit", page(site, &StaffSite::get_audit));
    http.Get("/staff/kiosks", page(site, &StaffSite::get_kiosks));
    http.Get(R"(/staff/requests/([^/]+))", page(site, &StaffSite::get_case));
    http.Post(R"(/staff/requests/([^/]+)/(forward|status|answer|expected))",
              form(site, &StaffSite::post_action));
    http.Get(R"(/staff/media/([0-9a-f]{32})\.jpg)", page(site, &StaffSite::get_media));
    http.Get("/staff/stats", page(site, &StaffSite::get_stats));
    http.Get("/staff/stats.csv", page(site, &StaffSite::get_stats));
    http.Post(R"(/staff/requests/([^/]+)/media/([0-9a-f]{32})/approve)", form(site, &StaffSite::post_approve_media));
}

} // namespace wk::portal
