// print_to: the only code in wk_print that touches the OS. Owns file descriptors
// (UniqueFd) and the lp child (Child) for the length of one call; nothing is kept.
// [SECTION] Owners: UniqueFd, SigpipeBlock, Deadline
// [SECTION] Writing under a deadline, the status query
// [SECTION] file:   [SECTION] device   [SECTION] cups:   [SECTION] print_to
#include "print/device.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utility>

extern char** environ;

namespace wk::print {
namespace {

// [SECTION] Owners --------------------------------------------------------------------

class UniqueFd {
  public:
    explicit UniqueFd(int fd = -1) : m_fd(fd) {}
    ~UniqueFd() { reset(); }
    UniqueFd(UniqueFd&& o) noexcept : m_fd(o.release()) {}
    UniqueFd& operator=(UniqueFd&& o) noexcept {
        if (this != &o) reset(o.release());
        return *this;
    }
    int get() const { return m_fd; }
    int release() { return std::exchange(m_fd, -1); }
    void reset(int fd = -1) {
        if (m_fd >= 0) ::close(m_fd);
        m_fd = fd;
    }

  private:
    int m_fd;
};

// Blocks SIGPIPE in this thread while writing to a pipe, FIFO or lp's stdin (a reader
// that goes away must give EPIPE, not kill the kiosk); swallows one it raised.
class SigpipeBlock {
  public:
    SigpipeBlock() {
        sigemptyset(&m_set);
        sigaddset(&m_set, SIGPIPE);
        sigset_t old;
        pthread_sigmask(SIG_BLOCK, &m_set, &old);
        m_was_blocked = sigismember(&old, SIGPIPE) == 1;
    }
    ~SigpipeBlock() {
        if (m_was_blocked) return;
        timespec zero{0, 0};
        while (sigtimedwait(&m_set, nullptr, &zero) == SIGPIPE) {}
        pthread_sigmask(SIG_UNBLOCK, &m_set, nullptr);
    }
    SigpipeBlock(const SigpipeBlock&) = delete;
    SigpipeBlock& operator=(const SigpipeBlock&) = delete;

  private:
    sigset_t m_set;
    bool m_was_blocked = false;
};

class Deadline {
  public:
    explicit Deadline(int ms) : m_end(std::chrono::steady_clock::now() + std::chrono::milliseconds(ms)) {}
    int remaining_ms() const {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(m_end - std::chrono::steady_clock::now());
        return left.count() > 0 ? static_cast<int>(left.count()) : 0;
    }

  private:
    std::chrono::steady_clock::time_point m_end;
};

PrintResult failure(PrintError kind, std::string message, size_t sent = 0) {
    return {false, kind, std::move(message), sent};
}

PrintResult cancelled_result(size_t sent) {
    return failure(PrintError::write_error, "printing stopped: the kiosk is closing", sent);
}
std::string why(int err) { return std::strerror(err); }

// [SECTION] Writing under a deadline, the status query ------------------------------

struct WriteOutcome {
    size_t written = 0;
    int err = 0;             // errno of a failed write, 0 otherwise
    bool timed_out = false;
    bool cancelled = false;  // the kiosk is closing
};

bool cancelled(int cancel_fd) {
    if (cancel_fd < 0) return false;
    pollfd p{cancel_fd, POLLIN, 0};
    return ::poll(&p, 1, 0) > 0;
}

// Writes all of `bytes` to a non-blocking fd, waiting with poll() while it is full,
// until the deadline or until `cancel_fd` (if >= 0) becomes readable.
WriteOutcome write_all(int fd, const std::vector<uint8_t>& bytes, const Deadline& deadline, int cancel_fd) {
    WriteOutcome w;
    while (w.written < bytes.size()) {
        ssize_t n = ::write(fd, bytes.data() + w.written, bytes.size() - w.written);
        if (n > 0) {
            w.written += static_cast<size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno != EAGAIN) {
            w.err = errno;
            return w;
        }
        pollfd p[2] = {{fd, POLLOUT, 0}, {cancel_fd, POLLIN, 0}};
        int ready = deadline.remaining_ms() > 0 ? ::poll(p, cancel_fd >= 0 ? 2 : 1, deadline.remaining_ms()) : 0;
        if (ready < 0 && errno == EINTR) continue;
        if (ready < 0) {
            w.err = errno;
            return w;
        }
        if (cancel_fd >= 0 && (p[1].revents & POLLIN)) {
            w.cancelled = true;
            return w;
        }
        if (ready == 0) {
            w.timed_out = true;
            return w;
        }
    }
    return w;
}

// Asks DLE EOT 4 (paper roll sensor). Returns the status byte, or -1 when the printer
// gives no valid answer within `ms` (many do not answer; that is not an error).
int paper_status(int fd, int ms) {
    uint8_t junk[64];
    for (int i = 0; i < 16 && ::read(fd, junk, sizeof junk) > 0; ++i) {}  // stale answers
    const uint8_t ask[] = {0x10, 0x04, 0x04};
    if (::write(fd, ask, sizeof ask) != static_cast<ssize_t>(sizeof ask)) return -1;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, ms) <= 0 || !(p.revents & POLLIN)) return -1;
    uint8_t b = 0;
    if (::read(fd, &b, 1) != 1) return -1;
    return (b & 0x93) == 0x12 ? b : -1;  // fixed bits: 1 and 4 set, 0 and 7 clear
}

bool paper_end(int status) { return status >= 0 && (status & 0x60) != 0; }

// The USB printer class port status (linux/lp.h LPGETSTATUS, answered by usblp with a
// control request, so it works while the printer takes no data): true when it says
// "paper empty". False when the device does not answer it (a serial port, a pty).
bool usb_paper_empty(int fd) {
    constexpr unsigned long kLpGetStatus = 0x060b;  // LPGETSTATUS
    constexpr int kPaperOut = 0x20;                 // LP_POUTPA
    int status = 0;
    return ::ioctl(fd, kLpGetStatus, &status) == 0 && (status & kPaperOut) != 0;
}

// [SECTION] file: ---------------------------------------------------------------------

// A spool file, or what a person pointed file: at: a FIFO into another program, a
// device. Under the same time limit as a printer: a FIFO nobody reads fails at once
// (it would block the open for ever), one whose reader stops fails at the deadline.
PrintResult print_file(const std::string& path, const std::vector<uint8_t>& bytes, const PrintLimits& limits) {
    Deadline deadline(limits.total_ms);
    UniqueFd fd(::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0644));
    if (fd.get() < 0) {
        int e = errno;
        if (e == ENXIO) return failure(PrintError::busy, "nothing reads from printer file " + path);
        PrintError kind = e == ENOENT || e == ENOTDIR ? PrintError::missing_device : PrintError::write_error;
        return failure(kind, "cannot open printer file " + path + ": " + why(e));
    }
    SigpipeBlock no_sigpipe;
    WriteOutcome w = write_all(fd.get(), bytes, deadline, limits.cancel_fd);
    if (w.cancelled) return cancelled_result(w.written);
    if (w.timed_out)
        return failure(PrintError::busy, "printer file " + path + " took " + std::to_string(w.written) + " of " +
                                             std::to_string(bytes.size()) + " bytes in time", w.written);
    if (w.written < bytes.size())
        return failure(PrintError::write_error, "cannot write printer file " + path + ": " + why(w.err), w.written);
    // A spool file is synced; a character device or FIFO (file:/dev/null, a pipe to
    // another program) has nothing to sync, and fsync's EINVAL there is no print failure.
    struct stat st{};
    bool regular = ::fstat(fd.get(), &st) == 0 && S_ISREG(st.st_mode);
    if (regular && ::fsync(fd.get()) != 0)
        return failure(PrintError::write_error, "cannot sync printer file " + path + ": " + why(errno), w.written);
    return {true, PrintError::none, {}, w.written};
}

// [SECTION] device --------------------------------------------------------------------

PrintResult open_failure(const std::string& path, int e) {
    if (e == ENOENT || e == ENXIO || e == ENODEV || e == ENOTDIR)
        return failure(PrintError::missing_device, "no printer at " + path + " (is it plugged in and switched on?)");
    if (e == EBUSY || e == EAGAIN)
        return failure(PrintError::busy, "printer " + path + " is in use by another program");
    return failure(PrintError::write_error, "cannot open printer " + path + ": " + why(e));
}

PrintResult write_failure(const std::string& path, const WriteOutcome& w, size_t total, bool paper_out) {
    size_t sent = w.written;
    if (w.cancelled) return cancelled_result(sent);
    if (paper_out) return failure(PrintError::paper_out, "printer " + path + " is out of paper", sent);
    if (w.timed_out && sent == 0)
        return failure(PrintError::busy, "printer " + path + " took no data in time (offline or busy)", sent);
    if (w.timed_out)
        return failure(PrintError::write_error, "printer " + path + " stopped taking data after " +
                                                    std::to_string(sent) + " of " + std::to_string(total) +
                                                    " bytes (paper jam, cover open, out of paper?)", sent);
    return failure(PrintError::write_error, "cannot write to printer " + path + ": " + why(w.err), sent);
}

PrintResult print_device(const std::string& path, const std::vector<uint8_t>& bytes, const PrintLimits& limits) {
    Deadline deadline(limits.total_ms);
    struct stat st{};
    if (::stat(path.c_str(), &st) != 0) return open_failure(path, errno);
    if (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))
        return failure(PrintError::write_error, path + " is not a device (for a file write file:" + path + ")");
    // Only a character device is asked for status: a FIFO opened for reading would
    // read back our own bytes.
    bool ask_status = S_ISCHR(st.st_mode) && ::access(path.c_str(), R_OK) == 0;
    int mode = ask_status ? O_RDWR : O_WRONLY;
    UniqueFd fd(::open(path.c_str(), mode | O_NOCTTY | O_NONBLOCK | O_CLOEXEC));
    if (fd.get() < 0) return open_failure(path, errno);
    SigpipeBlock no_sigpipe;
    WriteOutcome w = write_all(fd.get(), bytes, deadline, limits.cancel_fd);
    // Stopped part way: DLE EOT now would be read as raster data, so only the USB
    // class status is asked (it does not go through the data stream).
    if (w.written < bytes.size()) return write_failure(path, w, bytes.size(), usb_paper_empty(fd.get()));
    int status = ask_status ? paper_status(fd.get(), limits.status_ms) : -1;
    if (paper_end(status)) return failure(PrintError::paper_out, "printer " + path + " is out of paper", w.written);
    return {true, PrintError::none, {}, w.written};
}

// [SECTION] cups: ---------------------------------------------------------------------

// The lp child: killed and reaped by the destructor if still running, so no zombie and
// no stray lp outlive print_to.
class Child {
  public:
    explicit Child(pid_t pid) : m_pid(pid) {}
    ~Child() {
        if (m_pid <= 0) return;
        ::kill(m_pid, SIGKILL);
        while (::waitpid(m_pid, nullptr, 0) < 0 && errno == EINTR) {}
    }
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;
    // The exit status once the child has ended; -1 if it is still running at the deadline.
    int wait(const Deadline& deadline, int cancel_fd) {
        for (;;) {
            int status = 0;
            pid_t r = ::waitpid(m_pid, &status, WNOHANG);
            if (r == m_pid) {
                m_pid = -1;
                return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            }
            if (r < 0 && errno != EINTR) return -1;
            if (deadline.remaining_ms() == 0 || cancelled(cancel_fd)) return -1;
            ::poll(nullptr, 0, 10);
        }
    }

  private:
    pid_t m_pid;
};

// Reads what lp says (it names the problem on stderr) until EOF or the deadline.
std::string read_output(int fd, const Deadline& deadline, int cancel_fd) {
    std::string out;
    char buf[512];
    for (;;) {
        pollfd p[2] = {{fd, POLLIN, 0}, {cancel_fd, POLLIN, 0}};
        if (::poll(p, cancel_fd >= 0 ? 2 : 1, deadline.remaining_ms()) <= 0 || (p[1].revents & POLLIN)) break;
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        if (out.size() < 2000) out.append(buf, static_cast<size_t>(n));
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    return out;
}

// Starts `lp -d queue -o raw` with stdin from `in_read` and stdout+stderr to `out_write`.
int spawn_lp(const std::string& queue, int in_read, int out_write, pid_t& pid) {
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in_read, 0);
    posix_spawn_file_actions_adddup2(&fa, out_write, 1);
    posix_spawn_file_actions_adddup2(&fa, out_write, 2);
    std::string d = "-d", o = "-o", raw = "raw", lp = "lp", q = queue;
    char* argv[] = {lp.data(), d.data(), q.data(), o.data(), raw.data(), nullptr};
    int rc = posix_spawnp(&pid, "lp", &fa, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    return rc;
}

PrintResult print_cups(const std::string& queue, const std::vector<uint8_t>& bytes, const PrintLimits& limits) {
    if (queue.empty()) return failure(PrintError::missing_device, "no CUPS queue named after cups:");
    Deadline deadline(limits.total_ms);
    int in[2], out[2];
    if (::pipe2(in, O_CLOEXEC) != 0) return failure(PrintError::write_error, "pipe: " + why(errno));
    UniqueFd in_read(in[0]), in_write(in[1]);
    if (::pipe2(out, O_CLOEXEC) != 0) return failure(PrintError::write_error, "pipe: " + why(errno));
    UniqueFd out_read(out[0]), out_write(out[1]);
    pid_t pid = -1;
    if (int rc = spawn_lp(queue, in_read.get(), out_write.get(), pid); rc != 0)
        return failure(PrintError::missing_device,
                       rc == ENOENT ? "lp is not installed (Debian package cups-client)" : "cannot run lp: " + why(rc));
    Child child(pid);
    in_read.reset();
    out_write.reset();
    ::fcntl(in_write.get(), F_SETFL, O_NONBLOCK);
    SigpipeBlock no_sigpipe;
    WriteOutcome w = write_all(in_write.get(), bytes, deadline, limits.cancel_fd);
    if (w.cancelled) return cancelled_result(0);  // lp is killed unsubmitted: nothing reached the printer
    in_write.reset();  // EOF: lp submits the job
    std::string said = read_output(out_read.get(), deadline, limits.cancel_fd);
    int status = child.wait(deadline, limits.cancel_fd);
    if (status == -1 && cancelled(limits.cancel_fd)) return cancelled_result(0);
    if (status == -1) return failure(PrintError::busy, "lp did not finish in time for queue " + queue);
    if (status != 0 || w.written < bytes.size())
        return failure(PrintError::write_error, "lp failed for queue " + queue + (said.empty() ? "" : ": " + said));
    return {true, PrintError::none, {}, w.written};
}

}  // namespace

// [SECTION] print_to ------------------------------------------------------------------

PrintResult print_to(const std::string& device, const std::vector<uint8_t>& bytes, const PrintLimits& limits) {
    if (device.rfind("file:", 0) == 0) return print_file(device.substr(5), bytes, limits);
    if (device.rfind("cups:", 0) == 0) return print_cups(device.substr(5), bytes, limits);
    if (!device.empty() && device[0] == '/') return print_device(device, bytes, limits);
    return failure(PrintError::missing_device,
                   "printer address \"" + device + "\" is not file:PATH, cups:QUEUE or a /dev path");
}

const char* to_string(PrintError kind) {
    switch (kind) {
    case PrintError::none: return "none";
    case PrintError::missing_device: return "missing_device";
    case PrintError::write_error: return "write_error";
    case PrintError::paper_out: return "paper_out";
    case PrintError::busy: return "busy";
    }
    return "unknown";
}

}  // namespace wk::print
