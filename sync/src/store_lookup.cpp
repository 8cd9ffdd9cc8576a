// Store, lookups of receipt codes filed at other kiosks. The kiosk never talks to the
// network: it writes the code it was asked for (ask_remote), the agent, woken by that
// write, asks the portal and writes the answer (answer_remote), and the kiosk reads it
// (remote_lookup). What is kept is the portal's public report (no contact data ever),
// and only for a day. Also: the public pull's row for a receipt, where the server
// echoes receipts, in the same JSON shape.
#include <nlohmann/json.hpp>

#include "sync/open311.hpp"
#include "sync/store.hpp"

namespace wk {

constexpr UnixMs kForgetAfter = 24 * 3600 * 1000LL;

static const char* state_name(RemoteLookup::State s) {
    switch (s) {
    case RemoteLookup::State::asked: return "asked";
    case RemoteLookup::State::found: return "found";
    case RemoteLookup::State::not_found: return "not_found";
    case RemoteLookup::State::contested: return "contested";
    case RemoteLookup::State::unreachable: return "unreachable";
    }
    return "asked";
}

static RemoteLookup::State parse_lookup_state(const std::string& s) {
    if (s == "found") return RemoteLookup::State::found;
    if (s == "not_found") return RemoteLookup::State::not_found;
    if (s == "contested") return RemoteLookup::State::contested;
    if (s == "unreachable") return RemoteLookup::State::unreachable;
    return RemoteLookup::State::asked;
}

static std::string text(const nlohmann::json& o, const char* key) {
    auto it = o.find(key);
    if (it == o.end() || it->is_null()) return "";
    return it->is_string() ? it->get<std::string>() : it->dump();
}

// The portal's answer as the lookup screen's report: its state, answer and agency, and
// its updates (oldest first) as the timeline's status events.
static std::optional<ReportView> report_from_json(const std::string& code, const std::string& body) {
    auto j = nlohmann::json::parse(body, nullptr, false);
    if (!j.is_object()) return std::nullopt;
    ReportView v;
    v.code = code;
    v.service_request_id = text(j, "service_request_id");
    v.service_code = text(j, "service_code");
    v.description = text(j, "description");
    v.address = text(j, "address");
    v.status = normalized_status(text(j, "status"));
    v.status_notes = text(j, "status_notes");
    v.agency = text(j, "agency_responsible");
    v.expected_datetime = text(j, "expected_datetime");
    v.sync_state = SyncState::acknowledged;
    v.created_at = open311::parse_iso8601(text(j, "requested_datetime")).value_or(0);
    v.events.push_back({v.created_at, "received", "", v.service_request_id});
    if (auto ups = j.find("updates"); ups != j.end() && ups->is_array())
        for (const auto& u : *ups) {
            if (!u.is_object()) continue;
            UnixMs at = open311::parse_iso8601(text(u, "updated_datetime")).value_or(0);
            v.events.push_back({at, "status", normalized_status(text(u, "status")), text(u, "description")});
            if (v.status_notes.empty() && !text(u, "description").empty()) v.status_notes = text(u, "description");
        }
    if (v.service_request_id.empty()) return std::nullopt;
    return v;
}

void Store::ask_remote(const std::string& code, UnixMs now) {
    db::Transaction t(m_db);
    m_db.cached("DELETE FROM remote_lookups WHERE asked_at < ?").bind(1, now - kForgetAfter).run();
    m_db.cached("INSERT INTO remote_lookups (code, asked_at) VALUES (?, ?) ON CONFLICT (code) DO UPDATE SET "
                 "asked_at = excluded.asked_at, state = 'asked', answered_at = 0, report = ''")
        .bind(1, code).bind(2, now).run();
    t.commit();
}

std::optional<RemoteLookup> Store::remote_lookup(const std::string& code) {
    auto s = m_db.cached("SELECT state, asked_at, answered_at, report FROM remote_lookups WHERE code = ?");
    s.bind(1, code);
    if (!s.step()) return std::nullopt;
    RemoteLookup r{code, parse_lookup_state(s.text_at(0)), s.int_at(1), s.int_at(2), std::nullopt};
    if (r.state == RemoteLookup::State::found) r.report = report_from_json(code, s.text_at(3));
    return r;
}

std::vector<std::string> Store::remote_questions() {
    auto s = m_db.cached("SELECT code FROM remote_lookups WHERE state = 'asked' ORDER BY asked_at LIMIT 20");
    std::vector<std::string> out;
    while (s.step()) out.push_back(s.text_at(0));
    return out;
}

void Store::answer_remote(const std::string& code, RemoteLookup::State state, const std::string& report_json,
                          UnixMs now) {
    m_db.cached("UPDATE remote_lookups SET state = ?, report = ?, answered_at = ? WHERE code = ? AND state = 'asked'")
        .bind(1, state_name(state)).bind(2, state == RemoteLookup::State::found ? report_json : "")
        .bind(3, now).bind(4, code).run();
}

std::string Store::public_by_receipt(const std::string& code) {
    auto s = m_db.cached("SELECT service_request_id, service_code, status, requested_at, updated_at, agency "
                          "FROM public_reports WHERE receipt = ? AND receipt <> '' LIMIT 1");
    s.bind(1, code);
    if (!s.step()) return "";
    nlohmann::json j = {{"code", code},
                        {"service_request_id", s.text_at(0)},
                        {"service_code", s.text_at(1)},
                        {"status", s.text_at(2)},
                        {"requested_datetime", open311::iso8601(s.int_at(3))},
                        {"updated_datetime", open311::iso8601(s.int_at(4))},
                        {"agency_responsible", s.text_at(5)}};
    return j.dump();
}

}  // namespace wk
