// partygroup.activity.v1.ActivityService: translates gRPC to the calls of the slice that holds
// each part of the regulation, and back; nothing else.
#pragma once

#include <memory>

#include "common/clients/org_client.h"
#include "common/server/handlers.h"
#include "common/server/runtime.h"
#include "partygroup/activity/v1/activity_service.grpc.pb.h"
#include "services/activity/back_office_import.h"
#include "services/activity/dues_collection.h"
#include "services/activity/evaluation.h"
#include "services/activity/group_meetings.h"
#include "services/activity/group_records.h"
#include "services/activity/moved_groups.h"
#include "services/activity/opinions.h"
#include "services/activity/org_life.h"
#include "services/activity/overdue_items.h"
#include "services/activity/overdue_sweeper.h"
#include "services/activity/period_findings.h"
#include "services/activity/period_read_model.h"
#include "services/activity/reports_and_training.h"
#include "services/activity/talks.h"
#include "services/activity/tasks.h"
#include "services/activity/theme_days.h"

namespace partygroup::activity {

class ActivityServiceImpl final : public partygroup::activity::v1::ActivityService::Service {
 public:
  // Asks the org service at runtime.config().org_address with runtime.config().service_token,
  // over TLS when runtime.config().peer_ca_pem is set.
  explicit ActivityServiceImpl(server::Runtime& runtime)
      : runtime_(runtime),
        org_(clients::PeerChannel(
                 runtime.config().org_address,
                 clients::PeerTls{runtime.config().peer_ca_pem, runtime.config().peer_cert_pem,
                                  runtime.config().peer_key_pem}),
             runtime.config().service_token),
        context_{runtime.pool(), org_, runtime.time_zone()},
        read_model_(runtime.pool(), runtime.time_zone(),
                    {static_cast<size_t>(runtime.config().period_batch_groups)}),
        group_meetings_(context_),
        org_life_(context_),
        evaluation_(context_),
        talks_(context_),
        theme_days_(context_),
        dues_(context_),
        tasks_(context_),
        opinions_(context_),
        reports_(context_),
        back_office_(context_),
        period_(context_, read_model_),
        overdue_(context_),
        sweeper_(overdue_, runtime.config().overdue_sweep_interval),
        moved_groups_(runtime.pool(), org_, /*follow=*/true) {}

  grpc::Status GetServiceInfo(grpc::ServerContext* context,
                              const v1::GetServiceInfoRequest* request,
                              v1::GetServiceInfoResponse* response) override;
  grpc::Status WatchEvents(grpc::ServerContext* context, const v1::WatchEventsRequest* request,
                           grpc::ServerWriter<v1::WatchEventsResponse>* writer) override;
  grpc::Status ImportRecords(grpc::ServerContext* context,
                             grpc::ServerReader<v1::ImportRecordsRequest>* reader,
                             v1::ImportRecordsResponse* response) override;
  grpc::Status StreamPeriod(grpc::ServerContext* context, const v1::StreamPeriodRequest* request,
                            grpc::ServerWriter<v1::StreamPeriodResponse>* writer) override;

  grpc::Status RequestGroupMeeting(grpc::ServerContext* context,
                                   const v1::RequestGroupMeetingRequest* request,
                                   v1::RequestGroupMeetingResponse* response) override {
    return server::Handle(runtime_, context, group_meetings_, &GroupMeetings::RequestGroupMeeting,
                          *request, response);
  }
  grpc::Status ReviewGroupMeeting(grpc::ServerContext* context,
                                  const v1::ReviewGroupMeetingRequest* request,
                                  v1::ReviewGroupMeetingResponse* response) override {
    return server::Handle(runtime_, context, group_meetings_, &GroupMeetings::ReviewGroupMeeting,
                          *request, response);
  }
  grpc::Status NotifyGroupMeeting(grpc::ServerContext* context,
                                  const v1::NotifyGroupMeetingRequest* request,
                                  v1::NotifyGroupMeetingResponse* response) override {
    return server::Handle(runtime_, context, group_meetings_, &GroupMeetings::NotifyGroupMeeting,
                          *request, response);
  }
  grpc::Status RecordGroupMeetingHeld(grpc::ServerContext* context,
                                      const v1::RecordGroupMeetingHeldRequest* request,
                                      v1::RecordGroupMeetingHeldResponse* response) override {
    return server::Handle(runtime_, context, group_meetings_,
                          &GroupMeetings::RecordGroupMeetingHeld, *request, response);
  }
  grpc::Status ArchiveGroupMeeting(grpc::ServerContext* context,
                                   const v1::ArchiveGroupMeetingRequest* request,
                                   v1::ArchiveGroupMeetingResponse* response) override {
    return server::Handle(runtime_, context, group_meetings_, &GroupMeetings::ArchiveGroupMeeting,
                          *request, response);
  }
  grpc::Status AmendGroupMeeting(grpc::ServerContext* context,
                                 const v1::AmendGroupMeetingRequest* request,
                                 v1::AmendGroupMeetingResponse* response) override {
    return server::Handle(runtime_, context, group_meetings_, &GroupMeetings::AmendGroupMeeting,
                          *request, response);
  }
  grpc::Status ImportGroupMeeting(grpc::ServerContext* context,
                                  const v1::ImportGroupMeetingRequest* request,
                                  v1::ImportGroupMeetingResponse* response) override {
    return server::Handle(runtime_, context, back_office_, &BackOfficeImport::ImportGroupMeeting,
                          *request, response);
  }
  grpc::Status GetGroupMeeting(grpc::ServerContext* context,
                               const v1::GetGroupMeetingRequest* request,
                               v1::GetGroupMeetingResponse* response) override {
    return server::Handle(runtime_, context, group_meetings_, &GroupMeetings::GetGroupMeeting,
                          *request, response);
  }
  grpc::Status ListGroupMeetings(grpc::ServerContext* context,
                                 const v1::ListGroupMeetingsRequest* request,
                                 v1::ListGroupMeetingsResponse* response) override {
    return server::Handle(runtime_, context, group_meetings_, &GroupMeetings::ListGroupMeetings,
                          *request, response);
  }

  grpc::Status RecordTalk(grpc::ServerContext* context, const v1::RecordTalkRequest* request,
                          v1::RecordTalkResponse* response) override {
    return server::Handle(runtime_, context, talks_, &Talks::RecordTalk, *request, response);
  }
  grpc::Status ListTalks(grpc::ServerContext* context, const v1::ListTalksRequest* request,
                         v1::ListTalksResponse* response) override {
    return server::Handle(runtime_, context, talks_, &Talks::ListTalks, *request, response);
  }
  grpc::Status RecordDues(grpc::ServerContext* context, const v1::RecordDuesRequest* request,
                          v1::RecordDuesResponse* response) override {
    return server::Handle(runtime_, context, dues_, &DuesCollection::RecordDues, *request,
                          response);
  }
  grpc::Status ListDues(grpc::ServerContext* context, const v1::ListDuesRequest* request,
                        v1::ListDuesResponse* response) override {
    return server::Handle(runtime_, context, dues_, &DuesCollection::ListDues, *request, response);
  }
  grpc::Status SubmitAnnualReport(grpc::ServerContext* context,
                                  const v1::SubmitAnnualReportRequest* request,
                                  v1::SubmitAnnualReportResponse* response) override {
    return server::Handle(runtime_, context, reports_, &ReportsAndTraining::SubmitAnnualReport,
                          *request, response);
  }
  grpc::Status AcknowledgeAnnualReport(grpc::ServerContext* context,
                                       const v1::AcknowledgeAnnualReportRequest* request,
                                       v1::AcknowledgeAnnualReportResponse* response) override {
    return server::Handle(runtime_, context, reports_, &ReportsAndTraining::AcknowledgeAnnualReport,
                          *request, response);
  }
  grpc::Status RecordLeaderTraining(grpc::ServerContext* context,
                                    const v1::RecordLeaderTrainingRequest* request,
                                    v1::RecordLeaderTrainingResponse* response) override {
    return server::Handle(runtime_, context, reports_, &ReportsAndTraining::RecordLeaderTraining,
                          *request, response);
  }
  grpc::Status GetCadreAttendance(grpc::ServerContext* context,
                                  const v1::GetCadreAttendanceRequest* request,
                                  v1::GetCadreAttendanceResponse* response) override {
    return server::Handle(runtime_, context, period_, &PeriodFindings::GetCadreAttendance, *request,
                          response);
  }
  grpc::Status ListFindings(grpc::ServerContext* context, const v1::ListFindingsRequest* request,
                            v1::ListFindingsResponse* response) override {
    return server::Handle(runtime_, context, period_, &PeriodFindings::ListFindings, *request,
                          response);
  }

  grpc::Status RequestThemeDay(grpc::ServerContext* context,
                               const v1::RequestThemeDayRequest* request,
                               v1::RequestThemeDayResponse* response) override {
    return server::Handle(runtime_, context, theme_days_, &ThemeDays::RequestThemeDay, *request,
                          response);
  }
  grpc::Status ReviewThemeDay(grpc::ServerContext* context,
                              const v1::ReviewThemeDayRequest* request,
                              v1::ReviewThemeDayResponse* response) override {
    return server::Handle(runtime_, context, theme_days_, &ThemeDays::ReviewThemeDay, *request,
                          response);
  }
  grpc::Status RecordThemeDayHeld(grpc::ServerContext* context,
                                  const v1::RecordThemeDayHeldRequest* request,
                                  v1::RecordThemeDayHeldResponse* response) override {
    return server::Handle(runtime_, context, theme_days_, &ThemeDays::RecordThemeDayHeld, *request,
                          response);
  }
  grpc::Status ListThemeDays(grpc::ServerContext* context, const v1::ListThemeDaysRequest* request,
                             v1::ListThemeDaysResponse* response) override {
    return server::Handle(runtime_, context, theme_days_, &ThemeDays::ListThemeDays, *request,
                          response);
  }

  grpc::Status AssignTask(grpc::ServerContext* context, const v1::AssignTaskRequest* request,
                          v1::AssignTaskResponse* response) override {
    return server::Handle(runtime_, context, tasks_, &Tasks::AssignTask, *request, response);
  }
  grpc::Status ReportTask(grpc::ServerContext* context, const v1::ReportTaskRequest* request,
                          v1::ReportTaskResponse* response) override {
    return server::Handle(runtime_, context, tasks_, &Tasks::ReportTask, *request, response);
  }
  grpc::Status CheckTask(grpc::ServerContext* context, const v1::CheckTaskRequest* request,
                         v1::CheckTaskResponse* response) override {
    return server::Handle(runtime_, context, tasks_, &Tasks::CheckTask, *request, response);
  }
  grpc::Status ListTasks(grpc::ServerContext* context, const v1::ListTasksRequest* request,
                         v1::ListTasksResponse* response) override {
    return server::Handle(runtime_, context, tasks_, &Tasks::ListTasks, *request, response);
  }
  grpc::Status RecordOpinion(grpc::ServerContext* context, const v1::RecordOpinionRequest* request,
                             v1::RecordOpinionResponse* response) override {
    return server::Handle(runtime_, context, opinions_, &Opinions::RecordOpinion, *request,
                          response);
  }
  grpc::Status ReportOpinion(grpc::ServerContext* context, const v1::ReportOpinionRequest* request,
                             v1::ReportOpinionResponse* response) override {
    return server::Handle(runtime_, context, opinions_, &Opinions::ReportOpinion, *request,
                          response);
  }
  grpc::Status ResolveOpinion(grpc::ServerContext* context,
                              const v1::ResolveOpinionRequest* request,
                              v1::ResolveOpinionResponse* response) override {
    return server::Handle(runtime_, context, opinions_, &Opinions::ResolveOpinion, *request,
                          response);
  }
  grpc::Status ListOpinions(grpc::ServerContext* context, const v1::ListOpinionsRequest* request,
                            v1::ListOpinionsResponse* response) override {
    return server::Handle(runtime_, context, opinions_, &Opinions::ListOpinions, *request,
                          response);
  }

  grpc::Status PlanOrgLifeMeeting(grpc::ServerContext* context,
                                  const v1::PlanOrgLifeMeetingRequest* request,
                                  v1::PlanOrgLifeMeetingResponse* response) override {
    return server::Handle(runtime_, context, org_life_, &OrgLife::PlanOrgLifeMeeting, *request,
                          response);
  }
  grpc::Status RecordOrgLifePreparation(grpc::ServerContext* context,
                                        const v1::RecordOrgLifePreparationRequest* request,
                                        v1::RecordOrgLifePreparationResponse* response) override {
    return server::Handle(runtime_, context, org_life_, &OrgLife::RecordOrgLifePreparation,
                          *request, response);
  }
  grpc::Status RecordOrgLifeMeetingHeld(grpc::ServerContext* context,
                                        const v1::RecordOrgLifeMeetingHeldRequest* request,
                                        v1::RecordOrgLifeMeetingHeldResponse* response) override {
    return server::Handle(runtime_, context, org_life_, &OrgLife::RecordOrgLifeMeetingHeld,
                          *request, response);
  }
  grpc::Status AddRectificationItem(grpc::ServerContext* context,
                                    const v1::AddRectificationItemRequest* request,
                                    v1::AddRectificationItemResponse* response) override {
    return server::Handle(runtime_, context, org_life_, &OrgLife::AddRectificationItem, *request,
                          response);
  }
  grpc::Status CompleteRectificationItem(grpc::ServerContext* context,
                                         const v1::CompleteRectificationItemRequest* request,
                                         v1::CompleteRectificationItemResponse* response) override {
    return server::Handle(runtime_, context, org_life_, &OrgLife::CompleteRectificationItem,
                          *request, response);
  }
  grpc::Status ReportOrgLifeMeeting(grpc::ServerContext* context,
                                    const v1::ReportOrgLifeMeetingRequest* request,
                                    v1::ReportOrgLifeMeetingResponse* response) override {
    return server::Handle(runtime_, context, org_life_, &OrgLife::ReportOrgLifeMeeting, *request,
                          response);
  }
  grpc::Status ListOrgLifeMeetings(grpc::ServerContext* context,
                                   const v1::ListOrgLifeMeetingsRequest* request,
                                   v1::ListOrgLifeMeetingsResponse* response) override {
    return server::Handle(runtime_, context, org_life_, &OrgLife::ListOrgLifeMeetings, *request,
                          response);
  }

  grpc::Status OpenEvaluationCampaign(grpc::ServerContext* context,
                                      const v1::OpenEvaluationCampaignRequest* request,
                                      v1::OpenEvaluationCampaignResponse* response) override {
    return server::Handle(runtime_, context, evaluation_, &Evaluation::OpenEvaluationCampaign,
                          *request, response);
  }
  grpc::Status RecordSelfEvaluation(grpc::ServerContext* context,
                                    const v1::RecordSelfEvaluationRequest* request,
                                    v1::RecordSelfEvaluationResponse* response) override {
    return server::Handle(runtime_, context, evaluation_, &Evaluation::RecordSelfEvaluation,
                          *request, response);
  }
  grpc::Status RecordMutualEvaluation(grpc::ServerContext* context,
                                      const v1::RecordMutualEvaluationRequest* request,
                                      v1::RecordMutualEvaluationResponse* response) override {
    return server::Handle(runtime_, context, evaluation_, &Evaluation::RecordMutualEvaluation,
                          *request, response);
  }
  grpc::Status ReportEvaluationCampaign(grpc::ServerContext* context,
                                        const v1::ReportEvaluationCampaignRequest* request,
                                        v1::ReportEvaluationCampaignResponse* response) override {
    return server::Handle(runtime_, context, evaluation_, &Evaluation::ReportEvaluationCampaign,
                          *request, response);
  }
  grpc::Status GetEvaluationCampaign(grpc::ServerContext* context,
                                     const v1::GetEvaluationCampaignRequest* request,
                                     v1::GetEvaluationCampaignResponse* response) override {
    return server::Handle(runtime_, context, evaluation_, &Evaluation::GetEvaluationCampaign,
                          *request, response);
  }

 private:
  server::Runtime& runtime_;
  clients::OrgClient org_;
  const ActivityContext context_;
  const PeriodReadModel read_model_;
  GroupMeetings group_meetings_;  // 第五条
  OrgLife org_life_;              // 第六条
  Evaluation evaluation_;         // 第七条
  Talks talks_;                   // 第八条
  ThemeDays theme_days_;          // 第九条
  DuesCollection dues_;           // 第四条, 第十二条
  Tasks tasks_;                   // 第十二条
  Opinions opinions_;             // 第四条
  ReportsAndTraining reports_;    // 第十三条, 第十四条
  BackOfficeImport back_office_;  // the records of the years before the suite
  PeriodFindings period_;         // a period judged, and streamed to the assessment
  OverdueItems overdue_;          // deadlines passed, announced
  OverdueSweeper sweeper_;        // stops before the slices go
  MovedGroups moved_groups_;      // org's moves followed into the records' paths; stops first
};

}  // namespace partygroup::activity
