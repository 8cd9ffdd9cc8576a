// Backoff arithmetic.
#include "backoff.hpp"

#include <algorithm>
#include <string>

namespace wk::agent {

UnixMs backoff_delay(const Backoff& b, int failures, double unit) {
    UnixMs ceiling = b.base_ms;
    for (int i = 1; i < failures && ceiling < b.cap_ms; ++i) ceiling *= 2;
    ceiling = std::min(ceiling, b.cap_ms);
    // Full jitter, with a floor of half the base so a flapping link is not hammered.
    UnixMs floor = std::min(b.base_ms / 2, ceiling);
    unit = std::clamp(unit, 0.0, 1.0);
    return floor + static_cast<UnixMs>(unit * static_cast<double>(ceiling - floor));
}

std::optional<UnixMs> retry_after_ms(std::string_view header, UnixMs now) {
    if (header.empty()) return std::nullopt;
    if (std::all_of(header.begin(), header.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        if (header.size() > 9) return std::nullopt;
        return std::stoll(std::string(header)) * 1000;
    }
    std::optional<UnixMs> at = parse_http_date(header);  // any of the three forms of RFC 9110
    if (!at) return std::nullopt;
    return std::max<UnixMs>(0, *at - now);
}

}  // namespace wk::agent
