// The rubrics derived from the regulation, as data (scoring.h): the current default of each
// subject, and the earlier defaults kept unchanged for the cycles that pinned them.
//
// What each level scores follows who does the work (第十三条, 第十四条): a group what the group
// does; a branch its groups' average, its own 应建尽建 and filings and its secretary's reviews; a
// general branch (党总支) the same for the branches under it with its secretary's 述职评议; a
// unit its groups' quality, 应建尽建, leader training and cadres' part, and its secretary's
// 述职评议. A finding is counted at one level only (CheckNotCountedTwice).
#pragma once

#include "common/rules/scoring.h"

namespace partygroup::rules {

// A group's year: loudi-2023-8/group/v3.
Rubric DefaultGroupRubric();
// A branch secretary's 双述双评 and 述职评议: loudi-2023-8/branch/v2.
Rubric DefaultBranchRubric();
// A general branch secretary's 述职评议 (第十四条 所属党组织书记): loudi-2023-8/general_branch/v1.
Rubric DefaultGeneralBranchRubric();
// A unit secretary's 述职评议考核: loudi-2023-8/unit/v2.
Rubric DefaultUnitRubric();

// The earlier defaults, as they were. Group v1 charged leader training, which 第十四条 puts on
// the unit's 党组（党委）, to the group; group v2 still scored the leading cadres' attendance on
// the group and the filings (the branch's) too; branch v1 counted the groups without a leader
// that its groups' scores already weighed; unit v1 scored the cadres the groups also scored.
Rubric GroupRubricV1();
Rubric GroupRubricV2();
Rubric BranchRubricV1();
Rubric UnitRubricV1();

}  // namespace partygroup::rules
