// The HTML page a receipt's QR code opens (GET /lookup/<CODE>): Vietnamese, UTF-8,
// one narrow column for phones, every text HTML-escaped. It shows the case's status,
// agency, answer and dates; it is never given personal data, so it cannot show any.
// A contested code (two reports under it) gets a neutral page that shows neither.
// Pure text rendering; the route lives in portal_server.cpp.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "platform/clock.hpp"
#include "sync/open311.hpp"

namespace wk::portal {

// & < > " ' as entities.
std::string html_escape(std::string_view s);
// The extended status in Vietnamese words ("in_progress" -> "Đang xử lý").
const char* status_vi(std::string_view status);
// "28/11/2026 19:00" in Vietnam time (UTC+7).
std::string vn_datetime(UnixMs t);

// The page for a known request; `code` is the canonical receipt code.
// `photos`: URLs of the photos an officer approved, shown under the answer.
std::string lookup_page(std::string_view code, const open311::ServiceRequest& r,
                        const std::vector<std::string>& photos = {});
// The page for a code the portal does not know (yet), or one that is not a receipt code.
std::string not_found_page(std::string_view code);
// The page for a contested code (two reports claimed it): neither report, only a note
// in Vietnamese and English to ask the ward officer. `code` is canonical.
std::string contested_page(std::string_view code);

}  // namespace wk::portal
