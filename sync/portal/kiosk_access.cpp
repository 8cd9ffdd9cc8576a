// Kiosk keys and what they may do: see kiosk_access.hpp. Refusals name the rule, never
// a key.
#include "kiosk_access.hpp"

#include <sodium.h>

#include <iterator>

#include "sync/receipt_code.hpp"

namespace wk::portal {

static bool same_key(const std::string& configured, const std::string& given) {
    return !configured.empty() && configured.size() == given.size() &&
           sodium_memcmp(configured.data(), given.data(), given.size()) == 0;
}

static std::string trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return std::string(s);
}

static std::string kiosk_text(int kiosk_id) { return "kiosk " + std::to_string(kiosk_id); }

std::variant<Caller, Rejection> identify_caller(const Form& f, const std::vector<std::string>& plain,
                                                const std::vector<KioskKey>& kiosks) {
    std::string given = field(f, "api_key");
    bool plain_match = false;
    int kiosk = 0;
    for (const std::string& k : plain) plain_match |= same_key(k, given);
    for (const KioskKey& k : kiosks)
        if (same_key(k.key, given)) kiosk = k.kiosk_id;
    if (kiosk != 0) return Caller{kiosk};  // the narrower reading, should a config list a key twice
    if (plain_match) return Caller{0};
    return Rejection{403, given.empty() ? "api_key required" : "api_key is not valid"};
}

// A plain key while kiosk keys exist: no receipt code in any form.
static std::optional<Rejection> plain_claim(const NewRequest& r, const std::string& header) {
    if (r.attributes.count("kiosk_receipt") > 0)
        return Rejection{403, "attribute[kiosk_receipt] may be sent only with a kiosk's own key ([server] "
                              "kiosk_keys); this api_key is not bound to a kiosk"};
    if (!lookup_code(header).empty())
        return Rejection{403, "this Idempotency-Key reads as a receipt code, which only a kiosk's own key may "
                              "send; use another key (a UUID, for instance)"};
    return std::nullopt;
}

std::optional<Rejection> check_receipt_claim(const Caller& c, NewRequest& r, std::string_view idempotency_header,
                                             bool kiosks_bound) {
    std::string header = trimmed(idempotency_header);
    if (c.kiosk_id == 0) return kiosks_bound ? plain_claim(r, header) : std::nullopt;
    auto [from, to] = r.attributes.equal_range("kiosk_receipt");
    if (std::distance(from, to) != 1)
        return Rejection{403, "a kiosk's key must send the report's receipt code as attribute[kiosk_receipt], once"};
    std::string code = lookup_code(from->second);
    if (code.empty()) return Rejection{403, "attribute[kiosk_receipt] is not a valid receipt code"};
    if (receipt::kiosk_of(code) != c.kiosk_id)
        return Rejection{403, "receipt code " + receipt::grouped(code) + " belongs to " +
                                  kiosk_text(receipt::kiosk_of(code)) + "; this api_key speaks only for " +
                                  kiosk_text(c.kiosk_id)};
    if (!header.empty() && lookup_code(header) != code)
        return Rejection{403, "the Idempotency-Key must be the receipt code in attribute[kiosk_receipt]"};
    r.idempotency_key = code;
    return std::nullopt;
}

std::optional<Rejection> check_kiosk_update(const Caller& c, const NewUpdate& u, int owner) {
    if (c.kiosk_id == 0) return std::nullopt;
    if (owner != c.kiosk_id)
        return Rejection{403, "service request " + u.service_request_id + " was not filed by " +
                                  kiosk_text(c.kiosk_id) + "; a kiosk's key updates only its own kiosk's reports"};
    if (!u.rating.empty()) return std::nullopt;
    if (u.status != "closed")
        return Rejection{403, "a kiosk may only withdraw a report (status closed); every other status is the "
                              "agency's to set"};
    if (!u.agency_responsible.empty() || u.expected)
        return Rejection{403, "a kiosk may not set agency_responsible or expected_datetime"};
    return std::nullopt;
}

std::optional<Rejection> check_health_sender(const Caller& c, std::string_view kiosk_id) {
    if (c.kiosk_id == 0) return std::nullopt;
    std::string_view digits = kiosk_id;
    while (digits.size() > 1 && digits.front() == '0') digits.remove_prefix(1);  // "007" is kiosk 7
    if (digits == std::to_string(c.kiosk_id)) return std::nullopt;
    return Rejection{403, "this api_key speaks only for " + kiosk_text(c.kiosk_id)};
}

}  // namespace wk::portal
