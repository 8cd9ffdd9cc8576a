// App, the wizard's questions step: the chosen category's questions (its Open311
// service definition's attributes), answered by tapping one of a list's choices or by
// typing on the on-screen keyboard; and the step numbering, which counts that step
// only for categories that have questions.
#include <algorithm>

#include "kiosk/app.hpp"

namespace wk {

std::vector<open311::Attribute> App::questions() const {
    const Category* c = category(m_s.draft.service_code);
    return c ? wk::questions(*c) : std::vector<open311::Attribute>{};
}

// A single choice replaces the answer (a second tap on it clears it, unless it is
// required); a multiple-choice answer is its keys joined by commas, in the list's order.
void App::choose_answer(const std::string& code, const std::string& key) {
    end_word();
    m_s.message.clear();
    for (const auto& q : questions()) {
        if (q.code != code) continue;
        std::string& answer = m_s.draft.attributes[code];
        if (q.datatype != "multivaluelist") {
            answer = answer == key && !q.required ? "" : key;
            return;
        }
        std::string joined;
        for (const auto& [k, name] : q.values) {
            bool on = ("," + answer + ",").find("," + k + ",") != std::string::npos;
            if (k == key) on = !on;
            if (on) joined += (joined.empty() ? "" : ",") + k;
        }
        answer = joined;
        return;
    }
}

void App::focus_answer(const std::string& code) {
    end_word();
    m_s.answer_code = code;
    m_s.focus = Field::answer;
}

int App::step_number() const {
    int n = static_cast<int>(m_s.step) + 1;
    return m_s.step > Step::details && questions().empty() ? n - 1 : n;
}

int App::step_total() const { return questions().empty() ? kStepCount - 1 : kStepCount; }

}  // namespace wk
