// Failed-login throttling for the staff pages, decided and recorded in one step with the
// attempt: each attempt is counted as a failure before its password is checked (the slow
// argon2id hash), and given back if the password was right, so parallel attempts cannot
// slip past the limit while their hashes run. Three counters, in staff_login_throttle:
//  - a name from one address: kMaxFailedLogins in kLoginLockMs locks that pair only,
//    so an attacker cannot lock an officer out from where the officer works;
//  - one address, any names: kMaxFailedPerAddress in kAddressWindowMs locks the address;
//  - one name, all addresses: past kMaxFailedPerName in kAddressWindowMs, each failure
//    holds the name for kNameSlowMs (bounds guessing spread over many addresses).
// At most kMaxHashingPerAddress checks run at once per address, kMaxHashing in all
// (each takes 64 MiB). Not thread-safe: StaffStore calls it under its mutex.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "platform/clock.hpp"
#include "sync/sqlite.hpp"

namespace wk::portal {

constexpr int kMaxFailedLogins = 5;                      // one name from one address...
constexpr UnixMs kLoginLockMs = 5LL * 60 * 1000;         // ...in and locked for this long
constexpr int kMaxFailedPerAddress = 20;                 // any names from one address...
constexpr UnixMs kAddressWindowMs = 15LL * 60 * 1000;    // ...in and locked for this long
constexpr int kMaxFailedPerName = 30;                    // one name from anywhere, then...
constexpr UnixMs kNameSlowMs = 10LL * 1000;              // ...one failure per this long
constexpr int kMaxHashingPerAddress = 2;
constexpr int kMaxHashing = 4;

// Why an attempt was refused without a password check.
enum class Throttle { none, name_at_address, address, name, busy };

struct Admission {
    Throttle refused = Throttle::none;
    UnixMs retry_after_ms = 0;  // when refused: how long until it may be tried again
};

class LoginThrottle {
  public:
    explicit LoginThrottle(db::Db& db) : m_db(db) {}
    // Refuses the attempt, or admits it: counts it as a failure of each counter and
    // takes a hashing slot. An admitted attempt must be finished with finish().
    Admission admit(std::string_view username, const std::string& address, UnixMs now);
    // Frees the slot; a right password gives its counted failures back and clears the
    // name-at-address counter.
    void finish(std::string_view username, const std::string& address, bool right, UnixMs now);

  private:
    struct Key {
        std::string key;
        int limit;
        UnixMs window, lock;
    };
    std::vector<Key> keys(std::string_view username, const std::string& address) const;
    void count(const Key& k, UnixMs now);

    db::Db& m_db;
    std::map<std::string, int> m_hashing_by_address;
    int m_hashing = 0;
};

const char* throttle_name(Throttle t);

}  // namespace wk::portal
