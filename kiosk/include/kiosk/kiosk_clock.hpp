// The kiosk's time: this PC's clock, corrected by the portal's once the agent has learnt
// how far apart they are (Store::clock_offset, platform/clock.hpp applied_clock_offset).
// A PC with a dead CMOS battery then dates receipts, lookups and the year's statistics
// by the portal's time, not 2019's. Read by the main loop (time is passed in to the rest);
// the offset is read from the store at most every 30 s, and a store that cannot be read
// keeps the last offset.
#pragma once
#include <optional>

#include "platform/clock.hpp"
#include "sync/store.hpp"

namespace wk {

class KioskClock {
  public:
    static constexpr UnixMs kReadEveryMs = 30'000;
    explicit KioskClock(Store& store) : m_store(store) {}
    UnixMs now(UnixMs wall);

  private:
    Store& m_store;
    UnixMs m_offset = 0;                 // applied
    std::optional<UnixMs> m_read_at;     // wall time of the last read
};

}  // namespace wk
