// The kiosk's state and every decision about it, in plain C++ with no ImGui: which
// screen is up, the citizen's draft, the receipt, the lookup, the timers that end a
// session. Screens read `state()` and call the action methods; tests do the same
// without a window. Time is passed in. The store is reached only from here.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ime/composer.hpp"
#include "kiosk/figures.hpp"
#include "kiosk/leave_guard.hpp"
#include "kiosk/phone_photos.hpp"
#include "kiosk/print_flow.hpp"
#include "kiosk/print_spooler.hpp"
#include "kiosk/remote_lookup.hpp"
#include "kiosk/similar_reports.hpp"
#include "print/qr.hpp"
#include "sync/staff.hpp"
#include "sync/store.hpp"
#include "sync/store_guard.hpp"

namespace wk {

enum class Screen { home, wizard, receipt, lookup, board, stats, staff_pin, staff, staff_log, staff_code };
// `details` (the category's questions) is skipped for a category that has none.
enum class Step { category, details, description, place, contact, review };
constexpr int kStepCount = 6;
enum class Field { none, description, address, name, phone, lookup_code, answer, staff_code, reason, comment };
// How the on-screen keyboard's letters are typed: Vietnamese by Telex or VNI, or as they are.
enum class InputMode { telex, vni, plain };

struct KioskSettings {
    int kiosk_id = 1;
    std::string ward, province, hotline, public_url;
    std::vector<std::string> wards;       // the province's wards and communes, own ward first
    std::string categories_file;          // defaults when the store has none
    UnixMs receipt_clear_ms = 120000;
    UnixMs idle_ms = 60000;               // no touch this long mid-form: ask
    UnixMs idle_grace_ms = 15000;         // then this long to answer
    UnixMs notice_ms = 8000;              // a message on the home screen stays this long
    UnixMs offline_after_ms = 120000;     // no successful pull this long: say so
    int expected_days = 10;               // working days the portal promises
    std::string lang = "vi";              // the language each new session starts in
    bool keyboard_ime = false;            // physical keyboard typing goes through the input method
    std::string printer;                  // "" = no printer; else as print::print_to takes it
    int printer_dots = 576;
    std::vector<StaffAccount> staff;      // ward officers; none: staff mode cannot open
    UnixMs staff_idle_ms = 120000;        // staff mode leaves by itself after no touch this long
    UnixMs staff_hold_ms = 3000;          // the long press on the ward's name that opens the PIN pad
    std::function<int64_t()> disk_free;   // bytes free in the store's folder (the edge: statvfs); -1 unknown
    // Powers the machine off (the edge: [kiosk] power_off_command); returns "" once asked,
    // else why not. Empty: staff mode does not offer to shut down.
    std::function<std::string()> power_off;
    PhonePhotoSettings photos;            // [photos]: the receipt's second QR
};

struct Receipt {
    std::string code;
    std::string url;
    UnixMs created_at = 0;
    std::string category_code;
    std::string description;              // kept for the paper receipt until the screen clears
    print::QrModules qr;
    std::optional<PhotoLinkView> photos;  // "add photos from your phone", when offered
};

struct LookupView {
    std::string input;
    std::string message;                  // msgid of a problem, "" when none
    std::optional<ReportView> report;
    std::string last_sync;                // ISO time the agent last reached the portal
    bool offline = false;
    RemoteView remote;                    // a code filed at another kiosk, asked of the portal
    bool followed = false;                // another citizen's report, chosen as "one of these"
    std::optional<bool> satisfied;        // the citizen's rating of the answer, once chosen
    std::string comment;                  // the rating's optional comment
    bool thanked = false;                 // the rating was queued just now
    std::optional<PhotoLinkView> photos;  // the case is open: photos may still be added
    std::vector<PhotoThumb> thumbs;       // the case's public photos, as the agent fetched them
};

// What the staff's operations screen shows, read from the store when it opens.
struct OpsView {
    QueueCounts counts;
    std::string last_ok_upload, last_ok_pull, last_ok_services, last_ok_public;  // ISO, "" never
    std::vector<std::pair<std::string, std::string>> errors;  // (upload|pull|services|config|public, message)
    std::string next_attempt;             // the agent's next attempt, ISO or ""
    bool portal_answers = false;          // a pull or upload succeeded within offline_after_ms
    std::string printer;                  // ok, paper_out, missing, error, none; "" not known yet
    int64_t disk_free = -1;               // bytes; -1 unknown
    std::optional<UnixMs> clock_offset;   // the portal's clock minus this PC's, as the agent learnt it
    UnixMs read_at = 0;                   // when this was read (on the corrected clock)
    std::vector<ReportView> attention;    // with the portal's message in status_notes
    std::vector<UnprintedReceipt> unprinted;  // today's receipts that did not come out
    IntegrityRecord integrity;            // the store's last full check (store_guard.hpp)
    std::vector<AuditRow> log;            // newest first, the last 200, read when the log opens
};

enum class StaffTask { withdraw, reprint };

struct StaffView {
    bool active = false;
    std::string id, name;                 // the officer in staff mode
    std::string pin;                      // digits typed on the PIN pad; never drawn
    std::string badge;                    // the badge scanned to open the pad, if any
    int tries_left = 0;                   // after a wrong PIN, > 0
    UnixMs locked_until = 0;              // staff mode is locked until then
    UnixMs hold_since = 0;                // the ward's name is being held since
    std::string message;                  // msgid of the last outcome
    bool message_ok = false;              // an outcome, not a problem
    StaffTask task = StaffTask::withdraw;
    std::string code, reason;             // the report by code and the withdrawal's reason
    bool power_menu = false;              // "restart or shut down?" is open over the operations
    OpsView ops;
};

struct KioskState {
    Screen screen = Screen::home;
    Step step = Step::category;
    Draft draft;
    bool contact_given = false;           // the citizen chose to leave contact details
    std::string answer_code;              // the question whose typed answer has the caret (Field::answer)
    int ward_page = 0;                    // which page of the province's wards is shown
    InputMode input_mode = InputMode::telex;
    bool shift = false;                   // the next on-screen letter is a capital
    bool symbols = false;                 // the on-screen keyboard shows its symbols layer
    size_t composing_bytes = 0;           // the focused field's last bytes are the word being composed
    Field focus = Field::none;
    std::string message;                  // msgid of the current problem, "" when none
    UnixMs message_at = 0;                // when a message outside a form was set (it fades)
    std::vector<Category> categories;
    Receipt receipt;
    LookupView lookup;
    SimilarView similar;                  // "is it one of these?" while filing
    Figures figures;                      // the board and statistics, read when they open
    bool idle_prompt = false;
    UnixMs last_touch = 0;
    UnixMs receipt_shown_at = 0;
    int sessions_ended = 0;               // counts sessions closed by a timer (idle, receipt)
    std::optional<bool> consent;          // assisted filing: the citizen agreed to leave contact
    StaffView staff;
    bool quit = false;                    // staff asked for a restart: the main loop returns
};

class App {
  public:
    // `printer` may be null: a kiosk without a printer shows the code and QR only.
    App(Store& store, const ContactBox& box, KioskSettings settings, UnixMs now, PrintSpooler* printer = nullptr);

    const KioskState& state() const { return m_s; }
    const KioskSettings& settings() const { return m_settings; }
    const Category* category(const std::string& code) const;

    // --- navigation
    void go_home();
    // The header's Home: in the middle of a report it asks first (leave_guard.hpp).
    void home_pressed();
    bool leave_asking() const { return m_leave.asking(); }
    void keep_report(UnixMs now);  // "Keep writing": the question closes, the draft stays
    void discard_report();         // "Discard": the draft is erased, home
    void start_report(UnixMs now);
    void open_lookup();
    void open_board(UnixMs now);
    void open_stats(UnixMs now);
    void set_scope(Scope scope, UnixMs now);  // the board's ward / whole-province switch
    // --- wizard
    void choose_category(const std::string& code);
    void choose_ward(const std::string& ward);
    // The category's questions (app_details.cpp): a list answer by tap, a typed one by focus.
    std::vector<open311::Attribute> questions() const;  // of the chosen category
    void choose_answer(const std::string& code, const std::string& key);  // multivaluelist: toggles
    void focus_answer(const std::string& code);
    int step_number() const;              // 1-based, counting only the steps this draft has
    int step_total() const;
    void turn_ward_page(int delta);       // wards come kWardsPerPage at a time
    static constexpr int kWardsPerPage = 8;
    void set_contact_given(bool given);
    // "Is it one of these?" (similar_reports.hpp): next() on the category or the place
    // step opens the list when there are open reports like it; then either one is
    // followed (the draft is dropped, the lookup screen shows that report) or the
    // citizen goes on filing.
    void follow_similar(size_t i, UnixMs now);
    void file_anyway();
    void next();
    void back();
    void edit(Step step);
    bool submit(UnixMs now);              // false: message set, draft kept
    // --- text input into the focused field
    // A key of the on-screen keyboard: through the input method in fields that take
    // Vietnamese (not the phone or the receipt code), as typed elsewhere.
    void press_key(char32_t key);
    void toggle_shift() { m_s.shift = !m_s.shift; }
    void toggle_symbols() { m_s.symbols = !m_s.symbols; }
    void next_input_mode();               // Telex -> VNI -> as typed -> Telex
    void focus(Field f);
    void type_text(const std::string& utf8);
    void backspace();
    void enter(UnixMs now);
    const std::string* field_text(Field f) const;
    // --- lookup and scanning
    void look_up(const std::string& input, UnixMs now);
    void on_scan(const std::string& text, UnixMs now);
    void on_scan_rejected(UnixMs now);
    // --- printing (off the UI thread; outcomes arrive through poll_printer)
    bool can_print() const { return m_print.available(); }
    const PrintView& print_view() const { return m_print.view(); }
    void print_receipt();                 // the receipt just filed
    void reprint_lookup();                // the looked-up report, with its case number
    print::ReceiptData receipt_paper() const;  // what print_receipt puts on paper
    print::ReceiptData lookup_receipt();       // what reprint_lookup puts on paper
    bool poll_printer(UnixMs now);        // true when an outcome changed the state
    bool wait_for_printer(int limit_ms, UnixMs now);  // scripts and tests: let the worker finish
    // --- staff mode (app_staff.cpp)
    bool staff_active() const { return m_s.staff.active; }
    void hold_ward_name(bool held, UnixMs now);  // the hidden long press on home's ward name
    void open_pin_pad(UnixMs now);
    void pin_key(char digit);
    void pin_clear() { m_s.staff.pin.clear(); }
    void pin_back();
    void pin_enter(UnixMs now);
    void leave_staff(UnixMs now, const char* why);  // why: "button", "timeout", "restart", "shutdown"
    void refresh_ops(UnixMs now);
    void open_staff_log();
    void open_staff_task(StaffTask task);
    void staff_withdraw(UnixMs now);      // the code and the required reason typed
    void staff_reprint(UnixMs now);       // any receipt, by its code
    void reprint_code(const std::string& code, UnixMs now);  // one tap on a receipt that did not print
    void retry(const std::string& code, UnixMs now);
    void sync_now(UnixMs now);            // kv "sync.now": the agent wakes and tries at once
    void start_assisted(UnixMs now);      // the wizard, filed by the officer for a citizen
    void answer_consent(bool yes);        // the citizen's answer: leave contact or stay anonymous
    void restart(UnixMs now);             // ends the process with 0; systemd starts it again
    void open_power_menu(bool open) { m_s.staff.power_menu = open; }
    bool can_power_off() const { return static_cast<bool>(m_settings.power_off); }
    void shut_down(UnixMs now);           // the machine powers off; on failure staff are told why
    bool assisted() const { return m_s.draft.channel == Channel::staff_assisted; }
    bool keys_through_ime() const { return m_settings.keyboard_ime || m_s.staff.active; }
    // --- the citizen's rating of the agency's answer, on lookup
    bool can_rate() const;
    void choose_rating(bool satisfied);
    void send_rating(UnixMs now);
    // --- timers and touches
    void touched(UnixMs now);
    bool tick(UnixMs now);                // true when the state changed
    UnixMs next_timer(UnixMs now) const;  // when tick has something to do; 0 = never
    void keep_going(UnixMs now);          // "yes, I am still here"
    bool receipt_unprinted() const;       // on the receipt, whose paper did not come out
    UnixMs quiet_since() const;           // what the idle prompt's countdown counts from

  private:
    std::optional<PhotoLinkView> photo_link_for(const ReportView& r, UnixMs now);
    void read_figures(Scope scope, UnixMs now);
    Field first_field(Step step);
    void move(int delta);
    std::string* field_ref(Field f);
    void end_word();                      // the composing word stays as it is; the next key starts a new one
    void show_composing(std::string* field);
    void start_print(print::ReceiptData data);
    void fill_paper_labels(print::ReceiptData& data) const;
    bool step_valid();
    void clear_session();
    void load_categories();  // the offered categories into the state (names for screens)
    void staff_badge(const std::string& id, UnixMs now);
    void enter_staff(const StaffAccount& a, UnixMs now);
    void audit(const char* action, const std::string& code, const std::string& detail, UnixMs now);
    bool staff_tick(UnixMs now);
    UnixMs staff_timer() const;
    UnixMs next_session_timer(UnixMs now) const;
    Store& m_store;
    const ContactBox& m_box;
    KioskSettings m_settings;
    PrintFlow m_print;
    StaffGate m_gate;
    ime::Composer m_ime;
    RemoteLookupFlow m_remote;
    SimilarReportsFlow m_similar;
    PhonePhotos m_phone;
    LeaveGuard m_leave;
    KioskState m_s;
};

// Upper-level helpers shared by screens and tests.
size_t max_chars(Field f);
const char* status_msgid(const std::string& status);  // "open" -> "Received", ...
bool has_event(const ReportView& r, const char* kind);
bool withdrawn(const ReportView& r);     // by state or by its "withdrawn" event
bool has_answer(const ReportView& r);    // the agency's answer: notes on a status, or final notes

}  // namespace wk
