// One frame at a time: fonts follow the screen size, keys go through the scanner
// detector into the App, the screens draw.
#include "kiosk/kiosk.hpp"

#include <stb/stb_image.h>

#include <cmath>
#include <memory>

#include "kiosk/strings.hpp"
#include "platform/log.hpp"
#include "platform/service.hpp"
#include "platform/utf8.hpp"
#include "print/png.hpp"

namespace wk {

Kiosk::Kiosk(App& app, Frontend& frontend) : m_app(app), m_frontend(frontend) {}

std::future<float> build_fonts_ahead(float width, float height) {
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    float em = ui::em_for_screen(width, height);
    return std::async(std::launch::async, [atlas, em] { return ui::build_fonts(*atlas, em) ? em : 0.0f; });
}

void Kiosk::fonts_built_ahead(float em) {
    m_font_em = em;
    m_upload_fonts = em > 0;
}

// What a scroll position belongs to: one screen (one wizard step, one looked-up
// report) for one citizen. A list that changes under it (a retried report) keeps it.
std::string Kiosk::view_of(const KioskState& s) {
    return std::to_string(static_cast<int>(s.screen)) + "/" + std::to_string(static_cast<int>(s.step)) + "/" +
           std::to_string(s.sessions_ended) + "/" + (s.lookup.report ? s.lookup.report->code : "");
}

void Kiosk::frame(UnixMs now, const std::optional<Touch>& touch) {
    ImGuiIO& io = ImGui::GetIO();
    float w, h;
    m_frontend.size(w, h);
    // A session closed by a timer takes its citizen's choices with it.
    if (m_app.state().sessions_ended != m_sessions_seen) {
        m_sessions_seen = m_app.state().sessions_ended;
        m_chrome.high_contrast = m_chrome.large_text = false;
        i18n::set_language(m_app.settings().lang);
    }
    // Another screen, or a new citizen, starts every list at its top.
    if (std::string view = view_of(m_app.state()); view != m_view) {
        m_view = view;
        m_ui.forget_scroll();
    }
    float scale = m_chrome.large_text ? ui::kLargeTextScale : 1.0f;
    float em = ui::em_for_screen(w, h) * scale;
    if (std::fabs(em - m_font_em) > 0.5f) {
        if (!ui::build_fonts(*io.Fonts, em)) log::error("Noto Sans is missing: install fonts-noto-core");
        m_font_em = em;
        m_upload_fonts = true;
    }
    if (m_upload_fonts) {
        io.FontDefault = m_ui.font(ui::Font::body);
        m_frontend.fonts_rebuilt();
        m_upload_fonts = false;
    }
    m_now = now;
    m_frontend.begin_frame();
    io.DisplaySize = ImVec2(w, h);
    io.DeltaTime = m_last_frame && now > m_last_frame ? static_cast<float>(now - m_last_frame) / 1000.0f : 1.0f / 60.0f;
    m_last_frame = now;
    if (touch) {
        io.MousePos = touch->pos;
        io.MouseDown[0] = touch->down;
    }
    m_app.poll_printer(now);
    sync_preview();
    sync_photos();
    ImGui::NewFrame();
    m_ui.begin_frame(w, h, scale);
    // A touch counts only after this frame is drawn: a tap that answers the idle prompt
    // must meet the prompt (screens disabled), not the widget underneath it.
    bool clicked = ImGui::IsMouseClicked(0) || io.MouseWheel != 0;  // a wheel on a staff PC is a touch too
    screens::draw_frame(m_ui, m_app, m_chrome, now);
    if (clicked) m_app.touched(now);
    ImGui::Render();
    m_frontend.end_frame();
    // The first frame is on screen: tell a service manager (or a start-up benchmark).
    if (!m_shown) m_shown = true, service::notify("READY=1");
}

// Keeps the preview texture in step with the App's printed bitmap.
void Kiosk::sync_preview() {
    const auto& now = m_app.print_view().preview;
    if (now == m_preview_of) return;
    if (m_chrome.preview) m_frontend.release_image(m_chrome.preview);
    m_chrome.preview = nullptr;
    m_preview_of = now;
    if (!now) return;
    m_chrome.preview = m_frontend.upload_image(print::to_rgba(*now), now->width(), now->height());
    m_chrome.preview_w = static_cast<float>(now->width());
    m_chrome.preview_h = static_cast<float>(now->height());
}

// Keeps the lookup's photo textures in step with its thumbnails (decoded here, once).
void Kiosk::sync_photos() {
    const LookupView& v = m_app.state().lookup;
    std::vector<std::string> want;
    if (m_app.state().screen == Screen::lookup && v.report)
        for (const PhotoThumb& t : v.thumbs) want.push_back(v.report->code + " " + t.url);
    if (want == m_photos_of) return;
    for (const auto& p : m_chrome.photos)
        if (p.id) m_frontend.release_image(p.id);
    m_chrome.photos.clear();
    m_photos_of = want;
    if (want.empty()) return;
    for (const PhotoThumb& t : v.thumbs) {
        int w = 0, h = 0, n = 0;
        std::unique_ptr<stbi_uc, void (*)(void*)> px(
            stbi_load_from_memory(t.jpeg.data(), static_cast<int>(t.jpeg.size()), &w, &h, &n, 4), stbi_image_free);
        screens::Chrome::Photo p;
        if (px && w > 0 && h > 0 && w <= 1024 && h <= 1024) {
            std::vector<uint8_t> rgba(px.get(), px.get() + static_cast<size_t>(w) * h * 4);
            p = {m_frontend.upload_image(rgba, w, h), static_cast<float>(w), static_cast<float>(h)};
        }
        m_chrome.photos.push_back(p);
    }
}

bool Kiosk::apply(const std::vector<ScanOutput>& out) {
    for (const ScanOutput& o : out) {
        m_app.touched(m_now);
        switch (o.kind) {
        case ScanOutput::Kind::typed:
            if (m_app.keys_through_ime())
                for (char32_t c : utf8::decode(o.text)) m_app.press_key(c);
            else
                m_app.type_text(o.text);
            break;
        case ScanOutput::Kind::enter: m_app.enter(m_now); break;
        case ScanOutput::Kind::backspace: m_app.backspace(); break;
        case ScanOutput::Kind::scan: m_app.on_scan(o.text, m_now); break;
        case ScanOutput::Kind::rejected: m_app.on_scan_rejected(m_now); break;
        }
    }
    return !out.empty();
}

bool Kiosk::key(const KeyInput& k) {
    std::vector<ScanOutput> out;
    m_now = std::max(m_now, k.at);
    m_scan.feed(k, out);
    return apply(out);
}

bool Kiosk::poll_keys(UnixMs now) {
    std::vector<ScanOutput> out;
    m_now = std::max(m_now, now);
    m_scan.poll(now, out);
    return apply(out);
}

}  // namespace wk
