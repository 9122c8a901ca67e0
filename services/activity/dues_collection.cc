#include "services/activity/dues_collection.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/clients/activity_records.h"
#include "common/db/transaction.h"
#include "common/mutation/mutation.h"
#include "common/proto/convert.h"
#include "common/rules/dues.h"
#include "common/rules/period.h"
#include "common/status/status_macros.h"
#include "services/activity/dues_store.h"

namespace partygroup::activity {
namespace {

using mutation::Journal;
using mutation::MutationRequest;

rules::DuesCategory ToRulesCategory(v1::DuesCategory category) {
  switch (category) {
    case v1::DUES_CATEGORY_RETIRED:
      return rules::DuesCategory::kRetired;
    case v1::DUES_CATEGORY_NO_INCOME:
      return rules::DuesCategory::kNoIncome;
    case v1::DUES_CATEGORY_FARMER:
      return rules::DuesCategory::kFarmer;
    default:
      return rules::DuesCategory::kEmployed;
  }
}

rules::DuesExemption ToRulesExemption(v1::DuesExemption exemption) {
  switch (exemption) {
    case v1::DUES_EXEMPTION_REDUCED:
      return rules::DuesExemption::kReduced;
    case v1::DUES_EXEMPTION_WAIVED:
      return rules::DuesExemption::kWaived;
    default:
      return rules::DuesExemption::kNone;
  }
}

}  // namespace

absl::StatusOr<v1::DuesEntry> PrepareDues(const v1::RecordDuesRequest& request,
                                          const org::v1::Group& group, const std::string& collector,
                                          absl::TimeZone zone) {
  if (request.member_id() <= 0) return absl::InvalidArgumentError("member_id: required");
  RETURN_IF_ERROR(ValidatePeriod(request.month(), /*month_required=*/true));
  if (request.category() == v1::DUES_CATEGORY_UNSPECIFIED ||
      !v1::DuesCategory_IsValid(request.category())) {
    return absl::InvalidArgumentError("category: EMPLOYED, RETIRED, NO_INCOME or FARMER");
  }
  if (!v1::DuesExemption_IsValid(request.exemption())) {
    return absl::InvalidArgumentError("exemption: none, REDUCED or WAIVED");
  }
  const bool exempted = request.exemption() != v1::DUES_EXEMPTION_UNSPECIFIED;
  // 中组发〔2008〕3号: 少交、免交 need the superior committee's approval.
  if (exempted && absl::StripAsciiWhitespace(request.exemption_ref()).empty()) {
    return absl::InvalidArgumentError(
        "exemption_ref: the superior committee's approval of paying less or nothing (批准文号)");
  }
  if (!exempted && !request.exemption_ref().empty()) {
    return absl::InvalidArgumentError("exemption_ref: only with an exemption");
  }
  const bool waived = request.exemption() == v1::DUES_EXEMPTION_WAIVED;
  if (!request.has_paid_time() && !waived) {
    return absl::InvalidArgumentError("paid_time: required");
  }
  const absl::Time paid_at =
      request.has_paid_time() ? proto::FromTimestamp(request.paid_time()) : absl::Now();
  if (paid_at > absl::Now() + absl::Hours(1)) {
    return absl::InvalidArgumentError("paid_time: in the future");
  }
  ASSIGN_OR_RETURN(
      int64_t amount,
      rules::RecordedDuesFen(ToRulesCategory(request.category()), request.base_pay_fen(),
                             request.amount_fen(), ToRulesExemption(request.exemption())));
  if (!InGroup(group, request.member_id())) {
    return absl::InvalidArgumentError(
        absl::StrCat("member_id: member ", request.member_id(), " is not in the group"));
  }
  const absl::CivilMonth month(request.month().year(), request.month().month());
  v1::DuesEntry entry;
  entry.set_group_id(group.node().id());
  entry.set_member_id(request.member_id());
  *entry.mutable_month() = request.month();
  entry.set_category(request.category());
  entry.set_base_pay_fen(request.base_pay_fen());
  entry.set_amount_fen(amount);
  *entry.mutable_paid_time() = proto::ToTimestamp(paid_at);
  entry.set_collector(collector);
  entry.set_exemption(request.exemption());
  entry.set_exemption_ref(request.exemption_ref());
  // 按月交纳: paid once the month had ended is late (a waiver is not a payment).
  entry.set_paid_late(!waived && rules::PaidLate(month, paid_at, zone));
  return entry;
}

absl::Status DuesCollection::RecordDues(const auth::Caller& caller,
                                        const v1::RecordDuesRequest& request,
                                        v1::RecordDuesResponse* response) {
  if (request.group_id() <= 0) return absl::InvalidArgumentError("group_id: required");
  ASSIGN_OR_RETURN(auth::Scope scope, clients::ResolveScope(context_.org, caller));
  ASSIGN_OR_RETURN(org::v1::Group group, context_.org.GetGroup(request.group_id()));
  // 第十二条（七）: 收缴党费 is the leader's duty.
  RETURN_IF_ERROR(RequireLeaderStep(caller, scope, group.node().path()));
  ASSIGN_OR_RETURN(v1::DuesEntry entry, PrepareDues(request, group, caller.subject, context_.zone));
  return mutation::RunMutation(
      context_.pool, MutationRequest{caller, "RecordDues", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(*response->mutable_entry(),
                         store::InsertDues(c, entry, group.node().path()));
        journal.SetTarget("dues", response->entry().id());
        journal.AddEvent(
            RecordEvent("DUES_COLLECTED", "dues", response->entry().id(), group,
                        {{"member_id", entry.member_id()}, {"amount_fen", entry.amount_fen()}}));
        return absl::OkStatus();
      });
}

absl::Status DuesCollection::ListDues(const auth::Caller& caller,
                                      const v1::ListDuesRequest& request,
                                      v1::ListDuesResponse* response) {
  if (request.group_id() <= 0) return absl::InvalidArgumentError("group_id: required");
  RETURN_IF_ERROR(ValidatePeriod(request.period(), /*month_required=*/false));
  const rules::Period period{request.period().year(), request.period().month()};
  ASSIGN_OR_RETURN(auth::Scope scope, clients::ResolveScope(context_.org, caller));
  ASSIGN_OR_RETURN(org::v1::Group group, context_.org.GetGroup(request.group_id()));
  RETURN_IF_ERROR(
      auth::RequireRead(scope, group.node().path(), absl::StrCat("node ", group.node().id())));
  const absl::CivilMonth first(period.year, period.month == 0 ? 1 : period.month);
  const absl::CivilMonth end = period.month == 0 ? first + 12 : first + 1;
  std::vector<v1::DuesEntry> entries;
  RETURN_IF_ERROR(db::RunWithConnection(context_.pool, "ListDues", [&](sql::Connection& c) {
    ASSIGN_OR_RETURN(entries,
                     store::ListDues(c, group.node().id(), MonthKey(first), MonthKey(end)));
    return absl::OkStatus();
  }));
  std::vector<rules::DuesPayment> payments;
  for (const v1::DuesEntry& entry : entries) payments.push_back(clients::ToRulesDues(entry));
  const rules::Group rules_group = clients::ToRulesGroup(group);
  for (const rules::Member& member : rules_group.members) {
    v1::MemberDues* owed = response->add_members();
    owed->set_member_id(member.id);
    for (absl::CivilMonth month :
         rules::OwedDuesMonths(member, payments, period, absl::Now(), context_.zone)) {
      common::v1::Period* p = owed->add_owed_months();
      p->set_year(static_cast<int32_t>(month.year()));
      p->set_month(month.month());
    }
  }
  for (v1::DuesEntry& entry : entries) {
    // The pay base is personal: shown to those who may change the member (not the leader who
    // collects, nor a machine reader).
    if (!auth::MaySeePersonalDetails(scope, entry.member_id(), group.node().path())) {
      entry.clear_base_pay_fen();
    }
    *response->add_entries() = std::move(entry);
  }
  return absl::OkStatus();
}

}  // namespace partygroup::activity
