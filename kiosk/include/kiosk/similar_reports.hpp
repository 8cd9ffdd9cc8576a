// "Is it one of these?": before a citizen files, the open reports already filed for
// the category and the ward chosen, newest first, from the public reports the agent
// pulled (so offline too). A citizen who finds theirs follows it (the lookup screen
// shows it like any other report, with its case number) instead of filing it again;
// anyone else goes on. Its own slice of the wizard's state, composed by App.
// Plain C++: no ImGui, no network.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "sync/store.hpp"

namespace wk {

struct SimilarView {
    bool open = false;                   // the list is up, over the wizard's step
    std::vector<PublicReport> reports;   // not yet final, same category and ward, newest first
    std::string shown_for;               // "category\nward" whose list the citizen has seen
};

class SimilarReportsFlow {
  public:
    static constexpr int kShown = 6;      // a screenful; older ones are rarely the same problem
    explicit SimilarReportsFlow(Store& store) : m_store(store) {}

    // Leaving a step once the category and the ward are known: opens the list when there
    // are open reports for them that this citizen has not seen yet. True when it opened.
    // A store that cannot be read offers nothing: filing is never held up by it.
    bool offer(SimilarView& view, const std::string& service_code, const std::string& ward);
    // The report at `i`, as the lookup screen shows a report: its receipt code where the
    // portal echoes one, its case number, state, agency, text and filing date.
    static std::optional<ReportView> as_report(const SimilarView& view, size_t i);

  private:
    Store& m_store;
};

}  // namespace wk
