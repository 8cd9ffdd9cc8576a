// The lookup of a receipt code filed at another kiosk: its own slice of the lookup's
// state and the decisions around it, composed by App. The kiosk never talks to the
// network: the question goes into the store, the agent (woken by the write) asks the
// portal and writes the answer, and this flow reads it while the screen says "looking
// it up on the portal". No answer within the wait, or an answer that the portal cannot
// say, turns into guidance: which kiosk issued the code, the receipt's QR, the officer.
// Plain C++: no ImGui, time passed in.
#pragma once
#include <optional>
#include <string>

#include "platform/clock.hpp"
#include "sync/store.hpp"

namespace wk {

struct RemoteView {
    enum class Phase { none, asking, found, not_found, contested, cannot_say };
    Phase phase = Phase::none;
    int kiosk = 0;         // the kiosk number in the code: who issued it
    UnixMs asked_at = 0;
};

class RemoteLookupFlow {
  public:
    // `wait_ms`: how long the citizen waits for the agent before being guided instead.
    explicit RemoteLookupFlow(Store& store, UnixMs wait_ms = 8000) : m_store(store), m_wait_ms(wait_ms) {}

    // A valid code that this kiosk did not file: asks the portal through the agent.
    // Store errors leave the view at cannot_say (the citizen is guided, nothing lost).
    RemoteView ask(const std::string& code, UnixMs now);
    // While asking: the agent's answer, if any (or cannot_say once the wait is over).
    // True when `view` (and `report`, when found) changed.
    bool poll(RemoteView& view, const std::string& code, std::optional<ReportView>& report, UnixMs now);
    // When poll has something to do: soon while asking, 0 otherwise.
    UnixMs next_poll(const RemoteView& view, UnixMs now) const;

  private:
    Store& m_store;
    UnixMs m_wait_ms;
};

}  // namespace wk
