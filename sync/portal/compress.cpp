// gzip answers for the portal (see compress.hpp for why not httplib's own).
#include "compress.hpp"

#include <zlib.h>

#include <cctype>
#include <cstdlib>

namespace wk::portal {
namespace {

std::string trim_lower(std::string s) {
    size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
    s = b == std::string::npos ? "" : s.substr(b, e - b + 1);
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// The q value of one Accept-Encoding element ("gzip;q=0.5"); 1 when absent.
double q_of(const std::string& params) {
    size_t at = params.find("q=");
    if (at == std::string::npos) return 1;
    return std::strtod(params.c_str() + at + 2, nullptr);
}

}  // namespace

bool accepts_gzip(const std::string& accept_encoding) {
    bool star = false, gzip_listed = false, gzip_ok = false;
    size_t start = 0;
    while (start <= accept_encoding.size()) {
        size_t comma = accept_encoding.find(',', start);
        std::string item = accept_encoding.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        size_t semi = item.find(';');
        std::string coding = trim_lower(item.substr(0, semi));
        double q = semi == std::string::npos ? 1 : q_of(trim_lower(item.substr(semi + 1)));
        if (coding == "gzip" || coding == "x-gzip") gzip_listed = true, gzip_ok = gzip_ok || q > 0;
        if (coding == "*") star = q > 0;
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return gzip_listed ? gzip_ok : star;  // an explicit "gzip;q=0" wins over "*"
}

std::optional<std::string> gzip(const std::string& body) {
    z_stream z{};
    if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return std::nullopt;
    std::string out(deflateBound(&z, static_cast<uLong>(body.size())), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
    z.avail_in = static_cast<uInt>(body.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    int rc = deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    if (rc != Z_STREAM_END) return std::nullopt;
    return out;
}

void set_body(const httplib::Request& q, httplib::Response& s, std::string body, const char* content_type) {
    if (body.size() >= kMinCompressBytes) {
        s.set_header("Vary", "Accept-Encoding");
        if (accepts_gzip(q.get_header_value("Accept-Encoding")))
            if (auto z = gzip(body)) {
                s.set_header("Content-Encoding", "gzip");
                body = std::move(*z);
            }
    }
    s.set_content(std::move(body), content_type);
}

}  // namespace wk::portal
