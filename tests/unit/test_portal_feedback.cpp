// The reference portal's kiosk-facing extras (portal_feedback.cpp and their routes and
// staff pages) over real loopback HTTP with a temporary SQLite file: citizens' ratings
// sent as servicerequestupdates with `rating` (stored once per update_id, no status
// change, kept off the public updates feed, shown to officers), and the kiosks' health
// reports with the /staff/kiosks page that flags kiosks silent for over an hour.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <filesystem>
#include <regex>

#include "portal_server.hpp"
#include "staff_store.hpp"
#include "sync/open311.hpp"

namespace {
using namespace wk;
using namespace wk::portal;
using open311::url_encode;

const char* const kKey = "kiosk-key-dien-bien";
const char* const kPass = "mat-khau-dieu-phoi";
const UnixMs kMinute = 60LL * 1000;

class Feedback : public ::testing::Test {
  protected:
    std::string m_dir;
    std::atomic<UnixMs> m_now{*open311::parse_iso8601("2026-03-02T01:00:00Z")};
    std::unique_ptr<PortalStore> m_store;
    std::unique_ptr<StaffStore> m_staff;
    std::unique_ptr<PortalServer> m_server;
    std::unique_ptr<httplib::Client> m_http;

    void SetUp() override {
        char tmpl[] = "/tmp/wk-feedback-test-XXXXXX";
        m_dir = mkdtemp(tmpl);
        m_store = std::make_unique<PortalStore>(m_dir + "/portal.db");
        m_store->seed_services(load_categories(std::string(WK_SOURCE_DIR) + "/assets/categories.json"));
        m_staff = std::make_unique<StaffStore>(m_dir + "/portal.db");
        ASSERT_EQ(m_staff->add_user({0, "dieuphoi", "Trần Thị Bình", ""}, kPass, m_now), AddUserOutcome::added);
        PortalOptions o;
        o.api_keys = {kKey};
        o.clock = [this] { return m_now.load(); };
        o.staff = m_staff.get();
        m_server = std::make_unique<PortalServer>(*m_store, o);
        int port = m_server->start("127.0.0.1", 0);
        ASSERT_GT(port, 0);
        m_http = std::make_unique<httplib::Client>("127.0.0.1", port);
    }
    void TearDown() override {
        m_server.reset();
        m_staff.reset();
        m_store.reset();
        std::filesystem::remove_all(m_dir);
    }
    std::string file_case() {
        open311::PostRequest r;
        r.api_key = kKey;
        r.service_code = "moi-truong";
        r.description = "Rác thải ở đầu ngõ";
        r.address_string = "Ngõ 12, Phường Điện Biên";
        auto res = m_http->Post("/open311/v2/requests.json", open311::encode_form(r), "application/x-www-form-urlencoded");
        std::string why;
        auto p = res && res->status == 201 ? open311::parse_post_response(res->body, why) : std::nullopt;
        EXPECT_TRUE(p);
        return p ? p->service_request_id : "";
    }
    httplib::Result post_form(const std::string& path, const std::string& form) {
        return m_http->Post(path.c_str(), form, "application/x-www-form-urlencoded");
    }
    httplib::Result rate(const std::string& id, const std::string& rating, const std::string& comment,
                         const std::string& update_id, const std::string& status = "open") {
        return post_form("/open311/v2/servicerequestupdates.json",
                         "api_key=" + url_encode(kKey) + "&service_request_id=" + url_encode(id) +
                             "&status=" + status + "&description=" + url_encode(comment) + "&rating=" + rating +
                             "&update_id=" + url_encode(update_id));
    }
    httplib::Result health(const std::string& kiosk, const std::string& key = kKey, const std::string& also = "") {
        return post_form("/wardkiosk/v1/health.json",
                         "api_key=" + url_encode(key) + "&kiosk_id=" + kiosk +
                             "&version=0.9.0&queue_depth=4&oldest_pending_s=900&last_sync=" +
                             url_encode("2026-03-02T00:58:00Z") + "&printer=paper_out" + also);
    }
    // A logged-in officer's session cookie.
    std::string login() {
        auto page = m_http->Get("/staff/login");
        std::smatch m;
        std::string body = page ? page->body : "";
        std::regex_search(body, m, std::regex("name=\"csrf\" value=\"([0-9a-f]+)\""));
        std::string login_cookie;
        for (const auto& [k, v] : page->headers)
            if (k == "Set-Cookie" && v.rfind("wk_login=", 0) == 0) login_cookie = v.substr(9, v.find(';') - 9);
        auto res = m_http->Post("/staff/login", {{"Cookie", "wk_login=" + login_cookie}},
                                "csrf=" + m[1].str() + "&username=dieuphoi&password=" + url_encode(kPass),
                                "application/x-www-form-urlencoded");
        for (const auto& [k, v] : res->headers)
            if (k == "Set-Cookie" && v.rfind("wk_staff=", 0) == 0) return v.substr(9, v.find(';') - 9);
        ADD_FAILURE() << "no session";
        return "";
    }
    std::string page(const std::string& path, const std::string& token) {
        auto res = m_http->Get(path.c_str(), {{"Cookie", "wk_staff=" + token}});
        EXPECT_TRUE(res && res->status == 200) << path;
        return res ? res->body : "";
    }
};

TEST_F(Feedback, ARatingIsStoredOnceAndChangesNoStatus) {
    std::string id = file_case();
    auto first = rate(id, "not_satisfied", "Vẫn còn rác", "WK-ABC-R1", "fixed");
    ASSERT_TRUE(first);
    EXPECT_EQ(first->status, 201) << first->body;
    EXPECT_NE(first->body.find("WK-ABC-R1"), std::string::npos);
    auto again = rate(id, "not_satisfied", "Vẫn còn rác", "WK-ABC-R1", "fixed");  // the answer was lost
    EXPECT_EQ(again->status, 201);
    EXPECT_EQ(m_store->request(id)->status, "open") << "the status a rating carries is not applied";
    auto r = m_store->rating(id);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->rating, "not_satisfied");
    EXPECT_EQ(r->comment, "Vẫn còn rác");
    auto stored = m_store->db().prepare("SELECT count(*) FROM ratings");
    stored.step();
    EXPECT_EQ(stored.int_at(0), 1);
    auto feed = m_http->Get("/open311/v2/servicerequestupdates.json");
    ASSERT_TRUE(feed && feed->status == 200);
    EXPECT_EQ(feed->body.find("Vẫn còn rác"), std::string::npos) << "the citizen's words stay off the public feed";
}

TEST_F(Feedback, BadRatingsAndTakenUpdateIdsAreRefused) {
    std::string a = file_case(), b = file_case();
    EXPECT_EQ(rate(a, "happy", "", "WK-A-R1")->status, 400);
    ASSERT_EQ(rate(a, "satisfied", "", "WK-A-R1")->status, 201);
    EXPECT_EQ(rate(b, "satisfied", "", "WK-A-R1")->status, 400) << "that update_id is another case's";
    EXPECT_EQ(rate("HN-2026-999999", "satisfied", "", "WK-Z-R1")->status, 404);
    auto no_key = post_form("/open311/v2/servicerequestupdates.json",
                            "service_request_id=" + a + "&status=open&rating=satisfied&update_id=WK-A-R9");
    EXPECT_EQ(no_key->status, 403);
}

TEST_F(Feedback, OfficersSeeTheRatingOnTheCaseAndTheCountsOnTheList) {
    std::string a = file_case(), b = file_case(), c = file_case();
    ASSERT_EQ(rate(a, "satisfied", "Cảm ơn <cán bộ>", "WK-A-R1")->status, 201);
    ASSERT_EQ(rate(b, "not_satisfied", "", "WK-B-R1")->status, 201);
    ASSERT_EQ(rate(b, "satisfied", "", "WK-B-R2")->status, 201);  // the latest one counts
    std::string token = login();
    std::string case_page = page("/staff/requests/" + a, token);
    EXPECT_NE(case_page.find("data-rating=\"satisfied\""), std::string::npos);
    EXPECT_NE(case_page.find("Cảm ơn &lt;cán bộ&gt;"), std::string::npos);
    EXPECT_NE(page("/staff/requests/" + c, token).find("Đánh giá của người dân</th><td>Chưa có"), std::string::npos);
    std::string list = page("/staff/", token);
    EXPECT_NE(list.find("Hài lòng: <b>2</b>"), std::string::npos) << list;
    EXPECT_NE(list.find("Chưa hài lòng: <b>0</b>"), std::string::npos);
}

TEST_F(Feedback, HealthReportsNeedTheKeyAndKeepTheLatestPerKiosk) {
    EXPECT_EQ(health("3", "wrong-key")->status, 403);
    EXPECT_EQ(health("kiosk three")->status, 400);
    ASSERT_EQ(health("3")->status, 200);
    m_now += 10 * kMinute;
    ASSERT_EQ(health("3")->status, 200);
    ASSERT_EQ(health("12")->status, 200);
    auto k = m_store->kiosks();
    ASSERT_EQ(k.size(), 2u);
    EXPECT_EQ(k[0].kiosk_id, "3");
    EXPECT_EQ(k[0].received_at, m_now.load());
    EXPECT_EQ(k[0].queue_depth, 4);
    EXPECT_EQ(k[0].oldest_pending_s, 900);
    EXPECT_EQ(k[0].printer, "paper_out");
    EXPECT_EQ(k[0].version, "0.9.0");
    EXPECT_EQ(k[1].kiosk_id, "12");
}

TEST_F(Feedback, TheKiosksPageFlagsKiosksSilentForOverAnHour) {
    ASSERT_EQ(health("3")->status, 200);
    m_now += 50 * kMinute;
    ASSERT_EQ(health("5")->status, 200);
    std::string token = login();
    std::string fresh = page("/staff/kiosks", token);
    EXPECT_NE(fresh.find("<b id=\"silent\">0</b>"), std::string::npos) << fresh;
    m_now += 11 * kMinute;  // kiosk 3: 61 minutes since its last report; kiosk 5: 11
    std::string later = page("/staff/kiosks", token);
    EXPECT_NE(later.find("<b id=\"silent\">1</b>"), std::string::npos) << later;
    EXPECT_NE(later.find("<tr class=\"silent\"><td>3</td>"), std::string::npos);
    EXPECT_EQ(later.find("<tr class=\"silent\"><td>5</td>"), std::string::npos);
    EXPECT_NE(later.find("Mất liên lạc hơn 1 giờ"), std::string::npos);
    auto anonymous = m_http->Get("/staff/kiosks");
    ASSERT_TRUE(anonymous);
    EXPECT_EQ(anonymous->status, 303) << "officers only";
}

// A kiosk's clock as its agent learnt it: the page says which kiosk is slow or fast, and
// by how much; an agent that has not learnt it yet (or an older one) leaves it unknown.
TEST_F(Feedback, TheKiosksPageSaysWhoseClockIsWrong) {
    EXPECT_EQ(health("3", kKey, "&clock_offset_s=soon")->status, 400);
    EXPECT_EQ(health("3", kKey, "&clock_offset_s=1e9")->status, 400);
    ASSERT_EQ(health("3", kKey, "&clock_offset_s=220752000")->status, 200);  // reads 2019
    ASSERT_EQ(health("5", kKey, "&clock_offset_s=-1800")->status, 200);      // half an hour fast
    ASSERT_EQ(health("7", kKey, "&clock_offset_s=2")->status, 200);
    ASSERT_EQ(health("9")->status, 200);
    auto k = m_store->kiosks();
    ASSERT_EQ(k.size(), 4u);
    EXPECT_EQ(k[0].clock_offset_s, 220752000);
    EXPECT_EQ(k[1].clock_offset_s, -1800);
    EXPECT_FALSE(k[3].clock_offset_s);
    std::string kiosks = page("/staff/kiosks", login());
    EXPECT_NE(kiosks.find("<b>Chậm 2555 ngày</b>"), std::string::npos) << kiosks;
    EXPECT_NE(kiosks.find("<b>Nhanh 30 phút</b>"), std::string::npos);
    EXPECT_NE(kiosks.find("Đúng giờ"), std::string::npos);
    EXPECT_NE(kiosks.find("Chưa rõ"), std::string::npos);
}

}  // namespace
