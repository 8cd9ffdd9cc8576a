// Failed-login throttling: counters in SQLite (they outlive a restart), hashing slots in
// memory (they belong to this process's threads).
#include "login_throttle.hpp"

#include <sodium.h>

namespace wk::portal {
namespace {

std::string name_hash(std::string_view username) {
    unsigned char d[crypto_hash_sha256_BYTES];
    std::string in = "login:" + std::string(username);
    crypto_hash_sha256(d, reinterpret_cast<const unsigned char*>(in.data()), in.size());
    char hex[2 * sizeof d + 1];
    sodium_bin2hex(hex, sizeof hex, d, sizeof d);
    return hex;
}

Throttle kind_of(const std::string& key) {
    if (key.rfind("pair:", 0) == 0) return Throttle::name_at_address;
    if (key.rfind("addr:", 0) == 0) return Throttle::address;
    return Throttle::name;
}

}  // namespace

const char* throttle_name(Throttle t) {
    switch (t) {
    case Throttle::none: return "none";
    case Throttle::name_at_address: return "name from this address";
    case Throttle::address: return "this address";
    case Throttle::name: return "name";
    case Throttle::busy: return "busy";
    }
    return "?";
}

// The name is kept only as sha256 (it may be a password typed in the wrong field).
std::vector<LoginThrottle::Key> LoginThrottle::keys(std::string_view username, const std::string& address) const {
    std::string name = name_hash(username);
    return {{"pair:" + name + "@" + address, kMaxFailedLogins, kLoginLockMs, kLoginLockMs},
            {"addr:" + address, kMaxFailedPerAddress, kAddressWindowMs, kAddressWindowMs},
            {"name:" + name, kMaxFailedPerName, kAddressWindowMs, kNameSlowMs}};
}

// One more failure in the counter's window (a new window once the last one has run out:
// for the pair and the address, exactly when their lock does); reaching the limit locks
// the key, and each failure past it locks it again.
void LoginThrottle::count(const Key& k, UnixMs now) {
    db::Stmt s = m_db.prepare(
        "INSERT INTO staff_login_throttle (key, failures, window_start) VALUES (?1, 1, ?2)"
        " ON CONFLICT (key) DO UPDATE SET"
        " failures = CASE WHEN ?2 - window_start >= ?3 THEN 1 ELSE failures + 1 END,"
        " window_start = CASE WHEN ?2 - window_start >= ?3 THEN ?2 ELSE window_start END,"
        " locked_until = CASE WHEN locked_until <= ?2 THEN 0 ELSE locked_until END");
    s.bind(1, k.key).bind(2, now).bind(3, k.window).run();
    db::Stmt lock = m_db.prepare(
        "UPDATE staff_login_throttle SET locked_until = max(locked_until, ?2 + ?3) WHERE key = ?1 AND failures >= ?4");
    lock.bind(1, k.key).bind(2, now).bind(3, k.lock).bind(4, k.limit).run();
}

Admission LoginThrottle::admit(std::string_view username, const std::string& address, UnixMs now) {
    std::vector<Key> ks = keys(username, address);
    Admission a;
    for (const Key& k : ks) {
        db::Stmt s = m_db.prepare("SELECT locked_until FROM staff_login_throttle WHERE key = ?");
        s.bind(1, k.key);
        if (s.step() && s.int_at(0) > now && s.int_at(0) - now > a.retry_after_ms) {
            a.refused = kind_of(k.key);
            a.retry_after_ms = s.int_at(0) - now;
        }
    }
    if (a.refused != Throttle::none) return a;
    if (m_hashing >= kMaxHashing || m_hashing_by_address[address] >= kMaxHashingPerAddress)
        return {Throttle::busy, 2000};
    db::Transaction tx(m_db);
    for (const Key& k : ks) count(k, now);
    tx.commit();
    ++m_hashing;
    ++m_hashing_by_address[address];
    return a;
}

void LoginThrottle::finish(std::string_view username, const std::string& address, bool right, UnixMs now) {
    --m_hashing;
    if (--m_hashing_by_address[address] <= 0) m_hashing_by_address.erase(address);
    if (!right) return;
    std::vector<Key> ks = keys(username, address);
    db::Transaction tx(m_db);
    db::Stmt pair = m_db.prepare("DELETE FROM staff_login_throttle WHERE key = ?");
    pair.bind(1, ks[0].key).run();
    for (size_t i = 1; i < ks.size(); ++i) {
        // The attempt's own count is given back; a lock it alone caused is lifted.
        db::Stmt s = m_db.prepare(
            "UPDATE staff_login_throttle SET failures = max(failures - 1, 0),"
            " locked_until = CASE WHEN failures - 1 < ?2 AND locked_until > ?3 THEN 0 ELSE locked_until END"
            " WHERE key = ?1");
        s.bind(1, ks[i].key).bind(2, ks[i].limit).bind(3, now).run();
    }
    tx.commit();
}

}  // namespace wk::portal
