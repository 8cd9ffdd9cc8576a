// A frontend with no window and no GPU: ImGui builds its frames and draw lists, and
// nothing is drawn. For --headless runs, tests and benchmarks.
#pragma once
#include "kiosk/kiosk.hpp"

namespace wk {

class HeadlessFrontend : public Frontend {
  public:
    HeadlessFrontend(float w, float h) : m_w(w), m_h(h) {}
    void size(float& w, float& h) override {
        w = m_w;
        h = m_h;
    }
    void begin_frame() override {}
    void end_frame() override {}
    void fonts_rebuilt() override {
        unsigned char* px;
        int w, h;
        ImGui::GetIO().Fonts->GetTexDataAsAlpha8(&px, &w, &h);
    }
    bool screenshot(const std::string&, std::string& error) override {
        error = "screenshots need a real window (run without --headless, under Xvfb if there is no display)";
        return false;
    }

    ImTextureID upload_image(const std::vector<uint8_t>&, int, int) override { return nullptr; }
    void release_image(ImTextureID) override {}

  private:
    float m_w, m_h;
};

}  // namespace wk
