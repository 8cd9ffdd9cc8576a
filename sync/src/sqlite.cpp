// SQLite owners. Errors become wk::db::Error with a kind the UI can explain.
#include "sync/sqlite.hpp"

#include <sqlite3.h>

#include <cassert>
#include <mutex>

#include "platform/log.hpp"

namespace wk::db {

static ErrorKind kind_of(int rc) {
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return ErrorKind::busy;
    case SQLITE_FULL: return ErrorKind::full;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY: return ErrorKind::io;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return ErrorKind::corrupt;
    case SQLITE_CONSTRAINT: return ErrorKind::constraint;
    default: return ErrorKind::other;
    }
}

void throw_error(sqlite3* db, int rc, std::string_view context) {
    std::string msg(context);
    msg += ": ";
    msg += db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    int ext = db ? sqlite3_extended_errcode(db) : rc;
    throw Error(kind_of(ext), ext, msg);
}

Stmt::Stmt(sqlite3* db, std::string_view sql) : m_db(db) {
    int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &m_stmt, nullptr);
    if (rc != SQLITE_OK) throw_error(db, rc, "prepare");
}

Stmt& Stmt::operator=(Stmt&& o) noexcept {
    if (this != &o) {
        release();
        m_db = o.m_db;
        m_stmt = o.m_stmt;
        m_lent = o.m_lent;
        o.m_stmt = nullptr;
        o.m_lent = nullptr;
    }
    return *this;
}

Stmt::~Stmt() { release(); }

void Stmt::release() {
    if (!m_lent) {
        sqlite3_finalize(m_stmt);
    } else if (m_stmt) {
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
        *m_lent = false;
    }
    m_stmt = nullptr;
    m_lent = nullptr;
}

static void check_bind(sqlite3* db, int rc) {
    if (rc != SQLITE_OK) throw_error(db, rc, "bind");
}

Stmt& Stmt::bind(int i, int64_t v) {
    check_bind(m_db, sqlite3_bind_int64(m_stmt, i, v));
    return *this;
}
Stmt& Stmt::bind(int i, double v) {
    check_bind(m_db, sqlite3_bind_double(m_stmt, i, v));
    return *this;
}
Stmt& Stmt::bind(int i, std::string_view v) {
    check_bind(m_db, sqlite3_bind_text(m_stmt, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
    return *this;
}
Stmt& Stmt::bind_blob(int i, const std::vector<uint8_t>& v) {
    check_bind(m_db, sqlite3_bind_blob(m_stmt, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
    return *this;
}
Stmt& Stmt::bind_null(int i) {
    check_bind(m_db, sqlite3_bind_null(m_stmt, i));
    return *this;
}

bool Stmt::step() {
    int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    sqlite3_reset(m_stmt);
    throw_error(m_db, rc, "step");
}

void Stmt::reset() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

int64_t Stmt::int_at(int col) const { return sqlite3_column_int64(m_stmt, col); }
double Stmt::double_at(int col) const { return sqlite3_column_double(m_stmt, col); }
bool Stmt::is_null(int col) const { return sqlite3_column_type(m_stmt, col) == SQLITE_NULL; }

std::string Stmt::text_at(int col) const {
    auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, col));
    return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(m_stmt, col))) : std::string();
}

std::optional<std::string> Stmt::opt_text_at(int col) const {
    if (is_null(col)) return std::nullopt;
    return text_at(col);
}

std::vector<uint8_t> Stmt::blob_at(int col) const {
    auto* p = static_cast<const uint8_t*>(sqlite3_column_blob(m_stmt, col));
    int n = sqlite3_column_bytes(m_stmt, col);
    return p ? std::vector<uint8_t>(p, p + n) : std::vector<uint8_t>();
}

// Statement journals (the undo record of one statement inside a transaction) stay in
// memory, in small chunks. By default SQLite keeps up to 64 KiB of one in memory and
// allocates that 64 KiB at once: the agent's write of each report's try and outcome,
// whose statements write pages the transaction already wrote, did so for every report,
// and glibc grew and trimmed the heap around it each time (a fifth of the drain's CPU). Set once, before the first connection. Such a
// journal holds the pages one statement changes inside a transaction: a few for every
// statement the store runs; only a migration that rewrote a large table would hold more.
static void configure_sqlite() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, -1) != SQLITE_OK)  // SQLite was started before us
            log::warn("sqlite: statement journals keep SQLite's default spill size");
    });
}

Db::Db(const std::string& path, int busy_timeout_ms) {
    configure_sqlite();
    int rc = sqlite3_open_v2(path.c_str(), &m_db,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        std::string msg = "open " + path;
        sqlite3* db = m_db;
        m_db = nullptr;
        Error e(kind_of(rc), rc, msg + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
        sqlite3_close(db);
        throw e;
    }
    sqlite3_busy_timeout(m_db, busy_timeout_ms);
    sqlite3_extended_result_codes(m_db, 1);
}

Db& Db::operator=(Db&& o) noexcept {
    if (this != &o) {
        close();
        m_db = o.m_db;
        m_cache = std::move(o.m_cache);
        o.m_db = nullptr;
    }
    return *this;
}

Db::~Db() { close(); }

// Every Stmt lent from the cache must be gone by now (statements never outlive their Db).
void Db::close() {
    for (auto& [sql, c] : m_cache) {
        assert(!c.lent && "a statement lent from the cache outlives its connection");
        sqlite3_finalize(c.stmt);
    }
    m_cache.clear();
    sqlite3_close(m_db);
    m_db = nullptr;
}

Stmt Db::cached(std::string_view sql) {
    auto it = m_cache.find(std::string(sql));
    if (it == m_cache.end()) {
        Stmt fresh(m_db, sql);
        it = m_cache.emplace(std::string(sql), Cached{fresh.m_stmt, false}).first;
        fresh.m_stmt = nullptr;
    }
    if (it->second.lent) return prepare(sql);
    it->second.lent = true;
    return Stmt(m_db, it->second.stmt, &it->second.lent);
}

void Db::exec(std::string_view sql) {
    std::string s(sql);
    char* err = nullptr;
    int rc = sqlite3_exec(m_db, s.c_str(), nullptr, nullptr, &err);
    sqlite3_free(err);
    if (rc != SQLITE_OK) throw_error(m_db, rc, "exec");
}

int64_t Db::last_insert_id() const { return sqlite3_last_insert_rowid(m_db); }
int Db::changes() const { return sqlite3_changes(m_db); }

int Db::user_version() {
    Stmt s(m_db, "PRAGMA user_version");
    s.step();
    return static_cast<int>(s.int_at(0));
}

int64_t Db::data_version() {
    Stmt s(m_db, "PRAGMA data_version");
    s.step();
    return s.int_at(0);
}

Transaction::Transaction(Db& db) : m_db(db) { m_db.cached("BEGIN IMMEDIATE").run(); }
Transaction::~Transaction() {
    if (!m_done) sqlite3_exec(m_db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}
// A statement still stepping at COMMIT keeps its read transaction open after it, and
// while one is open the WAL is never checkpointed: it grows without end (the portal's
// did, 17 KB a report). So every statement of the connection is finished first; none
// may be read after its transaction commits.
void Transaction::commit() {
    for (sqlite3_stmt* s = sqlite3_next_stmt(m_db.handle(), nullptr); s; s = sqlite3_next_stmt(m_db.handle(), s))
        if (sqlite3_stmt_busy(s)) sqlite3_reset(s);
    m_db.cached("COMMIT").run();
    m_done = true;
}

static void check_not_newer(int v, size_t known) {
    if (v > static_cast<int>(known))
        throw Error(ErrorKind::other, 0,
                    "the store's schema version " + std::to_string(v) + " is newer than this program knows");
}

void migrate(Db& db, const std::vector<std::string_view>& migrations) {
    int v = db.user_version();
    check_not_newer(v, migrations.size());
    while (static_cast<size_t>(v) < migrations.size()) {
        Transaction t(db);
        // Read again under the write lock: another process opening the same file may
        // have applied this step while we waited for the lock.
        v = db.user_version();
        check_not_newer(v, migrations.size());
        if (static_cast<size_t>(v) == migrations.size()) break;
        db.exec(migrations[static_cast<size_t>(v)]);
        db.exec("PRAGMA user_version = " + std::to_string(v + 1));
        t.commit();
        ++v;
    }
}

}  // namespace wk::db
