// systemd's service protocol without libsystemd: state messages ("READY=1",
// "WATCHDOG=1", "STOPPING=1") sent as datagrams to $NOTIFY_SOCKET, and the watchdog
// interval read from $WATCHDOG_USEC. Outside systemd (no $NOTIFY_SOCKET) every call is a no-op.
#pragma once
#include <cstdint>
#include <string_view>

namespace wk::service {

// Sends `state` to $NOTIFY_SOCKET ("@name" = an abstract socket). Returns false when the
// variable is unset or the send fails; callers carry on either way.
bool notify(std::string_view state);

// The watchdog interval in milliseconds from $WATCHDOG_USEC, or 0 when there is none
// (unset, unparsable, or $WATCHDOG_PID names another process).
int64_t watchdog_interval_ms();

// Sends "WATCHDOG=1" at most every half interval; time is passed in (any monotonic ms).
class Watchdog {
  public:
    explicit Watchdog(int64_t interval_ms) : m_interval_ms(interval_ms) {}
    bool enabled() const { return m_interval_ms > 0; }
    // Pings when half the interval has passed since the last ping (or on the first call).
    // Returns true when it sent one.
    bool ping_if_due(int64_t now_ms);

  private:
    int64_t m_interval_ms;
    int64_t m_last_ms = INT64_MIN;
};

}  // namespace wk::service
