#include "services/org/policy_store.h"

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/db/guarded.h"
#include "common/proto/convert.h"
#include "common/status/status_macros.h"
#include "services/org/store_rows.h"

namespace partygroup::org::store {
namespace {

v1::Policy ReadPolicy(sql::ResultSet& r) {
  v1::Policy policy;
  policy.set_version(r.getInt64(1));
  policy.set_filing_deadline_days(r.getInt(2));
  policy.set_opinion_report_days(r.getInt(3));
  policy.set_rectification_report_days(r.getInt(4));
  policy.set_evaluation_report_days(r.getInt(5));
  policy.set_leader_talks_per_member_per_year(r.getInt(6));
  policy.set_annual_report_month(r.getInt(7));
  policy.set_annual_report_day(r.getInt(8));
  policy.set_leader_trainings_per_year(r.getInt(9));
  policy.set_cadre_unexcused_absences_allowed(r.getInt(10));
  policy.set_probationary_members_in_mutual_evaluation(r.getBoolean(11));
  const std::string rules_off = r.getString(12).asStdString();
  for (absl::string_view code : absl::StrSplit(rules_off, ',', absl::SkipEmpty())) {
    policy.add_rules_off(std::string(code));
  }
  policy.set_document_ref(r.getString(13).asStdString());
  *policy.mutable_create_time() = proto::ToTimestamp(absl::FromUnixMicros(r.getInt64(14)));
  policy.set_created_by(r.getString(15).asStdString());
  policy.set_branch_members_per_group_most(r.getInt(16));
  policy.set_member_absent_months(r.getInt(17));
  return policy;
}

std::vector<v1::Policy> ReadPolicies(sql::PreparedStatement& s) {
  std::vector<v1::Policy> policies;
  for (Rows rows(s.executeQuery()); rows->next();) policies.push_back(ReadPolicy(*rows));
  return policies;
}

}  // namespace

absl::StatusOr<v1::Policy> InsertPolicy(sql::Connection& c, const v1::Policy& policy,
                                        const std::string& created_by) {
  ASSIGN_OR_RETURN(const int64_t version, db::Guarded("insert policy", [&]() -> int64_t {
                     Statement next = Prepare(c, q::kNextPolicyVersion);
                     Rows rows(next->executeQuery());
                     const int64_t version = rows->next() ? rows->getInt64(1) : 2;
                     Statement s = Prepare(c, q::kInsertPolicy);
                     s->setInt64(1, version);
                     s->setInt(2, policy.filing_deadline_days());
                     s->setInt(3, policy.opinion_report_days());
                     s->setInt(4, policy.rectification_report_days());
                     s->setInt(5, policy.evaluation_report_days());
                     s->setInt(6, policy.leader_talks_per_member_per_year());
                     s->setInt(7, policy.annual_report_month());
                     s->setInt(8, policy.annual_report_day());
                     s->setInt(9, policy.leader_trainings_per_year());
                     s->setInt(10, policy.cadre_unexcused_absences_allowed());
                     s->setBoolean(11, policy.probationary_members_in_mutual_evaluation());
                     s->setString(12, absl::StrJoin(policy.rules_off(), ","));
                     s->setString(13, policy.document_ref());
                     s->setString(14, created_by);
                     s->setInt(15, policy.branch_members_per_group_most());
                     s->setInt(16, policy.member_absent_months());
                     s->executeUpdate();
                     return version;
                   }));
  ASSIGN_OR_RETURN(std::optional<v1::Policy> stored, GetPolicy(c, version));
  if (!stored.has_value()) return absl::DataLossError("a policy version just stored is gone");
  return *std::move(stored);
}

absl::StatusOr<std::optional<v1::Policy>> GetPolicy(sql::Connection& c, int64_t version) {
  return db::Guarded("get policy", [&]() -> std::optional<v1::Policy> {
    Statement s = Prepare(c, absl::StrFormat(q::kSelectPolicy, q::kPolicyColumns));
    s->setInt64(1, version);
    std::vector<v1::Policy> policies = ReadPolicies(*s);
    if (policies.empty()) return std::nullopt;
    return std::move(policies.front());
  });
}

absl::StatusOr<std::optional<v1::Policy>> LatestPolicy(sql::Connection& c) {
  return db::Guarded("latest policy", [&]() -> std::optional<v1::Policy> {
    Statement s = Prepare(c, absl::StrFormat(q::kSelectLatestPolicy, q::kPolicyColumns));
    std::vector<v1::Policy> policies = ReadPolicies(*s);
    if (policies.empty()) return std::nullopt;
    return std::move(policies.front());
  });
}

absl::StatusOr<std::vector<v1::Policy>> ListPolicies(sql::Connection& c, int64_t before,
                                                     int limit) {
  return db::Guarded("list policies", [&]() -> std::vector<v1::Policy> {
    Statement s = Prepare(c, absl::StrFormat(q::kSelectPolicies, q::kPolicyColumns));
    s->setInt64(1, before);
    s->setInt64(2, before);
    s->setInt(3, limit);
    return ReadPolicies(*s);
  });
}

}  // namespace partygroup::org::store
