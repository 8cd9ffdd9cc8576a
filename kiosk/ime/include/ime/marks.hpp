// Where a mark key (Telex a e o w d, VNI 6 7 8 9) may put its mark in a word, in the
// order of preference of the input doc, and which letters already carry the mark it
// would undo. Pure functions of the letters; the Composer checks each candidate.
#pragma once
#include <span>
#include <vector>

#include "ime/keymap.hpp"
#include "ime/syllable.hpp"

namespace wk::ime {

struct MarkEdit {
    size_t index = 0;
    Mark mark = Mark::none;
};

struct MarkCandidate {
    std::vector<MarkEdit> edits;  // letters that get a new mark
    bool append_u_horn = false;   // Telex w alone: ư is appended as a new letter
};

// Candidates for a key with `role`, best first; every one changes the word. Empty
// when the key has nothing to act on.
std::vector<MarkCandidate> mark_candidates(Method method, const KeyRole& role, std::span<const Letter> letters);
// The letters `letters` turned into by `candidate` (the key's case for an appended ư).
std::vector<Letter> apply_candidate(std::span<const Letter> letters, const MarkCandidate& candidate, char32_t key);
// Indices of letters carrying a mark this key gives: pressing it again undoes one.
std::vector<size_t> marked_by(Method method, const KeyRole& role, std::span<const Letter> letters);

}  // namespace wk::ime
