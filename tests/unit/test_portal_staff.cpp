// The officers' pages under /staff/ over real loopback HTTP: a temporary SQLite file,
// PortalServer with a StaffStore, httplib::Client carrying the cookies by hand, and the
// kiosks' side seen through the Open311 GETs. Plus `wardkiosk-portal staff add` as a
// child process reading the password from stdin. No mocks.
// [SECTION] fixture  [SECTION] login and sessions  [SECTION] case work  [SECTION] what is shown
// [SECTION] the staff subcommand
#include <gtest/gtest.h>
#include <httplib.h>
#include <spawn.h>
#include <stb/stb_image_write.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>
#include <vector>

#include "portal_server.hpp"
#include "staff_store.hpp"
#include "sync/open311.hpp"

extern char** environ;

namespace {
using namespace wk;
using namespace wk::portal;

const char* const kKey = "kiosk-key-dien-bien";
const char* const kPass = "mat-khau-dieu-phoi";
const char* const kAgency = "Công ty Môi trường đô thị";
const UnixMs kMinute = 60LL * 1000;

// [SECTION] fixture
class Staff : public ::testing::Test {
  protected:
    void SetUp() override {
        char tmpl[] = "/tmp/wk-staff-test-XXXXXX";
        m_dir = mkdtemp(tmpl);
        m_store = std::make_unique<PortalStore>(m_dir + "/portal.db");
        m_store->seed_services(load_categories(std::string(WK_SOURCE_DIR) + "/assets/categories.json"));
        m_staff = std::make_unique<StaffStore>(m_dir + "/portal.db");
        ASSERT_EQ(m_staff->add_user({0, "dieuphoi", "Trần Thị Bình", ""}, kPass, m_now),
                  AddUserOutcome::added);
        ASSERT_EQ(m_staff->add_user({0, "moitruong", "Lê Văn Cường", kAgency}, kPass, m_now),
                  AddUserOutcome::added);
        PortalOptions o;
        o.api_keys = {kKey};
        o.clock = [this] { return m_now.load(); };
        o.staff = m_staff.get();
        o.connections.per_address = 64;  // the login storm's 40 clients all come from 127.0.0.1
        m_server = std::make_unique<PortalServer>(*m_store, o);
        int port = m_server->start("127.0.0.1", 0);
        ASSERT_GT(port, 0);
        m_http = std::make_unique<httplib::Client>("127.0.0.1", port);
        m_http->set_read_timeout(20);
    }
    void TearDown() override {
        m_server.reset();
        m_staff.reset();
        m_store.reset();
        std::filesystem::remove_all(m_dir);
    }

    // A citizen's report through the kiosk API; returns its id.
    std::string file(const std::string& description, const std::string& address, const std::string& service,
                     const std::string& phone = "") {
        open311::PostRequest r;
        r.api_key = kKey;
        r.service_code = service;
        r.description = description;
        r.address_string = address;
        r.first_name = phone.empty() ? "" : "Nguyễn Văn An";
        r.phone = phone;
        auto res = m_http->Post("/open311/v2/requests.json", open311::encode_form(r),
                                "application/x-www-form-urlencoded");
        EXPECT_TRUE(res && res->status == 201);
        std::string why;
        auto p = res ? open311::parse_post_response(res->body, why) : std::nullopt;
        return p ? p->service_request_id : std::string();
    }
    static std::string set_cookie(const httplib::Result& res, const std::string& name) {
        if (!res) return {};
        for (const auto& [k, v] : res->headers)
            if (k == "Set-Cookie" && v.rfind(name + "=", 0) == 0) return v;
        return {};
    }
    static std::string cookie_value(const std::string& header) {
        size_t eq = header.find('='), semi = header.find(';');
        return eq == std::string::npos ? std::string() : header.substr(eq + 1, semi - eq - 1);
    }
    static std::string csrf_in(const std::string& html) {
        std::smatch m;
        return std::regex_search(html, m, std::regex("name=\"csrf\" value=\"([0-9a-f]+)\"")) ? m[1].str()
                                                                                             : "";
    }
    // The whole login form round trip; the result of the POST.
    httplib::Result try_login(const std::string& user, const std::string& pass, httplib::Client* via = nullptr) {
        httplib::Client& http = via ? *via : *m_http;
        auto page = http.Get("/staff/login");
        std::string login_cookie = cookie_value(set_cookie(page, "wk_login"));
        std::string body = "csrf=" + csrf_in(page ? page->body : "") +
                           "&username=" + open311::url_encode(user) +
                           "&password=" + open311::url_encode(pass);
        return http.Post("/staff/login", {{"Cookie", "wk_login=" + login_cookie}}, body,
                         "application/x-www-form-urlencoded");
    }
    std::string login(const std::string& user = "dieuphoi") {
        auto res = try_login(user, kPass);
        EXPECT_TRUE(res && res->status == 303) << (res ? res->body : "no answer");
        return cookie_value(set_cookie(res, "wk_staff"));
    }
    httplib::Result get(const std::string& path, const std::string& token) {
        return m_http->Get(path.c_str(), {{"Cookie", "wk_staff=" + token}});
    }
    httplib::Result post(const std::string& path, const std::string& token, const std::string& body) {
        return m_http->Post(path.c_str(), {{"Cookie", "wk_staff=" + token}}, body,
                            "application/x-www-form-urlencoded");
    }
    // A case action with the session's own CSRF token.
    httplib::Result act(const std::string& token, const std::string& id, const std::string& action,
                        const std::string& fields) {
        auto page = get("/staff/requests/" + id, token);
        return post("/staff/requests/" + id + "/" + action, token,
                    "csrf=" + csrf_in(page ? page->body : "") + "&" + fields);
    }

    std::string m_dir;
    std::atomic<UnixMs> m_now{*open311::parse_iso8601("2026-11-28T09:30:00+07:00")};
    std::unique_ptr<PortalStore> m_store;
    std::unique_ptr<StaffStore> m_staff;
    std::unique_ptr<PortalServer> m_server;
    std::unique_ptr<httplib::Client> m_http;
};

// [SECTION] login and sessions
TEST_F(Staff, OfficerLogsInAndGetsAStrictHttpOnlyCookieThenLogsOut) {
    auto res = try_login("dieuphoi", kPass);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 303);
    std::string cookie = set_cookie(res, "wk_staff");
    EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
    EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
    EXPECT_NE(cookie.find("Path=/staff"), std::string::npos);
    std::string token = cookie_value(cookie);
    ASSERT_EQ(token.size(), 64u);
    auto list = get("/staff/", token);
    ASSERT_TRUE(list);
    EXPECT_EQ(list->status, 200);
    EXPECT_NE(list->body.find("Trần Thị Bình"), std::string::npos);
    EXPECT_NE(list->get_header_value("Content-Security-Policy").find("default-src 'none'"),
              std::string::npos);
    EXPECT_EQ(list->body.find("<script"), std::string::npos);
    // Only a hash of the token is stored.
    auto rows = m_staff->audit_log("", 10, 0);
    ASSERT_FALSE(rows.empty());
    EXPECT_EQ(rows.front().action, "login");
    auto out = post("/staff/logout", token, "csrf=" + csrf_in(list->body));
    ASSERT_TRUE(out);
    EXPECT_EQ(out->status, 303);
    auto after = get("/staff/", token);
    ASSERT_TRUE(after);
    EXPECT_EQ(after->status, 303);
    EXPECT_EQ(after->get_header_value("Location"), "/staff/login");
}

TEST_F(Staff, WrongPasswordAndUnknownUserGetTheSameGenericMessage) {
    auto wrong = try_login("dieuphoi", "sai-mat-khau");
    auto unknown = try_login("khongco", kPass);
    ASSERT_TRUE(wrong && unknown);
    EXPECT_EQ(wrong->status, 401);
    EXPECT_EQ(unknown->status, 401);
    std::regex token("value=\"[0-9a-f]+\""); // each answer carries a fresh login token
    EXPECT_EQ(std::regex_replace(wrong->body, token, ""), std::regex_replace(unknown->body, token, ""));
    EXPECT_NE(wrong->body.find("Tên đăng nhập hoặc mật khẩu không đúng."), std::string::npos);
    EXPECT_TRUE(set_cookie(wrong, "wk_staff").empty());
}

TEST_F(Staff, FiveWrongPasswordsLockTheNameForFiveMinutesEvenForTheRightOne) {
    for (int i = 0; i < 5; ++i) {
        auto r = try_login("dieuphoi", "sai-mat-khau");
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 401);
    }
    auto locked = try_login("dieuphoi", kPass);
    ASSERT_TRUE(locked);
    EXPECT_EQ(locked->status, 429);
    EXPECT_TRUE(set_cookie(locked, "wk_staff").empty());
    EXPECT_EQ(try_login("moitruong", kPass)->status, 303); // other names are not affected
    m_now += 5 * kMinute + 1;
    EXPECT_FALSE(login().empty());
}

// 40 attempts at once for one officer: each is counted before its password is checked,
// so no more than five passwords are ever checked, and once the name is locked the right
// password in the middle of 40 parallel attempts does not get in. Every refusal is audited.
TEST_F(Staff, ParallelLoginsCheckAtMostFivePasswordsAndTheRightOneCannotSlipIn) {
    auto storm = [&](int right_at) {
        std::vector<int> status(40, 0);
        std::vector<std::thread> threads;
        for (int i = 0; i < 40; ++i)
            threads.emplace_back([&, i] {
                httplib::Client c("127.0.0.1", m_server->port());
                c.set_read_timeout(30);
                auto r = try_login("dieuphoi", i == right_at ? kPass : "doan-mo-" + std::to_string(i), &c);
                status[static_cast<size_t>(i)] = r ? r->status : -100 - static_cast<int>(r.error());
            });
        for (auto& t : threads) t.join();
        return status;
    };
    std::vector<int> first = storm(-1);
    int checked = static_cast<int>(std::count(first.begin(), first.end(), 401));
    EXPECT_LE(checked, 5) << "passwords checked in one burst of 40";
    EXPECT_EQ(std::count(first.begin(), first.end(), 429), 40 - checked)
        << "every other attempt is refused; statuses: " << ::testing::PrintToString(first);
    for (int i = checked; i < 5; ++i) EXPECT_EQ(try_login("dieuphoi", "sai-mat-khau")->status, 401);
    auto locked = try_login("dieuphoi", "sai-mat-khau");
    EXPECT_EQ(locked->status, 429);
    EXPECT_NE(locked->body.find("thử lại sau 5 phút"), std::string::npos);
    EXPECT_EQ(locked->get_header_value("Retry-After"), "300");

    std::vector<int> second = storm(17);
    EXPECT_EQ(std::count(second.begin(), second.end(), 303), 0) << "the right password got in while locked";
    EXPECT_EQ(std::count(second.begin(), second.end(), 429), 40) << ::testing::PrintToString(second);
    auto audit = m_staff->audit_log("", 1000, 0);
    long refused = std::count_if(audit.begin(), audit.end(), [](const AuditEntry& e) { return e.action == "login_refused"; });
    EXPECT_EQ(refused, 40 + (5 - checked) + 1 + 40) << "each refused attempt has its audit line";
    EXPECT_NE(audit.front().new_value.find("from 127.0.0.1"), std::string::npos) << audit.front().new_value;
    m_now += 5 * kMinute;
    EXPECT_FALSE(login().empty()) << "the lock lasts five minutes from the fifth failure, not longer";
}

TEST_F(Staff, SessionEndsAfterThirtyIdleMinutesAndAfterTwelveHoursAtMost) {
    std::string token = login();
    m_now += 29 * kMinute;
    EXPECT_EQ(get("/staff/", token)->status, 200);
    m_now += 31 * kMinute;
    EXPECT_EQ(get("/staff/", token)->status, 303); // idle too long
    token = login();
    for (int i = 0; i < 25; ++i) { // busy all day: 12.5 hours of requests 30 minutes apart
        m_now += 30 * kMinute;
        if (get("/staff/", token)->status != 200) {
            EXPECT_GT(i, 22);
            return;
        }
    }
    ADD_FAILURE() << "the session outlived 12 hours";
}

TEST_F(Staff, FormsWithoutTheSessionsCsrfTokenAreRefused) {
    std::string id = file("Đèn đường hỏng", "Phố Hàng Bông, Phường Hoàn Kiếm", "dien-chieu-sang");
    std::string token = login();
    auto none = post("/staff/requests/" + id + "/status", token, "status=fixed");
    auto other =
        post("/staff/requests/" + id + "/status", token, "status=fixed&csrf=" + std::string(64, 'a'));
    ASSERT_TRUE(none && other);
    EXPECT_EQ(none->status, 403);
    EXPECT_EQ(other->status, 403);
    std::string second = login("moitruong"); // another session's token is not this one's
    auto page = get("/staff/", second);
    EXPECT_EQ(
        post("/staff/requests/" + id + "/status", token, "status=fixed&csrf=" + csrf_in(page->body))->status,
        403);
    EXPECT_EQ(m_store->request(id)->status, "open");
    EXPECT_EQ(m_store->counts().updates, 0);
    auto no_login_token = m_http->Post("/staff/login", "username=dieuphoi&password=" + std::string(kPass),
                                       "application/x-www-form-urlencoded");
    EXPECT_EQ(no_login_token->status, 403);
}

// [SECTION] case work
TEST_F(Staff, ForwardStatusAnswerAndDateReachTheKiosksAndTheAuditLog) {
    std::string id =
        file("Rác thải đổ trộm ở đầu ngõ 12", "Ngõ 12 Phan Đình Phùng, Phường Điện Biên", "moi-truong");
    std::string token = login();
    EXPECT_EQ(act(token, id, "forward", "agency=" + open311::url_encode(kAgency))->status, 303);
    m_now += kMinute;
    EXPECT_EQ(act(token, id, "status", "status=in_progress")->status, 303);
    std::string answer = "Đã cử đội thu gom rác đến xử lý trong ngày.\n";
    for (int i = 0; i < 400; ++i)
        answer += "Đường "; // over httplib's own 8 KiB form limit once encoded
    answer += "Cảm ơn ông/bà.";
    EXPECT_EQ(act(token, id, "answer", "answer=" + open311::url_encode(answer + "\r\n"))->status, 303);
    EXPECT_EQ(act(token, id, "expected", "expected=2026-11-30")->status, 303);
    EXPECT_EQ(act(token, id, "forward", "agency=Unknown")->status, 400);
    EXPECT_EQ(act(token, id, "status", "status=reopen")->status, 400);
    EXPECT_EQ(act(token, id, "expected", "expected=30/11/2026")->status, 400);

    auto updates = nlohmann::json::parse(m_http->Get("/open311/v2/servicerequestupdates.json")->body);
    ASSERT_EQ(updates.size(), 4u);
    EXPECT_EQ(updates[1]["status"], "in_progress");
    EXPECT_EQ(updates[3]["description"], answer);
    std::string why;
    auto list =
        open311::parse_requests(m_http->Get(("/open311/v2/requests/" + id + ".json").c_str())->body, why);
    ASSERT_TRUE(list && list->size() == 1) << why;
    EXPECT_EQ(list->front().agency_responsible, kAgency);
    EXPECT_EQ(list->front().status, "in_progress");
    EXPECT_EQ(list->front().status_notes, answer);
    EXPECT_EQ(open311::parse_iso8601(list->front().expected_datetime),
              open311::parse_iso8601("2026-11-30T17:00:00+07:00"));

    auto audit = m_staff->audit_log(id, 10, 0);
    ASSERT_EQ(audit.size(), 4u); // refused forms write nothing
    EXPECT_EQ(audit[0].action, "expected");
    EXPECT_EQ(audit[0].new_value, "30/11/2026");
    EXPECT_EQ(audit[2].action, "status");
    EXPECT_EQ(audit[2].old_value, "open");
    EXPECT_EQ(audit[2].new_value, "in_progress");
    EXPECT_EQ(audit[3].action, "forward");
    EXPECT_EQ(audit[3].username, "dieuphoi");
    EXPECT_EQ(audit[3].update_id, updates[0]["update_id"].get<std::string>());
    auto page = get("/staff/audit", token);
    EXPECT_EQ(page->status, 200);
    EXPECT_NE(page->body.find("Đổi tình trạng"), std::string::npos);
    EXPECT_EQ(get("/staff/audit", login("moitruong"))->status, 403);
}

TEST_F(Staff, ListFiltersByStatusServiceWardAndAgencyAndCountsStatuses) {
    std::string a = file("Rác ở chợ", "Chợ Hàng Da, Phường Hoàn Kiếm", "moi-truong");
    m_now += kMinute;
    std::string b = file("Đèn hỏng", "Phố Huế, Phường Hai Bà Trưng", "dien-chieu-sang");
    m_now += kMinute;
    std::string c = file("Rác ở ngõ", "Ngõ 5, Phường Hai Bà Trưng", "moi-truong");
    std::string token = login();
    act(token, c, "status", "status=fixed");
    act(token, a, "forward", "agency=" + open311::url_encode(kAgency));
    auto ids_in = [&](const std::string& query) {
        std::string body = get("/staff/" + query, token)->body;
        std::string shown;
        for (const auto& id : {a, b, c})
            if (body.find(">" + id + "<") != std::string::npos) shown += id == a ? "a" : id == b ? "b" : "c";
        return shown;
    };
    EXPECT_EQ(ids_in(""), "abc");
    std::string all = get("/staff/", token)->body;
    EXPECT_LT(all.find(">" + c + "<"), all.find(">" + b + "<")); // newest first
    EXPECT_LT(all.find(">" + b + "<"), all.find(">" + a + "<"));
    EXPECT_EQ(ids_in("?status=fixed"), "c");
    EXPECT_EQ(ids_in("?service=moi-truong"), "ac");
    EXPECT_EQ(ids_in("?ward=" + open311::url_encode("Hai Bà Trưng")), "bc");
    EXPECT_EQ(ids_in("?agency=" + open311::url_encode(kAgency)), "a");
    std::string body = get("/staff/", token)->body;
    EXPECT_NE(body.find("data-status=\"open\">Đã tiếp nhận: <b>2</b>"), std::string::npos);
    EXPECT_NE(body.find("data-status=\"fixed\">Đã khắc phục: <b>1</b>"), std::string::npos);
    // An agency's officer sees only the cases forwarded to that agency.
    std::string officer = login("moitruong");
    body = get("/staff/", officer)->body;
    EXPECT_NE(body.find(">" + a + "<"), std::string::npos);
    EXPECT_EQ(body.find(">" + b + "<"), std::string::npos);
    EXPECT_EQ(get("/staff/requests/" + b, officer)->status, 404);
    EXPECT_EQ(get("/staff/requests/" + a, officer)->status, 200);
}

TEST_F(Staff, ListIsPagedByFifty) {
    for (int i = 0; i < 51; ++i)
        file("Phản ánh " + std::to_string(i), "Phường Điện Biên", "khac");
    std::string token = login();
    std::string first = get("/staff/", token)->body, second = get("/staff/?page=1", token)->body;
    auto rows = [](const std::string& html) {
        size_t n = 0;
        for (size_t at = html.find("/staff/requests/"); at != std::string::npos;
             at = html.find("/staff/requests/", at + 1))
            ++n;
        return n;
    };
    EXPECT_EQ(rows(first), 50u);
    EXPECT_EQ(rows(second), 1u);
    EXPECT_NE(first.find("Trang sau"), std::string::npos);
}

// A photo sent with a report (httplib's multipart, as a FixMyStreet-style client sends
// it): officers see it at once; the public only once one of them approves it, with the
// session's CSRF token; an agency's officer sees only the photos of the agency's cases.
TEST_F(Staff, APhotoIsSeenByOfficersAndMadePublicOnlyByAnApproval) {
    std::vector<unsigned char> px(64 * 48 * 3, 200);
    std::string jpeg;
    stbi_write_jpg_to_func([](void* c, void* d, int n) { static_cast<std::string*>(c)->append(static_cast<char*>(d), n); },
                           &jpeg, 64, 48, 3, px.data(), 90);
    httplib::MultipartFormDataItems parts = {{"api_key", kKey, "", ""},
                                             {"service_code", "moi-truong", "", ""},
                                             {"description", "Rác thải đổ trộm ở đầu ngõ 12", "", ""},
                                             {"address_string", "Ngõ 12 Phan Đình Phùng", "", ""},
                                             {"media", jpeg, "IMG_1.jpg", "image/jpeg"}};
    auto filed = m_http->Post("/open311/v2/requests.json", parts);
    ASSERT_TRUE(filed && filed->status == 201) << (filed ? filed->body : "no answer");
    std::string id = nlohmann::json::parse(filed->body)[0]["service_request_id"];
    auto media = m_store->media(id);
    ASSERT_EQ(media.size(), 1u);
    std::string staff_path = "/staff/media/" + media[0].name + ".jpg", public_path = "/media/" + media[0].name + ".jpg";

    EXPECT_EQ(m_http->Get(staff_path.c_str())->status, 303);  // no session: to the login page
    EXPECT_EQ(m_http->Get(public_path.c_str())->status, 404);
    std::string other = login("moitruong");                    // not (yet) this agency's case
    EXPECT_EQ(get(staff_path, other)->status, 404);
    std::string token = login();
    auto page = get("/staff/requests/" + id, token);
    ASSERT_EQ(page->status, 200);
    EXPECT_NE(page->body.find("<img src=\"" + staff_path + "\""), std::string::npos);
    EXPECT_NE(page->body.find("Chưa công khai"), std::string::npos);
    EXPECT_NE(page->get_header_value("Content-Security-Policy").find("img-src 'self'"), std::string::npos);
    auto shown = get(staff_path, token);
    ASSERT_EQ(shown->status, 200);
    EXPECT_EQ(shown->get_header_value("Content-Type"), "image/jpeg");

    std::string approve = "/staff/requests/" + id + "/media/" + media[0].name + "/approve";
    EXPECT_EQ(post(approve, token, "csrf=0123")->status, 403);
    EXPECT_EQ(m_http->Get(public_path.c_str())->status, 404);
    EXPECT_EQ(act(token, id, "media/" + media[0].name + "/approve", "")->status, 303);
    auto seen = m_http->Get(public_path.c_str());
    ASSERT_EQ(seen->status, 200);
    EXPECT_EQ(seen->body, shown->body);
    std::string why;
    auto list = open311::parse_requests(m_http->Get(("/open311/v2/requests/" + id + ".json").c_str())->body, why);
    ASSERT_TRUE(list) << why;
    EXPECT_EQ(list->front().media_url, "http://127.0.0.1:8311" + public_path);  // PortalOptions' public_url
    page = get("/staff/requests/" + id, token);
    EXPECT_EQ(page->body.find("/approve"), std::string::npos);
    EXPECT_NE(page->body.find("Đã công khai"), std::string::npos);
    EXPECT_NE(page->body.find("Công khai ảnh"), std::string::npos);  // the audit row
    EXPECT_EQ(act(token, id, "media/" + media[0].name + "/approve", "")->status, 400);  // once
}

// Overdue flags on the list and the case, and the year's figures on the page and in
// the CSV, as an officer works three cases over twelve days.
TEST_F(Staff, OverdueCasesAreFlaggedAndTheYearsFiguresExportAsCsv) {
    const std::string place = "Ngõ 12 Phan Đình Phùng, Phường Điện Biên, Thành phố Hà Nội";
    std::string quick = file("Rác thải đổ trộm ở đầu ngõ 12", place, "moi-truong");
    std::string dated = file("Cống thoát nước bị tắc", place, "moi-truong");
    std::string silent = file("Đèn đường không sáng", "Phố Hàng Bông, Phường Hàng Trống, Thành phố Hà Nội",
                              "moi-truong");
    std::string token = login();
    EXPECT_EQ(act(token, quick, "forward", "agency=" + open311::url_encode(kAgency))->status, 303);
    m_now += 2 * 60 * kMinute;
    token = login();  // a session ends after 30 idle minutes
    EXPECT_EQ(act(token, quick, "answer", "answer=" + open311::url_encode("Đã thu gom."))->status, 303);
    EXPECT_EQ(act(token, quick, "status", "status=fixed")->status, 303);
    EXPECT_EQ(act(token, dated, "expected", "expected=2026-11-30")->status, 303);  // 17:00 that day

    m_now += 3 * 24 * 60 * kMinute;  // 1 December: the dated case is late, the silent one not yet
    token = login();                 // sessions end after 12 hours
    auto list = get("/staff/", token);
    ASSERT_EQ(list->status, 200);
    auto count = [](const std::string& html, const std::string& what) {
        size_t n = 0;
        for (size_t at = html.find(what); at != std::string::npos; at = html.find(what, at + 1)) ++n;
        return n;
    };
    EXPECT_EQ(count(list->body, "data-overdue"), 1u);
    EXPECT_NE(list->body.find("Quá hạn (dự kiến 30/11/2026"), std::string::npos);
    m_now += 8 * 24 * 60 * kMinute;  // more than ten days: the silent one too
    token = login();
    list = get("/staff/", token);
    EXPECT_EQ(count(list->body, "data-overdue"), 2u);
    EXPECT_NE(list->body.find("quá 10 ngày chưa xong"), std::string::npos);
    EXPECT_NE(get("/staff/requests/" + silent, token)->body.find("data-overdue"), std::string::npos);
    EXPECT_EQ(get("/staff/requests/" + quick, token)->body.find("data-overdue"), std::string::npos);

    EXPECT_EQ(act(token, dated, "answer", "answer=" + open311::url_encode("Đã nạo vét."))->status, 303);  // late
    auto page = get("/staff/stats?by=ward", token);
    ASSERT_EQ(page->status, 200);
    EXPECT_NE(page->body.find("Thống kê năm 2026"), std::string::npos);
    EXPECT_NE(page->body.find("Phường Điện Biên"), std::string::npos);
    auto csv = get("/staff/stats.csv?year=2026&by=agency", token);
    ASSERT_EQ(csv->status, 200);
    EXPECT_EQ(csv->get_header_value("Content-Type"), "text/csv; charset=utf-8");
    EXPECT_NE(csv->get_header_value("Content-Disposition").find("thong-ke-2026-agency.csv"), std::string::npos);
    // The quick case: answered in 2 h, on time. The dated one: answered after its date.
    EXPECT_NE(csv->body.find(std::string(kAgency) + ",1,1,1,2.0\r\n"), std::string::npos) << csv->body;
    EXPECT_NE(csv->body.find("Chưa phân công,2,1,0,"), std::string::npos) << csv->body;
    EXPECT_NE(csv->body.find("Tổng cộng,3,2,1,"), std::string::npos) << csv->body;
    EXPECT_EQ(m_http->Get("/staff/stats.csv")->status, 303);  // officers only

    std::string officer = login("moitruong");  // an agency's officer: its own cases only
    auto theirs = get("/staff/stats.csv?by=agency", officer);
    EXPECT_NE(theirs->body.find("Tổng cộng,1,1,1,2.0"), std::string::npos) << theirs->body;
}

// [SECTION] what is shown
TEST_F(Staff, ADescriptionWithAScriptTagIsShownAsText) {
    std::string id = file("<script>alert('x')</script> & \"quote\"", "<b>Phường</b>", "khac");
    std::string token = login();
    std::string page = get("/staff/requests/" + id, token)->body;
    EXPECT_EQ(page.find("<script>"), std::string::npos);
    EXPECT_NE(page.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quote&quot;"),
              std::string::npos);
    EXPECT_EQ(page.find("<b>Phường</b>"), std::string::npos);
    EXPECT_EQ(get("/staff/", token)->body.find("<b>Phường</b>"), std::string::npos);
}

TEST_F(Staff, ReportersContactIsShownOnlyToALoggedInOfficer) {
    std::string id = file("Nước sinh hoạt bị đục", "Phường Điện Biên", "cap-thoat-nuoc", "0912345678");
    EXPECT_EQ(get("/staff/requests/" + id, "")->status, 303);
    EXPECT_EQ(get("/staff/requests/" + id, std::string(64, 'f'))->status, 303);
    std::string token = login();
    std::string page = get("/staff/requests/" + id, token)->body;
    EXPECT_NE(page.find("0912345678"), std::string::npos);
    EXPECT_NE(page.find("Nguyễn Văn An"), std::string::npos);
    for (const std::string& path :
         std::vector<std::string>{"/open311/v2/requests.json", "/open311/v2/requests/" + id + ".json",
                                  "/open311/v2/servicerequestupdates.json", "/staff/login"}) {
        auto res = m_http->Get(path.c_str());
        ASSERT_TRUE(res);
        EXPECT_EQ(res->body.find("0912345678"), std::string::npos) << path;
        EXPECT_EQ(res->body.find("Nguyễn Văn An"), std::string::npos) << path;
    }
}

// [SECTION] the staff subcommand
// Runs wardkiosk-portal with `input` on stdin; returns the exit code and stdout.
int run_program(std::vector<std::string> args, const std::string& input, std::string& out) {
    std::string program = std::string(WK_BIN_DIR) + "/wardkiosk-portal";
    int in[2], o[2];
    if (pipe(in) != 0 || pipe(o) != 0) return -1;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, o[1], 1);
    posix_spawn_file_actions_addclose(&fa, in[1]);
    posix_spawn_file_actions_addclose(&fa, o[0]);
    args.insert(args.begin(), program);
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = -1;
    int rc = posix_spawn(&pid, program.c_str(), &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    close(in[0]);
    close(o[1]);
    if (rc != 0) return -1;
    (void)!write(in[1], input.data(), input.size());
    close(in[1]);
    char buf[512];
    for (ssize_t n; (n = read(o[0], buf, sizeof buf)) > 0;)
        out.append(buf, static_cast<size_t>(n));
    close(o[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

TEST(StaffProgram, OperatorAddsAnOfficerWithThePasswordOnStdin) {
    char tmpl[] = "/tmp/wk-staff-main-XXXXXX";
    std::string dir = mkdtemp(tmpl), db = dir + "/portal.db", out;
    const std::string secret = "mat-khau-rat-bi-mat-42";
    EXPECT_EQ(run_program({"staff", "add", "--db", db, "--user", "ubnd.hk", "--name", "Phạm Thị Dung",
                           "--agency", "Phòng Quản lý đô thị"},
                          secret + "\n", out),
              0);
    EXPECT_EQ(
        run_program({"staff", "add", "--db", db, "--user", "ubnd.hk", "--name", "X"}, secret + "\n", out), 1);
    EXPECT_EQ(run_program({"staff", "add", "--db", db, "--user", "ngan", "--name", "X"}, "short\n", out), 2);
    out.clear();
    EXPECT_EQ(run_program({"staff", "list", "--db", db}, "", out), 0);
    EXPECT_NE(out.find("ubnd.hk\tPhạm Thị Dung\tPhòng Quản lý đô thị"), std::string::npos) << out;
    EXPECT_EQ(out.find(secret), std::string::npos);
    {
        PortalStore portal(db); // the portal opens the same file later: both schemas live side by side
        StaffStore staff(db);
        EXPECT_EQ(staff.login("ubnd.hk", secret, "127.0.0.1", 1000).outcome, LoginOutcome::ok);
        EXPECT_EQ(staff.login("ubnd.hk", secret + "x", "127.0.0.1", 1000).outcome, LoginOutcome::wrong);
    }
    for (const auto& f : std::filesystem::directory_iterator(dir)) { // the clear password is in no file
        std::ifstream in(f.path(), std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        EXPECT_EQ(bytes.find(secret), std::string::npos) << f.path();
    }
    std::filesystem::remove_all(dir);
}

} // namespace
