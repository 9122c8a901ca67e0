#include "services/activity/reports_and_training.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/clients/org_records.h"
#include "common/mutation/mutation.h"
#include "common/proto/convert.h"
#include "common/rules/tenure.h"
#include "common/status/status_macros.h"
#include "services/activity/reports_and_training_store.h"

namespace partygroup::activity {

using mutation::Journal;
using mutation::MutationRequest;

absl::StatusOr<v1::AnnualReport> PrepareReport(int year, const std::string& text,
                                               absl::Time submitted, const org::v1::Group& group,
                                               const std::string& by, absl::TimeZone zone) {
  if (year < 2000 || year > 2100) return absl::InvalidArgumentError("year: 2000-2100");
  // 第十三条: a year's work is reported in that year or after it, never ahead.
  if (year > absl::ToCivilYear(absl::Now(), zone).year()) {
    return absl::InvalidArgumentError(absl::StrCat("year: ", year, " has not begun"));
  }
  if (text.empty()) return absl::InvalidArgumentError("text: required");
  if (submitted > absl::Now() + absl::Hours(1)) {
    return absl::InvalidArgumentError("submit_time: in the future");
  }
  v1::AnnualReport report;
  report.set_group_id(group.node().id());
  report.set_year(year);
  report.set_text(text);
  *report.mutable_submit_time() = proto::ToTimestamp(submitted);
  report.set_submitted_by(by);
  return report;
}

absl::StatusOr<v1::LeaderTraining> PrepareTraining(const v1::RecordLeaderTrainingRequest& request,
                                                   const org::v1::Group& group,
                                                   const std::vector<org::v1::LeaderTerm>& terms,
                                                   absl::TimeZone zone) {
  if (request.member_id() <= 0) return absl::InvalidArgumentError("member_id: required");
  ASSIGN_OR_RETURN(absl::CivilDay day, proto::ToCivilDay(request.trained_on(), "trained_on"));
  if (day > absl::ToCivilDay(absl::Now(), zone)) {
    return absl::InvalidArgumentError("trained_on: in the future; record a training once held");
  }
  // 第十四条: the training of the year counts for every leader of the year (rules/period.h).
  const std::vector<rules::DaySpan> year = {
      {absl::CivilDay(day.year(), 1, 1), absl::CivilDay(day.year() + 1, 1, 1)}};
  const bool led_that_year = std::any_of(terms.begin(), terms.end(), [&](const auto& term) {
    return term.member_id() == request.member_id() &&
           !rules::Intersect({clients::DaysOf(term)}, year).empty();
  });
  if (!led_that_year) {
    return absl::InvalidArgumentError(absl::StrCat("member_id: member ", request.member_id(),
                                                   " did not lead the group in ", day.year()));
  }
  v1::LeaderTraining training;
  training.set_member_id(request.member_id());
  training.set_group_id(group.node().id());
  *training.mutable_trained_on() = proto::ToDate(day);
  training.set_title(request.title());
  return training;
}

absl::Status ReportsAndTraining::SubmitAnnualReport(const auth::Caller& caller,
                                                    const v1::SubmitAnnualReportRequest& request,
                                                    v1::SubmitAnnualReportResponse* response) {
  if (request.group_id() <= 0) return absl::InvalidArgumentError("group_id: required");
  ASSIGN_OR_RETURN(auth::Scope scope, clients::ResolveScope(context_.org, caller));
  ASSIGN_OR_RETURN(org::v1::Group group, context_.org.GetGroup(request.group_id()));
  RETURN_IF_ERROR(RequireLeaderStep(caller, scope, group.node().path()));
  ASSIGN_OR_RETURN(v1::AnnualReport report,
                   PrepareReport(request.year(), request.text(), absl::Now(), group, caller.subject,
                                 context_.zone));
  return mutation::RunMutation(
      context_.pool, MutationRequest{caller, "SubmitAnnualReport", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(*response->mutable_report(),
                         store::InsertAnnualReport(c, report, group.node().path()));
        journal.SetTarget("annual_report", response->report().id());
        // The branch's to-do: a report to acknowledge.
        journal.AddEvent(RecordEvent("ANNUAL_REPORT_SUBMITTED", "annual_report",
                                     response->report().id(), group, {{"year", request.year()}}));
        return absl::OkStatus();
      });
}

absl::Status ReportsAndTraining::AcknowledgeAnnualReport(
    const auth::Caller& caller, const v1::AcknowledgeAnnualReportRequest& request,
    v1::AcknowledgeAnnualReportResponse* response) {
  if (request.report_id() <= 0) return absl::InvalidArgumentError("report_id: required");
  ASSIGN_OR_RETURN(auth::Scope scope, clients::ResolveScope(context_.org, caller));
  return mutation::RunMutation(
      context_.pool, MutationRequest{caller, "AcknowledgeAnnualReport", request.request_id()},
      response, [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(store::StoredReport stored,
                         store::GetAnnualReportForUpdate(c, request.report_id()));
        RETURN_IF_ERROR(RequireBranchReview(caller, scope, stored.group_path));
        if (stored.report.has_acknowledge_time()) {
          return absl::FailedPreconditionError("the report has been acknowledged already");
        }
        RETURN_IF_ERROR(
            store::AcknowledgeAnnualReport(c, stored.report.id(), absl::Now(), caller.subject));
        ASSIGN_OR_RETURN(store::StoredReport acknowledged,
                         store::GetAnnualReportForUpdate(c, stored.report.id()));
        journal.SetTarget("annual_report", stored.report.id());
        journal.AddEvent(mutation::Event{"ANNUAL_REPORT_ACKNOWLEDGED", "annual_report",
                                         stored.report.id(), stored.group_path, "{}"});
        *response->mutable_report() = std::move(acknowledged.report);
        return absl::OkStatus();
      });
}

absl::Status ReportsAndTraining::RecordLeaderTraining(
    const auth::Caller& caller, const v1::RecordLeaderTrainingRequest& request,
    v1::RecordLeaderTrainingResponse* response) {
  if (request.group_id() <= 0) return absl::InvalidArgumentError("group_id: required");
  ASSIGN_OR_RETURN(auth::Scope scope, clients::ResolveScope(context_.org, caller));
  ASSIGN_OR_RETURN(org::v1::Group group, context_.org.GetGroup(request.group_id()));
  // 第十四条: 加强党小组组长教育培训 — the branch and those above it record it.
  RETURN_IF_ERROR(
      auth::RequireWrite(scope, group.node().path(), absl::StrCat("node ", group.node().id())));
  ASSIGN_OR_RETURN(std::vector<org::v1::LeaderTerm> terms,
                   context_.org.ListLeaderTerms(group.node().id()));
  ASSIGN_OR_RETURN(v1::LeaderTraining training,
                   PrepareTraining(request, group, terms, context_.zone));
  return mutation::RunMutation(
      context_.pool, MutationRequest{caller, "RecordLeaderTraining", request.request_id()},
      response, [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(*response->mutable_training(),
                         store::InsertTraining(c, training, group.node().path()));
        journal.SetTarget("leader_training", response->training().id());
        journal.AddEvent(RecordEvent("LEADER_TRAINED", "leader_training", response->training().id(),
                                     group, {{"member_id", request.member_id()}}));
        return absl::OkStatus();
      });
}

}  // namespace partygroup::activity
