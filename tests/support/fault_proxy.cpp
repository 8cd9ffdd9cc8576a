// FaultProxy: the accept thread, one thread per connection, and the faults.
// [SECTION] sockets  [SECTION] HTTP framing  [SECTION] canned answers
// [SECTION] lifetime and mode  [SECTION] connections
#include "fault_proxy.hpp"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <string_view>

namespace wk::test {
namespace {
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;
constexpr auto kSlice = 20ms;      // how often a waiting thread looks for stop() and set_mode()
constexpr auto kReadTimeout = 10s; // a whole request or answer arrives within this
constexpr auto kStallFor = 30s;
constexpr auto kDripEvery = 200ms;
constexpr size_t kOversized = 9u << 20; // above HttpOptions' 8 MiB cap
const char* const kJson = "application/json; charset=utf-8";

// [SECTION] sockets
sockaddr_in loopback(int port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<uint16_t>(port));
    return a;
}

// A TCP socket bound to 127.0.0.1:port with SO_REUSEADDR (so a listener and the
// non-listening reservation can share the port); invalid on failure.
Fd bound_socket(int port) {
    Fd s(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    int yes = 1;
    ::setsockopt(s.get(), SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_in a = loopback(port);
    if (!s.valid() || ::bind(s.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) return Fd();
    return s;
}

int local_port(int fd) {
    sockaddr_in a{};
    socklen_t n = sizeof a;
    return ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &n) == 0 ? ntohs(a.sin_port) : -1;
}

Fd connect_to(int port) {
    Fd s(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_in a = loopback(port);
    if (!s.valid() || ::connect(s.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) return Fd();
    return s;
}

// A blocked send gives up after this, so stop() never waits on a client that stopped reading.
void limit_send_time(int fd) {
    timeval tv{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

bool send_all(int fd, std::string_view data) {
    while (!data.empty()) {
        ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
}

// Waits until `fd` is readable or hung up; false at the deadline or when `quit()`.
template <class Quit> bool wait_readable(int fd, Clock::time_point deadline, Quit quit) {
    while (!quit()) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) return false;
        pollfd p{fd, POLLIN, 0};
        int r = ::poll(&p, 1, static_cast<int>(std::min<std::chrono::milliseconds>(left, kSlice).count()));
        if (r > 0) return true;
        if (r < 0 && errno != EINTR) return false;
    }
    return false;
}

// Sleeps for `d` in slices; false when `quit()` cut it short.
template <class Quit> bool pause(Clock::duration d, Quit quit) {
    auto until = Clock::now() + d;
    while (Clock::now() < until) {
        if (quit()) return false;
        std::this_thread::sleep_for(std::min<Clock::duration>(kSlice, until - Clock::now()));
    }
    return !quit();
}

// [SECTION] HTTP framing
std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// The trimmed value of header `name` (lower case) in the head at the start of `msg`; "" when absent.
std::string header_value(std::string_view msg, std::string_view name) {
    std::string_view head = msg.substr(0, msg.find("\r\n\r\n"));
    for (size_t at = head.find("\r\n"); at != std::string_view::npos;) {
        size_t next = head.find("\r\n", at + 2);
        std::string_view line =
            head.substr(at + 2, next == std::string_view::npos ? head.npos : next - at - 2);
        at = next;
        size_t colon = line.find(':');
        if (colon == std::string_view::npos || lower(line.substr(0, colon)) != name) continue;
        std::string_view v = line.substr(colon + 1);
        while (!v.empty() && (v.front() == ' ' || v.front() == '\t'))
            v.remove_prefix(1);
        while (!v.empty() && (v.back() == ' ' || v.back() == '\t'))
            v.remove_suffix(1);
        return std::string(v);
    }
    return "";
}

// Length of the first whole message (head and Content-Length body) in `buf`; 0 while incomplete.
size_t message_length(std::string_view buf) {
    size_t end = buf.find("\r\n\r\n");
    if (end == std::string_view::npos) return 0;
    size_t head = end + 4, body = 0;
    std::string cl = header_value(buf, "content-length");
    std::from_chars(cl.data(), cl.data() + cl.size(), body);
    return buf.size() >= head + body ? head + body : 0;
}

// Reads one whole HTTP message from `fd` into `out`. A request that asks for
// "Expect: 100-continue" gets it; interim 1xx answers are skipped. False on EOF, error,
// after kReadTimeout, or when `quit()`.
template <class Quit> bool read_message(int fd, bool is_request, Quit quit, std::string& out) {
    auto deadline = Clock::now() + kReadTimeout;
    std::string buf;
    bool continued = false;
    char chunk[16384];
    for (;;) {
        if (size_t len = message_length(buf); len > 0) {
            if (!is_request && buf.rfind("HTTP/1.1 1", 0) == 0) {
                buf.erase(0, len);
                continue;
            }
            out = buf.substr(0, len);
            return true;
        }
        if (is_request && !continued && buf.find("\r\n\r\n") != std::string::npos &&
            lower(header_value(buf, "expect")) == "100-continue")
            continued = send_all(fd, "HTTP/1.1 100 Continue\r\n\r\n");
        if (!wait_readable(fd, deadline, quit)) return false;
        ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0) return false;
        buf.append(chunk, static_cast<size_t>(n));
    }
}

// [SECTION] canned answers
std::string http_head(int status, std::string_view reason, std::string_view type, size_t length,
                      std::string_view extra = "") {
    return "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason) +
           "\r\nContent-Type: " + std::string(type) + "\r\nContent-Length: " + std::to_string(length) +
           "\r\n" + std::string(extra) + "Connection: close\r\n\r\n";
}

std::string whole(int status, std::string_view reason, std::string_view type, std::string_view body,
                  std::string_view extra = "") {
    return http_head(status, reason, type, body.size(), extra) + std::string(body);
}

// The bytes of every fault that answers by itself, whole (truncated_body: announced longer).
std::string canned(Fault f) {
    switch (f) {
    case Fault::status_500:
        return whole(500, "Internal Server Error", kJson,
                     R"([{"code":"500","description":"internal error"}])");
    case Fault::status_503_retry_after_7:
        return whole(503, "Service Unavailable", kJson, R"([{"code":"503","description":"maintenance"}])",
                     "Retry-After: 7\r\n");
    case Fault::status_429_retry_after_12:
        return whole(429, "Too Many Requests", kJson, R"([{"code":"429","description":"slow down"}])",
                     "Retry-After: 12\r\n");
    case Fault::malformed_json_200:
        return whole(200, "OK", kJson, R"([{"service_request_id":"FAKE-JSON-1","service_notice":"Đã tiếp)");
    case Fault::malformed_xml_200:
        return whole(200, "OK", "application/xml; charset=utf-8",
                     R"(<?xml version="1.0" encoding="utf-8"?><service_requests><request>)"
                     R"(<service_request_id>FAKE-XML-1</service_request_id><service_notice>Đã tiếp</servi)");
    case Fault::captive_html_200:
        return whole(200, "OK", "text/html; charset=utf-8",
                     "<!DOCTYPE html><html><head><title>Đăng nhập Wi-Fi</title></head><body>"
                     "<form method=\"post\" action=\"/login\"><input name=\"phone\"><button>Kết nối</button>"
                     "</form></body></html>");
    case Fault::truncated_body: {
        std::string body = R"([{"service_request_id":"FAKE-CUT-1"}])"; // parses, but 100 bytes are missing
        return http_head(201, "Created", kJson, body.size() + 100) + body;
    }
    default:
        return "";
    }
}

} // namespace

Fd& Fd::operator=(Fd&& o) noexcept {
    if (this != &o) {
        reset(o.m_fd);
        o.m_fd = -1;
    }
    return *this;
}

void Fd::reset(int fd) {
    if (m_fd >= 0) ::close(m_fd);
    m_fd = fd;
}

void Fd::reset_hard() {
    if (m_fd < 0) return;
    linger l{1, 0};
    ::setsockopt(m_fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    reset();
}

const char* fault_name(Fault f) {
    switch (f) {
    case Fault::pass:
        return "pass";
    case Fault::refuse:
        return "refuse";
    case Fault::reset_before_request:
        return "reset_before_request";
    case Fault::reset_after_request:
        return "reset_after_request";
    case Fault::stall:
        return "stall";
    case Fault::status_500:
        return "status_500";
    case Fault::status_503_retry_after_7:
        return "status_503_retry_after_7";
    case Fault::status_429_retry_after_12:
        return "status_429_retry_after_12";
    case Fault::malformed_json_200:
        return "malformed_json_200";
    case Fault::malformed_xml_200:
        return "malformed_xml_200";
    case Fault::captive_html_200:
        return "captive_html_200";
    case Fault::truncated_body:
        return "truncated_body";
    case Fault::oversized_body:
        return "oversized_body";
    case Fault::slow_drip:
        return "slow_drip";
    }
    return "?";
}

bool fault_reaches_target(Fault f) {
    return f == Fault::pass || f == Fault::reset_after_request || f == Fault::slow_drip;
}

// [SECTION] lifetime and mode
int FaultProxy::start() {
    if (m_acceptor.joinable()) return m_port;
    m_reservation = bound_socket(0);
    if (!m_reservation.valid()) return -1;
    m_port = local_port(m_reservation.get());
    m_listener = bound_socket(m_port);
    if (!m_listener.valid() || ::listen(m_listener.get(), 64) != 0) return -1;
    m_acceptor = std::thread([this] { accept_loop(); });
    return m_port;
}

void FaultProxy::stop() {
    m_stopping = true;
    if (m_acceptor.joinable()) m_acceptor.join();
    std::vector<std::thread> threads;
    {
        std::lock_guard lock(m_mutex);
        threads.swap(m_connections);
    }
    for (auto& t : threads)
        t.join();
    m_listener.reset();
    m_reservation.reset();
}

void FaultProxy::set_mode(Fault f) {
    m_mode = f;
    uint64_t epoch = ++m_epoch;
    std::unique_lock lock(m_mutex);
    m_changed.wait_for(lock, 10s, [&] {
        if (m_stopping) return true;
        if (m_applied_epoch < epoch) return false;
        return std::none_of(m_live_by_epoch.begin(), m_live_by_epoch.end(),
                            [&](const auto& e) { return e.first < epoch && e.second > 0; });
    });
}

std::vector<ProxiedRequest> FaultProxy::seen() const {
    std::lock_guard lock(m_mutex);
    return m_seen;
}

void FaultProxy::accept_loop() {
    uint64_t applied = ~uint64_t{0};
    while (!m_stopping) {
        if (uint64_t epoch = m_epoch.load(); epoch != applied) {
            apply_listening(m_mode.load());
            applied = epoch;
            std::lock_guard lock(m_mutex);
            m_applied_epoch = epoch;
            m_changed.notify_all();
        }
        if (!m_listener.valid()) {
            std::this_thread::sleep_for(kSlice);
            continue;
        }
        pollfd p{m_listener.get(), POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(kSlice.count())) > 0) accept_one();
    }
    m_listener.reset();
}

// `refuse` closes the listener (connections waiting in its backlog get a RST) and the
// reservation keeps the port; any other mode listens again on the same port.
void FaultProxy::apply_listening(Fault f) {
    if (f == Fault::refuse) {
        m_listener.reset();
    } else if (!m_listener.valid()) {
        m_listener = bound_socket(m_port);
        if (m_listener.valid() && ::listen(m_listener.get(), 64) != 0) m_listener.reset();
    }
}

void FaultProxy::accept_one() {
    Fd client(::accept4(m_listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
    if (!client.valid()) return;
    ++m_accepted;
    limit_send_time(client.get());
    uint64_t epoch = m_epoch.load();
    Fault f = m_mode.load();
    std::lock_guard lock(m_mutex);
    ++m_live_by_epoch[epoch];
    m_connections.emplace_back(
        [this, c = std::move(client), f, epoch]() mutable { serve(std::move(c), f, epoch); });
}

void FaultProxy::connection_ended(uint64_t epoch) {
    std::lock_guard lock(m_mutex);
    if (--m_live_by_epoch[epoch] <= 0) m_live_by_epoch.erase(epoch);
    m_changed.notify_all();
}

// [SECTION] connections
void FaultProxy::serve(Fd client, Fault f, uint64_t epoch) {
    switch (f) {
    case Fault::pass:
        relay(client, epoch);
        break;
    case Fault::refuse: // accepted just before the listener closed
    case Fault::reset_before_request:
        client.reset_hard();
        break;
    case Fault::reset_after_request:
        forward_and_reset(client, epoch);
        break;
    case Fault::stall:
        stall(client, epoch);
        break;
    case Fault::slow_drip:
        forward_and_drip(client, epoch);
        break;
    default:
        answer_canned(client, f, epoch);
        break;
    }
    client.reset();
    connection_ended(epoch);
}

// Byte for byte both ways, counting whole requests, until either side closes or the mode changes.
void FaultProxy::relay(Fd& client, uint64_t epoch) {
    Fd target = connect_to(m_target_port);
    if (!target.valid()) return client.reset_hard();
    std::string pending; // client bytes since the last whole request
    char buf[65536];
    while (!should_quit(epoch)) {
        pollfd p[2] = {{client.get(), POLLIN, 0}, {target.get(), POLLIN, 0}};
        int r = ::poll(p, 2, static_cast<int>(kSlice.count()));
        if (r < 0 && errno != EINTR) return;
        if (r <= 0) continue;
        if (p[0].revents) {
            ssize_t n = ::recv(client.get(), buf, sizeof buf, 0);
            if (n <= 0 || !send_all(target.get(), std::string_view(buf, static_cast<size_t>(n)))) return;
            pending.append(buf, static_cast<size_t>(n));
            for (size_t len; (len = message_length(pending)) > 0; pending.erase(0, len)) {
                note_request(pending.substr(0, len));
                ++m_forwarded;
            }
        }
        if (p[1].revents) {
            ssize_t n = ::recv(target.get(), buf, sizeof buf, 0);
            if (n <= 0 || !send_all(client.get(), std::string_view(buf, static_cast<size_t>(n)))) return;
        }
    }
}

bool FaultProxy::read_request(Fd& client, uint64_t epoch, std::string& request) {
    if (!read_message(
            client.get(), true, [&] { return should_quit(epoch); }, request))
        return false;
    note_request(request);
    return true;
}

// Sends `request` to the target on a connection of its own and reads the whole answer.
bool FaultProxy::forward(const std::string& request, uint64_t epoch, std::string& response) {
    Fd target = connect_to(m_target_port);
    if (!target.valid() || !send_all(target.get(), request)) return false;
    ++m_forwarded;
    return read_message(
        target.get(), false, [&] { return should_quit(epoch); }, response);
}

void FaultProxy::note_request(const std::string& request) {
    std::string_view line = std::string_view(request).substr(0, request.find("\r\n"));
    size_t sp1 = line.find(' '), sp2 = line.find(' ', sp1 + 1);
    ProxiedRequest r{std::string(line.substr(0, sp1)), std::string(line.substr(sp1 + 1, sp2 - sp1 - 1)),
                  header_value(request, "idempotency-key")};
    std::lock_guard lock(m_mutex);
    m_seen.push_back(std::move(r));
}

// The target has answered (so a POST is stored) before the client is reset.
void FaultProxy::forward_and_reset(Fd& client, uint64_t epoch) {
    std::string request, response;
    if (read_request(client, epoch, request)) forward(request, epoch, response);
    client.reset_hard();
}

void FaultProxy::forward_and_drip(Fd& client, uint64_t epoch) {
    std::string request, response;
    if (!read_request(client, epoch, request) || !forward(request, epoch, response))
        return client.reset_hard();
    auto quit = [&] { return should_quit(epoch); };
    for (char c : response)
        if (!pause(kDripEvery, quit) || !send_all(client.get(), std::string_view(&c, 1))) return;
}

void FaultProxy::stall(Fd& client, uint64_t epoch) {
    std::string request;
    if (read_request(client, epoch, request))
        wait_readable(client.get(), Clock::now() + kStallFor, [&] { return should_quit(epoch); });
}

void FaultProxy::answer_canned(Fd& client, Fault f, uint64_t epoch) {
    std::string request;
    if (!read_request(client, epoch, request)) return;
    if (f != Fault::oversized_body) {
        send_all(client.get(), canned(f));
        return; // the caller closes: a FIN, so a truncated body looks cut off, not reset
    }
    const std::string open = R"([{"service_request_id":"FAKE-BIG-1","service_notice":")", close = R"("}])";
    if (!send_all(client.get(), http_head(201, "Created", kJson, kOversized) + open)) return;
    std::string filler(65536, 'x');
    for (size_t left = kOversized - open.size() - close.size(); left > 0 && !should_quit(epoch);) {
        size_t n = std::min(left, filler.size());
        if (!send_all(client.get(), std::string_view(filler).substr(0, n))) return;
        left -= n;
    }
    send_all(client.get(), close);
}

} // namespace wk::test
