// Line-buffered logging to stderr; a mutex keeps lines from two threads whole.
#include "platform/log.hpp"

#include <cstdio>
#include <mutex>
#include <string>

namespace wk::log {
namespace {
std::mutex g_mutex;
std::string g_program = "wardkiosk";
Level g_min = Level::info;
}  // namespace

void set_program(std::string_view name) { g_program = name; }
void set_min_level(Level level) { g_min = level; }

void write(Level level, std::string_view message) {
    if (static_cast<int>(level) > static_cast<int>(g_min)) return;
    std::lock_guard lock(g_mutex);
    std::fprintf(stderr, "<%d>%s: %.*s\n", static_cast<int>(level), g_program.c_str(),
                 static_cast<int>(message.size()), message.data());
}

}  // namespace wk::log
