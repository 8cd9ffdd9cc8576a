// print_to (wk_print's device.cpp) against real files, FIFOs, /dev/null, a pseudo-
// terminal playing a thermal printer that answers DLE EOT 4, and `lp` programs on
// PATH that succeed, fail or hang. Each case checks the bytes and the time taken.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <poll.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

#include "print/device.hpp"
#include "print/escpos.hpp"
#include "print/receipt.hpp"
#include "print_test_kit.hpp"
#include "pty_printer.hpp"
#include "temp_dir.hpp"

namespace wk::print {
namespace {

using Clock = std::chrono::steady_clock;

int ms_since(Clock::time_point t) {
    return static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t).count());
}

const std::vector<uint8_t>& receipt_bytes() {
    static const std::vector<uint8_t> bytes =
        encode_escpos(render_receipt(test::sample_receipt(), kDots80mm).image, true);
    return bytes;
}

// More than any pipe holds: receipts back to back, over 1 MiB.
std::vector<uint8_t> big_bytes() {
    std::vector<uint8_t> out;
    while (out.size() < (1u << 20)) out.insert(out.end(), receipt_bytes().begin(), receipt_bytes().end());
    return out;
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Puts a folder first on PATH for one test (for a stand-in `lp`), restoring it after.
class PathPrefix {
  public:
    explicit PathPrefix(const std::string& dir) : m_old(std::getenv("PATH") ? std::getenv("PATH") : "") {
        ::setenv("PATH", (dir + ":" + m_old).c_str(), 1);
    }
    ~PathPrefix() { ::setenv("PATH", m_old.c_str(), 1); }

  private:
    std::string m_old;
};

void write_script(const std::string& path, const std::string& body) {
    std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
    ::chmod(path.c_str(), 0755);
}

// [file:] ---------------------------------------------------------------------------

TEST(PrintTo, FileAppendsExactlyTheBytes) {
    test::TempDir dir;
    std::string path = dir.file("spool.escpos");
    ASSERT_TRUE(print_to("file:" + path, receipt_bytes()).ok);
    PrintResult again = print_to("file:" + path, receipt_bytes());
    EXPECT_TRUE(again.ok) << again.message;
    std::string want(receipt_bytes().begin(), receipt_bytes().end());
    EXPECT_EQ(slurp(path), want + want);
}

// A character device has no fsync (EINVAL): the bytes went out, and that is a print.
TEST(PrintTo, FileOnACharacterDeviceIsAPrint) {
    PrintResult r = print_to("file:/dev/null", receipt_bytes());
    EXPECT_TRUE(r.ok) << r.message;
}

TEST(PrintTo, FileInAMissingFolderIsAMissingDevice) {
    PrintResult r = print_to("file:/nonexistent-wk/spool.escpos", receipt_bytes());
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.error_kind, PrintError::missing_device);
    EXPECT_NE(r.message.find("/nonexistent-wk/spool.escpos"), std::string::npos);
}

// [devices and FIFOs] ----------------------------------------------------------------

TEST(PrintTo, UnpluggedPrinterIsAMissingDevice) {
    PrintResult r = print_to("/dev/usb/wk-no-such-lp9", receipt_bytes());
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.error_kind, PrintError::missing_device);
    EXPECT_NE(r.message.find("/dev/usb/wk-no-such-lp9"), std::string::npos) << r.message;
}

TEST(PrintTo, AddressesThatAreNotPrintersAreRefused) {
    EXPECT_EQ(print_to("lp0", receipt_bytes()).error_kind, PrintError::missing_device);
    test::TempDir dir;
    std::string plain = dir.file("plain.bin");
    std::ofstream(plain) << "x";
    PrintResult r = print_to(plain, receipt_bytes());
    EXPECT_EQ(r.error_kind, PrintError::write_error);
    EXPECT_NE(r.message.find("file:"), std::string::npos) << "suggests file:PATH: " << r.message;
    EXPECT_EQ(slurp(plain), "x") << "never overwritten";
}

TEST(PrintTo, DevNullTakesEverythingAndSaysNothing) {
    auto start = Clock::now();
    PrintResult r = print_to("/dev/null", receipt_bytes(), {2000, 100});
    EXPECT_TRUE(r.ok) << r.message;
    EXPECT_LT(ms_since(start), 1000);
}

TEST(PrintTo, NonsenseStatusBytesAreIgnored) {
    PrintResult r = print_to("/dev/zero", receipt_bytes(), {2000, 100});  // answers 0x00: not a status
    EXPECT_TRUE(r.ok) << r.message;
}

TEST(PrintTo, FifoWithNobodyReadingFailsAtOnce) {
    test::TempDir dir;
    std::string fifo = dir.file("printer");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    auto start = Clock::now();
    PrintResult r = print_to(fifo, receipt_bytes(), {300, 100});
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.error_kind, PrintError::missing_device) << r.message;
    EXPECT_LT(ms_since(start), 1000);
}

TEST(PrintTo, FifoThatStopsReadingTimesOutWithinTheLimit) {
    test::TempDir dir;
    std::string fifo = dir.file("printer");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);  // opened, never read
    ASSERT_GE(reader, 0);
    auto start = Clock::now();
    PrintResult r = print_to(fifo, big_bytes(), {300, 100});
    int took = ms_since(start);
    ::close(reader);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.error_kind, PrintError::write_error) << r.message;
    EXPECT_NE(r.message.find("stopped taking data"), std::string::npos) << r.message;
    EXPECT_GE(took, 250);
    EXPECT_LT(took, 1500);
}

// Issue 18 item 2: "file:" pointed at a FIFO froze the kiosk (an open with no reader
// blocks for ever; a reader that stops blocks the write). Same limits as a printer.
TEST(PrintTo, AFileTargetThatIsAFifoObeysTheLimitsToo) {
    test::TempDir dir;
    std::string fifo = dir.file("spool");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    auto start = Clock::now();
    PrintResult none = print_to("file:" + fifo, receipt_bytes(), {300, 100});
    EXPECT_FALSE(none.ok);
    EXPECT_EQ(none.error_kind, PrintError::busy) << none.message;
    EXPECT_NE(none.message.find("nothing reads"), std::string::npos) << none.message;
    EXPECT_LT(ms_since(start), 1000);
    int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);  // opened, never read
    ASSERT_GE(reader, 0);
    start = Clock::now();
    PrintResult stalled = print_to("file:" + fifo, big_bytes(), {300, 100});
    int took = ms_since(start);
    ::close(reader);
    EXPECT_FALSE(stalled.ok);
    EXPECT_EQ(stalled.error_kind, PrintError::busy) << stalled.message;
    EXPECT_GE(took, 250);
    EXPECT_LT(took, 1500);
}

TEST(PrintTo, FifoReaderGetsEveryByte) {
    test::TempDir dir;
    std::string fifo = dir.file("printer");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
    ASSERT_GE(reader, 0);
    std::vector<uint8_t> got;
    std::atomic<bool> writer_done{false};
    std::thread drain([&] {
        uint8_t buf[8192];
        for (;;) {
            pollfd p{reader, POLLIN, 0};
            ::poll(&p, 1, 50);
            ssize_t n = ::read(reader, buf, sizeof buf);
            if (n > 0) got.insert(got.end(), buf, buf + n);
            else if (n == 0 && writer_done) return;  // EOF after the writer closed
        }
    });
    std::vector<uint8_t> bytes = big_bytes();
    PrintResult r = print_to(fifo, bytes, {5000, 100});
    writer_done = true;
    drain.join();
    ::close(reader);
    EXPECT_TRUE(r.ok) << r.message;
    EXPECT_TRUE(got == bytes) << got.size() << " of " << bytes.size() << " bytes";
}

TEST(PrintTo, FifoWhoseReaderLeavesGivesAWriteErrorNotASignal) {
    test::TempDir dir;
    std::string fifo = dir.file("printer");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
    ASSERT_GE(reader, 0);
    std::thread leave([&] {
        pollfd p{reader, POLLIN, 0};
        ::poll(&p, 1, 2000);
        uint8_t buf[100];
        (void)::read(reader, buf, sizeof buf);
        ::close(reader);  // the printer goes away mid-receipt
    });
    PrintResult r = print_to(fifo, big_bytes(), {3000, 100});
    leave.join();
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.error_kind, PrintError::write_error);
    EXPECT_NE(r.message.find("Broken pipe"), std::string::npos) << r.message;
}

// [a printer on a pseudo-terminal] ---------------------------------------------------

std::vector<uint8_t> with_status_query(std::vector<uint8_t> bytes) {
    bytes.insert(bytes.end(), {0x10, 0x04, 0x04});
    return bytes;
}

TEST(PrintTo, PrinterWithPaperPrintsAndIsAskedForStatus) {
    test::PtyPrinter printer(0x12);  // paper present
    ASSERT_FALSE(printer.path().empty());
    PrintResult r = print_to(printer.path(), receipt_bytes(), {5000, 300});
    EXPECT_TRUE(r.ok) << r.message;
    EXPECT_TRUE(printer.stop() == with_status_query(receipt_bytes()));
}

TEST(PrintTo, PrinterReportingPaperEndGivesPaperOut) {
    test::PtyPrinter printer(0x12 | 0x60);  // paper roll sensor: paper end
    ASSERT_FALSE(printer.path().empty());
    PrintResult r = print_to(printer.path(), receipt_bytes(), {5000, 300});
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.error_kind, PrintError::paper_out) << r.message;
    EXPECT_STREQ(to_string(r.error_kind), "paper_out");
}

TEST(PrintTo, PrinterThatNeverAnswersStatusIsFine) {
    test::PtyPrinter printer(std::nullopt);
    ASSERT_FALSE(printer.path().empty());
    auto start = Clock::now();
    PrintResult r = print_to(printer.path(), receipt_bytes(), {5000, 300});
    int took = ms_since(start);
    EXPECT_TRUE(r.ok) << r.message;
    EXPECT_GE(took, 250) << "waited for the answer";
    EXPECT_LT(took, 2000);
    EXPECT_TRUE(printer.stop() == with_status_query(receipt_bytes()));
}

// [cups:] -------------------------------------------------------------------------------

TEST(PrintTo, CupsQueueThatDoesNotExistFailsWithoutHanging) {
    auto start = Clock::now();
    PrintResult r = print_to("cups:NOQUEUE", receipt_bytes(), {3000, 100});
    EXPECT_FALSE(r.ok);
    EXPECT_LT(ms_since(start), 4000);
    if (r.error_kind == PrintError::missing_device)
        EXPECT_NE(r.message.find("lp is not installed"), std::string::npos) << r.message;
    else
        EXPECT_NE(r.message.find("NOQUEUE"), std::string::npos) << r.message;
    EXPECT_EQ(print_to("cups:", receipt_bytes()).error_kind, PrintError::missing_device);
}

TEST(PrintTo, CupsGivesLpTheRawBytesOnStdin) {
    test::TempDir dir;
    write_script(dir.file("lp"), "echo \"$@\" > \"$(dirname \"$0\")/args\"\ncat > \"$(dirname \"$0\")/job\"");
    PathPrefix path(dir.path().string());
    PrintResult r = print_to("cups:ward_office", receipt_bytes(), {5000, 100});
    EXPECT_TRUE(r.ok) << r.message;
    EXPECT_EQ(slurp(dir.file("args")), "-d ward_office -o raw\n");
    EXPECT_EQ(slurp(dir.file("job")), std::string(receipt_bytes().begin(), receipt_bytes().end()));
}

TEST(PrintTo, CupsFailureCarriesWhatLpSaid) {
    test::TempDir dir;
    write_script(dir.file("lp"), "echo 'lp: The printer or class does not exist.' >&2\nexit 1");
    PathPrefix path(dir.path().string());
    PrintResult r = print_to("cups:NOQUEUE", big_bytes(), {3000, 100});  // lp leaves mid-write: EPIPE
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.error_kind, PrintError::write_error);
    EXPECT_NE(r.message.find("does not exist"), std::string::npos) << r.message;
}

TEST(PrintTo, CupsThatHangsIsKilledAtTheLimit) {
    test::TempDir dir;
    write_script(dir.file("lp"), "exec sleep 30");
    PathPrefix path(dir.path().string());
    auto start = Clock::now();
    PrintResult r = print_to("cups:ward_office", receipt_bytes(), {400, 100});
    int took = ms_since(start);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.error_kind, PrintError::busy) << r.message;
    EXPECT_GE(took, 350);
    EXPECT_LT(took, 2000);
}

}  // namespace
}  // namespace wk::print
