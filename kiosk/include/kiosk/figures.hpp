// The reports board's and the statistics' figures as plain data: this year's reports
// by field and processing state, by month, resolved and resolved on time. Made from
// the province's public reports (pulled by the agent) for the kiosk's ward or the
// whole province, plus this kiosk's reports still waiting to be sent; or, before any
// pull has succeeded, from this kiosk's own reports. No ImGui, no store access.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "sync/store.hpp"

namespace wk {

enum class Scope { ward, province };

struct FieldFigures {
    std::string code;           // service_code
    int64_t waiting = 0;        // filed at this kiosk, not yet at the portal
    int64_t handling = 0;       // at the portal, not final
    int64_t done = 0;           // final
    int64_t total() const { return waiting + handling + done; }
};

struct Figures {
    bool province_data = false;          // from the portal's public reports
    Scope scope = Scope::ward;
    std::vector<FieldFigures> fields;    // most reports first, then by code
    std::array<int64_t, 13> months{};    // [1..12]
    int64_t total = 0, resolved = 0, on_time = 0;
    std::string as_of;                   // ISO time of the last public pull ("" when none)
};

// `local` is this kiosk's tally (status "pending" before the portal has a report): all
// of its reports, or, once a public pull succeeded (`have_public`), only those the pull
// does not hold yet (Store::tally_since's only_unpulled), each counted once either way;
// `pub` the public tally for the scope.
Figures make_figures(const std::vector<TallyRow>& local, const std::vector<PublicTallyRow>& pub, bool have_public,
                     Scope scope, const std::string& as_of);

// The name of the whole-area switch, as [kiosk] province reads: "Whole city" ("Toàn
// thành phố") for a centrally run city ("Thành phố Hà Nội", "TP. Hồ Chí Minh"),
// "Whole province" ("Toàn tỉnh") otherwise. A msgid, translated where it is shown.
const char* whole_area_label(const std::string& province);

}  // namespace wk
