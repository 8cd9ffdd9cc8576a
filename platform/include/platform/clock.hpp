// The wall clock, read only at the edges (main loops); logic receives `now` as an argument.
// Also HTTP's dates, and the correction a kiosk whose clock is wrong applies to it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wk {

using UnixMs = int64_t;  // milliseconds since 1970-01-01T00:00:00Z

UnixMs wall_clock_ms();

// "28/11/2026 19:05": a moment as people in Vietnam read it (UTC+7, no daylight saving),
// for screens, receipts and the portal's pages.
std::string vietnam_time(UnixMs t);
// 1 January 00:00 in Vietnam of the year `t` falls in there: where "this year" begins
// for the reports board and the statistics.
UnixMs vietnam_year_start(UnixMs t);
// 00:00 in Vietnam of the day `t` falls in there ("today's receipts").
UnixMs vietnam_day_start(UnixMs t);

// An HTTP Date header (RFC 9110 5.6.7): the IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT",
// and the obsolete RFC 850 and asctime forms a recipient must read too. None: not a date.
std::optional<UnixMs> parse_http_date(std::string_view text);
std::string http_date(UnixMs t);  // IMF-fixdate

// A ward office PC with a dead CMOS battery, or no time server behind the office's
// firewall, reads 2019 or drifts by minutes. The agent learns the portal's time from its
// Date headers and stores the offset (portal minus this clock); both programs then read
// the time as wall_clock_ms() + applied_clock_offset(offset). Under a minute it is not
// applied: a Date has a resolution of a second and the network adds its delay, so small
// offsets are noise, and a receipt shows minutes.
constexpr UnixMs kClockOffsetApplied = 60'000;
inline UnixMs applied_clock_offset(UnixMs learnt) {
    return learnt >= kClockOffsetApplied || learnt <= -kClockOffsetApplied ? learnt : 0;
}

}  // namespace wk
