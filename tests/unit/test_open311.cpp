// Tests of the Open311 codec (sync/open311.hpp): form encoding both ways, the client's
// parsers against good and hostile bodies, the server's encoders through the client's
// parsers, and ISO 8601 dates. Pure functions; no network.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "sync/open311.hpp"

namespace {

namespace o = wk::open311;

// The one value of `key` in a decoded form; fails the test when absent or repeated.
std::string one(const std::multimap<std::string, std::string>& form, const std::string& key) {
    EXPECT_EQ(form.count(key), 1u) << key;
    auto it = form.find(key);
    return it == form.end() ? std::string("<missing>") : it->second;
}

// [SECTION] forms
TEST(Open311Form, UrlEncodeKeepsOnlyUnreservedCharacters) {
    EXPECT_EQ(o::url_encode("AZaz09-_.~"), "AZaz09-_.~");
    EXPECT_EQ(o::url_encode(" "), "%20");
    EXPECT_EQ(o::url_encode("&=+%/?#"), "%26%3D%2B%25%2F%3F%23");
    EXPECT_EQ(o::url_encode("đ"), "%C4%91");
    EXPECT_EQ(o::url_encode(std::string("\0\n", 2)), "%00%0A");
}

TEST(Open311Form, EncodeDecodeRoundTripWithVietnameseAndSpecialCharacters) {
    o::PostRequest r;
    r.api_key = "demo-kiosk-key";
    r.jurisdiction_id = "hanoi.gov.vn";
    r.service_code = "moi-truong";
    r.description = "Rác & nước thải = ô nhiễm + mùi hôi 100%\nDòng hai; a=b&c=d";
    r.address_string = "Ngõ 12 Đội Cấn, Phường Điện Biên";
    r.lat = 21.0333;
    r.lon = 105.8372;
    r.device_id = "kiosk-0001";
    r.first_name = "Nguyễn Thị Hương";
    r.phone = "+84 912 345 678";
    r.attributes = {{"channel", "assisted"}, {"receipt", "001-ABC-DEF"}, {"ward", "Phường Đội Cấn"}};
    std::string body = o::encode_form(r);
    EXPECT_EQ(body.find(' '), std::string::npos);
    EXPECT_EQ(body.find('+'), std::string::npos) << "a literal '+' would decode as a space";
    EXPECT_EQ(body.find('\n'), std::string::npos);
    for (char c : body) EXPECT_LT(static_cast<unsigned char>(c), 0x80) << body;

    auto form = o::decode_form(body);
    ASSERT_TRUE(form.has_value()) << body;
    EXPECT_EQ(one(*form, "api_key"), r.api_key);
    EXPECT_EQ(one(*form, "jurisdiction_id"), r.jurisdiction_id);
    EXPECT_EQ(one(*form, "service_code"), r.service_code);
    EXPECT_EQ(one(*form, "description"), r.description);
    EXPECT_EQ(one(*form, "address_string"), r.address_string);
    EXPECT_NEAR(std::stod(one(*form, "lat")), *r.lat, 1e-7);
    EXPECT_NEAR(std::stod(one(*form, "long")), *r.lon, 1e-7);
    EXPECT_EQ(one(*form, "device_id"), r.device_id);
    EXPECT_EQ(one(*form, "first_name"), r.first_name);
    EXPECT_EQ(one(*form, "phone"), r.phone);
    EXPECT_EQ(one(*form, "attribute[channel]"), "assisted");
    EXPECT_EQ(one(*form, "attribute[receipt]"), "001-ABC-DEF");
    EXPECT_EQ(one(*form, "attribute[ward]"), "Phường Đội Cấn");
    EXPECT_EQ(form->size(), 13u);
}

TEST(Open311Form, OptionalFieldsAreLeftOut) {
    o::PostRequest r;
    r.service_code = "khac";
    r.description = "x";
    r.lat = 21.0;  // a latitude without a longitude is not a position
    auto form = o::decode_form(o::encode_form(r));
    ASSERT_TRUE(form.has_value());
    EXPECT_EQ(form->size(), 2u);
    EXPECT_EQ(one(*form, "service_code"), "khac");
    EXPECT_EQ(one(*form, "description"), "x");
    for (const char* k : {"api_key", "jurisdiction_id", "address_string", "lat", "long", "device_id", "first_name",
                          "phone"})
        EXPECT_EQ(form->count(k), 0u) << k;
    // Negative coordinates survive too.
    r.lat = -33.8688;
    r.lon = -70.6693;
    form = o::decode_form(o::encode_form(r));
    EXPECT_NEAR(std::stod(one(*form, "lat")), -33.8688, 1e-7);
    EXPECT_NEAR(std::stod(one(*form, "long")), -70.6693, 1e-7);
}

TEST(Open311Form, DecodeFormHandlesPlusEmptyPairsAndRepeats) {
    auto f = o::decode_form("a=b+c&&b=%2B&c=%c3%a9&d&e=&a=2&f=1=2");
    ASSERT_TRUE(f.has_value());
    EXPECT_EQ(f->count("a"), 2u);
    auto range = f->equal_range("a");
    std::vector<std::string> as;
    for (auto it = range.first; it != range.second; ++it) as.push_back(it->second);
    EXPECT_EQ(as, (std::vector<std::string>{"b c", "2"}));
    EXPECT_EQ(one(*f, "b"), "+");
    EXPECT_EQ(one(*f, "c"), "é");
    EXPECT_EQ(one(*f, "d"), "");
    EXPECT_EQ(one(*f, "e"), "");
    EXPECT_EQ(one(*f, "f"), "1=2");
    auto empty = o::decode_form("");
    ASSERT_TRUE(empty.has_value());
    EXPECT_TRUE(empty->empty());
}

TEST(Open311Form, DecodeFormRejectsBadEscapes) {
    for (const char* bad : {"a=%", "a=%4", "a=%zz", "a=%4g", "a=%g4", "%4=1", "a=1&b=%", "a=%%41", "a=100%"})
        EXPECT_FALSE(o::decode_form(bad).has_value()) << bad;
    EXPECT_TRUE(o::decode_form("a=%41").has_value());
    EXPECT_EQ(one(*o::decode_form("a=%41"), "a"), "A");
    EXPECT_EQ(one(*o::decode_form("x=1&a=%41"), "a"), "A");
}

// [SECTION] client side
TEST(Open311Post, AcceptsAnIdOrAToken) {
    std::string why;
    auto r = o::parse_post_response(R"([{"service_request_id":"HN-001","service_notice":"Cảm ơn","account_id":null}])",
                                    why);
    ASSERT_TRUE(r.has_value()) << why;
    EXPECT_EQ(r->service_request_id, "HN-001");
    EXPECT_EQ(r->token, "");
    EXPECT_EQ(r->service_notice, "Cảm ơn");

    r = o::parse_post_response(R"([{"token":"abc-123","service_notice":""}])", why);
    ASSERT_TRUE(r.has_value()) << why;
    EXPECT_EQ(r->token, "abc-123");
    EXPECT_EQ(r->service_request_id, "");

    r = o::parse_post_response(R"([{"service_request_id":null,"token":"t1"}])", why);
    ASSERT_TRUE(r.has_value()) << why;
    EXPECT_EQ(r->token, "t1");
    r = o::parse_post_response(R"([{"service_request_id":"","token":"t2"}])", why);
    ASSERT_TRUE(r.has_value()) << why;
    EXPECT_EQ(r->token, "t2");
}

TEST(Open311Post, AcceptsNumbersAsIds) {
    std::string why;
    auto r = o::parse_post_response(R"([{"service_request_id":12345}])", why);
    ASSERT_TRUE(r.has_value()) << why;
    EXPECT_EQ(r->service_request_id, "12345");
    r = o::parse_post_response(R"([{"token":987654321012}])", why);
    ASSERT_TRUE(r.has_value()) << why;
    EXPECT_EQ(r->token, "987654321012");
    r = o::parse_post_response(R"([{"service_request_id":18446744073709551615}])", why);
    ASSERT_TRUE(r.has_value()) << why;
    EXPECT_EQ(r->service_request_id, "18446744073709551615");
}

TEST(Open311Post, RejectsBodiesThatAreNotASuccess) {
    const std::vector<std::string> bad = {
        "<!DOCTYPE html><html><head><title>Wi-Fi login</title></head><body>Đăng nhập</body></html>",
        R"([{"service_request_id":"HN-001")",
        R"([{"service_request_id":"HN-0)",
        "[]",
        R"({"service_request_id":"HN-001"})",
        R"([{"service_request_id":"HN-001","token":"abc"}])",
        R"([{"service_notice":"no id"}])",
        R"([{"code":403,"description":"Invalid api_key"}])",
        R"(["HN-001"])",
        "",
        "null",
        "200 OK",
    };
    for (const std::string& body : bad) {
        std::string why;
        EXPECT_FALSE(o::parse_post_response(body, why).has_value()) << body;
        EXPECT_FALSE(why.empty()) << "a rejection must say why: " << body;
    }
}

TEST(Open311Requests, ParsesAndLowerCasesStatus) {
    std::string why;
    auto r = o::parse_requests(R"([
      {"service_request_id":"HN-1","status":"OPEN","status_notes":"Đã tiếp nhận","service_name":"Môi trường",
       "service_code":"moi-truong","description":"Rác","agency_responsible":"UBND phường",
       "requested_datetime":"2026-11-28T12:00:00+07:00","updated_datetime":"2026-11-28T13:00:00+07:00",
       "expected_datetime":"2026-12-01T00:00:00+07:00","address":"Ngõ 12","lat":21.0333,"long":"105.8372"},
      {"service_request_id":42,"status":"In_Progress"},
      {"service_request_id":"HN-3","status":"Closed","lat":null,"long":"không"}
    ])",
                               why);
    ASSERT_TRUE(r.has_value()) << why;
    ASSERT_EQ(r->size(), 3u);
    const auto& a = (*r)[0];
    EXPECT_EQ(a.service_request_id, "HN-1");
    EXPECT_EQ(a.status, "open");
    EXPECT_EQ(a.status_notes, "Đã tiếp nhận");
    EXPECT_EQ(a.service_name, "Môi trường");
    EXPECT_EQ(a.service_code, "moi-truong");
    EXPECT_EQ(a.description, "Rác");
    EXPECT_EQ(a.agency_responsible, "UBND phường");
    EXPECT_EQ(a.requested_datetime, "2026-11-28T12:00:00+07:00");
    EXPECT_EQ(a.updated_datetime, "2026-11-28T13:00:00+07:00");
    EXPECT_EQ(a.expected_datetime, "2026-12-01T00:00:00+07:00");
    EXPECT_EQ(a.address, "Ngõ 12");
    ASSERT_TRUE(a.lat && a.lon);
    EXPECT_DOUBLE_EQ(*a.lat, 21.0333);
    EXPECT_DOUBLE_EQ(*a.lon, 105.8372);
    EXPECT_EQ((*r)[1].service_request_id, "42");
    EXPECT_EQ((*r)[1].status, "in_progress");
    EXPECT_FALSE((*r)[1].lat.has_value());
    EXPECT_EQ((*r)[2].status, "closed");
    EXPECT_FALSE((*r)[2].lat.has_value());
    EXPECT_FALSE((*r)[2].lon.has_value());

    auto none = o::parse_requests("[]", why);
    ASSERT_TRUE(none.has_value()) << "no requests is a valid answer";
    EXPECT_TRUE(none->empty());
}

TEST(Open311Requests, RejectsWrongShapes) {
    for (const char* body : {"<html>captive</html>", R"({"service_request_id":"1"})", R"([{"status":"open"}])",
                             R"([{"service_request_id":"1"}, 5])", R"([{"service_request_id":"1")", ""}) {
        std::string why;
        EXPECT_FALSE(o::parse_requests(body, why).has_value()) << body;
        EXPECT_FALSE(why.empty()) << body;
    }
}

TEST(Open311Errors, ParsesAnErrorArrayAndNothingElse) {
    auto e = o::parse_errors(R"([{"code":403,"description":"Invalid api_key"},{"code":"400","description":"Thiếu mô tả"}])");
    ASSERT_EQ(e.size(), 2u);
    EXPECT_EQ(e[0].code, "403");
    EXPECT_EQ(e[0].description, "Invalid api_key");
    EXPECT_EQ(e[1].code, "400");
    EXPECT_EQ(e[1].description, "Thiếu mô tả");
    EXPECT_TRUE(o::parse_errors("<html>502 Bad Gateway</html>").empty());
    EXPECT_TRUE(o::parse_errors(R"([{"service_request_id":"1"}])").empty());
    EXPECT_TRUE(o::parse_errors(R"({"code":403,"description":"x"})").empty());
    EXPECT_TRUE(o::parse_errors("").empty());
    EXPECT_TRUE(o::parse_errors("[]").empty());
}

// [SECTION] server side through the client's parsers
TEST(Open311RoundTrip, PostResponse) {
    std::string why;
    auto id = o::parse_post_response(o::post_response_json({"HN-2026-1", "", "Cảm ơn bạn"}), why);
    ASSERT_TRUE(id.has_value()) << why;
    EXPECT_EQ(id->service_request_id, "HN-2026-1");
    EXPECT_EQ(id->token, "");
    EXPECT_EQ(id->service_notice, "Cảm ơn bạn");
    auto tok = o::parse_post_response(o::post_response_json({"", "tok-1", ""}), why);
    ASSERT_TRUE(tok.has_value()) << why;
    EXPECT_EQ(tok->token, "tok-1");
    EXPECT_EQ(tok->service_request_id, "");
}

TEST(Open311RoundTrip, Requests) {
    std::vector<o::ServiceRequest> in(2);
    in[0] = {"HN-1", "in_progress", "Đang xử lý \"gấp\"", "Môi trường", "moi-truong", "Rác\nthải",
             "UBND phường Điện Biên", "2026-11-28T12:00:00Z", "2026-11-28T13:00:00Z", "", "Ngõ 12",
             21.0333, 105.8372};
    in[1].service_request_id = "HN-2";
    in[1].status = "closed";
    std::string why;
    auto out = o::parse_requests(o::requests_json(in), why);
    ASSERT_TRUE(out.has_value()) << why;
    ASSERT_EQ(out->size(), 2u);
    for (size_t i = 0; i < 2; ++i) {
        const auto& a = in[i];
        const auto& b = (*out)[i];
        EXPECT_EQ(a.service_request_id, b.service_request_id);
        EXPECT_EQ(a.status, b.status);
        EXPECT_EQ(a.status_notes, b.status_notes);
        EXPECT_EQ(a.service_name, b.service_name);
        EXPECT_EQ(a.service_code, b.service_code);
        EXPECT_EQ(a.description, b.description);
        EXPECT_EQ(a.agency_responsible, b.agency_responsible);
        EXPECT_EQ(a.requested_datetime, b.requested_datetime);
        EXPECT_EQ(a.updated_datetime, b.updated_datetime);
        EXPECT_EQ(a.expected_datetime, b.expected_datetime);
        EXPECT_EQ(a.address, b.address);
        EXPECT_EQ(a.lat, b.lat);
        EXPECT_EQ(a.lon, b.lon);
    }
    auto empty = o::parse_requests(o::requests_json({}), why);
    ASSERT_TRUE(empty.has_value());
    EXPECT_TRUE(empty->empty());
}

TEST(Open311RoundTrip, Services) {
    std::vector<o::Service> in = {{"moi-truong", "Môi trường", "Rác, nước thải", "moi-truong", "realtime", false},
                                  {"y-te", "Y tế", "", "xa-hoi", "batch", true}};
    std::string why;
    auto out = o::parse_services(o::services_json(in), why);
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
}

TEST(Open311Services, LenientFieldsAndRejections) {
    std::string why;
    auto s = o::parse_services(R"([{"service_code":1,"service_name":"A","metadata":"true"},
                                   {"service_code":"b","metadata":"false","type":"blackbox"}])",
                               why);
    ASSERT_TRUE(s.has_value()) << why;
    EXPECT_EQ((*s)[0].service_code, "1");
    EXPECT_TRUE((*s)[0].metadata);
    EXPECT_EQ((*s)[0].type, "realtime") << "type defaults to realtime";
    EXPECT_FALSE((*s)[1].metadata);
    EXPECT_EQ((*s)[1].type, "blackbox");
    EXPECT_FALSE(o::parse_services(R"([{"service_name":"no code"}])", why).has_value());
    EXPECT_FALSE(o::parse_services("<html></html>", why).has_value());
}

TEST(Open311RoundTrip, Errors) {
    std::vector<o::ApiError> in = {{"403", "Khóa API không hợp lệ"}, {"400", "service_code \"x\" not found"}};
    auto out = o::parse_errors(o::errors_json(in));
    ASSERT_EQ(out.size(), 2u);
    for (size_t i = 0; i < 2; ++i) {
        EXPECT_EQ(out[i].code, in[i].code);
        EXPECT_EQ(out[i].description, in[i].description);
    }
    std::string why;
    EXPECT_FALSE(o::parse_post_response(o::errors_json(in), why).has_value()) << "an error is never a success";
}

TEST(Open311RoundTrip, ServiceDefinitionWithAListAndAFreeTextQuestion) {
    o::ServiceDefinition in{"cay-xanh",
                            {{"loai", "singlevaluelist", true, true, "Chọn một", 1, "Cây bị làm sao?",
                              {{"do", "Cây đổ"}, {"gay-canh", "Gãy cành"}}},
                             {"ghi-chu", "text", true, false, "", 2, "Mô tả thêm \"nếu có\"", {}},
                             {"luu-y", "string", false, false, "", 3, "Không trèo cây.", {}}}};
    std::string why;
    auto out = o::parse_service_definition(o::service_definition_json(in), why);
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
}

TEST(Open311ServiceDefinition, LenientFieldsAndRejections) {
    std::string why;
    auto d = o::parse_service_definition(
        R"({"service_code":7,"attributes":[{"code":1,"required":"true","order":"4","values":[{"key":2,"name":"Hai"}]}]})",
        why);
    ASSERT_TRUE(d.has_value()) << why;
    EXPECT_EQ(d->service_code, "7");
    ASSERT_EQ(d->attributes.size(), 1u);
    EXPECT_EQ(d->attributes[0].code, "1");
    EXPECT_TRUE(d->attributes[0].required);
    EXPECT_TRUE(d->attributes[0].variable) << "variable defaults to true";
    EXPECT_EQ(d->attributes[0].datatype, "string") << "datatype defaults to string";
    EXPECT_EQ(d->attributes[0].order, 4);
    EXPECT_EQ(d->attributes[0].values.at(0).first, "2");
    for (const char* bad : {"[]", R"([{"service_code":"a","attributes":[]}])", R"({"attributes":[]})",
                            R"({"service_code":"a"})", R"({"service_code":"a","attributes":[{"required":true}]})",
                            R"({"service_code":"a","attributes":[{"code":"x","values":{"key":"k"}}]})",
                            R"({"service_code":"a","attributes":[{"code":"x","values":[{"name":"no key"}]}]})",
                            "<html><body>Đăng nhập Wi-Fi</body></html>", R"({"service_code":"a","attr)"}) {
        why.clear();
        EXPECT_FALSE(o::parse_service_definition(bad, why).has_value()) << bad;
        EXPECT_FALSE(why.empty()) << bad;
    }
}

TEST(Open311RoundTrip, UpdatesAndTheirStatusesInLowerCase) {
    std::vector<o::RequestUpdate> in = {
        {"UPD-1", "HN-2026-000001", "in_progress", "Đã giao đội <vệ sinh> & môi trường", "2026-11-28T03:30:00Z", ""},
        {"UPD-2", "HN-2026-000002", "fixed", "", "2026-11-29T00:00:00Z", "https://example.vn/a.jpg"}};
    std::string why;
    auto out = o::parse_updates(o::updates_json(in), why);
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
    auto lenient = o::parse_updates(R"([{"update_id":5,"service_request_id":6,"status":"FIXED"}])", why);
    ASSERT_TRUE(lenient.has_value()) << why;
    EXPECT_EQ((*lenient)[0].update_id, "5");
    EXPECT_EQ((*lenient)[0].status, "fixed");
    EXPECT_TRUE(o::parse_updates("[]", why).value().empty());
    for (const char* bad : {R"([{"service_request_id":"a"}])", R"([{"update_id":"a"}])", R"({"update_id":"a"})",
                            "<html></html>", "[{"}) {
        why.clear();
        EXPECT_FALSE(o::parse_updates(bad, why).has_value()) << bad;
        EXPECT_FALSE(why.empty()) << bad;
    }
}

// [SECTION] dates
constexpr wk::UnixMs kNov28Noon = 1795867200LL * 1000;  // 2026-11-28T12:00:00Z (computed independently)

TEST(Open311Dates, Iso8601Formats) {
    EXPECT_EQ(o::iso8601(0), "1970-01-01T00:00:00Z");
    EXPECT_EQ(o::iso8601(kNov28Noon), "2026-11-28T12:00:00Z");
    EXPECT_EQ(o::iso8601(kNov28Noon + 999), "2026-11-28T12:00:00Z");
    EXPECT_EQ(o::iso8601(951868799LL * 1000), "2000-02-29T23:59:59Z");
    EXPECT_EQ(o::iso8601(2147483648LL * 1000), "2038-01-19T03:14:08Z");
}

TEST(Open311Dates, ParseWithZoneAndFraction) {
    EXPECT_EQ(o::parse_iso8601("2026-11-28T12:00:00Z"), kNov28Noon);
    EXPECT_EQ(o::parse_iso8601("2026-11-28T12:00:00z"), kNov28Noon);
    EXPECT_EQ(o::parse_iso8601("2026-11-28T19:00:00+07:00"), kNov28Noon);
    EXPECT_EQ(o::parse_iso8601("2026-11-28T06:30:00-05:30"), kNov28Noon);
    EXPECT_EQ(o::parse_iso8601("2026-11-29T02:00:00+14:00"), kNov28Noon);
    EXPECT_EQ(o::parse_iso8601("2026-11-28T12:00:00+00:00"), kNov28Noon);
    EXPECT_EQ(o::parse_iso8601("2026-11-28T12:00:01Z"), kNov28Noon + 1000);
    // Fractional seconds are accepted; the result stays within that second.
    for (const char* s : {"2026-11-28T12:00:00.5Z", "2026-11-28T12:00:00.123456Z", "2026-11-28T19:00:00.250+07:00"}) {
        auto t = o::parse_iso8601(s);
        ASSERT_TRUE(t.has_value()) << s;
        EXPECT_GE(*t, kNov28Noon) << s;
        EXPECT_LT(*t, kNov28Noon + 1000) << s;
    }
    EXPECT_EQ(o::parse_iso8601("2000-02-29T23:59:59Z"), 951868799LL * 1000);
}

TEST(Open311Dates, RoundTrip) {
    for (wk::UnixMs t = 0; t < 4'000'000'000'000; t += 7'777'777'777) {
        wk::UnixMs whole = t - t % 1000;
        EXPECT_EQ(o::parse_iso8601(o::iso8601(t)), whole) << o::iso8601(t);
    }
}

TEST(Open311Dates, RejectsAmbiguousOrMalformedDates) {
    for (const char* s : {"2026-11-28T12:00:00",  // no zone
                          "2026-11-28", "", "hôm nay", "2026-11-28T12:00Z", "2026-11-28T12:00:00+0700",
                          "2026-11-28T12:00:00+07", "2026-11-28T12:00:00Zjunk", "2026-11-28T12:00:00.Q",
                          "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-11-32T00:00:00Z",
                          "2026-11-28T24:00:00Z", "2026-11-28T12:60:00Z", "2026-11-28T-1:00:00Z",
                          "2026-11-28T12:-5:00Z", "2026-02-30T00:00:00Z", "2026-04-31T00:00:00Z"})
        EXPECT_FALSE(o::parse_iso8601(s).has_value()) << s;
}

}  // namespace
