// Upload, token polling and pulls. [SECTION] pass, upload, failures, pulls, health.
#include "agent.hpp"

#include <algorithm>

#include "platform/log.hpp"
#include "sync/open311.hpp"

namespace wk::agent {

Agent::Agent(Store& store, HttpClient& http, const ContactBox& box, AgentConfig config,
             std::function<double()> random_unit)
    : m_store(store), m_http(http), m_box(box), m_config(std::move(config)), m_random(std::move(random_unit)) {}

std::string Agent::url(const std::string& path) const {
    std::string u = m_config.base_url;
    while (!u.empty() && u.back() == '/') u.pop_back();
    u += path;
    if (!m_config.jurisdiction_id.empty())
        u += (u.find('?') == std::string::npos ? "?" : "&") + std::string("jurisdiction_id=") +
             open311::url_encode(m_config.jurisdiction_id);
    return u;
}

// [SECTION] pass
PassResult Agent::run_once(UnixMs now) {
    PassResult r;
    // Uploads: oldest due first, until nothing is due or the link is blocked. A report
    // retried in this pass is due later, so the loop ends.
    while (now >= m_blocked_until) {
        auto item = m_store.next_due(now);
        if (!item) break;
        Outcome o = item->state == SyncState::token ? poll_token(*item, now, r) : upload_one(*item, now, r);
        if (o == Outcome::blocked) break;
    }
    if (now >= m_next_services && now >= m_blocked_until) {
        if (pull_services(now)) {
            m_next_services = now + m_config.services_interval_ms;
        } else {
            m_next_services = now + m_config.backoff.base_ms * 8;
            r.network_ok = false;
        }
    }
    if (now >= m_next_pull && now >= m_blocked_until) {
        r.network_ok = pull_statuses(now, r) && r.network_ok;
        m_next_pull = now + m_config.pull_interval_ms;
    }
    QueueCounts c = m_store.counts();
    m_store.set_value("agent.next_attempt", c.queued + c.token > 0
                                                ? open311::iso8601(std::max({c.next_attempt_at, m_blocked_until, now}))
                                                : "");
    return r;
}

UnixMs Agent::next_wake(UnixMs now) {
    QueueCounts c = m_store.counts();
    UnixMs wake = std::max(m_next_pull, m_blocked_until);  // pulls wait out a block too
    if (c.queued + c.token > 0) wake = std::min(wake, std::max(c.next_attempt_at, m_blocked_until));
    return std::max(wake, now);
}

// [SECTION] upload
Agent::Outcome Agent::upload_one(const OutboxItem& item, UnixMs now, PassResult& r) {
    open311::PostRequest p;
    p.api_key = m_config.api_key;
    p.jurisdiction_id = m_config.jurisdiction_id;
    p.service_code = item.draft.service_code;
    p.description = item.draft.description;
    p.address_string = item.draft.address.empty() ? item.draft.ward : item.draft.address + ", " + item.draft.ward;
    if (!m_config.province.empty()) p.address_string += ", " + m_config.province;
    p.lat = m_config.lat;
    p.lon = m_config.lon;
    p.device_id = "kiosk-" + std::to_string(m_config.kiosk_id);
    p.attributes["kiosk_receipt"] = item.code;
    p.attributes["channel"] = channel_name(item.draft.channel);
    if (!item.sealed_contact.empty()) {
        auto c = m_box.open(item.sealed_contact);
        if (!c) {  // wrong key file: sending it anonymously would erase the contact for good
            m_store.needs_attention(item.id, "the contact cannot be opened with this kiosk's key", now);
            ++r.set_aside;
            return Outcome::set_aside;
        }
        p.first_name = c->name;
        p.phone = c->phone;
    }
    m_store.record_attempt(item.id, now);  // counted before sending: a crash mid-request still counts
    HttpResponse res = m_http.post_form(url("/requests.json"), open311::encode_form(p),
                                        {"Idempotency-Key: " + item.code, "Accept: application/json"});
    if (res.status == 200 || res.status == 201 || res.status == 202) {
        std::string why;
        if (auto ok = open311::parse_post_response(res.body, why)) {
            m_network_failures = 0;
            note_ok("upload", now);
            if (!ok->service_request_id.empty()) {
                m_store.acknowledge(item.id, ok->service_request_id, now);
                log::info("report " + item.code + " acknowledged as " + ok->service_request_id);
                ++r.uploaded;
            } else {
                m_store.keep_token(item.id, ok->token, now + backoff_delay(m_config.backoff, 1, m_random()), now);
                log::info("report " + item.code + " accepted with a token; polling for its id");
            }
            return Outcome::done;
        }
        return on_failure(item, res, "not an Open311 answer: " + why, now, r);
    }
    return on_failure(item, res, "", now, r);
}

Agent::Outcome Agent::poll_token(const OutboxItem& item, UnixMs now, PassResult& r) {
    m_store.record_attempt(item.id, now);  // a poll is a try: the wait between polls grows
    HttpResponse res = m_http.get(url("/tokens/" + open311::url_encode(item.token) + ".json"));
    std::string why;
    if (res.status == 200) {
        if (auto list = open311::parse_requests(res.body, why)) {
            note_ok("upload", now);
            m_network_failures = 0;
            if (!list->empty()) {
                m_store.acknowledge(item.id, list->front().service_request_id, now);
                ++r.uploaded;
            } else {
                int tries = std::min(item.attempts + 1, 20);
                m_store.retry_later(item.id, "waiting for the portal to assign a case number",
                                    now + backoff_delay(m_config.backoff, tries, m_random()));
            }
            return Outcome::done;
        }
    }
    // Never POST a report with a token again: a failed poll is only retried later.
    return on_failure(item, res, why.empty() ? "" : "not an Open311 answer: " + why, now, r);
}

// [SECTION] failures
Agent::Outcome Agent::on_failure(const OutboxItem& item, const HttpResponse& res, const std::string& why,
                                 UnixMs now, PassResult& r) {
    std::string msg = !why.empty() ? why : res.status == 0 ? res.error : "HTTP " + std::to_string(res.status);
    auto errors = open311::parse_errors(res.body);
    if (!errors.empty()) msg += ": " + errors.front().description;
    if (res.status == 401 || res.status == 403) {
        note_error("config", "the portal refused the API key (" + msg + ")", now);
        m_blocked_until = now + m_config.backoff.cap_ms;
        m_store.retry_later(item.id, msg, m_blocked_until);
        ++r.failed;
        return Outcome::blocked;
    }
    // Refusals of this one report (400 and the other 4xx but 403, 404, 408, 429): retry it
    // alone with backoff, set it aside after a few; the link itself is fine.
    bool refused = res.status >= 400 && res.status < 500 && res.status != 401 && res.status != 403 && res.status != 404 &&
                   res.status != 408 && res.status != 429;
    if (res.status == 404 || (refused && item.attempts + 1 >= m_config.attention_after_400)) {
        m_store.needs_attention(item.id, msg, now);
        note_error("upload", "report " + item.code + " needs staff attention: " + msg, now);
        ++r.set_aside;
        return Outcome::set_aside;
    }
    if (refused) {
        m_store.retry_later(item.id, msg, now + backoff_delay(m_config.backoff, item.attempts + 1, m_random()));
        note_error("upload", msg, now);
        ++r.failed;
        return Outcome::retry;
    }
    // The link or the server is down: back off for every report, not just this one.
    ++m_network_failures;
    UnixMs delay = backoff_delay(m_config.backoff, m_network_failures, m_random());
    if (res.status == 429 || res.status == 503)
        if (auto ra = retry_after_ms(res.retry_after, now)) delay = std::clamp<UnixMs>(*ra, 1000, m_config.backoff.cap_ms);
    m_blocked_until = now + delay;
    // The report also keeps a backoff of its own, so a report the server keeps failing
    // on (a 500 for that report alone) drops behind the others instead of stalling them.
    UnixMs own = backoff_delay(m_config.backoff, item.attempts + 1, m_random());
    m_store.retry_later(item.id, msg, now + std::max(delay, own));
    note_error("upload", msg, now);
    r.network_ok = false;
    ++r.failed;
    return Outcome::blocked;
}

// [SECTION] pulls
bool Agent::pull_statuses(UnixMs now, PassResult& r) {
    constexpr size_t kBatch = 50;
    std::vector<std::string> ids = m_store.open_case_ids(100000);
    if (ids.empty()) return true;  // nothing to ask; and no contact to note either
    for (size_t i = 0; i < ids.size(); i += kBatch) {
        std::string list;
        for (size_t k = i; k < std::min(ids.size(), i + kBatch); ++k) list += (list.empty() ? "" : ",") + ids[k];
        HttpResponse res = m_http.get(url("/requests.json?service_request_id=" + open311::url_encode(list)));
        std::string why;
        auto reqs = res.status == 200 ? open311::parse_requests(res.body, why) : std::nullopt;
        if (!reqs) {
            note_error("pull", res.status == 0 ? res.error : why.empty() ? "HTTP " + std::to_string(res.status) : why, now);
            return false;
        }
        for (const auto& q : *reqs)
            if (m_store.apply_status({q.service_request_id, q.status, q.status_notes, q.agency_responsible,
                                      q.expected_datetime, q.updated_datetime},
                                     now))
                ++r.statuses_changed;
    }
    note_ok("pull", now);
    return true;
}

bool Agent::pull_services(UnixMs now) {
    HttpResponse res = m_http.get(url("/services.json"));
    std::string why;
    auto services = res.status == 200 ? open311::parse_services(res.body, why) : std::nullopt;
    if (!services || services->empty()) {
        note_error("services", res.status == 0 ? res.error : why.empty() ? "HTTP " + std::to_string(res.status) : why, now);
        return false;
    }
    std::vector<Category> cats;
    int sort = 0;
    for (const auto& s : *services) {
        Category c{s.service_code, s.service_name, s.service_name, s.group, sort++};
        for (const auto& d : m_config.default_categories)
            if (d.code == c.code) c.name_en = d.name_en;
        cats.push_back(std::move(c));
    }
    m_store.replace_categories(cats, now);
    note_ok("services", now);
    return true;
}

// [SECTION] health rows for `wardkiosk-sync status` and the kiosk's lookup screen
void Agent::note_ok(const char* kind, UnixMs now) {
    m_store.set_value(std::string("agent.last_ok.") + kind, open311::iso8601(now));
    if (std::string(kind) == "upload") m_store.set_value("agent.last_error.config", "");
}

void Agent::note_error(const char* kind, const std::string& message, UnixMs now) {
    m_store.set_value(std::string("agent.last_error.") + kind, open311::iso8601(now) + " " + message);
    log::warn(std::string(kind) + ": " + message);
}

}  // namespace wk::agent
