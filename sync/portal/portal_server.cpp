// PortalServer lifecycle: limits, binding, the serving thread, stopping.
// The routes themselves are in portal_routes.cpp.
#include "portal_server.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <sys/socket.h>

#include "platform/log.hpp"
#include "sync/field_limits.hpp"

namespace wk::portal {

std::optional<std::pair<std::string, int>> parse_listen(std::string_view s) {
    size_t colon = s.rfind(':');
    if (colon == std::string_view::npos || colon == 0) return std::nullopt;
    std::string_view host = s.substr(0, colon), port = s.substr(colon + 1);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    else if (host.find(':') != std::string_view::npos) return std::nullopt;  // IPv6 needs brackets
    int p = -1;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
    if (port.empty() || ec != std::errc() || end != port.data() + port.size() || p < 0 || p > 65535)
        return std::nullopt;
    return std::make_pair(std::string(host), p);
}

PortalServer::PortalServer(PortalStore& store, PortalOptions options)
    : m_store(store), m_options(std::move(options)), m_http(m_options.connections) {
    // A form, or a multipart form with one photo (a report's, or a phone's): routes hold
    // each part to its own limit.
    m_http.set_payload_max_length(m_options.max_body_bytes + std::max(kMaxMediaBytes, kMaxPhonePhotoBytes) + (64 << 10));
    m_store.serve_media_at(m_options.public_url + "/media/");
    // Each connection holds a worker while it is open (httplib serves a thread per
    // connection); GuardedServer bounds how long and how many per address.
    int workers = std::max(m_options.workers, 2);
    m_http.new_task_queue = [workers] { return new httplib::ThreadPool(static_cast<size_t>(workers)); };
    // httplib writes an answer's headers and body separately; with Nagle on, the body
    // waits for the client's delayed ACK: 40 ms an answer (22 reports a second).
    m_http.set_tcp_nodelay(true);
    // httplib's default also sets SO_REUSEPORT, which would let a second portal (with
    // another database) share the port and silently take half the reports.
    m_http.set_socket_options([](socket_t sock) {
        int yes = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    // RFC 9110: a server with a clock sends Date. Kiosks set their clocks' offset by it
    // (a dead CMOS battery is common in a fleet).
    // Every answer: no type sniffing (a description is never run as a script), and a
    // policy that lets no answer load or frame anything unless its route says so.
    m_http.set_post_routing_handler([this](const httplib::Request&, httplib::Response& s) {
        s.set_header("Date", http_date(m_options.clock()));
        if (!s.has_header("X-Content-Type-Options")) s.set_header("X-Content-Type-Options", "nosniff");
        if (!s.has_header("Content-Security-Policy"))
            s.set_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
    });
    install_routes();
}

PortalServer::~PortalServer() { stop(); }

int PortalServer::start(const std::string& host, int port) {
    if (m_thread.joinable()) return m_port;
    int bound = port == 0 ? m_http.bind_to_any_port(host) : (m_http.bind_to_port(host, port) ? port : -1);
    if (bound < 0) return -1;
    if (!m_http.widen_backlog(256)) log::warn("the portal's listening queue stays at 5 connections");
    m_port = bound;
    m_exited = false;
    m_thread = std::thread([this] {
        if (!m_http.listen_after_bind()) log::error("the portal stopped serving unexpectedly");
        m_exited = true;
    });
    // httplib's stop() does nothing until the accept loop runs; wait for it so that
    // a stop() right after start() cannot be lost. The socket already listens.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!m_http.is_running() && !m_exited && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return m_port;
}

void PortalServer::stop() {
    if (!m_thread.joinable()) return;
    m_http.stop();
    m_thread.join();
}

}  // namespace wk::portal
