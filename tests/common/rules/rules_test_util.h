// Builders shared by the rules tests.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "common/rules/finding.h"
#include "common/rules/model.h"

namespace partygroup::rules {

// Readable test failures: "GROUP_TOO_SMALL (第一条) group 100: message".
inline void PrintTo(const Finding& finding, std::ostream* os) {
  *os << finding.code << " (" << finding.article << ") " << finding.subject.kind << " "
      << finding.subject.id << ": " << finding.message;
}

}  // namespace partygroup::rules

namespace partygroup::rules::testing {

inline absl::TimeZone Shanghai() {
  absl::TimeZone zone;
  if (!absl::LoadTimeZone("Asia/Shanghai", &zone)) std::abort();  // tzdata is a dependency
  return zone;
}

// An instant given as Shanghai wall-clock time.
inline absl::Time ShanghaiTime(int y, int m, int d, int hh = 10, int mm = 0) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, hh, mm, 0), Shanghai());
}

// A member in the group since 2020 and still in it.
inline Member Formal(int64_t id, std::string name = "") {
  Member member{
      id, name.empty() ? "党员" + std::to_string(id) : name, MemberStatus::kFormal, false, {}};
  member.spells.push_back(
      {{absl::CivilDay(2020, 1, 1), std::nullopt}, MemberStatus::kFormal, false});
  return member;
}

inline Member Probationary(int64_t id, std::string name = "") {
  Member member = Formal(id, std::move(name));
  member.status = MemberStatus::kProbationary;
  member.spells.front().status = MemberStatus::kProbationary;
  return member;
}

// Makes `member` a leading cadre over all their spells.
inline void MakeCadre(Member& member) {
  member.leading_cadre = true;
  for (MemberSpell& spell : member.spells) spell.leading_cadre = true;
}

// The group's leader from now on is `member_id` alone, since 2020, or nobody.
inline void SetLeader(Group& group, std::optional<int64_t> member_id) {
  group.leader_id = member_id;
  group.leader_terms.clear();
  if (member_id)
    group.leader_terms.push_back({*member_id, {absl::CivilDay(2020, 1, 1), std::nullopt}});
}

// A group of `formal` formal and `probationary` probationary members; the first formal member
// (id 1) leads it when there is one.
inline Group MakeGroup(int formal, int probationary = 0) {
  Group group;
  group.id = 100;
  group.name = "第一党小组";
  group.branch_id = 10;
  int64_t id = 1;
  for (int i = 0; i < formal; ++i) group.members.push_back(Formal(id++));
  for (int i = 0; i < probationary; ++i) group.members.push_back(Probationary(id++));
  if (formal > 0) SetLeader(group, 1);
  group.created_on = absl::CivilDay(2020, 1, 1);
  return group;
}

inline std::vector<std::string> Codes(const std::vector<Finding>& findings) {
  std::vector<std::string> codes;
  for (const Finding& finding : findings) codes.push_back(finding.code);
  return codes;
}

inline std::string EvidenceValue(const Finding& finding, const std::string& name) {
  for (const Evidence& evidence : finding.evidence) {
    if (evidence.name == name) return evidence.value;
  }
  return "<none>";
}

}  // namespace partygroup::rules::testing
