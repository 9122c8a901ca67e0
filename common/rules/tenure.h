// Who was where when: a member's spells in a group and a leader's terms, read as plain day
// intervals. The period checks judge every duty for the time it was owed with these (第四条,
// 第七条, 第八条, 第十四条), and the standing checks (第一条, 第十三条) read the group as it stood
// on one day.
#pragma once

#include <optional>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/rules/model.h"

namespace partygroup::rules {

// The member's spell in the group that covers `day`, or nullptr when they were not in it.
const MemberSpell* SpellOn(const Member& member, absl::CivilDay day);

// Who led `group` on `day` (its terms), if anyone.
std::optional<int64_t> LeaderOn(const Group& group, absl::CivilDay day);

// The group as it stood on `day`: the members in it that day, each with that spell's status and
// flag, and the leader of that day.
Group StandingOn(const Group& group, absl::CivilDay day);

// Whether the days of `spans` include a whole calendar month of [first, last]. Spans that meet
// (one's until is the next one's from) count as one.
bool CoversWholeMonth(std::vector<DaySpan> spans, absl::CivilMonth first, absl::CivilMonth last);

// The days both `a` and `b` cover.
std::vector<DaySpan> Intersect(const std::vector<DaySpan>& a, const std::vector<DaySpan>& b);

// The days of a member's spells; the days `member_id` led the group; the days someone other than
// `member_id` led it.
std::vector<DaySpan> DaysOf(const Member& member);
std::vector<DaySpan> DaysLed(const Group& group, int64_t member_id);
std::vector<DaySpan> DaysLedByOthers(const Group& group, int64_t member_id);

}  // namespace partygroup::rules
