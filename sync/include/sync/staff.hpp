// Ward officers at the kiosk: their accounts (id, name, argon2id hash of the PIN, from
// the staff file the config names), the PIN check with its lockout (five wrong PINs
// lock staff mode for five minutes; the lock is kept in the store, so it survives a
// restart), and the audit log every staff action writes. No UI, no network.
// IMPLEMENTATION: sync/src/staff.cpp (helper "ops"); declared first so the kiosk's
// staff screens and the store can be written against it at the same time.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "platform/clock.hpp"

namespace wk {

class Store;

struct StaffAccount {
    std::string id;        // e.g. "cb-01"; printed in the audit log
    std::string name;      // shown on the staff screens
    std::string pin_hash;  // crypto_pwhash_str (argon2id) of the PIN
};

// argon2id via libsodium (interactive limits). PINs are 4..12 digits.
std::string hash_pin(const std::string& pin);
bool verify_pin(const std::string& pin_hash, const std::string& pin);
bool valid_pin(const std::string& pin);  // 4..12 ASCII digits

// Reads the staff file: TOML `[[staff]] id = "...", name = "...", pin_hash = "..."`.
// Missing file: no accounts (staff mode cannot open). Sets `error` on a bad file.
std::vector<StaffAccount> load_staff_file(const std::string& path, std::string& error);
// Appends one account to the staff file (created 0640 if missing); the PIN is hashed
// here and never written. Returns "" or an error message (duplicate id, bad PIN, IO).
std::string add_staff_account(const std::string& path, const std::string& id, const std::string& name,
                              const std::string& pin);

struct PinResult {
    bool ok = false;
    std::optional<StaffAccount> account;  // set when ok
    int tries_left = 0;                   // before the lock, when !ok and not locked
    UnixMs locked_until = 0;              // > now when staff mode is locked
};

// The PIN pad's decisions. Every wrong PIN is counted in the store (kv rows), the
// fifth in a row locks for five minutes; a right PIN resets the count.
class StaffGate {
  public:
    StaffGate(Store& store, std::vector<StaffAccount> accounts);
    PinResult try_pin(const std::string& pin, UnixMs now);  // checks every account
    UnixMs locked_until(UnixMs now);                        // 0 when not locked
    std::optional<StaffAccount> by_badge(const std::string& badge_id) const;  // a staff badge QR: "WKSTAFF:<id>"
    bool empty() const { return m_accounts.empty(); }
    static constexpr int kMaxTries = 5;
    static constexpr UnixMs kLockMs = 5 * 60 * 1000;

  private:
    Store& m_store;
    std::vector<StaffAccount> m_accounts;
};

}  // namespace wk
