// Tests of the report model (sync/report.hpp): every DraftError, length limits counted
// in characters of Vietnamese text (each at its edge, from sync/field_limits.hpp), the
// address as the agent composes it with the ward and province, UTF-8 validation, control
// characters, the phone rule, normalized(), and the status vocabulary. Pure functions.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sync/report.hpp"

namespace {

using wk::Draft;
using wk::DraftError;
using wk::FieldError;

// The kiosk's [kiosk] province, which the agent appends to every address it sends.
const std::string kProvince = "Thành phố Hà Nội";

const std::vector<wk::Category> kCats = {
    {"moi-truong", "Môi trường", "Environment", "moi-truong", 1},
    {"y-te", "Y tế", "Health", "xa-hoi", 2},
};

Draft good_draft() {
    Draft d;
    d.service_code = "moi-truong";
    d.description = "Rác thải đổ trộm ở đầu ngõ 12 Đội Cấn";
    d.ward = "Phường Đội Cấn";
    d.address = "Ngõ 12 Đội Cấn";
    d.contact = {"Nguyễn Thị Hương", "0912 345 678"};
    return d;
}

std::string repeat(const std::string& s, size_t n) {
    std::string out;
    for (size_t i = 0; i < n; ++i) out += s;
    return out;
}

// The errors for one field, in order.
std::vector<DraftError> errors_for(const std::vector<FieldError>& all, const std::string& field) {
    std::vector<DraftError> out;
    for (const FieldError& e : all)
        if (e.field == field) out.push_back(e.error);
    return out;
}

// Exactly one error, on `field`, of kind `kind`.
void expect_only(const Draft& d, const std::string& field, DraftError kind) {
    auto errs = wk::validate(d, kCats, kProvince);
    ASSERT_EQ(errs.size(), 1u) << "field " << field;
    EXPECT_EQ(errs[0].field, field);
    EXPECT_EQ(errs[0].error, kind) << wk::describe(kind);
}

TEST(Report, GoodDraftHasNoErrors) {
    EXPECT_TRUE(wk::validate(good_draft(), kCats, kProvince).empty());
    Draft anonymous = good_draft();
    anonymous.contact = {};
    anonymous.address.clear();
    EXPECT_TRUE(wk::validate(anonymous, kCats, kProvince).empty());
}

TEST(Report, EachDraftErrorCase) {
    Draft d = good_draft();
    d.service_code.clear();
    expect_only(d, "category", DraftError::no_category);

    d = good_draft();
    d.service_code = "giao-thong";
    expect_only(d, "category", DraftError::unknown_category);

    d = good_draft();
    d.description.clear();
    expect_only(d, "description", DraftError::description_empty);

    d = good_draft();
    d.description = repeat("ệ", wk::kMaxDescriptionChars + 1);
    expect_only(d, "description", DraftError::description_too_long);

    d = good_draft();
    d.description = "Rác \xC3";
    expect_only(d, "description", DraftError::invalid_utf8);

    d = good_draft();
    d.description = "Rác\x07thải";
    expect_only(d, "description", DraftError::control_character);

    d = good_draft();
    d.ward.clear();
    expect_only(d, "ward", DraftError::ward_missing);

    d = good_draft();
    d.address = repeat("đ", wk::kMaxAddressChars + 1);
    expect_only(d, "address", DraftError::address_too_long);

    d = good_draft();
    d.contact.name = repeat("Ư", wk::kMaxNameChars + 1);
    expect_only(d, "name", DraftError::name_too_long);

    d = good_draft();
    d.contact.phone = "0912 34";
    expect_only(d, "phone", DraftError::phone_too_few_digits);
}

TEST(Report, InvisibleC1ControlsAndDirectionOverridesAreRefused) {
    // U+0085 (next line), U+202E (right-to-left override), U+2066 (left-to-right isolate)
    for (const char* hidden : {"\xC2\x85", "\xE2\x80\xAE", "\xE2\x81\xA6"}) {
        Draft d = good_draft();
        d.description = std::string("Rác thải ") + hidden + "ở đầu ngõ";
        auto errors = wk::validate(d, kCats, kProvince);
        ASSERT_EQ(errors.size(), 1u) << hidden;
        EXPECT_EQ(errors[0].error, DraftError::control_character);
    }
    Draft d = good_draft();
    d.description = "Đường ngập sâu 30 cm — “rất nguy hiểm” …";  // ordinary punctuation passes
    EXPECT_TRUE(wk::validate(d, kCats, kProvince).empty());
}

TEST(Report, EveryErrorHasADescription) {
    for (DraftError e : {DraftError::no_category, DraftError::unknown_category, DraftError::description_empty,
                         DraftError::description_too_long, DraftError::invalid_utf8, DraftError::control_character,
                         DraftError::ward_missing, DraftError::address_too_long,
                         DraftError::address_string_too_long, DraftError::name_too_long, DraftError::phone_character,
                         DraftError::phone_too_few_digits, DraftError::phone_too_many_digits, DraftError::phone_too_long, DraftError::answer_missing, DraftError::answer_not_offered,
                         DraftError::answer_not_number, DraftError::answer_too_long}) {
        std::string s = wk::describe(e);
        EXPECT_GT(s.size(), 10u);
        EXPECT_NE(s, "Invalid input.");
    }
}

// The sentences are gettext msgids, so their numbers are written out: they must be the
// table's (field_limits.hpp), and a changed limit fails here until the catalogs follow.
TEST(Report, TheMessagesSayTheTablesNumbers) {
    auto says = [](DraftError e, const std::string& number) {
        return std::string(wk::describe(e)).find(number) != std::string::npos;
    };
    auto grouped = [](size_t n) {  // 4000 -> "4,000", as the English text writes it
        std::string s = std::to_string(n);
        for (int at = static_cast<int>(s.size()) - 3; at > 0; at -= 3) s.insert(static_cast<size_t>(at), ",");
        return s;
    };
    EXPECT_TRUE(says(DraftError::description_too_long, "at most " + grouped(wk::kMaxDescriptionChars) + " "));
    EXPECT_TRUE(says(DraftError::address_too_long, "at most " + std::to_string(wk::kMaxAddressChars) + " "));
    EXPECT_TRUE(
        says(DraftError::address_string_too_long, "at most " + std::to_string(wk::kMaxAddressStringChars) + " "));
    EXPECT_TRUE(says(DraftError::name_too_long, "at most " + std::to_string(wk::kMaxNameChars) + " "));
    EXPECT_TRUE(says(DraftError::phone_too_few_digits, "at least " + std::to_string(wk::kMinPhoneDigits) + " digits"));
    EXPECT_TRUE(says(DraftError::phone_too_many_digits, "at most " + std::to_string(wk::kMaxPhoneDigits) + " digits"));
    EXPECT_TRUE(says(DraftError::phone_too_long, "at most " + std::to_string(wk::kMaxPhoneChars) + " "));
    EXPECT_TRUE(says(DraftError::answer_too_long, "at most " + std::to_string(wk::kMaxAnswerChars) + " "));
}

TEST(Report, AllErrorsAreReportedInFieldOrder) {
    Draft d;
    d.description = "";
    d.address = repeat("a", 201);
    d.contact = {repeat("b", 101), "abc"};
    auto errs = wk::validate(d, kCats, kProvince);
    std::vector<std::string> fields;
    for (auto& e : errs) fields.push_back(e.field);
    EXPECT_EQ(fields, (std::vector<std::string>{"category", "description", "ward", "address", "name", "phone"}));
}

TEST(Report, DescriptionLimitCountsCharactersNotBytes) {
    // Three-byte precomposed Vietnamese letters: 4000 of them are 12000 bytes.
    Draft d = good_draft();
    d.description = repeat("ệ", wk::kMaxDescriptionChars);
    ASSERT_EQ(d.description.size(), 3 * wk::kMaxDescriptionChars);
    EXPECT_EQ(wk::utf8_length(d.description), wk::kMaxDescriptionChars);
    EXPECT_TRUE(wk::validate(d, kCats, kProvince).empty());
    d.description += "a";
    EXPECT_EQ(errors_for(wk::validate(d, kCats, kProvince), "description"),
              std::vector<DraftError>{DraftError::description_too_long});

    // Mixed one-, two- and three-byte characters, with newlines allowed.
    std::string unit = "Đường ngập\n";  // 11 code points
    ASSERT_EQ(wk::utf8_length(unit), 11u);
    d.description = repeat(unit, 363) + repeat("ơ", 7);  // 3993 + 7 = 4000
    ASSERT_EQ(wk::utf8_length(d.description), 4000u);
    EXPECT_TRUE(wk::validate(d, kCats, kProvince).empty());
    d.description += "ư";
    EXPECT_EQ(errors_for(wk::validate(d, kCats, kProvince), "description"),
              std::vector<DraftError>{DraftError::description_too_long});

    // Four-byte characters count once too.
    d.description = repeat("\xF0\x9F\x98\x80", 4000);
    EXPECT_TRUE(wk::validate(d, kCats, kProvince).empty());
    d.description += "\xF0\x9F\x98\x80";
    EXPECT_FALSE(wk::validate(d, kCats, kProvince).empty());
}

TEST(Report, AddressAndNameLimitsAreInclusive) {
    Draft d = good_draft();
    d.address = repeat("ở", wk::kMaxAddressChars);
    d.contact.name = repeat("Ỹ", wk::kMaxNameChars);
    EXPECT_TRUE(wk::validate(d, kCats, kProvince).empty());
    d.address += "ở";
    expect_only(d, "address", DraftError::address_too_long);
    d = good_draft();
    d.contact.name = repeat("Ỹ", wk::kMaxNameChars + 1);
    expect_only(d, "name", DraftError::name_too_long);
}

// [SECTION] the address as the agent sends it: address + ", " + ward + ", " + province

// A ward of `chars` characters, Vietnamese letters of two and three bytes.
std::string ward_of(size_t chars) {
    std::string w = "Phường ";
    while (wk::utf8_length(w) < chars) w += wk::utf8_length(w) % 2 ? "ữ" : "đ";
    return w;
}

TEST(Place, TheAddressStringIsComposedAsTheAgentSendsIt) {
    Draft d = good_draft();
    EXPECT_EQ(wk::address_string(d, kProvince), "Ngõ 12 Đội Cấn, Phường Đội Cấn, Thành phố Hà Nội");
    EXPECT_EQ(wk::address_string(d, ""), "Ngõ 12 Đội Cấn, Phường Đội Cấn");
    d.address.clear();
    EXPECT_EQ(wk::address_string(d, kProvince), "Phường Đội Cấn, Thành phố Hà Nội");
    EXPECT_EQ(wk::address_string(d, ""), "Phường Đội Cấn");
}

// The case: 168 characters fit the address field's old 200 but not the portal's
// address_string once ", Phường Đội Cấn, Thành phố Hà Nội" (34) is added. The field's
// own cap now leaves room for the place names.
TEST(Place, AnAddressThatOverflowsOnceComposedIsRefusedOnTheAddress) {
    Draft d = good_draft();
    const size_t room = wk::kMaxAddressStringChars - wk::utf8_length(", " + d.ward + ", " + kProvince);
    ASSERT_EQ(room, 166u);
    d.address = repeat("ở", 168);
    expect_only(d, "address", DraftError::address_too_long);  // past the field's own cap first

    // A long ward (60 characters) leaves less than the field's cap for the address.
    d.ward = ward_of(60);
    const size_t room_long = wk::kMaxAddressStringChars - wk::utf8_length(", " + d.ward + ", " + kProvince);
    ASSERT_LT(room_long, wk::kMaxAddressChars);
    d.address = repeat("ở", room_long);
    EXPECT_EQ(wk::utf8_length(wk::address_string(d, kProvince)), wk::kMaxAddressStringChars);
    EXPECT_TRUE(wk::validate(d, kCats, kProvince).empty()) << "exactly at the portal's limit";
    d.address += "ở";
    expect_only(d, "address", DraftError::address_string_too_long);
    // The same draft without a province to append fits again.
    EXPECT_TRUE(wk::validate(d, kCats, "").empty());
}

TEST(Place, ALongProvinceCountsToo) {
    Draft d = good_draft();
    const std::string province = "Tỉnh " + repeat("Bà Rịa – Vũng Tàu ", 4) + "mới";  // 80 characters
    ASSERT_EQ(wk::utf8_length(province), 80u);
    d.address = repeat("a", wk::kMaxAddressStringChars - wk::utf8_length(", " + d.ward + ", " + province));
    EXPECT_EQ(wk::utf8_length(wk::address_string(d, province)), wk::kMaxAddressStringChars);
    EXPECT_TRUE(wk::validate(d, kCats, province).empty());
    d.address += "a";
    auto errors = wk::validate(d, kCats, province);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].field, "address");
    EXPECT_EQ(errors[0].error, DraftError::address_string_too_long);
}

// Without an address, the ward and province alone must fit; the problem is the ward's.
TEST(Place, AWardTooLongForTheProvinceIsRefusedOnTheWard) {
    Draft d = good_draft();
    d.address.clear();
    const size_t ward_room = wk::kMaxAddressStringChars - wk::utf8_length(", " + kProvince);
    d.ward = ward_of(ward_room);
    EXPECT_EQ(wk::utf8_length(wk::address_string(d, kProvince)), wk::kMaxAddressStringChars);
    EXPECT_TRUE(wk::validate(d, kCats, kProvince).empty());
    d.ward = ward_of(ward_room + 1);
    expect_only(d, "ward", DraftError::address_string_too_long);
    d.ward = ward_of(wk::kMaxAddressStringChars + 1);  // too long even alone: said once
    expect_only(d, "ward", DraftError::address_string_too_long);
    // With an address as well, the overflow is said on the address, which the citizen types.
    d.ward = ward_of(ward_room - 4);
    d.address = "Số 1";
    expect_only(d, "address", DraftError::address_string_too_long);
}

// The composed check runs only on parts that are themselves fine: one problem, once.
TEST(Place, APartThatIsAlreadyWrongIsNotCountedAgain) {
    Draft d = good_draft();
    d.ward = ward_of(190);
    d.address = "Rác";
    expect_only(d, "address", DraftError::control_character);
    d.address = repeat("đ", wk::kMaxAddressChars + 1);
    expect_only(d, "address", DraftError::address_too_long);
}

TEST(Report, InvalidUtf8IsRejected) {
    const std::vector<std::string> bad = {
        "\xC0\xAF",              // overlong '/'
        "\xC1\xBF",              // overlong two-byte
        "\xE0\x80\xAF",          // overlong three-byte
        "\xF0\x80\x80\xAF",      // overlong four-byte
        "\xE1\xBB",              // truncated 'ệ'
        "abc\xE1",               // truncated at the end
        "\xC3",                  // lone lead byte
        "\x80",                  // lone continuation byte
        "a\xBFz",                // stray continuation byte
        "\xED\xA0\x80",          // surrogate U+D800
        "\xED\xBF\xBF",          // surrogate U+DFFF
        "\xF4\x90\x80\x80",      // U+110000
        "\xF5\x80\x80\x80",      // lead byte past U+10FFFF
        "\xF8\x88\x80\x80\x80",  // five-byte form
        "\xFF",
        "\xE1\x40\xBB",          // continuation byte replaced by ASCII
    };
    for (const std::string& s : bad) {
        EXPECT_FALSE(wk::valid_utf8(s)) << testing::PrintToString(s);
        Draft d = good_draft();
        d.description = "Mô tả " + s + " cuối";
        EXPECT_EQ(errors_for(wk::validate(d, kCats, kProvince), "description"), std::vector<DraftError>{DraftError::invalid_utf8})
            << testing::PrintToString(s);
        d = good_draft();
        d.contact.name = s;
        EXPECT_EQ(errors_for(wk::validate(d, kCats, kProvince), "name"), std::vector<DraftError>{DraftError::invalid_utf8});
        d = good_draft();
        d.address = s;
        EXPECT_EQ(errors_for(wk::validate(d, kCats, kProvince), "address"), std::vector<DraftError>{DraftError::invalid_utf8});
    }
}

TEST(Report, ValidUtf8EdgesAreAccepted) {
    for (const std::string& s : {std::string(""), std::string("\x7F"), std::string("\xC2\x80"),
                                 std::string("\xDF\xBF"), std::string("\xE0\xA0\x80"), std::string("\xED\x9F\xBF"),
                                 std::string("\xEE\x80\x80"), std::string("\xEF\xBF\xBD"),
                                 std::string("\xF0\x90\x80\x80"), std::string("\xF4\x8F\xBF\xBF"),
                                 std::string("Tiếng Việt có dấu: ăâđêôơư ẮẰẲẴẶ")})
        EXPECT_TRUE(wk::valid_utf8(s)) << testing::PrintToString(s);
}

TEST(Report, ControlCharactersAreRejectedButNewlineIsAllowedInDescription) {
    Draft d = good_draft();
    d.description = "Dòng một\nDòng hai\n\nDòng bốn";
    EXPECT_TRUE(wk::validate(d, kCats, kProvince).empty());

    for (char c : {'\x00', '\x01', '\x08', '\t', '\x0B', '\x0C', '\r', '\x1B', '\x1F', '\x7F'}) {
        std::string text = std::string("Rác") + c + "thải";
        d = good_draft();
        d.description = text;
        EXPECT_EQ(errors_for(wk::validate(d, kCats, kProvince), "description"),
                  std::vector<DraftError>{DraftError::control_character})
            << static_cast<int>(c);
        d = good_draft();
        d.contact.name = text;
        EXPECT_EQ(errors_for(wk::validate(d, kCats, kProvince), "name"), std::vector<DraftError>{DraftError::control_character});
    }
    for (const char* field : {"ward", "address", "name"}) {
        d = good_draft();
        std::string& s = std::string(field) == "ward" ? d.ward : std::string(field) == "address" ? d.address : d.contact.name;
        s = "Dòng một\nDòng hai";
        EXPECT_EQ(errors_for(wk::validate(d, kCats, kProvince), field), std::vector<DraftError>{DraftError::control_character})
            << field;
    }
}

// The phone as the agent sends it (trimmed, separators kept): the portal counts every
// character; the kiosk also wants 9 to 15 digits with separators left out.
TEST(Report, PhoneLimitsAtTheirEdges) {
    auto phone_errors = [](const std::string& phone) {
        Draft d = good_draft();
        d.contact.phone = phone;
        return errors_for(wk::validate(d, kCats, kProvince), "phone");
    };
    const std::string nine = "091234567", fifteen = "123456789012345";
    ASSERT_EQ(wk::kMinPhoneDigits, nine.size());
    ASSERT_EQ(wk::kMaxPhoneDigits, fifteen.size());
    EXPECT_TRUE(phone_errors(nine).empty());
    EXPECT_EQ(phone_errors(nine.substr(1)), std::vector<DraftError>{DraftError::phone_too_few_digits});
    EXPECT_TRUE(phone_errors(fifteen).empty());
    EXPECT_EQ(phone_errors(fifteen + "6"), std::vector<DraftError>{DraftError::phone_too_many_digits});
    // 15 digits and separators: exactly the portal's 30 characters, then one more.
    std::string dotted = "+1.2.3.4.5.6.7.8.9.0.1.2.3.4.5";
    ASSERT_EQ(dotted.size(), wk::kMaxPhoneChars);
    EXPECT_TRUE(phone_errors(dotted).empty());
    EXPECT_EQ(phone_errors("+ 1.2.3.4.5.6.7.8.9.0.1.2.3.4.5"), std::vector<DraftError>{DraftError::phone_too_long});
    EXPECT_EQ(phone_errors("+84 - 912 - 345 - 678 - 901 - 2"), std::vector<DraftError>{DraftError::phone_too_long});
}

TEST(Report, PhoneRules) {
    auto phone_errors = [](const std::string& phone) {
        Draft d = good_draft();
        d.contact.phone = phone;
        return errors_for(wk::validate(d, kCats, kProvince), "phone");
    };
    using V = std::vector<DraftError>;
    for (const char* ok : {"", "091234567", "0912345678", "+84 912 345 678", "+84-912-345-678", "024.3825.1234",
                           "123456789012345"})
        EXPECT_TRUE(phone_errors(ok).empty()) << ok;
    // Each says what is wrong (issue 15): a sign or letter, too few digits, too many.
    for (const char* no : {"0912 345 67a", "(024) 3825 1234", "0912345678 ext 2", "０９１２３４５６７８",
                           "+84 (912) 345-678", "09abc12345"})
        EXPECT_EQ(phone_errors(no), V{DraftError::phone_character}) << no;
    for (const char* no : {"09123456", "+", "---------"})
        EXPECT_EQ(phone_errors(no), V{DraftError::phone_too_few_digits}) << no;
    EXPECT_EQ(phone_errors("1234567890123456"), V{DraftError::phone_too_many_digits});
    // A name alone (no phone) is fine; a phone alone is fine.
    Draft d = good_draft();
    d.contact.phone.clear();
    EXPECT_TRUE(wk::validate(d, kCats, kProvince).empty());
    d = good_draft();
    d.contact.name.clear();
    EXPECT_TRUE(wk::validate(d, kCats, kProvince).empty());
}

TEST(Report, NormalizedTrimsAndTurnsCrlfIntoLf) {
    Draft d = good_draft();
    d.service_code = "  moi-truong\t";
    d.description = "\r\n  Dòng một\r\nDòng hai  \r\n\t";
    d.ward = " Phường Đội Cấn ";
    d.address = "\tNgõ 12 ";
    d.contact = {"  Nguyễn Văn An  ", " 0912 345 678\n"};
    d.channel = wk::Channel::staff_assisted;
    d.staff_id = "cb-07";
    Draft n = wk::normalized(d);
    EXPECT_EQ(n.service_code, "moi-truong");
    EXPECT_EQ(n.description, "Dòng một\nDòng hai");
    EXPECT_EQ(n.ward, "Phường Đội Cấn");
    EXPECT_EQ(n.address, "Ngõ 12");
    EXPECT_EQ(n.contact.name, "Nguyễn Văn An");
    EXPECT_EQ(n.contact.phone, "0912 345 678");
    EXPECT_EQ(n.channel, wk::Channel::staff_assisted);
    EXPECT_EQ(n.staff_id, "cb-07");
    EXPECT_TRUE(wk::validate(n, kCats, kProvince).empty());
    // A description of white space only becomes empty.
    d.description = " \r\n\t ";
    EXPECT_EQ(errors_for(wk::validate(wk::normalized(d), kCats, kProvince), "description"),
              std::vector<DraftError>{DraftError::description_empty});
    // Inner white space and a lone CR are kept (the CR is then a control character).
    d.description = "a  b\rc";
    EXPECT_EQ(wk::normalized(d).description, "a  b\rc");
}

TEST(Report, Utf8LengthCountsCodePoints) {
    EXPECT_EQ(wk::utf8_length(""), 0u);
    EXPECT_EQ(wk::utf8_length("abc"), 3u);
    EXPECT_EQ(wk::utf8_length("Việt Nam"), 8u);
    EXPECT_EQ(wk::utf8_length("Phường Đội Cấn"), 14u);
    EXPECT_EQ(wk::utf8_length("\xF0\x9F\x98\x80"), 1u);
}

TEST(Report, StatusVocabulary) {
    for (const char* s : {"open", "investigating", "in_progress", "action_scheduled", "fixed", "closed", "duplicate",
                          "not_councils_responsibility", "no_further_action", "internal_referral", "cancelled",
                          "reopen", "for_triage"})
        EXPECT_TRUE(wk::known_status(s)) << s;
    for (const char* s : {"", "OPEN", "done", "queued"}) EXPECT_FALSE(wk::known_status(s)) << s;
    for (const char* s : {"fixed", "closed", "duplicate", "not_councils_responsibility", "no_further_action",
                          "cancelled"})
        EXPECT_TRUE(wk::final_status(s)) << s;
    for (const char* s : {"open", "investigating", "in_progress", "action_scheduled", "internal_referral", "reopen",
                          "for_triage", ""})
        EXPECT_FALSE(wk::final_status(s)) << s;
}

TEST(Report, ChannelNamesAsStored) {
    EXPECT_STREQ(wk::channel_name(wk::Channel::self_service), "self");
    EXPECT_STREQ(wk::channel_name(wk::Channel::staff_assisted), "assisted");
}

// The category's questions: required ones answered, list answers among the choices
// (several, comma-joined, for a multiple choice), numbers as numbers, text bounded.
TEST(Answers, AreCheckedAgainstTheChosenCategorysQuestions) {
    wk::open311::Attribute level, kinds, count, note, info;
    level.code = "muc-do", level.datatype = "singlevaluelist", level.required = true;
    level.values = {{"cao", "Cao"}, {"thap", "Thấp"}};
    kinds.code = "loai", kinds.datatype = "multivaluelist";
    kinds.values = {{"a", "A"}, {"b", "B"}};
    count.code = "so-luong", count.datatype = "number";
    note.code = "ghi-chu", note.datatype = "text";
    info.code = "luu-y", info.variable = false, info.required = true;  // informational: nothing to answer
    std::vector<wk::Category> cats = {{"ha-tang", "Hạ tầng", "Infrastructure", "", 0}};
    cats[0].attributes = {note, info, count, kinds, level};
    Draft d = good_draft();
    d.service_code = "ha-tang";
    auto only = [&](DraftError e, const char* code) {
        auto errors = wk::validate(d, cats, kProvince);
        return errors.size() == 1 && errors[0].field == "attribute" && errors[0].error == e && errors[0].attribute == code;
    };
    EXPECT_TRUE(only(DraftError::answer_missing, "muc-do"));
    d.attributes["muc-do"] = "vua";
    EXPECT_TRUE(only(DraftError::answer_not_offered, "muc-do"));
    d.attributes["muc-do"] = "cao";
    EXPECT_TRUE(wk::validate(d, cats, kProvince).empty());
    d.attributes["loai"] = "a,b";
    EXPECT_TRUE(wk::validate(d, cats, kProvince).empty());
    d.attributes["loai"] = "a,c";
    EXPECT_TRUE(only(DraftError::answer_not_offered, "loai"));
    d.attributes["loai"] = "b";
    d.attributes["so-luong"] = "ba";
    EXPECT_TRUE(only(DraftError::answer_not_number, "so-luong"));
    d.attributes["so-luong"] = "3";
    d.attributes["ghi-chu"] = std::string(501, 'x');
    EXPECT_TRUE(only(DraftError::answer_too_long, "ghi-chu"));
    d.attributes["ghi-chu"] = "Gần trường học";
    EXPECT_TRUE(wk::validate(d, cats, kProvince).empty());
    EXPECT_EQ(wk::questions(cats[0]).size(), 4u) << "the informational one is not asked";
}

}  // namespace
