// PrintFlow: jobs on the spooler, their outcomes in the view and in the store.
#include "kiosk/print_flow.hpp"

#include "kiosk/strings.hpp"
#include "platform/log.hpp"
#include "print/escpos.hpp"

namespace wk {

namespace {

constexpr const char* kResyncKey = "kiosk.printer_resync";  // "<device>\n<hex bytes>"

std::string hex(const std::vector<uint8_t>& bytes) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (uint8_t b : bytes) out += {digits[b >> 4], digits[b & 15]};
    return out;
}

std::vector<uint8_t> unhex(const std::string& s) {
    auto nibble = [](char c) { return c >= 'a' ? c - 'a' + 10 : c - '0'; };
    std::vector<uint8_t> out;
    for (size_t i = 0; i + 1 < s.size(); i += 2) out.push_back(static_cast<uint8_t>(nibble(s[i]) << 4 | nibble(s[i + 1])));
    return out;
}

const char* state_of(const print::PrintResult& r) {
    if (r.ok) return "ok";
    if (r.error_kind == print::PrintError::paper_out) return "paper_out";
    if (r.error_kind == print::PrintError::missing_device) return "missing";
    return "error";
}

const char* message_of(const print::PrintResult& r) {
    if (r.ok) return N_("Receipt printed. Please take it from the printer.");
    if (r.error_kind == print::PrintError::paper_out)
        return N_("The printer is out of paper. Your code stays on this screen; the ward officer can print it again later.");
    if (r.error_kind == print::PrintError::missing_device)
        return N_("The printer is not connected. Your code stays on this screen; the ward officer can print it again later.");
    return N_("The receipt could not be printed. Your code stays on this screen; the ward officer can print it again later.");
}

}  // namespace

PrintFlow::PrintFlow(Store& store, PrintSpooler* spooler, std::string device, int width_dots)
    : m_store(store), m_spooler(spooler), m_device(std::move(device)), m_width_dots(width_dots) {
    if (!available()) {
        note_state("none");  // the agent reports what the kiosk has
        return;
    }
    try {  // a jam before the last restart: the printer may still be in the middle of a band
        std::string kept = m_store.value(kResyncKey).value_or("");
        size_t nl = kept.find('\n');
        if (nl != std::string::npos && kept.substr(0, nl) == m_device)
            m_spooler->set_resync(m_device, unhex(kept.substr(nl + 1)));
    } catch (const db::Error& e) {
        log::error(std::string("printer resync: ") + e.what());
    }
}

void PrintFlow::start(print::ReceiptData data) {
    if (!available()) return;
    std::string code = data.code;
    m_view = {PrintView::Status::printing, N_("Printing your receipt…"), 0, code, m_view.preview};
    m_view.job = m_spooler->submit({0, std::move(data), m_device, m_width_dots});
}

bool PrintFlow::poll(UnixMs now) {
    if (!m_spooler) return false;
    bool changed = false;
    for (PrintOutcome& o : m_spooler->take_finished()) {
        if (o.sent) record(o, now);
        if (o.job != m_view.job) continue;  // a job of a session that has ended
        changed = true;
        m_view.preview = std::move(o.image);
        if (!o.sent) continue;
        m_view.status = o.result.ok ? PrintView::Status::printed : PrintView::Status::failed;
        m_view.message = message_of(o.result);
    }
    return changed;
}

bool PrintFlow::wait_idle(int limit_ms) { return !m_spooler || m_spooler->wait_idle(limit_ms); }

void PrintFlow::record(const PrintOutcome& o, UnixMs now) {
    note_state(state_of(o.result));
    keep_resync(o);
    if (o.code.empty()) return;
    try {
        m_store.record_print(o.code, o.result.ok, o.result.ok ? "" : state_of(o.result), now);
    } catch (const db::Error& e) {
        log::error("print record of " + o.code + ": " + e.what());
    }
}

void PrintFlow::keep_resync(const PrintOutcome& o) {
    try {
        std::string kept = m_store.value(kResyncKey).value_or("");
        std::string now = o.resync.empty() ? "" : o.device + "\n" + hex(o.resync);
        if (kept != now) m_store.set_value(kResyncKey, now);
    } catch (const db::Error& e) {
        log::error(std::string("printer resync: ") + e.what());
    }
}

void PrintFlow::note_state(const std::string& state) {
    if (state == m_state) return;
    try {
        m_store.set_value("kiosk.printer", state);
        m_state = state;
    } catch (const db::Error& e) {
        log::error(std::string("printer state: ") + e.what());
    }
}

std::string PrintFlow::printer_state() {
    if (!m_state.empty()) return m_state;
    try {
        return m_store.value("kiosk.printer").value_or("");
    } catch (const db::Error& e) {
        return "";
    }
}

std::vector<UnprintedReceipt> PrintFlow::unprinted_since(UnixMs from) {
    if (!available()) return {};
    try {
        return m_store.unprinted_since(from, 50);
    } catch (const db::Error& e) {
        log::error(std::string("unprinted receipts: ") + e.what());
        return {};
    }
}

}  // namespace wk
