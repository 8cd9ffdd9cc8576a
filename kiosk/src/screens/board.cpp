// Reports board and statistics: this year's reports by field and processing state,
// by month, resolved and resolved on time, drawn from App's Figures (figures.hpp).
// The province's figures come from the public reports the agent pulls, for the
// kiosk's ward or the whole province (a switch); before the first pull, the figures
// of this kiosk alone, and the screen says so. Only counts: no report text, no person.
#include <algorithm>

#include "kiosk/screens.hpp"
#include "kiosk/strings.hpp"

namespace wk::screens {
namespace {

std::string name_of(const App& app, const std::string& code) {
    const Category* c = app.category(code);
    if (!c) return code;
    return i18n::language() == "en" && !c->name_en.empty() ? c->name_en : c->name_vi;
}

// The ward / whole-province switch, right of the title line; absent before a pull.
// Returns where the screen's content starts, below it.
float scope_switch(ui::Ui& ui, App& app, UnixMs now) {
    const Figures& f = app.state().figures;
    if (!f.province_data) return 3.8f * ui.em();
    float em = ui.em(), w = 9 * em, h = ui.min_touch();
    float x = ui.width() - 2 * w - 1.5f * em;
    ImGui::SetCursorPos(ImVec2(x, 3.6f * em));
    if (ui.button("board.ward", app.settings().ward, ImVec2(w, h),
                  f.scope == Scope::ward ? ui::Style::selected : ui::Style::secondary, ui::Font::body))
        app.touched(now), app.set_scope(Scope::ward, now);
    ImGui::SetCursorPos(ImVec2(x + w + 0.5f * em, 3.6f * em));
    if (ui.button("board.province", _(whole_area_label(app.settings().province)), ImVec2(w, h),
                  f.scope == Scope::province ? ui::Style::selected : ui::Style::secondary, ui::Font::body))
        app.touched(now), app.set_scope(Scope::province, now);
    return 3.6f * em + h + 0.4f * em;
}

// One line under the title: whose reports these are, and how fresh.
std::string subtitle(const App& app) {
    const Figures& f = app.state().figures;
    if (!f.province_data) return _("Reports filed at this kiosk this year, by field and by processing status.");
    std::string where = f.scope == Scope::ward ? app.settings().ward : app.settings().province;
    std::string when = vietnam_time(open311::parse_iso8601(f.as_of).value_or(0));
    return i18n::format(_("This year's reports in {}, as the portal published them at {}."), {where, when});
}

}  // namespace

void draw_board(ui::Ui& ui, App& app, UnixMs now) {
    float em = ui.em();
    header(ui, _("Reports board"), app);
    float top = scope_switch(ui, app, now);
    const Figures& f = app.state().figures;
    ImGui::SetCursorPos(ImVec2(em, top));
    ui.text(subtitle(app), ui::Font::body, ui.theme().muted, ui.width() - 2 * em);
    float x[4] = {em, ui.width() * 0.45f, ui.width() * 0.62f, ui.width() * 0.80f};
    const char* heads[4] = {N_("Field"), N_("Waiting to be sent"), N_("Being handled"), N_("Done")};
    // A subtitle or a head that wraps (portrait, large text) pushes what follows down.
    float y = std::max(top + 2.4f * em, ImGui::GetCursorPosY() + 0.3f * em), below_heads = y + 2.6f * em;
    for (int i = 0; i < 4; ++i) {
        ImGui::SetCursorPos(ImVec2(x[i], y));
        ui.text(_(heads[i]), ui::Font::large, ui.theme().primary, ui.width() * 0.17f);
        below_heads = std::max(below_heads, ImGui::GetCursorPosY() + 0.4f * em);
    }
    y = below_heads;
    ImGui::SetCursorPos(ImVec2(em, y));
    // A store that cannot be read is not a year without reports (nor last read's figures).
    if (!app.state().message.empty()) return message(ui, app.state().message);
    if (f.fields.empty()) return ui.text(_("No reports yet this year."), ui::Font::large);
    // Every field the portal counts, however many: the rows scroll under the heads.
    ui::ScrollRegion rows(ui, "board.rows", ImVec2(0, y), ImVec2(ui.width(), ui.height() - y - 0.5f * em));
    float row_y = 0;
    for (const FieldFigures& row : f.fields) {
        ImGui::SetCursorPos(ImVec2(x[0], row_y));
        ui.text(name_of(app, row.code), ui::Font::large, 0, x[1] - x[0] - em);
        float next = std::max(row_y + 2 * em, ImGui::GetCursorPosY() + 0.4f * em);  // a name may wrap
        const int64_t n[3] = {row.waiting, row.handling, row.done};
        for (int i = 0; i < 3; ++i) {
            ImGui::SetCursorPos(ImVec2(x[i + 1], row_y));
            ui.text(std::to_string(n[i]), ui::Font::large);
        }
        row_y = next;
    }
}

namespace {

std::string stats_summary(const App& app) {
    const Figures& f = app.state().figures;
    std::string total = std::to_string(f.total), resolved = std::to_string(f.resolved);
    if (!f.province_data) return i18n::format(_("This year at this kiosk: {} reports, {} resolved."), {total, resolved});
    std::string where = f.scope == Scope::ward ? app.settings().ward : app.settings().province;
    return i18n::format(_("This year in {}: {} reports, {} resolved, {} of them on time."),
                        {where, total, resolved, std::to_string(f.on_time)});
}

// Twelve bars on a base line, each with its count above it and its month below;
// "no data yet" instead when the year has none.
void month_chart(ui::Ui& ui, const Figures& f, float mx, float my, float col_w) {
    float em = ui.em();
    int64_t max_month = 0;
    for (int m = 1; m <= 12; ++m) max_month = std::max(max_month, f.months[static_cast<size_t>(m)]);
    ImGui::SetCursorPos(ImVec2(mx, my));
    ui.text(_("By month"), ui::Font::large, ui.theme().primary);
    if (max_month == 0) {
        ImGui::SetCursorPos(ImVec2(mx, my + 2.4f * em));
        ui.text(_("No data yet."), ui::Font::body, ui.theme().muted, col_w);
        return;
    }
    float chart_h = 9 * em, bw = col_w / 12.0f;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImFont* small = ui.font(ui::Font::body);
    float label = small->FontSize, base = my + 2.4f * em + label + chart_h;
    for (int m = 1; m <= 12; ++m) {
        int64_t n = f.months[static_cast<size_t>(m)];
        float h = chart_h * static_cast<float>(n) / static_cast<float>(max_month);
        float bx = mx + static_cast<float>(m - 1) * bw;
        ImGui::SetCursorPos(ImVec2(bx, base));  // on the screen where the cursor is (scrolled or not)
        ImVec2 b = ImGui::GetCursorScreenPos();
        dl->AddRectFilled(ImVec2(b.x + 0.15f * bw, b.y - std::max(h, 1.0f)), ImVec2(b.x + 0.85f * bw, b.y),
                          ui.theme().primary);
        std::string count = n < 10000 ? std::to_string(n) : std::to_string(n / 1000) + "k";  // fits a bar's width
        float cw = small->CalcTextSizeA(label, FLT_MAX, 0, count.c_str()).x;
        ImGui::SetCursorPos(ImVec2(bx + (bw - cw) * 0.5f, base - h - label - 0.15f * em));
        ui.text(count, ui::Font::body);
        std::string month = std::to_string(m);
        float mw = small->CalcTextSizeA(label, FLT_MAX, 0, month.c_str()).x;
        ImGui::SetCursorPos(ImVec2(bx + (bw - mw) * 0.5f, base + 0.2f * em));
        ui.text(month, ui::Font::body, ui.theme().muted);
    }
    ImGui::SetCursorPos(ImVec2(mx, base));
    ImVec2 b = ImGui::GetCursorScreenPos();
    dl->AddLine(b, ImVec2(b.x + col_w, b.y), ui.theme().border, std::max(1.0f, 0.08f * em));  // the base line
}

// The bars by field from the region's top; returns the y below them.
float field_bars(ui::Ui& ui, const App& app, float col_w) {
    float em = ui.em(), y = 0;
    const Figures& f = app.state().figures;
    int64_t max_cat = 1;
    for (const auto& row : f.fields) max_cat = std::max(max_cat, row.total());
    if (f.fields.empty()) {
        ImGui::SetCursorPos(ImVec2(em, y));
        ui.text(_("No data yet."), ui::Font::body, ui.theme().muted, col_w);
        return 1.6f * em;
    }
    for (const auto& row : f.fields) {
        ImGui::SetCursorPos(ImVec2(em, y));
        ui.text(name_of(app, row.code) + "  " + std::to_string(row.total()), ui::Font::body);
        ImGui::SetCursorPos(ImVec2(em, y + 1.4f * em));
        ui.bar(static_cast<float>(row.total()), static_cast<float>(max_cat), col_w, 0.8f * em, ui.theme().primary);
        y += 2.6f * em;
    }
    return y;
}

}  // namespace

void draw_stats(ui::Ui& ui, App& app, UnixMs now) {
    float em = ui.em();
    header(ui, _("Statistics"), app);
    float top = scope_switch(ui, app, now);
    const Figures& f = app.state().figures;
    ImGui::SetCursorPos(ImVec2(em, top));
    if (!app.state().message.empty()) message(ui, app.state().message);
    else ui.text(stats_summary(app), ui::Font::large, 0, ui.width() - 2 * em);
    bool narrow = ui.width() < ui.height();
    float col_w = narrow ? ui.width() - 2 * em : ui.width() * 0.5f - 1.5f * em;
    float y = top + 2.7f * em;
    ImGui::SetCursorPos(ImVec2(em, y));
    ui.text(_("By field"), ui::Font::large, ui.theme().primary);
    if (!narrow) month_chart(ui, f, ui.width() * 0.5f + em, y, col_w);
    // The bars scroll under their heading; on a narrow screen the months follow them.
    y += 2.2f * em;
    float region_w = narrow ? ui.width() : col_w + em + ui::kScrollBarEm * em;
    ui::ScrollRegion bars(ui, "stats.fields", ImVec2(0, y), ImVec2(region_w, ui.height() - y - 0.5f * em));
    float below = field_bars(ui, app, col_w);
    if (narrow) month_chart(ui, f, em, below + em, col_w);
}

}  // namespace wk::screens
