// A scripted Open311 portal for the agent's tests: a real cpp-httplib server on
// 127.0.0.1 whose answers the test queues (status, body, headers such as Retry-After,
// a delay, a body cut off mid-way) and which logs every request it receives. It does
// not validate or store reports; wk::portal::PortalServer is the faithful portal.
//
// Routes are named "METHOD resource": "POST requests", "GET tokens", "GET requests",
// "GET services" (the first path segment after /open311/v2, without .json).
// A route answers from its queue first, then from its default:
//   POST requests: 201 [{service_request_id}], one id per Idempotency-Key (a replay
//                  gets the first id back, as an idempotent portal would);
//   GET services: two services;  GET requests, GET tokens: [];  anything else: 404.
#pragma once
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "sync/open311.hpp"

namespace wk::test {

struct FakeAnswer {
    int status = 200;
    std::string body;
    std::string content_type = "application/json; charset=utf-8";
    std::vector<std::pair<std::string, std::string>> headers;
    int delay_ms = 0;     // wait before answering; stop() cuts the wait short
    long cut_after = -1;  // >= 0: announce the whole body, send this many bytes, drop the connection
};

inline FakeAnswer created_answer(const std::string& id, int status = 201) {
    return {status, open311::post_response_json({id, "", "Đã tiếp nhận."})};
}
inline FakeAnswer token_answer(const std::string& token, int status = 202) {
    return {status, open311::post_response_json({"", token, "Đang xử lý."})};
}
inline FakeAnswer error_answer(int status, const std::string& description) {
    return {status, open311::errors_json({{std::to_string(status), description}})};
}

struct SeenRequest {
    std::string route;  // "POST requests"
    std::string path;   // "/open311/v2/requests.json"
    std::multimap<std::string, std::string> params;  // query string
    std::multimap<std::string, std::string> form;    // decoded form body (POST)
    std::string idempotency_key;
    std::string content_type;
    std::chrono::steady_clock::time_point at;
};

class FakePortal {
  public:
    static constexpr const char* kApi = "/open311/v2";

    FakePortal() {
        m_http.set_keep_alive_timeout(1);  // stop() waits for idle keep-alive connections
        m_http.set_read_timeout(5);
        auto serve = [this](const httplib::Request& q, httplib::Response& s, const std::string& body) {
            answer(q, s, body);
        };
        m_http.Get(".*", [serve](const httplib::Request& q, httplib::Response& s) { serve(q, s, ""); });
        m_http.Post(".*", [serve](const httplib::Request& q, httplib::Response& s, const httplib::ContentReader& r) {
            std::string body;
            r([&](const char* d, size_t n) {
                body.append(d, n);
                return true;
            });
            serve(q, s, body);
        });
    }
    ~FakePortal() { stop(); }
    FakePortal(const FakePortal&) = delete;
    FakePortal& operator=(const FakePortal&) = delete;

    // Listens on an ephemeral loopback port; returns it (-1 on failure).
    int start() {
        m_port = m_http.bind_to_any_port("127.0.0.1");
        if (m_port < 0) return -1;
        m_thread = std::thread([this] { m_http.listen_after_bind(); });
        for (int i = 0; i < 5000 && !m_http.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        return m_port;
    }
    void stop() {
        {
            std::lock_guard lock(m_mutex);
            m_stopping = true;
        }
        m_wake.notify_all();
        if (m_thread.joinable()) {
            m_http.stop();
            m_thread.join();
        }
    }
    int port() const { return m_port; }
    std::string base_url() const { return "http://127.0.0.1:" + std::to_string(m_port) + kApi; }

    // The next request on `route` gets `a` (answers queue up in order).
    void queue(const std::string& route, FakeAnswer a) {
        std::lock_guard lock(m_mutex);
        m_queues[route].push_back(std::move(a));
    }
    // Every request on `route` with an empty queue gets `a`.
    void set_default(const std::string& route, FakeAnswer a) {
        std::lock_guard lock(m_mutex);
        m_defaults[route] = std::move(a);
    }
    // Back to the built-in default of `route`.
    void clear_default(const std::string& route) {
        std::lock_guard lock(m_mutex);
        m_defaults.erase(route);
    }

    std::vector<SeenRequest> seen(const std::string& route = "") const {
        std::lock_guard lock(m_mutex);
        std::vector<SeenRequest> out;
        for (const auto& r : m_seen)
            if (route.empty() || r.route == route) out.push_back(r);
        return out;
    }
    int count(const std::string& route) const { return static_cast<int>(seen(route).size()); }
    // Called on the server's thread as each request arrives, before it is answered.
    void on_request(std::function<void(const SeenRequest&)> hook) {
        std::lock_guard lock(m_mutex);
        m_hook = std::move(hook);
    }
    // How many reports the default POST handler created (distinct Idempotency-Keys).
    int created() const {
        std::lock_guard lock(m_mutex);
        return static_cast<int>(m_ids.size());
    }

  private:
    static std::string route_of(const std::string& method, const std::string& path) {
        std::string rest = path.rfind(kApi, 0) == 0 ? path.substr(std::string(kApi).size()) : path;
        if (!rest.empty() && rest.front() == '/') rest.erase(0, 1);
        rest = rest.substr(0, rest.find_first_of("/."));
        return method + " " + rest;
    }

    FakeAnswer built_in(const SeenRequest& r) {
        if (r.route == "POST requests") {
            std::string key = r.idempotency_key.empty() ? "#" + std::to_string(m_seen.size()) : r.idempotency_key;
            auto it = m_ids.find(key);
            if (it == m_ids.end()) it = m_ids.emplace(key, "FK-" + std::to_string(m_ids.size() + 1)).first;
            return created_answer(it->second);
        }
        if (r.route == "GET services")
            return {200, open311::services_json({{"moi-truong", "Môi trường", "Environment", "moi-truong"},
                                                 {"y-te", "Y tế", "Health", "xa-hoi"}})};
        if (r.route == "GET requests" || r.route == "GET tokens") return {200, "[]"};
        return error_answer(404, "not found");
    }

    void answer(const httplib::Request& q, httplib::Response& s, const std::string& body) {
        SeenRequest r;
        r.route = route_of(q.method, q.path);
        r.path = q.path;
        for (const auto& [k, v] : q.params) r.params.emplace(k, v);
        r.idempotency_key = q.get_header_value("Idempotency-Key");
        r.content_type = q.get_header_value("Content-Type");
        if (auto f = open311::decode_form(body); f && q.method == "POST") r.form = *f;
        r.at = std::chrono::steady_clock::now();
        std::function<void(const SeenRequest&)> hook;
        {
            std::lock_guard lock(m_mutex);
            hook = m_hook;
        }
        if (hook) hook(r);
        FakeAnswer a;
        {
            std::unique_lock lock(m_mutex);
            auto& queue = m_queues[r.route];
            if (!queue.empty()) {
                a = std::move(queue.front());
                queue.pop_front();
            } else if (auto d = m_defaults.find(r.route); d != m_defaults.end()) {
                a = d->second;
            } else {
                a = built_in(r);
            }
            m_seen.push_back(r);
            if (a.delay_ms > 0)
                m_wake.wait_for(lock, std::chrono::milliseconds(a.delay_ms), [this] { return m_stopping; });
        }
        s.status = a.status;
        for (const auto& [k, v] : a.headers) s.set_header(k, v);
        if (a.cut_after < 0) {
            s.set_content(a.body, a.content_type);
            return;
        }
        auto whole = std::make_shared<std::string>(std::move(a.body));
        size_t cut = std::min(static_cast<size_t>(a.cut_after), whole->size());
        s.set_content_provider(whole->size(), a.content_type,
                               [whole, cut](size_t offset, size_t, httplib::DataSink& sink) {
                                   if (offset == 0 && cut > 0) sink.write(whole->data(), cut);
                                   return false;  // abort: the connection drops mid-body
                               });
    }

    httplib::Server m_http;
    std::thread m_thread;
    std::function<void(const SeenRequest&)> m_hook;
    int m_port = -1;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::map<std::string, std::deque<FakeAnswer>> m_queues;
    std::map<std::string, FakeAnswer> m_defaults;
    std::map<std::string, std::string> m_ids;  // Idempotency-Key -> service_request_id
    std::vector<SeenRequest> m_seen;
};

}  // namespace wk::test
