// The whole path of a citizen's photos (issue 16), across the three programs: the real
// kiosk (build/bin/wardkiosk, headless, driven by scripts whose `dump` is the frame's
// recorded texts: "qr: URL" for each QR, "[photo WxH]" for each thumbnail), the agent
// (Agent::run_once in this process) and the reference portal (PortalServer on loopback,
// public_url its real address), all on real SQLite files; the phone is libcurl. Also the
// strict GeoReport v2 server (tests/support/strict_portal.*), which has no health
// endpoint and no /photos/ page. No mocks.
// The kiosk runs as a child process because no test target links wk_kiosk with wk_agent
// and wk_portal; its store is the one file this test's agent opens, as in a kiosk.
// [SECTION] helpers  [SECTION] fixture  [SECTION] the receipt  [SECTION] the photo's way
// [SECTION] links  [SECTION] any GeoReport v2 server  [SECTION] the strict server
#include <arpa/inet.h>
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <stb/stb_image.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "agent.hpp"
#include "agent_process.hpp"
#include "agent_test_kit.hpp"
#include "portal_server.hpp"
#include "strict_portal.hpp"
#include "sync/photo_link.hpp"
#include "temp_dir.hpp"
#include "test_pictures.hpp"

namespace {
using namespace wk;
using namespace wk::agent;
using namespace wk::test;
using nlohmann::json;

const char* const kKioskKey = "kiosk-1-own-key";  // kiosk 1's key on the reference portal
const char* const kProvinceKey = "province-systems-key";
const std::string kKioskProgram = std::string(WK_BIN_DIR) + "/wardkiosk";
constexpr int64_t kWeekS = 7 * 24 * 3600;

// [SECTION] helpers
bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    size_t at = 0;
    while (at < text.size()) {
        size_t end = text.find('\n', at);
        if (end == std::string::npos) end = text.size();
        out.push_back(text.substr(at, end - at));
        at = end + 1;
    }
    return out;
}

// The dump's QR lines whose text contains `part`.
std::vector<std::string> qr_lines(const std::string& dump, const std::string& part) {
    std::vector<std::string> out;
    for (const std::string& l : lines_of(dump))
        if (l.rfind("qr: ", 0) == 0 && has(l, part)) out.push_back(l.substr(4));
    return out;
}

struct Shown {
    int w = 0, h = 0;
};
// The thumbnails a dump shows ("[photo WxH]").
std::vector<Shown> photos_shown(const std::string& dump) {
    std::vector<Shown> out;
    static const std::regex kPhoto(R"(^\[photo (\d+)x(\d+)\]$)");
    std::smatch m;
    for (const std::string& l : lines_of(dump))
        if (std::regex_match(l, m, kPhoto)) out.push_back({std::stoi(m[1]), std::stoi(m[2])});
    return out;
}

size_t collect(char* data, size_t size, size_t n, void* out) {
    static_cast<std::string*>(out)->append(data, size * n);
    return size * n;
}

struct Answer {
    long status = 0;
    std::string body;
    json j() const {
        json parsed = json::parse(body, nullptr, false);
        return parsed.is_object() ? parsed : json::object();
    }
};

// What the phone's page script sends: one multipart part "photo", Accept: application/json.
Answer upload_photo(const std::string& url, const std::string& jpeg) {
    CURL* c = curl_easy_init();
    curl_mime* mime = curl_mime_init(c);
    curl_mimepart* part = curl_mime_addpart(mime);
    curl_mime_name(part, "photo");
    curl_mime_data(part, jpeg.data(), jpeg.size());
    curl_mime_filename(part, "IMG_0412.jpg");
    curl_mime_type(part, "image/jpeg");
    curl_slist* headers = curl_slist_append(nullptr, "Accept: application/json");
    Answer a;
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_MIMEPOST, mime);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &a.body);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    EXPECT_EQ(curl_easy_perform(c), CURLE_OK) << url;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &a.status);
    curl_slist_free_all(headers);
    curl_mime_free(mime);
    curl_easy_cleanup(c);
    return a;
}

// What the phone's browser does when the QR is scanned.
Answer open_page(const std::string& url) {
    CURL* c = curl_easy_init();
    Answer a;
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &a.body);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    EXPECT_EQ(curl_easy_perform(c), CURLE_OK) << url;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &a.status);
    curl_easy_cleanup(c);
    return a;
}

// A loopback port free a moment ago: the portal's public_url must name it before it starts.
int free_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t n = sizeof a;
    int port = 0;
    if (fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &n) == 0)
        port = ntohs(a.sin_port);
    if (fd >= 0) ::close(fd);
    return port;
}

template <class F>
bool eventually(F done, std::chrono::milliseconds limit = std::chrono::seconds(20)) {
    auto end = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() >= end) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
}

// [SECTION] fixture
// Kiosk 1: its store, its key file and config for the kiosk program, and this test's agent
// on the same store. Subclasses choose the server.
class KioskOnLoopback : public ::testing::Test {
  protected:
    TempDir dir;
    std::string db_path = dir.file("wardkiosk.db");
    Store store = Store::open(db_path);
    std::string key_error;
    std::optional<ContactBox> box = ContactBox::open_or_create(dir.file("contact.key"), key_error);
    std::unique_ptr<HttpClient> http;
    std::unique_ptr<Agent> agent;
    std::string public_url;  // the kiosk's [portal] public_url
    int scripts = 0;

    void TearDown() override {
        agent.reset();
        http.reset();
    }

    // The kiosk's wardkiosk.toml: the portal at `base_url`, [photos] from_phone = `mode`.
    void write_kiosk_config(const std::string& base_url, const std::string& api_key, const std::string& mode) {
        std::ofstream(dir.file("wardkiosk.toml"))
            << "[kiosk]\nid = 1\nward = \"Phường Điện Biên\"\nprovince = \"Thành phố Hà Nội\"\n"
               "wards = [\"Phường Điện Biên\", \"Phường Đội Cấn\"]\nhotline = \"1022\"\nlang = \"vi\"\n"
               "[portal]\nurl = \"" << base_url << "\"\npublic_url = \"" << public_url << "\"\napi_key = \""
            << api_key << "\"\n[photos]\nfrom_phone = \"" << mode << "\"\nlink_days = 7\n"
            << "[store]\npath = \"" << db_path << "\"\nkey_file = \"" << dir.file("contact.key") << "\"\n"
            << "[printer]\ndevice = \"none\"\n";
    }
    void make_agent(const std::string& base_url, const std::string& api_key, bool report_health) {
        ASSERT_TRUE(box) << key_error;
        store.write_without_fsync();  // as wardkiosk-sync runs it
        http = std::make_unique<HttpClient>(HttpOptions{2, 10});
        AgentConfig c;
        c.base_url = base_url;
        c.api_key = api_key;
        c.kiosk_id = 1;
        c.pull_public = false;
        c.report_health = report_health;
        c.pull_interval_ms = kHour;  // pulls in the first pass only (and after sync_now): a photo
                                     // found later came by the kiosk's question or a 6-hour sweep
        c.default_categories = default_categories();
        agent = std::make_unique<Agent>(store, *http, *box, c, [] { return 0.5; });
    }

    // The kiosk program started on `script` (one step a line); the caller waits for it.
    std::unique_ptr<ChildProcess> start_kiosk(const std::string& script) {
        std::string n = std::to_string(++scripts);
        std::ofstream(dir.file("script-" + n + ".txt")) << script;
        return std::make_unique<ChildProcess>(
            std::vector<std::string>{kKioskProgram, "--config", dir.file("wardkiosk.toml"), "--script",
                                     dir.file("script-" + n + ".txt"), "--headless"},
            std::vector<std::string>{std::string("WK_ASSET_DIR=") + WK_ASSET_DIR_BUILD},
            dir.file("kiosk-" + n + ".out"), dir.file("kiosk-" + n + ".err"));
    }
    // Runs the kiosk on `script` to its end; a failed step fails the test with the kiosk's errors.
    void run_kiosk(const std::string& script) {
        auto k = start_kiosk(script);
        finish(*k);
    }
    void finish(ChildProcess& k) {
        auto st = k.wait_for(std::chrono::seconds(60));
        ASSERT_TRUE(st) << "the kiosk did not finish its script";
        EXPECT_TRUE(WIFEXITED(*st) && WEXITSTATUS(*st) == 0) << "the kiosk's script failed:\n" << k.err();
    }

    // A citizen files a report at the kiosk; the receipt screen's dump.
    std::string file_report(const std::string& description) {
        std::string dump = dir.file("receipt-" + std::to_string(scripts + 1) + ".txt");
        run_kiosk("tap home.report\ntap cat.moi-truong\ntype " + description +
                  "\ntap wizard.next\ntype Số 5 ngõ Đội Cấn\ntap wizard.next\ntap wizard.next\ntap wizard.submit\n"
                  "dump " + dump + "\n");
        return ChildProcess::slurp(dump);
    }
    // The receipt code a receipt's dump shows in its lookup QR; "" when none.
    std::string code_of(const std::string& receipt_dump) {
        auto l = qr_lines(receipt_dump, public_url + "/lookup/");
        return l.size() == 1 ? l[0].substr(public_url.size() + 8) : std::string();
    }
    // A citizen scans their receipt at the kiosk; the lookup screen's dump.
    std::string look_up(const std::string& code) {
        std::string dump = dir.file("lookup-" + std::to_string(scripts + 1) + ".txt");
        run_kiosk("scan " + public_url + "/lookup/" + code + "\ndump " + dump + "\n");
        return ChildProcess::slurp(dump);
    }
    // The case number the portal gave the kiosk's report; "" while it is not there.
    std::string case_id(const std::string& code) {
        auto r = store.find(code);
        return r ? r->service_request_id : std::string();
    }
    int64_t questions(const std::string& code) {
        return raw_count(db_path, "SELECT COUNT(*) FROM photo_questions WHERE code = '" + code + "'");
    }

    // The lookup while the agent answers: the kiosk shows the case, asks for its photos,
    // and waits (real time passing) until a thumbnail shows. Between the two, once the
    // question is in the store, `agent_pass` runs. Returns {before, after} dumps.
    std::pair<std::string, std::string> look_up_while_agent_answers(const std::string& code,
                                                                    const std::function<void()>& agent_pass) {
        std::string first = dir.file("lookup-first.txt"), then = dir.file("lookup-then.txt");
        auto kiosk = start_kiosk("scan " + public_url + "/lookup/" + code + "\ndump " + first +
                                 "\nawait 12 [photo \ndump " + then + "\n");
        bool asked = eventually([&] { return std::filesystem::exists(first) && questions(code) == 1; });
        EXPECT_TRUE(asked) << "the kiosk did not ask for the case's photos:\n" << kiosk->err();
        if (asked) agent_pass();
        finish(*kiosk);
        return {ChildProcess::slurp(first), ChildProcess::slurp(then)};
    }
};

// The reference portal on loopback, its public_url its real address, kiosk 1's own key;
// its clock is the wall clock moved by `shift` (the kiosk's clock is the wall clock).
class PhotoPath : public KioskOnLoopback {
  protected:
    std::atomic<UnixMs> shift{0};
    std::unique_ptr<portal::PortalStore> portal_store;
    std::unique_ptr<portal::PortalServer> server;
    std::string base_url;

    void SetUp() override {
        ASSERT_TRUE(std::filesystem::exists(kKioskProgram)) << kKioskProgram << ": build the wardkiosk target first";
        portal_store = std::make_unique<portal::PortalStore>(dir.file("portal.db"));
        portal_store->seed_services(portal::load_categories(asset_path("categories.json")));
        for (int attempt = 0; attempt < 5 && !server; ++attempt) {
            int port = free_port();
            portal::PortalOptions o;
            o.api_keys = {kProvinceKey};
            o.kiosk_keys = {{1, kKioskKey}};
            o.public_url = "http://127.0.0.1:" + std::to_string(port);
            o.clock = [this] { return wall_clock_ms() + shift.load(); };
            auto s = std::make_unique<portal::PortalServer>(*portal_store, o);
            if (port > 0 && s->start("127.0.0.1", port) == port) server = std::move(s), public_url = o.public_url;
        }
        ASSERT_TRUE(server) << "no loopback port for the portal";
        base_url = public_url + "/open311/v2";
    }
    void TearDown() override {
        KioskOnLoopback::TearDown();
        server.reset();
        portal_store.reset();
    }
    // Mode "auto" (the default config) and an agent that reports its health.
    void kiosk_and_agent(const std::string& mode = "auto", bool report_health = true) {
        write_kiosk_config(base_url, kKioskKey, mode);
        make_agent(base_url, kKioskKey, report_health);
    }
    // The agent's health report: the portal answers, so the store says it is ours.
    void agent_finds_our_portal() {
        ASSERT_FALSE(store.value("agent.portal_kind"));
        agent->run_once(wall_clock_ms());
        ASSERT_EQ(store.value("agent.portal_kind").value_or(""), "wardkiosk");
    }
    // The case's photo the portal holds (one expected), approved by an officer.
    std::string approve_the_photo(const std::string& id) {
        auto media = portal_store->media(id);
        EXPECT_EQ(media.size(), 1u);
        if (media.size() != 1) return "";
        EXPECT_TRUE(portal_store->approve_media(id, media[0].name, "cb-01", wall_clock_ms()));
        return public_url + "/media/" + media[0].name + ".jpg";
    }
    json request_json(const std::string& id) {
        httplib::Client c("127.0.0.1", server->port());
        auto res = c.Get(("/open311/v2/requests/" + id + ".json").c_str());
        json j = res && res->status == 200 ? json::parse(res->body, nullptr, false) : json();
        return j.is_array() && j.size() == 1 ? j[0] : json::object();
    }
    // The signed photo link on a receipt's dump; "" unless there is exactly one.
    std::string photo_link_of(const std::string& receipt_dump) {
        auto l = qr_lines(receipt_dump, "/photos/");
        return l.size() == 1 ? l[0] : std::string();
    }
    // Files a report once the agent has found the portal; its code and photo link.
    std::pair<std::string, std::string> report_with_photo_link(const std::string& description) {
        std::string receipt = file_report(description);
        return {code_of(receipt), photo_link_of(receipt)};
    }
};

// [SECTION] the receipt
// "auto": the photos QR appears only once the agent's health report found the reference
// portal; then it is <public_url>/photos/<CODE>?k=1&x=<a week on>&s=<signature>, signed
// with the link key of kiosk 1's own key, beside the lookup QR.
TEST_F(PhotoPath, TheReceiptOffersPhotosOnlyOnceTheAgentFoundTheReferencePortal) {
    kiosk_and_agent();
    std::string before = file_report("Rác thải đổ trộm cạnh hồ, bốc mùi cả tuần nay.");
    std::string first = code_of(before);
    ASSERT_EQ(first.size(), 9u) << before;
    EXPECT_TRUE(qr_lines(before, "/photos/").empty()) << "the portal is not known to take photos yet:\n" << before;

    agent_finds_our_portal();  // uploads the first report too
    ASSERT_FALSE(case_id(first).empty());

    UnixMs shown_at = wall_clock_ms();
    std::string after = file_report("Cống thoát nước trước nhà số 5 bị tắc.");
    std::string code = code_of(after);
    ASSERT_EQ(code.size(), 9u) << after;
    ASSERT_EQ(qr_lines(after, public_url + "/lookup/" + code).size(), 1u) << after;
    std::string link = photo_link_of(after);
    std::smatch m;
    std::regex form("^" + std::regex_replace(public_url, std::regex(R"([.])"), R"(\.)") + "/photos/" + code +
                    R"(\?k=1&x=(\d+)&s=([A-Za-z0-9_-]{22})$)");
    ASSERT_TRUE(std::regex_match(link, m, form)) << after;
    int64_t x = std::stoll(m[1]);
    EXPECT_NEAR(static_cast<double>(x), static_cast<double>(shown_at / 1000 + kWeekS), 120.0);
    EXPECT_EQ(photo_link::verify(photo_link::link_key(kKioskKey), code, 1, x, m[2].str(), shown_at / 1000),
              photo_link::Check::ok);
    EXPECT_EQ(link, photo_link::url(public_url, code, 1, x, photo_link::link_key(kKioskKey)));
    EXPECT_EQ(open_page(link).status, 200) << "the portal serves the page the QR opens";

    // The lookup of the first report (open, at the portal) offers photos too, now.
    std::string lookup = look_up(first);
    auto offered = qr_lines(lookup, public_url + "/photos/" + first + "?k=1&x=");
    EXPECT_EQ(offered.size(), 1u) << lookup;
}

// [SECTION] the photo's way
// The photo goes up on the receipt's link before the agent has sent the report: it waits
// under the code, joins the case when the report arrives, an officer approves it, and the
// citizen looking the case up at the kiosk sees it as a thumbnail once the agent, asked by
// the kiosk, has fetched it. A closed case then offers no more photos.
TEST_F(PhotoPath, APhotoSentBeforeTheReportReachesTheKiosksLookupAsAThumbnail) {
    kiosk_and_agent();
    agent_finds_our_portal();
    auto [code, link] = report_with_photo_link("Cây đổ chắn lối đi vào chợ Đội Cấn.");
    ASSERT_EQ(code.size(), 9u);
    ASSERT_FALSE(link.empty()) << "no photos QR on the receipt";
    ASSERT_TRUE(case_id(code).empty()) << "the report is still on the kiosk";

    Answer sent = upload_photo(link, two_colours(1200, 800, false));
    ASSERT_EQ(sent.status, 200) << sent.body;
    EXPECT_EQ(sent.j().value("ok", false), true) << sent.body;
    EXPECT_EQ(sent.j().value("have", 0), 1) << sent.body;
    auto waiting = portal_store->phone_media(code);
    EXPECT_EQ(waiting.count, 1);
    EXPECT_FALSE(waiting.arrived) << "the photo waits for its report";

    PassResult pass = agent->run_once(wall_clock_ms());
    EXPECT_EQ(pass.uploaded, 1);
    std::string id = case_id(code);
    ASSERT_FALSE(id.empty());
    EXPECT_TRUE(portal_store->phone_media(code).arrived);
    EXPECT_FALSE(request_json(id).contains("media_url")) << "nothing is public before an officer approves it";
    std::string media_url = approve_the_photo(id);
    ASSERT_FALSE(media_url.empty());
    EXPECT_EQ(request_json(id).value("media_url", ""), media_url) << "GET /requests/{id}: the first approved photo";

    auto [first, then] = look_up_while_agent_answers(code, [&] {
        EXPECT_TRUE(store.photos(code).empty());
        agent->run_once(wall_clock_ms());
        auto thumbs = store.photos(code);
        ASSERT_EQ(thumbs.size(), 1u) << "the agent answered the kiosk's question with the case's photo";
        EXPECT_EQ(thumbs[0].url, media_url);
        EXPECT_EQ(thumbs[0].width, 320);
        EXPECT_EQ(thumbs[0].height, 213);
        int w = 0, h = 0, n = 0;
        ASSERT_TRUE(stbi_info_from_memory(thumbs[0].jpeg.data(), static_cast<int>(thumbs[0].jpeg.size()), &w, &h, &n));
        EXPECT_EQ(w, 320);
        EXPECT_EQ(h, 213);
        EXPECT_EQ(questions(code), 0) << "the question is answered";
    });
    EXPECT_EQ(qr_lines(first, public_url + "/photos/" + code + "?k=1&x=").size(), 1u)
        << "the open case offers photos on the lookup:\n" << first;
    EXPECT_TRUE(photos_shown(first).empty()) << "no thumbnail before the agent fetched it:\n" << first;
    auto shown = photos_shown(then);
    ASSERT_EQ(shown.size(), 1u) << then;
    EXPECT_LE(shown[0].w, 320);
    EXPECT_LE(shown[0].h, 320);
    EXPECT_EQ(shown[0].w, 320);
    EXPECT_EQ(shown[0].h, 213);

    // The officer closes the case; the agent's pull brings it; the lookup offers no photos.
    portal::NewUpdate done;
    done.service_request_id = id;
    done.status = "closed";
    done.description = "Đã dọn cây đổ, thông đường.";
    ASSERT_EQ(portal_store->add_update(done, wall_clock_ms()).outcome, portal::UpdateOutcome::applied);
    agent->sync_now(wall_clock_ms());
    agent->run_once(wall_clock_ms());
    ASSERT_EQ(store.find(code)->status, "closed");
    std::string closed = look_up(code);
    EXPECT_TRUE(has(closed, "Đã dọn cây đổ, thông đường.")) << closed;
    EXPECT_TRUE(qr_lines(closed, "/photos/").empty()) << "a closed case takes no more photos:\n" << closed;
}

// Nobody looks the case up: the agent's sweep of the open cases by id (every 6 hours)
// notes the approved photo's media_url and fetches it, so the citizen who comes back
// sees the thumbnail at once.
TEST_F(PhotoPath, TheAgentsSweepBringsAnApprovedPhotoBeforeAnyoneAsks) {
    kiosk_and_agent();
    agent_finds_our_portal();
    auto [code, link] = report_with_photo_link("Vỉa hè bị lấn chiếm trước số 8.");
    ASSERT_FALSE(link.empty());
    ASSERT_EQ(upload_photo(link, two_colours(640, 640, false)).status, 200);
    agent->run_once(wall_clock_ms());
    std::string id = case_id(code);
    ASSERT_FALSE(id.empty());
    std::string media_url = approve_the_photo(id);
    agent->run_once(wall_clock_ms() + kMinute);
    EXPECT_TRUE(store.photos(code).empty()) << "between sweeps only a citizen's question brings it";

    agent->run_once(wall_clock_ms() + 7 * kHour);
    EXPECT_EQ(questions(code), 0);
    auto thumbs = store.photos(code);
    ASSERT_EQ(thumbs.size(), 1u);
    EXPECT_EQ(thumbs[0].url, media_url);
    std::string lookup = look_up(code);
    auto shown = photos_shown(lookup);
    ASSERT_EQ(shown.size(), 1u) << lookup;
    EXPECT_EQ(shown[0].w, 320);
    EXPECT_EQ(shown[0].h, 320);
}

// [SECTION] links
// The same link is refused once the portal's clock passes its expiry, and a link whose
// signature or kiosk was changed is refused at once; nothing is stored.
TEST_F(PhotoPath, TheReceiptsLinkIsRefusedOnceExpiredAndWhenForged) {
    kiosk_and_agent();
    agent_finds_our_portal();
    auto [code, link] = report_with_photo_link("Đèn đường ngõ 12 tắt cả tuần.");
    ASSERT_FALSE(link.empty());
    EXPECT_EQ(open_page(link).status, 200);

    std::string forged = link.substr(0, link.size() - 1) + (link.back() == 'A' ? 'B' : 'A');
    EXPECT_EQ(open_page(forged).status, 403);
    EXPECT_EQ(upload_photo(forged, two_colours(64, 48, false)).status, 403);
    std::string other_kiosk = std::regex_replace(link, std::regex("\\?k=1&"), "?k=2&");
    EXPECT_EQ(open_page(other_kiosk).status, 403);

    shift = 6 * kDay;  // within the week
    EXPECT_EQ(open_page(link).status, 200);
    shift = 7 * kDay + 5 * kMinute;  // past x
    EXPECT_EQ(open_page(link).status, 403);
    Answer late = upload_photo(link, two_colours(64, 48, false));
    EXPECT_EQ(late.status, 403) << late.body;
    EXPECT_EQ(late.j().value("ok", true), false) << late.body;
    EXPECT_EQ(portal_store->phone_media(code).count, 0) << "nothing stored from a refused link";
}

// [SECTION] any GeoReport v2 server
// A kiosk set to "on" whose agent never reported health (so the portal is not known as
// ours): the agent asks the case by id (GET /requests/{id}) and fetches its media_url, the
// way it does with any GeoReport v2 server.
TEST_F(PhotoPath, WithoutKnowingThePortalTheAgentFetchesTheCasesMediaUrl) {
    kiosk_and_agent("on", false);
    auto [code, link] = report_with_photo_link("Nước ngập sâu trước cổng trường.");
    ASSERT_FALSE(link.empty()) << "\"on\" offers the photos QR without asking";
    agent->run_once(wall_clock_ms());
    ASSERT_FALSE(store.value("agent.portal_kind"));
    std::string id = case_id(code);
    ASSERT_FALSE(id.empty());
    Answer sent = upload_photo(link, two_colours(900, 1200, false));
    ASSERT_EQ(sent.status, 200) << sent.body;
    EXPECT_TRUE(portal_store->phone_media(code).arrived) << "sent after the report: it joined the case at once";
    std::string media_url = approve_the_photo(id);
    ASSERT_FALSE(media_url.empty());

    auto [first, then] = look_up_while_agent_answers(code, [&] { agent->run_once(wall_clock_ms()); });
    EXPECT_TRUE(photos_shown(first).empty()) << first;
    auto shown = photos_shown(then);
    ASSERT_EQ(shown.size(), 1u) << then;
    EXPECT_EQ(shown[0].w, 240);
    EXPECT_EQ(shown[0].h, 320);
    auto thumbs = store.photos(code);
    ASSERT_EQ(thumbs.size(), 1u);
    EXPECT_EQ(thumbs[0].url, media_url);
}

// [SECTION] the strict server
// A server that is not ours: no health endpoint (404), no /photos/ page; a kiosk that knew
// the reference portal before forgets it at the 404. With "auto" the
// kiosk never offers the photos QR, on the receipt or the lookup; a lookup's question is
// asked as of any GeoReport v2 server (GET /requests/{id}), whose media_url is empty here:
// the strict server always answers media_url "" (it keeps no media), so its half of the
// path (a media_url from a foreign server, fetched and shown) is tested against the
// reference portal with the agent not knowing it (WithoutKnowingThePortal... above).
using StrictServerPhotos = KioskOnLoopback;

TEST_F(StrictServerPhotos, NoPhotosAreOfferedAndTheQuestionGoesByCaseId) {
    ASSERT_TRUE(std::filesystem::exists(kKioskProgram)) << kKioskProgram << ": build the wardkiosk target first";
    StrictPortal strict;
    public_url = "http://127.0.0.1:" + std::to_string(strict.port());
    write_kiosk_config(strict.base_url(), strict.api_key, "auto");
    make_agent(strict.base_url(), strict.api_key, true);

    // This kiosk once reported to the reference portal; the province has since moved to
    // another server. What the agent learnt then must not outlive the 404.
    store.set_value("agent.portal_kind", "wardkiosk");
    agent->run_once(wall_clock_ms());  // its health report: 404
    EXPECT_EQ(store.value("agent.portal_kind").value_or(""), "other");
    EXPECT_TRUE(store.value("agent.health_quiet_until")) << "the agent heard there is no health endpoint";

    std::string receipt = file_report("Rác thải đổ trộm cạnh hồ, bốc mùi cả tuần nay.");
    std::string code = code_of(receipt);
    ASSERT_EQ(code.size(), 9u) << receipt;
    EXPECT_TRUE(qr_lines(receipt, "/photos/").empty()) << receipt;

    agent->run_once(wall_clock_ms() + kMinute);
    std::string id = case_id(code);
    ASSERT_FALSE(id.empty()) << "the strict server took the report";
    EXPECT_EQ(store.value("agent.portal_kind").value_or(""), "other");

    std::string lookup = look_up(code);
    EXPECT_TRUE(qr_lines(lookup, "/photos/").empty()) << lookup;
    EXPECT_TRUE(photos_shown(lookup).empty()) << lookup;
    ASSERT_EQ(questions(code), 1) << "the kiosk asked for the case's photos";
    size_t seen_before = strict.requests_seen().size();
    agent->run_once(wall_clock_ms() + 2 * kMinute);
    EXPECT_EQ(questions(code), 0);
    bool by_id = false;
    auto seen = strict.requests_seen();
    for (size_t i = seen_before; i < seen.size(); ++i) {
        by_id = by_id || (seen[i].first == "GET" && seen[i].second.rfind("/open311/v2/requests/" + id + ".json", 0) == 0);
        EXPECT_FALSE(has(seen[i].second, "/wardkiosk/")) << seen[i].second;
        EXPECT_FALSE(has(seen[i].second, "/photos/")) << seen[i].second;
    }
    EXPECT_TRUE(by_id) << "the question went as GET /requests/" << id << ".json";
    EXPECT_TRUE(store.photos(code).empty()) << "the strict server's media_url is always empty";
    EXPECT_TRUE(store.photos_wanted(wall_clock_ms() + kDay, 10).empty());
    EXPECT_TRUE(qr_lines(look_up(code), "/photos/").empty());
}

}  // namespace
