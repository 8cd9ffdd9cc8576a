// Logging to standard error, one line a message, with a syslog priority prefix
// ("<3>" error, "<4>" warning, "<6>" info, "<7>" debug) that journald understands.
// Never pass personal data (contact details, descriptions) to these functions.
#pragma once
#include <string_view>

namespace wk::log {

enum class Level { error = 3, warning = 4, info = 6, debug = 7 };

void set_program(std::string_view name);  // tag printed before each line
void set_min_level(Level level);          // lines above this priority number are dropped
void write(Level level, std::string_view message);

inline void error(std::string_view m) { write(Level::error, m); }
inline void warn(std::string_view m) { write(Level::warning, m); }
inline void info(std::string_view m) { write(Level::info, m); }
inline void debug(std::string_view m) { write(Level::debug, m); }

}  // namespace wk::log
