// libsodium secretbox for contact details. The plaintext is "name\0phone".
#include "sync/contact_box.hpp"

#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "platform/files.hpp"

namespace wk {

static bool sodium_ready() {
    static const bool ok = sodium_init() >= 0;
    return ok;
}

std::optional<ContactBox> ContactBox::open_or_create(const std::string& key_file, std::string& error) {
    if (!sodium_ready()) {
        error = "libsodium could not start";
        return std::nullopt;
    }
    std::string data;
    struct stat st{};
    if (::stat(key_file.c_str(), &st) != 0) {
        // The kiosk and the agent may both get here on first start. Each writes a key
        // under a name of its own and links it into place; link() never replaces, so
        // the first one wins and both then read the winner's key below.
        uint8_t tag[8];
        char hex[sizeof tag * 2 + 1];
        randombytes_buf(tag, sizeof tag);
        std::string tmp = key_file + ".new-" + sodium_bin2hex(hex, sizeof hex, tag, sizeof tag);
        data.resize(crypto_secretbox_KEYBYTES);
        randombytes_buf(data.data(), data.size());
        error = files::write_atomic(tmp, data, 0600);
        sodium_memzero(data.data(), data.size());
        if (!error.empty()) return std::nullopt;
        int rc = ::link(tmp.c_str(), key_file.c_str());
        int link_errno = errno;
        ::unlink(tmp.c_str());
        if (rc == 0) files::sync_parent_dir(key_file);
        if (rc != 0 && link_errno != EEXIST) {
            error = "cannot create " + key_file + ": " + std::strerror(link_errno);
            return std::nullopt;
        }
    }
    error = files::read_all(key_file, data);
    if (!error.empty()) return std::nullopt;
    if (data.size() != crypto_secretbox_KEYBYTES) {
        error = "the key file " + key_file + " is not a 32-byte key";
        return std::nullopt;
    }
    ContactBox box;
    box.m_key.assign(data.begin(), data.end());
    sodium_memzero(data.data(), data.size());
    return box;
}

ContactBox ContactBox::from_key(const std::vector<uint8_t>& key) {
    sodium_ready();
    ContactBox box;
    box.m_key = key;
    box.m_key.resize(crypto_secretbox_KEYBYTES);
    return box;
}

ContactBox::ContactBox(ContactBox&& o) noexcept : m_key(std::move(o.m_key)) {}
ContactBox& ContactBox::operator=(ContactBox&& o) noexcept {
    if (!m_key.empty()) sodium_memzero(m_key.data(), m_key.size());
    m_key = std::move(o.m_key);
    return *this;
}
ContactBox::~ContactBox() {
    if (!m_key.empty()) sodium_memzero(m_key.data(), m_key.size());
}

std::vector<uint8_t> ContactBox::seal(const Contact& c) const {
    std::string plain = c.name + '\0' + c.phone;
    std::vector<uint8_t> out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size());
    randombytes_buf(out.data(), crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(out.data() + crypto_secretbox_NONCEBYTES, reinterpret_cast<const uint8_t*>(plain.data()),
                          plain.size(), out.data(), m_key.data());
    sodium_memzero(plain.data(), plain.size());
    return out;
}

std::optional<Contact> ContactBox::open(const std::vector<uint8_t>& sealed) const {
    if (sealed.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) return std::nullopt;
    std::string plain(sealed.size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
    if (crypto_secretbox_open_easy(reinterpret_cast<uint8_t*>(plain.data()), sealed.data() + crypto_secretbox_NONCEBYTES,
                                   sealed.size() - crypto_secretbox_NONCEBYTES, sealed.data(), m_key.data()) != 0)
        return std::nullopt;
    Contact c;
    auto nul = plain.find('\0');
    c.name = plain.substr(0, nul);
    c.phone = nul == std::string::npos ? "" : plain.substr(nul + 1);
    sodium_memzero(plain.data(), plain.size());
    return c;
}

}  // namespace wk
