// Staff screens: the PIN pad, the operations screen (queue health, the portal, the
// printer, disk space, reports needing attention, the actions), the audit log, and a
// report by code (withdraw with a reason, print its receipt again), and "restart or shut
// down?" over the operations. They draw from the App's StaffView and call the App; no
// decisions here. Reached without a visible button: a long press on home's ward name,
// or a staff badge scanned.
// [SECTION] PIN pad, operations, restart or shut down, audit log, a report by code
#include <algorithm>

#include "kiosk/screens.hpp"
#include "kiosk/strings.hpp"
#include "sync/open311.hpp"
#include "sync/receipt_code.hpp"

namespace wk::screens {
namespace {

// A staff screen's title, with "Leave staff mode" or (sub-screens) a way back.
void staff_header(ui::Ui& ui, App& app, const std::string& title, bool top, UnixMs now) {
    float em = ui.em();
    ImGui::SetCursorPos(ImVec2(em, em * 0.8f));
    ui.text(title, ui::Font::title);
    float w = top ? 12 * em : 7 * em;
    ImGui::SetCursorPos(ImVec2(ui.width() - w - em, em * 0.6f));
    if (top) {
        if (ui.button("staff.leave", _("Leave staff mode"), ImVec2(w, 2.4f * em), ui::Style::danger, ui::Font::body))
            app.leave_staff(now, "button");
    } else if (ui.button("nav.home", _("Back"), ImVec2(w, 2.4f * em), ui::Style::secondary)) {
        app.go_home();
    }
}

void staff_message(ui::Ui& ui, const StaffView& st, float wrap) {
    if (st.message.empty()) return;
    ui.text(_(st.message.c_str()), ui::Font::large, st.message_ok ? ui.theme().ok : ui.theme().error, wrap);
}

// "28/11/2026 19:05" from an ISO time the agent wrote; `never` when there is none.
std::string when(const std::string& iso) {
    auto t = open311::parse_iso8601(iso);
    return t ? i18n::local_time(*t) : std::string(_("never"));
}

}  // namespace

// [SECTION] PIN pad
void draw_staff_pin(ui::Ui& ui, App& app, UnixMs now) {
    float em = ui.em(), gap = 0.4f * em;
    const StaffView& st = app.state().staff;
    header(ui, _("Staff mode"), app);
    bool locked = st.locked_until > now;
    ImGui::SetCursorPos(ImVec2(em, 3.8f * em));
    ui.text(_("Ward officers only. Enter your PIN."), ui::Font::large, 0, ui.width() - 2 * em);
    std::string dots;
    for (size_t i = 0; i < st.pin.size(); ++i) dots += i ? " •" : "•";
    if (!dots.empty()) ui.text_centered(dots, ui::Font::title, 5.6f * em);
    ImGui::SetCursorPos(ImVec2(em, 8 * em));
    if (locked) {
        int minutes = static_cast<int>((st.locked_until - now + 59999) / 60000);
        ui.text(i18n::format(_("Too many wrong PINs. Staff mode is locked for {} more minutes."), {std::to_string(minutes)}),
                ui::Font::large, ui.theme().error, ui.width() - 2 * em);
    } else if (st.tries_left > 0) {
        ui.text(i18n::format(_("Wrong PIN. {} tries left."), {std::to_string(st.tries_left)}), ui::Font::large,
                ui.theme().error, ui.width() - 2 * em);
    } else {
        staff_message(ui, st, ui.width() - 2 * em);
    }
    float top = 10.6f * em;
    float w = std::min(7 * em, (ui.width() - 2 * em - 2 * gap) / 3);
    float h = std::clamp((ui.height() - top - em) / 5 - gap, ui.min_touch(), 3 * em);
    float x0 = (ui.width() - 3 * w - 2 * gap) / 2;
    const char* keys[4][3] = {{"1", "2", "3"}, {"4", "5", "6"}, {"7", "8", "9"}, {"clear", "0", "back"}};
    if (locked) ImGui::BeginDisabled();
    for (int r = 0; r < 4; ++r)
        for (int c = 0; c < 3; ++c) {
            ImGui::SetCursorPos(ImVec2(x0 + static_cast<float>(c) * (w + gap), top + static_cast<float>(r) * (h + gap)));
            std::string k = keys[r][c], id = "pin." + k;
            std::string label = k == "clear" ? _("Clear") : k == "back" ? _("Delete") : k;
            if (!ui.button(id.c_str(), label, ImVec2(w, h), ui::Style::key, k.size() == 1 ? ui::Font::title : ui::Font::body))
                continue;
            app.touched(now);
            if (k == "clear") app.pin_clear();
            else if (k == "back") app.pin_back();
            else app.pin_key(k[0]);
        }
    ImGui::SetCursorPos(ImVec2(x0, top + 4 * (h + gap)));
    if (ui.button("pin.ok", _("Open staff mode"), ImVec2(3 * w + 2 * gap, h))) {
        app.touched(now);
        app.pin_enter(now);
    }
    if (locked) ImGui::EndDisabled();
}

// [SECTION] operations
namespace {

const char* printer_msgid(const std::string& s) {
    if (s == "ok") return N_("ready");
    if (s == "paper_out") return N_("out of paper");
    if (s == "missing") return N_("not connected");
    if (s == "error") return N_("not printing");
    if (s == "none") return N_("none at this kiosk");
    return N_("not used yet");
}

const char* source_msgid(const std::string& s) {
    if (s == "upload") return N_("sending reports");
    if (s == "pull") return N_("status updates");
    if (s == "services") return N_("categories");
    if (s == "config") return N_("configuration");
    return N_("public reports");
}

// One line of a scrolled column, `w` wide, at the region's left edge.
void line(ui::Ui& ui, float w, const std::string& s, ImU32 color = 0, ui::Font f = ui::Font::body) {
    ImGui::SetCursorPosX(0);
    ui.text(s, f, color, w);
}

// A row of text with a secondary button at its right end, at height `y` of the current
// region, `w` wide. True when the button was tapped; `height` is what the row takes.
bool text_and_button(ui::Ui& ui, float y, float w, const std::string& text, const std::string& id,
                     const char* label, float& height) {
    float em = ui.em(), bw = 7 * em, bh = std::max(ui.min_touch(), 2.4f * em);
    ImFont* f = ui.font(ui::Font::body);
    float th = f->CalcTextSizeA(f->FontSize, FLT_MAX, w - bw - em, text.c_str()).y;
    height = std::max(bh, th);
    ImGui::SetCursorPos(ImVec2(0, y + std::max(0.f, (bh - th) / 2)));
    ui.text(text, ui::Font::body, 0, w - bw - em);
    ImGui::SetCursorPos(ImVec2(w - bw, y));
    return ui.button(id.c_str(), label, ImVec2(bw, bh), ui::Style::secondary, ui::Font::body);
}

// Today's receipts that did not come out, each with why and a one-tap "Print".
// False when a tap changed the list under us.
bool unprinted(ui::Ui& ui, App& app, const OpsView& o, float w, UnixMs now) {
    if (o.unprinted.empty()) return true;
    float em = ui.em(), h = 0;
    line(ui, w, i18n::format(_("Receipts not printed today: {}"), {std::to_string(o.unprinted.size())}),
         ui.theme().error, ui::Font::large);
    for (const UnprintedReceipt& r : o.unprinted) {
        const char* why = r.tried_at ? printer_msgid(r.problem) : N_("did not finish");
        std::string text = i18n::format(_("{} filed {}: {}"), {receipt::grouped(r.code), i18n::local_time(r.created_at).substr(11), _(why)});
        float y = ImGui::GetCursorPosY();
        if (text_and_button(ui, y, w, text, "staff.print." + r.code, _("Print"), h)) {
            app.touched(now);
            app.reprint_code(r.code, now);
            return false;
        }
        ImGui::SetCursorPos(ImVec2(0, y + h + 0.3f * em));
    }
    return true;
}

// The store's last full check: when, and whether it found damage (the next start then
// sets the file aside; staff restore a backup).
void integrity(ui::Ui& ui, const IntegrityRecord& r, float w) {
    if (r.checked_at.empty()) return line(ui, w, _("Data check: not run yet."), ui.theme().muted);
    if (r.result == "ok")
        return line(ui, w, i18n::format(_("Data check {}: no damage ({} ms)."), {when(r.checked_at), std::to_string(r.took_ms)}),
                    ui.theme().muted);
    line(ui, w,
         i18n::format(_("Data check {} found damage: {}. Restart the kiosk and the agent: the damaged file is set "
                        "aside and a fresh one started; then restore the last backup."),
                      {when(r.checked_at), r.result}),
         ui.theme().error);
}

// Queue health, the printer and today's unprinted receipts, the disk, the agent's last
// errors and successes: in a column that scrolls when the errors are long.
void health(ui::Ui& ui, App& app, const OpsView& o, float x, float y, float w, float bottom, UnixMs now) {
    ui::ScrollRegion column(ui, "staff.health", ImVec2(x, y), ImVec2(w + ui::kScrollBarEm * ui.em(), bottom - y));
    ImGui::SetCursorPos(ImVec2(0, 0));
    line(ui, w, o.portal_answers ? _("The portal answers.") : _("The portal has not answered recently."),
         o.portal_answers ? ui.theme().ok : ui.theme().error, ui::Font::large);
    line(ui, w, i18n::format(_("Waiting to be sent: {}. Accepted, waiting for a case number: {}. Needs attention: {}."),
                             {std::to_string(o.counts.queued), std::to_string(o.counts.token),
                              std::to_string(o.counts.attention)}));
    if (o.counts.oldest_pending_at)
        line(ui, w, i18n::format(_("Oldest report waiting since {}."), {i18n::local_time(o.counts.oldest_pending_at)}));
    if (!o.next_attempt.empty()) line(ui, w, i18n::format(_("Next attempt: {}"), {when(o.next_attempt)}));
    line(ui, w, i18n::format(_("Printer: {}"), {_(printer_msgid(o.printer))}),
         o.printer == "ok" || o.printer == "none" || o.printer.empty() ? 0 : ui.theme().error);
    if (!unprinted(ui, app, o, w, now)) return;
    line(ui, w,
         o.disk_free < 0 ? std::string(_("Free disk space: unknown"))
                         : i18n::format(_("Free disk space: {} MB"), {std::to_string(o.disk_free / (1024 * 1024))}),
         o.disk_free >= 0 && o.disk_free < 200LL * 1024 * 1024 ? ui.theme().error : 0);
    // A wrong clock (a dead CMOS battery): the times on this kiosk are the portal's, and
    // the officer is told what the PC says, to set it right.
    if (o.clock_offset && applied_clock_offset(*o.clock_offset))
        line(ui, w,
             i18n::format(_("This PC's clock is wrong: it reads {}; the portal's time is {}. The kiosk uses the "
                            "portal's time. Set the PC's date and time, or let it reach a time server."),
                          {i18n::local_time(o.read_at - *o.clock_offset), i18n::local_time(o.read_at)}),
             ui.theme().error);
    for (const auto& [source, message] : o.errors)
        line(ui, w, i18n::format(_("Last error ({}): {}"), {_(source_msgid(source)), message}), ui.theme().error);
    integrity(ui, o.integrity, w);
    line(ui, w, i18n::format(_("Last upload: {}"), {when(o.last_ok_upload)}), ui.theme().muted);
    line(ui, w, i18n::format(_("Last status update: {}"), {when(o.last_ok_pull)}), ui.theme().muted);
    line(ui, w, i18n::format(_("Categories updated: {}"), {when(o.last_ok_services)}), ui.theme().muted);
    line(ui, w, i18n::format(_("Public reports updated: {}"), {when(o.last_ok_public)}), ui.theme().muted);
}

void attention(ui::Ui& ui, App& app, const OpsView& o, float x, float y, float w, float bottom, UnixMs now) {
    float em = ui.em();
    ImGui::SetCursorPos(ImVec2(x, y));
    ui.text(i18n::format(_("Reports needing attention: {}"), {std::to_string(o.attention.size())}), ui::Font::large);
    if (o.attention.empty()) {
        ImGui::SetCursorPosX(x);
        ui.text(_("No report needs attention."), ui::Font::body, ui.theme().muted, w);
        return;
    }
    float top = ImGui::GetCursorPosY() + 0.3f * em, row = 0, h = 0;
    // However many there are: the rows scroll, a drag that starts on Retry retries nothing.
    ui::ScrollRegion rows(ui, "staff.attention.rows", ImVec2(x, top), ImVec2(w + ui::kScrollBarEm * em, bottom - top));
    for (const ReportView& r : o.attention) {
        std::string text = receipt::grouped(r.code) + ": " + r.status_notes;
        if (text.size() > 160) {  // cut at a letter's start
            size_t cut = 157;
            while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
            text = text.substr(0, cut) + "…";
        }
        if (text_and_button(ui, row, w, text, "staff.retry." + r.code, _("Retry"), h)) {
            app.touched(now);
            app.retry(r.code, now);
            return;  // the list has changed under us
        }
        row += h + 0.4f * em;
    }
}

}  // namespace

void draw_staff(ui::Ui& ui, App& app, UnixMs now) {
    float em = ui.em(), gap = 0.5f * em;
    const StaffView& st = app.state().staff;
    staff_header(ui, app, i18n::format(_("Staff mode: {}"), {st.name}), true, now);
    struct Action { const char* id; const char* label; };
    const Action actions[] = {{"staff.assisted", N_("File for a citizen")}, {"staff.sync", N_("Sync now")},
                              {"staff.reprint", N_("Print a receipt again")}, {"staff.withdraw", N_("Withdraw a report")},
                              {"staff.log", N_("Audit log")},            {"staff.power", N_("Restart or shut down")}};
    int cols = ui.width() / em >= 56 ? 6 : 3;
    float bw = (ui.width() - 2 * em - static_cast<float>(cols - 1) * gap) / static_cast<float>(cols);
    float bh = std::max(ui.min_touch(), 2.8f * em);
    float bar = ui.height() - em - static_cast<float>(6 / cols) * (bh + gap) + gap;
    for (int i = 0; i < 6; ++i) {
        ImGui::SetCursorPos(ImVec2(em + static_cast<float>(i % cols) * (bw + gap), bar + static_cast<float>(i / cols) * (bh + gap)));
        if (!ui.button(actions[i].id, _(actions[i].label), ImVec2(bw, bh), i == 0 ? ui::Style::primary : ui::Style::secondary,
                       ui::Font::body))
            continue;
        app.touched(now);
        switch (i) {
        case 0: app.start_assisted(now); break;
        case 1: app.sync_now(now); break;
        case 2: app.open_staff_task(StaffTask::reprint); break;
        case 3: app.open_staff_task(StaffTask::withdraw); break;
        case 4: app.open_staff_log(); break;
        default: app.open_power_menu(true); break;
        }
        return;
    }
    float msg_y = bar - 2.2f * em, bottom = msg_y - 0.4f * em;
    ImGui::SetCursorPos(ImVec2(em, msg_y));
    staff_message(ui, st, ui.width() - 2 * em);
    if (ui.width() > ui.height()) {
        float w = ui.width() * 0.5f - 1.5f * em;
        health(ui, app, st.ops, em, 4 * em, w, bottom, now);
        attention(ui, app, st.ops, ui.width() * 0.5f + 0.5f * em, 4 * em, w, bottom, now);
    } else {
        float mid = 4 * em + (bottom - 4 * em) * 0.55f;
        health(ui, app, st.ops, em, 4 * em, ui.width() - 2 * em, mid, now);
        attention(ui, app, st.ops, em, mid + 0.5f * em, ui.width() - 2 * em, bottom, now);
    }
}

// [SECTION] restart or shut down
void draw_power_menu(ui::Ui& ui, App& app, UnixMs now) {
    float em = ui.em();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(0, 0), ImVec2(ui.width(), ui.height()), IM_COL32(0, 0, 0, 150));
    bool off = app.can_power_off();
    float w = std::min(ui.width() - 2 * em, 36 * em), bh = std::max(ui.min_touch(), 3 * em);
    float h = 7.5f * em + (off ? 3 : 2) * (bh + 0.6f * em);
    ImVec2 p((ui.width() - w) / 2, (ui.height() - h) / 2);
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), ui.theme().surface, em * 0.4f);
    ImGui::SetCursorPos(ImVec2(p.x + em, p.y + em));
    ui.text(_("Restart or shut down?"), ui::Font::title);
    ImGui::SetCursorPosX(p.x + em);
    ui.text(off ? _("Restart starts the kiosk app again in a few seconds. Shut down turns the kiosk off until "
                    "someone presses its power button.")
                : _("Restart starts the kiosk app again in a few seconds."),
            ui::Font::body, ui.theme().muted, w - 2 * em);
    float y = p.y + 7.5f * em, bw = w - 2 * em;
    struct Choice { const char* id; const char* label; ui::Style style; };
    const Choice choices[] = {{"staff.restart", N_("Restart the kiosk"), ui::Style::primary},
                              {"staff.shutdown", N_("Shut down the kiosk"), ui::Style::danger},
                              {"staff.power.cancel", N_("Cancel"), ui::Style::secondary}};
    for (const Choice& c : choices) {
        if (!off && std::string(c.id) == "staff.shutdown") continue;
        ImGui::SetCursorPos(ImVec2(p.x + em, y));
        if (ui.button(c.id, _(c.label), ImVec2(bw, bh), c.style)) {
            app.touched(now);
            if (c.style == ui::Style::primary) app.restart(now);
            else if (c.style == ui::Style::danger) app.shut_down(now);
            else app.open_power_menu(false);
            return;
        }
        y += bh + 0.6f * em;
    }
}

// [SECTION] audit log
namespace {
struct Word {
    const char* key;
    const char* msgid;
};
const Word kActions[] = {{"staff_in", N_("entered staff mode")},
                         {"staff_out", N_("left staff mode")},
                         {"pin_locked", N_("PIN pad locked after wrong PINs")},
                         {"assisted_submit", N_("filed a report for a citizen")},
                         {"withdraw", N_("withdrew a report")},
                         {"retry", N_("sent a report again")},
                         {"reprint", N_("printed a receipt again")},
                         {"sync_now", N_("asked the agent to sync now")},
                         {"shutdown", N_("shut the kiosk down")},
                         {"shutdown_failed", N_("tried to shut the kiosk down; it could not")}};
// How staff mode was entered or left is a word of ours; other details are typed text.
const Word kHow[] = {{"pin", N_("with a PIN")},
                     {"badge", N_("with a badge and PIN")},
                     {"button", N_("with the button")},
                     {"timeout", N_("by itself, after no touch")},
                     {"restart", N_("to restart the kiosk")},
                     {"shutdown", N_("to shut the kiosk down")}};

// The msgid for `key`, or nullptr when the key is not one of ours (shown as it is).
template <size_t N>
const char* word_for(const Word (&table)[N], const std::string& key) {
    for (const Word& w : table)
        if (key == w.key) return w.msgid;
    return nullptr;
}
}  // namespace

void draw_staff_log(ui::Ui& ui, App& app, UnixMs now) {
    float em = ui.em(), w = ui.width() - 2 * em;
    staff_header(ui, app, _("Audit log"), false, now);
    ImGui::SetCursorPos(ImVec2(em, 4 * em));
    const auto& log = app.state().staff.ops.log;
    if (log.empty()) return ui.text(_("Nothing recorded yet."), ui::Font::body, ui.theme().muted);
    // Newest first; the older rows are a drag away.
    ui::ScrollRegion rows(ui, "staff.log.rows", ImVec2(em, 4 * em),
                          ImVec2(w + ui::kScrollBarEm * em, ui.height() - 4.5f * em));
    ImGui::SetCursorPos(ImVec2(0, 0));
    for (const AuditRow& r : log) {
        const char* what = word_for(kActions, r.action);
        std::string s = i18n::local_time(r.at) + "   " + (r.staff_id.empty() ? "—" : r.staff_id) + "   " +
                        (what ? _(what) : r.action);
        if (!r.report_code.empty()) s += "   " + receipt::grouped(r.report_code);
        const char* how = word_for(kHow, r.detail);
        if (!r.detail.empty()) s += "   (" + (how ? std::string(_(how)) : r.detail) + ")";
        line(ui, w, s);
    }
}

// [SECTION] a report by code
void draw_staff_code(ui::Ui& ui, App& app, UnixMs now) {
    float em = ui.em(), full = ui.width() - 2 * em;
    const KioskState& s = app.state();
    const StaffView& st = s.staff;
    bool withdraw = st.task == StaffTask::withdraw;
    staff_header(ui, app, withdraw ? _("Withdraw a report") : _("Print a receipt again"), false, now);
    ImGui::SetCursorPos(ImVec2(em, 3.8f * em));
    ui.text(withdraw ? _("At the citizen's request only. Type the receipt code and the reason the citizen gives.")
                     : _("Type the receipt code. Once the portal has the report, the case number is printed too."),
            ui::Font::body, 0, full);
    float fh = std::max(ui.min_touch(), 2.6f * em), bw = 12 * em, y = 6.6f * em;
    ImGui::SetCursorPos(ImVec2(em, y));
    if (ui.field("field.staff_code", _("Receipt code"), st.code, s.focus == Field::staff_code,
                 ImVec2(std::min(16 * em, full - bw - em), fh), "ABC-DEF-GHJ"))
        app.focus(Field::staff_code);
    ImGui::SetCursorPos(ImVec2(ui.width() - em - bw, y));
    if (ui.button(withdraw ? "staff.withdraw.confirm" : "staff.reprint.print",
                  withdraw ? _("Withdraw") : _("Print"), ImVec2(bw, fh), withdraw ? ui::Style::danger : ui::Style::primary)) {
        app.touched(now);
        withdraw ? app.staff_withdraw(now) : app.staff_reprint(now);
    }
    y += fh + 0.4f * em;
    if (withdraw) {
        ImGui::SetCursorPos(ImVec2(em, y));
        if (ui.field("field.reason", _("Reason"), st.reason, s.focus == Field::reason, ImVec2(full, fh),
                     _("Why the citizen withdraws the report (required)")))
            app.focus(Field::reason);
        y += fh + 0.4f * em;
    }
    ImGui::SetCursorPos(ImVec2(em, y));
    const PrintView& pv = app.print_view();
    if (!withdraw && st.message.empty() && pv.status != PrintView::Status::none)
        ui.text(_(pv.message.c_str()), ui::Font::large,
                pv.status == PrintView::Status::failed ? ui.theme().error : ui.theme().ok, full);
    else
        staff_message(ui, st, full);
    keyboard(ui, app, em, y + 2.6f * em, full, s.focus != Field::reason, now, ui.height() - em);
}

}  // namespace wk::screens
