// The agent against the stricter GeoReport v2 server (tests/support/strict_portal.hpp),
// which behaves as servers this project did not write do: the citizen's loop closes
// (the agency's answer and the finer state come only from servicerequestupdates, the
// rating and the withdrawal arrive once, in a form the server accepts), nothing is sent
// twice when the server ignores Idempotency-Key and answers slower than our timeout, and
// reports it refuses never hold back the others. In JSON and in XML; real HTTP on
// loopback, a real SQLite store, time passed in.
// [SECTION] fixture  [SECTION] the citizen's loop  [SECTION] exactly once  [SECTION] refusals
// [SECTION] location
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "agent.hpp"
#include "clock_watch.hpp"
#include "agent_test_kit.hpp"
#include "strict_portal.hpp"
#include "temp_dir.hpp"

namespace {
using namespace wk;
using namespace wk::agent;
using namespace wk::test;

// [SECTION] fixture
class StrictAgent : public ::testing::TestWithParam<open311::Format> {
  protected:
    TempDir dir;
    Store store = Store::open(dir.file("kiosk.db"));
    ContactBox box = ContactBox::from_key(std::vector<uint8_t>(32, 5));
    std::atomic<UnixMs> now{t0()};
    std::unique_ptr<StrictPortal> portal;
    std::unique_ptr<HttpClient> http;
    std::unique_ptr<Agent> agent;

    void SetUp() override {
        store.write_without_fsync();  // as wardkiosk-sync runs it
        StrictOptions o;
        o.clock = [this] { return now.load(); };
        portal = std::make_unique<StrictPortal>(o);
        make_agent(HttpOptions{2, 5});
    }
    void TearDown() override {
        agent.reset();
        http.reset();
        portal.reset();
    }
    void make_agent(HttpOptions options, int attention_after_400 = 3,
                    const std::function<void(AgentConfig&)>& also = {}) {
        agent.reset();
        http = std::make_unique<HttpClient>(options);
        AgentConfig c;
        c.base_url = portal->base_url();
        c.api_key = portal->api_key;
        c.format = GetParam();
        c.kiosk_id = 4;
        c.province = "Thành phố Hà Nội";
        c.backoff = {2000, 60000};
        c.attention_after_400 = attention_after_400;
        c.pull_public = false;
        c.default_categories = default_categories();
        if (also) also(c);
        agent = std::make_unique<Agent>(store, *http, box, c, [] { return 0.5; });
    }
    std::string submit(const std::string& text, const Contact& contact = {}, const std::string& service = "moi-truong",
                       const std::string& ward = "Phường Điện Biên") {
        Draft d = citizen_draft(text, contact);
        d.service_code = service;
        d.ward = ward;
        return store.submit(d, 4, box, now).code;
    }
    PassResult pass(UnixMs step = 30000) {
        now += step;
        return agent->run_once(now);
    }
    std::vector<StrictUpdate> client_updates() {
        std::vector<StrictUpdate> out;
        for (const auto& u : portal->updates())
            if (u.from_client) out.push_back(u);
        return out;
    }
    int cases_with(const std::string& description) {
        int n = 0;
        for (const auto& c : portal->cases()) n += c.description == description;
        return n;
    }
};

INSTANTIATE_TEST_SUITE_P(Formats, StrictAgent, ::testing::Values(open311::Format::json, open311::Format::xml),
                         [](const auto& info) { return info.param == open311::Format::xml ? "xml" : "json"; });

// [SECTION] the citizen's loop
// The officer answers on a server that never sends status_notes and says only
// open/closed in GET /requests: the citizen still sees the answer, the finer state and
// the timeline, can rate it, and the rating arrives once, in words the officer reads.
TEST_P(StrictAgent, AnOfficersAnswerReachesTheCitizenAndTheirRatingArrivesOnce) {
    std::string code = submit("Rác thải đổ trộm ở đầu ngõ 12.", kAn);
    pass();
    ReportView v = *store.find(code);
    ASSERT_EQ(v.sync_state, SyncState::acknowledged) << store.value("agent.last_error.upload").value_or("");
    ASSERT_EQ(portal->cases().size(), 1u);
    EXPECT_EQ(portal->cases()[0].last_name, "Nguyễn");
    EXPECT_EQ(portal->cases()[0].first_name, "Văn An");
    pass();  // the first status pull asks by id; from then on, by updates

    portal->officer_update(v.service_request_id, "IN_PROGRESS", "Đã giao đội vệ sinh môi trường.", now + 1000);
    pass();
    pass();
    v = *store.find(code);
    EXPECT_EQ(v.status, "in_progress");
    EXPECT_EQ(v.status_notes, "Đã giao đội vệ sinh môi trường.");

    portal->officer_update(v.service_request_id, "FIXED", "Đã dọn sạch, lắp biển cấm đổ rác.", now + 1000);
    for (int i = 0; i < 4; ++i) pass();  // later pulls see "closed" in GET /requests
    v = *store.find(code);
    EXPECT_EQ(v.status, "fixed") << "GET /requests' coarse closed must not overwrite the finer state";
    EXPECT_EQ(v.status_notes, "Đã dọn sạch, lắp biển cấm đổ rác.");
    std::vector<std::string> timeline;
    for (const auto& e : v.events)
        if (e.kind == "status") timeline.push_back(e.status + ": " + e.notes);
    EXPECT_EQ(timeline, (std::vector<std::string>{"in_progress: Đã giao đội vệ sinh môi trường.",
                                                   "fixed: Đã dọn sạch, lắp biển cấm đổ rác."}));

    ASSERT_TRUE(store.queue_rating(code, true, "Cảm ơn phường", now)) << "a rating is offered once there is an answer";
    for (int i = 0; i < 4; ++i) pass();
    auto rated = client_updates();
    ASSERT_EQ(rated.size(), 1u) << "the rating arrives once";
    EXPECT_EQ(rated[0].status, "FIXED") << "in the server's own casing";
    EXPECT_EQ(rated[0].form.count("rating"), 0u) << "a field the server does not know is never sent";
    EXPECT_NE(rated[0].form.at("updated_datetime"), "");
    EXPECT_NE(rated[0].description.find("HÀI LÒNG"), std::string::npos) << rated[0].description;
    EXPECT_NE(rated[0].description.find("Cảm ơn phường"), std::string::npos) << rated[0].description;
    EXPECT_EQ(store.counts().updates, 0);
    EXPECT_EQ(store.find(code)->status_notes, "Đã dọn sạch, lắp biển cấm đổ rác.")
        << "the citizen's own words coming back in the updates are not the agency's answer";
}

// A withdrawal arrives once, with the status spelled as the server wants it, even
// before any of its updates taught the agent its casing.
TEST_P(StrictAgent, AWithdrawalArrivesOnce) {
    std::string code = submit("Báo nhầm địa chỉ, xin rút lại.");
    pass();
    ASSERT_EQ(store.find(code)->sync_state, SyncState::acknowledged);
    ASSERT_TRUE(store.withdraw(code, "Người dân báo nhầm", "cb-01", now));
    for (int i = 0; i < 4; ++i) pass();
    auto sent = client_updates();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].status, "CLOSED");
    EXPECT_EQ(sent[0].description, "Người dân báo nhầm");
    EXPECT_EQ(store.counts().updates, 0);
    EXPECT_EQ(store.counts().updates_attention, 0);
}

// [SECTION] exactly once
// The server ignores Idempotency-Key and commits each case before answering, slower
// than the agent waits: every answer is lost. Each report is found on the portal
// before it would be posted again: 0 duplicates, every report matched to its case.
TEST_P(StrictAgent, ASlowServerThatIgnoresTheKeyGetsEveryReportExactlyOnce) {
    StrictOptions o = portal->options();
    o.post_delay_ms = 150;
    portal->set_options(o);
    HttpOptions quick{2, 5};
    quick.post_timeout_ms = 60;
    make_agent(quick);
    constexpr int kReports = 200;
    std::vector<std::string> codes;
    for (int i = 0; i < kReports; ++i) codes.push_back(submit("Báo cáo số " + std::to_string(i) + " ở ngõ 7."));
    int passes = 0;
    for (; passes < 3 * kReports && store.counts().queued > 0; ++passes) {
        now = agent->next_wake(now) + 1;
        agent->run_once(now);
    }
    EXPECT_EQ(store.counts().queued, 0) << "after " << passes << " passes";
    EXPECT_EQ(portal->cases().size(), static_cast<size_t>(kReports)) << "a duplicate case was made";
    std::set<std::string> ids;
    for (int i = 0; i < kReports; ++i) {
        ReportView v = *store.find(codes[i]);
        EXPECT_EQ(v.sync_state, SyncState::acknowledged) << codes[i];
        EXPECT_EQ(cases_with(v.description), 1) << v.description;
        ids.insert(v.service_request_id);
        for (const auto& c : portal->cases()) {
            if (c.id == v.service_request_id) {
                EXPECT_EQ(c.description, v.description) << "matched to another case";
            }
        }
    }
    EXPECT_EQ(ids.size(), static_cast<size_t>(kReports));
}

// [SECTION] refusals
// Three reports the portal refuses (a required question unanswered), then twenty good
// ones: the good ones all arrive in the first pass, and the three reach staff with the
// server's real reason, not only its generic first error.
TEST_P(StrictAgent, RefusedReportsNeverHoldBackTheOthersAndReachStaffWithTheRealReason) {
    std::vector<std::string> bad, good;
    for (int i = 0; i < 3; ++i) bad.push_back(submit("Ngập sâu đoạn " + std::to_string(i), {}, "ngap-ung"));
    for (int i = 0; i < 20; ++i) good.push_back(submit("Báo cáo tốt số " + std::to_string(i)));
    PassResult first = pass();
    EXPECT_EQ(first.uploaded, 20);
    for (const auto& c : good) EXPECT_EQ(store.find(c)->sync_state, SyncState::acknowledged) << c;
    for (int i = 0; i < 30 && store.counts().attention < 3; ++i) {
        now = agent->next_wake(now) + 1;
        agent->run_once(now);
    }
    for (const auto& c : bad) {
        RawReport r = raw_report(dir.file("kiosk.db"), c);
        EXPECT_EQ(r.sync_state, "attention") << c;
        EXPECT_NE(r.last_error.find("do-sau"), std::string::npos) << r.last_error;
    }
    EXPECT_LE(portal->posts_seen(), 20 + 3 * 4) << "the refused ones were not hammered";
}

// A server that says so only in the 400's later entries: staff read every entry.
TEST_P(StrictAgent, StaffReadEveryErrorTheServerGave) {
    submit("Báo cáo đầu, cổng nhận bình thường.");
    pass();
    std::string code = submit("Ngập sâu trước cổng trường", {}, "ngap-ung");
    pass();
    std::string error = raw_report(dir.file("kiosk.db"), code).last_error;
    EXPECT_NE(error.find("Error in input"), std::string::npos) << error;
    EXPECT_NE(error.find("do-sau"), std::string::npos) << error;
}

}  // namespace

namespace {

// [SECTION] location
// A report is placed at the ward the citizen chose, not at the kiosk: the ward's
// position from [ward_positions]; a ward without one gets the kiosk's own position only
// where the config makes it the fallback, and otherwise no lat/long at all (the spec
// takes address_string alone, and a wrong point on the agency's map is worse than none).
TEST_P(StrictAgent, AReportIsPlacedAtTheWardChosenAndAtTheKioskOnlyAsTheFallback) {
    const std::vector<WardPosition> positions = {{"Phường Ngọc Hà", 21.0395, 105.8283}};
    make_agent(HttpOptions{2, 5}, 3, [&](AgentConfig& c) { c.ward_positions = positions; });
    std::string ngoc_ha = submit("Ống nước vỡ trước chợ Ngọc Hà.", {}, "moi-truong", "Phường Ngọc Hà");
    std::string dien_bien = submit("Đèn đường tắt cả tuần.", {}, "moi-truong", "Phường Điện Biên");
    pass();
    make_agent(HttpOptions{2, 5}, 3, [&](AgentConfig& c) {
        c.ward_positions = positions;
        c.lat = 21.0333, c.lon = 105.8372;  // [kiosk] lat/long with position_fallback = true
    });
    std::string fallback = submit("Cây đổ chắn ngõ 7.", {}, "moi-truong", "Phường Điện Biên");
    pass();
    std::map<std::string, StrictCase> by_receipt;
    for (const StrictCase& c : portal->cases()) by_receipt[c.attributes.at("kiosk_receipt")] = c;
    ASSERT_EQ(by_receipt.size(), 3u);
    ASSERT_TRUE(by_receipt[ngoc_ha].lat && by_receipt[ngoc_ha].lon);
    EXPECT_NEAR(*by_receipt[ngoc_ha].lat, 21.0395, 1e-6);
    EXPECT_NEAR(*by_receipt[ngoc_ha].lon, 105.8283, 1e-6);
    EXPECT_FALSE(by_receipt[dien_bien].lat.has_value()) << "no position known, no fallback: none sent";
    EXPECT_EQ(by_receipt[dien_bien].address_string, "Ngõ 12 Phan Đình Phùng, Phường Điện Biên, Thành phố Hà Nội");
    ASSERT_TRUE(by_receipt[fallback].lat && by_receipt[fallback].lon);
    EXPECT_NEAR(*by_receipt[fallback].lat, 21.0333, 1e-6);
    EXPECT_NEAR(*by_receipt[fallback].lon, 105.8372, 1e-6);
    EXPECT_EQ(store.find(ngoc_ha)->sync_state, SyncState::acknowledged);
}

}  // namespace

namespace {

// [SECTION] clock
// A kiosk PC whose clock reads 2019 (a dead CMOS battery): the server's Date header
// tells the agent how far off it is; the offset is stored for the kiosk and `status`,
// and the agent's own time is the server's from then on. A few seconds' drift is noise
// and changes nothing.
TEST_P(StrictAgent, AClockYearsBehindIsLearntFromTheServersDate) {
    const UnixMs seven_years = 7 * 365 * kDay;
    UnixMs pc = now - seven_years;
    ClockWatch clock(store);
    bool moved = false;
    HttpOptions o{2, 5};
    o.clock = [&] { return clock.now(pc); };
    o.on_server_time = [&](UnixMs date, UnixMs at) { moved |= clock.learn(date, at); };
    make_agent(o);
    std::string code = submit("Đèn đường tắt cả tuần.");
    agent->run_once(clock.now(pc));
    EXPECT_EQ(store.find(code)->sync_state, SyncState::acknowledged);
    EXPECT_TRUE(moved) << "the correction applied changed";
    ASSERT_TRUE(store.clock_offset());
    EXPECT_NEAR(static_cast<double>(*store.clock_offset()), static_cast<double>(seven_years), 1000);
    EXPECT_NEAR(static_cast<double>(clock.now(pc)), static_cast<double>(now.load()), 1000) << "on the server's time";
    EXPECT_NEAR(static_cast<double>(ClockWatch(store).now(pc)), static_cast<double>(now.load()), 1000)
        << "kept across a restart";

    // Drift under the rewrite threshold is not written; a slow clock by 20 s is stored
    // but not applied (under a minute: noise next to a receipt's minutes).
    moved = false;
    pc += 30000, now += 30000 + 1200;  // 1.2 s of drift
    UnixMs stored = *store.clock_offset();
    agent->sync_now(clock.now(pc));
    agent->run_once(clock.now(pc));
    EXPECT_FALSE(moved);
    EXPECT_EQ(*store.clock_offset(), stored);
    Store fresh = Store::open(dir.file("fresh.db"));
    ClockWatch small(fresh);
    EXPECT_FALSE(small.learn(now - 20000, now));
    EXPECT_NEAR(static_cast<double>(*fresh.clock_offset()), -19500, 1);
    EXPECT_EQ(small.now(now), now) << "20 s is not applied";
}

}  // namespace
