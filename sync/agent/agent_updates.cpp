// What the agent sends besides reports: citizens' ratings and withdrawals as POST
// /servicerequestupdates (each once: the update_id is fixed in the store and the portal
// de-duplicates on it), and the kiosk's health report to the reference portal's own
// endpoint, which other Open311 servers do not have (a 404 silences it for a day).
// [SECTION] updates  [SECTION] health
#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "agent.hpp"
#include "platform/config.hpp"
#include "platform/log.hpp"
#include "wire.hpp"

namespace wk::agent {

static std::string to_upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

constexpr UnixMs kHealthQuietMs = 24 * 3600 * 1000LL;

// [SECTION] updates
void Agent::send_updates(UnixMs now, PassResult& r) {
    while (now >= m_blocked_until) {
        auto u = m_store.next_update_due(now);
        if (!u) return;
        if (send_update(*u, now, r) == Outcome::blocked) return;
    }
}

// [{update_id}] (JSON) or <request_update><update_id> (XML); a captive portal's page is neither.
static bool update_answer(open311::Format f, const std::string& body) {
    if (f == open311::Format::xml)
        return body.find("<request_update>") != std::string::npos && body.find("<update_id>") != std::string::npos;
    auto j = nlohmann::json::parse(body, nullptr, false);
    return j.is_array() && !j.empty() && j[0].is_object() && j[0].contains("update_id") &&
           (j[0]["update_id"].is_string() || j[0]["update_id"].is_number());
}

// The rating in words an officer reads, for servers that take no `rating` field.
std::string rating_in_words(const OutgoingUpdate& u) {
    std::string text = u.rating == "satisfied" ? "Người dân đánh giá: HÀI LÒNG với kết quả xử lý (citizen's rating: satisfied)."
                                               : "Người dân đánh giá: CHƯA HÀI LÒNG với kết quả xử lý (citizen's rating: not satisfied).";
    return u.description.empty() ? text : text + " Ý kiến (comment): " + u.description;
}

std::string Agent::update_form(const OutgoingUpdate& u, UnixMs now, bool upper) const {
    std::string status = upper ? to_upper(u.status) : u.status;
    // A rating travels as a field only to a server known to take it (the reference
    // portal); others refuse fields they do not know, so it goes in the description.
    bool rating_field = u.kind == "rating" && m_rating_field;
    std::string description = u.kind == "rating" && !rating_field ? rating_in_words(u) : u.description;
    std::string body = "api_key=" + open311::url_encode(m_config.api_key) +
                       "&update_id=" + open311::url_encode(u.update_id) +
                       "&service_request_id=" + open311::url_encode(u.service_request_id) +
                       "&status=" + open311::url_encode(status) + "&description=" + open311::url_encode(description) +
                       "&updated_datetime=" + open311::url_encode(open311::iso8601(now));
    if (!m_config.jurisdiction_id.empty()) body += "&jurisdiction_id=" + open311::url_encode(m_config.jurisdiction_id);
    if (rating_field) body += "&rating=" + open311::url_encode(u.rating);
    return body;
}

Agent::Outcome Agent::send_update(const OutgoingUpdate& u, UnixMs now, PassResult& r) {
    const open311::Format f = m_config.format;
    m_rating_field = m_store.value("agent.portal_kind").value_or("") == "wardkiosk";
    // The status in the casing the server uses: learnt from its own updates (apply_updates);
    // a 400 that names `status` tries the other casing once.
    bool upper = m_store.value("agent.status_case").value_or("") == "upper";
    HttpResponse res;
    for (int casing = 0; casing < 2; ++casing, upper = !upper) {
        res = m_http.post_form(url(std::string("/servicerequestupdates") + open311::extension(f)),
                               update_form(u, now, upper), {wire::accept(f)});
        if (res.status != 400 || wire::error_text(wire::errors(res.body)).find("status") == std::string::npos) break;
    }
    if ((res.status == 200 || res.status == 201) && update_answer(f, res.body)) {
        m_store.update_sent(u.id, now);
        m_store.set_value("agent.status_case", upper ? "upper" : "lower");
        note_ok("update", now);
        log::info(u.kind + " " + u.update_id + " sent");  // ids only: the comment stays out of the log
        ++r.updates_sent;
        return Outcome::done;
    }
    return update_failed(u, res, res.status == 200 || res.status == 201 ? "not an Open311 answer" : "", now, r);
}

// Never dropped. A link failure holds everything; a refusal (a 4xx after a success: a
// case not yet visible, a field the server will not take) is retried with the update's
// own backoff and, refused attention_after_400 times, held for staff with every reason
// the server gave, like a report: it never blocks the updates behind it.
Agent::Outcome Agent::update_failed(const OutgoingUpdate& u, const HttpResponse& res, const std::string& why,
                                    UnixMs now, PassResult& r) {
    const bool portal_was_ok = m_portal_ok;
    std::string msg = fail_text(res, why);
    UnixMs own = backoff_delay(m_config.backoff, std::min(u.attempts + 1, 30), m_random());
    ++r.failed;
    if (res.status == 401 || res.status == 403) {
        note_error("config", "the portal refused the API key (" + msg + ")", now);
        block_until(now + m_config.backoff.cap_ms);
        m_store.update_retry_later(u.id, msg, m_blocked_until);
        return Outcome::blocked;
    }
    note_error("update", u.update_id + ": " + msg, now);
    bool link = res.status == 0 || res.status >= 500 || res.status == 429 || res.status == 408 || !why.empty();
    if (!link) {
        if (portal_was_ok && u.refusals + 1 >= m_config.attention_after_400) {
            m_store.update_needs_attention(u.id, msg, now);
            log::warn(u.kind + " " + u.update_id + " needs staff attention: " + msg);
            return Outcome::set_aside;
        }
        m_store.update_retry_later(u.id, msg, now + own, portal_was_ok);
        return Outcome::retry;
    }
    UnixMs delay = hold_link(res, now);
    m_store.update_retry_later(u.id, msg, now + std::max(delay, own));
    r.network_ok = false;
    return Outcome::blocked;
}

// [SECTION] health
// The reference portal serves it beside Open311: <base without /open311/v2>/wardkiosk/v1/health.json.
std::string Agent::health_url() const { return wardkiosk_url("/health.json"); }

void Agent::report_health(UnixMs now) {
    if (!m_config.report_health || now < m_next_health || now < m_blocked_until) return;
    m_next_health = now + m_config.health_interval_ms;
    std::string quiet = m_store.value("agent.health_quiet_until").value_or("0");
    if (now < std::atoll(quiet.c_str())) return;
    QueueCounts c = m_store.counts();
    std::string last = std::max(m_store.value("agent.last_ok.upload").value_or(""),
                                m_store.value("agent.last_ok.pull").value_or(""));  // ISO 8601 UTC: text order is time order
    std::string body = "api_key=" + open311::url_encode(m_config.api_key) +
                       "&kiosk_id=" + std::to_string(m_config.kiosk_id) +
                       "&version=" + open311::url_encode(version_string()) +
                       "&queue_depth=" + std::to_string(c.queued + c.token + c.updates) +
                       "&oldest_pending_s=" + std::to_string(c.oldest_pending_at ? (now - c.oldest_pending_at) / 1000 : 0) +
                       "&last_sync=" + open311::url_encode(last) +
                       "&printer=" + open311::url_encode(m_store.value("kiosk.printer").value_or("unknown"));
    if (auto offset = m_store.clock_offset()) body += "&clock_offset_s=" + std::to_string(*offset / 1000);
    HttpResponse res = m_http.post_form(health_url(), body, {"Accept: application/json"});
    if (res.status == 404) {  // not the reference portal: no such endpoint, and no need to say so often
        m_store.set_value("agent.health_quiet_until", std::to_string(now + kHealthQuietMs));
        m_store.set_value("agent.portal_kind", "other");  // the province moved to another server: no rating field, no phone photos
        log::info("the portal has no health endpoint; not reporting health for a day");
    } else if (res.status == 200 || res.status == 201) {
        m_store.set_value("agent.last_ok.health", open311::iso8601(now));
        m_store.set_value("agent.portal_kind", "wardkiosk");  // it takes a rating as a field
    } else {
        m_store.set_value("agent.last_error.health", open311::iso8601(now) + " " + fail_text(res, ""));
    }
}

}  // namespace wk::agent
