// Lookup: type or scan a receipt code; a wrong check symbol is caught at once; the
// report's timeline, the last successful sync, and a note when the kiosk is offline.
#include <algorithm>

#include "kiosk/screens.hpp"
#include "kiosk/strings.hpp"
#include "sync/open311.hpp"
#include "sync/receipt_code.hpp"

namespace wk::screens {
namespace {

std::string kiosk_number(int kiosk) { return std::to_string(kiosk); }  // as the config and the sticker say

std::string event_line(const Event& e) {
    std::string when = i18n::local_time(e.at) + "  ";
    if (e.kind == "saved") return when + _("Saved at this kiosk");
    if (e.kind == "sent") return when + _("Sent to the portal");
    if (e.kind == "received") return when + i18n::format(_("Received by the portal, case number {}"), {e.notes});
    if (e.kind == "token") return when + _("Accepted by the portal; waiting for a case number");
    if (e.kind == "attention") return when + _("Needs the ward officer's attention");
    if (e.kind == "withdrawn") return when + i18n::format(_("Withdrawn at the citizen's request: {}"), {e.notes});
    if (e.kind == "rated") return when + _("The citizen rated the answer");
    if (e.kind == "status") {
        std::string s = when + _(status_msgid(e.status));
        if (!e.notes.empty()) s += ": " + e.notes;
        return s;
    }
    return when + e.kind;
}

// Closing the loop: the citizen rates the agency's answer once, with an optional comment.
void rating(ui::Ui& ui, App& app, const LookupView& v, float x, float y, float w, UnixMs now) {
    float em = ui.em(), bh = std::max(ui.min_touch(), 2.4f * em), bw = std::min(12 * em, (w - em) / 2);
    ImGui::SetCursorPos(ImVec2(x, y));
    if (v.thanked) {
        ui.text(_("Thank you. Your rating will be passed on to the agency."), ui::Font::large, ui.theme().ok, w);
        return;
    }
    if (!app.can_rate()) return;
    if (!v.satisfied) {
        ui.text(_("Rate this answer:"), ui::Font::large);
        ImGui::SetCursorPos(ImVec2(x, y + 1.8f * em));
        if (ui.button("rate.yes", _("Satisfied"), ImVec2(bw, bh), ui::Style::secondary, ui::Font::body)) {
            app.touched(now);
            app.choose_rating(true);
        }
        ImGui::SetCursorPos(ImVec2(x + bw + em, y + 1.8f * em));
        if (ui.button("rate.no", _("Not satisfied"), ImVec2(bw, bh), ui::Style::secondary, ui::Font::body)) {
            app.touched(now);
            app.choose_rating(false);
        }
        return;
    }
    ui.text(*v.satisfied ? _("Satisfied. A comment, if you wish:") : _("Not satisfied. A comment, if you wish:"),
            ui::Font::body, 0, w);
    float sw = 8 * em;
    ImGui::SetCursorPos(ImVec2(x, y + 1.8f * em));
    if (ui.field("field.comment", _("Comment"), v.comment, app.state().focus == Field::comment,
                 ImVec2(w - sw - 0.5f * em, bh), _("A comment (optional)")))
        app.focus(Field::comment);
    ImGui::SetCursorPos(ImVec2(x + w - sw, y + 1.8f * em));
    if (ui.button("rate.send", _("Send"), ImVec2(sw, bh))) {
        app.touched(now);
        app.send_rating(now);
    }
}

// Another citizen's report, followed instead of filing the same problem again: whose it
// is, how to follow it later (its code at any kiosk, or its case number), and its text.
void followed_notice(ui::Ui& ui, const ReportView& r, float w) {
    std::string day = i18n::local_time(r.created_at).substr(0, 10);
    ui.text(r.code.empty()
                ? i18n::format(_("Filed by another citizen on {}. Its case number on the portal: {}"),
                               {day, r.service_request_id})
                : i18n::format(_("Filed by another citizen on {}. Keep its code to follow it at any kiosk: {}"),
                               {day, receipt::grouped(r.code)}),
            ui::Font::large, 0, w);
    if (!r.description.empty()) ui.text("“" + r.description + "”", ui::Font::body, ui.theme().muted, w);
    if (!r.address.empty()) ui.text(r.address, ui::Font::body, ui.theme().muted, w);
}

// The case's public photos in a row, each 6 em tall (a grey box where there is no texture).
void photo_row(ui::Ui& ui, const Chrome& chrome, const LookupView& v, float w) {
    float em = ui.em(), h = 6 * em, x = 0;
    ImGui::Dummy(ImVec2(1, 0.3f * em));
    ui.text(_("Photos of the problem"), ui::Font::body, ui.theme().muted, w);
    ImVec2 start = ImGui::GetCursorPos();
    for (size_t i = 0; i < v.thumbs.size(); ++i) {
        const PhotoThumb& t = v.thumbs[i];
        float pw = t.height > 0 ? std::min(h * static_cast<float>(t.width) / static_cast<float>(t.height), 2 * h) : h;
        if (x > 0 && x + pw > w) break;  // one row: the rest are on the portal's page
        ImGui::SetCursorPos(ImVec2(start.x + x, start.y));
        ImVec2 p = ImGui::GetCursorScreenPos();
        if (i < chrome.photos.size() && chrome.photos[i].id) ImGui::Image(chrome.photos[i].id, ImVec2(pw, h));
        else ImGui::Dummy(ImVec2(pw, h)), ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + pw, p.y + h), ui.theme().border);
        ui.record_text("[photo " + std::to_string(t.width) + "x" + std::to_string(t.height) + "]");
        x += pw + 0.5f * em;
    }
    ImGui::SetCursorPos(ImVec2(start.x, start.y + h + 0.3f * em));
}

// The report's state, the agency's answer, its whole timeline (newest first) and the
// last sync, in a region that scrolls: a long answer or history never runs off the
// screen or under the rating and the keypad.
void report_text(ui::Ui& ui, const App& app, const Chrome& chrome, const LookupView& v, float x, float y, float w,
                 float bottom) {
    float em = ui.em();
    const ReportView& r = *v.report;
    float region_w = std::min(w + ui::kScrollBarEm * em, ui.width() - x);
    ui::ScrollRegion text(ui, "lookup.report", ImVec2(x, y), ImVec2(region_w, bottom - y));
    ImGui::SetCursorPos(ImVec2(0, 0));
    ui.text(withdrawn(r) ? _("Withdrawn") : _(status_msgid(r.status)), ui::Font::title, ui.theme().primary);
    if (!v.followed) {  // what it was about, so the citizen knows it is theirs (a followed one says it below)
        std::string place = r.address.empty() ? r.ward : r.ward.empty() ? r.address : r.address + ", " + r.ward;
        std::string about = category_name(app, r.service_code);
        if (!place.empty()) about += (about.empty() ? "" : " · ") + place;
        if (!about.empty()) ui.text(about, ui::Font::large, 0, w);
        if (!r.description.empty())
            ui.text("“" + preview(ui, r.description, w, 2) + "”", ui::Font::body, ui.theme().muted, w);
    }
    if (v.remote.phase == RemoteView::Phase::found)
        ui.text(i18n::format(_("Filed at kiosk {}; the portal's latest state."), {kiosk_number(v.remote.kiosk)}),
                ui::Font::body, ui.theme().muted, w);
    if (v.followed) followed_notice(ui, r, w);
    if (!r.agency.empty()) ui.text(i18n::format(_("Handled by: {}"), {r.agency}), ui::Font::large, 0, w);
    if (!r.status_notes.empty()) ui.text(i18n::format(_("Answer: {}"), {r.status_notes}), ui::Font::large, 0, w);
    if (!v.thumbs.empty()) photo_row(ui, chrome, v, w);
    ImGui::Dummy(ImVec2(1, 0.5f * em));
    for (auto e = r.events.rbegin(); e != r.events.rend(); ++e) ui.text("•  " + event_line(*e), ui::Font::body, 0, w);
    ImGui::Dummy(ImVec2(1, 0.5f * em));
    auto last = open311::parse_iso8601(v.last_sync);
    ui.text(last ? i18n::format(_("Last update from the portal: {}"), {i18n::local_time(*last)})
                 : std::string(_("This kiosk has not reached the portal yet.")),
            ui::Font::body, ui.theme().muted, w);
    if (v.offline) ui.text(_("The kiosk is offline: this is the last known state."), ui::Font::body, ui.theme().error, w);
}

// A code this kiosk did not file: "looking it up on the portal", then, when the portal
// cannot say, where the code comes from and what the citizen can do instead.
void remote_notice(ui::Ui& ui, const RemoteView& r, bool ours, float x, float y, float w) {
    using Phase = RemoteView::Phase;
    std::string kiosk = kiosk_number(r.kiosk);
    ImGui::SetCursorPos(ImVec2(x, y));
    // Our own number with no record here: the kiosk's store was renewed (a new PC or disk).
    ui.text(ours ? i18n::format(_("This code was issued at this kiosk (number {}) before its records were renewed."),
                                {kiosk})
                 : i18n::format(_("This code was issued at kiosk {}, not at this one."), {kiosk}),
            ui::Font::large, 0, w);
    ImGui::Dummy(ImVec2(1, 0.4f * ui.em()));
    ImGui::SetCursorPosX(x);
    if (r.phase == Phase::asking) {
        ui.text(_("Looking it up on the portal…"), ui::Font::title, ui.theme().primary, w);
        return;
    }
    if (r.phase == Phase::contested) {
        ui.text(_("This code belongs to two reports, so neither is shown. Please ask the ward officer, who can find "
                  "yours."),
                ui::Font::large, ui.theme().error, w);
        return;
    }
    ui.text(r.phase == Phase::not_found
                ? _("The portal has no report with this code yet. If it was filed recently, it may still be on its "
                    "way from that kiosk.")
                : _("This kiosk cannot get the report from the portal right now."),
            ui::Font::large, ui.theme().error, w);
    ImGui::Dummy(ImVec2(1, 0.4f * ui.em()));
    ImGui::SetCursorPosX(x);
    ui.text(_("Scan the QR code on your receipt with your phone to see the status, or ask the ward officer for "
              "help."),
            ui::Font::large, 0, w);
}

// While the case is open: the phone's page for adding photos, as a QR with what it does.
void photos_offer(ui::Ui& ui, const PhotoLinkView& link, float x, float y, float side, float w) {
    float em = ui.em();
    ImGui::SetCursorPos(ImVec2(x, y));
    ui.qr(link.qr, side, link.url);
    ImGui::SetCursorPos(ImVec2(x + side + em, y + 0.5f * em));
    ui.text(_("Add photos from your phone"), ui::Font::large, 0, w - side - em);
    ImGui::SetCursorPosX(x + side + em);
    ui.text(_("Scan this code with your phone's camera to send up to 5 photos of the problem. An officer checks "
              "them before they are shown to the public."),
            ui::Font::body, ui.theme().muted, w - side - em);
}

// The report from `y` down to `bottom`, `w` wide: its text, then the rating and the reprint.
void result(ui::Ui& ui, App& app, const Chrome& chrome, const LookupView& v, float x, float y, float w, float bottom,
            UnixMs now) {
    float em = ui.em();
    const ReportView& r = *v.report;
    // Once the portal has the report, its receipt can be printed again with the case number.
    // A followed report prints a slip with its code, where the portal gave it one.
    bool reprint = app.can_print() && !r.service_request_id.empty() && v.remote.phase == RemoteView::Phase::none &&
                   (!v.followed || !r.code.empty());
    if (reprint) bottom -= 5 * em;
    float reprint_y = bottom;
    bool rate = app.can_rate() || v.thanked;  // the rating sits above the reprint
    if (rate) bottom -= std::max(ui.min_touch(), 2.4f * em) + 2.6f * em;
    float rating_y = bottom;
    float qr_side = 7 * em;
    if (v.photos) bottom -= qr_side + em;  // the photos QR sits above the rating
    float photos_y = bottom;
    report_text(ui, app, chrome, v, x, y, w, bottom);
    if (v.photos) photos_offer(ui, *v.photos, x, photos_y + 0.5f * em, qr_side, w);
    if (rate) rating(ui, app, v, x, rating_y + 0.4f * em, w, now);
    if (!reprint) return;
    const PrintView& pv = app.print_view();
    ImGui::SetCursorPos(ImVec2(x, reprint_y + 0.6f * em));
    if (ui.button("lookup.reprint", v.followed ? _("Print a slip to follow it") : _("Print a receipt with the case number"), ImVec2(std::min(w, 22 * em), 2.6f * em),
                  ui::Style::secondary) &&
        pv.status != PrintView::Status::printing) {
        app.touched(now);
        app.reprint_lookup();
    }
    if (pv.status != PrintView::Status::none) {
        ImGui::SetCursorPosX(x);
        ui.text(_(pv.message.c_str()), ui::Font::body, pv.status == PrintView::Status::failed ? ui.theme().error : ui.theme().ok, w);
    }
}

}  // namespace

void draw_lookup(ui::Ui& ui, App& app, const Chrome& chrome, UnixMs now) {
    float em = ui.em();
    const KioskState& s = app.state();
    header(ui, _("Look up a report"), app);
    bool narrow = ui.width() < ui.height();
    float left_w = narrow ? ui.width() - 2 * em : ui.width() * 0.5f - 1.5f * em;
    ImGui::SetCursorPos(ImVec2(em, 4 * em));
    ui.text(_("Type the code on your receipt, or hold the receipt's QR code to the scanner."), ui::Font::body, 0, left_w);
    ImGui::SetCursorPos(ImVec2(em, 6 * em));
    if (ui.field("field.code", _("Receipt code"), s.lookup.input, s.focus == Field::lookup_code,
                 ImVec2(left_w - 9 * em, 2.8f * em), "ABC-DEF-GHJ"))
        app.focus(Field::lookup_code);
    ImGui::SetCursorPos(ImVec2(left_w - 7 * em, 6 * em));
    if (ui.button("lookup.go", _("Look up"), ImVec2(8 * em, 2.8f * em))) {
        app.touched(now);
        app.look_up(s.lookup.input, now);
    }
    ImGui::SetCursorPos(ImVec2(em, 9.2f * em));
    message(ui, s.lookup.message.empty() ? s.message : s.lookup.message);
    float keypad_top = narrow ? ui.height() - 15 * em : 12 * em;
    keyboard(ui, app, em, keypad_top, left_w, s.focus != Field::comment, now, ui.height() - em);
    float rx = narrow ? em : ui.width() * 0.5f + em, ry = narrow ? 11 * em : 4 * em;
    if (s.lookup.report)
        result(ui, app, chrome, s.lookup, rx, ry, left_w, narrow ? keypad_top - em : ui.height() - em, now);
    else if (s.lookup.remote.phase != RemoteView::Phase::none)
        remote_notice(ui, s.lookup.remote, s.lookup.remote.kiosk == app.settings().kiosk_id, rx, ry, left_w);
}

}  // namespace wk::screens
