// PortalServer routes: HTTP in, store calls, Open311 JSON or XML or the lookup page out.
// [SECTION] answers  [SECTION] route table  [SECTION] discovery and services
// [SECTION] requests  [SECTION] updates  [SECTION] kiosk health  [SECTION] lookup
// [SECTION] media  [SECTION] receipts
// Logs carry ids and codes only, never names, phones or descriptions.
#include <nlohmann/json.hpp>

#include "compress.hpp"
#include "kiosk_access.hpp"
#include "lookup_page.hpp"
#include "phone_routes.hpp"
#include "portal_format.hpp"
#include "platform/log.hpp"
#include "photo.hpp"
#include "portal_form.hpp"
#include "portal_server.hpp"
#include "sync/field_limits.hpp"
#include "staff_routes.hpp"
#include "sync/receipt_code.hpp"

namespace wk::portal {
using httplib::Request;
using httplib::Response;

// [SECTION] answers (in the route's format: portal_format.hpp)
static const char* const kHtml = "text/html; charset=utf-8";
static const char* const kJson = "application/json; charset=utf-8";
static const char* const kApi = "/open311/v2";

static void reject(const Request& q, Response& s, const Rejection& r) { send_error(q, s, r.status, r.description); }

static const char* const kTooLarge = "the request body is too large: a form takes at most 1 MiB, a photo 8 MiB";

// A POST's fields, and the file part of a multipart one.
struct Posted {
    Form form;
    std::optional<std::string> media;  // the bytes of the part named media, as sent
};

static std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// multipart/form-data (FixMyStreet-style clients attaching a photo): text parts are
// fields, at most `max` bytes in all; one file part, named media, at most kMaxMediaBytes.
static std::variant<Posted, Rejection> read_multipart(const httplib::ContentReader& reader, size_t max,
                                                      bool media_allowed) {
    Posted p;
    std::optional<Rejection> bad;
    std::string name, value;
    bool in_file = false, in_part = false;
    size_t field_bytes = 0;
    auto finish = [&] {
        if (in_part && !in_file) p.form.emplace(name, std::move(value));
        value.clear();
    };
    bool whole = reader(
        [&](const httplib::MultipartFormData& part) {
            finish();
            name = part.name, in_part = true;
            in_file = !part.filename.empty() || name == "media";
            if (in_file && (!media_allowed || name != "media"))
                bad = Rejection{400, media_allowed ? "the only file part accepted is one named media"
                                                   : "this request takes no file; send the form fields only"};
            else if (in_file && p.media) bad = Rejection{400, "send one media file with a report"};
            else if (in_file) p.media.emplace();
            return true;  // a refused part is drained, so that the client reads the answer
        },
        [&](const char* data, size_t n) {
            if (bad) return true;
            if (in_file && p.media->size() + n > kMaxMediaBytes)
                bad = Rejection{400, "the media file is larger than " + std::to_string(kMaxMediaBytes >> 20) + " MiB"};
            else if (!in_file && (field_bytes += n) > max) bad = Rejection{400, "the form fields are larger than 1 MiB"};
            else if (!bad) (in_file ? *p.media : value).append(data, n);
            return true;
        });
    finish();
    if (bad) return *bad;
    if (!whole) return Rejection{400, "the multipart body is malformed or was cut off"};
    return p;
}

// Reads a POST body through the content reader (not httplib's own reading, which
// refuses form bodies over 8 KiB): a form, or multipart/form-data.
static std::variant<Posted, Rejection> read_posted(const Request& q, const httplib::ContentReader& reader, size_t max,
                                                   bool media_allowed) {
    if (q.is_multipart_form_data()) {
        auto read = read_multipart(reader, max, media_allowed);
        // httplib stops reading at its payload limit (a form and a photo); say so.
        size_t declared = std::strtoull(q.get_header_value("Content-Length").c_str(), nullptr, 10);
        if (std::holds_alternative<Rejection>(read) && declared > max + kMaxMediaBytes)
            return Rejection{400, kTooLarge};
        return read;
    }
    std::string body;
    bool whole = reader([&](const char* data, size_t n) {
        body.append(data, n);
        return body.size() <= max;
    });
    if (!whole) return Rejection{400, "the request body is larger than 1 MiB or was cut off"};
    if (lower(q.get_header_value("Content-Type")).rfind("application/x-www-form-urlencoded", 0) != 0)
        return Rejection{400, "send the form as application/x-www-form-urlencoded (UTF-8), or as multipart/form-data"};
    auto form = open311::decode_form(body);
    if (!form) return Rejection{400, "the form is malformed (bad percent escape)"};
    return Posted{std::move(*form), std::nullopt};
}

// Turns httplib's own errors (no route, body too large) into Open311 error bodies.
static httplib::Server::HandlerResponse on_error(const Request& q, Response& s) {
    if (s.status == 413 && answer_phone_too_large(q, s)) return httplib::Server::HandlerResponse::Handled;
    if (s.status == 413) {  // Open311 has 400 for "anything else"
        s.status = 400;
        s.body.clear();
        send_error(q, s, 400, kTooLarge);
        return httplib::Server::HandlerResponse::Handled;
    }
    if (!s.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    if (q.path.rfind("/lookup/", 0) == 0) s.set_content(not_found_page(""), kHtml);
    else send_error(q, s, s.status, s.status == 404 ? "not found" : s.status == 405 ? "method not allowed" : "bad request");
    return httplib::Server::HandlerResponse::Handled;
}

// [SECTION] route table
// Database trouble becomes a 400: Open311's answer for "anything else", and not proof
// of a permanent failure, so the kiosk's agent retries.
static void answer_failure(const Request& q, Response& s, const std::exception& e) {
    log::error(std::string("request failed: ") + e.what());
    send_error(q, s, 400, "the portal could not complete the request; please try again later");
}

httplib::Server::Handler PortalServer::guarded(GetMember m) {
    return [this, m](const Request& q, Response& s) {
        try {
            (this->*m)(q, s);
        } catch (const std::exception& e) {
            answer_failure(q, s, e);
        }
    };
}

httplib::Server::HandlerWithContentReader PortalServer::posted(PostMember m, bool media_allowed) {
    return [this, m, media_allowed](const Request& q, Response& s, const httplib::ContentReader& reader) {
        try {
            auto read = read_posted(q, reader, m_options.max_body_bytes, media_allowed);
            if (auto* bad = std::get_if<Rejection>(&read)) return reject(q, s, *bad);
            (this->*m)(q, s, std::get<Posted>(read));
        } catch (const std::exception& e) {
            answer_failure(q, s, e);
        }
    };
}

void PortalServer::install_routes() {
    const std::string api = kApi, fmt = R"(\.(json|xml))";
    m_http.Get(api + "/discovery" + fmt, guarded(&PortalServer::on_discovery));
    m_http.Get(api + "/services" + fmt, guarded(&PortalServer::on_services));
    m_http.Get(api + R"(/services/([^/]+))" + fmt, guarded(&PortalServer::on_service));
    m_http.Post(api + "/requests" + fmt, posted(&PortalServer::on_post_request, true));
    m_http.Get(api + "/requests" + fmt, guarded(&PortalServer::on_get_requests));
    m_http.Get(api + R"(/requests/([^/]+))" + fmt, guarded(&PortalServer::on_get_request));
    m_http.Get(api + R"(/tokens/([^/]+))" + fmt, guarded(&PortalServer::on_token));
    m_http.Post(api + "/servicerequestupdates" + fmt, posted(&PortalServer::on_post_update));
    m_http.Get(api + "/servicerequestupdates" + fmt, guarded(&PortalServer::on_get_updates));
    m_http.Post("/wardkiosk/v1/health.json", posted(&PortalServer::on_health));
    m_http.Get(R"(/wardkiosk/v1/receipts/([^/]+)\.json)", guarded(&PortalServer::on_receipt));
    m_http.Get(R"(/media/([0-9a-f]{32})\.jpg)", guarded(&PortalServer::on_media));
    m_http.Get(R"(/lookup/([^/]*))", [this](const Request& q, Response& s) {
        try {
            on_lookup(q, s);
        } catch (const std::exception& e) {
            log::error(std::string("lookup failed: ") + e.what());
            s.status = 503;
            s.set_content("<!DOCTYPE html><meta charset=\"utf-8\"><p>Hệ thống đang bận, xin thử lại sau.</p>", kHtml);
        }
    });
    install_phone_routes(m_http, m_store, m_options);
    if (m_options.staff) install_staff_routes(m_http, m_store, *m_options.staff, m_options);
    m_http.set_error_handler(httplib::Server::HandlerWithResponse(on_error));
}

// [SECTION] discovery and services
void PortalServer::on_discovery(const Request& q, Response& s) {
    reply_discovery(q, s, m_options.public_url + kApi);
}

void PortalServer::on_services(const Request& q, Response& s) {
    reply(q, s, 200, m_store.services());
}

void PortalServer::on_service(const Request& q, Response& s) {
    auto def = m_store.definition(q.matches[1].str());
    if (!def) return send_error(q, s, 404, "service not found");
    if (def->attributes.empty()) return send_error(q, s, 404, "this service has no attributes (metadata is false)");
    reply(q, s, 200, *def);
}

// [SECTION] requests
// Answers 404 or 400 and returns false unless the service exists and the report
// answers its definition's questions. Runs before anything is stored.
bool PortalServer::accepted_by_service(const Request& q, Response& s, const NewRequest& r) {
    auto def = m_store.definition(r.service_code);
    if (!def) return send_error(q, s, 404, "service not found"), false;
    if (auto bad = check_attributes(r, def->attributes)) return reject(q, s, *bad), false;
    return true;
}

void PortalServer::on_post_request(const Request& q, Response& s, const Posted& posted) {
    const Form* form = &posted.form;
    auto caller = identify_caller(*form, m_options.api_keys, m_options.kiosk_keys);
    if (auto* bad = std::get_if<Rejection>(&caller)) return reject(q, s, *bad);
    std::string header = q.get_header_value("Idempotency-Key");
    auto parsed = parse_new_request(*form, header);
    if (auto* bad = std::get_if<Rejection>(&parsed)) return reject(q, s, *bad);
    NewRequest& r = std::get<NewRequest>(parsed);
    r.kiosk_id = std::get<Caller>(caller).kiosk_id;
    if (auto bad = check_receipt_claim(std::get<Caller>(caller), r, header, !m_options.kiosk_keys.empty()))
        return reject(q, s, *bad);
    if (!accepted_by_service(q, s, r)) return;
    if (posted.media) {  // decoded only once everything cheaper has passed
        auto photo = prepare_photo(*posted.media);
        if (auto* bad = std::get_if<PhotoRefusal>(&photo)) return send_error(q, s, 400, bad->why);
        r.photo = std::move(std::get<Photo>(photo));
    }
    CreateResult c = m_store.create_request(r, m_options.clock(), m_options.id_prefix);
    switch (c.outcome) {
    case CreateOutcome::unknown_service: return send_error(q, s, 404, "service not found");
    case CreateOutcome::key_reused: return send_error(q, s, 400, "idempotency key reused with a different report");
    case CreateOutcome::receipt_collision: return refuse_collision(q, s, r, c);
    case CreateOutcome::replayed: s.set_header("Idempotent-Replayed", "true"); break;
    case CreateOutcome::created: log::info("created " + c.service_request_id + " (" + r.service_code + ")"); break;
    }
    // 201 for a replay too: the client's earlier send succeeded, and clients count only 201/202.
    // A batch service answers with its token only: the id is the token's to reveal.
    if (!c.token.empty()) return reply(q, s, 201, open311::PostResult{"", c.token, "Phản ánh sẽ được xử lý theo lô."});
    reply(q, s, 201, open311::PostResult{c.service_request_id, "", "Đã tiếp nhận phản ánh."});
}

// 409: the code stays with the case that holds it and this report is not filed (the
// sender keeps it). Logged, and audited for the officers, the first time this report
// is seen; a retry of it only counts another attempt.
void PortalServer::refuse_collision(const Request& q, Response& s, const NewRequest& r, const CreateResult& c) {
    std::string code = receipt::grouped(c.code);
    std::string sender = r.kiosk_id ? "kiosk " + std::to_string(r.kiosk_id) : std::string("api_key");
    if (c.first_seen) {
        log::warn("receipt code " + code + " is held by " + c.service_request_id + "; refused a different report from " +
                  sender);
        if (m_options.staff)
            m_options.staff->audit({m_options.clock(), sender, "receipt_collision", c.service_request_id, "", code, ""});
    }
    send_error(q, s, 409,
               "receipt code " + code + " is already held by another report: " + c.service_request_id + ", filed " +
                   open311::iso8601(c.held_since) +
                   ". This report was not filed; the code's lookup now sends citizens to the ward officer.");
}

void PortalServer::on_token(const Request& q, Response& s) {
    std::string token = q.matches[1].str();
    auto t = m_store.token(token);
    if (!t) return send_error(q, s, 404, "token not found");
    bool processed = m_options.clock() - t->created >= m_options.token_delay_ms;
    reply_token(q, s, token, processed ? t->service_request_id : std::string());
}

void PortalServer::on_get_requests(const Request& q, Response& s) {
    auto filter = parse_filter(q.params, m_options.clock());
    if (auto* bad = std::get_if<Rejection>(&filter)) return reject(q, s, *bad);
    reply(q, s, 200, m_store.requests(std::get<RequestFilter>(filter)));
}

void PortalServer::on_get_request(const Request& q, Response& s) {
    auto r = m_store.request(q.matches[1].str());
    if (!r) return send_error(q, s, 404, "service request not found");
    reply(q, s, 200, std::vector<open311::ServiceRequest>{*r});
}

// [SECTION] updates
void PortalServer::on_post_update(const Request& q, Response& s, const Posted& posted) {
    const Form* form = &posted.form;
    auto caller = identify_caller(*form, m_options.api_keys, m_options.kiosk_keys);
    if (auto* bad = std::get_if<Rejection>(&caller)) return reject(q, s, *bad);
    auto parsed = parse_new_update(*form);
    if (auto* bad = std::get_if<Rejection>(&parsed)) return reject(q, s, *bad);
    NewUpdate& u = std::get<NewUpdate>(parsed);
    if (const Caller& c = std::get<Caller>(caller); c.kiosk_id != 0) {  // only its own case, only to withdraw or rate
        auto origin = m_store.origin(u.service_request_id);
        if (!origin) return send_error(q, s, 404, "service request not found");
        if (auto bad = check_kiosk_update(c, u, origin->kiosk_id)) return reject(q, s, *bad);
        u.from_kiosk = true;
    }
    // A rating is the citizen's word on the answer, not an officer's change: the status stays.
    UpdateResult r = u.rating.empty() ? m_store.add_update(u, m_options.clock()) : m_store.add_rating(u, m_options.clock());
    if (r.outcome == UpdateOutcome::unknown_request) return send_error(q, s, 404, "service request not found");
    if (r.outcome == UpdateOutcome::update_id_taken)
        return send_error(q, s, 400, "update_id already belongs to another service request");
    if (r.outcome == UpdateOutcome::applied)
        log::info("update " + r.update_id + ": " + u.service_request_id + " -> " + (u.rating.empty() ? u.status : u.rating));
    reply_update_id(q, s, r.update_id);
}

void PortalServer::on_get_updates(const Request& q, Response& s) {
    auto window = parse_window(q.params, m_options.clock());
    if (auto* bad = std::get_if<Rejection>(&window)) return reject(q, s, *bad);
    std::vector<open311::RequestUpdate> out;
    for (const Update& u : m_store.updates(std::get<Window>(window).from, std::get<Window>(window).to, kMaxResults))
        out.push_back({u.update_id, u.service_request_id, u.status, u.description, open311::iso8601(u.updated),
                       u.media_url});
    reply(q, s, 200, out);
}

// [SECTION] kiosk health: the reference portal's own endpoint, beside Open311.
static int64_t number_field(const Form& f, const char* key) {
    std::string v = field(f, key);
    if (v.empty() || v.size() > 15 || v.find_first_not_of("0123456789") != std::string::npos) return 0;
    return std::stoll(v);
}

void PortalServer::on_health(const Request& q, Response& s, const Posted& posted) {
    const Form* form = &posted.form;
    auto caller = identify_caller(*form, m_options.api_keys, m_options.kiosk_keys);
    if (auto* bad = std::get_if<Rejection>(&caller)) return reject(q, s, *bad);
    KioskHealth h;
    h.kiosk_id = field(*form, "kiosk_id");
    if (h.kiosk_id.empty() || h.kiosk_id.size() > 16 || h.kiosk_id.find_first_not_of("0123456789") != std::string::npos)
        return send_error(q, s, 400, "kiosk_id must be a number");
    if (auto bad = check_health_sender(std::get<Caller>(caller), h.kiosk_id)) return reject(q, s, *bad);
    h.version = field(*form, "version").substr(0, 40);
    h.last_sync = field(*form, "last_sync").substr(0, 40);
    h.printer = field(*form, "printer").substr(0, 40);
    if (text_problem(h.version, 40, false) || text_problem(h.last_sync, 40, false) || text_problem(h.printer, 40, false))
        return send_error(q, s, 400, "a field has characters that are not allowed");
    h.queue_depth = number_field(*form, "queue_depth");
    h.oldest_pending_s = number_field(*form, "oldest_pending_s");
    std::string offset = field(*form, "clock_offset_s");  // signed; absent: not known to the kiosk
    if (!offset.empty()) {
        bool negative = offset[0] == '-';
        std::string digits = offset.substr(negative ? 1 : 0);
        if (digits.empty() || digits.size() > 12 || digits.find_first_not_of("0123456789") != std::string::npos)
            return send_error(q, s, 400, "clock_offset_s must be a whole number of seconds");
        h.clock_offset_s = (negative ? -1 : 1) * std::stoll(digits);
    }
    h.received_at = m_options.clock();
    m_store.record_health(h);
    s.status = 200;
    s.set_content(nlohmann::json{{"kiosk_id", h.kiosk_id}, {"received", open311::iso8601(h.received_at)}}.dump(),
                  "application/json; charset=utf-8");
}

// The case's photos an officer approved, as URLs under `base` (issue 16: photos from phones).
static std::vector<std::string> approved_photos(PortalStore& store, const std::string& id, const std::string& base) {
    std::vector<std::string> out;
    for (const MediaInfo& m : store.media(id))
        if (m.approved_at) out.push_back(base + m.name + ".jpg");
    return out;
}

// [SECTION] media: an approved photo, public; any other name is not found.
void PortalServer::on_media(const Request& q, Response& s) {
    auto jpeg = m_store.media_jpeg(q.matches[1].str(), true);
    if (!jpeg) return send_error(q, s, 404, "no such photo");
    s.set_header("Cache-Control", "public, max-age=86400");
    s.set_header("Content-Security-Policy", "default-src 'none'; sandbox");
    s.status = 200;
    s.set_content(std::move(*jpeg), "image/jpeg");
}

// [SECTION] lookup
void PortalServer::on_lookup(const Request& q, Response& s) {
    std::string given = q.matches[1].str();
    std::string code = lookup_code(given);
    s.set_header("Cache-Control", "no-store");
    s.set_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'");
    s.set_header("X-Content-Type-Options", "nosniff");
    s.set_header("Referrer-Policy", "no-referrer");
    ReceiptLookup found = code.empty() ? ReceiptLookup{} : m_store.receipt(code);
    if (found.state == ReceiptState::contested) {  // neither report: the code no longer says whose it is
        s.status = 409;
        s.set_content(contested_page(code), kHtml);
        return;
    }
    if (found.state == ReceiptState::unknown) {
        s.status = 404;
        s.set_content(not_found_page(given), kHtml);
        return;
    }
    s.status = 200;
    s.set_content(lookup_page(code, found.request, approved_photos(m_store, found.request.service_request_id, "/media/")),
                  kHtml);
}

// [SECTION] receipts: GET /wardkiosk/v1/receipts/{code}.json, the reference portal's own
// endpoint beside Open311, so that a kiosk can look up a code another kiosk gave out.
// Public like /lookup/: it tells what GET /requests/{id} and the lookup page already
// tell, never a contact. Errors are [{code, description}] with a numeric code.
static void json_error(const Request& q, Response& s, int status, const std::string& description) {
    s.status = status;
    set_body(q, s, nlohmann::json::array({{{"code", status}, {"description", description}}}).dump(), kJson);
}

static std::string receipt_json(const std::string& code, const ReceiptLookup& found,
                                const std::vector<std::string>& photos) {
    const open311::ServiceRequest& r = found.request;
    nlohmann::json updates = nlohmann::json::array();
    for (const Update& u : found.updates)
        updates.push_back(
            {{"status", u.status}, {"description", u.description}, {"updated_datetime", open311::iso8601(u.updated)}});
    nlohmann::json o = {{"code", code},
                        {"service_request_id", r.service_request_id},
                        {"service_code", r.service_code},
                        {"service_name", r.service_name},
                        {"status", r.status},
                        {"status_notes", r.status_notes},
                        {"agency_responsible", r.agency_responsible},
                        {"requested_datetime", r.requested_datetime},
                        {"updated_datetime", r.updated_datetime},
                        {"expected_datetime", r.expected_datetime},
                        {"description", r.description},
                        {"address", r.address},
                        {"updates", std::move(updates)},
                        {"media_urls", photos}};  // every approved photo (media_url holds one)
    return o.dump();
}

void PortalServer::on_receipt(const Request& q, Response& s) {
    s.set_header("Cache-Control", "no-store");
    std::string code = lookup_code(q.matches[1].str());
    if (code.empty()) return json_error(q, s, 400, "not a receipt code: nine symbols, the last one a check symbol");
    ReceiptLookup found = m_store.receipt(code);
    if (found.state == ReceiptState::unknown) return json_error(q, s, 404, "no report with this receipt code");
    if (found.state == ReceiptState::contested)
        return json_error(q, s, 409,
                          "receipt code " + receipt::grouped(code) +
                              " is shared by two reports, so it shows neither; ask the ward officer, who can find "
                              "each report");
    s.status = 200;
    set_body(q, s,
             receipt_json(code, found,
                          approved_photos(m_store, found.request.service_request_id, m_options.public_url + "/media/")),
             kJson);
}

}  // namespace wk::portal
