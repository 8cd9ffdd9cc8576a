// Telling the barcode scanner from a person (kiosk/scan_detector.hpp): a scanner's
// burst ending in Enter is one scan; anything slower is typing, delivered in order;
// bursts that cannot be receipts are refused. Time is passed in, so no sleeping.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kiosk/scan_detector.hpp"

namespace {

using wk::KeyInput;
using wk::ScanDetector;
using wk::ScanOutput;
using wk::UnixMs;
using Kind = ScanOutput::Kind;

// Feeds `text` one code point (ASCII here) every `gap` ms from `start`, then Enter
// `gap` ms later when asked; returns everything the detector gave out.
struct Keyboard {
    ScanDetector det;
    UnixMs now = 1'000'000;
    std::vector<ScanOutput> out;

    void type(const std::string& text, UnixMs gap) {
        for (unsigned char c : text) {
            now += gap;
            det.feed({KeyInput::Kind::text, c, now}, out);
        }
    }
    void enter(UnixMs gap) {
        now += gap;
        det.feed({KeyInput::Kind::enter, 0, now}, out);
    }
    void backspace(UnixMs gap) {
        now += gap;
        det.feed({KeyInput::Kind::backspace, 0, now}, out);
    }
    void poll(UnixMs after) { det.poll(now + after, out); }

    std::string typed() const {
        std::string s;
        for (const auto& o : out)
            if (o.kind == Kind::typed) s += o.text;
        return s;
    }
    int count(Kind k) const {
        int n = 0;
        for (const auto& o : out) n += o.kind == k;
        return n;
    }
};

TEST(ScanDetector, AScannersBurstEndingInEnterIsOneScan) {
    Keyboard kb;
    kb.type("https://phananh.hanoi.example/lookup/07A2KQ9XM", 5);
    kb.enter(5);
    ASSERT_EQ(kb.out.size(), 1u);
    EXPECT_EQ(kb.out[0].kind, Kind::scan);
    EXPECT_EQ(kb.out[0].text, "https://phananh.hanoi.example/lookup/07A2KQ9XM");
    EXPECT_FALSE(kb.det.holding());
}

TEST(ScanDetector, TwoScansInARowAreTwoScans) {
    Keyboard kb;
    kb.type("ABCDEFGHJ", 5);
    kb.enter(5);
    kb.now += 500;
    kb.type("KMNPQRSTV", 5);
    kb.enter(5);
    ASSERT_EQ(kb.count(Kind::scan), 2);
    EXPECT_EQ(kb.out[0].text, "ABCDEFGHJ");
    EXPECT_EQ(kb.out[1].text, "KMNPQRSTV");
}

TEST(ScanDetector, SlowTypingThenEnterIsTypingAndEnterNeverAScan) {
    Keyboard kb;
    kb.type("ABCDEFGHJ", 150);
    kb.enter(150);
    EXPECT_EQ(kb.count(Kind::scan), 0);
    EXPECT_EQ(kb.count(Kind::rejected), 0);
    EXPECT_EQ(kb.typed(), "ABCDEFGHJ");
    ASSERT_FALSE(kb.out.empty());
    EXPECT_EQ(kb.out.back().kind, Kind::enter);
    EXPECT_FALSE(kb.det.holding());
}

TEST(ScanDetector, TypingComesOutInTheOrderItWasTyped) {
    Keyboard kb;
    kb.type("ab", 150);
    kb.backspace(150);
    kb.type("c", 150);
    kb.enter(150);
    ASSERT_EQ(kb.out.size(), 5u);
    EXPECT_EQ(kb.out[0].kind, Kind::typed);
    EXPECT_EQ(kb.out[0].text, "a");
    EXPECT_EQ(kb.out[1].text, "b");
    EXPECT_EQ(kb.out[2].kind, Kind::backspace);
    EXPECT_EQ(kb.out[3].kind, Kind::typed);  // "c" was held until Enter ...
    EXPECT_EQ(kb.out[3].text, "c");
    EXPECT_EQ(kb.out[4].kind, Kind::enter);  // ... and comes out before it
}

TEST(ScanDetector, ABurstWithControlCharactersIsRefused) {
    Keyboard kb;
    kb.type("ABC", 5);
    kb.type(std::string(1, '\x01'), 5);
    kb.type("DEFGH", 5);
    kb.enter(5);
    ASSERT_EQ(kb.out.size(), 1u);
    EXPECT_EQ(kb.out[0].kind, Kind::rejected);
    EXPECT_EQ(kb.typed(), "");
}

TEST(ScanDetector, AnOverLongBurstIsRefused) {
    Keyboard kb;
    kb.type(std::string(300, 'A'), 5);
    kb.enter(5);
    ASSERT_EQ(kb.out.size(), 1u) << "part of the burst came out as typing: \"" << kb.typed() << "\"";
    EXPECT_EQ(kb.out[0].kind, Kind::rejected);
    EXPECT_EQ(kb.typed(), "");
    EXPECT_FALSE(kb.det.holding());

    Keyboard no_enter;  // the same without Enter: refused once the burst stops
    no_enter.type(std::string(300, 'A'), 5);
    no_enter.poll(ScanDetector::kHoldMs);
    EXPECT_EQ(no_enter.typed(), "");
    EXPECT_EQ(no_enter.count(Kind::rejected), 1);

    Keyboard at_limit;  // 256 symbols is still a scan
    at_limit.type(std::string(ScanDetector::kMaxScan, 'B'), 5);
    at_limit.enter(5);
    ASSERT_EQ(at_limit.out.size(), 1u);
    EXPECT_EQ(at_limit.out[0].kind, Kind::scan);
    EXPECT_EQ(at_limit.out[0].text.size(), ScanDetector::kMaxScan);
}

TEST(ScanDetector, AShortBurstIsTypingNotAScan) {
    Keyboard kb;
    kb.type("abc", 5);  // a quick hand on three keys
    kb.enter(5);
    EXPECT_EQ(kb.count(Kind::scan), 0);
    EXPECT_EQ(kb.typed(), "abc");
    ASSERT_FALSE(kb.out.empty());
    EXPECT_EQ(kb.out.back().kind, Kind::enter);
}

TEST(ScanDetector, HeldCharactersAreReleasedAsTypingAfterAPause) {
    Keyboard kb;
    kb.type("x", 150);
    EXPECT_TRUE(kb.det.holding());
    kb.poll(ScanDetector::kHoldMs - 1);
    EXPECT_TRUE(kb.out.empty());
    kb.poll(ScanDetector::kHoldMs);
    ASSERT_EQ(kb.out.size(), 1u);
    EXPECT_EQ(kb.out[0].kind, Kind::typed);
    EXPECT_EQ(kb.out[0].text, "x");
    EXPECT_FALSE(kb.det.holding());
    kb.poll(1000);  // nothing twice
    EXPECT_EQ(kb.out.size(), 1u);
}

TEST(ScanDetector, ABurstWithoutEnterIsTypedIfCleanAndRefusedIfNot) {
    Keyboard clean;
    clean.type("ABCDEFGHJ", 5);
    clean.poll(ScanDetector::kHoldMs);
    EXPECT_EQ(clean.typed(), "ABCDEFGHJ");

    Keyboard dirty;
    dirty.type("ABCD\x02" "EFGH", 5);
    dirty.poll(ScanDetector::kHoldMs);
    EXPECT_EQ(dirty.typed(), "");
    EXPECT_EQ(dirty.count(Kind::rejected), 1);
}

TEST(ScanDetector, VietnameseLettersFromAKeyboardArriveAsUtf8) {
    ScanDetector det;
    std::vector<ScanOutput> out;
    UnixMs t = 0;
    for (uint32_t cp : {0x0110u, 0x01B0u, 0x1EDDu, 0x006Eu, 0x0067u})  // Đường
        det.feed({KeyInput::Kind::text, cp, t += 150}, out);
    det.poll(t + 1000, out);
    std::string s;
    for (const auto& o : out) s += o.text;
    EXPECT_EQ(s, "Đường");
}

}  // namespace
