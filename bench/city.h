// A synthetic city, deterministic from a seed: units, branches (many of 8-30 members, some over
// 50, some of 20 or more without groups), groups of 3-12, FORMAL and PROBATIONARY members,
// leading cadres, activists, general branches (党总支) over some units' branches, and a year of
// activity with the gaps a real city has (months without a meeting, absences, a member absent
// for half a year, talks not held, dues unpaid or paid late, leaders untrained, annual reports
// late or missing, org-life meetings whose rectification was left undone, members and cadres of
// a branch with groups in none of them, a large branch with too few groups). Plain data:
// city_loader.h puts it into the services through their public APIs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace partygroup::bench {

struct CitySize {
  int units = 30;
  int groups = 300;  // about; branches are sized to hold them
  uint64_t seed = 2023;
  int year = 2025;
};

struct PlannedMember {
  std::string external_id;
  std::string name;
  bool formal = true;
  bool leading_cadre = false;
  int branch = 0;  // index into branches
  int group = -1;  // index into groups, -1 for none
};

struct PlannedBranch {
  std::string external_id;
  std::string name;
  int unit = 0;
  int general_branch = -1;  // index into general_branches, -1 for none (under the unit)
  std::vector<int> members;
};

// 党总支: between a unit and some of its branches.
struct PlannedGeneralBranch {
  std::string external_id;
  std::string name;
  int unit = 0;
};

struct PlannedUnit {
  std::string external_id;
  std::string name;
};

// One month of one group's year.
struct PlannedMonth {
  bool meeting = false;
  std::vector<bool> present;  // by position in the group's members
  std::vector<bool> dues_paid;
  // Of the months paid, those paid in the next month (按月 not kept); of those unpaid, those
  // waived by the superior committee's approval (免交).
  std::vector<bool> dues_late;
  std::vector<bool> dues_waived;
  // Of those absent, those who gave no reason (the others were 因公出差).
  std::vector<bool> unexcused;
};

// 第六条: the group's org-life meeting in November, and its rectification measures.
enum class PlannedOrgLife {
  kNone,
  kFollowedUp,  // each measure done by its deadline
  kLeftUndone,  // one measure past its deadline in December and never done
};

struct PlannedGroup {
  std::string name;
  int branch = 0;
  std::vector<int> members;  // the first is the leader, a formal member
  bool filed = true;         // 第二条: the creation filed with the superior organisation
  PlannedMonth months[12];
  std::vector<bool> talked;  // by position: the leader talked with the member (第八条)
  bool leader_trained = true;
  // 第十三条: 0 none, 1 on time (December), 2 late (January next year).
  int annual_report = 1;
  PlannedOrgLife org_life = PlannedOrgLife::kNone;
};

// Activists a group cultivates (第四条（四）: 入党积极分子), some already candidates (发展对象).
struct PlannedActivist {
  std::string external_id;
  std::string name;
  bool candidate = false;
  int group = 0;  // index into groups
};

struct City {
  CitySize size;
  std::vector<PlannedUnit> units;
  std::vector<PlannedGeneralBranch> general_branches;
  std::vector<PlannedBranch> branches;
  std::vector<PlannedMember> members;
  std::vector<PlannedGroup> groups;
  std::vector<PlannedActivist> activists;
  size_t ActivityRecords() const;  // meetings, dues, talks, trainings, reports, org-life meetings
};

City PlanCity(const CitySize& size);

}  // namespace partygroup::bench
