// The report model: what a citizen files (Draft), the categories it is filed under,
// the portal's status vocabulary, and the validation every entry path shares
// (kiosk, bulk enqueue, portal). Plain data and pure functions only.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sync/field_limits.hpp"
#include "sync/open311.hpp"

namespace wk {

enum class Channel { self_service, staff_assisted };
const char* channel_name(Channel c);  // "self" / "assisted", as stored

struct Contact {
    std::string name;
    std::string phone;
    bool empty() const { return name.empty() && phone.empty(); }
};

struct Draft {
    std::string service_code;
    std::string description;
    std::string ward;     // ward or commune; the kiosk's own by default
    std::string address;  // street address or landmark, optional
    Contact contact;      // optional; anonymous when empty
    Channel channel = Channel::self_service;
    std::string staff_id;  // the officer, for staff-assisted reports
    std::map<std::string, std::string> attributes;  // the category's questions: code -> answer (a key for lists)
};

struct Category {
    std::string code;  // Open311 service_code, opaque
    std::string name_vi;
    std::string name_en;
    std::string group;
    int sort = 0;
    std::vector<open311::Attribute> attributes;  // from the portal's service definition; may be empty
};

// Every length limit (kMaxDescriptionChars, kMaxAddressChars, ...): field_limits.hpp.

enum class DraftError {
    no_category,
    unknown_category,
    description_empty,
    description_too_long,
    invalid_utf8,
    control_character,
    ward_missing,
    address_too_long,         // the address field alone
    address_string_too_long,  // address, ward and province together, as the agent sends them
    name_too_long,
    phone_character,          // a character that is not taken (a letter, parentheses)
    phone_too_few_digits,     // fewer than kMinPhoneDigits
    phone_too_many_digits,    // more than kMaxPhoneDigits
    phone_too_long,           // more characters than the portal takes, separators included
    answer_missing,           // a required question of the category is not answered
    answer_not_offered,       // a list answer that is not one of the category's choices
    answer_not_number,
    answer_too_long,
};

struct FieldError {
    std::string field;  // "category", "description", "ward", "address", "name", "phone", "attribute"
    DraftError error;
    std::string attribute;  // the question's code, for field "attribute"
};

// The questions of a category the citizen answers (variable ones, in their order).
std::vector<open311::Attribute> questions(const Category& c);

// Every problem with the draft, in field order; empty when it can be stored. The
// answers are checked against the chosen category's questions. `province` is the
// kiosk's ([kiosk] province, what the agent appends): the address, ward and province
// are checked together as address_string() composes them, so a draft that passes is
// one the portal takes (field_limits.hpp). A composed text too long is said on the
// address, or on the ward when there is no address.
std::vector<FieldError> validate(const Draft& draft, const std::vector<Category>& categories,
                                 std::string_view province);
// The English sentence for an error; the kiosk uses it as the gettext msgid.
const char* describe(DraftError e);

// The Open311 address_string the agent sends for a draft: "address, ward, province",
// without the address or the province when empty. agent::post_request composes the
// same text (tests/unit/test_field_limits.cpp holds the two together).
std::string address_string(const Draft& draft, std::string_view province);

// Trims surrounding white space and turns CRLF into LF; does not validate.
Draft normalized(Draft d);

// UTF-8 helpers shared by validation and the text fields.
bool valid_utf8(std::string_view s);
size_t utf8_length(std::string_view s);  // code points; s must be valid

// Status vocabulary of the servicerequestupdates extension, plus the kiosk's own
// local states shown before the portal has the report.
bool known_status(std::string_view s);
bool final_status(std::string_view s);  // fixed, closed, duplicate, ... : the case is over
// The one Vietnamese word for each status, the same on the portal's pages and on the
// kiosk (whose vi catalog test_strings holds to it); "Đang cập nhật" for an unknown one.
const char* status_words_vi(std::string_view s);
// The same statuses as an SQL list, "('fixed', 'closed', ...)", for the store's queries.
const std::string& final_statuses_sql();
// A status as servers send it ("IN_PROGRESS", " Fixed") in the extension's spelling
// ("in_progress"): trimmed, lower case, spaces and hyphens as underscores.
std::string normalized_status(std::string_view s);
// The status to keep when `incoming` (normalized) arrives for a case now at `held`.
// Many servers say only "open" or "closed" in GET /requests and give the finer state
// ("in_progress", "fixed") only in servicerequestupdates: a coarse status never
// overwrites a finer one that agrees with it. "open" after a final state is a reopening.
std::string merged_status(std::string_view held, std::string_view incoming);

}  // namespace wk
