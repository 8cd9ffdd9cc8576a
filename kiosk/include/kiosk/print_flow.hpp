// The printer's part of the kiosk, composed by App: starting a receipt's job on the
// spooler, what the citizen is told when the printer answers (PrintView), and what
// the store keeps of it: the printer's state for the agent's health report, what
// came of each receipt's printing (staff reprint today's failures with one tap), and
// the bytes a jammed printer still needs before its next job, so that a restart of
// the kiosk after a jam does not garble the next receipt either.
// Plain C++: no ImGui, time passed in.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "kiosk/print_spooler.hpp"
#include "platform/clock.hpp"
#include "sync/store.hpp"

namespace wk {

// What the citizen sees of the printer, on the receipt and on a lookup's reprint.
struct PrintView {
    enum class Status { none, printing, printed, failed } status = Status::none;
    std::string message;                  // msgid of the outcome
    int64_t job = 0;
    std::string code;                     // the receipt being printed
    std::shared_ptr<const print::Bitmap> preview;  // the paper as drawn, once the worker has it
};

class PrintFlow {
  public:
    // `spooler` null or `device` "": a kiosk without a printer.
    PrintFlow(Store& store, PrintSpooler* spooler, std::string device, int width_dots);

    bool available() const { return m_spooler && !m_device.empty(); }
    const PrintView& view() const { return m_view; }
    // A new citizen: outcomes of earlier jobs are still recorded, no longer shown.
    void forget_view() { m_view = PrintView{}; }
    void start(print::ReceiptData data);
    // Every finished job is recorded; the current one also changes the view. True when
    // the view changed.
    bool poll(UnixMs now);
    bool wait_idle(int limit_ms);         // scripts and tests: let the worker finish (then poll)
    // "ok", "paper_out", "missing", "error", "none"; "" before anything was printed.
    std::string printer_state();
    // Receipts filed here since `from` that did not come out (store errors: none listed).
    std::vector<UnprintedReceipt> unprinted_since(UnixMs from);

  private:
    void note_state(const std::string& state);  // kv "kiosk.printer" when it changes
    void record(const PrintOutcome& o, UnixMs now);
    void keep_resync(const PrintOutcome& o);    // kv "kiosk.printer_resync"
    Store& m_store;
    PrintSpooler* m_spooler;
    std::string m_device;
    int m_width_dots;
    std::string m_state;                  // last written to kv "kiosk.printer"
    PrintView m_view;
};

}  // namespace wk
