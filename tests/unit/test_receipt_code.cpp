// Tests of receipt codes (sync/receipt_code.hpp): the alphabet and shape of make(),
// exhaustive error detection by the check symbol, forgiving parse(), grouping, and
// uniqueness across kiosks and sequences. Pure functions; no files.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sync/receipt_code.hpp"

namespace {

using wk::receipt::kLength;
using wk::receipt::kMaxKiosk;
using wk::receipt::kMaxSequence;
using wk::receipt::ParseError;

const std::string kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

// A spread of (kiosk, sequence) pairs: the edges and a deterministic pseudo-random fill.
std::vector<std::pair<int, uint32_t>> sample_pairs() {
    std::vector<std::pair<int, uint32_t>> out = {
        {1, 1}, {1, 2}, {1, kMaxSequence}, {kMaxKiosk, 1}, {kMaxKiosk, kMaxSequence}, {32, 32}, {1024, 1025}};
    uint64_t x = 0x9E3779B97F4A7C15ull;
    for (int i = 0; i < 300; ++i) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        int kiosk = 1 + static_cast<int>(x % kMaxKiosk);
        uint32_t seq = 1 + static_cast<uint32_t>((x >> 20) % kMaxSequence);
        out.emplace_back(kiosk, seq);
    }
    return out;
}

std::vector<std::string> sample_codes() {
    std::vector<std::string> out;
    for (auto [k, s] : sample_pairs()) out.push_back(wk::receipt::make(k, s));
    return out;
}

// Packs a 9-symbol code into 63 bits so a million of them sort cheaply.
uint64_t pack(const std::string& code) {
    uint64_t v = 0;
    for (char c : code) v = (v << 7) | static_cast<uint8_t>(c);
    return v;
}

TEST(ReceiptCode, MakeGivesNineCrockfordSymbols) {
    for (const std::string& code : sample_codes()) {
        ASSERT_EQ(code.size(), static_cast<size_t>(kLength)) << code;
        for (char c : code) {
            EXPECT_NE(kCrockford.find(c), std::string::npos) << "symbol '" << c << "' in " << code;
            EXPECT_TRUE(c != 'I' && c != 'L' && c != 'O' && c != 'U') << code;
        }
    }
}

TEST(ReceiptCode, MadeCodesParseBackToThemselves) {
    for (const std::string& code : sample_codes()) {
        auto p = wk::receipt::parse(code);
        EXPECT_EQ(p.error, ParseError::none) << code;
        EXPECT_EQ(p.code, code);
    }
}

TEST(ReceiptCode, CheckSymbolIsTheLastSymbol) {
    for (const std::string& code : sample_codes())
        EXPECT_EQ(wk::receipt::check_symbol(code.substr(0, kLength - 1)), code.back()) << code;
}

TEST(ReceiptCode, EverySingleSubstitutionIsRejected) {
    int tried = 0;
    for (const std::string& code : sample_codes()) {
        for (int pos = 0; pos < kLength; ++pos) {
            for (char c : kCrockford) {
                if (c == code[pos]) continue;
                std::string bad = code;
                bad[pos] = c;
                auto p = wk::receipt::parse(bad);
                ASSERT_EQ(p.error, ParseError::bad_check) << code << " -> " << bad;
                EXPECT_TRUE(p.code.empty());
                ++tried;
            }
        }
    }
    EXPECT_GT(tried, 300 * kLength * 31);
}

TEST(ReceiptCode, EveryAdjacentTranspositionIsRejected) {
    int tried = 0;
    for (const std::string& code : sample_codes()) {
        for (int pos = 0; pos + 1 < kLength; ++pos) {
            if (code[pos] == code[pos + 1]) continue;
            std::string bad = code;
            std::swap(bad[pos], bad[pos + 1]);
            ASSERT_EQ(wk::receipt::parse(bad).error, ParseError::bad_check) << code << " -> " << bad;
            ++tried;
        }
    }
    EXPECT_GT(tried, 1000);
}

// The same, exhaustively over symbol pairs: every code shape "..ab.." with a != b.
TEST(ReceiptCode, EveryTranspositionOfEverySymbolPairIsRejected) {
    const std::string base = wk::receipt::make(77, 12345);
    for (int pos = 0; pos + 1 < kLength - 1; ++pos) {  // within the 8 data symbols
        for (char a : kCrockford) {
            for (char b : kCrockford) {
                if (a == b) continue;
                std::string data = base.substr(0, kLength - 1);
                data[pos] = a;
                data[pos + 1] = b;
                std::string good = data + wk::receipt::check_symbol(data);
                ASSERT_EQ(wk::receipt::parse(good).error, ParseError::none) << good;
                std::string bad = good;
                std::swap(bad[pos], bad[pos + 1]);
                ASSERT_EQ(wk::receipt::parse(bad).error, ParseError::bad_check) << good << " -> " << bad;
            }
        }
    }
}

TEST(ReceiptCode, ParseIsCaseInsensitiveAndIgnoresHyphensAndSpaces) {
    for (const std::string& code : sample_codes()) {
        std::string lower = code;
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        EXPECT_EQ(wk::receipt::parse(lower).code, code);
        EXPECT_EQ(wk::receipt::parse(wk::receipt::grouped(lower)).code, code);
        std::string spaced = code.substr(0, 3) + " " + code.substr(3, 3) + "  " + code.substr(6);
        EXPECT_EQ(wk::receipt::parse(spaced).code, code) << spaced;
        std::string hyphens = "-" + code.substr(0, 1) + "--" + code.substr(1) + "-";
        EXPECT_EQ(wk::receipt::parse(hyphens).code, code) << hyphens;
    }
}

TEST(ReceiptCode, ParseMapsLookalikeLetters) {
    // Kiosk 1 begins "001", so its codes hold both a zero and a one.
    int seen = 0;
    for (uint32_t seq = 1; seq <= 50; ++seq) {
        std::string code = wk::receipt::make(1, seq);
        ASSERT_EQ(code.substr(0, 3), "001");
        for (const char* ones : {"I", "i", "L", "l"}) {
            for (const char* zero : {"O", "o"}) {
                std::string typed = code;
                for (char& c : typed) {
                    if (c == '0') c = zero[0];
                    else if (c == '1') c = ones[0];
                }
                auto p = wk::receipt::parse(typed);
                EXPECT_EQ(p.error, ParseError::none) << typed;
                EXPECT_EQ(p.code, code) << typed;
                ++seen;
            }
        }
    }
    EXPECT_EQ(seen, 50 * 8);
}

TEST(ReceiptCode, ParseAcceptsALookupUrl) {
    for (const std::string& code : sample_codes()) {
        EXPECT_EQ(wk::receipt::parse("http://127.0.0.1:8311/lookup/" + code).code, code);
        EXPECT_EQ(wk::receipt::parse("https://phananh.hanoi.gov.vn/lookup/" + wk::receipt::grouped(code)).code, code);
        EXPECT_EQ(wk::receipt::parse("http://host/a/b/lookup/" + code + "/").code, code);
        EXPECT_EQ(wk::receipt::parse("http://host/lookup/" + code + "\r\n").code, code);
    }
}

TEST(ReceiptCode, ParseReportsEachKindOfError) {
    const std::string code = wk::receipt::make(12, 345);
    EXPECT_EQ(wk::receipt::parse("").error, ParseError::empty);
    EXPECT_EQ(wk::receipt::parse(" - - ").error, ParseError::empty);
    EXPECT_EQ(wk::receipt::parse("http://host/lookup/").error, ParseError::empty);
    EXPECT_EQ(wk::receipt::parse(code.substr(0, 8)).error, ParseError::wrong_length);
    EXPECT_EQ(wk::receipt::parse(code + "0").error, ParseError::wrong_length);
    std::string with_u = code;
    with_u[4] = 'U';
    EXPECT_EQ(wk::receipt::parse(with_u).error, ParseError::bad_symbol);
    with_u[4] = 'u';
    EXPECT_EQ(wk::receipt::parse(with_u).error, ParseError::bad_symbol);
    EXPECT_EQ(wk::receipt::parse(code.substr(0, 4) + "*" + code.substr(5)).error, ParseError::bad_symbol);
    EXPECT_EQ(wk::receipt::parse(code.substr(0, 4) + "\xC3\xA9" + code.substr(5)).error, ParseError::bad_symbol);
    EXPECT_TRUE(wk::receipt::parse(with_u).code.empty());
}

TEST(ReceiptCode, GroupedSplitsIntoThrees) {
    EXPECT_EQ(wk::receipt::grouped("ABCDEFGHJ"), "ABC-DEF-GHJ");
    for (const std::string& code : sample_codes()) {
        std::string g = wk::receipt::grouped(code);
        ASSERT_EQ(g.size(), 11u);
        EXPECT_EQ(g[3], '-');
        EXPECT_EQ(g[7], '-');
        EXPECT_EQ(g.substr(0, 3) + g.substr(4, 3) + g.substr(8, 3), code);
    }
}

TEST(ReceiptCode, CodesAreUniqueAcrossKiosksAndSequences) {
    std::vector<uint64_t> all;
    all.reserve(50 * 20000 + 64);
    for (int kiosk = 1; kiosk <= 50; ++kiosk)
        for (uint32_t seq = 1; seq <= 20000; ++seq) all.push_back(pack(wk::receipt::make(kiosk, seq)));
    // The edges, each pair once: sequences 1 and 2 of kiosks past 50, the top of the
    // sequence range for every kiosk listed.
    for (int kiosk : {1, 2, 31, 32, 33, 50, 51, 1023, 1024, kMaxKiosk - 1, kMaxKiosk}) {
        for (uint32_t seq : {1u, 2u, 20001u, kMaxSequence - 1, kMaxSequence}) {
            if (kiosk <= 50 && seq <= 20000) continue;  // already in
            all.push_back(pack(wk::receipt::make(kiosk, seq)));
        }
    }
    ASSERT_EQ(all.size(), 50u * 20000u + 11u * 5u - 6u * 2u);
    std::sort(all.begin(), all.end());
    auto dup = std::adjacent_find(all.begin(), all.end());
    EXPECT_EQ(dup, all.end()) << "a receipt code was made twice";
}

TEST(ReceiptCode, WholeSequenceRangeOfOneKioskIsUniqueAtTheEnds) {
    // The scrambled sequence must stay a bijection right up to kMaxSequence.
    std::set<std::string> seen;
    for (uint32_t seq = 1; seq <= 5000; ++seq) EXPECT_TRUE(seen.insert(wk::receipt::make(9, seq)).second) << seq;
    for (uint32_t seq = kMaxSequence - 5000; seq <= kMaxSequence; ++seq)
        EXPECT_TRUE(seen.insert(wk::receipt::make(9, seq)).second) << seq;
}

// Across the whole 25-bit range: 300,000 distinct sequences spread over 1..kMaxSequence
// give 300,000 distinct codes (a scrambler that is 2-to-1 anywhere would show ~150
// collisions here), and sequences a power of two apart never collide.
TEST(ReceiptCode, SequencesAcrossTheWholeRangeGiveDistinctCodes) {
    std::vector<uint32_t> seqs;
    uint64_t x = 0x2545F4914F6CDD1Dull;
    for (int i = 0; i < 300000; ++i) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        seqs.push_back(1 + static_cast<uint32_t>(x % kMaxSequence));
    }
    std::sort(seqs.begin(), seqs.end());
    seqs.erase(std::unique(seqs.begin(), seqs.end()), seqs.end());
    std::vector<uint64_t> codes;
    for (uint32_t s : seqs) codes.push_back(pack(wk::receipt::make(321, s)));
    std::sort(codes.begin(), codes.end());
    EXPECT_EQ(std::adjacent_find(codes.begin(), codes.end()), codes.end()) << "two sequences share a code";

    for (uint32_t base : {1u, 2u, 12345u, 1000000u, 20000000u}) {
        for (int bit = 0; bit < 25; ++bit) {
            uint32_t other = base + (1u << bit);
            if (other > kMaxSequence) continue;
            EXPECT_NE(wk::receipt::make(321, base), wk::receipt::make(321, other)) << base << " and " << other;
        }
    }
}

TEST(ReceiptCode, ConsecutiveCodesDifferBeforeTheLastSequenceSymbol) {
    // Two citizens served one after the other should not get near-identical codes.
    for (uint32_t seq = 1; seq < 20000; ++seq) {
        std::string a = wk::receipt::make(5, seq), b = wk::receipt::make(5, seq + 1);
        EXPECT_NE(a.substr(3, 4), b.substr(3, 4)) << a << " " << b;
    }
}

TEST(ReceiptCode, KioskOfRoundTrips) {
    for (int kiosk = 1; kiosk <= kMaxKiosk; ++kiosk) {
        uint32_t seq = 1 + static_cast<uint32_t>(kiosk * 7919) % kMaxSequence;
        std::string code = wk::receipt::make(kiosk, seq);
        ASSERT_EQ(wk::receipt::kiosk_of(code), kiosk) << code;
    }
    EXPECT_EQ(wk::receipt::kiosk_of(wk::receipt::make(300, kMaxSequence)), 300);
}

// The sequence can be read back from a code (the portal and staff use it to tell how
// far a kiosk has numbered), for every pair of the sample.
TEST(ReceiptCode, SequenceOfInvertsMake) {
    for (const auto& [kiosk, seq] : sample_pairs())
        EXPECT_EQ(wk::receipt::sequence_of(wk::receipt::make(kiosk, seq)), seq) << kiosk << " " << seq;
}

// The clock's floor: 0 before 2026, one step each 10 s after, and not used once it
// would pass the last code (a clock set decades ahead must not use up the kiosk).
TEST(ReceiptCode, SequenceFloorStepsEveryTenSecondsFrom2026) {
    using wk::receipt::kSequenceEpochMs;
    EXPECT_EQ(wk::receipt::sequence_floor(0), 0u);
    EXPECT_EQ(wk::receipt::sequence_floor(kSequenceEpochMs), 0u);
    EXPECT_EQ(wk::receipt::sequence_floor(kSequenceEpochMs + 9999), 0u);
    EXPECT_EQ(wk::receipt::sequence_floor(kSequenceEpochMs + 10000), 1u);
    EXPECT_EQ(wk::receipt::sequence_floor(kSequenceEpochMs + 365LL * 86400000), 3153600u);
    EXPECT_EQ(wk::receipt::sequence_floor(kSequenceEpochMs + 40 * 365LL * 86400000), 0u);
}

}  // namespace
