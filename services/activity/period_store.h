// The period read model's SQL (period_read_model.h): everything many groups recorded in a
// window, in a fixed number of queries however many groups (the caller bounds them), with the
// packed forms (packed_records.h) in the compact form. Every function returns a status and keeps
// its exceptions (common/db/guarded.h).
#pragma once

#include <cppconn/connection.h>

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "partygroup/activity/v1/activity_service.pb.h"

namespace partygroup::activity::store {

struct PeriodGroup {
  int64_t group_id = 0;
  // Everyone who led the group during the period: their training of the year is read.
  std::vector<int64_t> leader_member_ids;
};

struct PeriodWindow {
  absl::Time from;  // meetings, org-life meetings, theme days, talks, tasks, opinions
  absl::Time to;
  absl::CivilDay first_day;  // evaluation deadlines in [first_day, end_day)
  absl::CivilDay end_day;
  std::string dues_from_month;  // "YYYY-MM", [from, to)
  std::string dues_to_month;
  int year = 0;  // the annual report; leader training in this year
  // The compact dues: only the months paid by then, without their times (unset: all, timed).
  std::optional<absl::Time> dues_paid_by;
};

// Everything the groups recorded in the window but their dues, one entry per group in the order
// given. Leader training is read by the leaders' member ids, wherever it was recorded.
// `compact`: a meeting's members present by id (present_member_ids), its absences in attendance;
// meetings and talks without what the rules never read.
absl::StatusOr<std::vector<v1::GroupPeriodRecords>> LoadPeriodRecords(
    sql::Connection& c, const std::vector<PeriodGroup>& groups, const PeriodWindow& window,
    bool compact);
// The groups' dues of the window's months, by position in `groups`: apart, so that they can be
// read on a second connection while the rest is read on the first.
absl::StatusOr<std::vector<std::vector<v1::DuesEntry>>> LoadPeriodDues(
    sql::Connection& c, const std::vector<PeriodGroup>& groups, const PeriodWindow& window);
// The same dues in the compact form, from the members' packed years: the months each member
// paid, a member after another in the order of their first month.
absl::StatusOr<std::vector<std::vector<v1::MemberDuesPaid>>> LoadPeriodDuesPaid(
    sql::Connection& c, const std::vector<PeriodGroup>& groups, const PeriodWindow& window);

}  // namespace partygroup::activity::store
