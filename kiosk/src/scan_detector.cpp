// Burst detection for the barcode scanner.
#include "kiosk/scan_detector.hpp"

#include "platform/utf8.hpp"

namespace wk {

void ScanDetector::flush_as_typing(std::vector<ScanOutput>& out) {
    if (m_held.empty()) return;
    std::string s;
    for (const KeyInput& k : m_held)
        if (k.codepoint >= 0x20 && k.codepoint != 0x7f) utf8::append(s, k.codepoint);
    m_held.clear();
    m_overlong = m_control = false;
    if (!s.empty()) out.push_back({ScanOutput::Kind::typed, s});
}

void ScanDetector::feed(const KeyInput& k, std::vector<ScanOutput>& out) {
    bool in_burst = !m_held.empty() && k.at - m_held.back().at <= kBurstGapMs;
    if (!m_held.empty() && !in_burst) flush_as_typing(out);
    if (k.kind == KeyInput::Kind::enter) {
        if (in_burst && m_held.size() >= kMinScan) {
            ScanOutput o{ScanOutput::Kind::scan, {}};
            for (const KeyInput& h : m_held) utf8::append(o.text, h.codepoint);
            if (m_overlong) o = {ScanOutput::Kind::rejected, "too long"};
            else if (m_control) o = {ScanOutput::Kind::rejected, "control characters"};
            m_held.clear();
            m_overlong = m_control = false;
            out.push_back(std::move(o));
            return;
        }
        flush_as_typing(out);
        out.push_back({ScanOutput::Kind::enter, {}});
        return;
    }
    if (k.kind == KeyInput::Kind::backspace) {
        flush_as_typing(out);
        out.push_back({ScanOutput::Kind::backspace, {}});
        return;
    }
    if (k.codepoint < 0x20 || k.codepoint == 0x7f) m_control = true;
    if (m_held.size() >= kMaxScan) {
        // Past the limit the keys are dropped, but the burst goes on: time the next
        // gap from this key, or the tail of an over-long scan would come out as typing.
        m_overlong = true;
        m_held.back().at = k.at;
    } else {
        m_held.push_back(k);
    }
}

void ScanDetector::poll(UnixMs now, std::vector<ScanOutput>& out) {
    if (m_held.empty() || now - m_held.back().at < kHoldMs) return;
    if (m_held.size() >= kMinScan && (m_overlong || m_control)) {
        m_held.clear();
        m_overlong = m_control = false;
        out.push_back({ScanOutput::Kind::rejected, "burst without Enter"});
        return;
    }
    flush_as_typing(out);
}

}  // namespace wk
