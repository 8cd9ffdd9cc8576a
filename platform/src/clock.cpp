// The wall clock; the only read of system time in the project.
#include "platform/clock.hpp"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>

wk::UnixMs wk::wall_clock_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string wk::vietnam_time(UnixMs t) {
    std::time_t s = static_cast<std::time_t>(t / 1000 + 7 * 3600);
    std::tm tm{};
    gmtime_r(&s, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%d/%m/%Y %H:%M", &tm);
    return buf;
}

wk::UnixMs wk::vietnam_year_start(UnixMs t) {
    std::time_t s = static_cast<std::time_t>(t / 1000 + 7 * 3600);
    std::tm tm{};
    gmtime_r(&s, &tm);
    std::tm jan1{};
    jan1.tm_year = tm.tm_year;
    jan1.tm_mday = 1;
    return static_cast<UnixMs>(timegm(&jan1) - 7 * 3600) * 1000;
}

wk::UnixMs wk::vietnam_day_start(UnixMs t) {
    constexpr UnixMs kDay = 86'400'000, kOffset = 7 * 3'600'000;
    UnixMs local = t + kOffset;
    UnixMs day = local / kDay - (local % kDay < 0 ? 1 : 0);
    return day * kDay - kOffset;
}

namespace {

int month_index(const char* name) {
    static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    for (int i = 0; i < 12; ++i)
        if (std::strcmp(name, kMonths[i]) == 0) return i;
    return -1;
}

}  // namespace

std::optional<wk::UnixMs> wk::parse_http_date(std::string_view text) {
    std::string s(text.substr(0, 64));
    char wday[16] = {}, mon[4] = {}, zone[4] = {};
    int day = 0, year = 0, h = 0, m = 0, sec = 0, used = 0;
    bool read = false;
    // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
    if (std::sscanf(s.c_str(), "%3[A-Za-z], %2d %3s %4d %2d:%2d:%2d %3s%n", wday, &day, mon, &year, &h, &m, &sec, zone,
                    &used) == 8)
        read = true;
    // RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT" (a two-digit year: the nearest century)
    else if (std::sscanf(s.c_str(), "%15[A-Za-z], %2d-%3[A-Za-z]-%2d %2d:%2d:%2d %3s%n", wday, &day, mon, &year, &h, &m,
                         &sec, zone, &used) == 8)
        year += year < 70 ? 2000 : 1900, read = true;
    // asctime: "Sun Nov  6 08:49:37 1994" (no zone: GMT)
    else if (std::sscanf(s.c_str(), "%3[A-Za-z] %3[A-Za-z] %2d %2d:%2d:%2d %4d%n", wday, mon, &day, &h, &m, &sec, &year,
                         &used) == 7)
        std::strcpy(zone, "GMT"), read = true;
    int month = read ? month_index(mon) : -1;
    if (month < 0 || std::strcmp(zone, "GMT") != 0 || static_cast<size_t>(used) != s.size()) return std::nullopt;
    if (day < 1 || day > 31 || h > 23 || m > 59 || sec > 60 || year < 1970 || year > 9999) return std::nullopt;
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = month;
    tm.tm_mday = day;
    tm.tm_hour = h;
    tm.tm_min = m;
    tm.tm_sec = sec;
    std::time_t t = timegm(&tm);
    if (tm.tm_mday != day) return std::nullopt;  // 31 Feb came back as March
    return static_cast<UnixMs>(t) * 1000;
}

std::string wk::http_date(UnixMs t) {
    std::time_t s = static_cast<std::time_t>(t / 1000);
    std::tm tm{};
    gmtime_r(&s, &tm);
    char buf[40];
    static const char* const kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday], tm.tm_mday,
                  kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buf;
}
