// The App's printing decisions: what goes on the paper (translated labels, the case
// number on a reprint), and what the citizen is told when the printer answers.
#include "kiosk/app.hpp"
#include "kiosk/strings.hpp"
#include "sync/open311.hpp"

namespace wk {

namespace {

std::string category_label(const std::vector<Category>& cats, const std::string& code) {
    for (const Category& c : cats)
        if (c.code == code) return i18n::language() == "en" && !c.name_en.empty() ? c.name_en : c.name_vi;
    return code;
}

// "10/12/2026" from the portal's ISO 8601 date, in Vietnam time; "" when absent.
std::string local_date(const std::string& iso) {
    auto t = open311::parse_iso8601(iso);
    return t ? i18n::local_time(*t).substr(0, 10) : "";
}

}  // namespace

void App::fill_paper_labels(print::ReceiptData& data) const {
    const KioskSettings& s = m_settings;
    data.ward = s.ward;
    data.province = s.province;
    data.title = _("FIELD REPORT RECEIPT");
    data.code_label = _("Receipt code");
    data.created_label = _("Filed at");
    data.category_label = _("Field");
    data.case_label = _("Case number");
    data.expected_label = _("Answer expected by");
    data.description_label = _("Description");
    data.what_next = i18n::format(_("What happens next: the report goes to the province's portal, which forwards it "
                                    "to the responsible agency. The agency answers within {} working days."),
                                  {std::to_string(s.expected_days)});
    data.lookup_url = s.public_url + "/lookup/" + data.code;
    data.qr_caption = _("Scan to follow on your phone");
    data.any_kiosk = _("Or type this code at the kiosk of any ward");
    data.hotline_label = _("Hotline");
    data.hotline = s.hotline;
}

void App::start_print(print::ReceiptData data) { m_print.start(std::move(data)); }

print::ReceiptData App::receipt_paper() const {
    print::ReceiptData d;
    d.code = m_s.receipt.code;
    d.created = i18n::local_time(m_s.receipt.created_at);
    d.category = category_label(m_s.categories, m_s.receipt.category_code);
    d.description = m_s.receipt.description;
    fill_paper_labels(d);
    return d;
}

print::ReceiptData App::lookup_receipt() {
    print::ReceiptData d;
    const auto& r = m_s.lookup.report;
    if (!r) return d;
    if (m_s.categories.empty()) m_s.categories = offered_categories(m_store, m_settings.categories_file);
    d.code = r->code;
    d.created = i18n::local_time(r->created_at);
    d.category = category_label(m_s.categories, r->service_code);
    d.description = r->description;
    d.case_number = r->service_request_id;
    d.expected_date = local_date(r->expected_datetime);
    fill_paper_labels(d);
    return d;
}

void App::print_receipt() {
    if (can_print() && !m_s.receipt.code.empty()) start_print(receipt_paper());
}

void App::reprint_lookup() {
    if (can_print() && m_s.lookup.report) start_print(lookup_receipt());
}

bool App::poll_printer(UnixMs now) {
    if (!m_print.poll(now)) return false;
    // A reprint from the operations screen: the officer sees the list and the printer
    // line as they are now, and what came of the tap.
    const PrintView& v = m_print.view();
    if (m_s.screen == Screen::staff && v.status != PrintView::Status::printing) {
        m_s.staff.ops.printer = m_print.printer_state();
        m_s.staff.ops.unprinted = m_print.unprinted_since(vietnam_day_start(now));
        bool ok = v.status == PrintView::Status::printed;
        m_s.staff.message = ok ? N_("The receipt was printed.") : N_("The receipt did not print: see the printer line.");
        m_s.staff.message_ok = ok;
    }
    return true;
}

bool App::wait_for_printer(int limit_ms, UnixMs now) {
    bool idle = m_print.wait_idle(limit_ms);
    poll_printer(now);
    return idle;
}

}  // namespace wk
