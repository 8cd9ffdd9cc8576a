// Bulk entry (sync/agent/enqueue.hpp): JSON lines typed up from paper forms go through
// the kiosk's validation into a real store file. Good lines print their receipt codes
// in order; a bad line is named by its number and leaves nothing behind, including one
// whose address is too long only once the agent adds the ward and the province.
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

const std::string kProvince = "Thành phố Hà Nội";  // [kiosk] province: the agent appends it

// `n` characters of Vietnamese words, never a space at either end (normalized() trims).
std::string chars(size_t n) {
    std::string s;
    for (size_t i = 0; i < n; ++i) s += i % 7 == 3 && i + 1 < n ? " " : "ở";
    return s;
}

// A ward of 40 characters: ", " + ward + ", " + province takes 60 of address_string.
const std::string kLongWard = "Phường " + chars(33);

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
        return agent::enqueue_lines(in, out, err, store, box, categories, 4, "Phường Điện Biên", kProvince, t0());
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
        // 15 digits, but with its separators longer than the portal's 30 characters.
        BadLine{"PhoneTooLongWithItsSeparators",
                R"({"category":"moi-truong","description":"Số dài.","phone":"+84 - 912 - 345 - 678 - 901 - 2"})",
                "phone: The phone number is too long"},
        // 150 characters fit the address field, but not address_string with this ward
        // and the province: 150 + 2 + 40 + 2 + 16 = 210 > 200.
        BadLine{"AddressTooLongOnceComposed",
                R"({"category":"moi-truong","description":"Địa chỉ dài.","ward":")" + kLongWard +
                    R"(","address":")" + chars(wk::kMaxAddressChars) + R"("})",
                "address: The place is too long"},
        // No address: the ward and the province alone are past the limit.
        BadLine{"WardTooLongOnceComposed",
                R"({"category":"moi-truong","description":"Phường dài.","ward":"Phường )" + chars(180) + R"("})",
                "ward: The place is too long"},
        BadLine{"NoDescription", R"({"category":"moi-truong","description":"   "})", "description"}),
    [](const ::testing::TestParamInfo<BadLine>& info) { return std::string(info.param.name); });

TEST_F(Enqueue, ADescriptionOfExactly4000CharactersIsAccepted) {
    auto r = run(R"({"category":"moi-truong","description":")" + long_description(4000) + R"("})" "\n");
    EXPECT_EQ(r.stored, 1);
    EXPECT_EQ(r.rejected, 0) << err.str();
}

// The composed address_string at exactly the portal's 200 characters is taken; the agent
// will send it as it is.
TEST_F(Enqueue, AnAddressThatComposesToExactlyTheLimitIsAccepted) {
    const size_t room = wk::kMaxAddressStringChars - utf8_length(", " + kLongWard + ", " + kProvince);
    ASSERT_EQ(room, 140u);
    auto line = [&](size_t address_chars) {
        return R"({"category":"moi-truong","description":"Vừa đủ.","ward":")" + kLongWard + R"(","address":")" +
               chars(address_chars) + R"("})" "\n";
    };
    auto r = run(line(room) + line(room + 1));
    EXPECT_EQ(r.stored, 1);
    EXPECT_EQ(r.rejected, 1);
    EXPECT_EQ(err.str().rfind("line 2: address: ", 0), 0u) << err.str();
    EXPECT_EQ(reports(), 1);
    auto stored = store.find(lines_of(out.str()).at(0));
    ASSERT_TRUE(stored.has_value());
    Draft d;
    d.address = stored->address;
    d.ward = stored->ward;
    EXPECT_EQ(utf8_length(address_string(d, kProvince)), wk::kMaxAddressStringChars);
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
