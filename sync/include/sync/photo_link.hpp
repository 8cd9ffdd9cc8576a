// The signed link behind a receipt's "add photos from your phone" QR (issue 16):
//   <public_url>/photos/<CODE>?k=<kiosk>&x=<expires, Unix s>&s=<signature>
// The signature is HMAC-SHA256 over "CODE\nk\nx", cut to 16 bytes and written in
// base64url (22 symbols), under the kiosk's link key. The link key is derived from the
// kiosk's own API key on the reference portal (HMAC-SHA256 of a fixed label under that
// key), so a portal that knows the kiosk's key knows its link key with no second secret
// to hand out, and the link never carries anything that would let one post reports.
// Anyone holding a valid link may add photos to that code until it expires; nobody can
// make a link for a code they merely guessed. Any kiosk of the province may sign for any
// code: a citizen who looks their code up at another kiosk gets a fresh link there. Pure: no IO, time passed in.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace wk::photo_link {

constexpr int64_t kDefaultDays = 7;

// The 32-byte link key of a kiosk whose portal API key is `api_key` (raw bytes).
std::string link_key(std::string_view api_key);

// The signature (22 base64url symbols) of `code` (canonical) from kiosk `kiosk_id`.
std::string sign(std::string_view key, std::string_view code, int kiosk_id, int64_t expires_s);

// The whole link. `public_url` without a trailing slash.
std::string url(std::string_view public_url, std::string_view code, int kiosk_id, int64_t expires_s,
                std::string_view key);

enum class Check { ok, expired, forged };

// Compares in constant time; a link is checked for its signature before its expiry, so
// an expired link still tells a forged one apart.
Check verify(std::string_view key, std::string_view code, int kiosk_id, int64_t expires_s, std::string_view sig,
             int64_t now_s);

}  // namespace wk::photo_link
