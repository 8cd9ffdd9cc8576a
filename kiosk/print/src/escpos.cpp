// ESC/POS raster encoding and its strict decoder. The decoder allocates only for
// raster data actually present in the input, so a hostile header cannot make it
// allocate more than the stream's own size.
#include "print/escpos.hpp"

#include <algorithm>

namespace wk::print {
namespace {

constexpr uint8_t kEsc = 0x1B, kGs = 0x1D;
constexpr int kFeedRowsPerLine = 30;  // the default 1/6-inch line spacing drawn for a mid-stream feed

void put16(std::vector<uint8_t>& out, int v) {
    out.push_back(static_cast<uint8_t>(v & 0xFF));
    out.push_back(static_cast<uint8_t>((v >> 8) & 0xFF));
}

// One GS v 0 command for rows [y0, y0 + rows).
void put_band(std::vector<uint8_t>& out, const Bitmap& image, int y0, int rows) {
    int row_bytes = (image.width() + 7) / 8;
    out.insert(out.end(), {kGs, 'v', '0', 0});
    put16(out, row_bytes);
    put16(out, rows);
    for (int y = y0; y < y0 + rows; ++y)
        for (int b = 0; b < row_bytes; ++b) {
            uint8_t byte = 0;
            for (int bit = 0; bit < 8; ++bit)
                if (image.at(b * 8 + bit, y)) byte |= static_cast<uint8_t>(0x80 >> bit);
            out.push_back(byte);
        }
}

// The decoder's position in the stream and what it has built so far.
struct Reader {
    const std::vector<uint8_t>& in;
    size_t pos = 0;
    DecodedEscpos out;
    Bitmap image;
    int pending_feed_rows = 0;  // drawn only if more raster follows

    bool have(size_t n) const { return in.size() - pos >= n; }
    int u16(size_t at) const { return in[at] | (in[at + 1] << 8); }
    bool fail(const std::string& why) {
        out.error = why + " at byte " + std::to_string(pos);
        return false;
    }
};

bool read_raster(Reader& r) {
    if (!r.have(8)) return r.fail("truncated GS v 0 header");
    if (r.in[r.pos + 3] != 0 && r.in[r.pos + 3] != '0') return r.fail("GS v 0 scaled modes not supported");
    int row_bytes = r.u16(r.pos + 4), rows = r.u16(r.pos + 6);
    if (row_bytes == 0 || rows == 0) return r.fail("empty GS v 0 raster");
    size_t size = static_cast<size_t>(row_bytes) * static_cast<size_t>(rows);
    if (!r.have(8 + size)) return r.fail("truncated GS v 0 data");
    int top = r.image.height() + r.pending_feed_rows;
    r.pending_feed_rows = 0;
    r.image.widen_to(row_bytes * 8);
    r.image.grow_to(top + rows);
    const uint8_t* data = r.in.data() + r.pos + 8;
    for (int y = 0; y < rows; ++y)
        for (int x = 0; x < row_bytes * 8; ++x)
            if (data[static_cast<size_t>(y * row_bytes + x / 8)] & (0x80 >> (x % 8))) r.image.set(x, top + y);
    r.pos += 8 + size;
    return true;
}

bool read_cut(Reader& r) {
    if (!r.have(3)) return r.fail("truncated GS V");
    uint8_t m = r.in[r.pos + 2];
    size_t len = 0;
    if (m == 0 || m == 1 || m == 48 || m == 49) len = 3;
    else if (m == 65 || m == 66) len = 4;
    else return r.fail("unknown GS V mode " + std::to_string(m));
    if (!r.have(len)) return r.fail("truncated GS V");
    r.out.cuts++;
    r.pos += len;
    return true;
}

bool read_esc(Reader& r) {
    if (!r.have(2)) return r.fail("truncated ESC command");
    uint8_t c = r.in[r.pos + 1];
    if (c == '@') {
        r.pos += 2;
        return true;
    }
    if (c != 'd') return r.fail("unsupported ESC command");
    if (!r.have(3)) return r.fail("truncated ESC d");
    r.out.feed_lines += r.in[r.pos + 2];
    r.pending_feed_rows += r.in[r.pos + 2] * kFeedRowsPerLine;
    r.pos += 3;
    return true;
}

bool read_command(Reader& r) {
    uint8_t b = r.in[r.pos];
    if (b == kEsc) return read_esc(r);
    if (b != kGs) return r.fail("unsupported byte");
    if (!r.have(2)) return r.fail("truncated GS command");
    uint8_t c = r.in[r.pos + 1];
    if (c == 'V') return read_cut(r);
    if (c == 'v' && r.have(3) && r.in[r.pos + 2] == '0') return read_raster(r);
    return r.fail("unsupported GS command");
}

}  // namespace

std::vector<uint8_t> encode_escpos(const Bitmap& image, bool cut) {
    std::vector<uint8_t> out = {kEsc, '@'};
    out.reserve(static_cast<size_t>((image.width() + 7) / 8) * static_cast<size_t>(image.height()) + 64);
    for (int y = 0; y < image.height(); y += kMaxBandRows)
        put_band(out, image, y, std::min(kMaxBandRows, image.height() - y));
    if (cut) out.insert(out.end(), {kGs, 'V', 66, 0});  // feeds to the cutter, then cuts
    else out.insert(out.end(), {kEsc, 'd', static_cast<uint8_t>(kFeedLinesBeforeCut)});
    return out;
}

namespace {

// The length of the command at `pos` of an encode_escpos stream, and where its raster
// data starts (0 when it has none); 0 length when the bytes are not ours.
struct CommandSpan {
    size_t length = 0;
    size_t data_from = 0;
};

CommandSpan command_at(const std::vector<uint8_t>& job, size_t pos) {
    auto byte = [&](size_t i) -> size_t { return pos + i < job.size() ? job[pos + i] : 0; };
    if (byte(0) == kEsc) return {byte(1) == 'd' ? 3u : 2u, 0};
    if (byte(0) != kGs) return {};
    if (byte(1) == 'V') return {byte(2) == 65 || byte(2) == 66 ? 4u : 3u, 0};
    if (byte(1) != 'v') return {};
    size_t size = (byte(4) | byte(5) << 8) * (byte(6) | byte(7) << 8);
    return {8 + size, 8};
}

}  // namespace

std::vector<uint8_t> resync_after(const std::vector<uint8_t>& job, size_t sent) {
    if (sent == 0 || sent >= job.size()) return {};
    size_t pos = 0;
    CommandSpan c;
    while (pos < job.size()) {
        c = command_at(job, pos);
        if (c.length == 0) return {kEsc, '@'};  // not a stream of ours: reset and hope
        if (pos + c.length > sent) break;
        pos += c.length;
    }
    std::vector<uint8_t> out;
    if (pos < sent) {  // inside a command: its rest, raster data white
        size_t end = std::min(pos + c.length, job.size());
        for (size_t i = sent; i < end; ++i) out.push_back(c.data_from && i >= pos + c.data_from ? 0 : job[i]);
    }
    // What this receipt put on paper is cut off on its own, so the next citizen's receipt
    // does not come out under a stub of someone else's; unless the job's own cut was
    // under way (finished above) or nothing was printed yet.
    bool in_cut = pos < sent && job[pos] == kGs && pos + 1 < job.size() && job[pos + 1] == 'V';
    if (sent > 2 && !in_cut) out.insert(out.end(), {kGs, 'V', 66, 0});
    out.insert(out.end(), {kEsc, '@'});
    return out;
}

DecodedEscpos decode_escpos(const std::vector<uint8_t>& bytes) {
    Reader r{bytes};
    while (r.pos < bytes.size())
        if (!read_command(r)) return std::move(r.out);
    if (r.image.height() == 0) {
        r.out.error = "no raster image in the stream";
        return std::move(r.out);
    }
    r.out.image = std::move(r.image);
    return std::move(r.out);
}

}  // namespace wk::print
