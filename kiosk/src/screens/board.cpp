// Reports board and statistics: this year's reports by field and status, and by
// month, drawn as bars. Only counts; no report text and no personal data.
// For now the figures cover reports filed at this kiosk; the province-wide figures
// come with the public-report pull (issue 3).
#include <algorithm>
#include <array>
#include <map>

#include "kiosk/screens.hpp"
#include "kiosk/strings.hpp"

namespace wk::screens {
namespace {

std::string name_of(const App& app, const std::string& code) {
    const Category* c = app.category(code);
    if (!c) return code;
    return i18n::language() == "en" && !c->name_en.empty() ? c->name_en : c->name_vi;
}

bool done(const std::string& status) { return final_status(status); }

}  // namespace

void draw_board(ui::Ui& ui, App& app) {
    float em = ui.em();
    header(ui, _("Reports board"), app);
    ImGui::SetCursorPos(ImVec2(em, 3.8f * em));
    ui.text(_("Reports filed at this kiosk this year, by field and by processing status."), ui::Font::body,
            ui.theme().muted, ui.width() - 2 * em);
    std::map<std::string, std::array<int64_t, 3>> by_cat;  // waiting, being handled, done
    for (const TallyRow& r : app.state().tally) {
        int col = r.status == "pending" ? 0 : done(r.status) ? 2 : 1;
        by_cat[r.service_code][static_cast<size_t>(col)] += r.count;
    }
    float x[4] = {em, ui.width() * 0.45f, ui.width() * 0.62f, ui.width() * 0.80f};
    const char* heads[4] = {N_("Field"), N_("Waiting to be sent"), N_("Being handled"), N_("Done")};
    float y = 6 * em;
    for (int i = 0; i < 4; ++i) {
        ImGui::SetCursorPos(ImVec2(x[i], y));
        ui.text(_(heads[i]), ui::Font::large, ui.theme().primary, ui.width() * 0.17f);
    }
    y += 2.6f * em;
    if (!app.state().message.empty()) {  // a store that cannot be read is not a year without reports
        ImGui::SetCursorPos(ImVec2(em, y));
        message(ui, app.state().message);
    } else if (by_cat.empty()) {
        ImGui::SetCursorPos(ImVec2(em, y));
        ui.text(_("No reports yet this year."), ui::Font::large);
    }
    for (const auto& [code, n] : by_cat) {
        ImGui::SetCursorPos(ImVec2(x[0], y));
        ui.text(name_of(app, code), ui::Font::large);
        for (int i = 0; i < 3; ++i) {
            ImGui::SetCursorPos(ImVec2(x[i + 1], y));
            ui.text(std::to_string(n[static_cast<size_t>(i)]), ui::Font::large);
        }
        y += 2 * em;
    }
}

void draw_stats(ui::Ui& ui, App& app) {
    float em = ui.em();
    header(ui, _("Statistics"), app);
    std::map<std::string, int64_t> by_cat;
    int64_t months[13] = {}, total = 0, resolved = 0;
    for (const TallyRow& r : app.state().tally) {
        by_cat[r.service_code] += r.count;
        if (r.month >= 1 && r.month <= 12) months[r.month] += r.count;
        total += r.count;
        if (done(r.status)) resolved += r.count;
    }
    ImGui::SetCursorPos(ImVec2(em, 3.8f * em));
    if (!app.state().message.empty())
        message(ui, app.state().message);
    else
        ui.text(i18n::format(_("This year at this kiosk: {} reports, {} resolved."), {std::to_string(total), std::to_string(resolved)}),
                ui::Font::large, 0, ui.width() - 2 * em);
    bool narrow = ui.width() < ui.height();
    float col_w = narrow ? ui.width() - 2 * em : ui.width() * 0.5f - 1.5f * em;
    int64_t max_cat = 1;
    for (const auto& kv : by_cat) max_cat = std::max(max_cat, kv.second);
    float y = 6.5f * em;
    ImGui::SetCursorPos(ImVec2(em, y));
    ui.text(_("By field"), ui::Font::large, ui.theme().primary);
    y += 2.2f * em;
    for (const auto& [code, n] : by_cat) {
        ImGui::SetCursorPos(ImVec2(em, y));
        ui.text(name_of(app, code) + "  " + std::to_string(n), ui::Font::body);
        ImGui::SetCursorPos(ImVec2(em, y + 1.4f * em));
        ui.bar(static_cast<float>(n), static_cast<float>(max_cat), col_w, 0.8f * em, ui.theme().primary);
        y += 2.6f * em;
    }
    int64_t max_month = 1;
    for (int m = 1; m <= 12; ++m) max_month = std::max(max_month, months[m]);
    float mx = narrow ? em : ui.width() * 0.5f + em, my = narrow ? y + em : 6.5f * em;
    ImGui::SetCursorPos(ImVec2(mx, my));
    ui.text(_("By month"), ui::Font::large, ui.theme().primary);
    float chart_h = 10 * em, bw = col_w / 12.0f;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 origin = ImGui::GetWindowPos();
    float base = my + 2.4f * em + chart_h;
    for (int m = 1; m <= 12; ++m) {
        float h = chart_h * static_cast<float>(months[m]) / static_cast<float>(max_month);
        float bx = mx + static_cast<float>(m - 1) * bw;
        dl->AddRectFilled(ImVec2(origin.x + bx + 0.15f * bw, origin.y + base - std::max(h, 1.0f)),
                          ImVec2(origin.x + bx + 0.85f * bw, origin.y + base), ui.theme().primary);
        ImGui::SetCursorPos(ImVec2(bx + 0.2f * bw, base + 0.2f * em));
        ui.text(std::to_string(m), ui::Font::body, ui.theme().muted);
    }
}

}  // namespace wk::screens
