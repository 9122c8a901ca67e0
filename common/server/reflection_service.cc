#include "common/server/reflection_service.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>

#include <set>

#include "absl/strings/str_cat.h"

namespace partygroup::server {
namespace {

using google::protobuf::DescriptorPool;
using google::protobuf::FileDescriptor;
using grpc::reflection::v1alpha::ServerReflectionRequest;
using grpc::reflection::v1alpha::ServerReflectionResponse;

// `file` and every file it imports, each once, the imports first: what a client needs to decode
// the file's messages.
void AddWithImports(const FileDescriptor* file, std::set<std::string>& added,
                    ServerReflectionResponse& response) {
  if (!added.insert(file->name()).second) return;
  for (int i = 0; i < file->dependency_count(); ++i) {
    AddWithImports(file->dependency(i), added, response);
  }
  google::protobuf::FileDescriptorProto proto;
  file->CopyTo(&proto);
  response.mutable_file_descriptor_response()->add_file_descriptor_proto(proto.SerializeAsString());
}

void NotFound(const std::string& what, ServerReflectionResponse& response) {
  auto* error = response.mutable_error_response();
  error->set_error_code(static_cast<int>(grpc::StatusCode::NOT_FOUND));
  error->set_error_message(absl::StrCat(what, " is not known to this server"));
}

}  // namespace

grpc::Status ReflectionService::ServerReflectionInfo(
    grpc::ServerContext* context,
    grpc::ServerReaderWriter<ServerReflectionResponse, ServerReflectionRequest>* stream) {
  const std::optional<OpenStreams::Place> place = streams_.Open();
  if (!place.has_value()) {
    return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                        absl::StrCat("at most ", streams_.max(),
                                     " reflection streams are open at once on this server"));
  }
  const DescriptorPool* pool = DescriptorPool::generated_pool();
  ServerReflectionRequest request;
  while (!context->IsCancelled() && stream->Read(&request)) {
    ServerReflectionResponse response;
    response.set_valid_host(request.host());
    *response.mutable_original_request() = request;
    std::set<std::string> added;
    switch (request.message_request_case()) {
      case ServerReflectionRequest::kListServices:
        for (const std::string& name : services_) {
          response.mutable_list_services_response()->add_service()->set_name(name);
        }
        break;
      case ServerReflectionRequest::kFileByFilename:
        if (const FileDescriptor* file = pool->FindFileByName(request.file_by_filename())) {
          AddWithImports(file, added, response);
        } else {
          NotFound(absl::StrCat("file ", request.file_by_filename()), response);
        }
        break;
      case ServerReflectionRequest::kFileContainingSymbol:
        if (const FileDescriptor* file =
                pool->FindFileContainingSymbol(request.file_containing_symbol())) {
          AddWithImports(file, added, response);
        } else {
          NotFound(absl::StrCat("symbol ", request.file_containing_symbol()), response);
        }
        break;
      case ServerReflectionRequest::kFileContainingExtension:
        NotFound("the extension", response);  // the suite's protos declare none
        break;
      case ServerReflectionRequest::kAllExtensionNumbersOfType:
        response.mutable_all_extension_numbers_response()->set_base_type_name(
            request.all_extension_numbers_of_type());
        break;
      case ServerReflectionRequest::MESSAGE_REQUEST_NOT_SET:
        response.mutable_error_response()->set_error_code(
            static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
        response.mutable_error_response()->set_error_message("message_request: required");
        break;
    }
    if (!stream->Write(response)) break;
  }
  return grpc::Status::OK;
}

}  // namespace partygroup::server
