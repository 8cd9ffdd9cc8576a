// A reference portal on an ephemeral loopback port with a real SQLite file, seeded
// from a test's own categories file (one plain service, one with attributes, one
// batch service), and the HTTP helpers the portal tests share. It owns the temporary
// folder, store, server and client; it asserts nothing about what the portal answers.
#pragma once
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <fstream>
#include <memory>
#include <string>

#include "portal_server.hpp"
#include "sync/open311.hpp"
#include "temp_dir.hpp"

namespace wk::test {

inline const char* const kPortalKey = "kiosk-key-dong-da";

// moi-truong: realtime, no questions. cay-xanh: two questions, one required list.
// den-duong: batch, answers with a token.
inline const char* const kTestCategories = R"([
  {"code": "moi-truong", "name_vi": "Môi trường", "name_en": "Environment", "group": "moi-truong"},
  {"code": "cay-xanh", "name_vi": "Cây xanh", "name_en": "Trees", "group": "ha-tang",
   "attributes": [
     {"code": "so-cay", "datatype": "number", "required": false, "description": "Có bao nhiêu cây?", "order": 2},
     {"code": "loai", "datatype": "singlevaluelist", "required": true, "description": "Cây bị làm sao?",
      "order": 1, "values": [{"key": "do", "name": "Cây đổ"}, {"key": "gay-canh", "name": "Gãy cành"}]}]},
  {"code": "den-duong", "name_vi": "Đèn đường", "name_en": "Street lights", "group": "ha-tang", "type": "batch"}
])";

class PortalFixture : public ::testing::Test {
  protected:
    void SetUp() override {
        std::ofstream(m_dir.file("categories.json")) << kTestCategories;
        m_store = std::make_unique<portal::PortalStore>(m_dir.file("portal.db"));
        m_store->seed_services(portal::load_categories(m_dir.file("categories.json")));
        portal::PortalOptions o;
        o.api_keys = {kPortalKey};
        o.public_url = "https://phananh.example.vn";
        o.clock = [this] { return m_now.load(); };
        o.token_delay_ms = 2000;
        configure(o);
        m_server = std::make_unique<portal::PortalServer>(*m_store, o);
        int port = m_server->start("127.0.0.1", 0);
        ASSERT_GT(port, 0);
        m_http = std::make_unique<httplib::Client>("127.0.0.1", port);
        m_http->set_read_timeout(10);
    }
    void TearDown() override {
        m_server.reset();
        m_store.reset();
    }
    // A test that needs more (kiosk keys, the staff pages) adds it here; the store is open.
    virtual void configure(portal::PortalOptions&) {}

    open311::PostRequest report(const std::string& service = "moi-truong",
                                const std::string& description = "Rác thải đổ trộm ở đầu ngõ 12.") {
        open311::PostRequest r;
        r.api_key = kPortalKey;
        r.service_code = service;
        r.description = description;
        r.address_string = "Ngõ 12 Khâm Thiên, Phường Đống Đa";
        r.device_id = "kiosk-0002";
        return r;
    }
    // POST to /open311/v2/<path>, e.g. "requests.xml".
    httplib::Result post_form(const std::string& path, const std::string& body, const std::string& key = "") {
        httplib::Headers h;
        if (!key.empty()) h.emplace("Idempotency-Key", key);
        return m_http->Post(("/open311/v2/" + path).c_str(), h, body, "application/x-www-form-urlencoded");
    }
    httplib::Result post(const open311::PostRequest& r, const std::string& ext = ".json", const std::string& key = "") {
        return post_form("requests" + ext, open311::encode_form(r), key);
    }
    httplib::Result get(const std::string& path) { return m_http->Get(("/open311/v2/" + path).c_str()); }
    std::string get_ok(const std::string& path) {
        auto res = get(path);
        EXPECT_TRUE(res && res->status == 200) << path << ": " << (res ? res->body : "no answer");
        return res ? res->body : std::string();
    }

    TempDir m_dir;
    std::atomic<UnixMs> m_now{*open311::parse_iso8601("2026-11-28T09:30:00+07:00")};
    std::unique_ptr<portal::PortalStore> m_store;
    std::unique_ptr<portal::PortalServer> m_server;
    std::unique_ptr<httplib::Client> m_http;
};

}  // namespace wk::test
