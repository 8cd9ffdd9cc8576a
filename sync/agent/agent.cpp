// Upload and token polling (pulls: agent_pull.cpp). [SECTION] pass, upload, failures, health.
#include "agent.hpp"

#include <algorithm>
#include <stdexcept>

#include "platform/log.hpp"
#include "sync/open311.hpp"
#include "sync/report.hpp"
#include "sync/store_guard.hpp"
#include "wire.hpp"

namespace wk::agent {

Agent::Agent(Store& store, HttpClient& http, const ContactBox& box, AgentConfig config,
             std::function<double()> random_unit)
    : m_store(store), m_http(http), m_box(box), m_config(std::move(config)), m_random(std::move(random_unit)) {
    try {  // a block set before a restart still holds (Retry-After, a refused key)
        m_blocked_until = std::stoll(m_store.value("agent.blocked_until").value_or("0"));
    } catch (const std::exception&) {
        m_blocked_until = 0;
    }
    m_portal_accepts = m_store.value("agent.portal_accepts").value_or("") == "yes";
}

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
    answer_lookups(now);  // a citizen is waiting at the kiosk for these
    upload_all(now, r);
    send_updates(now, r);
    run_pulls(now, r);
    refresh_photos(now);  // after the pulls, which note new media_urls
    report_health(now);
    QueueCounts c = m_store.counts();
    if (c.queued + c.token + c.updates == 0) check_store(now);
    m_store.set_value("agent.next_attempt", c.queued + c.token + c.updates > 0
                                                ? open311::iso8601(std::max({c.next_attempt_at, m_blocked_until, now}))
                                                : "");
    m_store.flush_to_disk();  // what this pass learnt, on disk before the agent sleeps
    return r;
}

// The store's full check, once a day, when nothing waits to be sent: at a million
// reports it reads for about a second, which no citizen waits on here (the kiosk's
// reads and writes go on). Damage is logged and recorded; the next start of either
// program sets the file aside (store_guard.hpp).
void Agent::check_store(UnixMs now) {
    try {
        if (!integrity_check_due(m_store, now)) return;
        IntegrityRecord r = check_integrity(m_store, now, "daily");
        if (r.result != "ok") log::error("the store is damaged (" + r.result + "); restart both programs to set it aside");
        else log::info("store check: ok in " + std::to_string(r.took_ms) + " ms");
    } catch (const db::Error& e) {
        log::error(std::string("store check failed: ") + e.what());
    }
}

UnixMs Agent::next_wake(UnixMs now) {
    QueueCounts c = m_store.counts();
    UnixMs next_pull = m_config.pull_public ? std::min(m_next_pull, m_next_public) : m_next_pull;
    UnixMs wake = std::max(std::min(next_pull, m_next_services), m_blocked_until);  // pulls wait out a block too
    if (m_config.report_health) wake = std::min(wake, std::max(m_next_health, m_blocked_until));
    if (c.queued + c.token + c.updates > 0) wake = std::min(wake, std::max(c.next_attempt_at, m_blocked_until));
    return std::max(wake, now);
}

// [SECTION] upload
// Oldest due first, until nothing is due or the link is blocked; each report once a
// pass. While a backlog drains, the store's work overlaps the requests: the next
// report is read while the one before is out, and an acknowledgement is written while
// the next request is out, so the portal does not wait on this disk (nor pay an idle
// wake-up each time). Only a cheap check that the report read ahead is still to be sent
// (staff may have withdrawn it meanwhile) sits between an answer and the next request,
// with the rarer outcomes (retries, tokens, set-asides) and the health rows. At most one
// acknowledgement waits: if the agent dies then, the report is sent again with the
// same Idempotency-Key and answered with the same case number, as a power cut already
// may cause (Store::write_without_fsync). A pass writes to the store before its first
// request, so a store that cannot be written stops the pass before anything is sent.
void Agent::upload_all(UnixMs now, PassResult& r) {
    if (now < m_blocked_until) return;
    // A report whose contact this kiosk's key cannot open is never sent: anonymously it
    // would lose the contact for good. It waits for staff, set aside when it is read.
    const Store::SendCheck sendable = [this](const OutboxItem& item) {
        if (item.sealed_contact.empty() || m_box.open(item.sealed_contact)) return std::string();
        log::warn("report " + item.code + " set aside: its contact cannot be opened with this kiosk's key");
        return std::string("the contact cannot be opened with this kiosk's key");
    };
    struct Abandon {  // a store error leaves no request out; its report stays queued
        HttpClient& http;
        ~Abandon() { http.abandon(); }
    } abandon{m_http};
    m_pass_refusals.clear();
    m_held_services.clear();
    m_held_until.clear();
    std::optional<TryOutcome> write_later;
    std::optional<OutboxItem> item = m_store.next_to_send(now, 0, sendable, &r.set_aside);
    if (!item) return;
    m_store.set_value("agent.upload_pass", open311::iso8601(now));
    if (!settle_unanswered(item, now, sendable, r)) return;
    start_try(*item);
    while (item) {
        if (write_later) m_store.finish_try(*write_later), write_later.reset();
        std::optional<OutboxItem> next = m_store.next_to_send(now, item->id, sendable, &r.set_aside);
        TryOutcome o{item->id, now};
        HttpResponse res = m_http.finish();
        if (m_config.alive) m_config.alive();
        Outcome what = item->state == SyncState::token ? token_answer(*item, res, now, r, o)
                                                       : upload_answer(*item, res, now, r, o);
        if (o.kind == TryOutcome::Kind::acknowledged && next) write_later = std::move(o);
        else m_store.finish_try(o);
        if (what == Outcome::blocked) break;  // `next` was only read: nothing of it to undo
        while (next && !m_store.still_to_send(next->id))  // withdrawn while it waited
            next = m_store.next_to_send(now, next->id, sendable, &r.set_aside);
        skip_held_services(next, now, sendable, r);
        item = std::move(next);
        if (item && item->unanswered) {  // rare: looked for first, out of the pipeline
            if (write_later) m_store.finish_try(*write_later), write_later.reset();
            if (!settle_unanswered(item, now, sendable, r)) break;
        }
        if (!item) break;
        try {
            start_try(*item);
        } catch (...) {  // the acknowledgement waiting for this request is written all the same
            if (write_later) m_store.finish_try(*write_later);
            throw;
        }
    }
    if (write_later) m_store.finish_try(*write_later);  // the last report's, when the one after was withdrawn
}

// Sends a report (POST /requests) or, once it has a token, asks for its case number.
void Agent::start_try(const OutboxItem& item) {
    const open311::Format f = m_config.format;
    if (item.state == SyncState::token) {
        m_http.start_get(url("/tokens/" + open311::url_encode(item.token) + open311::extension(f)), {wire::accept(f)});
        return;
    }
    // Every try sends the first try's form (sent_form), whatever the config says now:
    // a report whose answer was lost stays the same report. The key and the contact are
    // added each time (a key may be replaced; the contact is never kept in clear).
    m_started_form = item.sent_form.empty() ? frozen_form(item, m_config) : item.sent_form;
    std::string body = "api_key=" + open311::url_encode(m_config.api_key);
    if (!item.sealed_contact.empty()) {
        auto c = m_box.open(item.sealed_contact);
        if (!c) throw std::logic_error("read a report whose contact does not open");  // next_to_send checked
        auto [last, first] = split_vietnamese_name(c->name);
        if (!last.empty()) body += "&last_name=" + open311::url_encode(last);
        if (!first.empty()) body += "&first_name=" + open311::url_encode(first);
        if (!c->phone.empty()) body += "&phone=" + open311::url_encode(c->phone);
    }
    m_http.start_post_form(url(std::string("/requests") + open311::extension(f)), body + "&" + m_started_form,
                           {"Idempotency-Key: " + item.code, wire::accept(f)});
}

std::string frozen_form(const OutboxItem& item, const AgentConfig& config) {
    open311::PostRequest p = post_request(item, config);
    p.api_key.clear();
    return open311::encode_form(p);
}

std::pair<std::string, std::string> split_vietnamese_name(const std::string& full) {
    size_t b = full.find_first_not_of(' '), e = full.find_last_not_of(' ');
    if (b == std::string::npos) return {"", ""};
    std::string name = full.substr(b, e - b + 1);
    size_t space = name.find(' ');
    if (space == std::string::npos) return {"", name};  // one word: a given name
    return {name.substr(0, space), name.substr(name.find_first_not_of(' ', space))};
}

open311::PostRequest post_request(const OutboxItem& item, const AgentConfig& config) {
    open311::PostRequest p;
    p.api_key = config.api_key;
    p.jurisdiction_id = config.jurisdiction_id;
    p.service_code = item.draft.service_code;
    p.description = item.draft.description;
    p.address_string = address_string(item.draft, config.province);
    p.lat = config.lat;
    p.lon = config.lon;
    for (const WardPosition& w : config.ward_positions)
        if (w.ward == item.draft.ward) p.lat = w.lat, p.lon = w.lon;
    p.device_id = "kiosk-" + std::to_string(config.kiosk_id);
    p.attributes = item.draft.attributes;  // the category's questions, answered at the kiosk
    p.attributes["kiosk_receipt"] = item.code;
    p.attributes["channel"] = channel_name(item.draft.channel);
    return p;
}

Agent::Outcome Agent::upload_answer(const OutboxItem& item, const HttpResponse& res, UnixMs now, PassResult& r,
                                    TryOutcome& o) {
    if (item.sent_form.empty()) o.form = m_started_form;  // the first try's form, kept for the others
    // The request may have reached the portal and no answer came (a timeout, a reset, a
    // gateway's 502/504): before it is posted again, it is looked for (settle_unanswered).
    o.unanswered = res.maybe_sent && (res.status == 0 || res.status == 502 || res.status == 504);
    if (res.status == 200 || res.status == 201 || res.status == 202) {
        std::string why;
        if (auto ok = wire::post_result(m_config.format, res.body, why)) {
            m_network_failures = 0;
            note_ok("upload", now);
            m_refused_service.clear();
            set_portal_accepts(true);
            if (!ok->service_request_id.empty()) {
                o.kind = TryOutcome::Kind::acknowledged;
                o.text = ok->service_request_id;
                // debug: a drained backlog would be thousands of lines, past journald's rate
                // limit (which then drops warnings too); the pass's summary line says how many
                log::debug("report " + item.code + " acknowledged as " + ok->service_request_id);
                ++r.uploaded;
            } else {  // never POSTed again: polled for its case number
                o.kind = TryOutcome::Kind::token;
                o.text = ok->token;
                o.next_attempt = now + backoff_delay(m_config.backoff, 1, m_random());
                log::info("report " + item.code + " accepted with a token; polling for its id");
            }
            return Outcome::done;
        }
        return on_failure(item, res, "not an Open311 answer: " + why, now, r, o);
    }
    return on_failure(item, res, "", now, r, o);
}

// A poll is a try: the wait between polls grows. Servers answer [] for a token they do
// not know (lost, expired) for ever, so a token still without a case number
// token_stale_after_ms after the portal gave it goes to staff, who look on the portal;
// the agent never posts it again (the portal may well hold it under that token).
Agent::Outcome Agent::token_answer(const OutboxItem& item, const HttpResponse& res, UnixMs now, PassResult& r,
                                   TryOutcome& o) {
    std::string why;
    if (res.status == 200) {
        if (auto list = wire::requests(m_config.format, res.body, why)) {
            note_ok("upload", now);
            m_network_failures = 0;
            if (!list->empty() && !list->front().service_request_id.empty()) {
                o.kind = TryOutcome::Kind::acknowledged;
                o.text = list->front().service_request_id;
                ++r.uploaded;
                return Outcome::done;
            }
            // When the token came: its event. The first try (or the filing) is no later,
            // so the report's history is read only once that is old enough.
            UnixMs given = item.first_sent_at > 0 ? item.first_sent_at : item.created_at;
            if (now - given >= m_config.token_stale_after_ms)
                if (auto v = m_store.find(item.code))
                    for (const Event& e : v->events)
                        if (e.kind == "token" && e.notes == item.token) given = std::max(given, e.at);
            if (now - given < m_config.token_stale_after_ms) {
                o.kind = TryOutcome::Kind::retry;
                o.text = "waiting for the portal to assign a case number";
                o.next_attempt = now + backoff_delay(m_config.backoff, std::min(item.attempts + 1, 20), m_random());
                return Outcome::done;
            }
            constexpr UnixMs kDayMs = 24 * 3600000LL;
            o.kind = TryOutcome::Kind::attention;
            o.text = "the portal gave token " + item.token + " on " + vietnam_time(given) +
                     " and has not given a case number in " + std::to_string((now - given) / kDayMs) +
                     " days; check on the portal whether it has report " + item.code + " (token " + item.token +
                     ") before filing it again: Retry would post it again";
            note_error("upload", "report " + item.code + " needs staff attention: " + o.text, now);
            ++r.set_aside;
            return Outcome::set_aside;
        }
    }
    // Never POST a report with a token again: a failed poll is only retried later.
    return on_failure(item, res, why.empty() ? "" : "not an Open311 answer: " + why, now, r, o);
}

// [SECTION] failures (refusals: agent_refusals.cpp)
// The link (or the whole server) failed: nothing is sent or pulled for a while, the
// same backoff for every kind of request, or what a 429/503's Retry-After asks. The
// wait counts from when the answer arrived (HttpResponse::received_at; the pass's `now`
// when the client keeps no clock): late in a long pass, a Retry-After of 60 s counted
// from the pass's start would be mostly over already. An HTTP-date is measured
// against the arrival too. The block is kept in the store too, so a restarted agent
// honours it. Returns the wait from `now` to the block's end.
UnixMs Agent::hold_link(const HttpResponse& res, UnixMs now) {
    ++m_network_failures;
    const UnixMs arrived = std::max(now, res.received_at);
    UnixMs delay = backoff_delay(m_config.backoff, m_network_failures, m_random());
    if (res.status == 429 || res.status == 503)
        if (auto ra = retry_after_ms(res.retry_after, arrived))
            delay = std::clamp<UnixMs>(*ra, 1000, m_config.backoff.cap_ms);
    block_until(arrived + delay);
    return arrived + delay - now;
}

void Agent::block_until(UnixMs t) {
    m_blocked_until = t;
    m_store.set_value("agent.blocked_until", std::to_string(t));
}

// [SECTION] health rows for `wardkiosk-sync status` and the kiosk's lookup screen
// Written when the second changes, not every request: each write is an fsync, and a
// backlog drains hundreds of reports a second.
void Agent::note_ok(const char* kind, UnixMs now) {
    m_network_failures = 0;  // the link works: the next failure starts the backoff afresh
    m_portal_ok = true;
    std::string key = std::string("agent.last_ok.") + kind, at = open311::iso8601(now);
    if (std::string(kind) == "upload") {  // the key works again
        if (!m_config_error) m_config_error = !m_store.value("agent.last_error.config").value_or("").empty();
        if (*m_config_error) m_store.set_value("agent.last_error.config", ""), m_config_error = false;
    }
    if (m_noted[key] == at) return;
    m_store.set_value(key, at);
    m_noted[key] = at;
}

void Agent::note_error(const char* kind, const std::string& message, UnixMs now) {
    m_portal_ok = false;
    m_store.set_value(std::string("agent.last_error.") + kind, open311::iso8601(now) + " " + message);
    if (std::string(kind) == "config") m_config_error = true;
    log::warn(std::string(kind) + ": " + message);
}

}  // namespace wk::agent
