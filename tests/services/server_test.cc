// The three servers in-process, through real gRPC channels, against the test database.
#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/security/credentials.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "common/server/refused_calls.h"
#include "common/server/runtime.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/descriptor.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "gtest/gtest.h"
#include "services/activity/activity_definition.h"
#include "services/activity/activity_service.h"
#include "services/assessment/assessment_definition.h"
#include "services/assessment/assessment_service.h"
#include "services/org/org_definition.h"
#include "services/org/org_service.h"
#include "tests/support/in_process_server.h"
#include "tests/support/test_db.h"
#include "tests/support/test_server.h"

namespace partygroup {
namespace {

using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;
using ::partygroup::testing::IsOk;
using ::testing::HasSubstr;

class ServersTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // One running server of each kind, shared by the tests of this file.
    servers_ = new std::vector<std::unique_ptr<testing::InProcessServer>>();
    servers_->push_back(std::make_unique<testing::InProcessServer>(
        std::in_place_type<org::OrgServiceImpl>, org::Definition()));
    servers_->push_back(std::make_unique<testing::InProcessServer>(
        std::in_place_type<activity::ActivityServiceImpl>, activity::Definition()));
    servers_->push_back(std::make_unique<testing::InProcessServer>(
        std::in_place_type<assessment::AssessmentServiceImpl>, assessment::Definition()));
  }
  static void TearDownTestSuite() { delete servers_; }
  static std::vector<std::unique_ptr<testing::InProcessServer>>* servers_;
};
std::vector<std::unique_ptr<testing::InProcessServer>>* ServersTest::servers_ = nullptr;

// Calls `method` with an empty request and no token, whatever its kind, as grpcurl would.
grpc::Status CallWithoutToken(int port, const std::string& method) {
  grpc::GenericStub stub(testing::LocalChannel(port));
  grpc::CompletionQueue queue;
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
  grpc::ByteBuffer request, response;
  grpc::Slice empty("");
  request = grpc::ByteBuffer(&empty, 1);
  auto call = stub.PrepareUnaryCall(&context, method, request, &queue);
  call->StartCall();
  grpc::Status status;
  call->Finish(&response, &status, reinterpret_cast<void*>(1));
  void* tag = nullptr;
  bool ok = false;
  queue.Next(&tag, &ok);
  return status;
}

TEST_F(ServersTest, EveryMethodOfEveryServiceRefusesACallWithoutToken) {
  const char* kServices[] = {"partygroup.org.v1.OrgService",
                             "partygroup.activity.v1.ActivityService",
                             "partygroup.assessment.v1.AssessmentService"};
  for (size_t i = 0; i < 3; ++i) {
    const google::protobuf::ServiceDescriptor* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(kServices[i]);
    ASSERT_NE(service, nullptr) << kServices[i];
    ASSERT_GT(service->method_count(), 0);
    for (int m = 0; m < service->method_count(); ++m) {
      const std::string method = absl::StrCat("/", kServices[i], "/", service->method(m)->name());
      grpc::Status status = CallWithoutToken((*servers_)[i]->port(), method);
      EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << method;
    }
  }
}

TEST_F(ServersTest, GetServiceInfoNamesTheServiceAndTheVerifiedCaller) {
  auto stub = org::v1::OrgService::NewStub(testing::LocalChannel((*servers_)[0]->port()));
  grpc::ClientContext context;
  context.AddMetadata(
      "authorization",
      "Bearer " + testing::TokenFor({"li.secretary", auth::Role::kBranchSecretary, 12}));
  org::v1::GetServiceInfoResponse response;
  ASSERT_TRUE(stub->GetServiceInfo(&context, {}, &response).ok());
  EXPECT_EQ(response.info().service(), "partygroup.org.v1.OrgService");
  EXPECT_EQ(response.info().caller().subject(), "li.secretary");
  EXPECT_EQ(response.info().caller().role(), common::v1::ROLE_BRANCH_SECRETARY);
  EXPECT_EQ(response.info().caller().org_node_id(), 12);
}

TEST_F(ServersTest, BadTokensAreUnauthenticated) {
  auto stub = activity::v1::ActivityService::NewStub(testing::LocalChannel((*servers_)[1]->port()));
  const std::pair<std::string, std::string> cases[] = {
      {"Bearer not-a-token", "well-formed"},
      {"Basic dXNlcjpwYXNz", "Bearer"},
      {"Bearer " + testing::AdminToken() + "x", "signature"},
  };
  for (const auto& [header, reason] : cases) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", header);
    activity::v1::GetServiceInfoResponse response;
    grpc::Status status = stub->GetServiceInfo(&context, {}, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << reason;
    EXPECT_THAT(status.error_message(), HasSubstr(reason));
  }
}

TEST_F(ServersTest, HealthIsServingForTheServerAndItsService) {
  const char* kServices[] = {"partygroup.org.v1.OrgService",
                             "partygroup.activity.v1.ActivityService",
                             "partygroup.assessment.v1.AssessmentService"};
  for (size_t i = 0; i < 3; ++i) {
    auto health = grpc::health::v1::Health::NewStub(testing::LocalChannel((*servers_)[i]->port()));
    for (const std::string& name : {std::string(""), std::string(kServices[i])}) {
      grpc::ClientContext context;
      HealthCheckRequest request;
      request.set_service(name);
      HealthCheckResponse response;
      ASSERT_TRUE(health->Check(&context, request, &response).ok()) << name;
      EXPECT_EQ(response.status(), HealthCheckResponse::SERVING) << name;
    }
    grpc::ClientContext context;
    HealthCheckRequest request;
    request.set_service("no.such.Service");
    HealthCheckResponse response;
    EXPECT_EQ(health->Check(&context, request, &response).error_code(),
              grpc::StatusCode::NOT_FOUND);
  }
}

TEST_F(ServersTest, HealthWatchStreamsTheCurrentStatus) {
  auto health = grpc::health::v1::Health::NewStub(testing::LocalChannel((*servers_)[2]->port()));
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
  HealthCheckRequest request;
  auto reader = health->Watch(&context, request);
  HealthCheckResponse response;
  ASSERT_TRUE(reader->Read(&response));
  EXPECT_EQ(response.status(), HealthCheckResponse::SERVING);
  context.TryCancel();
}

// A second server on a port another holds does not start: without it, the two would share the
// port (SO_REUSEPORT) and split the calls between them.
TEST(RuntimeTest, APortAnotherServerHoldsIsRefused) {
  testing::InProcessServer first(std::in_place_type<org::OrgServiceImpl>, org::Definition());
  ASSERT_GT(first.port(), 0);
  server::RuntimeConfig config = testing::TestRuntimeConfig();
  config.port = first.port();
  ASSERT_OK_AND_ASSIGN(auto runtime, server::Runtime::Create(org::Definition(), config));
  org::OrgServiceImpl service(*runtime);
  EXPECT_THAT(
      runtime->Start({&service}).status(),
      ::partygroup::testing::StatusIs(absl::StatusCode::kUnavailable, HasSubstr("cannot listen")));
  testing::DropSchema(config.db);
}

// Reflection answers from the protos compiled in (grpcurl and buf curl walk it): the services,
// and a symbol's file with its imports first. Its streams need no token: a quarter of the worker
// threads at most are theirs, the next is refused.
TEST(RuntimeTest, ReflectionDescribesTheServicesAndItsStreamsAreBounded) {
  using grpc::reflection::v1alpha::ServerReflection;
  using grpc::reflection::v1alpha::ServerReflectionRequest;
  using grpc::reflection::v1alpha::ServerReflectionResponse;
  testing::InProcessServer server(std::in_place_type<org::OrgServiceImpl>, org::Definition());
  auto reflection = ServerReflection::NewStub(testing::LocalChannel(server.port()));
  std::vector<std::unique_ptr<grpc::ClientContext>> contexts;
  std::vector<
      std::unique_ptr<grpc::ClientReaderWriter<ServerReflectionRequest, ServerReflectionResponse>>>
      streams;
  for (int i = 0; i < 4; ++i) {
    contexts.push_back(std::make_unique<grpc::ClientContext>());
    streams.push_back(reflection->ServerReflectionInfo(contexts.back().get()));
    ServerReflectionRequest list;
    list.set_list_services("*");
    ASSERT_TRUE(streams.back()->Write(list));
    ServerReflectionResponse listed;
    ASSERT_TRUE(streams.back()->Read(&listed)) << i;
    std::vector<std::string> names;
    for (const auto& service : listed.list_services_response().service()) {
      names.push_back(service.name());
    }
    EXPECT_THAT(names, ::testing::IsSupersetOf({"partygroup.org.v1.OrgService",
                                                "partygroup.audit.v1.AuditService",
                                                "grpc.health.v1.Health"}));
  }
  ServerReflectionRequest symbol;
  symbol.set_file_containing_symbol("partygroup.org.v1.OrgService.GetMember");
  ASSERT_TRUE(streams[0]->Write(symbol));
  ServerReflectionResponse described;
  ASSERT_TRUE(streams[0]->Read(&described));
  std::vector<std::string> files;
  for (const std::string& bytes : described.file_descriptor_response().file_descriptor_proto()) {
    google::protobuf::FileDescriptorProto file;
    ASSERT_TRUE(file.ParseFromString(bytes));
    files.push_back(file.name());
  }
  ASSERT_FALSE(files.empty());
  EXPECT_EQ(files.back(), "partygroup/org/v1/org_service.proto");  // its imports before it
  EXPECT_THAT(files, ::testing::Contains("partygroup/common/v1/common.proto"));
  symbol.set_file_containing_symbol("partygroup.nothing.Here");
  ASSERT_TRUE(streams[0]->Write(symbol));
  ASSERT_TRUE(streams[0]->Read(&described));
  EXPECT_EQ(described.error_response().error_code(), static_cast<int>(grpc::StatusCode::NOT_FOUND));

  grpc::ClientContext fifth;
  auto refused = reflection->ServerReflectionInfo(&fifth);
  ServerReflectionResponse none;
  EXPECT_FALSE(refused->Read(&none));
  const grpc::Status status = refused->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(status.error_message(), HasSubstr("at most 4 reflection streams"));
  for (auto& stream : streams) {
    stream->WritesDone();
    EXPECT_TRUE(stream->Finish().ok());
  }
}

// Health watches need no token: a quarter of the worker threads at most (4 of the tests' 16)
// are theirs, the next is refused, and the server's calls are still served.
TEST(RuntimeTest, HealthWatchesAreBoundedAndLeaveTheThreadsToCalls) {
  testing::InProcessServer server(std::in_place_type<org::OrgServiceImpl>, org::Definition());
  auto health = grpc::health::v1::Health::NewStub(testing::LocalChannel(server.port()));
  std::vector<std::unique_ptr<grpc::ClientContext>> contexts;
  std::vector<std::unique_ptr<grpc::ClientReader<HealthCheckResponse>>> watches;
  for (int i = 0; i < 4; ++i) {
    contexts.push_back(std::make_unique<grpc::ClientContext>());
    watches.push_back(health->Watch(contexts.back().get(), HealthCheckRequest()));
    HealthCheckResponse response;
    ASSERT_TRUE(watches.back()->Read(&response)) << i;
  }
  grpc::ClientContext fifth;
  auto refused = health->Watch(&fifth, HealthCheckRequest());
  HealthCheckResponse response;
  EXPECT_FALSE(refused->Read(&response));
  const grpc::Status status = refused->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(status.error_message(), HasSubstr("at most 4 health watches"));
  grpc::ClientContext check;
  EXPECT_TRUE(health->Check(&check, HealthCheckRequest(), &response).ok());
  for (size_t i = 0; i < watches.size(); ++i) {
    contexts[i]->TryCancel();
    watches[i]->Finish();
  }
}

TEST_F(ServersTest, ListRulesServesTheCatalogueWithItsArticles) {
  auto stub =
      assessment::v1::AssessmentService::NewStub(testing::LocalChannel((*servers_)[2]->port()));
  grpc::ClientContext context;
  context.AddMetadata("authorization",
                      "Bearer " + testing::TokenFor({"oa-sync", auth::Role::kService, 0}));
  assessment::v1::ListRulesResponse all;
  ASSERT_TRUE(stub->ListRules(&context, {}, &all).ok());
  std::set<std::string> articles_seen;
  bool too_small_is_both = false;
  for (const assessment::v1::Rule& rule : all.rules()) {
    EXPECT_FALSE(rule.summary().empty()) << rule.code();
    EXPECT_GT(rule.severities_size(), 0) << rule.code();
    articles_seen.insert(rule.article());
    if (rule.code() == "GROUP_TOO_SMALL") {
      too_small_is_both = rule.article() == "第一条" && rule.severities_size() == 2;
    }
  }
  EXPECT_TRUE(too_small_is_both);
  for (const char* article : {"第一条", "第二条", "第四条", "第五条", "第六条", "第七条", "第八条",
                              "第九条", "第十条", "第十一条", "第十二条", "第十三条", "第十四条"}) {
    EXPECT_TRUE(std::any_of(articles_seen.begin(), articles_seen.end(), [&](const std::string& a) {
      return a.find(article) != std::string::npos;
    })) << article;
  }

  grpc::ClientContext filtered_context;
  filtered_context.AddMetadata("authorization", "Bearer " + testing::AdminToken());
  assessment::v1::ListRulesRequest request;
  request.set_article("第九条");
  assessment::v1::ListRulesResponse ninth;
  ASSERT_TRUE(stub->ListRules(&filtered_context, request, &ninth).ok());
  ASSERT_EQ(ninth.rules_size(), 1);
  EXPECT_EQ(ninth.rules(0).code(), "THEMEDAY_NOT_APPROVED");
  EXPECT_EQ(ninth.rules(0).severities(0), common::v1::SEVERITY_VIOLATION);

  grpc::ClientContext bad_context;
  bad_context.AddMetadata("authorization", "Bearer " + testing::AdminToken());
  request.set_article("9");
  assessment::v1::ListRulesResponse none;
  grpc::Status status = stub->ListRules(&bad_context, request, &none);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("article"));
}

TEST(RuntimeTest, MigrationFailureRefusesStartUp) {
  server::RuntimeConfig config = testing::TestRuntimeConfig();
  const std::vector<db::Migration> broken = {
      {1, "0001_ok.sql", "CREATE TABLE IF NOT EXISTS a (id INT PRIMARY KEY);"},
      {2, "0002_broken.sql", "CREATE TABLE b (id INT PRIMARY KEY, id INT);"},
  };
  server::ServiceDefinition definition = org::Definition();
  definition.migrations = &broken;
  auto runtime = server::Runtime::Create(definition, config);
  EXPECT_THAT(runtime, testing::StatusIs(absl::StatusCode::kFailedPrecondition,
                                         HasSubstr("0002_broken.sql")));
  testing::DropSchema(config.db);
}

TEST(RuntimeTest, UnreachableDatabaseRefusesStartUpAsUnavailable) {
  server::RuntimeConfig config = testing::TestRuntimeConfig();
  config.db.port = 1;  // nothing listens there
  config.db_wait = absl::Milliseconds(300);
  EXPECT_THAT(server::Runtime::Create(org::Definition(), config),
              testing::StatusIs(absl::StatusCode::kUnavailable));
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

TEST(RuntimeTest, TlsServesTlsClientsAndNotPlaintextOnes) {
  const std::string dir = testing::WriteTempFile("tls_dir_marker", "");
  const std::string key = dir + ".key.pem", cert = dir + ".cert.pem";
  const std::string command = absl::StrCat(
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost -addext "
      "subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout ",
      key, " -out ", cert, " 2>/dev/null");
  ASSERT_EQ(std::system(command.c_str()), 0);
  server::RuntimeConfig config = testing::TestRuntimeConfig();
  config.tls_cert_pem = ReadFile(cert);
  config.tls_key_pem = ReadFile(key);
  ASSERT_OK_AND_ASSIGN(auto runtime, server::Runtime::Create(org::Definition(), config));
  org::OrgServiceImpl service(*runtime);
  ASSERT_OK_AND_ASSIGN(int port, runtime->Start({&service}));

  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = config.tls_cert_pem;
  auto tls_stub = org::v1::OrgService::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::SslCredentials(ssl)));
  {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + testing::AdminToken());
    org::v1::GetServiceInfoResponse response;
    grpc::Status status = tls_stub->GetServiceInfo(&context, {}, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }
  auto plain_stub = org::v1::OrgService::NewStub(testing::LocalChannel(port));
  {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(2)));
    context.AddMetadata("authorization", "Bearer " + testing::AdminToken());
    org::v1::GetServiceInfoResponse response;
    EXPECT_EQ(plain_stub->GetServiceInfo(&context, {}, &response).error_code(),
              grpc::StatusCode::UNAVAILABLE);
  }
  runtime->Shutdown();
  testing::DropSchema(config.db);
}

// Stands in for a service whose call takes a while, to watch shutdown wait for it.
class SlowOrgService final : public org::v1::OrgService::Service {
 public:
  grpc::Status GetServiceInfo(grpc::ServerContext*, const org::v1::GetServiceInfoRequest*,
                              org::v1::GetServiceInfoResponse* response) override {
    if (!entered.HasBeenNotified()) entered.Notify();
    absl::SleepFor(absl::Milliseconds(800));  // the call's own work
    response->mutable_info()->set_service("slow");
    return grpc::Status::OK;
  }
  absl::Notification entered;  // a call is inside the handler
};

TEST(RuntimeTest, ShutdownLetsInFlightCallsFinishAndRefusesNewOnes) {
  server::RuntimeConfig config = testing::TestRuntimeConfig();
  ASSERT_OK_AND_ASSIGN(auto runtime, server::Runtime::Create(org::Definition(), config));
  SlowOrgService slow;
  ASSERT_OK_AND_ASSIGN(int port, runtime->Start({&slow}));
  auto stub = org::v1::OrgService::NewStub(testing::LocalChannel(port));

  grpc::Status in_flight_status;
  org::v1::GetServiceInfoResponse in_flight_response;
  std::thread in_flight([&] {
    grpc::ClientContext context;
    in_flight_status = stub->GetServiceInfo(&context, {}, &in_flight_response);
  });
  EXPECT_TRUE(slow.entered.WaitForNotificationWithTimeout(absl::Seconds(10)));
  runtime->Shutdown();
  in_flight.join();
  EXPECT_TRUE(in_flight_status.ok()) << in_flight_status.error_message();
  EXPECT_EQ(in_flight_response.info().service(), "slow");

  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(2)));
  org::v1::GetServiceInfoResponse response;
  EXPECT_EQ(stub->GetServiceInfo(&context, {}, &response).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  testing::DropSchema(config.db);
}

// One caller holds at most --max_streams_per_caller streams open: the next is refused at once,
// naming the limit, while other callers are served; a stream that ends makes room again. A
// follower of the event log is woken by the commit of a new event.
TEST(RuntimeTest, OneCallerHoldsAtMostItsStreamsAndAFollowerIsWokenByACommit) {
  server::RuntimeConfig config = testing::TestRuntimeConfig();
  config.max_streams_per_caller = 2;
  testing::InProcessServer server(std::in_place_type<org::OrgServiceImpl>, org::Definition(),
                                  config);
  auto stub = org::v1::OrgService::NewStub(testing::LocalChannel(server.port()));
  auto create_unit = [&](const std::string& name) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + testing::AdminToken());
    org::v1::CreateNodeRequest request;
    request.set_request_id("unit-" + name);
    request.set_parent_id(1);
    request.set_kind(org::v1::NODE_KIND_UNIT);
    request.set_name(name);
    org::v1::CreateNodeResponse response;
    ASSERT_TRUE(stub->CreateNode(&context, request, &response).ok());
  };
  create_unit("市直某局");
  struct Follower {
    grpc::ClientContext context;
    std::unique_ptr<grpc::ClientReader<org::v1::WatchEventsResponse>> reader;
    org::v1::WatchEventsResponse first;
  };
  auto follow = [&](const std::string& subject) {
    auto follower = std::make_unique<Follower>();
    follower->context.AddMetadata(
        "authorization", "Bearer " + testing::TokenFor({subject, auth::Role::kService, 0}));
    org::v1::WatchEventsRequest request;
    request.set_follow(true);
    follower->reader = stub->WatchEvents(&follower->context, request);
    return follower;
  };
  // Two followers of one caller, each admitted: each has read the unit's event.
  std::vector<std::unique_ptr<Follower>> open;
  for (int i = 0; i < 2; ++i) {
    open.push_back(follow("oa-finance"));
    ASSERT_TRUE(open.back()->reader->Read(&open.back()->first));
    EXPECT_EQ(open.back()->first.event().kind(), "NODE_CREATED");
  }
  auto third = follow("oa-finance");
  EXPECT_FALSE(third->reader->Read(&third->first));
  const grpc::Status refused = third->reader->Finish();
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(refused.error_message(), HasSubstr("2 streams in flight"));
  auto other = follow("oa-personnel");
  ASSERT_TRUE(other->reader->Read(&other->first));

  // A commit wakes the followers: the next event reaches one without waiting for a poll.
  create_unit("市直另一局");
  org::v1::WatchEventsResponse next;
  ASSERT_TRUE(open[0]->reader->Read(&next));
  EXPECT_GT(next.event().sequence(), open[0]->first.event().sequence());

  // One stream ends: the caller may open another (its place is given back as the call ends).
  open[1]->context.TryCancel();
  open[1]->reader->Finish();
  bool admitted = false;
  for (const absl::Time give_up = absl::Now() + absl::Seconds(20);
       !admitted && absl::Now() < give_up;) {
    auto again = follow("oa-finance");
    admitted = again->reader->Read(&again->first);
    again->context.TryCancel();
    again->reader->Finish();
  }
  EXPECT_TRUE(admitted);
  for (auto* f : {open[0].get(), other.get()}) {
    f->context.TryCancel();
    f->reader->Finish();
  }
}

// Refused calls are recorded within a budget: so many a minute for one caller and for the
// server; the rest are counted, and the count is taken once its minute has ended.
TEST(RefusalBudgetTest, AFloodIsCountedNotRecorded) {
  server::RefusalBudget budget(/*per_caller_per_minute=*/3, /*per_minute=*/5);
  const absl::Time minute = absl::FromUnixSeconds(1'800'000'040 / 60 * 60);
  int admitted = 0;
  for (int i = 0; i < 10; ++i) admitted += budget.Admit("attacker", minute + absl::Seconds(i));
  EXPECT_EQ(admitted, 3);
  EXPECT_TRUE(budget.Admit("oa", minute + absl::Seconds(20)));
  EXPECT_TRUE(budget.Admit("secretary", minute + absl::Seconds(21)));
  EXPECT_FALSE(budget.Admit("member", minute + absl::Seconds(22)));  // the server's five are used
  EXPECT_TRUE(budget.TakeSuppressed(minute + absl::Seconds(59)).empty());  // the minute runs
  const auto suppressed = budget.TakeSuppressed(minute + absl::Seconds(60));
  ASSERT_EQ(suppressed.size(), 1u);
  EXPECT_EQ(suppressed.begin()->first, minute);
  EXPECT_EQ(suppressed.begin()->second, 8);
  EXPECT_TRUE(budget.Admit("attacker", minute + absl::Seconds(61)));  // a new minute
}

}  // namespace
}  // namespace partygroup
