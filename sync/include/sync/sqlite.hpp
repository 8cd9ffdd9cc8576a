// Move-only owners of sqlite3* and sqlite3_stmt*, and the one exception type the
// store throws. Every other file reaches SQLite through these; nobody finalizes by hand.
#pragma once
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace wk::db {

// What went wrong, in the terms a caller acts on.
enum class ErrorKind { busy, full, io, corrupt, constraint, other };

class Error : public std::runtime_error {
  public:
    Error(ErrorKind kind, int code, const std::string& what) : std::runtime_error(what), kind(kind), code(code) {}
    ErrorKind kind;
    int code;  // the SQLite extended result code
};

class Stmt {
  public:
    Stmt() = default;
    Stmt(sqlite3* db, std::string_view sql);
    Stmt(Stmt&& o) noexcept : m_db(o.m_db), m_stmt(o.m_stmt), m_lent(o.m_lent) {
        o.m_stmt = nullptr;
        o.m_lent = nullptr;
    }
    Stmt& operator=(Stmt&& o) noexcept;
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;
    ~Stmt();

    Stmt& bind(int i, int64_t v);
    Stmt& bind(int i, int v) { return bind(i, static_cast<int64_t>(v)); }
    Stmt& bind(int i, double v);
    Stmt& bind(int i, std::string_view v);
    Stmt& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
    Stmt& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
    Stmt& bind_blob(int i, const std::vector<uint8_t>& v);
    Stmt& bind_null(int i);
    Stmt& bind_opt(int i, const std::optional<std::string>& v) { return v ? bind(i, *v) : bind_null(i); }

    bool step();   // true while a row is ready; throws Error on failure
    void run() { while (step()) {} }  // step to completion
    void reset();  // ready to bind and run again

    int64_t int_at(int col) const;
    double double_at(int col) const;
    std::string text_at(int col) const;
    std::optional<std::string> opt_text_at(int col) const;
    std::vector<uint8_t> blob_at(int col) const;
    bool is_null(int col) const;

  private:
    friend class Db;
    Stmt(sqlite3* db, sqlite3_stmt* lent, bool* lent_flag) : m_db(db), m_stmt(lent), m_lent(lent_flag) {}
    void release();  // finalizes an owned statement; resets and gives back a lent one
    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_stmt = nullptr;
    bool* m_lent = nullptr;  // set: the statement belongs to Db's cache, and this flag says it is out
};

class Db {
  public:
    Db() = default;
    // Opens (creating if needed). Throws Error.
    explicit Db(const std::string& path, int busy_timeout_ms = 5000);
    Db(Db&& o) noexcept : m_db(o.m_db), m_cache(std::move(o.m_cache)) { o.m_db = nullptr; }
    Db& operator=(Db&& o) noexcept;
    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;
    ~Db();

    sqlite3* handle() const { return m_db; }
    void exec(std::string_view sql);  // one or more statements, no results
    Stmt prepare(std::string_view sql) { return Stmt(m_db, sql); }
    // The same, compiled once per connection and lent out: for the statements a busy
    // loop runs for every report (the agent's drain prepared ~8 a report, a fifth of
    // its CPU). Only for literal SQL text: each distinct text stays cached until close.
    // A text already lent out (a nested use) gets a fresh statement.
    Stmt cached(std::string_view sql);
    int64_t last_insert_id() const;
    int changes() const;
    int user_version();
    int64_t data_version();  // changes when another connection commits

  private:
    struct Cached {
        sqlite3_stmt* stmt = nullptr;
        bool lent = false;
    };
    void close();
    sqlite3* m_db = nullptr;
    // Node-based, so a Cached's address (the lent flag) stays put as the map grows.
    std::unordered_map<std::string, Cached> m_cache;
};

// Runs BEGIN IMMEDIATE on construction; rolls back unless commit() was called.
class Transaction {
  public:
    explicit Transaction(Db& db);
    ~Transaction();
    void commit();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

  private:
    Db& m_db;
    bool m_done = false;
};

// Applies `migrations[i]` for every i >= PRAGMA user_version, each in its own
// transaction, and sets user_version = i + 1. Throws Error.
void migrate(Db& db, const std::vector<std::string_view>& migrations);

[[noreturn]] void throw_error(sqlite3* db, int rc, std::string_view context);

}  // namespace wk::db
