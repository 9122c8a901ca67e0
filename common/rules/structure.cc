#include "common/rules/structure.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/rules/catalogue.h"
#include "common/rules/subjects.h"

namespace partygroup::rules {

bool MaySitUnder(NodeKind kind, NodeKind parent) {
  switch (kind) {
    case NodeKind::kUnit:
      return parent == NodeKind::kCommittee;
    case NodeKind::kGeneralBranch:
      return parent == NodeKind::kUnit;
    case NodeKind::kBranch:
      return parent == NodeKind::kUnit || parent == NodeKind::kGeneralBranch ||
             parent == NodeKind::kCommittee;
    case NodeKind::kGroup:
      return parent == NodeKind::kBranch;
    case NodeKind::kCommittee:
      return false;
  }
  return false;
}

absl::CivilDay FilingDueOn(absl::CivilDay decided_on, const Policy& policy) {
  return decided_on + policy.filing_deadline_days;
}
namespace {

bool IsComplete(const std::optional<BranchDecision>& decision) {
  return decision.has_value() && !decision->document_ref.empty();
}

absl::string_view ChangeName(GroupChangeKind kind) {
  switch (kind) {
    case GroupChangeKind::kCreate:
      return "建立";
    case GroupChangeKind::kAdjust:
      return "调整";
    case GroupChangeKind::kDissolve:
      return "撤销";
  }
  return "";
}

}  // namespace

std::vector<Finding> CheckGroupComposition(const Group& group, Severity severity) {
  std::vector<Finding> findings;
  const int members = static_cast<int>(group.members.size());
  int formal = 0;
  for (const Member& member : group.members) {
    if (member.status == MemberStatus::kFormal) ++formal;
  }
  const char* when = severity == Severity::kViolation ? "调整后为" : "现有";
  if (members < kMinGroupMembers) {
    findings.push_back(InGroup(
        MakeFinding(
            kGroupTooSmall, severity, GroupSubject(group),
            absl::StrFormat("党小组不少于%d名党员，%s%d名", kMinGroupMembers, when, members),
            {{"members", absl::StrCat(members)}, {"minimum", absl::StrCat(kMinGroupMembers)}}),
        group));
  }
  if (formal < kMinFormalMembers) {
    findings.push_back(InGroup(MakeFinding(kGroupNoFormalMember, severity, GroupSubject(group),
                                           absl::StrFormat("党小组至少有%d名正式党员，%s%d名",
                                                           kMinFormalMembers, when, formal),
                                           {{"formal_members", absl::StrCat(formal)},
                                            {"minimum", absl::StrCat(kMinFormalMembers)}}),
                               group));
  }
  return findings;
}

std::vector<Finding> CheckGroupDecision(GroupChangeKind kind,
                                        const std::optional<BranchDecision>& decision,
                                        const Group& after) {
  std::vector<Finding> findings;
  // 第二条: 党小组的建立、调整和撤销，由党支部决定.
  if (!IsComplete(decision)) {
    findings.push_back(InGroup(
        MakeFinding(
            kGroupChangeWithoutDecision, Severity::kViolation, GroupSubject(after),
            absl::StrCat("党小组的", ChangeName(kind), "须由党支部决定，并记录决定日期和文号"),
            {{"decision", decision.has_value() ? "缺少文号" : "无"}}),
        after));
  }
  if (kind != GroupChangeKind::kDissolve) {
    std::vector<Finding> composition = CheckGroupComposition(after, Severity::kViolation);
    findings.insert(findings.end(), composition.begin(), composition.end());
  }
  return findings;
}

std::vector<Finding> CheckGroupAfterDeparture(const Group& after) {
  return CheckGroupComposition(after, Severity::kFinding);
}

std::vector<Finding> CheckGroupStanding(const Group& group) {
  std::vector<Finding> findings = CheckGroupComposition(group, Severity::kFinding);
  if (!group.leader_id.has_value()) {
    findings.push_back(
        InGroup(MakeFinding(kGroupWithoutLeader, Severity::kFinding, GroupSubject(group),
                            absl::StrCat(group.name, "没有党小组组长")),
                group));
  }
  return findings;
}

std::vector<Finding> CheckLeaderAppointment(const LeaderAppointment& appointment,
                                            const Group& group) {
  std::vector<Finding> findings;
  const Member* member = FindMember(group, appointment.member_id);
  if (member == nullptr) {
    findings.push_back(InGroup(
        MakeFinding(kLeaderNotGroupMember, Severity::kViolation, GroupSubject(group),
                    absl::StrFormat("党员%d不是本党小组成员，不能担任组长", appointment.member_id),
                    {{"member_id", absl::StrCat(appointment.member_id)}}),
        group));
  } else if (member->status != MemberStatus::kFormal) {
    // 第十条（一）: 正式党员.
    findings.push_back(
        InGroup(MakeFinding(kLeaderNotFormal, Severity::kViolation, MemberSubject(*member),
                            absl::StrCat("党小组组长应当是正式党员，", member->name, "为预备党员"),
                            {{"status", "PROBATIONARY"}}),
                group));
  }
  // 第十一条: 由党支部指定，也可以由党小组党员推荐产生 — and the record says which.
  if (appointment.method == AppointmentMethod::kUnspecified || appointment.record_ref.empty()) {
    findings.push_back(InGroup(
        MakeFinding(kLeaderAppointmentMethod, Severity::kViolation, GroupSubject(group),
                    "党小组组长须由党支部指定或由党小组党员推荐产生，并记录指定文件或推荐记录",
                    {{"method", appointment.method == AppointmentMethod::kUnspecified
                                    ? "未说明"
                                    : (appointment.method == AppointmentMethod::kBranchDesignation
                                           ? "党支部指定"
                                           : "党员推荐")},
                     {"record", appointment.record_ref.empty() ? "无" : appointment.record_ref}}),
        group));
  }
  return findings;
}

std::vector<Finding> CheckAdmonition(const Admonition& admonition, const Group& group) {
  std::vector<std::string> missing;
  if (!group.leader_id.has_value() || *group.leader_id != admonition.leader_id) {
    missing.push_back("被约谈人不是该党小组现任组长");
  }
  if (!admonition.date.has_value()) missing.push_back("约谈日期");
  if (admonition.reason.empty()) missing.push_back("约谈事由");
  if (admonition.admonished_by.empty()) missing.push_back("约谈人");
  if (missing.empty()) return {};
  std::vector<Evidence> evidence;
  for (const std::string& item : missing) evidence.push_back({"missing", item});
  return {InGroup(MakeFinding(kAdmonitionIncomplete, Severity::kViolation, GroupSubject(group),
                              "约谈党小组组长须记录组长、日期、事由和约谈人", std::move(evidence)),
                  group)};
}

std::vector<Finding> CheckLeaderReplacement(const std::optional<BranchDecision>& decision,
                                            const LeaderAppointment& successor,
                                            const Group& group) {
  std::vector<Finding> findings;
  if (!IsComplete(decision)) {
    findings.push_back(
        InGroup(MakeFinding(kLeaderReplacementWithoutDecision, Severity::kViolation,
                            GroupSubject(group), "调整党小组组长须有党支部决定（日期和文号）"),
                group));
  }
  std::vector<Finding> appointment = CheckLeaderAppointment(successor, group);
  findings.insert(findings.end(), appointment.begin(), appointment.end());
  return findings;
}

}  // namespace partygroup::rules
