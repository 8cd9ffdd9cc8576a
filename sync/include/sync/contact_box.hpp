// Contact data at rest: sealed with libsodium's secretbox (XSalsa20-Poly1305) under a
// 32-byte key kept in a file of its own (0600). The store only ever sees sealed bytes.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sync/report.hpp"

namespace wk {

class ContactBox {
  public:
    // Loads the key file, creating it with a fresh random key if it does not exist.
    // Returns an empty optional and sets `error` when the file is unreadable or malformed.
    static std::optional<ContactBox> open_or_create(const std::string& key_file, std::string& error);
    static ContactBox from_key(const std::vector<uint8_t>& key);  // tests

    std::vector<uint8_t> seal(const Contact& c) const;  // nonce || ciphertext
    std::optional<Contact> open(const std::vector<uint8_t>& sealed) const;

    ContactBox(ContactBox&&) noexcept;
    ContactBox& operator=(ContactBox&&) noexcept;
    ~ContactBox();  // wipes the key from memory

  private:
    ContactBox() = default;
    std::vector<uint8_t> m_key;
};

}  // namespace wk
