// The reference portal as other Open311 clients meet it, over real loopback HTTP with
// libcurl as the third-party client (its own multipart encoder, not httplib's): a
// photo sent as the multipart media part (re-encoded upright, metadata gone, public
// only once an officer approves it), hostile files refused with nothing stored,
// address_id as the only location, media_url kept, answers that leave empty optional
// fields out in JSON and XML, range-checked numbers and time zones, and the security
// headers every answer carries.
// [SECTION] client  [SECTION] photos  [SECTION] hostile files  [SECTION] fields
// [SECTION] answers  [SECTION] headers
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <stb/stb_image.h>

#include <nlohmann/json.hpp>
#include <set>

#include "photo.hpp"
#include "portal_fixture.hpp"
#include "test_pictures.hpp"
#include "sync/field_limits.hpp"
#include "sync/open311_xml.hpp"

namespace {
using namespace wk;
using wk::test::two_colours;
using wk::test::camera_jpeg;
using wk::test::jpeg_segment;
using nlohmann::json;
using wk::test::PortalFixture;

// [SECTION] client
struct Part {
    std::string name, value, filename, type;  // a file part when filename is set
};

struct Answer {
    long status = 0;
    std::string body;
};

static size_t collect(char* data, size_t size, size_t n, void* out) {
    static_cast<std::string*>(out)->append(data, size * n);
    return size * n;
}

class PortalClients : public PortalFixture {
  protected:
    std::string url(const std::string& path) { return "http://127.0.0.1:" + std::to_string(m_server->port()) + path; }

    Answer send_multipart(const std::string& path, const std::vector<Part>& parts) {
        CURL* c = curl_easy_init();
        curl_mime* mime = curl_mime_init(c);
        for (const Part& p : parts) {
            curl_mimepart* m = curl_mime_addpart(mime);
            curl_mime_name(m, p.name.c_str());
            curl_mime_data(m, p.value.data(), p.value.size());
            if (!p.filename.empty()) curl_mime_filename(m, p.filename.c_str());
            if (!p.type.empty()) curl_mime_type(m, p.type.c_str());
        }
        Answer a;
        std::string target = url(path);
        curl_easy_setopt(c, CURLOPT_URL, target.c_str());
        curl_easy_setopt(c, CURLOPT_MIMEPOST, mime);
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
        curl_easy_setopt(c, CURLOPT_WRITEDATA, &a.body);
        curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
        EXPECT_EQ(curl_easy_perform(c), CURLE_OK);
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &a.status);
        curl_mime_free(mime);
        curl_easy_cleanup(c);
        return a;
    }

    std::vector<Part> fields(const std::string& description = "Ổ gà lớn trước số 5 Hàng Bông.") {
        return {{"api_key", test::kPortalKey, "", ""},
                {"service_code", "moi-truong", "", ""},
                {"description", description, "", ""},
                {"lat", "21.0300", "", ""},
                {"long", "105.8480", "", ""}};
    }
    Answer file_with(const std::string& bytes, const std::string& filename = "IMG_0042.jpg",
                     const std::string& type = "image/jpeg") {
        auto parts = fields();
        parts.push_back({"media", bytes, filename, type});
        return send_multipart("/open311/v2/requests.json", parts);
    }
    static std::string id_of(const Answer& a) {
        json j = json::parse(a.body, nullptr, false);
        return j.is_array() && !j.empty() ? j[0].value("service_request_id", "") : "";
    }
    json request_json(const std::string& id) {
        json j = json::parse(get_ok("requests/" + id + ".json"), nullptr, false);
        EXPECT_TRUE(j.is_array() && j.size() == 1);
        return j.is_array() && j.size() == 1 ? j[0] : json::object();
    }
    static std::string first_error(const Answer& a) {
        auto e = open311::parse_errors(a.body);
        return e.empty() ? "(no error: " + a.body + ")" : e.front().description;
    }
};

// [SECTION] photos
TEST_F(PortalClients, APhotoSentAsMultipartIsStoredUprightWithoutItsMetadata) {
    std::string sent = camera_jpeg(400, 200);
    ASSERT_EQ(portal::exif_orientation(sent), 6);
    Answer a = file_with(sent);
    ASSERT_EQ(a.status, 201) << a.body;
    std::string id = id_of(a);
    auto media = m_store->media(id);
    ASSERT_EQ(media.size(), 1u);
    EXPECT_EQ(media[0].width, 200);  // turned as the camera said
    EXPECT_EQ(media[0].height, 400);
    auto stored = m_store->media_jpeg(media[0].name, false);
    ASSERT_TRUE(stored);
    for (const char* gone : {"Exif", "GPS", "21.0285", "Canon", "xap"})
        EXPECT_EQ(stored->find(gone), std::string::npos) << gone;
    EXPECT_EQ(portal::exif_orientation(*stored), 1);
    int w = 0, h = 0, n = 0;
    std::unique_ptr<stbi_uc, void (*)(void*)> px(
        stbi_load_from_memory(reinterpret_cast<const stbi_uc*>(stored->data()), static_cast<int>(stored->size()), &w,
                              &h, &n, 3),
        stbi_image_free);
    ASSERT_TRUE(px);
    ASSERT_EQ(w, 200);
    const stbi_uc* top = px.get() + (10 * w + 100) * 3;  // the left half of the picture is now on top
    const stbi_uc* bottom = px.get() + (390 * w + 100) * 3;
    EXPECT_GT(top[0], 150);
    EXPECT_LT(top[2], 100);
    EXPECT_GT(bottom[2], 150);
    EXPECT_LT(bottom[0], 100);
}

TEST_F(PortalClients, APhotoIsPublicOnlyOnceAnOfficerApprovesIt) {
    Answer a = file_with(two_colours(2400, 1200, true), "anh.png", "image/png");
    ASSERT_EQ(a.status, 201) << a.body;
    std::string id = id_of(a);
    auto media = m_store->media(id);
    ASSERT_EQ(media.size(), 1u);
    EXPECT_EQ(media[0].width, 1600);  // shrunk to 1600 on the long side
    EXPECT_EQ(media[0].height, 800);
    std::string path = "/media/" + media[0].name + ".jpg";
    EXPECT_FALSE(request_json(id).contains("media_url"));
    auto hidden = m_http->Get(path.c_str());
    ASSERT_TRUE(hidden);
    EXPECT_EQ(hidden->status, 404);

    ASSERT_TRUE(m_store->approve_media(id, media[0].name, "can-bo-1", m_now.load()));
    EXPECT_FALSE(m_store->approve_media(id, media[0].name, "can-bo-1", m_now.load()));  // once
    EXPECT_EQ(request_json(id).value("media_url", ""), "https://phananh.example.vn" + path);
    std::string why;
    auto xml = open311::xml::parse_requests(get_ok("requests/" + id + ".xml"), why);
    ASSERT_TRUE(xml) << why;
    EXPECT_EQ((*xml)[0].media_url, "https://phananh.example.vn" + path);
    auto shown = m_http->Get(path.c_str());
    ASSERT_TRUE(shown);
    EXPECT_EQ(shown->status, 200);
    EXPECT_EQ(shown->get_header_value("Content-Type"), "image/jpeg");
    EXPECT_EQ(shown->get_header_value("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(shown->body, *m_store->media_jpeg(media[0].name, true));
}

TEST_F(PortalClients, AMultipartFormWithoutAFileIsAnOrdinaryReport) {
    Answer a = send_multipart("/open311/v2/requests.xml", fields("Đèn đường hỏng cả tuần."));
    ASSERT_EQ(a.status, 201) << a.body;
    EXPECT_EQ(m_store->counts().requests, 1);
    std::string why;
    auto r = open311::xml::parse_post_response(a.body, why);
    ASSERT_TRUE(r) << why;
    EXPECT_TRUE(m_store->media(r->service_request_id).empty());
    EXPECT_EQ(m_store->request(r->service_request_id)->description, "Đèn đường hỏng cả tuần.");
}

// [SECTION] hostile files: each refused with a message that says why, nothing stored.
TEST_F(PortalClients, HostileFilesAreRefusedWithAReasonAndNothingIsStored) {
    std::string jpeg = two_colours(64, 64, false);
    std::string huge_png = two_colours(8, 8, true);  // IHDR claims 30,000 x 30,000
    for (int i : {16, 20}) huge_png[i] = 0, huge_png[i + 1] = 0, huge_png[i + 2] = 0x75, huge_png[i + 3] = 0x30;
    std::string gif = "GIF89a" + std::string(100, '\x01');
    struct Case {
        std::string what, bytes, filename, expect;
    } cases[] = {
        {"a script named .jpg", "<script>alert(1)</script>", "x.jpg", "JPEG or PNG"},
        {"a GIF", gif, "x.gif", "JPEG or PNG"},
        {"a cut-off JPEG", jpeg.substr(0, 40), "x.jpg", "damaged or cut off"},
        {"a 30,000 px PNG", huge_png, "x.png", "too large"},
        {"an HTML polyglot after a JPEG header", "\xFF\xD8\xFF\xE0<html><script>", "x.jpg", "damaged"},
        {"an empty file", "", "x.jpg", "empty"},
        {"8 MiB and a little", "\xFF\xD8\xFF" + std::string(kMaxMediaBytes, 'a'), "x.jpg", "larger than 8 MiB"},
        {"10 MiB", "\xFF\xD8\xFF" + std::string(10 << 20, 'a'), "x.jpg", "a photo 8 MiB"},
    };
    for (const Case& c : cases) {
        Answer a = file_with(c.bytes, c.filename);
        EXPECT_EQ(a.status, 400) << c.what;
        EXPECT_NE(first_error(a).find(c.expect), std::string::npos) << c.what << ": " << first_error(a);
    }
    auto two = fields();
    two.push_back({"media", jpeg, "a.jpg", "image/jpeg"});
    two.push_back({"media", jpeg, "b.jpg", "image/jpeg"});
    Answer a = send_multipart("/open311/v2/requests.json", two);
    EXPECT_EQ(a.status, 400);
    EXPECT_NE(first_error(a).find("one media file"), std::string::npos) << first_error(a);
    auto other = fields();
    other.push_back({"photo", jpeg, "a.jpg", "image/jpeg"});
    a = send_multipart("/open311/v2/requests.json", other);
    EXPECT_EQ(a.status, 400);
    EXPECT_NE(first_error(a).find("named media"), std::string::npos) << first_error(a);
    auto update = std::vector<Part>{{"api_key", test::kPortalKey, "", ""}, {"media", jpeg, "a.jpg", "image/jpeg"}};
    a = send_multipart("/open311/v2/servicerequestupdates.json", update);
    EXPECT_EQ(a.status, 400);
    EXPECT_NE(first_error(a).find("takes no file"), std::string::npos) << first_error(a);
    EXPECT_EQ(m_store->counts().requests, 0);
    auto media_rows = m_store->db().prepare("SELECT COUNT(*) FROM media");
    ASSERT_TRUE(media_rows.step());
    EXPECT_EQ(media_rows.int_at(0), 0);
}

// [SECTION] fields
TEST_F(PortalClients, AnAddressIdAloneLocatesAReportAndComesBack) {
    auto r = post_form("requests.json", "api_key=" + std::string(test::kPortalKey) +
                                            "&service_code=moi-truong&description=Rac&address_id=HN-DD-0042");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 201) << r->body;
    std::string id = json::parse(r->body)[0]["service_request_id"];
    EXPECT_EQ(request_json(id).value("address_id", ""), "HN-DD-0042");
    EXPECT_FALSE(request_json(id).contains("lat"));
    std::string why;
    auto xml = open311::xml::parse_requests(get_ok("requests/" + id + ".xml"), why);
    ASSERT_TRUE(xml) << why;
    EXPECT_EQ((*xml)[0].address_id, "HN-DD-0042");
    auto none = post_form("requests.json", "api_key=" + std::string(test::kPortalKey) +
                                               "&service_code=moi-truong&description=Rac");
    ASSERT_TRUE(none);
    EXPECT_EQ(none->status, 400);
    EXPECT_NE(none->body.find("address_id"), std::string::npos) << none->body;
}

TEST_F(PortalClients, AMediaUrlIsKeptAndReturnedInBothFormats) {
    std::string photo = "https://anh.example.org/p/42.jpg?size=large&v=2";
    auto r = post_form("requests.json", "api_key=" + std::string(test::kPortalKey) +
                                            "&service_code=moi-truong&description=Rac&address_string=Ngo%2012"
                                            "&media_url=" + open311::url_encode(photo));
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 201) << r->body;
    std::string id = json::parse(r->body)[0]["service_request_id"];
    EXPECT_EQ(request_json(id).value("media_url", ""), photo);
    std::string why;
    auto xml = open311::xml::parse_requests(get_ok("requests/" + id + ".xml"), why);
    ASSERT_TRUE(xml) << why;
    EXPECT_EQ((*xml)[0].media_url, photo);
    auto parsed = open311::parse_requests(get_ok("requests/" + id + ".json"), why);
    ASSERT_TRUE(parsed) << why;
    EXPECT_EQ((*parsed)[0].media_url, photo);
    for (const char* bad : {"javascript:alert(1)", "ftp://anh.example.org/1.jpg", "/relative.jpg",
                            "https://a b.example.org/"}) {
        auto res = post_form("requests.json", "api_key=" + std::string(test::kPortalKey) +
                                                  "&service_code=moi-truong&description=Rac&address_string=Ngo"
                                                  "&media_url=" + open311::url_encode(bad));
        ASSERT_TRUE(res);
        EXPECT_EQ(res->status, 400) << bad;
        EXPECT_NE(res->body.find("http or https"), std::string::npos) << res->body;
    }
}

TEST_F(PortalClients, CoordinatesMustBePlainDecimalDegreesInRange) {
    auto post_at = [&](const std::string& lat, const std::string& lon) {
        return post_form("requests.json", "api_key=" + std::string(test::kPortalKey) +
                                              "&service_code=moi-truong&description=Rac&lat=" +
                                              open311::url_encode(lat) + "&long=" + open311::url_encode(lon));
    };
    for (auto [lat, lon] : std::vector<std::pair<std::string, std::string>>{
             {"0x10", "105"}, {"1e1", "105"}, {"inf", "105"}, {"nan", "105"}, {"21", "0x69"}, {"21.", "."},
             {"21", ""}, {" 21", "105-"}, {"91", "105"}, {"21", "-180.5"}}) {
        auto r = post_at(lat, lon);
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 400) << lat << "," << lon << ": " << r->body;
    }
    auto range = post_at("91", "105");
    EXPECT_NE(range->body.find("between -90 and 90"), std::string::npos) << range->body;
    for (auto [lat, lon] : std::vector<std::pair<std::string, std::string>>{
             {"21.0285", "105.8542"}, {"-90", "+180"}, {".5", "-0.25"}}) {
        auto r = post_at(lat, lon);
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 201) << lat << "," << lon << ": " << r->body;
    }
    EXPECT_EQ(m_store->counts().requests, 3);
}

TEST_F(PortalClients, TimeZonesOutsideTheWorldsAreRefused) {
    for (const char* zone : {"+99:99", "+14:01", "-12:01", "+07:60", "+7:00", "+0700"}) {
        auto r = get(std::string("requests.json?start_date=") + open311::url_encode(std::string("2026-11-20T00:00:00") + zone));
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 400) << zone;
        EXPECT_FALSE(open311::parse_iso8601(std::string("2026-11-20T00:00:00") + zone)) << zone;
    }
    for (const char* zone : {"+14:00", "-12:00", "+07:00", "+05:45", "Z"}) {
        auto r = get(std::string("requests.json?start_date=") + open311::url_encode(std::string("2026-11-20T00:00:00") + zone));
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 200) << zone << ": " << r->body;
    }
}

// [SECTION] answers: no empty optional field, every key one the spec lists.
static void expect_no_empty_values(const json& answer, const std::set<std::string>& spec_keys, const std::string& what) {
    ASSERT_TRUE(answer.is_array()) << what;
    for (const json& o : answer)
        for (auto it = o.begin(); it != o.end(); ++it) {
            EXPECT_TRUE(spec_keys.count(it.key())) << what << ": " << it.key() << " is not in the spec's list";
            EXPECT_FALSE(it->is_null()) << what << ": " << it.key() << " is null";
            EXPECT_FALSE(it->is_string() && it->get<std::string>().empty()) << what << ": " << it.key() << " is \"\"";
        }
}

TEST_F(PortalClients, EmptyOptionalFieldsAreLeftOutOfJsonAndXml) {
    auto posted = post(report());
    ASSERT_TRUE(posted && posted->status == 201);
    expect_no_empty_values(json::parse(posted->body), {"service_request_id", "token", "service_notice", "account_id"},
                           "POST /requests");
    auto u = post_form("servicerequestupdates.json", "api_key=" + std::string(test::kPortalKey) +
                                                         "&service_request_id=" +
                                                         json::parse(posted->body)[0]["service_request_id"].get<std::string>() +
                                                         "&status=in_progress");
    ASSERT_TRUE(u && u->status == 201) << (u ? u->body : "");
    const std::set<std::string> request_keys = {
        "service_request_id", "status", "status_notes", "service_name", "service_code", "description",
        "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime",
        "address", "address_id", "zipcode", "lat", "long", "media_url"};
    expect_no_empty_values(json::parse(get_ok("requests.json")), request_keys, "GET /requests");
    expect_no_empty_values(json::parse(get_ok("services.json")),
                           {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"},
                           "GET /services");
    expect_no_empty_values(json::parse(get_ok("servicerequestupdates.json")),
                           {"update_id", "service_request_id", "status", "updated_datetime", "description", "media_url"},
                           "GET /servicerequestupdates");
    for (const char* path : {"requests.xml", "services.xml", "servicerequestupdates.xml"}) {
        std::string xml = get_ok(path);
        EXPECT_EQ(xml.find("/>"), std::string::npos) << path << ": an empty element\n" << xml;
    }
    auto posted_xml = post(report("moi-truong", "Nước ngập sâu."), ".xml");
    ASSERT_TRUE(posted_xml && posted_xml->status == 201);
    EXPECT_EQ(posted_xml->body.find("account_id"), std::string::npos) << posted_xml->body;
    EXPECT_EQ(posted_xml->body.find("/>"), std::string::npos) << posted_xml->body;
}

// [SECTION] headers
TEST_F(PortalClients, EveryAnswerForbidsSniffingAndHtmlPagesCarryAStrictPolicy) {
    auto posted = post(report());
    ASSERT_TRUE(posted && posted->status == 201);
    for (const char* path : {"/open311/v2/services.json", "/open311/v2/requests.xml", "/open311/v2/requests/NO-1.json",
                             "/open311/v2/nothing.json", "/lookup/AAAAAAAAA", "/wardkiosk/v1/receipts/x.json"}) {
        auto r = m_http->Get(path);
        ASSERT_TRUE(r) << path;
        EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff") << path << " " << r->status;
        std::string csp = r->get_header_value("Content-Security-Policy");
        EXPECT_EQ(csp.rfind("default-src 'none'", 0), 0u) << path << ": " << csp;
        EXPECT_EQ(csp.find("script-src"), std::string::npos) << path << ": " << csp;
    }
    Answer a = file_with("not a photo");
    EXPECT_EQ(a.status, 400);
}

}  // namespace
