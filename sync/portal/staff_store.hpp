// The staff side of the portal database: officers and their argon2id password hashes,
// login sessions (only a hash of each token is stored), failed-login throttling, the
// agency list, the audit log, and the staff-only reads of the portal's own tables
// (the case list with filters, a case's history, the reporter's contact).
// It owns the staff_* tables and their migrations (schema version in staff_meta, not
// PRAGMA user_version, which PortalStore owns); it never writes the portal's tables:
// changes to a case go through PortalStore::add_update. No HTTP, no HTML; time passed in.
// Thread-safe: its own connection to the same SQLite file (WAL), one mutex.
#pragma once
#include <cstdint>
#include <cstdio>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "login_throttle.hpp"
#include "portal_stats.hpp"
#include "platform/clock.hpp"
#include "sync/sqlite.hpp"

namespace wk::portal {

constexpr UnixMs kSessionIdleMs = 30LL * 60 * 1000;  // unused this long: logged out
constexpr UnixMs kSessionMaxMs = 12LL * 3600 * 1000; // and never longer than this
constexpr int kStaffPageSize = 50;

struct StaffUser {
    int64_t id = 0;
    std::string username, display_name;
    std::string agency; // empty: a province dispatcher, who sees every case
};

struct StaffSession {
    StaffUser user;
    std::string csrf; // the token every POST form of this session must carry
};

enum class LoginOutcome { ok, wrong, throttled };

struct LoginResult {
    LoginOutcome outcome = LoginOutcome::wrong;
    std::string token;       // set when ok: 64 hex characters, for the cookie only
    bool known_user = false; // the name is an officer's (so the audit may name it)
    Throttle throttle = Throttle::none;  // when throttled: which limit
    UnixMs retry_after_ms = 0;           // when throttled: how long until it may be tried
};

enum class AddUserOutcome { added, exists, invalid };

// The case list's filters; empty fields do not filter.
struct CaseFilter {
    std::string status, service_code, ward, agency;
    int page = 0; // 0-based, kStaffPageSize a page
};

struct CaseRow {
    std::string service_request_id, service_code, service_name, status, address, agency;
    UnixMs requested = 0, updated = 0;
    std::optional<UnixMs> expected;  // the officers' expected date, when set
};

struct CasePage {
    std::vector<CaseRow> rows;
    bool has_next = false;
    std::map<std::string, int64_t> status_counts; // under the filter's other fields
};

struct Contact {
    std::string first_name, last_name, phone, email;
};

struct HistoryEntry {
    std::string update_id, status, description, agency;
    UnixMs at = 0;
};

struct AuditEntry {
    UnixMs at = 0;
    std::string username;
    std::string action; // login, login_refused, logout, forward, status, answer, expected,
                        // receipt_collision (username: the sending kiosk; new_value: the code),
                        // approve_media (new_value: the photo's name)
    std::string service_request_id, old_value, new_value, update_id;
};

// sha256(token) as hex: what the sessions table keeps instead of the token.
std::string session_token_hash(std::string_view token);

class StaffStore {
  public:
    // Opens the portal database at `path` and applies the staff migrations. Throws db::Error.
    explicit StaffStore(const std::string& path);

    // Hashes `password` (argon2id) and stores the officer. invalid: empty or too long
    // fields, a username outside [a-z0-9._-], a password shorter than 8 bytes.
    AddUserOutcome add_user(const StaffUser& u, std::string_view password, UnixMs now);
    std::vector<StaffUser> users();

    // Checks the password of an attempt from client `address` unless LoginThrottle
    // refuses it (known or unknown usernames alike); ok opens a session.
    LoginResult login(std::string_view username, std::string_view password, const std::string& address, UnixMs now);
    // The live session for a cookie token, its idle timer restarted; nullopt (and the
    // row deleted) once idle or too old.
    std::optional<StaffSession> session(std::string_view token, UnixMs now);
    void logout(std::string_view token);

    std::vector<std::string> agencies();
    bool known_agency(std::string_view name);

    CasePage cases(const CaseFilter& f);
    // Every case filed in [from, to), with when it was first answered (portal_stats.hpp);
    // only `agency`'s cases when it is not empty.
    std::vector<CaseFact> case_facts(UnixMs from, UnixMs to, const std::string& agency);
    std::vector<HistoryEntry> history(std::string_view service_request_id);
    // Personal data: only the staff request page calls this.
    std::optional<Contact> contact(std::string_view service_request_id);

    void audit(const AuditEntry& e);
    // Newest first; `service_request_id` empty: every entry.
    std::vector<AuditEntry> audit_log(std::string_view service_request_id, int limit, int offset);

  private:
    bool known_user(std::string_view username);
    std::string open_session(int64_t user_id, UnixMs now);

    std::mutex m_mutex;
    db::Db m_db;
    LoginThrottle m_throttle{m_db};
};

// The `wardkiosk-portal staff add|list` subcommand (staff_cli.cpp): argv starts at
// "staff"; the password is read from `password_in`. Returns the exit code.
int staff_command(int argc, char** argv, std::FILE* password_in);

} // namespace wk::portal
