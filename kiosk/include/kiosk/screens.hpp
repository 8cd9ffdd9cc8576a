// The screens: functions that draw from the App's state and turn taps into App
// actions. They hold no state of their own (ImGui's widget ids aside).
#pragma once
#include "kiosk/app.hpp"
#include "kiosk/ui.hpp"

namespace wk::screens {

struct Chrome {
    bool high_contrast = false;
    bool large_text = false;        // everything 1.25 times larger
    ImTextureID preview = nullptr;  // the printed receipt as a texture, when there is one
    float preview_w = 0, preview_h = 0;
    // The lookup's photos as textures, in the order of LookupView::thumbs (null headless).
    struct Photo {
        ImTextureID id = nullptr;
        float w = 0, h = 0;
    };
    std::vector<Photo> photos;
};

// Draws the whole frame: a full-screen surface, the current screen, the idle prompt.
void draw_frame(ui::Ui& ui, App& app, Chrome& chrome, UnixMs now);

void draw_home(ui::Ui& ui, App& app, Chrome& chrome, UnixMs now);
void draw_wizard(ui::Ui& ui, App& app, UnixMs now);
void draw_receipt(ui::Ui& ui, App& app, const Chrome& chrome, UnixMs now);
void draw_lookup(ui::Ui& ui, App& app, const Chrome& chrome, UnixMs now);
void draw_board(ui::Ui& ui, App& app, UnixMs now);
void draw_stats(ui::Ui& ui, App& app, UnixMs now);
void draw_staff_pin(ui::Ui& ui, App& app, UnixMs now);
void draw_staff(ui::Ui& ui, App& app, UnixMs now);
void draw_staff_log(ui::Ui& ui, App& app, UnixMs now);
void draw_staff_code(ui::Ui& ui, App& app, UnixMs now);
// "Restart or shut down?" over the operations screen, in a window of its own in front.
void draw_power_menu(ui::Ui& ui, App& app, UnixMs now);

// Shared pieces
void header(ui::Ui& ui, const std::string& title, App& app);  // title and a home button
std::string category_name(const App& app, const std::string& code);  // in the kiosk's language
// `s` as one paragraph of at most `lines` lines `wrap` wide in the large font, " …" when cut.
std::string preview(const ui::Ui& ui, std::string s, float wrap, int lines);
// An on-screen keyboard in the box from `left` (full `width`) down from `top`.
// Rows shrink to end above `bottom`, but never below the minimum touch size.
void keyboard(ui::Ui& ui, App& app, float left, float top, float width, bool code_keypad, UnixMs now,
              float bottom = 1e9f);
// Where a step's content must end: above the message line and the Back/Next bar.
float content_bottom(const ui::Ui& ui);
bool message_in_bar(const ui::Ui& ui);
// The height five rows of the on-screen keyboard need at the least.
float keyboard_min_height(const ui::Ui& ui);
void message(ui::Ui& ui, const std::string& msgid);

}  // namespace wk::screens
