// KioskClock: see kiosk/kiosk_clock.hpp.
#include "kiosk/kiosk_clock.hpp"

#include "platform/log.hpp"

namespace wk {

UnixMs KioskClock::now(UnixMs wall) {
    if (!m_read_at || wall - *m_read_at >= kReadEveryMs || wall < *m_read_at) {
        m_read_at = wall;
        try {
            m_offset = applied_clock_offset(m_store.clock_offset().value_or(0));
        } catch (const db::Error& e) {
            log::error(std::string("clock offset: ") + e.what());
        }
    }
    return wall + m_offset;
}

}  // namespace wk
