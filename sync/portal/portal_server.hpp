// The reference portal's HTTP side: an httplib::Server with the Open311 GeoReport v2
// routes (JSON and XML), the servicerequestupdates extension and the receipt lookup
// page, serving one PortalStore. It owns the listening thread; it does
// not own the store, read the config file or handle signals (main.cpp does).
//
// Routes (all under /open311/v2 end in .json or .xml; errors come in the same format):
//   GET  /discovery  /services  /services/{code}  /requests  /requests/{id}  /tokens/{token}
//        /servicerequestupdates
//   POST /requests  /servicerequestupdates   (form-encoded or multipart, api_key required; an update with
//        rating=satisfied|not_satisfied is a citizen's rating: stored, no status change).
//        A kiosk's own key files only its kiosk's receipt codes and updates only its
//        kiosk's reports (kiosk_access.hpp); a receipt code already held by a different
//        report is refused with 409 and the code becomes contested.
//   POST /wardkiosk/v1/health.json            (a kiosk's health report, api_key required; not Open311)
//   GET  /wardkiosk/v1/receipts/{code}.json   (a report by receipt code, public, no contact; not Open311)
//   POST /requests may carry a photo as the multipart part "media" (photo.hpp); it is
//        public (media_url, GET /media/{name}.jpg) once an officer approved it.
//   GET  /lookup/{receipt code}               (HTML, Vietnamese; a contested code shows neither report)
//   /staff/...                                (officers' pages, when options.staff is set: staff_routes.hpp)
// Connections: guarded_server.hpp (per-address cap, whole-request deadlines).
// Every answer carries X-Content-Type-Options: nosniff and a content-security policy.
// Missing: XML request bodies (POSTs are forms, as the spec says).
#pragma once
#include <httplib.h>

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "guarded_server.hpp"
#include "platform/clock.hpp"
#include "platform/config.hpp"
#include "portal_store.hpp"

namespace wk::portal {

class StaffStore;
struct Posted;  // a POST's form fields and media part (portal_routes.cpp)

struct PortalOptions {
    std::vector<std::string> api_keys;                // POSTs need one of these or a kiosk key; none: 403
    std::vector<KioskKey> kiosk_keys;                 // kiosks' own keys; any: api_keys may not use receipt codes
    std::string public_url = "http://127.0.0.1:8311";  // discovery's endpoint base
    std::string id_prefix = "HN";                     // service_request_id = HN-2026-000123
    std::function<UnixMs()> clock = wall_clock_ms;    // read once a request; tests pass their own
    size_t max_body_bytes = 1 << 20;                  // larger forms are refused with 400 (a photo: kMaxMediaBytes)
    UnixMs token_delay_ms = 2000;                     // a batch service's token resolves this long after the POST
    StaffStore* staff = nullptr;                      // set: serve /staff/ from it (not owned)
    ConnectionLimits connections;                     // per address, per request (guarded_server.hpp)
    int workers = 64;                                 // connections served at once
};

// "HOST:PORT" (port 0..65535; "[::1]:80" for IPv6) -> {host, port}; nullopt when malformed.
std::optional<std::pair<std::string, int>> parse_listen(std::string_view s);

class PortalServer {
  public:
    PortalServer(PortalStore& store, PortalOptions options);
    ~PortalServer();  // stops
    PortalServer(const PortalServer&) = delete;
    PortalServer& operator=(const PortalServer&) = delete;

    // Binds host:port (port 0: any free port), serves on a thread once the socket
    // listens, and returns the bound port; -1 when the address cannot be bound.
    int start(const std::string& host, int port);
    // Stops accepting, finishes requests in flight, joins the thread. Idempotent.
    void stop();
    int port() const { return m_port; }
    // The connection guard: open connections per address, refusals and cut requests.
    GuardedServer& connections() { return m_http; }

  private:
    // portal_routes.cpp: the route table, and the wrappers that turn members into
    // handlers answering .xml and failures with Open311 errors.
    using GetMember = void (PortalServer::*)(const httplib::Request&, httplib::Response&);
    using PostMember = void (PortalServer::*)(const httplib::Request&, httplib::Response&, const Posted&);
    void install_routes();
    httplib::Server::Handler guarded(GetMember m);
    // `media_allowed`: the route takes a multipart media part (POST /requests only).
    httplib::Server::HandlerWithContentReader posted(PostMember m, bool media_allowed = false);
    void on_discovery(const httplib::Request& q, httplib::Response& s);
    void on_services(const httplib::Request& q, httplib::Response& s);
    void on_service(const httplib::Request& q, httplib::Response& s);
    // POST handlers get the body read by portal_routes.cpp, not by httplib: httplib's
    // own reading refuses form bodies over 8 KiB, and a 4,000-character report is larger.
    void on_post_request(const httplib::Request& q, httplib::Response& s, const Posted& posted);
    bool accepted_by_service(const httplib::Request& q, httplib::Response& s, const NewRequest& r);
    void refuse_collision(const httplib::Request& q, httplib::Response& s, const NewRequest& r, const CreateResult& c);
    void on_token(const httplib::Request& q, httplib::Response& s);
    void on_get_requests(const httplib::Request& q, httplib::Response& s);
    void on_get_request(const httplib::Request& q, httplib::Response& s);
    void on_post_update(const httplib::Request& q, httplib::Response& s, const Posted& posted);
    void on_get_updates(const httplib::Request& q, httplib::Response& s);
    void on_health(const httplib::Request& q, httplib::Response& s, const Posted& posted);
    void on_media(const httplib::Request& q, httplib::Response& s);
    void on_lookup(const httplib::Request& q, httplib::Response& s);
    void on_receipt(const httplib::Request& q, httplib::Response& s);

    PortalStore& m_store;
    PortalOptions m_options;
    GuardedServer m_http;
    std::thread m_thread;
    std::atomic<bool> m_exited{false};  // the serving thread has returned
    int m_port = -1;
};

}  // namespace wk::portal
