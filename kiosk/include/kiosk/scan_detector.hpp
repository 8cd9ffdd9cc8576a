// Tells a USB barcode scanner from a person on a keyboard. A scanner types a burst,
// each character within ~30 ms of the last, ending in Enter; people are far slower.
// Characters are held back briefly while they might be a burst, then delivered as
// typing. Plain C++, time passed in.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "platform/clock.hpp"

namespace wk {

struct KeyInput {
    enum class Kind { text, enter, backspace } kind = Kind::text;
    uint32_t codepoint = 0;
    UnixMs at = 0;
};

struct ScanOutput {
    enum class Kind { typed, enter, backspace, scan, rejected } kind;
    std::string text;  // typed text, the scanned text, or why a burst was rejected
};

class ScanDetector {
  public:
    static constexpr UnixMs kBurstGapMs = 30;
    static constexpr UnixMs kHoldMs = 60;      // a pause this long ends a possible burst
    static constexpr size_t kMinScan = 4;      // shorter bursts are typing
    static constexpr size_t kMaxScan = 256;

    void feed(const KeyInput& k, std::vector<ScanOutput>& out);
    void poll(UnixMs now, std::vector<ScanOutput>& out);  // releases held characters as typing
    bool holding() const { return !m_held.empty(); }

  private:
    void flush_as_typing(std::vector<ScanOutput>& out);
    std::vector<KeyInput> m_held;
    bool m_overlong = false, m_control = false;
};

}  // namespace wk
