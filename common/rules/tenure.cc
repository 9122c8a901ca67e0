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

bool CoversWholeMonth(std::vector<DaySpan> spans, absl::CivilMonth first, absl::CivilMonth last) {
  for (const DaySpan& span : Joined(std::move(spans))) {
    // The first whole month the span holds, and whether it ends by `last` and before the span.
    absl::CivilMonth month = absl::CivilMonth(span.from);
    if (absl::CivilDay(month) != span.from) ++month;
    if (month < first) month = first;
    if (month > last) continue;
    if (!span.until.has_value() || absl::CivilDay(month + 1) <= *span.until) return true;
  }
  return false;
}

std::vector<DaySpan> Intersect(const std::vector<DaySpan>& a, const std::vector<DaySpan>& b) {
  std::vector<DaySpan> both;
  for (const DaySpan& x : a) {
    for (const DaySpan& y : b) {
      DaySpan common{std::max(x.from, y.from), std::nullopt};
      if (x.until.has_value() || y.until.has_value()) {
        common.until = !x.until.has_value()   ? *y.until
                       : !y.until.has_value() ? *x.until
                                              : std::min(*x.until, *y.until);
      }
      if (!common.until.has_value() || common.from < *common.until) both.push_back(common);
    }
  }
  return both;
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

std::vector<DaySpan> DaysLedByOthers(const Group& group, int64_t member_id) {
  std::vector<DaySpan> days;
  for (const LeaderTerm& term : group.leader_terms) {
    if (term.member_id != member_id) days.push_back(term.days);
  }
  return days;
}

}  // namespace partygroup::rules
