// Kiosks' own keys and receipt codes over real loopback HTTP (issue 19, "one province,
// many kiosks"): a kiosk's key files only its own kiosk's codes and updates only its
// kiosk's reports, only to withdraw them and never over the agency's answer; a code
// that comes back with a different report is refused with 409 and stops showing either
// report; any kiosk looks a code up through GET /wardkiosk/v1/receipts/{code}.json.
// PortalFixture with two kiosk keys, one plain key and a StaffStore. No mocks.
// [SECTION] fixture  [SECTION] filing  [SECTION] updates  [SECTION] collisions
// [SECTION] receipt API
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "portal_fixture.hpp"
#include "staff_store.hpp"
#include "sync/receipt_code.hpp"

namespace {
using namespace wk;
using open311::url_encode;
using wk::test::kPortalKey;
using wk::test::PortalFixture;

const char* const kKiosk2 = "kiosk-2-own-key";
const char* const kKiosk3 = "kiosk-3-own-key";
const char* const kPass = "mat-khau-dieu-phoi";
const char* const kFirst = "Cống thoát nước trước nhà số 5 bị tắc.";
const char* const kSecond = "Cây xanh đổ chắn lối vào trường học.";

// [SECTION] fixture
class PortalKiosks : public PortalFixture {
  protected:
    void configure(portal::PortalOptions& o) override {
        o.kiosk_keys = {{2, kKiosk2}, {3, kKiosk3}};
        m_staff = std::make_unique<portal::StaffStore>(m_dir.file("portal.db"));
        m_staff->add_user({0, "dieuphoi", "Trần Thị Bình", ""}, kPass, m_now);
        o.staff = m_staff.get();
    }
    void TearDown() override {
        PortalFixture::TearDown();
        m_staff.reset();
    }

    // kiosk's report number `seq`, sent as its agent sends it: the receipt code as
    // attribute[kiosk_receipt] and as Idempotency-Key.
    httplib::Result send(int kiosk, uint32_t seq, const std::string& description = kFirst,
                         const std::string& key = "") {
        auto r = report("moi-truong", description);
        r.api_key = key.empty() ? (kiosk == 2 ? kKiosk2 : kKiosk3) : key;
        r.attributes["kiosk_receipt"] = receipt::make(kiosk, seq);
        return post(r, ".json", receipt::make(kiosk, seq));
    }
    static std::string id_of(const httplib::Result& res) {
        std::string why;
        auto p = res && res->status == 201 ? open311::parse_post_response(res->body, why) : std::nullopt;
        return p ? p->service_request_id : std::string();
    }
    static std::string error_of(const httplib::Result& res) {
        auto e = res ? open311::parse_errors(res->body) : std::vector<open311::ApiError>();
        return e.empty() ? std::string("(no Open311 error body)") : e.front().description;
    }
    httplib::Result update(const std::string& key, const std::string& id, const std::string& fields) {
        return post_form("servicerequestupdates.json",
                         "api_key=" + url_encode(key) + "&service_request_id=" + url_encode(id) + fields);
    }
    open311::ServiceRequest fetch(const std::string& id) {
        std::string why;
        auto got = open311::parse_requests(get_ok("requests/" + id + ".json"), why);
        EXPECT_TRUE(got && got->size() == 1) << why;
        return got && !got->empty() ? got->front() : open311::ServiceRequest{};
    }
    httplib::Result receipt_api(const std::string& code) {
        return m_http->Get(("/wardkiosk/v1/receipts/" + code + ".json").c_str());
    }
    // The dispatcher's session cookie, through the real login form.
    std::string staff_login() {
        auto page = m_http->Get("/staff/login");
        std::smatch m, c;
        std::string body = page ? page->body : "", set = page ? page->get_header_value("Set-Cookie") : "";
        std::regex_search(body, m, std::regex("name=\"csrf\" value=\"([0-9a-f]+)\""));
        std::regex_search(set, c, std::regex("wk_login=([0-9a-f]+)"));
        auto res = m_http->Post("/staff/login", {{"Cookie", "wk_login=" + c[1].str()}},
                                "csrf=" + m[1].str() + "&username=dieuphoi&password=" + url_encode(kPass),
                                "application/x-www-form-urlencoded");
        for (const auto& [k, v] : res->headers)
            if (k == "Set-Cookie" && v.rfind("wk_staff=", 0) == 0) return v.substr(9, v.find(';') - 9);
        ADD_FAILURE() << "no staff session";
        return "";
    }

    std::unique_ptr<portal::StaffStore> m_staff;
};

// [SECTION] filing
TEST_F(PortalKiosks, AKioskKeyFilesItsOwnCodesAndIsRefusedAnotherKiosksCode) {
    auto theirs = send(3, 7, kFirst, kKiosk2);  // kiosk 2's key, kiosk 3's code
    ASSERT_TRUE(theirs);
    EXPECT_EQ(theirs->status, 403);
    EXPECT_EQ(error_of(theirs), "receipt code " + receipt::grouped(receipt::make(3, 7)) +
                                    " belongs to kiosk 3; this api_key speaks only for kiosk 2");
    EXPECT_EQ(m_store->counts().requests, 0);

    auto own = send(3, 7);  // kiosk 3 itself is not blocked by the refused claim
    ASSERT_TRUE(own);
    EXPECT_EQ(own->status, 201) << own->body;
    auto again = send(3, 7);
    EXPECT_EQ(again->status, 201);
    EXPECT_EQ(id_of(again), id_of(own));
    EXPECT_EQ(m_store->counts().requests, 1);
    auto origin = m_store->origin(id_of(own));
    ASSERT_TRUE(origin);
    EXPECT_EQ(origin->kiosk_id, 3);
    EXPECT_EQ(origin->code, receipt::make(3, 7));
}

TEST_F(PortalKiosks, AKioskKeyMustNameItsOwnCodeOnceAndTheSameInTheHeader) {
    auto r = report();
    r.api_key = kKiosk2;
    auto none = post(r);  // no receipt code at all
    EXPECT_EQ(none->status, 403);
    EXPECT_NE(error_of(none).find("attribute[kiosk_receipt]"), std::string::npos) << error_of(none);
    r.attributes["kiosk_receipt"] = "not-a-code";
    EXPECT_EQ(post(r)->status, 403);
    r.attributes["kiosk_receipt"] = receipt::make(2, 1);
    auto header = post(r, ".json", receipt::make(2, 2));  // header names another of its codes
    EXPECT_EQ(header->status, 403);
    EXPECT_NE(error_of(header).find("Idempotency-Key"), std::string::npos) << error_of(header);
    auto xml = post(r, ".xml", receipt::make(3, 1));
    EXPECT_EQ(xml->status, 403);
    EXPECT_NE(xml->body.find("<errors>"), std::string::npos);
    EXPECT_EQ(m_store->counts().requests, 0);
    // Spelt as a citizen reads it, it is the same code: one case.
    std::string typed = receipt::grouped(receipt::make(2, 1));
    EXPECT_EQ(post(r, ".json", typed)->status, 201);
    EXPECT_EQ(post(r, ".json", receipt::make(2, 1))->status, 201);
    EXPECT_EQ(m_store->counts().requests, 1);
}

TEST_F(PortalKiosks, APlainKeyMayNotUseReceiptCodesOnceKiosksHaveTheirOwn) {
    auto claimed = send(2, 1, kFirst, kPortalKey);
    ASSERT_TRUE(claimed);
    EXPECT_EQ(claimed->status, 403);
    EXPECT_NE(error_of(claimed).find("kiosk_keys"), std::string::npos) << error_of(claimed);
    auto r = report();
    EXPECT_EQ(post(r, ".json", receipt::make(2, 1))->status, 403);  // a code as its Idempotency-Key
    auto uuid = post(r, ".json", "5f0c7a52-1d8e-4a57-9a51-3b2f0e6c9d11");
    EXPECT_EQ(uuid->status, 201) << uuid->body;
    EXPECT_EQ(post(r, ".json", "5f0c7a52-1d8e-4a57-9a51-3b2f0e6c9d11")->status, 201);
    EXPECT_EQ(m_store->counts().requests, 1);
    auto page = m_http->Get(("/lookup/" + receipt::make(2, 1)).c_str());
    EXPECT_EQ(page->status, 404);  // kiosk 2's code is still free
}

TEST_F(PortalKiosks, AKioskReportsHealthOnlyForItself) {
    auto body = [](const char* key, const char* kiosk) {
        return "api_key=" + url_encode(key) + "&kiosk_id=" + kiosk + "&version=1.0&queue_depth=0";
    };
    auto other = m_http->Post("/wardkiosk/v1/health.json", body(kKiosk2, "3"), "application/x-www-form-urlencoded");
    EXPECT_EQ(other->status, 403);
    auto own = m_http->Post("/wardkiosk/v1/health.json", body(kKiosk2, "002"), "application/x-www-form-urlencoded");
    EXPECT_EQ(own->status, 200) << own->body;
    auto agency = m_http->Post("/wardkiosk/v1/health.json", body(kPortalKey, "9"), "application/x-www-form-urlencoded");
    EXPECT_EQ(agency->status, 200);
}

// [SECTION] updates
TEST_F(PortalKiosks, OnlyTheFilingKioskMayUpdateACaseAndOnlyToWithdrawIt) {
    std::string id = id_of(send(2, 5));
    ASSERT_FALSE(id.empty());
    auto other = update(kKiosk3, id, "&status=closed&description=" + url_encode("Người dân rút"));
    EXPECT_EQ(other->status, 403);
    EXPECT_EQ(error_of(other), "service request " + id +
                                   " was not filed by kiosk 3; a kiosk's key updates only its own kiosk's reports");
    auto rating = update(kKiosk3, id, "&status=open&rating=satisfied&update_id=R1");
    EXPECT_EQ(rating->status, 403);
    auto progress = update(kKiosk2, id, "&status=in_progress");
    EXPECT_EQ(progress->status, 403);
    EXPECT_NE(error_of(progress).find("only withdraw"), std::string::npos) << error_of(progress);
    auto agency = update(kKiosk2, id, "&status=closed&agency_responsible=" + url_encode("Công an phường"));
    EXPECT_EQ(agency->status, 403);
    EXPECT_EQ(update(kKiosk3, "HN-2026-999999", "&status=closed")->status, 404);
    EXPECT_EQ(m_store->counts().updates, 0);
    EXPECT_EQ(fetch(id).status, "open");
    EXPECT_EQ(update(kKiosk2, id, "&status=open&rating=not_satisfied&update_id=R2")->status, 201);
}

TEST_F(PortalKiosks, AKiosksWithdrawalNeverOverwritesTheAgencysAnswer) {
    std::string id = id_of(send(2, 6));
    const std::string answer = "Đã giao Công ty Môi trường đô thị nạo vét trong tuần.";
    auto officer = update(kPortalKey, id, "&status=in_progress&description=" + url_encode(answer) +
                                              "&agency_responsible=" + url_encode("Công ty Môi trường đô thị"));
    ASSERT_EQ(officer->status, 201) << officer->body;
    m_now += 60000;
    auto withdraw = update(kKiosk2, id, "&status=closed&update_id=WK-W1&description=" +
                                            url_encode("Người phản ánh rút lại: đã tự xử lý"));
    ASSERT_EQ(withdraw->status, 201) << withdraw->body;
    auto r = fetch(id);
    EXPECT_EQ(r.status, "closed");
    EXPECT_EQ(r.status_notes, answer);
    EXPECT_EQ(r.agency_responsible, "Công ty Môi trường đô thị");
    auto feed = nlohmann::json::parse(get_ok("servicerequestupdates.json"));
    ASSERT_EQ(feed.size(), 2u);
    EXPECT_EQ(feed[1]["update_id"], "WK-W1");
    EXPECT_EQ(feed[1]["status"], "closed");
    // With no answer yet, the withdrawal's reason does not become one either.
    std::string quiet = id_of(send(2, 8));
    ASSERT_EQ(update(kKiosk2, quiet, "&status=closed&description=" + url_encode("Rút lại"))->status, 201);
    EXPECT_EQ(fetch(quiet).status_notes, "");
    // The officers' figures: the first case was answered by the officer, the quiet one by nobody.
    auto facts = m_staff->case_facts(0, m_now.load() + 1, "");
    ASSERT_EQ(facts.size(), 2u);
    int answered = 0;
    for (const auto& f : facts) answered += f.answered ? 1 : 0;
    EXPECT_EQ(answered, 1);
}

TEST_F(PortalKiosks, AWithdrawalLeavesACaseTheAgencyAlreadyClosedAsItIs) {
    std::string id = id_of(send(2, 9));
    ASSERT_EQ(update(kPortalKey, id, "&status=fixed&description=" + url_encode("Đã sửa xong."))->status, 201);
    ASSERT_EQ(update(kKiosk2, id, "&status=closed&update_id=WK-W2&description=x")->status, 201);
    EXPECT_EQ(fetch(id).status, "fixed");
    auto feed = nlohmann::json::parse(get_ok("servicerequestupdates.json"));
    ASSERT_EQ(feed.size(), 2u);
    EXPECT_EQ(feed[1]["status"], "fixed");  // the feed says what the case is, not what was asked
}

TEST_F(PortalKiosks, ACaseFiledBeforeKioskKeysBelongsToTheKioskOfItsCode) {
    portal::NewRequest old;  // as a plain key filed it before [server] kiosk_keys existed
    old.service_code = "moi-truong";
    old.description = kFirst;
    old.address = "Ngõ 5";
    old.idempotency_key = receipt::make(3, 40);
    auto c = m_store->create_request(old, m_now, "HN");
    ASSERT_EQ(c.outcome, portal::CreateOutcome::created);
    EXPECT_EQ(update(kKiosk2, c.service_request_id, "&status=closed")->status, 403);
    EXPECT_EQ(update(kKiosk3, c.service_request_id, "&status=closed")->status, 201);
}

TEST_F(PortalKiosks, AVersionThreeDatabaseIsMigratedAndItsCasesKeepTheirKiosk) {
    std::string id = id_of(send(2, 30));
    m_server.reset();
    m_store->db().exec("DROP TABLE receipt_collisions; ALTER TABLE requests DROP COLUMN kiosk_id;"
                       " ALTER TABLE kiosk_health DROP COLUMN clock_offset_s; DROP TABLE media;"
                       " ALTER TABLE requests DROP COLUMN address_id; ALTER TABLE requests DROP COLUMN media_url;"
                       " ALTER TABLE updates DROP COLUMN from_kiosk; DROP INDEX requests_status; DROP INDEX requests_service;"
                       " DROP INDEX requests_service_status; DROP TABLE waiting_media; PRAGMA user_version = 3");
    m_store = std::make_unique<portal::PortalStore>(m_dir.file("portal.db"));
    EXPECT_EQ(m_store->db().user_version(), 8);
    auto origin = m_store->origin(id);
    ASSERT_TRUE(origin);
    EXPECT_EQ(origin->kiosk_id, 2);  // from its receipt code
    EXPECT_TRUE(m_store->collisions("").empty());
    EXPECT_EQ(m_store->receipt(receipt::make(2, 30)).state, portal::ReceiptState::held);
}

// [SECTION] collisions
TEST_F(PortalKiosks, ACodeIssuedTwiceIsRefusedWith409AndStopsShowingEitherReport) {
    std::string code = receipt::make(2, 11);
    std::string id = id_of(send(2, 11, kFirst));
    ASSERT_FALSE(id.empty());
    auto clash = send(2, 11, kSecond);  // the reinstalled kiosk 2 gives the same code out again
    ASSERT_TRUE(clash);
    EXPECT_EQ(clash->status, 409);
    EXPECT_EQ(clash->get_header_value("Content-Type"), "application/json; charset=utf-8");
    EXPECT_EQ(error_of(clash).rfind("receipt code " + receipt::grouped(code) +
                                        " is already held by another report: " + id, 0),
              0u)
        << error_of(clash);
    EXPECT_EQ(send(2, 11, kSecond)->status, 409);  // its retry: the same answer, one record
    EXPECT_EQ(m_store->counts().requests, 1);
    auto held = send(2, 11, kFirst);  // the holder's own retry still gets its case number
    EXPECT_EQ(held->status, 201);
    EXPECT_EQ(id_of(held), id);

    auto page = m_http->Get(("/lookup/" + code).c_str());
    ASSERT_TRUE(page);
    EXPECT_EQ(page->status, 409);
    EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
    EXPECT_EQ(page->body.find(kFirst), std::string::npos);
    EXPECT_EQ(page->body.find(kSecond), std::string::npos);
    EXPECT_EQ(page->body.find(id), std::string::npos);
    EXPECT_NE(page->body.find("dùng cho hai phản ánh"), std::string::npos);
    EXPECT_NE(page->body.find("cán bộ tiếp nhận tại phường"), std::string::npos);
    EXPECT_NE(page->body.find("shared by two reports"), std::string::npos);

    auto api = receipt_api(code);
    ASSERT_TRUE(api);
    EXPECT_EQ(api->status, 409);
    EXPECT_EQ(api->body.find(kFirst), std::string::npos);
    EXPECT_EQ(api->body.find(id), std::string::npos);
    auto e = nlohmann::json::parse(api->body);
    EXPECT_EQ(e[0]["code"], 409);
    EXPECT_NE(e[0]["description"].get<std::string>().find("shared by two reports"), std::string::npos);
}

TEST_F(PortalKiosks, OfficersSeeTheCollisionOnTheCaseTheKiosksPageAndTheAuditLog) {
    std::string id = id_of(send(2, 12, kFirst));
    send(2, 12, kSecond);
    send(2, 12, kSecond);
    auto all = m_store->collisions("");
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0].service_request_id, id);
    EXPECT_EQ(all[0].kiosk_id, 2);
    EXPECT_EQ(all[0].description, kSecond);
    EXPECT_EQ(all[0].attempts, 2);
    auto audit = m_staff->audit_log("", 10, 0);
    ASSERT_EQ(audit.size(), 1u);  // the first refusal only
    EXPECT_EQ(audit[0].action, "receipt_collision");
    EXPECT_EQ(audit[0].service_request_id, id);
    EXPECT_EQ(audit[0].new_value, receipt::grouped(receipt::make(2, 12)));

    std::string token = staff_login();
    auto page = m_http->Get(("/staff/requests/" + id).c_str(), {{"Cookie", "wk_staff=" + token}});
    ASSERT_TRUE(page);
    EXPECT_EQ(page->status, 200);
    EXPECT_NE(page->body.find("id=\"collisions\""), std::string::npos);
    EXPECT_NE(page->body.find(kSecond), std::string::npos);  // staff may tell the two apart
    EXPECT_NE(page->body.find("Mã biên nhận bị trùng"), std::string::npos);
    auto kiosks = m_http->Get("/staff/kiosks", {{"Cookie", "wk_staff=" + token}});
    EXPECT_NE(kiosks->body.find(receipt::grouped(receipt::make(2, 12))), std::string::npos);
}

// [SECTION] receipt API
TEST_F(PortalKiosks, AnyKioskLooksUpACodeFromAnotherKioskWithoutTheCitizensContact) {
    std::string code = receipt::make(2, 20);
    auto r = report("moi-truong", kFirst);
    r.api_key = kKiosk2;
    r.attributes["kiosk_receipt"] = code;
    r.first_name = "Nguyễn Văn An";
    r.phone = "0912345678";
    std::string id = id_of(post(r, ".json", code));
    ASSERT_FALSE(id.empty());
    m_now += 3600000;
    ASSERT_EQ(update(kPortalKey, id, "&status=in_progress&update_id=U1&description=" + url_encode("Đã tiếp nhận"))
                  ->status, 201);
    m_now += 3600000;
    ASSERT_EQ(update(kPortalKey, id, "&status=fixed&update_id=U2&description=" + url_encode("Đã nạo vét xong"))
                  ->status, 201);

    std::string typed = receipt::grouped(code);
    for (char& ch : typed) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    auto res = receipt_api(typed);  // no key needed: public, like the lookup page
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/json; charset=utf-8");
    auto j = nlohmann::json::parse(res->body);
    EXPECT_EQ(j["code"], code);
    EXPECT_EQ(j["service_request_id"], id);
    EXPECT_EQ(j["service_code"], "moi-truong");
    EXPECT_EQ(j["service_name"], "Môi trường");
    EXPECT_EQ(j["status"], "fixed");
    EXPECT_EQ(j["status_notes"], "Đã nạo vét xong");
    EXPECT_EQ(j["description"], kFirst);
    EXPECT_EQ(j["address"], r.address_string);
    EXPECT_EQ(j["requested_datetime"], "2026-11-28T02:30:00Z");
    EXPECT_EQ(j["updated_datetime"], "2026-11-28T04:30:00Z");
    for (const char* k : {"agency_responsible", "expected_datetime"}) EXPECT_TRUE(j.contains(k)) << k;
    ASSERT_EQ(j["updates"].size(), 2u);
    EXPECT_EQ(j["updates"][0]["status"], "in_progress");  // oldest first
    EXPECT_EQ(j["updates"][0]["updated_datetime"], "2026-11-28T03:30:00Z");
    EXPECT_EQ(j["updates"][1]["description"], "Đã nạo vét xong");
    for (const char* k : {"first_name", "last_name", "phone", "email", "name"}) EXPECT_FALSE(j.contains(k)) << k;
    EXPECT_EQ(res->body.find("0912345678"), std::string::npos);
    EXPECT_EQ(res->body.find("Nguyễn Văn An"), std::string::npos);
}

TEST_F(PortalKiosks, AnUnknownOrMalformedCodeIsNotFoundOrRefused) {
    auto unknown = receipt_api(receipt::make(3, 999));
    ASSERT_TRUE(unknown);
    EXPECT_EQ(unknown->status, 404);
    EXPECT_EQ(unknown->body, R"([{"code":404,"description":"no report with this receipt code"}])");
    std::string code = receipt::make(3, 999);
    code.back() = code.back() == '0' ? '1' : '0';  // a wrong check symbol
    auto typo = receipt_api(code);
    EXPECT_EQ(typo->status, 400);
    EXPECT_FALSE(open311::parse_errors(typo->body).empty());
    EXPECT_EQ(receipt_api("%3Cscript%3E")->body.find("<script>"), std::string::npos);
}

}  // namespace
