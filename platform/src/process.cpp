// posix_spawnp and a bounded wait (process.hpp).
#include "platform/process.hpp"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <sstream>

extern char** environ;

namespace wk::process {

std::vector<std::string> split_command(const std::string& line) {
    std::istringstream in(line);
    std::vector<std::string> out;
    for (std::string word; in >> word;) out.push_back(word);
    return out;
}

static std::string describe(int status) {
    if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status)) return std::string("ended by signal ") + strsignal(WTERMSIG(status));
    return "ended abnormally";
}

std::string run(const std::vector<std::string>& argv, int timeout_s) {
    if (argv.empty()) return "no command";
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    int rc = posix_spawnp(&pid, args[0], nullptr, nullptr, args.data(), environ);
    if (rc != 0) return argv[0] + ": " + std::strerror(rc);
    int status = 0;
    for (int waited_ms = 0;; waited_ms += 50) {
        pid_t done = waitpid(pid, &status, WNOHANG);
        if (done == pid) break;
        if (done < 0 && errno != EINTR) return argv[0] + ": " + std::strerror(errno);
        if (waited_ms >= timeout_s * 1000) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            return argv[0] + ": no answer in " + std::to_string(timeout_s) + " s";
        }
        usleep(50 * 1000);
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return "";
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127) return argv[0] + ": not found";
    return argv[0] + ": " + describe(status);
}

}  // namespace wk::process
