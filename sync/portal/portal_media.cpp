// PortalStore and photos: those sent with reports (the multipart media part of POST
// /requests), stored with the report in its transaction, and those a citizen sends from
// their phone under a receipt code (issue 16), which wait for the report when it has
// not arrived yet. Listed for the officers, served to the public only once an officer
// approved them (faces and number plates are theirs to judge). Schema: portal_store.cpp.
// [SECTION] with a report  [SECTION] from a phone
#include <sodium.h>

#include "portal_store.hpp"
#include "sync/report.hpp"

namespace wk::portal {

// [SECTION] with a report
static std::string random_name() {
    unsigned char bytes[16];
    randombytes_buf(bytes, sizeof bytes);
    char hex[sizeof bytes * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
    return hex;
}

// Inside create_request's transaction, which the caller commits.
void PortalStore::insert_media(int64_t row, const Photo& p, UnixMs now) {
    db::Stmt ins = m_db.prepare(
        "INSERT INTO media (request_id, name, jpeg, width, height, received_at) VALUES (?,?,?,?,?,?)");
    ins.bind(1, row).bind(2, random_name()).bind_blob(3, std::vector<uint8_t>(p.jpeg.begin(), p.jpeg.end()));
    ins.bind(4, p.width).bind(5, p.height).bind(6, now).run();
}

void PortalStore::serve_media_at(std::string base) {
    std::lock_guard lock(m_mutex);
    m_media_base = std::move(base);
}

static const char* const kSelectMedia =
    "SELECT m.name, r.service_request_id, m.width, m.height, m.received_at, m.approved_at, m.approved_by"
    " FROM media m JOIN requests r ON r.id = m.request_id";

static MediaInfo media_at(const db::Stmt& s) {
    MediaInfo m{s.text_at(0), s.text_at(1), static_cast<int>(s.int_at(2)), static_cast<int>(s.int_at(3)),
                s.int_at(4), std::nullopt, s.text_at(6)};
    if (!s.is_null(5)) m.approved_at = s.int_at(5);
    return m;
}

std::vector<MediaInfo> PortalStore::media(std::string_view service_request_id) {
    std::lock_guard lock(m_mutex);
    db::Stmt s = m_db.prepare(std::string(kSelectMedia) + " WHERE r.service_request_id = ? ORDER BY m.id");
    s.bind(1, service_request_id);
    std::vector<MediaInfo> out;
    while (s.step()) out.push_back(media_at(s));
    return out;
}

std::optional<MediaInfo> PortalStore::media_info(std::string_view name) {
    std::lock_guard lock(m_mutex);
    db::Stmt s = m_db.prepare(std::string(kSelectMedia) + " WHERE m.name = ?");
    s.bind(1, name);
    if (!s.step()) return std::nullopt;
    return media_at(s);
}

std::optional<std::string> PortalStore::media_jpeg(std::string_view name, bool approved_only) {
    std::lock_guard lock(m_mutex);
    db::Stmt s = m_db.prepare(std::string("SELECT jpeg FROM media WHERE name = ?") +
                              (approved_only ? " AND approved_at IS NOT NULL" : ""));
    s.bind(1, name);
    if (!s.step()) return std::nullopt;
    std::vector<uint8_t> b = s.blob_at(0);
    return std::string(b.begin(), b.end());
}

bool PortalStore::approve_media(std::string_view service_request_id, std::string_view name,
                                const std::string& officer, UnixMs now) {
    std::lock_guard lock(m_mutex);
    m_db.prepare(
            "UPDATE media SET approved_at = ?, approved_by = ? WHERE name = ? AND approved_at IS NULL"
            " AND request_id = (SELECT id FROM requests WHERE service_request_id = ?)")
        .bind(1, now)
        .bind(2, officer)
        .bind(3, name)
        .bind(4, service_request_id)
        .run();
    return m_db.changes() == 1;
}

// [SECTION] from a phone
// The code's case (the first report under it, contested or not: photos follow the code).
struct CodeCase {
    int64_t row = 0;
    std::string status;
};
static std::optional<CodeCase> case_of(db::Db& db, std::string_view code) {
    db::Stmt s = db.prepare("SELECT id, status FROM requests WHERE lookup_code = ? ORDER BY id LIMIT 1");
    s.bind(1, code);
    if (!s.step()) return std::nullopt;
    return CodeCase{s.int_at(0), s.text_at(1)};
}

static int phone_count(db::Db& db, std::string_view code, const std::optional<CodeCase>& c) {
    db::Stmt s = db.prepare("SELECT (SELECT COUNT(*) FROM waiting_media WHERE code = ?1) +"
                            " (SELECT COUNT(*) FROM media WHERE request_id = ?2 AND from_phone = 1)");
    s.bind(1, code).bind(2, c ? c->row : int64_t{-1});
    s.step();
    return static_cast<int>(s.int_at(0));
}

PhoneMedia PortalStore::phone_media(std::string_view code) {
    std::lock_guard lock(m_mutex);
    auto c = case_of(m_db, code);
    return {phone_count(m_db, code, c), c.has_value(), c && final_status(c->status)};
}

PhoneAdd PortalStore::add_phone_photo(std::string_view code, const Photo& p, int max, UnixMs now) {
    std::lock_guard lock(m_mutex);
    db::Transaction tx(m_db);
    auto c = case_of(m_db, code);
    if (c && final_status(c->status)) return PhoneAdd::closed;
    if (phone_count(m_db, code, c) >= max) return PhoneAdd::full;
    if (c) {
        insert_media(c->row, p, now);
        m_db.prepare("UPDATE media SET from_phone = 1 WHERE id = last_insert_rowid()").run();
    } else {
        db::Stmt ins = m_db.prepare(
            "INSERT INTO waiting_media (code, name, jpeg, width, height, received_at) VALUES (?,?,?,?,?,?)");
        ins.bind(1, code).bind(2, random_name()).bind_blob(3, std::vector<uint8_t>(p.jpeg.begin(), p.jpeg.end())).bind(4, p.width).bind(5, p.height).bind(6, now);
        ins.run();
    }
    tx.commit();
    return c ? PhoneAdd::joined : PhoneAdd::waiting;
}

// Inside create_request's transaction: the photos that waited for this report join it.
void PortalStore::adopt_waiting_media(int64_t row, const std::string& code) {
    m_db.prepare("INSERT INTO media (request_id, name, jpeg, width, height, received_at, from_phone)"
                 " SELECT ?1, name, jpeg, width, height, received_at, 1 FROM waiting_media WHERE code = ?2 ORDER BY id")
        .bind(1, row)
        .bind(2, code)
        .run();
    m_db.prepare("DELETE FROM waiting_media WHERE code = ?").bind(1, code).run();
}

int PortalStore::prune_waiting_media(UnixMs now, UnixMs max_age_ms) {
    std::lock_guard lock(m_mutex);
    m_db.prepare("DELETE FROM waiting_media WHERE received_at < ?").bind(1, now - max_age_ms).run();
    return m_db.changes();
}

}  // namespace wk::portal
