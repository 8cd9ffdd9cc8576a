// An httplib::Server that a few slow or greedy clients cannot starve. It replaces
// httplib's per-connection loop (the private virtual process_and_close_socket) with one
// that, before httplib parses anything:
//  - caps the open connections from one client address (more get 503 and are closed);
//  - gives each request a whole deadline for its headers and body: `request_ms`, plus
//    one second for each `floor_bytes_per_s` bytes received, so an honest upload of any
//    size is never cut and a client trickling one header line every few seconds is;
//  - waits at most `keep_alive_ms` for the next request on a kept-alive connection.
// Parsing, routing and answers stay httplib's (Server::process_request). The worker
// count is the task queue's, set by the owner.
#pragma once
#include <httplib.h>
#include <sys/socket.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace wk::portal {

struct ConnectionLimits {
    int per_address = 16;                  // open connections from one address
    int64_t request_ms = 10'000;           // headers and body of one request...
    int64_t floor_bytes_per_s = 32 * 1024; // ...plus a second per this many bytes received
    int64_t keep_alive_ms = 5'000;         // idle wait for the next request
    int64_t write_ms = 10'000;             // a client that stops reading the answer
    int max_requests_per_connection = 1000;
};

class GuardedServer : public httplib::Server {
  public:
    explicit GuardedServer(ConnectionLimits limits = {}) : m_limits(limits) {}
    // httplib listens with a backlog of 5: a burst of kiosks and browsers connecting at
    // once overflowed it and some connections were reset. Call after binding.
    bool widen_backlog(int n) { return ::listen(svr_sock_, n) == 0; }
    // Connections open now from `address` (for tests and the operator).
    int open_connections(const std::string& address);
    // Connections refused by the per-address cap, and requests cut at their deadline.
    int64_t refused() const { return m_refused; }
    int64_t cut() const { return m_cut; }

  private:
    bool process_and_close_socket(socket_t sock) override;
    bool take(const std::string& address);
    void give_back(const std::string& address);
    bool wait_for_request(socket_t sock) const;

    ConnectionLimits m_limits;
    std::mutex m_mutex;
    std::map<std::string, int> m_open;
    std::atomic<int64_t> m_refused{0}, m_cut{0};
};

}  // namespace wk::portal
