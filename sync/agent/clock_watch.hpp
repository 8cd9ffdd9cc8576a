// The agent's view of its own clock against the portal's. Each answer's Date header
// (HttpOptions::on_server_time) tells the portal's time; the offset is kept in the store
// (Store::set_clock_offset) for the kiosk, `wardkiosk-sync status` and the health
// report, rewritten only when it moves by a few seconds (each write is a commit). The
// agent then reads its time as now(wall): timers, "last contact" and the times it writes
// are on the portal's clock once the offset is a minute or more (applied_clock_offset).
#pragma once
#include <optional>

#include "platform/clock.hpp"
#include "sync/store.hpp"

namespace wk::agent {

class ClockWatch {
  public:
    static constexpr UnixMs kRewriteMs = 2'000;  // a Date's second plus the network's delay
    explicit ClockWatch(Store& store);

    UnixMs now(UnixMs wall) const { return wall + applied_clock_offset(m_offset.value_or(0)); }
    std::optional<UnixMs> offset() const { return m_offset; }
    // An answer's Date, and when it arrived on now()'s clock. True when the correction
    // applied changed: timers set on the old clock are to be looked at again.
    bool learn(UnixMs server_date, UnixMs received_at);

  private:
    Store& m_store;
    std::optional<UnixMs> m_offset;  // as stored
};

// A TLS failure that a wrong clock explains (a certificate "expired" or "not yet valid",
// or any certificate failure while the clock reads before 2026): the words for staff,
// else "". `curl_code` is libcurl's result; `wall` this PC's own clock.
std::string clock_explains_tls_failure(int curl_code, const std::string& error, UnixMs wall);

}  // namespace wk::agent
