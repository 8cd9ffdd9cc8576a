// The sync agent's logic: one pass uploads every due report (oldest first) over
// Open311, polls tokens, and, when due, pulls statuses and the category list. Time is
// passed in and randomness injected, so tests can run days of retries at once. The
// agent meets the kiosk only in the store.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "backoff.hpp"
#include "http_client.hpp"
#include "sync/contact_box.hpp"
#include "sync/store.hpp"

namespace wk::agent {

struct AgentConfig {
    std::string base_url;  // e.g. http://127.0.0.1:8311/open311/v2
    std::string api_key;
    std::string jurisdiction_id;
    int kiosk_id = 1;
    std::string province;
    std::optional<double> lat, lon;
    Backoff backoff;
    int attention_after_400 = 5;         // tries with 400 before a report is set aside for staff
    UnixMs pull_interval_ms = 30000;     // statuses
    UnixMs services_interval_ms = 3600000;
    std::vector<Category> default_categories;  // English names for known codes
};

struct PassResult {
    int uploaded = 0;       // acknowledged this pass
    int failed = 0;         // attempts that will be retried
    int set_aside = 0;      // moved to attention
    int statuses_changed = 0;
    bool network_ok = true;
};

class Agent {
  public:
    Agent(Store& store, HttpClient& http, const ContactBox& box, AgentConfig config,
          std::function<double()> random_unit);

    PassResult run_once(UnixMs now);
    // When the next pass has work: the earliest due report or pull, not before a block.
    UnixMs next_wake(UnixMs now);
    // Staff pressed "sync now": forget every wait and try at once.
    void sync_now(UnixMs now) {
        m_blocked_until = 0;
        m_next_pull = 0;
        m_next_services = 0;
        m_network_failures = 0;
        m_store.due_now(now);
    }

  private:
    enum class Outcome { done, retry, set_aside, blocked };
    Outcome upload_one(const OutboxItem& item, UnixMs now, PassResult& r);
    Outcome poll_token(const OutboxItem& item, UnixMs now, PassResult& r);
    Outcome on_failure(const OutboxItem& item, const HttpResponse& res, const std::string& why, UnixMs now,
                       PassResult& r);
    bool pull_statuses(UnixMs now, PassResult& r);
    bool pull_services(UnixMs now);
    std::string url(const std::string& path) const;
    void note_ok(const char* kind, UnixMs now);
    void note_error(const char* kind, const std::string& message, UnixMs now);

    Store& m_store;
    HttpClient& m_http;
    const ContactBox& m_box;
    AgentConfig m_config;
    std::function<double()> m_random;
    int m_network_failures = 0;
    UnixMs m_blocked_until = 0;   // no uploads before this (network down, 429/503, bad key)
    UnixMs m_next_pull = 0;
    UnixMs m_next_services = 0;
};

}  // namespace wk::agent
