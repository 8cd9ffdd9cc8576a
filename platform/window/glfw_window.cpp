// GLFW window with an OpenGL 3.3 core context and the ImGui backends from libimgui.a.
#include "glfw_window.hpp"

#define GLFW_INCLUDE_NONE
#include <GL/gl.h>
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <algorithm>

namespace wk::window {

struct Callbacks {
    static Window* self(GLFWwindow* w) { return static_cast<Window*>(glfwGetWindowUserPointer(w)); }
    static void on_char(GLFWwindow* w, unsigned int c) {
        self(w)->m_events.push_back({KeyEvent::Kind::text, c, glfwGetTime()});
    }
    static void on_pointer(GLFWwindow* w, int, int, int) { ++self(w)->m_pointer_events; }
    static void on_move(GLFWwindow* w, double, double) { ++self(w)->m_pointer_events; }
    static void on_scroll(GLFWwindow* w, double, double) { ++self(w)->m_pointer_events; }
    static void on_size(GLFWwindow* w, int, int) { ++self(w)->m_pointer_events; }
    static void on_key(GLFWwindow* w, int key, int, int action, int) {
        if (action != GLFW_PRESS && action != GLFW_REPEAT) return;
        KeyEvent::Kind k;
        if (key == GLFW_KEY_TAB) {  // no character event of its own: typed as one, so words stay apart
            self(w)->m_events.push_back({KeyEvent::Kind::text, U'\t', glfwGetTime()});
            return;
        }
        if (key == GLFW_KEY_ENTER || key == GLFW_KEY_KP_ENTER) k = KeyEvent::Kind::enter;
        else if (key == GLFW_KEY_BACKSPACE) k = KeyEvent::Kind::backspace;
        else if (key == GLFW_KEY_ESCAPE) k = KeyEvent::Kind::escape;
        else return;
        self(w)->m_events.push_back({k, 0, glfwGetTime()});
    }
};

void Window::expected_size(const Options& o, int& w, int& h) {
    w = o.width;
    h = o.height;
    if (!o.fullscreen || !glfwInit()) return;  // create() starts GLFW anyway; a second init is free
    if (GLFWmonitor* mon = glfwGetPrimaryMonitor()) {
        const GLFWvidmode* mode = glfwGetVideoMode(mon);
        w = mode->width;
        h = mode->height;
    }
}

std::unique_ptr<Window> Window::create(const Options& o, std::string& error) {
    if (!glfwInit()) {
        const char* d = nullptr;
        glfwGetError(&d);
        error = std::string("cannot start GLFW: ") + (d ? d : "no display");
        return nullptr;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    GLFWmonitor* mon = o.fullscreen ? glfwGetPrimaryMonitor() : nullptr;
    int w = o.width, h = o.height;
    if (mon) {
        const GLFWvidmode* mode = glfwGetVideoMode(mon);
        w = mode->width;
        h = mode->height;
    }
    std::unique_ptr<Window> win(new Window());
    win->m_window = glfwCreateWindow(w, h, o.title.c_str(), mon, nullptr);
    if (!win->m_window) {
        const char* d = nullptr;
        glfwGetError(&d);
        error = std::string("cannot open an OpenGL 3.3 window: ") + (d ? d : "unknown reason");
        glfwTerminate();
        return nullptr;
    }
    glfwMakeContextCurrent(win->m_window);
    glfwSwapInterval(1);
    glfwSetWindowUserPointer(win->m_window, win.get());
    // Ours first: ImGui's backend chains to callbacks installed before it.
    glfwSetCharCallback(win->m_window, Callbacks::on_char);
    glfwSetKeyCallback(win->m_window, Callbacks::on_key);
    glfwSetMouseButtonCallback(win->m_window, Callbacks::on_pointer);
    glfwSetCursorPosCallback(win->m_window, Callbacks::on_move);
    glfwSetScrollCallback(win->m_window, Callbacks::on_scroll);
    glfwSetFramebufferSizeCallback(win->m_window, Callbacks::on_size);
    ImGui_ImplGlfw_InitForOpenGL(win->m_window, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");
    // The shaders now, against a scratch atlas: the caller's may still be building on
    // another thread, and the backend would otherwise upload it a second time, as RGBA,
    // on the first frame. reload_fonts uploads the caller's.
    ImGuiIO& io = ImGui::GetIO();
    ImFontAtlas* fonts = io.Fonts;
    ImFontAtlas scratch;
    io.Fonts = &scratch;
    ImGui_ImplOpenGL3_CreateDeviceObjects();
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    io.Fonts = fonts;
    return win;
}

Window::~Window() {
    if (!m_window) return;
    drop_font_texture();
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    glfwDestroyWindow(m_window);
    glfwTerminate();
}

bool Window::should_close() const { return glfwWindowShouldClose(m_window); }
void Window::keep_open() const {
    glfwSetWindowCloseCallback(m_window, [](GLFWwindow* w) { glfwSetWindowShouldClose(w, GLFW_FALSE); });
}
void Window::wait_events(double timeout_s) { glfwWaitEventsTimeout(timeout_s); }
void Window::wake() { glfwPostEmptyEvent(); }
double Window::now_s() const { return glfwGetTime(); }

std::vector<KeyEvent> Window::take_key_events() {
    std::vector<KeyEvent> out;
    out.swap(m_events);
    return out;
}

int Window::take_pointer_events() {
    int n = m_pointer_events;
    m_pointer_events = 0;
    return n;
}

void Window::size(int& w, int& h) const { glfwGetFramebufferSize(m_window, &w, &h); }

void Window::new_frame() {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
}

void Window::present() {
    int w, h;
    glfwGetFramebufferSize(m_window, &w, &h);
    glViewport(0, 0, w, h);
    glClearColor(0, 0, 0, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (m_keep) {
        m_frame.resize(static_cast<size_t>(w) * static_cast<size_t>(h) * 4);
        m_frame_w = w;
        m_frame_h = h;
        glPixelStorei(GL_PACK_ALIGNMENT, 1);
        glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, m_frame.data());
    }
    glfwSwapBuffers(m_window);
}

void* Window::upload_image(const std::vector<uint8_t>& rgba, int w, int h) {
    if (w <= 0 || h <= 0 || rgba.size() < static_cast<size_t>(w) * static_cast<size_t>(h) * 4) return nullptr;
    GLuint tex = 0;
    glGenTextures(1, &tex);
    glBindTexture(GL_TEXTURE_2D, tex);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
    return reinterpret_cast<void*>(static_cast<intptr_t>(tex));
}

void Window::release_image(void* id) {
    GLuint tex = static_cast<GLuint>(reinterpret_cast<intptr_t>(id));
    if (tex) glDeleteTextures(1, &tex);
}

// The atlas as one byte a pixel (a quarter of the backend's RGBA upload), read by the
// backend's shader as white with that alpha through the texture swizzle.
void Window::reload_fonts() {
    drop_font_texture();
    unsigned char* px = nullptr;
    int w = 0, h = 0;
    ImGui::GetIO().Fonts->GetTexDataAsAlpha8(&px, &w, &h);
    GLint last = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &last);
    glGenTextures(1, &m_font_texture);
    glBindTexture(GL_TEXTURE_2D, m_font_texture);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    const GLint swizzle[4] = {GL_ONE, GL_ONE, GL_ONE, GL_RED};
    glTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_RGBA, swizzle);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, w, h, 0, GL_RED, GL_UNSIGNED_BYTE, px);
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(last));
    ImGui::GetIO().Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(m_font_texture)));
}

void Window::drop_font_texture() {
    if (m_font_texture) glDeleteTextures(1, &m_font_texture);
    m_font_texture = 0;
}

bool Window::read_pixels(std::vector<uint8_t>& rgba, int& w, int& h) const {
    if (m_frame.empty()) return false;
    w = m_frame_w;
    h = m_frame_h;
    size_t row = static_cast<size_t>(w) * 4;
    rgba.resize(m_frame.size());
    for (int y = 0; y < h; ++y)  // OpenGL's rows run bottom-up
        std::copy_n(m_frame.begin() + static_cast<long>(row * static_cast<size_t>(h - 1 - y)), row,
                    rgba.begin() + static_cast<long>(row * static_cast<size_t>(y)));
    return true;
}

}  // namespace wk::window
