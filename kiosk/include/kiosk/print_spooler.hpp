// Prints receipts off the UI thread, so a slow, missing or jammed printer never
// freezes the screen: one worker thread renders, encodes and sends one job at a time;
// the frame loop collects the outcomes. The spooler owns the thread and joins it.
#pragma once
#include <condition_variable>
#include <deque>
#include <functional>
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
    bool sent = false;                             // false: drawn only, `result` not yet known
    std::shared_ptr<const print::Bitmap> image;    // the paper as drawn
    print::PrintResult result;
};

class PrintSpooler {
  public:
    // `wake` is called from the worker after each job (e.g. to wake the window's wait).
    explicit PrintSpooler(std::function<void()> wake = {});
    ~PrintSpooler();
    PrintSpooler(const PrintSpooler&) = delete;
    PrintSpooler& operator=(const PrintSpooler&) = delete;

    int64_t submit(PrintJob job);
    std::vector<PrintOutcome> take_finished();
    // Blocks until every submitted job has finished or `limit_ms` passed (tests, scripts).
    bool wait_idle(int limit_ms);

  private:
    void run();
    std::function<void()> m_wake;
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
