// Ward officers' accounts and the PIN gate (sync/src/staff.cpp) on real files: argon2id
// hashes, the staff file written by add_staff_account (0640, no PIN in clear, no
// duplicate ids), and the lockout after five wrong PINs, kept in the store so that a
// restarted kiosk (a new Store and StaffGate on the same file) is still locked.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <iterator>

#include "sync/staff.hpp"
#include "sync/store.hpp"
#include "temp_dir.hpp"

namespace {
using namespace wk;
constexpr UnixMs kT0 = 1772413200000;  // 2026-03-02T01:00:00Z
constexpr UnixMs kMinute = 60000;

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

class StaffTest : public ::testing::Test {
  protected:
    test::TempDir dir;
    std::string staff_file = dir.file("staff.toml");
    std::string db_path = dir.file("kiosk.db");

    std::vector<StaffAccount> accounts() {
        std::string error;
        auto a = load_staff_file(staff_file, error);
        EXPECT_EQ(error, "");
        return a;
    }
};

TEST(StaffPin, HashIsArgon2idAndVerifiesOnlyTheSamePin) {
    std::string h = hash_pin("2468");
    EXPECT_EQ(h.rfind("$argon2id$", 0), 0u) << h;
    EXPECT_EQ(h.find("2468"), std::string::npos);
    EXPECT_TRUE(verify_pin(h, "2468"));
    EXPECT_FALSE(verify_pin(h, "2469"));
    EXPECT_FALSE(verify_pin("", "2468"));
    EXPECT_FALSE(verify_pin("not a hash", "2468"));
    EXPECT_NE(hash_pin("2468"), h);  // salted
}

TEST(StaffPin, ValidPinsAreFourToTwelveDigits) {
    EXPECT_TRUE(valid_pin("0000"));
    EXPECT_TRUE(valid_pin("123456789012"));
    EXPECT_FALSE(valid_pin("123"));
    EXPECT_FALSE(valid_pin("1234567890123"));
    EXPECT_FALSE(valid_pin("12a4"));
    EXPECT_FALSE(valid_pin("１２３４"));  // full-width digits are not ASCII digits
    EXPECT_FALSE(valid_pin(""));
}

TEST_F(StaffTest, MissingFileMeansNoAccounts) {
    EXPECT_TRUE(accounts().empty());
}

TEST_F(StaffTest, AddedAccountsLoadBackWithoutThePinInTheFile) {
    ASSERT_EQ(add_staff_account(staff_file, "cb-01", "Nguyễn Thị \"Hoa\"", "975310"), "");
    ASSERT_EQ(add_staff_account(staff_file, "cb-02", "Trần Văn Nam", "864200"), "");
    std::string text = slurp(staff_file);
    EXPECT_EQ(text.find("975310"), std::string::npos);
    EXPECT_EQ(text.find("864200"), std::string::npos);
    struct stat st{};
    ASSERT_EQ(::stat(staff_file.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0640u);
    auto a = accounts();
    ASSERT_EQ(a.size(), 2u);
    EXPECT_EQ(a[0].id, "cb-01");
    EXPECT_EQ(a[0].name, "Nguyễn Thị \"Hoa\"");
    EXPECT_TRUE(verify_pin(a[0].pin_hash, "975310"));
    EXPECT_TRUE(verify_pin(a[1].pin_hash, "864200"));
}

TEST_F(StaffTest, DuplicateIdsBadPinsAndBadIdsAreRefusedAndNothingIsWritten) {
    ASSERT_EQ(add_staff_account(staff_file, "cb-01", "Hoa", "975310"), "");
    std::string before = slurp(staff_file);
    EXPECT_NE(add_staff_account(staff_file, "cb-01", "Someone else", "111111"), "");
    EXPECT_NE(add_staff_account(staff_file, "cb-02", "Nam", "12"), "");
    EXPECT_NE(add_staff_account(staff_file, "cb 02", "Nam", "123456"), "");
    EXPECT_NE(add_staff_account(staff_file, "cb-02", "", "123456"), "");
    EXPECT_EQ(slurp(staff_file), before);
}

TEST_F(StaffTest, AppendsToAHandWrittenFileWithoutATrailingNewline) {
    {
        std::ofstream f(staff_file);
        f << "# officers of Phường Điện Biên";
    }
    ASSERT_EQ(add_staff_account(staff_file, "cb-01", "Hoa", "975310"), "");
    EXPECT_EQ(accounts().size(), 1u);
}

TEST_F(StaffTest, ABrokenFileIsAnError) {
    {
        std::ofstream f(staff_file);
        f << "[[staff]]\nid = \"cb-01\"\nname = \"Hoa\"\n";  // no pin_hash
    }
    std::string error;
    EXPECT_TRUE(load_staff_file(staff_file, error).empty());
    EXPECT_NE(error, "");
}

TEST_F(StaffTest, RightPinOpensAndResetsTheCount) {
    ASSERT_EQ(add_staff_account(staff_file, "cb-01", "Hoa", "975310"), "");
    Store store = Store::open(db_path);
    StaffGate gate(store, accounts());
    PinResult wrong = gate.try_pin("000000", kT0);
    EXPECT_FALSE(wrong.ok);
    EXPECT_EQ(wrong.tries_left, 4);
    PinResult right = gate.try_pin("975310", kT0);
    ASSERT_TRUE(right.ok);
    ASSERT_TRUE(right.account);
    EXPECT_EQ(right.account->id, "cb-01");
    EXPECT_EQ(gate.try_pin("000000", kT0).tries_left, 4);  // counted afresh
}

TEST_F(StaffTest, FiveWrongPinsLockForFiveMinutesEvenAcrossARestart) {
    ASSERT_EQ(add_staff_account(staff_file, "cb-01", "Hoa", "975310"), "");
    {
        Store store = Store::open(db_path);
        StaffGate gate(store, accounts());
        for (int i = 0; i < 4; ++i) EXPECT_EQ(gate.try_pin("1111", kT0 + i).tries_left, 4 - i);
        PinResult fifth = gate.try_pin("1111", kT0 + 4);
        EXPECT_FALSE(fifth.ok);
        EXPECT_EQ(fifth.locked_until, kT0 + 4 + StaffGate::kLockMs);
        auto log = store.audit_log(10);
        ASSERT_EQ(log.size(), 1u);
        EXPECT_EQ(log[0].action, "pin_locked");
    }
    Store store = Store::open(db_path);  // the kiosk restarted
    StaffGate gate(store, accounts());
    EXPECT_EQ(gate.locked_until(kT0 + kMinute), kT0 + 4 + StaffGate::kLockMs);
    PinResult locked = gate.try_pin("975310", kT0 + kMinute);  // the right PIN, not even checked
    EXPECT_FALSE(locked.ok);
    EXPECT_GT(locked.locked_until, kT0 + kMinute);
    EXPECT_EQ(gate.locked_until(kT0 + 5 * kMinute + 5), 0);
    EXPECT_TRUE(gate.try_pin("975310", kT0 + 5 * kMinute + 5).ok);
}

TEST_F(StaffTest, AClockThatWentBackDoesNotStretchTheLock) {
    Store store = Store::open(db_path);
    store.set_value("staff.locked_until", std::to_string(kT0 + 3600 * 1000));  // an hour ahead of now
    StaffGate gate(store, {});
    EXPECT_EQ(gate.locked_until(kT0), kT0 + StaffGate::kLockMs);
}

TEST_F(StaffTest, BadgeNamesAnOfficerOnlyWithItsPrefix) {
    ASSERT_EQ(add_staff_account(staff_file, "cb-01", "Hoa", "975310"), "");
    Store store = Store::open(db_path);
    StaffGate gate(store, accounts());
    ASSERT_TRUE(gate.by_badge("WKSTAFF:cb-01"));
    EXPECT_EQ(gate.by_badge("WKSTAFF:cb-01")->name, "Hoa");
    EXPECT_FALSE(gate.by_badge("cb-01"));
    EXPECT_FALSE(gate.by_badge("WKSTAFF:cb-02"));
    EXPECT_FALSE(gate.empty());
    EXPECT_TRUE(StaffGate(store, {}).empty());
}

}  // namespace
