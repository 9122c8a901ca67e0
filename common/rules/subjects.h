// Building the Subject of a finding from the model, and small helpers the checks share.
#pragma once

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "common/rules/finding.h"
#include "common/rules/model.h"

namespace partygroup::rules {

inline Subject GroupSubject(const Group& group) {
  return {"group", absl::StrCat(group.id), group.name};
}

inline Subject MemberSubject(const Member& member) {
  return {"member", absl::StrCat(member.id), member.name};
}

inline Subject MeetingSubject(int64_t meeting_id, absl::string_view kind) {
  return {std::string(kind), absl::StrCat(meeting_id), ""};
}

// "2024-03" and "2024年3月".
inline std::string MonthId(absl::CivilMonth month) {
  return absl::StrFormat("%04d-%02d", month.year(), month.month());
}
inline std::string MonthName(absl::CivilMonth month) {
  return absl::StrFormat("%d年%d月", month.year(), month.month());
}
inline std::string DayName(absl::CivilDay day) {
  return absl::StrFormat("%d年%d月%d日", day.year(), day.month(), day.day());
}

// A finding placed in its group and branch.
inline Finding InGroup(Finding finding, const Group& group) {
  finding.group_id = group.id;
  finding.branch_id = group.branch_id;
  return finding;
}

inline const Member* FindMember(const Group& group, int64_t member_id) {
  for (const Member& member : group.members) {
    if (member.id == member_id) return &member;
  }
  return nullptr;
}

}  // namespace partygroup::rules
