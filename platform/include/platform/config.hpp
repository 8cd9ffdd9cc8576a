// The one TOML configuration file that the kiosk, the agent and the portal share.
// Loading is the only place that reads it; everything else receives a Config value.
// Relative paths in the file are resolved against the file's own folder.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace wk {

// A kiosk's own key on the reference portal ([server] kiosk_keys): it files only that
// kiosk's receipt codes and updates only that kiosk's reports. A kiosk may have two
// (while its key is being replaced); one key never serves two kiosks.
struct KioskKey {
    int kiosk_id = 0;  // 1..32767, as in [kiosk] id
    std::string key;
    bool operator==(const KioskKey& o) const { return kiosk_id == o.kiosk_id && key == o.key; }
};

// Where a ward is, sent as a report's lat/long when the citizen chose that ward
// ([ward_positions] "Phường X" = [lat, long]: its centre, or its people's committee).
struct WardPosition {
    std::string ward;
    double lat = 0, lon = 0;
    bool operator==(const WardPosition& o) const { return ward == o.ward && lat == o.lat && lon == o.lon; }
};

struct Config {
    // [kiosk]
    int kiosk_id = 1;                     // province-unique number, 1..32767 (first 3 receipt symbols)
    std::string ward = "Phường Ba Đình";  // this kiosk's ward, preselected as the place
    std::string province = "Thành phố Hà Nội";
    std::vector<std::string> wards;       // other wards and communes of the province
    std::string hotline = "1022";
    std::string lang = "vi";              // "vi" or "en"
    bool keyboard_ime = false;            // a physical keyboard types through the input method too
    std::string power_off_command;        // staff mode's "shut down"; empty: not offered
    double lat = 0, lon = 0;              // kiosk position; 0,0 = not configured
    bool position_fallback = false;       // a ward with no position sends the kiosk's own
    std::vector<WardPosition> ward_positions;  // [ward_positions]: the report's lat/long by ward
    // [portal] (what the agent talks to)
    std::string portal_url = "http://127.0.0.1:8311/open311/v2";
    std::string public_url = "http://127.0.0.1:8311";  // receipt QR: <public_url>/lookup/<CODE>
    std::string api_key;                  // or read from [portal] api_key_file (0640, a secret)
    std::string jurisdiction_id;
    std::string format = "json";          // "json" or "xml": what the portal speaks
    std::string ca_file;                  // extra CA bundle for the portal's TLS certificate
    std::string pinned_pubkey;            // "sha256//BASE64" (libcurl's form); empty: no pin
    std::string proxy;                    // e.g. http://proxy:3128; empty: the environment's
    int attention_after_400 = 5;          // a report refused this many times goes to staff
    bool pull_public = true;              // pull the province's reports for the board
    // [photos] (issue 16): the receipt's second QR, "add photos from your phone", opens a
    // page on the portal signed with a key derived from api_key. "auto": offered once the
    // agent has found the portal is the reference portal; "on": always (another portal
    // that serves /photos/ the same way); "off": never.
    std::string photos_from_phone = "auto";
    int photo_link_days = 7;              // a link stops working this long after it is shown
    // [store]
    std::string db_path = "wardkiosk.db";
    std::string key_file = "contact.key"; // 32-byte secret for contact data at rest
    // [staff]
    std::string staff_file = "staff.toml";  // officers' ids, names and PIN hashes (`wardkiosk-sync staff add`)
    // [printer]
    std::string printer = "file:receipts.escpos";
    int printer_dots = 576;
    // [timeouts] in seconds
    int connect_timeout_s = 5;
    int request_timeout_s = 30;
    int poll_interval_s = 30;             // agent: how often to pull statuses
    int max_backoff_s = 900;
    int receipt_clear_s = 120;            // kiosk: receipt screen clears itself
    int idle_reset_s = 60;                // no touch this long mid-form: "are you still there?"
    int idle_grace_s = 15;                // then this long to answer before the draft is erased
    // [server] (the reference portal)
    std::string listen = "127.0.0.1:8311";
    std::string portal_db = "portal.db";
    std::vector<std::string> portal_api_keys;  // plus one a line from [server] api_keys_file: not bound to a kiosk
    std::vector<KioskKey> portal_kiosk_keys;   // kiosk_keys = { 1 = "key" }, plus "1:key" lines from kiosk_keys_file
    int portal_workers = 64;              // connections served at once (a thread each)
    int portal_per_address = 16;          // open connections from one client address (an office's NAT is one)
    int portal_request_s = 10;            // a request's headers and body, plus 1 s a 32 KiB
};

struct ConfigResult {
    Config config;
    std::string error;  // empty on success; otherwise a message naming the file and the key
};

// Reads the TOML file at `path`. Missing keys keep their defaults; a wrong type or a
// syntax error is an error. An empty path gives the defaults (the embedded demo setup).
ConfigResult load_config(const std::string& path);

// A config's identity for --version output and the health report.
const char* version_string();

}  // namespace wk
