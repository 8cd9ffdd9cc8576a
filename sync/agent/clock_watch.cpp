// ClockWatch: see clock_watch.hpp.
#include "clock_watch.hpp"

#include <curl/curl.h>

#include <cstdlib>

#include "platform/log.hpp"
#include "sync/open311.hpp"

namespace wk::agent {

namespace {
constexpr UnixMs kProjectEpoch = 1767225600000;  // 2026-01-01T00:00:00Z: no clock that is right reads earlier
}

ClockWatch::ClockWatch(Store& store) : m_store(store) { m_offset = m_store.clock_offset(); }

bool ClockWatch::learn(UnixMs server_date, UnixMs received_at) {
    UnixMs before = applied_clock_offset(m_offset.value_or(0));
    // The Date was cut to its second when the answer was made: the portal's time was
    // within that second, so its middle is the best guess. received_at is on the
    // corrected clock; the offset is against the PC's own.
    UnixMs wall = received_at - before;
    UnixMs offset = server_date + 500 - wall;
    if (m_offset && std::llabs(offset - *m_offset) < kRewriteMs) return false;
    m_offset = offset;
    m_store.set_clock_offset(offset);
    UnixMs after = applied_clock_offset(offset);
    if (after != before)
        log::warn("this PC's clock is " + std::to_string(std::llabs(offset) / 1000) + " s " +
                  (offset > 0 ? "behind" : "ahead of") + " the portal's; times are taken from the portal's clock");
    return after != before;
}

std::string clock_explains_tls_failure(int curl_code, const std::string& error, UnixMs wall) {
    bool certificate = curl_code == CURLE_PEER_FAILED_VERIFICATION || curl_code == CURLE_SSL_CERTPROBLEM;
    bool dated = error.find("expired") != std::string::npos || error.find("not yet valid") != std::string::npos;
    if (!certificate || !(dated || wall < kProjectEpoch)) return "";
    return "this PC's clock reads " + open311::iso8601(wall) +
           ": a certificate is checked against the clock, so a wrong date fails every secure connection; set the "
           "date and time (or let the PC reach a time server)";
}

}  // namespace wk::agent
