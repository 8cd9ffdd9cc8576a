// The kiosk's window: GLFW + OpenGL 3.3 + Dear ImGui's GLFW and OpenGL3 backends.
// A thin pair with glfw_window.cpp, in the manner of ImGui's example main files.
// Only the kiosk's main.cpp includes this. The caller owns the ImGui context and
// creates it before the window. Missing: multi-monitor choice, gamma, touch gestures
// beyond GLFW's mouse emulation.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

struct GLFWwindow;

namespace wk::window {

struct Options {
    int width = 1920;
    int height = 1080;
    bool fullscreen = false;
    std::string title = "wardkiosk";
};

// Text and keys as they arrived, with the arrival time, so the kiosk can tell a
// barcode scanner's burst from a person typing.
struct KeyEvent {
    enum class Kind { text, enter, backspace, escape } kind = Kind::text;
    uint32_t codepoint = 0;  // for text
    double at_s = 0;         // glfwGetTime() at arrival
};

class Window {
  public:
    // Opens the window and starts the backends; nullptr and `error` on failure.
    // The caller's ImGui atlas is not touched: it may be building on another thread.
    static std::unique_ptr<Window> create(const Options& o, std::string& error);
    // The framebuffer size create() will most likely give (the screen's, full screen).
    static void expected_size(const Options& o, int& w, int& h);
    ~Window();

    bool should_close() const;
    // Refuse the window manager's close requests (a kiosk under cage stays up).
    void keep_open() const;
    void wait_events(double timeout_s);   // sleeps until input or the timeout
    void wake();                          // makes wait_events return now (any thread)
    std::vector<KeyEvent> take_key_events();
    int take_pointer_events();            // mouse or touch events since the last call
    void size(int& w, int& h) const;      // framebuffer size in pixels
    double now_s() const;

    void new_frame();           // backends' NewFrame; then the caller runs ImGui::NewFrame
    void present();             // ImGui::Render's draw data to the screen (after ImGui::Render)
    void reload_fonts();        // after the caller rebuilt the font atlas
    // An RGBA image as an OpenGL texture for ImGui::Image; 0 on failure. The caller
    // releases it with release_image.
    void* upload_image(const std::vector<uint8_t>& rgba, int w, int h);
    void release_image(void* id);
    // Keep a copy of each presented frame (for scripted screenshots; costs a read-back).
    void keep_frames(bool on) { m_keep = on; }
    // The last presented frame's pixels, RGBA, top row first; needs keep_frames(true).
    bool read_pixels(std::vector<uint8_t>& rgba, int& w, int& h) const;

    Window(const Window&) = delete;
    Window& operator=(const Window&) = delete;

  private:
    Window() = default;
    void drop_font_texture();
    GLFWwindow* m_window = nullptr;
    unsigned m_font_texture = 0;  // GLuint: the kiosk's font atlas, one byte a pixel
    std::vector<KeyEvent> m_events;
    int m_pointer_events = 0;
    bool m_keep = false;
    std::vector<uint8_t> m_frame;
    int m_frame_w = 0, m_frame_h = 0;
    friend struct Callbacks;
};

}  // namespace wk::window
