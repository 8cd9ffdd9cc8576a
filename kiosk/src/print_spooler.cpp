// The print worker: render -> ESC/POS -> device, one job at a time.
#include "kiosk/print_spooler.hpp"

#include <chrono>

#include "platform/log.hpp"
#include "print/escpos.hpp"

namespace wk {

PrintSpooler::PrintSpooler(std::function<void()> wake) : m_wake(std::move(wake)), m_thread([this] { run(); }) {}

PrintSpooler::~PrintSpooler() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_cv.notify_all();
    m_thread.join();
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
        auto image = std::make_shared<const print::Bitmap>(r.image);
        {
            std::lock_guard lock(m_mutex);
            m_done.push_back({job.id, false, image, {}});
        }
        if (m_wake) m_wake();
        print::PrintResult result;
        if (!r.error.empty()) {
            result = {false, print::PrintError::write_error, "the receipt could not be drawn: " + r.error};
        } else {
            result = print::print_to(job.device, print::encode_escpos(r.image, true));
        }
        if (!result.ok) log::warn("printer: " + std::string(print::to_string(result.error_kind)) + ": " + result.message);
        {
            std::lock_guard lock(m_mutex);
            m_done.push_back({job.id, true, image, std::move(result)});
            --m_pending;
        }
        m_cv.notify_all();
        if (m_wake) m_wake();
    }
}

}  // namespace wk
