#include "services/org/organisation_of_period.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/clients/org_records.h"
#include "common/db/transaction.h"
#include "common/proto/convert.h"
#include "common/status/status_macros.h"
#include "services/org/org_store.h"
#include "services/org/scope.h"
#include "services/org/tenure_store.h"

namespace partygroup::org {
namespace {

// A period's days, and the day its nodes are placed by: its last day, or today while it runs.
struct PeriodDays {
  absl::CivilDay first;
  absl::CivilDay last;
  absl::CivilDay place_day;
};

absl::StatusOr<PeriodDays> DaysOf(const common::v1::Period& period, absl::TimeZone zone) {
  if (period.year() < 2000 || period.year() > 2100 || period.month() < 0 || period.month() > 12) {
    return absl::InvalidArgumentError("period: a year 2000-2100 and a month 0-12 (0: the year)");
  }
  const absl::CivilMonth first_month(period.year(), period.month() == 0 ? 1 : period.month());
  const absl::CivilMonth last_month(period.year(), period.month() == 0 ? 12 : period.month());
  PeriodDays days{absl::CivilDay(first_month), absl::CivilDay(last_month + 1) - 1, {}};
  const absl::CivilDay today = Today(zone);
  if (days.first > today) {
    return absl::InvalidArgumentError(
        "period: it has not begun; the organisation of a period is "
        "read once the period has begun");
  }
  days.place_day = std::min(days.last, today);
  return days;
}

// The node a period's stream is read under: the caller's rights checked against the node as it
// stands now, and the path it had on the period's place day (none: it had no place then, as a
// group founded after the period).
struct RootOfPeriod {
  Scope scope;
  v1::Node now;
  std::optional<std::string> path_then;
};

absl::StatusOr<RootOfPeriod> ReadRoot(sql::Connection& c, const auth::Caller& caller,
                                      int64_t node_id, absl::CivilDay place_day) {
  RootOfPeriod root;
  ASSIGN_OR_RETURN(root.scope, ResolveScope(c, caller));
  ASSIGN_OR_RETURN(root.now, store::GetNode(c, node_id));
  RETURN_IF_ERROR(RequireRead(root.scope, root.now.path(), absl::StrCat("node ", root.now.id())));
  ASSIGN_OR_RETURN(root.path_then, store::PathOn(c, root.now.id(), place_day));
  return root;
}

}  // namespace

absl::Status OrganisationOfPeriod::StreamTree(
    const auth::Caller& caller, const v1::StreamTreeRequest& request,
    const std::function<bool(v1::StreamTreeResponse&)>& emit) {
  RETURN_IF_ERROR(RequireId("node_id", request.node_id()));
  RETURN_IF_ERROR(CheckBatchSize(request.batch_size(), "nodes"));
  ASSIGN_OR_RETURN(const PeriodDays days, DaysOf(request.period(), context_.zone));
  return db::RunWithConnection(
      context_.pool, "StreamTree", [&](sql::Connection& c) -> absl::Status {
        ASSIGN_OR_RETURN(const RootOfPeriod root,
                         ReadRoot(c, caller, request.node_id(), days.place_day));
        if (!root.path_then.has_value()) return absl::OkStatus();
        const std::string& path_then = *root.path_then;
        ASSIGN_OR_RETURN(
            std::vector<v1::LeaderTerm> terms,
            store::LeaderTermsInPeriod(c, path_then, days.place_day, days.first, days.last));
        absl::flat_hash_map<int64_t, std::vector<v1::LeaderTerm>> terms_of;
        for (v1::LeaderTerm& term : terms) {
          const int64_t group_id = term.group_id();
          terms_of[group_id].push_back(std::move(term));
        }
        ASSIGN_OR_RETURN(std::vector<v1::Node> nodes,
                         store::TreeInPeriod(c, path_then, days.place_day, days.first, days.last));
        v1::StreamTreeResponse response;
        for (v1::Node& node : nodes) {
          response.Clear();
          if (auto found = terms_of.find(node.id()); found != terms_of.end()) {
            for (v1::LeaderTerm& term : found->second) {
              if (clients::DaysOf(term).Contains(days.place_day)) *response.mutable_leader() = term;
              *response.add_leader_terms() = std::move(term);
            }
          }
          *response.mutable_node() = std::move(node);
          if (!emit(response)) break;
        }
        return absl::OkStatus();
      });
}

absl::Status OrganisationOfPeriod::StreamMembers(const auth::Caller& caller,
                                                 const v1::StreamMembersRequest& request,
                                                 const std::function<bool(v1::Member&)>& emit) {
  RETURN_IF_ERROR(RequireId("node_id", request.node_id()));
  RETURN_IF_ERROR(CheckBatchSize(request.batch_size(), "members"));
  ASSIGN_OR_RETURN(const PeriodDays days, DaysOf(request.period(), context_.zone));
  return db::RunWithConnection(
      context_.pool, "StreamMembers", [&](sql::Connection& c) -> absl::Status {
        ASSIGN_OR_RETURN(const RootOfPeriod root,
                         ReadRoot(c, caller, request.node_id(), days.place_day));
        if (!root.path_then.has_value()) return absl::OkStatus();
        const std::string& path_then = *root.path_then;
        // The groups and branches of the subtree as it stood, and their members' spells.
        ASSIGN_OR_RETURN(std::vector<v1::Node> nodes,
                         store::TreeInPeriod(c, path_then, days.place_day, days.first, days.last));
        absl::flat_hash_set<int64_t> node_ids;
        for (const v1::Node& node : nodes) node_ids.insert(node.id());
        ASSIGN_OR_RETURN(
            std::vector<store::MemberOfPeriod> members,
            store::MembersInPeriod(c, node_ids, root.now.path(), days.first, days.last));
        for (store::MemberOfPeriod& read : members) {
          // The phone as the member's place now allows: one who has moved away keeps it private.
          if (!MaySeePersonalDetails(root.scope, read.member.id(), read.path))
            read.member.clear_phone();
          if (!emit(read.member)) break;
        }
        return absl::OkStatus();
      });
}

}  // namespace partygroup::org
