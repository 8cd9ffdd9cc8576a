// The one table of field limits (sync/field_limits.hpp) from end to end: a draft at
// every limit at once passes the kiosk's validation, is stored, and is uploaded by the
// real agent to the reference portal in-process over loopback, which takes it; one past
// a limit, the kiosk refuses it and the portal would refuse what the agent would send.
// The agent's address_string is held to report.hpp's address_string(), which validate()
// counts. Real SQLite files in a temporary folder, real HTTP, no mocks.
// [SECTION] helpers and fixture  [SECTION] the composed address  [SECTION] at the limits
// [SECTION] one past the limits
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

#include "agent.hpp"
#include "agent_test_kit.hpp"
#include "portal_form.hpp"
#include "portal_server.hpp"
#include "sync/field_limits.hpp"
#include "sync/open311.hpp"
#include "sync/report.hpp"
#include "temp_dir.hpp"

namespace {
using namespace wk;
using namespace wk::agent;
using namespace wk::test;

// [SECTION] helpers and fixture
const char* const kApiKey = "kiosk-key-limits";
const std::string kProvince = "Thành phố Hà Nội";  // [kiosk] province, as the agent and the kiosk get it
// A long ward name (41 characters): with the province, 61 of address_string's 200.
const std::string kLongWard = "Phường Bình Trưng Đông Mở Rộng Phía Bắc A";

// `n` characters of Vietnamese words (two- and three-byte letters), no space at either end.
std::string words(size_t n) {
    static const char* const kLetters[] = {"ổ", "g", "à", "đ", "ư", "ờ", "n", "g"};
    std::string s;
    for (size_t i = 0; i < n; ++i) s += i % 9 == 8 && i + 1 < n ? " " : kLetters[i % 8];
    return s;
}

// One word of `n` letters: a name the agent sends whole, as first_name.
std::string one_word(size_t n) {
    std::string s;
    for (size_t i = 0; i < n; ++i) s += "Ư";
    return s;
}

// 15 digits (the kiosk's most) with separators, exactly the portal's 30 characters.
const std::string kLongestPhone = "+1.2.3.4.5.6.7.8.9.0.1.2.3.4.5";

// A draft with every field at its limit: description, name and phone at theirs, and an
// address that makes address_string exactly the portal's limit with kLongWard.
Draft draft_at_the_limits() {
    Draft d;
    d.service_code = "moi-truong";
    d.description = words(kMaxDescriptionChars);
    d.ward = kLongWard;
    d.address = words(kMaxAddressStringChars - utf8_length(", " + kLongWard + ", " + kProvince));
    d.contact.name = "Nguyễn " + words(kMaxNameChars - utf8_length(std::string("Nguyễn ")));
    d.contact.phone = kLongestPhone;
    return d;
}

// What the agent would send for `d` (post_request and the contact as start_try adds it),
// through the wire's encoding, as the portal parses it.
std::variant<portal::NewRequest, portal::Rejection> as_the_portal_reads(const Draft& d, const AgentConfig& c) {
    OutboxItem item;
    item.code = "AAA-BBB-CCC";
    item.draft = d;
    item.draft.contact = {};
    open311::PostRequest p = post_request(item, c);
    std::tie(p.last_name, p.first_name) = split_vietnamese_name(d.contact.name);
    p.phone = d.contact.phone;
    auto form = open311::decode_form(open311::encode_form(p));
    if (!form) return portal::Rejection{400, "the form does not decode"};
    return portal::parse_new_request(*form, item.code);
}

AgentConfig agent_config(const std::string& url = "") {
    AgentConfig c;
    c.base_url = url;
    c.api_key = kApiKey;
    c.kiosk_id = 1;
    c.province = kProvince;
    c.backoff = {2000, 60000};
    c.default_categories = default_categories();
    return c;
}

class LimitsEndToEnd : public ::testing::Test {
  protected:
    TempDir dir;
    std::string db_path = dir.file("kiosk.db");
    Store store = Store::open(db_path);
    ContactBox box = ContactBox::from_key(std::vector<uint8_t>(32, 3));
    std::vector<Category> categories = default_categories();
    std::unique_ptr<portal::PortalStore> portal_store;
    std::unique_ptr<portal::PortalServer> server;
    std::unique_ptr<HttpClient> http;
    std::unique_ptr<Agent> agent;

    void SetUp() override {
        portal_store = std::make_unique<portal::PortalStore>(dir.file("portal.db"));
        portal_store->seed_services(portal::load_categories(asset_path("categories.json")));
        portal::PortalOptions o;
        o.api_keys = {kApiKey};
        o.clock = [] { return t0(); };
        server = std::make_unique<portal::PortalServer>(*portal_store, o);
        int port = server->start("127.0.0.1", 0);
        ASSERT_GT(port, 0);
        http = std::make_unique<HttpClient>(HttpOptions{2, 5});
        agent = std::make_unique<Agent>(store, *http, box,
                                        agent_config("http://127.0.0.1:" + std::to_string(port) + "/open311/v2"),
                                        [] { return 0.5; });
    }
    void TearDown() override {  // the client goes first: the server waits for its idle connections
        agent.reset();
        http.reset();
        server.reset();
        portal_store.reset();
    }
    // One text column of the portal's own database, by receipt code.
    std::string portal_text(const std::string& sql, const std::string& code) {
        auto s = portal_store->db().prepare(sql);
        s.bind(1, code);
        return s.step() ? s.text_at(0) : "<none>";
    }
};

// [SECTION] the composed address
// validate() counts address_string(); the agent sends post_request's. They must be one text.
TEST(FieldLimits, TheAgentSendsTheAddressStringThatValidationCounts) {
    for (const std::string& address : {std::string(), std::string("Ngõ 12 Phan Đình Phùng")})
        for (const std::string& province : {std::string(), kProvince}) {
            OutboxItem item;
            item.code = "AAA-BBB-CCC";
            item.draft = citizen_draft("Rác thải đổ trộm.");
            item.draft.address = address;
            AgentConfig c = agent_config();
            c.province = province;
            EXPECT_EQ(post_request(item, c).address_string, address_string(item.draft, province))
                << "address \"" << address << "\", province \"" << province << "\"";
        }
}

// [SECTION] at the limits
TEST_F(LimitsEndToEnd, ADraftAtEveryLimitIsStoredUploadedAndTakenByThePortal) {
    Draft d = normalized(draft_at_the_limits());
    ASSERT_EQ(utf8_length(kLongWard), 41u);
    ASSERT_EQ(utf8_length(d.description), kMaxDescriptionChars);
    ASSERT_EQ(utf8_length(d.contact.name), kMaxNameChars);
    ASSERT_EQ(d.contact.phone.size(), kMaxPhoneChars);
    const std::string sent = address_string(d, kProvince);
    ASSERT_EQ(utf8_length(sent), kMaxAddressStringChars);
    ASSERT_TRUE(validate(d, categories, kProvince).empty()) << describe(validate(d, categories, kProvince)[0].error);

    std::string code = store.submit(d, 1, box, t0()).code;
    PassResult r = agent->run_once(t0());

    EXPECT_EQ(r.uploaded, 1);
    EXPECT_EQ(r.failed, 0);
    EXPECT_EQ(r.set_aside, 0);
    auto v = store.find(code);
    ASSERT_TRUE(v.has_value());
    EXPECT_EQ(v->sync_state, SyncState::acknowledged) << v->status_notes;
    auto on_portal = portal_store->request_by_receipt(code);
    ASSERT_TRUE(on_portal.has_value());
    EXPECT_EQ(on_portal->address, sent);
    EXPECT_EQ(on_portal->description, d.description);
    const std::string by_key = " FROM contacts c JOIN requests r ON r.id = c.request_id WHERE r.idempotency_key = ?";
    EXPECT_EQ(portal_text("SELECT c.phone" + by_key, code), kLongestPhone);
    EXPECT_EQ(portal_text("SELECT c.last_name || ' ' || c.first_name" + by_key, code), d.contact.name);
}

// [SECTION] one past the limits
// One character more in any one field: the kiosk refuses the draft (so it is never
// stored), and the portal would refuse what the agent would send for it: the kiosk's
// limits are the portal's, not a guess below them.
TEST(FieldLimits, OnePastALimitTheKioskRefusesAndThePortalWouldToo) {
    const AgentConfig c = agent_config();
    const std::vector<Category> categories = default_categories();
    Draft at = normalized(draft_at_the_limits());
    ASSERT_TRUE(validate(at, categories, kProvince).empty());
    ASSERT_TRUE(std::holds_alternative<portal::NewRequest>(as_the_portal_reads(at, c)));

    struct Past {
        const char* what;
        Draft draft;
        const char* field;
        DraftError error;
    };
    std::vector<Past> past = {
        {"description", at, "description", DraftError::description_too_long},
        {"address_string", at, "address", DraftError::address_string_too_long},
        {"one-word name", at, "name", DraftError::name_too_long},
        {"phone", at, "phone", DraftError::phone_too_long},
    };
    past[0].draft.description += "ổ";
    past[1].draft.address += "ổ";
    past[2].draft.contact.name = one_word(kMaxNameChars + 1);
    past[3].draft.contact.phone = "+ 1.2.3.4.5.6.7.8.9.0.1.2.3.4.5";
    for (const Past& p : past) {
        auto errors = validate(p.draft, categories, kProvince);
        ASSERT_EQ(errors.size(), 1u) << p.what;
        EXPECT_EQ(errors[0].field, p.field) << p.what;
        EXPECT_EQ(errors[0].error, p.error) << p.what;
        auto on_portal = as_the_portal_reads(p.draft, c);
        ASSERT_TRUE(std::holds_alternative<portal::Rejection>(on_portal)) << p.what;
        EXPECT_EQ(std::get<portal::Rejection>(on_portal).status, 400) << p.what;
    }
}

}  // namespace
