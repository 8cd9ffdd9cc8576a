// Receipt code encoding, check symbol and forgiving parsing.
#include "sync/receipt_code.hpp"

namespace wk::receipt {
namespace {

constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
// Scrambles the sequence so that two citizens served one after the other do not get
// codes that differ only in the last symbols. An odd multiplier is invertible mod 2^25.
constexpr uint32_t kMul = 0x0153A4B5u;  // odd
constexpr uint32_t kXor = 0x0A5C3E1u;

int value_of(char c) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    switch (c) {
    case 'O': return 0;
    case 'I':
    case 'L': return 1;
    case 'U': return -1;
    default: break;
    }
    for (int i = 0; i < 32; ++i)
        if (kAlphabet[i] == c) return i;
    return -1;
}

// Multiplication by alpha (= x) in GF(2^5) modulo the primitive x^5 + x^2 + 1.
uint32_t times_alpha(uint32_t v) {
    v <<= 1;
    if (v & 0x20u) v ^= 0x25u;
    return v & 0x1fu;
}

uint32_t chain(std::string_view symbols) {
    uint32_t acc = 0;
    for (char c : symbols) acc = times_alpha(acc) ^ static_cast<uint32_t>(value_of(c));
    return acc;
}

void put(std::string& out, uint32_t value, int digits) {
    for (int i = digits - 1; i >= 0; --i) out += kAlphabet[(value >> (5 * i)) & 0x1fu];
}

}  // namespace

char check_symbol(std::string_view symbols) { return kAlphabet[times_alpha(chain(symbols))]; }

std::string make(int kiosk_id, uint32_t sequence) {
    std::string s;
    put(s, static_cast<uint32_t>(kiosk_id) & 0x7fffu, 3);
    put(s, ((sequence * kMul) ^ kXor) & kMaxSequence, 5);
    s += check_symbol(s);
    return s;
}

uint32_t sequence_floor(int64_t now_ms) {
    if (now_ms <= kSequenceEpochMs) return 0;
    int64_t steps = (now_ms - kSequenceEpochMs) / kSequenceStepMs;
    return steps > static_cast<int64_t>(kMaxSequence) ? 0 : static_cast<uint32_t>(steps);
}

uint32_t sequence_of(std::string_view code) {
    uint32_t scrambled = 0;
    for (size_t i = 3; i < 8 && i < code.size(); ++i)
        scrambled = (scrambled << 5) | static_cast<uint32_t>(value_of(code[i]) & 0x1f);
    // kMul is odd, so it has an inverse mod 2^25 (Newton's iteration doubles the bits).
    uint32_t inv = kMul;
    for (int i = 0; i < 5; ++i) inv *= 2u - kMul * inv;
    return ((scrambled ^ kXor) * inv) & kMaxSequence;
}

std::string grouped(std::string_view code) {
    std::string out;
    for (size_t i = 0; i < code.size(); ++i) {
        if (i > 0 && i % 3 == 0) out += '-';
        out += code[i];
    }
    return out;
}

Parsed parse(std::string_view input) {
    Parsed p;
    // A lookup URL: take what follows the last "/lookup/".
    if (auto at = input.rfind("/lookup/"); at != std::string_view::npos) input = input.substr(at + 8);
    while (!input.empty() && (input.back() == '/' || input.back() == '\n' || input.back() == '\r'))
        input.remove_suffix(1);
    std::string code;
    for (char c : input) {
        if (c == '-' || c == ' ' || c == '\t') continue;
        int v = value_of(c);
        if (v < 0) {
            p.error = ParseError::bad_symbol;
            return p;
        }
        code += kAlphabet[v];
    }
    if (code.empty()) p.error = ParseError::empty;
    else if (code.size() != static_cast<size_t>(kLength)) p.error = ParseError::wrong_length;
    else if (chain(code) != 0) p.error = ParseError::bad_check;
    else p.code = code;
    return p;
}

int kiosk_of(std::string_view code) {
    int v = 0;
    for (int i = 0; i < 3 && i < static_cast<int>(code.size()); ++i) v = v * 32 + value_of(code[i]);
    return v;
}

}  // namespace wk::receipt
