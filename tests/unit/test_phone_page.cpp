// The phone photo pages as text, without HTTP: which language they speak, that what a
// phone sends (file names) comes back only escaped, where the form posts, what a closed
// case or a bad link shows, and that no script runs inline (the policy would block it).
// [SECTION] language  [SECTION] the picker  [SECTION] closed and full  [SECTION] results
// [SECTION] link problems  [SECTION] wording  [SECTION] script
#include <gtest/gtest.h>

#include <cctype>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "phone_page.hpp"
#include "sync/receipt_code.hpp"

namespace {
using namespace wk;
using namespace wk::portal;

const std::string kQuery = "k=7&x=1768420800&s=Ab_cD-ef0123456789xyzQ";
// 2026-01-14T20:00:00Z: already 15 January in Vietnam (UTC+7).
const long long kExpires = 1768420800;

PhonePageView view(PhoneLang lang = PhoneLang::vi) {
    PhonePageView v;
    v.code = receipt::make(7, 42);
    v.query = kQuery;
    v.lang = lang;
    v.have = 2;
    v.arrived = true;
    v.expires_s = kExpires;
    return v;
}

bool has(const std::string& page, const std::string& part) { return page.find(part) != std::string::npos; }

int count_of(const std::string& page, const std::string& part) {
    int n = 0;
    for (size_t at = page.find(part); at != std::string::npos; at = page.find(part, at + 1)) ++n;
    return n;
}

// The query as it stands inside an attribute.
std::string escaped_query() { return "k=7&amp;x=1768420800&amp;s=Ab_cD-ef0123456789xyzQ"; }

const PhotoProblem kAllProblems[] = {PhotoProblem::empty,   PhotoProblem::too_big, PhotoProblem::not_a_photo,
                                     PhotoProblem::too_many_pixels, PhotoProblem::damaged, PhotoProblem::full,
                                     PhotoProblem::closed,  PhotoProblem::busy, PhotoProblem::too_much_at_once};

// [SECTION] language

TEST(PhonePage, OnlyEnAsksForEnglishAndEverythingElseGetsVietnamese) {
    EXPECT_EQ(phone_lang("en"), PhoneLang::en);
    EXPECT_EQ(phone_lang(""), PhoneLang::vi);
    EXPECT_EQ(phone_lang("vi"), PhoneLang::vi);
    EXPECT_EQ(phone_lang("fr"), PhoneLang::vi);
}

TEST(PhonePage, SpeaksVietnameseByDefaultWithItsCodeCountAndADateInVietnamTime) {
    PhonePageView v = view();
    std::string page = phone_page(v);
    EXPECT_TRUE(has(page, "<html lang=\"vi\">"));
    EXPECT_TRUE(has(page, "<h1>Thêm ảnh cho phản ánh</h1>"));
    EXPECT_TRUE(has(page, receipt::grouped(v.code)));
    EXPECT_TRUE(has(page, "Đã nhận <span id=\"have\">2</span>/5 ảnh"));
    EXPECT_TRUE(has(page, "Chọn hoặc chụp ảnh"));
    EXPECT_TRUE(has(page, "Gửi ảnh"));
    EXPECT_TRUE(has(page, "15/01/2026"));
    EXPECT_TRUE(has(page, "biển số xe"));            // photos are checked before they are public
    EXPECT_TRUE(has(page, "thông tin cá nhân"));     // the footer: no personal data here
    EXPECT_FALSE(has(page, "Add photos to your report"));
}

TEST(PhonePage, SpeaksEnglishWhenAskedAndEachLanguageLinksToTheOther) {
    PhonePageView v = view(PhoneLang::en);
    std::string en = phone_page(v);
    EXPECT_TRUE(has(en, "<html lang=\"en\">"));
    EXPECT_TRUE(has(en, "<h1>Add photos to your report</h1>"));
    EXPECT_TRUE(has(en, "<span id=\"have\">2</span> of 5 photos received"));
    EXPECT_TRUE(has(en, "Choose or take photos"));
    EXPECT_TRUE(has(en, "Send photos"));
    EXPECT_TRUE(has(en, "15/01/2026"));
    EXPECT_FALSE(has(en, "Thêm ảnh cho phản ánh"));
    std::string base = "/photos/" + v.code + "?" + escaped_query();
    EXPECT_TRUE(has(en, "href=\"" + base + "&amp;lang=vi\""));
    EXPECT_TRUE(has(en, ">Tiếng Việt</a>"));
    std::string vi = phone_page(view());
    EXPECT_TRUE(has(vi, "href=\"" + base + "&amp;lang=en\""));
    EXPECT_TRUE(has(vi, ">English</a>"));
}

TEST(PhonePage, SaysThePhotosWaitWhileTheReportIsStillOnItsWay) {
    PhonePageView v = view();
    EXPECT_FALSE(has(phone_page(v), "đang được chuyển lên cổng"));
    v.arrived = false;
    EXPECT_TRUE(has(phone_page(v), "đang được chuyển lên cổng"));
    v.lang = PhoneLang::en;
    EXPECT_TRUE(has(phone_page(v), "still on its way to the portal"));
}

// [SECTION] the picker

TEST(PhonePage, TheFormPostsEachPhotoBackToItsOwnSignedAddressInItsLanguage) {
    PhonePageView v = view();
    std::string page = phone_page(v);
    EXPECT_TRUE(has(page, "method=\"post\""));
    EXPECT_TRUE(has(page, "enctype=\"multipart/form-data\""));
    EXPECT_TRUE(has(page, "action=\"/photos/" + v.code + "?" + escaped_query() + "&amp;lang=vi\""));
    EXPECT_TRUE(has(page, "<input type=\"file\" name=\"photo\" accept=\"image/jpeg,image/png\" multiple>"));
    EXPECT_TRUE(has(page, "<ul id=\"files\""));
    EXPECT_TRUE(has(page, "data-max=\"5\""));
    EXPECT_TRUE(has(page, "data-have=\"2\""));
    EXPECT_TRUE(has(page, "data-max-bytes=\"10485760\""));
    EXPECT_TRUE(has(page, "data-msg-failed=\"Không gửi được, xin thử lại\""));
    EXPECT_TRUE(has(phone_page(view(PhoneLang::en)), "data-msg-failed=\"Could not send; please try again\""));
}

TEST(PhonePage, AQueryThatCarriesMarkupStaysInsideTheAttribute) {
    PhonePageView v = view();
    v.query = "k=1\"><script>alert(1)</script>";
    std::string page = phone_page(v);
    EXPECT_FALSE(has(page, "<script>alert"));
    EXPECT_TRUE(has(page, "k=1&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;lang=vi"));
}

TEST(PhonePage, EveryTapTargetIsAtLeastThreeEmTallAndTheTypeAtLeast18px) {
    std::string page = phone_page(view());
    EXPECT_TRUE(has(page, ".btn{"));
    EXPECT_GE(count_of(page, "min-height:3em"), 2);  // the buttons and the language switch
    EXPECT_TRUE(has(page, "font-size:18px"));
    EXPECT_TRUE(has(page, "max-width:36em"));
    EXPECT_TRUE(has(page, "class=\"btn pick\""));
}

// [SECTION] closed and full

TEST(PhonePage, AClosedCaseSaysSoAndOffersNoPicker) {
    PhonePageView v = view();
    v.closed = true;
    std::string page = phone_page(v);
    EXPECT_FALSE(has(page, "<input type=\"file\""));
    EXPECT_FALSE(has(page, "<form"));
    EXPECT_TRUE(has(page, photo_problem_text(PhotoProblem::closed, PhoneLang::vi)));
    v.lang = PhoneLang::en;
    EXPECT_TRUE(has(phone_page(v), photo_problem_text(PhotoProblem::closed, PhoneLang::en)));
}

TEST(PhonePage, ACodeThatHoldsFivePhotosOffersNoPicker) {
    PhonePageView v = view();
    v.have = 5;
    std::string page = phone_page(v);
    EXPECT_FALSE(has(page, "<input type=\"file\""));
    EXPECT_TRUE(has(page, photo_problem_text(PhotoProblem::full, PhoneLang::vi)));
}

// [SECTION] results

TEST(PhonePage, AHostileFileNameComesBackOnlyEscaped) {
    const std::string hostile = "<img src=x onerror=alert(1)>.jpg";
    PhonePageView v = view();
    v.have = 3;
    std::string page = phone_result_page(v, {{hostile, false, PhotoProblem::damaged}, {"ảnh cống.jpg", true}});
    EXPECT_FALSE(has(page, "<img"));
    EXPECT_FALSE(has(page, hostile));
    EXPECT_TRUE(has(page, "&lt;img src=x onerror=alert(1)&gt;.jpg"));
    EXPECT_TRUE(has(page, "ảnh cống.jpg"));
}

TEST(PhonePage, TheResultListsEachFileWithItsFateTheCountAndAWayBack) {
    PhonePageView v = view();
    v.have = 3;
    std::vector<PhotoOutcome> outcomes = {{"a.jpg", true}, {"b.heic", false, PhotoProblem::not_a_photo}};
    std::string vi = phone_result_page(v, outcomes);
    EXPECT_TRUE(has(vi, "Đã nhận"));
    EXPECT_TRUE(has(vi, photo_problem_text(PhotoProblem::not_a_photo, PhoneLang::vi)));
    EXPECT_TRUE(has(vi, "Đã nhận <span id=\"have\">3</span>/5 ảnh"));
    EXPECT_TRUE(has(vi, "href=\"/photos/" + v.code + "?" + escaped_query() + "&amp;lang=vi\""));
    EXPECT_FALSE(has(vi, "<input type=\"file\""));
    v.lang = PhoneLang::en;
    std::string en = phone_result_page(v, outcomes);
    EXPECT_TRUE(has(en, "Received"));
    EXPECT_TRUE(has(en, photo_problem_text(PhotoProblem::not_a_photo, PhoneLang::en)));
    EXPECT_TRUE(has(en, "<span id=\"have\">3</span> of 5 photos received"));
    EXPECT_TRUE(has(en, "href=\"/photos/" + v.code + "?" + escaped_query() + "&amp;lang=en\""));
}

// [SECTION] link problems

TEST(PhonePage, AnExpiredLinkSendsTheCitizenToTheKioskAndAForgedOneToTheQrAgain) {
    std::string expired = phone_link_page(LinkProblem::expired, PhoneLang::vi);
    std::string forged = phone_link_page(LinkProblem::forged, PhoneLang::vi);
    std::string malformed = phone_link_page(LinkProblem::malformed, PhoneLang::vi);
    EXPECT_NE(expired, forged);
    EXPECT_TRUE(has(expired, "<h1>Liên kết này đã hết hạn</h1>"));
    EXPECT_TRUE(has(expired, "kiosk"));
    EXPECT_TRUE(has(forged, "<h1>Liên kết không hợp lệ</h1>"));
    EXPECT_TRUE(has(forged, "quét lại mã QR"));
    EXPECT_TRUE(has(malformed, "<h1>Liên kết không hợp lệ</h1>"));
    std::string expired_en = phone_link_page(LinkProblem::expired, PhoneLang::en);
    std::string forged_en = phone_link_page(LinkProblem::forged, PhoneLang::en);
    EXPECT_TRUE(has(expired_en, "<h1>This link has expired</h1>"));
    EXPECT_TRUE(has(forged_en, "<h1>This link is not valid</h1>"));
    EXPECT_TRUE(has(forged_en, "scan the QR code on the kiosk screen again"));
    for (const std::string& page : {expired, forged, malformed, expired_en, forged_en}) {
        EXPECT_FALSE(has(page, "<input"));
        EXPECT_FALSE(has(page, "<form"));
    }
}

// [SECTION] wording

TEST(PhonePage, EveryProblemHasItsOwnWordsInBothLanguages) {
    std::set<std::string> vi, en;
    for (PhotoProblem p : kAllProblems) {
        std::string v = photo_problem_text(p, PhoneLang::vi);
        std::string e = photo_problem_text(p, PhoneLang::en);
        EXPECT_FALSE(v.empty());
        EXPECT_FALSE(e.empty());
        EXPECT_NE(v, e);
        vi.insert(v);
        en.insert(e);
    }
    EXPECT_EQ(vi.size(), std::size(kAllProblems));
    EXPECT_EQ(en.size(), std::size(kAllProblems));
    EXPECT_EQ(photo_problem_text(PhotoProblem::too_big, PhoneLang::vi), "Ảnh lớn hơn 10 MB. Hãy chọn ảnh nhỏ hơn.");
    EXPECT_EQ(photo_problem_text(PhotoProblem::full, PhoneLang::vi), "Đã đủ 5 ảnh cho phản ánh này.");
}

// [SECTION] script

// The policy allows script from the portal only: a page may name /photos/app.js and
// nothing else, with nothing between the tags, and no inline handlers.
TEST(PhonePage, NoPageCarriesInlineScript) {
    PhonePageView closed = view();
    closed.closed = true;
    const std::string tag = "<script src=\"/photos/app.js\" defer></script>";
    std::vector<std::string> pages = {phone_page(view()), phone_page(view(PhoneLang::en)), phone_page(closed),
                                      phone_result_page(view(), {{"a.jpg", true}}),
                                      phone_link_page(LinkProblem::expired, PhoneLang::vi),
                                      phone_link_page(LinkProblem::forged, PhoneLang::en)};
    for (const std::string& page : pages) {
        EXPECT_EQ(count_of(page, "<script"), count_of(page, tag));
        EXPECT_FALSE(has(page, "onerror="));
        EXPECT_FALSE(has(page, "onclick="));
        EXPECT_FALSE(has(page, "onload="));
        EXPECT_FALSE(has(page, "javascript:"));
    }
    EXPECT_EQ(count_of(pages[0], tag), 1);
    EXPECT_EQ(count_of(pages[2], tag), 0);  // no picker, no script
}

// Every data- attribute the form carries is one the script reads (dataset turns
// "msg-too-big" into msgTooBig), and the script writes text, never markup.
TEST(PhonePage, TheScriptReadsEveryWordTheFormGivesItAndWritesOnlyText) {
    std::string page = phone_page(view());
    std::string script = kPhoneScript;
    int seen = 0;
    for (size_t at = page.find(" data-"); at != std::string::npos; at = page.find(" data-", at + 1)) {
        size_t end = page.find('=', at);
        std::string name = page.substr(at + 6, end - at - 6), camel;
        for (size_t i = 0; i < name.size(); ++i)
            camel += (name[i] == '-' && i + 1 < name.size()) ? static_cast<char>(std::toupper(name[++i])) : name[i];
        EXPECT_TRUE(has(script, "d." + camel)) << name;
        ++seen;
    }
    EXPECT_GE(seen, 10);
    EXPECT_TRUE(has(script, "DOMContentLoaded"));
    EXPECT_TRUE(has(script, "XMLHttpRequest"));
    EXPECT_TRUE(has(script, "'Accept', 'application/json'"));
    EXPECT_TRUE(has(script, "append('photo'"));
    EXPECT_TRUE(has(script, "textContent"));
    EXPECT_FALSE(has(script, "innerHTML"));
    EXPECT_FALSE(has(script, "eval("));
}

}  // namespace
