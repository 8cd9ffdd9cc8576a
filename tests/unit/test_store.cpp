// Tests of the store (sync/store.hpp, sync/sqlite.hpp) on real SQLite files in a
// temporary folder: schema and migrations, submit and receipt sequences, the contact's
// life in the file, the outbox, status pulls, categories and values, two processes'
// connections on one file, and failures that must leave nothing behind.
// [SECTION] helpers, schema, kiosk side, outbox, pulls, categories and values,
//           two connections, failures, migrations
#include <gtest/gtest.h>

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "sync/receipt_code.hpp"
#include "sync/store.hpp"
#include "temp_dir.hpp"

namespace {

using wk::ContactBox;
using wk::Draft;
using wk::Store;
using wk::SyncState;
namespace db = wk::db;

// [SECTION] helpers
std::vector<uint8_t> test_key() { return std::vector<uint8_t>(32, 0x5A); }

Draft make_draft(const std::string& description, const wk::Contact& contact = {}) {
    Draft d;
    d.service_code = "moi-truong";
    d.description = description;
    d.ward = "Phường Điện Biên";
    d.address = "Số 1 Hoàng Diệu";
    d.contact = contact;
    return d;
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

int64_t count_rows(db::Db& d, const std::string& table) {
    auto s = d.prepare("SELECT count(*) FROM " + table);
    s.step();
    return s.int_at(0);
}

class StoreTest : public ::testing::Test {
  protected:
    wk::test::TempDir dir;
    std::string path = dir.file("wardkiosk.db");
    ContactBox box = ContactBox::from_key(test_key());
    const wk::Contact kHuong{"Nguyễn Thị Hương", "0912345678"};
};

// [SECTION] schema
TEST_F(StoreTest, OpenCreatesTheSchemaInWalMode) {
    {
        Store store = Store::open(path);
        EXPECT_EQ(store.db().user_version(), 11);
        // A submit is on disk when it returns: synchronous=FULL (2) on the store's connection.
        auto sync = store.db().prepare("PRAGMA synchronous");
        ASSERT_TRUE(sync.step());
        EXPECT_EQ(sync.int_at(0), 2);
        auto fk = store.db().prepare("PRAGMA foreign_keys");
        ASSERT_TRUE(fk.step());
        EXPECT_EQ(fk.int_at(0), 1);
    }
    ASSERT_TRUE(std::filesystem::exists(path));
    db::Db raw(path);
    EXPECT_EQ(raw.user_version(), 11);
    auto jm = raw.prepare("PRAGMA journal_mode");
    ASSERT_TRUE(jm.step());
    EXPECT_EQ(jm.text_at(0), "wal");
    std::set<std::string> tables;
    auto t = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table'");
    while (t.step()) tables.insert(t.text_at(0));
    for (const char* name : {"reports", "report_events", "kiosk_sequence", "categories", "kv"})
        EXPECT_TRUE(tables.count(name)) << name;
}

TEST_F(StoreTest, OpenOnANonDatabaseFileIsACorruptError) {
    std::ofstream(path, std::ios::binary) << std::string(4096, 'x');
    try {
        Store::open(path);
        FAIL() << "opening a file that is not SQLite must throw";
    } catch (const db::Error& e) {
        EXPECT_EQ(e.kind, db::ErrorKind::corrupt) << e.what();
    }
}

TEST_F(StoreTest, OpenInAMissingFolderIsAnIoError) {
    try {
        Store::open(dir.file("no/such/folder/x.db"));
        FAIL() << "must throw";
    } catch (const db::Error& e) {
        EXPECT_EQ(e.kind, db::ErrorKind::io) << e.what();
    }
}

// [SECTION] kiosk side
TEST_F(StoreTest, SubmitReturnsTheKiosksNextParseableCode) {
    Store store = Store::open(path);
    auto r = store.submit(make_draft("Cột đèn hỏng"), 42, box, 1000);
    EXPECT_GT(r.id, 0);
    auto parsed = wk::receipt::parse(r.code);
    EXPECT_EQ(parsed.error, wk::receipt::ParseError::none);
    EXPECT_EQ(parsed.code, r.code);
    EXPECT_EQ(wk::receipt::kiosk_of(r.code), 42);
    EXPECT_EQ(r.code, wk::receipt::make(42, 1));
}

// A reinstalled PC, a replaced disk or an old backup put back: the store is new (or
// old) but the kiosk number is the same. Its next code is past every code that kiosk
// gave before, because the sequence never falls behind the clock's floor.
TEST_F(StoreTest, ANewOrRestoredStoreNeverGivesOutACodeItsKioskGaveBefore) {
    const int64_t day = 86400000;
    const int64_t june = *wk::open311::parse_iso8601("2026-06-01T01:00:00Z");
    std::set<std::string> given;
    std::string backup = path + ".backup";
    {
        Store store = Store::open(path);
        for (int i = 0; i < 20; ++i) {  // a busy morning: one report every 2 minutes
            given.insert(store.submit(make_draft("sáng " + std::to_string(i)), 5, box, june + i * 120000).code);
            if (i == 9) store.db().exec("VACUUM INTO '" + backup + "'");  // last night's backup, say
        }
    }
    std::filesystem::remove(path);
    {  // reinstalled the same afternoon: an empty store
        Store fresh = Store::open(path);
        auto r = fresh.submit(make_draft("chiều"), 5, box, june + 3 * 3600000);
        EXPECT_TRUE(given.insert(r.code).second) << r.code << " was already given out";
        EXPECT_EQ(wk::receipt::sequence_of(r.code), wk::receipt::sequence_floor(june + 3 * 3600000));
    }
    std::filesystem::remove(path);
    std::filesystem::copy_file(backup, path);
    {  // the backup (10 reports old) put back the next day
        Store restored = Store::open(path);
        for (int i = 0; i < 5; ++i) {
            auto r = restored.submit(make_draft("hôm sau " + std::to_string(i)), 5, box, june + day + i * 60000);
            EXPECT_TRUE(given.insert(r.code).second) << r.code << " was already given out";
        }
    }
    EXPECT_EQ(given.size(), 26u);
}

TEST_F(StoreTest, SubmitRefusesAKioskIdOutsideTheCodeRange) {
    // Kiosk 32769 would wrap to kiosk 1's codes; the store refuses it and stores nothing.
    Store store = Store::open(path);
    for (int id : {0, 32768, 32769}) EXPECT_THROW(store.submit(make_draft("Cột đèn hỏng"), id, box, 1000), wk::db::Error);
    EXPECT_EQ(store.counts().queued, 0);
    EXPECT_EQ(store.submit(make_draft("Cột đèn hỏng"), 32767, box, 1000).code, wk::receipt::make(32767, 1));
}

TEST_F(StoreTest, SequenceIncrementsPerKiosk) {
    Store store = Store::open(path);
    std::vector<std::string> a, b;
    for (int i = 0; i < 5; ++i) {
        a.push_back(store.submit(make_draft("A" + std::to_string(i)), 7, box, 1000 + i).code);
        if (i % 2 == 0) b.push_back(store.submit(make_draft("B" + std::to_string(i)), 8, box, 2000 + i).code);
    }
    for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i], wk::receipt::make(7, static_cast<uint32_t>(i + 1)));
    for (size_t i = 0; i < b.size(); ++i) EXPECT_EQ(b[i], wk::receipt::make(8, static_cast<uint32_t>(i + 1)));
    std::set<std::string> all(a.begin(), a.end());
    all.insert(b.begin(), b.end());
    EXPECT_EQ(all.size(), a.size() + b.size());
    EXPECT_EQ(store.counts().queued, static_cast<int64_t>(all.size()));
}

TEST_F(StoreTest, TwoKiosksFirstReportsGetDistinctCodes) {
    Store store = Store::open(path);
    auto r1 = store.submit(make_draft("một"), 1, box, 1);
    auto r2 = store.submit(make_draft("hai"), 2, box, 2);
    EXPECT_NE(r1.code, r2.code);
    EXPECT_NE(r1.id, r2.id);
    EXPECT_EQ(wk::receipt::kiosk_of(r1.code), 1);
    EXPECT_EQ(wk::receipt::kiosk_of(r2.code), 2);
}

TEST_F(StoreTest, FindReturnsTheFieldsAndASavedEventButNeverTheContact) {
    Store store = Store::open(path);
    Draft d = make_draft("Nước thải tràn ra đường\nGần chợ Ngọc Hà", kHuong);
    d.channel = wk::Channel::staff_assisted;
    d.staff_id = "cb-03";
    auto r = store.submit(d, 3, box, 1'700'000'000'000);
    auto v = store.find(r.code);
    ASSERT_TRUE(v.has_value());
    EXPECT_EQ(v->id, r.id);
    EXPECT_EQ(v->code, r.code);
    EXPECT_EQ(v->service_code, d.service_code);
    EXPECT_EQ(v->description, d.description);
    EXPECT_EQ(v->ward, d.ward);
    EXPECT_EQ(v->address, d.address);
    EXPECT_EQ(v->channel, wk::Channel::staff_assisted);
    EXPECT_EQ(v->created_at, 1'700'000'000'000);
    EXPECT_EQ(v->sync_state, SyncState::queued);
    EXPECT_EQ(v->attempts, 0);
    EXPECT_TRUE(v->service_request_id.empty());
    EXPECT_TRUE(v->status.empty());
    EXPECT_TRUE(v->has_contact);
    ASSERT_EQ(v->events.size(), 1u);
    EXPECT_EQ(v->events[0].kind, "saved");
    EXPECT_EQ(v->events[0].at, 1'700'000'000'000);
    // No field of the view carries the citizen's name or phone.
    for (const std::string* s : {&v->code, &v->service_code, &v->description, &v->ward, &v->address,
                                 &v->service_request_id, &v->status, &v->status_notes, &v->agency,
                                 &v->expected_datetime, &v->events[0].notes, &v->events[0].status}) {
        EXPECT_EQ(s->find(kHuong.phone), std::string::npos);
        EXPECT_EQ(s->find("Hương"), std::string::npos);
    }
    EXPECT_FALSE(store.find(wk::receipt::make(3, 2)).has_value());
    EXPECT_FALSE(store.find("").has_value());
}

TEST_F(StoreTest, AnonymousReportHoldsNoContact) {
    Store store = Store::open(path);
    auto r = store.submit(make_draft("Ẩn danh"), 1, box, 5);
    EXPECT_FALSE(store.find(r.code)->has_contact);
    db::Db raw(path);
    auto s = raw.prepare("SELECT contact FROM reports WHERE id = ?");
    s.bind(1, r.id);
    ASSERT_TRUE(s.step());
    EXPECT_TRUE(s.is_null(0));
    auto item = store.next_due(5);
    ASSERT_TRUE(item.has_value());
    EXPECT_TRUE(item->sealed_contact.empty());
}

TEST_F(StoreTest, SealedContactIsInTheFileUntilAcknowledgedThenNull) {
    Store store = Store::open(path);
    auto r = store.submit(make_draft("Có liên hệ", kHuong), 1, box, 100);

    std::vector<uint8_t> sealed;
    {
        db::Db raw(path);
        auto s = raw.prepare("SELECT contact FROM reports WHERE code = ?");
        s.bind(1, r.code);
        ASSERT_TRUE(s.step());
        ASSERT_FALSE(s.is_null(0));
        sealed = s.blob_at(0);
    }
    ASSERT_GT(sealed.size(), 40u);
    auto opened = box.open(sealed);
    ASSERT_TRUE(opened.has_value());
    EXPECT_EQ(opened->name, kHuong.name);
    EXPECT_EQ(opened->phone, kHuong.phone);
    // Sealed at rest: the phone number is nowhere in the database or its WAL.
    EXPECT_EQ(slurp(path).find(kHuong.phone), std::string::npos);
    EXPECT_EQ(slurp(path + "-wal").find(kHuong.phone), std::string::npos);

    // The agent gets the sealed bytes, never a plain contact.
    auto item = store.next_due(100);
    ASSERT_TRUE(item.has_value());
    EXPECT_EQ(item->sealed_contact, sealed);
    EXPECT_TRUE(item->draft.contact.empty());

    store.acknowledge(r.id, "HN-2026-000123", 200);
    {
        db::Db raw(path);
        auto s = raw.prepare("SELECT contact FROM reports WHERE code = ?");
        s.bind(1, r.code);
        ASSERT_TRUE(s.step());
        EXPECT_TRUE(s.is_null(0));
        s.reset();
        // After a checkpoint, no copy of the sealed bytes is left in the database file.
        raw.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    // Any 12-byte piece of the ciphertext (after the nonce) left in the file would be a
    // copy that secure_delete should have wiped; a chance match is out of the question.
    std::string file = slurp(path) + slurp(path + "-wal");
    std::string cipher(sealed.begin() + 24, sealed.end());
    for (size_t at = 0; at + 12 <= cipher.size(); at += 4)
        EXPECT_EQ(file.find(cipher.substr(at, 12)), std::string::npos)
            << "bytes " << at << ".." << at + 12 << " of the erased contact are still in the file";

    auto v = store.find(r.code);
    ASSERT_TRUE(v.has_value());
    EXPECT_FALSE(v->has_contact);
    EXPECT_EQ(v->sync_state, SyncState::acknowledged);
    EXPECT_EQ(v->service_request_id, "HN-2026-000123");
    EXPECT_EQ(v->status, "open");
    ASSERT_EQ(v->events.size(), 2u);
    EXPECT_EQ(v->events[1].kind, "received");
    EXPECT_EQ(v->events[1].notes, "HN-2026-000123");
    EXPECT_EQ(v->events[1].at, 200);
    EXPECT_FALSE(store.next_due(1'000'000).has_value());
}

TEST_F(StoreTest, RecentIsNewestFirstWithoutEvents) {
    Store store = Store::open(path);
    std::vector<std::string> codes;
    for (int i = 0; i < 6; ++i) codes.push_back(store.submit(make_draft("r" + std::to_string(i)), 4, box, i).code);
    auto recent = store.recent(4);
    ASSERT_EQ(recent.size(), 4u);
    for (size_t i = 0; i < 4; ++i) {
        EXPECT_EQ(recent[i].code, codes[5 - i]);
        EXPECT_TRUE(recent[i].events.empty());
    }
    EXPECT_EQ(store.recent(100).size(), 6u);
    EXPECT_TRUE(store.recent(0).empty());
}

// [SECTION] outbox
TEST_F(StoreTest, NextToSendWritesNothingAndFinishTryWritesTheTryWithItsOutcome) {
    Store store = Store::open(path);
    auto a = store.submit(make_draft("a", kHuong), 1, box, 1000);
    auto b = store.submit(make_draft("b"), 1, box, 2000);
    auto c = store.submit(make_draft("c"), 1, box, 2500);

    auto first = store.next_to_send(3000, 0, {}, nullptr);
    ASSERT_TRUE(first.has_value());
    EXPECT_EQ(first->id, a.id);
    EXPECT_EQ(first->attempts, 0);
    EXPECT_EQ(store.find(a.code)->attempts, 0) << "reading a report ahead leaves no trace";
    EXPECT_EQ(store.find(a.code)->events.size(), 1u) << "only its 'filed' event";
    EXPECT_EQ(store.next_to_send(3000, a.id, {}, nullptr)->id, b.id) << "after_id reads past a report still out";

    store.finish_try({a.id, 3000, wk::TryOutcome::Kind::acknowledged, "HN-2026-000001", 0});
    auto av = store.find(a.code);
    EXPECT_EQ(av->sync_state, SyncState::acknowledged);
    EXPECT_EQ(av->service_request_id, "HN-2026-000001");
    EXPECT_EQ(av->attempts, 1);
    ASSERT_GE(av->events.size(), 2u);
    EXPECT_EQ(av->events[av->events.size() - 2].kind, "sent");
    EXPECT_EQ(av->events.back().kind, "received");
    {
        db::Db raw(path);
        auto s = raw.prepare("SELECT contact IS NULL FROM reports WHERE id = ?");
        s.bind(1, a.id);
        ASSERT_TRUE(s.step());
        EXPECT_EQ(s.int_at(0), 1) << "the contact is erased with the acknowledgement";
    }

    // A retry counts the try and waits; a second try writes no second "sent" event.
    store.finish_try({b.id, 3100, wk::TryOutcome::Kind::retry, "HTTP 500", 9000});
    EXPECT_EQ(store.next_to_send(3200, 0, {}, nullptr)->id, c.id) << "b waits out its backoff";
    auto bv = store.find(b.code);
    EXPECT_EQ(bv->attempts, 1);
    EXPECT_EQ(bv->events.back().kind, "sent");
    store.finish_try({b.id, 9000, wk::TryOutcome::Kind::token, "tok-b", 12000});
    bv = store.find(b.code);
    EXPECT_EQ(bv->attempts, 2);
    EXPECT_EQ(bv->sync_state, SyncState::token);
    int sent = 0;
    for (const auto& e : bv->events) sent += e.kind == "sent";
    EXPECT_EQ(sent, 1);
    EXPECT_EQ(bv->events.back().kind, "token");

    store.finish_try({c.id, 9100, wk::TryOutcome::Kind::attention, "HTTP 404: unknown service", 0});
    EXPECT_EQ(store.find(c.code)->sync_state, SyncState::attention);
    EXPECT_EQ(store.find(c.code)->attempts, 1);
    EXPECT_FALSE(store.next_to_send(11000, 0, {}, nullptr).has_value()) << "b's token poll is not due until 12000";
    EXPECT_EQ(store.next_to_send(12000, 0, {}, nullptr)->token, "tok-b");
}

// Believed refusals are counted apart from tries (a try during an outage is no refusal),
// and staff's retry of a report set aside starts both afresh.
TEST_F(StoreTest, RefusalsCountApartFromTriesAndARetryByStaffClearsBoth) {
    Store store = Store::open(path);
    auto a = store.submit(make_draft("a"), 1, box, 1000);
    wk::TryOutcome outage{a.id, 2000, wk::TryOutcome::Kind::retry, "HTTP 400: the backend is down", 2500};
    store.finish_try(outage);
    wk::TryOutcome refused{a.id, 3000, wk::TryOutcome::Kind::retry, "HTTP 400: bad attribute", 3500};
    refused.refusal = true;
    store.finish_try(refused);
    auto item = store.next_due(4000);
    ASSERT_TRUE(item);
    EXPECT_EQ(item->attempts, 2);
    EXPECT_EQ(item->refusals, 1);
    refused.kind = wk::TryOutcome::Kind::attention;
    store.finish_try(refused);
    ASSERT_TRUE(store.retry_report(a.code, "cb-01", 5000));
    item = store.next_due(5000);
    ASSERT_TRUE(item);
    EXPECT_EQ(item->attempts, 0);
    EXPECT_EQ(item->refusals, 0);
}

// A report the agent's check refuses (its contact will not open) is set aside as it is
// read: no try counted, no "sent" event, and the "sent" event of an earlier real try
// (a report retried by staff) left as it was.
TEST_F(StoreTest, NextToSendSetsAsideWhatTheCheckRefusesWithNoTryAndKeepsEarlierEvents) {
    Store store = Store::open(path);
    auto a = store.submit(make_draft("a", kHuong), 1, box, 1000);
    auto b = store.submit(make_draft("b"), 1, box, 1000);
    auto refuse_a = [&](const wk::OutboxItem& i) { return i.id == a.id ? std::string("the contact will not open") : ""; };

    int set_aside = 0;
    auto item = store.next_to_send(2000, 0, refuse_a, &set_aside);
    ASSERT_TRUE(item);
    EXPECT_EQ(item->id, b.id) << "it goes on to the next report";
    EXPECT_EQ(set_aside, 1);
    auto v = store.find(a.code);
    EXPECT_EQ(v->sync_state, SyncState::attention);
    EXPECT_EQ(v->attempts, 0);
    for (const auto& e : v->events) EXPECT_NE(e.kind, "sent");
    EXPECT_EQ(v->events.back().kind, "attention");

    // Tried for real once, then set aside and retried by staff with the key still wrong.
    auto c = store.submit(make_draft("c", kHuong), 1, box, 3000);
    store.finish_try({b.id, 3000, wk::TryOutcome::Kind::acknowledged, "HN-2026-000002", 0});
    ASSERT_EQ(store.next_to_send(3000, 0, {}, nullptr)->id, c.id);
    store.finish_try({c.id, 3000, wk::TryOutcome::Kind::attention, "400 five times", 0});  // a "sent" event
    ASSERT_TRUE(store.retry_report(c.code, "cb-01", 3200));
    auto refuse_c = [&](const wk::OutboxItem& i) { return i.id == c.id ? std::string("the contact will not open") : ""; };
    EXPECT_FALSE(store.next_to_send(3300, 0, refuse_c, nullptr).has_value());
    int sent = 0;
    auto cv = store.find(c.code);
    for (const auto& e : cv->events) sent += e.kind == "sent";
    EXPECT_EQ(sent, 1) << "the real try's event stays";
    EXPECT_EQ(cv->sync_state, SyncState::attention);
}

TEST(DbCached, LendsOneCompiledStatementAndAFreshOneToANestedUse) {
    wk::test::TempDir dir;
    db::Db d(dir.file("c.db"));
    d.exec("CREATE TABLE t (x INTEGER)");
    for (int i = 0; i < 3; ++i) d.cached("INSERT INTO t (x) VALUES (?)").bind(1, i).run();
    {
        auto outer = d.cached("SELECT x FROM t ORDER BY x");
        ASSERT_TRUE(outer.step());
        EXPECT_EQ(outer.int_at(0), 0);
        auto inner = d.cached("SELECT x FROM t ORDER BY x");  // the same text while lent: its own statement
        ASSERT_TRUE(inner.step());
        EXPECT_EQ(inner.int_at(0), 0);
        ASSERT_TRUE(outer.step());
        EXPECT_EQ(outer.int_at(0), 1) << "the nested use did not disturb the outer one";
    }
    auto again = d.cached("SELECT x FROM t ORDER BY x");
    ASSERT_TRUE(again.step());
    EXPECT_EQ(again.int_at(0), 0) << "given back reset: it starts from the first row";
    int statements = 0;
    for (sqlite3_stmt* s = sqlite3_next_stmt(d.handle(), nullptr); s; s = sqlite3_next_stmt(d.handle(), s)) ++statements;
    EXPECT_EQ(statements, 2) << "the INSERT and the SELECT, compiled once each";
    auto unbound = d.cached("INSERT INTO t (x) VALUES (?)");
    unbound.run();  // bindings were cleared when given back: NULL, not the last value
    auto n = d.prepare("SELECT count(*) FROM t WHERE x IS NULL");
    ASSERT_TRUE(n.step());
    EXPECT_EQ(n.int_at(0), 1);
}

TEST_F(StoreTest, NextDueIsOldestFirstAndHonoursNextAttempt) {
    Store store = Store::open(path);
    EXPECT_FALSE(store.next_due(1'000'000).has_value());
    auto a = store.submit(make_draft("a"), 1, box, 1000);
    auto b = store.submit(make_draft("b"), 1, box, 2000);
    auto c = store.submit(make_draft("c"), 1, box, 3000);

    // A new report is due at once, whatever the agent's clock says (the kiosk's clock
    // may be ahead of it).
    EXPECT_EQ(store.next_due(0)->id, a.id);
    EXPECT_EQ(store.next_due(99'999)->id, a.id);

    store.retry_later(a.id, "timeout", 5000);
    EXPECT_EQ(store.next_due(1500)->id, b.id) << "a waits; b is next";
    EXPECT_EQ(store.next_due(4999)->id, b.id);
    EXPECT_EQ(store.next_due(5000)->id, a.id) << "once due again, the oldest goes first";

    store.retry_later(a.id, "timeout", 9000);
    store.retry_later(b.id, "timeout", 8000);
    store.retry_later(c.id, "timeout", 7000);
    EXPECT_FALSE(store.next_due(6999).has_value()) << "nothing is due before its next attempt";
    EXPECT_EQ(store.next_due(7000)->id, c.id);
    EXPECT_EQ(store.next_due(8000)->id, b.id);
    EXPECT_EQ(store.next_due(8500)->id, b.id);
    EXPECT_EQ(store.next_due(9000)->id, a.id);

    store.acknowledge(a.id, "1", 9000);
    store.needs_attention(b.id, "400 bad service_code", 9000);
    EXPECT_EQ(store.next_due(100'000)->id, c.id);
    store.acknowledge(c.id, "3", 9100);
    EXPECT_FALSE(store.next_due(100'000).has_value());
}

TEST_F(StoreTest, NextDueCarriesTheWholeDraft) {
    Store store = Store::open(path);
    Draft d = make_draft("Dòng một\nDòng hai — “ngoặc kép”", kHuong);
    d.channel = wk::Channel::staff_assisted;
    d.staff_id = "cb-11";
    d.address = "";
    auto r = store.submit(d, 9, box, 777);
    auto item = store.next_due(777);
    ASSERT_TRUE(item.has_value());
    EXPECT_EQ(item->id, r.id);
    EXPECT_EQ(item->code, r.code);
    EXPECT_EQ(item->draft.service_code, d.service_code);
    EXPECT_EQ(item->draft.description, d.description);
    EXPECT_EQ(item->draft.ward, d.ward);
    EXPECT_EQ(item->draft.address, "");
    EXPECT_EQ(item->draft.channel, wk::Channel::staff_assisted);
    EXPECT_EQ(item->draft.staff_id, "cb-11");
    EXPECT_EQ(item->created_at, 777);
    EXPECT_EQ(item->state, SyncState::queued);
    EXPECT_EQ(item->attempts, 0);
    EXPECT_TRUE(item->token.empty());
    auto c = box.open(item->sealed_contact);
    ASSERT_TRUE(c.has_value());
    EXPECT_EQ(c->name, kHuong.name);
}

TEST_F(StoreTest, RecordAttemptCountsAndAddsOneSentEvent) {
    Store store = Store::open(path);
    auto r = store.submit(make_draft("x"), 1, box, 10);
    for (int i = 1; i <= 4; ++i) {
        store.record_attempt(r.id, 10 + i);
        EXPECT_EQ(store.next_due(10)->attempts, i);
        EXPECT_EQ(store.find(r.code)->attempts, i);
    }
    auto v = store.find(r.code);
    int sent = static_cast<int>(std::count_if(v->events.begin(), v->events.end(),
                                              [](const wk::Event& e) { return e.kind == "sent"; }));
    EXPECT_EQ(sent, 1);
    ASSERT_EQ(v->events.size(), 2u);
    EXPECT_EQ(v->events[1].kind, "sent");
    EXPECT_EQ(v->events[1].at, 11) << "the sent event is the first attempt";
    EXPECT_NO_THROW(store.record_attempt(r.id + 100, 20));  // no such report: nothing happens
    EXPECT_EQ(count_rows(store.db(), "report_events"), 2);
}

TEST_F(StoreTest, RetryLaterKeepsTheErrorAndTheTime) {
    Store store = Store::open(path);
    auto r = store.submit(make_draft("x"), 1, box, 10);
    store.retry_later(r.id, "could not connect to 127.0.0.1:8311", 60'010);
    auto s = store.db().prepare("SELECT last_error, next_attempt_at, sync_state FROM reports WHERE id = ?");
    s.bind(1, r.id);
    ASSERT_TRUE(s.step());
    EXPECT_EQ(s.text_at(0), "could not connect to 127.0.0.1:8311");
    EXPECT_EQ(s.int_at(1), 60'010);
    EXPECT_EQ(s.text_at(2), "queued");
    s.reset();
    EXPECT_EQ(store.counts().next_attempt_at, 60'010);
    EXPECT_EQ(store.find(r.code)->events.size(), 1u) << "a retry is not an event";
}

TEST_F(StoreTest, KeepTokenWaitsAndThenOffersTheTokenAgain) {
    Store store = Store::open(path);
    auto r = store.submit(make_draft("x"), 1, box, 10);
    store.record_attempt(r.id, 20);
    store.keep_token(r.id, "tok-9f2", 5000, 30);
    auto v = store.find(r.code);
    EXPECT_EQ(v->sync_state, SyncState::token);
    ASSERT_EQ(v->events.size(), 3u);
    EXPECT_EQ(v->events[2].kind, "token");
    EXPECT_EQ(v->events[2].notes, "tok-9f2");
    EXPECT_EQ(v->events[2].at, 30);
    EXPECT_FALSE(store.next_due(4999).has_value());
    auto item = store.next_due(5000);
    ASSERT_TRUE(item.has_value());
    EXPECT_EQ(item->state, SyncState::token);
    EXPECT_EQ(item->token, "tok-9f2");
    auto c = store.counts();
    EXPECT_EQ(c.token, 1);
    EXPECT_EQ(c.queued, 0);
    // Acknowledging clears the token.
    store.acknowledge(r.id, "77", 6000);
    auto s = store.db().prepare("SELECT token FROM reports WHERE id = ?");
    s.bind(1, r.id);
    ASSERT_TRUE(s.step());
    EXPECT_EQ(s.text_at(0), "");
}

TEST_F(StoreTest, NeedsAttentionTakesTheReportOutOfTheQueue) {
    Store store = Store::open(path);
    auto r = store.submit(make_draft("x", kHuong), 1, box, 10);
    store.needs_attention(r.id, "400: service_code not found", 50);
    auto v = store.find(r.code);
    EXPECT_EQ(v->sync_state, SyncState::attention);
    ASSERT_EQ(v->events.size(), 2u);
    EXPECT_EQ(v->events[1].kind, "attention");
    EXPECT_EQ(v->events[1].notes, "400: service_code not found");
    EXPECT_TRUE(v->has_contact) << "the contact is kept until the portal has the report";
    EXPECT_FALSE(store.next_due(1'000'000).has_value());
    auto c = store.counts();
    EXPECT_EQ(c.attention, 1);
    EXPECT_EQ(c.queued, 0);
    EXPECT_EQ(c.oldest_pending_at, 0);
    EXPECT_EQ(c.next_attempt_at, 0);
}

TEST_F(StoreTest, CountsByState) {
    Store store = Store::open(path);
    auto c0 = store.counts();
    EXPECT_EQ(c0.queued + c0.token + c0.acknowledged + c0.attention, 0);
    EXPECT_EQ(c0.oldest_pending_at, 0);
    EXPECT_EQ(c0.next_attempt_at, 0);

    std::vector<wk::SubmitResult> r;
    for (int i = 0; i < 7; ++i) r.push_back(store.submit(make_draft("r"), 1, box, 1000 * (i + 1)));
    store.acknowledge(r[0].id, "a", 9000);  // oldest goes away from pending
    store.acknowledge(r[1].id, "b", 9000);
    store.keep_token(r[2].id, "t", 50'000, 9000);
    store.needs_attention(r[3].id, "e", 9000);
    store.retry_later(r[4].id, "e", 40'000);
    auto c = store.counts();
    EXPECT_EQ(c.acknowledged, 2);
    EXPECT_EQ(c.token, 1);
    EXPECT_EQ(c.attention, 1);
    EXPECT_EQ(c.queued, 3);
    EXPECT_EQ(c.oldest_pending_at, 3000) << "r[2] (token) is the oldest pending";
    EXPECT_EQ(c.next_attempt_at, 0) << "r[5] and r[6] are due at once";
    store.retry_later(r[5].id, "e", 45'000);
    store.retry_later(r[6].id, "e", 42'000);
    EXPECT_EQ(store.counts().next_attempt_at, 40'000) << "r[4] is the earliest";
}

// [SECTION] pulls
TEST_F(StoreTest, ApplyStatusReportsChangesAndAddsEvents) {
    Store store = Store::open(path);
    auto r = store.submit(make_draft("x"), 1, box, 10);
    store.acknowledge(r.id, "SR-1", 20);

    wk::StatusUpdate u{"SR-1", "in_progress", "Đã chuyển tổ vệ sinh", "UBND phường Điện Biên",
                       "2026-12-01T00:00:00Z", "2026-11-28T12:00:00Z"};
    EXPECT_TRUE(store.apply_status(u, 30));
    auto v = store.find(r.code);
    EXPECT_EQ(v->status, "in_progress");
    EXPECT_EQ(v->status_notes, "Đã chuyển tổ vệ sinh");
    EXPECT_EQ(v->agency, "UBND phường Điện Biên");
    EXPECT_EQ(v->expected_datetime, "2026-12-01T00:00:00Z");
    ASSERT_EQ(v->events.size(), 3u);
    EXPECT_EQ(v->events[2].kind, "status");
    EXPECT_EQ(v->events[2].status, "in_progress");
    EXPECT_EQ(v->events[2].notes, "Đã chuyển tổ vệ sinh");
    EXPECT_EQ(v->events[2].at, 30);

    EXPECT_FALSE(store.apply_status(u, 40)) << "an identical update changes nothing";
    EXPECT_EQ(store.find(r.code)->events.size(), 3u);

    u.agency = "Công ty Môi trường";
    EXPECT_TRUE(store.apply_status(u, 50));
    u.expected_datetime = "2026-12-05T00:00:00Z";
    EXPECT_TRUE(store.apply_status(u, 60));
    u.status = "fixed";
    u.status_notes = "Đã dọn";
    EXPECT_TRUE(store.apply_status(u, 70));
    v = store.find(r.code);
    EXPECT_EQ(v->status, "fixed");
    EXPECT_EQ(v->agency, "Công ty Môi trường");
    EXPECT_EQ(v->expected_datetime, "2026-12-05T00:00:00Z");
    EXPECT_EQ(v->events.size(), 4u) << "the timeline: status and answers, not every agency or date change";
    EXPECT_EQ(v->events.back().status, "fixed");

    wk::StatusUpdate unknown{"SR-404", "closed", "", "", "", ""};
    EXPECT_FALSE(store.apply_status(unknown, 80));
    auto queued = store.submit(make_draft("chưa gửi"), 1, box, 90);
    wk::StatusUpdate empty_id{"", "closed", "", "", "", ""};
    EXPECT_FALSE(store.apply_status(empty_id, 95)) << "a queued report has no case number to match";
    EXPECT_EQ(store.find(queued.code)->status, "");
    EXPECT_EQ(store.find(queued.code)->events.size(), 1u);
    EXPECT_EQ(store.find(r.code)->status, "fixed");
}

// Servers that never send status_notes in GET /requests and say only open/closed
// there: the answer and the finer state an update gave survive the next pull by id,
// and an answer older than the one held changes nothing.
TEST_F(StoreTest, ACoarseOrEmptyOrOlderPullNeverUndoesWhatAnUpdateGave) {
    Store store = Store::open(path);
    auto r = store.submit(make_draft("x"), 1, box, 10);
    store.acknowledge(r.id, "SR-1", 20);
    EXPECT_TRUE(store.apply_status({"SR-1", "IN_PROGRESS", "Đã giao đội vệ sinh", "", "", "2026-11-28T12:00:00Z"}, 30));
    EXPECT_FALSE(store.apply_status({"SR-1", "open", "", "", "", "2026-11-28T12:00:00Z"}, 40))
        << "GET /requests' coarse open and empty notes change nothing";
    auto v = store.find(r.code);
    EXPECT_EQ(v->status, "in_progress");
    EXPECT_EQ(v->status_notes, "Đã giao đội vệ sinh");
    EXPECT_TRUE(store.apply_status({"SR-1", "FIXED", "Đã dọn sạch", "", "", "2026-11-29T12:00:00Z"}, 50));
    EXPECT_FALSE(store.apply_status({"SR-1", "closed", "", "", "", "2026-11-29T12:00:00Z"}, 60));
    EXPECT_FALSE(store.apply_status({"SR-1", "in_progress", "cũ", "", "", "2026-11-28T13:00:00Z"}, 70))
        << "an older answer, pulled late";
    v = store.find(r.code);
    EXPECT_EQ(v->status, "fixed");
    EXPECT_EQ(v->status_notes, "Đã dọn sạch");
    EXPECT_TRUE(store.apply_status({"SR-1", "open", "", "", "", "2026-11-30T12:00:00Z"}, 80))
        << "open after a final state is a reopening";
    EXPECT_EQ(store.find(r.code)->status, "open");
}

TEST(StatusMerge, ACoarseStatusKeepsAFinerOneThatAgreesWithIt) {
    EXPECT_EQ(wk::normalized_status(" IN_PROGRESS "), "in_progress");
    EXPECT_EQ(wk::normalized_status("Action Scheduled"), "action_scheduled");
    EXPECT_EQ(wk::merged_status("in_progress", "open"), "in_progress");
    EXPECT_EQ(wk::merged_status("fixed", "closed"), "fixed");
    EXPECT_EQ(wk::merged_status("in_progress", "closed"), "closed");
    EXPECT_EQ(wk::merged_status("fixed", "open"), "open");
    EXPECT_EQ(wk::merged_status("open", "in_progress"), "in_progress");
    EXPECT_EQ(wk::merged_status("in_progress", ""), "in_progress");
    EXPECT_EQ(wk::merged_status("", "open"), "open");
}

// The board's copy of the province: the coarse status of a later public pull keeps the
// finer state an update gave, and an update older than the row changes nothing.
TEST_F(StoreTest, ThePublicPullKeepsTheFinerStateOfAnUpdate) {
    Store store = Store::open(path);
    store.upsert_public({{"HN-1", "moi-truong", "open", 1000, 1000, 0, "", ""}});
    EXPECT_TRUE(store.apply_public_status("HN-1", "IN_PROGRESS", 2000));
    EXPECT_EQ(store.upsert_public({{"HN-1", "moi-truong", "open", 1000, 2000, 0, "", ""}}), 0);
    EXPECT_FALSE(store.apply_public_status("HN-1", "open", 1500)) << "older than what is held";
    int64_t in_progress = 0;
    for (const auto& t : store.public_tally_since(0, ""))
        if (t.status == "in_progress") in_progress += t.count;
    EXPECT_EQ(in_progress, 1);
}

// "Is it one of these?": the reports of a field and ward not yet final, newest first,
// with the public text and address they were pulled with; a changed text is an update.
TEST_F(StoreTest, SimilarOpenReportsAreThoseOfTheFieldAndWardNotYetFinalNewestFirst) {
    Store store = Store::open(path);
    const std::string ward = "Phường Điện Biên";
    store.upsert_public({{"HN-1", "moi-truong", "open", 1000, 1000, 0, ward, "", "", "Rác cũ", "Ngõ 1"},
                         {"HN-2", "moi-truong", "in_progress", 3000, 3000, 0, ward, "", "AAA", "Rác mới", "Ngõ 2"},
                         {"HN-3", "moi-truong", "fixed", 4000, 4000, 0, ward, "", "", "Đã dọn", ""},
                         {"HN-4", "moi-truong", "open", 5000, 5000, 0, "Phường Ngọc Hà", "", "", "Nơi khác", ""},
                         {"HN-5", "giao-thong", "open", 6000, 6000, 0, ward, "", "", "Ổ gà", ""}});
    auto similar = store.similar_open("moi-truong", ward, 6);
    ASSERT_EQ(similar.size(), 2u);
    EXPECT_EQ(similar[0].service_request_id, "HN-2");
    EXPECT_EQ(similar[0].description, "Rác mới");
    EXPECT_EQ(similar[0].address, "Ngõ 2");
    EXPECT_EQ(similar[0].receipt, "AAA");
    EXPECT_EQ(similar[1].service_request_id, "HN-1");
    EXPECT_EQ(store.similar_open("moi-truong", ward, 1).size(), 1u);
    EXPECT_EQ(store.upsert_public({{"HN-1", "moi-truong", "open", 1000, 1000, 0, ward, "", "", "Rác cũ, sửa", "Ngõ 1"}}),
              1);
    EXPECT_EQ(store.similar_open("moi-truong", ward, 6)[1].description, "Rác cũ, sửa");
    store.apply_public_status("HN-2", "FIXED", 7000);
    EXPECT_EQ(store.similar_open("moi-truong", ward, 6).size(), 1u) << "a fixed report is no longer offered";
}

TEST_F(StoreTest, ApplyStatusWithNoChangeLeavesNoTransactionOpen) {
    Store store = Store::open(path, 200);
    auto r = store.submit(make_draft("x"), 1, box, 10);
    store.acknowledge(r.id, "SR-1", 20);
    wk::StatusUpdate same{"SR-1", "open", "", "", "", ""};
    EXPECT_FALSE(store.apply_status(same, 30));
    EXPECT_FALSE(store.apply_status({"SR-2", "open", "", "", "", ""}, 30));
    Store other = Store::open(path, 200);
    EXPECT_NO_THROW(other.submit(make_draft("y"), 2, box, 40)) << "the write lock must have been released";
}

TEST_F(StoreTest, OpenCaseIdsExcludeFinalStatusesAndUnsentReports) {
    Store store = Store::open(path);
    std::vector<wk::SubmitResult> r;
    for (int i = 0; i < 6; ++i) r.push_back(store.submit(make_draft("r"), 1, box, i));
    store.acknowledge(r[0].id, "c0", 10);
    store.acknowledge(r[1].id, "c1", 10);
    store.acknowledge(r[2].id, "c2", 10);
    store.acknowledge(r[3].id, "c3", 10);
    store.keep_token(r[4].id, "tok", 10, 10);  // r[5] stays queued
    EXPECT_EQ(store.open_case_ids(100), (std::vector<std::string>{"c0", "c1", "c2", "c3"}));
    EXPECT_EQ(store.open_case_ids(2), (std::vector<std::string>{"c0", "c1"}));
    store.apply_status({"c1", "fixed", "", "", "", ""}, 20);
    store.apply_status({"c2", "in_progress", "", "", "", ""}, 20);
    store.apply_status({"c3", "closed", "", "", "", ""}, 20);
    EXPECT_EQ(store.open_case_ids(100), (std::vector<std::string>{"c0", "c2"}));
    for (const char* s : {"duplicate", "not_councils_responsibility", "no_further_action", "cancelled"}) {
        store.apply_status({"c0", s, "", "", "", ""}, 30);
        EXPECT_EQ(store.open_case_ids(100), (std::vector<std::string>{"c2"})) << s;
    }
    store.apply_status({"c0", "reopen", "", "", "", ""}, 40);
    EXPECT_EQ(store.open_case_ids(100), (std::vector<std::string>{"c0", "c2"}));
}

// [SECTION] categories and values
TEST_F(StoreTest, ReplaceAndListCategories) {
    Store store = Store::open(path);
    EXPECT_TRUE(store.categories().empty());
    std::vector<wk::Category> cats = {{"y-te", "Y tế", "Health", "xa-hoi", 2},
                                      {"moi-truong", "Môi trường", "Environment", "moi-truong", 1},
                                      {"khac", "Khác", "Other", "khac", 2}};
    store.replace_categories(cats, 100);
    auto got = store.categories();
    ASSERT_EQ(got.size(), 3u);
    EXPECT_EQ(got[0].code, "moi-truong");  // by sort, then code
    EXPECT_EQ(got[1].code, "khac");
    EXPECT_EQ(got[2].code, "y-te");
    EXPECT_EQ(got[0].name_vi, "Môi trường");
    EXPECT_EQ(got[0].name_en, "Environment");
    EXPECT_EQ(got[0].group, "moi-truong");
    EXPECT_EQ(got[0].sort, 1);

    store.replace_categories({{"giao-thong", "Giao thông", "Traffic", "ha-tang", 0}}, 200);
    got = store.categories();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].code, "giao-thong");
    store.replace_categories({}, 300);
    EXPECT_TRUE(store.categories().empty());
}

TEST_F(StoreTest, ReplaceCategoriesIsAllOrNothing) {
    Store store = Store::open(path);
    store.replace_categories({{"a", "A", "A", "", 0}}, 1);
    // A duplicate code fails half-way; the old list must survive.
    EXPECT_THROW(store.replace_categories({{"b", "B", "B", "", 0}, {"b", "B2", "B2", "", 1}}, 2), db::Error);
    auto got = store.categories();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].code, "a");
}

TEST_F(StoreTest, DefaultCategoriesFileLoads) {
    std::string error;
    auto cats = wk::load_categories_file(WK_SOURCE_DIR "/assets/categories.json", error);
    ASSERT_EQ(error, "");
    ASSERT_EQ(cats.size(), 10u);
    std::set<std::string> codes;
    for (size_t i = 0; i < cats.size(); ++i) {
        EXPECT_FALSE(cats[i].code.empty());
        EXPECT_FALSE(cats[i].name_vi.empty());
        EXPECT_FALSE(cats[i].name_en.empty());
        EXPECT_EQ(cats[i].sort, static_cast<int>(i)) << "file order is the display order";
        codes.insert(cats[i].code);
    }
    EXPECT_EQ(codes.size(), 10u);
    EXPECT_EQ(cats[0].code, "an-ninh-trat-tu");
    EXPECT_EQ(cats[0].name_vi, "An ninh trật tự");
    EXPECT_EQ(cats[0].group, "xa-hoi");
    EXPECT_EQ(cats.back().code, "khac");

    Store store = Store::open(path);
    store.replace_categories(cats, 1);
    auto listed = store.categories();
    ASSERT_EQ(listed.size(), cats.size());
    for (size_t i = 0; i < cats.size(); ++i) EXPECT_EQ(listed[i].code, cats[i].code);
}

TEST_F(StoreTest, BadCategoriesFilesAreErrors) {
    auto load = [&](const std::string& text) {
        std::string p = dir.file("cats.json");
        std::ofstream(p, std::ios::binary) << text;
        std::string error;
        std::vector<wk::Category> cats;
        EXPECT_NO_THROW(cats = wk::load_categories_file(p, error)) << text;
        EXPECT_TRUE(cats.empty()) << text;
        return error;
    };
    EXPECT_NE(load("<html>captive</html>"), "");
    EXPECT_NE(load("{\"code\": \"a\"}"), "");
    EXPECT_NE(load("[{\"code\": \"a\"}, {\"name_vi\": \"không mã\"}]"), "");
    EXPECT_NE(load("[{\"code\": 5}]"), "");
    EXPECT_NE(load("[{\"code\": \"a\", \"name_vi\": 5}]"), "");
    EXPECT_NE(load("[\"a\"]"), "");
    std::string error;
    EXPECT_TRUE(wk::load_categories_file(dir.file("missing.json"), error).empty());
    EXPECT_NE(error.find("missing.json"), std::string::npos) << error;
}

TEST_F(StoreTest, KeyValueRows) {
    Store store = Store::open(path);
    EXPECT_FALSE(store.value("agent.last_sync").has_value());
    store.set_value("agent.last_sync", "2026-11-28T12:00:00Z");
    EXPECT_EQ(store.value("agent.last_sync"), "2026-11-28T12:00:00Z");
    store.set_value("agent.last_sync", "2026-11-28T12:05:00Z");
    EXPECT_EQ(store.value("agent.last_sync"), "2026-11-28T12:05:00Z");
    store.set_value("agent.status", "Không kết nối được cổng");
    EXPECT_EQ(store.value("agent.status"), "Không kết nối được cổng");
    store.set_value("empty", "");
    ASSERT_TRUE(store.value("empty").has_value());
    EXPECT_EQ(*store.value("empty"), "");
    EXPECT_EQ(count_rows(store.db(), "kv"), 3);
}

// [SECTION] two connections (the kiosk and the agent processes)
TEST_F(StoreTest, TwoStoresOnOneFileSeeEachOthersWrites) {
    Store kiosk = Store::open(path);
    Store agent = Store::open(path);
    int64_t agent_v0 = agent.data_version();
    int64_t kiosk_v0 = kiosk.data_version();

    auto r = kiosk.submit(make_draft("từ kiosk", kHuong), 1, box, 100);
    EXPECT_NE(agent.data_version(), agent_v0) << "the agent must notice the kiosk's commit";
    EXPECT_EQ(kiosk.data_version(), kiosk_v0) << "a connection's own commits do not change its data_version";

    auto item = agent.next_due(100);
    ASSERT_TRUE(item.has_value());
    EXPECT_EQ(item->code, r.code);
    agent.record_attempt(item->id, 110);
    agent.acknowledge(item->id, "SR-77", 120);
    agent.set_value("agent.health", "ok");
    EXPECT_NE(kiosk.data_version(), kiosk_v0) << "the kiosk must notice the agent's commit";

    auto v = kiosk.find(r.code);
    ASSERT_TRUE(v.has_value());
    EXPECT_EQ(v->sync_state, SyncState::acknowledged);
    EXPECT_EQ(v->service_request_id, "SR-77");
    EXPECT_FALSE(v->has_contact);
    EXPECT_EQ(kiosk.value("agent.health"), "ok");

    int64_t agent_v1 = agent.data_version();
    EXPECT_EQ(agent.data_version(), agent_v1) << "no commit, no change";
    auto r2 = kiosk.submit(make_draft("thứ hai"), 1, box, 200);
    EXPECT_NE(agent.data_version(), agent_v1);
    EXPECT_EQ(agent.next_due(200)->code, r2.code);
    EXPECT_EQ(r2.code, wk::receipt::make(1, 2));
}

// [SECTION] failures
TEST_F(StoreTest, SubmitThatCannotGetTheLockThrowsBusyAndStoresNothing) {
    Store store = Store::open(path, 50);
    db::Db locker(path, 0);
    locker.exec("BEGIN EXCLUSIVE");
    try {
        store.submit(make_draft("bị khóa", kHuong), 1, box, 100);
        FAIL() << "submit must throw while another connection holds the write lock";
    } catch (const db::Error& e) {
        EXPECT_EQ(e.kind, db::ErrorKind::busy) << e.what();
    }
    locker.exec("ROLLBACK");
    EXPECT_EQ(count_rows(store.db(), "reports"), 0);
    EXPECT_EQ(count_rows(store.db(), "report_events"), 0);
    EXPECT_EQ(count_rows(store.db(), "kiosk_sequence"), 0);
    EXPECT_FALSE(store.find(wk::receipt::make(1, 1)).has_value());
    // The store is still usable and the receipt number was not consumed.
    auto r = store.submit(make_draft("sau khi mở khóa"), 1, box, 200);
    EXPECT_EQ(r.code, wk::receipt::make(1, 1));
}

TEST_F(StoreTest, SubmitThatFailsHalfWayStoresNothing) {
    Store store = Store::open(path);
    auto first = store.submit(make_draft("đầu tiên"), 1, box, 100);
    {
        // Fault injection: the last write of submit (the "saved" event) fails.
        db::Db raw(path);
        raw.exec(
            "CREATE TRIGGER inject BEFORE INSERT ON report_events "
            "BEGIN SELECT RAISE(ABORT, 'injected fault'); END");
    }
    try {
        store.submit(make_draft("hỏng", kHuong), 1, box, 200);
        FAIL() << "submit must throw";
    } catch (const db::Error& e) {
        EXPECT_NE(std::string(e.what()).find("injected fault"), std::string::npos) << e.what();
    }
    EXPECT_EQ(count_rows(store.db(), "reports"), 1);
    EXPECT_EQ(count_rows(store.db(), "report_events"), 1);
    auto seq = store.db().prepare("SELECT last FROM kiosk_sequence WHERE kiosk_id = 1");
    ASSERT_TRUE(seq.step());
    EXPECT_EQ(seq.int_at(0), 1) << "the failed submit must not use up a sequence number";
    seq.reset();
    EXPECT_FALSE(store.find(wk::receipt::make(1, 2)).has_value());

    store.db().exec("DROP TRIGGER inject");
    auto second = store.submit(make_draft("thứ hai"), 1, box, 300);
    EXPECT_EQ(second.code, wk::receipt::make(1, 2));
    EXPECT_NE(second.code, first.code);
}

TEST_F(StoreTest, ReopeningKeepsEverything) {
    std::string c1, c2, c3;
    {
        Store store = Store::open(path);
        c1 = store.submit(make_draft("một", kHuong), 5, box, 10).code;
        c2 = store.submit(make_draft("hai", kHuong), 5, box, 20).code;
        c3 = store.submit(make_draft("ba"), 6, box, 30).code;
        auto item = store.next_due(10);
        store.record_attempt(item->id, 40);
        store.acknowledge(item->id, "SR-1", 50);
        store.apply_status({"SR-1", "in_progress", "đang xử lý", "UBND", "", ""}, 60);
        store.keep_token(store.find(c2)->id, "tok", 1000, 70);
        store.replace_categories({{"moi-truong", "Môi trường", "Environment", "", 0}}, 80);
        store.set_value("k", "v");
    }
    Store store = Store::open(path);
    EXPECT_EQ(store.db().user_version(), 11);
    auto v1 = store.find(c1);
    ASSERT_TRUE(v1.has_value());
    EXPECT_EQ(v1->status, "in_progress");
    EXPECT_EQ(v1->status_notes, "đang xử lý");
    EXPECT_EQ(v1->attempts, 1);
    EXPECT_EQ(v1->events.size(), 4u);  // saved, sent, received, status
    EXPECT_FALSE(v1->has_contact);
    auto v2 = store.find(c2);
    EXPECT_EQ(v2->sync_state, SyncState::token);
    EXPECT_TRUE(v2->has_contact);
    EXPECT_EQ(store.next_due(1000)->token, "tok");
    EXPECT_TRUE(store.find(c3).has_value());
    EXPECT_EQ(store.categories().size(), 1u);
    EXPECT_EQ(store.value("k"), "v");
    EXPECT_EQ(store.open_case_ids(10), std::vector<std::string>{"SR-1"});
    EXPECT_EQ(store.submit(make_draft("bốn"), 5, box, 90).code, wk::receipt::make(5, 3));
    EXPECT_EQ(store.submit(make_draft("năm"), 6, box, 90).code, wk::receipt::make(6, 2));
}

// [SECTION] migrations
TEST_F(StoreTest, OpenRefusesANewerSchema) {
    { Store::open(path); }
    {
        db::Db raw(path);
        raw.exec("PRAGMA user_version = 12");
    }
    try {
        Store::open(path);
        FAIL() << "a store from a newer program must not be opened";
    } catch (const db::Error& e) {
        EXPECT_NE(std::string(e.what()).find("newer"), std::string::npos) << e.what();
    }
    db::Db raw(path);
    EXPECT_EQ(raw.user_version(), 12) << "the refused file is left as it was";
}

// A file written by the first release (schema 1) opens with its reports intact and
// gains the public reports, the seen updates, the attributes columns and the staff side.
TEST_F(StoreTest, AVersionOneFileIsMigratedKeepingItsReports) {
    std::string code;
    {
        Store store = Store::open(path);
        code = store.submit(make_draft("một"), 4, box, 10).code;
        db::Db& raw = store.db();
        raw.exec("DROP TRIGGER report_tally_insert; DROP TRIGGER report_tally_delete; "
                 "DROP TRIGGER report_tally_update_old; DROP TRIGGER report_tally_update_new; "
                 "DROP TRIGGER reports_in_public; DROP TRIGGER public_tally_insert; DROP TRIGGER public_tally_delete; "
                 "DROP TRIGGER public_tally_update; DROP TABLE report_tally; DROP TABLE public_tally; "
                 "ALTER TABLE reports DROP COLUMN in_public; "
                 "DROP INDEX reports_outbox; DROP TABLE staff_audit; DROP TABLE outgoing_updates; "
                 "ALTER TABLE reports DROP COLUMN withdrawn_at; "
                 "ALTER TABLE reports DROP COLUMN withdraw_reason; "
                 "DROP TABLE public_reports; DROP TABLE seen_updates; ALTER TABLE reports DROP COLUMN attributes; "
                 "ALTER TABLE categories DROP COLUMN attributes; ALTER TABLE reports DROP COLUMN refusals; "
                 "ALTER TABLE reports DROP COLUMN sent_form; ALTER TABLE reports DROP COLUMN first_sent_at; "
                 "ALTER TABLE reports DROP COLUMN unanswered; DROP TABLE remote_lookups; "
                 "DROP TABLE receipt_prints; DROP INDEX reports_created; DROP INDEX reports_pending; "
                 "DROP TRIGGER reports_photos_gone; DROP TABLE report_photos; DROP TABLE photo_questions; "
                 "PRAGMA user_version = 1");  // public_reports' indexes went with it
    }
    Store store = Store::open(path);
    EXPECT_EQ(store.db().user_version(), 11);
    ASSERT_TRUE(store.find(code).has_value());
    auto kept = store.tally_since(-7 * 3600 * 1000);  // 1 January 1970 in Vietnam: the kept tally
    ASSERT_EQ(kept.size(), 1u) << "the migration counts the reports already there";
    EXPECT_EQ(kept[0].count, 1);
    EXPECT_TRUE(store.next_due(100)->draft.attributes.empty());
    EXPECT_EQ(store.public_count(), 0);
    EXPECT_EQ(store.find(code)->sync_state, SyncState::queued);  // withdrawn_at 0: not withdrawn
    EXPECT_TRUE(store.audit_log(5).empty());
}

// A statement left stepping when its transaction commits must not pin a read
// transaction: the WAL would never be checkpointed and grow without end.
TEST(Transaction, CommitFinishesStatementsSoTheWalIsCheckpointed) {
    wk::test::TempDir dir;
    std::string path = dir.file("wal.db");
    db::Db d(path);
    d.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; CREATE TABLE t (x)");
    for (int i = 0; i < 1500; ++i) {
        db::Transaction t(d);
        auto s = d.prepare("SELECT count(*) FROM t");
        ASSERT_TRUE(s.step());  // still stepping at the commit below
        d.exec("INSERT INTO t VALUES (1)");
        t.commit();
    }
    // 1,500 commits of one page each: ~6 MB of WAL without checkpoints; at most
    // ~1,000 frames (4 MB) with them.
    EXPECT_LT(std::filesystem::file_size(path + "-wal"), 5u << 20);
}

TEST(Migrate, AppliesInOrderOnceAndRollsBackAFailedStep) {
    wk::test::TempDir dir;
    db::Db d(dir.file("m.db"));
    db::migrate(d, {"CREATE TABLE a (x)", "CREATE TABLE b (y); INSERT INTO b VALUES (1)"});
    EXPECT_EQ(d.user_version(), 2);
    db::migrate(d, {"CREATE TABLE a (x)", "CREATE TABLE b (y); INSERT INTO b VALUES (1)"});  // no-op
    EXPECT_EQ(count_rows(d, "b"), 1);
    // A third step that fails half-way leaves version 2 and no trace of its first half.
    EXPECT_THROW(db::migrate(d, {"CREATE TABLE a (x)", "CREATE TABLE b (y); INSERT INTO b VALUES (1)",
                                 "CREATE TABLE c (z); CREATE TABLE a (again)"}),
                 db::Error);
    EXPECT_EQ(d.user_version(), 2);
    auto s = d.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'c'");
    s.step();
    EXPECT_EQ(s.int_at(0), 0);
    s.reset();
    EXPECT_THROW(db::migrate(d, {"CREATE TABLE a (x)"}), db::Error) << "version 2 is newer than 1 migration";
}

// The kiosk and the agent are started together on a fresh file: both read
// user_version 0, one migrates first, and the other must not then fail on
// "table reports already exists".
TEST(StoreConcurrency, TwoProcessesOpeningAFreshFileAtOnceBothSucceed) {
    wk::test::TempDir dir;
    std::string path = dir.file("fresh.db");
    db::Db locker(path);
    locker.exec("PRAGMA journal_mode = WAL");
    locker.exec("BEGIN IMMEDIATE");  // holds both openers at their first write
    std::atomic<int> ok{0};
    std::string errors[2];
    std::thread t[2];
    for (int i = 0; i < 2; ++i)
        t[i] = std::thread([&, i] {
            try {
                Store s = Store::open(path, 20'000);
                ++ok;
            } catch (const std::exception& e) {
                errors[i] = e.what();
            }
        });
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    locker.exec("ROLLBACK");
    for (auto& th : t) th.join();
    EXPECT_EQ(ok.load(), 2) << errors[0] << " | " << errors[1];
    Store s = Store::open(path);
    EXPECT_EQ(s.db().user_version(), 11);
}

}  // namespace

// [SECTION] public reports and attributes
namespace {

class PublicStoreTest : public StoreTest {
  protected:
    Store store = Store::open(path);
    wk::PublicReport row(const std::string& id, const std::string& status, const std::string& ward, int64_t at,
                         int64_t updated = 0, int64_t expected = 0) {
        return {id, "moi-truong", status, at, updated ? updated : at, expected, ward, ""};
    }
};

TEST_F(PublicStoreTest, UpsertCountsOnlyRowsThatChanged) {
    EXPECT_EQ(store.upsert_public({row("A", "open", "Kim Mã", 1000), row("B", "open", "", 2000)}), 2);
    EXPECT_EQ(store.upsert_public({row("A", "open", "Kim Mã", 1000), row("B", "fixed", "", 2000, 3000)}), 1);
    EXPECT_EQ(store.public_count(), 2);
    EXPECT_TRUE(store.apply_public_status("A", "in_progress", 4000));
    EXPECT_FALSE(store.apply_public_status("A", "in_progress", 4000)) << "the same update twice changes nothing";
    EXPECT_FALSE(store.apply_public_status("Z", "fixed", 4000)) << "a report not held is not invented";
    EXPECT_EQ(store.public_count(), 2);
}

TEST_F(PublicStoreTest, TallyByWardMonthAndOnTime) {
    int64_t jan = *wk::open311::parse_iso8601("2026-01-10T00:00:00+07:00");
    int64_t mar = *wk::open311::parse_iso8601("2026-03-31T23:30:00+07:00");  // still March in Vietnam
    int64_t day = 86400000;
    store.upsert_public({row("A", "fixed", "Kim Mã", jan, jan + 2 * day, jan + 5 * day),   // on time
                         row("B", "closed", "Kim Mã", jan, jan + 9 * day, jan + 5 * day),  // late
                         row("C", "in_progress", "Kim Mã", mar), row("D", "fixed", "Ngọc Hà", mar, mar + day, 0),
                         row("E", "fixed", "Kim Mã", jan - 30 * day)});                     // last year
    int64_t year = wk::vietnam_year_start(mar);
    int64_t n = 0, resolved_on_time = 0, march = 0;
    for (const auto& t : store.public_tally_since(year, "Kim Mã")) {
        n += t.count;
        resolved_on_time += t.on_time;
        if (t.month == 3) march += t.count;
    }
    EXPECT_EQ(n, 3);
    EXPECT_EQ(resolved_on_time, 1);
    EXPECT_EQ(march, 1);
    int64_t all = 0;
    for (const auto& t : store.public_tally_since(year, "")) all += t.count;
    EXPECT_EQ(all, 4);
}

// The board right after filing: a report counts as the kiosk's own until the public
// pull holds its case, then only there; never in both, never in neither.
TEST_F(PublicStoreTest, TheKiosksReportCountsUntilThePublicPullHoldsItNeverTwice) {
    auto count = [&](bool only_unpulled) {
        int64_t n = 0;
        for (const auto& t : store.tally_since(0, only_unpulled)) n += t.count;
        return n;
    };
    auto a = store.submit(make_draft("Ngập sâu"), 1, box, 10);
    auto b = store.submit(make_draft("Đèn hỏng"), 1, box, 20);
    auto c = store.submit(make_draft("Rác"), 1, box, 30);
    store.withdraw(c.code, "gửi nhầm", "cb01", 35);  // never sent: counted nowhere
    EXPECT_EQ(count(false), 2);
    EXPECT_EQ(count(true), 2) << "nothing is at the portal yet";
    store.acknowledge(a.id, "HN-1", 40);
    store.acknowledge(b.id, "HN-2", 40);
    EXPECT_EQ(count(true), 2) << "acknowledged, but the public pull does not hold them yet";
    store.upsert_public({row("HN-1", "open", "Kim Mã", 10), row("HN-9", "open", "", 10)});
    EXPECT_EQ(count(true), 1) << "HN-1 is counted among the public reports now";
    store.upsert_public({row("HN-2", "open", "", 20)});
    EXPECT_EQ(count(true), 0);
    EXPECT_EQ(count(false), 2);
}

TEST_F(PublicStoreTest, AnUpdateIdIsSeenOnceUntilForgotten) {
    EXPECT_TRUE(store.mark_update_seen("u1", 100));
    EXPECT_FALSE(store.mark_update_seen("u1", 200));
    store.forget_updates_before(150);
    EXPECT_TRUE(store.mark_update_seen("u1", 300));
}

TEST_F(PublicStoreTest, AttributesTravelWithTheReportAndTheCategory) {
    Draft d = make_draft("Nắp cống vỡ");
    d.attributes = {{"muc-do", "cao"}, {"ghi-chu", "gần trường học"}};
    store.submit(d, 1, box, 10);
    EXPECT_EQ(store.next_due(100)->draft.attributes, d.attributes);
    wk::Category c{"ha-tang", "Hạ tầng", "Infrastructure", "", 0};
    wk::open311::Attribute a;
    a.code = "muc-do";
    a.datatype = "singlevaluelist";
    a.required = true;
    a.description = "Mức độ nguy hiểm?";
    a.values = {{"cao", "Nguy hiểm ngay"}, {"thap", "Chưa nguy hiểm"}};
    c.attributes = {a};
    store.replace_categories({c}, 5);
    auto back = store.categories();
    ASSERT_EQ(back.size(), 1u);
    ASSERT_EQ(back[0].attributes.size(), 1u);
    EXPECT_EQ(back[0].attributes[0].values, a.values);
    EXPECT_TRUE(back[0].attributes[0].required);
}

TEST(VietnamYear, StartsAtMidnightOfFirstJanuaryInVietnam) {
    // 31 Dec 2026 17:30 UTC is already 1 Jan 2027 in Vietnam.
    EXPECT_EQ(wk::vietnam_year_start(*wk::open311::parse_iso8601("2026-12-31T17:30:00Z")),
              *wk::open311::parse_iso8601("2027-01-01T00:00:00+07:00"));
    EXPECT_EQ(wk::vietnam_year_start(*wk::open311::parse_iso8601("2026-12-31T16:30:00Z")),
              *wk::open311::parse_iso8601("2026-01-01T00:00:00+07:00"));
}

}  // namespace
