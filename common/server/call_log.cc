#include "common/server/call_log.h"

#include <spdlog/spdlog.h>

#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace partygroup::server {
namespace {

using grpc::experimental::InterceptionHookPoints;

class CallLogInterceptor final : public grpc::experimental::Interceptor {
 public:
  CallLogInterceptor(grpc::experimental::ServerRpcInfo* info, const Authenticator* authenticator)
      : method_(info->method()), authenticator_(authenticator), start_(absl::Now()) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA) &&
        !IsPublicMethod(method_)) {
      // The subject is taken from a verified token only; the handler verifies it again and
      // decides. A token that does not verify is logged as "-".
      auto caller = authenticator_->Authenticate(*methods->GetRecvInitialMetadata());
      if (caller.ok()) subject_ = caller->subject;
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

  const std::string method_;
  const Authenticator* authenticator_;
  const absl::Time start_;
  std::string subject_ = "-";
};

}  // namespace

grpc::experimental::Interceptor* CallLogInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new CallLogInterceptor(info, authenticator_);
}

}  // namespace partygroup::server
