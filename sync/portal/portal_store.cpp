// Portal store implementation.
// [SECTION] schema  [SECTION] helpers  [SECTION] open
// [SECTION] requests: create  [SECTION] requests: read
// Status updates are in portal_updates.cpp.
// Services and their attributes are in portal_services.cpp; receipt codes (who filed a
// case, contested codes, the lookup by code) in portal_receipts.cpp.
#include "portal_store.hpp"

#include <sodium.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <set>
#include <stdexcept>

#include "sync/receipt_code.hpp"

namespace wk::portal {
using open311::ServiceRequest;

// [SECTION] schema: one entry a version; never edit a released entry, append a new one.
static const std::vector<std::string_view> kMigrations = {
    R"sql(
CREATE TABLE services (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  grp TEXT NOT NULL DEFAULT '',
  type TEXT NOT NULL DEFAULT 'realtime' CHECK (type IN ('realtime', 'batch', 'blackbox')),
  metadata INTEGER NOT NULL DEFAULT 0,
  sort INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE requests (
  id INTEGER PRIMARY KEY,                -- the sequence in service_request_id
  service_request_id TEXT NOT NULL UNIQUE,
  service_code TEXT NOT NULL REFERENCES services (code),
  description TEXT NOT NULL,
  address TEXT NOT NULL DEFAULT '',
  lat REAL,
  lon REAL,
  device_id TEXT NOT NULL DEFAULT '',
  idempotency_key TEXT UNIQUE,           -- NULL when the client sent none
  lookup_code TEXT,                      -- the key as a canonical receipt code, if it is one
  payload_hash TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open',
  status_notes TEXT NOT NULL DEFAULT '',
  agency_responsible TEXT NOT NULL DEFAULT '',
  requested_at INTEGER NOT NULL,         -- Unix ms, server clock
  updated_at INTEGER NOT NULL,
  expected_at INTEGER
);
CREATE INDEX requests_requested ON requests (requested_at);
CREATE INDEX requests_lookup ON requests (lookup_code) WHERE lookup_code IS NOT NULL;
-- Personal data: written on create, never read by any GET.
CREATE TABLE contacts (
  request_id INTEGER PRIMARY KEY REFERENCES requests (id),
  first_name TEXT NOT NULL DEFAULT '',
  last_name TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT ''
);
CREATE TABLE attributes (
  request_id INTEGER NOT NULL REFERENCES requests (id),
  code TEXT NOT NULL,
  value TEXT NOT NULL
);
CREATE INDEX attributes_request ON attributes (request_id);
CREATE TABLE updates (
  id INTEGER PRIMARY KEY,
  update_id TEXT NOT NULL UNIQUE,
  request_id INTEGER NOT NULL REFERENCES requests (id),
  status TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  agency_responsible TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL,
  media_url TEXT NOT NULL DEFAULT ''
);
CREATE INDEX updates_time ON updates (updated_at);
)sql",
    R"sql(
-- The questions a service asks (GET /services/{code}); values: JSON [[key, name], ...].
CREATE TABLE service_attributes (
  service_code TEXT NOT NULL REFERENCES services (code),
  code TEXT NOT NULL,
  variable INTEGER NOT NULL DEFAULT 1,
  datatype TEXT NOT NULL DEFAULT 'string'
    CHECK (datatype IN ('string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist')),
  required INTEGER NOT NULL DEFAULT 0,
  datatype_description TEXT NOT NULL DEFAULT '',
  sort INTEGER NOT NULL DEFAULT 0,
  description TEXT NOT NULL DEFAULT '',
  value_list TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (service_code, code)
);
-- A batch service's answer to POST /requests; GET /tokens/{token} reveals the id.
CREATE TABLE tokens (
  token TEXT PRIMARY KEY,
  request_id INTEGER NOT NULL UNIQUE REFERENCES requests (id),
  created_at INTEGER NOT NULL
);
)sql",
    R"sql(
-- Citizens' ratings of the answer (POST /servicerequestupdates with rating=); they change no status.
CREATE TABLE ratings (
  id INTEGER PRIMARY KEY,
  update_id TEXT NOT NULL UNIQUE,
  request_id INTEGER NOT NULL REFERENCES requests (id),
  rating TEXT NOT NULL CHECK (rating IN ('satisfied', 'not_satisfied')),
  comment TEXT NOT NULL DEFAULT '',
  received_at INTEGER NOT NULL
);
CREATE INDEX ratings_request ON ratings (request_id, id);
-- The latest health report of each kiosk (POST /wardkiosk/v1/health.json).
CREATE TABLE kiosk_health (
  kiosk_id TEXT PRIMARY KEY,
  version TEXT NOT NULL DEFAULT '',
  queue_depth INTEGER NOT NULL DEFAULT 0,
  oldest_pending_s INTEGER NOT NULL DEFAULT 0,
  last_sync TEXT NOT NULL DEFAULT '',
  printer TEXT NOT NULL DEFAULT '',
  received_at INTEGER NOT NULL
);
)sql",
    R"sql(
-- Issue 19. The kiosk whose own key filed a request ([server] kiosk_keys); NULL: a plain
-- api_keys client, or filed before kiosk keys.
ALTER TABLE requests ADD COLUMN kiosk_id INTEGER;
-- A receipt code that came back with a different report: the code stays with the case
-- that holds it; the refused report is summarized here (never its contact) for the
-- officers, once a payload. A code in this table is contested: no lookup shows it.
CREATE TABLE receipt_collisions (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL,                    -- canonical receipt code
  request_id INTEGER NOT NULL REFERENCES requests (id),  -- the holder
  payload_hash TEXT NOT NULL,            -- the refused report's (payload_hash())
  kiosk_id INTEGER,                      -- whose key sent it; NULL: a plain api_keys client
  service_code TEXT NOT NULL,
  description TEXT NOT NULL,
  address TEXT NOT NULL DEFAULT '',
  device_id TEXT NOT NULL DEFAULT '',
  first_seen_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 1,
  UNIQUE (code, payload_hash)
);
CREATE INDEX receipt_collisions_request ON receipt_collisions (request_id);
-- The kiosk's clock against the portal's as its agent last learnt it (portal minus kiosk,
-- seconds); NULL: not reported.
ALTER TABLE kiosk_health ADD COLUMN clock_offset_s INTEGER;
)sql",
    R"sql(
-- Issue 14: what other Open311 clients send. address_id: a location in their own
-- register; media_url: a photo they host. media: a photo sent as the multipart media
-- part, re-encoded (photo.hpp); public only once an officer approved it.
ALTER TABLE requests ADD COLUMN address_id TEXT NOT NULL DEFAULT '';
ALTER TABLE requests ADD COLUMN media_url TEXT NOT NULL DEFAULT '';
CREATE TABLE media (
  id INTEGER PRIMARY KEY,
  request_id INTEGER NOT NULL REFERENCES requests (id),
  name TEXT NOT NULL UNIQUE,
  jpeg BLOB NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  approved_at INTEGER,
  approved_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX media_request ON media (request_id);
)sql",
    R"sql(
-- A kiosk's own update (a withdrawal), told apart from the officers' for the figures:
-- it answers nobody.
ALTER TABLE updates ADD COLUMN from_kiosk INTEGER NOT NULL DEFAULT 0;
)sql",
    R"sql(
-- Issue 17: GET /requests filters by status and service_code, newest first, each value
-- an ordered range of its own (PortalStore::requests).
CREATE INDEX requests_status ON requests (status, requested_at);
CREATE INDEX requests_service ON requests (service_code, requested_at);
CREATE INDEX requests_service_status ON requests (service_code, status, requested_at);
)sql",
    R"sql(
-- Issue 16: photos a citizen sends from their phone under a receipt code
-- (portal_media.cpp). They wait here until the report arrives, then join its
-- media (from_phone = 1); they are removed after 30 days if it never does.
CREATE TABLE waiting_media (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL,
  name TEXT NOT NULL UNIQUE,
  jpeg BLOB NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  received_at INTEGER NOT NULL
);
CREATE INDEX waiting_media_code ON waiting_media (code, received_at);
CREATE INDEX waiting_media_age ON waiting_media (received_at);
ALTER TABLE media ADD COLUMN from_phone INTEGER NOT NULL DEFAULT 0;
)sql",
};

// [SECTION] helpers
static std::string hex(const unsigned char* p, size_t n) {
    std::string out(n * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), p, n);
    out.resize(n * 2);
    return out;
}

static std::string fixed7(const std::optional<double>& v) {
    if (!v) return {};
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.7f", *v);
    return buf;
}

std::string payload_hash(const NewRequest& r) {
    std::string data;
    auto add = [&](const std::string& f) {
        data += std::to_string(f.size());  // length-prefixed, so no two field splits collide
        data += ':';
        data += f;
    };
    for (const std::string& f : {r.service_code, r.description, r.address, fixed7(r.lat), fixed7(r.lon)}) add(f);
    // Appended only when given, so that the hashes of reports stored before stay the same.
    if (!r.address_id.empty() || !r.media_url.empty()) add("id:" + r.address_id), add("url:" + r.media_url);
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
    return hex(digest, sizeof digest);
}

std::string lookup_code(std::string_view code) {
    receipt::Parsed p = receipt::parse(code);
    return p.error == receipt::ParseError::none ? p.code : std::string();
}

// The year in Vietnam (UTC+7), for service_request_id.
static std::string local_year(UnixMs now) { return open311::iso8601(now + 7 * 3600 * 1000LL).substr(0, 4); }

std::string make_update_id() {
    unsigned char bytes[8];
    randombytes_buf(bytes, sizeof bytes);
    return "UPD-" + hex(bytes, sizeof bytes);
}

static UnixMs column_ms(const db::Stmt& s, int col) { return s.is_null(col) ? 0 : s.int_at(col); }

// [SECTION] open
PortalStore::PortalStore(const std::string& path) : m_db(path) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialized");
    m_db.exec("PRAGMA journal_mode = WAL");
    m_db.exec("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON");
    db::migrate(m_db, kMigrations);
}

// [SECTION] requests: create
CreateResult PortalStore::create_request(const NewRequest& r, UnixMs now, std::string_view prefix) {
    std::lock_guard lock(m_mutex);
    std::string hash = payload_hash(r);
    db::Transaction tx(m_db);  // rolls back on any exception below: nothing half-written
    if (auto earlier = replay(r, hash, now)) {
        if (earlier->outcome == CreateOutcome::receipt_collision) tx.commit();  // the record, nothing filed
        return *earlier;
    }
    bool batch = false;
    {  // finished before the commit: a statement still stepping at COMMIT keeps a read
       // transaction open, and the WAL then never checkpoints (it grew 17 KB a report)
        db::Stmt svc = m_db.prepare("SELECT type FROM services WHERE code = ?");
        svc.bind(1, r.service_code);
        if (!svc.step()) return {CreateOutcome::unknown_service, {}};
        batch = svc.text_at(0) == "batch";
    }
    std::string id = insert_request(r, hash, now, prefix);
    std::string token = batch ? insert_token(id, now) : std::string();
    tx.commit();
    return {CreateOutcome::created, id, token};
}

// 128 random bits: a token is the only secret between a POST and its case number.
std::string PortalStore::insert_token(const std::string& service_request_id, UnixMs now) {
    unsigned char bytes[16];
    randombytes_buf(bytes, sizeof bytes);
    std::string token = hex(bytes, sizeof bytes);
    db::Stmt ins = m_db.prepare(
        "INSERT INTO tokens (token, request_id, created_at)"
        " SELECT ?, id, ? FROM requests WHERE service_request_id = ?");
    ins.bind(1, token).bind(2, now).bind(3, service_request_id).run();
    return token;
}

std::optional<TokenState> PortalStore::token(std::string_view token) {
    std::lock_guard lock(m_mutex);
    db::Stmt s = m_db.prepare(
        "SELECT r.service_request_id, t.created_at FROM tokens t JOIN requests r ON r.id = t.request_id"
        " WHERE t.token = ?");
    s.bind(1, token);
    if (!s.step()) return std::nullopt;
    return TokenState{s.text_at(0), s.int_at(1)};
}

// An earlier request under the same idempotency key, or under the same receipt code
// however it was spelt: the same report is replayed; a different one is refused, and
// under a receipt code recorded as a collision (portal_receipts.cpp).
std::optional<CreateResult> PortalStore::replay(const NewRequest& r, const std::string& hash, UnixMs now) {
    if (r.idempotency_key.empty()) return std::nullopt;
    std::string code = lookup_code(r.idempotency_key);
    db::Stmt s = m_db.prepare(
        "SELECT r.id, r.service_request_id, r.payload_hash, COALESCE(t.token, '') FROM requests r"
        " LEFT JOIN tokens t ON t.request_id = r.id WHERE r.id IN (SELECT id FROM requests WHERE idempotency_key = ?1"
        " UNION SELECT id FROM requests WHERE lookup_code = ?2) ORDER BY r.payload_hash = ?3 DESC, r.id LIMIT 1");
    s.bind(1, r.idempotency_key);
    code.empty() ? s.bind_null(2) : s.bind(2, code);
    s.bind(3, hash);
    if (!s.step()) return std::nullopt;
    if (s.text_at(2) == hash) return CreateResult{CreateOutcome::replayed, s.text_at(1), s.text_at(3)};
    if (code.empty()) return CreateResult{CreateOutcome::key_reused, {}};
    return record_collision(s.int_at(0), r, hash, now);
}

std::string PortalStore::insert_request(const NewRequest& r, const std::string& hash, UnixMs now,
                                        std::string_view prefix) {
    db::Stmt next = m_db.prepare("SELECT COALESCE(MAX(id), 0) + 1 FROM requests");
    next.step();
    int64_t row = next.int_at(0);  // safe: BEGIN IMMEDIATE holds the write lock
    char seq[32];
    std::snprintf(seq, sizeof seq, "%06lld", static_cast<long long>(row));
    std::string id = std::string(prefix) + "-" + local_year(now) + "-" + seq;
    db::Stmt ins = m_db.prepare(
        "INSERT INTO requests (id, service_request_id, service_code, description, address, lat, lon, device_id,"
        " idempotency_key, lookup_code, payload_hash, requested_at, updated_at, kiosk_id, address_id, media_url)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    ins.bind(1, row).bind(2, id).bind(3, r.service_code).bind(4, r.description).bind(5, r.address);
    r.lat ? ins.bind(6, *r.lat) : ins.bind_null(6);
    r.lon ? ins.bind(7, *r.lon) : ins.bind_null(7);
    ins.bind(8, r.device_id);
    r.idempotency_key.empty() ? ins.bind_null(9) : ins.bind(9, r.idempotency_key);
    std::string code = lookup_code(r.idempotency_key);
    code.empty() ? ins.bind_null(10) : ins.bind(10, code);
    ins.bind(11, hash).bind(12, now).bind(13, now);
    r.kiosk_id ? ins.bind(14, r.kiosk_id) : ins.bind_null(14);
    ins.bind(15, r.address_id).bind(16, r.media_url);
    ins.run();
    insert_contact(row, r);
    if (r.photo) insert_media(row, *r.photo, now);
    if (!code.empty()) adopt_waiting_media(row, code);
    db::Stmt attr = m_db.prepare("INSERT INTO attributes (request_id, code, value) VALUES (?,?,?)");
    for (const auto& [k, v] : r.attributes) {
        attr.bind(1, row).bind(2, k).bind(3, v).run();
        attr.reset();
    }
    return id;
}

void PortalStore::insert_contact(int64_t row, const NewRequest& r) {
    if (r.first_name.empty() && r.last_name.empty() && r.phone.empty() && r.email.empty()) return;
    db::Stmt s = m_db.prepare(
        "INSERT INTO contacts (request_id, first_name, last_name, phone, email) VALUES (?,?,?,?,?)");
    s.bind(1, row).bind(2, r.first_name).bind(3, r.last_name).bind(4, r.phone).bind(5, r.email).run();
}

// [SECTION] requests: read. The column list names no contact field on purpose.
static const char* const kSelectRequests =
    "SELECT r.service_request_id, r.status, r.status_notes, COALESCE(s.name, ''), r.service_code,"
    " r.description, r.agency_responsible, r.requested_at, r.updated_at, r.expected_at, r.address, r.lat, r.lon,"
    " r.address_id, r.media_url, (SELECT m.name FROM media m WHERE m.request_id = r.id AND m.approved_at IS NOT NULL"
    " ORDER BY m.id LIMIT 1) FROM requests r LEFT JOIN services s ON s.code = r.service_code";

// The client's own media_url, else the first approved photo's.
static ServiceRequest request_at(const db::Stmt& s, const std::string& media_base) {
    ServiceRequest r;
    r.service_request_id = s.text_at(0);
    r.status = s.text_at(1);
    r.status_notes = s.text_at(2);
    r.service_name = s.text_at(3);
    r.service_code = s.text_at(4);
    r.description = s.text_at(5);
    r.agency_responsible = s.text_at(6);
    r.requested_datetime = open311::iso8601(s.int_at(7));
    r.updated_datetime = open311::iso8601(s.int_at(8));
    if (!s.is_null(9)) r.expected_datetime = open311::iso8601(column_ms(s, 9));
    r.address = s.text_at(10);
    if (!s.is_null(11)) r.lat = s.double_at(11);
    if (!s.is_null(12)) r.lon = s.double_at(12);
    r.address_id = s.text_at(13);
    r.media_url = s.text_at(14);
    if (r.media_url.empty() && !s.is_null(15)) r.media_url = media_base + s.text_at(15) + ".jpg";
    return r;
}

std::vector<ServiceRequest> PortalStore::select_requests(const std::string& where, const std::vector<Arg>& args,
                                                         int limit) {
    std::string sql = std::string(kSelectRequests) + " WHERE " + where +
                      " ORDER BY r.requested_at DESC, r.id DESC LIMIT " + std::to_string(limit);
    db::Stmt s = m_db.prepare(sql);
    for (size_t i = 0; i < args.size(); ++i) {
        int at = static_cast<int>(i) + 1;
        std::visit([&](const auto& v) { s.bind(at, v); }, args[i]);
    }
    std::vector<ServiceRequest> out;
    while (s.step()) out.push_back(request_at(s, m_media_base));
    return out;
}

// "col IN (?,?,?)" with the values appended to args.
static std::string in_list(const char* col, const std::vector<std::string>& values,
                           std::vector<std::variant<std::string, int64_t>>& args) {
    std::string sql = std::string(col) + " IN (";
    for (size_t i = 0; i < values.size(); ++i) {
        sql += i ? ",?" : "?";
        args.emplace_back(values[i]);
    }
    return sql + ")";
}

// GET /requests. Each (service_code, status) pair of the filter is one ordered index
// range, newest first; the newest `limit` keys of all ranges are merged here and only
// those rows are read. One query with IN lists would have SQLite collect and sort every
// match (94 ms at a million requests for a filter that matches nothing).
std::vector<ServiceRequest> PortalStore::requests(const RequestFilter& f) {
    std::lock_guard lock(m_mutex);
    std::vector<Arg> args;
    if (!f.ids.empty()) return select_requests(in_list("r.service_request_id", f.ids, args), args, f.limit);
    std::set<std::string> codes(f.service_codes.begin(), f.service_codes.end());
    std::set<std::string> statuses(f.statuses.begin(), f.statuses.end());
    if (codes.empty()) codes.insert("");
    if (statuses.empty()) statuses.insert("");
    auto range = [&](const std::string& code, const std::string& status, std::vector<Arg>& a) {
        std::string where = "r.requested_at BETWEEN ? AND ?";
        a = {f.from, f.to};
        if (!code.empty()) where += " AND r.service_code = ?", a.emplace_back(code);
        if (!status.empty()) where += " AND r.status = ?", a.emplace_back(status);
        return where;
    };
    if (codes.size() * statuses.size() == 1) {
        std::string where = range(*codes.begin(), *statuses.begin(), args);
        return select_requests(where, args, f.limit);
    }
    if (codes.size() * statuses.size() > 64) {  // a client's long lists: one query, sorted by SQLite
        std::string where = "r.requested_at BETWEEN ? AND ?";
        args = {f.from, f.to};
        if (!f.service_codes.empty()) where += " AND " + in_list("r.service_code", f.service_codes, args);
        if (!f.statuses.empty()) where += " AND " + in_list("r.status", f.statuses, args);
        return select_requests(where, args, f.limit);
    }
    std::vector<std::pair<int64_t, int64_t>> keys;  // (requested_at, id), newest first once sorted
    for (const std::string& code : codes)
        for (const std::string& status : statuses) {
            std::vector<Arg> a;
            db::Stmt q = m_db.prepare("SELECT r.requested_at, r.id FROM requests r WHERE " + range(code, status, a) +
                                      " ORDER BY r.requested_at DESC, r.id DESC LIMIT " + std::to_string(f.limit));
            for (size_t i = 0; i < a.size(); ++i) std::visit([&](const auto& v) { q.bind(static_cast<int>(i) + 1, v); }, a[i]);
            while (q.step()) keys.emplace_back(q.int_at(0), q.int_at(1));
        }
    size_t n = std::min(keys.size(), static_cast<size_t>(std::max(f.limit, 0)));
    std::partial_sort(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(n), keys.end(), std::greater<>());
    if (n == 0) return {};
    std::string where = "r.id IN (";
    for (size_t i = 0; i < n; ++i) where += (i ? "," : "") + std::to_string(keys[i].second);
    return select_requests(where + ")", {}, f.limit);
}

std::optional<ServiceRequest> PortalStore::request(std::string_view service_request_id) {
    std::lock_guard lock(m_mutex);
    auto found = select_requests("r.service_request_id = ?", {std::string(service_request_id)}, 1);
    if (found.empty()) return std::nullopt;
    return found.front();
}

std::optional<ServiceRequest> PortalStore::request_by_receipt(std::string_view code) {  // the first filed
    std::string canonical = lookup_code(code);
    if (canonical.empty()) return std::nullopt;
    std::lock_guard lock(m_mutex);
    auto found = select_requests("r.lookup_code = ?", {canonical}, 1);
    if (found.empty()) return std::nullopt;
    return found.front();
}

Counts PortalStore::counts() {
    std::lock_guard lock(m_mutex);
    db::Stmt s = m_db.prepare(
        "SELECT (SELECT COUNT(*) FROM requests), (SELECT COUNT(*) FROM contacts),"
        " (SELECT COUNT(*) FROM updates), (SELECT COUNT(*) FROM attributes)");
    s.step();
    return {s.int_at(0), s.int_at(1), s.int_at(2), s.int_at(3)};
}

}  // namespace wk::portal
