// `wardkiosk-sync staff add|list`: officers' accounts in the staff file the config names.
// The PIN is read from stdin (twice, echo off at a terminal) and only its argon2id hash
// is written (sync/staff.hpp). It does not open the store or the network.
#pragma once
#include <istream>
#include <ostream>
#include <string>
#include <vector>

namespace wk::agent {

// `args` are the words after "staff". Prompts and messages go to `err`, the list to
// `out`. Returns the exit code: 0 done, 1 refused (mismatch, bad PIN, duplicate), 2 usage.
int staff_command(const std::vector<std::string>& args, const std::string& staff_file, std::istream& in,
                  std::ostream& out, std::ostream& err);

}  // namespace wk::agent
