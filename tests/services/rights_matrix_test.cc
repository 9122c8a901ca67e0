// Every RPC of the suite, called as each of the six roles on its own part of the tree and on
// another unit's, and compared with the table in rights_matrix.txt (DESIGN.md, Security):
//
// - The list of RPCs comes from the services' descriptors; the table names each exactly once.
// - A role the table denies gets PERMISSION_DENIED, whatever the request holds: rights are
//   checked before anything in it is looked up.
// - A role the table allows is served on its own part (any answer but PERMISSION_DENIED) and
//   refused on another unit's, where only ADMIN acts.
// - Ids of another unit nested in a request about one's own (attendees, voters, members of a
//   group) are answered exactly as ids that do not exist.
// - Nothing of the other unit (whose every name holds kOutsider) reaches a caller scoped to A,
//   in an answer or in an error.
#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/util/json_util.h>
#include <grpcpp/completion_queue.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/support/byte_buffer.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "partygroup/activity/v1/activity_service.grpc.pb.h"
#include "partygroup/assessment/v1/assessment_service.grpc.pb.h"
#include "partygroup/audit/v1/audit_service.grpc.pb.h"
#include "partygroup/org/v1/org_service.grpc.pb.h"
#include "services/assessment/assessment_definition.h"
#include "services/assessment/assessment_service.h"
#include "tests/services/activity_test_util.h"
#include "tests/services/org_test_util.h"
#include "tests/support/in_process_server.h"
#include "tests/support/test_server.h"

namespace partygroup {
namespace {

using google::protobuf::MethodDescriptor;

// Every name in the other unit holds this, so that a leak of it shows in any answer.
constexpr char kOutsider[] = "外单位";

// The table's columns.
constexpr char kLetters[] = "AUBLMS";
const std::array<auth::Role, 6> kRoles = {auth::Role::kAdmin,           auth::Role::kUnitAdmin,
                                          auth::Role::kBranchSecretary, auth::Role::kGroupLeader,
                                          auth::Role::kMember,          auth::Role::kService};

// The audit trail is served by every server; the table's calls of it go to org.
constexpr std::array<const char*, 4> kServices = {
    "partygroup.org.v1.OrgService", "partygroup.activity.v1.ActivityService",
    "partygroup.assessment.v1.AssessmentService", "partygroup.audit.v1.AuditService"};

struct Line {
  int number = 0;
  std::string rpc;  // "OrgService/GetMember"
  std::string roles;
  std::string request;
};

std::vector<Line> ReadTable() {
  std::ifstream in(std::string(PARTYGROUP_SOURCE_DIR) + "/tests/services/rights_matrix.txt");
  std::vector<Line> lines;
  std::string text;
  for (int number = 1; std::getline(in, text); ++number) {
    if (text.empty() || text[0] == '#') continue;
    std::vector<std::string> parts =
        absl::StrSplit(text, absl::MaxSplits(absl::ByAnyChar(" "), 1), absl::SkipEmpty());
    Line line;
    line.number = number;
    line.rpc = parts[0];
    std::string rest =
        parts.size() > 1 ? std::string(absl::StripLeadingAsciiWhitespace(parts[1])) : std::string();
    const size_t space = rest.find(' ');
    line.roles = rest.substr(0, space);
    line.request = space == std::string::npos
                       ? ""
                       : std::string(absl::StripAsciiWhitespace(rest.substr(space)));
    lines.push_back(line);
  }
  return lines;
}

// "OrgService/GetMember" → its descriptor, for every method of the three services.
std::map<std::string, const MethodDescriptor*> EveryRpc() {
  std::map<std::string, const MethodDescriptor*> rpcs;
  for (const char* name : kServices) {
    const auto* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(name);
    EXPECT_NE(service, nullptr) << name;
    if (service == nullptr) continue;
    for (int i = 0; i < service->method_count(); ++i) {
      rpcs[absl::StrCat(service->name(), "/", service->method(i)->name())] = service->method(i);
    }
  }
  return rpcs;
}

std::string ToJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  return json;
}

struct Answer {
  grpc::Status status;
  std::vector<std::string> messages;  // each response, as JSON
};

// Calls `method` with the request `json`, as the holder of `token`, whatever its kind (unary or
// streaming): one request message, then every response until the server ends the call.
Answer Call(const std::shared_ptr<grpc::Channel>& channel, const MethodDescriptor& method,
            const std::string& token, const std::string& json) {
  Answer answer;
  auto* factory = google::protobuf::MessageFactory::generated_factory();
  std::unique_ptr<google::protobuf::Message> request(
      factory->GetPrototype(method.input_type())->New());
  const auto parsed = google::protobuf::util::JsonStringToMessage(json, request.get());
  if (!parsed.ok()) {
    answer.status = grpc::Status(grpc::StatusCode::DATA_LOSS,
                                 absl::StrCat("the table's request does not parse: ", json));
    return answer;
  }
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
  context.AddMetadata("authorization", "Bearer " + token);
  grpc::CompletionQueue queue;
  // One operation at a time: each is awaited before the next starts.
  auto await = [&queue] {
    void* tag = nullptr;
    bool ok = false;
    return queue.Next(&tag, &ok) && ok;
  };
  auto call = stub.PrepareCall(
      &context, absl::StrCat("/", method.service()->full_name(), "/", method.name()), &queue);
  call->StartCall(nullptr);
  if (await()) {
    const std::string bytes = request->SerializeAsString();
    grpc::Slice slice(bytes);
    grpc::ByteBuffer buffer(&slice, 1);
    call->Write(buffer, nullptr);
    if (await()) {
      call->WritesDone(nullptr);
      await();
    }
    for (;;) {
      grpc::ByteBuffer reply;
      call->Read(&reply, nullptr);
      if (!await()) break;
      std::vector<grpc::Slice> slices;
      (void)reply.Dump(&slices);
      std::string body;
      for (const grpc::Slice& s : slices) body.append(s.begin(), s.end());
      std::unique_ptr<google::protobuf::Message> response(
          factory->GetPrototype(method.output_type())->New());
      response->ParseFromString(body);
      answer.messages.push_back(ToJson(*response));
    }
  }
  call->Finish(&answer.status, nullptr);
  await();
  queue.Shutdown();
  void* tag = nullptr;
  bool ok = false;
  while (queue.Next(&tag, &ok)) {
  }
  return answer;
}

bool Permitted(const grpc::Status& status) {
  return status.error_code() != grpc::StatusCode::PERMISSION_DENIED &&
         status.error_code() != grpc::StatusCode::UNAUTHENTICATED;
}

std::string Describe(const Answer& answer) {
  return absl::StrCat(answer.status.error_code(), " ", answer.status.error_message());
}

// An answer without its numbers, to compare two answers that differ only in the ids asked about.
std::string WithoutDigits(const Answer& answer) {
  std::string text = Describe(answer);
  text.erase(
      std::remove_if(text.begin(), text.end(), [](char c) { return absl::ascii_isdigit(c); }),
      text.end());
  return text;
}

// The ids of one unit's part of the tree and its records, by placeholder name.
using Ids = std::map<std::string, int64_t>;

// `json` with $name replaced by in[name], @name by nested[name], $rid by a fresh request id.
std::string Fill(const std::string& json, const Ids& in, const Ids& nested) {
  std::string out;
  for (size_t i = 0; i < json.size();) {
    const char c = json[i];
    if (c != '$' && c != '@') {
      out += c;
      ++i;
      continue;
    }
    size_t end = i + 1;
    while (end < json.size() && (absl::ascii_isalnum(json[end]) || json[end] == '_')) ++end;
    const std::string name = json.substr(i + 1, end - i - 1);
    if (name == "rid") {
      out += testing::NextRequestId();
    } else {
      const Ids& ids = c == '$' ? in : nested;
      const auto found = ids.find(name);
      EXPECT_NE(found, ids.end()) << "no id for placeholder " << c << name;
      out += absl::StrCat(found == ids.end() ? 0 : found->second);
    }
    i = end;
  }
  return out;
}

class RightsMatrixTest : public ::testing::Test {
 protected:
  void SetUp() override {
    org_ = std::make_unique<testing::OrgServer>();
    activity_ = std::make_unique<testing::ActivityServer>(org_->port());
    server::RuntimeConfig config = testing::TestRuntimeConfig();
    config.org_address = absl::StrCat("127.0.0.1:", org_->port());
    config.activity_address = absl::StrCat("127.0.0.1:", activity_->port());
    config.service_token =
        auth::ServiceToken::Fixed(testing::TokenFor({"assessment", auth::Role::kService, 0}));
    assessment_ = std::make_unique<testing::InProcessServer>(
        std::in_place_type<assessment::AssessmentServiceImpl>, assessment::Definition(),
        std::move(config));
    channels_["OrgService"] = testing::LocalChannel(org_->port());
    channels_["ActivityService"] = testing::LocalChannel(activity_->port());
    channels_["AssessmentService"] = testing::LocalChannel(assessment_->port());
    channels_["AuditService"] = channels_["OrgService"];
    admin_ = testing::AdminToken();
  }

  // As ADMIN, `rpc` with `json` (ids of `ids` filled in): its answer, which must be OK.
  nlohmann::json Seed(const std::string& rpc, const std::string& json, const Ids& ids) {
    const Answer answer = CallRpc(rpc, admin_, Fill(json, ids, ids));
    EXPECT_TRUE(answer.status.ok()) << rpc << " " << json << ": " << Describe(answer);
    if (!answer.status.ok() || answer.messages.empty()) return nlohmann::json::object();
    return nlohmann::json::parse(answer.messages.front());
  }
  // The id at `pointer` of an answer (protobuf's JSON writes an int64 as a string).
  static int64_t IdAt(const nlohmann::json& body, const std::string& pointer) {
    const nlohmann::json::json_pointer at(pointer);
    if (!body.contains(at)) {
      ADD_FAILURE() << "no " << pointer << " in " << body.dump();
      return 0;
    }
    const nlohmann::json& value = body.at(at);
    return value.is_string() ? std::stoll(value.get<std::string>()) : value.get<int64_t>();
  }
  int64_t Seed(const std::string& rpc, const std::string& json, const Ids& ids,
               const std::string& pointer) {
    return IdAt(Seed(rpc, json, ids), pointer);
  }

  // A unit with three branches; in the first, a group of four with its leader, a spare group of
  // three without one, three members in no group and one about to leave; a group meeting
  // requested, an org-life meeting held with an item to rectify, an evaluation campaign open, a
  // theme day requested, a task assigned, an opinion received, the annual report submitted; and
  // the unit's assessment cycle. Every name begins with `prefix`.
  Ids SeedUnit(const std::string& prefix) {
    Ids ids;
    auto node = [&](const std::string& key, const std::string& parent, const char* kind,
                    const std::string& name) {
      ids[key] = Seed(
          "OrgService/CreateNode",
          absl::StrCat(R"({"request_id":"$rid","parent_id":)", parent.empty() ? "1" : "$" + parent,
                       R"(,"kind":")", kind, R"(","name":")", prefix, name, R"("})"),
          ids, "/node/id");
    };
    node("unit", "", "NODE_KIND_UNIT", "局");
    node("branch", "unit", "NODE_KIND_BRANCH", "第一党支部");
    node("spare_branch", "unit", "NODE_KIND_BRANCH", "第二党支部");
    node("empty_branch", "unit", "NODE_KIND_BRANCH", "第三党支部");
    for (const char* key : {"leader", "member", "member2", "member3", "spare1", "spare2", "spare3",
                            "free1", "free2", "free3", "leaving"}) {
      ids[key] =
          Seed("OrgService/CreateMember",
               absl::StrCat(R"({"request_id":"$rid","branch_id":$branch,"name":")", prefix, "党员",
                            key, R"(","phone":"13900000000","status":"MEMBER_STATUS_FORMAL"})"),
               ids, "/member/id");
    }
    const std::string decision =
        R"("decision":{"decided_on":{"year":2026,"month":11,"day":2},"document_ref":"支发1号"})";
    const std::string group = absl::StrCat(R"({"request_id":"$rid","branch_id":$branch,"name":")",
                                           prefix, R"(第一党小组",)", decision,
                                           R"(,"member_ids":[$leader,$member,$member2,$member3]})");
    ids["group"] = Seed("OrgService/CreateGroup", group, ids, "/group/node/id");
    const nlohmann::json spare = Seed(
        "OrgService/CreateGroup",
        absl::StrCat(R"({"request_id":"$rid","branch_id":$branch,"name":")", prefix,
                     R"(第二党小组",)", decision, R"(,"member_ids":[$spare1,$spare2,$spare3]})"),
        ids);
    ids["spare_group"] = IdAt(spare, "/group/node/id");
    ids["filing"] = IdAt(spare, "/filing/id");
    Seed(
        "OrgService/AppointLeader",
        R"({"request_id":"$rid","group_id":$group,"member_id":$leader,"method":"APPOINTMENT_METHOD_BRANCH_DESIGNATION","record_ref":"支委会记录","appointed_on":{"year":2026,"month":11,"day":2}})",
        ids);

    ids["meeting"] = Seed("ActivityService/RequestGroupMeeting",
                          absl::StrCat(R"({"request_id":"$rid","group_id":$group,"topics":[")",
                                       prefix, R"(议题"],"planned_time":"2027-01-15T01:00:00Z"})"),
                          ids, "/meeting/id");
    ids["org_life"] = Seed("ActivityService/PlanOrgLifeMeeting",
                           absl::StrCat(R"({"request_id":"$rid","group_id":$group,"theme":")",
                                        prefix, R"(组织生活会"})"),
                           ids, "/meeting/id");
    Seed(
        "ActivityService/RecordOrgLifePreparation",
        R"({"request_id":"$rid","meeting_id":$org_life,"study_sessions":1,"talks":1,"opinions_gathered":1})",
        ids);
    Seed(
        "ActivityService/RecordOrgLifeMeetingHeld",
        absl::StrCat(
            R"({"request_id":"$rid","meeting_id":$org_life,"held_time":"2026-11-15T01:00:00Z","present_member_ids":[$leader,$member,$member2,$member3],"problems":[")",
            prefix, R"(问题"],"criticism_member_ids":[$leader,$member,$member2,$member3]})"),
        ids);
    ids["item"] =
        Seed("ActivityService/AddRectificationItem",
             absl::StrCat(
                 R"({"request_id":"$rid","meeting_id":$org_life,"measure":")", prefix,
                 R"(整改","owner_member_id":$member,"deadline":{"year":2027,"month":3,"day":1}})"),
             ids, "/meeting/rectification/0/id");
    ids["campaign"] = Seed(
        "ActivityService/OpenEvaluationCampaign",
        R"({"request_id":"$rid","group_id":$group,"opened_on":{"year":2026,"month":11,"day":20},"deadline":{"year":2026,"month":12,"day":20}})",
        ids, "/campaign/id");
    ids["theme_day"] = Seed(
        "ActivityService/RequestThemeDay",
        absl::StrCat(
            R"({"request_id":"$rid","group_id":$group,"kind":"THEME_DAY_KIND_STUDY","title":")",
            prefix, R"(主题党日","planned_time":"2027-01-20T01:00:00Z"})"),
        ids, "/theme_day/id");
    ids["task"] = Seed(
        "ActivityService/AssignTask",
        absl::StrCat(
            R"({"request_id":"$rid","group_id":$group,"title":")", prefix,
            R"(任务","description":"说明","member_ids":[$member],"due_time":"2027-01-15T01:00:00Z"})"),
        ids, "/task/id");
    ids["opinion"] = Seed(
        "ActivityService/RecordOpinion",
        absl::StrCat(
            R"({"request_id":"$rid","group_id":$group,"source":"OPINION_SOURCE_MEMBER","content":")",
            prefix, R"(意见","receive_time":"2026-11-20T01:00:00Z"})"),
        ids, "/opinion/id");
    ids["report"] =
        Seed("ActivityService/SubmitAnnualReport",
             absl::StrCat(R"({"request_id":"$rid","group_id":$group,"year":2026,"text":")", prefix,
                          R"(年度报告"})"),
             ids, "/report/id");
    ids["cycle"] = Seed("AssessmentService/OpenCycle",
                        absl::StrCat(R"({"request_id":"$rid","name":")", prefix,
                                     R"(考核","year":2026,"node_id":$unit})"),
                        ids, "/cycle/id");
    return ids;
  }

  // The caller of each column, scoped to unit A's part of the tree.
  std::string TokenOf(auth::Role role, const Ids& a) {
    switch (role) {
      case auth::Role::kAdmin:
        return admin_;
      case auth::Role::kUnitAdmin:
        return testing::TokenFor({"matrix-unit-admin", role, a.at("unit")});
      case auth::Role::kBranchSecretary:
        return testing::TokenFor({"matrix-secretary", role, a.at("branch")});
      case auth::Role::kGroupLeader:
        return testing::TokenFor({"matrix-leader", role, a.at("group"), a.at("leader")});
      case auth::Role::kMember:
        return testing::TokenFor({"matrix-member", role, a.at("group"), a.at("member")});
      case auth::Role::kService:
        return testing::TokenFor({"matrix-oa", role, a.at("unit")});
    }
    return "";
  }

  Answer CallRpc(const std::string& rpc, const std::string& token, const std::string& json) {
    static const std::map<std::string, const MethodDescriptor*> kRpcs = EveryRpc();
    const auto method = kRpcs.find(rpc);
    if (method == kRpcs.end()) {
      return {grpc::Status(grpc::StatusCode::DATA_LOSS, "no such RPC: " + rpc), {}};
    }
    return Call(channels_.at(rpc.substr(0, rpc.find('/'))), *method->second, token, json);
  }

  std::unique_ptr<testing::OrgServer> org_;
  std::unique_ptr<testing::ActivityServer> activity_;
  std::unique_ptr<testing::InProcessServer> assessment_;
  std::map<std::string, std::shared_ptr<grpc::Channel>> channels_;
  std::string admin_;
};

TEST(RightsTableTest, NamesEveryRpcOfTheProtosOnceWithAColumnPerRole) {
  std::map<std::string, const MethodDescriptor*> rpcs = EveryRpc();
  ASSERT_GT(rpcs.size(), 90u);
  std::set<std::string> listed;
  for (const Line& line : ReadTable()) {
    EXPECT_TRUE(rpcs.count(line.rpc))
        << "line " << line.number << ": " << line.rpc << " is not an RPC of the protos";
    EXPECT_TRUE(listed.insert(line.rpc).second)
        << "line " << line.number << ": " << line.rpc << " listed twice";
    ASSERT_EQ(line.roles.size(), 6u) << "line " << line.number;
    for (size_t i = 0; i < 6; ++i) {
      EXPECT_TRUE(line.roles[i] == kLetters[i] || line.roles[i] == '-')
          << "line " << line.number << ": column " << i + 1 << " is " << kLetters[i] << " or -";
    }
  }
  for (const auto& [rpc, method] : rpcs) {
    EXPECT_TRUE(listed.count(rpc)) << rpc << " is missing from rights_matrix.txt";
  }
}

TEST_F(RightsMatrixTest, EveryRpcAnswersEachRoleInAndOutOfScopeAsTheTableSays) {
  const Ids a = SeedUnit("甲");
  const Ids b = SeedUnit(kOutsider);
  ASSERT_FALSE(HasFailure()) << "the two units could not be seeded";
  // Ids that exist nowhere, in place of another unit's nested in a request.
  Ids nowhere;
  for (const auto& [key, id] : b) nowhere[key] = 900000000 + id;

  // The roles with fewer rights first, so that a change one makes comes after the refusals.
  const std::array<int, 6> order = {4, 5, 3, 2, 1, 0};
  std::vector<std::string> leaks, wrong;
  // Served although another unit's ids are nested (as ids that do not exist would be): not a leak,
  // but a request the service could refuse; printed for the reader.
  std::vector<std::string> accepted;
  int calls = 0;
  for (const Line& line : ReadTable()) {
    // A request that names a part of the tree (a placeholder besides $rid) is also made with
    // another unit's ids.
    std::string names = line.request;
    for (size_t rid; (rid = names.find("$rid")) != std::string::npos;) names.erase(rid, 4);
    const bool scoped = names.find('$') != std::string::npos;
    const bool nested = line.request.find('@') != std::string::npos;
    for (int column : order) {
      const auth::Role role = kRoles[column];
      const std::string who = absl::StrCat(line.rpc, " as ", auth::RoleName(role));
      const std::string token = TokenOf(role, a);
      const bool allowed = line.roles[column] != '-';
      const bool admin = role == auth::Role::kAdmin;
      // `expect`: whether the call is served (any answer but PERMISSION_DENIED); unset where
      // either is right.
      auto check = [&](const std::string& variant, const Answer& answer,
                       std::optional<bool> expect) {
        ++calls;
        const std::string seen = absl::StrCat(who, " ", variant, ": ", Describe(answer));
        if (answer.status.error_code() == grpc::StatusCode::DATA_LOSS) {
          wrong.push_back(seen);
        } else if (answer.status.error_code() == grpc::StatusCode::INTERNAL ||
                   answer.status.error_code() == grpc::StatusCode::UNKNOWN) {
          wrong.push_back(absl::StrCat(seen, " (never INTERNAL or UNKNOWN)"));
        } else if (expect.has_value() && Permitted(answer.status) != *expect) {
          (*expect ? wrong : leaks).push_back(seen);
        }
        if (admin) return;
        bool outsider = absl::StrContains(answer.status.error_message(), kOutsider);
        for (const std::string& message : answer.messages) {
          outsider = outsider || absl::StrContains(message, kOutsider);
        }
        if (outsider) leaks.push_back(absl::StrCat(seen, " (shows the other unit's records)"));
      };
      if (nested && allowed && !admin) {
        const Answer outside = CallRpc(line.rpc, token, Fill(line.request, a, b));
        const Answer none = CallRpc(line.rpc, token, Fill(line.request, a, nowhere));
        check("with another unit's ids nested", outside, std::nullopt);
        if (outside.status.ok()) accepted.push_back(who);
        if (WithoutDigits(outside) != WithoutDigits(none)) {
          leaks.push_back(absl::StrCat(who, ": another unit's nested ids answered ",
                                       Describe(outside), ", ids of nothing ", Describe(none)));
        }
      }
      if (scoped) {
        check("out of scope", CallRpc(line.rpc, token, Fill(line.request, b, b)), allowed && admin);
      }
      check("in scope", CallRpc(line.rpc, token, Fill(line.request, a, a)), allowed);
    }
  }
  std::cout << calls << " calls, " << leaks.size() << " leaks, " << wrong.size()
            << " refusals the table does not make\n";
  if (!accepted.empty()) {
    std::cout << "served with ids nested that are nobody's here:\n  "
              << absl::StrJoin(accepted, "\n  ") << "\n";
  }
  EXPECT_TRUE(leaks.empty()) << "served where the table refuses, or showing what the caller may "
                                "not see:\n"
                             << absl::StrJoin(leaks, "\n");
  EXPECT_TRUE(wrong.empty()) << "refused where the table serves:\n" << absl::StrJoin(wrong, "\n");
}

}  // namespace
}  // namespace partygroup
