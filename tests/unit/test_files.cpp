// files::write_atomic never replaces what is not a file: the scripted driver's `dump
// /dev/null`, run as root, once turned the device into a regular file. A device or a
// FIFO is written into; a directory, a symlink or a socket is refused and left as it was.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <fcntl.h>
#include <filesystem>
#include <string>
#include <thread>

#include "platform/files.hpp"
#include "temp_dir.hpp"

namespace {

mode_t kind_of(const std::string& path) {
    struct stat st{};
    return ::lstat(path.c_str(), &st) == 0 ? (st.st_mode & S_IFMT) : 0;
}

TEST(WriteAtomic, AFileIsReplacedWhole) {
    wk::test::TempDir dir;
    std::string path = dir.file("a.txt"), back;
    ASSERT_EQ(wk::files::write_atomic(path, "first", 0644), "");
    ASSERT_EQ(wk::files::write_atomic(path, "second", 0644), "");
    ASSERT_EQ(wk::files::read_all(path, back), "");
    EXPECT_EQ(back, "second");
}

TEST(WriteAtomic, ACharacterDeviceIsWrittenIntoNotReplaced) {
    ASSERT_EQ(kind_of("/dev/null"), static_cast<mode_t>(S_IFCHR));
    EXPECT_EQ(wk::files::write_atomic("/dev/null", "dump", 0644), "");
    EXPECT_EQ(kind_of("/dev/null"), static_cast<mode_t>(S_IFCHR)) << "/dev/null is still the device";
    EXPECT_FALSE(std::filesystem::exists("/dev/null.tmp"));
}

TEST(WriteAtomic, AFifoIsWrittenIntoAndOneNobodyReadsIsAnErrorAtOnce) {
    wk::test::TempDir dir;
    std::string fifo = dir.file("pipe");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    EXPECT_NE(wk::files::write_atomic(fifo, "x", 0644).find("nothing reads from it"), std::string::npos);
    std::string got;
    std::thread reader([&] { wk::files::read_all(fifo, got); });
    std::string e;
    for (int i = 0; i < 100; ++i) {  // until the reader has opened its end
        e = wk::files::write_atomic(fifo, "through the pipe", 0644);
        if (e.empty()) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    reader.join();
    EXPECT_EQ(e, "");
    EXPECT_EQ(got, "through the pipe");
    EXPECT_EQ(kind_of(fifo), static_cast<mode_t>(S_IFIFO));
}

TEST(WriteAtomic, ADirectoryASymlinkAndASocketAreRefusedAndLeftAsTheyWere) {
    wk::test::TempDir dir;
    std::string folder = dir.file("folder"), link = dir.file("link"), target = dir.file("target"),
                sock = dir.file("sock");
    std::filesystem::create_directory(folder);
    ASSERT_EQ(wk::files::write_atomic(target, "kept", 0644), "");
    ASSERT_EQ(::symlink(target.c_str(), link.c_str()), 0);
    int s = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    ASSERT_LT(sock.size(), sizeof a.sun_path);
    std::copy(sock.begin(), sock.end(), a.sun_path);
    ASSERT_EQ(::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    EXPECT_NE(wk::files::write_atomic(folder, "x", 0644).find("is a directory"), std::string::npos);
    EXPECT_NE(wk::files::write_atomic(link, "x", 0644).find("is a symbolic link"), std::string::npos);
    EXPECT_NE(wk::files::write_atomic(sock, "x", 0644).find("is a socket"), std::string::npos);
    ::close(s);
    EXPECT_EQ(kind_of(folder), static_cast<mode_t>(S_IFDIR));
    EXPECT_EQ(kind_of(link), static_cast<mode_t>(S_IFLNK));
    EXPECT_EQ(kind_of(sock), static_cast<mode_t>(S_IFSOCK));
    std::string back;
    ASSERT_EQ(wk::files::read_all(target, back), "");
    EXPECT_EQ(back, "kept");
}

}  // namespace
