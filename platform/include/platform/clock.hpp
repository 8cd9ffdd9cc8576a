// The wall clock, read only at the edges (main loops); logic receives `now` as an argument.
#pragma once
#include <cstdint>

namespace wk {

using UnixMs = int64_t;  // milliseconds since 1970-01-01T00:00:00Z

UnixMs wall_clock_ms();

}  // namespace wk
