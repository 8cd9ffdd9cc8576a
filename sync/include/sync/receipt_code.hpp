// Receipt codes: made on the kiosk with no network, unique across a province's kiosks
// without coordination. Nine Crockford base32 symbols: 3 for the kiosk number, 5 for a
// scrambled per-kiosk sequence, 1 check symbol. The check is a Damm-style chain over
// GF(32) (x -> alpha*x + d), which catches every single-symbol error and every
// transposition of neighbours, and stays within the 32 typeable symbols.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace wk::receipt {

constexpr int kLength = 9;
constexpr int kMaxKiosk = 32767;
constexpr uint32_t kMaxSequence = (1u << 25) - 1;  // 33,554,431 reports a kiosk

// Where a kiosk's sequence stands by the clock: one step every kSequenceStepMs since
// kSequenceEpoch (2026-01-01T00:00:00Z), 0 before it. Every store, new or old, numbers a
// report max(its last + 1, this), so a reinstalled PC, a replaced disk or a restored
// backup starts past every code its kiosk gave out before (a ward office files far
// fewer than one report every 10 s for long; see the README's "Receipt codes"). The
// 2^25 codes last until about 2036 of clock time. A clock past that is not used.
constexpr int64_t kSequenceEpochMs = 1767225600000;  // 2026-01-01T00:00:00Z
constexpr int64_t kSequenceStepMs = 10000;
uint32_t sequence_floor(int64_t now_ms);

// The sequence a valid code was made from (the inverse of make's scrambling).
uint32_t sequence_of(std::string_view code);

// The code for the kiosk's `sequence`-th report (sequence from 1). Upper case, no hyphens.
std::string make(int kiosk_id, uint32_t sequence);

// "ABC-DEF-GHJ": groups of three for reading aloud.
std::string grouped(std::string_view code);

// The check symbol for a string of base32 symbols (no check symbol in it).
char check_symbol(std::string_view symbols);

enum class ParseError { none, empty, bad_symbol, wrong_length, bad_check };

struct Parsed {
    std::string code;  // canonical form when error == none
    ParseError error = ParseError::none;
};

// Accepts a typed or scanned code: case-insensitive, hyphens and spaces ignored,
// O->0 and I/L->1; or a lookup URL ".../lookup/<CODE>" (with any host).
Parsed parse(std::string_view input);

// The kiosk number encoded in a valid code.
int kiosk_of(std::string_view code);

}  // namespace wk::receipt
