// The agent's pulls (sync/agent/agent_pull.cpp) against the reference portal on
// loopback, in JSON and in XML: status changes through servicerequestupdates (one
// request when nothing changed, two when something did, overlapping windows counted
// once), the fallback by case number for a portal without the extension, the
// province's public reports in windows of at most 90 days (halved when full or over the
// HTTP client's body cap), and service definitions.
// The portal's clock is a variable, so a year of reports is filed in no time.
// [SECTION] fixture  [SECTION] statuses  [SECTION] public reports  [SECTION] services
#include <gtest/gtest.h>
#include <httplib.h>

#include <fstream>
#include <memory>
#include <string>

#include "agent.hpp"
#include "agent_fake_portal.hpp"
#include "agent_test_kit.hpp"
#include "portal_server.hpp"
#include "temp_dir.hpp"

namespace {
using namespace wk;
using namespace wk::agent;
using namespace wk::test;

const char* const kKey = "kiosk-key-pull";
constexpr UnixMs kMinute = 60000, kDay = 24 * 60 * kMinute;

UnixMs at(const char* iso) { return *open311::parse_iso8601(iso); }

// [SECTION] fixture
class PullTest : public ::testing::TestWithParam<open311::Format> {
  protected:
    TempDir dir;
    Store store = Store::open(dir.file("kiosk.db"));
    ContactBox box = ContactBox::from_key(std::vector<uint8_t>(32, 5));
    UnixMs now = at("2026-11-20T03:00:00Z");
    UnixMs portal_now = now;
    std::unique_ptr<portal::PortalStore> portal_store;
    std::unique_ptr<portal::PortalServer> server;
    std::unique_ptr<HttpClient> http;
    std::unique_ptr<Agent> agent;
    int port = -1;

    void SetUp() override {
        portal_store = std::make_unique<portal::PortalStore>(dir.file("portal.db"));
        portal_store->seed_services(portal::load_categories(categories_file()));
        portal::PortalOptions o;
        o.api_keys = {kKey};
        o.clock = [this] { return portal_now; };
        server = std::make_unique<portal::PortalServer>(*portal_store, o);
        port = server->start("127.0.0.1", 0);
        ASSERT_GT(port, 0);
        make_agent("http://127.0.0.1:" + std::to_string(port) + "/open311/v2");
    }
    void TearDown() override {
        agent.reset();
        http.reset();
        server.reset();
    }
    // The province's categories plus one with a required question (a service definition).
    std::string categories_file() {
        std::string path = dir.file("categories.json");
        std::ofstream(path) << R"([
  {"code": "moi-truong", "name_vi": "Môi trường", "name_en": "Environment", "group": "moi-truong"},
  {"code": "ha-tang-do-thi", "name_vi": "Hạ tầng đô thị", "name_en": "Urban infrastructure", "group": "ha-tang",
   "attributes": [{"code": "muc-do", "datatype": "singlevaluelist", "required": true, "order": 1,
                   "description": "Mức độ nguy hiểm?",
                   "values": [{"key": "cao", "name": "Nguy hiểm ngay"}, {"key": "thap", "name": "Chưa nguy hiểm"}]}]}
])";
        return path;
    }
    void make_agent(const std::string& url, HttpOptions options = {2, 5}) {
        agent.reset();
        http = std::make_unique<HttpClient>(options);
        AgentConfig c;
        c.base_url = url;
        c.api_key = kKey;
        c.format = GetParam();
        c.backoff = {2000, 60000};
        c.wards = {"Phường Ba Đình", "Phường Kim Mã", "Phường Ngọc Hà"};
        agent = std::make_unique<Agent>(store, *http, box, c, [] { return 0.5; });
    }
    std::string submit(const std::string& text, const std::string& service = "moi-truong") {
        Draft d = citizen_draft(text);
        d.service_code = service;
        if (service == "ha-tang-do-thi") d.attributes["muc-do"] = "cao";
        return store.submit(d, 1, box, now).code;
    }
    // Someone else's report, filed on the portal directly at `when`.
    std::string file_on_portal(UnixMs when, const std::string& ward,
                               const std::string& description = "Rác thải tồn đọng") {
        portal_now = when;
        portal::NewRequest r;
        r.service_code = "moi-truong";
        r.description = description;
        r.address = "Ngõ 12, " + ward + ", Thành phố Hà Nội";
        auto c = portal_store->create_request(r, when, "HN");
        portal_now = now;
        return c.service_request_id;
    }
    void officer(const std::string& id, const std::string& status, const std::string& notes, UnixMs when) {
        portal::NewUpdate u;
        u.service_request_id = id;
        u.status = status;
        u.description = notes;
        u.agency_responsible = "Công ty Môi trường đô thị";
        ASSERT_EQ(portal_store->add_update(u, when).outcome, portal::UpdateOutcome::applied);
    }
    // A description of 4,000 letters (the most allowed), 3 bytes each in UTF-8, drawn
    // from `seed` so that gzip (the portal compresses) cannot squeeze it to nothing.
    static std::string long_description(uint32_t seed) {
        static const char* const kLetters[] = {"ệ", "ở", "ữ", "ừ", "ặ", "ầ", "ồ", "ộ", "ị", "ụ", "ạ", "ọ",
                                               "ế", "ấ", "ố", "ớ", "ứ", "ỳ", "ỹ", "ẽ", "ẩ", "ẫ", "ổ", "ỗ"};
        std::string d;
        for (int i = 0; i < 4000; ++i) {
            seed = seed * 1664525u + 1013904223u;
            d += kLetters[(seed >> 16) % 24];
        }
        return d;
    }
    UnixMs stored_cursor() { return std::stoll(store.value("agent.public_until").value_or("0")); }
    // Requests the agent made during one pass at `t`.
    int requests_in_pass(UnixMs t, PassResult* out = nullptr) {
        int before = http->requests_made();
        PassResult r = agent->run_once(t);
        if (out) *out = r;
        return http->requests_made() - before;
    }
};

// [SECTION] statuses
TEST_P(PullTest, AStatusChangeArrivesWithTwoRequestsAndNoChangeCostsOne) {
    std::string a = submit("Cống tắc ở ngõ 5"), b = submit("Rác ở chợ");
    PassResult first = agent->run_once(now);  // uploads both, reads services, first sweep
    ASSERT_EQ(first.uploaded, 2);
    std::string case_a = store.find(a)->service_request_id;

    now += 30 * 1000;
    portal_now = now;
    EXPECT_EQ(requests_in_pass(now), 1) << "nothing changed: one servicerequestupdates request";

    officer(case_a, "in_progress", "Đã giao Công ty Môi trường đô thị xử lý.", now + 1000);
    now += 30 * 1000;
    portal_now = now;
    PassResult r;
    EXPECT_EQ(requests_in_pass(now, &r), 2) << "the updates, then the changed case by id";
    EXPECT_EQ(r.statuses_changed, 1);
    ReportView v = *store.find(a);
    EXPECT_EQ(v.status, "in_progress");
    EXPECT_EQ(v.status_notes, "Đã giao Công ty Môi trường đô thị xử lý.");
    EXPECT_EQ(v.agency, "Công ty Môi trường đô thị");
    EXPECT_EQ(store.find(b)->status, "open");
}

TEST_P(PullTest, OverlappingWindowsApplyAnUpdateOnce) {
    std::string a = submit("Đèn đường hỏng");
    agent->run_once(now);
    std::string id = store.find(a)->service_request_id;
    officer(id, "fixed", "Đã thay bóng đèn.", now + 1000);
    now += 30 * 1000;
    portal_now = now;
    PassResult r;
    requests_in_pass(now, &r);
    ASSERT_EQ(r.statuses_changed, 1);
    // The next window starts 10 minutes back and holds the same update again.
    now += 30 * 1000;
    portal_now = now;
    EXPECT_EQ(requests_in_pass(now, &r), 1);
    EXPECT_EQ(r.statuses_changed, 0);
    EXPECT_EQ(count_events(*store.find(a), "status"), 1);
}

// The scripted fake portal speaks JSON only, so this story runs in JSON alone.
class PullFallback : public PullTest {};

TEST_P(PullFallback, APortalWithoutTheExtensionIsAskedByCaseNumber) {
    FakePortal fake;  // answers 404 to GET servicerequestupdates
    ASSERT_GT(fake.start(), 0);
    make_agent(fake.base_url());
    std::string a = submit("Nước ngập sau mưa");
    agent->run_once(now);
    ASSERT_EQ(store.find(a)->sync_state, SyncState::acknowledged);
    now += 30 * 1000;
    agent->run_once(now);  // tries the extension, hears 404, asks by id
    EXPECT_EQ(store.value("agent.updates").value_or(""), "no");
    size_t asked_by_id = 0;
    for (const auto& q : fake.seen())
        if (q.route == "GET requests" && q.params.count("service_request_id")) ++asked_by_id;
    EXPECT_GE(asked_by_id, 2u) << "the first sweep and the fallback";
    agent.reset();
    http.reset();
}

// Servers without the extension also answer 405 (the path exists for POST only) or 400
// (an unknown path): both mean asking by case number, not a failed pull every 30 s.
TEST_P(PullFallback, A405OrA400FromTheExtensionAlsoMeansAskingByCaseNumber) {
    FakePortal fake;
    ASSERT_GT(fake.start(), 0);
    make_agent(fake.base_url());
    std::string a = submit("Nước ngập sau mưa");
    agent->run_once(now);
    ASSERT_EQ(store.find(a)->sync_state, SyncState::acknowledged);
    for (int status : {405, 400}) {
        store.set_value("agent.updates", "");  // as if the extension had never been tried
        fake.set_default("GET servicerequestupdates", error_answer(status, "no such method"));
        now += 30 * 1000;
        PassResult r = agent->run_once(now);
        EXPECT_TRUE(r.network_ok) << status;
        EXPECT_EQ(store.value("agent.updates").value_or(""), "no") << status;
    }
    agent.reset();
    http.reset();
}

// [SECTION] public reports
TEST_P(PullTest, TheProvincesReportsOfTheYearArePulledInWindowsOfAtMost90Days) {
    file_on_portal(at("2025-12-30T05:00:00Z"), "Phường Kim Mã");  // last year: not on this year's board
    for (const char* when : {"2026-01-03T02:00:00Z", "2026-04-15T02:00:00Z", "2026-08-01T02:00:00Z"})
        file_on_portal(at(when), "Phường Kim Mã");
    std::string recent = file_on_portal(now - kDay, "Phường Ngọc Hà");
    officer(recent, "fixed", "Đã thu gom.", now - kDay / 2);

    PassResult r = agent->run_once(now);
    EXPECT_TRUE(r.network_ok);
    EXPECT_EQ(store.public_count(), 4) << "from 1 January on, four windows (the portal refuses longer ones)";
    auto tally = store.public_tally_since(vietnam_year_start(now), "Phường Kim Mã");
    int64_t kim_ma = 0;
    for (const auto& t : tally) kim_ma += t.count;
    EXPECT_EQ(kim_ma, 3);
    auto ngoc_ha = store.public_tally_since(vietnam_year_start(now), "Phường Ngọc Hà");
    ASSERT_EQ(ngoc_ha.size(), 1u);
    EXPECT_EQ(ngoc_ha[0].status, "fixed");
    EXPECT_EQ(ngoc_ha[0].on_time, 1);

    // Incremental: ten minutes later one short window is asked for, and a new report comes in.
    file_on_portal(now + 5 * kMinute, "Phường Ba Đình");
    now += 11 * kMinute;
    portal_now = now;
    int before = http->requests_made();
    agent->run_once(now);
    EXPECT_LE(http->requests_made() - before, 2) << "updates and one public window";
    EXPECT_EQ(store.public_count(), 5);
}

TEST_P(PullTest, AFullPageIsAskedAgainInHalves) {
    portal_store->db().exec("PRAGMA synchronous = OFF");
    for (int i = 0; i < 1005; ++i) file_on_portal(now - 20 * kDay + i * kMinute, "Phường Kim Mã");
    agent->run_once(now);
    EXPECT_EQ(store.public_count(), 1005) << "a window of 1,000 was cut off; halves get every report";
}

// The province's reports with long descriptions: 760 of them in one window are over the
// client's 8 MiB cap. The window is halved like a full page; every report arrives, the
// link is not held (nothing is down), and the next poll asks only from where this ended
// (asking the dense window again would cost megabytes even gzipped). In JSON alone: the
// portal gzips megabytes for each window too large, and the split does not depend on
// the format (the next test splits in both).
class PullOverTheCap : public PullTest {};

TEST_P(PullOverTheCap, AWindowOverTheBodyCapIsAskedInHalvesAndNotDownloadedAgain) {
    portal_store->db().exec("PRAGMA synchronous = OFF");
    const int kReports = 760;
    for (int i = 0; i < kReports; ++i)
        file_on_portal(now - 20 * kDay + i * (20 * kDay / kReports), "Phường Kim Mã", long_description(i + 1));

    int asked = http->requests_made();
    PassResult r = agent->run_once(now);
    EXPECT_GT(http->requests_made() - asked, 6) << "more than the services, one definition and four windows";
    EXPECT_TRUE(r.network_ok);
    EXPECT_EQ(store.public_count(), kReports);
    EXPECT_EQ(store.value("agent.blocked_until").value_or("0"), "0") << "a big answer is not an outage";
    EXPECT_EQ(agent->next_wake(now), now + 30 * 1000) << "the next status pull, not a backoff";
    EXPECT_EQ(store.value("agent.last_error.public").value_or(""), "");

    file_on_portal(now + 5 * kMinute, "Phường Ba Đình");
    now += 11 * kMinute;
    portal_now = now;
    long before = http->bytes_received();
    r = agent->run_once(now);
    EXPECT_TRUE(r.network_ok);
    EXPECT_LT(http->bytes_received() - before, 64L << 10) << "the dense window is not downloaded again";
    EXPECT_EQ(store.public_count(), kReports + 1);
}

// Even a minute of reports over the cap (here a cap of 8 KiB and one report of 12 KB)
// does not stop the board for ever: that minute is skipped and said, the rest arrive.
TEST_P(PullTest, AMinuteStillOverTheCapIsSkippedAndTheBoardMovesOn) {
    HttpOptions small{2, 5};
    small.max_body_bytes = 8 << 10;
    make_agent("http://127.0.0.1:" + std::to_string(port) + "/open311/v2", small);
    for (UnixMs back : {100 * kDay, 10 * kDay, kDay}) file_on_portal(now - back, "Phường Kim Mã");
    file_on_portal(now - 5 * kDay, "Phường Ngọc Hà", long_description(7));

    for (int pass = 0; pass < 6 && stored_cursor() < now; ++pass) {  // a pass asks at most 24 windows
        EXPECT_TRUE(agent->run_once(now).network_ok);
        EXPECT_EQ(store.value("agent.blocked_until").value_or("0"), "0");
        if (stored_cursor() < now) now += 11 * kMinute, portal_now = now;
    }
    ASSERT_EQ(stored_cursor(), now);
    EXPECT_EQ(store.public_count(), 3);
    EXPECT_NE(store.value("agent.last_error.public").value_or("").find("skipped"), std::string::npos);

    now += 11 * kMinute;
    portal_now = now;
    long before = http->bytes_received();
    EXPECT_LE(requests_in_pass(now), 2) << "one short window from the cursor (and the hourly services)";
    EXPECT_LT(http->bytes_received() - before, 8 << 10) << "nothing over the cap asked again";
}

// [SECTION] services
TEST_P(PullTest, AServiceDefinitionsQuestionsReachTheKioskAndItsAnswersTheIPortal) {
    agent->run_once(now);
    auto cats = store.categories();
    ASSERT_EQ(cats.size(), 2u);
    const Category& infra = cats[1].code == "ha-tang-do-thi" ? cats[1] : cats[0];
    ASSERT_EQ(infra.attributes.size(), 1u);
    EXPECT_EQ(infra.attributes[0].code, "muc-do");
    EXPECT_TRUE(infra.attributes[0].required);
    EXPECT_EQ(infra.attributes[0].description, "Mức độ nguy hiểm?");
    ASSERT_EQ(infra.attributes[0].values.size(), 2u);

    std::string code = submit("Nắp cống vỡ giữa đường", "ha-tang-do-thi");
    now += 1000;
    agent->run_once(now);
    EXPECT_EQ(store.find(code)->sync_state, SyncState::acknowledged);
    auto s = portal_store->db().prepare("SELECT count(*) FROM attributes WHERE value = 'cao'");
    ASSERT_TRUE(s.step());
    EXPECT_EQ(s.int_at(0), 1);
}

INSTANTIATE_TEST_SUITE_P(Json, PullFallback, ::testing::Values(open311::Format::json),
                         [](const auto&) { return std::string("json"); });
INSTANTIATE_TEST_SUITE_P(Json, PullOverTheCap, ::testing::Values(open311::Format::json),
                         [](const auto&) { return std::string("json"); });
INSTANTIATE_TEST_SUITE_P(Formats, PullTest, ::testing::Values(open311::Format::json, open311::Format::xml),
                         [](const auto& info) { return info.param == open311::Format::xml ? "xml" : "json"; });

}  // namespace
