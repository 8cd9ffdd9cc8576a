// The print worker: render -> ESC/POS -> device, one job at a time, each preceded by
// what its device still needs after an interrupted job (print::resync_after).
#include "kiosk/print_spooler.hpp"

#include <chrono>
#include <fcntl.h>
#include <unistd.h>

#include "platform/log.hpp"
#include "print/escpos.hpp"

namespace wk {

PrintSpooler::PrintSpooler(std::function<void()> wake, print::PrintLimits limits)
    : m_wake(std::move(wake)), m_limits(limits) {
    if (::pipe2(m_cancel, O_CLOEXEC | O_NONBLOCK) == 0) m_limits.cancel_fd = m_cancel[0];
    m_thread = std::thread([this] { run(); });
}

PrintSpooler::~PrintSpooler() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_cv.notify_all();
    if (m_cancel[1] >= 0) {
        const char stop = 1;
        (void)!::write(m_cancel[1], &stop, 1);  // the job in progress gives up at once
    }
    m_thread.join();
    for (int fd : m_cancel)
        if (fd >= 0) ::close(fd);
}

int64_t PrintSpooler::submit(PrintJob job) {
    std::lock_guard lock(m_mutex);
    job.id = m_next_id++;
    ++m_pending;
    m_queue.push_back(std::move(job));
    m_cv.notify_all();
    return m_queue.back().id;
}

std::vector<PrintOutcome> PrintSpooler::take_finished() {
    std::lock_guard lock(m_mutex);
    std::vector<PrintOutcome> out;
    out.swap(m_done);
    return out;
}

bool PrintSpooler::wait_idle(int limit_ms) {
    std::unique_lock lock(m_mutex);
    return m_cv.wait_for(lock, std::chrono::milliseconds(limit_ms), [this] { return m_pending == 0; });
}

void PrintSpooler::set_resync(const std::string& device, std::vector<uint8_t> bytes) {
    std::lock_guard lock(m_mutex);
    m_resync[device] = std::move(bytes);
}

// Sends one drawn job after its device's pending resync bytes. The printer holds the
// resync's bytes it took and, past them, the job's: what is left to bring it back is
// the rest of the resync, or resync_after of the job.
PrintOutcome PrintSpooler::send(const PrintJob& job, std::shared_ptr<const print::Bitmap> image,
                                const std::string& draw_error) {
    PrintOutcome o{job.id, job.data.code, job.device, true, std::move(image), {}, {}};
    if (!draw_error.empty()) {
        o.result = {false, print::PrintError::write_error, "the receipt could not be drawn: " + draw_error};
        return o;
    }
    std::vector<uint8_t> prefix;
    {
        std::lock_guard lock(m_mutex);
        prefix = m_resync[job.device];
    }
    std::vector<uint8_t> bytes = print::encode_escpos(*o.image, true);
    std::vector<uint8_t> stream = prefix;
    stream.insert(stream.end(), bytes.begin(), bytes.end());
    o.result = print::print_to(job.device, stream, m_limits);
    size_t sent = o.result.sent;
    if (sent < prefix.size()) o.resync.assign(prefix.begin() + static_cast<long>(sent), prefix.end());
    else o.resync = print::resync_after(bytes, sent - prefix.size());
    o.result.sent = sent >= prefix.size() ? sent - prefix.size() : 0;  // of this job's own bytes
    std::lock_guard lock(m_mutex);
    m_resync[job.device] = o.resync;
    return o;
}

void PrintSpooler::run() {
    for (;;) {
        PrintJob job;
        {
            std::unique_lock lock(m_mutex);
            m_cv.wait(lock, [this] { return m_stop || !m_queue.empty(); });
            if (m_stop) return;
            job = std::move(m_queue.front());
            m_queue.pop_front();
        }
        print::RenderedReceipt r = print::render_receipt(job.data, job.width_dots);
        auto image = std::make_shared<const print::Bitmap>(std::move(r.image));
        {
            std::lock_guard lock(m_mutex);
            m_done.push_back({job.id, job.data.code, job.device, false, image, {}, {}});
        }
        if (m_wake) m_wake();
        PrintOutcome sent = send(job, image, r.error);
        if (!sent.result.ok)
            log::warn("printer: receipt " + job.data.code + " not printed: " + print::to_string(sent.result.error_kind) +
                      ": " + sent.result.message);
        {
            std::lock_guard lock(m_mutex);
            m_done.push_back(std::move(sent));
            --m_pending;
        }
        m_cv.notify_all();
        if (m_wake) m_wake();
    }
}

}  // namespace wk
