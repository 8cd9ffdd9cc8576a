// wardkiosk: the touchscreen app. The only file that sees both the window layer and
// the app: it parses arguments, opens the store, and runs either the interactive
// loop (drawing only when something changes) or a script.
#include <sys/statvfs.h>

#include <atomic>
#include <cstring>
#include <filesystem>
#include <iostream>

#include "glfw_window.hpp"
#include "kiosk/headless.hpp"
#include "kiosk/kiosk.hpp"
#include "kiosk/kiosk_clock.hpp"
#include "kiosk/strings.hpp"
#include "platform/config.hpp"
#include "platform/files.hpp"
#include "platform/log.hpp"
#include "platform/paths.hpp"
#include "platform/process.hpp"
#include "print/png.hpp"
#include "sync/photo_link.hpp"
#include "sync/staff.hpp"
#include "sync/store_guard.hpp"

namespace {

const char* kUsage =
    "usage: wardkiosk [--config FILE] [--lang vi|en] [--size WxH] [--fullscreen]\n"
    "                 [--script FILE [--headless]] | --help | --version\n"
    "\n"
    "The ward office's citizen-report kiosk. With --fullscreen (the deployed kiosk)\n"
    "the window refuses to close; staff restart it from staff mode (the process\n"
    "exits with 0 and the service starts it again). Shutting down is not offered.\n"
    "--script replays one step a line (tap, hold, drag, type, keys, scan, enter, backspace,\n"
    "wait, expect, absent, dump, screenshot) and exits non-zero at the first failing step;\n"
    "--headless runs it with no display and no GPU.\n";

struct Args {
    std::string config, lang, script;
    int width = 1920, height = 1080;
    bool headless = false, fullscreen = false;
};

class WindowFrontend : public wk::Frontend {
  public:
    explicit WindowFrontend(wk::window::Window& w) : m_w(w) {}
    void size(float& w, float& h) override {
        int iw, ih;
        m_w.size(iw, ih);
        w = static_cast<float>(iw);
        h = static_cast<float>(ih);
    }
    void begin_frame() override { m_w.new_frame(); }
    void end_frame() override { m_w.present(); }
    void fonts_rebuilt() override { m_w.reload_fonts(); }
    ImTextureID upload_image(const std::vector<uint8_t>& rgba, int w, int h) override {
        return m_w.upload_image(rgba, w, h);
    }
    void release_image(ImTextureID id) override { m_w.release_image(id); }
    bool screenshot(const std::string& path, std::string& error) override {
        std::vector<uint8_t> px;
        int w, h;
        if (!m_w.read_pixels(px, w, h)) return error = "cannot read the screen's pixels", false;
        error = wk::print::write_png_pixels(path, px.data(), w, h, 4);
        return error.empty() ? true : (error = "screenshot: " + error, false);
    }

  private:
    wk::window::Window& m_w;
};

bool parse(int argc, char** argv, Args& a) {
    for (int i = 1; i < argc; ++i) {
        std::string s = argv[i];
        bool more = i + 1 < argc;
        if (s == "--config" && more) a.config = argv[++i];
        else if (s == "--lang" && more) a.lang = argv[++i];
        else if (s == "--script" && more) a.script = argv[++i];
        else if (s == "--headless") a.headless = true;
        else if (s == "--fullscreen") a.fullscreen = true;
        else if (s == "--size" && more) {
            if (std::sscanf(argv[++i], "%dx%d", &a.width, &a.height) != 2 || a.width < 320 || a.height < 240) return false;
        } else return false;
    }
    return a.lang.empty() || a.lang == "vi" || a.lang == "en";
}

// Whether a script has a screenshot step: only then is every frame kept for reading.
bool script_takes_screenshots(const std::string& path) {
    if (path.empty()) return false;
    std::string text;
    return wk::files::read_all(path, text).empty() && text.find("screenshot") != std::string::npos;
}

wk::KioskSettings settings_from(const wk::Config& c) {
    wk::KioskSettings s;
    s.kiosk_id = c.kiosk_id;
    s.ward = c.ward;
    s.province = c.province;
    s.hotline = c.hotline;
    s.public_url = c.public_url;
    s.wards = c.wards;
    if (s.wards.empty() || s.wards.front() != c.ward) s.wards.insert(s.wards.begin(), c.ward);
    s.categories_file = wk::paths::asset_dir() + "/categories.json";
    s.receipt_clear_ms = static_cast<wk::UnixMs>(c.receipt_clear_s) * 1000;
    s.idle_ms = static_cast<wk::UnixMs>(c.idle_reset_s) * 1000;
    s.idle_grace_ms = static_cast<wk::UnixMs>(c.idle_grace_s) * 1000;
    s.lang = c.lang;
    s.keyboard_ime = c.keyboard_ime;
    s.offline_after_ms = static_cast<wk::UnixMs>(c.poll_interval_s) * 4000;
    s.printer = c.printer == "none" ? "" : c.printer;
    s.printer_dots = c.printer_dots;
    s.photos.mode = c.photos_from_phone;
    if (!c.api_key.empty()) s.photos.key = wk::photo_link::link_key(c.api_key);
    s.photos.valid_ms = static_cast<wk::UnixMs>(c.photo_link_days) * 86400000;
    std::string err;
    s.staff = wk::load_staff_file(c.staff_file, err);
    if (!err.empty()) wk::log::error("staff accounts: " + err + "; staff mode stays closed");
    // Free space of the store's folder, read when the operations screen opens.
    std::string dir = std::filesystem::absolute(c.db_path).parent_path().string();
    s.disk_free = [dir]() -> int64_t {
        struct statvfs v;
        return statvfs(dir.c_str(), &v) == 0 ? static_cast<int64_t>(v.f_bavail) * static_cast<int64_t>(v.f_frsize) : -1;
    };
    std::vector<std::string> power_off = wk::process::split_command(c.power_off_command);
    if (!power_off.empty()) s.power_off = [power_off] { return wk::process::run(power_off, 20); };
    return s;
}

// Draws only when something changed: input, a timer, held scanner keys.
int interactive(wk::Kiosk& kiosk, wk::window::Window& win, wk::KioskClock& clock) {
    int dirty = 3;
    while (!win.should_close() && !kiosk.app().state().quit) {  // quit: staff asked for a restart
        wk::UnixMs now = clock.now(wk::wall_clock_ms());
        wk::UnixMs next = kiosk.app().next_timer(now);
        double timeout = dirty > 0 ? 0 : kiosk.holding_keys() ? 0.06 : next ? std::max<double>(0.01, (next - now) / 1000.0) : 30.0;
        win.wait_events(timeout);
        now = clock.now(wk::wall_clock_ms());
        double glfw_now = win.now_s();
        for (const auto& e : win.take_key_events()) {
            using K = wk::window::KeyEvent::Kind;
            if (e.kind == K::escape) continue;
            wk::KeyInput k{e.kind == K::enter       ? wk::KeyInput::Kind::enter
                           : e.kind == K::backspace ? wk::KeyInput::Kind::backspace
                                                    : wk::KeyInput::Kind::text,
                           e.codepoint, now - static_cast<wk::UnixMs>((glfw_now - e.at_s) * 1000)};
            kiosk.key(k);
            dirty = 3;
        }
        if (kiosk.poll_keys(now)) dirty = 3;
        if (win.take_pointer_events() > 0) dirty = 3;
        if (kiosk.app().tick(now)) dirty = std::max(dirty, 1);
        if (dirty > 0) {
            kiosk.frame(now);
            --dirty;
        }
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    wk::log::set_program("wardkiosk");
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--help")) return std::cout << kUsage, 0;
        if (!std::strcmp(argv[i], "--version")) return std::cout << "wardkiosk " << wk::version_string() << "\n", 0;
    }
    Args args;
    if (!parse(argc, argv, args)) return std::cerr << kUsage, 2;
    auto loaded = wk::load_config(args.config);
    if (!loaded.error.empty()) return std::cerr << loaded.error << "\n", 2;
    const wk::Config& cfg = loaded.config;
    if (std::string e = wk::i18n::load_catalogs(wk::paths::asset_dir()); !e.empty())
        return std::cerr << "wardkiosk: " << e << "\n", 2;
    wk::i18n::set_language(args.lang.empty() ? cfg.lang : args.lang);
    std::string err;
    auto box = wk::ContactBox::open_or_create(cfg.key_file, err);
    if (!box) return std::cerr << "wardkiosk: " << err << "\n", 2;
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;  // nothing of a session is written to disk
    struct ContextEnd {  // the last thing to go: after the font thread and the window
        ~ContextEnd() { ImGui::DestroyContext(); }
    } context_end;
    // The font atlas builds on the other core while the store and the window open.
    wk::window::Options wopt{args.width, args.height, args.fullscreen, "wardkiosk"};
    int sw = args.width, sh = args.height;
    if (!args.headless) wk::window::Window::expected_size(wopt, sw, sh);
    std::future<float> fonts = wk::build_fonts_ahead(static_cast<float>(sw), static_cast<float>(sh));
    try {
        auto opened = wk::open_checked(cfg.db_path, wk::wall_clock_ms(), cfg.kiosk_id);
        if (opened.set_aside) wk::log::warn(wk::set_aside_message(opened));
        else if (!opened.checked_because.empty()) wk::log::info("store checked at start (" + opened.checked_because + "): ok");
        wk::Store& store = opened.store;
        // The print worker wakes the window's wait when a job ends; set once the window exists.
        std::atomic<wk::window::Window*> waker{nullptr};
        wk::PrintSpooler spooler([&waker] {
            if (auto* w = waker.load()) w->wake();
        });
        wk::KioskClock clock(store);  // the portal's time where this PC's clock is wrong
        wk::App app(store, *box, settings_from(cfg), clock.now(wk::wall_clock_ms()), &spooler);
        int rc;
        if (args.headless) {
            if (args.script.empty()) return std::cerr << "wardkiosk: --headless needs --script\n", 2;
            wk::HeadlessFrontend fe(static_cast<float>(args.width), static_cast<float>(args.height));
            wk::Kiosk kiosk(app, fe);
            kiosk.fonts_built_ahead(fonts.get());
            rc = wk::run_script(args.script, kiosk, clock.now(wk::wall_clock_ms()), err);
        } else {
            auto win = wk::window::Window::create(wopt, err);
            if (!win) return std::cerr << "wardkiosk: " << err << "\n", 2;
            if (args.fullscreen) win->keep_open();  // deployed full screen: nothing closes it
            win->keep_frames(script_takes_screenshots(args.script));  // a read-back per frame costs
            waker = win.get();
            WindowFrontend fe(*win);
            wk::Kiosk kiosk(app, fe);
            kiosk.fonts_built_ahead(fonts.get());
            rc = args.script.empty() ? interactive(kiosk, *win, clock)
                                     : wk::run_script(args.script, kiosk, clock.now(wk::wall_clock_ms()), err);
            waker = nullptr;
            win.reset();
        }
        if (rc != 0) std::cerr << err << "\n";
        return rc;
    } catch (const wk::db::Error& e) {
        std::cerr << "wardkiosk: store: " << e.what() << "\n";
        return 2;
    }
}
