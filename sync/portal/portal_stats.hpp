// The operator's view of the province: when a case is due, whether it is overdue, and
// the year's figures per agency, per category and per ward (received, answered,
// answered on time, median time to answer), on the staff pages and as CSV. Pure: plain
// structs in, figures and text out; the store gathers the facts (StaffStore::case_facts).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/clock.hpp"

namespace wk::portal {

// A case's answer is due by its expected date when an officer set one, else this long
// after it was filed.
constexpr UnixMs kAnswerWithinMs = 10LL * 24 * 3600 * 1000;

UnixMs answer_due(UnixMs requested, std::optional<UnixMs> expected);
// Still open (not a final status) and past its due time at `now`.
bool overdue(std::string_view status, UnixMs requested, std::optional<UnixMs> expected, UnixMs now);

// One case of the period, as the figures need it. answered: the first officer update
// that answered the citizen (a note) or ended the case; a kiosk's withdrawal is not one.
struct CaseFact {
    std::string service_name, agency, address, status;
    UnixMs requested = 0;
    std::optional<UnixMs> expected, answered;
};

enum class StatsBy { agency, category, ward };
std::optional<StatsBy> stats_by(std::string_view s);  // "agency", "category", "ward"
const char* stats_by_name(StatsBy by);

struct StatRow {
    std::string group;
    int64_t received = 0, answered = 0, on_time = 0;
    std::optional<UnixMs> median_answer_ms;  // none when nothing was answered
};

struct Stats {
    std::vector<StatRow> rows;  // most received first, then by name
    StatRow total;              // every case of the period ("Tổng cộng")
};

// The ward in an address the kiosks compose as "place, ward, province": the part before
// the last; "" when the address has fewer than three parts.
std::string ward_of(std::string_view address);
Stats tally(const std::vector<CaseFact>& facts, StatsBy by);

// UTF-8 with a byte-order mark (spreadsheets then read Vietnamese right), CRLF lines,
// RFC 4180 quoting, and a cell that starts with = + - @ prefixed with ' so that no
// spreadsheet runs it as a formula.
std::string stats_csv(const Stats& s, StatsBy by);

}  // namespace wk::portal
