// Lookups of a receipt filed at another kiosk (sync/agent/agent_lookup.cpp): two kiosks'
// stores on one reference portal, each with its own agent, real HTTP on loopback; and
// the strict server, which has no lookup by code, answered from the public pull's
// cache where it echoes receipts, else "cannot say". Time passed in.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "agent.hpp"
#include "agent_test_kit.hpp"
#include "portal_server.hpp"
#include "strict_portal.hpp"
#include "sync/receipt_code.hpp"
#include "temp_dir.hpp"

namespace {
using namespace wk;
using namespace wk::agent;
using namespace wk::test;

const char* const kKey = "kiosk-key-lookup";

size_t utf8_chars(const std::string& s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

// One kiosk: its store, key and agent.
struct KioskSide {
    Store store;
    ContactBox box = ContactBox::from_key(std::vector<uint8_t>(32, 7));
    std::unique_ptr<HttpClient> http = std::make_unique<HttpClient>(HttpOptions{2, 5});
    std::unique_ptr<Agent> agent;
    KioskSide(const std::string& path, const std::string& url, int kiosk, const std::string& key, bool pull_public)
        : store(Store::open(path)) {
        AgentConfig c;
        c.base_url = url;
        c.api_key = key;
        c.kiosk_id = kiosk;
        c.pull_public = pull_public;
        c.wards = {"Phường Điện Biên", "Phường Ngọc Hà"};  // to place the public reports
        c.default_categories = default_categories();
        agent = std::make_unique<Agent>(store, *http, box, c, [] { return 0.5; });
    }
    ~KioskSide() {
        agent.reset();
        http.reset();
    }
};

class LookupElsewhere : public ::testing::Test {
  protected:
    TempDir dir;
    UnixMs now = t0();
    std::unique_ptr<portal::PortalStore> portal_store;
    std::unique_ptr<portal::PortalServer> server;
    std::string url;

    void SetUp() override {
        portal_store = std::make_unique<portal::PortalStore>(dir.file("portal.db"));
        portal_store->seed_services(portal::load_categories(asset_path("categories.json")));
        portal::PortalOptions o;
        o.api_keys = {kKey};
        o.clock = [this] { return now; };
        server = std::make_unique<portal::PortalServer>(*portal_store, o);
        int port = server->start("127.0.0.1", 0);
        ASSERT_GT(port, 0);
        url = "http://127.0.0.1:" + std::to_string(port) + "/open311/v2";
    }
    void TearDown() override {
        server.reset();
        portal_store.reset();
    }
};

// Filed at kiosk 2, typed at kiosk 1: kiosk 1's agent answers on its next pass with the
// portal's report; a code nobody filed is "not found"; the portal down is "cannot say".
TEST_F(LookupElsewhere, ACodeFiledAtOneKioskIsFoundAtAnotherThroughItsAgent) {
    KioskSide a(dir.file("a.db"), url, 2, kKey, false), b(dir.file("b.db"), url, 1, kKey, false);
    std::string code = a.store.submit(citizen_draft("Cây đổ chắn lối đi vào chợ."), 2, a.box, now).code;
    a.agent->run_once(now);
    ASSERT_EQ(a.store.find(code)->sync_state, SyncState::acknowledged);

    b.store.ask_remote(code, now + 1000);
    std::string unknown = receipt::make(2, 4242);
    b.store.ask_remote(unknown, now + 1000);
    b.agent->run_once(now + 1500);
    auto found = b.store.remote_lookup(code);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->state, RemoteLookup::State::found);
    ASSERT_TRUE(found->report);
    EXPECT_EQ(found->report->service_request_id, a.store.find(code)->service_request_id);
    EXPECT_EQ(found->report->description, "Cây đổ chắn lối đi vào chợ.");
    EXPECT_EQ(b.store.remote_lookup(unknown)->state, RemoteLookup::State::not_found);
    EXPECT_TRUE(b.store.remote_questions().empty());
    EXPECT_FALSE(b.store.find(code)) << "a lookup never makes the report this kiosk's own";

    server->stop();
    b.store.ask_remote(code, now + 5000);
    b.agent->run_once(now + 5500);
    EXPECT_EQ(b.store.remote_lookup(code)->state, RemoteLookup::State::unreachable);
}

// Another GeoReport v2 server has no lookup by code: the agent answers from the public
// reports it pulled, where the server echoes the receipt, and otherwise cannot say.
TEST(LookupOnAStrictServer, TheCachedPublicReportAnswersWhereTheServerEchoesReceipts) {
    TempDir dir;
    UnixMs now = t0();
    for (bool echo : {true, false}) {
        StrictOptions o;
        o.echo_attributes = echo;
        o.clock = [&] { return now; };
        StrictPortal portal(o);
        std::string tag = echo ? "echo" : "plain";
        KioskSide a(dir.file(tag + "-a.db"), portal.base_url(), 2, portal.api_key, false);
        KioskSide b(dir.file(tag + "-b.db"), portal.base_url(), 1, portal.api_key, true);
        std::string code = a.store.submit(citizen_draft("Đèn đường tắt cả tuần."), 2, a.box, now).code;
        a.agent->run_once(now);
        ASSERT_EQ(a.store.find(code)->sync_state, SyncState::acknowledged) << tag;
        b.agent->run_once(now + 60000);  // its public pull
        b.store.ask_remote(code, now + 61000);
        b.agent->run_once(now + 62000);
        auto r = b.store.remote_lookup(code);
        ASSERT_TRUE(r) << tag;
        if (echo) {
            ASSERT_EQ(r->state, RemoteLookup::State::found);
            EXPECT_EQ(r->report->service_request_id, a.store.find(code)->service_request_id);
        } else {
            EXPECT_EQ(r->state, RemoteLookup::State::unreachable) << "the portal cannot say: the kiosk guides";
        }
    }
}

// "Is it one of these?" at kiosk B, about a report filed at kiosk A: B's public pull
// brings its text (cut to what a card shows) and its address, on the reference portal
// and on the strict server alike, so B can offer it offline later.
TEST_F(LookupElsewhere, AReportFiledAtOneKioskIsOfferedAsSimilarAtAnother) {
    KioskSide a(dir.file("a.db"), url, 2, kKey, false);
    KioskSide b(dir.file("b.db"), url, 1, kKey, true);
    std::string long_text = "Rác thải đổ trộm ở đầu ngõ 12 Phan Đình Phùng, ";
    while (utf8_chars(long_text) < 400) long_text += "bốc mùi, ruồi nhặng, ";
    std::string code = a.store.submit(citizen_draft(long_text), 2, a.box, now).code;
    a.agent->run_once(now);
    ASSERT_EQ(a.store.find(code)->sync_state, SyncState::acknowledged);
    b.agent->run_once(now + 60000);
    auto similar = b.store.similar_open("moi-truong", "Phường Điện Biên", 6);
    ASSERT_EQ(similar.size(), 1u);
    EXPECT_EQ(similar[0].service_request_id, a.store.find(code)->service_request_id);
    EXPECT_EQ(utf8_chars(similar[0].description), kPublicTextChars);
    EXPECT_EQ(similar[0].description.substr(0, 40), long_text.substr(0, 40));
    EXPECT_EQ(similar[0].description.substr(similar[0].description.size() - 3), "…");
    EXPECT_EQ(similar[0].address, "Ngõ 12 Phan Đình Phùng, Phường Điện Biên");
    EXPECT_TRUE(b.store.similar_open("moi-truong", "Phường Ngọc Hà", 6).empty());
}

TEST(SimilarOnAStrictServer, APulledReportIsOfferedWithItsTextAndAddress) {
    TempDir dir;
    UnixMs now = t0();
    for (open311::Format f : {open311::Format::json, open311::Format::xml}) {
        StrictOptions o;
        o.clock = [&] { return now; };
        StrictPortal portal(o);
        std::string tag = f == open311::Format::xml ? "xml" : "json";
        KioskSide a(dir.file(tag + "-a.db"), portal.base_url(), 2, portal.api_key, false);
        KioskSide b(dir.file(tag + "-b.db"), portal.base_url(), 1, portal.api_key, true);
        a.agent.reset(), b.agent.reset();
        for (KioskSide* k : {&a, &b}) {  // the same sides, speaking XML or JSON
            AgentConfig c;
            c.base_url = portal.base_url();
            c.api_key = portal.api_key;
            c.kiosk_id = k == &a ? 2 : 1;
            c.pull_public = k == &b;
            c.format = f;
            c.wards = {"Phường Điện Biên", "Phường Ngọc Hà"};
            c.default_categories = default_categories();
            k->agent = std::make_unique<Agent>(k->store, *k->http, k->box, c, [] { return 0.5; });
        }
        std::string code = a.store.submit(citizen_draft("Đèn đường tắt cả tuần."), 2, a.box, now).code;
        a.agent->run_once(now);
        ASSERT_EQ(a.store.find(code)->sync_state, SyncState::acknowledged) << tag;
        b.agent->run_once(now + 60000);
        auto similar = b.store.similar_open("moi-truong", "Phường Điện Biên", 6);
        ASSERT_EQ(similar.size(), 1u) << tag;
        EXPECT_EQ(similar[0].description, "Đèn đường tắt cả tuần.") << tag;
        EXPECT_NE(similar[0].address.find("Phường Điện Biên"), std::string::npos) << tag << ": " << similar[0].address;
    }
}

}  // namespace
