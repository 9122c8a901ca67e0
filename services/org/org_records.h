// What every slice of the org service shares (tree.h, members.h, groups.h, leaders.h,
// org_findings.h, oa_import.h): the database and the calendar, the checks of a request's fields,
// a group as the rules read it, a group's state loaded for a decision, members leaving and
// joining groups, and the filing a group change opens (第二条).
#pragma once

#include <cppconn/connection.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/db/connection_pool.h"
#include "common/mutation/mutation.h"
#include "common/rules/finding.h"
#include "common/rules/model.h"
#include "google/protobuf/repeated_field.h"
#include "partygroup/org/v1/org_service.pb.h"
#include "services/org/scope.h"

namespace partygroup::org {

struct OrgContext {
  db::ConnectionPool& pool;
  // The calendar the regulation's days are counted in.
  absl::TimeZone zone;
};

// Today in `zone`.
absl::CivilDay Today(absl::TimeZone zone);
// INVALID_ARGUMENT naming `field` when `day` is after today in `zone`: a change is recorded with
// the day it took effect, never ahead of it (a past day applies from then on).
absl::Status RequireNotFuture(absl::string_view field, absl::CivilDay day, absl::TimeZone zone);

// ---- a request's fields: INVALID_ARGUMENT naming the field ---------------------------------

// Characters, as MySQL's VARCHAR(n) counts them in utf8mb4: bytes that do not continue one.
size_t Utf8Length(const std::string& text);
absl::Status RequireMaxLength(absl::string_view field, const std::string& value, size_t max_chars);
absl::Status RequireText(absl::string_view field, const std::string& value, size_t max_chars);
absl::Status RequireId(absl::string_view field, int64_t id);
absl::Status ValidatePhone(const std::string& phone);
// A page of 1-1000 (0: 100), and where it starts.
absl::StatusOr<int> PageSize(int32_t requested);
absl::StatusOr<int64_t> PageAfter(const std::string& token);
// A stream's batch_size: 0-1000 `what` per message.
absl::Status CheckBatchSize(int batch_size, absl::string_view what);
// A branch decision as the rules see it: absent when the request gave none; INVALID_ARGUMENT
// when a date was given that is not a date, or is after today in `zone`.
absl::StatusOr<std::optional<rules::BranchDecision>> ReadDecision(const v1::BranchDecision& d,
                                                                  bool present,
                                                                  absl::TimeZone zone);

// ---- the organisation as the rules read it ---------------------------------------------------

rules::Group ToRulesGroup(const v1::Node& node, int64_t branch_id,
                          const std::vector<v1::Member>& members,
                          const std::optional<v1::LeaderTerm>& leader);
rules::AppointmentMethod ToRulesMethod(v1::AppointmentMethod method);
// The tree's grammar (rules::MaySitUnder) for the node kinds CreateNode and MoveNode place.
bool AllowedParent(v1::NodeKind kind, v1::NodeKind parent);

mutation::Event MakeEvent(std::string kind, std::string target_kind, int64_t target_id,
                          std::string path, nlohmann::json payload);

// ---- loading for a decision (inside its transaction) -----------------------------------------

// The node `id`, locked, of `kind` and active: NOT_FOUND, INVALID_ARGUMENT or
// FAILED_PRECONDITION naming `field` otherwise.
absl::StatusOr<v1::Node> ActiveNodeOfKind(sql::Connection& c, int64_t id, v1::NodeKind kind,
                                          absl::string_view field);

struct GroupState {
  v1::Node node;
  v1::Node branch;
  std::vector<v1::Member> members;
  std::optional<v1::LeaderTerm> leader;
};
absl::StatusOr<GroupState> LoadGroup(sql::Connection& c, int64_t group_id, absl::string_view field);
// The group as GetGroup answers it; phones only where `scope` (nullptr: everyone) may see them.
void FillGroup(const GroupState& state, const Scope* scope, v1::Group* out);

// Members named by a request: they exist, are active and belong to `branch`. No duplicates.
absl::StatusOr<std::vector<v1::Member>> LoadBranchMembers(
    sql::Connection& c, const google::protobuf::RepeatedField<int64_t>& ids, const v1::Node& branch,
    absl::string_view field);

// Takes `member` out of its group (if any) back into its branch, ending a leader term it held.
absl::Status LeaveGroup(sql::Connection& c, const v1::Member& member, const v1::Node& branch,
                        absl::CivilDay day, const std::string& note);
absl::Status JoinGroup(sql::Connection& c, const v1::Member& member, const v1::Node& group,
                       const v1::Node& branch, absl::CivilDay day, const std::string& note);

// 第一条 for the groups that members are taken from by a deliberate decision: each must still
// meet the minimums afterwards.
absl::StatusOr<std::vector<rules::Finding>> CheckSourceGroups(sql::Connection& c,
                                                              const std::vector<v1::Member>& moving,
                                                              int64_t destination_group);

// Opens the filing of a group change (第二条), due by rules::FilingDueOn under the current
// policy, and the to-do it means for the branch.
absl::StatusOr<v1::Filing> OpenFiling(sql::Connection& c, const v1::Node& branch,
                                      const v1::Node& group, v1::GroupChangeKind change,
                                      const rules::BranchDecision& decision,
                                      mutation::Journal& journal);

}  // namespace partygroup::org
