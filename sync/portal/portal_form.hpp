// What the portal accepts from clients: decoded form fields and query parameters
// turned into the store's plain structs, or one Open311 error with its HTTP status.
// Pure functions; no HTTP, no database, time passed in.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "portal_store.hpp"

namespace wk::portal {

using Form = std::multimap<std::string, std::string>;  // decode_form() output and httplib's params

struct Rejection {
    int status = 400;  // 400, 403 or 404
    std::string description;
};

constexpr UnixMs kMaxWindowMs = 90LL * 24 * 3600 * 1000;  // GeoReport v2: default and maximum window
constexpr int kMaxResults = 1000;

// The first value of `key`, or empty.
std::string field(const Form& f, std::string_view key);
// Splits "a, b,,c" into {"a","b","c"}.
std::vector<std::string> split_list(std::string_view s);

// Which key the form's api_key is, and what it may do: kiosk_access.hpp.

// Why a text field is unacceptable, or nullptr: not UTF-8, control characters
// (newline allowed when `multiline`), more than `max_chars` code points.
const char* text_problem(std::string_view s, size_t max_chars, bool multiline);

// POST /requests. `idempotency_header` is the Idempotency-Key header, possibly empty;
// attribute[kiosk_receipt] stands in when it is.
std::variant<NewRequest, Rejection> parse_new_request(const Form& f, std::string_view idempotency_header);

// The service definition's questions against a parsed POST /requests: a required
// variable attribute must be answered, a list answer must be one of its keys (one
// only for singlevaluelist), a number a number, a datetime a W3C date. Attributes the
// definition does not name (kiosk_receipt) pass untouched.
std::optional<Rejection> check_attributes(const NewRequest& r, const std::vector<open311::Attribute>& attributes);

// POST /servicerequestupdates.
std::variant<NewUpdate, Rejection> parse_new_update(const Form& f);

// start_date/end_date with the 90-day default and maximum; `now` ends the default window.
struct Window {
    UnixMs from = 0, to = 0;
};
std::variant<Window, Rejection> parse_window(const Form& params, UnixMs now);

// GET /requests filters. "open" and "closed" expand to the extended statuses of each group.
std::variant<RequestFilter, Rejection> parse_filter(const Form& params, UnixMs now);

}  // namespace wk::portal
