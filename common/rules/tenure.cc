#include "common/rules/tenure.h"

#include <algorithm>

namespace partygroup::rules {
namespace {

// The spans sorted and joined where they meet or overlap.
std::vector<DaySpan> Joined(std::vector<DaySpan> spans) {
  std::sort(spans.begin(), spans.end(),
            [](const DaySpan& a, const DaySpan& b) { return a.from < b.from; });
  std::vector<DaySpan> joined;
  for (const DaySpan& span : spans) {
    if (!joined.empty() &&
        (!joined.back().until.has_value() || *joined.back().until >= span.from)) {
      DaySpan& last = joined.back();
      if (last.until.has_value() && (!span.until.has_value() || *span.until > *last.until)) {
        last.until = span.until;
      }
      continue;
    }
    joined.push_back(span);
  }
  return joined;
}

}  // namespace

const MemberSpell* SpellOn(const Member& member, absl::CivilDay day) {
  for (const MemberSpell& spell : member.spells) {
    if (spell.days.Contains(day)) return &spell;
  }
  return nullptr;
}

std::optional<int64_t> LeaderOn(const Group& group, absl::CivilDay day) {
  for (const LeaderTerm& term : group.leader_terms) {
    if (term.days.Contains(day)) return term.member_id;
  }
  return std::nullopt;
}

Group StandingOn(const Group& group, absl::CivilDay day) {
  Group standing = group;
  standing.members.clear();
  for (const Member& member : group.members) {
    const MemberSpell* spell = SpellOn(member, day);
    if (spell == nullptr) continue;
    Member as_then = member;
    as_then.status = spell->status;
    as_then.leading_cadre = spell->leading_cadre;
    standing.members.push_back(std::move(as_then));
  }
  standing.leader_id = LeaderOn(group, day);
  return standing;
}

bool CoversWholeMonth(std::vector<DaySpan> spans, const std::vector<DaySpan>& except,
                      absl::CivilMonth first, absl::CivilMonth last) {
  const std::vector<DaySpan> covered = Joined(std::move(spans));
  const std::vector<DaySpan> excluded = Joined(except);
  for (absl::CivilMonth month = first; month <= last; ++month) {
    const absl::CivilDay month_first = absl::CivilDay(month);
    const absl::CivilDay month_last = absl::CivilDay(month + 1) - 1;
    auto whole = [&](const DaySpan& span) {
      return span.Contains(month_first) && span.Contains(month_last);
    };
    auto touches = [&](const DaySpan& span) {
      return span.from <= month_last && (!span.until.has_value() || *span.until > month_first);
    };
    if (std::any_of(covered.begin(), covered.end(), whole) &&
        std::none_of(excluded.begin(), excluded.end(), touches)) {
      return true;
    }
  }
  return false;
}

std::vector<DaySpan> DaysOf(const Member& member) {
  std::vector<DaySpan> days;
  for (const MemberSpell& spell : member.spells) days.push_back(spell.days);
  return days;
}

std::vector<DaySpan> DaysLed(const Group& group, int64_t member_id) {
  std::vector<DaySpan> days;
  for (const LeaderTerm& term : group.leader_terms) {
    if (term.member_id == member_id) days.push_back(term.days);
  }
  return days;
}

}  // namespace partygroup::rules
