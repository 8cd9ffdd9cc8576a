// Photos of this kiosk's cases (issue 16): the portal's media_url of each case, and a
// small thumbnail of it that the agent fetched, for the lookup screen. The kiosk asks
// (a citizen looked a case up: ask_photos), the agent answers on its next pass (GET the
// case, then the photo) and on its ordinary pulls. Public photos only (an officer
// approved them on the portal); at most kMaxPhotoThumbBytes each; removed with the report.
#include "sync/store.hpp"

namespace wk {

std::string_view photos_schema_v11() {
    return R"sql(
CREATE TABLE report_photos (               -- a case's public photo and its thumbnail
  code TEXT NOT NULL,                      -- the report's receipt code
  url TEXT NOT NULL,                       -- the portal's media_url
  state TEXT NOT NULL DEFAULT 'wanted' CHECK (state IN ('wanted', 'ok', 'failed')),
  thumb BLOB,                              -- JPEG, at most 320 px a side
  width INTEGER NOT NULL DEFAULT 0,
  height INTEGER NOT NULL DEFAULT 0,
  tries INTEGER NOT NULL DEFAULT 0,
  next_at INTEGER NOT NULL DEFAULT 0,      -- a failed fetch is tried again from then
  PRIMARY KEY (code, url)
) WITHOUT ROWID;
CREATE TABLE photo_questions (             -- a citizen is looking at the case now
  code TEXT PRIMARY KEY,
  asked_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TRIGGER reports_photos_gone AFTER DELETE ON reports BEGIN
  DELETE FROM report_photos WHERE code = old.code;
END;
)sql";
}

void Store::want_photo(const std::string& service_request_id, const std::string& url) {
    if (url.empty() || url.size() > 2000) return;
    auto s = m_db.cached(
        "INSERT OR IGNORE INTO report_photos (code, url) "
        "SELECT code, ?2 FROM reports WHERE service_request_id = ?1 AND code <> ''");
    s.bind(1, service_request_id).bind(2, url).run();
}

void Store::ask_photos(const std::string& code, UnixMs now) {
    auto s = m_db.cached("INSERT OR REPLACE INTO photo_questions (code, asked_at) VALUES (?, ?)");
    s.bind(1, code).bind(2, now).run();
}

std::vector<std::pair<std::string, std::string>> Store::photo_questions() {
    auto s = m_db.cached(
        "SELECT q.code, r.service_request_id FROM photo_questions q JOIN reports r ON r.code = q.code "
        "WHERE r.service_request_id <> '' ORDER BY q.asked_at LIMIT 8");
    std::vector<std::pair<std::string, std::string>> out;
    while (s.step()) out.emplace_back(s.text_at(0), s.text_at(1));
    m_db.cached("DELETE FROM photo_questions WHERE code NOT IN (SELECT code FROM reports WHERE service_request_id <> '')")
        .run();
    return out;
}

void Store::photo_question_answered(const std::string& code) {
    m_db.cached("DELETE FROM photo_questions WHERE code = ?").bind(1, code).run();
}

std::vector<std::pair<std::string, std::string>> Store::photos_wanted(UnixMs now, size_t limit) {
    auto s = m_db.cached(
        "SELECT code, url FROM report_photos WHERE state = 'wanted' OR (state = 'failed' AND next_at <= ?) "
        "ORDER BY next_at LIMIT ?");
    s.bind(1, now).bind(2, static_cast<int64_t>(limit));
    std::vector<std::pair<std::string, std::string>> out;
    while (s.step()) out.emplace_back(s.text_at(0), s.text_at(1));
    return out;
}

void Store::photo_fetched(const std::string& code, const std::string& url, const std::vector<uint8_t>& thumb,
                          int width, int height) {
    auto s = m_db.cached(
        "UPDATE report_photos SET state = 'ok', thumb = ?3, width = ?4, height = ?5, tries = tries + 1 "
        "WHERE code = ?1 AND url = ?2");
    s.bind(1, code).bind(2, url).bind_blob(3, thumb).bind(4, static_cast<int64_t>(width)).bind(5, static_cast<int64_t>(height));
    s.run();
}

void Store::photo_failed(const std::string& code, const std::string& url, UnixMs retry_at) {
    auto s = m_db.cached(
        "UPDATE report_photos SET state = 'failed', tries = tries + 1, next_at = ?3 WHERE code = ?1 AND url = ?2");
    s.bind(1, code).bind(2, url).bind(3, retry_at).run();
}

std::vector<PhotoThumb> Store::photos(const std::string& code) {
    auto s = m_db.cached(
        "SELECT url, thumb, width, height FROM report_photos WHERE code = ? AND state = 'ok' ORDER BY url LIMIT 5");
    s.bind(1, code);
    std::vector<PhotoThumb> out;
    while (s.step()) out.push_back({s.text_at(0), s.blob_at(1), static_cast<int>(s.int_at(2)), static_cast<int>(s.int_at(3))});
    return out;
}

}  // namespace wk
