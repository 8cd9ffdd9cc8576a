// LeaveGuard: leave_guard.hpp.
#include "kiosk/leave_guard.hpp"

namespace wk {

bool LeaveGuard::draft_started(const Draft& d) {
    return !d.service_code.empty() || !d.description.empty() || !d.address.empty() || !d.contact.name.empty() ||
           !d.contact.phone.empty() || !d.attributes.empty();
}

bool LeaveGuard::request(const Draft& d) {
    if (!draft_started(d)) return true;
    m_asking = true;
    return false;
}

}  // namespace wk
