// The sync agent's logic: one pass uploads every due report (oldest first) over
// Open311, polls tokens, sends queued ratings and withdrawals, and, when due, pulls
// statuses and the category list and reports the kiosk's health. Time is
// passed in and randomness injected, so tests can run days of retries at once. The
// agent meets the kiosk only in the store.
#pragma once
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "backoff.hpp"
#include "http_client.hpp"
#include "platform/config.hpp"
#include "sync/contact_box.hpp"
#include "sync/store.hpp"

namespace wk::agent {

struct AgentConfig {
    std::string base_url;  // e.g. http://127.0.0.1:8311/open311/v2
    std::string api_key;
    std::string jurisdiction_id;
    open311::Format format = open311::Format::json;
    int kiosk_id = 1;
    std::string province;
    std::vector<std::string> wards;      // the province's wards, to place public reports (board by ward)
    // A report's lat/long: its ward's position; a ward without one gets lat/lon (the
    // kiosk's own, when [kiosk] position_fallback says so), or none: address_string alone.
    std::vector<WardPosition> ward_positions;
    std::optional<double> lat, lon;
    Backoff backoff;
    int attention_after_400 = 5;         // tries with 400 before a report is set aside for staff
    // A batch token still without a case number this long after the portal gave it goes
    // to staff (servers answer [] for an unknown token for ever); never posted again.
    UnixMs token_stale_after_ms = 7 * 24 * 3600000LL;
    UnixMs pull_interval_ms = 30000;     // statuses
    UnixMs services_interval_ms = 3600000;
    bool pull_public = true;              // the province's reports for the board and statistics
    UnixMs public_interval_ms = 600000;
    UnixMs resweep_interval_ms = 6 * 3600000LL;  // without the updates extension: re-read the year this often
    std::vector<Category> default_categories;  // English names for known codes
    bool report_health = false;          // POST /wardkiosk/v1/health.json (the program turns it on)
    UnixMs health_interval_ms = 5 * 60000;
    // Called after each upload request: a backlog on a slow link is one long pass, and
    // the program feeds systemd's watchdog from here as well as between passes.
    std::function<void()> alive;
};

struct PassResult {
    int uploaded = 0;       // acknowledged this pass
    int failed = 0;         // attempts that will be retried
    int set_aside = 0;      // moved to attention
    int statuses_changed = 0;
    int public_changed = 0;     // public reports added or changed
    int updates_sent = 0;       // ratings and withdrawals the portal took
    bool network_ok = true;
};

// The POST /requests form for a queued report, all but the contact (which only the
// agent's ContactBox opens). The benchmark's raw rate posts the very same forms.
open311::PostRequest post_request(const OutboxItem& item, const AgentConfig& config);
// That form encoded without the api_key: what a report's first try sends, kept in the
// store (OutboxItem::sent_form) and sent again as it is by every later try.
std::string frozen_form(const OutboxItem& item, const AgentConfig& config);
// A name in Vietnamese order (family name first): {last_name, first_name}, e.g.
// "Nguyễn Văn An" -> {"Nguyễn", "Văn An"}; one word is a given name.
std::pair<std::string, std::string> split_vietnamese_name(const std::string& full);

// A citizen's rating as the description of an update, in words an officer reads (for
// servers that take no `rating` field). Starts with kRatingWords.
std::string rating_in_words(const OutgoingUpdate& u);
inline constexpr const char* kRatingWords = "Người dân đánh giá:";

// A photo made small for the kiosk's lookup (agent_photos.cpp): JPEG, at most 320 px a
// side; nullopt for what is not a readable JPEG or PNG, or is too large to decode.
struct Thumbnail {
    std::vector<uint8_t> jpeg;
    int width = 0, height = 0;
};
std::optional<Thumbnail> make_thumbnail(const std::string& bytes);

class Agent {
  public:
    Agent(Store& store, HttpClient& http, const ContactBox& box, AgentConfig config,
          std::function<double()> random_unit);

    PassResult run_once(UnixMs now);
    // When the next pass has work: the earliest due report or pull, not before a block.
    UnixMs next_wake(UnixMs now);
    // Staff pressed "sync now": forget every wait and try at once.
    void sync_now(UnixMs now) {
        block_until(0);
        m_next_pull = 0;
        m_next_services = 0;
        m_next_public = 0;
        m_next_health = 0;
        m_network_failures = 0;
        m_store.due_now(now);
    }

  private:
    enum class Outcome { done, retry, set_aside, blocked };
    void upload_all(UnixMs now, PassResult& r);
    void start_try(const OutboxItem& item);
    // agent_unanswered.cpp: a report whose try went out unanswered is looked for on the
    // portal before it is posted again. Moves `item` past the reports settled here
    // (found and acknowledged); false when the link failed (nothing more this pass).
    bool settle_unanswered(std::optional<OutboxItem>& item, UnixMs now, const Store::SendCheck& sendable,
                           PassResult& r);
    enum class Search { found, absent, failed, refused };  // found/refused: `found_id` has the id/the reason
    Search look_for(const OutboxItem& item, UnixMs now, std::string& found_id);
    // What the answer to a POST (or to a token poll) means for the report: filled into
    // `o`, which the caller writes with the try (Store::finish_try).
    Outcome upload_answer(const OutboxItem& item, const HttpResponse& res, UnixMs now, PassResult& r, TryOutcome& o);
    Outcome token_answer(const OutboxItem& item, const HttpResponse& res, UnixMs now, PassResult& r, TryOutcome& o);
    // agent_refusals.cpp
    Outcome on_failure(const OutboxItem& item, const HttpResponse& res, const std::string& why, UnixMs now,
                       PassResult& r, TryOutcome& o);
    Outcome code_collision(const OutboxItem& item, const std::string& msg, UnixMs now, PassResult& r, TryOutcome& o);
    bool portal_refuses_everything(const std::string& service);
    void set_portal_accepts(bool yes);
    void skip_held_services(std::optional<OutboxItem>& next, UnixMs now, const Store::SendCheck& sendable,
                            PassResult& r);
    // agent_updates.cpp: ratings and withdrawals (after uploads, before pulls), the health report
    void send_updates(UnixMs now, PassResult& r);
    Outcome send_update(const OutgoingUpdate& u, UnixMs now, PassResult& r);
    std::string update_form(const OutgoingUpdate& u, UnixMs now, bool upper_status) const;
    Outcome update_failed(const OutgoingUpdate& u, const HttpResponse& res, const std::string& why, UnixMs now,
                          PassResult& r);
    void report_health(UnixMs now);
    void check_store(UnixMs now);
    std::string health_url() const;
    // agent_lookup.cpp: codes filed at other kiosks, asked by this kiosk
    void answer_lookups(UnixMs now);
    void refresh_photos(UnixMs now);  // agent_photos.cpp
    bool ask_photos_by_code(const std::string& code, const std::string& id);
    std::string wardkiosk_url(const std::string& path) const;
    // agent_pull.cpp
    void run_pulls(UnixMs now, PassResult& r);
    bool pull_statuses(UnixMs now, PassResult& r);
    std::optional<std::vector<open311::RequestUpdate>> fetch_updates(UnixMs from, UnixMs to, UnixMs now, bool& unsupported);
    bool apply_updates(const std::vector<open311::RequestUpdate>& ups, std::pair<UnixMs, UnixMs> window, UnixMs now,
                       PassResult& r);
    void learn_status_case(const std::vector<open311::RequestUpdate>& ups);
    // Asks cases by id (batches of 50); `changed` (cases already counted as changed
    // this pass) keeps one case from counting twice in PassResult::statuses_changed.
    bool pull_by_ids(const std::vector<std::string>& ids, UnixMs now, PassResult& r,
                     std::set<std::string>* changed = nullptr);
    bool pull_services(UnixMs now);
    bool fetch_definition(Category& c, UnixMs now);
    bool pull_public(UnixMs now, PassResult& r);
    std::optional<std::vector<open311::ServiceRequest>> fetch_window(UnixMs from, UnixMs to, UnixMs now,
                                                                     bool& too_large);
    PublicReport public_row(const open311::ServiceRequest& q) const;
    std::string fail_text(const HttpResponse& res, const std::string& why) const;
    std::string url(const std::string& path) const;
    UnixMs hold_link(const HttpResponse& res, UnixMs now);
    void block_until(UnixMs t);
    // A pull failed: note it, and hold the link when the link or server is at fault.
    void pull_failed(const char* kind, const HttpResponse& res, const std::string& why, UnixMs now);
    void note_ok(const char* kind, UnixMs now);
    void note_error(const char* kind, const std::string& message, UnixMs now);

    Store& m_store;
    HttpClient& m_http;
    const ContactBox& m_box;
    AgentConfig m_config;
    std::function<double()> m_random;
    bool m_rating_field = false;  // the portal takes `rating` (the reference portal)
    std::string m_started_form;   // the form of the POST start_try sent last (no key, no contact)
    int m_network_failures = 0;
    bool m_portal_ok = true;      // the portal's last answer was a success (updates: a refusal after it is believed)
    bool m_portal_accepts = false;  // the portal took a report since its last outage (kv agent.portal_accepts)
    std::string m_refused_service;  // the service of the last refused report, "" after a success
    std::map<std::string, int> m_pass_refusals;  // this pass: refusals by service
    std::set<std::string> m_held_services;       // this pass: services refused twice, their reports wait
    std::map<std::string, UnixMs> m_held_until;  // this pass: the earliest retry of a service's refused reports
    UnixMs m_blocked_until = 0;   // no uploads before this (network down, 429/503, bad key)
    UnixMs m_next_pull = 0;
    UnixMs m_next_services = 0;
    UnixMs m_next_public = 0;
    UnixMs m_next_health = 0;
    std::map<std::string, std::string> m_noted;  // the last agent.last_ok.* values written
    std::optional<bool> m_config_error;  // agent.last_error.config is set; read once, then kept here
};

}  // namespace wk::agent
