// The phone's side of issue 16: the page a receipt's "add photos" QR opens, and the
// uploads it sends. Every route checks the link the kiosk signed (sync/photo_link.hpp)
// against the signing kiosk's keys ([server] kiosk_keys) before anything else.
//   GET  /photos/app.js               the page's script (no inline script is allowed)
//   GET  /photos/{code}?k=&x=&s=&lang= the page (phone_page.hpp)
//   POST /photos/{code}?k=&x=&s=&lang= multipart parts named "photo": each re-encoded
//        (photo.hpp) and kept under the code (PortalStore::add_phone_photo). Answers JSON
//        {ok, have, max, message, results[{name, ok, message}]} to a script that asks
//        for it (Accept: application/json), else the result page.
// Photos that waited 30 days for a report that never came are pruned as uploads arrive
// and when the portal starts.
#pragma once
#include <httplib.h>

#include "portal_server.hpp"

namespace wk::portal {

constexpr UnixMs kWaitingMediaMaxAgeMs = 30LL * 24 * 3600 * 1000;

// Adds the /photos/ handlers to `http`; `store` must outlive it.
void install_phone_routes(httplib::Server& http, PortalStore& store, const PortalOptions& options);

// httplib refused the body (over its payload limit) on a /photos/ route: says so in the
// phone's terms. False for any other path.
bool answer_phone_too_large(const httplib::Request& q, httplib::Response& s);

}  // namespace wk::portal
