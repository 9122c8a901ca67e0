// The activity service's decisions: who may take which step, what the regulation allows, and
// what is recorded. The org service answers who is in a group and who leads it (asked before
// the transaction, never guessed: UNAVAILABLE when it cannot answer). Every change runs through
// mutation::RunMutation (idempotent, audited, evented, all or nothing).
//
// Errors: INVALID_ARGUMENT naming the field; NOT_FOUND; PERMISSION_DENIED outside the caller's
// scope; FAILED_PRECONDITION with the rule and article for a step the regulation does not allow.
#pragma once

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/auth/caller.h"
#include "common/auth/scope.h"
#include "common/clients/org_client.h"
#include "common/db/connection_pool.h"
#include "common/rules/config.h"
#include "common/rules/model.h"
#include "partygroup/activity/v1/activity_service.pb.h"
#include "services/activity/activity_store.h"

namespace partygroup::activity {

class ActivityDomain final {
 public:
  // `period_batch_groups`: groups per database read of StreamPeriod.
  ActivityDomain(db::ConnectionPool& pool, clients::OrgClient& org, absl::TimeZone zone,
                 rules::RulesConfig config = {}, size_t period_batch_groups = 500)
      : pool_(pool),
        org_(org),
        zone_(zone),
        config_(config),
        period_batch_groups_(std::max<size_t>(1, period_batch_groups)) {}

  // 第五条, step by step.
  absl::Status RequestGroupMeeting(const auth::Caller& caller,
                                   const v1::RequestGroupMeetingRequest& request,
                                   v1::RequestGroupMeetingResponse* response);
  absl::Status ReviewGroupMeeting(const auth::Caller& caller,
                                  const v1::ReviewGroupMeetingRequest& request,
                                  v1::ReviewGroupMeetingResponse* response);
  absl::Status NotifyGroupMeeting(const auth::Caller& caller,
                                  const v1::NotifyGroupMeetingRequest& request,
                                  v1::NotifyGroupMeetingResponse* response);
  absl::Status RecordGroupMeetingHeld(const auth::Caller& caller,
                                      const v1::RecordGroupMeetingHeldRequest& request,
                                      v1::RecordGroupMeetingHeldResponse* response);
  absl::Status ArchiveGroupMeeting(const auth::Caller& caller,
                                   const v1::ArchiveGroupMeetingRequest& request,
                                   v1::ArchiveGroupMeetingResponse* response);
  absl::Status AmendGroupMeeting(const auth::Caller& caller,
                                 const v1::AmendGroupMeetingRequest& request,
                                 v1::AmendGroupMeetingResponse* response);
  absl::Status ImportGroupMeeting(const auth::Caller& caller,
                                  const v1::ImportGroupMeetingRequest& request,
                                  v1::ImportGroupMeetingResponse* response);
  // The back office in bulk: `records` as one ImportRecords stream delivered them.
  absl::Status ImportRecords(const auth::Caller& caller, const std::string& request_id,
                             const std::vector<v1::ImportRecord>& records,
                             v1::ImportRecordsResponse* response);
  absl::Status GetGroupMeeting(const auth::Caller& caller,
                               const v1::GetGroupMeetingRequest& request,
                               v1::GetGroupMeetingResponse* response);
  absl::Status ListGroupMeetings(const auth::Caller& caller,
                                 const v1::ListGroupMeetingsRequest& request,
                                 v1::ListGroupMeetingsResponse* response);

  // 第六条: org-life meetings.
  absl::Status PlanOrgLifeMeeting(const auth::Caller& caller,
                                  const v1::PlanOrgLifeMeetingRequest& request,
                                  v1::PlanOrgLifeMeetingResponse* response);
  absl::Status RecordOrgLifePreparation(const auth::Caller& caller,
                                        const v1::RecordOrgLifePreparationRequest& request,
                                        v1::RecordOrgLifePreparationResponse* response);
  absl::Status RecordOrgLifeMeetingHeld(const auth::Caller& caller,
                                        const v1::RecordOrgLifeMeetingHeldRequest& request,
                                        v1::RecordOrgLifeMeetingHeldResponse* response);
  absl::Status AddRectificationItem(const auth::Caller& caller,
                                    const v1::AddRectificationItemRequest& request,
                                    v1::AddRectificationItemResponse* response);
  absl::Status CompleteRectificationItem(const auth::Caller& caller,
                                         const v1::CompleteRectificationItemRequest& request,
                                         v1::CompleteRectificationItemResponse* response);
  absl::Status ReportOrgLifeMeeting(const auth::Caller& caller,
                                    const v1::ReportOrgLifeMeetingRequest& request,
                                    v1::ReportOrgLifeMeetingResponse* response);
  absl::Status ListOrgLifeMeetings(const auth::Caller& caller,
                                   const v1::ListOrgLifeMeetingsRequest& request,
                                   v1::ListOrgLifeMeetingsResponse* response);

  // 第十二条: tasks. 第四条: opinions.
  absl::Status AssignTask(const auth::Caller& caller, const v1::AssignTaskRequest& request,
                          v1::AssignTaskResponse* response);
  absl::Status ReportTask(const auth::Caller& caller, const v1::ReportTaskRequest& request,
                          v1::ReportTaskResponse* response);
  absl::Status CheckTask(const auth::Caller& caller, const v1::CheckTaskRequest& request,
                         v1::CheckTaskResponse* response);
  absl::Status ListTasks(const auth::Caller& caller, const v1::ListTasksRequest& request,
                         v1::ListTasksResponse* response);
  absl::Status RecordOpinion(const auth::Caller& caller, const v1::RecordOpinionRequest& request,
                             v1::RecordOpinionResponse* response);
  absl::Status ReportOpinion(const auth::Caller& caller, const v1::ReportOpinionRequest& request,
                             v1::ReportOpinionResponse* response);
  absl::Status ResolveOpinion(const auth::Caller& caller, const v1::ResolveOpinionRequest& request,
                              v1::ResolveOpinionResponse* response);
  absl::Status ListOpinions(const auth::Caller& caller, const v1::ListOpinionsRequest& request,
                            v1::ListOpinionsResponse* response);

  // 第七条: member evaluation campaigns.
  absl::Status OpenEvaluationCampaign(const auth::Caller& caller,
                                      const v1::OpenEvaluationCampaignRequest& request,
                                      v1::OpenEvaluationCampaignResponse* response);
  absl::Status RecordSelfEvaluation(const auth::Caller& caller,
                                    const v1::RecordSelfEvaluationRequest& request,
                                    v1::RecordSelfEvaluationResponse* response);
  absl::Status RecordMutualEvaluation(const auth::Caller& caller,
                                      const v1::RecordMutualEvaluationRequest& request,
                                      v1::RecordMutualEvaluationResponse* response);
  absl::Status ReportEvaluationCampaign(const auth::Caller& caller,
                                        const v1::ReportEvaluationCampaignRequest& request,
                                        v1::ReportEvaluationCampaignResponse* response);
  absl::Status GetEvaluationCampaign(const auth::Caller& caller,
                                     const v1::GetEvaluationCampaignRequest& request,
                                     v1::GetEvaluationCampaignResponse* response);

  // 第九条: theme days, with the branch's consent before they are held.
  absl::Status RequestThemeDay(const auth::Caller& caller,
                               const v1::RequestThemeDayRequest& request,
                               v1::RequestThemeDayResponse* response);
  absl::Status ReviewThemeDay(const auth::Caller& caller, const v1::ReviewThemeDayRequest& request,
                              v1::ReviewThemeDayResponse* response);
  absl::Status RecordThemeDayHeld(const auth::Caller& caller,
                                  const v1::RecordThemeDayHeldRequest& request,
                                  v1::RecordThemeDayHeldResponse* response);
  absl::Status ListThemeDays(const auth::Caller& caller, const v1::ListThemeDaysRequest& request,
                             v1::ListThemeDaysResponse* response);

  // 第八条, 第四条, 第十三条, 第十四条: the records of a group's year.
  absl::Status RecordTalk(const auth::Caller& caller, const v1::RecordTalkRequest& request,
                          v1::RecordTalkResponse* response);
  absl::Status ListTalks(const auth::Caller& caller, const v1::ListTalksRequest& request,
                         v1::ListTalksResponse* response);
  absl::Status RecordDues(const auth::Caller& caller, const v1::RecordDuesRequest& request,
                          v1::RecordDuesResponse* response);
  absl::Status ListDues(const auth::Caller& caller, const v1::ListDuesRequest& request,
                        v1::ListDuesResponse* response);
  absl::Status SubmitAnnualReport(const auth::Caller& caller,
                                  const v1::SubmitAnnualReportRequest& request,
                                  v1::SubmitAnnualReportResponse* response);
  absl::Status AcknowledgeAnnualReport(const auth::Caller& caller,
                                       const v1::AcknowledgeAnnualReportRequest& request,
                                       v1::AcknowledgeAnnualReportResponse* response);
  absl::Status RecordLeaderTraining(const auth::Caller& caller,
                                    const v1::RecordLeaderTrainingRequest& request,
                                    v1::RecordLeaderTrainingResponse* response);
  // The rules library's findings for a group, or every group of a branch, and a period, judged
  // now.
  absl::Status ListFindings(const auth::Caller& caller, const v1::ListFindingsRequest& request,
                            v1::ListFindingsResponse* response);
  // 第十四条: a member's attendance at their group's activities in a period. MEMBER callers may
  // read their own.
  absl::Status GetCadreAttendance(const auth::Caller& caller,
                                  const v1::GetCadreAttendanceRequest& request,
                                  v1::GetCadreAttendanceResponse* response);
  // Every group under a node with its records of a period, to `emit` one by one (false: stop).
  absl::Status StreamPeriod(const auth::Caller& caller, const v1::StreamPeriodRequest& request,
                            const std::function<bool(v1::StreamPeriodResponse&)>& emit);

  // Announces, once each, the tasks (第十二条), rectification items (第六条) and evaluation
  // campaigns (第七条) past their deadline at `now` and not finished, as TASK_OVERDUE,
  // RECTIFICATION_OVERDUE and EVALUATION_OVERDUE events for the OA to-do lists. Returns how
  // many it announced. Safe to run from several instances at once.
  absl::StatusOr<int> AnnounceOverdue(absl::Time now);

  // The path prefix of the events the caller may watch ("/" for all).
  absl::StatusOr<std::string> EventScope(const auth::Caller& caller);

 private:
  // The caller's scope: the path of its org node, asked of the org service.
  absl::StatusOr<auth::Scope> ResolveScope(const auth::Caller& caller);
  // The group, as org describes it now, once the caller may read it (PERMISSION_DENIED if not).
  absl::StatusOr<org::v1::Group> ReadableGroup(const auth::Caller& caller, int64_t group_id);
  // The records of a period for `groups`, in their order (dues and the rest each read in one
  // snapshot); `compact` and `dues_paid_by` as StreamPeriodRequest describes them.
  absl::StatusOr<std::vector<v1::GroupPeriodRecords>> LoadPeriod(
      const std::vector<store::PeriodGroup>& groups, const rules::Period& period, bool compact,
      std::optional<absl::Time> dues_paid_by = std::nullopt);
  // The group a stored evaluation campaign belongs to, as org describes it now.
  absl::StatusOr<org::v1::Group> CampaignGroup(int64_t campaign_id);

  db::ConnectionPool& pool_;
  clients::OrgClient& org_;
  const absl::TimeZone zone_;
  const rules::RulesConfig config_;
  // Bounds the IN lists and the memory of one read of StreamPeriod.
  const size_t period_batch_groups_;
};

}  // namespace partygroup::activity
