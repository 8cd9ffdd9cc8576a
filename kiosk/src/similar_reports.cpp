// SimilarReportsFlow: see kiosk/similar_reports.hpp.
#include "kiosk/similar_reports.hpp"

#include "platform/log.hpp"
#include "sync/open311.hpp"
#include "sync/receipt_code.hpp"

namespace wk {

bool SimilarReportsFlow::offer(SimilarView& view, const std::string& service_code, const std::string& ward) {
    std::string key = service_code + "\n" + ward;
    if (service_code.empty() || ward.empty() || view.shown_for == key) return false;
    std::vector<PublicReport> found;
    try {
        found = m_store.similar_open(service_code, ward, kShown);
    } catch (const db::Error& e) {
        log::error(std::string("similar reports: ") + e.what());
        return false;
    }
    if (found.empty()) return false;  // asked again if the citizen changes the ward
    view.reports = std::move(found);
    view.shown_for = key;
    view.open = true;
    return true;
}

std::optional<ReportView> SimilarReportsFlow::as_report(const SimilarView& view, size_t i) {
    if (i >= view.reports.size()) return std::nullopt;
    const PublicReport& p = view.reports[i];
    ReportView r;
    // The portal echoes the code as it was sent; one that is not a valid code (another
    // client's attribute, a mangled copy) is not offered to the citizen to keep.
    receipt::Parsed code = receipt::parse(p.receipt);
    if (code.error == receipt::ParseError::none) r.code = code.code;
    r.service_request_id = p.service_request_id;
    r.service_code = p.service_code;
    r.status = p.status;
    r.agency = p.agency;
    r.description = p.description;
    r.created_at = p.requested_at;
    r.sync_state = SyncState::acknowledged;
    if (p.expected_at) r.expected_datetime = open311::iso8601(p.expected_at);
    r.ward = p.ward;
    r.address = p.address;
    r.events.push_back({p.requested_at, "received", "", p.service_request_id});
    return r;
}

}  // namespace wk
