// When to try again: exponential backoff with full jitter, capped, and the server's
// Retry-After when it gives one. Pure functions; the random source is passed in.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

#include "platform/clock.hpp"

namespace wk::agent {

struct Backoff {
    UnixMs base_ms = 2000;      // first delay's ceiling
    UnixMs cap_ms = 900000;     // 15 minutes
};

// Delay after the `failures`-th failure in a row (1 = first): uniform in
// [base/2, min(cap, base * 2^(failures-1))] drawn from `unit` in [0, 1).
UnixMs backoff_delay(const Backoff& b, int failures, double unit);

// Retry-After as delta-seconds or an HTTP date; nullopt when absent or unreadable.
std::optional<UnixMs> retry_after_ms(std::string_view header, UnixMs now);

}  // namespace wk::agent
