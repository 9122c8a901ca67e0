#include "services/assessment/assessment_service.h"

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "common/proto/findings.h"
#include "common/rules/catalogue.h"
#include "common/server/grpc_status.h"

namespace partygroup::assessment {

grpc::Status AssessmentServiceImpl::GetServiceInfo(grpc::ServerContext* context,
                                                   const v1::GetServiceInfoRequest*,
                                                   v1::GetServiceInfoResponse* response) {
  return runtime_.AnswerServiceInfo(*context, response->mutable_info());
}

grpc::Status AssessmentServiceImpl::ComputeCycle(grpc::ServerContext* context,
                                                 const v1::ComputeCycleRequest* request,
                                                 v1::ComputeCycleResponse* response) {
  return server::Handle(runtime_, context, domain_, &AssessmentDomain::ComputeCycle, *request,
                        response);
}

grpc::Status AssessmentServiceImpl::ListRules(grpc::ServerContext* context,
                                              const v1::ListRulesRequest* request,
                                              v1::ListRulesResponse* response) {
  absl::StatusOr<server::AdmittedCall> call =
      runtime_.Admit(*context, server::CallKind::kUnary, *request);
  if (!call.ok()) return server::ToGrpcStatus(call.status());
  const std::string& article = request->article();
  if (!article.empty() && !(absl::StartsWith(article, "第") && absl::EndsWith(article, "条"))) {
    return server::ToGrpcStatus(
        absl::InvalidArgumentError("article: write it as in the regulation, for instance 第五条"));
  }
  for (const rules::RuleInfo& info : rules::Catalogue()) {
    if (!article.empty() && !absl::StrContains(info.article, article)) {
      continue;
    }
    if (request->basis() != common::v1::RULE_BASIS_UNSPECIFIED &&
        proto::ToProto(info.basis) != request->basis()) {
      continue;
    }
    v1::Rule* rule = response->add_rules();
    rule->set_code(std::string(info.code));
    if (info.violation) rule->add_severities(common::v1::SEVERITY_VIOLATION);
    if (info.finding) rule->add_severities(common::v1::SEVERITY_FINDING);
    rule->set_article(std::string(info.article));
    rule->set_summary(std::string(info.summary));
    rule->set_basis(proto::ToProto(info.basis));
    rule->set_source(std::string(info.source));
    rule->set_source_text(std::string(info.source_text));
    for (absl::string_view setting :
         absl::StrSplit(info.policy_settings, ", ", absl::SkipEmpty())) {
      rule->add_policy_settings(std::string(setting));
    }
  }
  return grpc::Status::OK;
}

grpc::Status AssessmentServiceImpl::StreamResults(
    grpc::ServerContext* context, const v1::StreamResultsRequest* request,
    grpc::ServerWriter<v1::StreamResultsResponse>* writer) {
  absl::StatusOr<server::AdmittedCall> call =
      runtime_.Admit(*context, server::CallKind::kStream, *request);
  if (!call.ok()) return server::ToGrpcStatus(call.status());
  return server::ToGrpcStatus(
      domain_.StreamResults(call->caller, *request, [&](v1::StreamResultsResponse& response) {
        return !context->IsCancelled() && writer->Write(response);
      }));
}

grpc::Status AssessmentServiceImpl::WatchEvents(
    grpc::ServerContext* context, const v1::WatchEventsRequest* request,
    grpc::ServerWriter<v1::WatchEventsResponse>* writer) {
  absl::StatusOr<server::AdmittedCall> call =
      runtime_.Admit(*context, server::CallKind::kStream, *request);
  if (!call.ok()) return server::ToGrpcStatus(call.status());
  absl::StatusOr<std::string> scope = domain_.EventScope(call->caller);
  if (!scope.ok()) return server::ToGrpcStatus(scope.status());
  return server::ServeEvents(runtime_, context, request->after_sequence(), request->follow(),
                             *scope, writer);
}

}  // namespace partygroup::assessment
