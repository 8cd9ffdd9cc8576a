// The kiosk's printing, end to end in one process: the App hands the receipt to the
// print worker, the bytes land on a real file or FIFO, and the QR on the decoded paper
// reads back (libzbar) as the lookup URL. Failures leave the code on screen.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

#include "kiosk_harness.hpp"
#include "print/escpos.hpp"
#include "print_test_kit.hpp"

namespace {

using namespace wk;
using namespace wk::test;

std::vector<uint8_t> read_bytes(const std::string& path) {
    std::string s = read_text(path);
    return std::vector<uint8_t>(s.begin(), s.end());
}

KioskSettings with_printer(const std::string& printer) {
    KioskSettings s = kiosk_settings();
    s.printer = printer;
    return s;
}

TEST(AppPrint, FilingAReportPrintsItsReceiptWithAScannableQr) {
    TempDir dir;
    std::string spool = dir.file("receipts.escpos");
    PrintSpooler spooler;
    AppRig k;
    App app(k.store, k.box, with_printer("file:" + spool), kiosk_noon(), &spooler);
    app.start_report(kiosk_noon());
    app.choose_category("moi-truong");
    app.type_text("Rác thải đổ trộm ở đầu ngõ 12 đã ba ngày.");
    app.next();
    app.next();
    app.next();
    ASSERT_TRUE(app.submit(kiosk_noon()));
    EXPECT_EQ(app.state().print.status, PrintView::Status::printing);  // the screen did not wait

    ASSERT_TRUE(app.wait_for_printer(10000));
    EXPECT_EQ(app.state().print.status, PrintView::Status::printed);
    auto paper = print::decode_escpos(read_bytes(spool));
    ASSERT_TRUE(paper.image) << paper.error;
    EXPECT_EQ(paper.cuts, 1);
    // The on-screen preview is the very paper that was printed.
    ASSERT_TRUE(app.state().print.preview);
    EXPECT_TRUE(*app.state().print.preview == *paper.image);
    auto found = scan_qr(*paper.image);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0], "https://phananh.hanoi.example/lookup/" + app.state().receipt.code);
}

TEST(AppPrint, AMissingPrinterLeavesTheCodeOnScreenWithAPlainMessage) {
    PrintSpooler spooler;
    AppRig k;
    App app(k.store, k.box, with_printer("/dev/wardkiosk-test-no-such-printer"), kiosk_noon(), &spooler);
    app.start_report(kiosk_noon());
    app.choose_category("y-te");
    app.type_text("Trạm y tế đóng cửa giờ hành chính.");
    app.next();
    app.next();
    app.next();
    ASSERT_TRUE(app.submit(kiosk_noon()));
    ASSERT_TRUE(app.wait_for_printer(10000));
    const KioskState& s = app.state();
    EXPECT_EQ(s.print.status, PrintView::Status::failed);
    EXPECT_NE(s.print.message.find("not connected"), std::string::npos) << s.print.message;
    EXPECT_EQ(s.screen, Screen::receipt);
    EXPECT_FALSE(s.receipt.code.empty());
    EXPECT_TRUE(k.store.find(s.receipt.code));  // the report itself is safe
}

TEST(AppPrint, PrintingNeverHoldsTheScreenWhileThePrinterStalls) {
    TempDir dir;
    std::string fifo = dir.file("stalled-printer");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);  // a printer that takes nothing
    ASSERT_GE(reader, 0);
    ASSERT_GT(::fcntl(reader, F_SETPIPE_SZ, 4096), 0);  // far less than one receipt
    PrintSpooler spooler;
    AppRig k;
    App app(k.store, k.box, with_printer(fifo), kiosk_noon(), &spooler);
    app.start_report(kiosk_noon());
    app.choose_category("khac");
    app.type_text("Biển báo bị che khuất.");
    app.next();
    app.next();
    app.next();
    ASSERT_TRUE(app.submit(kiosk_noon()));
    // The receipt is up and the citizen can tap Done while the worker is stuck: after
    // a second the job is still on the printer (its limit is 5 s), yet the App answers.
    EXPECT_EQ(app.state().screen, Screen::receipt);
    std::this_thread::sleep_for(std::chrono::seconds(1));
    app.poll_printer();
    EXPECT_EQ(app.state().print.status, PrintView::Status::printing);
    app.go_home();
    EXPECT_EQ(app.state().screen, Screen::home);
    ::close(reader);  // the printer goes away; the worker gives up within its limit
    EXPECT_TRUE(app.wait_for_printer(10000));
    EXPECT_EQ(app.state().print.status, PrintView::Status::none);  // an ended session hears nothing
}

TEST(AppPrint, ALookupOfAnAcknowledgedReportReprintsWithTheCaseNumber) {
    TempDir dir;
    std::string spool = dir.file("receipts.escpos");
    PrintSpooler spooler;
    AppRig k;
    App app(k.store, k.box, with_printer("file:" + spool), kiosk_noon(), &spooler);
    Draft d;
    d.service_code = "dien-chieu-sang";
    d.description = "Đèn đường trước số 25 Đội Cấn không sáng.";
    d.ward = "Phường Điện Biên";
    auto r = k.store.submit(d, 7, k.box, kiosk_noon());
    k.store.acknowledge(r.id, "HN-2026-000777", kiosk_noon() + 1000);
    k.store.apply_status({"HN-2026-000777", "in_progress", "Đã giao đội chiếu sáng.", "Công ty Chiếu sáng",
                          "2026-12-10T17:00:00+07:00", "2026-12-01T08:00:00+07:00"},
                         kiosk_noon() + 2000);

    app.open_lookup();
    app.look_up(r.code, kiosk_noon() + 3000);
    ASSERT_TRUE(app.state().lookup.report);
    print::ReceiptData paper_text = app.lookup_receipt();
    EXPECT_EQ(paper_text.case_number, "HN-2026-000777");
    EXPECT_EQ(paper_text.expected_date, "10/12/2026");
    EXPECT_EQ(paper_text.code, r.code);
    EXPECT_EQ(paper_text.lookup_url, "https://phananh.hanoi.example/lookup/" + r.code);
    EXPECT_EQ(paper_text.category, "Điện và chiếu sáng");
    app.reprint_lookup();
    ASSERT_TRUE(app.wait_for_printer(10000));
    EXPECT_EQ(app.state().print.status, PrintView::Status::printed);

    auto paper = print::decode_escpos(read_bytes(spool));
    ASSERT_TRUE(paper.image) << paper.error;
    auto found = scan_qr(*paper.image);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0], "https://phananh.hanoi.example/lookup/" + r.code);
}

TEST(AppPrint, AKioskWithoutAPrinterOffersNoPrinting) {
    AppRig k;  // no spooler at all
    EXPECT_FALSE(k.app.can_print());
    PrintSpooler spooler;
    App app(k.store, k.box, with_printer(""), kiosk_noon(), &spooler);
    EXPECT_FALSE(app.can_print());
}

}  // namespace
