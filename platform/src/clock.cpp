// The wall clock; the only read of system time in the project.
#include "platform/clock.hpp"

#include <chrono>

wk::UnixMs wk::wall_clock_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}
