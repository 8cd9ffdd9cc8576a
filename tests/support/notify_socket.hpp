// A datagram socket bound like systemd's notify socket, for tests of programs started
// with $NOTIFY_SOCKET as systemd would start them (READY=1, WATCHDOG=1, STOPPING=1).
#pragma once
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstddef>
#include <cstring>
#include <string>
#include <vector>

namespace wk::test {

// A datagram socket bound like systemd's notify socket; `name` is a path or "@abstract".
class NotifySocket {
  public:
    explicit NotifySocket(const std::string& name) : m_name(name) {
        m_fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::memcpy(addr.sun_path, name.data(), name.size());
        if (name[0] == '@') addr.sun_path[0] = '\0';
        socklen_t len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + name.size());
        if (::bind(m_fd, reinterpret_cast<sockaddr*>(&addr), len) != 0) ADD_FAILURE() << "bind " << name;
    }
    ~NotifySocket() { ::close(m_fd); }
    NotifySocket(const NotifySocket&) = delete;
    NotifySocket& operator=(const NotifySocket&) = delete;

    // The next datagram, or "" when none arrives within `timeout`.
    std::string receive(std::chrono::milliseconds timeout = std::chrono::milliseconds(2000)) {
        pollfd p{m_fd, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(timeout.count())) != 1) return "";
        char buf[512];
        ssize_t n = ::recv(m_fd, buf, sizeof buf, 0);
        return n > 0 ? std::string(buf, static_cast<size_t>(n)) : "";
    }
    // Datagrams until `want` arrives (included) or `timeout` passes.
    std::vector<std::string> receive_until(const std::string& want, std::chrono::milliseconds timeout) {
        std::vector<std::string> got;
        auto end = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < end) {
            std::string m = receive(std::chrono::milliseconds(100));
            if (m.empty()) continue;
            got.push_back(m);
            if (m == want) break;
        }
        return got;
    }

  private:
    std::string m_name;
    int m_fd = -1;
};

}  // namespace wk::test
