// A printer that stops taking data in the middle of a raster band: what it then makes
// of the next receipt, read by an independent printer model (escpos_printer_model.hpp),
// with print::resync_after and with wk::PrintSpooler against a pseudo-terminal printer
// that stalls. Not covered: real USB printers (LPGETSTATUS) and cups: queues.
// [SECTION] Helpers: images, the encoder's band layout, the expected paper
// [SECTION] The printer model on hand-built streams
// [SECTION] resync_after at every kind of cut point
// [SECTION] A stalling printer on a pseudo-terminal, through the spooler
#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <thread>
#include <unistd.h>

#include "escpos_printer_model.hpp"
#include "kiosk/print_spooler.hpp"
#include "print/escpos.hpp"
#include "print/receipt.hpp"
#include "print_test_kit.hpp"
#include "pty_printer.hpp"

namespace wk::test {
namespace {

using Bytes = std::vector<uint8_t>;
using Clock = std::chrono::steady_clock;

// [SECTION] Helpers -----------------------------------------------------------------

int ms_since(Clock::time_point t) {
    return static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t).count());
}

Bytes cat(Bytes a, const Bytes& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

Bytes head(const Bytes& b, size_t n) {
    return Bytes(b.begin(), b.begin() + static_cast<long>(n));
}

ModelImage to_model(const print::Bitmap& b) {
    return {b.width(), b.height(), b.dots()};
}

// `top` above `bottom`, as wide as the wider one.
ModelImage stacked(const ModelImage& top, const ModelImage& bottom) {
    ModelImage out{std::max(top.width, bottom.width), top.height + bottom.height, {}};
    out.dots.resize(static_cast<size_t>(out.width) * out.height);
    for (int y = 0; y < out.height; ++y)
        for (int x = 0; x < out.width; ++x)
            out.dots[static_cast<size_t>(y) * out.width + x] =
                y < top.height ? top.at(x, y) : bottom.at(x, y - top.height);
    return out;
}

// Rows [y0, y1) of an image.
ModelImage rows(const ModelImage& img, int y0, int y1) {
    ModelImage out{img.width, y1 - y0, {}};
    out.dots.assign(img.dots.begin() + static_cast<long>(y0) * img.width,
                    img.dots.begin() + static_cast<long>(y1) * img.width);
    return out;
}

std::vector<std::string> qr_codes(const ModelImage& img) {
    std::vector<uint8_t> gray(img.dots.size());
    for (size_t i = 0; i < gray.size(); ++i) gray[i] = img.dots[i] ? 0 : 255;
    return scan_qr(gray.data(), img.width, img.height);
}

struct Receipt {
    print::ReceiptData data;
    print::Bitmap image;
    Bytes bytes;
};

Receipt make_receipt(const print::ReceiptData& data) {
    print::Bitmap image = print::render_receipt(data, print::kDots80mm).image;
    Bytes bytes = print::encode_escpos(image, true);
    return {data, std::move(image), std::move(bytes)};
}

const Receipt& first_receipt() {
    static const Receipt r = make_receipt(sample_receipt());
    return r;
}

const Receipt& second_receipt() {  // another code, so another QR
    static const Receipt r = make_receipt(sample_receipt(receipt::make(17, 43)));
    return r;
}

// Where each GS v 0 band of an encode_escpos stream starts, from the layout the
// command reference gives (ESC @, then bands of at most 255 rows of 8 + rows * row
// bytes); the last entry is where the bands end (GS V 66 0 follows).
std::vector<size_t> band_starts(const print::Bitmap& image) {
    size_t row_bytes = static_cast<size_t>(image.width() + 7) / 8, at = 2;
    std::vector<size_t> out;
    for (int y = 0; y < image.height(); y += 255) {
        out.push_back(at);
        at += 8 + row_bytes * static_cast<size_t>(std::min(255, image.height() - y));
    }
    out.push_back(at);
    return out;
}

// What is on paper, before the next job, of `image` after the printer took `sent`
// bytes of its stream and the rest of the interrupted band came white: every band
// before the cut, and the interrupted one with only the dots sent. Empty when
// nothing was printed yet or the job got as far as its cut.
ModelImage expected_stub(const print::Bitmap& image, size_t sent) {
    std::vector<size_t> starts = band_starts(image);
    ModelImage full = to_model(image), none;
    size_t row_bytes = static_cast<size_t>(image.width() + 7) / 8;
    if (sent <= starts.front()) return none;
    if (sent == starts.back()) return full;  // all bands printed, GS V not begun: no cut
    if (sent > starts.back()) return none;   // the cut went through
    size_t band = 0;
    while (starts[band + 1] <= sent) ++band;
    int top = static_cast<int>(band) * 255, height = std::min(255, image.height() - top);
    if (sent == starts[band]) return rows(full, 0, top);  // between two bands
    ModelImage out = rows(full, 0, top + height);
    size_t data_sent = sent > starts[band] + 8 ? sent - starts[band] - 8 : 0;
    for (size_t i = data_sent; i < row_bytes * static_cast<size_t>(height); ++i) {
        int y = top + static_cast<int>(i / row_bytes), x0 = static_cast<int>(i % row_bytes) * 8;
        for (int x = x0; x < std::min(x0 + 8, out.width); ++x)
            out.dots[static_cast<size_t>(y) * out.width + x] = 0;
    }
    return out;
}

std::string describe(const std::vector<Anomaly>& a) {
    if (a.empty()) return "no anomaly";
    return std::to_string(a.size()) + " anomalies, first at byte " + std::to_string(a[0].offset) + ": " +
           a[0].what;
}

// After `first` was cut off at `sent` and the stream went on (resync, then `second`):
// nothing odd anywhere; what the first job put on paper cut off on a page of its own
// (its stub, or the whole first receipt when its own cut was under way); the second
// receipt whole and alone on the last page, which is cut, and its QR reads its address.
void expect_second_receipt_clean(const EscposPrinterModel& printer, const Receipt& first, size_t sent,
                                 const Receipt& second) {
    EXPECT_TRUE(printer.anomalies().empty()) << describe(printer.anomalies());
    EXPECT_FALSE(printer.in_command()) << "the printer still waits for the rest of a command";
    std::vector<ModelPage> pages = printer.pages();
    ASSERT_FALSE(pages.empty());
    const ModelPage& last = pages.back();
    EXPECT_TRUE(last.cut);
    EXPECT_TRUE(last.anomalies.empty()) << describe(last.anomalies);
    EXPECT_TRUE(last.image == to_model(second.image))
        << "last page " << last.image.width << "x" << last.image.height << ", want the second receipt alone";
    bool first_was_cut = sent > band_starts(first.image).back();
    ModelImage first_page = first_was_cut ? to_model(first.image) : expected_stub(first.image, sent);
    if (first_page.height == 0) {
        EXPECT_EQ(pages.size(), 1u) << "nothing of the first job on paper, nothing cut for it";
    } else if (pages.size() == 2) {
        EXPECT_TRUE(pages[0].cut);
        EXPECT_TRUE(pages[0].image == first_page)
            << "first page " << pages[0].image.height << " rows, want " << first_page.height;
    } else {
        ADD_FAILURE() << pages.size() << " pages, want the first job's own page and the second receipt";
    }
    EXPECT_EQ(qr_codes(last.image), std::vector<std::string>{second.data.lookup_url});
}

// [SECTION] The printer model on hand-built streams -------------------------------------

const Bytes kInit = {0x1B, '@'};
const Bytes kCut = {0x1D, 'V', 66, 0};

Bytes band(int row_bytes, const Bytes& data, int m = 0) {
    int n = static_cast<int>(data.size()) / row_bytes;
    Bytes out = {
        0x1D, 'v', '0', static_cast<uint8_t>(m), static_cast<uint8_t>(row_bytes), 0, static_cast<uint8_t>(n),
        0};
    return cat(out, data);
}

EscposPrinterModel read_all(const Bytes& stream) {
    EscposPrinterModel p;
    p.feed(stream);
    return p;
}

TEST(PrinterModel, ACleanTwoBandJobIsOnePageOfBothBandsAndTheFeed) {
    Bytes job =
        cat(cat(cat(cat(kInit, band(1, {0x80, 0x01})), {0x1B, 'd', 1}), band(2, {0xFF, 0x00}, 48)), kCut);
    job = cat(job, {0x10, 0x04, 0x04});
    EscposPrinterModel p = read_all(job);
    EXPECT_TRUE(p.anomalies().empty()) << describe(p.anomalies());
    std::vector<ModelPage> pages = p.pages();
    ASSERT_EQ(pages.size(), 1u) << "the status query after the cut puts nothing on paper";
    const ModelPage& page = pages[0];
    EXPECT_TRUE(page.cut);
    EXPECT_EQ(page.image.width, 16) << "as wide as the widest band";
    EXPECT_EQ(page.image.height, 2 + 30 + 1);
    EXPECT_EQ(page.image.at(0, 0), 1);
    EXPECT_EQ(page.image.at(1, 0), 0);
    EXPECT_EQ(page.image.at(7, 1), 1);
    EXPECT_EQ(page.image.at(8, 0), 0) << "the narrow band is padded white";
    for (int y = 2; y < 32; ++y) EXPECT_EQ(page.image.at(0, y), 0) << "fed row " << y;
    for (int x = 0; x < 16; ++x) EXPECT_EQ(page.image.at(x, 32), x < 8 ? 1 : 0) << "x " << x;
    ASSERT_EQ(p.status_queries().size(), 1u);
    EXPECT_EQ(p.status_queries()[0].offset, job.size() - 3);
    EXPECT_EQ(p.status_queries()[0].n, 4);
    EXPECT_FALSE(p.in_command());
}

TEST(PrinterModel, EveryCutModeEndsAPageAndWhatFollowsIsAnOpenPage) {
    Bytes stream;
    for (Bytes cut : {Bytes{0x1D, 'V', 0}, Bytes{0x1D, 'V', 1}, Bytes{0x1D, 'V', 48}, Bytes{0x1D, 'V', 49},
                      Bytes{0x1D, 'V', 65, 3}, Bytes{0x1D, 'V', 66, 0}})
        stream = cat(cat(stream, band(1, {0xAA})), cut);
    stream = cat(stream, band(1, {0x55}));
    EscposPrinterModel p = read_all(stream);
    EXPECT_TRUE(p.anomalies().empty()) << describe(p.anomalies());
    std::vector<ModelPage> pages = p.pages();
    ASSERT_EQ(pages.size(), 7u);
    for (size_t i = 0; i < 6; ++i) EXPECT_TRUE(pages[i].cut && pages[i].image.height == 1) << "page " << i;
    EXPECT_FALSE(pages[6].cut);
    EXPECT_EQ(pages[6].image.at(1, 0), 1);
}

TEST(PrinterModel, BytesSplitAnywhereReadAsTheWholeStreamDoes) {
    Bytes stream =
        cat(cat(cat(first_receipt().bytes, {'h', 'i', 0x1C, 'p', 1, 0}), head(second_receipt().bytes, 9000)),
            first_receipt().bytes);
    EscposPrinterModel whole = read_all(stream);
    EscposPrinterModel by_byte;
    for (uint8_t b : stream) by_byte.feed(&b, 1);
    EscposPrinterModel random;
    std::mt19937 rng(7);
    for (size_t at = 0; at < stream.size();) {
        size_t n = std::min(stream.size() - at, static_cast<size_t>(rng() % 700));
        random.feed(stream.data() + at, n);
        at += n;
    }
    ASSERT_FALSE(whole.anomalies().empty());
    for (const EscposPrinterModel* p : {&by_byte, &random}) {
        EXPECT_EQ(p->offset(), stream.size());
        ASSERT_EQ(p->anomalies().size(), whole.anomalies().size());
        for (size_t i = 0; i < whole.anomalies().size(); ++i)
            EXPECT_EQ(p->anomalies()[i].offset, whole.anomalies()[i].offset);
        std::vector<ModelPage> got = p->pages(), want = whole.pages();
        ASSERT_EQ(got.size(), want.size());
        for (size_t i = 0; i < want.size(); ++i) {
            EXPECT_TRUE(got[i].image == want[i].image) << "page " << i;
            EXPECT_EQ(got[i].cut, want[i].cut) << "page " << i;
        }
    }
}

TEST(PrinterModel, TextAndFsPAreFlaggedAtTheirOffsetsAndSkipped) {
    // 0-1 ESC @, 2-3 "Hi", 4-7 FS p 1 0 (print NV image 1), 8.. a band, then the cut.
    Bytes stream = cat(cat(cat(kInit, {'H', 'i', 0x1C, 'p', 1, 0}), band(1, {0xF0})), kCut);
    EscposPrinterModel p = read_all(stream);
    const std::vector<Anomaly>& a = p.anomalies();
    ASSERT_EQ(a.size(), 6u) << describe(a);
    for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].offset, 2 + i) << a[i].what;
    EXPECT_NE(a[0].what.find("text"), std::string::npos) << a[0].what;
    EXPECT_NE(a[2].what.find("FS"), std::string::npos) << a[2].what;
    EXPECT_NE(a[5].what.find("NUL"), std::string::npos) << a[5].what;
    ASSERT_EQ(p.pages().size(), 1u);
    EXPECT_EQ(p.pages()[0].anomalies.size(), 6u);
    EXPECT_EQ(p.pages()[0].image.at(3, 0), 1) << "the band after the junk still prints";
    EXPECT_EQ(p.pages()[0].image.at(4, 0), 0);
}

TEST(PrinterModel, UnknownCommandsAndBandsTallerThan255RowsAreFlagged) {
    EscposPrinterModel cut_mode = read_all({0x1D, 'V', 2});
    ASSERT_FALSE(cut_mode.anomalies().empty());
    EXPECT_EQ(cut_mode.anomalies()[0].offset, 0u);
    EXPECT_TRUE(cut_mode.pages().empty() || !cut_mode.pages()[0].cut);
    EscposPrinterModel codepage = read_all(cat(kInit, {0x1B, 't', 27, 0x0C, 0x18}));  // ESC t n, FF, CAN
    ASSERT_EQ(codepage.anomalies().size(), 5u) << describe(codepage.anomalies());
    EXPECT_NE(codepage.anomalies()[0].what.find("ESC"), std::string::npos);
    EXPECT_EQ(codepage.anomalies()[3].offset, 5u);
    EXPECT_NE(codepage.anomalies()[3].what.find("FF"), std::string::npos);
    EXPECT_NE(codepage.anomalies()[4].what.find("CAN"), std::string::npos);
    EscposPrinterModel tall = read_all({0x1D, 'v', '0', 0, 1, 0, 0, 1, 0xFF});
    ASSERT_FALSE(tall.anomalies().empty());
    EXPECT_EQ(tall.anomalies()[0].offset, 0u);
    EXPECT_NE(tall.anomalies()[0].what.find("255"), std::string::npos) << tall.anomalies()[0].what;
    EscposPrinterModel scaled = read_all({0x1D, 'v', '0', 3, 1, 0, 1, 0, 0xFF});
    ASSERT_FALSE(scaled.anomalies().empty());
    EXPECT_EQ(scaled.anomalies()[0].offset, 0u);
}

// The issue as it was: the job stops 5000 bytes in, inside its first band, and the next
// receipt goes out as it is. Its ESC @ and band header are read as the rest of that
// band's dots, and what follows them as commands: junk on paper, under "printed".
TEST(PrinterModel, ABandCutShortTakesTheNextReceiptAsItsDots) {
    const size_t sent = 5000;
    ASSERT_GT(band_starts(first_receipt().image)[1], sent) << "the cut is inside the first band";
    EscposPrinterModel printer;
    printer.feed(head(first_receipt().bytes, sent));
    EXPECT_TRUE(printer.in_command()) << "the printer waits for the band's dots";
    EXPECT_TRUE(printer.pages().empty()) << "nothing printed while the band is unfinished";
    printer.feed(second_receipt().bytes);
    ASSERT_FALSE(printer.anomalies().empty()) << "the second receipt must not read clean";
    EXPECT_GT(printer.anomalies()[0].offset, sent + 8) << describe(printer.anomalies());
    std::vector<ModelPage> pages = printer.pages();
    ASSERT_FALSE(pages.empty());
    EXPECT_FALSE(pages.back().anomalies.empty());
    ModelImage want = stacked(expected_stub(first_receipt().image, sent), to_model(second_receipt().image));
    EXPECT_FALSE(pages.back().image == want) << "the second receipt came out garbled";
}

// [SECTION] resync_after at every kind of cut point --------------------------------------

TEST(ResyncAfter, NothingIsOwedBeforeTheFirstByteOrAfterTheLast) {
    const Bytes& job = first_receipt().bytes;
    EXPECT_TRUE(print::resync_after(job, 0).empty());
    EXPECT_TRUE(print::resync_after(job, job.size()).empty());
}

TEST(ResyncAfter, WhereverTheJobStoppedTheNextReceiptPrintsClean) {
    const Receipt& first = first_receipt();
    const Receipt& second = second_receipt();
    std::vector<size_t> starts = band_starts(first.image);
    ASSERT_GE(starts.size(), 4u) << "at least three bands";
    size_t row_bytes = static_cast<size_t>(first.image.width() + 7) / 8, end = first.bytes.size();
    std::vector<size_t> cuts;
    for (size_t s = 1; s <= starts[0] + 9; ++s) cuts.push_back(s);  // ESC @, the first header, one data byte
    cuts.insert(cuts.end(), {starts[0] + 8 + 100 * row_bytes + 5, starts[1] - 1, starts[1], starts[1] + 3,
                             starts[1] + 8 + 1000, starts[2] - 20, starts.end()[-2], starts.end()[-2] + 7,
                             starts.end()[-2] + 8 + 7 * row_bytes, starts.back() - 1, starts.back()});
    for (size_t s = starts.back() + 1; s < end; ++s) cuts.push_back(s);  // inside GS V 66 0
    for (size_t sent : cuts) {
        SCOPED_TRACE("cut after byte " + std::to_string(sent) + " of " + std::to_string(end));
        Bytes resync = print::resync_after(first.bytes, sent);
        EXPECT_TRUE(resync.size() >= 2 && resync.end()[-2] == 0x1B && resync.back() == '@')
            << "ends with ESC @";
        EscposPrinterModel printer;
        printer.feed(head(first.bytes, sent));
        printer.feed(resync);
        printer.feed(second.bytes);
        expect_second_receipt_clean(printer, first, sent, second);
    }
}

// [SECTION] A stalling printer on a pseudo-terminal, through the spooler ------------------

// Collects a spooler's outcomes and checks each job reports drawn, then sent.
class Outcomes {
  public:
    explicit Outcomes(PrintSpooler& spooler) : m_spooler(spooler) {}
    // The sent outcome of `job`, waiting up to `limit_ms` for it.
    std::optional<PrintOutcome> sent(int64_t job, int limit_ms) {
        auto start = Clock::now();
        for (;;) {
            take();
            for (const PrintOutcome& o : m_all)
                if (o.job == job && o.sent) return o;
            if (ms_since(start) > limit_ms) return std::nullopt;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    }
    bool drawn(int64_t job) {
        take();
        return std::any_of(m_all.begin(), m_all.end(),
                           [&](const PrintOutcome& o) { return o.job == job && !o.sent; });
    }
    // Every job's reports, in order: drawn (with its image), then sent.
    void expect_drawn_then_sent(int64_t job) {
        take();
        std::vector<bool> order;
        for (const PrintOutcome& o : m_all)
            if (o.job == job) order.push_back(o.sent);
        EXPECT_EQ(order, (std::vector<bool>{false, true})) << "job " << job;
    }

  private:
    void take() {
        for (PrintOutcome& o : m_spooler.take_finished()) m_all.push_back(std::move(o));
    }
    PrintSpooler& m_spooler;
    std::vector<PrintOutcome> m_all;
};

PrintJob job_for(const print::ReceiptData& data, const std::string& device) {
    return PrintJob{0, data, device, print::kDots80mm};
}

// The issue's story: the printer stops taking data 5000 bytes into a receipt, for
// longer than the limit. The kiosk must not say printed, and must owe the printer the
// rest of the band; once the printer takes data again, the next receipt is clean.
TEST(PrintJam, AStallMidBandIsNotPrintedAndTheNextReceiptComesOutClean) {
    test::PtyPrinter printer(0x12, 5000);  // paper present, stalls after 5,000 bytes
    ASSERT_FALSE(printer.path().empty());
    PrintSpooler spooler({}, print::PrintLimits{400, 100});
    Outcomes outcomes(spooler);
    const Receipt& first = first_receipt();
    const Receipt& second = second_receipt();

    int64_t id1 = spooler.submit(job_for(first.data, printer.path()));
    std::optional<PrintOutcome> o1 = outcomes.sent(id1, 20000);
    ASSERT_TRUE(o1);
    EXPECT_FALSE(o1->result.ok) << "a stalled receipt is never reported printed";
    EXPECT_NE(o1->result.error_kind, print::PrintError::none);
    EXPECT_FALSE(o1->result.message.empty());
    ASSERT_TRUE(o1->image);
    EXPECT_TRUE(*o1->image == first.image);
    size_t sent = o1->result.sent;
    EXPECT_GE(sent, printer.received_count()) << "the device took at least what the printer read";
    EXPECT_LT(sent, first.bytes.size()) << o1->result.message;
    std::vector<size_t> starts = band_starts(first.image);
    EXPECT_TRUE(
        std::any_of(starts.begin(), starts.end() - 1, [&](size_t s) { return sent > s + 8; }) &&
        std::none_of(starts.begin(), starts.end(), [&](size_t s) { return sent >= s && sent <= s + 8; }))
        << "the stall at byte " << sent << " is inside a band's dots";
    EXPECT_FALSE(o1->resync.empty());
    EXPECT_EQ(o1->resync, print::resync_after(first.bytes, sent));
    outcomes.expect_drawn_then_sent(id1);

    printer.resume();
    int64_t id2 = spooler.submit(job_for(second.data, printer.path()));
    std::optional<PrintOutcome> o2 = outcomes.sent(id2, 20000);
    ASSERT_TRUE(o2);
    EXPECT_TRUE(o2->result.ok) << o2->result.message;
    EXPECT_EQ(o2->result.sent, second.bytes.size()) << "counted without the resync bytes";
    EXPECT_TRUE(o2->resync.empty());
    outcomes.expect_drawn_then_sent(id2);
    EXPECT_TRUE(spooler.wait_idle(1000));

    Bytes received = printer.stop();
    Bytes want = cat(cat(cat(head(first.bytes, sent), o1->resync), second.bytes), {0x10, 0x04, 0x04});
    EXPECT_EQ(received.size(), want.size());
    EXPECT_TRUE(received == want) << "the printer got: the cut-off job, the resync, the next job, DLE EOT 4";
    EscposPrinterModel model;
    model.feed(received);
    expect_second_receipt_clean(model, first, sent, second);
    EXPECT_EQ(model.status_queries().size(), 1u) << "asked for paper only after the complete job";
}

// A printer that never takes a byte, a long limit (20 s), jobs queued behind: closing
// the kiosk must not wait for the limit.
TEST(PrintJam, ClosingTheSpoolerStopsAJobThePrinterNeverTakesAtOnce) {
    test::PtyPrinter printer(0x12, 0);  // never reads
    ASSERT_FALSE(printer.path().empty());
    auto spooler = std::make_unique<PrintSpooler>(std::function<void()>{}, print::PrintLimits{20000, 100});
    Outcomes outcomes(*spooler);
    int64_t id1 = spooler->submit(job_for(first_receipt().data, printer.path()));
    spooler->submit(job_for(second_receipt().data, printer.path()));
    spooler->submit(job_for(first_receipt().data, printer.path()));
    auto start = Clock::now();
    while (!outcomes.drawn(id1) && ms_since(start) < 20000)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ASSERT_TRUE(outcomes.drawn(id1));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // writing, into a full buffer
    EXPECT_FALSE(spooler->wait_idle(0)) << "the first job is still writing";
    start = Clock::now();
    spooler.reset();
    int took = ms_since(start);
    EXPECT_LT(took, 1000) << "the destructor waited for the job";
}

}  // namespace
}  // namespace wk::test
