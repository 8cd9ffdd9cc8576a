// Photos a citizen adds from their phone (issue 16) over real loopback HTTP, with
// libcurl as the phone's browser (its own multipart encoder) and a real SQLite file:
// the receipt's signed link (<public_url>/photos/<CODE>?k=&x=&s=) opens the page and
// takes photos; a photo sent before the report arrives waits for it and joins it when
// the kiosk files it; stored photos are re-encoded upright, at most 1600 px, without
// metadata, and public only once an officer approves them; expired, forged, mismatched
// and malformed links are refused with nothing stored; five photos a code at most;
// hostile files are refused with a reason; a closed case takes no more photos; photos
// whose report never came are pruned after 30 days. No mocks.
// [SECTION] helpers  [SECTION] fixture  [SECTION] before and after the report
// [SECTION] links  [SECTION] limits  [SECTION] hostile files  [SECTION] closed cases
// [SECTION] pruning  [SECTION] the page
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <stb/stb_image.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <variant>
#include <vector>

#include "phone_routes.hpp"
#include "photo.hpp"
#include "portal_fixture.hpp"
#include "test_pictures.hpp"
#include "sync/field_limits.hpp"
#include "sync/photo_link.hpp"
#include "sync/receipt_code.hpp"

namespace {
using namespace wk;
using wk::test::two_colours;
using wk::test::camera_jpeg;
using wk::test::jpeg_segment;
using nlohmann::json;
using open311::url_encode;
using wk::test::kPortalKey;
using wk::test::PortalFixture;

const char* const kKiosk2 = "kiosk-2-own-key";
const char* const kKiosk3 = "kiosk-3-own-key";
constexpr int64_t kDayS = 24 * 3600;
constexpr UnixMs kDayMs = kDayS * 1000;

// Wording the tests hold the portal to (phone_page.cpp).
const char* const kExpiredVi = "hết hạn";
const char* const kInvalidVi = "không hợp lệ";
const char* const kWaitingVi = "đang được chuyển lên cổng";

// [SECTION] helpers
struct PhonePart {
    std::string name, value, filename, type;  // a file part when filename is set
};

struct PhoneAnswer {
    long status = 0;
    std::string body, content_type;
    // The JSON answer; an empty object when the body is not JSON (the checks then fail, not throw).
    json j() const {
        json parsed = json::parse(body, nullptr, false);
        return parsed.is_object() ? parsed : json::object();
    }
};

size_t collect_body(char* data, size_t size, size_t n, void* out) {
    static_cast<std::string*>(out)->append(data, size * n);
    return size * n;
}

// The markers of a JPEG's header segments, up to and including the start of scan.
std::vector<unsigned> header_markers(const std::string& j) {
    std::vector<unsigned> out;
    auto at_byte = [&](size_t i) { return static_cast<unsigned>(static_cast<unsigned char>(j[i])); };
    size_t at = 2;
    while (at + 4 <= j.size() && at_byte(at) == 0xFF) {
        unsigned m = at_byte(at + 1);
        out.push_back(m);
        if (m == 0xDA || m == 0xD9) break;
        at += 2 + (at_byte(at + 2) << 8 | at_byte(at + 3));
    }
    return out;
}

struct Pixels {
    int w = 0, h = 0;
    std::vector<unsigned char> rgb;
    const unsigned char* at(int x, int y) const { return &rgb[(static_cast<size_t>(y) * w + x) * 3]; }
};

Pixels decode(const std::string& image) {
    Pixels p;
    int n = 0;
    std::unique_ptr<stbi_uc, void (*)(void*)> px(
        stbi_load_from_memory(reinterpret_cast<const stbi_uc*>(image.data()), static_cast<int>(image.size()), &p.w,
                              &p.h, &n, 3),
        stbi_image_free);
    if (px) p.rgb.assign(px.get(), px.get() + static_cast<size_t>(p.w) * p.h * 3);
    return p;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

int count_of(const std::string& text, const std::string& part) {
    int n = 0;
    for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
    return n;
}

PhonePart photo_part(const std::string& bytes, const std::string& filename = "IMG_2041.jpg",
                     const std::string& type = "image/jpeg") {
    return {"photo", bytes, filename, type};
}

// [SECTION] fixture
// PortalFixture with two kiosks' own keys; its clock (m_now) decides when links expire.
class PhonePhotos : public PortalFixture {
  protected:
    void configure(portal::PortalOptions& o) override { o.kiosk_keys = {{2, kKiosk2}, {3, kKiosk3}}; }

    int64_t now_s() const { return m_now.load() / 1000; }

    // "/photos/CODE?k=&x=&s=": the link kiosk `kiosk` signs with the link key of `api_key`.
    static std::string link(const std::string& code, int kiosk, int64_t expires_s, const std::string& api_key) {
        return photo_link::url("", code, kiosk, expires_s, photo_link::link_key(api_key));
    }
    // Kiosk 2's link for `code`, good for a week from now.
    std::string link(const std::string& code) { return link(code, 2, now_s() + 7 * kDayS, kKiosk2); }

    // A POST as the phone sends it: with `json` as the page's script (Accept:
    // application/json), else as the plain form.
    PhoneAnswer upload(const std::string& target, const std::vector<PhonePart>& parts, bool json_answer = true) {
        CURL* c = curl_easy_init();
        curl_mime* mime = curl_mime_init(c);
        for (const PhonePart& p : parts) {
            curl_mimepart* m = curl_mime_addpart(mime);
            curl_mime_name(m, p.name.c_str());
            curl_mime_data(m, p.value.data(), p.value.size());
            if (!p.filename.empty()) curl_mime_filename(m, p.filename.c_str());
            if (!p.type.empty()) curl_mime_type(m, p.type.c_str());
        }
        curl_slist* headers = nullptr;
        if (json_answer) headers = curl_slist_append(headers, "Accept: application/json");
        PhoneAnswer a;
        std::string url = "http://127.0.0.1:" + std::to_string(m_server->port()) + target;
        curl_easy_setopt(c, CURLOPT_URL, url.c_str());
        curl_easy_setopt(c, CURLOPT_MIMEPOST, mime);
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect_body);
        curl_easy_setopt(c, CURLOPT_WRITEDATA, &a.body);
        curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
        EXPECT_EQ(curl_easy_perform(c), CURLE_OK) << target;
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &a.status);
        char* type = nullptr;
        curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &type);
        if (type) a.content_type = type;
        curl_slist_free_all(headers);
        curl_mime_free(mime);
        curl_easy_cleanup(c);
        return a;
    }
    PhoneAnswer upload_photo(const std::string& target, const std::string& bytes, bool json_answer = true) {
        return upload(target, {photo_part(bytes)}, json_answer);
    }
    httplib::Result page(const std::string& target) { return m_http->Get(target.c_str()); }

    // Kiosk 2 files its report number `seq` as its agent does (receipt code as
    // attribute[kiosk_receipt] and Idempotency-Key); the case id, empty on failure.
    std::string file_report(uint32_t seq) {
        auto r = report("moi-truong", "Cống thoát nước trước nhà số 5 bị tắc.");
        r.api_key = kKiosk2;
        r.attributes["kiosk_receipt"] = receipt::make(2, seq);
        auto res = post(r, ".json", receipt::make(2, seq));
        EXPECT_TRUE(res && res->status == 201) << (res ? res->body : "no answer");
        std::string why;
        auto p = res && res->status == 201 ? open311::parse_post_response(res->body, why) : std::nullopt;
        return p ? p->service_request_id : std::string();
    }

    int64_t rows(const std::string& table) {
        auto s = m_store->db().prepare("SELECT COUNT(*) FROM " + table);
        EXPECT_TRUE(s.step());
        return s.int_at(0);
    }
    json request_json(const std::string& id) {
        json j = json::parse(get_ok("requests/" + id + ".json"), nullptr, false);
        EXPECT_TRUE(j.is_array() && j.size() == 1);
        return j.is_array() && j.size() == 1 ? j[0] : json::object();
    }
    // A plain valid photo, small enough to be quick.
    static std::string small_photo() { return two_colours(64, 48, false); }
};

// [SECTION] before and after the report
TEST_F(PhonePhotos, APhotoSentBeforeTheReportWaitsAndJoinsItUprightWithoutMetadata) {
    std::string code = receipt::make(2, 101);
    std::string sent = camera_jpeg(2400, 1200);
    ASSERT_EQ(portal::exif_orientation(sent), 6);
    auto sent_markers = header_markers(sent);
    ASSERT_NE(std::find(sent_markers.begin(), sent_markers.end(), 0xE1u), sent_markers.end());  // it has EXIF

    auto before = page(link(code));
    ASSERT_TRUE(before);
    EXPECT_EQ(before->status, 200);
    EXPECT_TRUE(has(before->body, kWaitingVi)) << "the page says the report is on its way";

    PhoneAnswer a = upload(link(code), {photo_part(sent, "IMG_2041.jpg")});
    ASSERT_EQ(a.status, 200) << a.body;
    EXPECT_EQ(a.content_type.rfind("application/json", 0), 0u) << a.content_type;
    json j = a.j();
    ASSERT_TRUE(j.contains("ok")) << a.body;
    EXPECT_EQ(j["ok"], true);
    EXPECT_EQ(j["have"], 1);
    EXPECT_EQ(j["max"], kMaxPhonePhotos);
    ASSERT_EQ(j["results"].size(), 1u);
    EXPECT_EQ(j["results"][0]["name"], "IMG_2041.jpg");
    EXPECT_EQ(j["results"][0]["ok"], true);
    EXPECT_FALSE(j["message"].get<std::string>().empty());
    EXPECT_EQ(rows("media"), 0);  // no case to join yet
    EXPECT_EQ(rows("waiting_media"), 1);
    auto pm = m_store->phone_media(code);
    EXPECT_EQ(pm.count, 1);
    EXPECT_FALSE(pm.arrived);

    std::string id = file_report(101);
    ASSERT_FALSE(id.empty());
    EXPECT_EQ(rows("waiting_media"), 0);
    auto media = m_store->media(id);
    ASSERT_EQ(media.size(), 1u);
    auto from_phone = m_store->db().prepare("SELECT from_phone FROM media WHERE name = ?");
    from_phone.bind(1, media[0].name);
    ASSERT_TRUE(from_phone.step());
    EXPECT_EQ(from_phone.int_at(0), 1);
    EXPECT_EQ(media[0].width, 800);  // 2400 x 1200 shrunk to 1600 on the long side, then turned
    EXPECT_EQ(media[0].height, 1600);
    EXPECT_FALSE(media[0].approved_at);

    auto after = page(link(code));
    ASSERT_TRUE(after);
    EXPECT_FALSE(has(after->body, kWaitingVi));
    EXPECT_TRUE(has(after->body, "<span id=\"have\">1</span>/5")) << after->body;

    // Public only once an officer approved it.
    std::string path = "/media/" + media[0].name + ".jpg";
    EXPECT_FALSE(request_json(id).contains("media_url"));
    auto hidden = m_http->Get(path.c_str());
    ASSERT_TRUE(hidden);
    EXPECT_EQ(hidden->status, 404);
    ASSERT_TRUE(m_store->approve_media(id, media[0].name, "can-bo-1", m_now.load()));
    std::string media_url = request_json(id).value("media_url", "");
    ASSERT_GE(media_url.size(), path.size()) << media_url;
    EXPECT_EQ(media_url.substr(media_url.size() - path.size()), path);
    auto shown = m_http->Get(path.c_str());
    ASSERT_TRUE(shown);
    EXPECT_EQ(shown->status, 200);
    EXPECT_EQ(shown->get_header_value("Content-Type"), "image/jpeg");

    // What is served is what the portal wrote: upright, small, and nothing of the camera's.
    auto stored = m_store->media_jpeg(media[0].name, true);
    ASSERT_TRUE(stored);
    EXPECT_EQ(shown->body, *stored);
    EXPECT_EQ(portal::exif_orientation(*stored), 1);
    for (const char* gone : {"Exif", "GPS", "21.0285", "Canon", "xap"}) EXPECT_FALSE(has(*stored, gone)) << gone;
    auto markers = header_markers(*stored);
    ASSERT_FALSE(markers.empty());
    EXPECT_EQ(markers.back(), 0xDAu);  // the walk reached the image data
    for (unsigned m : markers) EXPECT_FALSE((m >= 0xE1 && m <= 0xEF) || m == 0xFE) << "segment FF" << std::hex << m;
    Pixels px = decode(*stored);
    ASSERT_EQ(px.w, 800);
    ASSERT_EQ(px.h, 1600);
    EXPECT_LE(std::max(px.w, px.h), 1600);
    EXPECT_LT(px.w, px.h);
    // Turned clockwise: the source's left (red) half is now on top, its right (blue) below.
    EXPECT_GT(px.at(400, 20)[0], 150);
    EXPECT_LT(px.at(400, 20)[2], 100);
    EXPECT_GT(px.at(400, 1580)[2], 150);
    EXPECT_LT(px.at(400, 1580)[0], 100);
}

TEST_F(PhonePhotos, APhotoSentAfterTheReportArrivedJoinsTheCaseAtOnce) {
    std::string id = file_report(102);
    ASSERT_FALSE(id.empty());
    std::string code = receipt::make(2, 102);
    auto p = page(link(code));
    ASSERT_TRUE(p);
    EXPECT_FALSE(has(p->body, kWaitingVi));

    PhoneAnswer a = upload_photo(link(code), two_colours(300, 200, true));
    ASSERT_EQ(a.status, 200) << a.body;
    EXPECT_EQ(a.j()["ok"], true);
    EXPECT_EQ(a.j()["have"], 1);
    EXPECT_EQ(rows("waiting_media"), 0);
    auto media = m_store->media(id);
    ASSERT_EQ(media.size(), 1u);
    EXPECT_EQ(media[0].width, 300);
    EXPECT_EQ(media[0].height, 200);
    auto stored = m_store->media_jpeg(media[0].name, false);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->rfind("\xFF\xD8\xFF", 0), 0u);  // a PNG came in, a JPEG is kept
    EXPECT_FALSE(m_store->media_jpeg(media[0].name, true)) << "not public before approval";
    EXPECT_TRUE(m_store->phone_media(code).arrived);
}

// [SECTION] links
TEST_F(PhonePhotos, AnExpiredLinkIsRefusedAndTellsTheCitizenToAskTheKioskForANewOne) {
    std::string code = receipt::make(2, 103);
    std::string target = link(code, 2, now_s() + 60, kKiosk2);
    auto fresh = page(target);
    ASSERT_TRUE(fresh);
    EXPECT_EQ(fresh->status, 200);  // good until its minute is up

    m_now += 61000;
    auto old = page(target);
    ASSERT_TRUE(old);
    EXPECT_EQ(old->status, 403);
    EXPECT_TRUE(has(old->body, kExpiredVi)) << old->body;
    EXPECT_EQ(old->get_header_value("Referrer-Policy"), "no-referrer");
    auto en = page(target + "&lang=en");
    ASSERT_TRUE(en);
    EXPECT_EQ(en->status, 403);
    EXPECT_TRUE(has(en->body, "expired")) << en->body;

    PhoneAnswer form = upload_photo(target, small_photo(), false);
    EXPECT_EQ(form.status, 403);
    EXPECT_TRUE(has(form.body, kExpiredVi)) << form.body;
    PhoneAnswer script = upload_photo(target, small_photo());
    EXPECT_EQ(script.status, 403);
    EXPECT_EQ(script.j()["ok"], false);
    EXPECT_TRUE(has(script.j().value("message", ""), kExpiredVi)) << script.body;
    EXPECT_EQ(rows("waiting_media"), 0);
    EXPECT_EQ(rows("media"), 0);

    // Expired and tampered with: forged, not expired (the signature is checked first).
    std::string tampered = target;
    char& last = tampered.back();
    last = last == 'A' ? 'B' : 'A';
    auto bad = page(tampered);
    ASSERT_TRUE(bad);
    EXPECT_EQ(bad->status, 403);
    EXPECT_FALSE(has(bad->body, kExpiredVi)) << bad->body;
    EXPECT_TRUE(has(bad->body, kInvalidVi)) << bad->body;
    PhoneAnswer bad_post = upload_photo(tampered, small_photo());
    EXPECT_EQ(bad_post.status, 403);
    EXPECT_EQ(bad_post.j()["ok"], false);
    EXPECT_FALSE(has(bad_post.j().value("message", ""), kExpiredVi)) << bad_post.body;
    EXPECT_NE(bad_post.j().value("message", ""), script.j().value("message", ""));
    EXPECT_EQ(rows("waiting_media"), 0);
}

TEST_F(PhonePhotos, ForgedMismatchedAndMalformedLinksAreRefusedWithNothingStored) {
    std::string code = receipt::make(2, 104), other = receipt::make(2, 105);
    int64_t x = now_s() + 7 * kDayS;
    std::string sig = photo_link::sign(photo_link::link_key(kKiosk2), code, 2, x);
    auto query = [&](int k, int64_t expires, const std::string& s) {
        return "?k=" + std::to_string(k) + "&x=" + std::to_string(expires) + "&s=" + s;
    };
    std::string forged_sig = sig;
    forged_sig[0] = forged_sig[0] == 'A' ? 'B' : 'A';
    struct Case {
        std::string what, target;
    } cases[] = {
        {"one symbol of the signature changed", "/photos/" + code + query(2, x, forged_sig)},
        {"the signature of another code", "/photos/" + code + query(2, x, photo_link::sign(photo_link::link_key(kKiosk2), other, 2, x))},
        {"another code under this code's signature", "/photos/" + other + query(2, x, sig)},
        {"kiosk 3 named, kiosk 2 signed", "/photos/" + code + query(3, x, sig)},
        {"a kiosk the portal has no key for", "/photos/" + code + query(9, x, sig)},
        {"signed with kiosk 3's key for kiosk 2", link(code, 2, x, kKiosk3)},
        {"signed with the agency's plain key", link(code, 2, x, kPortalKey)},
        {"the expiry moved later", "/photos/" + code + query(2, x + 30 * kDayS, sig)},
        {"no parameters", "/photos/" + code},
        {"no signature", "/photos/" + code + "?k=2&x=" + std::to_string(x)},
        {"no expiry", "/photos/" + code + "?k=2&s=" + sig},
        {"no kiosk", "/photos/" + code + "?x=" + std::to_string(x) + "&s=" + sig},
        {"an expiry that is not a number", "/photos/" + code + "?k=2&x=soon&s=" + sig},
        {"a negative kiosk", "/photos/" + code + query(-2, x, sig)},
        {"an overlong signature", "/photos/" + code + query(2, x, std::string(65, 'A'))},
        {"not a receipt code", link("ABC", 2, x, kKiosk2)},
    };
    for (const Case& c : cases) {
        auto got = page(c.target);
        ASSERT_TRUE(got) << c.what;
        EXPECT_EQ(got->status, 403) << c.what;
        EXPECT_TRUE(has(got->body, kInvalidVi)) << c.what << ": " << got->body;
        EXPECT_FALSE(has(got->body, kExpiredVi)) << c.what;
        EXPECT_FALSE(has(got->body, "<form")) << c.what << ": no picker";
        PhoneAnswer script = upload_photo(c.target, small_photo());
        EXPECT_EQ(script.status, 403) << c.what;
        EXPECT_EQ(script.j()["ok"], false) << c.what << ": " << script.body;
        EXPECT_TRUE(has(script.j().value("message", ""), kInvalidVi)) << c.what << ": " << script.body;
        PhoneAnswer form = upload_photo(c.target, small_photo(), false);
        EXPECT_EQ(form.status, 403) << c.what;
    }
    EXPECT_EQ(rows("waiting_media"), 0);
    EXPECT_EQ(rows("media"), 0);
    EXPECT_EQ(m_store->phone_media(code).count, 0);
    // The genuine link still works.
    EXPECT_EQ(upload_photo("/photos/" + code + query(2, x, sig), small_photo()).status, 200);
    EXPECT_EQ(rows("waiting_media"), 1);
}

// [SECTION] limits
TEST_F(PhonePhotos, FivePhotosACodeAndTheSixthIsRefusedInThePagesLanguage) {
    std::string code = receipt::make(2, 106);
    for (int i = 1; i <= kMaxPhonePhotos; ++i) {
        PhoneAnswer a = upload_photo(link(code), small_photo());
        ASSERT_EQ(a.status, 200) << i << ": " << a.body;
        EXPECT_EQ(a.j()["ok"], true) << i;
        EXPECT_EQ(a.j()["have"], i);
    }
    PhoneAnswer sixth = upload_photo(link(code), small_photo());
    EXPECT_EQ(sixth.status, 400);
    json j = sixth.j();
    EXPECT_EQ(j["ok"], false);
    EXPECT_EQ(j["have"], kMaxPhonePhotos);
    EXPECT_EQ(j["results"][0]["ok"], false);
    std::string message = j.value("message", "");
    EXPECT_TRUE(has(message, "5 ảnh")) << message;
    EXPECT_EQ(j["results"][0]["message"], message);
    PhoneAnswer english = upload_photo(link(code) + "&lang=en", small_photo());
    EXPECT_EQ(english.status, 400);
    EXPECT_EQ(english.j()["ok"], false);
    EXPECT_TRUE(has(english.j().value("message", ""), "already has 5 photos")) << english.body;
    EXPECT_EQ(rows("waiting_media"), kMaxPhonePhotos);

    // The page no longer offers the picker; the photos join the report when it comes.
    auto full = page(link(code));
    ASSERT_TRUE(full);
    EXPECT_EQ(full->status, 200);
    EXPECT_FALSE(has(full->body, "type=\"file\"")) << full->body;
    EXPECT_TRUE(has(full->body, "5 ảnh"));
    std::string id = file_report(106);
    EXPECT_EQ(m_store->media(id).size(), static_cast<size_t>(kMaxPhonePhotos));
    EXPECT_EQ(upload_photo(link(code), small_photo()).status, 400);
    EXPECT_EQ(m_store->media(id).size(), static_cast<size_t>(kMaxPhonePhotos));
}

TEST_F(PhonePhotos, AFormPostWithoutScriptCarriesSeveralPhotosAndListsEach) {
    std::string code = receipt::make(2, 107);
    PhoneAnswer a = upload(link(code),
                           {photo_part(small_photo(), "truoc-nha.jpg"),
                            photo_part(two_colours(40, 40, true), "<b>sau-nha</b>.png", "image/png")},
                           false);
    ASSERT_EQ(a.status, 200) << a.body;
    EXPECT_EQ(a.content_type.rfind("text/html", 0), 0u) << a.content_type;
    EXPECT_TRUE(has(a.body, "truoc-nha.jpg")) << a.body;
    EXPECT_TRUE(has(a.body, "&lt;b&gt;sau-nha&lt;/b&gt;.png")) << a.body;
    EXPECT_FALSE(has(a.body, "<b>sau-nha")) << "a file name comes back escaped";
    EXPECT_EQ(count_of(a.body, "<li class=\"ok\">"), 2) << a.body;
    EXPECT_TRUE(has(a.body, "<span id=\"have\">2</span>/5")) << a.body;
    EXPECT_EQ(rows("waiting_media"), 2);

    // Four more in one form: three fit, the last is refused by name.
    std::vector<PhonePart> four;
    for (const char* name : {"c.jpg", "d.jpg", "e.jpg", "f-thua.jpg"}) four.push_back(photo_part(small_photo(), name));
    PhoneAnswer more = upload(link(code) + "&lang=en", four, false);
    EXPECT_EQ(more.status, 200) << more.body;
    EXPECT_EQ(count_of(more.body, "<li class=\"ok\">"), 3) << more.body;
    EXPECT_EQ(count_of(more.body, "<li class=\"bad\">"), 1) << more.body;
    EXPECT_TRUE(has(more.body, "f-thua.jpg"));
    EXPECT_TRUE(has(more.body, "already has 5 photos")) << more.body;
    EXPECT_EQ(rows("waiting_media"), kMaxPhonePhotos);
}

TEST_F(PhonePhotos, APostWithoutAPhotoPartIsAskedForOne) {
    std::string code = receipt::make(2, 108);
    PhoneAnswer none = upload(link(code), {{"note", "xin chào", "", ""}});
    EXPECT_EQ(none.status, 400);
    EXPECT_EQ(none.j()["ok"], false);
    EXPECT_FALSE(none.j().value("message", "").empty()) << none.body;
    PhoneAnswer misnamed = upload(link(code), {{"media", small_photo(), "a.jpg", "image/jpeg"}});
    EXPECT_EQ(misnamed.status, 400);
    EXPECT_EQ(rows("waiting_media"), 0);
}

// [SECTION] hostile files: each refused with a reason, nothing stored.
TEST_F(PhonePhotos, HostileFilesAreRefusedWithAReasonAndNothingIsStored) {
    std::string code = receipt::make(2, 109);
    std::string jpeg = two_colours(64, 64, false);
    std::string huge_png = two_colours(8, 8, true);  // IHDR claims 30,000 x 30,000
    for (int i : {16, 20}) huge_png[i] = 0, huge_png[i + 1] = 0, huge_png[i + 2] = 0x75, huge_png[i + 3] = 0x30;
    struct Case {
        std::string what, bytes, filename, expect;
    } cases[] = {
        {"a script named .jpg", "<script>alert(1)</script>", "x.jpg", "không phải ảnh JPEG hoặc PNG"},
        {"a GIF", "GIF89a" + std::string(100, '\x01'), "x.gif", "không phải ảnh JPEG hoặc PNG"},
        {"a cut-off JPEG", jpeg.substr(0, 40), "x.jpg", "bị hỏng"},
        {"a 30,000 px PNG", huge_png, "x.png", "quá nhiều điểm ảnh"},
        {"an HTML polyglot after a JPEG header", "\xFF\xD8\xFF\xE0<html><script>alert(1)</script>", "x.jpg", "bị hỏng"},
        {"an empty file", "", "x.jpg", "trống"},
        {"10 MiB and one byte", "\xFF\xD8\xFF" + std::string(kMaxPhonePhotoBytes - 2, 'a'), "x.jpg", "lớn hơn 10 MB"},
        {"10 MiB exactly, judged on what it is", "\xFF\xD8\xFF" + std::string(kMaxPhonePhotoBytes - 3, 'a'), "x.jpg",
         "bị hỏng"},
    };
    for (const Case& c : cases) {
        PhoneAnswer a = upload(link(code), {photo_part(c.bytes, c.filename)});
        EXPECT_EQ(a.status, 400) << c.what;
        json j = a.j();
        ASSERT_TRUE(j.contains("ok")) << c.what << ": " << a.body;
        EXPECT_EQ(j["ok"], false) << c.what;
        EXPECT_EQ(j["have"], 0) << c.what;
        ASSERT_EQ(j["results"].size(), 1u) << c.what;
        EXPECT_EQ(j["results"][0]["ok"], false) << c.what;
        EXPECT_EQ(j["results"][0]["name"], c.filename) << c.what;
        EXPECT_TRUE(has(j.value("message", ""), c.expect)) << c.what << ": " << j.value("message", "");
        EXPECT_EQ(rows("waiting_media"), 0) << c.what;
    }
    EXPECT_EQ(rows("media"), 0);
    EXPECT_EQ(m_store->phone_media(code).count, 0);
    // The portal still answers, and takes a real photo.
    auto p = page(link(code));
    ASSERT_TRUE(p);
    EXPECT_EQ(p->status, 200);
    PhoneAnswer fine = upload_photo(link(code), jpeg);
    EXPECT_EQ(fine.status, 200) << fine.body;
    EXPECT_EQ(fine.j()["have"], 1);
}

// [SECTION] closed cases
TEST_F(PhonePhotos, AClosedCaseTakesNoMorePhotos) {
    std::string code = receipt::make(2, 110);
    std::string id = file_report(110);
    ASSERT_FALSE(id.empty());
    ASSERT_EQ(upload_photo(link(code), small_photo()).status, 200);
    auto closed = post_form("servicerequestupdates.json", "api_key=" + url_encode(kPortalKey) +
                                                              "&service_request_id=" + url_encode(id) +
                                                              "&status=closed&description=" + url_encode("Đã nạo vét xong."));
    ASSERT_TRUE(closed);
    ASSERT_EQ(closed->status, 201) << closed->body;
    EXPECT_TRUE(m_store->phone_media(code).closed);

    PhoneAnswer script = upload_photo(link(code), small_photo());
    EXPECT_EQ(script.status, 400);
    EXPECT_EQ(script.j()["ok"], false);
    EXPECT_TRUE(has(script.j().value("message", ""), "xử lý xong")) << script.body;
    PhoneAnswer english = upload_photo(link(code) + "&lang=en", small_photo());
    EXPECT_TRUE(has(english.j().value("message", ""), "closed")) << english.body;
    PhoneAnswer form = upload_photo(link(code), small_photo(), false);
    EXPECT_EQ(form.status, 400);
    EXPECT_TRUE(has(form.body, "xử lý xong")) << form.body;
    EXPECT_EQ(m_store->media(id).size(), 1u);
    EXPECT_EQ(rows("waiting_media"), 0);

    auto p = page(link(code));
    ASSERT_TRUE(p);
    EXPECT_EQ(p->status, 200);
    EXPECT_TRUE(has(p->body, "xử lý xong"));
    EXPECT_FALSE(has(p->body, "type=\"file\"")) << "no picker on a closed case";
}

// [SECTION] pruning
TEST_F(PhonePhotos, WaitingPhotosArePrunedAfterThirtyDaysAndJoinedOnesNeverAre) {
    auto prepared = portal::prepare_photo(small_photo());
    ASSERT_TRUE(std::holds_alternative<portal::Photo>(prepared));
    const portal::Photo& photo = std::get<portal::Photo>(prepared);
    std::string a = receipt::make(3, 1), b = receipt::make(3, 2), joined = receipt::make(2, 111);
    std::string id = file_report(111);
    UnixMs t0 = m_now.load();
    EXPECT_EQ(m_store->add_phone_photo(a, photo, kMaxPhonePhotos, t0), portal::PhoneAdd::waiting);
    EXPECT_EQ(m_store->add_phone_photo(a, photo, kMaxPhonePhotos, t0 + 1000), portal::PhoneAdd::waiting);
    EXPECT_EQ(m_store->add_phone_photo(b, photo, kMaxPhonePhotos, t0 + 20 * kDayMs), portal::PhoneAdd::waiting);
    EXPECT_EQ(m_store->add_phone_photo(joined, photo, kMaxPhonePhotos, t0), portal::PhoneAdd::joined);
    ASSERT_EQ(portal::kWaitingMediaMaxAgeMs, 30 * kDayMs);

    EXPECT_EQ(m_store->prune_waiting_media(t0 + 30 * kDayMs, portal::kWaitingMediaMaxAgeMs), 0);  // 30 days: kept
    EXPECT_EQ(m_store->prune_waiting_media(t0 + 30 * kDayMs + 1, portal::kWaitingMediaMaxAgeMs), 1);
    EXPECT_EQ(m_store->phone_media(a).count, 1);
    EXPECT_EQ(m_store->prune_waiting_media(t0 + 30 * kDayMs + 1001, portal::kWaitingMediaMaxAgeMs), 1);
    EXPECT_EQ(m_store->phone_media(a).count, 0);
    EXPECT_EQ(m_store->phone_media(b).count, 1);
    EXPECT_EQ(m_store->prune_waiting_media(t0 + 60 * kDayMs, portal::kWaitingMediaMaxAgeMs), 1);
    EXPECT_EQ(rows("waiting_media"), 0);
    EXPECT_EQ(m_store->media(id).size(), 1u) << "a photo that joined its case stays";

    // The portal prunes as uploads arrive: one waiting 31 days goes when another comes.
    ASSERT_EQ(upload_photo(link(a, 3, now_s() + 7 * kDayS, kKiosk3), small_photo()).status, 200);
    m_now += 31 * kDayMs;
    ASSERT_EQ(upload_photo(link(b, 3, now_s() + 7 * kDayS, kKiosk3), small_photo()).status, 200);
    EXPECT_EQ(m_store->phone_media(a).count, 0);
    EXPECT_EQ(m_store->phone_media(b).count, 1);
    EXPECT_EQ(rows("waiting_media"), 1);
}

// [SECTION] the page
TEST_F(PhonePhotos, AValidLinkOpensTheStrictPageAndItsScriptIsServedFromThePortal) {
    std::string code = receipt::make(2, 112);
    std::string target = link(code);
    auto p = page(target);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->status, 200);
    EXPECT_EQ(p->get_header_value("Content-Type"), "text/html; charset=utf-8");
    EXPECT_TRUE(has(p->body, receipt::grouped(code))) << p->body;
    EXPECT_TRUE(has(p->body, "<html lang=\"vi\""));
    std::string csp = p->get_header_value("Content-Security-Policy");
    EXPECT_TRUE(has(csp, "script-src 'self'")) << csp;
    size_t script_src = csp.find("script-src");
    ASSERT_NE(script_src, std::string::npos);
    std::string directive = csp.substr(script_src, csp.find(';', script_src) - script_src);
    EXPECT_FALSE(has(directive, "unsafe-inline")) << directive;
    EXPECT_TRUE(has(csp, "frame-ancestors 'none'")) << csp;
    EXPECT_EQ(p->get_header_value("Referrer-Policy"), "no-referrer");
    EXPECT_EQ(p->get_header_value("Cache-Control"), "no-store");
    EXPECT_EQ(p->get_header_value("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(count_of(p->body, "<script"), 1);
    EXPECT_TRUE(has(p->body, "<script src=\"/photos/app.js\"")) << "no inline script";
    // The form posts back to the signed link, whatever the language.
    std::string signed_query = target.substr(target.find('?') + 1);
    std::string escaped = signed_query;
    for (size_t at = escaped.find('&'); at != std::string::npos; at = escaped.find('&', at + 5))
        escaped.replace(at, 1, "&amp;");
    EXPECT_TRUE(has(p->body, "action=\"/photos/" + code + "?" + escaped)) << p->body;
    EXPECT_TRUE(has(p->body, "name=\"photo\""));

    auto en = page(target + "&lang=en");
    ASSERT_TRUE(en);
    EXPECT_EQ(en->status, 200);
    EXPECT_TRUE(has(en->body, "Add photos to your report"));
    EXPECT_TRUE(has(en->body, "<html lang=\"en\""));
    auto grouped = page("/photos/" + receipt::grouped(code) + target.substr(target.find('?')));
    ASSERT_TRUE(grouped);
    EXPECT_EQ(grouped->status, 200) << "the code as it is printed, hyphens and all";

    auto js = page("/photos/app.js");
    ASSERT_TRUE(js);
    EXPECT_EQ(js->status, 200);
    EXPECT_EQ(js->get_header_value("Content-Type").rfind("text/javascript", 0), 0u)
        << js->get_header_value("Content-Type");
    EXPECT_TRUE(has(js->body, "XMLHttpRequest"));
    EXPECT_TRUE(has(js->body, "application/json"));
    EXPECT_FALSE(has(js->body, "<html"));
}

}  // namespace
