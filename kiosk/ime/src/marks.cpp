// Candidate marks per key. Order matters: for Telex w the pairs come first (uo -> ươ,
// or uơ after h/th/kh with nothing after the o; ua -> ưa), then single vowels from the
// last one back (so oa + w -> oă, uu + w -> ưu), then ư on its own.
#include "ime/marks.hpp"

#include "ime/letters.hpp"

namespace wk::ime {
namespace {

char32_t lower_at(std::span<const Letter> ls, size_t k) { return to_lower_ascii(ls[k].key); }

void add_pairs(std::span<const Letter> ls, const SyllableParts& p, std::vector<MarkCandidate>& out) {
    const std::u32string initial = initial_of(ls, p);
    const bool h_initial = initial == U"h" || initial == U"th" || initial == U"kh";
    for (size_t k = p.cluster_begin; k + 1 < p.cluster_end; ++k) {
        const Mark mu = ls[k].mark, mo = ls[k + 1].mark;
        if (lower_at(ls, k) == U'u' && lower_at(ls, k + 1) == U'o' && (mu == Mark::none || mu == Mark::horn)) {
            const bool o_is_last = k + 2 == p.cluster_end && p.cluster_end == ls.size();
            const bool only_o = mu == Mark::none && h_initial && o_is_last;  // thuở, huơ
            MarkCandidate c;
            if (mo != Mark::horn) c.edits.push_back({k + 1, Mark::horn});
            if (!only_o && mu != Mark::horn) c.edits.push_back({k, Mark::horn});
            if (!c.edits.empty()) out.push_back(c);
        }
        if (lower_at(ls, k) == U'u' && lower_at(ls, k + 1) == U'a' && mu == Mark::none && mo == Mark::none &&
            k + 2 == p.cluster_end) {
            out.push_back({{{k, Mark::horn}}, false});  // chưa, mưa
        }
    }
}

// Single vowels from the last back: `to` is the mark the key gives each base it takes.
void add_singles(std::span<const Letter> ls, const SyllableParts& p, std::u32string_view bases,
                 std::span<const Mark> to, std::vector<MarkCandidate>& out) {
    for (size_t k = p.cluster_end; k-- > p.cluster_begin;) {
        const size_t which = bases.find(lower_at(ls, k));
        if (which == std::u32string_view::npos || ls[k].mark == to[which]) continue;
        out.push_back({{{k, to[which]}}, false});
    }
}

void add_stroke(Method method, std::span<const Letter> ls, const SyllableParts& p, std::vector<MarkCandidate>& out) {
    if (ls.empty() || lower_at(ls, 0) != U'd' || ls[0].mark != Mark::none) return;
    // Telex: only right after the d (dd); VNI: 9 anywhere once the initial is d.
    const bool fits = method == Method::telex ? ls.size() == 1 : p.cluster_begin == 1;
    if (fits) out.push_back({{{0, Mark::stroke}}, false});
}

}  // namespace

std::vector<MarkCandidate> mark_candidates(Method method, const KeyRole& role, std::span<const Letter> ls) {
    std::vector<MarkCandidate> out;
    const SyllableParts p = split_syllable(ls);
    if (!p.well_formed) return out;
    static constexpr Mark kCirc[] = {Mark::circumflex, Mark::circumflex, Mark::circumflex};
    static constexpr Mark kTelexW[] = {Mark::breve, Mark::horn, Mark::horn};
    static constexpr Mark kHorn[] = {Mark::horn, Mark::horn};
    static constexpr Mark kBreve[] = {Mark::breve};
    switch (role.action) {
    case KeyAction::circumflex: {
        const char32_t t[] = {role.target, 0};
        add_singles(ls, p, role.target ? std::u32string_view(t, 1) : U"aeo", kCirc, out);
        break;
    }
    case KeyAction::telex_w:
        add_pairs(ls, p, out);
        add_singles(ls, p, U"aou", kTelexW, out);
        out.push_back({{}, true});
        break;
    case KeyAction::horn:
        add_pairs(ls, p, out);
        add_singles(ls, p, U"ou", kHorn, out);
        break;
    case KeyAction::breve: add_singles(ls, p, U"a", kBreve, out); break;
    case KeyAction::stroke: add_stroke(method, ls, p, out); break;
    default: break;
    }
    return out;
}

std::vector<Letter> apply_candidate(std::span<const Letter> letters, const MarkCandidate& candidate, char32_t key) {
    std::vector<Letter> out(letters.begin(), letters.end());
    for (const MarkEdit& e : candidate.edits) out[e.index].mark = e.mark;
    if (candidate.append_u_horn) out.push_back({with_case_of(U'u', key), Mark::horn});
    return out;
}

std::vector<size_t> marked_by(Method method, const KeyRole& role, std::span<const Letter> ls) {
    std::vector<size_t> out;
    for (size_t k = 0; k < ls.size(); ++k) {
        const Mark m = ls[k].mark;
        const char32_t b = lower_at(ls, k);
        bool hit = false;
        switch (role.action) {
        case KeyAction::circumflex: hit = m == Mark::circumflex && (role.target == 0 || role.target == b); break;
        case KeyAction::telex_w: hit = m == Mark::breve || m == Mark::horn; break;
        case KeyAction::horn: hit = m == Mark::horn; break;
        case KeyAction::breve: hit = m == Mark::breve; break;
        case KeyAction::stroke:
            hit = m == Mark::stroke && k == 0 && (method == Method::vni || ls.size() == 1);
            break;
        default: break;
        }
        if (hit) out.push_back(k);
    }
    return out;
}

}  // namespace wk::ime
