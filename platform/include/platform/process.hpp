// Running another program and waiting for it: the kiosk's staff mode shuts the machine
// down this way (`systemctl poweroff`, which asks logind, which asks polkit). No shell:
// the command line is split on spaces and run as it is.
#pragma once
#include <string>
#include <vector>

namespace wk::process {

// "systemctl poweroff --no-ask-password" -> {"systemctl", "poweroff", "--no-ask-password"}.
std::vector<std::string> split_command(const std::string& line);
// Runs argv[0] (searched in PATH) and waits up to `timeout_s`. Returns "" when it exited
// with 0; otherwise what went wrong, with the exit status or signal. Stdout and stderr go
// where the caller's go (the journal, under systemd).
std::string run(const std::vector<std::string>& argv, int timeout_s);

}  // namespace wk::process
