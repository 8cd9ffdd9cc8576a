// The kiosk's frame loop core, shared by the interactive window, the scripted driver
// and the headless runs: it owns the widget recorder, the scanner detector and the
// fonts, and drives one ImGui frame at a time over the App. The window itself stays
// behind the Frontend interface, implemented in main.cpp (the only file that sees it).
#pragma once
#include <future>
#include <optional>
#include <string>
#include <vector>

#include <imgui.h>

#include "kiosk/app.hpp"
#include "kiosk/scan_detector.hpp"
#include "kiosk/screens.hpp"
#include "kiosk/ui.hpp"

namespace wk {

class Frontend {
  public:
    virtual ~Frontend() = default;
    virtual void size(float& w, float& h) = 0;
    virtual void begin_frame() = 0;    // backends' NewFrame (nothing when headless)
    virtual void end_frame() = 0;      // draw and present (nothing when headless)
    virtual void fonts_rebuilt() = 0;  // upload the new atlas
    // Writes the last presented frame as PNG; false with `error` when impossible.
    virtual bool screenshot(const std::string& path, std::string& error) = 0;
    // An RGBA image as a texture ImGui can draw; nullptr where nothing is drawn (headless).
    virtual ImTextureID upload_image(const std::vector<uint8_t>& rgba, int w, int h) = 0;
    virtual void release_image(ImTextureID id) = 0;
};

struct Touch {
    ImVec2 pos;
    bool down = false;
};

class Kiosk {
  public:
    Kiosk(App& app, Frontend& frontend);
    // The fonts were built ahead for `em` (build_fonts_ahead's result): the first frame
    // only uploads them. 0 (the build failed) leaves the first frame to try again.
    void fonts_built_ahead(float em);
    // One frame at `now`; `touch` replaces the pointer (scripted taps).
    void frame(UnixMs now, const std::optional<Touch>& touch = std::nullopt);
    // Keyboard or scanner input; returns true when something happened.
    bool key(const KeyInput& k);
    bool poll_keys(UnixMs now);  // releases held characters as typing
    bool holding_keys() const { return m_scan.holding(); }

    App& app() { return m_app; }
    Frontend& frontend() { return m_frontend; }
    const ui::Ui& ui() const { return m_ui; }
    screens::Chrome& chrome() { return m_chrome; }

  private:
    bool apply(const std::vector<ScanOutput>& out);
    static std::string view_of(const KioskState& s);
    App& m_app;
    Frontend& m_frontend;
    ui::Ui m_ui;
    screens::Chrome m_chrome;
    ScanDetector m_scan;
    void sync_preview();
    void sync_photos();
    float m_font_em = 0;
    bool m_upload_fonts = false;
    bool m_shown = false;         // a frame has been presented  // the atlas changed since the frontend last uploaded it
    int m_sessions_seen = 0;
    std::string m_view;  // view_of the last frame: scroll positions belong to it
    std::shared_ptr<const print::Bitmap> m_preview_of;  // the bitmap the texture shows
    std::vector<std::string> m_photos_of;  // the thumbnails' URLs the lookup's textures show
    UnixMs m_last_frame = 0;
    UnixMs m_now = 0;
};

// Starts building the current ImGui context's font atlas for a `width` x `height` screen
// on another thread, so that it overlaps opening the store and the window; yields the
// em it built for (0 on failure) for Kiosk::fonts_built_ahead. Nothing else may touch
// the atlas until then: the window opens against a scratch atlas of its own.
std::future<float> build_fonts_ahead(float width, float height);

// Runs a script (one step a line: tap, hold ID SECONDS, drag ID PIXELS, type, keys, scan,
// wait, expect, absent, dump, screenshot). Returns 0 on success; otherwise prints
// "FILE:LINE: step: why" on `error` and returns 1.
int run_script(const std::string& path, Kiosk& kiosk, UnixMs start, std::string& error);

}  // namespace wk
