// Exactly once without the server's help. Many GeoReport v2 servers ignore
// Idempotency-Key: a POST whose answer was lost (a backend slower than our timeout, a
// reset, a gateway's 502/504) may have made a case all the same, and posting it again
// makes a second one. So a report whose try went out unanswered is first looked for on
// the portal (GET /requests for its service, in a window around its first try) and the
// case found is adopted; it is posted again only when the portal does not have it.
// Uploads themselves: agent.cpp.
#include <algorithm>

#include "agent.hpp"
#include "platform/log.hpp"
#include "wire.hpp"

namespace wk::agent {

constexpr UnixMs kSearchBefore = 60 * 60000;  // the portal's clock may be behind ours this much
constexpr UnixMs kSearchAfter = 60 * 60000;   // or ahead
constexpr UnixMs kMaxWindow = 90LL * 24 * 3600000;

// The form fields a server keeps and shows again in GET /requests.
struct Sent {
    std::string service_code, description, address, receipt;
};

static Sent sent_fields(const std::string& form) {
    Sent s;
    auto f = open311::decode_form(form);
    if (!f) return s;
    auto get = [&](const char* k) {
        auto it = f->find(k);
        return it == f->end() ? std::string() : it->second;
    };
    s.service_code = get("service_code");
    s.description = get("description");
    s.address = get("address_string");
    s.receipt = get("attribute[kiosk_receipt]");
    return s;
}

static std::string trimmed(const std::string& s) {
    size_t b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

// Whether a case on the portal is this report: the receipt where the server echoes it
// (then nothing else is needed), else exactly the description and address sent.
static bool same_report(const open311::ServiceRequest& q, const Sent& sent) {
    if (!q.service_code.empty() && q.service_code != sent.service_code) return false;
    auto echoed = q.attributes.find("kiosk_receipt");
    if (echoed != q.attributes.end()) return echoed->second == sent.receipt;
    if (trimmed(q.description) != trimmed(sent.description)) return false;
    return q.address.empty() || trimmed(q.address) == trimmed(sent.address);
}

Agent::Search Agent::look_for(const OutboxItem& item, UnixMs now, std::string& found_id) {
    const open311::Format f = m_config.format;
    Sent sent = sent_fields(item.sent_form);
    if (sent.service_code.empty()) return Search::absent;  // nothing kept to match on: it never went out
    UnixMs from = (item.first_sent_at ? item.first_sent_at : item.created_at) - kSearchBefore;
    UnixMs to = std::min(now + kSearchAfter, from + kMaxWindow);
    std::string q = "service_code=" + open311::url_encode(sent.service_code) +
                    "&start_date=" + open311::url_encode(open311::iso8601(from)) +
                    "&end_date=" + open311::url_encode(open311::iso8601(to));
    HttpResponse res = m_http.get(url(std::string("/requests") + open311::extension(f) + "?" + q), {wire::accept(f)});
    if (m_config.alive) m_config.alive();
    std::string why;
    auto rows = res.status == 200 ? wire::requests(f, res.body, why) : std::nullopt;
    if (!rows) {
        std::string msg = fail_text(res, why);
        note_error("upload", "looking for report " + item.code + " on the portal: " + msg, now);
        // A server that refuses the search itself (a 4xx) will refuse it again: the report
        // goes to staff rather than be posted blindly or hold everyone's link for ever.
        bool refused = res.status >= 400 && res.status < 500 && res.status != 408 && res.status != 429;
        if (refused) {
            found_id = msg;
            return Search::refused;
        }
        hold_link(res, now);  // the link or the server is down: never post blindly meanwhile
        return Search::failed;
    }
    note_ok("upload", now);
    for (const auto& row : *rows) {
        if (row.service_request_id.empty() || !same_report(row, sent)) continue;
        if (m_store.has_case(row.service_request_id)) continue;  // another of this kiosk's reports
        found_id = row.service_request_id;
        return Search::found;
    }
    return Search::absent;
}

bool Agent::settle_unanswered(std::optional<OutboxItem>& item, UnixMs now, const Store::SendCheck& sendable,
                              PassResult& r) {
    while (item && item->unanswered && item->state == SyncState::queued) {
        std::string id;
        Search s = look_for(*item, now, id);
        if (s == Search::absent) return true;  // post it again, the same form
        if (s == Search::failed) {
            r.network_ok = false;
            ++r.failed;
            return false;
        }
        TryOutcome o{item->id, now};
        if (s == Search::refused) {
            o.kind = TryOutcome::Kind::attention;
            o.text = "an earlier try went out and its answer was lost, and the portal cannot be searched for it (" + id +
                     "): check on the portal whether it arrived before sending it again";
            ++r.set_aside;
        } else {
            o.kind = TryOutcome::Kind::acknowledged;
            o.text = id;
            log::info("report " + item->code + " was already on the portal as " + id + " (its answer had been lost)");
            ++r.uploaded;
        }
        m_store.finish_try(o);
        item = m_store.next_to_send(now, item->id, sendable, &r.set_aside);
    }
    return item.has_value();
}

}  // namespace wk::agent
