// The sync agent (sync/agent/agent.hpp) over real HTTP on loopback, with real SQLite
// files in a temporary folder. Two kinds of server: the reference portal
// (wk::portal::PortalServer with its own PortalStore), for what a correct portal sees
// and answers, and a scripted fake (agent_fake_portal.hpp), for what a broken network
// or a broken portal does. Time is passed to run_once, so days of retries take no time;
// the random source is a variable the test sets.
// [SECTION] fixtures
// [SECTION] reference portal: filing, only once, statuses, services
// [SECTION] fake portal: what is sent
// [SECTION] fake portal: link down, server errors, Retry-After
// [SECTION] fake portal: refusals (403, 404, 400)
// [SECTION] fake portal: false successes (HTML, truncated, too large)
// [SECTION] fake portal: tokens, hangs, contact key, sync now, pulls
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "agent.hpp"
#include "agent_fake_portal.hpp"
#include "agent_test_kit.hpp"
#include "portal_server.hpp"
#include "sync/open311.hpp"
#include "temp_dir.hpp"

namespace {
using namespace wk;
using namespace wk::agent;
using namespace wk::test;

const char* const kApiKey = "kiosk-key-dien-bien";
constexpr UnixMs kBase = 2000, kCap = 60000;

std::string form_field(const std::multimap<std::string, std::string>& f, const std::string& key) {
    auto it = f.find(key);
    return it == f.end() ? "<absent>" : it->second;
}

// A loopback port nobody listens on: bound, read, closed.
int dead_port() {
    int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t n = sizeof a;
    ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &n);
    ::close(s);
    return ntohs(a.sin_port);
}

// [SECTION] fixtures
class AgentTest : public ::testing::Test {
  protected:
    TempDir dir;
    std::string db_path = dir.file("kiosk.db");
    Store store = Store::open(db_path);
    ContactBox box = ContactBox::from_key(std::vector<uint8_t>(32, 3));
    double unit = 0.5;  // what the injected random source returns
    UnixMs now = t0();
    std::unique_ptr<HttpClient> http;
    std::unique_ptr<Agent> agent;
    int alive_calls = 0;  // AgentConfig::alive, which the program wires to the watchdog

    void TearDown() override {  // the client goes first: servers wait for its idle connections
        agent.reset();
        http.reset();
    }
    void make_agent(const std::string& url, HttpOptions options = {2, 5}, int attention_after_400 = 5,
                    const ContactBox* with_box = nullptr) {
        agent.reset();
        http = std::make_unique<HttpClient>(options);
        AgentConfig c;
        c.base_url = url;
        c.api_key = kApiKey;
        c.kiosk_id = 1;
        c.province = "Thành phố Hà Nội";
        c.backoff = {kBase, kCap};
        c.attention_after_400 = attention_after_400;
        c.default_categories = default_categories();
        c.alive = [this] { ++alive_calls; };
        agent = std::make_unique<Agent>(store, *http, with_box ? *with_box : box, c, [this] { return unit; });
    }
    std::string submit(const std::string& description, const Contact& contact = {}) {
        return store.submit(citizen_draft(description, contact), 1, box, now).code;
    }
    ReportView view(const std::string& code) {
        auto v = store.find(code);
        EXPECT_TRUE(v.has_value()) << code;
        return v.value_or(ReportView{});
    }
    RawReport raw(const std::string& code) { return raw_report(db_path, code); }
    std::string kv(const std::string& key) { return store.value(key).value_or("<unset>"); }
};

class AgentAndPortal : public AgentTest {
  protected:
    std::unique_ptr<portal::PortalStore> portal_store;
    std::unique_ptr<portal::PortalServer> server;
    int port = -1;

    void SetUp() override {
        portal_store = std::make_unique<portal::PortalStore>(dir.file("portal.db"));
        auto services = portal::load_categories(asset_path("categories.json"));
        services.push_back({"cay-xanh", "Cây xanh đô thị", "", "moi-truong"});  // a code the kiosk never had
        portal_store->seed_services(services);
        portal::PortalOptions o;
        o.api_keys = {kApiKey};
        o.clock = [] { return t0(); };
        server = std::make_unique<portal::PortalServer>(*portal_store, o);
        port = server->start("127.0.0.1", 0);
        ASSERT_GT(port, 0);
        make_agent("http://127.0.0.1:" + std::to_string(port) + "/open311/v2");
    }
    void TearDown() override {
        AgentTest::TearDown();
        server.reset();
        portal_store.reset();
    }
    // One text column from the portal's own database (contacts have no read accessor).
    std::string portal_text(const std::string& sql, const std::string& arg) {
        auto s = portal_store->db().prepare(sql);
        s.bind(1, arg);
        return s.step() ? s.text_at(0) : "<none>";
    }
    // An officer answers a case on the portal, the way the portal's own clients do.
    int officer_update(const std::string& case_id, const std::string& status, const std::string& notes,
                       const std::string& agency = "", const std::string& expected = "") {
        using open311::url_encode;
        std::string form = "api_key=" + url_encode(kApiKey) + "&service_request_id=" + url_encode(case_id) +
                           "&status=" + url_encode(status) + "&description=" + url_encode(notes);
        if (!agency.empty()) form += "&agency_responsible=" + url_encode(agency);
        if (!expected.empty()) form += "&expected_datetime=" + url_encode(expected);
        httplib::Client c("127.0.0.1", port);
        auto res = c.Post("/open311/v2/servicerequestupdates.json", form, "application/x-www-form-urlencoded");
        return res ? res->status : 0;
    }
};

class AgentAndFake : public AgentTest {
  protected:
    FakePortal fake;

    void SetUp() override {
        ASSERT_GT(fake.start(), 0);
        make_agent(fake.base_url());
    }
    void TearDown() override {
        AgentTest::TearDown();
        fake.stop();
    }
    // Runs passes at each next attempt until `code` leaves the outbox (or `max` passes).
    // The portal takes one report: from then on it is known to take reports, and its
    // refusals count toward setting a report aside.
    void portal_takes_a_report() {
        std::string code = submit("Báo cáo đầu tiên, cổng nhận bình thường.");
        agent->run_once(now);
        ASSERT_EQ(raw(code).sync_state, "acknowledged");
        now += kSecond;
    }
    void run_until_settled(const std::string& code, int max = 12) {
        for (int i = 0; i < max; ++i) {
            RawReport r = raw(code);
            if (r.sync_state != "queued" && r.sync_state != "token") return;
            now = std::max(now + 1, r.next_attempt_at);
            agent->run_once(now);
        }
    }
};

// [SECTION] reference portal: filing, only once, statuses, services
TEST_F(AgentAndPortal, AQueuedReportIsAcknowledgedWithThePortalsCaseNumberAndItsContactIsErased) {
    std::string code = submit("Rác thải đổ trộm ở đầu ngõ, bốc mùi.", kAn);
    ASSERT_FALSE(raw(code).contact_is_null);

    PassResult r = agent->run_once(now);

    EXPECT_EQ(r.uploaded, 1);
    EXPECT_EQ(r.failed, 0);
    auto on_portal = portal_store->request_by_receipt(code);
    ASSERT_TRUE(on_portal.has_value());
    ReportView v = view(code);
    EXPECT_EQ(v.sync_state, SyncState::acknowledged);
    EXPECT_EQ(v.service_request_id, "HN-2026-000001");
    EXPECT_EQ(v.service_request_id, on_portal->service_request_id);
    EXPECT_EQ(v.status, "open");
    EXPECT_FALSE(v.has_contact);
    EXPECT_TRUE(raw(code).contact_is_null) << "the sealed contact must be gone from the file";
    ASSERT_EQ(v.events.size(), 3u);
    EXPECT_EQ(v.events[0].kind, "saved");
    EXPECT_EQ(v.events[1].kind, "sent");
    EXPECT_EQ(v.events[2].kind, "received");
    EXPECT_EQ(v.events[2].notes, v.service_request_id);
    EXPECT_EQ(on_portal->description, "Rác thải đổ trộm ở đầu ngõ, bốc mùi.");
    EXPECT_EQ(on_portal->address, "Ngõ 12 Phan Đình Phùng, Phường Điện Biên, Thành phố Hà Nội");

    const std::string by_key = " FROM contacts c JOIN requests r ON r.id = c.request_id WHERE r.idempotency_key = ?";
    // Vietnamese order, family name first: the spec's last_name and first_name.
    EXPECT_EQ(portal_text("SELECT c.last_name" + by_key, code), "Nguyễn");
    EXPECT_EQ(portal_text("SELECT c.first_name" + by_key, code), "Văn An");
    EXPECT_EQ(portal_text("SELECT c.phone" + by_key, code), "0912345678");
    EXPECT_EQ(portal_text("SELECT idempotency_key FROM requests WHERE service_request_id = ?", v.service_request_id),
              code);
    EXPECT_EQ(portal_text("SELECT r.service_request_id FROM attributes a JOIN requests r ON r.id = a.request_id "
                          "WHERE a.code = 'kiosk_receipt' AND a.value = ?",
                          code),
              v.service_request_id);
    EXPECT_EQ(portal_text("SELECT device_id FROM requests WHERE service_request_id = ?", v.service_request_id),
              "kiosk-1");
    EXPECT_EQ(kv("agent.last_ok.upload"), open311::iso8601(now));
}

// The store's full check runs in the agent's idle time (nothing left to send at the
// end of a pass), once a day.
TEST_F(AgentAndPortal, TheStoreIsCheckedOnceADayWhenNothingWaits) {
    submit("Rác thải đổ trộm ở đầu ngõ, bốc mùi.", kAn);
    EXPECT_EQ(kv("store.integrity.checked_at"), "<unset>");
    agent->run_once(now);  // sent: the queue is empty at the end of the pass
    EXPECT_EQ(kv("store.integrity.checked_at"), open311::iso8601(now));
    EXPECT_EQ(kv("store.integrity.result"), "ok");
    EXPECT_EQ(kv("store.integrity.trigger"), "daily");
    agent->run_once(now + 23 * 3600 * kSecond);
    EXPECT_EQ(kv("store.integrity.checked_at"), open311::iso8601(now));
    agent->run_once(now + 24 * 3600 * kSecond);
    EXPECT_EQ(kv("store.integrity.checked_at"), open311::iso8601(now + 24 * 3600 * kSecond));
}

TEST_F(AgentAndPortal, ReportsGoOutOldestFirstAndRerunningNeverPostsAgain) {
    std::string first = submit("Ổ gà lớn giữa đường Hoàng Diệu.");
    now += kMinute;
    std::string second = submit("Cống thoát nước bị tắc sau mưa.", kAn);
    now += kMinute;
    std::string third = submit("Cây xanh gãy cành đè lên dây điện.");

    EXPECT_EQ(agent->run_once(now).uploaded, 3);
    EXPECT_EQ(view(first).service_request_id, "HN-2026-000001");
    EXPECT_EQ(view(second).service_request_id, "HN-2026-000002");
    EXPECT_EQ(view(third).service_request_id, "HN-2026-000003");

    for (UnixMs later : {now, now + kMinute, now + kHour, now + kDay, now + 7 * kDay})
        EXPECT_EQ(agent->run_once(later).uploaded, 0);
    EXPECT_EQ(portal_store->counts().requests, 3);
    EXPECT_EQ(portal_store->counts().contacts, 1);
    for (const auto& code : {first, second, third}) {
        ReportView v = view(code);
        EXPECT_EQ(v.attempts, 1) << code;
        EXPECT_EQ(count_events(v, "sent"), 1) << code;
        EXPECT_EQ(count_events(v, "received"), 1) << code;
    }
    EXPECT_EQ(store.counts().queued, 0);
    EXPECT_EQ(store.counts().acknowledged, 3);
}

TEST_F(AgentAndPortal, AnOfficersAnswerIsPulledAndShownOnTheReport) {
    std::string code = submit("Rác thải đổ trộm ở đầu ngõ, bốc mùi.");
    agent->run_once(now);
    std::string case_id = view(code).service_request_id;
    ASSERT_FALSE(case_id.empty());

    ASSERT_EQ(officer_update(case_id, "in_progress", "Đội vệ sinh sẽ thu gom trong ngày.", "UBND Phường Điện Biên",
                             "2026-03-03T17:00:00+07:00"),
              201);
    EXPECT_EQ(agent->run_once(now + kSecond).statuses_changed, 0) << "the next pull is not due yet";
    now += 30 * kSecond;  // AgentConfig::pull_interval_ms
    PassResult r = agent->run_once(now);

    EXPECT_EQ(r.statuses_changed, 1);
    ReportView v = view(code);
    EXPECT_EQ(v.status, "in_progress");
    EXPECT_EQ(v.status_notes, "Đội vệ sinh sẽ thu gom trong ngày.");
    EXPECT_EQ(v.agency, "UBND Phường Điện Biên");
    EXPECT_EQ(v.expected_datetime, "2026-03-03T10:00:00Z");
    ASSERT_FALSE(v.events.empty());
    EXPECT_EQ(v.events.back().kind, "status");
    EXPECT_EQ(v.events.back().status, "in_progress");
    EXPECT_EQ(v.events.back().notes, "Đội vệ sinh sẽ thu gom trong ngày.");
    EXPECT_EQ(kv("agent.last_ok.pull"), open311::iso8601(now));

    now += 30 * kSecond;
    EXPECT_EQ(agent->run_once(now).statuses_changed, 0) << "the same answer twice is one change";
    EXPECT_EQ(count_events(view(code), "status"), 1);
}

TEST_F(AgentAndPortal, AFinishedCaseIsNoLongerAskedAbout) {
    std::string code = submit("Đèn đường ngõ 5 không sáng.");
    agent->run_once(now);
    ASSERT_EQ(officer_update(view(code).service_request_id, "fixed", "Đã thay bóng đèn."), 201);
    now += 30 * kSecond;
    EXPECT_EQ(agent->run_once(now).statuses_changed, 1);
    EXPECT_EQ(view(code).status, "fixed");

    // Left: one servicerequestupdates request a poll (it also feeds the province's
    // board); nothing is asked by case number any more.
    int requests = http->requests_made();
    now += 30 * kSecond;
    agent->run_once(now);
    now += 30 * kSecond;
    agent->run_once(now);
    EXPECT_EQ(http->requests_made(), requests + 2) << "one updates request a poll, none by id";
    EXPECT_EQ(count_events(view(code), "status"), 1);
}

TEST_F(AgentAndPortal, WithoutOpenCasesOrTheBoardNothingIsAsked) {
    AgentConfig c;
    c.base_url = "http://127.0.0.1:" + std::to_string(port) + "/open311/v2";
    c.api_key = kApiKey;
    c.pull_public = false;
    agent = std::make_unique<Agent>(store, *http, box, c, [this] { return unit; });
    std::string code = submit("Đèn đường ngõ 5 không sáng.");
    agent->run_once(now);
    ASSERT_EQ(officer_update(view(code).service_request_id, "fixed", "Đã thay bóng đèn."), 201);
    now += 30 * kSecond;
    EXPECT_EQ(agent->run_once(now).statuses_changed, 1);
    int requests = http->requests_made();
    now += 30 * kSecond;
    agent->run_once(now);
    EXPECT_EQ(http->requests_made(), requests) << "no open case and no board to feed: nothing to ask";
}

TEST_F(AgentAndPortal, TheServicesPullReplacesCategoriesAndKeepsEnglishNamesOfKnownCodes) {
    store.replace_categories({{"cu-bo", "Danh mục cũ", "Old category", "", 0}}, now);
    agent->run_once(now);

    std::vector<Category> got = store.categories();
    std::vector<Category> defaults = default_categories();
    ASSERT_EQ(got.size(), defaults.size() + 1);
    for (size_t i = 0; i < defaults.size(); ++i) {
        EXPECT_EQ(got[i].code, defaults[i].code) << "the portal's order";
        EXPECT_EQ(got[i].name_vi, defaults[i].name_vi);
        EXPECT_EQ(got[i].name_en, defaults[i].name_en) << "English name of a known code kept";
        EXPECT_EQ(got[i].group, defaults[i].group);
    }
    EXPECT_EQ(got.back().code, "cay-xanh");
    EXPECT_EQ(got.back().name_vi, "Cây xanh đô thị");
    EXPECT_FALSE(got.back().name_en.empty());
    for (const auto& c : got) EXPECT_NE(c.code, "cu-bo") << "a category the portal dropped is gone";
    EXPECT_EQ(kv("agent.last_ok.services"), open311::iso8601(now));
}

// [SECTION] fake portal: what is sent
TEST_F(AgentAndFake, EveryPostCarriesTheReceiptCodeAsKeyAndAttributeAndAContactOnlyWhenGiven) {
    std::string named = submit("Đèn đường hỏng cả dãy phố.", kAn);
    std::string anonymous = submit("Cây đổ chắn lối vào ngõ 7.");
    EXPECT_EQ(agent->run_once(now).uploaded, 2);

    auto posts = fake.seen("POST requests");
    ASSERT_EQ(posts.size(), 2u);
    const auto& p = posts[0];
    EXPECT_EQ(p.path, "/open311/v2/requests.json");
    EXPECT_EQ(p.idempotency_key, named);
    EXPECT_EQ(p.content_type.rfind("application/x-www-form-urlencoded", 0), 0u) << p.content_type;
    EXPECT_EQ(form_field(p.form, "attribute[kiosk_receipt]"), named);
    EXPECT_EQ(form_field(p.form, "attribute[channel]"), "self");
    EXPECT_EQ(form_field(p.form, "api_key"), kApiKey);
    EXPECT_EQ(form_field(p.form, "service_code"), "moi-truong");
    EXPECT_EQ(form_field(p.form, "description"), "Đèn đường hỏng cả dãy phố.");
    EXPECT_EQ(form_field(p.form, "address_string"), "Ngõ 12 Phan Đình Phùng, Phường Điện Biên, Thành phố Hà Nội");
    EXPECT_EQ(form_field(p.form, "device_id"), "kiosk-1");
    EXPECT_EQ(form_field(p.form, "last_name"), "Nguyễn");
    EXPECT_EQ(form_field(p.form, "first_name"), "Văn An");
    EXPECT_EQ(form_field(p.form, "phone"), "0912345678");
    EXPECT_EQ(posts[1].idempotency_key, anonymous);
    EXPECT_EQ(posts[1].form.count("first_name"), 0u);
    EXPECT_EQ(posts[1].form.count("phone"), 0u);
    EXPECT_EQ(view(named).service_request_id, "FK-1");
    EXPECT_EQ(view(anonymous).service_request_id, "FK-2");
}

// The store is written while requests are out, never between an answer and the next
// request; but no acknowledgement waits longer than the one request after it. Seen from
// the portal: when a report's POST arrives, every report two or more before it is
// already recorded as acknowledged (a second connection reads the kiosk's file), and
// the report itself carries no try yet (its try is written with its outcome).
TEST_F(AgentAndFake, WhenAPostArrivesEveryReportTwoBeforeItIsAlreadyRecordedAsAcknowledged) {
    std::vector<std::string> codes;
    for (int i = 0; i < 6; ++i) codes.push_back(submit("Báo cáo số " + std::to_string(i) + " trong hàng chờ."));
    std::vector<std::string> problems;  // written on the server's thread, read after the pass
    fake.on_request([&](const SeenRequest& q) {
        if (q.route != "POST requests") return;
        auto at = std::find(codes.begin(), codes.end(), q.idempotency_key);
        if (at == codes.end()) return problems.push_back("unknown key " + q.idempotency_key);
        size_t i = static_cast<size_t>(at - codes.begin());
        for (size_t k = 0; k + 1 < i; ++k)
            if (raw(codes[k]).sync_state != "acknowledged")
                problems.push_back("report " + std::to_string(k) + " not yet acknowledged at POST " + std::to_string(i));
        if (raw(codes[i]).attempts != 0) problems.push_back("report " + std::to_string(i) + " counted before its answer");
    });
    EXPECT_EQ(agent->run_once(now).uploaded, 6);
    fake.on_request({});
    EXPECT_EQ(fake.count("POST requests"), 6);
    for (const auto& p : problems) ADD_FAILURE() << p;
    for (const auto& c : codes) {
        EXPECT_EQ(raw(c).sync_state, "acknowledged") << c;
        EXPECT_EQ(raw(c).attempts, 1) << c;
        EXPECT_TRUE(raw(c).contact_is_null) << c;
    }
}

// A backlog on a slow link is one long pass: the agent says it is alive after every
// upload request, so the program can feed systemd's watchdog during the pass.
TEST_F(AgentAndFake, EveryUploadRequestTellsTheProgramTheAgentIsAlive) {
    for (int i = 0; i < 4; ++i) submit("Báo cáo số " + std::to_string(i) + ".");
    EXPECT_EQ(agent->run_once(now).uploaded, 4);
    EXPECT_EQ(alive_calls, 4);
    submit("Báo cáo gặp lúc cổng bận.");
    fake.queue("POST requests", error_answer(503, "busy"));
    agent->run_once(now + kDay);
    EXPECT_EQ(alive_calls, 5) << "a failed request counts too";
}

// Staff withdraw a report (the citizen changed their mind) while the report before it
// is out and it has already been read ahead: it is never sent, its contact with it.
TEST_F(AgentAndFake, AReportWithdrawnAfterItWasReadAheadIsNeverSent) {
    std::string first = submit("Báo cáo gửi trước.");
    std::string second = submit("Báo cáo người dân xin rút lại.", kAn);
    std::string third = submit("Báo cáo gửi sau.");
    FakeAnswer slow = created_answer("FK-SLOW");
    slow.delay_ms = 300;  // the agent reads `second` ahead while this one is out
    fake.queue("POST requests", slow);
    fake.on_request([&](const SeenRequest& q) {
        if (q.idempotency_key != first) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        Store kiosk = Store::open(db_path);  // the kiosk's own connection
        EXPECT_TRUE(kiosk.withdraw(second, "Người dân xin rút lại.", "cb-01", now));
    });
    EXPECT_EQ(agent->run_once(now).uploaded, 2);
    fake.on_request({});
    auto posts = fake.seen("POST requests");
    ASSERT_EQ(posts.size(), 2u);
    EXPECT_EQ(posts[0].idempotency_key, first);
    EXPECT_EQ(posts[1].idempotency_key, third);
    for (const auto& p : posts) EXPECT_EQ(p.form.count("phone"), 0u) << "the withdrawn report's contact went out";
    EXPECT_EQ(raw(second).sync_state, "queued");
    EXPECT_EQ(raw(second).attempts, 0);
    EXPECT_EQ(raw(first).sync_state, "acknowledged");
}

// A pass writes to the store before its first request: a store that cannot be written
// (here triggers refuse it, as a read-only or full disk would) stops the pass before
// anything goes out, instead of sending a report whose answer could not be kept.
TEST_F(AgentAndFake, AStoreThatCannotBeWrittenStopsThePassBeforeAnythingIsSent) {
    std::string code = submit("Báo cáo khi ổ đĩa không ghi được.");
    {
        db::Db d(db_path);
        for (const char* op : {"INSERT", "UPDATE"})
            d.exec(std::string("CREATE TRIGGER refuse_kv_") + op + " BEFORE " + op +
                   " ON kv BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END");
    }
    EXPECT_THROW(agent->run_once(now), db::Error);
    EXPECT_EQ(fake.count("POST requests"), 0);
    EXPECT_EQ(raw(code).sync_state, "queued");
}

// [SECTION] fake portal: link down, server errors, Retry-After
TEST_F(AgentAndFake, WithNoServerTheReportStaysQueuedAndNothingElseIsTriedUntilTheWaitIsOver) {
    make_agent("http://127.0.0.1:" + std::to_string(dead_port()) + "/open311/v2");
    std::string first = submit("Nước ngập sâu trước cổng chợ.", kAn);
    std::string second = submit("Vỉa hè bị lấn chiếm bán hàng.");

    PassResult r = agent->run_once(now);

    EXPECT_EQ(r.uploaded, 0);
    EXPECT_EQ(r.failed, 1);
    EXPECT_FALSE(r.network_ok);
    RawReport a = raw(first);
    EXPECT_EQ(a.sync_state, "queued");
    EXPECT_EQ(a.attempts, 1);
    EXPECT_GT(a.next_attempt_at, now);
    EXPECT_LE(a.next_attempt_at, now + kBase);
    EXPECT_FALSE(a.last_error.empty());
    EXPECT_FALSE(a.contact_is_null);
    EXPECT_EQ(raw(second).attempts, 0) << "no other report is tried in the same pass";
    EXPECT_EQ(count_events(view(second), "sent"), 0) << "read ahead while the first was out, and left as it was";
    EXPECT_EQ(http->requests_made(), 1) << "and no pull either";
    EXPECT_EQ(kv("agent.last_error.upload").rfind(open311::iso8601(now) + " ", 0), 0u) << kv("agent.last_error.upload");
    EXPECT_EQ(kv("agent.next_attempt"), open311::iso8601(a.next_attempt_at)) << "what `status` shows";
    EXPECT_EQ(agent->next_wake(now), a.next_attempt_at);

    agent->run_once(a.next_attempt_at - 1);
    EXPECT_EQ(http->requests_made(), 1) << "nothing before the wait is over";
    agent->run_once(a.next_attempt_at);
    EXPECT_EQ(http->requests_made(), 2);
    EXPECT_EQ(raw(first).attempts, 2);
    EXPECT_EQ(raw(second).attempts, 0);
}

TEST_F(AgentAndFake, ServerErrorsBackOffLongerEachTimeButNeverPastTheCap) {
    unit = 0.99;
    fake.set_default("POST requests", error_answer(500, "internal error"));
    std::string first = submit("Rác tồn đọng ba ngày chưa thu gom.");
    std::string second = submit("Tiếng ồn công trình ban đêm.");

    std::vector<UnixMs> delays;
    for (int n = 1; n <= 10; ++n) {
        PassResult r = agent->run_once(now);
        EXPECT_EQ(r.failed, 1);
        UnixMs next = raw(first).next_attempt_at;
        UnixMs delay = next - now;
        UnixMs ceiling = std::min<UnixMs>(kCap, kBase << (n - 1));
        EXPECT_GE(delay, kBase / 2) << "failure " << n;
        EXPECT_LE(delay, ceiling) << "failure " << n;
        if (!delays.empty()) {
            EXPECT_GE(delay, delays.back()) << "failure " << n;
        }
        delays.push_back(delay);
        now = next;
    }
    EXPECT_GT(delays[4], 4 * delays[0]);
    EXPECT_GE(delays.back(), kCap * 9 / 10);
    EXPECT_EQ(fake.count("POST requests"), 10);
    EXPECT_EQ(raw(second).attempts, 0);

    fake.clear_default("POST requests");  // the portal recovers
    EXPECT_EQ(agent->run_once(now).uploaded, 2);
    std::string third = submit("Biển báo giao thông bị đổ.");
    fake.queue("POST requests", error_answer(500, "internal error"));
    agent->run_once(now);
    EXPECT_LE(raw(third).next_attempt_at - now, kBase) << "a success resets the count of failures in a row";
}

class BusyAnswer : public AgentAndFake, public ::testing::WithParamInterface<int> {};

TEST_P(BusyAnswer, RetryAfterSevenSecondsIsObeyedToTheMillisecond) {
    FakeAnswer busy = error_answer(GetParam(), "busy");
    busy.headers = {{"Retry-After", "7"}};
    fake.queue("POST requests", busy);
    std::string code = submit("Xe máy đỗ tràn lòng đường.");

    PassResult r = agent->run_once(now);
    EXPECT_EQ(r.failed, 1);
    EXPECT_EQ(raw(code).next_attempt_at, now + 7 * kSecond);
    EXPECT_EQ(agent->next_wake(now), now + 7 * kSecond);

    agent->run_once(now + 7 * kSecond - 1);
    EXPECT_EQ(fake.count("POST requests"), 1);
    EXPECT_EQ(agent->run_once(now + 7 * kSecond).uploaded, 1);
    EXPECT_EQ(view(code).sync_state, SyncState::acknowledged);
}
INSTANTIATE_TEST_SUITE_P(ServiceUnavailableAndTooManyRequests, BusyAnswer, ::testing::Values(503, 429));

// The portal asked for quiet; the agent restarts (a crash, an update) and a citizen
// files a new report: the new agent still waits out the rest of the 7 seconds.
TEST_F(AgentAndFake, ARestartedAgentStillHonoursRetryAfter) {
    FakeAnswer busy = error_answer(503, "busy");
    busy.headers = {{"Retry-After", "7"}};
    fake.queue("POST requests", busy);
    submit("Xe máy đỗ tràn lòng đường.");
    agent->run_once(now);
    make_agent(fake.base_url());  // a new process: nothing kept in memory
    std::string fresh = submit("Cây đổ chắn lối đi.");
    agent->run_once(now + 2 * kSecond);
    EXPECT_EQ(fake.count("POST requests"), 1) << "nothing sent inside the 7 s";
    EXPECT_EQ(agent->next_wake(now + 2 * kSecond), now + 7 * kSecond);
    agent->run_once(now + 7 * kSecond);
    EXPECT_EQ(view(fresh).sync_state, SyncState::acknowledged);
}

TEST_F(AgentAndFake, RetryAfterAsAnHttpDateIsObeyedAndAHugeOneIsCapped) {
    FakeAnswer busy = error_answer(503, "maintenance");
    busy.headers = {{"Retry-After", http_date(now + 45 * kSecond)}};
    fake.queue("POST requests", busy);
    std::string code = submit("Mất nước sinh hoạt cả khu tập thể.");
    agent->run_once(now);
    EXPECT_EQ(raw(code).next_attempt_at, now + 45 * kSecond);

    now += 45 * kSecond;
    busy.headers = {{"Retry-After", "86400"}};
    fake.queue("POST requests", busy);
    agent->run_once(now);
    EXPECT_EQ(raw(code).next_attempt_at, now + kCap);
}

// [SECTION] fake portal: refusals (403, 404, 400)
TEST_F(AgentAndFake, AForbiddenKeyStopsUploadsForThePassAndTellsStaff) {
    fake.queue("POST requests", error_answer(403, "api_key is not valid"));
    std::string first = submit("Chó thả rông không rọ mõm.", kAn);
    std::string second = submit("Quảng cáo dán trái phép trên cột điện.");

    PassResult r = agent->run_once(now);

    EXPECT_EQ(r.uploaded, 0);
    EXPECT_EQ(fake.count("POST requests"), 1);
    EXPECT_EQ(raw(first).sync_state, "queued");
    EXPECT_FALSE(raw(first).contact_is_null);
    EXPECT_EQ(raw(second).attempts, 0);
    EXPECT_NE(kv("agent.last_error.config").find("api_key is not valid"), std::string::npos)
        << kv("agent.last_error.config");
    agent->run_once(now + kCap - 1);
    EXPECT_EQ(fake.count("POST requests"), 1);

    EXPECT_EQ(agent->run_once(now + kCap).uploaded, 2);  // the province fixed the key
    EXPECT_EQ(kv("agent.last_error.config"), "");
}

TEST_F(AgentAndFake, WhileTheLinkIsBlockedTheAgentSleepsUntilTheBlockEndsNotUntilTheNextPull) {
    submit("Báo cáo đi trước, kéo trạng thái xong.");
    agent->run_once(now);  // uploads, then pulls: the next pull is due in 30 s
    now += kSecond;
    fake.queue("POST requests", error_answer(403, "api_key is not valid"));
    std::string code = submit("Báo cáo gặp khoá API sai.");
    agent->run_once(now);
    ASSERT_EQ(raw(code).next_attempt_at, now + kCap);

    for (UnixMs later : {now + kSecond, now + 30 * kSecond, now + 45 * kSecond})
        EXPECT_EQ(agent->next_wake(later), now + kCap) << "nothing can happen before the block ends";
}

TEST_F(AgentAndFake, NotFoundSetsTheReportAsideAndTheNextOneStillGoesOutInTheSamePass) {
    portal_takes_a_report();
    fake.queue("POST requests", error_answer(404, "service not found"));
    std::string first = submit("Danh mục đã bị bỏ trên cổng.");
    std::string second = submit("Rác thải xây dựng đổ trộm.");

    PassResult r = agent->run_once(now);

    EXPECT_EQ(r.set_aside, 1);
    EXPECT_EQ(r.uploaded, 1);
    ReportView a = view(first);
    EXPECT_EQ(a.sync_state, SyncState::attention);
    ASSERT_FALSE(a.events.empty());
    EXPECT_EQ(a.events.back().kind, "attention");
    EXPECT_NE(a.events.back().notes.find("service not found"), std::string::npos) << a.events.back().notes;
    EXPECT_EQ(view(second).sync_state, SyncState::acknowledged);
    agent->run_once(now + kDay);
    EXPECT_EQ(fake.count("POST requests"), 3) << "a report set aside is not sent again by itself";
}

// A 400 for one report while the portal takes the others: retried with backoff, set
// aside after attention_after_400 such refusals.
TEST_F(AgentAndFake, BadRequestIsRetriedAndSetAsideAfterAttentionAfter400Tries) {
    make_agent(fake.base_url(), {2, 5}, 3);
    portal_takes_a_report();
    std::string code = submit("Đường ống nước vỡ, nước chảy lênh láng.");
    PassResult r;
    for (int n = 1; n <= 3; ++n) {
        fake.queue("POST requests", error_answer(400, "attribute[so_nha] is not a number"));
        std::string other = submit("Báo cáo khác số " + std::to_string(n) + ".");  // the portal takes it
        r = agent->run_once(now);
        EXPECT_EQ(view(other).sync_state, SyncState::acknowledged) << n;
        if (n == 3) break;
        EXPECT_EQ(r.failed, 1) << n;
        RawReport a = raw(code);
        EXPECT_EQ(a.sync_state, "queued") << n;
        EXPECT_EQ(a.attempts, n);
        EXPECT_GT(a.next_attempt_at, now);
        now = a.next_attempt_at;
    }
    EXPECT_EQ(r.set_aside, 1);
    EXPECT_EQ(raw(code).sync_state, "attention");
    EXPECT_EQ(raw(code).attempts, 3);
    EXPECT_EQ(fake.count("POST requests"), 7);
}

// A fresh kiosk believes no refusal until the portal has taken one of its reports (a
// 400 may be a backend that is down), and it remembers across a restart that it has.
TEST_F(AgentAndFake, RefusalsCountOnlyOnceThePortalIsKnownToTakeReportsAndThatIsRemembered) {
    make_agent(fake.base_url(), {2, 5}, 2);
    fake.set_default("POST requests", error_answer(400, "Error in input"));
    std::string code = submit("Báo cáo gửi lúc cổng chưa từng nhận báo cáo nào.");
    for (int pass = 0; pass < 4; ++pass) {
        now = std::max(now + 1, raw(code).next_attempt_at);
        EXPECT_EQ(agent->run_once(now).set_aside, 0) << pass;
    }
    fake.clear_default("POST requests");
    std::string other = submit("Báo cáo khác.");
    now = std::max(now + 1, raw(code).next_attempt_at);
    agent->run_once(now);
    ASSERT_EQ(raw(other).sync_state, "acknowledged");
    make_agent(fake.base_url(), {2, 5}, 2);  // a restart: what was learnt is in the store
    std::string bad = submit("Báo cáo bị từ chối thật.");
    for (int pass = 0; pass < 2; ++pass) {
        fake.queue("POST requests", error_answer(400, "description is too short"));
        now = std::max(now + 1, raw(bad).next_attempt_at);
        agent->run_once(now);
    }
    EXPECT_EQ(raw(bad).sync_state, "attention");
    EXPECT_NE(raw(bad).last_error.find("description is too short"), std::string::npos) << raw(bad).last_error;
}

// The spec's 400 also means "backend down". A portal that refuses every report is not
// refusing each one: after a second 400 in a row the link backs off like any outage,
// and a 400 that follows a failed answer never counts toward setting a report aside.
TEST_F(AgentAndFake, APortalRefusingEveryReportWith400HoldsTheLinkAndSetsNoneAside) {
    make_agent(fake.base_url(), {2, 5}, 3);
    fake.set_default("POST requests", error_answer(400, "the backend is down"));
    std::string first = submit("Báo cáo thứ nhất lúc cổng hỏng.");
    std::string second = submit("Báo cáo thứ hai lúc cổng hỏng.");
    std::string third = submit("Báo cáo thứ ba lúc cổng hỏng.");

    PassResult r = agent->run_once(now);
    EXPECT_EQ(fake.count("POST requests"), 2) << "the second 400 in a row holds the link";
    EXPECT_FALSE(r.network_ok);
    EXPECT_EQ(raw(third).attempts, 0);
    for (int pass = 0; pass < 8; ++pass) {
        now = agent->next_wake(now);
        r = agent->run_once(now);
        EXPECT_EQ(r.set_aside, 0) << "pass " << pass;
    }
    for (const auto& c : {first, second, third}) EXPECT_EQ(raw(c).sync_state, "queued") << c;
    EXPECT_GE(raw(first).attempts, 3) << "tried past the limit, all while the portal refused everything";

    fake.clear_default("POST requests");  // the backend is back
    int uploaded = 0;
    for (int wake = 0; wake < 3 && uploaded < 3; ++wake) {  // each report at its own retry time
        now = agent->next_wake(now);
        uploaded += agent->run_once(now).uploaded;
    }
    EXPECT_EQ(uploaded, 3);
    EXPECT_EQ(fake.created(), 3);
}

// A 404 with no Open311 error in it is a wrong URL or a proxy's page, not "this service
// is gone": the link backs off and the report waits, instead of being set aside.
TEST_F(AgentAndFake, ABare404PageIsALinkFailureNotAReportToSetAside) {
    fake.queue("POST requests", {404, "<html><body><h1>404 Not Found</h1>nginx</body></html>", "text/html"});
    std::string first = submit("Báo cáo gặp trang 404 của máy chủ trung gian.");
    std::string second = submit("Báo cáo đi sau.");
    PassResult r = agent->run_once(now);
    EXPECT_EQ(r.set_aside, 0);
    EXPECT_FALSE(r.network_ok);
    EXPECT_EQ(raw(first).sync_state, "queued");
    EXPECT_EQ(raw(second).attempts, 0) << "the link is held: nothing else goes out";
    now = agent->next_wake(now);
    EXPECT_EQ(agent->run_once(now).uploaded, 2);
}

TEST_F(AgentAndFake, ABadRequestForOneReportDoesNotHoldBackTheOthers) {
    fake.queue("POST requests", error_answer(400, "description contains control characters"));
    std::string first = submit("Báo cáo thứ nhất.");
    std::string second = submit("Báo cáo thứ hai.");
    PassResult r = agent->run_once(now);
    EXPECT_EQ(r.failed, 1);
    EXPECT_EQ(r.uploaded, 1);
    EXPECT_EQ(raw(first).sync_state, "queued");
    EXPECT_EQ(raw(second).sync_state, "acknowledged");
}

// [SECTION] fake portal: false successes (HTML, truncated, too large)
TEST_F(AgentAndFake, ACaptivePortalsHtmlPageWithStatus200IsNotAnAcknowledgement) {
    fake.queue("POST requests", {200, "<!DOCTYPE html><html><body><h1>Đăng nhập Wi-Fi miễn phí</h1></body></html>",
                                 "text/html; charset=utf-8"});
    std::string code = submit("Nắp cống bị mất, nguy hiểm cho người đi đường.", kAn);

    PassResult r = agent->run_once(now);

    EXPECT_EQ(r.uploaded, 0);
    RawReport a = raw(code);
    EXPECT_EQ(a.sync_state, "queued");
    EXPECT_EQ(a.service_request_id, "");
    EXPECT_FALSE(a.contact_is_null) << "the contact is kept until a real acknowledgement";
    EXPECT_GT(a.next_attempt_at, now);
    EXPECT_NE(kv("agent.last_error.upload").find("not an Open311 answer"), std::string::npos);

    run_until_settled(code);
    EXPECT_EQ(view(code).service_request_id, "FK-1");
    auto posts = fake.seen("POST requests");
    ASSERT_EQ(posts.size(), 2u);
    EXPECT_EQ(posts[1].idempotency_key, code);
}

class NotOpen311 : public AgentAndFake, public ::testing::WithParamInterface<FakeAnswer> {};

TEST_P(NotOpen311, IsNotAcknowledgedAndIsRetriedLater) {
    fake.queue("POST requests", GetParam());
    std::string code = submit("Cột điện nghiêng sắp đổ.");
    EXPECT_EQ(agent->run_once(now).uploaded, 0);
    EXPECT_EQ(raw(code).sync_state, "queued");
    EXPECT_GT(raw(code).next_attempt_at, now);
    run_until_settled(code);
    EXPECT_EQ(raw(code).sync_state, "acknowledged");
    EXPECT_EQ(fake.count("POST requests"), 2);
}

FakeAnswer cut_off() {
    FakeAnswer a = created_answer("FK-9");
    a.cut_after = 10;  // the connection drops mid-body
    return a;
}
INSTANTIATE_TEST_SUITE_P(
    Bodies, NotOpen311,
    ::testing::Values(FakeAnswer{201, R"([{"service_request_id":"FK-9","service_no)"},  // truncated JSON
                      FakeAnswer{200, R"([{"service_request_id":"FK-9")"}, cut_off(), FakeAnswer{201, "[]"},
                      FakeAnswer{201, R"({"service_request_id":"FK-9"})"},
                      FakeAnswer{201, R"([{"service_request_id":""}])"},
                      FakeAnswer{201, R"([{"service_request_id":"FK-9","token":"TK-9"}])"},
                      FakeAnswer{302, "", "text/html", {{"Location", "http://login.example/"}}}),
    [](const ::testing::TestParamInfo<FakeAnswer>& info) { return "body" + std::to_string(info.index); });

TEST_F(AgentAndFake, AnAnswerLargerThan8MiBIsNotAnAcknowledgement) {
    fake.queue("POST requests", created_answer("FK-9"));
    FakeAnswer huge{201, open311::post_response_json({"FK-9", "", std::string(9u << 20, 'x')})};
    fake.queue("POST requests", huge);
    std::string small = submit("Báo cáo trả lời bình thường.");
    std::string big = submit("Báo cáo nhận câu trả lời quá lớn.");
    make_agent(fake.base_url(), {2, 10});  // HttpOptions' default cap: 8 MiB

    agent->run_once(now);

    EXPECT_EQ(raw(small).sync_state, "acknowledged");
    EXPECT_EQ(raw(big).sync_state, "queued");
    EXPECT_EQ(raw(big).service_request_id, "");
    EXPECT_NE(raw(big).last_error.find("larger than"), std::string::npos) << raw(big).last_error;
}

// [SECTION] fake portal: tokens, hangs, contact key, sync now, pulls
TEST_F(AgentAndFake, ATokenIsPolledLaterAndNeverPostedAgainUntilItBecomesACaseNumber) {
    fake.queue("POST requests", token_answer("TK-1"));
    std::string code = submit("Trạm biến áp kêu to bất thường.", kAn);

    EXPECT_EQ(agent->run_once(now).uploaded, 0);
    RawReport a = raw(code);
    EXPECT_EQ(a.sync_state, "token");
    EXPECT_EQ(a.token, "TK-1");
    EXPECT_FALSE(a.contact_is_null);
    EXPECT_GT(a.next_attempt_at, now);
    EXPECT_EQ(count_events(view(code), "token"), 1);
    agent->run_once(now + kBase / 2 - 1);
    EXPECT_EQ(fake.count("GET tokens"), 0) << "polled later, not in the same breath";

    fake.queue("GET tokens", {200, "[]"});
    fake.queue("GET tokens", error_answer(500, "busy"));
    fake.queue("GET tokens", {200, "[]"});
    fake.queue("GET tokens", {200, R"([{"service_request_id":"FK-77","token":"TK-1"}])"});
    run_until_settled(code);

    EXPECT_EQ(fake.count("POST requests"), 1);
    auto polls = fake.seen("GET tokens");
    ASSERT_EQ(polls.size(), 4u);
    for (const auto& p : polls) EXPECT_EQ(p.path, "/open311/v2/tokens/TK-1.json");
    ReportView v = view(code);
    EXPECT_EQ(v.sync_state, SyncState::acknowledged);
    EXPECT_EQ(v.service_request_id, "FK-77");
    EXPECT_TRUE(raw(code).contact_is_null);
    agent->run_once(now + kDay);
    EXPECT_EQ(fake.count("POST requests"), 1);
    EXPECT_EQ(fake.count("GET tokens"), 4);
}

TEST_F(AgentAndFake, ATokenThatTakesLongIsPolledLessAndLessOften) {
    unit = 0.99;
    fake.queue("POST requests", token_answer("TK-2"));
    std::string code = submit("Xin cấp phép sửa nhà, chờ xử lý lô.");
    agent->run_once(now);

    std::vector<UnixMs> waits;
    for (int i = 0; i < 6; ++i) {
        now = raw(code).next_attempt_at;
        agent->run_once(now);
        waits.push_back(raw(code).next_attempt_at - now);
    }
    EXPECT_EQ(fake.count("GET tokens"), 6);
    EXPECT_EQ(fake.count("POST requests"), 1);
    for (size_t i = 1; i < waits.size(); ++i) EXPECT_GE(waits[i], waits[i - 1]) << i;
    EXPECT_GT(waits.back(), 4 * waits.front()) << "a long wait must not be polled every few seconds forever";
}

TEST_F(AgentAndFake, AHangingRequestTimesOutAndIsRetriedWithTheSameIdempotencyKeyAndAcknowledgedOnce) {
    HttpOptions quick{1, 1};
    quick.post_timeout_ms = 1000;
    make_agent(fake.base_url(), quick);
    FakeAnswer slow = created_answer("FK-1");
    slow.delay_ms = 4000;  // the portal may have filed it, but the answer never arrives in time
    fake.queue("POST requests", slow);
    std::string code = submit("Cháy rác tự phát gần khu dân cư.", kAn);

    auto started = std::chrono::steady_clock::now();
    PassResult r = agent->run_once(now);
    auto took = std::chrono::steady_clock::now() - started;

    EXPECT_EQ(r.failed, 1);
    EXPECT_LT(took, std::chrono::milliseconds(3000)) << "the request timeout, not the server, ends the wait";
    EXPECT_EQ(raw(code).sync_state, "queued");
    EXPECT_FALSE(raw(code).contact_is_null);

    run_until_settled(code);
    auto posts = fake.seen("POST requests");
    ASSERT_EQ(posts.size(), 2u);
    EXPECT_EQ(posts[0].idempotency_key, code);
    EXPECT_EQ(posts[1].idempotency_key, code);
    // Its answer was lost: before posting again, the agent looked for it on the portal.
    std::vector<SeenRequest> searches;  // the public pulls ask GET /requests too, for every service
    for (const auto& q : fake.seen("GET requests"))
        if (q.params.count("service_code")) searches.push_back(q);
    ASSERT_EQ(searches.size(), 1u);
    EXPECT_EQ(form_field(searches[0].params, "service_code"), "moi-truong");
    EXPECT_NE(form_field(searches[0].params, "start_date"), "<absent>");
    EXPECT_LT(searches[0].at, fake.seen("POST requests")[1].at);
    ReportView v = view(code);
    EXPECT_EQ(v.sync_state, SyncState::acknowledged);
    EXPECT_EQ(v.service_request_id, "FK-1");
    EXPECT_EQ(count_events(v, "received"), 1);
    agent->run_once(now + kDay);
    EXPECT_EQ(fake.count("POST requests"), 2);
    EXPECT_EQ(fake.created(), 1);
}

TEST_F(AgentAndFake, AContactThatCannotBeOpenedIsNeitherSentAnonymouslyNorErased) {
    ContactBox other = ContactBox::from_key(std::vector<uint8_t>(32, 9));  // e.g. a key file lost in a reinstall
    make_agent(fake.base_url(), {2, 5}, 5, &other);
    std::string sealed = submit("Người dân muốn được gọi lại.", kAn);
    std::string anonymous = submit("Báo cáo không để lại liên lạc.");

    PassResult r = agent->run_once(now);

    for (const auto& p : fake.seen("POST requests")) EXPECT_NE(p.idempotency_key, sealed);
    EXPECT_EQ(raw(sealed).sync_state, "attention");
    EXPECT_FALSE(raw(sealed).contact_is_null);
    EXPECT_EQ(raw(sealed).attempts, 0) << "read, but never tried";
    EXPECT_EQ(count_events(view(sealed), "sent"), 0) << "the lookup must not say it went to the portal";
    EXPECT_EQ(count_events(view(sealed), "attention"), 1);
    EXPECT_EQ(r.set_aside, 1);
    EXPECT_EQ(raw(anonymous).sync_state, "acknowledged");
}

// An acknowledgement is written while the next report's request is out. When that
// write fails (a trigger refuses it, as a full disk would), the pass stops and drops the
// request that is out; nothing is lost: both reports stay queued, with no try counted,
// and the next pass sends each again under its own receipt code as Idempotency-Key (a
// portal answers a repeated key with the case number it gave the first time).
TEST_F(AgentAndFake, AnAcknowledgementThatCannotBeWrittenLeavesBothReportsQueued) {
    std::string first = submit("Báo cáo gửi trước.");
    std::string second = submit("Báo cáo gửi khi lần ghi trước hỏng.");
    {
        db::Db d(db_path);
        d.exec("CREATE TRIGGER refuse_first BEFORE INSERT ON report_events WHEN NEW.kind = 'received' AND "
               "NEW.report_id = (SELECT id FROM reports WHERE code = '" + first + "') "
               "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END");
    }
    EXPECT_THROW(agent->run_once(now), db::Error);
    EXPECT_EQ(raw(first).sync_state, "queued");
    EXPECT_EQ(raw(first).attempts, 0) << "the try is written with its outcome, and that write failed whole";
    EXPECT_EQ(raw(second).sync_state, "queued");
    EXPECT_EQ(raw(second).attempts, 0);
    {
        db::Db d(db_path);
        d.exec("DROP TRIGGER refuse_first");
    }
    EXPECT_EQ(agent->run_once(now + kDay).uploaded, 2) << "the client works again after the dropped request";
    int firsts = 0, seconds = 0;
    for (const auto& p : fake.seen("POST requests")) {
        firsts += p.idempotency_key == first;
        seconds += p.idempotency_key == second;
    }
    EXPECT_EQ(firsts, 2) << "answered, unrecorded, sent again";
    EXPECT_TRUE(seconds == 1 || seconds == 2) << seconds << ": once, after maybe a dropped first time";
    EXPECT_EQ(raw(first).sync_state, "acknowledged");
    EXPECT_EQ(raw(second).sync_state, "acknowledged");
}

TEST_F(AgentAndFake, SyncNowLiftsABlockedLinkForReportsSubmittedSince) {
    fake.queue("POST requests", error_answer(503, "busy"));
    std::string first = submit("Báo cáo gặp lúc cổng bận.");
    agent->run_once(now);
    now += kSecond / 2;
    std::string second = submit("Báo cáo gửi sau khi nhân viên bấm đồng bộ.");
    agent->sync_now(now);
    EXPECT_EQ(agent->run_once(now).uploaded, 2);  // the waiting report goes too
    EXPECT_EQ(raw(first).sync_state, "acknowledged");
    EXPECT_EQ(raw(second).sync_state, "acknowledged");
}

TEST_F(AgentAndFake, SyncNowRetriesAReportWaitingOutItsBackoffAtOnce) {
    fake.queue("POST requests", error_answer(503, "busy"));
    std::string code = submit("Báo cáo gặp lúc cổng bận.");
    agent->run_once(now);
    ASSERT_GT(raw(code).next_attempt_at, now + kSecond / 2);
    agent->sync_now(now + kSecond / 2);
    EXPECT_EQ(agent->run_once(now + kSecond / 2).uploaded, 1);
}

TEST_F(AgentAndFake, AStatusPullThatFailsIsNotedAndChangesNothing) {
    std::string code = submit("Ổ gà trước trường tiểu học.");
    agent->run_once(now);
    ASSERT_EQ(view(code).status, "open");
    fake.set_default("GET requests", {200, "<html>Đăng nhập</html>", "text/html"});

    now += 30 * kSecond;
    PassResult r = agent->run_once(now);

    EXPECT_FALSE(r.network_ok);
    EXPECT_EQ(r.statuses_changed, 0);
    EXPECT_EQ(view(code).status, "open");
    EXPECT_EQ(kv("agent.last_error.pull").rfind(open311::iso8601(now), 0), 0u) << kv("agent.last_error.pull");
    auto pulls = fake.seen("GET requests");
    ASSERT_FALSE(pulls.empty());
    EXPECT_EQ(form_field(pulls.back().params, "service_request_id"), "FK-1");
}

}  // namespace
