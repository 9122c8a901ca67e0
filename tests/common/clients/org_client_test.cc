// The org client against an org server that answers streams one row a message, as org servers
// did before StreamTreeRequest.batch_size and StreamMembersRequest.batch_size: during a rolling
// upgrade a new activity or assessment server still gets every node and member.
#include "common/clients/org_client.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>

#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "partygroup/org/v1/org_service.grpc.pb.h"

namespace partygroup::clients {
namespace {

using ::testing::ElementsAre;

// Ignores batch_size: a node or a member a message, as before it existed.
class OneRowAMessageOrg final : public org::v1::OrgService::Service {
 public:
  grpc::Status StreamTree(grpc::ServerContext*, const org::v1::StreamTreeRequest*,
                          grpc::ServerWriter<org::v1::StreamTreeResponse>* writer) override {
    for (int64_t id : {1, 2, 3}) {
      org::v1::StreamTreeResponse response;
      response.mutable_node()->set_id(id);
      if (id == 3) response.mutable_leader()->set_member_id(30);
      writer->Write(response);
    }
    return grpc::Status::OK;
  }
  grpc::Status StreamMembers(grpc::ServerContext*, const org::v1::StreamMembersRequest*,
                             grpc::ServerWriter<org::v1::StreamMembersResponse>* writer) override {
    for (int64_t id : {10, 20}) {
      org::v1::StreamMembersResponse response;
      response.mutable_member()->set_id(id);
      writer->Write(response);
    }
    return grpc::Status::OK;
  }
};

TEST(OrgClientTest, StreamsFromAServerThatSendsOneRowAMessage) {
  OneRowAMessageOrg service;
  int port = 0;
  std::unique_ptr<grpc::Server> server =
      grpc::ServerBuilder()
          .AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port)
          .RegisterService(&service)
          .BuildAndStart();
  ASSERT_NE(server, nullptr);
  OrgClient client(
      grpc::CreateChannel("127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials()),
      auth::ServiceToken::Fixed("token"));
  std::vector<int64_t> nodes;
  std::vector<int64_t> leaders;
  ASSERT_TRUE(client
                  .StreamTree(1, false,
                              [&](org::v1::StreamTreeResponse& item) {
                                nodes.push_back(item.node().id());
                                leaders.push_back(item.has_leader() ? item.leader().member_id()
                                                                    : 0);
                              })
                  .ok());
  EXPECT_THAT(nodes, ElementsAre(1, 2, 3));
  EXPECT_THAT(leaders, ElementsAre(0, 0, 30));
  std::vector<int64_t> members;
  ASSERT_TRUE(
      client.StreamMembers(1, [&](org::v1::Member& member) { members.push_back(member.id()); })
          .ok());
  EXPECT_THAT(members, ElementsAre(10, 20));
  server->Shutdown();
}

}  // namespace
}  // namespace partygroup::clients
