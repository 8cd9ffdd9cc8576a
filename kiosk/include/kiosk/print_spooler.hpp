// Prints receipts off the UI thread, so a slow, missing or jammed printer never
// freezes the screen: one worker thread renders, encodes and sends one job at a time;
// the frame loop collects the outcomes. The spooler owns the thread and joins it.
// A job the printer took only part of leaves the printer mid-command: the spooler
// keeps, per device, the bytes that bring it back (print::resync_after) and sends
// them before the next job there. Closing cancels the job in progress at once.
#pragma once
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "print/device.hpp"
#include "print/receipt.hpp"

namespace wk {

struct PrintJob {
    int64_t id = 0;  // set by submit
    print::ReceiptData data;
    std::string device;
    int width_dots = print::kDots80mm;
};

// A job reports twice: once drawn (with the image, for the on-screen preview) and
// once sent (with the printer's answer).
struct PrintOutcome {
    int64_t job = 0;
    std::string code;                              // the receipt's code, for logs and the print record
    std::string device;
    bool sent = false;                             // false: drawn only, `result` not yet known
    std::shared_ptr<const print::Bitmap> image;    // the paper as drawn
    print::PrintResult result;
    std::vector<uint8_t> resync;                   // sent: what the device needs before its next job ("" clean)
};

class PrintSpooler {
  public:
    // `wake` is called from the worker after each job (e.g. to wake the window's wait).
    explicit PrintSpooler(std::function<void()> wake = {}, print::PrintLimits limits = {});
    ~PrintSpooler();
    PrintSpooler(const PrintSpooler&) = delete;
    PrintSpooler& operator=(const PrintSpooler&) = delete;

    int64_t submit(PrintJob job);
    std::vector<PrintOutcome> take_finished();
    // Blocks until every submitted job has finished or `limit_ms` passed (tests, scripts).
    bool wait_idle(int limit_ms);
    // Bytes `device` needs before its next job (kept across restarts by the caller).
    void set_resync(const std::string& device, std::vector<uint8_t> bytes);

  private:
    void run();
    PrintOutcome send(const PrintJob& job, std::shared_ptr<const print::Bitmap> image, const std::string& draw_error);
    std::function<void()> m_wake;
    print::PrintLimits m_limits;
    int m_cancel[2] = {-1, -1};  // a pipe: written once by the destructor, read end in m_limits
    std::map<std::string, std::vector<uint8_t>> m_resync;  // worker thread only, but set_resync: under m_mutex
    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::deque<PrintJob> m_queue;
    std::vector<PrintOutcome> m_done;
    int64_t m_next_id = 1;
    int m_pending = 0;
    bool m_stop = false;
    std::thread m_thread;  // last: started after every member above exists
};

}  // namespace wk
