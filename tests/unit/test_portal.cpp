// The reference portal over real HTTP: each test starts PortalServer on an ephemeral
// loopback port with a temporary SQLite file and talks to it with httplib::Client,
// encoding with the same Open311 codec the agent uses. No mocks.
// [SECTION] fixture  [SECTION] services  [SECTION] filing reports  [SECTION] idempotency
// [SECTION] status updates  [SECTION] listing  [SECTION] lookup page  [SECTION] limits and failures
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "portal_server.hpp"
#include "sync/open311.hpp"
#include "sync/receipt_code.hpp"

namespace {
using namespace wk;
using namespace wk::portal;

const char* const kKey = "kiosk-key-dien-bien";
const char* const kPhone = "0912345678";
const char* const kName = "Nguyễn Văn An";
const UnixMs kDay = 24LL * 3600 * 1000;

// [SECTION] fixture
class Portal : public ::testing::Test {
  protected:
    void SetUp() override {
        char tmpl[] = "/tmp/wk-portal-test-XXXXXX";
        m_dir = mkdtemp(tmpl);
        m_store = std::make_unique<PortalStore>(m_dir + "/portal.db");
        m_store->seed_services(load_categories(std::string(WK_SOURCE_DIR) + "/assets/categories.json"));
        start_server();
    }
    void TearDown() override {
        m_server.reset();
        m_store.reset();
        std::filesystem::remove_all(m_dir);
    }
    void start_server() {
        PortalOptions o;
        o.api_keys = {"another-key", kKey};
        o.public_url = "https://phananh.example.vn";
        o.clock = [this] { return m_now.load(); };
        m_server = std::make_unique<PortalServer>(*m_store, o);
        int port = m_server->start("127.0.0.1", 0);
        ASSERT_GT(port, 0);
        m_http = std::make_unique<httplib::Client>("127.0.0.1", port);
        m_http->set_read_timeout(10);
    }

    // A citizen's report as the agent would send it.
    open311::PostRequest report(std::string description = "Rác thải đổ trộm ở đầu ngõ 12, bốc mùi.") {
        open311::PostRequest r;
        r.api_key = kKey;
        r.service_code = "moi-truong";
        r.description = std::move(description);
        r.address_string = "Ngõ 12 Phan Đình Phùng, Phường Điện Biên";
        r.device_id = "kiosk-0001";
        return r;
    }
    httplib::Result post_form(const std::string& path, const std::string& body, const std::string& key = "") {
        httplib::Headers h;
        if (!key.empty()) h.emplace("Idempotency-Key", key);
        return m_http->Post(("/open311/v2/" + path).c_str(), h, body, "application/x-www-form-urlencoded");
    }
    httplib::Result post(const open311::PostRequest& r, const std::string& key = "") {
        return post_form("requests.json", open311::encode_form(r), key);
    }
    // Files a report and returns its service_request_id (fails the test otherwise).
    std::string file(const open311::PostRequest& r, const std::string& key = "") {
        auto res = post(r, key);
        EXPECT_TRUE(res && res->status == 201) << (res ? res->body : "no answer");
        std::string why;
        auto parsed = res ? open311::parse_post_response(res->body, why) : std::nullopt;
        return parsed ? parsed->service_request_id : std::string();
    }
    httplib::Result update(const std::string& id, const std::string& status, const std::string& notes,
                           const std::string& extra = "") {
        std::string body = "api_key=" + open311::url_encode(kKey) + "&service_request_id=" + open311::url_encode(id) +
                           "&status=" + status + "&description=" + open311::url_encode(notes) + extra;
        return post_form("servicerequestupdates.json", body);
    }
    std::string get_ok(const std::string& path) {
        auto res = m_http->Get(path.c_str());
        EXPECT_TRUE(res && res->status == 200) << path << ": " << (res ? res->body : "no answer");
        return res ? res->body : std::string();
    }
    std::vector<open311::ServiceRequest> requests(const std::string& query) {
        std::string why;
        auto r = open311::parse_requests(get_ok("/open311/v2/requests.json" + query), why);
        EXPECT_TRUE(r) << why;
        return r ? *r : std::vector<open311::ServiceRequest>();
    }
    static std::string first_error(const httplib::Result& res) {
        auto e = res ? open311::parse_errors(res->body) : std::vector<open311::ApiError>();
        return e.empty() ? std::string("(no Open311 error body)") : e.front().description;
    }

    std::string m_dir;
    std::atomic<UnixMs> m_now{*open311::parse_iso8601("2026-11-28T09:30:00+07:00")};
    std::unique_ptr<PortalStore> m_store;
    std::unique_ptr<PortalServer> m_server;
    std::unique_ptr<httplib::Client> m_http;
};

// [SECTION] services
TEST_F(Portal, KioskSeesTheTenDefaultCategoriesAsRealtimeServices) {
    std::string why;
    auto services = open311::parse_services(get_ok("/open311/v2/services.json"), why);
    ASSERT_TRUE(services) << why;
    ASSERT_EQ(services->size(), 10u);
    EXPECT_EQ((*services)[0].service_code, "an-ninh-trat-tu");
    EXPECT_EQ((*services)[0].service_name, "An ninh trật tự");
    EXPECT_EQ((*services)[9].service_code, "khac");
    for (const auto& s : *services) {
        EXPECT_EQ(s.type, "realtime");
        EXPECT_EQ(s.metadata, s.service_code == "ha-tang-do-thi") << s.service_code << ": only it asks a question";
    }
    std::string why_def;
    auto asks = open311::parse_service_definition(get_ok("/open311/v2/services/ha-tang-do-thi.json"), why_def);
    ASSERT_TRUE(asks) << why_def;
    ASSERT_EQ(asks->attributes.size(), 1u);
    EXPECT_EQ(asks->attributes[0].code, "muc-do");
    EXPECT_TRUE(asks->attributes[0].required);
    auto def = m_http->Get("/open311/v2/services/moi-truong.json");
    ASSERT_TRUE(def);
    EXPECT_EQ(def->status, 404);  // no metadata, so no definition
    EXPECT_EQ(def->get_header_value("Content-Type"), "application/json; charset=utf-8");
    EXPECT_NE(get_ok("/open311/v2/discovery.json").find("https://phananh.example.vn/open311/v2"), std::string::npos);
}

TEST_F(Portal, SeedingTwiceKeepsTheFirstCategories) {
    EXPECT_EQ(m_store->seed_services({{"x", "X", "", "", "realtime", false}}), 0);
    EXPECT_EQ(m_store->services().size(), 10u);
}

// [SECTION] filing reports
TEST_F(Portal, KioskFilesAReportAndAnyoneCanReadItBackWithoutTheCitizensContact) {
    auto r = report();
    r.first_name = kName;
    r.phone = kPhone;
    r.lat = 21.0333;
    r.lon = 105.8372;
    std::string id = file(r);
    EXPECT_EQ(id, "HN-2026-000001");

    auto got = requests("?service_request_id=" + id);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].status, "open");
    EXPECT_EQ(got[0].service_name, "Môi trường");
    EXPECT_EQ(got[0].description, r.description);
    EXPECT_EQ(got[0].address, r.address_string);
    EXPECT_EQ(got[0].requested_datetime, "2026-11-28T02:30:00Z");
    ASSERT_TRUE(got[0].lat);
    EXPECT_NEAR(*got[0].lat, 21.0333, 1e-6);

    // The contact is kept for the officers, in its own table...
    auto c = m_store->db().prepare("SELECT first_name, phone FROM contacts");
    ASSERT_TRUE(c.step());
    EXPECT_EQ(c.text_at(0), kName);
    EXPECT_EQ(c.text_at(1), kPhone);
    // ...and no GET anywhere shows it.
    ASSERT_EQ(update(id, "in_progress", "Đã chuyển đội vệ sinh môi trường")->status, 201);
    for (const std::string& path : std::vector<std::string>{"/open311/v2/requests.json", "/open311/v2/requests/" + id + ".json",
                             "/open311/v2/servicerequestupdates.json", "/open311/v2/services.json",
                             "/open311/v2/discovery.json"}) {
        std::string body = get_ok(path);
        EXPECT_EQ(body.find(kPhone), std::string::npos) << path;
        EXPECT_EQ(body.find(kName), std::string::npos) << path;
        EXPECT_EQ(body.find("Nguy"), std::string::npos) << path;
    }
}

TEST_F(Portal, CaseNumbersCountUpAndOneCaseCanBeFetchedAlone) {
    std::string a = file(report("Đèn đường hỏng"));
    std::string b = file(report("Nắp cống bị vỡ"));
    EXPECT_EQ(a, "HN-2026-000001");
    EXPECT_EQ(b, "HN-2026-000002");
    std::string why;
    auto one = open311::parse_requests(get_ok("/open311/v2/requests/" + b + ".json"), why);
    ASSERT_TRUE(one);
    ASSERT_EQ(one->size(), 1u);
    EXPECT_EQ((*one)[0].description, "Nắp cống bị vỡ");
    auto missing = m_http->Get("/open311/v2/requests/HN-2026-999999.json");
    ASSERT_TRUE(missing);
    EXPECT_EQ(missing->status, 404);
    EXPECT_EQ(first_error(missing), "service request not found");
}

TEST_F(Portal, KioskWithAWrongOrMissingKeyIsRefused) {
    auto r = report();
    r.api_key = "stolen";
    auto res = post(r);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 403);
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/json; charset=utf-8");
    EXPECT_FALSE(open311::parse_errors(res->body).empty());
    r.api_key = "";
    EXPECT_EQ(post(r)->status, 403);
    r.api_key = std::string(kKey) + "x";
    EXPECT_EQ(post(r)->status, 403);
    EXPECT_EQ(m_store->counts().requests, 0);
}

TEST_F(Portal, ReportUnderAnUnknownServiceIsNotFound) {
    auto r = report();
    r.service_code = "bao-hanh-tivi";
    auto res = post(r);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 404);
    EXPECT_EQ(first_error(res), "service not found");
    EXPECT_EQ(m_store->counts().requests, 0);
}

TEST_F(Portal, ReportsWithMissingLongBrokenOrUnplacedTextAreRefusedAndNothingIsStored) {
    std::string long_text;
    for (int i = 0; i < 4001; ++i) long_text += "ệ";  // 4,001 characters, 12,003 bytes
    struct Case {
        const char* what;
        open311::PostRequest r;
    };
    auto without_place = report();
    without_place.address_string.clear();
    std::vector<Case> cases = {{"no description", report("")},
                               {"only spaces", report("   \n ")},
                               {"4,001 characters", report(long_text)},
                               {"invalid UTF-8", report("Rác \xC3\x28 thải")},
                               {"a control character", report("Rác\x07 thải")},
                               {"no location", without_place}};
    for (const Case& c : cases) {
        auto res = post(c.r);
        ASSERT_TRUE(res) << c.what;
        EXPECT_EQ(res->status, 400) << c.what;
        EXPECT_FALSE(open311::parse_errors(res->body).empty()) << c.what;
    }
    EXPECT_EQ(m_store->counts().requests, 0);
    EXPECT_EQ(m_store->counts().contacts, 0);
    long_text.erase(long_text.size() - std::string("ệ").size());  // exactly 4,000 is fine
    EXPECT_FALSE(file(report(long_text + "")).empty());
    EXPECT_FALSE(file(report("Dòng một\r\nDòng hai")).empty());  // newlines are allowed
}

// [SECTION] idempotency
TEST_F(Portal, KioskRetryingAfterALostAnswerGetsTheSameCaseNumber) {
    std::string code = receipt::make(7, 1234);
    auto first = post(report(), code);
    auto again = post(report(), code);
    ASSERT_TRUE(first && again);
    EXPECT_EQ(first->status, 201);
    EXPECT_EQ(again->status, 201);
    EXPECT_EQ(again->get_header_value("Idempotent-Replayed"), "true");
    EXPECT_EQ(first->body, again->body);
    EXPECT_EQ(m_store->counts().requests, 1);
}

TEST_F(Portal, TheReceiptAttributeStandsInForAMissingIdempotencyHeader) {
    auto r = report();
    r.attributes["kiosk_receipt"] = receipt::make(7, 99);
    std::string a = file(r), b = file(r);
    EXPECT_EQ(a, b);
    EXPECT_EQ(m_store->counts().requests, 1);
    EXPECT_EQ(m_store->counts().attributes, 1);
}

// Without [server] kiosk_keys (one shared key, as before issue 19) a code given out
// twice is still a conflict, not a retryable 400; a plain idempotency key stays a 400.
TEST_F(Portal, ReusingAReceiptCodeForADifferentReportIsAConflict) {
    std::string code = receipt::make(7, 5);
    std::string id = file(report("Cây đổ chắn đường"), code);
    auto res = post(report("Một phản ánh khác hẳn"), code);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 409);
    EXPECT_EQ(first_error(res).rfind("receipt code " + receipt::grouped(code) + " is already held by another report: " +
                                         id, 0),
              0u)
        << first_error(res);
    EXPECT_EQ(m_store->counts().requests, 1);
    EXPECT_EQ(requests("?service_request_id=" + id).at(0).description, "Cây đổ chắn đường");
    EXPECT_EQ(m_http->Get(("/lookup/" + code).c_str())->status, 409);

    std::string key = "client-key-0001";
    file(report("Một"), key);
    auto reused = post(report("Hai"), key);
    EXPECT_EQ(reused->status, 400);
    EXPECT_EQ(first_error(reused), "idempotency key reused with a different report");
}

// [SECTION] status updates
TEST_F(Portal, OfficersUpdateChangesWhatTheKioskSeesForTheCase) {
    std::string id = file(report());
    m_now += 3600 * 1000;
    auto res = update(id, "in_progress", "Đã giao đội trật tự đô thị xử lý trong tuần.",
                      "&agency_responsible=" + open311::url_encode("UBND phường Điện Biên") +
                          "&expected_datetime=2026-12-05T17:00:00%2B07:00&update_id=officer-17");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 201) << res->body;
    EXPECT_EQ(res->body, R"([{"update_id":"officer-17"}])");

    std::string why;
    auto got = open311::parse_requests(get_ok("/open311/v2/requests/" + id + ".json"), why);
    ASSERT_TRUE(got && got->size() == 1) << why;
    const auto& r = (*got)[0];
    EXPECT_EQ(r.status, "in_progress");
    EXPECT_EQ(r.status_notes, "Đã giao đội trật tự đô thị xử lý trong tuần.");
    EXPECT_EQ(r.agency_responsible, "UBND phường Điện Biên");
    EXPECT_EQ(r.expected_datetime, "2026-12-05T10:00:00Z");
    EXPECT_EQ(r.updated_datetime, "2026-11-28T03:30:00Z");

    auto feed = nlohmann::json::parse(get_ok("/open311/v2/servicerequestupdates.json"));
    ASSERT_EQ(feed.size(), 1u);
    EXPECT_EQ(feed[0]["update_id"], "officer-17");
    EXPECT_EQ(feed[0]["service_request_id"], id);
    EXPECT_EQ(feed[0]["status"], "in_progress");
    EXPECT_EQ(feed[0]["updated_datetime"], "2026-11-28T03:30:00Z");

    // The same update sent twice is recorded once.
    EXPECT_EQ(update(id, "in_progress", "x", "&update_id=officer-17")->status, 201);
    EXPECT_EQ(m_store->counts().updates, 1);
}

TEST_F(Portal, UpdatesForUnknownCasesBadStatusesOrWithoutAKeyAreRefused) {
    std::string id = file(report());
    EXPECT_EQ(update("HN-2026-424242", "fixed", "")->status, 404);
    EXPECT_EQ(update(id, "teleported", "")->status, 400);
    EXPECT_EQ(update(id, "fixed", "", "&expected_datetime=tomorrow")->status, 400);
    auto res = post_form("servicerequestupdates.json", "service_request_id=" + id + "&status=fixed");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 403);
    EXPECT_EQ(requests("?service_request_id=" + id).at(0).status, "open");
    EXPECT_EQ(update(id, "FIXED", "Đã dọn sạch.")->status, 201);  // upper case is read as lower case
    EXPECT_EQ(requests("?service_request_id=" + id).at(0).status, "fixed");
}

// [SECTION] listing
TEST_F(Portal, ListByCaseNumbersReturnsExactlyThoseNewestFirstWhateverElseIsAsked) {
    std::string a = file(report("một")), b = file(report("hai")), c = file(report("ba"));
    m_now += 1000;
    auto got = requests("?service_request_id=" + a + "," + c + ",HN-2026-777777&status=closed&service_code=y-te");
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0].service_request_id, c);
    EXPECT_EQ(got[1].service_request_id, a);
    EXPECT_EQ(requests("?service_request_id=" + b).at(0).description, "hai");
    EXPECT_EQ(requests("").size(), 3u);
}

TEST_F(Portal, ListFiltersByStatusGroupServiceAndNinetyDayWindow) {
    UnixMs start = m_now;
    auto old = report("Báo cáo cũ");
    m_now = start - 100 * kDay;
    std::string ancient = file(old);
    m_now = start;
    std::string fixed = file(report("Đã sửa xong"));
    auto health = report("Trạm y tế đóng cửa");
    health.service_code = "y-te";
    std::string open_health = file(health);
    ASSERT_EQ(update(fixed, "fixed", "Đã sửa.")->status, 201);

    auto ids = [](const std::vector<open311::ServiceRequest>& v) {
        std::set<std::string> out;
        for (const auto& r : v) out.insert(r.service_request_id);
        return out;
    };
    EXPECT_EQ(ids(requests("")), (std::set<std::string>{fixed, open_health}));  // the ancient one is outside
    EXPECT_EQ(ids(requests("?status=closed")), std::set<std::string>{fixed});
    EXPECT_EQ(ids(requests("?status=open")), std::set<std::string>{open_health});
    EXPECT_EQ(ids(requests("?status=fixed,in_progress")), std::set<std::string>{fixed});
    EXPECT_EQ(ids(requests("?service_code=y-te,giao-duc")), std::set<std::string>{open_health});
    std::string from = open311::iso8601(start - 120 * kDay), to = open311::iso8601(start - 60 * kDay);
    EXPECT_EQ(ids(requests("?start_date=" + from + "&end_date=" + to)), std::set<std::string>{ancient});
    for (std::string bad : {"?start_date=yesterday", "?status=lost", "?start_date=2026-01-01T00:00:00Z&end_date=2026-12-01T00:00:00Z"}) {
        auto res = m_http->Get(("/open311/v2/requests.json" + bad).c_str());
        ASSERT_TRUE(res);
        EXPECT_EQ(res->status, 400) << bad;
    }
}

// [SECTION] lookup page
TEST_F(Portal, ReceiptQrOpensAVietnamesePageWithTheAnswerAndNoPersonalData) {
    std::string code = receipt::make(3, 42);
    auto r = report();
    r.first_name = kName;
    r.phone = kPhone;
    std::string id = file(r, code);
    ASSERT_EQ(update(id, "in_progress", "Đội sẽ đến kiểm tra <ngày mai> & báo lại.",
                     "&agency_responsible=" + open311::url_encode("UBND phường Điện Biên"))->status,
              201);
    std::string typed = receipt::grouped(code);
    for (char& ch : typed) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    auto page = m_http->Get(("/lookup/" + typed).c_str());
    ASSERT_TRUE(page);
    EXPECT_EQ(page->status, 200);
    EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
    EXPECT_NE(page->body.find("Đang xử lý"), std::string::npos);
    EXPECT_NE(page->body.find("UBND phường Điện Biên"), std::string::npos);
    EXPECT_NE(page->body.find("&lt;ngày mai&gt; &amp; báo lại"), std::string::npos);
    EXPECT_NE(page->body.find("28/11/2026 09:30"), std::string::npos);  // Vietnam time
    EXPECT_NE(page->body.find(id), std::string::npos);
    EXPECT_EQ(page->body.find(kPhone), std::string::npos);
    EXPECT_EQ(page->body.find(kName), std::string::npos);
    EXPECT_EQ(page->body.find("<ngày"), std::string::npos);

    auto unknown = m_http->Get(("/lookup/" + receipt::make(3, 43)).c_str());
    ASSERT_TRUE(unknown);
    EXPECT_EQ(unknown->status, 404);
    EXPECT_NE(unknown->body.find("Không tìm thấy"), std::string::npos);
    auto garbage = m_http->Get("/lookup/%3Cscript%3E");
    ASSERT_TRUE(garbage);
    EXPECT_EQ(garbage->status, 404);
    EXPECT_EQ(garbage->body.find("<script>"), std::string::npos);
}

// [SECTION] limits and failures
TEST_F(Portal, OversizedMalformedOrNonFormBodiesAreRefusedWithOpen311Errors) {
    std::string huge = open311::encode_form(report()) + "&attribute[pad]=" + std::string((1 << 20) + 1, 'a');
    auto big = post_form("requests.json", huge);
    ASSERT_TRUE(big);
    EXPECT_EQ(big->status, 400);
    EXPECT_FALSE(open311::parse_errors(big->body).empty());
    auto bad_escape = post_form("requests.json", "api_key=" + std::string(kKey) + "&description=%zz");
    ASSERT_TRUE(bad_escape);
    EXPECT_EQ(bad_escape->status, 400);
    auto json_body = m_http->Post("/open311/v2/requests.json", "{}", "application/json");
    ASSERT_TRUE(json_body);
    EXPECT_EQ(json_body->status, 400);
    httplib::MultipartFormDataItems parts = {{"api_key", kKey, "", ""}, {"photo", "JPEG...", "a.jpg", "image/jpeg"}};
    auto multipart = m_http->Post("/open311/v2/requests.json", parts);
    ASSERT_TRUE(multipart);
    EXPECT_EQ(multipart->status, 400);
    auto nowhere = m_http->Get("/open311/v2/tokens/abc.json");
    ASSERT_TRUE(nowhere);
    EXPECT_EQ(nowhere->status, 404);
    EXPECT_FALSE(open311::parse_errors(nowhere->body).empty());
    EXPECT_EQ(m_store->counts().requests, 0);
}

TEST_F(Portal, NothingIsHalfWrittenWhenTheDatabaseFailsMidway) {
    // Break the contacts table on purpose: the request row must roll back with it.
    m_store->db().exec("CREATE TRIGGER break_contacts BEFORE INSERT ON contacts BEGIN SELECT RAISE(ABORT, 'disk on fire'); END");
    auto r = report();
    r.phone = kPhone;
    std::string code = receipt::make(9, 9);
    auto res = post(r, code);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400);  // a backend failure: the kiosk will retry
    EXPECT_EQ(m_store->counts().requests, 0);
    m_store->db().exec("DROP TRIGGER break_contacts");
    EXPECT_EQ(file(r, code), "HN-2026-000001");  // the key was not burnt by the failed try
    EXPECT_EQ(m_store->counts().contacts, 1);
}

TEST_F(Portal, CaseNumbersStayUniqueWhenManyKiosksSendAtOnce) {
    std::vector<std::thread> kiosks;
    std::vector<std::vector<std::string>> ids(4);
    for (int k = 0; k < 4; ++k)
        kiosks.emplace_back([&, k] {
            httplib::Client c("127.0.0.1", m_server->port());
            for (int i = 0; i < 10; ++i) {
                httplib::Headers h{{"Idempotency-Key", receipt::make(k + 1, static_cast<uint32_t>(i + 1))}};
                auto res = c.Post("/open311/v2/requests.json", h, open311::encode_form(report()),
                                  "application/x-www-form-urlencoded");
                std::string why;
                auto p = res ? open311::parse_post_response(res->body, why) : std::nullopt;
                if (p) ids[static_cast<size_t>(k)].push_back(p->service_request_id);
            }
        });
    for (auto& t : kiosks) t.join();
    std::set<std::string> all;
    for (const auto& v : ids) all.insert(v.begin(), v.end());
    EXPECT_EQ(all.size(), 40u);
    EXPECT_EQ(m_store->counts().requests, 40);
}

TEST_F(Portal, ASecondPortalCannotTakeAPortThatIsInUse) {
    PortalServer second(*m_store, PortalOptions{});
    EXPECT_EQ(second.start("127.0.0.1", m_server->port()), -1);
    second.stop();  // harmless when it never started
}

TEST_F(Portal, CasesSurviveARestartAndNumberingContinues) {
    std::string first = file(report());
    m_server.reset();
    m_store = std::make_unique<PortalStore>(m_dir + "/portal.db");
    start_server();
    EXPECT_EQ(requests("?service_request_id=" + first).size(), 1u);
    EXPECT_EQ(file(report("Sau khi khởi động lại")), "HN-2026-000002");
}

}  // namespace
