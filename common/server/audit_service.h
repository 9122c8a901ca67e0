// The audit trail of a server, read through gRPC (partygroup.audit.v1.AuditService): every server
// serves it beside its own service, over its own schema's trail. Only the committee's ADMIN reads
// it: the trail names who did what everywhere.
#pragma once

#include <grpcpp/server_context.h>

#include "partygroup/audit/v1/audit_service.grpc.pb.h"

namespace partygroup::server {

class Runtime;

class AuditServiceImpl final : public audit::v1::AuditService::Service {
 public:
  explicit AuditServiceImpl(Runtime& runtime) : runtime_(runtime) {}

  grpc::Status ListAuditRecords(grpc::ServerContext* context,
                                const audit::v1::ListAuditRecordsRequest* request,
                                audit::v1::ListAuditRecordsResponse* response) override;
  grpc::Status VerifyAuditLog(grpc::ServerContext* context,
                              const audit::v1::VerifyAuditLogRequest* request,
                              audit::v1::VerifyAuditLogResponse* response) override;

 private:
  Runtime& runtime_;
};

}  // namespace partygroup::server
