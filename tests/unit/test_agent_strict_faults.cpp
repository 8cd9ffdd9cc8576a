// The agent against the strict server (tests/support/strict_portal.*: it ignores
// Idempotency-Key, never sends status_notes, wants its own status casing) with the fault
// proxy (fault_proxy.hpp) in front: a link that resets, cuts, pages or stalls answers
// while the reports, a rating and a withdrawal go out. Whatever the fault, nothing is
// acknowledged falsely, and when it clears each report is on the server exactly once
// (found before any second POST where an answer was lost), matched to its own case,
// its contact erased; each update arrives once. JSON and XML.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "agent.hpp"
#include "agent_test_kit.hpp"
#include "fault_proxy.hpp"
#include "strict_portal.hpp"
#include "temp_dir.hpp"

namespace {
using namespace wk;
using namespace wk::agent;
using namespace wk::test;

struct Case {
    open311::Format format;
    Fault fault;
};

class StrictThroughFaults : public ::testing::TestWithParam<Case> {
  protected:
    TempDir dir;
    Store store = Store::open(dir.file("kiosk.db"));
    ContactBox box = ContactBox::from_key(std::vector<uint8_t>(32, 6));
    std::atomic<UnixMs> now{t0()};
    std::unique_ptr<StrictPortal> portal;
    std::unique_ptr<FaultProxy> proxy;
    std::unique_ptr<HttpClient> http;
    std::unique_ptr<Agent> agent;

    void SetUp() override {
        StrictOptions o;
        o.clock = [this] { return now.load(); };
        portal = std::make_unique<StrictPortal>(o);
        proxy = std::make_unique<FaultProxy>(portal->port());
        ASSERT_GT(proxy->start(), 0);
        http = std::make_unique<HttpClient>(HttpOptions{1, 2});  // a stall costs 2 s a GET, 6 s a POST
        AgentConfig c;
        c.base_url = "http://127.0.0.1:" + std::to_string(proxy->port()) + "/open311/v2";
        c.api_key = portal->api_key;
        c.format = GetParam().format;
        c.kiosk_id = 4;
        c.province = "Thành phố Hà Nội";
        c.backoff = {2000, 60000};
        c.pull_public = false;
        c.default_categories = default_categories();
        agent = std::make_unique<Agent>(store, *http, box, c, [] { return 0.5; });
    }
    void TearDown() override {  // client, then proxy, then server: each waits on the one before
        agent.reset();
        http.reset();
        proxy.reset();
        portal.reset();
    }
    std::string submit(const std::string& text, const Contact& who = {}) {
        return store.submit(citizen_draft(text, who), 4, box, now).code;
    }
    void passes(int n) {
        for (int i = 0; i < n; ++i) {
            now = std::max(now.load() + 1000, agent->next_wake(now)) ;
            agent->run_once(now);
        }
    }
    int cases_with(const std::string& description) {
        int n = 0;
        for (const auto& c : portal->cases()) n += c.description == description;
        return n;
    }
    std::vector<StrictUpdate> client_updates() {
        std::vector<StrictUpdate> out;
        for (const auto& u : portal->updates())
            if (u.from_client) out.push_back(u);
        return out;
    }
};

TEST_P(StrictThroughFaults, EachReportAndEachUpdateArrivesOnceWhateverTheLinkDoes) {
    // Two reports already filed (one to rate once answered, one to withdraw) and three new
    // ones, one with a contact, all going out through the fault.
    std::string answered = submit("Cột đèn số 14 nghiêng sắp đổ.");
    std::string withdrawn = submit("Báo nhầm: xin rút lại.");
    passes(1);
    ASSERT_EQ(store.find(answered)->sync_state, SyncState::acknowledged);
    portal->officer_update(store.find(answered)->service_request_id, "FIXED", "Đã dựng lại cột đèn.", now + 1000);
    passes(2);
    ASSERT_EQ(store.find(answered)->status_notes, "Đã dựng lại cột đèn.");
    std::vector<std::string> codes = {submit("Rác thải ở ngõ 3.", kAn), submit("Ổ gà trước số 8."),
                                      submit("Cây đổ chắn lối vào ngõ 21.")};
    ASSERT_TRUE(store.queue_rating(answered, true, "Cảm ơn", now));
    ASSERT_TRUE(store.withdraw(withdrawn, "Người dân báo nhầm", "cb-01", now));

    proxy->set_mode(GetParam().fault);
    passes(3);
    for (const std::string& code : codes) {
        ReportView v = *store.find(code);
        if (v.sync_state == SyncState::acknowledged) {  // only on a real answer: it must be its own case
            EXPECT_EQ(cases_with(v.description), 1) << fault_name(GetParam().fault);
        } else {
            EXPECT_EQ(v.sync_state, SyncState::queued) << fault_name(GetParam().fault);
            EXPECT_EQ(v.service_request_id, "");
        }
    }
    EXPECT_TRUE(store.find(codes[0])->has_contact || store.find(codes[0])->sync_state == SyncState::acknowledged)
        << "the contact is erased only once the server holds the report";

    proxy->set_mode(Fault::pass);
    passes(6);
    EXPECT_EQ(portal->cases().size(), 5u) << "a duplicate case under " << fault_name(GetParam().fault);
    for (const std::string& code : codes) {
        ReportView v = *store.find(code);
        EXPECT_EQ(v.sync_state, SyncState::acknowledged) << code;
        EXPECT_FALSE(v.has_contact) << code;
        EXPECT_EQ(cases_with(v.description), 1) << v.description;
        for (const auto& c : portal->cases()) {
            if (c.id == v.service_request_id) {
                EXPECT_EQ(c.description, v.description) << "matched to another case";
            }
        }
    }
    auto sent = client_updates();
    int ratings = 0, withdrawals = 0;
    for (const auto& u : sent) {
        ratings += u.description.find("Cảm ơn") != std::string::npos;
        withdrawals += u.description == "Người dân báo nhầm";
    }
    EXPECT_EQ(ratings, 1) << "the rating arrives once under " << fault_name(GetParam().fault);
    EXPECT_EQ(withdrawals, 1) << "the withdrawal arrives once under " << fault_name(GetParam().fault);
    EXPECT_EQ(store.counts().updates, 0);
}

// Only updates waiting: the rating and the withdrawal meet the fault themselves (a
// report waiting first would hold the link before they were tried).
TEST_P(StrictThroughFaults, AnUpdateWhoseAnswerIsLostIsNotSentTwice) {
    std::string answered = submit("Cột đèn số 14 nghiêng sắp đổ.");
    std::string withdrawn = submit("Báo nhầm: xin rút lại.");
    passes(1);
    portal->officer_update(store.find(answered)->service_request_id, "FIXED", "Đã dựng lại cột đèn.", now + 1000);
    passes(2);
    ASSERT_EQ(store.find(answered)->status_notes, "Đã dựng lại cột đèn.");
    ASSERT_TRUE(store.queue_rating(answered, false, "Chưa dựng chắc", now));
    ASSERT_TRUE(store.withdraw(withdrawn, "Người dân báo nhầm", "cb-01", now));
    proxy->set_mode(GetParam().fault);
    passes(3);
    proxy->set_mode(Fault::pass);
    passes(6);
    int ratings = 0, withdrawals = 0;
    for (const auto& u : client_updates()) {
        ratings += u.description.find("Chưa dựng chắc") != std::string::npos;
        withdrawals += u.description == "Người dân báo nhầm";
    }
    EXPECT_EQ(ratings, 1) << "the rating under " << fault_name(GetParam().fault);
    EXPECT_EQ(withdrawals, 1) << "the withdrawal under " << fault_name(GetParam().fault);
    EXPECT_EQ(store.counts().updates, 0);
    EXPECT_EQ(store.counts().updates_attention, 0);
}

std::vector<Case> all_cases() {
    std::vector<Case> out;
    for (open311::Format f : {open311::Format::json, open311::Format::xml})
        for (Fault fault : {Fault::reset_after_request, Fault::truncated_body, Fault::reset_before_request,
                            Fault::status_503_retry_after_7, Fault::captive_html_200, Fault::stall,
                            f == open311::Format::json ? Fault::malformed_json_200 : Fault::malformed_xml_200})
            out.push_back({f, fault});
    return out;
}

INSTANTIATE_TEST_SUITE_P(Faults, StrictThroughFaults, ::testing::ValuesIn(all_cases()), [](const auto& info) {
    return std::string(info.param.format == open311::Format::xml ? "xml_" : "json_") + fault_name(info.param.fault);
});

}  // namespace
