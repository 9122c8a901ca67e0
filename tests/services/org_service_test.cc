// The org service through gRPC against the private MariaDB: every RPC, the rules of 第一条,
// 第二条, 第十条, 第十一条 and 第十三条 refused with their articles, findings where reality is only
// recorded, scope per role, idempotent retries, events.
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <grpcpp/generic/generic_stub.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "common/db/transaction.h"
#include "common/mutation/mutation.h"
#include "common/proto/convert.h"
#include "common/status/status_macros.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "partygroup/audit/v1/audit_service.grpc.pb.h"
#include "tests/services/org_test_util.h"
#include "tests/support/grpc_matchers.h"

namespace partygroup::org {
namespace {

using ::partygroup::testing::IsOk;
using ::partygroup::testing::MakeDate;
using ::partygroup::testing::NextRequestId;
using ::partygroup::testing::OrgClient;
using ::partygroup::testing::OrgServer;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using S = v1::OrgService::Stub;

using ::partygroup::testing::ErrorDetails;
using ::partygroup::testing::GrpcIs;
using ::partygroup::testing::GrpcOk;

// One node row of an ImportRecords stream (named 节点<id>).
v1::ImportRecordsRequest NodeRow(const std::string& request_id, v1::NodeKind kind,
                                 const std::string& id, const std::string& parent) {
  v1::ImportRecordsRequest request;
  request.set_request_id(request_id);
  v1::NodeRecord* node = request.mutable_record()->mutable_node();
  node->set_kind(kind);
  node->set_external_id(id);
  node->set_name("节点" + id);
  node->set_parent_external_id(parent);
  return request;
}

// The members StreamMembers sends under a node: name by external id.
std::map<std::string, std::string> StreamedMemberNames(OrgClient& caller, int64_t node_id) {
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + caller.token());
  v1::StreamMembersRequest request;
  request.set_node_id(node_id);
  auto reader = caller.stub().StreamMembers(&context, request);
  std::map<std::string, std::string> names;
  for (v1::StreamMembersResponse m; reader->Read(&m);) {
    names[m.member().external_id()] = m.member().name();
  }
  EXPECT_TRUE(reader->Finish().ok());
  return names;
}

class OrgServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new OrgServer(); }
  static void TearDownTestSuite() { delete server_; }

  OrgClient Admin() { return OrgClient(server_->port(), {"admin", auth::Role::kAdmin, 0}); }
  OrgClient As(auth::Role role, int64_t node, int64_t member = 0) {
    return OrgClient(server_->port(), {"user-" + std::to_string(node), role, node, member});
  }

  // The org server's audit trail checked against its chain, through the AuditService as the
  // committee's ADMIN reads it.
  mutation::AuditVerification VerifyAudit() {
    auto stub = audit::v1::AuditService::NewStub(testing::LocalChannel(server_->port()));
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + Admin().token());
    audit::v1::VerifyAuditLogResponse answer;
    EXPECT_THAT(stub->VerifyAuditLog(&context, {}, &answer), GrpcOk());
    mutation::AuditVerification verified;
    verified.intact = answer.intact();
    verified.rows_checked = answer.rows_checked();
    verified.rows_before_chain = answer.rows_before_chain();
    verified.first_bad_id = answer.first_bad_id();
    verified.problem = answer.problem();
    return verified;
  }

  int64_t CreateNode(int64_t parent, v1::NodeKind kind, const std::string& name) {
    v1::CreateNodeRequest request;
    request.set_request_id(NextRequestId());
    request.set_parent_id(parent);
    request.set_kind(kind);
    request.set_name(name);
    v1::CreateNodeResponse response;
    EXPECT_THAT(Admin().Call(&S::CreateNode, request, &response), GrpcOk());
    return response.node().id();
  }
  int64_t Unit() { return CreateNode(1, v1::NODE_KIND_UNIT, "市直单位党组"); }
  int64_t Branch(int64_t unit) { return CreateNode(unit, v1::NODE_KIND_BRANCH, "机关党支部"); }

  // A new formal member of `branch`, named `name`, under a fresh request id.
  static v1::CreateMemberRequest MemberRequest(int64_t branch, const std::string& name) {
    v1::CreateMemberRequest request;
    request.set_request_id(NextRequestId());
    request.set_branch_id(branch);
    request.set_name(name);
    request.set_status(v1::MEMBER_STATUS_FORMAL);
    return request;
  }

  int64_t Member(int64_t branch, bool formal = true, const std::string& phone = "13800000000") {
    v1::CreateMemberRequest request = MemberRequest(branch, formal ? "正式党员" : "预备党员");
    request.set_phone(phone);
    if (!formal) request.set_status(v1::MEMBER_STATUS_PROBATIONARY);
    v1::CreateMemberResponse response;
    EXPECT_THAT(Admin().Call(&S::CreateMember, request, &response), GrpcOk());
    return response.member().id();
  }
  std::vector<int64_t> Members(int64_t branch, int formal, int probationary = 0) {
    std::vector<int64_t> ids;
    for (int i = 0; i < formal; ++i) ids.push_back(Member(branch, true));
    for (int i = 0; i < probationary; ++i) ids.push_back(Member(branch, false));
    return ids;
  }

  v1::CreateGroupRequest GroupRequest(int64_t branch, const std::vector<int64_t>& members,
                                      common::v1::Date decided_on = MakeDate(2026, 3, 1)) {
    v1::CreateGroupRequest request;
    request.set_request_id(NextRequestId());
    request.set_branch_id(branch);
    request.set_name("第一党小组");
    for (int64_t id : members) request.add_member_ids(id);
    *request.mutable_decision()->mutable_decided_on() = decided_on;
    request.mutable_decision()->set_document_ref("机关党支〔2026〕1号");
    return request;
  }
  int64_t Group(int64_t branch, const std::vector<int64_t>& members) {
    v1::CreateGroupResponse response;
    EXPECT_THAT(Admin().Call(&S::CreateGroup, GroupRequest(branch, members), &response), GrpcOk());
    return response.group().node().id();
  }
  v1::AppointLeaderRequest Appointment(int64_t group, int64_t member) {
    v1::AppointLeaderRequest request;
    request.set_request_id(NextRequestId());
    request.set_group_id(group);
    request.set_member_id(member);
    request.set_method(v1::APPOINTMENT_METHOD_BRANCH_DESIGNATION);
    request.set_record_ref("机关党支〔2026〕2号");
    *request.mutable_appointed_on() = MakeDate(2026, 3, 2);
    return request;
  }
  std::vector<std::string> FindingCodes(int64_t node) {
    v1::ListFindingsRequest request;
    request.set_node_id(node);
    v1::ListFindingsResponse response;
    EXPECT_THAT(Admin().Call(&S::ListFindings, request, &response), GrpcOk());
    std::vector<std::string> codes;
    for (const auto& finding : response.findings()) codes.push_back(finding.code());
    return codes;
  }
  int ActiveChildren(int64_t node) {
    v1::ListNodesRequest request;
    request.set_parent_id(node);
    v1::ListNodesResponse response;
    EXPECT_THAT(Admin().Call(&S::ListNodes, request, &response), GrpcOk());
    return response.nodes_size();
  }

  static OrgServer* server_;
};
OrgServer* OrgServiceTest::server_ = nullptr;

// ---- the tree ----

TEST_F(OrgServiceTest, TreeIsBuiltReadRenamedAndPaged) {
  const int64_t unit = Unit();
  std::vector<int64_t> branches = {Branch(unit), Branch(unit), Branch(unit)};
  v1::GetNodeRequest get;
  get.set_id(branches[0]);
  v1::GetNodeResponse node;
  ASSERT_THAT(Admin().Call(&S::GetNode, get, &node), GrpcOk());
  EXPECT_EQ(node.node().kind(), v1::NODE_KIND_BRANCH);
  EXPECT_EQ(node.node().path(), absl::StrCat("/1/", unit, "/", branches[0], "/"));

  v1::ListNodesRequest list;
  list.set_parent_id(unit);
  list.set_page_size(2);
  v1::ListNodesResponse page1, page2;
  ASSERT_THAT(Admin().Call(&S::ListNodes, list, &page1), GrpcOk());
  ASSERT_EQ(page1.nodes_size(), 2);
  ASSERT_FALSE(page1.next_page_token().empty());
  list.set_page_token(page1.next_page_token());
  ASSERT_THAT(Admin().Call(&S::ListNodes, list, &page2), GrpcOk());
  ASSERT_EQ(page2.nodes_size(), 1);
  EXPECT_EQ(page2.nodes(0).id(), branches[2]);
  EXPECT_TRUE(page2.next_page_token().empty());

  v1::RenameNodeRequest rename;
  rename.set_request_id(NextRequestId());
  rename.set_id(branches[1]);
  rename.set_name("机关第二党支部");
  v1::RenameNodeResponse renamed;
  ASSERT_THAT(Admin().Call(&S::RenameNode, rename, &renamed), GrpcOk());
  EXPECT_EQ(renamed.node().name(), "机关第二党支部");
}

TEST_F(OrgServiceTest, NodesSitOnlyWhereTheTreeAllows) {
  const int64_t unit = Unit();
  v1::CreateNodeRequest request;
  request.set_request_id(NextRequestId());
  request.set_parent_id(Branch(unit));
  request.set_kind(v1::NODE_KIND_UNIT);
  request.set_name("错位的党组");
  v1::CreateNodeResponse response;
  EXPECT_THAT(Admin().Call(&S::CreateNode, request, &response),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "parent_id"));
  request.set_kind(v1::NODE_KIND_GROUP);
  EXPECT_THAT(Admin().Call(&S::CreateNode, request, &response),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "CreateGroup"));
  request.set_kind(v1::NODE_KIND_BRANCH);
  request.set_name("");
  EXPECT_THAT(Admin().Call(&S::CreateNode, request, &response),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "name"));
  request.set_name("支部");
  request.set_parent_id(999999);
  EXPECT_THAT(Admin().Call(&S::CreateNode, request, &response),
              GrpcIs(grpc::StatusCode::NOT_FOUND, "parent_id"));
  request.set_parent_id(unit);
  request.clear_request_id();
  EXPECT_THAT(Admin().Call(&S::CreateNode, request, &response),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "request_id"));
}

TEST_F(OrgServiceTest, MovingABranchCarriesItsGroupsAndMembers) {
  const int64_t from = Unit(), to = Unit();
  const int64_t branch = Branch(from);
  const std::vector<int64_t> members = Members(branch, 3);
  const int64_t group = Group(branch, members);
  v1::MoveNodeRequest move;
  move.set_request_id(NextRequestId());
  move.set_id(branch);
  move.set_new_parent_id(to);
  v1::MoveNodeResponse moved;
  ASSERT_THAT(Admin().Call(&S::MoveNode, move, &moved), GrpcOk());
  EXPECT_EQ(moved.node().path(), absl::StrCat("/1/", to, "/", branch, "/"));
  v1::ListMembersRequest list;
  list.set_node_id(to);
  v1::ListMembersResponse listed;
  ASSERT_THAT(Admin().Call(&S::ListMembers, list, &listed), GrpcOk());
  EXPECT_EQ(listed.members_size(), 3);
  v1::GetNodeRequest get;
  get.set_id(group);
  v1::GetNodeResponse node;
  ASSERT_THAT(Admin().Call(&S::GetNode, get, &node), GrpcOk());
  EXPECT_EQ(node.node().path(), absl::StrCat("/1/", to, "/", branch, "/", group, "/"));
  move.set_request_id(NextRequestId());
  move.set_id(to);
  move.set_new_parent_id(branch);
  EXPECT_THAT(Admin().Call(&S::MoveNode, move, &moved),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "under itself"));
}

TEST_F(OrgServiceTest, DissolvingKeepsHistoryAndNeedsAnEmptyNode) {
  const int64_t unit = Unit();
  const int64_t branch = Branch(unit);
  const int64_t member = Member(branch);
  v1::DissolveNodeRequest dissolve;
  dissolve.set_request_id(NextRequestId());
  dissolve.set_id(branch);
  v1::DissolveNodeResponse response;
  EXPECT_THAT(Admin().Call(&S::DissolveNode, dissolve, &response),
              GrpcIs(grpc::StatusCode::FAILED_PRECONDITION, "members"));
  v1::TransferMemberRequest transfer;
  transfer.set_request_id(NextRequestId());
  transfer.set_member_id(member);
  transfer.set_kind(v1::TRANSFER_KIND_OUT);
  *transfer.mutable_effective_on() = MakeDate(2026, 5, 1);
  v1::TransferMemberResponse transferred;
  ASSERT_THAT(Admin().Call(&S::TransferMember, transfer, &transferred), GrpcOk());
  dissolve.set_request_id(NextRequestId());
  ASSERT_THAT(Admin().Call(&S::DissolveNode, dissolve, &response), GrpcOk());
  EXPECT_EQ(response.node().status(), v1::NODE_STATUS_DISSOLVED);
  EXPECT_TRUE(response.node().has_dissolve_time());
  EXPECT_EQ(ActiveChildren(unit), 0);
  v1::ListNodesRequest list;
  list.set_parent_id(unit);
  list.set_include_dissolved(true);
  v1::ListNodesResponse all;
  ASSERT_THAT(Admin().Call(&S::ListNodes, list, &all), GrpcOk());
  EXPECT_EQ(all.nodes_size(), 1);  // history is kept
}

// ---- members ----

TEST_F(OrgServiceTest, MembersAreValidatedCreatedUpdatedAndHaveHistory) {
  const int64_t branch = Branch(Unit());
  v1::CreateMemberRequest request;
  request.set_request_id(NextRequestId());
  request.set_branch_id(branch);
  request.set_name("张三");
  v1::CreateMemberResponse created;
  EXPECT_THAT(Admin().Call(&S::CreateMember, request, &created),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "status"));
  request.set_status(v1::MEMBER_STATUS_PROBATIONARY);
  request.set_phone("call me");
  EXPECT_THAT(Admin().Call(&S::CreateMember, request, &created),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "phone"));
  request.set_phone("13912345678");
  *request.mutable_joined_party_on() = MakeDate(2025, 2, 30);
  EXPECT_THAT(Admin().Call(&S::CreateMember, request, &created),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "joined_party_on"));
  *request.mutable_joined_party_on() = MakeDate(2025, 7, 1);
  ASSERT_THAT(Admin().Call(&S::CreateMember, request, &created), GrpcOk());
  EXPECT_EQ(created.member().status(), v1::MEMBER_STATUS_PROBATIONARY);

  v1::UpdateMemberRequest update;
  update.set_request_id(NextRequestId());
  update.set_id(created.member().id());
  update.set_status(v1::MEMBER_STATUS_FORMAL);
  v1::UpdateMemberResponse updated;
  EXPECT_THAT(Admin().Call(&S::UpdateMember, update, &updated),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "became_formal_on"));
  *update.mutable_became_formal_on() = MakeDate(2026, 7, 1);
  ASSERT_THAT(Admin().Call(&S::UpdateMember, update, &updated), GrpcOk());
  EXPECT_EQ(updated.member().status(), v1::MEMBER_STATUS_FORMAL);
  update.set_request_id(NextRequestId());
  update.set_status(v1::MEMBER_STATUS_PROBATIONARY);
  EXPECT_THAT(Admin().Call(&S::UpdateMember, update, &updated),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "status"));

  v1::ListMemberHistoryRequest history;
  history.set_member_id(created.member().id());
  v1::ListMemberHistoryResponse entries;
  ASSERT_THAT(Admin().Call(&S::ListMemberHistory, history, &entries), GrpcOk());
  std::vector<std::string> kinds;
  for (const auto& entry : entries.entries()) kinds.push_back(entry.kind());
  EXPECT_THAT(kinds, ElementsAre("CREATED", "BECAME_FORMAL"));
}

TEST_F(OrgServiceTest, ActivistsAreRecordedWithoutBeingMembers) {
  const int64_t branch = Branch(Unit());
  v1::CreateActivistRequest request;
  request.set_request_id(NextRequestId());
  request.set_name("李四");
  request.set_kind(v1::ACTIVIST_KIND_CANDIDATE);
  request.set_branch_id(branch);
  v1::CreateActivistResponse created;
  ASSERT_THAT(Admin().Call(&S::CreateActivist, request, &created), GrpcOk());
  v1::ListActivistsRequest list;
  list.set_branch_id(branch);
  v1::ListActivistsResponse listed;
  ASSERT_THAT(Admin().Call(&S::ListActivists, list, &listed), GrpcOk());
  ASSERT_EQ(listed.activists_size(), 1);
  EXPECT_EQ(listed.activists(0).kind(), v1::ACTIVIST_KIND_CANDIDATE);
  v1::ListMembersRequest members;
  members.set_node_id(branch);
  v1::ListMembersResponse none;
  ASSERT_THAT(Admin().Call(&S::ListMembers, members, &none), GrpcOk());
  EXPECT_EQ(none.members_size(), 0);
}

// ---- groups: 第一条, 第二条 ----

TEST_F(OrgServiceTest, GetGroupAnswersTheGroupItsLeaderAndItsMembersInOneRead) {
  const int64_t branch = Branch(Unit());
  const std::vector<int64_t> members = Members(branch, 3, 1);
  const int64_t group = Group(branch, members);
  v1::GetGroupRequest get;
  get.set_id(group);
  v1::GetGroupResponse before;
  ASSERT_THAT(Admin().Call(&S::GetGroup, get, &before), GrpcOk());
  EXPECT_FALSE(before.group().has_leader());
  EXPECT_EQ(before.group().branch_id(), branch);

  v1::AppointLeaderResponse appointed;
  ASSERT_THAT(Admin().Call(&S::AppointLeader, Appointment(group, members[1]), &appointed),
              GrpcOk());
  v1::GetGroupResponse after;
  ASSERT_THAT(Admin().Call(&S::GetGroup, get, &after), GrpcOk());
  ASSERT_TRUE(after.group().has_leader());
  EXPECT_EQ(after.group().leader().member_id(), members[1]);
  EXPECT_EQ(after.group().leader().record_ref(), "机关党支〔2026〕2号");
  std::vector<int64_t> ids;
  for (const v1::Member& member : after.group().members()) ids.push_back(member.id());
  EXPECT_EQ(ids, members);  // in id order, each once although the leader is joined in too
  EXPECT_EQ(after.group().members(3).status(), v1::MEMBER_STATUS_PROBATIONARY);

  get.set_id(branch);
  EXPECT_THAT(Admin().Call(&S::GetGroup, get, &after),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "is not a group"));
  get.set_id(group + 100000);
  EXPECT_THAT(Admin().Call(&S::GetGroup, get, &after), GrpcIs(grpc::StatusCode::NOT_FOUND, ""));
}

TEST_F(OrgServiceTest, ARuleRefusalCarriesTheRuleItsArticleAndTheSubjectAsDetails) {
  const int64_t branch = Branch(Unit());
  v1::CreateGroupResponse response;
  const grpc::Status refused =
      Admin().Call(&S::CreateGroup, GroupRequest(branch, Members(branch, 2)), &response);
  ASSERT_THAT(refused, GrpcIs(grpc::StatusCode::FAILED_PRECONDITION, "GROUP_TOO_SMALL"));
  const auto infos = ErrorDetails<google::rpc::ErrorInfo>(refused);
  ASSERT_EQ(infos.size(), 1u);
  EXPECT_EQ(infos[0].reason(), "GROUP_TOO_SMALL");
  EXPECT_EQ(infos[0].domain(), "partygroup");
  EXPECT_EQ(infos[0].metadata().at("article"), "第一条");
  EXPECT_EQ(infos[0].metadata().at("basis"), "REGULATION");
  const auto failures = ErrorDetails<google::rpc::PreconditionFailure>(refused);
  ASSERT_EQ(failures.size(), 1u);
  ASSERT_GE(failures[0].violations_size(), 1);
  EXPECT_EQ(failures[0].violations(0).type(), "GROUP_TOO_SMALL");
  EXPECT_THAT(failures[0].violations(0).subject(), ::testing::StartsWith("group:"));
}

TEST_F(OrgServiceTest, BadFieldsAreRefusedByTheValidationLayerNamingTheField) {
  const int64_t branch = Branch(Unit());
  v1::CreateMemberRequest request = MemberRequest(branch, "李四");
  request.set_status(static_cast<v1::MemberStatus>(9));  // a number the proto does not declare
  v1::CreateMemberResponse response;
  grpc::Status refused = Admin().Call(&S::CreateMember, request, &response);
  ASSERT_THAT(refused, GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "status: 9 is not a value"));
  auto bad = ErrorDetails<google::rpc::BadRequest>(refused);
  ASSERT_EQ(bad.size(), 1u);
  ASSERT_EQ(bad[0].field_violations_size(), 1);
  EXPECT_EQ(bad[0].field_violations(0).field(), "status");
  EXPECT_EQ(ErrorDetails<google::rpc::ErrorInfo>(refused).at(0).reason(), "INVALID_FIELD");

  request.set_status(v1::MEMBER_STATUS_FORMAL);
  request.set_name(" \xE3\x80\x80 ");  // spaces, one of them ideographic
  EXPECT_THAT(Admin().Call(&S::CreateMember, request, &response),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "name: required"));
  request.set_name(std::string(101, 'a'));
  EXPECT_THAT(Admin().Call(&S::CreateMember, request, &response),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "name: at most 100 characters"));
  // 100 characters of three bytes each fill the column exactly: stored and read back whole.
  std::string hundred;
  for (int i = 0; i < 100; ++i) hundred += "党";
  request.set_name(hundred);
  ASSERT_THAT(Admin().Call(&S::CreateMember, request, &response), GrpcOk());
  v1::GetMemberRequest get;
  get.set_id(response.member().id());
  v1::GetMemberResponse got;
  ASSERT_THAT(Admin().Call(&S::GetMember, get, &got), GrpcOk());
  EXPECT_EQ(got.member().name(), hundred);
}

// Sends `body` as the request of `method` as it is, unparsed: what a broken or hostile client
// sends.
grpc::Status SendRawBytes(int port, const std::string& method, const std::string& body,
                          const std::string& token) {
  grpc::GenericStub stub(testing::LocalChannel(port));
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
  if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
  grpc::Slice slice(body);
  grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  absl::Notification done;
  grpc::Status status;
  stub.UnaryCall(&context, method, grpc::StubOptions(), &request, &response,
                 [&](grpc::Status answer) {
                   status = std::move(answer);
                   done.Notify();
                 });
  done.WaitForNotification();
  return status;
}

TEST_F(OrgServiceTest, ARequestThatDoesNotParseIsInvalidArgumentAfterTheTokenCheck) {
  const std::string create = "/partygroup.org.v1.OrgService/CreateNode";
  // Field 4 (name, a string) with two bytes that are not UTF-8; then a length past the end.
  const std::string not_utf8 = std::string("\x22\x02\xC3\x28", 4);
  const std::string truncated = std::string(
      "\x22\x10"
      "abc",
      5);
  for (const std::string& body : {not_utf8, truncated, std::string("\xff\xff\xff\xff")}) {
    const grpc::Status refused = SendRawBytes(server_->port(), create, body, Admin().token());
    EXPECT_THAT(refused, GrpcIs(grpc::StatusCode::INVALID_ARGUMENT,
                                "request: not a valid partygroup.org.v1.CreateNodeRequest"));
    EXPECT_EQ(ErrorDetails<google::rpc::BadRequest>(refused).at(0).field_violations(0).field(),
              "request");
    // Without a token the caller learns nothing about the method: UNAUTHENTICATED first.
    EXPECT_THAT(SendRawBytes(server_->port(), create, body, ""),
                GrpcIs(grpc::StatusCode::UNAUTHENTICATED, ""));
  }
  EXPECT_THAT(SendRawBytes(server_->port(), "/partygroup.audit.v1.AuditService/ListAuditRecords",
                           truncated, Admin().token()),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "request: not a valid"));
  // A well-formed body still reaches the service (and its validation) through the gate.
  v1::CreateNodeRequest request;
  request.set_request_id(NextRequestId());
  request.set_parent_id(1);
  request.set_kind(static_cast<v1::NodeKind>(42));
  request.set_name("单位");
  EXPECT_THAT(SendRawBytes(server_->port(), create, request.SerializeAsString(), Admin().token()),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "kind: 42 is not a value of NodeKind"));
}

TEST_F(OrgServiceTest, ADuplicateIsNamedInTheSuitesWords) {
  const int64_t branch = Branch(Unit());
  v1::CreateMemberRequest request = MemberRequest(branch, "王五");
  request.set_external_id(NextRequestId());
  v1::CreateMemberResponse response;
  ASSERT_THAT(Admin().Call(&S::CreateMember, request, &response), GrpcOk());
  request.set_request_id(NextRequestId());  // a new request with the same external_id
  const grpc::Status duplicate = Admin().Call(&S::CreateMember, request, &response);
  EXPECT_THAT(duplicate, GrpcIs(grpc::StatusCode::ALREADY_EXISTS,
                                "a member with this external_id exists already (" +
                                    request.external_id() + ")"));
  EXPECT_THAT(duplicate.error_message(), ::testing::Not(HasSubstr("Duplicate entry")));
  EXPECT_THAT(duplicate.error_message(), ::testing::Not(HasSubstr("MySQL")));
}

TEST_F(OrgServiceTest, GroupBelowThreeMembersIsRefusedAndNothingIsWritten) {
  const int64_t branch = Branch(Unit());
  const std::vector<int64_t> two = Members(branch, 2);
  v1::CreateGroupResponse response;
  EXPECT_THAT(Admin().Call(&S::CreateGroup, GroupRequest(branch, two), &response),
              GrpcIs(grpc::StatusCode::FAILED_PRECONDITION, "GROUP_TOO_SMALL (第一条)"));
  EXPECT_EQ(ActiveChildren(branch), 0);
  v1::ListFilingsRequest filings;
  filings.set_node_id(branch);
  v1::ListFilingsResponse listed;
  ASSERT_THAT(Admin().Call(&S::ListFilings, filings, &listed), GrpcOk());
  EXPECT_EQ(listed.filings_size(), 0);
}

TEST_F(OrgServiceTest, GroupWithoutAFormalMemberIsRefused) {
  const int64_t branch = Branch(Unit());
  v1::CreateGroupResponse response;
  EXPECT_THAT(Admin().Call(&S::CreateGroup, GroupRequest(branch, Members(branch, 0, 3)), &response),
              GrpcIs(grpc::StatusCode::FAILED_PRECONDITION, "GROUP_NO_FORMAL_MEMBER (第一条)"));
}

TEST_F(OrgServiceTest, GroupChangeNeedsABranchDecision) {
  const int64_t branch = Branch(Unit());
  v1::CreateGroupRequest request = GroupRequest(branch, Members(branch, 3));
  request.clear_decision();
  v1::CreateGroupResponse response;
  EXPECT_THAT(
      Admin().Call(&S::CreateGroup, request, &response),
      GrpcIs(grpc::StatusCode::FAILED_PRECONDITION, "GROUP_CHANGE_WITHOUT_DECISION (第二条)"));
  request.mutable_decision()->set_document_ref("");
  *request.mutable_decision()->mutable_decided_on() = MakeDate(2026, 3, 1);
  EXPECT_THAT(Admin().Call(&S::CreateGroup, request, &response),
              GrpcIs(grpc::StatusCode::FAILED_PRECONDITION, "第二条"));
  *request.mutable_decision()->mutable_decided_on() = MakeDate(2026, 13, 1);
  EXPECT_THAT(Admin().Call(&S::CreateGroup, request, &response),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "decision.decided_on"));
}

// 本委政策: version 1 is the defaults; an ADMIN creates the next with every setting; none is
// edited; every role reads them; the filing deadline of a new group change follows the current
// version. (The one test here that changes the policy: it restores the defaults as it ends.)
TEST_F(OrgServiceTest, ThePolicyIsVersionedDataOfTheCommittee) {
  OrgClient member = As(auth::Role::kMember, 1, 1);
  v1::GetPolicyRequest current;
  v1::GetPolicyResponse got;
  ASSERT_THAT(member.Call(&S::GetPolicy, current, &got), GrpcOk());
  EXPECT_EQ(got.policy().version(), 1);
  EXPECT_EQ(got.policy().filing_deadline_days(), 30);
  EXPECT_EQ(got.policy().evaluation_report_days(), 15);
  EXPECT_EQ(got.policy().annual_report_month(), 12);
  EXPECT_EQ(got.policy().annual_report_day(), 31);
  EXPECT_TRUE(got.policy().probationary_members_in_mutual_evaluation());
  EXPECT_EQ(got.policy().branch_members_per_group_most(), 30);
  EXPECT_EQ(got.policy().member_absent_months(), 6);
  EXPECT_THAT(got.policy().rules_off(), IsEmpty());
  const v1::Policy defaults = got.policy();

  v1::CreatePolicyRequest create;
  create.set_request_id(NextRequestId());
  *create.mutable_policy() = defaults;
  create.mutable_policy()->set_filing_deadline_days(10);
  create.mutable_policy()->add_rules_off("TALK_COVERAGE");
  create.mutable_policy()->set_document_ref("娄直工委〔2026〕3号");
  v1::CreatePolicyResponse created;
  EXPECT_THAT(As(auth::Role::kUnitAdmin, 1).Call(&S::CreatePolicy, create, &created),
              GrpcIs(grpc::StatusCode::PERMISSION_DENIED, "ADMIN"));
  // Settings that make no sense are refused, naming the setting.
  auto refused = [&](const std::function<void(v1::Policy&)>& change, const std::string& what) {
    v1::CreatePolicyRequest bad = create;
    bad.set_request_id(NextRequestId());
    change(*bad.mutable_policy());
    v1::CreatePolicyResponse ignored;
    EXPECT_THAT(Admin().Call(&S::CreatePolicy, bad, &ignored),
                GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, what));
  };
  refused([](v1::Policy& p) { p.set_filing_deadline_days(0); }, "policy.filing_deadline_days");
  refused([](v1::Policy& p) { p.set_leader_talks_per_member_per_year(0); },
          "policy.leader_talks_per_member_per_year");
  refused([](v1::Policy& p) { p.set_annual_report_month(2), p.set_annual_report_day(29); },
          "policy.annual_report_day");
  // The regulation's own rules cannot be switched off.
  refused([](v1::Policy& p) { p.add_rules_off("GROUP_TOO_SMALL"); },
          "policy.rules_off: GROUP_TOO_SMALL is drawn by 第一条");
  refused([](v1::Policy& p) { p.add_rules_off("NO_SUCH_RULE"); }, "policy.rules_off");

  ASSERT_THAT(Admin().Call(&S::CreatePolicy, create, &created), GrpcOk());
  const int64_t version = created.policy().version();
  EXPECT_GE(version, 2);
  EXPECT_EQ(created.policy().filing_deadline_days(), 10);
  EXPECT_EQ(created.policy().member_absent_months(), 6);  // as given, every setting kept
  EXPECT_THAT(created.policy().rules_off(), ElementsAre("TALK_COVERAGE"));
  EXPECT_EQ(created.policy().created_by(), "admin");
  EXPECT_TRUE(created.policy().has_create_time());
  // A retry is the same version, not another.
  v1::CreatePolicyResponse retried;
  ASSERT_THAT(Admin().Call(&S::CreatePolicy, create, &retried), GrpcOk());
  EXPECT_EQ(retried.policy().version(), version);

  ASSERT_THAT(member.Call(&S::GetPolicy, current, &got), GrpcOk());
  EXPECT_EQ(got.policy().version(), version);
  EXPECT_EQ(got.policy().document_ref(), "娄直工委〔2026〕3号");
  v1::GetPolicyRequest first;
  first.set_version(1);
  ASSERT_THAT(member.Call(&S::GetPolicy, first, &got), GrpcOk());
  EXPECT_EQ(got.policy().filing_deadline_days(), 30);  // the defaults never change
  v1::GetPolicyRequest unknown;
  unknown.set_version(version + 100);
  EXPECT_THAT(member.Call(&S::GetPolicy, unknown, &got),
              GrpcIs(grpc::StatusCode::NOT_FOUND, "policy version"));

  // A branch decision now opens its filing due under the current version: 10 days.
  const int64_t branch = Branch(Unit());
  v1::CreateGroupResponse group;
  ASSERT_THAT(Admin().Call(&S::CreateGroup,
                           GroupRequest(branch, Members(branch, 3), MakeDate(2026, 3, 1)), &group),
              GrpcOk());
  EXPECT_EQ(group.filing().due_on().month(), 3);
  EXPECT_EQ(group.filing().due_on().day(), 11);
  // ... and its findings say the number is the committee's, not the regulation's.
  v1::ListFindingsRequest findings_request;
  findings_request.set_node_id(branch);
  v1::ListFindingsResponse findings;
  ASSERT_THAT(Admin().Call(&S::ListFindings, findings_request, &findings), GrpcOk());
  bool overdue_found = false;
  for (const common::v1::RuleFinding& finding : findings.findings()) {
    if (finding.code() != "FILING_OVERDUE") continue;
    overdue_found = true;
    EXPECT_EQ(finding.basis(), common::v1::RULE_BASIS_LOCAL_POLICY);
    EXPECT_EQ(finding.source(), "本委政策");
    EXPECT_THAT(finding.message(), HasSubstr("超过本委设定的10日期限"));
  }
  EXPECT_TRUE(overdue_found);

  // Restored as a new version: versions only ever follow each other.
  v1::CreatePolicyRequest restore;
  restore.set_request_id(NextRequestId());
  *restore.mutable_policy() = defaults;
  ASSERT_THAT(Admin().Call(&S::CreatePolicy, restore, &created), GrpcOk());
  EXPECT_EQ(created.policy().version(), version + 1);
  v1::ListPoliciesRequest list;
  list.set_page_size(1);
  v1::ListPoliciesResponse page;
  std::vector<int64_t> versions;
  do {
    ASSERT_THAT(member.Call(&S::ListPolicies, list, &page), GrpcOk());
    for (const v1::Policy& policy : page.policies()) versions.push_back(policy.version());
    list.set_page_token(page.next_page_token());
  } while (!page.next_page_token().empty());
  ASSERT_GE(versions.size(), 3u);
  EXPECT_EQ(versions[0], version + 1);
  EXPECT_EQ(versions[1], version);
  EXPECT_EQ(versions.back(), 1);
}

TEST_F(OrgServiceTest, GroupIsCreatedWithItsMembersAndAFilingDueInThirtyDays) {
  const int64_t unit = Unit();
  const int64_t branch = Branch(unit);
  const std::vector<int64_t> members = Members(branch, 2, 1);
  v1::CreateGroupResponse response;
  ASSERT_THAT(
      Admin().Call(&S::CreateGroup, GroupRequest(branch, members, MakeDate(2026, 3, 1)), &response),
      GrpcOk());
  EXPECT_EQ(response.group().members_size(), 3);
  EXPECT_EQ(response.group().branch_id(), branch);
  EXPECT_EQ(response.group().created_on().month(), 3);
  EXPECT_EQ(response.filing().status(), v1::FILING_STATUS_PENDING);
  EXPECT_EQ(response.filing().change(), v1::GROUP_CHANGE_KIND_CREATE);
  EXPECT_EQ(response.filing().due_on().month(), 3);
  EXPECT_EQ(response.filing().due_on().day(), 31);

  v1::CheckMembershipRequest check;
  check.set_member_id(members[0]);
  check.set_group_id(response.group().node().id());
  v1::CheckMembershipResponse membership;
  ASSERT_THAT(Admin().Call(&S::CheckMembership, check, &membership), GrpcOk());
  EXPECT_TRUE(membership.is_member());
  EXPECT_FALSE(membership.is_leader());

  v1::RecordFilingRequest record;
  record.set_request_id(NextRequestId());
  record.set_filing_id(response.filing().id());
  *record.mutable_filed_on() = MakeDate(2026, 3, 20);
  v1::RecordFilingResponse filed;
  // 第二条 报上级党组织备案: the branch that decided cannot certify its own filing; its superior
  // (the unit) records it.
  EXPECT_THAT(As(auth::Role::kBranchSecretary, branch).Call(&S::RecordFiling, record, &filed),
              GrpcIs(grpc::StatusCode::PERMISSION_DENIED, "第二条"));
  ASSERT_THAT(As(auth::Role::kUnitAdmin, unit).Call(&S::RecordFiling, record, &filed), GrpcOk());
  EXPECT_EQ(filed.filing().status(), v1::FILING_STATUS_FILED);
  record.set_request_id(NextRequestId());
  EXPECT_THAT(Admin().Call(&S::RecordFiling, record, &filed),
              GrpcIs(grpc::StatusCode::FAILED_PRECONDITION, "already"));
}

TEST_F(OrgServiceTest, AdjustmentsKeepEveryGroupWithinTheMinimums) {
  const int64_t branch = Branch(Unit());
  const std::vector<int64_t> first = Members(branch, 3);
  const std::vector<int64_t> second = Members(branch, 4);
  const int64_t group_a = Group(branch, first);
  const int64_t group_b = Group(branch, second);

  v1::AdjustGroupRequest adjust;
  adjust.set_request_id(NextRequestId());
  adjust.set_group_id(group_a);
  adjust.add_remove_member_ids(first[0]);
  *adjust.mutable_decision()->mutable_decided_on() = MakeDate(2026, 4, 1);
  adjust.mutable_decision()->set_document_ref("机关党支〔2026〕5号");
  v1::AdjustGroupResponse adjusted;
  EXPECT_THAT(Admin().Call(&S::AdjustGroup, adjust, &adjusted),
              GrpcIs(grpc::StatusCode::FAILED_PRECONDITION, "GROUP_TOO_SMALL (第一条)"));

  // Taking two of group B's four into A leaves B with two: refused, naming B's shortfall.
  adjust.set_request_id(NextRequestId());
  adjust.clear_remove_member_ids();
  adjust.add_add_member_ids(second[0]);
  adjust.add_add_member_ids(second[1]);
  EXPECT_THAT(Admin().Call(&S::AdjustGroup, adjust, &adjusted),
              GrpcIs(grpc::StatusCode::FAILED_PRECONDITION, "调整后为2名"));

  // One of them is fine: A has four, B three.
  adjust.set_request_id(NextRequestId());
  adjust.clear_add_member_ids();
  adjust.add_add_member_ids(second[0]);
  ASSERT_THAT(Admin().Call(&S::AdjustGroup, adjust, &adjusted), GrpcOk());
  EXPECT_EQ(adjusted.group().members_size(), 4);
  v1::GetGroupRequest get;
  get.set_id(group_b);
  v1::GetGroupResponse b;
  ASSERT_THAT(Admin().Call(&S::GetGroup, get, &b), GrpcOk());
  EXPECT_EQ(b.group().members_size(), 3);

  v1::DissolveGroupRequest dissolve;
  dissolve.set_request_id(NextRequestId());
  dissolve.set_group_id(group_b);
  v1::DissolveGroupResponse dissolved;
  EXPECT_THAT(Admin().Call(&S::DissolveGroup, dissolve, &dissolved),
              GrpcIs(grpc::StatusCode::FAILED_PRECONDITION, "第二条"));
  dissolve.set_request_id(NextRequestId());
  *dissolve.mutable_decision() = adjust.decision();
  ASSERT_THAT(Admin().Call(&S::DissolveGroup, dissolve, &dissolved), GrpcOk());
  EXPECT_EQ(dissolved.group().node().status(), v1::NODE_STATUS_DISSOLVED);
  EXPECT_EQ(dissolved.filing().change(), v1::GROUP_CHANGE_KIND_DISSOLVE);
  v1::GetMemberRequest member;
  member.set_id(second[1]);
  v1::GetMemberResponse ungrouped;
  ASSERT_THAT(Admin().Call(&S::GetMember, member, &ungrouped), GrpcOk());
  EXPECT_EQ(ungrouped.member().group_id(), 0);
}

// ---- leaders: 第十条, 第十一条, 第十三条 ----

TEST_F(OrgServiceTest, OnlyAFormalMemberOfTheGroupIsAppointedAndTheMethodIsRecorded) {
  const int64_t branch = Branch(Unit());
  const std::vector<int64_t> members = Members(branch, 2, 1);
  const int64_t outsider = Member(branch);
  const int64_t group = Group(branch, members);
  v1::AppointLeaderResponse response;
  EXPECT_THAT(Admin().Call(&S::AppointLeader, Appointment(group, members[2]), &response),
              GrpcIs(grpc::StatusCode::FAILED_PRECONDITION, "LEADER_NOT_FORMAL (第十条)"));
  EXPECT_THAT(Admin().Call(&S::AppointLeader, Appointment(group, outsider), &response),
              GrpcIs(grpc::StatusCode::FAILED_PRECONDITION,
                     "LEADER_NOT_GROUP_MEMBER (第十一条、第十二条)"));
  v1::AppointLeaderRequest no_method = Appointment(group, members[0]);
  no_method.set_method(v1::APPOINTMENT_METHOD_UNSPECIFIED);
  EXPECT_THAT(
      Admin().Call(&S::AppointLeader, no_method, &response),
      GrpcIs(grpc::StatusCode::FAILED_PRECONDITION, "LEADER_APPOINTMENT_METHOD (第十一条)"));
  v1::AppointLeaderRequest recommended = Appointment(group, members[0]);
  recommended.set_method(v1::APPOINTMENT_METHOD_MEMBER_RECOMMENDATION);
  recommended.set_record_ref("党小组推荐会议记录 2026-03-02");
  ASSERT_THAT(Admin().Call(&S::AppointLeader, recommended, &response), GrpcOk());
  EXPECT_EQ(response.term().member_id(), members[0]);
  EXPECT_EQ(response.term().method(), v1::APPOINTMENT_METHOD_MEMBER_RECOMMENDATION);
  EXPECT_THAT(Admin().Call(&S::AppointLeader, Appointment(group, members[1]), &response),
              GrpcIs(grpc::StatusCode::FAILED_PRECONDITION, "ReplaceLeader (第十三条)"));
}

TEST_F(OrgServiceTest, LeadersAreAdmonishedAndReplacedByTheBranchWithHistory) {
  const int64_t branch = Branch(Unit());
  const std::vector<int64_t> members = Members(branch, 3);
  const int64_t group = Group(branch, members);
  v1::AppointLeaderResponse appointed;
  ASSERT_THAT(Admin().Call(&S::AppointLeader, Appointment(group, members[0]), &appointed),
              GrpcOk());

  v1::AdmonishLeaderRequest admonish;
  admonish.set_request_id(NextRequestId());
  admonish.set_group_id(group);
  v1::AdmonishLeaderResponse admonished;
  EXPECT_THAT(Admin().Call(&S::AdmonishLeader, admonish, &admonished),
              GrpcIs(grpc::StatusCode::FAILED_PRECONDITION, "ADMONITION_INCOMPLETE (第十三条)"));
  admonish.set_request_id(NextRequestId());
  *admonish.mutable_date() = MakeDate(2026, 6, 3);
  admonish.set_reason("连续两个月未召开党小组会");
  admonish.set_admonished_by("支部书记王五");
  ASSERT_THAT(Admin().Call(&S::AdmonishLeader, admonish, &admonished), GrpcOk());

  v1::ReplaceLeaderRequest replace;
  replace.set_request_id(NextRequestId());
  replace.set_group_id(group);
  replace.set_member_id(members[1]);
  replace.set_method(v1::APPOINTMENT_METHOD_BRANCH_DESIGNATION);
  replace.set_record_ref("机关党支〔2026〕9号");
  *replace.mutable_appointed_on() = MakeDate(2026, 7, 1);
  v1::ReplaceLeaderResponse replaced;
  EXPECT_THAT(Admin().Call(&S::ReplaceLeader, replace, &replaced),
              GrpcIs(grpc::StatusCode::FAILED_PRECONDITION,
                     "LEADER_REPLACEMENT_WITHOUT_DECISION (第十三条)"));
  replace.set_request_id(NextRequestId());
  *replace.mutable_decision()->mutable_decided_on() = MakeDate(2026, 6, 30);
  replace.mutable_decision()->set_document_ref("机关党支〔2026〕9号");
  ASSERT_THAT(Admin().Call(&S::ReplaceLeader, replace, &replaced), GrpcOk());

  v1::ListLeaderTermsRequest terms;
  terms.set_group_id(group);
  v1::ListLeaderTermsResponse history;
  ASSERT_THAT(Admin().Call(&S::ListLeaderTerms, terms, &history), GrpcOk());
  ASSERT_EQ(history.terms_size(), 2);
  EXPECT_EQ(history.terms(0).member_id(), members[0]);
  EXPECT_EQ(history.terms(0).ended_on().month(), 7);
  EXPECT_FALSE(history.terms(1).has_ended_on());
  ASSERT_EQ(history.admonitions_size(), 1);
  EXPECT_EQ(history.admonitions(0).reason(), "连续两个月未召开党小组会");
}

// ---- findings: reality recorded ----

TEST_F(OrgServiceTest, TransferOutThatLeavesAGroupShortIsRecordedAsFindings) {
  const int64_t branch = Branch(Unit());
  const std::vector<int64_t> members = Members(branch, 3);
  const int64_t group = Group(branch, members);
  v1::AppointLeaderResponse appointed;
  ASSERT_THAT(Admin().Call(&S::AppointLeader, Appointment(group, members[0]), &appointed),
              GrpcOk());
  v1::TransferMemberRequest transfer;
  transfer.set_request_id(NextRequestId());
  transfer.set_member_id(members[0]);
  transfer.set_kind(v1::TRANSFER_KIND_OUT);
  *transfer.mutable_effective_on() = MakeDate(2026, 8, 1);
  transfer.set_reason("调离娄底");
  v1::TransferMemberResponse response;
  ASSERT_THAT(Admin().Call(&S::TransferMember, transfer, &response), GrpcOk());
  EXPECT_EQ(response.member().state(), v1::MEMBER_STATE_TRANSFERRED_OUT);
  std::vector<std::string> codes;
  for (const auto& finding : response.findings()) {
    codes.push_back(finding.code());
    EXPECT_EQ(finding.severity(), common::v1::SEVERITY_FINDING);
  }
  EXPECT_THAT(codes, ElementsAre("GROUP_TOO_SMALL", "GROUP_WITHOUT_LEADER"));
  EXPECT_EQ(response.findings(0).article(), "第一条");
  EXPECT_EQ(response.findings(1).article(), "第十一条、第十三条");
  EXPECT_EQ(response.findings(1).basis(), common::v1::RULE_BASIS_NATIONAL_RULE);
  const std::vector<std::string> open = FindingCodes(branch);
  EXPECT_THAT(open, ::testing::IsSupersetOf({"GROUP_TOO_SMALL", "GROUP_WITHOUT_LEADER"}));
}

TEST_F(OrgServiceTest, AMemberMovesToAnotherBranchLeavingTheirGroup) {
  const int64_t unit = Unit();
  const int64_t from = Branch(unit), to = Branch(unit);
  const std::vector<int64_t> members = Members(from, 4);
  const int64_t group = Group(from, members);
  v1::TransferMemberRequest transfer;
  transfer.set_request_id(NextRequestId());
  transfer.set_member_id(members[3]);
  transfer.set_kind(v1::TRANSFER_KIND_TO_BRANCH);
  transfer.set_to_branch_id(to);
  *transfer.mutable_effective_on() = MakeDate(2026, 9, 1);
  v1::TransferMemberResponse response;
  ASSERT_THAT(Admin().Call(&S::TransferMember, transfer, &response), GrpcOk());
  EXPECT_EQ(response.member().branch_id(), to);
  EXPECT_EQ(response.member().group_id(), 0);
  EXPECT_EQ(response.member().state(), v1::MEMBER_STATE_ACTIVE);
  // The group keeps three members: nothing falls short, but it has no leader yet.
  std::vector<std::string> codes;
  for (const auto& finding : response.findings()) codes.push_back(finding.code());
  EXPECT_THAT(codes, ElementsAre("GROUP_WITHOUT_LEADER"));
  v1::GetGroupRequest get;
  get.set_id(group);
  v1::GetGroupResponse remaining;
  ASSERT_THAT(Admin().Call(&S::GetGroup, get, &remaining), GrpcOk());
  EXPECT_EQ(remaining.group().members_size(), 3);
  v1::ListMemberHistoryRequest history;
  history.set_member_id(members[3]);
  v1::ListMemberHistoryResponse entries;
  ASSERT_THAT(Admin().Call(&S::ListMemberHistory, history, &entries), GrpcOk());
  std::vector<std::string> kinds;
  for (const auto& entry : entries.entries()) kinds.push_back(entry.kind());
  EXPECT_THAT(kinds, ElementsAre("CREATED", "JOINED_GROUP", "LEFT_GROUP", "TRANSFERRED_TO_BRANCH"));
  transfer.set_request_id(NextRequestId());
  EXPECT_THAT(Admin().Call(&S::TransferMember, transfer, &response),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "to_branch_id"));
}

TEST_F(OrgServiceTest, BranchesOfTwentyMembersOrMoreWithoutGroupsAreFound) {
  const int64_t unit = Unit();
  const int64_t nineteen = Branch(unit), twenty = Branch(unit);
  Members(nineteen, 19);
  Members(twenty, 20);
  EXPECT_THAT(FindingCodes(nineteen), IsEmpty());
  v1::ListFindingsRequest request;
  request.set_node_id(twenty);
  v1::ListFindingsResponse response;
  ASSERT_THAT(Admin().Call(&S::ListFindings, request, &response), GrpcOk());
  ASSERT_EQ(response.findings_size(), 1);
  EXPECT_EQ(response.findings(0).code(), "BRANCH_SHOULD_HAVE_GROUPS");
  EXPECT_EQ(response.findings(0).article(), "第一条、第十四条");
  EXPECT_EQ(response.findings(0).branch_id(), twenty);
}

TEST_F(OrgServiceTest, AFilingOverdueIsFoundUntilItIsFiled) {
  const int64_t branch = Branch(Unit());
  const absl::CivilDay long_ago = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone()) - 45;
  v1::CreateGroupResponse created;
  ASSERT_THAT(
      Admin().Call(&S::CreateGroup,
                   GroupRequest(branch, Members(branch, 3),
                                MakeDate(long_ago.year(), long_ago.month(), long_ago.day())),
                   &created),
      GrpcOk());
  EXPECT_THAT(FindingCodes(branch), ::testing::Contains("FILING_OVERDUE"));
  v1::RecordFilingRequest record;
  record.set_request_id(NextRequestId());
  record.set_filing_id(created.filing().id());
  const absl::CivilDay in_time = long_ago + 20;
  *record.mutable_filed_on() = MakeDate(in_time.year(), in_time.month(), in_time.day());
  v1::RecordFilingResponse filed;
  ASSERT_THAT(Admin().Call(&S::RecordFiling, record, &filed), GrpcOk());
  EXPECT_THAT(FindingCodes(branch), ::testing::Not(::testing::Contains("FILING_OVERDUE")));
}

// ---- scope ----

TEST_F(OrgServiceTest, EachRoleActsOnlyWithinItsScope) {
  const int64_t unit = Unit(), other_unit = Unit();
  const int64_t branch = Branch(unit), other_branch = Branch(other_unit);
  const std::vector<int64_t> members = Members(branch, 3);
  const int64_t other_member = Member(other_branch);
  const int64_t group = Group(branch, members);

  OrgClient secretary = As(auth::Role::kBranchSecretary, branch);
  v1::GetMemberRequest own;
  own.set_id(members[0]);
  v1::GetMemberResponse member;
  ASSERT_THAT(secretary.Call(&S::GetMember, own, &member), GrpcOk());
  EXPECT_EQ(member.member().phone(), "13800000000");  // in scope: the phone is shown
  v1::GetMemberRequest foreign;
  foreign.set_id(other_member);
  EXPECT_THAT(secretary.Call(&S::GetMember, foreign, &member),
              GrpcIs(grpc::StatusCode::PERMISSION_DENIED, "may not read"));
  v1::CreateMemberRequest create;
  create.set_request_id(NextRequestId());
  create.set_branch_id(other_branch);
  create.set_name("越权");
  create.set_status(v1::MEMBER_STATUS_FORMAL);
  v1::CreateMemberResponse created;
  EXPECT_THAT(secretary.Call(&S::CreateMember, create, &created),
              GrpcIs(grpc::StatusCode::PERMISSION_DENIED, "may not change"));
  create.set_branch_id(branch);
  create.set_request_id(NextRequestId());
  EXPECT_THAT(secretary.Call(&S::CreateMember, create, &created), GrpcOk());

  OrgClient unit_admin = As(auth::Role::kUnitAdmin, unit);
  v1::CreateNodeRequest node;
  node.set_request_id(NextRequestId());
  node.set_parent_id(other_unit);
  node.set_kind(v1::NODE_KIND_BRANCH);
  node.set_name("别家支部");
  v1::CreateNodeResponse node_response;
  EXPECT_THAT(unit_admin.Call(&S::CreateNode, node, &node_response),
              GrpcIs(grpc::StatusCode::PERMISSION_DENIED, ""));
  node.set_parent_id(unit);
  node.set_request_id(NextRequestId());
  EXPECT_THAT(unit_admin.Call(&S::CreateNode, node, &node_response), GrpcOk());

  OrgClient leader = As(auth::Role::kGroupLeader, group);
  v1::GetGroupRequest get_group;
  get_group.set_id(group);
  v1::GetGroupResponse group_response;
  ASSERT_THAT(leader.Call(&S::GetGroup, get_group, &group_response), GrpcOk());
  EXPECT_EQ(group_response.group().members(0).phone(), "");  // leaders do not see phones
  create.set_request_id(NextRequestId());
  EXPECT_THAT(leader.Call(&S::CreateMember, create, &created),
              GrpcIs(grpc::StatusCode::PERMISSION_DENIED, ""));

  OrgClient self = As(auth::Role::kMember, branch, members[1]);
  own.set_id(members[1]);
  ASSERT_THAT(self.Call(&S::GetMember, own, &member), GrpcOk());
  EXPECT_EQ(member.member().phone(), "13800000000");  // their own phone
  own.set_id(members[2]);
  EXPECT_THAT(self.Call(&S::GetMember, own, &member),
              GrpcIs(grpc::StatusCode::PERMISSION_DENIED, "only themself"));
  v1::ListMembersRequest list;
  list.set_node_id(branch);
  v1::ListMembersResponse listed;
  EXPECT_THAT(self.Call(&S::ListMembers, list, &listed),
              GrpcIs(grpc::StatusCode::PERMISSION_DENIED, ""));

  OrgClient service = As(auth::Role::kService, 0);
  ASSERT_THAT(service.Call(&S::GetGroup, get_group, &group_response), GrpcOk());
  EXPECT_EQ(group_response.group().members(0).phone(), "");
  node.set_request_id(NextRequestId());
  EXPECT_THAT(service.Call(&S::CreateNode, node, &node_response),
              GrpcIs(grpc::StatusCode::PERMISSION_DENIED, ""));

  // A SERVICE token scoped to a unit reads that unit's subtree and nothing outside it.
  OrgClient unit_service = As(auth::Role::kService, unit);
  ASSERT_THAT(unit_service.Call(&S::GetGroup, get_group, &group_response), GrpcOk());
  own.set_id(members[0]);
  ASSERT_THAT(unit_service.Call(&S::GetMember, own, &member), GrpcOk());
  EXPECT_EQ(member.member().phone(), "");  // it may not change the member
  EXPECT_THAT(unit_service.Call(&S::GetMember, foreign, &member),
              GrpcIs(grpc::StatusCode::PERMISSION_DENIED, "may not read"));
  list.set_node_id(other_branch);
  EXPECT_THAT(unit_service.Call(&S::ListMembers, list, &listed),
              GrpcIs(grpc::StatusCode::PERMISSION_DENIED, ""));
  list.set_node_id(1);
  EXPECT_THAT(unit_service.Call(&S::ListMembers, list, &listed),
              GrpcIs(grpc::StatusCode::PERMISSION_DENIED, ""));
  list.set_node_id(branch);
  ASSERT_THAT(unit_service.Call(&S::ListMembers, list, &listed), GrpcOk());
  EXPECT_EQ(listed.members_size(), 4);
  node.set_request_id(NextRequestId());
  EXPECT_THAT(unit_service.Call(&S::CreateNode, node, &node_response),
              GrpcIs(grpc::StatusCode::PERMISSION_DENIED, ""));
}

// ---- idempotency and audit ----

TEST_F(OrgServiceTest, ARetryReturnsTheFirstAnswerAndChangesNothing) {
  const int64_t branch = Branch(Unit());
  v1::CreateMemberRequest request = MemberRequest(branch, "重试的党员");
  v1::CreateMemberResponse first, second;
  ASSERT_THAT(Admin().Call(&S::CreateMember, request, &first), GrpcOk());
  ASSERT_THAT(Admin().Call(&S::CreateMember, request, &second), GrpcOk());
  EXPECT_EQ(first.member().id(), second.member().id());
  // Two OA workers retrying at the same moment: still one member.
  v1::CreateMemberResponse a, b;
  request.set_request_id(NextRequestId());
  std::thread t1([&] { EXPECT_THAT(Admin().Call(&S::CreateMember, request, &a), GrpcOk()); });
  std::thread t2([&] { EXPECT_THAT(Admin().Call(&S::CreateMember, request, &b), GrpcOk()); });
  t1.join();
  t2.join();
  EXPECT_EQ(a.member().id(), b.member().id());
  v1::ListMembersRequest list;
  list.set_node_id(branch);
  v1::ListMembersResponse listed;
  ASSERT_THAT(Admin().Call(&S::ListMembers, list, &listed), GrpcOk());
  EXPECT_EQ(listed.members_size(), 2);
  auto audit = mutation::CountAuditRows(server_->runtime().pool(), "member", first.member().id());
  ASSERT_TRUE(audit.ok());
  EXPECT_EQ(*audit, 1);

  v1::RenameNodeRequest reuse;
  reuse.set_request_id(request.request_id());
  reuse.set_id(branch);
  reuse.set_name("换了方法");
  v1::RenameNodeResponse renamed;
  EXPECT_THAT(
      Admin().Call(&S::RenameNode, reuse, &renamed),
      GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "request_id: already used for CreateMember"));
  v1::GetNodeRequest get;
  get.set_id(branch);
  v1::GetNodeResponse got;
  ASSERT_THAT(Admin().Call(&S::GetNode, get, &got), GrpcOk());
  EXPECT_NE(got.node().name(), "换了方法");  // the refused call's rename was rolled back
}

// The audit trail is a hash chain: an edited row is found, and so is a row removed from the
// middle or from the end; the verify command says which.
TEST_F(OrgServiceTest, TheAuditChainFindsAnEditedOrRemovedRow) {
  const int64_t branch = Branch(Unit());
  Members(branch, 3);
  db::ConnectionPool& pool = server_->runtime().pool();
  auto verify = [&]() { return VerifyAudit(); };
  auto run = [&](const std::string& statement) {
    ASSERT_THAT(db::RunWithConnection(pool, "tamper",
                                      [&](sql::Connection& c) {
                                        std::unique_ptr<sql::Statement> s(c.createStatement());
                                        s->execute(statement);
                                        return absl::OkStatus();
                                      }),
                IsOk());
  };
  mutation::AuditVerification intact = verify();
  EXPECT_TRUE(intact.intact) << intact.problem;
  ASSERT_GE(intact.rows_checked, 5);  // a unit, a branch, three members
  const std::string third_row =
      "(SELECT id FROM (SELECT id FROM audit_log ORDER BY id LIMIT 2, 1) AS third)";

  // Someone with the database's password rewrites what a change was; then undoes it.
  run(absl::StrCat("UPDATE audit_log SET method = CONCAT(method, '!') WHERE id = ", third_row));
  mutation::AuditVerification edited = verify();
  EXPECT_FALSE(edited.intact);
  EXPECT_EQ(edited.rows_checked, 2);
  EXPECT_THAT(edited.problem, HasSubstr("does not match its hash"));
  const int64_t third = edited.first_bad_id;
  ASSERT_GT(third, 0);
  run(absl::StrCat(
      "UPDATE audit_log SET method = LEFT(method, CHAR_LENGTH(method) - 1) WHERE id = ", third));
  EXPECT_TRUE(verify().intact);

  // The last row removed: the chain's head records one row more than there is.
  run("DELETE FROM audit_log ORDER BY id DESC LIMIT 1");
  mutation::AuditVerification truncated = verify();
  EXPECT_FALSE(truncated.intact);
  EXPECT_THAT(truncated.problem, HasSubstr("removed from the end"));

  // A row removed from the middle: the row after it no longer follows its predecessor.
  run(absl::StrCat("DELETE FROM audit_log WHERE id = ", third));
  mutation::AuditVerification removed = verify();
  EXPECT_FALSE(removed.intact);
  EXPECT_GT(removed.first_bad_id, third);
  EXPECT_EQ(removed.rows_checked, 2);
}

// The committee's ADMIN reads the audit trail through gRPC, newest first, filtered and paged;
// no other role reads it.
TEST_F(OrgServiceTest, TheAuditTrailIsListedForTheCommitteesAdminOnly) {
  const int64_t unit = Unit();
  const int64_t branch = Branch(unit);
  const std::vector<int64_t> members = Members(branch, 3);
  auto stub = audit::v1::AuditService::NewStub(testing::LocalChannel(server_->port()));
  auto list = [&](const OrgClient& as, const audit::v1::ListAuditRecordsRequest& request,
                  audit::v1::ListAuditRecordsResponse* response) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + as.token());
    return stub->ListAuditRecords(&context, request, response);
  };
  audit::v1::ListAuditRecordsRequest request;
  request.set_method("CreateMember");
  request.set_target_kind("member");
  request.set_target_id(members[1]);
  audit::v1::ListAuditRecordsResponse page;
  ASSERT_THAT(list(Admin(), request, &page), GrpcOk());
  ASSERT_EQ(page.records_size(), 1);
  EXPECT_EQ(page.records(0).subject(), "admin");
  EXPECT_EQ(page.records(0).role(), "ADMIN");
  EXPECT_EQ(page.records(0).outcome(), "OK");
  EXPECT_FALSE(page.records(0).request_id().empty());
  EXPECT_LE(
      std::abs(absl::ToInt64Seconds(proto::FromTimestamp(page.records(0).time()) - absl::Now())),
      60);
  EXPECT_TRUE(page.next_page_token().empty());

  // The three members' rows, newest first, two to a page.
  request.clear_target_id();
  request.set_page_size(2);
  *request.mutable_start_time() = page.records(0).time();
  std::vector<int64_t> seen;
  for (int pages = 0; pages < 5; ++pages) {
    page.Clear();
    ASSERT_THAT(list(Admin(), request, &page), GrpcOk());
    for (const audit::v1::AuditRecord& record : page.records()) seen.push_back(record.target_id());
    if (page.next_page_token().empty()) break;
    request.set_page_token(page.next_page_token());
  }
  EXPECT_THAT(seen, ::testing::ElementsAre(members[2], members[1]));  // from members[1]'s time on

  request.clear_page_token();
  request.set_page_token("not-a-token");
  EXPECT_THAT(list(Admin(), request, &page),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "page_token"));
  request.clear_page_token();
  request.set_page_size(5000);
  EXPECT_THAT(list(Admin(), request, &page),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "page_size: 0 to 1000"));
  // Not even the unit's own administrator: the trail names everyone's acts.
  EXPECT_THAT(list(As(auth::Role::kUnitAdmin, unit), {}, &page),
              GrpcIs(grpc::StatusCode::PERMISSION_DENIED, "committee's ADMIN"));
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + As(auth::Role::kService, 0).token());
  audit::v1::VerifyAuditLogResponse verified;
  EXPECT_THAT(stub->VerifyAuditLog(&context, {}, &verified),
              GrpcIs(grpc::StatusCode::PERMISSION_DENIED, "committee's ADMIN"));
}

// A refused call leaves a trace: the audit trail records who tried which method and how it was
// refused, chained like the changes.
TEST_F(OrgServiceTest, RefusedCallsAreAuditedToo) {
  const int64_t unit = Unit(), other_unit = Unit();
  const int64_t foreign = Member(Branch(other_unit));
  v1::GetMemberRequest get;
  get.set_id(foreign);
  v1::GetMemberResponse member;
  EXPECT_THAT(As(auth::Role::kUnitAdmin, unit).Call(&S::GetMember, get, &member),
              GrpcIs(grpc::StatusCode::PERMISSION_DENIED, ""));
  {
    grpc::ClientContext context;  // no token at all
    EXPECT_THAT(Admin().stub().GetMember(&context, get, &member),
                GrpcIs(grpc::StatusCode::UNAUTHENTICATED, ""));
  }
  db::ConnectionPool& pool = server_->runtime().pool();
  auto refusals = [&]() {
    std::vector<std::string> found;
    EXPECT_THAT(db::RunWithConnection(
                    pool, "read",
                    [&](sql::Connection& c) {
                      std::unique_ptr<sql::Statement> s(c.createStatement());
                      std::unique_ptr<sql::ResultSet> rows(s->executeQuery(
                          "SELECT subject, role, method, outcome FROM audit_log WHERE "
                          "target_kind = 'refused_call' ORDER BY id"));
                      while (rows->next()) {
                        found.push_back(absl::StrCat(rows->getString(1).asStdString(), " ",
                                                     rows->getString(2).asStdString(), " ",
                                                     rows->getString(3).asStdString(), " ",
                                                     rows->getString(4).asStdString()));
                      }
                      return absl::OkStatus();
                    }),
                IsOk());
    return found;
  };
  // Written by the recorder's thread within about a second: awaited, not slept on.
  std::vector<std::string> found;
  for (const absl::Time give_up = absl::Now() + absl::Seconds(10);
       found.size() < 2 && absl::Now() < give_up;) {
    found = refusals();
    if (found.size() < 2) absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_THAT(found, ::testing::Contains(absl::StrCat("user-", unit,
                                                      " UNIT_ADMIN /partygroup.org.v1.OrgService/"
                                                      "GetMember PERMISSION_DENIED")));
  EXPECT_THAT(found, ::testing::Contains(::testing::AllOf(
                         ::testing::StartsWith("ipv"),
                         ::testing::EndsWith("/partygroup.org.v1.OrgService/GetMember "
                                             "UNAUTHENTICATED"))));
  const mutation::AuditVerification verified = VerifyAudit();
  EXPECT_TRUE(verified.intact) << verified.problem;
}

// ---- events ----

std::vector<common::v1::Event> ReadAll(OrgClient& client, int64_t after) {
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + client.token());
  v1::WatchEventsRequest request;
  request.set_after_sequence(after);
  auto reader = client.stub().WatchEvents(&context, request);
  std::vector<common::v1::Event> events;
  v1::WatchEventsResponse response;
  while (reader->Read(&response)) events.push_back(response.event());
  EXPECT_TRUE(reader->Finish().ok());
  return events;
}

TEST_F(OrgServiceTest, EventsAreGapFreeResumableAndScoped) {
  const int64_t unit = Unit();
  const int64_t branch = Branch(unit);
  Members(branch, 3);
  OrgClient admin = Admin();
  const std::vector<common::v1::Event> all = ReadAll(admin, 0);
  ASSERT_GE(all.size(), 5u);
  for (size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i].sequence(), static_cast<int64_t>(i) + 1);
  const int64_t resume_from = all[all.size() - 3].sequence();
  const std::vector<common::v1::Event> rest = ReadAll(admin, resume_from);
  ASSERT_EQ(rest.size(), 2u);
  EXPECT_EQ(rest[0].sequence(), resume_from + 1);
  EXPECT_EQ(rest.back().kind(), "MEMBER_CREATED");

  OrgClient secretary = As(auth::Role::kBranchSecretary, branch);
  for (const common::v1::Event& event : ReadAll(secretary, 0)) {
    EXPECT_TRUE(absl::StartsWith(event.scope_path(), absl::StrCat("/1/", unit, "/", branch, "/")))
        << event.scope_path();
  }
  EXPECT_EQ(ReadAll(secretary, 0).size(), 4u);  // its branch created, and its three members

  // Following: a change made after the stream opened arrives on it.
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + admin.token());
  v1::WatchEventsRequest follow;
  follow.set_after_sequence(ReadAll(admin, 0).back().sequence());
  follow.set_follow(true);
  auto reader = admin.stub().WatchEvents(&context, follow);
  const int64_t later = Member(branch);
  v1::WatchEventsResponse next;
  ASSERT_TRUE(reader->Read(&next));
  EXPECT_EQ(next.event().kind(), "MEMBER_CREATED");
  EXPECT_EQ(next.event().target_id(), later);
  context.TryCancel();
}

// ---- OA sync and bulk reads ----

v1::ImportResult ImportCsv(OrgClient& client, v1::ImportKind kind, const std::string& csv,
                           const std::string& request_id, grpc::Status* status = nullptr) {
  v1::ImportCsvRequest request;
  request.set_request_id(request_id);
  request.set_kind(kind);
  request.set_csv(csv);
  v1::ImportCsvResponse response;
  grpc::Status result = client.Call(&S::ImportCsv, request, &response);
  if (status != nullptr) {
    *status = result;
  } else {
    EXPECT_THAT(result, GrpcOk());
  }
  return response.result();
}

std::vector<std::pair<int, std::string>> Errors(const v1::ImportResult& result) {
  std::vector<std::pair<int, std::string>> errors;
  for (const auto& error : result.errors()) errors.push_back({error.row(), error.reason()});
  return errors;
}

TEST_F(OrgServiceTest, CsvImportUpsertsGoodRowsAndAnswersEachBadRow) {
  OrgClient admin = Admin();
  const std::string tag = NextRequestId();
  const v1::ImportResult units =
      ImportCsv(admin, v1::IMPORT_KIND_UNITS,
                absl::StrCat("external_id,name,code,parent_external_id\n", "U-", tag,
                             ",市教育局党组,JYJ,\n", "U2-", tag, ",,X,\n"),
                NextRequestId());
  EXPECT_EQ(units.rows(), 2);
  EXPECT_EQ(units.created(), 1);
  ASSERT_EQ(units.errors_size(), 1);
  EXPECT_EQ(units.errors(0).row(), 3);
  EXPECT_THAT(units.errors(0).reason(), HasSubstr("name: required"));

  const v1::ImportResult branches =
      ImportCsv(admin, v1::IMPORT_KIND_BRANCHES,
                absl::StrCat("external_id,name,code,parent_external_id\n", "B-", tag,
                             ",\"机关第一党支部, 教育\",B1,U-", tag, "\n", "B2-", tag,
                             ",孤儿支部,B2,NO-SUCH-UNIT\n"),
                NextRequestId());
  EXPECT_EQ(branches.created(), 1);
  ASSERT_EQ(branches.errors_size(), 1);
  EXPECT_EQ(branches.errors(0).row(), 3);
  EXPECT_THAT(branches.errors(0).reason(), HasSubstr("NO-SUCH-UNIT"));

  const std::string members_csv = absl::StrCat(
      "external_id,name,staff_code,phone,status,joined_party_on,became_formal_on,leading_cadre,"
      "branch_external_id\n",
      "M1-", tag, ",王老师,E001,13700000001,FORMAL,2010-07-01,2011-07-01,1,B-", tag, "\n", "M2-",
      tag, ",李老师,E002,13700000002,预备党员,2025-07-01,,0,B-", tag, "\n", "M3-", tag,
      ",赵老师,E003,,MAYBE,,,,B-", tag, "\n", "M4-", tag, ",钱老师,E004,,FORMAL,2019-02-30,,,B-",
      tag, "\n", "M5-", tag, ",孙老师,E005,,FORMAL,,,,B-NOWHERE\n");
  const std::string import_id = NextRequestId();
  const v1::ImportResult members =
      ImportCsv(admin, v1::IMPORT_KIND_MEMBERS, members_csv, import_id);
  EXPECT_EQ(members.rows(), 5);
  EXPECT_EQ(members.created(), 2);
  ASSERT_EQ(members.errors_size(), 3);
  EXPECT_EQ(members.errors(0).row(), 4);
  EXPECT_THAT(members.errors(0).reason(), HasSubstr("status"));
  EXPECT_EQ(members.errors(1).row(), 5);
  EXPECT_THAT(members.errors(1).reason(), HasSubstr("joined_party_on"));
  EXPECT_EQ(members.errors(2).row(), 6);
  EXPECT_THAT(members.errors(2).reason(), HasSubstr("B-NOWHERE"));

  // A retry of the same import answers the same and changes nothing.
  const int64_t events_before = ReadAll(admin, 0).size();
  const v1::ImportResult retried =
      ImportCsv(admin, v1::IMPORT_KIND_MEMBERS, members_csv, import_id);
  EXPECT_EQ(retried.SerializeAsString(), members.SerializeAsString());
  EXPECT_EQ(static_cast<int64_t>(ReadAll(admin, 0).size()), events_before);

  // The next sync: one member renamed, one unchanged; the good rows are upserts.
  const v1::ImportResult resync = ImportCsv(
      admin, v1::IMPORT_KIND_MEMBERS,
      absl::StrCat("external_id,name,status,branch_external_id,phone,staff_code,joined_party_on,"
                   "became_formal_on,leading_cadre\n",
                   "M1-", tag, ",王老师（校长）,FORMAL,B-", tag,
                   ",13700000001,E001,2010-07-01,"
                   "2011-07-01,1\n",
                   "M2-", tag, ",李老师,PROBATIONARY,B-", tag, ",13700000002,E002,2025-07-01,,0\n"),
      NextRequestId());
  EXPECT_EQ(resync.created(), 0);
  EXPECT_EQ(resync.updated(), 1);
  EXPECT_EQ(resync.unchanged(), 1);
  EXPECT_THAT(Errors(resync), IsEmpty());

  grpc::Status status;
  ImportCsv(admin, v1::IMPORT_KIND_MEMBERS, "external_id,name\nX,Y\n", NextRequestId(), &status);
  EXPECT_THAT(status, GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "csv: the header lacks"));
  ImportCsv(admin, v1::IMPORT_KIND_UNITS, "external_id,name,parent_external_id\n\"broken,x,\n",
            NextRequestId(), &status);
  EXPECT_THAT(status, GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "csv: not valid CSV"));
}

TEST_F(OrgServiceTest, ImportRespectsTheCallersScopeRowByRow) {
  OrgClient admin = Admin();
  const std::string tag = NextRequestId();
  ImportCsv(admin, v1::IMPORT_KIND_UNITS,
            absl::StrCat("external_id,name,parent_external_id\n", "OWN-", tag, ",本单位党组,\n",
                         "OTHER-", tag, ",他单位党组,\n"),
            NextRequestId());
  ImportCsv(admin, v1::IMPORT_KIND_BRANCHES,
            absl::StrCat("external_id,name,parent_external_id\n", "OWN-B-", tag, ",本单位支部,OWN-",
                         tag, "\n", "OTHER-B-", tag, ",他单位支部,OTHER-", tag, "\n"),
            NextRequestId());
  int64_t own_unit = 0;
  {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + admin.token());
    v1::StreamTreeRequest tree;
    tree.set_node_id(1);
    auto reader = admin.stub().StreamTree(&context, tree);
    v1::StreamTreeResponse response;
    while (reader->Read(&response)) {
      if (response.node().external_id() == "OWN-" + tag) own_unit = response.node().id();
    }
    ASSERT_TRUE(reader->Finish().ok());
  }
  ASSERT_NE(own_unit, 0);
  OrgClient unit_admin = As(auth::Role::kUnitAdmin, own_unit);
  const v1::ImportResult mixed =
      ImportCsv(unit_admin, v1::IMPORT_KIND_MEMBERS,
                absl::StrCat("external_id,name,status,branch_external_id\n", "SCOPE-1-", tag,
                             ",本单位党员,FORMAL,OWN-B-", tag, "\n", "SCOPE-2-", tag,
                             ",他单位党员,FORMAL,OTHER-B-", tag, "\n"),
                NextRequestId());
  EXPECT_EQ(mixed.created(), 1);
  ASSERT_EQ(mixed.errors_size(), 1);
  EXPECT_EQ(mixed.errors(0).row(), 3);
  EXPECT_THAT(mixed.errors(0).reason(), HasSubstr("may not change"));

  grpc::Status status;
  OrgClient leader = As(auth::Role::kGroupLeader, own_unit);
  ImportCsv(leader, v1::IMPORT_KIND_UNITS, "external_id,name,parent_external_id\nZ,Z,\n",
            NextRequestId(), &status);
  EXPECT_THAT(status, GrpcIs(grpc::StatusCode::PERMISSION_DENIED, "import"));
}

TEST_F(OrgServiceTest, ImportRecordsStreamAndTheBulkReadsOfTheTree) {
  OrgClient admin = Admin();
  const std::string tag = NextRequestId();
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + admin.token());
  v1::ImportRecordsResponse response;
  auto writer = admin.stub().ImportRecords(&context, &response);
  ASSERT_TRUE(writer->Write(NodeRow(tag, v1::NODE_KIND_UNIT, "SU-" + tag, "")));
  ASSERT_TRUE(writer->Write(NodeRow(tag, v1::NODE_KIND_GENERAL_BRANCH, "SG-" + tag, "SU-" + tag)));
  ASSERT_TRUE(writer->Write(NodeRow(tag, v1::NODE_KIND_BRANCH, "SB-" + tag, "SG-" + tag)));
  for (int i = 0; i < 4; ++i) {
    v1::ImportRecordsRequest request;
    v1::MemberRecord* member = request.mutable_record()->mutable_member();
    member->set_external_id(absl::StrCat("SM-", i, "-", tag));
    member->set_name("流式党员");
    member->set_status(i == 3 ? v1::MEMBER_STATUS_UNSPECIFIED : v1::MEMBER_STATUS_FORMAL);
    member->set_branch_external_id("SB-" + tag);
    ASSERT_TRUE(writer->Write(request));
  }
  ASSERT_TRUE(writer->WritesDone());
  ASSERT_THAT(writer->Finish(), GrpcOk());
  EXPECT_EQ(response.result().rows(), 7);
  EXPECT_EQ(response.result().created(), 6);
  ASSERT_EQ(response.result().errors_size(), 1);
  EXPECT_EQ(response.result().errors(0).row(), 7);

  // The tree comes parents first; the members all of them.
  int64_t unit_id = 0;
  std::vector<v1::NodeKind> kinds;
  {
    grpc::ClientContext read_context;
    read_context.AddMetadata("authorization", "Bearer " + admin.token());
    v1::StreamTreeRequest tree;
    tree.set_node_id(1);
    auto reader = admin.stub().StreamTree(&read_context, tree);
    v1::StreamTreeResponse next;
    std::set<int64_t> seen = {0};
    while (reader->Read(&next)) {
      EXPECT_TRUE(seen.count(next.node().parent_id()) > 0) << next.node().id();
      seen.insert(next.node().id());
      if (next.node().external_id() == "SU-" + tag) unit_id = next.node().id();
    }
    ASSERT_TRUE(reader->Finish().ok());
  }
  ASSERT_NE(unit_id, 0);
  EXPECT_EQ(StreamedMemberNames(admin, unit_id).size(), 3u);

  // In batches the same members come in the same order, two to a message at most.
  auto stream = [&](int batch_size, std::vector<std::vector<std::string>>& messages) {
    grpc::ClientContext read_context;
    read_context.AddMetadata("authorization", "Bearer " + admin.token());
    v1::StreamMembersRequest request;
    request.set_node_id(unit_id);
    request.set_batch_size(batch_size);
    auto reader = admin.stub().StreamMembers(&read_context, request);
    for (v1::StreamMembersResponse next; reader->Read(&next);) {
      std::vector<std::string>& ids = messages.emplace_back();
      if (next.has_member()) ids.push_back(next.member().external_id());
      for (const v1::Member& m : next.members()) ids.push_back(m.external_id());
    }
    return reader->Finish();
  };
  std::vector<std::vector<std::string>> single;
  std::vector<std::vector<std::string>> paired;
  ASSERT_THAT(stream(0, single), GrpcOk());
  ASSERT_THAT(stream(2, paired), GrpcOk());
  ASSERT_EQ(single.size(), 3u);
  ASSERT_EQ(paired.size(), 2u);
  EXPECT_THAT(paired[0], ElementsAre(single[0][0], single[1][0]));
  EXPECT_THAT(paired[1], ElementsAre(single[2][0]));
  std::vector<std::vector<std::string>> refused;
  grpc::Status too_many = stream(1001, refused);
  EXPECT_EQ(too_many.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(too_many.error_message(), HasSubstr("batch_size"));

  // So does the tree: the unit, its general branch and its branch, parents first.
  auto tree = [&](int batch_size, std::vector<std::vector<std::string>>& messages) {
    grpc::ClientContext read_context;
    read_context.AddMetadata("authorization", "Bearer " + admin.token());
    v1::StreamTreeRequest request;
    request.set_node_id(unit_id);
    request.set_batch_size(batch_size);
    auto reader = admin.stub().StreamTree(&read_context, request);
    for (v1::StreamTreeResponse next; reader->Read(&next);) {
      std::vector<std::string>& ids = messages.emplace_back();
      if (next.has_node()) ids.push_back(next.node().external_id());
      for (const v1::TreeNode& n : next.nodes()) ids.push_back(n.node().external_id());
    }
    return reader->Finish();
  };
  std::vector<std::vector<std::string>> nodes_single;
  std::vector<std::vector<std::string>> nodes_paired;
  ASSERT_THAT(tree(0, nodes_single), GrpcOk());
  ASSERT_THAT(tree(2, nodes_paired), GrpcOk());
  ASSERT_EQ(nodes_single.size(), 3u);
  EXPECT_EQ(nodes_single[0][0], "SU-" + tag);
  ASSERT_EQ(nodes_paired.size(), 2u);
  EXPECT_THAT(nodes_paired[0], ElementsAre("SU-" + tag, "SG-" + tag));
  EXPECT_THAT(nodes_paired[1], ElementsAre("SB-" + tag));
  std::vector<std::vector<std::string>> nodes_refused;
  EXPECT_EQ(tree(1001, nodes_refused).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(OrgServiceTest, AnImportWritesRunsOfNewMembersTogetherAndStillAnswersEveryRow) {
  OrgClient admin = Admin();
  const std::string tag = NextRequestId();
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + admin.token());
  v1::ImportRecordsResponse response;
  auto writer = admin.stub().ImportRecords(&context, &response);
  auto id_of = [&](int i) { return absl::StrCat("BM-", i, "-", tag); };
  ASSERT_TRUE(writer->Write(NodeRow(tag, v1::NODE_KIND_UNIT, "BU-" + tag, "")));
  ASSERT_TRUE(writer->Write(NodeRow(tag, v1::NODE_KIND_BRANCH, "BB-" + tag, "BU-" + tag)));
  // 1,200 member rows over three chunks of 500 rows, with what an OA export holds: a bad row,
  // a member listed twice, and one listed again in other letter case (the same member to the
  // database, a different string to the service: the run's batch fails and goes row by row).
  for (int i = 0; i < 1200; ++i) {
    v1::ImportRecordsRequest request;
    v1::MemberRecord* member = request.mutable_record()->mutable_member();
    member->set_external_id(i == 600   ? id_of(599)
                            : i == 700 ? absl::AsciiStrToLower(id_of(650))
                                       : id_of(i));
    member->set_name(i == 600 ? "改名党员" : i == 700 ? "大小写党员" : "批量党员");
    member->set_status(i == 100 ? v1::MEMBER_STATUS_UNSPECIFIED : v1::MEMBER_STATUS_FORMAL);
    member->set_branch_external_id("BB-" + tag);
    ASSERT_TRUE(writer->Write(request));
  }
  ASSERT_TRUE(writer->WritesDone());
  ASSERT_THAT(writer->Finish(), GrpcOk());
  EXPECT_EQ(response.result().rows(), 1202);
  EXPECT_EQ(response.result().created(), 2 + 1197);
  EXPECT_EQ(response.result().updated(), 2);
  ASSERT_EQ(response.result().errors_size(), 1);
  EXPECT_EQ(response.result().errors(0).row(), 103);
  EXPECT_THAT(response.result().errors(0).reason(), HasSubstr("status"));

  // Every member once, under the branch, with the name of the last row that named them.
  int64_t unit_id = 0;
  {
    grpc::ClientContext read_context;
    read_context.AddMetadata("authorization", "Bearer " + admin.token());
    v1::StreamTreeRequest tree;
    tree.set_node_id(1);
    auto reader = admin.stub().StreamTree(&read_context, tree);
    for (v1::StreamTreeResponse next; reader->Read(&next);) {
      if (next.node().external_id() == "BU-" + tag) unit_id = next.node().id();
    }
    ASSERT_TRUE(reader->Finish().ok());
  }
  ASSERT_NE(unit_id, 0);
  std::map<std::string, std::string> names = StreamedMemberNames(admin, unit_id);
  EXPECT_EQ(names.size(), 1197u);
  EXPECT_EQ(names[id_of(599)], "改名党员");
  EXPECT_EQ(names[id_of(650)], "大小写党员");
  EXPECT_EQ(names[id_of(1199)], "批量党员");
  EXPECT_EQ(names.count(id_of(100)), 0u);

  // The import's events are numbered gap-free in the order of its rows (hundreds a statement).
  const std::vector<common::v1::Event> events = ReadAll(admin, 0);
  std::vector<int64_t> created;
  for (size_t i = 0; i < events.size(); ++i) {
    ASSERT_EQ(events[i].sequence(), static_cast<int64_t>(i) + 1);
    if (events[i].kind() == "MEMBER_CREATED" &&
        absl::StartsWith(events[i].scope_path(), absl::StrCat("/1/", unit_id, "/"))) {
      created.push_back(events[i].target_id());
    }
  }
  EXPECT_EQ(created.size(), 1197u);
  EXPECT_TRUE(std::is_sorted(created.begin(), created.end()));
}

// ---- the organisation of a period: who was where when ----

// The days of a date, for the spells' comparisons.
std::string DayText(const common::v1::Date& date) {
  return date.year() == 0
             ? "-"
             : absl::StrFormat("%04d-%02d-%02d", date.year(), date.month(), date.day());
}

common::v1::Period PeriodOf(int year, int month = 0) {
  common::v1::Period period;
  period.set_year(year);
  period.set_month(month);
  return period;
}

// StreamTree of a period, one node a message.
std::vector<v1::StreamTreeResponse> TreeOfPeriod(OrgClient& caller, int64_t node, int year,
                                                 grpc::Status* status = nullptr) {
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + caller.token());
  v1::StreamTreeRequest request;
  request.set_node_id(node);
  *request.mutable_period() = PeriodOf(year);
  auto reader = caller.stub().StreamTree(&context, request);
  std::vector<v1::StreamTreeResponse> nodes;
  for (v1::StreamTreeResponse item; reader->Read(&item);) nodes.push_back(item);
  const grpc::Status finished = reader->Finish();
  if (status != nullptr) *status = finished;
  return nodes;
}

// StreamMembers of a period, batched: member id → its spells as "branch/group from..until
// STATUS[ cadre]".
std::map<int64_t, std::vector<std::string>> SpellsOfPeriod(OrgClient& caller, int64_t node,
                                                           int year) {
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + caller.token());
  v1::StreamMembersRequest request;
  request.set_node_id(node);
  request.set_batch_size(50);
  *request.mutable_period() = PeriodOf(year);
  auto reader = caller.stub().StreamMembers(&context, request);
  std::map<int64_t, std::vector<std::string>> spells;
  for (v1::StreamMembersResponse batch; reader->Read(&batch);) {
    for (const v1::Member& member : batch.members()) {
      for (const v1::MemberSpell& spell : member.spells()) {
        spells[member.id()].push_back(
            absl::StrCat(spell.branch_id(), "/", spell.group_id(), " ", DayText(spell.from_day()),
                         "..", DayText(spell.until_day()), " ",
                         spell.status() == v1::MEMBER_STATUS_FORMAL ? "FORMAL" : "PROBATIONARY",
                         spell.leading_cadre() ? " cadre" : ""));
      }
    }
  }
  EXPECT_THAT(reader->Finish(), GrpcOk());
  return spells;
}

// Today and tomorrow in Shanghai, the calendar the regulation's days are counted in.
common::v1::Date Today() {
  const absl::CivilDay day = absl::ToCivilDay(absl::Now(), absl::FixedTimeZone(8 * 3600));
  return MakeDate(static_cast<int>(day.year()), day.month(), day.day());
}
common::v1::Date Tomorrow() {
  const absl::CivilDay day = absl::ToCivilDay(absl::Now(), absl::FixedTimeZone(8 * 3600)) + 1;
  return MakeDate(static_cast<int>(day.year()), day.month(), day.day());
}

TEST_F(OrgServiceTest, TheTreeOfAPastYearHoldsTheGroupsOfThatYearInTheirPlaces) {
  const int64_t first_unit = Unit(), second_unit = Unit();
  const int64_t branch = Branch(first_unit);
  auto group = [&](const common::v1::Date& founded) {
    v1::CreateGroupResponse created;
    EXPECT_THAT(
        Admin().Call(&S::CreateGroup, GroupRequest(branch, Members(branch, 3), founded), &created),
        GrpcOk());
    return created.group();
  };
  auto dissolve = [&](int64_t id, const common::v1::Date& on) {
    v1::DissolveGroupRequest request;
    request.set_request_id(NextRequestId());
    request.set_group_id(id);
    *request.mutable_decision()->mutable_decided_on() = on;
    request.mutable_decision()->set_document_ref("机关党支〔撤〕1号");
    v1::DissolveGroupResponse response;
    EXPECT_THAT(Admin().Call(&S::DissolveGroup, request, &response), GrpcOk());
  };
  const v1::Group gone_before = group(MakeDate(2024, 5, 1));  // dissolved in 2024
  dissolve(gone_before.node().id(), MakeDate(2024, 12, 1));
  const v1::Group of_the_year = group(MakeDate(2025, 3, 1));
  const v1::Group dissolved_in_it = group(MakeDate(2025, 1, 10));
  dissolve(dissolved_in_it.node().id(), MakeDate(2025, 9, 1));
  const v1::Group founded_after = group(MakeDate(2026, 2, 1));
  // The leader of 2025, replaced in January 2026.
  v1::AppointLeaderRequest appoint =
      Appointment(of_the_year.node().id(), of_the_year.members(0).id());
  *appoint.mutable_appointed_on() = MakeDate(2025, 3, 1);
  v1::AppointLeaderResponse appointed;
  ASSERT_THAT(Admin().Call(&S::AppointLeader, appoint, &appointed), GrpcOk());
  v1::ReplaceLeaderRequest replace;
  replace.set_request_id(NextRequestId());
  replace.set_group_id(of_the_year.node().id());
  replace.set_member_id(of_the_year.members(1).id());
  replace.set_method(v1::APPOINTMENT_METHOD_MEMBER_RECOMMENDATION);
  replace.set_record_ref("推荐记录");
  *replace.mutable_appointed_on() = MakeDate(2026, 1, 10);
  *replace.mutable_decision()->mutable_decided_on() = MakeDate(2026, 1, 8);
  replace.mutable_decision()->set_document_ref("机关党支〔2026〕3号");
  v1::ReplaceLeaderResponse replaced;
  ASSERT_THAT(Admin().Call(&S::ReplaceLeader, replace, &replaced), GrpcOk());
  // The branch moved to the second unit on 15 February 2026.
  v1::MoveNodeRequest move;
  move.set_request_id(NextRequestId());
  move.set_id(branch);
  move.set_new_parent_id(second_unit);
  *move.mutable_effective_on() = MakeDate(2026, 2, 15);
  v1::MoveNodeResponse moved;
  ASSERT_THAT(Admin().Call(&S::MoveNode, move, &moved), GrpcOk());

  // 2025 under the first unit: the branch where it sat, the groups that existed in the year.
  OrgClient admin = Admin();
  std::vector<v1::StreamTreeResponse> year = TreeOfPeriod(admin, first_unit, 2025);
  std::vector<int64_t> ids;
  for (const auto& item : year) ids.push_back(item.node().id());
  EXPECT_THAT(
      ids, ElementsAre(first_unit, branch, of_the_year.node().id(), dissolved_in_it.node().id()));
  EXPECT_EQ(year[1].node().path(), absl::StrCat("/1/", first_unit, "/", branch, "/"));
  EXPECT_EQ(year[1].node().parent_id(), first_unit);
  EXPECT_EQ(year[2].node().path(),
            absl::StrCat("/1/", first_unit, "/", branch, "/", of_the_year.node().id(), "/"));
  ASSERT_EQ(year[2].leader_terms_size(), 1);  // the successor's term began in 2026
  EXPECT_EQ(year[2].leader().member_id(), of_the_year.members(0).id());
  EXPECT_EQ(DayText(year[2].leader_terms(0).ended_on()), "2026-01-10");
  EXPECT_EQ(DayText(year[3].node().dissolved_on()), "2025-09-01");
  EXPECT_EQ(DayText(year[3].node().created_on()), "2025-01-10");
  // The second unit had none of it in 2025, and has it all in 2026.
  std::vector<v1::StreamTreeResponse> second_2025 = TreeOfPeriod(admin, second_unit, 2025);
  ASSERT_EQ(second_2025.size(), 1u);
  ids.clear();
  for (const auto& item : TreeOfPeriod(admin, second_unit, 2026)) ids.push_back(item.node().id());
  EXPECT_THAT(ids,
              ElementsAre(second_unit, branch, of_the_year.node().id(), founded_after.node().id()));
  // The tree as it stands now has the branch under the second unit only.
  EXPECT_EQ(moved.node().path(), absl::StrCat("/1/", second_unit, "/", branch, "/"));
  // A group founded after the year: no tree of that year.
  EXPECT_THAT(TreeOfPeriod(admin, founded_after.node().id(), 2025), IsEmpty());
  // A year that has not begun is refused, naming the period.
  grpc::Status status;
  TreeOfPeriod(admin, first_unit, 2099, &status);
  EXPECT_THAT(status, GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "period"));
}

TEST_F(OrgServiceTest, TheMembersOfAPastYearComeWithTheirSpells) {
  const int64_t branch = Branch(Unit());
  const int64_t other_branch = Branch(Unit());
  std::vector<int64_t> members = Members(branch, 3, 1);  // the last one probationary
  v1::CreateGroupResponse created;
  ASSERT_THAT(
      Admin().Call(&S::CreateGroup, GroupRequest(branch, members, MakeDate(2025, 1, 6)), &created),
      GrpcOk());
  const int64_t group = created.group().node().id();
  auto transfer = [&](int64_t member, v1::TransferKind kind, int64_t to,
                      const common::v1::Date& on) {
    v1::TransferMemberRequest request;
    request.set_request_id(NextRequestId());
    request.set_member_id(member);
    request.set_kind(kind);
    request.set_to_branch_id(to);
    *request.mutable_effective_on() = on;
    v1::TransferMemberResponse response;
    return Admin().Call(&S::TransferMember, request, &response);
  };
  // members[2] left the committee on 1 April; members[1] went to another branch on 1 July, a
  // transfer recorded late with its real day; members[3] became formal on 1 September;
  // members[0] became a leading cadre today.
  ASSERT_THAT(transfer(members[2], v1::TRANSFER_KIND_OUT, 0, MakeDate(2025, 4, 1)), GrpcOk());
  ASSERT_THAT(transfer(members[1], v1::TRANSFER_KIND_TO_BRANCH, other_branch, MakeDate(2025, 7, 1)),
              GrpcOk());
  v1::UpdateMemberRequest formal;
  formal.set_request_id(NextRequestId());
  formal.set_id(members[3]);
  formal.set_status(v1::MEMBER_STATUS_FORMAL);
  *formal.mutable_became_formal_on() = MakeDate(2025, 9, 1);
  v1::UpdateMemberResponse updated;
  ASSERT_THAT(Admin().Call(&S::UpdateMember, formal, &updated), GrpcOk());
  v1::UpdateMemberRequest cadre;
  cadre.set_request_id(NextRequestId());
  cadre.set_id(members[0]);
  cadre.set_update_leading_cadre(true);
  cadre.set_leading_cadre(true);
  ASSERT_THAT(Admin().Call(&S::UpdateMember, cadre, &updated), GrpcOk());

  const std::string in_group = absl::StrCat(branch, "/", group, " 2025-01-06..");
  const std::string before = absl::StrCat(branch, "/0 -..2025-01-06 ");
  OrgClient admin = Admin();
  std::map<int64_t, std::vector<std::string>> year = SpellsOfPeriod(admin, branch, 2025);
  EXPECT_THAT(year[members[2]], ElementsAre(before + "FORMAL", in_group + "2025-04-01 FORMAL"));
  // Only the spells under the node read: the other branch's is not in this one's year.
  EXPECT_THAT(year[members[1]], ElementsAre(before + "FORMAL", in_group + "2025-07-01 FORMAL"));
  EXPECT_THAT(year[members[3]],
              ElementsAre(before + "PROBATIONARY", in_group + "2025-09-01 PROBATIONARY",
                          absl::StrCat(branch, "/", group, " 2025-09-01..- FORMAL")));
  // The flag set today (in Shanghai) is not 2025's.
  const std::string today = DayText(Today());
  EXPECT_THAT(year[members[0]], ElementsAre(before + "FORMAL", in_group + today + " FORMAL"));
  EXPECT_THAT(SpellsOfPeriod(admin, other_branch, 2025)[members[1]],
              ElementsAre(absl::StrCat(other_branch, "/0 2025-07-01..- FORMAL")));
  // The group's own year holds its spells only; the member's history shows them all.
  EXPECT_THAT(SpellsOfPeriod(admin, group, 2025)[members[1]],
              ElementsAre(in_group + "2025-07-01 FORMAL"));
  v1::ListMemberHistoryRequest history;
  history.set_member_id(members[0]);
  v1::ListMemberHistoryResponse entries;
  ASSERT_THAT(Admin().Call(&S::ListMemberHistory, history, &entries), GrpcOk());
  ASSERT_EQ(entries.spells_size(), 3);
  EXPECT_TRUE(entries.spells(2).leading_cadre());
  EXPECT_FALSE(entries.spells(1).leading_cadre());
  EXPECT_EQ(DayText(entries.spells(2).from_day()), DayText(entries.spells(1).until_day()));
  // This year the branch has two of the four, one a leading cadre since today.
  std::map<int64_t, std::vector<std::string>> this_year =
      SpellsOfPeriod(admin, branch, Today().year());
  EXPECT_EQ(this_year.size(), 2u);
  EXPECT_THAT(this_year[members[0]],
              ElementsAre(in_group + today + " FORMAL",
                          absl::StrCat(branch, "/", group, " ", today, "..- FORMAL cadre")));
}

TEST_F(OrgServiceTest, ChangesAreDatedWhenTheyTookEffectNeverAhead) {
  const int64_t unit = Unit();
  const int64_t branch = Branch(unit);
  const std::vector<int64_t> members = Members(branch, 4);
  v1::CreateGroupResponse created;
  EXPECT_THAT(Admin().Call(&S::CreateGroup, GroupRequest(branch, members, Tomorrow()), &created),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "decision.decided_on"));
  ASSERT_THAT(
      Admin().Call(&S::CreateGroup, GroupRequest(branch, members, MakeDate(2025, 6, 1)), &created),
      GrpcOk());
  const int64_t group = created.group().node().id();

  v1::AppointLeaderRequest appoint = Appointment(group, members[0]);
  *appoint.mutable_appointed_on() = Tomorrow();
  v1::AppointLeaderResponse appointed;
  EXPECT_THAT(Admin().Call(&S::AppointLeader, appoint, &appointed),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "appointed_on"));
  // Not before the member was in the group (第十条).
  *appoint.mutable_appointed_on() = MakeDate(2025, 5, 1);
  EXPECT_THAT(Admin().Call(&S::AppointLeader, appoint, &appointed),
              GrpcIs(grpc::StatusCode::FAILED_PRECONDITION, "appointed_on"));

  v1::TransferMemberRequest transfer;
  transfer.set_request_id(NextRequestId());
  transfer.set_member_id(members[3]);
  transfer.set_kind(v1::TRANSFER_KIND_OUT);
  *transfer.mutable_effective_on() = Tomorrow();
  v1::TransferMemberResponse transferred;
  EXPECT_THAT(Admin().Call(&S::TransferMember, transfer, &transferred),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "effective_on"));
  // Before the member joined the group: what was recorded after it is not rewritten.
  *transfer.mutable_effective_on() = MakeDate(2025, 5, 1);
  EXPECT_THAT(Admin().Call(&S::TransferMember, transfer, &transferred),
              GrpcIs(grpc::StatusCode::FAILED_PRECONDITION, "after 2025-05-01"));

  v1::AdjustGroupRequest adjust;
  adjust.set_request_id(NextRequestId());
  adjust.set_group_id(group);
  adjust.add_remove_member_ids(members[3]);
  *adjust.mutable_decision()->mutable_decided_on() = MakeDate(2025, 5, 20);
  adjust.mutable_decision()->set_document_ref("机关党支〔2025〕9号");
  v1::AdjustGroupResponse adjusted;
  EXPECT_THAT(Admin().Call(&S::AdjustGroup, adjust, &adjusted),
              GrpcIs(grpc::StatusCode::FAILED_PRECONDITION, "was founded on 2025-06-01"));

  v1::UpdateMemberRequest formal;
  formal.set_request_id(NextRequestId());
  formal.set_id(Member(branch, false));
  formal.set_status(v1::MEMBER_STATUS_FORMAL);
  *formal.mutable_became_formal_on() = Tomorrow();
  v1::UpdateMemberResponse updated;
  EXPECT_THAT(Admin().Call(&S::UpdateMember, formal, &updated),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "became_formal_on"));

  v1::MoveNodeRequest move;
  move.set_request_id(NextRequestId());
  move.set_id(branch);
  move.set_new_parent_id(Unit());
  *move.mutable_effective_on() = Tomorrow();
  v1::MoveNodeResponse moved;
  EXPECT_THAT(Admin().Call(&S::MoveNode, move, &moved),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "effective_on"));
  // Before the group in it was founded.
  *move.mutable_effective_on() = MakeDate(2025, 1, 1);
  EXPECT_THAT(Admin().Call(&S::MoveNode, move, &moved),
              GrpcIs(grpc::StatusCode::FAILED_PRECONDITION, "effective_on"));

  // A transfer recorded late, with its real day, is seen by every period after it.
  *transfer.mutable_effective_on() = MakeDate(2025, 10, 1);
  transfer.set_request_id(NextRequestId());
  ASSERT_THAT(Admin().Call(&S::TransferMember, transfer, &transferred), GrpcOk());
  OrgClient admin = Admin();
  EXPECT_THAT(SpellsOfPeriod(admin, group, 2025)[members[3]],
              ElementsAre(absl::StrCat(branch, "/", group, " 2025-06-01..2025-10-01 FORMAL")));
  EXPECT_EQ(SpellsOfPeriod(admin, group, 2026).count(members[3]), 0u);
}

}  // namespace
}  // namespace partygroup::org
