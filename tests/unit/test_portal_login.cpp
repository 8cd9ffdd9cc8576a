// Failed-login throttling (login_throttle.hpp) through StaffStore::login on a real SQLite
// file, with the client address an attempt comes from: an attacker at one address can
// neither guess fast nor lock an officer out of the office's own machine; guessing spread
// over many addresses is slowed for the name; locks end when they say; they outlive a
// restart of the portal.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "staff_store.hpp"

namespace {
using namespace wk;
using namespace wk::portal;

const char* const kPass = "mat-khau-dieu-phoi";
const UnixMs kT0 = 1'800'000'000'000;
const std::string kOffice = "10.20.1.15", kAttacker = "203.0.113.7";

class LoginThrottling : public ::testing::Test {
  protected:
    void SetUp() override {
        char tmpl[] = "/tmp/wk-login-test-XXXXXX";
        m_dir = mkdtemp(tmpl);
        open();
        ASSERT_EQ(m_staff->add_user({0, "dieuphoi", "Trần Thị Bình", ""}, kPass, kT0), AddUserOutcome::added);
        ASSERT_EQ(m_staff->add_user({0, "moitruong", "Lê Văn Cường", ""}, kPass, kT0), AddUserOutcome::added);
    }
    void TearDown() override {
        m_staff.reset();
        std::filesystem::remove_all(m_dir);
    }
    void open() {
        m_staff.reset();
        m_staff = std::make_unique<StaffStore>(m_dir + "/portal.db");
    }
    LoginResult attempt(const std::string& user, const std::string& pass, const std::string& from, UnixMs at) {
        return m_staff->login(user, pass, from, at);
    }

    std::string m_dir;
    std::unique_ptr<StaffStore> m_staff;
};

TEST_F(LoginThrottling, AGuesserLocksTheNameOnlyAtTheirOwnAddress) {
    for (int i = 0; i < kMaxFailedLogins; ++i)
        EXPECT_EQ(attempt("dieuphoi", "doan-" + std::to_string(i), kAttacker, kT0 + i).outcome, LoginOutcome::wrong);
    LoginResult refused = attempt("dieuphoi", kPass, kAttacker, kT0 + 10);
    EXPECT_EQ(refused.outcome, LoginOutcome::throttled) << "even the right password, from the guesser's address";
    EXPECT_EQ(refused.throttle, Throttle::name_at_address);
    EXPECT_EQ(refused.retry_after_ms, kLoginLockMs - 10 + (kMaxFailedLogins - 1));
    EXPECT_EQ(attempt("dieuphoi", kPass, kOffice, kT0 + 20).outcome, LoginOutcome::ok)
        << "the officer at the ward office is not locked out";
}

TEST_F(LoginThrottling, RefusedAttemptsNeitherCountNorStretchTheLock) {
    for (int i = 0; i < kMaxFailedLogins; ++i) attempt("dieuphoi", "sai", kAttacker, kT0);
    for (int i = 1; i <= 50; ++i)
        EXPECT_EQ(attempt("dieuphoi", "sai", kAttacker, kT0 + i * 1000).outcome, LoginOutcome::throttled);
    EXPECT_EQ(attempt("dieuphoi", kPass, kAttacker, kT0 + kLoginLockMs).outcome, LoginOutcome::ok)
        << "the lock ends five minutes after the fifth failure";
}

TEST_F(LoginThrottling, OneAddressTryingManyNamesIsLockedForAllOfThem) {
    for (int i = 0; i < kMaxFailedPerAddress; ++i)  // four tries each at five names, under the per-name limit
        EXPECT_EQ(attempt("ten-" + std::to_string(i % 5), "sai", kAttacker, kT0 + i).outcome, LoginOutcome::wrong);
    LoginResult r = attempt("moitruong", kPass, kAttacker, kT0 + 100);
    EXPECT_EQ(r.outcome, LoginOutcome::throttled);
    EXPECT_EQ(r.throttle, Throttle::address);
    EXPECT_EQ(attempt("moitruong", kPass, kOffice, kT0 + 100).outcome, LoginOutcome::ok);
    EXPECT_EQ(attempt("moitruong", kPass, kAttacker, kT0 + kMaxFailedPerAddress - 1 + kAddressWindowMs).outcome,
              LoginOutcome::ok) << "until fifteen minutes after the last counted failure";
}

// Many addresses guessing one name: past the limit, one try per kNameSlowMs for the name.
TEST_F(LoginThrottling, GuessingFromManyAddressesIsSlowedForTheName) {
    for (int i = 0; i < kMaxFailedPerName; ++i)
        EXPECT_EQ(attempt("dieuphoi", "sai", "198.51.100." + std::to_string(i), kT0 + i).outcome,
                  LoginOutcome::wrong);
    UnixMs t = kT0 + kMaxFailedPerName;
    LoginResult r = attempt("dieuphoi", "sai", "198.51.100.200", t);
    EXPECT_EQ(r.outcome, LoginOutcome::throttled);
    EXPECT_EQ(r.throttle, Throttle::name);
    EXPECT_LE(r.retry_after_ms, kNameSlowMs);
    int checked = 0;
    for (UnixMs at = t; at < t + 60 * 1000; at += 500)  // a guess every half second for a minute
        checked += attempt("dieuphoi", "sai", "198.51.100." + std::to_string(at % 250), at).outcome == LoginOutcome::wrong;
    EXPECT_LE(checked, static_cast<int>(60 * 1000 / kNameSlowMs) + 1);
    EXPECT_GE(checked, 5) << "the name is slowed, not locked for good";
    UnixMs quiet = t + 60 * 1000 + kNameSlowMs;
    EXPECT_EQ(attempt("dieuphoi", kPass, kOffice, quiet).outcome, LoginOutcome::ok)
        << "the officer gets in as soon as a guess is not in the way";
}

TEST_F(LoginThrottling, TheRightPasswordGivesItsCountBackAndClearsItsAddress) {
    for (int i = 0; i < kMaxFailedLogins - 1; ++i) attempt("dieuphoi", "sai", kOffice, kT0 + i);
    EXPECT_EQ(attempt("dieuphoi", kPass, kOffice, kT0 + 10).outcome, LoginOutcome::ok);
    for (int i = 0; i < kMaxFailedLogins - 1; ++i)
        EXPECT_EQ(attempt("dieuphoi", "sai", kOffice, kT0 + 20 + i).outcome, LoginOutcome::wrong)
            << "a typo after a login starts counting afresh";
}

TEST_F(LoginThrottling, ALockOutlivesARestartOfThePortal) {
    for (int i = 0; i < kMaxFailedLogins; ++i) attempt("dieuphoi", "sai", kAttacker, kT0);
    open();
    EXPECT_EQ(attempt("dieuphoi", kPass, kAttacker, kT0 + 1000).outcome, LoginOutcome::throttled);
}

}  // namespace
