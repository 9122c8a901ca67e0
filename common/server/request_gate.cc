#include "common/server/request_gate.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/stubs/logging.h>
#include <grpcpp/impl/rpc_service_method.h>
#include <grpcpp/server_context.h>
#include <spdlog/spdlog.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/server/grpc_status.h"

namespace partygroup::server {
namespace {

using grpc::internal::MethodHandler;
using grpc::internal::RpcMethod;

// Wraps the generated handler of one method whose request is a single message (unary and
// server-streaming): its parsing is the generated handler's, its failure is answered here.
class GateHandler final : public MethodHandler {
 public:
  GateHandler(MethodHandler* generated, std::string method, std::string request_type,
              const Authenticator& authenticator, MalformedRequestLog& log)
      : generated_(generated),
        method_(std::move(method)),
        request_type_(std::move(request_type)),
        authenticator_(authenticator),
        log_(log) {}

  void* Deserialize(grpc_call* call, grpc_byte_buffer* request, grpc::Status* status,
                    void** handler_data) override {
    void* parsed = generated_->Deserialize(call, request, status, handler_data);
    if (!status->ok()) *status = grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, kMalformed);
    return parsed;
  }

  void RunHandler(const HandlerParameter& param) override {
    if (param.status.ok() || param.status.error_message() != kMalformed) {
      generated_->RunHandler(param);
      return;
    }
    // The token first: a caller without one learns nothing about what the method takes.
    const auto* context = static_cast<const grpc::ServerContext*>(param.server_context);
    absl::StatusOr<auth::Caller> caller = authenticator_.Authenticate(*context);
    grpc::Status answer;
    if (!caller.ok()) {
      answer = ToGrpcStatus(caller.status());
    } else {
      log_.Note(caller->subject, method_);
      answer = ToGrpcStatus(absl::InvalidArgumentError(
          absl::StrCat("request: not a valid ", request_type_,
                       " (not protobuf, truncated, or a string field that is not UTF-8)")));
    }
    generated_->RunHandler(HandlerParameter(param.call, param.server_context, nullptr, answer,
                                            param.internal_data, param.call_requester));
  }

 private:
  static constexpr const char* kMalformed = "partygroup: request did not parse";

  MethodHandler* const generated_;  // owned by the generated service
  const std::string method_;
  const std::string request_type_;
  const Authenticator& authenticator_;
  MalformedRequestLog& log_;
};

// A client stream's handler as it is: its messages are parsed by the stream's reader.
class PassThroughHandler final : public MethodHandler {
 public:
  explicit PassThroughHandler(MethodHandler* generated) : generated_(generated) {}
  void* Deserialize(grpc_call* call, grpc_byte_buffer* request, grpc::Status* status,
                    void** handler_data) override {
    return generated_->Deserialize(call, request, status, handler_data);
  }
  void RunHandler(const HandlerParameter& param) override { generated_->RunHandler(param); }

 private:
  MethodHandler* const generated_;
};

RpcMethod::RpcType TypeOf(const google::protobuf::MethodDescriptor& method) {
  if (method.client_streaming() && method.server_streaming()) return RpcMethod::BIDI_STREAMING;
  if (method.client_streaming()) return RpcMethod::CLIENT_STREAMING;
  if (method.server_streaming()) return RpcMethod::SERVER_STREAMING;
  return RpcMethod::NORMAL_RPC;
}

void ProtobufLogToDebug(google::protobuf::LogLevel level, const char* file, int line,
                        const std::string& message) {
  if (level >= google::protobuf::LOGLEVEL_FATAL) {
    spdlog::critical("protobuf {}:{}: {}", file, line, message);
  } else {
    spdlog::debug("protobuf {}:{}: {}", file, line, message);
  }
}

}  // namespace

void MalformedRequestLog::Note(const std::string& caller, const std::string& method) {
  const absl::Time now = absl::Now();
  {
    absl::MutexLock lock(&mu_);
    absl::Time& last = last_logged_[caller];
    if (now - last < absl::Minutes(1)) return;
    last = now;
    if (last_logged_.size() > 10000) last_logged_.clear();  // bounded, whoever calls
  }
  spdlog::warn(
      "malformed request from {} to {}: answered INVALID_ARGUMENT (logged once a minute "
      "per caller)",
      caller, method);
}

RequestGate::RequestGate(grpc::Service& generated, const std::string& service_name,
                         const Authenticator& authenticator, MalformedRequestLog& log) {
  const google::protobuf::ServiceDescriptor* service =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(service_name);
  if (service == nullptr) {
    spdlog::critical("RequestGate: no descriptor for {}", service_name);
    std::abort();
  }
  // The generated service adds its methods in the descriptor's order: method i is index i.
  for (int i = 0; i < service->method_count(); ++i) {
    const google::protobuf::MethodDescriptor& method = *service->method(i);
    paths_.push_back(
        std::make_unique<std::string>(absl::StrCat("/", service_name, "/", method.name())));
    // grpc::Service::GetHandler is protected: named through this class (a grpc::Service too),
    // it is a member pointer that applies to the generated service.
    MethodHandler* (grpc::Service::*get_handler)(int) = &RequestGate::GetHandler;
    MethodHandler* handler = (generated.*get_handler)(i);
    MethodHandler* gate =
        method.client_streaming()
            ? static_cast<MethodHandler*>(new PassThroughHandler(handler))
            : new GateHandler(handler, *paths_.back(), method.input_type()->full_name(),
                              authenticator, log);
    AddMethod(new grpc::internal::RpcServiceMethod(paths_.back()->c_str(), TypeOf(method), gate));
  }
}

void QuietProtobufParseErrors() { google::protobuf::SetLogHandler(&ProtobufLogToDebug); }

}  // namespace partygroup::server
