// Ward officers' accounts and the PIN gate (staff.hpp): argon2id hashes through
// libsodium, the staff file (TOML, read with toml++, appended by `staff add`), and the
// wrong-PIN count and lock kept in the store's kv rows. No UI; the audit table is the
// store's (store_staff.cpp). [SECTION] PINs  [SECTION] staff file  [SECTION] gate
#include "sync/staff.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <toml++/toml.h>

#include "sync/store.hpp"

namespace wk {

// [SECTION] PINs
static void init_sodium() {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialized");
}

bool valid_pin(const std::string& pin) {
    if (pin.size() < 4 || pin.size() > 12) return false;
    for (char c : pin)
        if (c < '0' || c > '9') return false;
    return true;
}

std::string hash_pin(const std::string& pin) {
    init_sodium();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, pin.data(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        throw std::runtime_error("out of memory while hashing a PIN");
    return out;
}

bool verify_pin(const std::string& pin_hash, const std::string& pin) {
    init_sodium();
    if (pin_hash.empty() || pin_hash.size() >= crypto_pwhash_STRBYTES) return false;
    return crypto_pwhash_str_verify(pin_hash.c_str(), pin.data(), pin.size()) == 0;
}

// [SECTION] staff file
static bool valid_id(const std::string& id) {
    if (id.empty() || id.size() > 32) return false;
    for (char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
              c == '.'))
            return false;
    return true;
}

static bool valid_name(const std::string& name) {
    if (name.empty() || name.size() > 200) return false;
    for (unsigned char c : name)
        if (c < 0x20 || c == 0x7f) return false;
    return true;
}

std::vector<StaffAccount> load_staff_file(const std::string& path, std::string& error) {
    error.clear();
    std::vector<StaffAccount> out;
    if (access(path.c_str(), F_OK) != 0) return out;  // no file: no officers, staff mode stays shut
    toml::table t;
    try {
        t = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
        error = "staff file " + path + ": " + std::string(e.description()) + " (line " +
                std::to_string(e.source().begin.line) + ")";
        return out;
    }
    auto* list = t["staff"].as_array();
    if (!list) return out;
    int i = 0;
    for (auto& node : *list) {
        ++i;
        auto* row = node.as_table();
        auto id = row ? (*row)["id"].value<std::string>() : std::nullopt;
        auto name = row ? (*row)["name"].value<std::string>() : std::nullopt;
        auto hash = row ? (*row)["pin_hash"].value<std::string>() : std::nullopt;
        if (!id || !name || !hash || !valid_id(*id) || hash->rfind("$argon2", 0) != 0) {
            error = "staff file " + path + ": account " + std::to_string(i) + " needs an id, a name and a pin_hash";
            out.clear();
            return out;
        }
        out.push_back({*id, *name, *hash});
    }
    return out;
}

// A TOML basic string: quotes, backslashes and control characters escaped.
static std::string toml_quoted(const std::string& s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') out += '\\', out += static_cast<char>(c);
        else if (c < 0x20 || c == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else out += static_cast<char>(c);
    }
    return out + "\"";
}

static std::string append_text(const std::string& path, const std::string& text) {
    int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
    if (fd < 0) return path + ": " + std::strerror(errno);
    size_t done = 0;
    while (done < text.size()) {
        ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            std::string e = path + ": " + std::strerror(errno);
            ::close(fd);
            return e;
        }
        done += static_cast<size_t>(n);
    }
    bool synced = ::fsync(fd) == 0;
    if (::close(fd) != 0 || !synced) return path + ": " + std::strerror(errno);
    return "";
}

static bool ends_without_newline(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    char last = '\n';
    off_t size = ::lseek(fd, 0, SEEK_END);
    if (size > 0 && ::pread(fd, &last, 1, size - 1) != 1) last = '\n';
    ::close(fd);
    return last != '\n';
}

std::string add_staff_account(const std::string& path, const std::string& id, const std::string& name,
                              const std::string& pin) {
    if (!valid_id(id)) return "the id must be 1 to 32 letters, digits, '-', '_' or '.'";
    if (!valid_name(name)) return "the name must be 1 to 200 bytes without control characters";
    if (!valid_pin(pin)) return "the PIN must be 4 to 12 digits";
    std::string error;
    auto accounts = load_staff_file(path, error);
    if (!error.empty()) return error;
    for (const StaffAccount& a : accounts)
        if (a.id == id) return "an account with the id " + id + " already exists";
    std::string text = ends_without_newline(path) ? "\n" : "";
    text += "\n[[staff]]\nid = " + toml_quoted(id) + "\nname = " + toml_quoted(name) +
            "\npin_hash = " + toml_quoted(hash_pin(pin)) + "\n";
    return append_text(path, text);
}

// [SECTION] gate
static UnixMs kv_ms(Store& store, const char* key) {
    try {
        return std::stoll(store.value(key).value_or("0"));
    } catch (const std::exception&) {
        return 0;
    }
}

StaffGate::StaffGate(Store& store, std::vector<StaffAccount> accounts)
    : m_store(store), m_accounts(std::move(accounts)) {}

UnixMs StaffGate::locked_until(UnixMs now) {
    UnixMs until = kv_ms(m_store, "staff.locked_until");
    if (until <= now) return 0;
    if (until > now + kLockMs) {  // the clock went back: the lock still ends kLockMs from now
        until = now + kLockMs;
        m_store.set_value("staff.locked_until", std::to_string(until));
    }
    return until;
}

PinResult StaffGate::try_pin(const std::string& pin, UnixMs now) {
    PinResult r;
    if ((r.locked_until = locked_until(now)) != 0) return r;  // not even checked while locked
    if (valid_pin(pin))
        for (const StaffAccount& a : m_accounts)
            if (verify_pin(a.pin_hash, pin)) {
                m_store.set_value("staff.failed", "0");
                r.ok = true;
                r.account = a;
                return r;
            }
    db::Transaction t(m_store.db());  // the kiosk may run twice by mistake: count under the lock
    int failed = static_cast<int>(kv_ms(m_store, "staff.failed")) + 1;
    if (failed >= kMaxTries) {
        r.locked_until = now + kLockMs;
        m_store.set_value("staff.failed", "0");
        m_store.set_value("staff.locked_until", std::to_string(r.locked_until));
        m_store.audit({now, "", "pin_locked", "", std::to_string(kMaxTries) + " wrong PINs"});
    } else {
        m_store.set_value("staff.failed", std::to_string(failed));
        r.tries_left = kMaxTries - failed;
    }
    t.commit();
    return r;
}

std::optional<StaffAccount> StaffGate::by_badge(const std::string& badge_id) const {
    static const std::string kPrefix = "WKSTAFF:";
    if (badge_id.rfind(kPrefix, 0) != 0) return std::nullopt;
    std::string id = badge_id.substr(kPrefix.size());
    for (const StaffAccount& a : m_accounts)
        if (a.id == id) return a;
    return std::nullopt;
}

}  // namespace wk
