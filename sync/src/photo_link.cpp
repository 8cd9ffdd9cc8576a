// Photo link signing: libsodium's HMAC-SHA256 and base64url.
#include "sync/photo_link.hpp"

#include <sodium.h>

namespace wk::photo_link {

static std::string hmac(std::string_view key, std::string_view message) {
    unsigned char out[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(key.data()), key.size());
    crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(message.data()), message.size());
    crypto_auth_hmacsha256_final(&st, out);
    return std::string(reinterpret_cast<const char*>(out), sizeof out);
}

std::string link_key(std::string_view api_key) { return hmac(api_key, "wardkiosk photo link v1"); }

std::string sign(std::string_view key, std::string_view code, int kiosk_id, int64_t expires_s) {
    std::string mac = hmac(key, std::string(code) + "\n" + std::to_string(kiosk_id) + "\n" + std::to_string(expires_s));
    char b64[sodium_base64_ENCODED_LEN(16, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
    sodium_bin2base64(b64, sizeof b64, reinterpret_cast<const unsigned char*>(mac.data()), 16,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return b64;
}

std::string url(std::string_view public_url, std::string_view code, int kiosk_id, int64_t expires_s,
                std::string_view key) {
    return std::string(public_url) + "/photos/" + std::string(code) + "?k=" + std::to_string(kiosk_id) +
           "&x=" + std::to_string(expires_s) + "&s=" + sign(key, code, kiosk_id, expires_s);
}

Check verify(std::string_view key, std::string_view code, int kiosk_id, int64_t expires_s, std::string_view sig,
             int64_t now_s) {
    std::string want = sign(key, code, kiosk_id, expires_s);
    if (sig.size() != want.size() || sodium_memcmp(sig.data(), want.data(), want.size()) != 0) return Check::forged;
    return now_s >= expires_s ? Check::expired : Check::ok;
}

}  // namespace wk::photo_link
