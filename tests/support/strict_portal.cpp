// StrictPortal (strict_portal.hpp): the foreign GeoReport v2 server's state and routes over
// cpp-httplib. Every handler reads the options once, as they were when its request arrived;
// state changes happen under one mutex, never held while a POST's answer is delayed. The
// plumbing (dates, forms, JSON/XML, catalogue) is in strict_portal_wire.hpp, the rules (what
// a 400 lists, filters, how a case reads) in strict_portal_checks.hpp. Nothing here is
// shared with the agent or the reference portal.
// [SECTION] state  [SECTION] services and tokens
// [SECTION] POST requests  [SECTION] GET requests  [SECTION] updates  [SECTION] server and public API
#include "strict_portal.hpp"

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "strict_portal_checks.hpp"
#include "strict_portal_wire.hpp"

namespace wk::test {
using namespace strict;

// [SECTION] state
struct StrictPortal::Impl {
    Impl(StrictOptions o, const std::string& key) : api_key(key), options(std::move(o)) {}

    httplib::Server http;
    std::thread thread;
    int port = -1;
    const std::string& api_key; // the owner's public member

    mutable std::mutex mutex; // guards everything below
    std::condition_variable wake;
    bool stopping = false;
    StrictOptions options;
    std::vector<CaseRow> cases;
    std::vector<UpdateRow> updates;
    int posts = 0;
    std::vector<std::pair<std::string, std::string>> seen;
    int next_case = 30001, next_update = 7001, next_token = 5001;

    void install_routes();
    httplib::Server::Handler handler(std::function<void(Call&)> f);
    httplib::Server::HandlerResponse note_request(const httplib::Request& q);
    StrictOptions snapshot() const {
        std::lock_guard lock(mutex);
        return options;
    }
    void delay(int ms);
    bool jurisdiction_ok(Call& c, const std::string& api);
    CaseRow* row_of(const std::string& id); // mutex held
    void on_services(Call& c);
    void on_service(Call& c, const std::string& code);
    void on_token(Call& c, const std::string& token);
    void on_post_request(Call& c);
    CaseRow commit_case(const Call& c, const Form& f, const ServiceDef& svc);
    void on_get_requests(Call& c);
    void on_get_request(Call& c, const std::string& id);
    void on_get_updates(Call& c);
    void on_post_update(Call& c);
    std::string commit_update(const Call& c, const Form& f, const std::string& status);
};

bool StrictPortal::Impl::jurisdiction_ok(Call& c, const std::string& api) {
    auto problem = jurisdiction_problem(c.o, c.q.get_param_value("jurisdiction_id"));
    if (problem) refuse(c, api, {*problem});
    return !problem;
}

CaseRow* StrictPortal::Impl::row_of(const std::string& id) {
    for (auto& r : cases)
        if (r.c.id == id) return &r;
    return nullptr;
}

void StrictPortal::Impl::delay(int ms) {
    if (ms <= 0) return;
    std::unique_lock lock(mutex);
    wake.wait_for(lock, std::chrono::milliseconds(ms), [this] { return stopping; });
}

// [SECTION] services and tokens
void StrictPortal::Impl::on_services(Call& c) {
    if (!jurisdiction_ok(c, "GET_Service_List")) return;
    Json list = Json::array();
    for (const auto& s : catalogue())
        list.push_back({{"service_code", s.code},
                        {"service_name", s.name},
                        {"description", s.description},
                        {"metadata", flag(c.o, !s.attributes.empty())},
                        {"type", s.type},
                        {"keywords", ""},
                        {"group", s.group}});
    reply(c, 200, "services", list);
}

// Every service has a definition (empty attributes when metadata is false); an unknown code
// is the one 404 with an Open311 body, as the endpoint answers "Resource not found".
void StrictPortal::Impl::on_service(Call& c, const std::string& code) {
    if (!jurisdiction_ok(c, "GET_Service_Definition")) return;
    const ServiceDef* svc = find_service(code);
    if (!svc) return error_one(c, 404, "Resource not found");
    Json attrs = Json::array();
    int order = 0;
    for (const AttrDef& a : svc->attributes) {
        Json values = Json::array();
        for (const auto& [k, n] : a.values)
            values.push_back({{"key", k}, {"name", n}});
        attrs.push_back({{"order", ++order},
                         {"variable", flag(c.o, true)},
                         {"required", flag(c.o, a.required)},
                         {"values", values},
                         {"code", a.code},
                         {"datatype", a.datatype},
                         {"datatype_description", ""},
                         {"description", a.description}});
    }
    reply(c, 200, "service_definition", Json{{"service_code", code}, {"attributes", attrs}});
}

// [] until the token was polled token_after_polls times, then the id for ever; an unknown
// token is [] for ever (never an error).
void StrictPortal::Impl::on_token(Call& c, const std::string& token) {
    if (!jurisdiction_ok(c, "GET_Token")) return;
    Json list = Json::array();
    {
        std::lock_guard lock(mutex);
        for (auto& r : cases) {
            if (r.c.token.empty() || r.c.token != token) continue;
            if (!r.c.revealed && ++r.token_polls > c.o.token_after_polls) r.c.revealed = true;
            if (r.c.revealed) list.push_back({{"service_request_id", r.c.id}, {"token", token}});
        }
    }
    reply(c, 200, "service_requests", list);
}

// [SECTION] POST requests
// The case is committed before the (possibly delayed) answer: a client that times out has
// still filed it. Without honour_idempotency_key a retry files a second case.
void StrictPortal::Impl::on_post_request(Call& c) {
    const std::string api = "POST_Service_Request";
    Form f;
    if (!read_post(c, api, api_key, f)) return;
    std::string code = field(f, "service_code");
    const ServiceDef* svc = find_service(code);
    if (!svc && !code.empty() && !c.o.unknown_service_400)
        return error_one(c, 404, "service_code " + code + " not found");
    auto problems = request_problems(c.o, f, svc);
    if (!problems.empty()) return refuse(c, api, problems);
    CaseRow r = commit_case(c, f, *svc);
    delay(c.o.post_delay_ms);
    Json item = r.c.token.empty() ? Json{{"service_request_id", r.c.id}} : Json{{"token", r.c.token}};
    reply(c, c.o.success_status, "service_requests", Json::array({item}));
}

CaseRow StrictPortal::Impl::commit_case(const Call& c, const Form& f, const ServiceDef& svc) {
    std::string key = c.q.get_header_value("Idempotency-Key");
    std::lock_guard lock(mutex);
    if (c.o.honour_idempotency_key && !key.empty())
        for (const auto& r : cases)
            if (r.c.idempotency_key == key) return r;
    CaseRow r;
    r.c = case_from_form(f);
    r.c.id = std::to_string(next_case++);
    r.c.status = "OPEN";
    r.requested = r.updated = whole_seconds(c.now);
    r.c.requested_datetime = iso(r.requested);
    r.c.idempotency_key = key;
    if (svc.type == "batch") r.c.token = "tk-" + std::to_string(next_token++), r.c.revealed = false;
    cases.push_back(r);
    return r;
}

// [SECTION] GET requests
// Newest first, at most 1,000.
void StrictPortal::Impl::on_get_requests(Call& c) {
    const std::string api = "GET_Service_Requests";
    if (!jurisdiction_ok(c, api)) return;
    Filter f;
    auto problems = read_filter(c.q, c.now, f);
    if (!problems.empty()) return refuse(c, api, problems);
    Json list = Json::array();
    std::lock_guard lock(mutex);
    std::vector<const CaseRow*> hits;
    for (auto r = cases.rbegin(); r != cases.rend(); ++r)
        if (matches(*r, f, c.o)) hits.push_back(&*r);
    std::stable_sort(hits.begin(), hits.end(), [](auto* a, auto* b) { return a->requested > b->requested; });
    for (size_t i = 0; i < hits.size() && i < kMaxResults; ++i)
        list.push_back(case_json(*hits[i], c.o));
    reply(c, 200, "service_requests", list);
}

void StrictPortal::Impl::on_get_request(Call& c, const std::string& id) {
    if (!jurisdiction_ok(c, "GET_Service_Request")) return;
    std::optional<Json> found;
    {
        std::lock_guard lock(mutex);
        CaseRow* r = row_of(id);
        if (r && r->c.revealed &&
            (!c.o.require_jurisdiction || r->c.jurisdiction_id == c.q.get_param_value("jurisdiction_id")))
            found = case_json(*r, c.o);
    }
    if (found) return reply(c, 200, "service_requests", Json::array({*found}));
    if (!c.o.unknown_id_500) return error_one(c, 404, "Resource not found");
    send_plain(c.s, 500,
               "Internal Server Error: Can't call method \"status\" on an undefined value at "
               "lib/Province/Backend.pm line 412.\n");
}

// [SECTION] updates
void StrictPortal::Impl::on_get_updates(Call& c) {
    const std::string api = "GET_Service_Request_Updates";
    if (!jurisdiction_ok(c, api)) return;
    std::vector<std::string> problems;
    auto from = date_param(c.q, "start_date", problems), to = date_param(c.q, "end_date", problems);
    if (!problems.empty()) return refuse(c, api, problems);
    std::string jurisdiction = c.q.get_param_value("jurisdiction_id");
    std::lock_guard lock(mutex);
    std::vector<const UpdateRow*> hits;
    for (const auto& u : updates) {
        if ((from && u.at < *from) || (to && u.at > *to) || (u.u.from_client && !c.o.list_client_updates))
            continue;
        const CaseRow* r = row_of(u.u.service_request_id);
        if (c.o.require_jurisdiction && (!r || r->c.jurisdiction_id != jurisdiction)) continue;
        hits.push_back(&u);
    }
    std::stable_sort(hits.begin(), hits.end(), [](auto* a, auto* b) { return a->at < b->at; });
    Json list = Json::array();
    for (const UpdateRow* u : hits)
        list.push_back({{"update_id", u->u.update_id},
                        {"service_request_id", u->u.service_request_id},
                        {"status", c.o.coarse_status ? u->u.status : lower_status(u->u.status)},
                        {"updated_datetime", u->u.updated_datetime},
                        {"description", u->u.description},
                        {"media_url", u->media_url}});
    reply(c, 200, "service_request_updates", list);
}

// Never de-duplicated: the same update_id POSTed twice makes two entries, as backends that
// only log what they are sent do. The client's update_id is kept when given.
void StrictPortal::Impl::on_post_update(Call& c) {
    const std::string api = "POST_Service_Request_Update";
    Form f;
    if (!read_post(c, api, api_key, f)) return;
    std::string status;
    auto problems = update_problems(c.o, f, status);
    if (!problems.empty()) return refuse(c, api, problems);
    std::string id = commit_update(c, f, status);
    if (id.empty())
        return refuse(c, api, {"service_request_id " + field(f, "service_request_id") + " not found"});
    delay(c.o.post_delay_ms);
    reply(c, c.o.success_status, "service_request_updates", Json::array({Json{{"update_id", id}}}));
}

std::string StrictPortal::Impl::commit_update(const Call& c, const Form& f, const std::string& status) {
    std::lock_guard lock(mutex);
    CaseRow* r = row_of(field(f, "service_request_id"));
    if (!r || !r->c.revealed) return "";
    if (c.o.require_jurisdiction && r->c.jurisdiction_id != field(f, "jurisdiction_id")) return "";
    UpdateRow u;
    u.at = whole_seconds(c.now);
    u.u = {field(f, "update_id"), r->c.id, status, field(f, "description"), iso(u.at), true, {}};
    if (u.u.update_id.empty()) u.u.update_id = std::to_string(next_update++);
    for (const auto& [k, v] : f)
        if (k != "api_key") u.u.form[k] = v;
    u.media_url = field(f, "media_url");
    r->c.status = status;
    r->updated = std::max(r->updated, u.at);
    updates.push_back(u);
    return u.u.update_id;
}

// [SECTION] server and public API
// Each route's last group is the format; anything but json or xml is the endpoint's 404.
httplib::Server::Handler StrictPortal::Impl::handler(std::function<void(Call&)> f) {
    return [this, f = std::move(f)](const httplib::Request& q, httplib::Response& s) {
        std::string ext = q.matches[q.matches.size() - 1].str();
        if (ext != "json" && ext != "xml")
            return send_plain(s, 404, "Bad extension. We support .xml and .json");
        StrictOptions o = snapshot();
        UnixMs now = o.clock ? o.clock() : wall_clock_ms();
        s.set_header("Date", http_date(now));  // as servers do: the agent sets its clock offset by it
        Call c{q, s, std::move(o), ext == "xml", now};
        f(c);
    };
}

void StrictPortal::Impl::install_routes() {
    const std::string ext = R"(\.(\w+))";
    auto one = [](Call& c) { return c.q.matches[1].str(); };
    http.Get(kApi + "/services" + ext, handler([this](Call& c) { on_services(c); }));
    http.Get(kApi + "/services/([^/]+)" + ext, handler([this, one](Call& c) { on_service(c, one(c)); }));
    http.Get(kApi + "/tokens/([^/]+)" + ext, handler([this, one](Call& c) { on_token(c, one(c)); }));
    http.Post(kApi + "/requests" + ext, handler([this](Call& c) { on_post_request(c); }));
    http.Get(kApi + "/requests" + ext, handler([this](Call& c) { on_get_requests(c); }));
    http.Get(kApi + "/requests/([^/]+)" + ext, handler([this, one](Call& c) { on_get_request(c, one(c)); }));
    http.Get(kApi + "/servicerequestupdates" + ext, handler([this](Call& c) { on_get_updates(c); }));
    http.Post(kApi + "/servicerequestupdates" + ext, handler([this](Call& c) { on_post_update(c); }));
    http.set_pre_routing_handler(
        [this](const httplib::Request& q, httplib::Response&) { return note_request(q); });
    // No discovery, no other paths: a plain 404 (and httplib's own refusals, plain too).
    http.set_error_handler([](const httplib::Request&, httplib::Response& s) {
        if (s.body.empty()) send_plain(s, s.status, s.status == 404 ? "Not found" : "Error");
    });
}

// Runs before the body is read, so it sees every request, refused or not.
httplib::Server::HandlerResponse StrictPortal::Impl::note_request(const httplib::Request& q) {
    std::string target = q.target;
    if (target.empty()) {
        target = q.path;
        for (const auto& [k, v] : q.params)
            target += (target == q.path ? "?" : "&") + url_encode(k) + "=" + url_encode(v);
    }
    static const std::regex post_requests("^/open311/v2/requests(\\.\\w+)?$");
    std::lock_guard lock(mutex);
    seen.emplace_back(q.method, target);
    if (q.method == "POST" && std::regex_match(q.path, post_requests)) ++posts;
    return httplib::Server::HandlerResponse::Unhandled;
}

StrictPortal::StrictPortal(StrictOptions o) : m_impl(std::make_unique<Impl>(std::move(o), api_key)) {
    Impl& i = *m_impl;
    i.http.set_keep_alive_timeout(1); // the destructor waits for idle keep-alive connections
    i.http.set_tcp_nodelay(true);     // no 40 ms stalls between a kept-alive client's requests
    i.http.set_read_timeout(5);
    i.http.set_payload_max_length(1 << 20);
    i.install_routes();
    i.port = i.http.bind_to_any_port("127.0.0.1");
    if (i.port < 0) throw std::runtime_error("StrictPortal: cannot bind 127.0.0.1");
    i.thread = std::thread([&i] { i.http.listen_after_bind(); });
    for (int n = 0; n < 5000 && !i.http.is_running(); ++n)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

StrictPortal::~StrictPortal() {
    {
        std::lock_guard lock(m_impl->mutex);
        m_impl->stopping = true;
    }
    m_impl->wake.notify_all();
    m_impl->http.stop();
    if (m_impl->thread.joinable()) m_impl->thread.join();
}

std::string StrictPortal::base_url() const {
    return "http://127.0.0.1:" + std::to_string(port()) + kApi;
}
int StrictPortal::port() const {
    return m_impl->port;
}

void StrictPortal::set_options(const StrictOptions& o) {
    std::lock_guard lock(m_impl->mutex);
    m_impl->options = o;
}
StrictOptions StrictPortal::options() const {
    return m_impl->snapshot();
}

std::vector<StrictCase> StrictPortal::cases() const {
    std::lock_guard lock(m_impl->mutex);
    std::vector<StrictCase> out;
    for (const auto& r : m_impl->cases)
        out.push_back(r.c);
    return out;
}

std::vector<StrictUpdate> StrictPortal::updates() const {
    std::lock_guard lock(m_impl->mutex);
    std::vector<StrictUpdate> out;
    for (const auto& u : m_impl->updates)
        out.push_back(u.u);
    return out;
}

std::string StrictPortal::officer_update(const std::string& id, const std::string& status_upper,
                                         const std::string& description, UnixMs at) {
    if (!known_status(status_upper)) return "";
    std::lock_guard lock(m_impl->mutex);
    CaseRow* r = m_impl->row_of(id);
    if (!r) return "";
    UpdateRow u;
    u.at = whole_seconds(at);
    u.u = {std::to_string(m_impl->next_update++), id, status_upper, description, iso(u.at), false, {}};
    r->c.status = status_upper;
    r->notes = description;
    r->updated = std::max(r->updated, u.at);
    m_impl->updates.push_back(u);
    return u.u.update_id;
}

int StrictPortal::posts_seen() const {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->posts;
}

std::vector<std::pair<std::string, std::string>> StrictPortal::requests_seen() const {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->seen;
}

} // namespace wk::test
