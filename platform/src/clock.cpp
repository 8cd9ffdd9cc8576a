// The wall clock; the only read of system time in the project.
#include "platform/clock.hpp"

#include <chrono>
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
