// The kiosk's printing, end to end in one process: the App hands the receipt to the
// print worker, the bytes land on a real file or FIFO, and the QR on the decoded paper
// reads back (libzbar) as the lookup URL. Failures leave the code on screen.
#include <fcntl.h>
#include <filesystem>
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
    EXPECT_EQ(app.print_view().status, PrintView::Status::printing);  // the screen did not wait

    ASSERT_TRUE(app.wait_for_printer(10000, kiosk_noon()));
    EXPECT_EQ(app.print_view().status, PrintView::Status::printed);
    auto paper = print::decode_escpos(read_bytes(spool));
    ASSERT_TRUE(paper.image) << paper.error;
    EXPECT_EQ(paper.cuts, 1);
    // The on-screen preview is the very paper that was printed.
    ASSERT_TRUE(app.print_view().preview);
    EXPECT_TRUE(*app.print_view().preview == *paper.image);
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
    ASSERT_TRUE(app.wait_for_printer(10000, kiosk_noon()));
    const KioskState& s = app.state();
    EXPECT_EQ(app.print_view().status, PrintView::Status::failed);
    EXPECT_NE(app.print_view().message.find("not connected"), std::string::npos) << app.print_view().message;
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
    app.poll_printer(kiosk_noon());
    EXPECT_EQ(app.print_view().status, PrintView::Status::printing);
    app.go_home();
    EXPECT_EQ(app.state().screen, Screen::home);
    ::close(reader);  // the printer goes away; the worker gives up within its limit
    EXPECT_TRUE(app.wait_for_printer(10000, kiosk_noon()));
    EXPECT_EQ(app.print_view().status, PrintView::Status::none);  // an ended session hears nothing
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
    ASSERT_TRUE(app.wait_for_printer(10000, kiosk_noon()));
    EXPECT_EQ(app.print_view().status, PrintView::Status::printed);

    auto paper = print::decode_escpos(read_bytes(spool));
    ASSERT_TRUE(paper.image) << paper.error;
    auto found = scan_qr(*paper.image);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0], "https://phananh.hanoi.example/lookup/" + r.code);
}

// Files a short report at `t` and returns its code (the receipt screen is up).
std::string file_report(App& app, UnixMs t) {
    app.start_report(t);
    app.choose_category("moi-truong");
    app.type_text("Rác thải đổ trộm ở đầu ngõ 12 đã ba ngày.");
    app.next();
    app.next();
    app.next();
    app.touched(t);
    EXPECT_TRUE(app.submit(t));
    return app.state().receipt.code;
}

// The printer's folder is missing (a USB spool stick not mounted): the receipt does not
// print. The code stays up past the usual 120 s and the kiosk asks before clearing; the
// log names the code; the officer finds it in today's unprinted receipts and prints it
// with one tap once the printer is back, and the list empties.
TEST(AppPrint, AFailedPrintStaysUpAndStaffReprintItWithOneTap) {
    TempDir dir;
    std::string folder = dir.file("spool"), spool = folder + "/receipts.escpos";
    PrintSpooler spooler;
    AppRig k;
    KioskSettings ks = settings_with_officer();
    ks.printer = "file:" + spool;
    App app(k.store, k.box, ks, kiosk_noon(), &spooler);
    UnixMs t = kiosk_noon();
    std::string code = file_report(app, t);
    ASSERT_TRUE(app.wait_for_printer(10000, t));
    EXPECT_EQ(app.print_view().status, PrintView::Status::failed);
    EXPECT_TRUE(app.receipt_unprinted());
    std::vector<UnprintedReceipt> left = k.store.unprinted_since(vietnam_day_start(t), 10);
    ASSERT_EQ(left.size(), 1u);
    EXPECT_EQ(left[0].code, code);
    EXPECT_EQ(left[0].problem, "missing");

    app.tick(t + 121'000);  // a printed receipt would have cleared by now
    EXPECT_EQ(app.state().screen, Screen::receipt);
    EXPECT_TRUE(app.state().idle_prompt) << "asks before the code goes";
    app.keep_going(t + 125'000);
    app.tick(t + 125'000 + 30'000);
    EXPECT_EQ(app.state().screen, Screen::receipt);
    app.tick(t + 125'000 + 80'000);  // nobody answered
    EXPECT_EQ(app.state().screen, Screen::home);

    std::filesystem::create_directory(folder);  // the printer is back
    UnixMs s = t + 300'000;
    app.open_pin_pad(s);
    for (char c : std::string("2468")) app.pin_key(c);
    app.pin_enter(s);
    ASSERT_TRUE(app.staff_active());
    ASSERT_EQ(app.state().staff.ops.unprinted.size(), 1u);
    EXPECT_EQ(app.state().staff.ops.unprinted[0].code, code);
    app.reprint_code(code, s + 1000);
    ASSERT_TRUE(app.wait_for_printer(10000, s + 2000));
    EXPECT_TRUE(app.state().staff.ops.unprinted.empty());
    EXPECT_TRUE(app.state().staff.message_ok) << app.state().staff.message;
    EXPECT_TRUE(k.store.unprinted_since(vietnam_day_start(t), 10).empty());
    auto paper = print::decode_escpos(read_bytes(spool));
    ASSERT_TRUE(paper.image) << paper.error;
    EXPECT_EQ(scan_qr(*paper.image), std::vector<std::string>{"https://phananh.hanoi.example/lookup/" + code});
    bool audited = false;
    for (const AuditRow& a : k.store.audit_log(20)) audited |= a.action == "reprint" && a.report_code == code;
    EXPECT_TRUE(audited);
}

// A printer whose reader went away part way through a receipt (the kiosk then
// restarted): the bytes it still needs are kept in the store, and the next kiosk
// process sends them before its first receipt, whatever came in between.
TEST(AppPrint, WhatAJammedPrinterNeedsSurvivesARestart) {
    TempDir dir;
    std::string path = dir.file("printer");
    ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
    AppRig k;
    std::vector<uint8_t> owed;
    {
        int reader = ::open(path.c_str(), O_RDONLY | O_NONBLOCK);
        ASSERT_GE(reader, 0);
        ::fcntl(reader, F_SETPIPE_SZ, 4096);  // a pipe smaller than a receipt, as a printer's buffer is
        std::thread take_some([&] {  // reads 3000 bytes, then leaves
            std::vector<uint8_t> buf(3000);
            size_t got = 0;
            while (got < buf.size()) {
                ssize_t n = ::read(reader, buf.data() + got, buf.size() - got);
                if (n > 0) got += static_cast<size_t>(n);
                else std::this_thread::sleep_for(std::chrono::milliseconds(5));
            }
            ::close(reader);
        });
        PrintSpooler spooler({}, print::PrintLimits{3000, 100});
        App app(k.store, k.box, with_printer("file:" + path), kiosk_noon(), &spooler);
        file_report(app, kiosk_noon());
        ASSERT_TRUE(app.wait_for_printer(10000, kiosk_noon()));
        take_some.join();
        EXPECT_EQ(app.print_view().status, PrintView::Status::failed);
        std::string kept = k.store.value("kiosk.printer_resync").value_or("");
        ASSERT_FALSE(kept.empty()) << "the printer is owed the rest of a band";
        EXPECT_EQ(kept.substr(0, kept.find('\n')), "file:" + path);
        for (size_t i = kept.find('\n') + 1; i + 1 < kept.size(); i += 2)
            owed.push_back(static_cast<uint8_t>(std::stoi(kept.substr(i, 2), nullptr, 16)));
    }
    ASSERT_EQ(::unlink(path.c_str()), 0);  // the same address is a plain file now: it keeps what it gets
    PrintSpooler spooler;
    App app(k.store, k.box, with_printer("file:" + path), kiosk_noon() + 60'000, &spooler);
    std::string code = file_report(app, kiosk_noon() + 60'000);
    ASSERT_TRUE(app.wait_for_printer(10000, kiosk_noon() + 60'000));
    EXPECT_EQ(app.print_view().status, PrintView::Status::printed) << app.print_view().message;
    EXPECT_EQ(k.store.value("kiosk.printer_resync").value_or(""), "") << "paid back";
    std::vector<uint8_t> got = read_bytes(path);
    ASSERT_GT(got.size(), owed.size());
    EXPECT_TRUE(std::equal(owed.begin(), owed.end(), got.begin())) << "what the printer was owed came first";
    std::vector<uint8_t> want_end = {0x1D, 'V', 66, 0, 0x1B, '@'};  // the stub cut off, the printer reset
    EXPECT_TRUE(std::equal(want_end.begin(), want_end.end(), owed.end() - 6));
    auto paper = print::decode_escpos(std::vector<uint8_t>(got.begin() + static_cast<long>(owed.size()), got.end()));
    ASSERT_TRUE(paper.image) << paper.error;
    EXPECT_EQ(scan_qr(*paper.image), std::vector<std::string>{"https://phananh.hanoi.example/lookup/" + code});
}

TEST(AppPrint, AKioskWithoutAPrinterOffersNoPrinting) {
    AppRig k;  // no spooler at all
    EXPECT_FALSE(k.app.can_print());
    PrintSpooler spooler;
    App app(k.store, k.box, with_printer(""), kiosk_noon(), &spooler);
    EXPECT_FALSE(app.can_print());
}

}  // namespace
