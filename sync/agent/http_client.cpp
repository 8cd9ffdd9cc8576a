// libcurl handle owner and request runner: one easy handle, driven by a multi handle
// so that a request can be started and finished apart.
#include "http_client.hpp"

#include <algorithm>

#include <curl/curl.h>
#include <memory>
#include <optional>
#include <stdexcept>

#include "clock_watch.hpp"

namespace wk::agent {
namespace {

struct SlistDeleter {
    void operator()(curl_slist* s) const { curl_slist_free_all(s); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

}  // namespace

// One request from start to finish: what curl fills in, and what it reads from
// (the body and the header list must live until the transfer ends).
struct HttpClient::Transfer {
    HttpResponse response;
    size_t max_body = 0;
    bool too_large = false;
    const std::atomic<bool>* stop = nullptr;
    bool post = false;
    CURLMcode added = CURLM_OK;  // curl_multi_add_handle's answer
    std::string body;
    Slist headers;
    char error_detail[CURL_ERROR_SIZE] = {};  // CURLOPT_ERRORBUFFER: e.g. which certificate check failed

    static size_t on_body(char* data, size_t size, size_t n, void* user) {
        auto* t = static_cast<Transfer*>(user);
        size_t bytes = size * n;
        if (t->response.body.size() + bytes > t->max_body) {
            t->too_large = true;
            return 0;  // makes curl fail the transfer
        }
        t->response.body.append(data, bytes);
        return bytes;
    }

    static size_t on_header(char* data, size_t size, size_t n, void* user) {
        auto* t = static_cast<Transfer*>(user);
        std::string line(data, size * n);
        auto colon = line.find(':');
        if (colon != std::string::npos) {
            std::string name = line.substr(0, colon);
            for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            std::string value = line.substr(colon + 1);
            while (!value.empty() && (value.front() == ' ')) value.erase(value.begin());
            while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) value.pop_back();
            if (name == "retry-after") t->response.retry_after = value;
            if (name == "content-type") t->response.content_type = value;
            if (name == "date") t->response.server_date = parse_http_date(value);
        }
        return size * n;
    }

    static int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
        auto* t = static_cast<Transfer*>(user);
        return t->stop && t->stop->load() ? 1 : 0;  // non-zero aborts the transfer
    }
};

HttpClient::HttpClient(HttpOptions options) : m_options(options) {
    static const bool global = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
    (void)global;
    m_curl = curl_easy_init();
    m_multi = curl_multi_init();
}

HttpClient::~HttpClient() {
    abandon();
    curl_multi_cleanup(static_cast<CURLM*>(m_multi));
    curl_easy_cleanup(static_cast<CURL*>(m_curl));
}

HttpResponse HttpClient::get(const std::string& url, const std::vector<std::string>& headers) {
    start(url, nullptr, headers);
    return finish();
}

HttpResponse HttpClient::post_form(const std::string& url, const std::string& body,
                                   const std::vector<std::string>& headers) {
    start(url, &body, headers);
    return finish();
}

void HttpClient::start_get(const std::string& url, const std::vector<std::string>& headers) {
    start(url, nullptr, headers);
}

void HttpClient::start_post_form(const std::string& url, const std::string& body,
                                 const std::vector<std::string>& headers) {
    start(url, &body, headers);
}

void HttpClient::abandon() {
    if (!m_transfer) return;
    CURL* c = static_cast<CURL*>(m_curl);
    add_bytes_received();
    // Removed mid-way, the transfer ends there: curl closes its connection (on HTTP/2,
    // resets its stream), so its answer can never be read as another request's.
    curl_multi_remove_handle(static_cast<CURLM*>(m_multi), c);
    curl_easy_reset(c);  // no option points into the Transfer that goes now
    m_transfer.reset();
}

void HttpClient::add_bytes_received() {
    CURL* c = static_cast<CURL*>(m_curl);
    curl_off_t down = 0;
    long header_bytes = 0;
    curl_easy_getinfo(c, CURLINFO_SIZE_DOWNLOAD_T, &down);
    curl_easy_getinfo(c, CURLINFO_HEADER_SIZE, &header_bytes);
    m_bytes += static_cast<long>(down) + header_bytes;
}

void HttpClient::start(const std::string& url, const std::string* post_body, const std::vector<std::string>& headers) {
    abandon();
    CURL* c = static_cast<CURL*>(m_curl);
    auto t = std::make_unique<Transfer>();
    t->max_body = m_options.max_body_bytes;
    t->stop = m_options.stop;
    // No reset here: the handle is new, or finish()/abandon() reset it when its last
    // transfer went (the connection stays in the multi handle's cache).
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, m_options.connect_timeout_s);
    // A POST waits longer than a GET: a slow backend that answers after our timeout has
    // made the case all the same, and each lost answer costs a search before the retry.
    long total_ms = post_body ? post_timeout_ms() : 1000 * m_options.request_timeout_s;
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, total_ms);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 64L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, post_body ? std::max(15L, total_ms / 1000) : 15L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");  // every encoding curl supports
    if (!m_options.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, m_options.ca_file.c_str());
    if (!m_options.pinned_pubkey.empty()) curl_easy_setopt(c, CURLOPT_PINNEDPUBLICKEY, m_options.pinned_pubkey.c_str());
    if (!m_options.proxy.empty()) curl_easy_setopt(c, CURLOPT_PROXY, m_options.proxy.c_str());
    curl_easy_setopt(c, CURLOPT_USERAGENT, "wardkiosk-sync");
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Transfer::on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, t.get());
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, Transfer::on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, t.get());
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, t->error_detail);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, Transfer::on_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, t.get());
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    for (const auto& h : headers) t->headers.reset(curl_slist_append(t->headers.release(), h.c_str()));
    if (post_body) {
        t->post = true;
        t->body = *post_body;
        t->headers.reset(curl_slist_append(t->headers.release(),
                                           "Content-Type: application/x-www-form-urlencoded; charset=utf-8"));
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, t->body.c_str());
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(t->body.size()));
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, t->headers.get());
    ++m_requests;
    m_transfer = std::move(t);
    auto* m = static_cast<CURLM*>(m_multi);
    m_transfer->added = curl_multi_add_handle(m, c);
    int running = 0;
    if (m_transfer->added == CURLM_OK) curl_multi_perform(m, &running);  // on a kept-alive connection: written out
}

HttpResponse HttpClient::finish() {
    if (!m_transfer) throw std::logic_error("HttpClient::finish without a request in flight");
    auto* m = static_cast<CURLM*>(m_multi);
    CURL* c = static_cast<CURL*>(m_curl);
    std::unique_ptr<Transfer> t = std::move(m_transfer);
    if (t->added != CURLM_OK) {
        curl_easy_reset(c);
        t->response.error = curl_multi_strerror(t->added);
        if (m_options.clock) t->response.received_at = m_options.clock();
        return std::move(t->response);  // status 0, nothing sent
    }
    CURLMcode mc = CURLM_OK;
    for (int running = 1;;) {  // curl's own timeouts end the loop; the 1 s wait lets the stop flag act
        mc = curl_multi_perform(m, &running);
        if (mc != CURLM_OK || running == 0) break;
        mc = curl_multi_poll(m, nullptr, 0, 1000, nullptr);
        if (mc != CURLM_OK) break;
    }
    std::optional<CURLcode> rc;  // set once curl says the transfer is done
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(m, &left))
        if (msg->msg == CURLMSG_DONE) rc = msg->data.result;
    curl_off_t up = 0;
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_SIZE_UPLOAD_T, &up);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    add_bytes_received();
    curl_multi_remove_handle(m, c);
    curl_easy_reset(c);  // no option points into the Transfer that goes now
    HttpResponse r = std::move(t->response);
    if (m_options.clock) r.received_at = m_options.clock();  // the whole answer is in (or the transfer failed)
    if (!rc || *rc != CURLE_OK) {
        r.status = 0;
        r.error = mc != CURLM_OK ? curl_multi_strerror(mc)
                  : !rc          ? "the transfer did not finish"
                  : t->too_large ? "the answer is larger than " + std::to_string(m_options.max_body_bytes) + " bytes"
                                 : curl_easy_strerror(*rc);
        // The certificate check fails on a PC whose clock is wrong before any request
        // can tell the portal's time: say so, or staff look for a network fault.
        if (rc && (*rc == CURLE_PEER_FAILED_VERIFICATION || *rc == CURLE_SSL_CERTPROBLEM)) {
            if (t->error_detail[0]) r.error += std::string(": ") + t->error_detail;
            std::string hint = clock_explains_tls_failure(*rc, r.error, wall_clock_ms());
            if (!hint.empty()) r.error += " (" + hint + ")";
        }
        // Once any byte went out, the server may have acted on it.
        r.maybe_sent = t->post && (up > 0 || status != 0);
        r.too_large = mc == CURLM_OK && rc.has_value() && t->too_large;  // as the error text says
        r.body.clear();
        return r;
    }
    r.status = static_cast<int>(status);
    r.maybe_sent = true;
    if (r.server_date && m_options.on_server_time) m_options.on_server_time(*r.server_date, r.received_at);
    return r;
}

}  // namespace wk::agent
