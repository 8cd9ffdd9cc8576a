// The portal's own choice of compressed answers. cpp-httplib, left to itself, compresses
// every answer of a compressible type however small (a 256 KiB deflate state set up and
// zeroed for a 60-byte POST answer) and prefers brotli at quality 11: in BM_DrainBacklog
// that was 62 % of the whole process's CPU and halved the portal's POST rate. Here: gzip
// at zlib's default level, for bodies of kMinCompressBytes or more, when the client
// accepts gzip. The content types carry a charset parameter, which httplib's list of
// compressible types does not match, so httplib leaves these answers alone.
#pragma once
#include <httplib.h>

#include <optional>
#include <string>

namespace wk::portal {

// Below this, the gzip header and the client's inflate cost more than the bytes saved.
constexpr size_t kMinCompressBytes = 1024;

// True when an Accept-Encoding value accepts gzip: "gzip", "x-gzip" or "*" with q > 0.
bool accepts_gzip(const std::string& accept_encoding);
// The gzip stream of `body`; nullopt when zlib fails (the caller sends it plain).
std::optional<std::string> gzip(const std::string& body);
// Sets status-independent content: `body` gzipped when worth it and accepted, with
// Content-Encoding and Vary; plain otherwise. `content_type` must not be one httplib
// compresses on its own (give it a charset parameter).
void set_body(const httplib::Request& q, httplib::Response& s, std::string body, const char* content_type);

}  // namespace wk::portal
