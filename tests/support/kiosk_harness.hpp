// Test rigs for the kiosk: an App on a real SQLite store in a temporary folder (no
// ImGui), and the same App behind a headless ImGui frame loop that replays scripts.
// No mocks: the store, the contact box, the catalogs and the fonts are the real ones.
// Also a small .po reader so tests can compare what is shown with the translations.
#pragma once
#include <imgui.h>

#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/app.hpp"
#include "kiosk/headless.hpp"
#include "kiosk/kiosk.hpp"
#include "kiosk/strings.hpp"
#include "sync/open311.hpp"
#include "sync/receipt_code.hpp"
#include "sync/staff.hpp"
#include "sync/store.hpp"
#include "temp_dir.hpp"

namespace wk::test {

// Saturday 28 November 2026, noon in Hà Nội: the kiosks' virtual clock starts here.
// A msgid in the language the test set, as the kiosk shows it (stories expect these).
inline std::string tr(const char* msgid) { return i18n::tr(msgid); }

inline UnixMs kiosk_noon() { return open311::parse_iso8601("2026-11-28T12:00:00+07:00").value(); }

// A kiosk's codes follow its sequence or the clock's floor, whichever is further
// (receipt_code.hpp). A test that must know the code of its story's first report puts
// the kiosk's sequence ahead of the clock (as a kiosk that filed a burst has it), so the
// code no longer depends on how long the story's typing took on the virtual clock.
constexpr uint32_t kSeededSequence = 5'000'000;  // past the clock's floor until 2027-07
inline std::string seed_first_code(Store& store, int kiosk) {
    store.db().cached("INSERT INTO kiosk_sequence (kiosk_id, last) VALUES (?, ?)").bind(1, kiosk)
        .bind(2, static_cast<int64_t>(kSeededSequence)).run();
    return receipt::make(kiosk, kSeededSequence + 1);
}

inline KioskSettings kiosk_settings() {
    KioskSettings s;
    s.kiosk_id = 7;
    s.ward = "Phường Điện Biên";
    s.province = "Thành phố Hà Nội";
    s.hotline = "1900 1234";
    s.public_url = "https://phananh.hanoi.example";
    s.wards = {"Phường Điện Biên", "Phường Ba Đình", "Phường Ngọc Hà",
               "Phường Giảng Võ",  "Phường Cửa Nam", "Phường Hoàn Kiếm"};
    s.categories_file = WK_ASSET_DIR_BUILD "/categories.json";
    return s;
}

// kiosk_settings() with one officer, cb-01 "Trần Văn Cán", PIN 2468 (argon2id is slow:
// hashed once a test program).
inline KioskSettings settings_with_officer() {
    static const std::string hash = hash_pin("2468");
    KioskSettings s = kiosk_settings();
    s.staff = {{"cb-01", "Trần Văn Cán", hash}};
    return s;
}

inline std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void write_text(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
}

// A kiosk's logic on a real store: what every App test starts from.
struct AppRig {
    explicit AppRig(KioskSettings s = kiosk_settings(), int busy_timeout_ms = 5000)
        : db_path(dir.file("kiosk.db")),
          store(Store::open(db_path, busy_timeout_ms)),
          box(ContactBox::from_key(std::vector<uint8_t>(32, 1))),
          app(store, box, std::move(s), kiosk_noon()) {}

    // Walks a citizen through the wizard up to the review step, the way the screens
    // would: category, description, (ward kept), optional contact.
    void fill_to_review(UnixMs now, const std::string& description, const Contact& contact = {}) {
        app.start_report(now);
        app.choose_category("moi-truong");
        app.type_text(description);
        app.next();
        app.next();
        if (!contact.empty()) {
            app.set_contact_given(true);
            app.focus(Field::name);
            app.type_text(contact.name);
            app.focus(Field::phone);
            app.type_text(contact.phone);
        }
        app.next();
    }

    TempDir dir;
    std::string db_path;
    Store store;
    ContactBox box;
    App app;
};

// An ImGui context for one test: created first, destroyed last.
struct ImGuiScope {
    ImGuiScope() {
        IMGUI_CHECKVERSION();
        ctx = ImGui::CreateContext();
        ImGui::GetIO().IniFilename = nullptr;
    }
    // This scope's own context, even when a second rig made another one current.
    ~ImGuiScope() { ImGui::DestroyContext(ctx); }
    ImGuiContext* ctx = nullptr;
    ImGuiScope(const ImGuiScope&) = delete;
    ImGuiScope& operator=(const ImGuiScope&) = delete;
};

// The kiosk with its headless frame loop, at a given screen size.
struct KioskRig : AppRig {
    explicit KioskRig(float w = 1920, float h = 1080, KioskSettings s = kiosk_settings())
        : AppRig(std::move(s)), frontend(w, h), kiosk(app, frontend) {}

    // Runs `script` (one step a line) from `start`; returns run_script's code, and
    // its "FILE:LINE: step: why" in `error`.
    int run(const std::string& script, UnixMs start, std::string& error) {
        std::string path = dir.file("story-" + std::to_string(++m_scripts) + ".txt");
        write_text(path, script);
        error.clear();
        return run_script(path, kiosk, start, error);
    }
    // One frame at `now` and the text it shows.
    const std::vector<std::string>& draw(UnixMs now) {
        kiosk.frame(now);
        return kiosk.ui().texts();
    }
    bool shows(const std::string& needle, UnixMs now) {
        for (const std::string& t : draw(now))
            if (t.find(needle) != std::string::npos) return true;
        return false;
    }
    const ui::Target* target(const std::string& id) const {
        for (const ui::Target& t : kiosk.ui().targets())
            if (t.id == id) return &t;
        return nullptr;
    }

    ImGuiScope imgui;
    HeadlessFrontend frontend;
    Kiosk kiosk;

  private:
    int m_scripts = 0;
};

// msgid -> msgstr of a .po file (plain entries: no plurals, no contexts), skipping the
// header. Fuzzy entries are left out, as msgfmt leaves them out of the .mo.
inline std::map<std::string, std::string> read_po(const std::string& path) {
    std::map<std::string, std::string> out;
    std::ifstream in(path);
    std::string line, id, str, *into = nullptr;
    bool fuzzy = false, next_fuzzy = false;
    auto unquote = [](const std::string& s) {
        std::string r;
        size_t b = s.find('"'), e = s.rfind('"');
        for (size_t i = b + 1; i < e; ++i) {
            if (s[i] == '\\' && i + 1 < e) {
                char c = s[++i];
                r += c == 'n' ? '\n' : c == 't' ? '\t' : c;
            } else {
                r += s[i];
            }
        }
        return r;
    };
    auto flush = [&] {
        if (into && !id.empty() && !fuzzy) out[id] = str;
        id.clear();
        str.clear();
        into = nullptr;
    };
    while (std::getline(in, line)) {
        if (line.rfind("#,", 0) == 0 && line.find("fuzzy") != std::string::npos) next_fuzzy = true;
        if (line.rfind("msgid ", 0) == 0) {
            flush();
            fuzzy = next_fuzzy;
            next_fuzzy = false;
            id = unquote(line);
            into = &id;
        } else if (line.rfind("msgstr ", 0) == 0) {
            str = unquote(line);
            into = &str;
        } else if (!line.empty() && line[0] == '"' && into) {
            *into += unquote(line);
        }
    }
    flush();
    return out;
}

}  // namespace wk::test
