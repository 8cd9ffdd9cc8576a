// GuardedServer: the connection loop, and a socket Stream with a whole-request deadline
// and a small read buffer (httplib reads header lines a byte at a time).
#include "guarded_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

namespace wk::portal {
namespace {

int64_t steady_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// poll() for one event, at most `ms` (clamped to 0..INT_MAX); EINTR retried.
bool ready(socket_t sock, short event, int64_t ms) {
    pollfd p{sock, event, 0};
    int64_t until = steady_ms() + std::max<int64_t>(ms, 0);
    for (;;) {
        int left = static_cast<int>(std::clamp<int64_t>(until - steady_ms(), 0, 1 << 30));
        int n = ::poll(&p, 1, left);
        if (n >= 0 || errno != EINTR) return n > 0;
    }
}

void address_of(socket_t sock, bool peer, std::string& ip, int& port) {
    sockaddr_storage a{};
    socklen_t len = sizeof a;
    int rc = peer ? ::getpeername(sock, reinterpret_cast<sockaddr*>(&a), &len)
                  : ::getsockname(sock, reinterpret_cast<sockaddr*>(&a), &len);
    ip.clear();
    port = 0;
    if (rc != 0) return;
    char buf[INET6_ADDRSTRLEN] = "";
    if (a.ss_family == AF_INET) {
        auto* v4 = reinterpret_cast<sockaddr_in*>(&a);
        ::inet_ntop(AF_INET, &v4->sin_addr, buf, sizeof buf);
        port = ntohs(v4->sin_port);
    } else if (a.ss_family == AF_INET6) {
        auto* v6 = reinterpret_cast<sockaddr_in6*>(&a);
        ::inet_ntop(AF_INET6, &v6->sin6_addr, buf, sizeof buf);
        port = ntohs(v6->sin6_port);
    }
    ip = buf;
}

// A connected socket as httplib's Stream. Reads stop at the request's deadline.
class DeadlineStream : public httplib::Stream {
  public:
    DeadlineStream(socket_t sock, const ConnectionLimits& limits) : m_sock(sock), m_limits(limits) {}
    void start_request() {
        m_start = steady_ms();
        m_received = 0;
        m_expired = false;
    }
    bool expired() const { return m_expired; }

    bool is_readable() const override { return m_pos < m_len || ready(m_sock, POLLIN, left()); }
    bool is_writable() const override { return ready(m_sock, POLLOUT, m_limits.write_ms); }
    ssize_t read(char* ptr, size_t size) override {
        if (m_pos == m_len) {
            if (!ready(m_sock, POLLIN, left())) {
                m_expired = left() <= 0;
                return -1;
            }
            ssize_t n;
            do n = ::recv(m_sock, m_buf, sizeof m_buf, 0);
            while (n < 0 && errno == EINTR);
            if (n <= 0) return n;
            m_pos = 0;
            m_len = static_cast<size_t>(n);
            m_received += n;
        }
        size_t k = std::min(size, m_len - m_pos);
        std::memcpy(ptr, m_buf + m_pos, k);
        m_pos += k;
        return static_cast<ssize_t>(k);
    }
    ssize_t write(const char* ptr, size_t size) override {
        if (!ready(m_sock, POLLOUT, m_limits.write_ms)) return -1;
        ssize_t n;
        do n = ::send(m_sock, ptr, size, MSG_NOSIGNAL);
        while (n < 0 && errno == EINTR);
        return n;
    }
    void get_remote_ip_and_port(std::string& ip, int& port) const override { address_of(m_sock, true, ip, port); }
    void get_local_ip_and_port(std::string& ip, int& port) const override { address_of(m_sock, false, ip, port); }
    socket_t socket() const override { return m_sock; }

  private:
    // What is left of this request's time: its base plus what its bytes so far earned.
    int64_t left() const {
        int64_t earned = m_limits.floor_bytes_per_s > 0 ? m_received * 1000 / m_limits.floor_bytes_per_s : 0;
        return m_start + m_limits.request_ms + earned - steady_ms();
    }

    socket_t m_sock;
    const ConnectionLimits& m_limits;
    int64_t m_start = 0, m_received = 0;
    bool m_expired = false;
    char m_buf[4096];
    size_t m_pos = 0, m_len = 0;
};

}  // namespace

int GuardedServer::open_connections(const std::string& address) {
    std::lock_guard lock(m_mutex);
    auto it = m_open.find(address);
    return it == m_open.end() ? 0 : it->second;
}

bool GuardedServer::take(const std::string& address) {
    std::lock_guard lock(m_mutex);
    int& n = m_open[address];
    if (n >= m_limits.per_address) return false;
    ++n;
    return true;
}

void GuardedServer::give_back(const std::string& address) {
    std::lock_guard lock(m_mutex);
    if (--m_open[address] <= 0) m_open.erase(address);
}

// The next request's first byte, the keep-alive time, or the server stopping.
bool GuardedServer::wait_for_request(socket_t sock) const {
    int64_t until = steady_ms() + m_limits.keep_alive_ms;
    while (svr_sock_ != INVALID_SOCKET) {
        int64_t left = until - steady_ms();
        if (left <= 0) return false;
        pollfd p{sock, POLLIN, 0};
        int n = ::poll(&p, 1, static_cast<int>(std::min<int64_t>(left, 100)));
        if (n > 0) return true;
        if (n < 0 && errno != EINTR) return false;
    }
    return false;
}

bool GuardedServer::process_and_close_socket(socket_t sock) {
    std::string ip;
    int port = 0;
    address_of(sock, true, ip, port);
    bool ok = false;
    if (!take(ip)) {
        ++m_refused;
        static const char kBusy[] =
            "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        (void)!::send(sock, kBusy, sizeof kBusy - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
        // Closing with the request unread would reset the connection before the client
        // reads the 503; what it sent is read (briefly) and dropped.
        ::shutdown(sock, SHUT_WR);
        char sink[4096];
        for (int64_t until = steady_ms() + 200; ready(sock, POLLIN, until - steady_ms());)
            if (::recv(sock, sink, sizeof sink, 0) <= 0) break;
    } else {
        DeadlineStream strm(sock, m_limits);
        for (int left = m_limits.max_requests_per_connection; left > 0 && wait_for_request(sock); --left) {
            strm.start_request();
            bool closed = false;
            ok = process_request(strm, left == 1, closed, nullptr);
            if (strm.expired()) ++m_cut;
            if (!ok || closed) break;
        }
        give_back(ip);
    }
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
    return ok;
}

}  // namespace wk::portal
