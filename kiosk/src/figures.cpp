// make_figures: folds the tallies into what the board and statistics draw.
#include "kiosk/figures.hpp"

#include <algorithm>
#include <map>
#include <string_view>

#include "kiosk/strings.hpp"

namespace wk {

Figures make_figures(const std::vector<TallyRow>& local, const std::vector<PublicTallyRow>& pub, bool have_public,
                     Scope scope, const std::string& as_of) {
    Figures f;
    f.province_data = have_public;
    f.scope = scope;
    f.as_of = as_of;
    std::map<std::string, FieldFigures> by;
    auto month = [&](int m, int64_t n) {
        if (m >= 1 && m <= 12) f.months[static_cast<size_t>(m)] += n;
    };
    for (const TallyRow& r : local) {  // with the province's figures: only what they do not hold yet
        FieldFigures& x = by[r.service_code];
        if (r.status == "pending") x.waiting += r.count;
        else if (final_status(r.status)) x.done += r.count, f.resolved += r.count;
        else x.handling += r.count;
        month(r.month, r.count);
        f.total += r.count;
    }
    for (const PublicTallyRow& r : pub) {
        if (!have_public) break;
        FieldFigures& x = by[r.service_code];
        if (final_status(r.status)) x.done += r.count, f.resolved += r.count, f.on_time += r.on_time;
        else x.handling += r.count;
        month(r.month, r.count);
        f.total += r.count;
    }
    for (auto& [code, x] : by) {
        x.code = code;
        f.fields.push_back(x);
    }
    std::stable_sort(f.fields.begin(), f.fields.end(),
                     [](const FieldFigures& a, const FieldFigures& b) { return a.total() > b.total(); });
    return f;
}

}  // namespace wk

namespace wk {

const char* whole_area_label(const std::string& province) {
    size_t b = province.find_first_not_of(' ');
    std::string_view p = b == std::string::npos ? std::string_view() : std::string_view(province).substr(b);
    for (std::string_view city : {"Thành phố ", "thành phố ", "THÀNH PHỐ ", "TP. ", "TP ", "Tp. ", "City of "})
        if (p.substr(0, city.size()) == city) return N_("Whole city");
    return N_("Whole province");
}

}  // namespace wk
