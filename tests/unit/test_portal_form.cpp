// The portal's pure parts, without HTTP: form validation (its limits are the shared
// table's, sync/field_limits.hpp, each taken at its edge), query windows and status
// groups, receipt-code normalization, who a key speaks for and what a kiosk's key may
// claim or update, and the lookup page's escaping and wording.
#include <gtest/gtest.h>

#include "kiosk_access.hpp"
#include "lookup_page.hpp"
#include "portal_form.hpp"
#include "portal_server.hpp"
#include "sync/field_limits.hpp"
#include "sync/receipt_code.hpp"

namespace {
using namespace wk;
using namespace wk::portal;

const UnixMs kNow = *open311::parse_iso8601("2026-11-28T00:00:00Z");

Form good_form() {
    return {{"api_key", "k"},
            {"service_code", " moi-truong "},
            {"description", "  Cống tắc.\r\nNước tràn.  "},
            {"address_string", "Ngõ 5"},
            {"first_name", "An"},
            {"phone", "+84 912 345 678"}};
}

TEST(PortalForm, AGoodReportIsTrimmedAndItsLineEndingsNormalized) {
    auto r = parse_new_request(good_form(), "");
    ASSERT_TRUE(std::holds_alternative<NewRequest>(r));
    const auto& n = std::get<NewRequest>(r);
    EXPECT_EQ(n.service_code, "moi-truong");
    EXPECT_EQ(n.description, "Cống tắc.\nNước tràn.");
    EXPECT_EQ(n.phone, "+84 912 345 678");
    EXPECT_TRUE(n.idempotency_key.empty());
}

TEST(PortalForm, CoordinatesAloneAreEnoughButMustBeRealDegrees) {
    Form f = good_form();
    f.erase("address_string");
    f.emplace("lat", "21.03");
    f.emplace("long", "105.84");
    EXPECT_TRUE(std::holds_alternative<NewRequest>(parse_new_request(f, "")));
    f.erase("long");
    f.emplace("long", "east");
    EXPECT_TRUE(std::holds_alternative<Rejection>(parse_new_request(f, "")));
    f.erase("long");
    f.emplace("long", "190");
    EXPECT_TRUE(std::holds_alternative<Rejection>(parse_new_request(f, "")));
}

TEST(PortalForm, PhonesWithLettersAndKeysWithSpacesAreRefused) {
    Form f = good_form();
    f.erase("phone");
    f.emplace("phone", "call me maybe");
    EXPECT_TRUE(std::holds_alternative<Rejection>(parse_new_request(f, "")));
    EXPECT_TRUE(std::holds_alternative<Rejection>(parse_new_request(good_form(), "two words")));
    auto r = parse_new_request(good_form(), " ABC-DEF-GHJ ");
    ASSERT_TRUE(std::holds_alternative<NewRequest>(r));
    EXPECT_EQ(std::get<NewRequest>(r).idempotency_key, "ABC-DEF-GHJ");
}

TEST(PortalForm, TheApiKeyMustMatchOneConfiguredKeyExactly) {
    auto who = [](const Form& f, std::vector<std::string> plain, std::vector<KioskKey> kiosks = {}) {
        return identify_caller(f, plain, kiosks);
    };
    EXPECT_EQ(std::get<Caller>(who({{"api_key", "b"}}, {"a", "b"})).kiosk_id, 0);
    EXPECT_EQ(std::get<Rejection>(who({{"api_key", "B"}}, {"a", "b"})).status, 403);
    EXPECT_EQ(std::get<Rejection>(who({}, {"a"})).description, "api_key required");
    // an empty configured key never opens the door
    EXPECT_TRUE(std::holds_alternative<Rejection>(who({{"api_key", ""}}, {""}, {{3, ""}})));
    EXPECT_EQ(std::get<Caller>(who({{"api_key", "k7"}}, {"a"}, {{6, "k6"}, {7, "k7"}})).kiosk_id, 7);
    EXPECT_TRUE(std::holds_alternative<Rejection>(who({{"api_key", "k7x"}}, {"a"}, {{7, "k7"}})));
}

TEST(PortalForm, AKioskClaimsOnlyItsOwnCodeAndUpdatesOnlyItsOwnCases) {
    NewRequest r;
    r.attributes.emplace("kiosk_receipt", receipt::grouped(receipt::make(5, 3)));
    EXPECT_FALSE(check_receipt_claim(Caller{5}, r, "", true));
    EXPECT_EQ(r.idempotency_key, receipt::make(5, 3));  // canonical, whatever the spelling
    EXPECT_EQ(check_receipt_claim(Caller{6}, r, "", true)->status, 403);
    EXPECT_EQ(check_receipt_claim(Caller{0}, r, "", true)->status, 403);
    EXPECT_FALSE(check_receipt_claim(Caller{0}, r, "", false));  // no kiosk keys: as before
    r.attributes.emplace("kiosk_receipt", receipt::make(5, 4));
    EXPECT_EQ(check_receipt_claim(Caller{5}, r, "", true)->status, 403);  // two codes

    NewUpdate u;
    u.service_request_id = "HN-2026-000001";
    u.status = "closed";
    EXPECT_FALSE(check_kiosk_update(Caller{5}, u, 5));
    EXPECT_FALSE(check_kiosk_update(Caller{0}, u, 5));
    EXPECT_EQ(check_kiosk_update(Caller{5}, u, 0)->status, 403);  // filed by no kiosk
    u.expected = kNow;
    EXPECT_EQ(check_kiosk_update(Caller{5}, u, 5)->status, 403);
    u.expected.reset();
    u.status = "fixed";
    EXPECT_EQ(check_kiosk_update(Caller{5}, u, 5)->status, 403);
    u.rating = "satisfied";
    EXPECT_FALSE(check_kiosk_update(Caller{5}, u, 5));
    EXPECT_EQ(check_health_sender(Caller{5}, "6")->status, 403);
    EXPECT_FALSE(check_health_sender(Caller{5}, "05"));
}

TEST(PortalForm, TextRulesCatchBrokenEncodingControlsAndLength) {
    EXPECT_EQ(text_problem("Xin chào", 10, false), nullptr);
    EXPECT_NE(text_problem("a\nb", 10, false), nullptr);
    EXPECT_EQ(text_problem("a\nb", 10, true), nullptr);
    EXPECT_NE(text_problem("a\tb", 10, true), nullptr);
    EXPECT_NE(text_problem("\xC2\x85", 10, true), nullptr);  // U+0085, a C1 control
    EXPECT_NE(text_problem("\xE1\xBB", 10, true), nullptr);  // cut UTF-8
    EXPECT_EQ(text_problem("ệệệ", 3, false), nullptr);        // counted in characters, not bytes
    EXPECT_NE(text_problem("ệệệệ", 3, false), nullptr);
}

// [SECTION] the shared limits
std::string letters(const char* letter, size_t n) {
    std::string s;
    for (size_t i = 0; i < n; ++i) s += letter;
    return s;
}

// `key` set to `value` in an otherwise good form; the refusal's text, or "" when taken.
std::string refusal_with(const std::string& key, const std::string& value) {
    Form f = good_form();
    f.erase(key);
    f.emplace(key, value);
    auto r = parse_new_request(f, "");
    return std::holds_alternative<Rejection>(r) ? std::get<Rejection>(r).description : "";
}

// Each limit the kiosk's validation shares, exactly at it and one past it, in
// characters of Vietnamese text (two and three bytes each).
TEST(PortalForm, ItsLimitsAreTheSharedTablesAtTheirEdges) {
    struct Edge {
        const char* key;
        const char* letter;
        size_t limit;
    };
    for (const Edge& e : {Edge{"description", "ệ", kMaxDescriptionChars},
                          Edge{"address_string", "ở", kMaxAddressStringChars}, Edge{"first_name", "Ư", kMaxNameChars},
                          Edge{"last_name", "đ", kMaxNameChars}, Edge{"attribute[ghi-chu]", "ữ", kMaxAttributeChars}}) {
        EXPECT_EQ(refusal_with(e.key, letters(e.letter, e.limit)), "") << e.key;
        std::string too_long = refusal_with(e.key, letters(e.letter, e.limit + 1));
        EXPECT_NE(too_long.find("at most " + std::to_string(e.limit) + " characters"), std::string::npos)
            << e.key << ": " << too_long;
    }
    // The phone counts every character, separators included.
    std::string phone = "+1.2.3.4.5.6.7.8.9.0.1.2.3.4.5";
    ASSERT_EQ(phone.size(), kMaxPhoneChars);
    EXPECT_EQ(refusal_with("phone", phone), "");
    EXPECT_NE(refusal_with("phone", phone + "6").find("at most " + std::to_string(kMaxPhoneChars)), std::string::npos);
    EXPECT_EQ(refusal_with("phone", "(024) 3825 1234"), "") << "the portal takes more than the kiosk sends";
    for (char c : kPhoneCharacters) EXPECT_EQ(refusal_with("phone", std::string("0912345678") + c + "9"), "") << c;
    // An update's description has the same limit as a report's.
    Form u = {{"service_request_id", "HN-2026-000001"}, {"status", "closed"},
              {"description", letters("ệ", kMaxDescriptionChars)}};
    EXPECT_TRUE(std::holds_alternative<NewUpdate>(parse_new_update(u)));
    u.erase("description");
    u.emplace("description", letters("ệ", kMaxDescriptionChars + 1));
    EXPECT_TRUE(std::holds_alternative<Rejection>(parse_new_update(u)));
}

TEST(PortalForm, UpdatesNeedAKnownStatusAndAZonedExpectedDate) {
    Form f = {{"service_request_id", "HN-2026-000001"}, {"status", "Action_Scheduled"},
              {"expected_datetime", "2026-12-01T08:00:00+07:00"}};
    auto u = parse_new_update(f);
    ASSERT_TRUE(std::holds_alternative<NewUpdate>(u));
    EXPECT_EQ(std::get<NewUpdate>(u).status, "action_scheduled");
    EXPECT_EQ(*std::get<NewUpdate>(u).expected, *open311::parse_iso8601("2026-12-01T01:00:00Z"));
    f.erase("expected_datetime");
    f.emplace("expected_datetime", "2026-12-01T08:00:00");  // no zone: ambiguous
    EXPECT_TRUE(std::holds_alternative<Rejection>(parse_new_update(f)));
}

TEST(PortalForm, TheDefaultWindowIsTheLastNinetyDaysAndLongerWindowsAreRefused) {
    auto w = std::get<Window>(parse_window({}, kNow));
    EXPECT_EQ(w.to, kNow);
    EXPECT_EQ(w.from, kNow - kMaxWindowMs);
    auto from_start = std::get<Window>(parse_window({{"start_date", "2026-01-01T00:00:00Z"}}, kNow));
    EXPECT_EQ(from_start.to - from_start.from, kMaxWindowMs);
    EXPECT_TRUE(std::holds_alternative<Rejection>(
        parse_window({{"start_date", "2026-03-01T00:00:00Z"}, {"end_date", "2026-02-01T00:00:00Z"}}, kNow)));
}

TEST(PortalForm, OpenAndClosedStandForTheirGroupsOfExtendedStatuses) {
    auto open = std::get<RequestFilter>(parse_filter({{"status", "open"}}, kNow)).statuses;
    auto closed = std::get<RequestFilter>(parse_filter({{"status", "CLOSED"}}, kNow)).statuses;
    EXPECT_EQ(open.size() + closed.size(), 13u);
    EXPECT_NE(std::find(open.begin(), open.end(), "in_progress"), open.end());
    EXPECT_NE(std::find(closed.begin(), closed.end(), "fixed"), closed.end());
    EXPECT_EQ(split_list(" a, b,,c ,"), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(PortalForm, ListenAddressesAreHostColonPort) {
    EXPECT_EQ(parse_listen("127.0.0.1:8311"), std::make_pair(std::string("127.0.0.1"), 8311));
    EXPECT_EQ(parse_listen("[::1]:0"), std::make_pair(std::string("::1"), 0));
    EXPECT_FALSE(parse_listen("8311"));
    EXPECT_FALSE(parse_listen("localhost:http"));
    EXPECT_FALSE(parse_listen("localhost:70000"));
}

TEST(LookupPage, ReceiptCodesAreReadTheWayPeopleTypeThem) {
    std::string code = receipt::make(12, 345);
    std::string typed = receipt::grouped(code);
    for (char& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_EQ(lookup_code(typed), code);
    EXPECT_EQ(lookup_code("not a code"), "");
}

TEST(LookupPage, TextIsEscapedAndDatesAreInVietnamTime) {
    EXPECT_EQ(html_escape(R"(<a href="x">'&'</a>)"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    EXPECT_EQ(vn_datetime(*open311::parse_iso8601("2026-11-28T17:30:00Z")), "29/11/2026 00:30");
    EXPECT_STREQ(status_vi("fixed"), "Đã khắc phục");
    EXPECT_STREQ(status_vi("something new"), "Đang cập nhật");
    open311::ServiceRequest r;
    r.service_request_id = "HN-2026-000001";
    r.status = "open";
    r.status_notes = "<b>";
    std::string page = lookup_page(receipt::make(1, 1), r);
    EXPECT_NE(page.find("Đã tiếp nhận"), std::string::npos);
    EXPECT_NE(page.find("&lt;b&gt;"), std::string::npos);
    EXPECT_NE(page.find("Chưa phân công"), std::string::npos);
}

}  // namespace
