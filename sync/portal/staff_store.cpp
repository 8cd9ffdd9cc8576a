// Staff store implementation.
// [SECTION] schema  [SECTION] helpers  [SECTION] officers  [SECTION] login and sessions
// [SECTION] agencies  [SECTION] cases (reads of the portal's tables)  [SECTION] audit
#include "staff_store.hpp"

#include <sodium.h>

#include <stdexcept>

namespace wk::portal {

// [SECTION] schema: one entry a version, applied in order; never edit a released entry.
// The version lives in staff_meta so that it cannot collide with PortalStore's
// PRAGMA user_version on the same file.
static const std::vector<std::string_view> kStaffMigrations = {
    R"sql(
CREATE TABLE staff_users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  agency TEXT NOT NULL DEFAULT '',      -- '' : province dispatcher
  password_hash TEXT NOT NULL,          -- crypto_pwhash_str (argon2id)
  created_at INTEGER NOT NULL
);
CREATE TABLE staff_sessions (
  token_hash TEXT PRIMARY KEY,          -- sha256 of the cookie token; the token is never stored
  user_id INTEGER NOT NULL REFERENCES staff_users (id),
  created_at INTEGER NOT NULL,
  last_used_at INTEGER NOT NULL
);
CREATE TABLE staff_login_failures (
  username_hash TEXT PRIMARY KEY,       -- sha256 of the name as typed (it may be a mistyped password)
  failures INTEGER NOT NULL,
  last_failed_at INTEGER NOT NULL,
  locked_until INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE staff_agencies (name TEXT PRIMARY KEY, sort INTEGER NOT NULL);
INSERT INTO staff_agencies (name, sort) VALUES
  ('Công an phường', 1), ('Công ty Môi trường đô thị', 2), ('Công ty Điện lực', 3),
  ('Công ty Cấp nước', 4), ('Phòng Quản lý đô thị', 5), ('Trung tâm Y tế', 6), ('Phòng Giáo dục', 7);
CREATE TABLE staff_audit (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  username TEXT NOT NULL,
  action TEXT NOT NULL,
  service_request_id TEXT NOT NULL DEFAULT '',
  old_value TEXT NOT NULL DEFAULT '',
  new_value TEXT NOT NULL DEFAULT '',
  update_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX staff_audit_request ON staff_audit (service_request_id);
)sql",
    R"sql(
DROP TABLE staff_login_failures;
CREATE TABLE staff_login_throttle (     -- login_throttle.hpp
  key TEXT PRIMARY KEY,                 -- pair:NAMEHASH@ADDRESS, addr:ADDRESS, name:NAMEHASH
  failures INTEGER NOT NULL,
  window_start INTEGER NOT NULL,
  locked_until INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
)sql",
};

static int staff_version(db::Db& d) {
    db::Stmt s = d.prepare("SELECT value FROM staff_meta WHERE key = 'staff_schema'");
    return s.step() ? static_cast<int>(s.int_at(0)) : 0;
}

// Like db::migrate, but keyed on staff_meta; re-reads the version under the write lock.
static void migrate_staff(db::Db& d) {
    d.exec("CREATE TABLE IF NOT EXISTS staff_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)");
    for (;;) {
        db::Transaction tx(d);
        int v = staff_version(d);
        if (v > static_cast<int>(kStaffMigrations.size()))
            throw db::Error(db::ErrorKind::other, 0, "the staff schema is newer than this program knows");
        if (v == static_cast<int>(kStaffMigrations.size())) return;
        d.exec(kStaffMigrations[static_cast<size_t>(v)]);
        db::Stmt set = d.prepare("INSERT OR REPLACE INTO staff_meta (key, value) VALUES ('staff_schema', ?)");
        set.bind(1, v + 1).run();
        tx.commit();
    }
}

// [SECTION] helpers
static std::string to_hex(const unsigned char* p, size_t n) {
    std::string out(n * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), p, n);
    out.resize(n * 2);
    return out;
}

std::string session_token_hash(std::string_view token) {
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(d, reinterpret_cast<const unsigned char*>(token.data()), token.size());
    return to_hex(d, sizeof d);
}

// The CSRF token is derived from the session token, so it is never stored and a copy
// of the database (which holds only sha256(token)) cannot forge it.
static std::string csrf_for(std::string_view token) {
    static const unsigned char kContext[] = "wardkiosk staff csrf v1";
    unsigned char d[32];
    crypto_generichash(d, sizeof d, reinterpret_cast<const unsigned char*>(token.data()), token.size(),
                       kContext, sizeof kContext);
    return to_hex(d, sizeof d);
}

static bool valid_username(std::string_view u) {
    if (u.empty() || u.size() > 64) return false;
    for (char c : u)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
            return false;
    return true;
}

// [SECTION] officers
StaffStore::StaffStore(const std::string& path) : m_db(path) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialized");
    m_db.exec("PRAGMA journal_mode = WAL");
    m_db.exec("PRAGMA synchronous = FULL");
    migrate_staff(m_db);
}

AddUserOutcome StaffStore::add_user(const StaffUser& u, std::string_view password, UnixMs now) {
    if (!valid_username(u.username) || u.display_name.empty() || u.display_name.size() > 200 ||
        u.agency.size() > 200 || password.size() < 8 || password.size() > 1024)
        return AddUserOutcome::invalid;
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        throw std::runtime_error("out of memory while hashing a password");
    std::lock_guard lock(m_mutex);
    db::Transaction tx(m_db);
    db::Stmt seen = m_db.prepare("SELECT 1 FROM staff_users WHERE username = ?");
    seen.bind(1, u.username);
    if (seen.step()) return AddUserOutcome::exists;
    db::Stmt ins = m_db.prepare("INSERT INTO staff_users (username, display_name, agency, password_hash, "
                                "created_at) VALUES (?,?,?,?,?)");
    ins.bind(1, u.username).bind(2, u.display_name).bind(3, u.agency).bind(4, std::string_view(hash));
    ins.bind(5, now).run();
    tx.commit();
    return AddUserOutcome::added;
}

std::vector<StaffUser> StaffStore::users() {
    std::lock_guard lock(m_mutex);
    db::Stmt s = m_db.prepare("SELECT id, username, display_name, agency FROM staff_users ORDER BY username");
    std::vector<StaffUser> out;
    while (s.step())
        out.push_back({s.int_at(0), s.text_at(1), s.text_at(2), s.text_at(3)});
    return out;
}

// [SECTION] login and sessions
LoginResult StaffStore::login(std::string_view username, std::string_view password, const std::string& address,
                              UnixMs now) {
    std::string hash;
    int64_t user_id = 0;
    {
        std::lock_guard lock(m_mutex);
        Admission a = m_throttle.admit(username, address, now);
        if (a.refused != Throttle::none)
            return {LoginOutcome::throttled, {}, known_user(username), a.refused, a.retry_after_ms};
        db::Stmt s = m_db.prepare("SELECT id, password_hash FROM staff_users WHERE username = ?");
        s.bind(1, username);
        if (s.step()) user_id = s.int_at(0), hash = s.text_at(1);
    }
    // An unknown user costs the same hashing work, so timing does not tell who exists.
    static const std::string kDummy = [] {
        char h[crypto_pwhash_STRBYTES];
        if (crypto_pwhash_str(h, "x", 1, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
            throw std::runtime_error("out of memory while hashing a password");
        return std::string(h);
    }();
    bool ok = crypto_pwhash_str_verify(hash.empty() ? kDummy.c_str() : hash.c_str(), password.data(),
                                       password.size()) == 0 &&
              user_id != 0;
    std::lock_guard lock(m_mutex);
    m_throttle.finish(username, address, ok, now);
    if (!ok) return {LoginOutcome::wrong, {}, user_id != 0};
    return {LoginOutcome::ok, open_session(user_id, now), true};
}

bool StaffStore::known_user(std::string_view username) {
    db::Stmt s = m_db.prepare("SELECT 1 FROM staff_users WHERE username = ?");
    s.bind(1, username);
    return s.step();
}

std::string StaffStore::open_session(int64_t user_id, UnixMs now) {
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    std::string token = to_hex(raw, sizeof raw);
    sodium_memzero(raw, sizeof raw);
    db::Stmt old = m_db.prepare("DELETE FROM staff_sessions WHERE last_used_at < ? OR created_at < ?");
    old.bind(1, now - kSessionIdleMs).bind(2, now - kSessionMaxMs).run();
    db::Stmt ins = m_db.prepare(
        "INSERT INTO staff_sessions (token_hash, user_id, created_at, last_used_at) VALUES (?,?,?,?)");
    ins.bind(1, session_token_hash(token)).bind(2, user_id).bind(3, now).bind(4, now).run();
    return token;
}

std::optional<StaffSession> StaffStore::session(std::string_view token, UnixMs now) {
    if (token.size() != 64) return std::nullopt;
    std::string key = session_token_hash(token);
    std::lock_guard lock(m_mutex);
    db::Stmt s =
        m_db.prepare("SELECT u.id, u.username, u.display_name, u.agency, s.created_at, s.last_used_at"
                     " FROM staff_sessions s JOIN staff_users u ON u.id = s.user_id WHERE s.token_hash = ?");
    s.bind(1, key);
    if (!s.step()) return std::nullopt;
    StaffSession out{{s.int_at(0), s.text_at(1), s.text_at(2), s.text_at(3)}, csrf_for(token)};
    bool live = now - s.int_at(5) <= kSessionIdleMs && now - s.int_at(4) <= kSessionMaxMs;
    db::Stmt touch =
        m_db.prepare(live ? "UPDATE staff_sessions SET last_used_at = ?2 WHERE token_hash = ?1"
                          : "DELETE FROM staff_sessions WHERE token_hash = ?1 AND ?2 IS NOT NULL");
    touch.bind(1, key).bind(2, now).run();
    if (!live) return std::nullopt;
    return out;
}

void StaffStore::logout(std::string_view token) {
    std::lock_guard lock(m_mutex);
    db::Stmt s = m_db.prepare("DELETE FROM staff_sessions WHERE token_hash = ?");
    s.bind(1, session_token_hash(token)).run();
}

// [SECTION] agencies
std::vector<std::string> StaffStore::agencies() {
    std::lock_guard lock(m_mutex);
    db::Stmt s = m_db.prepare("SELECT name FROM staff_agencies ORDER BY sort, name");
    std::vector<std::string> out;
    while (s.step())
        out.push_back(s.text_at(0));
    return out;
}

bool StaffStore::known_agency(std::string_view name) {
    std::lock_guard lock(m_mutex);
    db::Stmt s = m_db.prepare("SELECT 1 FROM staff_agencies WHERE name = ?");
    s.bind(1, name);
    return s.step();
}

// [SECTION] cases: reads of PortalStore's tables (requests, services, updates, contacts).
// Each optional filter is "(? = '' OR ...)", so one statement serves every combination.
static const char* const kCaseWhere =
    " WHERE (?1 = '' OR r.service_code = ?1) AND (?2 = '' OR instr(r.address, ?2) > 0)"
    " AND (?3 = '' OR r.agency_responsible = ?3)";

CasePage StaffStore::cases(const CaseFilter& f) {
    std::lock_guard lock(m_mutex);
    CasePage out;
    db::Stmt counts = m_db.prepare(std::string("SELECT r.status, COUNT(*) FROM requests r") + kCaseWhere +
                                   " GROUP BY r.status");
    counts.bind(1, f.service_code).bind(2, f.ward).bind(3, f.agency);
    while (counts.step())
        out.status_counts[counts.text_at(0)] = counts.int_at(1);
    db::Stmt s = m_db.prepare(
        std::string("SELECT r.service_request_id, r.service_code, COALESCE(v.name, ''), r.status, r.address,"
                    " r.agency_responsible, r.requested_at, r.updated_at, r.expected_at"
                    " FROM requests r LEFT JOIN services v ON v.code = r.service_code") +
        kCaseWhere +
        " AND (?4 = '' OR r.status = ?4) ORDER BY r.requested_at DESC, r.id DESC LIMIT ?5 OFFSET ?6");
    s.bind(1, f.service_code).bind(2, f.ward).bind(3, f.agency).bind(4, f.status);
    s.bind(5, kStaffPageSize + 1).bind(6, static_cast<int64_t>(f.page) * kStaffPageSize);
    while (s.step()) {
        out.rows.push_back({s.text_at(0), s.text_at(1), s.text_at(2), s.text_at(3), s.text_at(4),
                            s.text_at(5), s.int_at(6), s.int_at(7)});
        if (!s.is_null(8)) out.rows.back().expected = s.int_at(8);
    }
    out.has_next = out.rows.size() > static_cast<size_t>(kStaffPageSize);
    if (out.has_next) out.rows.pop_back();
    return out;
}

// The first officer update with a note to the citizen, or one that ended the case
// (fixed, closed, ...); a kiosk's withdrawal answers nobody.
std::vector<CaseFact> StaffStore::case_facts(UnixMs from, UnixMs to, const std::string& agency) {
    std::lock_guard lock(m_mutex);
    db::Stmt s = m_db.prepare(
        "SELECT COALESCE(v.name, r.service_code), r.agency_responsible, r.address, r.status, r.requested_at,"
        " r.expected_at, (SELECT MIN(u.updated_at) FROM updates u WHERE u.request_id = r.id AND u.from_kiosk = 0"
        " AND (u.description != '' OR u.status IN ('fixed', 'closed', 'duplicate', 'not_councils_responsibility',"
        " 'no_further_action', 'cancelled')))"
        " FROM requests r LEFT JOIN services v ON v.code = r.service_code"
        " WHERE r.requested_at >= ?1 AND r.requested_at < ?2 AND (?3 = '' OR r.agency_responsible = ?3)");
    s.bind(1, from).bind(2, to).bind(3, agency);
    std::vector<CaseFact> out;
    while (s.step()) {
        CaseFact f{s.text_at(0), s.text_at(1), s.text_at(2), s.text_at(3), s.int_at(4), std::nullopt, std::nullopt};
        if (!s.is_null(5)) f.expected = s.int_at(5);
        if (!s.is_null(6)) f.answered = s.int_at(6);
        out.push_back(std::move(f));
    }
    return out;
}

std::vector<HistoryEntry> StaffStore::history(std::string_view service_request_id) {
    std::lock_guard lock(m_mutex);
    db::Stmt s =
        m_db.prepare("SELECT u.update_id, u.status, u.description, u.agency_responsible, u.updated_at"
                     " FROM updates u JOIN requests r ON r.id = u.request_id WHERE r.service_request_id = ?"
                     " ORDER BY u.updated_at, u.id");
    s.bind(1, service_request_id);
    std::vector<HistoryEntry> out;
    while (s.step())
        out.push_back({s.text_at(0), s.text_at(1), s.text_at(2), s.text_at(3), s.int_at(4)});
    return out;
}

std::optional<Contact> StaffStore::contact(std::string_view service_request_id) {
    std::lock_guard lock(m_mutex);
    db::Stmt s = m_db.prepare("SELECT c.first_name, c.last_name, c.phone, c.email FROM contacts c"
                              " JOIN requests r ON r.id = c.request_id WHERE r.service_request_id = ?");
    s.bind(1, service_request_id);
    if (!s.step()) return std::nullopt;
    return Contact{s.text_at(0), s.text_at(1), s.text_at(2), s.text_at(3)};
}

// [SECTION] audit
void StaffStore::audit(const AuditEntry& e) {
    std::lock_guard lock(m_mutex);
    db::Stmt s = m_db.prepare(
        "INSERT INTO staff_audit (at, username, action, service_request_id, old_value, new_value, update_id)"
        " VALUES (?,?,?,?,?,?,?)");
    s.bind(1, e.at).bind(2, e.username).bind(3, e.action).bind(4, e.service_request_id);
    s.bind(5, e.old_value).bind(6, e.new_value).bind(7, e.update_id).run();
}

std::vector<AuditEntry> StaffStore::audit_log(std::string_view service_request_id, int limit, int offset) {
    std::lock_guard lock(m_mutex);
    db::Stmt s = m_db.prepare(
        "SELECT at, username, action, service_request_id, old_value, new_value, update_id FROM staff_audit"
        " WHERE (?1 = '' OR service_request_id = ?1) ORDER BY at DESC, id DESC LIMIT ?2 OFFSET ?3");
    s.bind(1, service_request_id).bind(2, limit).bind(3, offset);
    std::vector<AuditEntry> out;
    while (s.step())
        out.push_back({s.int_at(0), s.text_at(1), s.text_at(2), s.text_at(3), s.text_at(4), s.text_at(5),
                       s.text_at(6)});
    return out;
}

} // namespace wk::portal
