// Tests of the Open311 XML codec (sync/open311_xml.hpp): every server-side writer read
// back by its client-side parser, escaping, lenient reading, and hostile bodies: a
// captive portal's HTML, a cut-off document, the wrong root, and entity attacks
// (billion laughs, external entities by file and by network). Pure functions plus one
// loopback socket that must never be connected to.
// [SECTION] round trips  [SECTION] escaping and lenient reading  [SECTION] hostile bodies
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "sync/open311_xml.hpp"

namespace {

namespace o = wk::open311;
namespace x = wk::open311::xml;

const std::string kTricky = "Rác <thải> & \"nước\" 'bẩn' ở ngõ 5 — Đống Đa";

// [SECTION] round trips
TEST(Open311Xml, ServicesRoundTripWithVietnameseAndSpecialCharacters) {
    std::vector<o::Service> in = {{"moi-truong", "Môi trường", kTricky, "moi-truong", "realtime", false},
                                  {"cay-xanh", "Cây xanh", "", "ha-tang", "batch", true}};
    std::string why;
    auto out = x::parse_services(x::services_xml(in), why);
    ASSERT_TRUE(out.has_value()) << why;
    ASSERT_EQ(out->size(), 2u);
    for (size_t i = 0; i < 2; ++i) {
        EXPECT_EQ((*out)[i].service_code, in[i].service_code);
        EXPECT_EQ((*out)[i].service_name, in[i].service_name);
        EXPECT_EQ((*out)[i].description, in[i].description);
        EXPECT_EQ((*out)[i].group, in[i].group);
        EXPECT_EQ((*out)[i].type, in[i].type);
        EXPECT_EQ((*out)[i].metadata, in[i].metadata);
    }
    EXPECT_TRUE(x::parse_services(x::services_xml({}), why).value().empty());
}

TEST(Open311Xml, RequestsRoundTripWithCoordinatesAndMultilineNotes) {
    o::ServiceRequest a{"HN-2026-000001", "in_progress", "Dòng một\r\nDòng hai & <ba>", "Môi trường", "moi-truong",
                        kTricky, "UBND phường Điện Biên", "2026-11-28T02:30:00Z", "2026-11-28T03:30:00Z",
                        "2026-12-05T10:00:00Z", "Ngõ 12 Phan Đình Phùng", 21.0333, 105.8372};
    o::ServiceRequest b{"HN-2026-000002", "open", "", "Y tế", "y-te", "Trạm y tế đóng cửa", "", "2026-11-28T02:31:00Z",
                        "2026-11-28T02:31:00Z", "", "", std::nullopt, std::nullopt};
    std::string why;
    auto out = x::parse_requests(x::requests_xml({a, b}), why);
    ASSERT_TRUE(out.has_value()) << why;
    ASSERT_EQ(out->size(), 2u);
    const o::ServiceRequest& r = (*out)[0];
    EXPECT_EQ(r.service_request_id, a.service_request_id);
    EXPECT_EQ(r.status, a.status);
    EXPECT_EQ(r.status_notes, a.status_notes) << "a CR must survive XML line-end normalization";
    EXPECT_EQ(r.service_name, a.service_name);
    EXPECT_EQ(r.service_code, a.service_code);
    EXPECT_EQ(r.description, a.description);
    EXPECT_EQ(r.agency_responsible, a.agency_responsible);
    EXPECT_EQ(r.requested_datetime, a.requested_datetime);
    EXPECT_EQ(r.updated_datetime, a.updated_datetime);
    EXPECT_EQ(r.expected_datetime, a.expected_datetime);
    EXPECT_EQ(r.address, a.address);
    ASSERT_TRUE(r.lat && r.lon);
    EXPECT_NEAR(*r.lat, 21.0333, 1e-7);
    EXPECT_NEAR(*r.lon, 105.8372, 1e-7);
    EXPECT_FALSE((*out)[1].lat.has_value());
    EXPECT_FALSE((*out)[1].lon.has_value());
    EXPECT_TRUE(x::parse_requests(x::requests_xml({}), why).value().empty());
}

TEST(Open311Xml, PostResponseCarriesAnIdOrATokenNeverBoth) {
    std::string why;
    auto id = x::parse_post_response(x::post_response_xml({"HN-2026-000007", "", "Đã tiếp nhận phản ánh."}), why);
    ASSERT_TRUE(id.has_value()) << why;
    EXPECT_EQ(id->service_request_id, "HN-2026-000007");
    EXPECT_TRUE(id->token.empty());
    EXPECT_EQ(id->service_notice, "Đã tiếp nhận phản ánh.");
    auto token = x::parse_post_response(x::post_response_xml({"", "tok-3f9a", "Sẽ xử lý theo lô."}), why);
    ASSERT_TRUE(token.has_value()) << why;
    EXPECT_EQ(token->token, "tok-3f9a");
    EXPECT_TRUE(token->service_request_id.empty());
    EXPECT_FALSE(x::parse_post_response(x::post_response_xml({"a", "b", ""}), why).has_value());
    EXPECT_FALSE(x::parse_post_response(x::post_response_xml({"", "", ""}), why).has_value());
    EXPECT_FALSE(x::parse_post_response(x::requests_xml({}), why).has_value()) << "no <request> is no success";
}

TEST(Open311Xml, ServiceDefinitionRoundTrip) {
    o::ServiceDefinition in{"cay-xanh",
                            {{"loai", "singlevaluelist", true, true, "Chọn một", 1, "Cây bị làm sao?",
                              {{"do", "Cây đổ"}, {"gay-canh", "Gãy cành & <lá>"}}},
                             {"ghi-chu", "text", true, false, "", 2, kTricky, {}},
                             {"luu-y", "string", false, false, "", 3, "Không trèo cây.", {}}}};
    std::string why;
    auto out = x::parse_service_definition(x::service_definition_xml(in), why);
    ASSERT_TRUE(out.has_value()) << why;
    EXPECT_EQ(out->service_code, "cay-xanh");
    ASSERT_EQ(out->attributes.size(), 3u);
    for (size_t i = 0; i < 3; ++i) {
        const auto &a = in.attributes[i], &b = out->attributes[i];
        EXPECT_EQ(b.code, a.code);
        EXPECT_EQ(b.datatype, a.datatype);
        EXPECT_EQ(b.variable, a.variable);
        EXPECT_EQ(b.required, a.required);
        EXPECT_EQ(b.datatype_description, a.datatype_description);
        EXPECT_EQ(b.order, a.order);
        EXPECT_EQ(b.description, a.description);
        EXPECT_EQ(b.values, a.values);
    }
    EXPECT_FALSE(x::parse_service_definition("<?xml version=\"1.0\"?><service_definition>"
                                             "<service_code>a</service_code></service_definition>",
                                             why).has_value());
    EXPECT_NE(why.find("attributes"), std::string::npos) << why;
}

TEST(Open311Xml, UpdatesAndErrorsRoundTrip) {
    std::vector<o::RequestUpdate> in = {{"UPD-1", "HN-2026-000001", "in_progress", kTricky, "2026-11-28T03:30:00Z", ""},
                                        {"UPD-2", "HN-2026-000002", "fixed", "", "2026-11-29T00:00:00Z",
                                         "https://example.vn/a.jpg?x=1&y=2"}};
    std::string why;
    auto out = x::parse_updates(x::updates_xml(in), why);
    ASSERT_TRUE(out.has_value()) << why;
    ASSERT_EQ(out->size(), 2u);
    for (size_t i = 0; i < 2; ++i) {
        EXPECT_EQ((*out)[i].update_id, in[i].update_id);
        EXPECT_EQ((*out)[i].service_request_id, in[i].service_request_id);
        EXPECT_EQ((*out)[i].status, in[i].status);
        EXPECT_EQ((*out)[i].description, in[i].description);
        EXPECT_EQ((*out)[i].updated_datetime, in[i].updated_datetime);
        EXPECT_EQ((*out)[i].media_url, in[i].media_url);
    }
    std::vector<o::ApiError> errors = {{"403", "Khóa API không hợp lệ"}, {"400", "service_code \"<x>\" & 'y'"}};
    auto e = x::parse_errors(x::errors_xml(errors));
    ASSERT_EQ(e.size(), 2u);
    EXPECT_EQ(e[1].code, "400");
    EXPECT_EQ(e[1].description, errors[1].description);
    EXPECT_FALSE(x::parse_post_response(x::errors_xml(errors), why).has_value()) << "an error is never a success";
    EXPECT_NE(why.find("<errors>"), std::string::npos) << why;
}

// [SECTION] escaping and lenient reading
TEST(Open311Xml, WriterEscapesTheFiveSpecialsAndDeclaresUtf8) {
    std::string body = x::errors_xml({{"400", "a<b>&\"c\"'d'\x01"}});
    EXPECT_EQ(body.rfind("<?xml version=\"1.0\" encoding=\"utf-8\"?>", 0), 0u) << body;
    EXPECT_NE(body.find("<description>a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;\xEF\xBF\xBD</description>"),
              std::string::npos)
        << body;
    EXPECT_EQ(body.find('\x01'), std::string::npos) << "a control character would make the document ill-formed";
}

TEST(Open311Xml, ReaderAcceptsWhiteSpaceCdataNumbersAsTextAndUnknownElements) {
    const char* body = R"(<?xml version="1.0" encoding="UTF-8"?>
<services>
  <service>
    <service_code>
      moi-truong
    </service_code>
    <service_name><![CDATA[Môi trường <sạch>]]></service_name>
    <metadata>1</metadata>
    <type>BATCH</type>
    <unknown_extension><nested/></unknown_extension>
  </service>
  <service><service_code>42</service_code><metadata>false</metadata></service>
</services>)";
    std::string why;
    auto s = x::parse_services(body, why);
    ASSERT_TRUE(s.has_value()) << why;
    ASSERT_EQ(s->size(), 2u);
    EXPECT_EQ((*s)[0].service_code, "moi-truong");
    EXPECT_EQ((*s)[0].service_name, "Môi trường <sạch>");
    EXPECT_TRUE((*s)[0].metadata);
    EXPECT_EQ((*s)[0].type, "batch");
    EXPECT_EQ((*s)[1].service_code, "42");
    EXPECT_EQ((*s)[1].type, "realtime");
    EXPECT_FALSE(x::parse_services("<services><service><service_name>x</service_name></service></services>", why));
}

// [SECTION] hostile bodies
TEST(Open311Xml, CaptivePortalHtmlIsNeverMistakenForAnAnswer) {
    const char* html = "<!DOCTYPE html><html><head><meta charset=utf-8><title>Đăng nhập Wi-Fi</title></head>"
                       "<body><form><input name=user></form></body></html>";
    const char* xhtml = "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>Đăng nhập</p></body></html>";
    std::string why;
    for (const char* page : {html, xhtml}) {
        why.clear();
        EXPECT_FALSE(x::parse_post_response(page, why).has_value()) << page;
        EXPECT_FALSE(why.empty());
        EXPECT_FALSE(x::parse_requests(page, why).has_value()) << page;
        EXPECT_TRUE(x::parse_errors(page).empty()) << page;
    }
    x::parse_requests(xhtml, why);
    EXPECT_NE(why.find("<html>"), std::string::npos) << why;
    EXPECT_FALSE(x::parse_requests("", why).has_value());
    EXPECT_FALSE(x::parse_requests("{\"service_request_id\":\"1\"}", why).has_value());
}

TEST(Open311Xml, CutOffDocumentsAndWrongRootsAreRefusedWithAReason) {
    std::string whole = x::requests_xml({{"HN-2026-000001", "open", "", "", "", "Mô tả", "", "", "", "", "", {}, {}}});
    std::string why;
    ASSERT_TRUE(x::parse_requests(whole, why).has_value()) << why;
    for (size_t cut : {whole.size() / 4, whole.size() / 2, whole.size() - 3}) {
        why.clear();
        EXPECT_FALSE(x::parse_requests(whole.substr(0, cut), why).has_value()) << cut;
        EXPECT_NE(why.find("well-formed"), std::string::npos) << why;
    }
    EXPECT_FALSE(x::parse_services(whole, why).has_value());
    EXPECT_NE(why.find("not <services>"), std::string::npos) << why;
    EXPECT_FALSE(x::parse_updates(x::services_xml({}), why).has_value());
    EXPECT_TRUE(x::parse_errors(whole).empty());
    EXPECT_FALSE(x::parse_requests("<service_requests><request><status>open</status></request></service_requests>", why));
}

TEST(Open311Xml, BillionLaughsIsRefusedWithoutExpandingAnything) {
    std::string bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE service_requests [\n<!ENTITY lol \"lol\">\n";
    for (int i = 1; i <= 9; ++i)
        bomb += "<!ENTITY lol" + std::to_string(i) + " \"" + [&] {
            std::string refs;
            for (int k = 0; k < 10; ++k) refs += "&lol" + (i == 1 ? std::string() : std::to_string(i - 1)) + ";";
            return refs;
        }() + "\">\n";
    bomb += "]>\n<service_requests><request><service_request_id>1</service_request_id>"
            "<description>&lol9;</description></request></service_requests>";
    auto start = std::chrono::steady_clock::now();
    std::string why;
    auto r = x::parse_requests(bomb, why);
    auto took = std::chrono::steady_clock::now() - start;
    EXPECT_FALSE(r.has_value()) << "description of " << (r && !r->empty() ? r->front().description.size() : 0);
    EXPECT_FALSE(why.empty());
    EXPECT_LT(took, std::chrono::seconds(1));
    // Even one harmless internal entity is refused: Open311 bodies never carry a DTD.
    std::string small = "<?xml version=\"1.0\"?><!DOCTYPE service_requests [<!ENTITY a \"Phường\">]>"
                        "<service_requests><request><service_request_id>1</service_request_id>"
                        "<description>&a;</description></request></service_requests>";
    EXPECT_FALSE(x::parse_requests(small, why).has_value());
    EXPECT_NE(why.find("DTD"), std::string::npos) << why;
}

TEST(Open311Xml, ExternalEntitiesAreNeitherReadFromDiskNorFetched) {
    char path[] = "/tmp/wk-xxe-XXXXXX";
    int fd = mkstemp(path);
    ASSERT_GE(fd, 0);
    const std::string secret = "BI-MAT-KHONG-DUOC-LO";
    ASSERT_EQ(write(fd, secret.data(), secret.size()), static_cast<ssize_t>(secret.size()));
    close(fd);
    // A loopback listener that an external fetch would connect to.
    int server = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    ASSERT_EQ(bind(server, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    ASSERT_EQ(listen(server, 4), 0);
    ASSERT_EQ(getsockname(server, reinterpret_cast<sockaddr*>(&addr), &len), 0);
    std::string url = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/dtd";
    std::string body = "<?xml version=\"1.0\"?>\n<!DOCTYPE service_requests SYSTEM \"" + url + "\" [\n"
                       "<!ENTITY file SYSTEM \"file://" + std::string(path) + "\">\n"
                       "<!ENTITY net SYSTEM \"" + url + "/entity\">\n]>\n"
                       "<service_requests><request><service_request_id>1</service_request_id>"
                       "<description>&file;&net;</description></request></service_requests>";
    std::string why;
    auto r = x::parse_requests(body, why);
    EXPECT_FALSE(r.has_value());
    EXPECT_EQ(why.find(secret), std::string::npos);
    if (r) {
        for (const auto& req : *r) EXPECT_EQ(req.description.find(secret), std::string::npos);
    }
    EXPECT_LT(accept(server, nullptr, nullptr), 0) << "the parser connected to the network";
    close(server);
    std::remove(path);
}

}  // namespace
