#include "bench/city.h"

#include <algorithm>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace partygroup::bench {
namespace {

const char* const kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴",
                                 "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"};
const char* const kGiven[] = {"建国", "志强", "秀英", "明华", "丽", "伟", "敏",
                              "晓东", "晓燕", "海涛", "红梅", "俊", "芳", "军",
                              "静",   "磊",   "洋",   "艳",   "勇", "娟"};
const char* const kDepartments[] = {"财政局",     "教育局", "卫健委", "住建局",     "交通运输局",
                                    "农业农村局", "民政局", "人社局", "自然资源局", "商务局"};

// A group's year of meetings, attendance, dues and talks; a weak group lets things slide.
template <typename Chance>
void PlanYear(PlannedGroup& group, bool weak, Chance& chance) {
  const size_t n = group.members.size();
  for (PlannedMonth& month : group.months) {
    month.meeting = !chance(weak ? 0.35 : 0.05);
    for (size_t i = 0; i < n; ++i) {
      month.present.push_back(!chance(0.08));
      month.dues_paid.push_back(!chance(weak ? 0.1 : 0.02));
    }
  }
  group.talked.push_back(false);  // the leader
  for (size_t i = 1; i < n; ++i) group.talked.push_back(!chance(weak ? 0.4 : 0.08));
  group.leader_trained = !chance(0.15);
  group.annual_report = chance(0.1) ? 0 : chance(0.2) ? 2 : 1;
}

}  // namespace

size_t City::ActivityRecords() const {
  size_t count = 0;
  for (const PlannedGroup& g : groups) {
    for (const PlannedMonth& m : g.months) {
      count += m.meeting ? 1 : 0;
      count += static_cast<size_t>(std::count(m.dues_paid.begin(), m.dues_paid.end(), true));
      count += static_cast<size_t>(std::count(m.dues_waived.begin(), m.dues_waived.end(), true));
    }
    count += static_cast<size_t>(std::count(g.talked.begin(), g.talked.end(), true));
    count += g.leader_trained ? 1 : 0;
    count += g.annual_report != 0 ? 1 : 0;
    count += g.org_life != PlannedOrgLife::kNone ? 1 : 0;
  }
  return count;
}

City PlanCity(const CitySize& size) {
  std::mt19937_64 random(size.seed);
  auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(random) < p; };
  auto between = [&](int low, int high) {
    return std::uniform_int_distribution<int>(low, high)(random);
  };
  City city;
  city.size = size;
  // External ids carry the city's seed and size, so that two cities loaded into one database
  // never claim each other's members.
  const std::string prefix = absl::StrCat("C", size.seed, "-", size.groups, "-");
  for (int u = 0; u < size.units; ++u) {
    city.units.push_back({absl::StrFormat("%sU%04d", prefix, u),
                          absl::StrCat("中共娄底市", kDepartments[u % 10], "党组（", u + 1, "）")});
  }
  // Branches until the planned groups are reached: most of 8-30 members, some over 50; those of
  // 20 or more are divided into groups of about 6-12, except a few that fall short (应建尽建).
  int groups_planned = 0;
  for (int b = 0; groups_planned < size.groups; ++b) {
    PlannedBranch branch;
    branch.external_id = absl::StrFormat("%sB%05d", prefix, b);
    branch.unit = b % size.units;
    branch.name = absl::StrCat("市", kDepartments[branch.unit % 10], "机关第", b + 1, "党支部");
    const int members = chance(0.1) ? between(51, 90) : between(8, 30);
    const int branch_index = static_cast<int>(city.branches.size());
    for (int m = 0; m < members; ++m) {
      PlannedMember member;
      member.external_id = absl::StrFormat("%sM%07d", prefix, city.members.size());
      member.name = absl::StrCat(kSurnames[between(0, 19)], kGiven[between(0, 19)]);
      member.formal = m == 0 || !chance(0.08);
      member.leading_cadre = chance(0.05);
      member.branch = branch_index;
      branch.members.push_back(static_cast<int>(city.members.size()));
      city.members.push_back(std::move(member));
    }
    const bool grouped = members >= 20 ? !chance(0.05) : chance(0.5);
    if (grouped) {
      const int count = std::max(1, members / between(6, 12));
      for (int g = 0; g < count && groups_planned < size.groups; ++g) {
        PlannedGroup group;
        group.name = absl::StrCat("第", g + 1, "党小组");
        group.branch = branch_index;
        for (int m = g; m < members; m += count) group.members.push_back(branch.members[m]);
        if (group.members.size() < 3) continue;
        // The leader: the group's first formal member.
        auto formal = std::find_if(group.members.begin(), group.members.end(),
                                   [&](int m) { return city.members[m].formal; });
        if (formal == group.members.end()) continue;
        std::iter_swap(group.members.begin(), formal);
        group.filed = !chance(0.03);
        const bool weak = chance(0.1);  // a group that lets things slide
        PlanYear(group, weak, chance);
        for (int m : group.members) city.members[m].group = static_cast<int>(city.groups.size());
        city.groups.push_back(std::move(group));
        ++groups_planned;
      }
    }
    city.branches.push_back(std::move(branch));
  }
  // Activists the groups cultivate (入党积极分子, some already 发展对象), from a generator of their
  // own so that the rest of the city stays what the seed made it before activists were planned.
  std::mt19937_64 activist_random(size.seed * 7919 + 1);
  auto activist_chance = [&](double p) {
    return std::uniform_real_distribution<double>(0, 1)(activist_random) < p;
  };
  for (size_t g = 0; g < city.groups.size(); ++g) {
    if (!activist_chance(0.3)) continue;
    PlannedActivist activist;
    activist.external_id = absl::StrFormat("%sA%06d", prefix, city.activists.size());
    activist.name = absl::StrCat(kSurnames[activist_random() % 20], kGiven[activist_random() % 20]);
    activist.candidate = activist_chance(0.25);
    activist.group = static_cast<int>(g);
    city.activists.push_back(std::move(activist));
  }
  // The gaps the later rules look for, from a generator of their own as well: dues paid late or
  // waived (中组发〔2008〕3号), and members of a branch with groups in none of them (第十四条).
  std::mt19937_64 later_random(size.seed * 104729 + 7);
  auto later_chance = [&](double p) {
    return std::uniform_real_distribution<double>(0, 1)(later_random) < p;
  };
  for (PlannedGroup& group : city.groups) {
    for (PlannedMonth& month : group.months) {
      for (size_t i = 0; i < month.dues_paid.size(); ++i) {
        month.dues_late.push_back(month.dues_paid[i] && later_chance(0.01));
        month.dues_waived.push_back(!month.dues_paid[i] && later_chance(0.2));
      }
    }
  }
  std::vector<bool> has_groups(city.branches.size(), false);
  for (const PlannedGroup& group : city.groups)
    has_groups[static_cast<size_t>(group.branch)] = true;
  for (size_t b = 0; b < city.branches.size(); ++b) {
    if (!has_groups[b] || !later_chance(0.08)) continue;
    PlannedMember member;
    member.external_id = absl::StrFormat("%sM%07d", prefix, city.members.size());
    member.name = absl::StrCat(kSurnames[later_random() % 20], kGiven[later_random() % 20]);
    member.leading_cadre = later_chance(0.3);
    member.branch = static_cast<int>(b);
    city.branches[b].members.push_back(static_cast<int>(city.members.size()));
    city.members.push_back(std::move(member));
  }
  // Then the rules after those, from a generator of their own once more: absences given no
  // reason, one member of a group in twenty absent for seven months in a row (第四条（三）), the
  // org-life meetings of a group in four, one in three leaving a measure undone (第六条 抓好落实).
  std::mt19937_64 absence_random(size.seed * 15485863 + 11);
  auto absence_chance = [&](double p) {
    return std::uniform_real_distribution<double>(0, 1)(absence_random) < p;
  };
  for (PlannedGroup& group : city.groups) {
    const size_t n = group.members.size();
    const size_t long_absent = absence_chance(0.05) ? 1 + absence_random() % (n - 1) : 0;
    for (int m = 0; m < 12; ++m) {
      PlannedMonth& month = group.months[m];
      for (size_t i = 0; i < n; ++i) {
        if (long_absent != 0 && i == long_absent && m >= 3 && m < 10) month.present[i] = false;
        month.unexcused.push_back(!month.present[i] &&
                                  ((long_absent != 0 && i == long_absent) || absence_chance(0.3)));
      }
    }
    if (absence_chance(0.25)) {
      group.org_life =
          absence_chance(0.35) ? PlannedOrgLife::kLeftUndone : PlannedOrgLife::kFollowedUp;
    }
  }
  // 党总支: every fifth unit has one over half of its branches (第十四条 所属党组织).
  for (size_t u = 2; u < city.units.size(); u += 5) {
    const int index = static_cast<int>(city.general_branches.size());
    city.general_branches.push_back(
        {absl::StrFormat("%sG%04d", prefix, u),
         absl::StrCat("中共娄底市", kDepartments[u % 10], "机关总支部委员会"),
         static_cast<int>(u)});
    bool take = true;
    for (PlannedBranch& branch : city.branches) {
      if (branch.unit != static_cast<int>(u)) continue;
      if (take) branch.general_branch = index;
      take = !take;
    }
  }
  // One large branch with too few groups for its size (第一条, 第十四条: 64 members, two groups,
  // 32 a group against the committee's 30).
  {
    PlannedBranch branch;
    branch.external_id = absl::StrFormat("%sB%05d", prefix, city.branches.size());
    branch.unit = 0;
    branch.name = absl::StrCat("市", kDepartments[0], "机关综合党支部");
    const int branch_index = static_cast<int>(city.branches.size());
    for (int m = 0; m < 64; ++m) {
      PlannedMember member;
      member.external_id = absl::StrFormat("%sM%07d", prefix, city.members.size());
      member.name = absl::StrCat(kSurnames[absence_random() % 20], kGiven[absence_random() % 20]);
      member.branch = branch_index;
      branch.members.push_back(static_cast<int>(city.members.size()));
      city.members.push_back(std::move(member));
    }
    for (int g = 0; g < 2; ++g) {
      PlannedGroup group;
      group.name = absl::StrCat("第", g + 1, "党小组");
      group.branch = branch_index;
      for (int m = g; m < 64; m += 2) group.members.push_back(branch.members[m]);
      PlanYear(group, false, absence_chance);
      for (PlannedMonth& month : group.months) {
        for (bool present : month.present)
          month.unexcused.push_back(!present && absence_chance(0.3));
        month.dues_late.assign(month.dues_paid.size(), false);
        month.dues_waived.assign(month.dues_paid.size(), false);
      }
      for (int m : group.members) city.members[m].group = static_cast<int>(city.groups.size());
      city.groups.push_back(std::move(group));
    }
    city.branches.push_back(std::move(branch));
  }
  return city;
}

}  // namespace partygroup::bench
