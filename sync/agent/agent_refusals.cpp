// What a failed POST /requests (or token poll) means: a refusal of this one report, a
// refusal of its whole service, or a link or server that is down. Decided per report
// and per service, so that reports the portal refuses never stall the others, and the
// link is held only on evidence that the portal refuses everything. Uploads: agent.cpp.
#include "agent.hpp"
#include "platform/log.hpp"
#include "wire.hpp"

namespace wk::agent {

// Refusals of one report: a 404 that names an Open311 error (its service is gone), and
// 400 and the other 4xx but 401, 403, 408, 429. The spec's 400 also means "backend down",
// so a refusal counts toward setting a report aside (is believed) only while the portal
// is known to take reports: it took one since its last outage, as the store remembers
// across restarts. A fresh kiosk believes none until the portal takes its first.
// A second refusal of the same service in a pass holds that service's other reports
// until their next try; refusals of two services in a row, with GET /services failing
// too, are an outage: the whole link backs off and nothing is believed.
Agent::Outcome Agent::on_failure(const OutboxItem& item, const HttpResponse& res, const std::string& why,
                                 UnixMs now, PassResult& r, TryOutcome& o) {
    std::string msg = !why.empty() ? why : res.status == 0 ? res.error : "HTTP " + std::to_string(res.status);
    auto errors = wire::errors(res.body);
    if (std::string text = wire::error_text(errors); !text.empty()) msg += ": " + text;
    o.text = msg;
    o.kind = TryOutcome::Kind::retry;
    if (res.status == 409) return code_collision(item, msg, now, r, o);
    if (res.status == 401 || res.status == 403) {
        note_error("config", "the portal refused the API key (" + msg + ")", now);
        block_until(now + m_config.backoff.cap_ms);
        o.next_attempt = m_blocked_until;
        ++r.failed;
        return Outcome::blocked;
    }
    bool service_gone = res.status == 404 && !errors.empty();
    bool refused = service_gone || (res.status >= 400 && res.status < 500 && res.status != 401 && res.status != 403 &&
                                    res.status != 404 && res.status != 408 && res.status != 429);
    if (refused && !portal_refuses_everything(item.draft.service_code)) {
        o.refusal = m_portal_accepts;
        if (++m_pass_refusals[item.draft.service_code] >= 2) m_held_services.insert(item.draft.service_code);
        if (o.refusal && (service_gone || item.refusals + 1 >= m_config.attention_after_400)) {
            o.kind = TryOutcome::Kind::attention;
            note_error("upload", "report " + item.code + " needs staff attention: " + msg, now);
            ++r.set_aside;
            return Outcome::set_aside;
        }
        o.next_attempt = now + backoff_delay(m_config.backoff, item.attempts + 1, m_random());
        UnixMs& held = m_held_until[item.draft.service_code];  // its service's others wait as long
        held = held ? std::min(held, o.next_attempt) : o.next_attempt;
        note_error("upload", msg, now);
        if (!o.refusal) r.network_ok = false;  // not known to be this report's fault
        ++r.failed;
        return Outcome::retry;
    }
    // The link or the server is down: back off for every report, not just this one.
    UnixMs delay = hold_link(res, now);
    // The report also keeps a backoff of its own, so a report the server keeps failing
    // on (a 500 for that report alone) drops behind the others instead of stalling them.
    UnixMs own = backoff_delay(m_config.backoff, item.attempts + 1, m_random());
    o.next_attempt = now + std::max(delay, own);
    note_error("upload", msg, now);
    r.network_ok = false;
    ++r.failed;
    return Outcome::blocked;
}

// The reference portal answers 409 when the receipt code is another report's (a copied
// disk, a restored backup): posting again can never help, so staff get it at once.
Agent::Outcome Agent::code_collision(const OutboxItem& item, const std::string& msg, UnixMs now, PassResult& r,
                                     TryOutcome& o) {
    o.kind = TryOutcome::Kind::attention;
    o.text = "receipt code " + item.code + " is already held at the portal by another report (" + msg +
             "); nothing was sent twice. File this report again for the citizen (a new receipt) and withdraw this one";
    note_error("upload", "report " + item.code + " needs staff attention: " + o.text, now);
    ++r.set_aside;
    return Outcome::set_aside;
}

// Called for each refusal: true when this one follows a refusal of another service with
// no success between and the portal's service list cannot be read either.
bool Agent::portal_refuses_everything(const std::string& service) {
    std::string before = m_refused_service;
    m_refused_service = service;
    if (before.empty() || before == service) return false;
    const open311::Format f = m_config.format;
    HttpResponse res = m_http.get(url(std::string("/services") + open311::extension(f)), {wire::accept(f)});
    std::string why;
    if (res.status == 200 && wire::services(f, res.body, why)) return false;
    log::warn("the portal refuses reports of several services and its service list too: holding the link");
    set_portal_accepts(false);
    m_refused_service.clear();
    return true;
}

void Agent::set_portal_accepts(bool yes) {
    if (m_portal_accepts == yes) return;
    m_portal_accepts = yes;
    m_store.set_value("agent.portal_accepts", yes ? "yes" : "");
}

// Reports of a service refused twice this pass wait (no try counted) until the first
// refused one is tried again: the portal is not asked the same question again and again.
void Agent::skip_held_services(std::optional<OutboxItem>& next, UnixMs now, const Store::SendCheck& sendable,
                               PassResult& r) {
    while (next && next->state == SyncState::queued && m_held_services.count(next->draft.service_code)) {
        m_store.retry_later(next->id, "waiting: the portal refused other reports of service " +
                                          next->draft.service_code + " just now",
                            m_held_until[next->draft.service_code]);
        next = m_store.next_to_send(now, next->id, sendable, &r.set_aside);
    }
}

}  // namespace wk::agent
