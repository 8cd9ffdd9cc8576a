// Due dates and the year's figures: portal_stats.hpp.
// [SECTION] due  [SECTION] grouping  [SECTION] CSV
#include "portal_stats.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

#include "sync/report.hpp"

namespace wk::portal {

// [SECTION] due
UnixMs answer_due(UnixMs requested, std::optional<UnixMs> expected) {
    return expected ? *expected : requested + kAnswerWithinMs;
}

bool overdue(std::string_view status, UnixMs requested, std::optional<UnixMs> expected, UnixMs now) {
    return !final_status(status) && now > answer_due(requested, expected);
}

// [SECTION] grouping
std::optional<StatsBy> stats_by(std::string_view s) {
    if (s == "agency") return StatsBy::agency;
    if (s == "category") return StatsBy::category;
    if (s == "ward") return StatsBy::ward;
    return std::nullopt;
}

const char* stats_by_name(StatsBy by) {
    return by == StatsBy::agency ? "agency" : by == StatsBy::category ? "category" : "ward";
}

static std::string_view trim(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
}

std::string ward_of(std::string_view address) {
    std::vector<std::string_view> parts;
    for (size_t at = 0;;) {
        size_t comma = address.find(',', at);
        parts.push_back(trim(address.substr(at, comma == std::string_view::npos ? std::string_view::npos : comma - at)));
        if (comma == std::string_view::npos) break;
        at = comma + 1;
    }
    return parts.size() >= 3 ? std::string(parts[parts.size() - 2]) : std::string();
}

static std::string group_of(const CaseFact& f, StatsBy by) {
    std::string g = by == StatsBy::agency ? f.agency : by == StatsBy::category ? f.service_name : ward_of(f.address);
    if (!g.empty()) return g;
    return by == StatsBy::agency ? "Chưa phân công" : by == StatsBy::category ? "Không rõ lĩnh vực" : "Không rõ phường/xã";
}

static std::optional<UnixMs> median(std::vector<UnixMs> v) {
    if (v.empty()) return std::nullopt;
    std::sort(v.begin(), v.end());
    size_t m = v.size() / 2;
    return v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

Stats tally(const std::vector<CaseFact>& facts, StatsBy by) {
    std::map<std::string, std::pair<StatRow, std::vector<UnixMs>>> groups;
    StatRow total{"Tổng cộng"};
    std::vector<UnixMs> all;
    for (const CaseFact& f : facts) {
        auto& [row, times] = groups[group_of(f, by)];
        for (StatRow* r : {&row, &total}) {
            ++r->received;
            if (!f.answered) continue;
            ++r->answered;
            if (*f.answered <= answer_due(f.requested, f.expected)) ++r->on_time;
        }
        if (f.answered) times.push_back(*f.answered - f.requested), all.push_back(*f.answered - f.requested);
    }
    Stats out;
    for (auto& [name, g] : groups) {
        g.first.group = name;
        g.first.median_answer_ms = median(std::move(g.second));
        out.rows.push_back(std::move(g.first));
    }
    std::stable_sort(out.rows.begin(), out.rows.end(),
                     [](const StatRow& a, const StatRow& b) { return a.received > b.received; });
    total.median_answer_ms = median(std::move(all));
    out.total = total;
    return out;
}

// [SECTION] CSV
static std::string cell(std::string_view s) {
    std::string v(s);
    if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@')) v.insert(v.begin(), '\'');
    if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
    std::string q = "\"";
    for (char c : v) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

static std::string hours(const std::optional<UnixMs>& ms) {
    if (!ms) return {};
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", static_cast<double>(*ms) / 3600000.0);
    return buf;
}

std::string stats_csv(const Stats& s, StatsBy by) {
    const char* first = by == StatsBy::agency ? "Cơ quan" : by == StatsBy::category ? "Lĩnh vực" : "Phường/xã";
    std::string out = "\xEF\xBB\xBF" + std::string(first) +
                      ",Đã nhận,Đã trả lời,Trả lời đúng hạn,Trung vị thời gian trả lời (giờ)\r\n";
    auto line = [&](const StatRow& r) {
        out += cell(r.group) + "," + std::to_string(r.received) + "," + std::to_string(r.answered) + "," +
               std::to_string(r.on_time) + "," + hours(r.median_answer_ms) + "\r\n";
    };
    for (const StatRow& r : s.rows) line(r);
    line(s.total);
    return out;
}

}  // namespace wk::portal
