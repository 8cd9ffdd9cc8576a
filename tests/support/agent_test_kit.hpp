// Small shared pieces for the agent's tests: a fixed start time, citizens' drafts, the
// default categories, raw reads of the kiosk's SQLite file through a second wk::db::Db
// connection (what is really on disk, not what Store chooses to show), event counts
// and the like (HTTP dates: wk::http_date). No fixtures here; each test file owns its own.
#pragma once
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "platform/clock.hpp"
#include "sync/open311.hpp"
#include "sync/sqlite.hpp"
#include "sync/store.hpp"

namespace wk::test {

// 2026-03-02T01:00:00Z (08:00 in Hà Nội): every test starts its clock here.
inline UnixMs t0() { return *open311::parse_iso8601("2026-03-02T01:00:00Z"); }
constexpr UnixMs kSecond = 1000, kMinute = 60 * kSecond, kHour = 60 * kMinute, kDay = 24 * kHour;

inline std::string asset_path(const std::string& name) { return std::string(WK_ASSET_DIR_BUILD) + "/" + name; }

inline std::vector<Category> default_categories() {
    std::string error;
    return load_categories_file(asset_path("categories.json"), error);
}

inline Draft citizen_draft(const std::string& description, const Contact& contact = {}) {
    Draft d;
    d.service_code = "moi-truong";
    d.description = description;
    d.ward = "Phường Điện Biên";
    d.address = "Ngõ 12 Phan Đình Phùng";
    d.contact = contact;
    return d;
}

inline const Contact kAn{"Nguyễn Văn An", "0912345678"};

// One row of `reports` as stored, read through its own connection.
struct RawReport {
    bool found = false;
    std::string sync_state;
    int attempts = 0;
    UnixMs next_attempt_at = 0;
    std::string last_error;
    bool contact_is_null = true;
    std::string token;
    std::string service_request_id;
};

inline RawReport raw_report(const std::string& db_path, const std::string& code) {
    db::Db d(db_path);
    auto s = d.prepare(
        "SELECT sync_state, attempts, next_attempt_at, last_error, contact IS NULL, token, service_request_id "
        "FROM reports WHERE code = ?");
    s.bind(1, code);
    RawReport r;
    if (!s.step()) return r;
    r.found = true;
    r.sync_state = s.text_at(0);
    r.attempts = static_cast<int>(s.int_at(1));
    r.next_attempt_at = s.int_at(2);
    r.last_error = s.text_at(3);
    r.contact_is_null = s.int_at(4) != 0;
    r.token = s.text_at(5);
    r.service_request_id = s.text_at(6);
    return r;
}

// The sealed contact bytes as stored; empty when NULL.
inline std::vector<uint8_t> raw_contact(const std::string& db_path, const std::string& code) {
    db::Db d(db_path);
    auto s = d.prepare("SELECT contact FROM reports WHERE code = ?");
    s.bind(1, code);
    return s.step() && !s.is_null(0) ? s.blob_at(0) : std::vector<uint8_t>{};
}

inline int64_t raw_count(const std::string& db_path, const std::string& sql) {
    db::Db d(db_path);
    auto s = d.prepare(sql);
    s.step();
    return s.int_at(0);
}

inline int count_events(const ReportView& v, const std::string& kind) {
    return static_cast<int>(std::count_if(v.events.begin(), v.events.end(), [&](const Event& e) { return e.kind == kind; }));
}

}  // namespace wk::test
