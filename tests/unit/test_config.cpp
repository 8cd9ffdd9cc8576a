// Tests of config loading (platform/config.hpp): the shipped assets/wardkiosk.toml,
// relative paths resolved against the file's folder, and errors that name the key or
// the line. Real files in a temporary folder.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "platform/config.hpp"
#include "platform/files.hpp"
#include "temp_dir.hpp"

namespace {

namespace fs = std::filesystem;

std::string write_config(const wk::test::TempDir& dir, const std::string& name, const std::string& text) {
    fs::path p = dir.path() / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
}

std::string norm(const fs::path& p) { return fs::weakly_canonical(p).string(); }

TEST(Config, EmptyPathGivesTheDefaults) {
    auto r = wk::load_config("");
    EXPECT_EQ(r.error, "");
    wk::Config d;
    EXPECT_EQ(r.config.kiosk_id, d.kiosk_id);
    EXPECT_EQ(r.config.ward, d.ward);
    EXPECT_EQ(r.config.db_path, d.db_path);
    EXPECT_EQ(r.config.portal_url, d.portal_url);
}

TEST(Config, ShippedFileLoads) {
    const std::string path = WK_SOURCE_DIR "/assets/wardkiosk.toml";
    auto r = wk::load_config(path);
    ASSERT_EQ(r.error, "");
    const wk::Config& c = r.config;
    EXPECT_EQ(c.kiosk_id, 1);
    EXPECT_EQ(c.ward, "Phường Điện Biên");
    EXPECT_EQ(c.province, "Thành phố Hà Nội");
    ASSERT_EQ(c.wards.size(), 5u);
    EXPECT_EQ(c.wards.front(), "Phường Điện Biên");
    EXPECT_EQ(c.wards.back(), "Phường Trúc Bạch");
    EXPECT_EQ(c.hotline, "1022");
    EXPECT_EQ(c.lang, "vi");
    EXPECT_DOUBLE_EQ(c.lat, 21.0333);
    EXPECT_DOUBLE_EQ(c.lon, 105.8372);
    EXPECT_FALSE(c.position_fallback);
    EXPECT_EQ(c.ward_positions.size(), c.wards.size()) << "every demo ward is placed on the map";
    EXPECT_EQ(c.portal_url, "http://127.0.0.1:8311/open311/v2");
    EXPECT_EQ(c.public_url, "http://127.0.0.1:8311");
    EXPECT_EQ(c.api_key, "demo-kiosk-key");
    EXPECT_EQ(c.jurisdiction_id, "");
    fs::path assets = fs::path(WK_SOURCE_DIR) / "assets";
    EXPECT_EQ(norm(c.db_path), norm(assets / "wardkiosk.db"));
    EXPECT_EQ(norm(c.key_file), norm(assets / "contact.key"));
    EXPECT_EQ(norm(c.staff_file), norm(assets / "staff-demo.toml"));
    EXPECT_EQ(norm(c.portal_db), norm(assets / "portal.db"));
    ASSERT_EQ(c.printer.rfind("file:", 0), 0u) << c.printer;
    EXPECT_EQ(norm(c.printer.substr(5)), norm(assets / "receipts.escpos"));
    EXPECT_EQ(c.printer_dots, 576);
    EXPECT_EQ(c.connect_timeout_s, 5);
    EXPECT_EQ(c.request_timeout_s, 30);
    EXPECT_EQ(c.poll_interval_s, 30);
    EXPECT_EQ(c.max_backoff_s, 900);
    EXPECT_EQ(c.receipt_clear_s, 120);
    EXPECT_EQ(c.idle_reset_s, 60);
    EXPECT_EQ(c.listen, "127.0.0.1:8311");
    ASSERT_EQ(c.portal_api_keys.size(), 1u);
    EXPECT_EQ(c.portal_api_keys[0], "demo-kiosk-key");
}

TEST(Config, ValuesInTheFileOverrideDefaultsAndMissingKeysKeepThem) {
    wk::test::TempDir dir;
    auto r = wk::load_config(write_config(dir, "k.toml", R"(
[kiosk]
id = 4321
ward = "Xã Minh Phú"
lang = "en"
lat = 21   # a whole number is a fine latitude
[timeouts]
poll_s = 5
[server]
api_keys = []
)"));
    ASSERT_EQ(r.error, "");
    EXPECT_EQ(r.config.kiosk_id, 4321);
    EXPECT_EQ(r.config.ward, "Xã Minh Phú");
    EXPECT_EQ(r.config.lang, "en");
    EXPECT_DOUBLE_EQ(r.config.lat, 21.0);
    EXPECT_EQ(r.config.poll_interval_s, 5);
    wk::Config d;
    EXPECT_EQ(r.config.province, d.province);
    EXPECT_EQ(r.config.request_timeout_s, d.request_timeout_s);
    EXPECT_EQ(r.config.hotline, d.hotline);
    EXPECT_TRUE(r.config.portal_api_keys.empty());
    // Defaults that are relative paths are resolved against the file's folder too.
    EXPECT_EQ(norm(r.config.db_path), norm(dir.path() / "wardkiosk.db"));
    EXPECT_EQ(norm(r.config.key_file), norm(dir.path() / "contact.key"));
    EXPECT_EQ(norm(r.config.staff_file), norm(dir.path() / "staff.toml"));
}

TEST(Config, RelativePathsResolveAgainstTheFilesFolder) {
    wk::test::TempDir dir;
    std::string path = write_config(dir, "etc/wardkiosk/wardkiosk.toml", R"(
[store]
path = "../../var/wardkiosk.db"
key_file = "secret/contact.key"
[staff]
accounts_file = "secret/staff.toml"
[printer]
device = "file:out/receipts.escpos"
[server]
db = "/srv/portal/portal.db"
)");
    auto r = wk::load_config(path);
    ASSERT_EQ(r.error, "");
    fs::path folder = dir.path() / "etc/wardkiosk";
    EXPECT_EQ(fs::path(r.config.db_path).lexically_normal(), (dir.path() / "var/wardkiosk.db").lexically_normal());
    EXPECT_EQ(fs::path(r.config.key_file), (folder / "secret/contact.key").lexically_normal());
    EXPECT_EQ(fs::path(r.config.staff_file), (folder / "secret/staff.toml").lexically_normal());
    EXPECT_EQ(r.config.printer, "file:" + (folder / "out/receipts.escpos").lexically_normal().string());
    EXPECT_EQ(r.config.portal_db, "/srv/portal/portal.db") << "absolute paths are kept";
    EXPECT_TRUE(fs::path(r.config.db_path).is_absolute());

    // The same file named by a relative path from another working folder.
    fs::path old = fs::current_path();
    fs::current_path(dir.path() / "etc");
    auto rel = wk::load_config("wardkiosk/wardkiosk.toml");
    fs::current_path(old);
    ASSERT_EQ(rel.error, "");
    EXPECT_EQ(rel.config.key_file, r.config.key_file);
    EXPECT_EQ(rel.config.db_path, r.config.db_path);
}

TEST(Config, PrinterDevicesOtherThanFilesAreKept) {
    wk::test::TempDir dir;
    for (const char* dev : {"/dev/usb/lp0", "cups:TM-T82"}) {
        auto r = wk::load_config(write_config(dir, "p.toml", std::string("[printer]\ndevice = \"") + dev + "\"\n"));
        ASSERT_EQ(r.error, "");
        EXPECT_EQ(r.config.printer, dev);
    }
}

// The error for `text`, which must be non-empty and mention every one of `words`.
void expect_error(const std::string& text, std::initializer_list<const char*> words) {
    wk::test::TempDir dir;
    auto r = wk::load_config(write_config(dir, "bad.toml", text));
    ASSERT_NE(r.error, "") << text;
    for (const char* w : words) EXPECT_NE(r.error.find(w), std::string::npos) << "'" << w << "' not in: " << r.error;
}

TEST(Config, WrongTypesNameTheKey) {
    expect_error("[kiosk]\nid = \"one\"\n", {"[kiosk] id"});
    expect_error("[kiosk]\nid = true\n", {"[kiosk] id"});
    expect_error("[kiosk]\nward = 5\n", {"[kiosk] ward"});
    expect_error("[kiosk]\nwards = \"Phường Điện Biên\"\n", {"[kiosk] wards"});
    expect_error("[kiosk]\nwards = [\"a\", 2]\n", {"[kiosk] wards"});
    expect_error("[kiosk]\nlat = \"21.03\"\n", {"[kiosk] lat"});
    expect_error("[portal]\nurl = 8311\n", {"[portal] url"});
    expect_error("[store]\npath = [\"a.db\"]\n", {"[store] path"});
    expect_error("[timeouts]\nconnect_s = \"5\"\n", {"[timeouts] connect_s"});
    expect_error("[printer]\nwidth_dots = 57.6\n", {"[printer] width_dots"});
    expect_error("[server]\napi_keys = \"demo\"\n", {"[server] api_keys"});
}

TEST(Config, OutOfRangeValuesNameTheKey) {
    expect_error("[kiosk]\nid = 0\n", {"[kiosk] id"});
    expect_error("[kiosk]\nid = -1\n", {"[kiosk] id"});
    expect_error("[kiosk]\nid = 32768\n", {"[kiosk] id"});
    expect_error("[kiosk]\nid = 4294967297\n", {"[kiosk] id"});
    expect_error("[timeouts]\npoll_s = -1\n", {"[timeouts] poll_s"});
    expect_error("[timeouts]\npoll_s = 0\n", {"[timeouts] poll_s"});  // the agent would spin
    expect_error("[kiosk]\nkeyboard_ime = 1\n", {"[kiosk] keyboard_ime"});  // a boolean, not a number
    expect_error("[timeouts]\nmax_backoff_s = 0\n", {"[timeouts] max_backoff_s"});
    expect_error("[printer]\nwidth_dots = 500\n", {"[printer] width_dots"});
    expect_error("[timeouts]\nmax_backoff_s = 99999999999\n", {"[timeouts] max_backoff_s"});
    expect_error("[kiosk]\nlang = \"fr\"\n", {"lang"});
    wk::test::TempDir dir;
    auto edge = wk::load_config(write_config(dir, "ok.toml", "[kiosk]\nid = 32767\n"));
    EXPECT_EQ(edge.error, "");
    EXPECT_EQ(edge.config.kiosk_id, 32767);
    edge = wk::load_config(write_config(dir, "ok.toml", "[kiosk]\nid = 1\n"));
    EXPECT_EQ(edge.error, "");
    EXPECT_EQ(edge.config.kiosk_id, 1);
}

// The portal's connection limits: a ward office behind one NAT address needs more than
// the default 16 connections from it, and the province more workers than kiosks.
TEST(Config, ThePortalsConnectionLimitsAreSetInServer) {
    wk::test::TempDir dir;
    auto c = wk::load_config(
        write_config(dir, "p.toml", "[server]\nworkers = 200\nconnections_per_address = 48\nrequest_s = 20\n"));
    ASSERT_EQ(c.error, "");
    EXPECT_EQ(c.config.portal_workers, 200);
    EXPECT_EQ(c.config.portal_per_address, 48);
    EXPECT_EQ(c.config.portal_request_s, 20);
    auto d = wk::load_config("");
    EXPECT_EQ(d.config.portal_workers, 64);
    EXPECT_EQ(d.config.portal_per_address, 16);
    expect_error("[server]\nworkers = 0\n", {"[server] workers"});
    expect_error("[server]\nworkers = 2000\n", {"[server] workers"});
    expect_error("[server]\nworkers = 8\nconnections_per_address = 9\n", {"connections_per_address at most workers"});
    expect_error("[server]\nconnection_per_address = 9\n", {"did you mean \"connections_per_address\"?"});
}

TEST(Config, SyntaxErrorNamesTheFileAndLine) {
    wk::test::TempDir dir;
    std::string path = write_config(dir, "broken.toml", "# comment\n[kiosk]\nward = \"Phường Điện Biên\n\nid = 2\n");
    auto r = wk::load_config(path);
    ASSERT_NE(r.error, "");
    EXPECT_NE(r.error.find("line 3"), std::string::npos) << r.error;
    EXPECT_NE(r.error.find("broken.toml"), std::string::npos) << r.error;

    path = write_config(dir, "broken2.toml", "[kiosk]\nid = 1\n\n\n[kiosk]\nid = 2\n");  // table defined twice
    r = wk::load_config(path);
    ASSERT_NE(r.error, "");
    EXPECT_NE(r.error.find("line 5"), std::string::npos) << r.error;
}

TEST(Config, MissingFileIsAnErrorNamingIt) {
    wk::test::TempDir dir;
    auto r = wk::load_config(dir.file("nowhere.toml"));
    ASSERT_NE(r.error, "");
    EXPECT_NE(r.error.find("nowhere.toml"), std::string::npos) << r.error;
}

TEST(Config, SecretsAreReadFromFilesOfTheirOwn) {
    wk::test::TempDir dir;
    std::string key = dir.file("api.key"), keys = dir.file("portal-keys");
    ASSERT_EQ(wk::files::write_atomic(key, "kiosk-secret-7\n", 0640), "");
    ASSERT_EQ(wk::files::write_atomic(keys, "key-a\n\n  key-b  \n", 0640), "");
    std::string cfg = dir.file("w.toml");
    ASSERT_EQ(wk::files::write_atomic(cfg,
                                      "[portal]\napi_key_file = \"api.key\"\n"
                                      "[server]\napi_keys = [\"key-0\"]\napi_keys_file = \"portal-keys\"\n",
                                      0644),
              "");
    auto r = wk::load_config(cfg);
    ASSERT_EQ(r.error, "");
    EXPECT_EQ(r.config.api_key, "kiosk-secret-7");
    EXPECT_EQ(r.config.portal_api_keys, (std::vector<std::string>{"key-0", "key-a", "key-b"}));

    ASSERT_EQ(wk::files::write_atomic(cfg, "[portal]\napi_key_file = \"missing.key\"\n", 0644), "");
    r = wk::load_config(cfg);
    EXPECT_NE(r.error.find("[portal] api_key_file"), std::string::npos) << r.error;
}

// Issue 19: each kiosk's own key, bound to its kiosk number, in the file or in a file
// of their own ("KIOSK:KEY" a line); one key never serves two kiosks or both lists.
TEST(Config, KioskKeysBindEachKeyToItsKiosk) {
    wk::test::TempDir dir;
    ASSERT_EQ(wk::files::write_atomic(dir.file("kiosk-keys"), "3:key-three\n\n 4 : key-four \n", 0640), "");
    auto r = wk::load_config(write_config(dir, "w.toml",
                                          "[server]\napi_keys = [\"agency-key\"]\n"
                                          "kiosk_keys = { 1 = \"key-one\", 2 = \"key-two\" }\n"
                                          "kiosk_keys_file = \"kiosk-keys\"\n"));
    ASSERT_EQ(r.error, "");
    EXPECT_EQ(r.config.portal_api_keys, std::vector<std::string>{"agency-key"});
    std::vector<wk::KioskKey> want = {{1, "key-one"}, {2, "key-two"}, {3, "key-three"}, {4, "key-four"}};
    EXPECT_EQ(r.config.portal_kiosk_keys, want);
    // A table of its own reads the same; a kiosk may hold two keys while one is replaced.
    r = wk::load_config(write_config(dir, "t.toml", "[server.kiosk_keys]\n7 = \"new\"\n"));
    ASSERT_EQ(r.error, "");
    EXPECT_EQ(r.config.portal_kiosk_keys, (std::vector<wk::KioskKey>{{7, "new"}}));
    EXPECT_TRUE(wk::load_config("").config.portal_kiosk_keys.empty());
}

TEST(Config, KioskKeysThatCannotBeTrustedAreErrorsThatNeverShowAKey) {
    expect_error("[server]\nkiosk_keys = [\"secret-a\"]\n", {"[server] kiosk_keys", "table"});
    expect_error("[server]\nkiosk_keys = { 0 = \"secret-a\" }\n", {"[server] kiosk_keys", "1..32767"});
    expect_error("[server]\nkiosk_keys = { 32768 = \"secret-a\" }\n", {"[server] kiosk_keys"});
    expect_error("[server]\nkiosk_keys = { one = \"secret-a\" }\n", {"[server] kiosk_keys"});
    expect_error("[server]\nkiosk_keys = { 1 = 5 }\n", {"[server] kiosk_keys"});
    expect_error("[server]\nkiosk_keys = { 1 = \"\" }\n", {"[server] kiosk_keys"});
    expect_error("[server]\nkiosk_keys = { 1 = \"secret-a\", 2 = \"secret-a\" }\n", {"kiosks 1 and 2"});
    expect_error("[server]\napi_keys = [\"secret-a\"]\nkiosk_keys = { 5 = \"secret-a\" }\n", {"kiosk 5", "api_keys"});
    wk::test::TempDir dir;
    for (const char* text : {"[server]\nkiosk_keys = { 1 = \"secret-a\", 2 = \"secret-a\" }\n",
                             "[server]\napi_keys = [\"secret-a\"]\nkiosk_keys = { 5 = \"secret-a\" }\n"})
        EXPECT_EQ(wk::load_config(write_config(dir, "k.toml", text)).error.find("secret"), std::string::npos);
    ASSERT_EQ(wk::files::write_atomic(dir.file("keys"), "1:secret-a\nsecret-b\n", 0640), "");
    auto r = wk::load_config(write_config(dir, "w.toml", "[server]\nkiosk_keys_file = \"keys\"\n"));
    EXPECT_NE(r.error.find("[server] kiosk_keys_file: entry 2"), std::string::npos) << r.error;
    EXPECT_EQ(r.error.find("secret"), std::string::npos) << r.error;
    r = wk::load_config(write_config(dir, "w.toml", "[server]\nkiosk_keys_file = \"missing\"\n"));
    EXPECT_NE(r.error.find("[server] kiosk_keys_file"), std::string::npos) << r.error;
}

}  // namespace

namespace {

// [ward_positions]: each ward's position, checked against the wards and the ranges.
TEST(Config, WardPositionsNameKnownWardsInRange) {
    wk::test::TempDir dir;
    const std::string head = "[kiosk]\nward = \"Phường Điện Biên\"\nwards = [\"Phường Ngọc Hà\"]\n";
    auto r = wk::load_config(write_config(dir, "k.toml", head + R"(lat = 21.0333
long = 105.8372
position_fallback = true
[ward_positions]
"Phường Ngọc Hà" = [21.0395, 105.8283]
"Phường Điện Biên" = [21, 106]
)"));
    ASSERT_EQ(r.error, "");
    EXPECT_TRUE(r.config.position_fallback);
    ASSERT_EQ(r.config.ward_positions.size(), 2u);
    wk::WardPosition ngoc_ha{"Phường Ngọc Hà", 21.0395, 105.8283}, dien_bien{"Phường Điện Biên", 21, 106};
    EXPECT_TRUE(r.config.ward_positions[0] == ngoc_ha || r.config.ward_positions[1] == ngoc_ha);
    EXPECT_TRUE(r.config.ward_positions[0] == dien_bien || r.config.ward_positions[1] == dien_bien);
    EXPECT_FALSE(wk::Config().position_fallback) << "the kiosk's position is sent only when asked for";

    struct Bad { const char* text; const char* says; };
    const Bad bad[] = {
        {"[ward_positions]\n\"Phường Kim Mã\" = [21.03, 105.82]\n", "\"Phường Kim Mã\" is not [kiosk] ward"},
        {"[ward_positions]\n\"Phường Ngọc Hà\" = [105.82, 21.03]\n", "must be [latitude, longitude]"},
        {"[ward_positions]\n\"Phường Ngọc Hà\" = [21.03]\n", "must be [latitude, longitude]"},
        {"[ward_positions]\n\"Phường Ngọc Hà\" = \"21.03,105.82\"\n", "must be [latitude, longitude]"},
        {"[ward_positions]\n\"Phường Ngọc Hà\" = [0, 0]\n", "must be [latitude, longitude]"},
    };
    for (const Bad& b : bad) {
        auto e = wk::load_config(write_config(dir, "bad.toml", head + b.text));
        EXPECT_NE(e.error.find(b.says), std::string::npos) << b.text << " gave: " << e.error;
    }
    // A top-level key, so before the [kiosk] table.
    auto not_table = wk::load_config(write_config(dir, "t.toml", "ward_positions = 3\n" + head));
    EXPECT_NE(not_table.error.find("[ward_positions] must be a table"), std::string::npos) << not_table.error;
    auto no_position = wk::load_config(write_config(dir, "f.toml", head + "position_fallback = true\n"));
    EXPECT_NE(no_position.error.find("position_fallback needs the kiosk's lat and long"), std::string::npos)
        << no_position.error;
}

}  // namespace

namespace {

// The receipt's QR is public_url + "/lookup/CODE": a trailing slash is dropped (it made
// "//lookup", a 404), and a URL that is not http or https is refused, naming the key.
TEST(Config, PortalUrlsAreWebAddressesAndLoseATrailingSlash) {
    wk::test::TempDir dir;
    auto r = wk::load_config(write_config(dir, "u.toml", "[portal]\nurl = \"https://phananh.example.vn/open311/v2\"\n"
                                                         "public_url = \"https://phananh.example.vn//\"\n"));
    ASSERT_EQ(r.error, "");
    EXPECT_EQ(r.config.public_url, "https://phananh.example.vn");
    for (const char* bad : {"url = \"ftp://x\"", "public_url = \"phananh.example.vn\"",
                            "url = \"https://phananh.example.vn/open 311\""}) {
        auto e = wk::load_config(write_config(dir, "b.toml", std::string("[portal]\n") + bad + "\n"));
        EXPECT_NE(e.error.find("must start with http:// or https://"), std::string::npos) << bad << ": " << e.error;
        EXPECT_NE(e.error.find(std::string("[portal] ") + (bad[0] == 'u' ? "url" : "public_url")), std::string::npos)
            << e.error;
    }
}

}  // namespace

namespace {

// A typo is an error naming the file, the line, the key and the nearest known one: a
// misspelt poll_s used to leave the default in force with nobody told.
TEST(Config, UnknownKeysAndSectionsNameTheLineAndTheNearestKnownOne) {
    wk::test::TempDir dir;
    struct Typo { std::string text, says; };
    const Typo typos[] = {
        {"[timeouts]\nconnect_s = 3\npol_s = 10\n", "line 3: unknown key \"pol_s\" in [timeouts]; did you mean \"poll_s\"?"},
        {"[timeout]\npoll_s = 10\n", "line 1: unknown section [timeout]; did you mean [timeouts]?"},
        {"[kiosk]\nward = \"Phường Điện Biên\"\nlongitude = 105.8\n", "unknown key \"longitude\" in [kiosk]"},
        {"[portal]\nzzz = 1\n", "unknown key \"zzz\" in [portal]"},
        {"[photo]\nfrom_phone = \"on\"\n", "unknown section [photo]"},
        {"kiosk = 3\n", "kiosk must be a section, [kiosk]"},
    };
    for (const Typo& t : typos) {
        std::string path = write_config(dir, "typo.toml", t.text);
        auto r = wk::load_config(path);
        EXPECT_NE(r.error.find(t.says), std::string::npos) << t.text << " gave: " << r.error;
        EXPECT_NE(r.error.find(path), std::string::npos) << r.error;
    }
    auto far = wk::load_config(write_config(dir, "far.toml", "[portal]\nzzz = 1\n"));
    EXPECT_EQ(far.error.find("did you mean"), std::string::npos) << "nothing near: no guess";
}

}  // namespace
