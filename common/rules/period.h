// 第一条, 第二条, 第四条, 第五条, 第八条, 第十二条 to 第十四条: what a group and a branch owed over
// a period (a calendar month or year in the caller's time zone), judged at `now`.
//
// Only what is due by `now` counts: a month that has not ended is not yet missing a meeting; the
// year's talks, training and report are judged once the year is over.
//
// Each duty is judged for the time it was owed, from the group's dates, its members' spells and
// its leaders' terms (tenure.h): meetings for the whole months the group existed; a member's dues
// for the months they ended in the group; a talk for members a whole month in the group, with
// whoever led it that day; training for every leader of a whole month; a cadre's attendance for
// the meetings held while they were in the group as a cadre; the standing (第一条, 第十三条) as
// the group stood on the period's last day (today while it runs).
#pragma once

#include <vector>

#include "absl/time/time.h"
#include "common/rules/finding.h"
#include "common/rules/model.h"
#include "common/rules/policy.h"

namespace partygroup::rules {

// The rates the scoring engine reads (numerator of denominator).
struct GroupMetrics {
  int meeting_months_due = 0;  // 第五条
  int meeting_months_met = 0;
  int talk_members_due = 0;  // 第八条
  int talk_members_covered = 0;
  int dues_months_due = 0;  // 第四条
  int dues_months_paid = 0;
  int cadre_meetings_due = 0;  // 第十四条
  int cadre_meetings_attended = 0;
  int leaders_due_training = 0;  // 第十四条
  int leaders_trained = 0;
  int meetings_held = 0;
  int meetings_imported = 0;  // of those held, recorded afterwards through the back office
};

struct GroupPeriodResult {
  std::vector<Finding> findings;
  GroupMetrics metrics;
};

// All the findings of a group's period, and the metrics behind them.
GroupPeriodResult CheckGroupPeriod(const GroupActivity& activity, const Period& period,
                                   absl::Time now, absl::TimeZone zone, const Policy& policy);

// 第一条, 第十四条 (应建尽建) and 第二条 (filings): a branch's own findings on `today`, with the
// filings as known that day (one filed later was not filed yet).
std::vector<Finding> CheckBranch(const Branch& branch, absl::CivilDay today, const Policy& policy);

// 按月交纳 (中组发〔2008〕3号): a month's dues paid at `paid_at` were paid after the month had
// ended in `zone`.
bool PaidLate(absl::CivilMonth month, absl::Time paid_at, absl::TimeZone zone);

// 第四条: the months of `period`, over by `now` and owed in this group (the member was in it on the
// month's last day), for which no payment (or waiver) was made by `now`.
std::vector<absl::CivilMonth> OwedDuesMonths(const Member& member,
                                             const std::vector<DuesPayment>& payments,
                                             const Period& period, absl::Time now,
                                             absl::TimeZone zone);

// The instants at which a period starts and ends (exclusive) in `zone`.
absl::Time PeriodStart(const Period& period, absl::TimeZone zone);
absl::Time PeriodEnd(const Period& period, absl::TimeZone zone);

}  // namespace partygroup::rules
