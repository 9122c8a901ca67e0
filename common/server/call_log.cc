#include "common/server/call_log.h"

#include <grpcpp/server_context.h>
#include <spdlog/spdlog.h>

#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace partygroup::server {
namespace {

using grpc::experimental::InterceptionHookPoints;

class CallLogInterceptor final : public grpc::experimental::Interceptor {
 public:
  CallLogInterceptor(grpc::experimental::ServerRpcInfo* info, const Authenticator* authenticator,
                     RefusedCallRecorder* refused)
      : info_(info),
        method_(info->method()),
        authenticator_(authenticator),
        refused_(refused),
        start_(absl::Now()) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA) &&
        !IsPublicMethod(method_)) {
      // The subject is taken from a verified token only; the handler verifies it again and
      // decides. A token that does not verify is logged as "-".
      auto caller = authenticator_->Authenticate(*methods->GetRecvInitialMetadata());
      if (caller.ok()) {
        subject_ = caller->subject;
        role_ = std::string(auth::RoleName(caller->role));
      }
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      const grpc::Status status = methods->GetSendStatus();
      const double latency_ms = absl::ToDoubleMilliseconds(absl::Now() - start_);
      if (status.ok()) {
        spdlog::info("call method={} code=OK latency_ms={:.3f} subject={}", method_, latency_ms,
                     subject_);
      } else {
        spdlog::info("call method={} code={} latency_ms={:.3f} subject={} error=\"{}\"", method_,
                     CodeName(status.error_code()), latency_ms, subject_, status.error_message());
        const bool refused = status.error_code() == grpc::StatusCode::UNAUTHENTICATED ||
                             status.error_code() == grpc::StatusCode::PERMISSION_DENIED;
        if (refused && refused_ != nullptr) {
          // Without a verified token, the peer's address (without its port) says who tried.
          std::string who = subject_;
          if (who == "-" && info_->server_context() != nullptr) {
            who = info_->server_context()->peer();
            who = who.substr(0, who.rfind(':'));
          }
          refused_->Note(who, role_, method_, CodeName(status.error_code()), absl::Now());
        }
      }
    }
    methods->Proceed();
  }

 private:
  static const char* CodeName(grpc::StatusCode code) {
    static constexpr const char* kNames[] = {"OK",
                                             "CANCELLED",
                                             "UNKNOWN",
                                             "INVALID_ARGUMENT",
                                             "DEADLINE_EXCEEDED",
                                             "NOT_FOUND",
                                             "ALREADY_EXISTS",
                                             "PERMISSION_DENIED",
                                             "RESOURCE_EXHAUSTED",
                                             "FAILED_PRECONDITION",
                                             "ABORTED",
                                             "OUT_OF_RANGE",
                                             "UNIMPLEMENTED",
                                             "INTERNAL",
                                             "UNAVAILABLE",
                                             "DATA_LOSS",
                                             "UNAUTHENTICATED"};
    const int index = static_cast<int>(code);
    return index >= 0 && index < 17 ? kNames[index] : "INVALID_CODE";
  }

  grpc::experimental::ServerRpcInfo* const info_;
  const std::string method_;
  const Authenticator* authenticator_;
  RefusedCallRecorder* const refused_;
  const absl::Time start_;
  std::string subject_ = "-";
  std::string role_;
};

}  // namespace

grpc::experimental::Interceptor* CallLogInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new CallLogInterceptor(info, authenticator_, refused_);
}

}  // namespace partygroup::server
