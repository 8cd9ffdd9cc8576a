// Receipt: the code in very large type, grouped for reading aloud; the QR of the
// lookup URL; what happens next and by when. Clears itself after a set time.
#include "kiosk/screens.hpp"
#include "kiosk/strings.hpp"
#include "sync/receipt_code.hpp"

namespace wk::screens {

// The printed paper as drawn, scaled into the box at `at` (landscape screens only).
static void preview(ui::Ui& ui, const Chrome& chrome, ImVec2 at, float max_w, float max_h) {
    if (!chrome.preview || chrome.preview_w <= 0) return;
    float scale = std::min(max_w / chrome.preview_w, max_h / chrome.preview_h);
    ImVec2 size(chrome.preview_w * scale, chrome.preview_h * scale);
    ImGui::SetCursorPos(at);
    ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::Image(chrome.preview, size);
    ImGui::GetWindowDrawList()->AddRect(p, ImVec2(p.x + size.x, p.y + size.y), ui.theme().border);
    ui.record_text("[receipt preview]");
}

// The second QR: the phone's page for adding photos of the problem.
static void photos_qr(ui::Ui& ui, const PhotoLinkView& link, ImVec2 at, float side) {
    ImGui::SetCursorPos(at);
    ui.qr(link.qr, side, link.url);
    ImGui::SetCursorPos(ImVec2(at.x, at.y + side + 0.3f * ui.em()));
    ui.text(_("Add photos from your phone"), ui::Font::body, 0, side);
}

void draw_receipt(ui::Ui& ui, App& app, const Chrome& chrome, UnixMs now) {
    float em = ui.em();
    const Receipt& r = app.state().receipt;
    bool narrow = ui.width() < ui.height();
    ImGui::SetCursorPos(ImVec2(em, em));
    ui.text(_("Your report has been saved"), ui::Font::title, ui.theme().ok);
    ImGui::SetCursorPos(ImVec2(em, 4.4f * em));
    ui.text(_("Your receipt code:"), ui::Font::large);
    ImGui::SetCursorPos(ImVec2(em, 6 * em));
    ui.text(receipt::grouped(r.code), ui::Font::huge, ui.theme().primary);
    float qr_side = std::min(narrow ? ui.width() * 0.5f : 12 * em, 14 * em);
    ImVec2 qr_at = narrow ? ImVec2(em, 11 * em) : ImVec2(ui.width() - qr_side - 2 * em, 4 * em);
    ImGui::SetCursorPos(qr_at);
    ui.qr(r.qr, qr_side, r.url);
    ImGui::SetCursorPos(ImVec2(qr_at.x, qr_at.y + qr_side + 0.3f * em));
    ui.text(_("Scan to follow on your phone"), ui::Font::body, ui.theme().muted, qr_side);
    float below = qr_at.y + qr_side + 3 * em;  // under the QR and its caption
    if (r.photos) {
        // Beside the first on a narrow screen; under it, a little smaller, on a wide one.
        float side = narrow ? std::min(qr_side, ui.width() - qr_side - 4 * em) : 9 * em;
        ImVec2 at = narrow ? ImVec2(qr_at.x + qr_side + 2 * em, qr_at.y) : ImVec2(qr_at.x, below - em);
        photos_qr(ui, *r.photos, at, side);
        if (!narrow) qr_side = std::max(qr_side, side);
    }
    float y = narrow ? below : 11 * em;
    float wrap = narrow ? ui.width() - 2 * em : ui.width() - qr_side - 5 * em;
    float col = ui.width() * 0.22f;
    // The paper between the text and the QR, where the text keeps room enough.
    if (!narrow && chrome.preview && wrap - col - 2 * em >= 20 * em) {
        wrap -= col + 2 * em;
        preview(ui, chrome, ImVec2(em + wrap + em, 4 * em), col, ui.height() - 11 * em);
    }
    ImGui::SetCursorPos(ImVec2(em, y));
    ui.text(i18n::format(_("Saved at {} at this kiosk."), {i18n::local_time(r.created_at)}), ui::Font::large, 0, wrap);
    ImGui::SetCursorPosX(em);
    ui.text(i18n::format(_("What happens next: the report goes to the province's portal, which forwards it to the "
                           "responsible agency. The agency answers within {} working days."),
                         {std::to_string(app.settings().expected_days)}),
            ui::Font::large, 0, wrap);
    ImGui::SetCursorPosX(em);
    ui.text(_("Keep this code: type or scan it at any ward kiosk to see the answer."), ui::Font::large, 0, wrap);
    const PrintView& pv = app.print_view();
    if (pv.status != PrintView::Status::none) {
        ImGui::SetCursorPos(ImVec2(em, ui.height() - (narrow ? 7.6f : 6.2f) * em));
        ui.text(_(pv.message.c_str()), ui::Font::large,
                pv.status == PrintView::Status::failed ? ui.theme().error : ui.theme().ok, ui.width() - 2 * em);
    }
    if (app.can_print()) {
        ImGui::SetCursorPos(ImVec2(ui.width() - 26 * em, ui.height() - 3.4f * em));
        bool again = pv.status != PrintView::Status::none;
        if (ui.button("receipt.print", again ? _("Print again") : _("Print"), ImVec2(12 * em, 2.6f * em),
                      ui::Style::secondary) &&
            pv.status != PrintView::Status::printing) {
            app.touched(now);
            app.print_receipt();
        }
    }
    // Beside the buttons when there is room, above them on a narrow screen. A receipt
    // that did not print does not clear by itself: the kiosk asks first.
    if (!app.receipt_unprinted()) {
        UnixMs left = app.state().receipt_shown_at + app.settings().receipt_clear_ms - now;
        ImGui::SetCursorPos(ImVec2(em, ui.height() - (narrow ? 4.6f : 3.4f) * em));
        ui.text(i18n::format(_("This screen clears itself in {} seconds."),
                             {std::to_string(std::max<UnixMs>(0, left) / 1000)}),
                ui::Font::body, ui.theme().muted);
    }
    ImGui::SetCursorPos(ImVec2(ui.width() - 13 * em, ui.height() - 3.4f * em));
    if (ui.button("receipt.done", _("Done"), ImVec2(12 * em, 2.6f * em))) app.go_home();
}

}  // namespace wk::screens
