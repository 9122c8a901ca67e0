// What every slice of the activity service shares: the database, the org service's view of
// the groups, the calendar; who may take which step on a group's records; the event a record
// announces. Each slice (group_meetings.h, org_life.h, evaluation.h, talks.h, theme_days.h,
// dues_collection.h, tasks.h, opinions.h, reports_and_training.h, back_office_import.h,
// period_findings.h, overdue_items.h) is a final class built on an ActivityContext.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/auth/caller.h"
#include "common/auth/scope.h"
#include "common/clients/org_client.h"
#include "common/db/connection_pool.h"
#include "common/mutation/mutation.h"
#include "partygroup/common/v1/common.pb.h"

namespace partygroup::activity {

struct ActivityContext {
  db::ConnectionPool& pool;
  // Who is in a group and who leads it, asked before a transaction, never guessed: UNAVAILABLE
  // when org cannot answer.
  clients::OrgClient& org;
  // The calendar the regulation's months and years are counted in.
  absl::TimeZone zone;
};

// The group as org describes it now, once the caller may read it (PERMISSION_DENIED if not).
absl::StatusOr<org::v1::Group> ReadableGroup(const ActivityContext& context,
                                             const auth::Caller& caller, int64_t group_id);

// Steps that only the group's leader (or those who may change the group) take: requests,
// notices, records, archives, amendments (第五条: 党小组会由党小组组长召集并主持).
absl::Status RequireLeaderStep(const auth::Caller& caller, const auth::Scope& scope,
                               const std::string& group_path);

// The branch's acts (approval, consent, acknowledgement): a secretary of the group's branch (or
// above it), or the committee.
absl::Status RequireBranchReview(const auth::Caller& caller, const auth::Scope& scope,
                                 const std::string& group_path);

// The back office (past records from paper): the committee's ADMIN, or the UNIT_ADMIN over the
// group. A branch secretary does not import into the year its own branch is assessed on. The
// role alone is checked first, from the token, before an import stream is read.
absl::Status RequireBackOfficeRole(const auth::Caller& caller);
absl::Status RequireBackOffice(const auth::Caller& caller, const auth::Scope& scope,
                               const std::string& group_path);

bool InGroup(const org::v1::Group& group, int64_t member_id);

// The event of a record of `group`: `payload` with the group's id, scoped to the group's path.
mutation::Event RecordEvent(std::string kind, std::string target_kind, int64_t id,
                            const org::v1::Group& group, nlohmann::json payload);

// A year 2000-2100 and a month 1-12, or 0-12 (0: the whole year) unless `month_required`.
absl::Status ValidatePeriod(const common::v1::Period& period, bool month_required);

// "YYYY-MM", as the dues rows keep a month.
std::string MonthKey(absl::CivilMonth month);

// The path prefix of the events the caller may watch ("/" for all).
absl::StatusOr<std::string> EventScope(const ActivityContext& context, const auth::Caller& caller);

}  // namespace partygroup::activity
