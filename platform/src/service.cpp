// sd_notify(3) by hand: one AF_UNIX datagram a message, the socket named by
// $NOTIFY_SOCKET (a path, or "@name" for Linux's abstract namespace).
#include "platform/service.hpp"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <string>

namespace wk::service {

bool notify(std::string_view state) {
    const char* path = std::getenv("NOTIFY_SOCKET");
    if (!path || !*path) return false;
    size_t len = std::strlen(path);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (path[0] != '/' && path[0] != '@') return false;
    if (len > sizeof addr.sun_path) return false;
    std::memcpy(addr.sun_path, path, len);
    if (path[0] == '@') addr.sun_path[0] = '\0';  // abstract: leading NUL, no terminator
    socklen_t addr_len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + len);
    int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    ssize_t sent = ::sendto(fd, state.data(), state.size(), MSG_NOSIGNAL,
                            reinterpret_cast<const sockaddr*>(&addr), addr_len);
    ::close(fd);
    return sent == static_cast<ssize_t>(state.size());
}

int64_t watchdog_interval_ms() {
    const char* usec = std::getenv("WATCHDOG_USEC");
    if (!usec || !*usec) return 0;
    if (const char* pid = std::getenv("WATCHDOG_PID"); pid && *pid) {
        char* end = nullptr;
        long long p = std::strtoll(pid, &end, 10);
        if (*end || p != static_cast<long long>(::getpid())) return 0;
    }
    char* end = nullptr;
    long long us = std::strtoll(usec, &end, 10);
    if (*end || us <= 0) return 0;
    return us < 1000 ? 1 : us / 1000;
}

bool Watchdog::ping_if_due(int64_t now_ms) {
    if (!enabled()) return false;
    if (m_last_ms != INT64_MIN && now_ms - m_last_ms < m_interval_ms / 2) return false;
    m_last_ms = now_ms;
    return notify("WATCHDOG=1");
}

}  // namespace wk::service
