// The officers' pages under /staff/ as HTML text: Vietnamese, UTF-8, no JavaScript,
// no external resources, every value HTML-escaped. Pure rendering from the plain
// structs below; it does not know HTTP, sessions or the database (staff_routes.cpp
// fills the structs), and it decides nothing about who may see what.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "portal_stats.hpp"
#include "portal_store.hpp"
#include "staff_store.hpp"
#include "sync/open311.hpp"

namespace wk::portal {

// The statuses an officer may set, in the order the form offers them.
const std::vector<std::string>& staff_statuses();

// Who is looking, and the token their forms carry.
struct StaffFrame {
    std::string display_name, agency, csrf;
};

struct ListView {
    StaffFrame frame;
    CaseFilter filter;
    CasePage page;
    std::vector<open311::Service> services;
    std::vector<std::string> agencies;
    bool agency_fixed = false; // an agency's officer: the agency filter is theirs, not a choice
    RatingCounts ratings;      // citizens' ratings of the answers, every case
    UnixMs now = 0;            // for the overdue flags
};

struct CaseView {
    StaffFrame frame;
    open311::ServiceRequest request;
    std::optional<Contact> contact;
    std::vector<HistoryEntry> history;
    std::vector<AuditEntry> audit;
    std::vector<std::string> agencies;
    std::string notice; // one line above the forms ("Đã lưu.", or why the last form was refused)
    std::optional<Rating> rating; // the citizen's latest rating of the answer
    std::vector<ReceiptCollision> collisions; // other reports refused under this case's receipt code
    std::vector<MediaInfo> media;             // photos sent with the report, oldest first
    UnixMs now = 0;                           // for the overdue flag
};

// The year's figures (portal_stats.hpp) in one grouping, with the CSV link.
struct StatsView {
    StaffFrame frame;
    int year = 0;
    StatsBy by = StatsBy::agency;
    Stats stats;
};

constexpr UnixMs kKioskSilentMs = 3600 * 1000; // no health report this long: flagged

struct KiosksView {
    StaffFrame frame;
    std::vector<KioskHealth> kiosks;
    UnixMs now = 0;
    std::vector<ReceiptCollision> collisions; // every contested receipt code, newest first
};

struct AuditView {
    StaffFrame frame;
    std::vector<AuditEntry> entries;
    int page = 0;
    bool has_next = false;
};

// `message`: empty, or the one generic line shown after a refused login.
std::string staff_login_page(std::string_view message, std::string_view login_csrf);
std::string staff_list_page(const ListView& v);
std::string staff_case_page(const CaseView& v);
std::string staff_audit_page(const AuditView& v);
std::string staff_stats_page(const StatsView& v);
// Every kiosk that ever reported, its figures, and a flag on those silent over an hour;
// then the receipt codes two reports claimed.
std::string staff_kiosks_page(const KiosksView& v);
// A short page with a heading and one sentence (refusals, not found).
std::string staff_message_page(std::string_view title, std::string_view text);

} // namespace wk::portal
