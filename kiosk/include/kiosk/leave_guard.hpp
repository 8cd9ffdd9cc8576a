// "Home" in the middle of a report: the kiosk asks before a citizen's draft is erased
// ("Huỷ phản ánh đang nhập?"), as the idle prompt does and as an ATM asks before it
// cancels a transaction. A report with nothing entered yet goes home at once. Its own
// slice of state, composed by App; plain C++, no ImGui.
#pragma once
#include "sync/report.hpp"

namespace wk {

class LeaveGuard {
  public:
    // Something of the citizen's own would be lost: a category, words, a place, a
    // contact or an answer.
    static bool draft_started(const Draft& d);
    // Home was pressed. True: leave now. False: the question is up instead.
    bool request(const Draft& d);
    bool asking() const { return m_asking; }
    void close() { m_asking = false; }  // either answer, or the session ended

  private:
    bool m_asking = false;
};

}  // namespace wk
