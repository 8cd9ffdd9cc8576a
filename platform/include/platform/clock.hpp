// The wall clock, read only at the edges (main loops); logic receives `now` as an argument.
#pragma once
#include <cstdint>
#include <string>

namespace wk {

using UnixMs = int64_t;  // milliseconds since 1970-01-01T00:00:00Z

UnixMs wall_clock_ms();

// "28/11/2026 19:05": a moment as people in Vietnam read it (UTC+7, no daylight saving),
// for screens, receipts and the portal's pages.
std::string vietnam_time(UnixMs t);
// 1 January 00:00 in Vietnam of the year `t` falls in there: where "this year" begins
// for the reports board and the statistics.
UnixMs vietnam_year_start(UnixMs t);

}  // namespace wk
