// Draft validation against the limits of field_limits.hpp, and the status vocabulary.
#include "sync/report.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>

#include "platform/utf8.hpp"

namespace wk {

// Marks English sentences that the kiosk translates (its catalog holds them).
static constexpr const char* N_(const char* msgid) { return msgid; }

const char* channel_name(Channel c) { return c == Channel::staff_assisted ? "assisted" : "self"; }

bool valid_utf8(std::string_view s) { return utf8::valid(s); }
size_t utf8_length(std::string_view s) { return utf8::length(s); }

static std::string trim(std::string s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i)
        if (!(s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n')) out += s[i];
    auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!out.empty() && ws(out.back())) out.pop_back();
    size_t b = 0;
    while (b < out.size() && ws(out[b])) ++b;
    return out.substr(b);
}

Draft normalized(Draft d) {
    d.service_code = trim(d.service_code);
    d.description = trim(d.description);
    d.ward = trim(d.ward);
    d.address = trim(d.address);
    d.contact.name = trim(d.contact.name);
    d.contact.phone = trim(d.contact.phone);
    return d;
}

// C0 and C1 controls (newline allowed where asked) and the invisible bidirectional
// overrides that can make a text read differently from what it holds. `s` is valid UTF-8.
static bool has_control(std::string_view s, bool allow_newline) {
    for (char32_t cp : utf8::decode(s)) {
        if (cp == '\n' && allow_newline) continue;
        if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) ||
            (cp >= 0x2066 && cp <= 0x2069))
            return true;
    }
    return false;
}

// Checks one text field for encoding, control characters and length.
static void check_text(std::vector<FieldError>& out, const char* field, std::string_view s, size_t max,
                       DraftError too_long, bool multiline) {
    if (!valid_utf8(s)) out.push_back({field, DraftError::invalid_utf8});
    else if (has_control(s, multiline)) out.push_back({field, DraftError::control_character});
    else if (utf8_length(s) > max) out.push_back({field, too_long});
}

std::vector<open311::Attribute> questions(const Category& c) {
    std::vector<open311::Attribute> out;
    for (const auto& a : c.attributes)
        if (a.variable) out.push_back(a);
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.order < b.order; });
    return out;
}

static bool is_number(const std::string& s) {
    char* end = nullptr;
    std::strtod(s.c_str(), &end);
    return !s.empty() && end == s.c_str() + s.size();
}

// A multivaluelist answer is its keys joined by commas.
static bool offered(const open311::Attribute& a, const std::string& answer) {
    size_t at = 0;
    while (at <= answer.size()) {
        size_t comma = std::min(answer.find(',', at), answer.size());
        std::string key = answer.substr(at, comma - at);
        if (std::none_of(a.values.begin(), a.values.end(), [&](const auto& v) { return v.first == key; })) return false;
        if (a.datatype != "multivaluelist") return comma == answer.size();
        at = comma + 1;
    }
    return true;
}

static void check_answers(std::vector<FieldError>& out, const Draft& d, const Category& c) {
    for (const auto& a : questions(c)) {
        auto it = d.attributes.find(a.code);
        std::string answer = it == d.attributes.end() ? "" : it->second;
        DraftError e = DraftError::answer_missing;
        if (answer.empty()) {
            if (!a.required) continue;
        } else if (a.datatype == "singlevaluelist" || a.datatype == "multivaluelist") {
            if (offered(a, answer)) continue;
            e = DraftError::answer_not_offered;
        } else if (a.datatype == "number") {
            if (is_number(answer)) continue;
            e = DraftError::answer_not_number;
        } else {
            size_t before = out.size();
            check_text(out, "attribute", answer, kMaxAnswerChars, DraftError::answer_too_long, a.datatype == "text");
            if (out.size() > before) out.back().attribute = a.code;
            continue;
        }
        out.push_back({"attribute", e, a.code});
    }
}

// The ward and the address each on their own, then together as the agent will send
// them with the province; the composed length is checked only when both parts are
// fine, so each problem is said once.
static void check_place(std::vector<FieldError>& out, const Draft& d, std::string_view province) {
    size_t before = out.size();
    if (d.ward.empty()) out.push_back({"ward", DraftError::ward_missing});
    else check_text(out, "ward", d.ward, kMaxAddressStringChars, DraftError::address_string_too_long, false);
    check_text(out, "address", d.address, kMaxAddressChars, DraftError::address_too_long, false);
    if (out.size() > before) return;
    std::string sent = address_string(d, province);
    if (valid_utf8(sent) && utf8_length(sent) > kMaxAddressStringChars)
        out.push_back({d.address.empty() ? "ward" : "address", DraftError::address_string_too_long});
}

// The phone as the agent sends it: the kiosk's characters, 9 to 15 digits, and no
// longer than the portal takes with its separators.
static void check_phone(std::vector<FieldError>& out, std::string_view ph) {
    if (ph.empty()) return;
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    size_t digits = static_cast<size_t>(std::count_if(ph.begin(), ph.end(), digit));
    bool taken = ph.find_first_not_of(kKioskPhoneCharacters) == std::string_view::npos;
    if (!taken) out.push_back({"phone", DraftError::phone_character});
    else if (digits < kMinPhoneDigits) out.push_back({"phone", DraftError::phone_too_few_digits});
    else if (digits > kMaxPhoneDigits) out.push_back({"phone", DraftError::phone_too_many_digits});
    else if (ph.size() > kMaxPhoneChars) out.push_back({"phone", DraftError::phone_too_long});
}

std::vector<FieldError> validate(const Draft& d, const std::vector<Category>& categories,
                                 std::string_view province) {
    std::vector<FieldError> out;
    auto cat = std::find_if(categories.begin(), categories.end(), [&](const Category& c) { return c.code == d.service_code; });
    if (d.service_code.empty()) out.push_back({"category", DraftError::no_category});
    else if (cat == categories.end()) out.push_back({"category", DraftError::unknown_category});
    else check_answers(out, d, *cat);
    if (d.description.empty()) out.push_back({"description", DraftError::description_empty});
    else check_text(out, "description", d.description, kMaxDescriptionChars, DraftError::description_too_long, true);
    check_place(out, d, province);
    check_text(out, "name", d.contact.name, kMaxNameChars, DraftError::name_too_long, false);
    check_phone(out, d.contact.phone);
    return out;
}

std::string address_string(const Draft& d, std::string_view province) {
    std::string s = d.address.empty() ? d.ward : d.address + ", " + d.ward;
    if (!province.empty()) s.append(", ").append(province);
    return s;
}

const char* describe(DraftError e) {
    switch (e) {
    case DraftError::no_category: return N_("Please choose what the problem is about.");
    case DraftError::unknown_category: return N_("This category is not offered any more. Please choose another.");
    case DraftError::description_empty: return N_("Please describe the problem.");
    case DraftError::description_too_long: return N_("The description is too long: at most 4,000 characters.");
    case DraftError::invalid_utf8: return N_("The text contains characters that cannot be read.");
    case DraftError::control_character: return N_("The text contains invisible control characters.");
    case DraftError::ward_missing: return N_("Please choose the ward or commune.");
    case DraftError::address_too_long: return N_("The address is too long: at most 150 characters.");
    case DraftError::address_string_too_long:
        return N_("The place is too long: the address, the ward or commune and the province together may have at most "
                  "200 characters. Please shorten the address.");
    case DraftError::name_too_long: return N_("The name is too long: at most 100 characters.");
    case DraftError::phone_character:
        return N_("A phone number has only digits, spaces and + - . : please take out the letters and other signs.");
    case DraftError::phone_too_few_digits: return N_("The phone number is too short: it needs at least 9 digits.");
    case DraftError::phone_too_many_digits: return N_("The phone number is too long: it may have at most 15 digits.");
    case DraftError::phone_too_long: return N_("The phone number is too long: at most 30 characters, spaces included.");
    case DraftError::answer_missing: return N_("Please answer each question marked as needed.");
    case DraftError::answer_not_offered: return N_("Please choose one of the answers shown.");
    case DraftError::answer_not_number: return N_("Please type a number.");
    case DraftError::answer_too_long: return N_("The answer is too long: at most 500 characters.");
    }
    return "Invalid input.";
}

static const char* const kStatuses[] = {"open",     "investigating", "in_progress", "action_scheduled",
                                        "fixed",    "closed",        "duplicate",   "not_councils_responsibility",
                                        "no_further_action", "internal_referral", "cancelled", "reopen", "for_triage"};

bool known_status(std::string_view s) {
    return std::any_of(std::begin(kStatuses), std::end(kStatuses), [&](const char* k) { return s == k; });
}

const char* status_words_vi(std::string_view s) {
    struct Word {
        const char* status;
        const char* vi;
    };
    static const Word kWords[] = {
        {"open", "Đã tiếp nhận"},
        {"investigating", "Đang xác minh"},
        {"in_progress", "Đang xử lý"},
        {"action_scheduled", "Đã lên kế hoạch xử lý"},
        {"fixed", "Đã khắc phục"},
        {"closed", "Đã kết thúc"},
        {"duplicate", "Trùng với phản ánh khác"},
        {"not_councils_responsibility", "Không thuộc thẩm quyền giải quyết"},
        {"no_further_action", "Không cần xử lý thêm"},
        {"internal_referral", "Đã chuyển cơ quan có thẩm quyền"},
        {"cancelled", "Đã rút"},
        {"reopen", "Đã mở lại để xử lý"},
        {"for_triage", "Đang phân loại"},
    };
    for (const Word& w : kWords)
        if (s == w.status) return w.vi;
    return "Đang cập nhật";
}

static const char* const kFinal[] = {"fixed", "closed", "duplicate", "not_councils_responsibility", "no_further_action",
                                     "cancelled"};

bool final_status(std::string_view s) {
    return std::any_of(std::begin(kFinal), std::end(kFinal), [&](const char* k) { return s == k; });
}

std::string normalized_status(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    std::string out;
    for (char c : s) {
        if (c == ' ' || c == '-') out += '_';
        else out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

std::string merged_status(std::string_view held, std::string_view incoming) {
    if (incoming.empty()) return std::string(held);
    bool held_fine = !held.empty() && held != "open" && held != "closed";
    if (held_fine && incoming == "open" && !final_status(held)) return std::string(held);
    if (held_fine && incoming == "closed" && final_status(held)) return std::string(held);
    return std::string(incoming);
}

const std::string& final_statuses_sql() {
    static const std::string list = [] {
        std::string l = "(";
        for (const char* k : kFinal) l += std::string(l.size() > 1 ? ", '" : "'") + k + "'";
        return l + ")";
    }();
    return list;
}

}  // namespace wk
