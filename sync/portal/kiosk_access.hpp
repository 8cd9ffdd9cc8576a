// Who a portal client is, by its API key, and what a kiosk's own key may do (issue 19,
// "one province, many kiosks"). A kiosk key ([server] kiosk_keys) speaks only for its
// kiosk: it files only receipt codes of its kiosk number, and updates only reports its
// kiosk filed, to withdraw or rate them, never setting anything of the agency's. Plain
// api_keys are the province's own systems and other Open311 clients: they may update
// any case; once kiosk keys are configured they may not use receipt codes at all, and
// while none are, they keep the single-key behaviour of before (any code, any case).
// Pure functions: no HTTP, no database. Keys are compared in constant time.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "platform/config.hpp"
#include "portal_form.hpp"

namespace wk::portal {

struct Caller {
    int kiosk_id = 0;  // the key's kiosk; 0: a plain api_keys client
};

// The form's api_key as a caller, or 403 (missing, or none of the keys). Every key is
// compared, whichever matches, so the time taken tells nothing about which one.
std::variant<Caller, Rejection> identify_caller(const Form& f, const std::vector<std::string>& plain,
                                                const std::vector<KioskKey>& kiosks);

// POST /requests, after parse_new_request: the receipt code the report claims, against
// who sends it. A kiosk must send attribute[kiosk_receipt], once, a valid code of its
// own kiosk number, and an Idempotency-Key (when given) naming the same code; its
// idempotency key becomes the canonical code. `kiosks_bound`: kiosk keys exist, so a
// plain key may send neither attribute[kiosk_receipt] nor a receipt code as its key.
// nullopt when accepted; otherwise a 403 saying why.
std::optional<Rejection> check_receipt_claim(const Caller& c, NewRequest& r, std::string_view idempotency_header,
                                             bool kiosks_bound);

// POST /servicerequestupdates by a kiosk key, for a case filed by kiosk `owner` (0: by
// none): only its own cases; a rating, or a withdrawal (status closed) that sets no
// agency_responsible or expected_datetime. A plain key: always nullopt. Else a 403.
std::optional<Rejection> check_kiosk_update(const Caller& c, const NewUpdate& u, int owner);

// POST /wardkiosk/v1/health.json: a kiosk key reports only its own kiosk_id.
std::optional<Rejection> check_health_sender(const Caller& c, std::string_view kiosk_id);

}  // namespace wk::portal
