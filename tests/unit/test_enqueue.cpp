// Bulk entry (sync/agent/enqueue.hpp): JSON lines typed up from paper forms go through
// the kiosk's validation into a real store file. Good lines print their receipt codes
// in order; a bad line is named by its number and leaves nothing behind.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "agent_test_kit.hpp"
#include "enqueue.hpp"
#include "temp_dir.hpp"

namespace {
using namespace wk;
using namespace wk::test;

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}

class Enqueue : public ::testing::Test {
  protected:
    TempDir dir;
    std::string db_path = dir.file("kiosk.db");
    Store store = Store::open(db_path);
    ContactBox box = ContactBox::from_key(std::vector<uint8_t>(32, 3));
    std::vector<Category> categories = default_categories();
    std::ostringstream out, err;

    agent::EnqueueResult run(const std::string& text) {
        std::istringstream in(text);
        return agent::enqueue_lines(in, out, err, store, box, categories, 4, "Phường Điện Biên", t0());
    }
    int64_t reports() { return raw_count(db_path, "SELECT count(*) FROM reports"); }
};

TEST_F(Enqueue, GoodLinesArePrintedAsReceiptCodesInOrderAndStored) {
    auto r = run(R"({"category":"moi-truong","description":"Rác thải đổ trộm ở đầu ngõ 12."})" "\n"
                 R"({"category":"y-te","description":"Cơ sở bán thuốc không giấy phép.","ward":"Phường Đội Cấn","address":"Số 3 Đội Cấn"})" "\n"
                 "\n"
                 R"({"category":"giao-duc","description":"Trường thiếu nhà vệ sinh.","name":"Trần Thị Bình","phone":"0987 654 321","channel":"assisted","staff_id":"cb-07"})" "\r\n");

    EXPECT_EQ(r.stored, 3);
    EXPECT_EQ(r.rejected, 0);
    EXPECT_EQ(err.str(), "");
    auto codes = lines_of(out.str());
    ASSERT_EQ(codes.size(), 3u);
    auto first = store.find(codes[0]), second = store.find(codes[1]), third = store.find(codes[2]);
    ASSERT_TRUE(first && second && third);
    EXPECT_LT(first->id, second->id);
    EXPECT_LT(second->id, third->id);
    EXPECT_EQ(first->service_code, "moi-truong");
    EXPECT_EQ(first->ward, "Phường Điện Biên") << "the kiosk's ward when the line has none";
    EXPECT_FALSE(first->has_contact);
    EXPECT_EQ(second->ward, "Phường Đội Cấn");
    EXPECT_EQ(second->address, "Số 3 Đội Cấn");
    EXPECT_EQ(third->channel, Channel::staff_assisted);
    EXPECT_TRUE(third->has_contact);
    EXPECT_EQ(third->sync_state, SyncState::queued);
    EXPECT_EQ(third->created_at, t0());
    auto next = store.next_due(t0());
    ASSERT_TRUE(next.has_value());
    EXPECT_EQ(next->code, codes[0]) << "queued for the agent, oldest first";
    auto contact = box.open(raw_contact(db_path, codes[2]));
    ASSERT_TRUE(contact.has_value());
    EXPECT_EQ(contact->name, "Trần Thị Bình");
    EXPECT_EQ(contact->phone, "0987 654 321");
}

struct BadLine {
    const char* name;
    std::string line;
    const char* reason;  // a piece of what `err` must say
};

class EnqueueBadLine : public Enqueue, public ::testing::WithParamInterface<BadLine> {};

TEST_P(EnqueueBadLine, IsReportedWithItsNumberAndNothingFromItIsStored) {
    const std::string good1 = R"({"category":"moi-truong","description":"Dòng tốt thứ nhất."})";
    const std::string good2 = R"({"category":"y-te","description":"Dòng tốt thứ hai."})";
    auto r = run(good1 + "\n\n" + GetParam().line + "\n" + good2 + "\n");

    EXPECT_EQ(r.stored, 2);
    EXPECT_EQ(r.rejected, 1);
    EXPECT_EQ(lines_of(out.str()).size(), 2u);
    EXPECT_EQ(reports(), 2) << "nothing from the bad line";
    EXPECT_EQ(raw_count(db_path, "SELECT count(*) FROM report_events"), 2);
    std::string e = err.str();
    EXPECT_EQ(e.rfind("line 3: ", 0), 0u) << e;  // blank lines count as lines
    EXPECT_NE(e.find(GetParam().reason), std::string::npos) << e;
    EXPECT_EQ(lines_of(e).size(), 1u) << e;
}

std::string long_description(size_t chars) {
    std::string s;
    for (size_t i = 0; i < chars; ++i) s += "ệ";
    return s;
}

INSTANTIATE_TEST_SUITE_P(
    Lines, EnqueueBadLine,
    ::testing::Values(
        BadLine{"InvalidJson", R"({"category":"moi-truong","description":"thiếu ngoặc")", "not a JSON object"},
        BadLine{"NotAnObject", R"(["moi-truong","Rác"])", "not a JSON object"},
        BadLine{"UnknownCategory", R"({"category":"khong-co","description":"Danh mục lạ."})", "category"},
        BadLine{"DescriptionOver4000Chars",
                R"({"category":"moi-truong","description":")" + long_description(4001) + R"("})", "description"},
        BadLine{"InvalidUtf8", "{\"category\":\"moi-truong\",\"description\":\"R\xC3\x28 th\xE1i\"}", "UTF-8"},
        BadLine{"WrongType", R"({"category":"moi-truong","description":"Số điện thoại là số.","phone":912345678})",
                "\"phone\" must be a string"},
        BadLine{"WrongChannel", R"({"category":"moi-truong","description":"Kênh lạ.","channel":"fax"})", "channel"},
        BadLine{"BadPhone", R"({"category":"moi-truong","description":"Số ngắn.","phone":"123"})", "phone"},
        BadLine{"NoDescription", R"({"category":"moi-truong","description":"   "})", "description"}),
    [](const ::testing::TestParamInfo<BadLine>& info) { return std::string(info.param.name); });

TEST_F(Enqueue, ADescriptionOfExactly4000CharactersIsAccepted) {
    auto r = run(R"({"category":"moi-truong","description":")" + long_description(4000) + R"("})" "\n");
    EXPECT_EQ(r.stored, 1);
    EXPECT_EQ(r.rejected, 0) << err.str();
}

TEST_F(Enqueue, CountsAddUpOverManyLinesAndEmptyInputStoresNothing) {
    EXPECT_EQ(run("").stored, 0);
    EXPECT_EQ(run("\n  \n\t\r\n").rejected, 0);
    EXPECT_EQ(reports(), 0);

    std::string text;
    for (int i = 0; i < 30; ++i)
        text += i % 3 == 2 ? "not json\n"
                           : R"({"category":"moi-truong","description":"Báo cáo số )" + std::to_string(i) + R"("})" "\n";
    auto r = run(text);
    EXPECT_EQ(r.stored, 20);
    EXPECT_EQ(r.rejected, 10);
    EXPECT_EQ(reports(), 20);
    EXPECT_EQ(lines_of(out.str()).size(), 20u);
    EXPECT_EQ(lines_of(err.str()).size(), 10u);
    EXPECT_EQ(lines_of(err.str()).back().rfind("line 30: ", 0), 0u);
}

}  // namespace
