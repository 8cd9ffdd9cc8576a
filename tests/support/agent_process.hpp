// Runs a program as a child process for the agent's program tests: fork/exec with
// stdout and stderr sent to files, extra environment variables, a wait with a deadline,
// signals and the CPU time the child used. Everything the child needs is built before fork(), so the child only
// calls async-signal-safe functions (open, dup2, execve, _exit) even while the test
// process has server threads running.
#pragma once
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace wk::test {

class ChildProcess {
  public:
    // Starts `argv[0]` with `argv`; `env` entries ("NAME=value") are added to ours.
    // Its stdin is `in_file` (a path opened before fork).
    ChildProcess(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                 const std::string& out_file, const std::string& err_file,
                 const std::string& in_file = "/dev/null")
        : m_out(out_file), m_err(err_file) {
        std::vector<std::string> env_all;
        for (char** e = environ; *e; ++e) env_all.push_back(*e);
        env_all.insert(env_all.end(), env.begin(), env.end());
        std::vector<char*> args, envp;
        for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        for (const auto& e : env_all) envp.push_back(const_cast<char*>(e.c_str()));
        envp.push_back(nullptr);
        m_pid = ::fork();
        if (m_pid == 0) {
            int in = ::open(in_file.c_str(), O_RDONLY);
            int out = ::open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
            int err = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
            if (in < 0 || out < 0 || err < 0) ::_exit(126);
            ::dup2(in, 0);
            ::dup2(out, 1);
            ::dup2(err, 2);
            ::execve(args[0], args.data(), envp.data());
            ::_exit(127);
        }
    }
    ~ChildProcess() {
        if (m_pid > 0 && !m_status) {
            ::kill(m_pid, SIGKILL);
            ::waitpid(m_pid, nullptr, 0);
        }
    }
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    bool started() const { return m_pid > 0; }
    void signal(int sig) const { ::kill(m_pid, sig); }

    // The raw wait status once the child has ended, or nullopt after `timeout`.
    std::optional<int> wait_for(std::chrono::milliseconds timeout) {
        auto deadline = std::chrono::steady_clock::now() + timeout;
        while (!m_status) {
            int st = 0;
            pid_t r = ::wait4(m_pid, &st, WNOHANG, &m_usage);
            if (r == m_pid) m_status = st;
            else if (std::chrono::steady_clock::now() >= deadline) break;
            else std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return m_status;
    }
    // User plus system CPU time the child used; valid once wait_for() saw it end.
    double cpu_seconds() const {
        auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
        return s(m_usage.ru_utime) + s(m_usage.ru_stime);
    }
    std::string out() const { return slurp(m_out); }
    std::string err() const { return slurp(m_err); }

    static std::string slurp(const std::string& path) {
        std::ifstream in(path, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }

  private:
    pid_t m_pid = -1;
    std::optional<int> m_status;
    rusage m_usage{};
    std::string m_out, m_err;
};

struct ProgramResult {
    int exit_code = -1;  // -1: killed by a signal or timed out
    std::string out, err;
};

// Runs to completion (killed after `timeout`) and returns its exit code and output.
inline ProgramResult run_program(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                                 const std::string& scratch_dir,
                                 std::chrono::milliseconds timeout = std::chrono::seconds(20),
                                 const std::string& in_file = "/dev/null") {
    ChildProcess p(argv, env, scratch_dir + "/stdout.txt", scratch_dir + "/stderr.txt", in_file);
    ProgramResult r;
    auto st = p.wait_for(timeout);
    if (st && WIFEXITED(*st)) r.exit_code = WEXITSTATUS(*st);
    r.out = p.out();
    r.err = p.err();
    return r;
}

}  // namespace wk::test
