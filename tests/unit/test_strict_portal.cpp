// The strict portal (tests/support/strict_portal.*) tested on its own, over real loopback
// HTTP with httplib::Client: each switchable behaviour ON (the foreign server's way) and
// OFF (the spec's way), the routes' shapes in JSON and XML, filters, and state under
// concurrent requests. The agent is not involved here. Time comes from the test's clock.
// [SECTION] fixture  [SECTION] one test per switch  [SECTION] routes, shapes and filters
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "strict_portal.hpp"

namespace {
using namespace wk;
using namespace wk::test;
using Json = nlohmann::json;
using Fields = std::vector<std::pair<std::string, std::string>>;
Fields operator+(Fields a, const Fields& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

constexpr UnixMs kNow = 1795833000000; // 2026-11-28T09:30:00+07:00
constexpr UnixMs kDay = 86400000;

// [SECTION] fixture
std::string enc(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.')
            out += static_cast<char>(c);
        else
            out += '%', out += hex[c >> 4], out += hex[c & 15];
    }
    return out;
}
std::string form(const Fields& f) {
    std::string out;
    for (const auto& [k, v] : f)
        out += (out.empty() ? "" : "&") + enc(k) + "=" + enc(v);
    return out;
}

class StrictPortalTest : public ::testing::Test {
  protected:
    std::atomic<UnixMs> now{kNow};
    std::unique_ptr<StrictPortal> portal;
    std::unique_ptr<httplib::Client> http;

    void SetUp() override { start({}); }
    StrictOptions with_clock(StrictOptions o) {
        o.clock = [this] { return now.load(); };
        return o;
    }
    void start(StrictOptions o) {
        http.reset();
        portal = std::make_unique<StrictPortal>(with_clock(std::move(o)));
        http = std::make_unique<httplib::Client>("127.0.0.1", portal->port());
        http->set_read_timeout(5);
        http->set_url_encode(false); // the paths below are sent as written, '+' included
    }
    void use(StrictOptions o) { portal->set_options(with_clock(std::move(o))); }

    httplib::Result get(const std::string& path) { return http->Get(("/open311/v2/" + path).c_str()); }
    httplib::Result post(const std::string& path, const Fields& f, const std::string& key = "") {
        httplib::Headers h;
        if (!key.empty()) h.emplace("Idempotency-Key", key);
        return http->Post(("/open311/v2/" + path).c_str(), h, form(f), "application/x-www-form-urlencoded");
    }
    static Fields report(const std::string& service = "moi-truong") {
        return {{"api_key", "strict-key"},
                {"service_code", service},
                {"description", "Rác đổ trộm ở đầu ngõ 12."},
                {"address_string", "Ngõ 12 Khâm Thiên, Đống Đa"},
                {"device_id", "kiosk-0002"}};
    }
    // Files a report and returns its id (asserting success).
    std::string file(Fields f = report()) {
        auto res = post("requests.json", f);
        EXPECT_TRUE(res && res->status == 200) << (res ? res->body : "no answer");
        return res ? Json::parse(res->body)[0].value("service_request_id", "") : "";
    }
    Json get_json(const std::string& path, int status = 200) {
        auto res = get(path);
        EXPECT_TRUE(res && res->status == status) << path << ": " << (res ? res->body : "no answer");
        return res && Json::accept(res->body) ? Json::parse(res->body) : Json();
    }
    static Fields update(const std::string& id, const std::string& status) {
        return {{"api_key", "strict-key"},
                {"service_request_id", id},
                {"status", status},
                {"description", "Người dân rút phản ánh."},
                {"updated_datetime", "2026-11-28T09:31:00+07:00"}};
    }
};

// [SECTION] one test per switch
TEST_F(StrictPortalTest, StatusNotesOnlyWhenSwitchedOn) {
    std::string id = file();
    portal->officer_update(id, "FIXED", "Đã thu dọn rác.", kNow + 60000);
    Json off = get_json("requests.json?service_request_id=" + id);
    EXPECT_FALSE(off[0].contains("status_notes"));
    use({.status_notes = true});
    EXPECT_EQ(get_json("requests.json?service_request_id=" + id)[0]["status_notes"], "Đã thu dọn rác.");
}

TEST_F(StrictPortalTest, CoarseStatusOnRequestsFineUpperOnUpdates) {
    std::string id = file();
    portal->officer_update(id, "IN_PROGRESS", "Đang xử lý.", kNow + 1000);
    EXPECT_EQ(get_json("requests/" + id + ".json")[0]["status"], "open");
    EXPECT_EQ(get_json("servicerequestupdates.json")[0]["status"], "IN_PROGRESS");
    portal->officer_update(id, "FIXED", "Xong.", kNow + 2000);
    EXPECT_EQ(get_json("requests/" + id + ".json")[0]["status"], "closed");
    use({.coarse_status = false});
    EXPECT_EQ(get_json("requests/" + id + ".json")[0]["status"], "fixed");
    EXPECT_EQ(get_json("servicerequestupdates.json")[0]["status"], "in_progress");
}

TEST_F(StrictPortalTest, IdempotencyKeyIgnoredUnlessHonoured) {
    auto a = post("requests.json", report(), "K01-ABC-DEF"),
         b = post("requests.json", report(), "K01-ABC-DEF");
    ASSERT_TRUE(a && b);
    EXPECT_NE(Json::parse(a->body)[0]["service_request_id"], Json::parse(b->body)[0]["service_request_id"]);
    EXPECT_EQ(portal->cases().size(), 2u);
    use({.honour_idempotency_key = true});
    auto c = post("requests.json", report(), "K02-XYZ"), d = post("requests.json", report(), "K02-XYZ");
    EXPECT_EQ(Json::parse(c->body)[0]["service_request_id"], Json::parse(d->body)[0]["service_request_id"]);
    EXPECT_EQ(portal->cases().size(), 3u);
    EXPECT_EQ(portal->cases().back().idempotency_key, "K02-XYZ");
}

TEST_F(StrictPortalTest, StrictUpdatesRefuseWhatTheSpecWouldTake) {
    std::string id = file();
    Fields no_time = update(id, "CLOSED");
    no_time.pop_back();
    Fields lower = update(id, "closed"), rating = update(id, "CLOSED");
    rating.emplace_back("rating", "satisfied");
    for (const Fields& f : {no_time, lower, rating})
        EXPECT_EQ(post("servicerequestupdates.json", f)->status, 400);
    auto ok = post("servicerequestupdates.json", update(id, "CLOSED"));
    EXPECT_EQ(ok->status, 200);
    EXPECT_TRUE(Json::parse(ok->body)[0].contains("update_id"));
    use({.strict_updates = false});
    for (const Fields& f : {no_time, lower, rating})
        EXPECT_EQ(post("servicerequestupdates.json", f)->status, 200);
    EXPECT_EQ(portal->updates().back().form.at("rating"), "satisfied");
    EXPECT_EQ(portal->updates().back().status, "CLOSED");
}

TEST_F(StrictPortalTest, UnknownServiceIs400Or404) {
    Fields f = report("khong-co");
    auto on = post("requests.json", f);
    EXPECT_EQ(on->status, 400);
    use({.unknown_service_400 = false});
    auto off = post("requests.json", f);
    EXPECT_EQ(off->status, 404);
    EXPECT_TRUE(Json::parse(off->body)[0].contains("description"));
    EXPECT_EQ(portal->posts_seen(), 2);
    EXPECT_TRUE(portal->cases().empty());
}

TEST_F(StrictPortalTest, UnknownIdIsAPlainText500Or404) {
    auto on = get("requests/99999.json");
    EXPECT_EQ(on->status, 500);
    EXPECT_EQ(on->get_header_value("Content-Type"), "text/plain");
    EXPECT_FALSE(Json::accept(on->body));
    use({.unknown_id_500 = false});
    auto off = get("requests/99999.json");
    EXPECT_EQ(off->status, 404);
    EXPECT_TRUE(Json::parse(off->body)[0].contains("code"));
}

TEST_F(StrictPortalTest, LooseTypesInJson) {
    Fields f = report();
    f.emplace_back("lat", "21.0285"), f.emplace_back("long", "105.8542");
    std::string id = file(f);
    Json services = get_json("services.json"), req = get_json("requests/" + id + ".json")[0];
    EXPECT_EQ(services[1]["metadata"], "true");
    EXPECT_EQ(services[0]["metadata"], "false");
    EXPECT_EQ(req["lat"], "21.0285");
    EXPECT_EQ(req["long"], "105.8542");
    EXPECT_EQ(get_json("services/ngap-ung.json")["attributes"][0]["required"], "true");
    EXPECT_EQ(Json::parse(post("requests.json", {{"api_key", "strict-key"}})->body)[0]["code"], 400);
    use({.loose_types = false});
    EXPECT_EQ(get_json("services.json")[1]["metadata"], true);
    EXPECT_DOUBLE_EQ(get_json("requests/" + id + ".json")[0]["lat"].get<double>(), 21.0285);
    EXPECT_EQ(get_json("services/ngap-ung.json")["attributes"][0]["required"], true);
    EXPECT_EQ(Json::parse(post("requests.json", {{"api_key", "strict-key"}})->body)[0]["code"], "400");
}

TEST_F(StrictPortalTest, ContentTypeWithoutCharset) {
    EXPECT_EQ(get("services.json")->get_header_value("Content-Type"), "application/json");
    EXPECT_EQ(get("services.xml")->get_header_value("Content-Type"), "text/xml");
    use({.no_charset = false});
    EXPECT_EQ(get("services.json")->get_header_value("Content-Type"), "application/json; charset=utf-8");
    EXPECT_EQ(get("services.xml")->get_header_value("Content-Type"), "text/xml; charset=utf-8");
}

TEST_F(StrictPortalTest, MultiErrorsPutTheRealOneLater) {
    Fields f = report("ngap-ung");
    auto on = post("requests.json", f);
    ASSERT_EQ(on->status, 400);
    Json errors = Json::parse(on->body);
    ASSERT_GE(errors.size(), 2u);
    EXPECT_EQ(errors[0]["description"], "Error in input for POST_Service_Request");
    EXPECT_EQ(errors[1]["description"], "attribute[do-sau] is required");
    use({.multi_errors = false});
    Json one = Json::parse(post("requests.json", f)->body);
    ASSERT_EQ(one.size(), 1u);
    EXPECT_EQ(one[0]["description"], "attribute[do-sau] is required");
}

TEST_F(StrictPortalTest, JurisdictionRequiredOnEveryCallWhenTwo) {
    use({.require_jurisdiction = true});
    EXPECT_EQ(get("services.json")->status, 400);
    EXPECT_EQ(get("services.json?jurisdiction_id=da-nang")->status, 400);
    EXPECT_EQ(get("servicerequestupdates.json")->status, 400);
    EXPECT_EQ(post("requests.json", report())->status, 400);
    Fields hn = report(), hp = report();
    hn.emplace_back("jurisdiction_id", "ha-noi"), hp.emplace_back("jurisdiction_id", "hai-phong");
    std::string a = file(hn), b = file(hp);
    Json mine = get_json("requests.json?jurisdiction_id=hai-phong");
    ASSERT_EQ(mine.size(), 1u);
    EXPECT_EQ(mine[0]["service_request_id"], b);
    EXPECT_EQ(get("requests/" + a + ".json?jurisdiction_id=hai-phong")->status, 500);
    use({});
    EXPECT_EQ(get("services.json")->status, 200);
    EXPECT_EQ(get_json("requests.json").size(), 2u);
}

TEST_F(StrictPortalTest, SlowBackendCommitsBeforeTheAnswerIsLost) {
    use({.post_delay_ms = 1500});
    http->set_read_timeout(0, 300000);
    auto lost = post("requests.json", report());
    EXPECT_FALSE(lost);                    // the client gave up...
    EXPECT_EQ(portal->cases().size(), 1u); // ...but the case was filed
    use({});
    auto retry = post("requests.json", report());
    ASSERT_TRUE(retry);
    EXPECT_EQ(retry->status, 200);
    EXPECT_EQ(portal->cases().size(), 2u); // a retry is a second case
}

TEST_F(StrictPortalTest, EchoAttributesOnlyWhenSwitchedOn) {
    Fields f = report("ngap-ung");
    f.emplace_back("attribute[do-sau]", "tren-50cm");
    f.emplace_back("attribute[anh-huong][]", "xe-may"), f.emplace_back("attribute[anh-huong][]", "nha-dan");
    std::string id = file(f);
    EXPECT_EQ(portal->cases()[0].attributes.at("anh-huong"), "xe-may,nha-dan");
    EXPECT_FALSE(get_json("requests/" + id + ".json")[0].contains("attributes"));
    use({.echo_attributes = true});
    Json attrs = get_json("requests/" + id + ".json")[0]["attributes"];
    EXPECT_EQ(
        attrs,
        Json::parse(
            R"([{"code":"anh-huong","value":"xe-may,nha-dan"},{"code":"do-sau","value":"tren-50cm"}])"));
}

TEST_F(StrictPortalTest, DatesComeFromTheServersClockWithAZone) {
    std::string id = file();
    EXPECT_EQ(portal->cases()[0].requested_datetime, "2026-11-28T09:30:00+07:00");
    now = kNow + 90500;
    portal->officer_update(id, "ACTION_SCHEDULED", "Hẹn thứ Hai.", now);
    Json r = get_json("requests/" + id + ".json")[0];
    EXPECT_EQ(r["requested_datetime"], "2026-11-28T09:30:00+07:00");
    EXPECT_EQ(r["updated_datetime"], "2026-11-28T09:31:30+07:00");
    EXPECT_EQ(get_json("servicerequestupdates.json")[0]["updated_datetime"], "2026-11-28T09:31:30+07:00");
}

TEST_F(StrictPortalTest, BatchTokenRevealsTheIdAfterPolls) {
    auto res = post("requests.json", report("den-duong"));
    Json answer = Json::parse(res->body);
    ASSERT_TRUE(answer[0].contains("token"));
    EXPECT_FALSE(answer[0].contains("service_request_id"));
    EXPECT_FALSE(answer[0].contains("service_notice"));
    std::string token = answer[0]["token"];
    EXPECT_TRUE(get_json("requests.json").empty()); // not processed yet
    EXPECT_TRUE(get_json("tokens/" + token + ".json").empty());
    EXPECT_TRUE(get_json("tokens/" + token + ".json").empty());
    Json revealed = get_json("tokens/" + token + ".json");
    ASSERT_EQ(revealed.size(), 1u);
    EXPECT_EQ(revealed[0]["service_request_id"], portal->cases()[0].id);
    EXPECT_EQ(get_json("requests.json").size(), 1u);
    for (int i = 0; i < 5; ++i)
        EXPECT_TRUE(get_json("tokens/tk-nope.json").empty());
    use({.token_after_polls = 0});
    std::string t2 = Json::parse(post("requests.json", report("den-duong"))->body)[0]["token"];
    EXPECT_EQ(get_json("tokens/" + t2 + ".json").size(), 1u);
}

TEST_F(StrictPortalTest, SuccessStatusIs200Or201) {
    EXPECT_EQ(post("requests.json", report())->status, 200);
    use({.success_status = 201});
    EXPECT_EQ(post("requests.json", report())->status, 201);
    EXPECT_EQ(post("servicerequestupdates.json", update(portal->cases()[0].id, "CLOSED"))->status, 201);
}

TEST_F(StrictPortalTest, ClientUpdatesListedUnlessSwitchedOff) {
    std::string id = file();
    portal->officer_update(id, "FIXED", "Đã xử lý.", kNow);
    Fields f = update(id, "CLOSED");
    f.emplace_back("update_id", "wk-rating-1");
    EXPECT_EQ(Json::parse(post("servicerequestupdates.json", f)->body)[0]["update_id"], "wk-rating-1");
    EXPECT_EQ(Json::parse(post("servicerequestupdates.json", f)->body)[0]["update_id"], "wk-rating-1");
    EXPECT_EQ(portal->updates().size(), 3u); // not de-duplicated
    EXPECT_EQ(get_json("servicerequestupdates.json").size(), 3u);
    use({.list_client_updates = false});
    Json officers = get_json("servicerequestupdates.json");
    ASSERT_EQ(officers.size(), 1u);
    EXPECT_EQ(officers[0]["description"], "Đã xử lý.");
}

TEST_F(StrictPortalTest, StrictRequestsRefuseUndeclaredFields) {
    Fields f = report();
    f.emplace_back("attribute[kiosk_receipt]", "K01-ABC-DE7");
    EXPECT_EQ(post("requests.json", f)->status, 200);
    EXPECT_EQ(portal->cases()[0].attributes.at("kiosk_receipt"), "K01-ABC-DE7");
    use({.strict_requests = true});
    auto res = post("requests.json", f);
    EXPECT_EQ(res->status, 400);
    EXPECT_NE(res->body.find("attribute[kiosk_receipt] is not an attribute of moi-truong"),
              std::string::npos);
}

// [SECTION] routes, shapes and filters
TEST_F(StrictPortalTest, XmlInTheSpecsShape) {
    auto services = get("services.xml");
    EXPECT_NE(services->body.find("<services>\n  <service>\n    <service_code>moi-truong</service_code>"),
              std::string::npos);
    auto created = post("requests.xml", report());
    EXPECT_NE(created->body.find(
                  "<service_requests>\n  <request>\n    <service_request_id>30001</service_request_id>"),
              std::string::npos)
        << created->body;
    portal->officer_update("30001", "FIXED", "Đã dọn <sạch> & xong.", kNow);
    EXPECT_NE(get("requests.xml")->body.find("<status>closed</status>"), std::string::npos);
    EXPECT_NE(get("servicerequestupdates.xml")
                  ->body.find("<service_request_updates>\n  <request_update>\n    <update_id>"),
              std::string::npos);
    EXPECT_NE(get("servicerequestupdates.xml")->body.find("Đã dọn &lt;sạch&gt; &amp; xong."),
              std::string::npos);
    EXPECT_NE(
        get("services/ngap-ung.xml")->body.find("<values>\n        <value>\n          <key>duoi-20cm</key>"),
        std::string::npos);
    auto refused = post("requests.xml", report("ngap-ung"));
    EXPECT_EQ(refused->status, 400);
    EXPECT_NE(
        refused->body.find("<errors>\n  <error>\n    <code>400</code>\n    <description>Error in input"),
        std::string::npos)
        << refused->body;
    EXPECT_EQ(refused->body.rfind("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n", 0), 0u);
}

TEST_F(StrictPortalTest, KeysPathsAndDiscovery) {
    Fields bad = report();
    bad[0].second = "wrong";
    EXPECT_EQ(post("requests.json", bad)->status, 403);
    EXPECT_EQ(post("requests.json", {{"service_code", "moi-truong"}})->status, 403);
    EXPECT_EQ(Json::parse(post("requests.json", bad)->body)[0]["code"], 403);
    EXPECT_EQ(get("discovery.json")->status, 404);
    EXPECT_EQ(get("discovery.json")->get_header_value("Content-Type"), "text/plain");
    EXPECT_EQ(get("services.html")->status, 404);
    EXPECT_EQ(get("nothing/here.json")->status, 404);
    EXPECT_EQ(http->Post("/open311/v2/requests.json", "{}", "application/json")->status, 400);
    EXPECT_EQ(portal->posts_seen(), 4);
    auto seen = portal->requests_seen();
    ASSERT_EQ(seen.size(), 8u);
    EXPECT_EQ(seen[3], std::make_pair(std::string("GET"), std::string("/open311/v2/discovery.json")));
}

TEST_F(StrictPortalTest, LocationAndAttributesAreChecked) {
    Fields none = {{"api_key", "strict-key"}, {"service_code", "moi-truong"}};
    EXPECT_EQ(post("requests.json", none)->status, 400);
    Fields half = none;
    half.emplace_back("lat", "21.02");
    EXPECT_NE(post("requests.json", half)->body.find("long is required with lat"), std::string::npos);
    Fields coords = none;
    coords.emplace_back("lat", "21.02"), coords.emplace_back("long", "105.85");
    EXPECT_EQ(post("requests.json", coords)->status, 200);
    Fields wrong = report("ngap-ung");
    wrong.emplace_back("attribute[do-sau]", "2-met");
    EXPECT_NE(post("requests.json", wrong)->body.find("attribute[do-sau]: 2-met is not one of its values"),
              std::string::npos);
    for (const char* body : {"api_key=strict-key&service_code=moi-truong&address_string=%FF",
                             "api_key=strict-key&service_code=moi-truong&address_string=%G1"})
        EXPECT_EQ(http->Post("/open311/v2/requests.json", body, "application/x-www-form-urlencoded")->status,
                  400);
    EXPECT_EQ(portal->cases().size(), 1u);
    EXPECT_DOUBLE_EQ(*portal->cases()[0].lat, 21.02);
}

TEST_F(StrictPortalTest, RequestFiltersAndWindows) {
    std::string old = file();
    now = kNow + 30 * kDay;
    std::string recent = file(report("ngap-ung") + Fields{{"attribute[do-sau]", "duoi-20cm"}});
    portal->officer_update(recent, "CLOSED", "Đã rút nước.", now);
    EXPECT_EQ(get_json("requests.json").size(), 2u);
    EXPECT_EQ(get_json("requests.json")[0]["service_request_id"], recent); // newest first
    EXPECT_EQ(get_json("requests.json?status=open")[0]["service_request_id"], old);
    EXPECT_EQ(get_json("requests.json?service_code=ngap-ung,den-duong").size(), 1u);
    EXPECT_EQ(get_json("requests.json?start_date=2026-12-01T00%3A00%3A00%2B07%3A00").size(), 1u);
    EXPECT_EQ(get_json("requests.json?end_date=2026-11-28T02:30:00Z").size(), 1u);
    get_json("requests.json?start_date=2026-12-01T00:00:00+07:00", 400); // '+' arrives as a space
    get_json("requests.json?start_date=2026-01-01T00:00:00Z", 400);      // over 90 days to now
    get_json("requests.json?status=in_progress", 400);
    now = kNow + 100 * kDay;
    EXPECT_EQ(get_json("requests.json").size(), 1u); // the default window is 90 days
    EXPECT_EQ(get_json("requests.json?service_request_id=" + old + "," + recent + "&status=open").size(), 2u);
}

TEST_F(StrictPortalTest, AtMostAThousandResults) {
    for (int i = 0; i < 1001; ++i)
        file();
    EXPECT_EQ(get_json("requests.json").size(), 1000u);
}

TEST_F(StrictPortalTest, UpdatesWindowOnUpdatedDatetime) {
    std::string id = file();
    portal->officer_update(id, "INVESTIGATING", "Đang xác minh.", kNow + 1000);
    portal->officer_update(id, "FIXED", "Đã xử lý.", kNow + 3 * kDay);
    EXPECT_EQ(get_json("servicerequestupdates.json").size(), 2u);
    Json later = get_json("servicerequestupdates.json?start_date=2026-11-29T00:00:00Z");
    ASSERT_EQ(later.size(), 1u);
    EXPECT_EQ(later[0]["status"], "FIXED");
    EXPECT_EQ(later[0]["media_url"], "");
    EXPECT_EQ(get_json("servicerequestupdates.json?end_date=2026-11-29T00:00:00Z").size(), 1u);
    get_json("servicerequestupdates.json?start_date=yesterday", 400);
    EXPECT_EQ(portal->officer_update("404", "FIXED", "", kNow), "");
    EXPECT_EQ(portal->officer_update(id, "fixed", "", kNow), "");
    EXPECT_EQ(post("servicerequestupdates.json", update("404", "CLOSED"))->status, 400);
}

TEST_F(StrictPortalTest, ConcurrentPostsWhileOptionsChange) {
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([this] {
            httplib::Client c("127.0.0.1", portal->port());
            for (int i = 0; i < 25; ++i)
                c.Post("/open311/v2/requests.json", form(report()), "application/x-www-form-urlencoded");
        });
    for (int i = 0; i < 50; ++i)
        use({.success_status = i % 2 ? 200 : 201});
    for (auto& t : threads)
        t.join();
    std::set<std::string> ids;
    for (const auto& c : portal->cases())
        ids.insert(c.id);
    EXPECT_EQ(ids.size(), 100u);
    EXPECT_EQ(portal->posts_seen(), 100);
}
} // namespace
