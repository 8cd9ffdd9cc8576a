// A thermal printer reading a byte stream, written from the ESC/POS command reference
// and independent of wk_print's decoder: bytes arrive in pieces split anywhere, a
// command (even a raster band) left unfinished waits for the next bytes whatever they
// are, and a byte it does not understand is noted and skipped, as a printer does. It
// knows ESC @, GS v 0, ESC d, GS V and DLE EOT; it models no fonts, no text printing.
#pragma once
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace wk::test {

// 1-bit paper: one byte per dot (0 white, 1 black), row-major, width * height.
struct ModelImage {
    int width = 0, height = 0;
    std::vector<uint8_t> dots;
    uint8_t at(int x, int y) const {
        return x < 0 || y < 0 || x >= width || y >= height ? 0 : dots[static_cast<size_t>(y) * width + x];
    }
    bool operator==(const ModelImage&) const = default;
};

struct Anomaly {
    size_t offset = 0;  // of the byte skipped, in the whole stream since the model was made
    std::string what;
};

struct StatusQuery {
    size_t offset = 0;  // of the DLE
    int n = 0;          // DLE EOT n
};

struct ModelPage {
    ModelImage image;                // bands stacked top to bottom, ESC d feeds as white rows
    std::vector<Anomaly> anomalies;  // those met while this page was under the head
    bool cut = false;                // false: the open page after the last cut
};

class EscposPrinterModel {
  public:
    static constexpr int kFeedRowsPerLine = 30;  // ESC d n: n lines at the default 1/6 inch
    static constexpr int kMaxRowBytes = 256;     // 2048 dots: no thermal head is wider

    // Takes the next `n` bytes of the stream; any split, any number of calls.
    void feed(const uint8_t* data, size_t n) {
        for (size_t i = 0; i < n; ++i) step(data[i], m_offset++);
    }
    void feed(const std::vector<uint8_t>& bytes) { feed(bytes.data(), bytes.size()); }

    // Every cut page, then the open page when anything is on it (rows or anomalies). A
    // band still waiting for data is not on paper yet.
    std::vector<ModelPage> pages() const {
        std::vector<ModelPage> out = m_pages;
        ModelPage open = m_open;
        if (m_band_left > 0) {
            open.image.height = m_band_top;
            open.image.dots.resize(static_cast<size_t>(open.image.width) * m_band_top);
        }
        if (open.image.height > 0 || !open.anomalies.empty()) out.push_back(std::move(open));
        return out;
    }
    const std::vector<Anomaly>& anomalies() const { return m_anomalies; }
    const std::vector<StatusQuery>& status_queries() const { return m_status; }
    // True while the printer waits for the rest of a command (a header or a band's data).
    bool in_command() const { return !m_pending.empty() || m_band_left > 0; }
    size_t offset() const { return m_offset; }

  private:
    // What the bytes gathered so far make: not enough yet, a complete command of
    // `length` bytes, or an `error` (the first byte is then skipped).
    struct Parse {
        bool need_more = false;
        size_t length = 0;
        std::string error;
    };

    static std::string hex(uint8_t b) {
        char s[8];
        std::snprintf(s, sizeof s, "0x%02X", b);
        return s;
    }

    static std::string stray(uint8_t b) {
        switch (b) {
        case 0x00:
            return "NUL outside a command";
        case 0x0A:
            return "LF (text printing) outside a command";
        case 0x0C:
            return "FF (page mode print) outside a command";
        case 0x18:
            return "CAN (page mode cancel) outside a command";
        case 0x1C:
            return "FS command (FS p: NV image, kanji) not supported";
        default:
            break;
        }
        if (b >= 0x20 && b != 0x7F) return "text byte " + hex(b) + " outside a command";
        return "control byte " + hex(b) + " outside a command";
    }

    static Parse need() { return {true, 0, {}}; }
    static Parse done(size_t n) { return {false, n, {}}; }
    static Parse bad(std::string why) { return {false, 0, std::move(why)}; }

    static Parse parse_gs(const std::vector<uint8_t>& p) {
        if (p.size() < 2) return need();
        if (p[1] == 'V') {
            if (p.size() < 3) return need();
            if (p[2] == 0 || p[2] == 1 || p[2] == 48 || p[2] == 49) return done(3);
            if (p[2] == 65 || p[2] == 66) return p.size() < 4 ? need() : done(4);
            return bad("GS V with unknown mode " + std::to_string(p[2]));
        }
        if (p[1] != 'v') return bad("unknown GS command " + hex(p[1]));
        if (p.size() < 3) return need();
        if (p[2] != '0') return bad("GS v with unknown function " + hex(p[2]));
        if (p.size() < 8) return need();
        if (p[3] != 0 && p[3] != 48) return bad("GS v 0 with scaled mode " + std::to_string(p[3]));
        int row_bytes = p[4] | p[5] << 8, rows = p[6] | p[7] << 8;
        if (p[7] != 0) return bad("GS v 0 with yH != 0 (" + std::to_string(rows) + " rows, at most 255)");
        if (row_bytes == 0 || rows == 0) return bad("empty GS v 0 band");
        if (row_bytes > kMaxRowBytes)
            return bad("GS v 0 wider than any head (" + std::to_string(row_bytes) + " bytes)");
        return done(8);
    }

    static Parse parse(const std::vector<uint8_t>& p) {
        if (p[0] == 0x1B) {
            if (p.size() < 2) return need();
            if (p[1] == '@') return done(2);
            if (p[1] == 'd') return p.size() < 3 ? need() : done(3);
            return bad("unknown ESC command " + hex(p[1]));
        }
        if (p[0] == 0x1D) return parse_gs(p);
        if (p[0] == 0x10) {
            if (p.size() < 2) return need();
            if (p[1] != 0x04) return bad("unknown DLE command " + hex(p[1]));
            if (p.size() < 3) return need();
            return p[2] >= 1 && p[2] <= 4 ? done(3) : bad("DLE EOT with unknown n " + std::to_string(p[2]));
        }
        return bad(stray(p[0]));
    }

    void step(uint8_t b, size_t at) {
        if (m_band_left > 0) {
            raster_byte(b);
            return;
        }
        if (m_pending.empty()) m_pending_at = at;
        m_pending.push_back(b);
        Parse r = parse(m_pending);
        if (r.need_more) return;
        size_t used = r.error.empty() ? r.length : 1;
        if (r.error.empty()) execute(m_pending, m_pending_at);
        else anomaly(m_pending_at, r.error);
        // After a skipped byte the rest is read again from a clean state (it may hold
        // the start of a good command); a band's header may be followed by its data.
        std::vector<uint8_t> rest(m_pending.begin() + static_cast<long>(used), m_pending.end());
        size_t rest_at = m_pending_at + used;
        m_pending.clear();
        for (size_t i = 0; i < rest.size(); ++i) step(rest[i], rest_at + i);
    }

    void execute(const std::vector<uint8_t>& c, size_t at) {
        if (c[0] == 0x1B && c[1] == 'd') add_rows(0, c[2] * kFeedRowsPerLine);
        else if (c[0] == 0x1D && c[1] == 'V') cut();
        else if (c[0] == 0x1D && c[1] == 'v') start_band(c[4] | c[5] << 8, c[6]);
        else if (c[0] == 0x10) m_status.push_back({at, c[2]});
        // ESC @: the printer forgets its settings; nothing moves on paper.
    }

    void start_band(int row_bytes, int rows) {
        m_band_bytes = row_bytes;
        m_band_top = m_open.image.height;
        m_band_left = static_cast<size_t>(row_bytes) * static_cast<size_t>(rows);
        m_band_done = 0;
        add_rows(row_bytes * 8, rows);
    }

    // A band's rows join the page white when it starts and are filled as data comes
    // (at most 2048 x 255 dots ahead of the stream); pages() hides them until complete.
    void raster_byte(uint8_t b) {
        int y = m_band_top + static_cast<int>(m_band_done / m_band_bytes);
        int x0 = static_cast<int>(m_band_done % m_band_bytes) * 8;
        ModelImage& img = m_open.image;
        for (int bit = 0; bit < 8; ++bit)
            if (b & (0x80 >> bit)) img.dots[static_cast<size_t>(y) * img.width + x0 + bit] = 1;
        ++m_band_done;
        --m_band_left;
    }

    // Adds `rows` white rows, widening the page to `width` dots if it is narrower.
    void add_rows(int width, int rows) {
        ModelImage& img = m_open.image;
        if (width > img.width) {
            std::vector<uint8_t> wide(static_cast<size_t>(width) * img.height, 0);
            for (int y = 0; y < img.height; ++y)
                for (int x = 0; x < img.width; ++x) wide[static_cast<size_t>(y) * width + x] = img.at(x, y);
            img.dots.swap(wide);
            img.width = width;
        }
        img.height += rows;
        img.dots.resize(static_cast<size_t>(img.width) * img.height, 0);
    }

    void cut() {
        m_open.cut = true;
        m_pages.push_back(std::move(m_open));
        m_open = {};
    }

    void anomaly(size_t at, const std::string& what) {
        m_anomalies.push_back({at, what});
        m_open.anomalies.push_back({at, what});
    }

    size_t m_offset = 0;
    std::vector<uint8_t> m_pending;  // a command's bytes so far (never raster data)
    size_t m_pending_at = 0;
    int m_band_bytes = 0, m_band_top = 0;  // the band being filled
    size_t m_band_left = 0, m_band_done = 0;
    ModelPage m_open;
    std::vector<ModelPage> m_pages;
    std::vector<Anomaly> m_anomalies;
    std::vector<StatusQuery> m_status;
};

}  // namespace wk::test
