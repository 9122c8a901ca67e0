// 第一条, 第二条, 第十条, 第十一条, 第十三条: decisions about a group's shape and its leader.
//
// Each check returns the rules the act breaks; an empty vector means the act may go ahead.
// A deliberate act (a branch decision, an appointment) yields violations, which the org service
// refuses with FAILED_PRECONDITION; what merely happens (a member transferring out) yields
// findings, recorded and counted until put right.
#pragma once

#include <optional>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/rules/finding.h"
#include "common/rules/model.h"
#include "common/rules/policy.h"

namespace partygroup::rules {

// The kinds of organisation in the committee's tree.
enum class NodeKind { kCommittee, kUnit, kGeneralBranch, kBranch, kGroup };

// The tree's grammar: a unit (部门单位党组/党委) sits under the committee, a general branch
// (党总支) under a unit, a branch (党支部) under the committee, a unit or a general branch, a
// group (党小组) under a branch (第二条: 党支部根据党员人数和工作需要划分党小组).
bool MaySitUnder(NodeKind kind, NodeKind parent);

// 第二条: the day by which a group change decided on `decided_on` is due to be filed (备案) with
// the superior organisation.
absl::CivilDay FilingDueOn(absl::CivilDay decided_on, const Policy& policy);

// 第一条: a group's composition. `severity` says whether the composition is being decided
// (kViolation) or merely observed (kFinding).
std::vector<Finding> CheckGroupComposition(const Group& group, Severity severity);

// 第一条, 第二条: the branch creates, adjusts or dissolves a group. `after` is the group as the
// decision would leave it (ignored for a dissolution).
std::vector<Finding> CheckGroupDecision(GroupChangeKind kind,
                                        const std::optional<BranchDecision>& decision,
                                        const Group& after);

// 第一条: a member transferred out (or died, or left); `after` is the group without them.
// Findings only: reality is recorded as it happened.
std::vector<Finding> CheckGroupAfterDeparture(const Group& after);

// 第一条, 第十三条: how a group stands now, as findings: too small, no formal member, no leader.
std::vector<Finding> CheckGroupStanding(const Group& group);

// 第十条, 第十一条: appointing `appointment.member_id` leader of `group`.
std::vector<Finding> CheckLeaderAppointment(const LeaderAppointment& appointment,
                                            const Group& group);

// 第十三条: an admonition (约谈) of the group's leader.
std::vector<Finding> CheckAdmonition(const Admonition& admonition, const Group& group);

// 第十三条 with 第十条, 第十一条: the branch replaces the leader with `successor`.
std::vector<Finding> CheckLeaderReplacement(const std::optional<BranchDecision>& decision,
                                            const LeaderAppointment& successor, const Group& group);

}  // namespace partygroup::rules
