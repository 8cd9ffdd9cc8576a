// The store's staff side (sync/src/store_staff.cpp) on real SQLite files: withdrawals
// (never sent when queued, a "closed" update once the case number is known, shown as
// withdrawn with the reason, audited, the contact erased), retries of reports set
// aside, the ratings outbox (one a report, a fixed update_id) and the audit log, which
// never holds contact data.
#include <gtest/gtest.h>

#include <set>

#include "agent_test_kit.hpp"
#include "sync/store.hpp"
#include "temp_dir.hpp"

namespace {
using namespace wk;
using namespace wk::test;

class StoreStaff : public ::testing::Test {
  protected:
    TempDir dir;
    std::string db_path = dir.file("kiosk.db");
    Store store = Store::open(db_path);
    ContactBox box = ContactBox::from_key(std::vector<uint8_t>(32, 5));
    UnixMs now = t0();

    std::string submit(const std::string& text, const Contact& c = {}) {
        return store.submit(citizen_draft(text, c), 1, box, now).code;
    }
    // Filed on the portal as `case_id`.
    std::string acknowledged(const std::string& text, const std::string& case_id) {
        std::string code = submit(text, kAn);
        int64_t id = store.find(code)->id;
        store.record_attempt(id, now);
        store.acknowledge(id, case_id, now);
        return code;
    }
    std::string all_text(const std::string& table) {
        db::Db d(db_path);
        auto s = d.prepare("SELECT * FROM " + table);
        std::string out;
        while (s.step())
            for (int i = 0; i < 10; ++i) out += s.is_null(i) ? "" : s.text_at(i) + "|";
        return out;
    }
};

TEST_F(StoreStaff, SchemaIsTheCurrentVersion) {
    EXPECT_EQ(store.db().user_version(), 11);
}

TEST_F(StoreStaff, AWithdrawnQueuedReportIsNeverSentAndShowsTheReason) {
    std::string code = submit("Rác thải ở đầu ngõ", kAn);
    ASSERT_TRUE(store.withdraw(code, "  Người dân đã tự xử lý  ", "cb-01", now + 1000));
    EXPECT_FALSE(store.next_due(now + kDay));
    QueueCounts c = store.counts();
    EXPECT_EQ(c.queued, 0);
    EXPECT_EQ(c.oldest_pending_at, 0);
    EXPECT_EQ(c.updates, 0);  // no case number: nothing to tell the portal
    auto v = store.find(code);
    ASSERT_TRUE(v);
    EXPECT_EQ(v->sync_state, SyncState::withdrawn);
    EXPECT_FALSE(v->has_contact);
    ASSERT_EQ(count_events(*v, "withdrawn"), 1);
    EXPECT_EQ(v->events.back().notes, "Người dân đã tự xử lý");
    auto log = store.audit_log(5);
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(log[0].action, "withdraw");
    EXPECT_EQ(log[0].staff_id, "cb-01");
    EXPECT_EQ(log[0].report_code, code);
    EXPECT_EQ(log[0].detail, "Người dân đã tự xử lý");
    EXPECT_FALSE(store.withdraw(code, "again", "cb-01", now));  // once
    EXPECT_FALSE(store.next_update_due(now + kDay));
}

TEST_F(StoreStaff, WithdrawalNeedsAReasonAndAKnownCode) {
    std::string code = submit("Đèn đường hỏng");
    EXPECT_FALSE(store.withdraw(code, "   ", "cb-01", now));
    EXPECT_FALSE(store.withdraw("ZZZZ-ZZZZ-Z", "lý do", "cb-01", now));
    EXPECT_TRUE(store.audit_log(5).empty());
    EXPECT_EQ(store.find(code)->sync_state, SyncState::queued);
}

TEST_F(StoreStaff, AWithdrawnAcknowledgedReportQueuesOneClosedUpdate) {
    std::string code = acknowledged("Cây đổ chắn đường", "HN-2026-000001");
    ASSERT_TRUE(store.withdraw(code, "Gửi nhầm", "cb-01", now));
    EXPECT_EQ(store.counts().updates, 1);
    EXPECT_TRUE(store.open_case_ids(10).empty());
    auto u = store.next_update_due(now);
    ASSERT_TRUE(u);
    EXPECT_EQ(u->update_id, "WK-" + code + "-W1");
    EXPECT_EQ(u->service_request_id, "HN-2026-000001");
    EXPECT_EQ(u->kind, "withdrawal");
    EXPECT_EQ(u->status, "closed");
    EXPECT_EQ(u->description, "Gửi nhầm");
    store.update_retry_later(u->id, "HTTP 404", now + kMinute);
    EXPECT_FALSE(store.next_update_due(now));
    auto again = store.next_update_due(now + kMinute);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->update_id, u->update_id);  // the same id on every try
    EXPECT_EQ(again->attempts, 1);
    store.update_sent(u->id, now + kMinute);
    EXPECT_FALSE(store.next_update_due(now + kDay));
    EXPECT_EQ(store.counts().updates, 0);
}

TEST_F(StoreStaff, AReportWithdrawnWhileItsSendIsInFlightStaysWithdrawn) {
    std::string code = submit("Nước ngập", kAn);
    auto item = store.next_due(now);
    ASSERT_TRUE(item);
    store.record_attempt(item->id, now);
    ASSERT_TRUE(store.withdraw(code, "Đã hết ngập", "cb-01", now));  // the agent's POST is on the wire
    store.acknowledge(item->id, "HN-2026-000007", now);
    EXPECT_EQ(store.find(code)->sync_state, SyncState::withdrawn);
    auto u = store.next_update_due(now);  // so the portal's case is closed too
    ASSERT_TRUE(u);
    EXPECT_EQ(u->service_request_id, "HN-2026-000007");
}

TEST_F(StoreStaff, RetryPutsAReportSetAsideBackInTheQueueAndIsAudited) {
    std::string code = submit("Ổ gà", kAn);
    auto item = store.next_due(now);
    store.record_attempt(item->id, now);
    store.needs_attention(item->id, "HTTP 400: service_code unknown", now);
    auto att = store.attention_reports(10);
    ASSERT_EQ(att.size(), 1u);
    EXPECT_EQ(att[0].code, code);
    EXPECT_EQ(att[0].status_notes, "HTTP 400: service_code unknown");
    ASSERT_TRUE(store.retry_report(code, "cb-02", now + kMinute));
    EXPECT_TRUE(store.attention_reports(10).empty());
    auto due = store.next_due(now + kMinute);
    ASSERT_TRUE(due);
    EXPECT_EQ(due->attempts, 0);
    EXPECT_EQ(store.audit_log(1).at(0).action, "retry");
    EXPECT_FALSE(store.retry_report("ZZZZ-ZZZZ-Z", "cb-02", now));
}

TEST_F(StoreStaff, ARatingIsQueuedOnceAndCarriesTheCurrentStatus) {
    std::string fresh = submit("Chưa gửi");
    EXPECT_FALSE(store.queue_rating(fresh, true, "", now));  // no case yet
    std::string code = acknowledged("Rác", "HN-2026-000002");
    store.apply_status({"HN-2026-000002", "fixed", "Đã thu gom", "", "", ""}, now);
    ASSERT_TRUE(store.queue_rating(code, false, "Còn sót", now));
    ASSERT_TRUE(store.queue_rating(code, true, "Sạch rồi", now + 1));  // replaces the unsent one in place
    auto u = store.next_update_due(now);
    ASSERT_TRUE(u);
    EXPECT_EQ(u->update_id, "WK-" + code + "-R1");
    EXPECT_EQ(u->kind, "rating");
    EXPECT_EQ(u->rating, "satisfied");
    EXPECT_EQ(u->description, "Sạch rồi");
    EXPECT_EQ(u->status, "fixed");
    EXPECT_EQ(store.counts().updates, 1);
    EXPECT_EQ(count_events(*store.find(code), "rated"), 2);
    store.update_sent(u->id, now);
    EXPECT_FALSE(store.queue_rating(code, false, "đổi ý", now));  // one rating a report
}

TEST_F(StoreStaff, ARatingReplacedAfterATryGetsANewUpdateId) {
    std::string code = acknowledged("Rác", "HN-2026-000003");
    ASSERT_TRUE(store.queue_rating(code, false, "", now));
    auto first = store.next_update_due(now);
    store.update_retry_later(first->id, "timeout", now);  // it may have reached the portal
    ASSERT_TRUE(store.queue_rating(code, true, "", now));
    auto second = store.next_update_due(now);
    ASSERT_TRUE(second);
    EXPECT_EQ(second->update_id, "WK-" + code + "-R2");
    store.update_sent(second->id, now);
    EXPECT_FALSE(store.next_update_due(now));
}

TEST_F(StoreStaff, NoContactDataInTheAuditOrTheOutbox) {
    std::string code = acknowledged("Rác", "HN-2026-000004");
    ASSERT_TRUE(store.queue_rating(code, true, "Cảm ơn", now));
    ASSERT_TRUE(store.withdraw(code, "Người dân yêu cầu", "cb-01", now));
    store.audit({now, "cb-01", "reprint", code, ""});
    for (const char* table : {"staff_audit", "outgoing_updates"}) {
        std::string text = all_text(table);
        EXPECT_NE(text, "") << table;
        EXPECT_EQ(text.find(kAn.name), std::string::npos) << table;
        EXPECT_EQ(text.find(kAn.phone), std::string::npos) << table;
    }
}

TEST_F(StoreStaff, AuditLogIsNewestFirst) {
    for (int i = 0; i < 3; ++i) store.audit({now + i, "cb-01", i == 0 ? "staff_in" : "sync_now", "", ""});
    auto log = store.audit_log(2);
    ASSERT_EQ(log.size(), 2u);
    EXPECT_EQ(log[0].at, now + 2);
    EXPECT_EQ(log[1].at, now + 1);
}

}  // namespace

namespace {

// What came of each receipt's printing (store_prints.cpp): today's receipts that did
// not print are those with no print finished or a failed last one; a reprint that
// works takes one off, a withdrawn report and yesterday's are not listed.
TEST_F(StoreStaff, TodaysUnprintedReceiptsAreThoseWhosePaperDidNotComeOut) {
    UnixMs day = vietnam_day_start(now);
    UnixMs filed = now;
    now = day - 3600'000;  // yesterday evening
    std::string yesterday = submit("Hôm qua: đèn hỏng");
    now = filed;
    std::string printed = submit("Đã in");
    std::string jammed = submit("Kẹt giấy");
    std::string unknown = submit("Máy tắt giữa chừng");
    std::string withdrawn = submit("Rút lại");
    store.record_print(printed, true, "", now + 1000);
    store.record_print(jammed, false, "paper_out", now + 2000);
    store.record_print(withdrawn, false, "error", now + 2000);
    ASSERT_TRUE(store.withdraw(withdrawn, "Người dân rút lại", "cb-01", now + 3000));
    std::vector<UnprintedReceipt> left = store.unprinted_since(day, 10);
    ASSERT_EQ(left.size(), 2u);
    std::set<std::string> codes = {left[0].code, left[1].code};
    EXPECT_EQ(codes, (std::set<std::string>{jammed, unknown}));
    for (const UnprintedReceipt& r : left) {
        EXPECT_EQ(r.problem, r.code == jammed ? "paper_out" : "");
        EXPECT_EQ(r.tried_at, r.code == jammed ? now + 2000 : 0);
        EXPECT_EQ(r.created_at, filed);
    }
    store.record_print(jammed, true, "", now + 9000);  // the officer's reprint came out
    left = store.unprinted_since(day, 10);
    ASSERT_EQ(left.size(), 1u);
    EXPECT_EQ(left[0].code, unknown);
    EXPECT_EQ(store.unprinted_since(day - 86'400'000, 10).size(), 2u) << "yesterday's too, when asked";
}

}  // namespace
