// The report wizard: category, the category's questions (when it has any),
// description, place, contact, review. Back never loses what was typed; the step is
// always shown.
#include <algorithm>

#include "kiosk/screens.hpp"
#include "kiosk/strings.hpp"

namespace wk::screens {
namespace {

const char* kStepNames[kStepCount] = {N_("What is it about?"), N_("A few questions"), N_("Describe the problem"),
                                      N_("Where is it?"), N_("How can the agency reach you?"), N_("Check and send")};

// A tile holds a pictogram above a name of up to two lines: never shorter than this.
constexpr float kMinTileEm = 5.5f;

// The category tiles share the room above the Back button; when the portal offers
// more than fit at a readable size, the grid scrolls.
void category_step(ui::Ui& ui, App& app, float top, UnixMs now) {
    float em = ui.em(), gap = 0.6f * em;
    const auto& cats = app.state().categories;
    int cols = ui.width() > ui.height() ? 5 : 2;
    int rows = static_cast<int>((cats.size() + static_cast<size_t>(cols) - 1) / static_cast<size_t>(cols));
    float w = (ui.width() - 2 * em - static_cast<float>(cols - 1) * gap) / static_cast<float>(cols);
    float avail = ui.height() - top - 6 * em;
    float h = std::min(8 * em, (avail - static_cast<float>(rows - 1) * gap) / static_cast<float>(std::max(rows, 1)));
    h = std::max(h, kMinTileEm * em);
    ui::ScrollRegion grid(ui, "wizard.categories", ImVec2(0, top), ImVec2(ui.width(), avail));
    for (size_t i = 0; i < cats.size(); ++i) {
        int c = static_cast<int>(i) % cols, r = static_cast<int>(i) / cols;
        ImGui::SetCursorPos(ImVec2(em + static_cast<float>(c) * (w + gap), static_cast<float>(r) * (h + gap)));
        std::string id = "cat." + cats[i].code;
        bool chosen = app.state().draft.service_code == cats[i].code;
        if (ui.button(id.c_str(), category_name(app, cats[i].code), ImVec2(w, h),
                      chosen ? ui::Style::selected : ui::Style::tile, ui::Font::large, cats[i].code.c_str())) {
            app.touched(now);
            app.choose_category(cats[i].code);
        }
    }
}

bool is_list(const open311::Attribute& q) { return q.datatype == "singlevaluelist" || q.datatype == "multivaluelist"; }

bool chosen(const open311::Attribute& q, const std::string& answer, const std::string& key) {
    return q.datatype == "multivaluelist" ? ("," + answer + ",").find("," + key + ",") != std::string::npos : answer == key;
}

// A list's choices as buttons, in rows as wide as the screen; returns the y below them.
float choices(ui::Ui& ui, App& app, const open311::Attribute& q, const std::string& answer, float y, UnixMs now) {
    float em = ui.em(), gap = 0.6f * em, h = std::max(ui.min_touch(), 3.2f * em);
    ImFont* f = ui.font(ui::Font::large);
    float x = em;
    for (const auto& [key, name] : q.values) {
        float w = std::min(ui.width() - 2 * em, std::max(10 * em, f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, name.c_str()).x + 3 * em));
        if (x + w > ui.width() - em) x = em, y += h + gap;
        ImGui::SetCursorPos(ImVec2(x, y));
        std::string id = "answer." + q.code + "." + key;
        if (ui.button(id.c_str(), name, ImVec2(w, h), chosen(q, answer, key) ? ui::Style::selected : ui::Style::secondary,
                      ui::Font::large)) {
            app.touched(now);
            app.choose_answer(q.code, key);
        }
        x += w + gap;
    }
    return y + h + em;
}

// The category's questions (the portal's service definition): list answers by tap,
// typed answers in a field with the on-screen keyboard below the last question.
void details_step(ui::Ui& ui, App& app, float top, UnixMs now) {
    float em = ui.em(), y = top;
    const KioskState& s = app.state();
    bool typed = false;
    for (const auto& q : app.questions()) {
        ImGui::SetCursorPos(ImVec2(em, y));
        std::string label = q.description.empty() ? q.code : q.description;
        ui.text(q.required ? label + "  " + _("(needed)") : label, ui::Font::large, 0, ui.width() - 2 * em);
        y = ImGui::GetCursorPosY() + 0.3f * em;
        auto it = s.draft.attributes.find(q.code);
        std::string answer = it == s.draft.attributes.end() ? "" : it->second;
        if (is_list(q)) {
            y = choices(ui, app, q, answer, y, now);
            continue;
        }
        typed = true;
        std::string id = "field.answer." + q.code;
        ImGui::SetCursorPos(ImVec2(em, y));
        if (ui.field(id.c_str(), label, answer, s.focus == Field::answer && s.answer_code == q.code,
                     ImVec2(ui.width() - 2 * em, 2.8f * em), q.datatype == "number" ? _("A number") : _("Your answer")))
            app.focus_answer(q.code);
        y += 3.6f * em;
    }
    if (typed) keyboard(ui, app, em, y, ui.width() - 2 * em, false, now, content_bottom(ui));
}

// The answers, for the review: "question: answer" joined, list keys shown by name.
std::string answers_text(const App& app) {
    std::string out;
    for (const auto& q : app.questions()) {
        auto it = app.state().draft.attributes.find(q.code);
        if (it == app.state().draft.attributes.end() || it->second.empty()) continue;
        std::string a = it->second;
        if (is_list(q)) {
            a.clear();
            for (const auto& [key, name] : q.values)
                if (chosen(q, it->second, key)) a += (a.empty() ? "" : ", ") + name;
        }
        out += (out.empty() ? "" : "; ") + (q.description.empty() ? q.code : q.description) + " " + a;
    }
    return out.empty() ? std::string(_("No answers")) : out;
}

void description_step(ui::Ui& ui, App& app, float top, UnixMs now) {
    float em = ui.em();
    const std::string& d = app.state().draft.description;
    float bottom = content_bottom(ui);
    // The field gives up height first when the screen is short or the text large.
    float field_h = std::clamp(bottom - top - 2 * em - keyboard_min_height(ui), 2.8f * em, 6 * em);
    ImGui::SetCursorPos(ImVec2(em, top));
    if (ui.field("field.description", _("Description"), d, app.state().focus == Field::description,
                 ImVec2(ui.width() - 2 * em, field_h), _("What is the problem? Where exactly, since when?")))
        app.focus(Field::description);
    std::string counter = i18n::format(_("{} of {} characters"), {std::to_string(utf8_length(d)), "4000"});
    ImFont* f = ui.font(ui::Font::body);
    ImGui::SetCursorPos(ImVec2(ui.width() - em - f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, counter.c_str()).x,
                               top + field_h + 0.2f * em));
    ui.text(counter, ui::Font::body, ui.theme().muted);
    keyboard(ui, app, em, top + field_h + 1.8f * em, ui.width() - 2 * em, false, now, bottom);
}

void place_step(ui::Ui& ui, App& app, float top, UnixMs now) {
    float em = ui.em(), gap = 0.4f * em, h = std::max(ui.min_touch(), 2.0f * em);
    const auto& wards = app.settings().wards;
    const int per = App::kWardsPerPage, cols = per / 2;
    bool paged = static_cast<int>(wards.size()) > per;
    float w = (ui.width() - 2 * em - static_cast<float>(cols) * gap) / static_cast<float>(cols + (paged ? 1 : 0));
    size_t first = static_cast<size_t>(app.state().ward_page * per);
    for (size_t i = first; i < wards.size() && i < first + static_cast<size_t>(per); ++i) {
        size_t k = i - first;
        ImGui::SetCursorPos(ImVec2(em + static_cast<float>(k % static_cast<size_t>(cols)) * (w + gap),
                                   top + static_cast<float>(k / static_cast<size_t>(cols)) * (h + gap)));
        std::string id = "place.ward." + std::to_string(i);
        bool chosen = app.state().draft.ward == wards[i];
        if (ui.button(id.c_str(), wards[i], ImVec2(w, h), chosen ? ui::Style::selected : ui::Style::secondary,
                      ui::Font::body)) {
            app.touched(now);
            app.choose_ward(wards[i]);
        }
    }
    if (paged) {  // the province's other wards and communes, a page at a time
        float x = em + static_cast<float>(cols) * (w + gap);
        ImGui::SetCursorPos(ImVec2(x, top));
        if (ui.button("place.ward.less", _("« Previous"), ImVec2(w, h), ui::Style::secondary, ui::Font::body))
            app.turn_ward_page(-1);
        ImGui::SetCursorPos(ImVec2(x, top + h + gap));
        if (ui.button("place.ward.more", _("More »"), ImVec2(w, h), ui::Style::secondary, ui::Font::body))
            app.turn_ward_page(1);
    }
    float y = top + (wards.size() > static_cast<size_t>(cols) ? 2 * (h + gap) : h + gap) + 0.4f * em;
    ImGui::SetCursorPos(ImVec2(em, y));
    float field_h = std::max(ui.min_touch(), 2.2f * em);
    if (ui.field("field.address", _("Address or landmark"), app.state().draft.address,
                 app.state().focus == Field::address, ImVec2(ui.width() - 2 * em, field_h),
                 _("Street and house number, or a landmark (optional)")))
        app.focus(Field::address);
    keyboard(ui, app, em, y + field_h + 0.6f * em, ui.width() - 2 * em, false, now, content_bottom(ui));
}

// Assisted filing: before any contact field, the citizen is asked on the screen.
void consent_step(ui::Ui& ui, App& app, float top, UnixMs now) {
    float em = ui.em(), w = ui.width() - 2 * em;
    ImGui::SetCursorPos(ImVec2(em, top));
    ui.text(_("A question for you, the citizen:"), ui::Font::large, ui.theme().primary, w);
    ImGui::SetCursorPosX(em);
    ui.text(_("Do you agree to leave your name and phone number for the agency handling your report? The officer "
              "types them for you. They are sealed at once: nobody at this kiosk, the officer included, can read "
              "them afterwards. Without your agreement the report is anonymous."),
            ui::Font::large, 0, w);
    float y = ImGui::GetCursorPosY() + em, bw = std::min(16 * em, (w - em) / 2);
    float bh = std::max(ui.min_touch(), 3 * em);
    ImGui::SetCursorPos(ImVec2(em, y));
    if (ui.button("consent.yes", _("Yes, I agree"), ImVec2(bw, bh))) {
        app.touched(now);
        app.answer_consent(true);
    }
    ImGui::SetCursorPos(ImVec2(2 * em + bw, y));
    if (ui.button("consent.no", _("No, stay anonymous"), ImVec2(bw, bh))) {  // the same weight as yes
        app.touched(now);
        app.answer_consent(false);
    }
}

void contact_step(ui::Ui& ui, App& app, float top, UnixMs now) {
    float em = ui.em();
    const KioskState& s = app.state();
    if (app.assisted() && s.consent != true) return consent_step(ui, app, top, now);
    ImGui::SetCursorPos(ImVec2(em, top));
    ui.text(_("Leaving your name and phone is optional. Only the agency handling your report sees them; "
              "they are never shown on this kiosk and are erased from it once the portal has the report."),
            ui::Font::body, 0, ui.width() - 2 * em);
    float btn_h = std::max(ui.min_touch(), 2.0f * em);
    float y = ImGui::GetCursorPosY() + 0.4f * em;
    ImGui::SetCursorPos(ImVec2(em, y));
    if (ui.button("contact.anonymous", _("Stay anonymous"), ImVec2(12 * em, btn_h),
                  s.contact_given ? ui::Style::secondary : ui::Style::selected, ui::Font::body))
        app.set_contact_given(false);
    ImGui::SameLine(0, em);
    if (ui.button("contact.give", _("Leave my contact"), ImVec2(12 * em, btn_h),
                  s.contact_given ? ui::Style::selected : ui::Style::secondary, ui::Font::body))
        app.set_contact_given(true);
    if (!s.contact_given) return;
    float w = (ui.width() - 3 * em) / 2, field_h = std::max(ui.min_touch(), 2.2f * em);
    y += btn_h + 0.5f * em;
    ImGui::SetCursorPos(ImVec2(em, y));  // labels stay above the fields once they are filled
    ui.text(_("Name"), ui::Font::body, ui.theme().muted);
    ImGui::SetCursorPos(ImVec2(2 * em + w, y));
    ui.text(_("Phone"), ui::Font::body, ui.theme().muted);
    y += 1.3f * em;
    ImGui::SetCursorPos(ImVec2(em, y));
    if (ui.field("field.name", _("Name"), s.draft.contact.name, s.focus == Field::name, ImVec2(w, field_h), _("Your name")))
        app.focus(Field::name);
    ImGui::SetCursorPos(ImVec2(2 * em + w, y));
    if (ui.field("field.phone", _("Phone"), s.draft.contact.phone, s.focus == Field::phone, ImVec2(w, field_h),
                 _("Phone number")))
        app.focus(Field::phone);
    keyboard(ui, app, em, y + field_h + 0.6f * em, ui.width() - 2 * em, false, now, content_bottom(ui));
}

void review_line(ui::Ui& ui, App& app, float y, const char* label, const std::string& value, Step step, const char* id,
                 int lines) {
    float em = ui.em(), wrap = ui.width() - 12 * em;
    ImGui::SetCursorPos(ImVec2(em, y));
    ui.text(_(label), ui::Font::body, ui.theme().muted);
    ImGui::SetCursorPos(ImVec2(em, y + 1.4f * em));
    ui.text(preview(ui, value, wrap, lines), ui::Font::large, 0, wrap);
    float text_bottom = ImGui::GetCursorPosY();
    ImGui::SetCursorPos(ImVec2(ui.width() - 8 * em, y));
    if (ui.button(id, _("Change"), ImVec2(7 * em, 2.4f * em), ui::Style::secondary, ui::Font::body)) app.edit(step);
    ImGui::SetCursorPosY(std::max(text_bottom, ImGui::GetCursorPosY()));  // the next line goes below both
}

// The citizen's own name and phone, shown once before sending so that a typo can be
// caught (after sending, the receipt and lookups never show them).
std::string contact_line(const KioskState& s) {
    if (!s.contact_given) return _("Anonymous");
    std::string who = s.draft.contact.name;
    if (!s.draft.contact.phone.empty()) who += (who.empty() ? "" : ", ") + s.draft.contact.phone;
    return i18n::format(_("{} (seen only by the agency)"), {who});
}

void review_step(ui::Ui& ui, App& app, float top) {
    float em = ui.em();
    const KioskState& s = app.state();
    std::string place = s.draft.address.empty() ? s.draft.ward : s.draft.address + ", " + s.draft.ward;
    // Lines of text the screen holds besides each part's label and spacing (~2.4 em a
    // part); the description gets most of them, then the place.
    float line = ui.font(ui::Font::large)->FontSize * 1.25f;
    bool details = !app.questions().empty();
    int budget = static_cast<int>((content_bottom(ui) - top - (details ? 5 : 4) * 2.4f * em) / line);
    int rest = std::max(budget - (details ? 3 : 2), 2);
    int desc = std::clamp(rest - std::min(3, rest / 3), 1, 4);
    int where = std::clamp(rest - desc, 1, 3);
    struct Part { const char* label; std::string value; Step step; const char* id; int lines; };
    std::vector<Part> parts = {
        {N_("Field"), category_name(app, s.draft.service_code), Step::category, "review.edit.category", 1},
        {N_("Description"), s.draft.description, Step::description, "review.edit.description", desc},
        {N_("Place"), place, Step::place, "review.edit.place", where},
        {N_("Contact"), contact_line(s), Step::contact, "review.edit.contact", 1}};
    if (details) parts.insert(parts.begin() + 1, {N_("Answers"), answers_text(app), Step::details, "review.edit.details", 1});
    float y = top;
    for (const Part& p : parts) {
        review_line(ui, app, y, p.label, p.value, p.step, p.id, p.lines);
        y = ImGui::GetCursorPosY() + 0.6f * em;
    }
}

// "Is it one of these?": the open reports already filed for this category and ward,
// newest first, each a card with its date, state, text and address, and a button to
// follow it instead of filing. The bar below says "none of these".
void similar_list(ui::Ui& ui, App& app, float top, UnixMs now) {
    float em = ui.em(), w = ui.width() - 2 * em;
    const KioskState& s = app.state();
    ImGui::SetCursorPos(ImVec2(em, top));
    ui.text(_("Is it one of these?"), ui::Font::title, ui.theme().primary, w);
    ImGui::SetCursorPosX(em);
    ui.text(i18n::format(_("These reports about {} in {} are already being handled. If one of them is your problem, "
                           "you can follow it instead of filing it again."),
                         {category_name(app, s.draft.service_code), s.draft.ward}),
            ui::Font::body, 0, w);
    float y = ImGui::GetCursorPosY() + 0.4f * em, bottom = ui.height() - 4.2f * em;
    float bw = std::min(14 * em, w * 0.4f), bh = std::max(ui.min_touch(), 2.4f * em);
    ui::ScrollRegion list(ui, "similar.list", ImVec2(0, y), ImVec2(ui.width(), bottom - y));
    float card_y = 0;
    for (size_t i = 0; i < s.similar.reports.size(); ++i) {
        const PublicReport& r = s.similar.reports[i];
        float text_w = w - bw - 1.5f * em;
        ImGui::SetCursorPos(ImVec2(em, card_y));
        ui.text(i18n::format(_("Filed {}"), {i18n::local_time(r.requested_at).substr(0, 10)}) + "  ·  " +
                    _(status_msgid(r.status)),
                ui::Font::body, ui.theme().muted, text_w);
        ImGui::SetCursorPosX(em);
        ui.text(r.description.empty() ? std::string(_("(no description published)")) : preview(ui, r.description, text_w, 3),
                ui::Font::large, 0, text_w);
        if (!r.address.empty()) {
            ImGui::SetCursorPosX(em);
            ui.text(preview(ui, r.address, text_w, 1), ui::Font::body, ui.theme().muted, text_w);
        }
        float next = std::max(ImGui::GetCursorPosY(), card_y + bh) + 0.8f * em;
        ImGui::SetCursorPos(ImVec2(em + w - bw, card_y + 0.2f * em));
        std::string id = "similar.follow." + std::to_string(i);
        if (ui.button(id.c_str(), _("Follow this one"), ImVec2(bw, bh), ui::Style::secondary, ui::Font::body)) {
            app.touched(now);
            app.follow_similar(i, now);
            return;
        }
        card_y = next;
    }
}

}  // namespace

void draw_wizard(ui::Ui& ui, App& app, UnixMs now) {
    float em = ui.em();
    const KioskState& s = app.state();
    int step = static_cast<int>(s.step);
    header(ui, _("File a report"), app);
    ImGui::SetCursorPos(ImVec2(em, 3.6f * em));
    ui.text(i18n::format(_("Step {} of {}: {}"), {std::to_string(app.step_number()), std::to_string(app.step_total()),
                                                  _(kStepNames[step])}),
            ui::Font::large, ui.theme().primary);
    float top = 6 * em;
    if (s.similar.open) similar_list(ui, app, top, now);
    else switch (s.step) {
    case Step::category: category_step(ui, app, top, now); break;
    case Step::details: details_step(ui, app, top, now); break;
    case Step::description: description_step(ui, app, top, now); break;
    case Step::place: place_step(ui, app, top, now); break;
    case Step::contact: contact_step(ui, app, top, now); break;
    case Step::review: review_step(ui, app, top); break;
    }
    float bar = ui.height() - 3.4f * em;
    if (message_in_bar(ui)) {
        float x = 12 * em, wrap = ui.width() - 26 * em;
        ImGui::SetCursorPos(ImVec2(x, bar));
        if (!s.message.empty()) ui.text(_(s.message.c_str()), ui::Font::body, ui.theme().error, wrap);
    } else {
        ImGui::SetCursorPos(ImVec2(em, bar - 2.2f * em));
        message(ui, s.message);
    }
    ImGui::SetCursorPos(ImVec2(em, bar));
    if (ui.button("wizard.back", _("Back"), ImVec2(10 * em, 2.6f * em), ui::Style::secondary)) {
        app.touched(now);
        app.back();
    }
    if (s.similar.open) {
        float w = std::min(18 * em, ui.width() - 13 * em);
        ImGui::SetCursorPos(ImVec2(ui.width() - w - em, bar));
        if (ui.button("similar.none", _("None of these: go on"), ImVec2(w, 2.6f * em))) {
            app.touched(now);
            app.file_anyway();
        }
        return;
    }
    if (s.step == Step::category) return;  // a tile tap moves on
    ImGui::SetCursorPos(ImVec2(ui.width() - 13 * em, bar));
    if (s.step == Step::review) {
        if (ui.button("wizard.submit", _("Send report"), ImVec2(12 * em, 2.6f * em))) {
            app.touched(now);
            app.submit(now);
        }
    } else if (ui.button("wizard.next", _("Next"), ImVec2(12 * em, 2.6f * em))) {
        app.touched(now);
        app.next();
    }
}

}  // namespace wk::screens
