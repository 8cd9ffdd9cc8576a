// A small HTTP client over libcurl for the agent: one easy handle reused for every
// request (keep-alive), connect and low-speed timeouts, TLS verification always on,
// a cap on the body size (a larger answer fails, flagged too_large), a stop flag that
// aborts a transfer mid-way, an optional CA file and pinned public key, a proxy from
// the config or else the environment (libcurl reads http_proxy/https_proxy/no_proxy
// itself), compressed answers, and the time each answer arrived (an injected clock).
// A request can also be started and its answer collected later (start_*, finish):
// the agent writes what it learnt from one answer while the next request is on its
// way, so the server never waits on the kiosk's disk (and an idle server's wake-up
// costs nothing extra).
#pragma once
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "platform/clock.hpp"

namespace wk::agent {

struct HttpResponse {
    int status = 0;            // 0 when no HTTP answer arrived
    std::string body;
    std::string error;         // transport error text when status == 0
    bool maybe_sent = false;   // the request may have reached the server (retry with the same key)
    std::string retry_after;   // the Retry-After header, if any
    std::string content_type;
    bool too_large = false;    // the body passed HttpOptions::max_body_bytes (status 0): not an outage
    UnixMs received_at = 0;    // HttpOptions::clock when the answer (or the failure) came; 0 without a clock
    std::optional<UnixMs> server_date;  // the Date header: the portal's time when it answered
};

struct HttpOptions {
    long connect_timeout_s = 5;
    long request_timeout_s = 30;
    size_t max_body_bytes = 8u << 20;  // a larger body is a failure, never a success
    const std::atomic<bool>* stop = nullptr;
    std::string ca_file;        // extra CA bundle; empty: the system's
    std::string pinned_pubkey;  // "sha256//BASE64"; empty: no pin
    std::string proxy;          // empty: the environment's
    long post_timeout_ms = 0;   // a POST's whole time; 0: three times request_timeout_s
    // Read once per request, when it ends (HttpResponse::received_at): a server's
    // Retry-After counts from then, not from when a long pass began. Empty: not read.
    std::function<UnixMs()> clock;
    // Called for each answer with a Date header: that date and received_at (ClockWatch).
    std::function<void(UnixMs server_date, UnixMs received_at)> on_server_time;
};

class HttpClient {
  public:
    explicit HttpClient(HttpOptions options);
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    HttpResponse get(const std::string& url, const std::vector<std::string>& headers = {});
    HttpResponse post_form(const std::string& url, const std::string& body,
                           const std::vector<std::string>& headers);

    // The same requests in two halves. start_* returns once the request is on its way
    // (on a kept-alive connection: written to the socket), finish() waits for the
    // answer. One request at a time: starting another, or abandon(), drops the one in
    // flight, closing its connection (on HTTP/2, resetting its stream), since its answer
    // would come next on it.
    void start_get(const std::string& url, const std::vector<std::string>& headers = {});
    void start_post_form(const std::string& url, const std::string& body, const std::vector<std::string>& headers);
    HttpResponse finish();
    void abandon();
    bool in_flight() const { return m_transfer != nullptr; }

    int requests_made() const { return m_requests; }
    long post_timeout_ms() const {
        return m_options.post_timeout_ms > 0 ? m_options.post_timeout_ms : 3000 * m_options.request_timeout_s;
    }
    long bytes_received() const { return m_bytes; }  // headers and bodies as they came over the wire

  private:
    struct Transfer;
    void start(const std::string& url, const std::string* post_body, const std::vector<std::string>& headers);
    void add_bytes_received();  // of the transfer in the easy handle
    HttpOptions m_options;
    void* m_curl = nullptr;   // CURL*, owned
    void* m_multi = nullptr;  // CURLM*, owned; holds the kept-alive connection
    std::unique_ptr<Transfer> m_transfer;  // the request in flight, if any
    int m_requests = 0;
    long m_bytes = 0;
};

}  // namespace wk::agent
