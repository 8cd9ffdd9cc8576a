// User-visible text: gettext catalogs (.po under assets/po, compiled to .mo at build
// time) read by a small .mo reader, so no system locale needs to be installed.
// `tr("English text")` gives the current language's text; English is the msgid.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_map>

namespace wk::i18n {

class Catalog {
  public:
    // Reads a GNU .mo file; returns false and sets `error` when it is malformed.
    bool load(const std::string& path, std::string& error);
    // The translation, or nullptr when the catalog has none.
    const std::string* find(std::string_view msgid) const;
    size_t size() const { return m_map.size(); }

  private:
    std::unordered_map<std::string, std::string> m_map;
};

// Loads <asset_dir>/locale/{vi,en}.mo; returns an error sentence or "".
std::string load_catalogs(const std::string& asset_dir);
void set_language(std::string_view lang);  // "vi" or "en"
const std::string& language();
const char* tr(const char* msgid);          // current language; msgid itself when untranslated
const Catalog& catalog(std::string_view lang);

}  // namespace wk::i18n

// The usual gettext spelling, so xgettext-style tools find the strings.
inline const char* _(const char* msgid) { return wk::i18n::tr(msgid); }
// Marks a msgid that is translated later, where it is shown.
constexpr const char* N_(const char* msgid) { return msgid; }

namespace wk::i18n {
// Replaces each "{}" in the (already translated) pattern with the next argument.
std::string format(const char* pattern, std::initializer_list<std::string> args);
// "28/11/2026 19:05" in Vietnam time (UTC+7), the way a receipt shows it.
std::string local_time(int64_t unix_ms);
}  // namespace wk::i18n
