// The portal's Open311 surface in both formats over real loopback HTTP: every route in
// .xml as in .json (read back with the agent's own codecs), errors in the route's
// format, service definitions and their required attributes, batch tokens, the
// GET /requests defaults and filters, and personal data kept out of every GET.
// [SECTION] formats  [SECTION] service definitions  [SECTION] tokens  [SECTION] listing
// [SECTION] personal data
#include <gtest/gtest.h>

#include <set>

#include "portal_fixture.hpp"
#include "portal_form.hpp"
#include "sync/open311_xml.hpp"

namespace {
using namespace wk;
using wk::test::PortalFixture;
namespace x = wk::open311::xml;

const UnixMs kDay = 24LL * 3600 * 1000;

class PortalOpen311 : public PortalFixture {
  protected:
    // Files a report and returns the id (or token) the answer carries, read in `ext`'s format.
    open311::PostResult file(const open311::PostRequest& r, const std::string& ext = ".json",
                             const std::string& key = "") {
        auto res = post(r, ext, key);
        EXPECT_TRUE(res && res->status == 201) << (res ? res->body : "no answer");
        std::string why;
        auto p = !res ? std::nullopt
                 : ext == ".xml" ? x::parse_post_response(res->body, why)
                                 : open311::parse_post_response(res->body, why);
        EXPECT_TRUE(p) << why;
        return p ? *p : open311::PostResult{};
    }
    std::vector<open311::ServiceRequest> list(const std::string& query, const std::string& ext = ".json") {
        std::string why, body = get_ok("requests" + ext + query);
        auto r = ext == ".xml" ? x::parse_requests(body, why) : open311::parse_requests(body, why);
        EXPECT_TRUE(r) << why << "\n" << body;
        return r ? *r : std::vector<open311::ServiceRequest>();
    }
    static std::set<std::string> ids(const std::vector<open311::ServiceRequest>& v) {
        std::set<std::string> out;
        for (const auto& r : v) out.insert(r.service_request_id);
        return out;
    }
    httplib::Result update(const std::string& id, const std::string& status, const std::string& ext = ".json") {
        return post_form("servicerequestupdates" + ext, "api_key=" + std::string(test::kPortalKey) +
                                                           "&service_request_id=" + id + "&status=" + status);
    }
};

// [SECTION] formats
TEST_F(PortalOpen311, AnXmlClientSeesTheSameServicesAndCasesAsAJsonClient) {
    auto res = get("services.xml");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/xml; charset=utf-8");
    std::string why;
    auto services = x::parse_services(res->body, why);
    ASSERT_TRUE(services) << why;
    ASSERT_EQ(services->size(), 3u);
    EXPECT_EQ((*services)[0].service_name, "Môi trường");
    EXPECT_TRUE((*services)[1].metadata) << "cay-xanh has attributes";
    EXPECT_EQ((*services)[2].type, "batch");

    std::string id = file(report("moi-truong", "Nước thải <tràn> & bốc mùi"), ".xml").service_request_id;
    EXPECT_EQ(id, "HN-2026-000001");
    auto one = x::parse_requests(get_ok("requests/" + id + ".xml"), why);
    ASSERT_TRUE(one && one->size() == 1) << why;
    EXPECT_EQ((*one)[0].description, "Nước thải <tràn> & bốc mùi");
    EXPECT_EQ(list("", ".xml").at(0).service_request_id, id);

    auto upd = update(id, "in_progress", ".xml");
    ASSERT_TRUE(upd);
    EXPECT_EQ(upd->status, 201);
    EXPECT_NE(upd->body.find("<update_id>UPD-"), std::string::npos) << upd->body;
    auto feed = x::parse_updates(get_ok("servicerequestupdates.xml"), why);
    ASSERT_TRUE(feed && feed->size() == 1) << why;
    EXPECT_EQ((*feed)[0].service_request_id, id);
    EXPECT_EQ((*feed)[0].status, "in_progress");
    auto json_feed = open311::parse_updates(get_ok("servicerequestupdates.json"), why);
    ASSERT_TRUE(json_feed && json_feed->size() == 1) << why;
    EXPECT_EQ((*json_feed)[0].update_id, (*feed)[0].update_id);
}

TEST_F(PortalOpen311, ErrorsComeInTheFormatOfTheRouteAsked) {
    for (const std::string ext : {".json", ".xml"}) {
        auto missing = get("requests/HN-2026-999999" + ext);
        auto no_route = get("tokens/none/deeper" + ext);
        auto bad_key = post_form("requests" + ext, "api_key=stolen&service_code=moi-truong");
        for (auto* res : {&missing, &no_route, &bad_key}) {
            ASSERT_TRUE(*res) << ext;
            auto errors = ext == ".xml" ? x::parse_errors((*res)->body) : open311::parse_errors((*res)->body);
            EXPECT_FALSE(errors.empty()) << ext << ": " << (*res)->body;
            EXPECT_EQ((*res)->get_header_value("Content-Type"),
                      ext == ".xml" ? "application/xml; charset=utf-8" : "application/json; charset=utf-8");
        }
        EXPECT_EQ(missing->status, 404);
        EXPECT_EQ(no_route->status, 404);
        EXPECT_EQ(bad_key->status, 403);
    }
}

TEST_F(PortalOpen311, DiscoveryListsBothFormatsInBothFormats) {
    for (const std::string ext : {".json", ".xml"}) {
        std::string body = get_ok("discovery" + ext);
        EXPECT_NE(body.find("text/xml"), std::string::npos) << body;
        EXPECT_NE(body.find("application/json"), std::string::npos) << body;
        EXPECT_NE(body.find("https://phananh.example.vn/open311/v2"), std::string::npos) << body;
    }
    EXPECT_EQ(get_ok("discovery.xml").rfind("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<discovery>", 0), 0u);
}

// [SECTION] service definitions
TEST_F(PortalOpen311, AServiceWithQuestionsPublishesItsDefinitionInBothFormats) {
    std::string why;
    auto json_def = open311::parse_service_definition(get_ok("services/cay-xanh.json"), why);
    ASSERT_TRUE(json_def) << why;
    auto xml_def = x::parse_service_definition(get_ok("services/cay-xanh.xml"), why);
    ASSERT_TRUE(xml_def) << why;
    for (const auto* d : {&*json_def, &*xml_def}) {
        EXPECT_EQ(d->service_code, "cay-xanh");
        ASSERT_EQ(d->attributes.size(), 2u);
        EXPECT_EQ(d->attributes[0].code, "loai") << "in the file's order field, not its array order";
        EXPECT_TRUE(d->attributes[0].required);
        EXPECT_EQ(d->attributes[0].datatype, "singlevaluelist");
        EXPECT_EQ(d->attributes[0].description, "Cây bị làm sao?");
        EXPECT_EQ(d->attributes[0].values,
                  (std::vector<std::pair<std::string, std::string>>{{"do", "Cây đổ"}, {"gay-canh", "Gãy cành"}}));
        EXPECT_EQ(d->attributes[1].code, "so-cay");
        EXPECT_FALSE(d->attributes[1].required);
    }
    for (const std::string path : {"services/moi-truong.json", "services/moi-truong.xml", "services/khong-co.xml"})
        EXPECT_EQ(get(path)->status, 404) << path;
}

TEST_F(PortalOpen311, RequiredAndListAttributesAreCheckedBeforeAnythingIsStored) {
    auto tree = report("cay-xanh", "Cây đổ chắn ngang đường.");
    for (const std::string ext : {".json", ".xml"}) {
        auto missing = post(tree, ext);
        ASSERT_TRUE(missing);
        EXPECT_EQ(missing->status, 400);
        auto e = ext == ".xml" ? x::parse_errors(missing->body) : open311::parse_errors(missing->body);
        ASSERT_FALSE(e.empty()) << missing->body;
        EXPECT_NE(e[0].description.find("attribute[loai] is required"), std::string::npos) << e[0].description;
        EXPECT_NE(e[0].description.find("Cây bị làm sao?"), std::string::npos) << e[0].description;
    }
    auto wrong = tree;
    wrong.attributes["loai"] = "chay";  // not one of do, gay-canh
    EXPECT_EQ(post(wrong)->status, 400);
    wrong.attributes["loai"] = "do";
    wrong.attributes["so-cay"] = "hai";  // not a number
    EXPECT_EQ(post(wrong)->status, 400);
    EXPECT_EQ(m_store->counts().requests, 0);
    EXPECT_EQ(m_store->counts().attributes, 0);

    tree.attributes["loai"] = "gay-canh";
    tree.attributes["so-cay"] = "2";
    EXPECT_FALSE(file(tree).service_request_id.empty());
    EXPECT_EQ(m_store->counts().attributes, 2);
}

// [SECTION] tokens
TEST_F(PortalOpen311, ABatchServiceAnswersWithATokenThatResolvesOnceProcessed) {
    std::string key = "001-AAA-BBB";
    open311::PostResult first = file(report("den-duong", "Đèn đường tắt cả tuần."), ".json", key);
    EXPECT_TRUE(first.service_request_id.empty());
    ASSERT_EQ(first.token.size(), 32u) << "128 random bits in hex";
    // The agent's poll: an empty list means "not yet", so it keeps the token and waits.
    std::string why;
    auto before = open311::parse_requests(get_ok("tokens/" + first.token + ".json"), why);
    ASSERT_TRUE(before) << why;
    EXPECT_TRUE(before->empty());
    EXPECT_TRUE(x::parse_requests(get_ok("tokens/" + first.token + ".xml"), why).value().empty());
    // A retry with the same key gets the same token, not a second case.
    EXPECT_EQ(file(report("den-duong", "Đèn đường tắt cả tuần."), ".xml", key).token, first.token);
    EXPECT_EQ(m_store->counts().requests, 1);

    m_now += 2000;
    for (const std::string ext : {".json", ".xml"}) {
        std::string body = get_ok("tokens/" + first.token + ext);
        auto after = ext == ".xml" ? x::parse_requests(body, why) : open311::parse_requests(body, why);
        ASSERT_TRUE(after && after->size() == 1) << why << body;
        EXPECT_EQ((*after)[0].service_request_id, "HN-2026-000001") << ext;
        EXPECT_NE(body.find(first.token), std::string::npos) << ext;
    }
    for (const std::string ext : {".json", ".xml"}) EXPECT_EQ(get("tokens/0123456789abcdef" + ext)->status, 404);
}

TEST_F(PortalOpen311, TokensAreNotGuessableFromOneAnother) {
    std::set<std::string> tokens;
    for (int i = 0; i < 20; ++i) tokens.insert(file(report("den-duong", "Đèn hỏng số " + std::to_string(i))).token);
    EXPECT_EQ(tokens.size(), 20u);
    size_t shared_prefix = 0;
    auto a = *tokens.begin(), b = *std::next(tokens.begin());
    while (shared_prefix < a.size() && a[shared_prefix] == b[shared_prefix]) ++shared_prefix;
    EXPECT_LT(shared_prefix, 8u) << a << " vs " << b;
}

// [SECTION] listing
TEST_F(PortalOpen311, ListingDefaultsToNinetyDaysAndAThousandCases) {
    UnixMs start = m_now;
    m_now = start - 91 * kDay;
    std::string outside = file(report()).service_request_id;
    m_now = start - 89 * kDay;
    std::string inside = file(report()).service_request_id;
    m_now = start;
    EXPECT_EQ(ids(list("")), std::set<std::string>{inside});
    EXPECT_EQ(ids(list("", ".xml")), std::set<std::string>{inside});
    // 1,001 more cases today (filed through the store, to keep the test fast): the
    // answer stops at 1,000, newest first.
    for (int i = 0; i < 1001; ++i)
        m_store->create_request(std::get<portal::NewRequest>(portal::parse_new_request(
                                    {{"service_code", "moi-truong"}, {"description", "Ca " + std::to_string(i)},
                                     {"address_string", "Ngõ 1"}}, "")),
                                start - 1001 + i, "HN");
    auto all = list("");
    EXPECT_EQ(all.size(), 1000u);
    EXPECT_EQ(all.front().description, "Ca 1000");
}

// A filter of several values (a status group, two services) is merged from one ordered
// range a value: the answer is still the newest 1,000 matches, newest first, no other.
TEST_F(PortalOpen311, AFilterOfSeveralValuesAnswersTheNewestThousandMatchesInOrder) {
    m_store->db().exec("PRAGMA synchronous = OFF");  // set-up only
    const char* statuses[] = {"open", "in_progress", "fixed"};
    const char* services[] = {"moi-truong", "cay-xanh", "moi-truong", "den-duong"};
    std::vector<std::string> expect_open, expect_two;  // newest first
    for (int i = 0; i < 1600; ++i) {
        portal::NewRequest r = std::get<portal::NewRequest>(portal::parse_new_request(
            {{"service_code", services[i % 4]}, {"description", "Ca " + std::to_string(i)}, {"address_string", "Ngõ 1"}},
            ""));
        if (std::string(services[i % 4]) == "cay-xanh") r.attributes.emplace("loai", "do");
        UnixMs at = m_now - 86'400'000 + (i / 2) * 1000;  // two a second: ties broken by id
        std::string id = m_store->create_request(r, at, "HN").service_request_id;
        if (i % 3 != 0) m_store->add_update({id, statuses[i % 3], "", "", std::nullopt, "", "", false}, at);
        if (i % 3 != 2) expect_open.insert(expect_open.begin(), id);
        if (i % 4 != 3) expect_two.insert(expect_two.begin(), id);
    }
    expect_open.resize(1000);
    expect_two.resize(1000);
    auto ids_in_order = [](const std::vector<open311::ServiceRequest>& v) {
        std::vector<std::string> out;
        for (const auto& r : v) out.push_back(r.service_request_id);
        return out;
    };
    EXPECT_EQ(ids_in_order(list("?status=open")), expect_open);
    EXPECT_EQ(ids_in_order(list("?service_code=moi-truong,cay-xanh", ".xml")), expect_two);
    auto both = list("?service_code=den-duong,cay-xanh&status=fixed");
    EXPECT_FALSE(both.empty());
    for (const auto& r : both) EXPECT_TRUE(r.status == "fixed" && r.service_code != "moi-truong") << r.service_request_id;
}

TEST_F(PortalOpen311, EverySpecFilterWorksInBothFormats) {
    UnixMs start = m_now;
    std::string a = file(report("moi-truong", "một")).service_request_id;
    m_now = start + kDay;
    auto tree = report("cay-xanh", "hai");
    tree.attributes["loai"] = "do";
    std::string b = file(tree).service_request_id;
    m_now = start + 2 * kDay;
    std::string c = file(report("moi-truong", "ba")).service_request_id;
    ASSERT_EQ(update(c, "fixed")->status, 201);
    ASSERT_EQ(update(b, "in_progress")->status, 201);
    std::string day1 = open311::iso8601(start + kDay - 1000), day2 = open311::iso8601(start + kDay + 1000);
    for (const std::string ext : {".json", ".xml"}) {
        EXPECT_EQ(ids(list("?service_request_id=" + a + "," + c + "&service_code=cay-xanh", ext)),
                  (std::set<std::string>{a, c}));
        EXPECT_EQ(ids(list("?service_code=cay-xanh", ext)), std::set<std::string>{b});
        EXPECT_EQ(ids(list("?service_code=cay-xanh,moi-truong", ext)), (std::set<std::string>{a, b, c}));
        EXPECT_EQ(ids(list("?status=open", ext)), (std::set<std::string>{a, b}));
        EXPECT_EQ(ids(list("?status=closed", ext)), std::set<std::string>{c});
        EXPECT_EQ(ids(list("?status=fixed,open", ext)), (std::set<std::string>{a, b, c}));
        EXPECT_EQ(ids(list("?status=in_progress", ext)), std::set<std::string>{b});
        EXPECT_EQ(ids(list("?start_date=" + day1, ext)), (std::set<std::string>{b, c}));
        EXPECT_EQ(ids(list("?end_date=" + day2, ext)), (std::set<std::string>{a, b}));
        EXPECT_EQ(ids(list("?start_date=" + day1 + "&end_date=" + day2, ext)), std::set<std::string>{b});
        EXPECT_EQ(get("requests" + ext + "?status=lost")->status, 400);
    }
}

// [SECTION] personal data
TEST_F(PortalOpen311, NoGetInEitherFormatShowsTheCitizensNamePhoneOrEmail) {
    const std::string phone = "0987654321", email = "an.nguyen@example.vn";
    std::string body = open311::encode_form(report()) + "&first_name=" + open311::url_encode("Trần Thị Bình") +
                       "&last_name=" + open311::url_encode("Lê") + "&phone=" + phone + "&email=" +
                       open311::url_encode(email);
    auto res = post_form("requests.xml", body);
    ASSERT_TRUE(res && res->status == 201) << (res ? res->body : "");
    std::string why;
    std::string id = x::parse_post_response(res->body, why).value().service_request_id;
    ASSERT_EQ(update(id, "in_progress")->status, 201);
    auto batch = file(report("den-duong", "Đèn hỏng"));
    m_now += 5000;
    EXPECT_EQ(m_store->counts().contacts, 1);
    for (const std::string ext : {".json", ".xml"})
        for (const std::string& path : std::vector<std::string>{"requests", "requests/" + id, "servicerequestupdates",
                                                                "services", "discovery", "tokens/" + batch.token,
                                                                "services/cay-xanh"}) {
            std::string got = get_ok(path + ext);
            for (const std::string& secret : {std::string("Trần"), std::string("Bình"), phone, email, std::string("an.nguyen")})
                EXPECT_EQ(got.find(secret), std::string::npos) << path << ext << " shows " << secret;
        }
}

}  // namespace
