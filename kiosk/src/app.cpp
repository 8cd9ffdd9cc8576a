// Kiosk decisions. [SECTION] navigation, wizard, lookup, timers. Typing into fields:
// app_text.cpp; printing: app_print.cpp; staff mode and ratings: app_staff.cpp.
#include "kiosk/app.hpp"
#include "kiosk/strings.hpp"

#include <algorithm>
#include <cctype>

#include "platform/log.hpp"
#include "platform/utf8.hpp"
#include "sync/open311.hpp"
#include "sync/receipt_code.hpp"

namespace wk {

size_t max_chars(Field f) {
    switch (f) {
    case Field::description: return kMaxDescriptionChars;
    case Field::address: return kMaxAddressChars;
    case Field::name: return kMaxNameChars;
    case Field::phone: return kMaxPhoneTypedChars;
    case Field::lookup_code: return 64;
    case Field::answer: return kMaxAnswerChars;
    case Field::staff_code: return 64;
    case Field::reason: return kMaxReasonChars;
    case Field::comment: return kMaxCommentChars;
    case Field::none: return 0;
    }
    return 0;
}

const char* status_msgid(const std::string& s) {
    if (s.empty() || s == "pending") return N_("Waiting to be sent");
    if (s == "for_triage") return N_("Being sorted");
    if (s == "reopen") return N_("Reopened to be handled");
    if (s == "open") return N_("Received");
    if (s == "investigating") return N_("Being checked");
    if (s == "in_progress") return N_("Being handled");
    if (s == "action_scheduled") return N_("Action scheduled");
    if (s == "fixed") return N_("Fixed");
    if (s == "closed") return N_("Closed");
    if (s == "duplicate") return N_("Duplicate");
    if (s == "not_councils_responsibility") return N_("Not the ward's responsibility");
    if (s == "no_further_action") return N_("No further action");
    if (s == "internal_referral") return N_("Forwarded to another agency");
    if (s == "cancelled") return N_("Withdrawn");
    return N_("Received");
}

App::App(Store& store, const ContactBox& box, KioskSettings settings, UnixMs now, PrintSpooler* printer)
    : m_store(store), m_box(box), m_settings(std::move(settings)),
      m_print(store, printer, m_settings.printer, m_settings.printer_dots), m_gate(store, m_settings.staff),
      m_remote(store),
      m_similar(store),
      m_phone(store, m_settings.photos, m_settings.kiosk_id, m_settings.public_url) {
    m_s.last_touch = now;
}

const Category* App::category(const std::string& code) const {
    for (const Category& c : m_s.categories)
        if (c.code == code) return &c;
    return nullptr;
}

// [SECTION] navigation
void App::clear_session() {
    // Overwrite what the citizen typed before letting the strings go.
    for (std::string* s : {&m_s.draft.description, &m_s.draft.address, &m_s.draft.contact.name,
                           &m_s.draft.contact.phone, &m_s.lookup.input, &m_s.receipt.description, &m_s.lookup.comment,
                           &m_s.staff.pin, &m_s.staff.code, &m_s.staff.reason})
        std::fill(s->begin(), s->end(), '\0');
    m_s.draft = Draft{};
    m_s.contact_given = false;
    m_s.consent.reset();
    m_s.staff.pin.clear();
    m_s.staff.code.clear();
    m_s.staff.reason.clear();
    m_s.staff.message.clear();
    m_s.lookup = LookupView{};
    m_s.similar = SimilarView{};
    m_s.receipt = Receipt{};
    m_print.forget_view();
    m_s.message.clear();
    m_s.focus = Field::none;
    m_s.idle_prompt = false;
    m_s.step = Step::category;
    end_word();
    m_s.shift = m_s.symbols = false;
    // The next citizen starts with the default: Telex, or plain letters in English.
    m_s.input_mode = i18n::language() == "en" ? InputMode::plain : InputMode::telex;
    m_ime.set_method(ime::Method::telex);
}

// In staff mode "home" is the operations screen; staff mode itself ends by leave_staff.
void App::go_home() {
    clear_session();
    m_leave.close();
    m_s.screen = Screen::home;
    if (m_s.staff.active) refresh_ops(m_s.last_touch);
}

void App::home_pressed() {
    if (m_s.screen == Screen::wizard && !m_leave.request(m_s.draft)) return;
    go_home();
}

void App::keep_report(UnixMs now) {
    m_leave.close();
    touched(now);
}

void App::discard_report() {
    log::info("report discarded by the citizen before sending");
    go_home();
}

void App::load_categories() {
    try {
        m_s.categories = offered_categories(m_store, m_settings.categories_file);
    } catch (const db::Error& e) {
        log::error(std::string("categories: ") + e.what());
    }
}

void App::start_report(UnixMs now) {
    clear_session();
    load_categories();
    m_s.draft.ward = m_settings.ward;
    m_s.screen = Screen::wizard;
    m_s.last_touch = now;
}

void App::open_lookup() {
    clear_session();
    load_categories();  // a found report says what it is about, by its field's name
    m_s.screen = Screen::lookup;
    m_s.focus = Field::lookup_code;
}

void App::open_board(UnixMs now) {
    clear_session();
    m_s.screen = Screen::board;
    open_stats(now);
    m_s.screen = Screen::board;
}

void App::open_stats(UnixMs now) {
    clear_session();
    m_s.screen = Screen::stats;
    read_figures(Scope::ward, now);
}

void App::set_scope(Scope scope, UnixMs now) {
    m_s.message.clear();
    read_figures(scope, now);
}

void App::read_figures(Scope scope, UnixMs now) {
    try {
        m_s.categories = offered_categories(m_store, m_settings.categories_file);
        UnixMs jan1 = vietnam_year_start(now);
        std::string as_of = m_store.value("agent.last_ok.public").value_or("");
        std::vector<PublicTallyRow> pub;
        if (!as_of.empty()) pub = m_store.public_tally_since(jan1, scope == Scope::ward ? m_settings.ward : "");
        m_s.figures = make_figures(m_store.tally_since(jan1, !as_of.empty()), pub, !as_of.empty(), scope, as_of);
    } catch (const db::Error& e) {
        log::error(std::string("tally: ") + e.what());
        m_s.message = N_("The figures cannot be read right now.");
    }
}

// [SECTION] wizard
void App::choose_category(const std::string& code) {
    if (m_s.draft.service_code != code) m_s.draft.attributes.clear();  // answers belong to their category
    m_s.draft.service_code = code;
    m_s.message.clear();
    next();
}

void App::choose_ward(const std::string& ward) {
    m_s.draft.ward = ward;
    m_s.message.clear();
}

void App::turn_ward_page(int delta) {
    int n = static_cast<int>(m_settings.wards.size());
    int pages = std::max(1, (n + kWardsPerPage - 1) / kWardsPerPage);
    m_s.ward_page = std::clamp(m_s.ward_page + delta, 0, pages - 1);
}

void App::set_contact_given(bool given) {
    if (given && assisted() && m_s.consent != true) return;  // only with the citizen's consent
    end_word();
    m_s.contact_given = given;
    m_s.focus = given ? Field::name : Field::none;
}

// A few words at least: one letter or one word does not tell the agency what to fix
// ("Có rác" passes: two words, five letters; so does a long text with no space).
static bool says_enough(const std::string& description) {
    int words = 0, letters = 0;
    bool in_word = false;
    for (char32_t c : utf8::decode(description)) {
        bool space = c == ' ' || c == '\n' || c == '\t';
        if (!space && !in_word) ++words;
        in_word = !space;
        if (!space && !(c < 0x80 && std::ispunct(static_cast<int>(c)))) ++letters;
    }
    return letters >= 20 || (words >= 2 && letters >= 5);
}

bool App::step_valid() {
    Draft d = normalized(m_s.draft);
    if (!m_s.contact_given) d.contact = Contact{};
    auto errors = validate(d, m_s.categories, m_settings.province);  // the address as the agent will send it
    const char* fields[kStepCount][3] = {{"category", "", ""},
                                         {"attribute", "", ""},
                                         {"description", "", ""},
                                         {"ward", "address", ""},
                                         {"name", "phone", ""},
                                         {"category", "description", "phone"}};
    for (const FieldError& e : errors)
        for (const char* f : fields[static_cast<int>(m_s.step)])
            if (e.field == f || m_s.step == Step::review) {
                m_s.message = describe(e.error);
                return false;
            }
    bool described = m_s.step == Step::description || m_s.step == Step::review;
    if (described && !says_enough(d.description)) {
        m_s.message = N_("Please describe the problem in a few words, so that the agency knows what to fix.");
        return false;
    }
    m_s.message.clear();
    return true;
}

// Where the caret is when a step comes up, however it was reached (next, back, change):
// the step's first field, so the on-screen keyboard always types somewhere.
Field App::first_field(Step step) {
    if (step == Step::details) {
        for (const auto& q : questions())
            if (q.datatype != "singlevaluelist" && q.datatype != "multivaluelist") {
                m_s.answer_code = q.code;
                return Field::answer;
            }
        return Field::none;
    }
    return step == Step::description ? Field::description
           : step == Step::place     ? Field::address
           : step == Step::contact && m_s.contact_given ? Field::name
                                                        : Field::none;
}

// The step `delta` away, passing over the questions when the category has none.
void App::move(int delta) {
    Step s = static_cast<Step>(static_cast<int>(m_s.step) + delta);
    if (s == Step::details && questions().empty()) s = static_cast<Step>(static_cast<int>(s) + delta);
    m_s.step = s;
    m_s.focus = first_field(s);
}

void App::next() {
    end_word();
    if (m_s.step == Step::contact && assisted() && !m_s.consent) {
        m_s.message = N_("Please let the citizen answer the question on the screen.");
        return;
    }
    if (m_s.step == Step::review || !step_valid()) return;
    bool chosen = m_s.step == Step::category || m_s.step == Step::place;  // the category, then the ward
    if (chosen && m_similar.offer(m_s.similar, m_s.draft.service_code, m_s.draft.ward)) {
        m_s.focus = Field::none;
        return;
    }
    move(+1);
}

void App::file_anyway() {
    if (!m_s.similar.open) return;
    m_s.similar.open = false;
    move(+1);
}

void App::follow_similar(size_t i, UnixMs now) {
    std::optional<ReportView> r = SimilarReportsFlow::as_report(m_s.similar, i);
    if (!r) return;
    log::info("kiosk: a similar report was followed instead of filing");
    clear_session();  // the draft goes: the citizen's problem is already a case
    m_s.lookup.report = std::move(r);
    m_s.lookup.followed = true;
    if (!m_s.lookup.report->code.empty()) m_s.lookup.input = receipt::grouped(m_s.lookup.report->code);
    try {
        for (const char* k : {"agent.last_ok.public", "agent.last_ok.pull"})
            m_s.lookup.last_sync = std::max(m_s.lookup.last_sync, m_store.value(k).value_or(""));
    } catch (const db::Error& e) {
        log::error(std::string("lookup: ") + e.what());
    }
    auto last = open311::parse_iso8601(m_s.lookup.last_sync);
    m_s.lookup.offline = !last || now - *last > m_settings.offline_after_ms;
    m_s.screen = Screen::lookup;
    m_s.last_touch = now;
}

void App::back() {
    end_word();
    m_s.message.clear();
    if (m_s.similar.open) {  // back to the step the list opened over
        m_s.similar.open = false;
        return;
    }
    if (m_s.step == Step::category) {
        go_home();
        return;
    }
    move(-1);
}

void App::edit(Step step) {
    end_word();
    m_s.message.clear();
    m_s.step = step;
    m_s.focus = first_field(step);
}

bool App::submit(UnixMs now) {
    if (!step_valid()) return false;
    Draft d = normalized(m_s.draft);
    if (!m_s.contact_given) d.contact = Contact{};
    try {
        SubmitResult r = m_store.submit(d, m_settings.kiosk_id, m_box, now);
        if (d.channel == Channel::staff_assisted) audit("assisted_submit", r.code, "", now);
        Receipt rc{r.code, m_settings.public_url + "/lookup/" + r.code, now, d.service_code, d.description, {}};
        rc.qr = print::make_qr(rc.url);
        rc.photos = m_phone.link(r.code, now);
        clear_session();
        m_s.receipt = std::move(rc);
        m_s.screen = Screen::receipt;
        m_s.receipt_shown_at = now;
        log::info("report " + r.code + " stored");
        if (can_print()) print_receipt();  // the citizen leaves with paper
        return true;
    } catch (const db::Error& e) {
        log::error(std::string("submit failed: ") + e.what());
        m_s.message = e.kind == db::ErrorKind::full ? N_("The kiosk's storage is full. Please ask the ward officer for help. Your report has not been lost from this screen.")
                      : e.kind == db::ErrorKind::busy
                          ? N_("The kiosk is busy. Please press Send again in a moment.")
                          : N_("The report could not be saved. Please ask the ward officer for help.");
        return false;
    }
}

// [SECTION] lookup
void App::look_up(const std::string& input, UnixMs now) {
    LookupView v;
    v.input = input;
    receipt::Parsed p = receipt::parse(input);
    switch (p.error) {
    case receipt::ParseError::none: break;
    case receipt::ParseError::empty: v.message = N_("Please type the code printed on your receipt."); break;
    case receipt::ParseError::bad_symbol: v.message = N_("The code has a character that is not used in receipt codes."); break;
    case receipt::ParseError::wrong_length: v.message = N_("A receipt code has 9 characters. Please check the code."); break;
    case receipt::ParseError::bad_check: v.message = N_("This code is not right: one character may be mistyped. Please check it."); break;
    }
    if (p.error == receipt::ParseError::none) {
        v.input = receipt::grouped(p.code);
        try {
            v.report = m_store.find(p.code);
            // Filed at another kiosk (or lost with this one's disk): the portal is asked.
            if (!v.report) v.remote = m_remote.ask(p.code, now);
            if (v.report) v.photos = photo_link_for(*v.report, now);
            if (v.report) v.thumbs = m_phone.open(p.code, !v.report->service_request_id.empty(), now);
            // The last time the agent reached the portal, whatever it was doing.
            for (const char* k : {"agent.last_ok.pull", "agent.last_ok.upload", "agent.last_ok.services"})
                v.last_sync = std::max(v.last_sync, m_store.value(k).value_or(""));
        } catch (const db::Error& e) {
            log::error(std::string("lookup: ") + e.what());
            v.message = N_("The report cannot be read right now. Please try again.");
        }
        auto last = open311::parse_iso8601(v.last_sync);
        v.offline = !last || now - *last > m_settings.offline_after_ms;
    }
    m_s.lookup = std::move(v);
    if (m_s.categories.empty()) load_categories();  // looked up from a scan on another screen
    m_s.screen = Screen::lookup;
    m_s.focus = Field::lookup_code;
}

// While the case is open (not final, not withdrawn), photos may still be added.
std::optional<PhotoLinkView> App::photo_link_for(const ReportView& r, UnixMs now) {
    if (final_status(r.status) || withdrawn(r) || r.code.empty()) return std::nullopt;
    return m_phone.link(r.code, now);
}

void App::on_scan(const std::string& text, UnixMs now) {
    if (text.rfind("WKSTAFF:", 0) == 0) {
        staff_badge(text.substr(8), now);
        return;
    }
    receipt::Parsed p = receipt::parse(text);
    if (p.error != receipt::ParseError::none) {
        on_scan_rejected(now);
        return;
    }
    // A scan on any screen opens the lookup; a draft in progress is left behind only
    // on screens without one, so a citizen mid-form keeps their text.
    if (m_s.screen == Screen::wizard) {
        m_s.message = N_("To look up a receipt, finish or cancel this report first.");
        return;
    }
    clear_session();
    look_up(p.code, now);
}

void App::on_scan_rejected(UnixMs now) {
    m_s.message = N_("The scanned code is not a wardkiosk receipt.");
    m_s.message_at = now;
}

// [SECTION] timers
void App::touched(UnixMs now) {
    m_s.last_touch = now;
    m_s.idle_prompt = false;
}

void App::keep_going(UnixMs now) { touched(now); }

static bool in_session(const KioskState& s) {
    return s.screen == Screen::wizard || (s.screen == Screen::lookup && !s.lookup.input.empty());
}

// A receipt whose paper did not come out does not clear by itself after
// receipt_clear_ms: the citizen may be fetching the officer, so it asks "are you still
// there?" as a form does, and the officer finds it in today's unprinted receipts.
bool App::receipt_unprinted() const {
    return m_s.screen == Screen::receipt && m_print.view().status == PrintView::Status::failed;
}

// The quiet the idle prompt counts from: the last touch, and on an unprinted receipt
// no earlier than lets it stay up as long as a printed one would have.
UnixMs App::quiet_since() const {
    if (!receipt_unprinted()) return m_s.last_touch;
    return std::max(m_s.last_touch, m_s.receipt_shown_at + m_settings.receipt_clear_ms - m_settings.idle_ms);
}

// Screens with nothing of a citizen's own: left alone, they go home without asking,
// so the next person finds the four actions, not someone else's board scrolled half way.
static bool browsing(const KioskState& s) {
    return s.screen == Screen::board || s.screen == Screen::stats || (s.screen == Screen::lookup && s.lookup.input.empty());
}

bool App::tick(UnixMs now) {
    if (staff_tick(now)) return true;
    if (m_s.screen == Screen::lookup && m_remote.poll(m_s.lookup.remote, receipt::parse(m_s.lookup.input).code,
                                                       m_s.lookup.report, now)) {
        if (m_s.lookup.report) m_s.lookup.photos = photo_link_for(*m_s.lookup.report, now);
        return true;
    }
    if (m_s.screen == Screen::lookup && m_s.lookup.report &&
        m_phone.poll(m_s.lookup.report->code, m_s.lookup.thumbs, now))
        return true;
    // A notice on the home screen is for the person who caused it, not the next one.
    if (m_s.screen == Screen::home && !m_s.message.empty() && now - m_s.message_at >= m_settings.notice_ms) {
        m_s.message.clear();
        return true;
    }
    if (m_s.screen == Screen::receipt && !receipt_unprinted() && now - m_s.receipt_shown_at >= m_settings.receipt_clear_ms) {
        go_home();
        ++m_s.sessions_ended;
        return true;
    }
    if (browsing(m_s) && now - m_s.last_touch >= m_settings.idle_ms + m_settings.idle_grace_ms) {
        go_home();
        ++m_s.sessions_ended;
        return true;
    }
    if (!in_session(m_s) && !receipt_unprinted()) return false;
    UnixMs idle = now - quiet_since();
    if (idle >= m_settings.idle_ms + m_settings.idle_grace_ms) {
        log::info("session ended after no touch; draft erased");
        go_home();
        ++m_s.sessions_ended;
        return true;
    }
    if (idle >= m_settings.idle_ms && !m_s.idle_prompt) {
        m_s.idle_prompt = true;
        return true;
    }
    return m_s.idle_prompt;  // the countdown moves every second
}

UnixMs App::next_timer(UnixMs now) const {
    UnixMs earliest = 0;
    for (UnixMs t : {next_session_timer(now), staff_timer(),
                     m_s.screen == Screen::lookup ? m_remote.next_poll(m_s.lookup.remote, now) : UnixMs(0),
                     m_s.screen == Screen::lookup && m_s.lookup.report ? m_phone.next_poll(now) : UnixMs(0)})
        if (t && (!earliest || t < earliest)) earliest = t;
    return earliest;
}

UnixMs App::next_session_timer(UnixMs now) const {
    if (m_s.screen == Screen::home && !m_s.message.empty()) return m_s.message_at + m_settings.notice_ms;
    if (m_s.screen == Screen::receipt && !receipt_unprinted()) return m_s.receipt_shown_at + m_settings.receipt_clear_ms;
    if (browsing(m_s)) return m_s.last_touch + m_settings.idle_ms + m_settings.idle_grace_ms;
    if (!in_session(m_s) && !receipt_unprinted()) return 0;
    if (m_s.idle_prompt) return now + 1000;
    return quiet_since() + m_settings.idle_ms;
}

}  // namespace wk
