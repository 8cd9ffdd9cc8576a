// Lookups of receipt codes filed at other kiosks, answered for the kiosk through the
// store at the start of each pass (the kiosk's write wakes the agent, so the citizen
// waits a second or two). The reference portal is asked by code (GET
// /wardkiosk/v1/receipts/<CODE>.json); another GeoReport v2 server has no such call, so
// the public reports the pull cached answer where that server echoes receipts.
// Otherwise, or offline, the answer is that the portal cannot say, and the kiosk guides
// the citizen instead.
#include <nlohmann/json.hpp>

#include "agent.hpp"
#include "platform/log.hpp"
#include "wire.hpp"

namespace wk::agent {

// <base without /open311/v2>/wardkiosk/v1<path>: the reference portal's own calls.
std::string Agent::wardkiosk_url(const std::string& path) const {
    std::string u = m_config.base_url;
    while (!u.empty() && u.back() == '/') u.pop_back();
    const std::string api = "/open311/v2";
    if (u.size() >= api.size() && u.compare(u.size() - api.size(), api.size(), api) == 0)
        u.resize(u.size() - api.size());
    return u + "/wardkiosk/v1" + path;
}

// The reference portal's "no report with this receipt code", not a server without the call.
static bool says_no_such_receipt(const std::string& body) {
    for (const auto& e : wire::errors(body))
        if (e.description.find("receipt code") != std::string::npos) return true;
    return false;
}

void Agent::answer_lookups(UnixMs now) {
    using State = RemoteLookup::State;
    for (const std::string& code : m_store.remote_questions()) {
        std::string cached = m_store.public_by_receipt(code);
        if (now < m_blocked_until) {  // the link is down: say so at once, or what the pull cached
            m_store.answer_remote(code, cached.empty() ? State::unreachable : State::found, cached, now);
            continue;
        }
        HttpResponse res = m_http.get(wardkiosk_url("/receipts/" + open311::url_encode(code) + ".json"),
                                      {"Accept: application/json"});
        auto body = nlohmann::json::parse(res.body, nullptr, false);
        if (res.status == 200 && body.is_object()) {
            m_store.answer_remote(code, State::found, res.body, now);
        } else if (res.status == 409) {
            m_store.answer_remote(code, State::contested, "", now);
        } else if (!cached.empty()) {
            m_store.answer_remote(code, State::found, cached, now);
        } else if (res.status == 404 && says_no_such_receipt(res.body)) {
            m_store.answer_remote(code, State::not_found, "", now);
        } else {
            m_store.answer_remote(code, State::unreachable, "", now);
        }
        log::info("lookup of a code from kiosk " + code.substr(0, 3) + ": HTTP " + std::to_string(res.status));
    }
}

}  // namespace wk::agent
