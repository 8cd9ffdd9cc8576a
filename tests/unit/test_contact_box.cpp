// Tests of the contact box (sync/contact_box.hpp): sealing round trips, tampering and
// wrong keys, and the key file (created 0600, reused, malformed). Real files in a
// temporary folder.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "platform/files.hpp"
#include "sync/contact_box.hpp"
#include "temp_dir.hpp"

namespace {

using wk::Contact;
using wk::ContactBox;

std::vector<uint8_t> key_of(uint8_t fill) { return std::vector<uint8_t>(32, fill); }

unsigned mode_of(const std::string& path) {
    struct stat st{};
    EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
    return st.st_mode & 0777;
}

std::string read_file(const std::string& path) {
    std::string out;
    EXPECT_EQ(wk::files::read_all(path, out), "");
    return out;
}

void write_file(const std::string& path, const std::string& data, unsigned mode = 0600) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, mode);
    ASSERT_GE(fd, 0) << path;
    ASSERT_EQ(::write(fd, data.data(), data.size()), static_cast<ssize_t>(data.size()));
    ::close(fd);
    ::chmod(path.c_str(), mode);
}

TEST(ContactBox, SealOpenRoundTripWithVietnameseNames) {
    ContactBox box = ContactBox::from_key(key_of(7));
    for (const Contact& c : {Contact{"Nguyễn Thị Hương", "0912 345 678"}, Contact{"Trần Văn Đức", ""},
                             Contact{"", "+84 24 3825 1234"}, Contact{"Lê Ánh Nguyệt — tổ dân phố số 5", "0987654321"},
                             Contact{std::string(300, 'x'), std::string(15, '9')}}) {
        std::vector<uint8_t> sealed = box.seal(c);
        auto opened = box.open(sealed);
        ASSERT_TRUE(opened.has_value()) << c.name;
        EXPECT_EQ(opened->name, c.name);
        EXPECT_EQ(opened->phone, c.phone);
    }
}

TEST(ContactBox, SealedBytesDoNotContainThePlaintextAndUseFreshNonces) {
    ContactBox box = ContactBox::from_key(key_of(1));
    Contact c{"Phạm Minh Tuấn", "0912345678"};
    auto a = box.seal(c), b = box.seal(c);
    EXPECT_NE(a, b) << "two seals of the same contact must differ (random nonce)";
    std::string as(a.begin(), a.end());
    EXPECT_EQ(as.find("0912345678"), std::string::npos);
    EXPECT_EQ(as.find("Phạm"), std::string::npos);
    // nonce (24) + MAC (16) + "name\0phone"
    EXPECT_EQ(a.size(), 24u + 16u + c.name.size() + 1 + c.phone.size());
}

TEST(ContactBox, TamperedCiphertextIsRejected) {
    ContactBox box = ContactBox::from_key(key_of(3));
    auto sealed = box.seal({"Đỗ Thu Trang", "0901234567"});
    for (size_t i = 0; i < sealed.size(); ++i) {
        auto bad = sealed;
        bad[i] ^= 0x01;
        EXPECT_FALSE(box.open(bad).has_value()) << "flipped a bit at byte " << i;
    }
    auto cut = sealed;
    cut.pop_back();
    EXPECT_FALSE(box.open(cut).has_value());
    auto longer = sealed;
    longer.push_back(0);
    EXPECT_FALSE(box.open(longer).has_value());
    EXPECT_FALSE(box.open({}).has_value());
    EXPECT_FALSE(box.open(std::vector<uint8_t>(39, 0)).has_value());
    EXPECT_FALSE(box.open(std::vector<uint8_t>(40, 0)).has_value());
    EXPECT_TRUE(box.open(sealed).has_value());
}

TEST(ContactBox, WrongKeyIsRejected) {
    ContactBox a = ContactBox::from_key(key_of(1));
    auto other_key = key_of(1);
    other_key[31] ^= 0x80;
    ContactBox b = ContactBox::from_key(other_key);
    auto sealed = a.seal({"Hoàng Văn Nam", "0977000111"});
    EXPECT_FALSE(b.open(sealed).has_value());
    EXPECT_TRUE(a.open(sealed).has_value());
}

TEST(ContactBox, MovedBoxStillWorks) {
    ContactBox a = ContactBox::from_key(key_of(9));
    auto sealed = a.seal({"Vũ Thị Lan", "0911222333"});
    ContactBox b = std::move(a);
    ASSERT_TRUE(b.open(sealed).has_value());
    ContactBox c = ContactBox::from_key(key_of(0));
    c = std::move(b);
    auto opened = c.open(sealed);
    ASSERT_TRUE(opened.has_value());
    EXPECT_EQ(opened->name, "Vũ Thị Lan");
}

TEST(ContactBox, KeyFileIsCreated0600AndReused) {
    wk::test::TempDir dir;
    std::string path = dir.file("contact.key");
    ::umask(0022);
    std::string error;
    auto first = ContactBox::open_or_create(path, error);
    ASSERT_TRUE(first.has_value()) << error;
    EXPECT_EQ(error, "");
    ASSERT_TRUE(std::filesystem::exists(path));
    EXPECT_EQ(mode_of(path), 0600u);
    std::string key = read_file(path);
    EXPECT_EQ(key.size(), 32u);
    EXPECT_NE(key, std::string(32, '\0'));
    EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));

    auto sealed = first->seal({"Bùi Quang Huy", "0966555444"});
    auto second = ContactBox::open_or_create(path, error);
    ASSERT_TRUE(second.has_value()) << error;
    EXPECT_EQ(read_file(path), key) << "the second open must not replace the key";
    auto opened = second->open(sealed);
    ASSERT_TRUE(opened.has_value()) << "the reopened box must read what the first sealed";
    EXPECT_EQ(opened->name, "Bùi Quang Huy");
    EXPECT_EQ(mode_of(path), 0600u);
}

TEST(ContactBox, TwoKeyFilesGiveDifferentKeys) {
    wk::test::TempDir dir;
    std::string error;
    auto a = ContactBox::open_or_create(dir.file("a.key"), error);
    auto b = ContactBox::open_or_create(dir.file("b.key"), error);
    ASSERT_TRUE(a && b) << error;
    EXPECT_NE(read_file(dir.file("a.key")), read_file(dir.file("b.key")));
    EXPECT_FALSE(b->open(a->seal({"An", "0912345678"})).has_value());
}

TEST(ContactBox, KeyFileIs0600EvenWhenAStaleTempFileIsWorldReadable) {
    // A crash between create and rename can leave "<key>.tmp" behind; the new key must
    // still be private.
    wk::test::TempDir dir;
    std::string path = dir.file("contact.key");
    write_file(path + ".tmp", "leftover", 0644);
    std::string error;
    auto box = ContactBox::open_or_create(path, error);
    ASSERT_TRUE(box.has_value()) << error;
    EXPECT_EQ(read_file(path).size(), 32u);
    EXPECT_EQ(mode_of(path), 0600u);
}

// The kiosk and the agent start together on a new machine and both find no key file:
// they must end up with the same key, or one of them seals contacts nobody can open.
TEST(ContactBox, TwoProcessesCreatingTheKeyAtOnceAgreeOnIt) {
    for (int round = 0; round < 20; ++round) {
        wk::test::TempDir dir;
        std::string path = dir.file("contact.key");
        std::atomic<int> ready{0};
        std::optional<ContactBox> box[2];
        std::string error[2];
        std::thread t[2];
        for (int i = 0; i < 2; ++i)
            t[i] = std::thread([&, i] {
                ++ready;
                while (ready.load() < 2) {}
                box[i] = ContactBox::open_or_create(path, error[i]);
            });
        for (auto& th : t) th.join();
        ASSERT_TRUE(box[0].has_value()) << "round " << round << ": " << error[0];
        ASSERT_TRUE(box[1].has_value()) << "round " << round << ": " << error[1];
        std::string again_error;
        auto again = ContactBox::open_or_create(path, again_error);
        ASSERT_TRUE(again.has_value()) << again_error;
        for (int i = 0; i < 2; ++i) {
            auto sealed = box[i]->seal({"Ngô Bảo Châu", "0912345678"});
            ASSERT_TRUE(box[1 - i]->open(sealed).has_value()) << "round " << round << ": the two keys differ";
            ASSERT_TRUE(again->open(sealed).has_value()) << "round " << round << ": the key file is not the key in use";
        }
    }
}

TEST(ContactBox, MalformedKeyFileIsAnError) {
    wk::test::TempDir dir;
    for (const std::string& content : {std::string(), std::string(31, 'k'), std::string(33, 'k'),
                                       std::string("not a key\n")}) {
        std::string path = dir.file("bad.key");
        write_file(path, content);
        std::string error;
        auto box = ContactBox::open_or_create(path, error);
        EXPECT_FALSE(box.has_value()) << content.size();
        EXPECT_NE(error.find(path), std::string::npos) << error;
        EXPECT_EQ(read_file(path), content) << "a malformed key file must be left alone";
    }
}

TEST(ContactBox, UnreadableOrUncreatableKeyFileIsAnError) {
    wk::test::TempDir dir;
    std::string error;
    // A folder where the key file should be.
    std::filesystem::create_directory(dir.file("key-is-a-dir"));
    EXPECT_FALSE(ContactBox::open_or_create(dir.file("key-is-a-dir"), error).has_value());
    EXPECT_FALSE(error.empty());
    // A key file in a folder that does not exist.
    error.clear();
    EXPECT_FALSE(ContactBox::open_or_create(dir.file("no/such/folder/contact.key"), error).has_value());
    EXPECT_FALSE(error.empty());
}

}  // namespace
