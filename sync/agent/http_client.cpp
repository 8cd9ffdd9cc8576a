// libcurl easy-handle owner and request runner.
#include "http_client.hpp"

#include <curl/curl.h>
#include <memory>

namespace wk::agent {
namespace {

struct SlistDeleter {
    void operator()(curl_slist* s) const { curl_slist_free_all(s); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

struct Transfer {
    HttpResponse* response;
    size_t max_body;
    bool too_large = false;
    const std::atomic<bool>* stop;
};

size_t on_body(char* data, size_t size, size_t n, void* user) {
    auto* t = static_cast<Transfer*>(user);
    size_t bytes = size * n;
    if (t->response->body.size() + bytes > t->max_body) {
        t->too_large = true;
        return 0;  // makes curl fail the transfer
    }
    t->response->body.append(data, bytes);
    return bytes;
}

size_t on_header(char* data, size_t size, size_t n, void* user) {
    auto* t = static_cast<Transfer*>(user);
    std::string line(data, size * n);
    auto colon = line.find(':');
    if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        std::string value = line.substr(colon + 1);
        while (!value.empty() && (value.front() == ' ')) value.erase(value.begin());
        while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) value.pop_back();
        if (name == "retry-after") t->response->retry_after = value;
        if (name == "content-type") t->response->content_type = value;
    }
    return size * n;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    auto* t = static_cast<Transfer*>(user);
    return t->stop && t->stop->load() ? 1 : 0;  // non-zero aborts the transfer
}

}  // namespace

HttpClient::HttpClient(HttpOptions options) : m_options(options) {
    static const bool global = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
    (void)global;
    m_curl = curl_easy_init();
}

HttpClient::~HttpClient() { curl_easy_cleanup(static_cast<CURL*>(m_curl)); }

HttpResponse HttpClient::get(const std::string& url, const std::vector<std::string>& headers) {
    return perform(url, nullptr, headers);
}

HttpResponse HttpClient::post_form(const std::string& url, const std::string& body,
                                   const std::vector<std::string>& headers) {
    return perform(url, &body, headers);
}

HttpResponse HttpClient::perform(const std::string& url, const std::string* post_body,
                                 const std::vector<std::string>& headers) {
    CURL* c = static_cast<CURL*>(m_curl);
    HttpResponse r;
    Transfer t{&r, m_options.max_body_bytes, false, m_options.stop};
    curl_easy_reset(c);  // keeps the connection cache, clears options
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, m_options.connect_timeout_s);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, m_options.request_timeout_s);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 64L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 15L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");  // every encoding curl supports
    if (!m_options.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, m_options.ca_file.c_str());
    if (!m_options.pinned_pubkey.empty()) curl_easy_setopt(c, CURLOPT_PINNEDPUBLICKEY, m_options.pinned_pubkey.c_str());
    if (!m_options.proxy.empty()) curl_easy_setopt(c, CURLOPT_PROXY, m_options.proxy.c_str());
    curl_easy_setopt(c, CURLOPT_USERAGENT, "wardkiosk-sync");
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &t);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, &t);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    Slist list;
    for (const auto& h : headers) list.reset(curl_slist_append(list.release(), h.c_str()));
    if (post_body) {
        list.reset(curl_slist_append(list.release(), "Content-Type: application/x-www-form-urlencoded; charset=utf-8"));
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, post_body->c_str());
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(post_body->size()));
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, list.get());
    ++m_requests;
    CURLcode rc = curl_easy_perform(c);
    curl_off_t up = 0, down = 0;
    long header_bytes = 0;
    curl_easy_getinfo(c, CURLINFO_SIZE_UPLOAD_T, &up);
    curl_easy_getinfo(c, CURLINFO_SIZE_DOWNLOAD_T, &down);
    curl_easy_getinfo(c, CURLINFO_HEADER_SIZE, &header_bytes);
    m_bytes += static_cast<long>(down) + header_bytes;
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, nullptr);
    if (rc != CURLE_OK) {
        r.status = 0;
        r.error = t.too_large ? "the answer is larger than " + std::to_string(m_options.max_body_bytes) + " bytes"
                              : curl_easy_strerror(rc);
        // Once any byte went out, the server may have acted on it.
        r.maybe_sent = post_body != nullptr && (up > 0 || status != 0);
        r.body.clear();
        return r;
    }
    r.status = static_cast<int>(status);
    r.maybe_sent = true;
    return r;
}

}  // namespace wk::agent
