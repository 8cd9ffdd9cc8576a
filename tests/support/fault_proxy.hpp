// A fault-injecting TCP proxy for the agent's tests: it listens on 127.0.0.1 (any free
// port) and forwards to a target port on 127.0.0.1, and on demand breaks connections
// the way a bad link or a bad portal does (refused, reset, stalled, slow, wrong answers).
// The mode applies to the connections accepted after set_mode() returns; set_mode() also
// closes the open connections of the earlier mode, so a keep-alive client reconnects and
// meets the new one. It knows only enough HTTP/1.1 to find where a message ends (head,
// Content-Length); chunked bodies and modes changed mid-transfer are not supported.
// A thread per connection; every socket has one owner (Fd).
// Missing: TLS, IPv6, chunked bodies, a black hole (SYNs dropped, for connect timeouts),
// and faults that start part-way through a kept-alive connection.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace wk::test {

// The one owner of a socket (or any) file descriptor: closes it once, moves, never copies.
class Fd {
  public:
    Fd() = default;
    explicit Fd(int fd) : m_fd(fd) {}
    ~Fd() { reset(); }
    Fd(Fd&& o) noexcept : m_fd(o.m_fd) { o.m_fd = -1; }
    Fd& operator=(Fd&& o) noexcept;
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;

    int get() const { return m_fd; }
    bool valid() const { return m_fd >= 0; }
    void reset(int fd = -1); // closes the current descriptor, if any, and takes `fd`
    void reset_hard();       // closes with SO_LINGER 0: the peer gets a TCP RST, not a FIN

  private:
    int m_fd = -1;
};

enum class Fault {
    pass,                      // a plain relay
    refuse,                    // nobody listens: connect() fails with ECONNREFUSED
    reset_before_request,      // accept, then RST before reading anything
    reset_after_request,       // read the request, let the target answer it (it is stored), RST the client
    stall,                     // read the request, never answer (until the client leaves, at most 30 s)
    status_500,                // 500 with an Open311 error body
    status_503_retry_after_7,  // 503, Retry-After: 7
    status_429_retry_after_12, // 429, Retry-After: 12
    malformed_json_200,        // 200 application/json, cut-off JSON
    malformed_xml_200,         // 200 application/xml, cut-off XML
    captive_html_200,          // 200 text/html: a Wi-Fi login page
    truncated_body,            // 201 with a whole-looking Open311 body but Content-Length larger, then FIN
    oversized_body,            // 201, a 9 MiB Open311-looking body
    slow_drip,                 // let the target answer, then pass it on one byte every 200 ms
};
const char* fault_name(Fault f);
// Whether the fault hands the request to the target (so the report is stored there).
bool fault_reaches_target(Fault f);

struct ProxiedRequest {
    std::string method;          // "POST"
    std::string target;          // "/open311/v2/requests.json"
    std::string idempotency_key; // "" when absent
};

class FaultProxy {
  public:
    explicit FaultProxy(int target_port) : m_target_port(target_port) {}
    ~FaultProxy() { stop(); }
    FaultProxy(const FaultProxy&) = delete;
    FaultProxy& operator=(const FaultProxy&) = delete;

    // Binds 127.0.0.1:0, starts accepting in `pass` mode; returns the port, -1 on failure.
    int start();
    // Closes every connection and joins every thread. Idempotent.
    void stop();
    // Takes effect before returning: the listening state matches and older connections are closed.
    void set_mode(Fault f);
    Fault mode() const { return m_mode.load(); }
    int port() const { return m_port; }

    int connections_accepted() const { return m_accepted.load(); }
    int requests_forwarded() const { return m_forwarded.load(); } // whole requests sent on to the target
    // Every whole request read from a client, in order.
    std::vector<ProxiedRequest> seen() const;

  private:
    void accept_loop();
    void apply_listening(Fault f);
    void accept_one();
    void serve(Fd client, Fault f, uint64_t epoch);
    void relay(Fd& client, uint64_t epoch);
    void forward_and_reset(Fd& client, uint64_t epoch);
    void forward_and_drip(Fd& client, uint64_t epoch);
    void answer_canned(Fd& client, Fault f, uint64_t epoch);
    void stall(Fd& client, uint64_t epoch);
    bool read_request(Fd& client, uint64_t epoch, std::string& request);
    bool forward(const std::string& request, uint64_t epoch, std::string& response);
    void note_request(const std::string& request);
    bool should_quit(uint64_t epoch) const { return m_stopping.load() || m_epoch.load() != epoch; }
    void connection_ended(uint64_t epoch);

    int m_target_port;
    int m_port = -1;
    Fd m_reservation; // bound, never listening: holds the port while `refuse` closes the listener
    Fd m_listener;    // owned by the accept thread once it runs
    std::thread m_acceptor;
    std::atomic<Fault> m_mode{Fault::pass};
    std::atomic<uint64_t> m_epoch{0}; // bumped by set_mode
    std::atomic<bool> m_stopping{false};
    std::atomic<int> m_accepted{0}, m_forwarded{0};

    mutable std::mutex m_mutex; // guards what follows
    std::condition_variable m_changed;
    uint64_t m_applied_epoch = 0;            // the accept thread has applied this epoch's listening state
    std::map<uint64_t, int> m_live_by_epoch; // open connections per epoch
    std::vector<std::thread> m_connections;
    std::vector<ProxiedRequest> m_seen;
};

} // namespace wk::test
