// partygroup.activity.v1.ActivityService: translates gRPC to ActivityDomain calls and back,
// nothing else.
#pragma once

#include <memory>

#include "common/clients/org_client.h"
#include "common/server/handlers.h"
#include "common/server/runtime.h"
#include "partygroup/activity/v1/activity_service.grpc.pb.h"
#include "services/activity/activity_domain.h"
#include "services/activity/overdue_sweeper.h"

namespace partygroup::activity {

class ActivityServiceImpl final : public partygroup::activity::v1::ActivityService::Service {
 public:
  // Asks the org service at runtime.config().org_address with runtime.config().service_token.
  explicit ActivityServiceImpl(server::Runtime& runtime)
      : runtime_(runtime),
        org_(clients::PeerChannel(runtime.config().org_address), runtime.config().service_token),
        domain_(runtime.pool(), org_, runtime.time_zone(), {},
                static_cast<size_t>(runtime.config().period_batch_groups)),
        sweeper_(domain_, runtime.config().overdue_sweep_interval) {}

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
    return server::Handle(runtime_, context, domain_, &ActivityDomain::RequestGroupMeeting,
                          *request, response);
  }
  grpc::Status ReviewGroupMeeting(grpc::ServerContext* context,
                                  const v1::ReviewGroupMeetingRequest* request,
                                  v1::ReviewGroupMeetingResponse* response) override {
    return server::Handle(runtime_, context, domain_, &ActivityDomain::ReviewGroupMeeting, *request,
                          response);
  }
  grpc::Status NotifyGroupMeeting(grpc::ServerContext* context,
                                  const v1::NotifyGroupMeetingRequest* request,
                                  v1::NotifyGroupMeetingResponse* response) override {
    return server::Handle(runtime_, context, domain_, &ActivityDomain::NotifyGroupMeeting, *request,
                          response);
  }
  grpc::Status RecordGroupMeetingHeld(grpc::ServerContext* context,
                                      const v1::RecordGroupMeetingHeldRequest* request,
                                      v1::RecordGroupMeetingHeldResponse* response) override {
    return server::Handle(runtime_, context, domain_, &ActivityDomain::RecordGroupMeetingHeld,
                          *request, response);
  }
  grpc::Status ArchiveGroupMeeting(grpc::ServerContext* context,
                                   const v1::ArchiveGroupMeetingRequest* request,
                                   v1::ArchiveGroupMeetingResponse* response) override {
    return server::Handle(runtime_, context, domain_, &ActivityDomain::ArchiveGroupMeeting,
                          *request, response);
  }
  grpc::Status AmendGroupMeeting(grpc::ServerContext* context,
                                 const v1::AmendGroupMeetingRequest* request,
                                 v1::AmendGroupMeetingResponse* response) override {
    return server::Handle(runtime_, context, domain_, &ActivityDomain::AmendGroupMeeting, *request,
                          response);
  }
  grpc::Status ImportGroupMeeting(grpc::ServerContext* context,
                                  const v1::ImportGroupMeetingRequest* request,
                                  v1::ImportGroupMeetingResponse* response) override {
    return server::Handle(runtime_, context, domain_, &ActivityDomain::ImportGroupMeeting, *request,
                          response);
  }
  grpc::Status GetGroupMeeting(grpc::ServerContext* context,
                               const v1::GetGroupMeetingRequest* request,
                               v1::GetGroupMeetingResponse* response) override {
    return server::Handle(runtime_, context, domain_, &ActivityDomain::GetGroupMeeting, *request,
                          response);
  }
  grpc::Status ListGroupMeetings(grpc::ServerContext* context,
                                 const v1::ListGroupMeetingsRequest* request,
                                 v1::ListGroupMeetingsResponse* response) override {
    return server::Handle(runtime_, context, domain_, &ActivityDomain::ListGroupMeetings, *request,
                          response);
  }

  grpc::Status RecordTalk(grpc::ServerContext* context, const v1::RecordTalkRequest* request,
                          v1::RecordTalkResponse* response) override {
    return server::Handle(runtime_, context, domain_, &ActivityDomain::RecordTalk, *request,
                          response);
  }
  grpc::Status ListTalks(grpc::ServerContext* context, const v1::ListTalksRequest* request,
                         v1::ListTalksResponse* response) override {
    return server::Handle(runtime_, context, domain_, &ActivityDomain::ListTalks, *request,
                          response);
  }
  grpc::Status RecordDues(grpc::ServerContext* context, const v1::RecordDuesRequest* request,
                          v1::RecordDuesResponse* response) override {
    return server::Handle(runtime_, context, domain_, &ActivityDomain::RecordDues, *request,
                          response);
  }
  grpc::Status ListDues(grpc::ServerContext* context, const v1::ListDuesRequest* request,
                        v1::ListDuesResponse* response) override {
    return server::Handle(runtime_, context, domain_, &ActivityDomain::ListDues, *request,
                          response);
  }
  grpc::Status SubmitAnnualReport(grpc::ServerContext* context,
                                  const v1::SubmitAnnualReportRequest* request,
                                  v1::SubmitAnnualReportResponse* response) override {
    return server::Handle(runtime_, context, domain_, &ActivityDomain::SubmitAnnualReport, *request,
                          response);
  }
  grpc::Status AcknowledgeAnnualReport(grpc::ServerContext* context,
                                       const v1::AcknowledgeAnnualReportRequest* request,
                                       v1::AcknowledgeAnnualReportResponse* response) override {
    return server::Handle(runtime_, context, domain_, &ActivityDomain::AcknowledgeAnnualReport,
                          *request, response);
  }
  grpc::Status RecordLeaderTraining(grpc::ServerContext* context,
                                    const v1::RecordLeaderTrainingRequest* request,
                                    v1::RecordLeaderTrainingResponse* response) override {
    return server::Handle(runtime_, context, domain_, &ActivityDomain::RecordLeaderTraining,
                          *request, response);
  }
  grpc::Status GetCadreAttendance(grpc::ServerContext* context,
                                  const v1::GetCadreAttendanceRequest* request,
                                  v1::GetCadreAttendanceResponse* response) override {
    return server::Handle(runtime_, context, domain_, &ActivityDomain::GetCadreAttendance, *request,
                          response);
  }
  grpc::Status ListFindings(grpc::ServerContext* context, const v1::ListFindingsRequest* request,
                            v1::ListFindingsResponse* response) override {
    return server::Handle(runtime_, context, domain_, &ActivityDomain::ListFindings, *request,
                          response);
  }

  grpc::Status RequestThemeDay(grpc::ServerContext* context,
                               const v1::RequestThemeDayRequest* request,
                               v1::RequestThemeDayResponse* response) override {
    return server::Handle(runtime_, context, domain_, &ActivityDomain::RequestThemeDay, *request,
                          response);
  }
  grpc::Status ReviewThemeDay(grpc::ServerContext* context,
                              const v1::ReviewThemeDayRequest* request,
                              v1::ReviewThemeDayResponse* response) override {
    return server::Handle(runtime_, context, domain_, &ActivityDomain::ReviewThemeDay, *request,
                          response);
  }
  grpc::Status RecordThemeDayHeld(grpc::ServerContext* context,
                                  const v1::RecordThemeDayHeldRequest* request,
                                  v1::RecordThemeDayHeldResponse* response) override {
    return server::Handle(runtime_, context, domain_, &ActivityDomain::RecordThemeDayHeld, *request,
                          response);
  }
  grpc::Status ListThemeDays(grpc::ServerContext* context, const v1::ListThemeDaysRequest* request,
                             v1::ListThemeDaysResponse* response) override {
    return server::Handle(runtime_, context, domain_, &ActivityDomain::ListThemeDays, *request,
                          response);
  }

  grpc::Status AssignTask(grpc::ServerContext* context, const v1::AssignTaskRequest* request,
                          v1::AssignTaskResponse* response) override {
    return server::Handle(runtime_, context, domain_, &ActivityDomain::AssignTask, *request,
                          response);
  }
  grpc::Status ReportTask(grpc::ServerContext* context, const v1::ReportTaskRequest* request,
                          v1::ReportTaskResponse* response) override {
    return server::Handle(runtime_, context, domain_, &ActivityDomain::ReportTask, *request,
                          response);
  }
  grpc::Status CheckTask(grpc::ServerContext* context, const v1::CheckTaskRequest* request,
                         v1::CheckTaskResponse* response) override {
    return server::Handle(runtime_, context, domain_, &ActivityDomain::CheckTask, *request,
                          response);
  }
  grpc::Status ListTasks(grpc::ServerContext* context, const v1::ListTasksRequest* request,
                         v1::ListTasksResponse* response) override {
    return server::Handle(runtime_, context, domain_, &ActivityDomain::ListTasks, *request,
                          response);
  }
  grpc::Status RecordOpinion(grpc::ServerContext* context, const v1::RecordOpinionRequest* request,
                             v1::RecordOpinionResponse* response) override {
    return server::Handle(runtime_, context, domain_, &ActivityDomain::RecordOpinion, *request,
                          response);
  }
  grpc::Status ReportOpinion(grpc::ServerContext* context, const v1::ReportOpinionRequest* request,
                             v1::ReportOpinionResponse* response) override {
    return server::Handle(runtime_, context, domain_, &ActivityDomain::ReportOpinion, *request,
                          response);
  }
  grpc::Status ResolveOpinion(grpc::ServerContext* context,
                              const v1::ResolveOpinionRequest* request,
                              v1::ResolveOpinionResponse* response) override {
    return server::Handle(runtime_, context, domain_, &ActivityDomain::ResolveOpinion, *request,
                          response);
  }
  grpc::Status ListOpinions(grpc::ServerContext* context, const v1::ListOpinionsRequest* request,
                            v1::ListOpinionsResponse* response) override {
    return server::Handle(runtime_, context, domain_, &ActivityDomain::ListOpinions, *request,
                          response);
  }

  grpc::Status PlanOrgLifeMeeting(grpc::ServerContext* context,
                                  const v1::PlanOrgLifeMeetingRequest* request,
                                  v1::PlanOrgLifeMeetingResponse* response) override {
    return server::Handle(runtime_, context, domain_, &ActivityDomain::PlanOrgLifeMeeting, *request,
                          response);
  }
  grpc::Status RecordOrgLifePreparation(grpc::ServerContext* context,
                                        const v1::RecordOrgLifePreparationRequest* request,
                                        v1::RecordOrgLifePreparationResponse* response) override {
    return server::Handle(runtime_, context, domain_, &ActivityDomain::RecordOrgLifePreparation,
                          *request, response);
  }
  grpc::Status RecordOrgLifeMeetingHeld(grpc::ServerContext* context,
                                        const v1::RecordOrgLifeMeetingHeldRequest* request,
                                        v1::RecordOrgLifeMeetingHeldResponse* response) override {
    return server::Handle(runtime_, context, domain_, &ActivityDomain::RecordOrgLifeMeetingHeld,
                          *request, response);
  }
  grpc::Status AddRectificationItem(grpc::ServerContext* context,
                                    const v1::AddRectificationItemRequest* request,
                                    v1::AddRectificationItemResponse* response) override {
    return server::Handle(runtime_, context, domain_, &ActivityDomain::AddRectificationItem,
                          *request, response);
  }
  grpc::Status CompleteRectificationItem(grpc::ServerContext* context,
                                         const v1::CompleteRectificationItemRequest* request,
                                         v1::CompleteRectificationItemResponse* response) override {
    return server::Handle(runtime_, context, domain_, &ActivityDomain::CompleteRectificationItem,
                          *request, response);
  }
  grpc::Status ReportOrgLifeMeeting(grpc::ServerContext* context,
                                    const v1::ReportOrgLifeMeetingRequest* request,
                                    v1::ReportOrgLifeMeetingResponse* response) override {
    return server::Handle(runtime_, context, domain_, &ActivityDomain::ReportOrgLifeMeeting,
                          *request, response);
  }
  grpc::Status ListOrgLifeMeetings(grpc::ServerContext* context,
                                   const v1::ListOrgLifeMeetingsRequest* request,
                                   v1::ListOrgLifeMeetingsResponse* response) override {
    return server::Handle(runtime_, context, domain_, &ActivityDomain::ListOrgLifeMeetings,
                          *request, response);
  }

  grpc::Status OpenEvaluationCampaign(grpc::ServerContext* context,
                                      const v1::OpenEvaluationCampaignRequest* request,
                                      v1::OpenEvaluationCampaignResponse* response) override {
    return server::Handle(runtime_, context, domain_, &ActivityDomain::OpenEvaluationCampaign,
                          *request, response);
  }
  grpc::Status RecordSelfEvaluation(grpc::ServerContext* context,
                                    const v1::RecordSelfEvaluationRequest* request,
                                    v1::RecordSelfEvaluationResponse* response) override {
    return server::Handle(runtime_, context, domain_, &ActivityDomain::RecordSelfEvaluation,
                          *request, response);
  }
  grpc::Status RecordMutualEvaluation(grpc::ServerContext* context,
                                      const v1::RecordMutualEvaluationRequest* request,
                                      v1::RecordMutualEvaluationResponse* response) override {
    return server::Handle(runtime_, context, domain_, &ActivityDomain::RecordMutualEvaluation,
                          *request, response);
  }
  grpc::Status ReportEvaluationCampaign(grpc::ServerContext* context,
                                        const v1::ReportEvaluationCampaignRequest* request,
                                        v1::ReportEvaluationCampaignResponse* response) override {
    return server::Handle(runtime_, context, domain_, &ActivityDomain::ReportEvaluationCampaign,
                          *request, response);
  }
  grpc::Status GetEvaluationCampaign(grpc::ServerContext* context,
                                     const v1::GetEvaluationCampaignRequest* request,
                                     v1::GetEvaluationCampaignResponse* response) override {
    return server::Handle(runtime_, context, domain_, &ActivityDomain::GetEvaluationCampaign,
                          *request, response);
  }

 private:
  server::Runtime& runtime_;
  clients::OrgClient org_;
  ActivityDomain domain_;
  OverdueSweeper sweeper_;  // last: stops before the domain goes
};

}  // namespace partygroup::activity
