// partygroup.activity.v1.ActivityService: translates gRPC to ActivityDomain calls and back,
// nothing else.
#pragma once

#include <memory>

#include "common/clients/org_client.h"
#include "common/server/handlers.h"
#include "common/server/runtime.h"
#include "partygroup/activity/v1/activity_service.grpc.pb.h"
#include "services/activity/activity_domain.h"

namespace partygroup::activity {

class ActivityServiceImpl final : public partygroup::activity::v1::ActivityService::Service {
 public:
  // Asks the org service at runtime.config().org_address with runtime.config().service_token.
  explicit ActivityServiceImpl(server::Runtime& runtime)
      : runtime_(runtime),
        org_(clients::PeerChannel(runtime.config().org_address), runtime.config().service_token),
        domain_(runtime.pool(), org_, runtime.time_zone()) {}

  grpc::Status GetServiceInfo(grpc::ServerContext* context,
                              const v1::GetServiceInfoRequest* request,
                              v1::GetServiceInfoResponse* response) override;
  grpc::Status WatchEvents(grpc::ServerContext* context, const v1::WatchEventsRequest* request,
                           grpc::ServerWriter<v1::WatchEventsResponse>* writer) override;

  grpc::Status RequestGroupMeeting(grpc::ServerContext* context,
                                   const v1::RequestGroupMeetingRequest* request,
                                   v1::RequestGroupMeetingResponse* response) override {
    return server::Handle(runtime_, context, domain_, &ActivityDomain::RequestGroupMeeting,
                          *request, response);
  }
  grpc::Status ReviewGroupMeeting(grpc::ServerContext* context,
                                  const v1::ReviewGroupMeetingRequest* request,
                                  v1::ReviewGroupMeetingResponse* response) override {
    return server::Handle(runtime_, context, domain_, &ActivityDomain::ReviewGroupMeeting,
                          *request, response);
  }
  grpc::Status NotifyGroupMeeting(grpc::ServerContext* context,
                                  const v1::NotifyGroupMeetingRequest* request,
                                  v1::NotifyGroupMeetingResponse* response) override {
    return server::Handle(runtime_, context, domain_, &ActivityDomain::NotifyGroupMeeting,
                          *request, response);
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
    return server::Handle(runtime_, context, domain_, &ActivityDomain::AmendGroupMeeting,
                          *request, response);
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
    return server::Handle(runtime_, context, domain_, &ActivityDomain::ListGroupMeetings,
                          *request, response);
  }

 private:
  server::Runtime& runtime_;
  clients::OrgClient org_;
  ActivityDomain domain_;
};

}  // namespace partygroup::activity
