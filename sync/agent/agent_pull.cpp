// The agent's pulls: the service list with each service's definition (the questions
// the kiosk asks), status changes of this kiosk's cases (the servicerequestupdates
// extension where the server has it, else GET /requests by id in batches), and the
// province's public reports for the board, in windows of at most 90 days.
// [SECTION] schedule  [SECTION] statuses  [SECTION] services  [SECTION] public reports
#include <algorithm>
#include <set>

#include "agent.hpp"
#include "platform/log.hpp"
#include "platform/utf8.hpp"
#include "wire.hpp"

namespace wk::agent {

constexpr UnixMs kMinute = 60000, kDay = 24 * 60 * kMinute;
constexpr UnixMs kMaxWindow = 90 * kDay;    // GeoReport v2's longest window
constexpr UnixMs kOverlap = 10 * kMinute;   // public windows overlap: commits land late
constexpr UnixMs kLate = kMinute;           // an update may be committed this long after its time
constexpr UnixMs kSkew = 60 * kMinute;      // the portal's clock may run ahead of ours this much
constexpr size_t kMaxResults = 1000;        // a full page may have been cut off
constexpr UnixMs kMinWindow = kMinute;      // public windows are halved down to this, no further
constexpr int kMaxWindowRequests = 24;      // public windows asked in one pull; the next resumes
constexpr size_t kBatch = 50;

static UnixMs stored_ms(Store& store, const std::string& key) {
    auto v = store.value(key);
    if (!v || v->empty()) return 0;
    try {
        return std::stoll(*v);
    } catch (const std::exception&) {
        return 0;
    }
}

static std::string window_query(UnixMs from, UnixMs to) {
    return "start_date=" + open311::url_encode(open311::iso8601(from)) +
           "&end_date=" + open311::url_encode(open311::iso8601(to));
}

std::string Agent::fail_text(const HttpResponse& res, const std::string& why) const {
    if (res.status == 0) return res.error;
    if (!why.empty()) return "not an Open311 answer: " + why;
    std::string msg = "HTTP " + std::to_string(res.status);
    auto errors = wire::errors(res.body);
    std::string text = wire::error_text(errors);
    return text.empty() ? msg : msg + ": " + text;
}

// Timeouts, resets, 5xx, 429 and a 200 that is not Open311 (a captive portal) are the
// link's fault: everything waits. A 4xx is this pull's own problem, and so is an answer
// over the client's body cap (too_large): the link works, the question was too big.
void Agent::pull_failed(const char* kind, const HttpResponse& res, const std::string& why, UnixMs now) {
    note_error(kind, fail_text(res, why), now);
    if (res.too_large) return;
    if (res.status == 0 || res.status >= 500 || res.status == 429 || res.status == 408 || res.status == 200)
        hold_link(res, now);
}

// [SECTION] schedule
void Agent::run_pulls(UnixMs now, PassResult& r) {
    if (now < m_blocked_until) return;  // the link is down or the key refused: pulls wait too
    if (now >= m_next_services) {
        bool ok = pull_services(now);
        m_next_services = now + (ok ? m_config.services_interval_ms : m_config.backoff.base_ms * 8);
        r.network_ok = ok && r.network_ok;
    }
    if (now >= m_next_pull && now >= m_blocked_until) {
        r.network_ok = pull_statuses(now, r) && r.network_ok;
        m_next_pull = now + m_config.pull_interval_ms;
    }
    if (m_config.pull_public && now >= m_next_public && now >= m_blocked_until) {
        bool ok = pull_public(now, r);
        m_next_public = now + (ok ? m_config.public_interval_ms : m_config.pull_interval_ms);
        r.network_ok = ok && r.network_ok;
    }
}

// [SECTION] statuses
// With the extension, a pull is one request for every update since the last one plus
// one request by id for the agency, answer and expected date of this kiosk's cases
// that changed. The cursor is on the portal's clock (the newest updated_datetime seen),
// so the two clocks may differ: each window starts kLate before it and ends kSkew
// after our now; the overlap is de-duplicated by update_id.
bool Agent::pull_statuses(UnixMs now, PassResult& r) {
    std::vector<std::string> open = m_store.open_case_ids(100000);
    if (open.empty() && !m_config.pull_public) return true;  // nothing to ask, no board to feed
    bool try_updates = m_store.value("agent.updates").value_or("") != "no" ||
                       now - stored_ms(m_store, "agent.updates_checked") > kDay;
    UnixMs until = stored_ms(m_store, "agent.updates_until");
    // Every resweep_interval_ms the open cases are asked by id all the same: an update
    // committed later than kLate after its time would otherwise be missed for good.
    bool swept_lately = now - stored_ms(m_store, "agent.swept_at") < m_config.resweep_interval_ms;
    if (try_updates && swept_lately && until > 0 && std::max(now, until) + kSkew - (until - kLate) <= kMaxWindow) {
        bool unsupported = false;
        UnixMs from = until - kLate, to = std::max(now, until) + kSkew;
        auto ups = fetch_updates(from, to, now, unsupported);
        if (ups && ups->size() < kMaxResults) return apply_updates(*ups, {from, to}, now, r);
        if (!ups && !unsupported) return false;
        if (unsupported) {
            log::info("the portal has no servicerequestupdates; asking by case number instead");
            m_store.set_value("agent.updates", "no");
            m_store.set_value("agent.updates_checked", std::to_string(now));
        }
    }
    // First pull, a long gap, a full page, the periodic sweep, or no extension: every open case by id.
    if (!pull_by_ids(open, now, r)) return false;
    m_store.set_value("agent.swept_at", std::to_string(now));
    // Updates from now on (on our clock, less the skew: the portal's may be behind).
    if (try_updates) m_store.set_value("agent.updates_until", std::to_string(std::max(until, now - kSkew)));
    return true;
}

// Applies a window of updates: each update_id once, to the public reports, and this
// kiosk's changed cases asked by id for their details. The cursor moves to the newest.
// Updates outside the window asked for are dropped (a server that ignores the dates).
// Many servers never put status_notes in GET /requests: the agency's answer is the
// description of an update, and the finer state (IN_PROGRESS, FIXED) is only there.
// So each update of one of this kiosk's cases is applied itself, oldest first (an
// event of the lookup's timeline; a non-empty description is the answer), before the
// case is asked by id, whose coarse status and empty notes then change nothing.
bool Agent::apply_updates(const std::vector<open311::RequestUpdate>& ups, std::pair<UnixMs, UnixMs> window,
                          UnixMs now, PassResult& r) {
    std::set<std::string> ours, changed;  // changed: counted once a case in statuses_changed
    UnixMs newest = window.first + kLate;  // the cursor the window was made from
    std::vector<std::pair<UnixMs, const open311::RequestUpdate*>> in_order;
    for (const auto& u : ups) {
        auto at = open311::parse_iso8601(u.updated_datetime);
        if (!at || *at < window.first || *at > window.second) continue;
        in_order.emplace_back(*at, &u);
    }
    std::stable_sort(in_order.begin(), in_order.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [at, u] : in_order) {
        newest = std::max(newest, at);
        if (u->update_id.empty() || !m_store.mark_update_seen(u->update_id, now)) continue;
        if (m_store.apply_public_status(u->service_request_id, normalized_status(u->status), at)) ++r.public_changed;
        if (!m_store.has_case(u->service_request_id)) continue;
        ours.insert(u->service_request_id);
        // The kiosk's own updates (a rating, a withdrawal) come back too: their status
        // counts, their text is the citizen's, never the agency's answer.
        bool own = u->update_id.rfind("WK-", 0) == 0 || u->description.rfind(kRatingWords, 0) == 0 ||
                   m_store.sent_update_text(u->service_request_id, u->description);
        StatusUpdate mine{u->service_request_id, u->status, own ? "" : u->description, "", "", u->updated_datetime};
        if (m_store.apply_status(mine, now)) changed.insert(u->service_request_id);
    }
    learn_status_case(ups);
    if (!pull_by_ids({ours.begin(), ours.end()}, now, r, &changed)) return false;
    note_ok("pull", now);
    m_store.set_value("agent.updates", "yes");
    m_store.set_value("agent.updates_until", std::to_string(newest));
    m_store.forget_updates_before(now - kMaxWindow);
    return true;
}

// The casing of the server's own statuses ("IN_PROGRESS" or "in_progress"), which its
// POST servicerequestupdates may insist on: kept for send_update.
void Agent::learn_status_case(const std::vector<open311::RequestUpdate>& ups) {
    for (const auto& u : ups) {
        bool upper = std::any_of(u.status.begin(), u.status.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
        bool lower = std::any_of(u.status.begin(), u.status.end(), [](char c) { return c >= 'a' && c <= 'z'; });
        if (upper == lower) continue;
        const char* seen = upper ? "upper" : "lower";
        if (m_store.value("agent.status_case").value_or("") != seen) m_store.set_value("agent.status_case", seen);
        return;
    }
}

std::optional<std::vector<open311::RequestUpdate>> Agent::fetch_updates(UnixMs from, UnixMs to, UnixMs now,
                                                                        bool& unsupported) {
    const open311::Format f = m_config.format;
    HttpResponse res = m_http.get(url(std::string("/servicerequestupdates") + open311::extension(f) + "?" +
                                      window_query(from, to)),
                                  {wire::accept(f)});
    // A server without the extension may say so with 404, 405 or 501, or with the 400 of
    // an unknown path: each means asking by case number (the extension is tried again
    // after a day), not a failed pull every 30 s until the 6-hourly sweep.
    unsupported = res.status == 404 || res.status == 405 || res.status == 501 || res.status == 400;
    std::string why;
    auto ups = res.status == 200 ? wire::updates(f, res.body, why) : std::nullopt;
    if (!ups && !unsupported) pull_failed("pull", res, why, now);
    return ups;
}

bool Agent::pull_by_ids(const std::vector<std::string>& ids, UnixMs now, PassResult& r,
                        std::set<std::string>* changed) {
    std::set<std::string> mine;
    if (!changed) changed = &mine;
    const open311::Format f = m_config.format;
    for (size_t i = 0; i < ids.size(); i += kBatch) {
        std::string list;
        for (size_t k = i; k < std::min(ids.size(), i + kBatch); ++k) list += (list.empty() ? "" : ",") + ids[k];
        HttpResponse res = m_http.get(
            url(std::string("/requests") + open311::extension(f) + "?service_request_id=" + open311::url_encode(list)),
            {wire::accept(f)});
        std::string why;
        auto reqs = res.status == 200 ? wire::requests(f, res.body, why) : std::nullopt;
        if (!reqs) {
            pull_failed("pull", res, why, now);
            return false;
        }
        for (const auto& q : *reqs) {
            StatusUpdate u{q.service_request_id, q.status, q.status_notes, q.agency_responsible, q.expected_datetime,
                           q.updated_datetime};
            if (m_store.apply_status(u, now)) changed->insert(q.service_request_id);
            if (q.media_url.rfind("http", 0) == 0) m_store.want_photo(q.service_request_id, q.media_url);
        }
    }
    r.statuses_changed += static_cast<int>(changed->size());
    if (!ids.empty()) note_ok("pull", now);  // no request, no contact to note
    return true;
}

// [SECTION] services
bool Agent::pull_services(UnixMs now) {
    const open311::Format f = m_config.format;
    HttpResponse res = m_http.get(url(std::string("/services") + open311::extension(f)), {wire::accept(f)});
    std::string why;
    auto services = res.status == 200 ? wire::services(f, res.body, why) : std::nullopt;
    if (!services || services->empty()) {
        if (services) note_error("services", "the portal lists no services", now);
        else pull_failed("services", res, why, now);
        return false;
    }
    std::vector<Category> cats;
    int sort = 0;
    for (const auto& s : *services) {
        Category c{s.service_code, s.service_name, s.service_name, s.group, sort++};
        for (const auto& d : m_config.default_categories)
            if (d.code == c.code) c.name_en = d.name_en;
        // A definition that cannot be read keeps the old list whole: the kiosk must not
        // offer a category without the questions the portal requires.
        if (s.metadata && !fetch_definition(c, now)) return false;
        cats.push_back(std::move(c));
    }
    m_store.replace_categories(cats, now);
    note_ok("services", now);
    return true;
}

bool Agent::fetch_definition(Category& c, UnixMs now) {
    const open311::Format f = m_config.format;
    HttpResponse res = m_http.get(url("/services/" + open311::url_encode(c.code) + open311::extension(f)),
                                  {wire::accept(f)});
    std::string why;
    auto d = res.status == 200 ? wire::definition(f, res.body, why) : std::nullopt;
    if (!d) {
        pull_failed("services", res, why.empty() ? why : "service " + c.code + ": " + why, now);
        return false;
    }
    for (auto& a : d->attributes)
        if (a.variable) c.attributes.push_back(std::move(a));
    std::sort(c.attributes.begin(), c.attributes.end(), [](const auto& a, const auto& b) { return a.order < b.order; });
    return true;
}

// [SECTION] public reports
// From 1 January (Vietnam time) up to now, in windows of at most 90 days, resuming
// where the last pull ended. A window that comes back full (1,000 results) or larger
// than the HTTP client's body cap is halved and asked again, down to kMinWindow; the
// window after one that fits may be twice as long again. The cursor moves after each
// window stored, so a dense stretch is never downloaded whole again. A window of
// kMinWindow still too large is skipped with an error noted: asked again every poll,
// it would hold the board there for ever (and cost the whole cap each time).
// Without the updates extension the year is re-read every resweep_interval_ms, so
// that status changes of older reports reach the board too.
bool Agent::pull_public(UnixMs now, PassResult& r) {
    UnixMs cursor = stored_ms(m_store, "agent.public_until");
    if (m_store.value("agent.updates").value_or("") == "no" &&
        now - stored_ms(m_store, "agent.public_swept") >= m_config.resweep_interval_ms) {
        cursor = 0;
        m_store.set_value("agent.public_swept", std::to_string(now));
    }
    UnixMs from = std::max(vietnam_year_start(now), cursor - kOverlap);
    UnixMs span = kMaxWindow;
    for (int requests = 0; from < now && requests < kMaxWindowRequests; ++requests) {
        UnixMs to = std::min(from + span, now);
        bool too_large = false;
        auto rows = fetch_window(from, to, now, too_large);
        if (!rows && !too_large) return false;
        if ((too_large || rows->size() >= kMaxResults) && to - from > kMinWindow) {
            span = std::max(kMinWindow, (to - from) / 2);  // cut off or too large: ask for half the window
            continue;
        }
        if (rows) {
            std::vector<PublicReport> pub;
            for (const auto& q : *rows) pub.push_back(public_row(q));
            r.public_changed += m_store.upsert_public(pub);
        } else {
            note_error("public", "skipped the reports filed from " + open311::iso8601(from) + " to " +
                                     open311::iso8601(to) + ": even that window's answer is over the size cap", now);
        }
        m_store.set_value("agent.public_until", std::to_string(to));
        from = to;
        span = std::min(kMaxWindow, 2 * span);
    }
    note_ok("public", now);
    return true;
}

// The reports filed in [from, to]; nullopt when the pull failed (noted, the link held
// if at fault) or the answer was over the body cap (`too_large`: for the caller to split).
std::optional<std::vector<open311::ServiceRequest>> Agent::fetch_window(UnixMs from, UnixMs to, UnixMs now,
                                                                       bool& too_large) {
    const open311::Format f = m_config.format;
    HttpResponse res = m_http.get(url(std::string("/requests") + open311::extension(f) + "?" + window_query(from, to)),
                                  {wire::accept(f)});
    too_large = res.too_large;
    if (too_large) log::debug("public reports " + window_query(from, to) + ": " + res.error);
    std::string why;
    auto rows = res.status == 200 ? wire::requests(f, res.body, why) : std::nullopt;
    if (!rows && !too_large) pull_failed("public", res, why, now);
    return rows;
}

// The ward is the longest configured ward name found in the address ("" when none).
PublicReport Agent::public_row(const open311::ServiceRequest& q) const {
    PublicReport p{q.service_request_id, q.service_code, q.status.empty() ? "open" : normalized_status(q.status)};
    p.requested_at = open311::parse_iso8601(q.requested_datetime).value_or(0);
    p.updated_at = open311::parse_iso8601(q.updated_datetime).value_or(p.requested_at);
    p.expected_at = open311::parse_iso8601(q.expected_datetime).value_or(0);
    p.agency = q.agency_responsible;
    for (const auto& w : m_config.wards)
        if (w.size() > p.ward.size() && q.address.find(w) != std::string::npos) p.ward = w;
    if (auto r = q.attributes.find("kiosk_receipt"); r != q.attributes.end()) p.receipt = r->second;
    // The public text's start, for "is it one of these?" (whole code points, an ellipsis
    // where it was cut); the portal published it, the kiosk shows no more of it.
    std::u32string text = utf8::decode(q.description);
    if (text.size() > kPublicTextChars) text = text.substr(0, kPublicTextChars - 1) + U"…";
    p.description = utf8::encode(text);
    p.address = q.address;
    return p;
}

}  // namespace wk::agent
