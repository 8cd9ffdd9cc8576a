// RemoteLookupFlow: see kiosk/remote_lookup.hpp.
#include "kiosk/remote_lookup.hpp"

#include "platform/log.hpp"
#include "sync/receipt_code.hpp"

namespace wk {

constexpr UnixMs kPollMs = 250;  // the agent answers within a second or two when online

RemoteView RemoteLookupFlow::ask(const std::string& code, UnixMs now) {
    RemoteView v{RemoteView::Phase::asking, receipt::kiosk_of(code), now};
    try {
        m_store.ask_remote(code, now);
    } catch (const db::Error& e) {
        log::error(std::string("remote lookup: ") + e.what());
        v.phase = RemoteView::Phase::cannot_say;
    }
    return v;
}

bool RemoteLookupFlow::poll(RemoteView& view, const std::string& code, std::optional<ReportView>& report,
                            UnixMs now) {
    if (view.phase != RemoteView::Phase::asking) return false;
    std::optional<RemoteLookup> answer;
    try {
        answer = m_store.remote_lookup(code);
    } catch (const db::Error& e) {
        log::error(std::string("remote lookup: ") + e.what());
    }
    using State = RemoteLookup::State;
    RemoteView::Phase next = RemoteView::Phase::asking;
    if (answer && answer->state == State::found && answer->report) next = RemoteView::Phase::found;
    else if (answer && answer->state == State::not_found) next = RemoteView::Phase::not_found;
    else if (answer && answer->state == State::contested) next = RemoteView::Phase::contested;
    else if (answer && answer->state != State::asked) next = RemoteView::Phase::cannot_say;
    else if (now - view.asked_at >= m_wait_ms) next = RemoteView::Phase::cannot_say;  // no agent, or it is slow
    if (next == RemoteView::Phase::asking) return false;
    view.phase = next;
    if (next == RemoteView::Phase::found) report = std::move(answer->report);
    return true;
}

UnixMs RemoteLookupFlow::next_poll(const RemoteView& view, UnixMs now) const {
    return view.phase == RemoteView::Phase::asking ? now + kPollMs : 0;
}

}  // namespace wk
