// A thermal printer on a pseudo-terminal (raw mode) for the print tests: keeps every
// byte it reads, answers DLE EOT 4 with a status byte (or stays silent), and can stall
// after a number of bytes, reading none until resume(), as when the paper jams and its
// buffer is full. The slave end is held open so the queue outlives each writer.
#pragma once
#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace wk::test {

class PtyPrinter {
  public:
    // `answer`: the byte sent back to DLE EOT 4 (0x12: paper present), or none.
    // `stall_after`: bytes read before the printer stops reading.
    explicit PtyPrinter(std::optional<uint8_t> answer,
                        size_t stall_after = std::numeric_limits<size_t>::max())
        : m_answer(answer), m_stall_after(stall_after) {
        m_master = ::posix_openpt(O_RDWR | O_NOCTTY);
        if (m_master < 0 || ::grantpt(m_master) != 0 || ::unlockpt(m_master) != 0) return;
        m_path = ::ptsname(m_master);
        m_slave = ::open(m_path.c_str(), O_RDWR | O_NOCTTY);
        termios t{};
        ::tcgetattr(m_slave, &t);
        ::cfmakeraw(&t);
        ::tcsetattr(m_slave, TCSANOW, &t);
        m_thread = std::thread([this] { serve(); });
    }
    ~PtyPrinter() {
        stop();
        if (m_slave >= 0) ::close(m_slave);
        if (m_master >= 0) ::close(m_master);
    }
    PtyPrinter(const PtyPrinter&) = delete;
    PtyPrinter& operator=(const PtyPrinter&) = delete;

    // The device path to print to; empty when no pty could be made.
    const std::string& path() const { return m_path; }
    void resume() { m_resumed = true; }
    size_t received_count() const { return m_count; }
    // Stops serving and returns everything read.
    std::vector<uint8_t> stop() {
        m_stop = true;
        if (m_thread.joinable()) m_thread.join();
        std::lock_guard lock(m_mutex);
        return m_received;
    }

  private:
    void serve() {
        uint8_t buf[4096];
        while (!m_stop) {
            size_t room = m_resumed ? sizeof buf : std::min(sizeof buf, m_stall_after - m_count);
            pollfd p{m_master, POLLIN, 0};
            if (room == 0 || ::poll(&p, 1, 20) <= 0) {
                if (room == 0) ::poll(nullptr, 0, 10);
                continue;
            }
            ssize_t n = ::read(m_master, buf, room);
            if (n <= 0) {
                ::poll(nullptr, 0, 10);
                continue;
            }
            std::lock_guard lock(m_mutex);
            m_received.insert(m_received.end(), buf, buf + n);
            m_count = m_received.size();
            if (m_answer && asked()) (void)!::write(m_master, &*m_answer, 1);
        }
    }
    bool asked() const {
        size_t k = m_received.size();
        return k >= 3 && m_received[k - 3] == 0x10 && m_received[k - 2] == 0x04 && m_received[k - 1] == 0x04;
    }

    std::optional<uint8_t> m_answer;
    size_t m_stall_after;
    int m_master = -1, m_slave = -1;
    std::string m_path;
    std::atomic<bool> m_stop{false}, m_resumed{false};
    std::atomic<size_t> m_count{0};
    std::mutex m_mutex;
    std::vector<uint8_t> m_received;
    std::thread m_thread;
};

}  // namespace wk::test
