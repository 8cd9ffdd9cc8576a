// Category icons drawn as vectors with ImGui's draw list: no image files, crisp at any
// size, recoloured by the theme. One pictogram per default category; any other code
// (a category only the portal knows) gets a neutral one. The home screen's actions have
// theirs under "action.report", "action.lookup", "action.board" and "action.stats".
#pragma once
#include <imgui.h>
#include <string_view>

namespace wk::icons {

// Draws the icon for `category_code` (or an action's) centred at `c` within a circle of radius `r`.
void draw(ImDrawList* dl, std::string_view category_code, ImVec2 c, float r, ImU32 color);
// True when the code has its own pictogram (the neutral one otherwise).
bool has_own(std::string_view category_code);

}  // namespace wk::icons
