// The App's staff decisions: opening staff mode (the long press on the ward's name,
// a staff badge, the PIN pad and its lockout kept by StaffGate in the store), the
// operations screen's figures, withdrawal, reprint, retry, "sync now", assisted
// filing with the citizen's consent, restart, leaving by itself; and the citizen's
// rating of an answer on lookup. Every staff action is written to the audit log.
// [SECTION] report helpers, entering and leaving, operations, ratings, timers
#include <algorithm>

#include "kiosk/app.hpp"
#include "kiosk/strings.hpp"
#include "platform/log.hpp"
#include "sync/open311.hpp"
#include "sync/receipt_code.hpp"

namespace wk {

// [SECTION] report helpers
bool has_event(const ReportView& r, const char* kind) {
    return std::any_of(r.events.begin(), r.events.end(), [&](const Event& e) { return e.kind == kind; });
}

bool withdrawn(const ReportView& r) { return r.sync_state == SyncState::withdrawn || has_event(r, "withdrawn"); }

bool has_answer(const ReportView& r) {
    bool noted = std::any_of(r.events.begin(), r.events.end(),
                             [](const Event& e) { return e.kind == "status" && !e.notes.empty(); });
    return noted || (!r.status_notes.empty() && final_status(r.status));
}

void App::audit(const char* action, const std::string& code, const std::string& detail, UnixMs now) {
    try {
        m_store.audit({now, m_s.staff.id, action, code, detail});
    } catch (const db::Error& e) {
        log::error(std::string("audit: ") + e.what());
    }
}

static std::string trimmed(const std::string& s) {
    size_t b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

static void say(StaffView& s, const char* msgid, bool ok) {
    s.message = msgid;
    s.message_ok = ok;
}

// [SECTION] entering and leaving
void App::hold_ward_name(bool held, UnixMs now) {
    StaffView& st = m_s.staff;
    if (!held || m_gate.empty() || m_s.screen != Screen::home) {
        st.hold_since = 0;
        return;
    }
    if (st.hold_since == 0) st.hold_since = now;
    else if (now - st.hold_since >= m_settings.staff_hold_ms) open_pin_pad(now);
}

void App::staff_badge(const std::string& id, UnixMs now) {
    if (m_s.staff.active) return;
    if (m_s.screen == Screen::wizard) {
        m_s.message = N_("To open staff mode, finish or cancel this report first.");
        return;
    }
    if (!m_gate.by_badge("WKSTAFF:" + id)) {
        clear_session();
        m_s.screen = Screen::home;
        m_s.message = N_("This staff badge is not known at this kiosk.");
        m_s.message_at = now;
        return;
    }
    open_pin_pad(now);
    m_s.staff.badge = id;
}

void App::open_pin_pad(UnixMs now) {
    clear_session();
    StaffView& st = m_s.staff;
    st.hold_since = 0;
    st.badge.clear();
    st.tries_left = 0;
    try {
        st.locked_until = m_gate.locked_until(now);
    } catch (const db::Error& e) {
        log::error(std::string("staff lock: ") + e.what());
    }
    m_s.screen = Screen::staff_pin;
    m_s.last_touch = now;
}

void App::pin_key(char digit) {
    if (digit >= '0' && digit <= '9' && m_s.staff.pin.size() < 12) m_s.staff.pin += digit;
}

void App::pin_back() {
    if (!m_s.staff.pin.empty()) m_s.staff.pin.pop_back();
}

void App::pin_enter(UnixMs now) {
    StaffView& st = m_s.staff;
    if (st.pin.empty()) return;
    PinResult r;
    try {
        r = m_gate.try_pin(st.pin, now);
    } catch (const db::Error& e) {
        log::error(std::string("staff pin: ") + e.what());
    }
    std::fill(st.pin.begin(), st.pin.end(), '\0');
    st.pin.clear();
    st.tries_left = r.tries_left;
    // After a badge, only that officer's PIN opens staff mode.
    if (r.ok && r.account && !st.badge.empty() && r.account->id != st.badge)
        return say(st, N_("This PIN does not belong to the badge that was scanned."), false);
    if (r.ok && r.account) return enter_staff(*r.account, now);
    // (StaffGate writes the pin_locked audit row itself.)
    st.locked_until = r.locked_until;
}

void App::enter_staff(const StaffAccount& a, UnixMs now) {
    std::string how = m_s.staff.badge.empty() ? "pin" : "badge";
    m_s.staff = StaffView{};
    m_s.staff.active = true;
    m_s.staff.id = a.id;
    m_s.staff.name = a.name;
    audit("staff_in", "", how, now);
    log::info("staff mode: " + a.id);
    m_s.last_touch = now;
    go_home();
}

void App::leave_staff(UnixMs now, const char* why) {
    if (!m_s.staff.active) return;
    audit("staff_out", "", why, now);
    log::info(std::string("staff mode left: ") + why);
    m_s.staff = StaffView{};
    go_home();
}

void App::restart(UnixMs now) {
    leave_staff(now, "restart");
    m_s.quit = true;
}

// Asked first, audited either way: a kiosk that goes dark is the ward's business.
void App::shut_down(UnixMs now) {
    m_s.staff.power_menu = false;
    if (!m_settings.power_off) return say(m_s.staff, N_("This kiosk is not set up to shut itself down."), false);
    // Written before asking: once the machine is going down, systemd stops this process
    // at any moment, and who turned the kiosk off must already be in the log.
    audit("shutdown", "", "", now);
    std::string why = m_settings.power_off();
    if (!why.empty()) {
        log::error("shut down: " + why);
        audit("shutdown_failed", "", "", now);  // the reason, in the OS's words, goes to the journal
        return say(m_s.staff, N_("The kiosk could not shut down. Use the power button, and tell the IT team."), false);
    }
    leave_staff(now, "shutdown");
    m_s.message = N_("The kiosk is shutting down.");
    m_s.message_at = now;
}

// [SECTION] operations
void App::refresh_ops(UnixMs now) {
    OpsView v;
    try {
        v.counts = m_store.counts();
        auto val = [&](const std::string& k) { return m_store.value(k).value_or(""); };
        v.last_ok_upload = val("agent.last_ok.upload");
        v.last_ok_pull = val("agent.last_ok.pull");
        v.last_ok_services = val("agent.last_ok.services");
        v.last_ok_public = val("agent.last_ok.public");
        for (const char* k : {"upload", "pull", "services", "config", "public"})
            if (std::string e = val(std::string("agent.last_error.") + k); !e.empty()) v.errors.emplace_back(k, e);
        v.next_attempt = val("agent.next_attempt");
        v.printer = m_print.printer_state();
        v.unprinted = m_print.unprinted_since(vietnam_day_start(now));
        v.attention = m_store.attention_reports(100);  // the list scrolls
        v.clock_offset = m_store.clock_offset();
        v.integrity = last_integrity_check(m_store);
    } catch (const db::Error& e) {
        log::error(std::string("operations: ") + e.what());
        say(m_s.staff, N_("The store cannot be read right now."), false);
    }
    auto last = open311::parse_iso8601(std::max(v.last_ok_pull, v.last_ok_upload));
    v.portal_answers = last && now - *last <= m_settings.offline_after_ms;
    v.disk_free = m_settings.disk_free ? m_settings.disk_free() : -1;
    v.read_at = now;
    v.log = std::move(m_s.staff.ops.log);
    m_s.staff.ops = std::move(v);
    m_s.screen = Screen::staff;
    m_s.focus = Field::none;
}

void App::open_staff_log() {
    try {
        m_s.staff.ops.log = m_store.audit_log(200);  // the screen scrolls to the oldest
    } catch (const db::Error& e) {
        log::error(std::string("audit log: ") + e.what());
        say(m_s.staff, N_("The store cannot be read right now."), false);
    }
    m_s.screen = Screen::staff_log;
}

void App::open_staff_task(StaffTask task) {
    clear_session();
    m_s.staff.task = task;
    m_s.screen = Screen::staff_code;
    m_s.focus = Field::staff_code;
}

// The typed receipt code, checked; "" with a message when it is not one.
static std::string typed_code(StaffView& st) {
    receipt::Parsed p = receipt::parse(st.code);
    if (p.error == receipt::ParseError::none) return p.code;
    say(st, N_("Please type the receipt code of the report."), false);
    return "";
}

void App::staff_withdraw(UnixMs now) {
    StaffView& st = m_s.staff;
    end_word();
    std::string code = typed_code(st);
    if (code.empty()) return;
    std::string reason = trimmed(st.reason);
    if (reason.empty()) {
        say(st, N_("A reason is required to withdraw a report."), false);
        m_s.focus = Field::reason;
        return;
    }
    try {
        if (!m_store.withdraw(code, reason, st.id, now))
            return say(st, N_("No report with this code was filed at this kiosk."), false);
    } catch (const db::Error& e) {
        log::error(std::string("withdraw: ") + e.what());
        return say(st, N_("The store cannot be read right now."), false);
    }
    log::info("report " + code + " withdrawn by " + st.id);
    clear_session();
    m_s.focus = Field::staff_code;
    say(st, N_("The report was withdrawn."), true);
}

void App::staff_reprint(UnixMs now) {
    StaffView& st = m_s.staff;
    std::string code = typed_code(st);
    if (code.empty()) return;
    if (!can_print()) return say(st, N_("This kiosk has no printer."), false);
    try {
        m_s.lookup.report = m_store.find(code);
    } catch (const db::Error& e) {
        log::error(std::string("reprint: ") + e.what());
    }
    if (!m_s.lookup.report) return say(st, N_("No report with this code was filed at this kiosk."), false);
    st.message.clear();
    reprint_lookup();
    audit("reprint", code, "", now);
}

// From the operations screen's list of today's receipts that did not print: the
// officer stays there, and the list shows the outcome when it is read again.
void App::reprint_code(const std::string& code, UnixMs now) {
    StaffView& st = m_s.staff;
    std::optional<ReportView> r;
    try {
        r = m_store.find(code);
    } catch (const db::Error& e) {
        log::error(std::string("reprint: ") + e.what());
    }
    if (!r || !can_print()) return say(st, N_("No report with this code was filed at this kiosk."), false);
    m_s.lookup.report = std::move(r);
    reprint_lookup();
    audit("reprint", code, "", now);
    say(st, N_("Printing the receipt again…"), true);
}

void App::retry(const std::string& code, UnixMs now) {
    bool ok = false;
    try {
        ok = m_store.retry_report(code, m_s.staff.id, now);
    } catch (const db::Error& e) {
        log::error(std::string("retry: ") + e.what());
    }
    refresh_ops(now);
    say(m_s.staff, ok ? N_("The report will be sent again.") : N_("The report could not be queued again."), ok);
}

void App::sync_now(UnixMs now) {
    try {
        m_store.set_value("sync.now", std::to_string(now));  // the agent acts on any change
    } catch (const db::Error& e) {
        log::error(std::string("sync now: ") + e.what());
        return say(m_s.staff, N_("The store cannot be read right now."), false);
    }
    audit("sync_now", "", "", now);
    refresh_ops(now);
    say(m_s.staff, N_("The sync agent was asked to try now."), true);
}

void App::start_assisted(UnixMs now) {
    start_report(now);
    m_s.draft.channel = Channel::staff_assisted;
    m_s.draft.staff_id = m_s.staff.id;
}

void App::answer_consent(bool yes) {
    m_s.consent = yes;
    m_s.message.clear();
    set_contact_given(yes);
    if (!yes) next();  // anonymous: straight on to the review
}

// [SECTION] ratings
bool App::can_rate() const {
    const auto& r = m_s.lookup.report;
    // A report filed at another kiosk is rated there: the portal takes a kiosk's updates
    // only for its own reports.
    return r && m_s.lookup.remote.phase == RemoteView::Phase::none && !m_s.lookup.followed && r->sync_state == SyncState::acknowledged &&
           has_answer(*r) && !has_event(*r, "rated") && !withdrawn(*r);
}

void App::choose_rating(bool satisfied) {
    if (!can_rate()) return;
    m_s.lookup.satisfied = satisfied;
    focus(Field::comment);
}

void App::send_rating(UnixMs now) {
    LookupView& v = m_s.lookup;
    if (!can_rate() || !v.satisfied) return;
    end_word();
    std::string comment = trimmed(v.comment);
    try {
        if (m_store.queue_rating(v.report->code, *v.satisfied, comment, now)) {
            v.report = m_store.find(v.report->code);
            v.thanked = true;
            v.satisfied.reset();
            v.comment.clear();
            m_s.focus = Field::lookup_code;
            return;
        }
    } catch (const db::Error& e) {
        log::error(std::string("rating: ") + e.what());
    }
    v.message = N_("The rating could not be saved. Please try again.");
}

// [SECTION] timers
bool App::staff_tick(UnixMs now) {
    StaffView& st = m_s.staff;
    if (st.hold_since && now - st.hold_since >= m_settings.staff_hold_ms) return true;  // draw: is it still held?
    if (st.active && now - m_s.last_touch >= m_settings.staff_idle_ms) {
        leave_staff(now, "timeout");
        ++m_s.sessions_ended;
        return true;
    }
    if (m_s.screen == Screen::staff_pin && now - m_s.last_touch >= m_settings.idle_ms) {
        go_home();
        return true;
    }
    return false;
}

UnixMs App::staff_timer() const {
    const StaffView& st = m_s.staff;
    if (st.hold_since) return st.hold_since + m_settings.staff_hold_ms;
    if (st.active) return m_s.last_touch + m_settings.staff_idle_ms;
    if (m_s.screen == Screen::staff_pin) return m_s.last_touch + m_settings.idle_ms;
    return 0;
}

}  // namespace wk
