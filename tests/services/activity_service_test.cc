// The activity service through gRPC, with the org service running for real: each step of a
// group meeting (第五条) and each refusal with its article, the archive made read-only, the
// branch's approval by role, a retried request, org unavailable.
#include "services/activity/activity_service.h"

#include <grpcpp/create_channel.h>

#include <functional>
#include <optional>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "partygroup/activity/v1/activity_service.grpc.pb.h"
#include "services/activity/activity_definition.h"
#include "tests/services/activity_test_util.h"
#include "tests/services/org_test_util.h"
#include "tests/support/grpc_matchers.h"

namespace partygroup::activity {
namespace {

using ::partygroup::testing::ActivityServer;
using ::partygroup::testing::MakeDate;
using ::partygroup::testing::NextRequestId;
using ::partygroup::testing::OrgClient;
using ::partygroup::testing::OrgServer;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using OrgStub = org::v1::OrgService::Stub;
using S = v1::ActivityService::Stub;

using ::partygroup::testing::GrpcIs;
using ::partygroup::testing::GrpcOk;

class Client {
 public:
  Client(int port, auth::Caller caller)
      : stub_(v1::ActivityService::NewStub(::partygroup::testing::LocalChannel(port))),
        token_(::partygroup::testing::TokenFor(caller)) {}
  template <typename Request, typename Response>
  grpc::Status Call(grpc::Status (S::*method)(grpc::ClientContext*, const Request&, Response*),
                    const Request& request, Response* response) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
    context.AddMetadata("authorization", "Bearer " + token_);
    return (stub_.get()->*method)(&context, request, response);
  }
  S& stub() { return *stub_; }
  const std::string& token() const { return token_; }

 private:
  std::unique_ptr<S> stub_;
  std::string token_;
};

// A branch with a group of four (members[0] leads it) and one other branch.
struct Organisation {
  int64_t unit = 0, branch = 0, other_branch = 0, group = 0;
  std::vector<int64_t> members;
};

class ActivityServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    org_ = new OrgServer();
    activity_ = new ActivityServer(org_->port());
  }
  static void TearDownTestSuite() {
    delete activity_;
    delete org_;
  }

  // `formal` formal members (the first leads), then `probationary` probationary ones.
  Organisation Build(common::v1::Date decided_on = MakeDate(2026, 1, 5), int probationary = 0,
                     int formal = 4) {
    OrgClient admin(org_->port(), {"admin", auth::Role::kAdmin, 0});
    Organisation o;
    auto node = [&](int64_t parent, org::v1::NodeKind kind) {
      org::v1::CreateNodeRequest request;
      request.set_request_id(NextRequestId());
      request.set_parent_id(parent);
      request.set_kind(kind);
      request.set_name("节点");
      org::v1::CreateNodeResponse response;
      EXPECT_THAT(admin.Call(&OrgStub::CreateNode, request, &response), GrpcOk());
      return response.node().id();
    };
    o.unit = node(1, org::v1::NODE_KIND_UNIT);
    o.branch = node(o.unit, org::v1::NODE_KIND_BRANCH);
    o.other_branch = node(o.unit, org::v1::NODE_KIND_BRANCH);
    for (int i = 0; i < formal + probationary; ++i) {
      org::v1::CreateMemberRequest request;
      request.set_request_id(NextRequestId());
      request.set_branch_id(o.branch);
      request.set_name(absl::StrCat("党员", i));
      request.set_status(i < formal ? org::v1::MEMBER_STATUS_FORMAL
                                    : org::v1::MEMBER_STATUS_PROBATIONARY);
      org::v1::CreateMemberResponse response;
      EXPECT_THAT(admin.Call(&OrgStub::CreateMember, request, &response), GrpcOk());
      o.members.push_back(response.member().id());
    }
    org::v1::CreateGroupRequest group;
    group.set_request_id(NextRequestId());
    group.set_branch_id(o.branch);
    group.set_name("第一党小组");
    for (int64_t id : o.members) group.add_member_ids(id);
    *group.mutable_decision()->mutable_decided_on() = decided_on;
    group.mutable_decision()->set_document_ref("支〔2026〕1号");
    org::v1::CreateGroupResponse created;
    EXPECT_THAT(admin.Call(&OrgStub::CreateGroup, group, &created), GrpcOk());
    o.group = created.group().node().id();
    org::v1::AppointLeaderRequest leader;
    leader.set_request_id(NextRequestId());
    leader.set_group_id(o.group);
    leader.set_member_id(o.members[0]);
    leader.set_method(org::v1::APPOINTMENT_METHOD_BRANCH_DESIGNATION);
    leader.set_record_ref("支〔2026〕2号");
    *leader.mutable_appointed_on() = decided_on;
    org::v1::AppointLeaderResponse appointed;
    EXPECT_THAT(admin.Call(&OrgStub::AppointLeader, leader, &appointed), GrpcOk());
    return o;
  }

  Client Leader(const Organisation& o) {
    return Client(activity_->port(), {"leader", auth::Role::kGroupLeader, o.group});
  }
  Client Secretary(int64_t branch) {
    return Client(activity_->port(), {"secretary", auth::Role::kBranchSecretary, branch});
  }
  // The unit's administrator, who runs the back office (past records from paper).
  Client UnitAdmin(const Organisation& o) {
    return Client(activity_->port(), {"unit-admin", auth::Role::kUnitAdmin, o.unit});
  }

  v1::GroupMeeting Request(Client& client, const Organisation& o) {
    v1::RequestGroupMeetingRequest request;
    request.set_request_id(NextRequestId());
    request.set_group_id(o.group);
    request.add_topics("学习第十四条：党员领导干部带头参加党小组活动");
    v1::RequestGroupMeetingResponse response;
    EXPECT_THAT(client.Call(&S::RequestGroupMeeting, request, &response), GrpcOk());
    return response.meeting();
  }
  grpc::Status Review(Client& client, int64_t meeting, bool approve, const std::string& reason,
                      v1::GroupMeeting* out = nullptr) {
    v1::ReviewGroupMeetingRequest request;
    request.set_request_id(NextRequestId());
    request.set_meeting_id(meeting);
    request.set_approve(approve);
    request.set_rejection_reason(reason);
    v1::ReviewGroupMeetingResponse response;
    grpc::Status status = client.Call(&S::ReviewGroupMeeting, request, &response);
    if (out != nullptr) *out = response.meeting();
    return status;
  }
  grpc::Status Notify(Client& client, int64_t meeting, v1::GroupMeeting* out = nullptr) {
    v1::NotifyGroupMeetingRequest request;
    request.set_request_id(NextRequestId());
    request.set_meeting_id(meeting);
    v1::NotifyGroupMeetingResponse response;
    grpc::Status status = client.Call(&S::NotifyGroupMeeting, request, &response);
    if (out != nullptr) *out = response.meeting();
    return status;
  }
  v1::RecordGroupMeetingHeldRequest Held(const Organisation& o, int64_t meeting) {
    v1::RecordGroupMeetingHeldRequest request;
    request.set_request_id(NextRequestId());
    request.set_meeting_id(meeting);
    *request.mutable_held_time() = proto::ToTimestamp(absl::Now());
    request.set_chair_member_id(o.members[0]);
    for (int64_t id : o.members) {
      v1::Attendance* a = request.add_attendance();
      a->set_member_id(id);
      a->set_present(id != o.members[3]);
      if (id == o.members[3]) a->set_absence_reason("出差");
    }
    request.set_minutes("会议学习了实施意见第十四条，讨论了本组落实措施。");
    return request;
  }
  // A meeting requested, approved, notified and held now; members[3] absent on a trip.
  v1::GroupMeeting HoldMeeting(const Organisation& o) {
    Client leader = Leader(o);
    Client secretary = Secretary(o.branch);
    const v1::GroupMeeting requested = Request(leader, o);
    EXPECT_THAT(Review(secretary, requested.id(), true, ""), GrpcOk());
    EXPECT_THAT(Notify(leader, requested.id()), GrpcOk());
    v1::RecordGroupMeetingHeldResponse held;
    EXPECT_THAT(leader.Call(&S::RecordGroupMeetingHeld, Held(o, requested.id()), &held), GrpcOk());
    return held.meeting();
  }
  // A new version of the committee's policy (本委政策): the current one with `change` applied.
  int64_t SetPolicy(const std::function<void(org::v1::Policy&)>& change) {
    OrgClient admin(org_->port(), {"admin", auth::Role::kAdmin, 0});
    org::v1::GetPolicyResponse current;
    EXPECT_THAT(admin.Call(&OrgStub::GetPolicy, org::v1::GetPolicyRequest(), &current), GrpcOk());
    org::v1::CreatePolicyRequest request;
    request.set_request_id(NextRequestId());
    *request.mutable_policy() = current.policy();
    change(*request.mutable_policy());
    org::v1::CreatePolicyResponse created;
    EXPECT_THAT(admin.Call(&OrgStub::CreatePolicy, request, &created), GrpcOk());
    return created.policy().version();
  }
  // The defaults again, as a new version.
  void RestoreDefaultPolicy() {
    SetPolicy([](org::v1::Policy& p) {
      p.set_probationary_members_in_mutual_evaluation(true);
      p.clear_rules_off();
    });
  }

  static common::v1::Period ThisMonth() {
    const absl::CivilMonth month = absl::ToCivilMonth(absl::Now(), absl::FixedTimeZone(8 * 3600));
    common::v1::Period period;
    period.set_year(static_cast<int>(month.year()));
    period.set_month(month.month());
    return period;
  }

  static OrgServer* org_;
  static ActivityServer* activity_;
};
OrgServer* ActivityServiceTest::org_ = nullptr;
ActivityServer* ActivityServiceTest::activity_ = nullptr;

TEST_F(ActivityServiceTest, AMeetingGoesThroughEveryStepOfArticleFive) {
  const Organisation o = Build();
  Client leader = Leader(o);
  Client secretary = Secretary(o.branch);

  v1::RequestGroupMeetingRequest no_topics;
  no_topics.set_request_id(NextRequestId());
  no_topics.set_group_id(o.group);
  v1::RequestGroupMeetingResponse refused;
  EXPECT_THAT(leader.Call(&S::RequestGroupMeeting, no_topics, &refused),
              GrpcIs(grpc::StatusCode::FAILED_PRECONDITION, "MEETING_NO_TOPICS (第五条)"));

  const v1::GroupMeeting requested = Request(leader, o);
  EXPECT_EQ(requested.status(), v1::MEETING_STATUS_REQUESTED);
  EXPECT_EQ(requested.branch_id(), o.branch);

  // Each step only from the one before.
  EXPECT_THAT(Notify(leader, requested.id()),
              GrpcIs(grpc::StatusCode::FAILED_PRECONDITION, "MEETING_NOT_REQUESTED (第五条)"));
  // The branch approves, not the leader, and not another branch.
  EXPECT_THAT(Review(leader, requested.id(), true, ""),
              GrpcIs(grpc::StatusCode::PERMISSION_DENIED, "第五条"));
  Client stranger = Secretary(o.other_branch);
  EXPECT_THAT(Review(stranger, requested.id(), true, ""),
              GrpcIs(grpc::StatusCode::PERMISSION_DENIED, ""));
  v1::GroupMeeting approved;
  ASSERT_THAT(Review(secretary, requested.id(), true, "", &approved), GrpcOk());
  EXPECT_EQ(approved.status(), v1::MEETING_STATUS_APPROVED);
  v1::RecordGroupMeetingHeldResponse too_early;
  EXPECT_THAT(leader.Call(&S::RecordGroupMeetingHeld, Held(o, requested.id()), &too_early),
              GrpcIs(grpc::StatusCode::FAILED_PRECONDITION, "MEETING_NO_NOTICE (第五条)"));

  v1::GroupMeeting notified;
  ASSERT_THAT(Notify(leader, requested.id(), &notified), GrpcOk());
  EXPECT_EQ(notified.status(), v1::MEETING_STATUS_NOTIFIED);
  EXPECT_EQ(notified.notified_member_ids_size(), 4);

  v1::RecordGroupMeetingHeldResponse held;
  v1::RecordGroupMeetingHeldRequest wrong_chair = Held(o, requested.id());
  wrong_chair.set_chair_member_id(o.members[1]);
  EXPECT_THAT(leader.Call(&S::RecordGroupMeetingHeld, wrong_chair, &held),
              GrpcIs(grpc::StatusCode::FAILED_PRECONDITION, "MEETING_CHAIR_NOT_LEADER (第五条)"));
  v1::RecordGroupMeetingHeldRequest missing = Held(o, requested.id());
  missing.mutable_attendance()->RemoveLast();
  EXPECT_THAT(leader.Call(&S::RecordGroupMeetingHeld, missing, &held),
              GrpcIs(grpc::StatusCode::FAILED_PRECONDITION,
                     "MEETING_ATTENDANCE_INCOMPLETE (第四条、第五条)"));
  v1::RecordGroupMeetingHeldRequest no_minutes = Held(o, requested.id());
  no_minutes.clear_minutes();
  EXPECT_THAT(leader.Call(&S::RecordGroupMeetingHeld, no_minutes, &held),
              GrpcIs(grpc::StatusCode::FAILED_PRECONDITION, "MEETING_NO_MINUTES (第五条)"));
  v1::RecordGroupMeetingHeldRequest stranger_present = Held(o, requested.id());
  stranger_present.add_attendance()->set_member_id(999999);
  EXPECT_THAT(leader.Call(&S::RecordGroupMeetingHeld, stranger_present, &held),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "attendance"));
  ASSERT_THAT(leader.Call(&S::RecordGroupMeetingHeld, Held(o, requested.id()), &held), GrpcOk());
  EXPECT_EQ(held.meeting().status(), v1::MEETING_STATUS_HELD);
  EXPECT_EQ(held.meeting().attendance_size(), 4);

  v1::ArchiveGroupMeetingRequest archive;
  archive.set_request_id(NextRequestId());
  archive.set_meeting_id(requested.id());
  v1::ArchiveGroupMeetingResponse archived;
  ASSERT_THAT(leader.Call(&S::ArchiveGroupMeeting, archive, &archived), GrpcOk());
  EXPECT_EQ(archived.meeting().status(), v1::MEETING_STATUS_ARCHIVED);
  // A retry finds the meeting archived already, yet answers what the first call answered.
  v1::ArchiveGroupMeetingResponse retried;
  ASSERT_THAT(leader.Call(&S::ArchiveGroupMeeting, archive, &retried), GrpcOk());
  EXPECT_EQ(retried.SerializeAsString(), archived.SerializeAsString());
  archive.set_request_id(NextRequestId());  // a new request is refused: archived is archived
  EXPECT_THAT(leader.Call(&S::ArchiveGroupMeeting, archive, &retried),
              GrpcIs(grpc::StatusCode::FAILED_PRECONDITION, ""));

  // Archived: read-only; a correction is an amendment kept beside the original.
  EXPECT_THAT(leader.Call(&S::RecordGroupMeetingHeld, Held(o, requested.id()), &held),
              GrpcIs(grpc::StatusCode::FAILED_PRECONDITION, "read-only"));
  v1::AmendGroupMeetingRequest amend;
  amend.set_request_id(NextRequestId());
  amend.set_meeting_id(requested.id());
  amend.set_text("更正：缺席人员请假事由为外出培训。");
  v1::AmendGroupMeetingResponse amended;
  ASSERT_THAT(leader.Call(&S::AmendGroupMeeting, amend, &amended), GrpcOk());
  ASSERT_EQ(amended.meeting().amendments_size(), 1);
  EXPECT_EQ(amended.meeting().minutes(), Held(o, 0).minutes());  // the original stays

  v1::ListGroupMeetingsRequest list;
  list.set_group_id(o.group);
  const absl::CivilMonth month = absl::ToCivilMonth(absl::Now(), absl::FixedTimeZone(8 * 3600));
  list.mutable_period()->set_year(static_cast<int>(month.year()));
  list.mutable_period()->set_month(month.month());
  v1::ListGroupMeetingsResponse listed;
  ASSERT_THAT(secretary.Call(&S::ListGroupMeetings, list, &listed), GrpcOk());
  ASSERT_EQ(listed.meetings_size(), 1);
  v1::GetGroupMeetingRequest get;
  get.set_id(requested.id());
  v1::GetGroupMeetingResponse got;
  EXPECT_THAT(stranger.Call(&S::GetGroupMeeting, get, &got),
              GrpcIs(grpc::StatusCode::PERMISSION_DENIED, ""));
}

// Rights come before anything is checked against stored data: a token of another group learns
// nothing of this one's members from the attendance it sends.
TEST_F(ActivityServiceTest, AnOutsiderLearnsNothingFromTheAttendanceCheck) {
  const Organisation o = Build();
  const Organisation elsewhere = Build();
  Client leader = Leader(o);
  const v1::GroupMeeting meeting = Request(leader, o);
  Client outsider = Leader(elsewhere);
  v1::RecordGroupMeetingHeldRequest held;
  held.set_request_id(NextRequestId());
  held.set_meeting_id(meeting.id());
  *held.mutable_held_time() = proto::ToTimestamp(absl::Now() - absl::Hours(1));
  for (int64_t id : {o.members[0], elsewhere.members[0]}) {
    held.add_attendance()->set_member_id(id);
  }
  v1::RecordGroupMeetingHeldResponse response;
  EXPECT_THAT(outsider.Call(&S::RecordGroupMeetingHeld, held, &response),
              GrpcIs(grpc::StatusCode::PERMISSION_DENIED, ""));
  // The group's own leader is told which attendee is not in the group.
  EXPECT_THAT(leader.Call(&S::RecordGroupMeetingHeld, held, &response),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT,
                     absl::StrCat("member ", elsewhere.members[0], " is not in the group")));
}

TEST_F(ActivityServiceTest, ARejectedRequestNeedsAReasonAndStopsTheMeeting) {
  const Organisation o = Build();
  Client leader = Leader(o);
  Client secretary = Secretary(o.branch);
  const v1::GroupMeeting requested = Request(leader, o);
  EXPECT_THAT(Review(secretary, requested.id(), false, ""),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "rejection_reason"));
  v1::GroupMeeting rejected;
  ASSERT_THAT(Review(secretary, requested.id(), false, "议题与支部安排重复", &rejected), GrpcOk());
  EXPECT_EQ(rejected.status(), v1::MEETING_STATUS_REJECTED);
  EXPECT_THAT(Notify(leader, requested.id()),
              GrpcIs(grpc::StatusCode::FAILED_PRECONDITION, "第五条"));
  EXPECT_THAT(Review(secretary, requested.id(), true, ""),
              GrpcIs(grpc::StatusCode::FAILED_PRECONDITION, "REQUESTED"));
}

TEST_F(ActivityServiceTest, ADissolvedGroupsMeetingIsNeitherApprovedNorNotified) {
  const Organisation o = Build();
  Client leader = Leader(o);
  Client secretary = Secretary(o.branch);
  const v1::GroupMeeting requested = Request(leader, o);
  const v1::GroupMeeting approved_earlier = Request(leader, o);
  ASSERT_THAT(Review(secretary, approved_earlier.id(), true, ""), GrpcOk());

  OrgClient admin(org_->port(), {"admin", auth::Role::kAdmin, 0});
  org::v1::DissolveGroupRequest dissolve;
  dissolve.set_request_id(NextRequestId());
  dissolve.set_group_id(o.group);
  *dissolve.mutable_decision()->mutable_decided_on() = MakeDate(2026, 2, 1);
  dissolve.mutable_decision()->set_document_ref("机关党支〔2026〕9号");
  org::v1::DissolveGroupResponse dissolved;
  ASSERT_THAT(admin.Call(&org::v1::OrgService::Stub::DissolveGroup, dissolve, &dissolved),
              GrpcOk());

  EXPECT_THAT(Review(secretary, requested.id(), true, ""),
              GrpcIs(grpc::StatusCode::FAILED_PRECONDITION, "group has been dissolved"));
  EXPECT_THAT(Notify(leader, approved_earlier.id()),
              GrpcIs(grpc::StatusCode::FAILED_PRECONDITION, "group has been dissolved"));
  // Turning the request down is still the branch's answer to it.
  EXPECT_THAT(Review(secretary, requested.id(), false, "党小组已撤销"), GrpcOk());
}

TEST_F(ActivityServiceTest, ARetriedRequestReturnsTheSameMeeting) {
  const Organisation o = Build();
  Client leader = Leader(o);
  v1::RequestGroupMeetingRequest request;
  request.set_request_id(NextRequestId());
  request.set_group_id(o.group);
  request.add_topics("主题");
  v1::RequestGroupMeetingResponse first, second;
  ASSERT_THAT(leader.Call(&S::RequestGroupMeeting, request, &first), GrpcOk());
  ASSERT_THAT(leader.Call(&S::RequestGroupMeeting, request, &second), GrpcOk());
  EXPECT_EQ(first.meeting().id(), second.meeting().id());
  v1::ListGroupMeetingsRequest list;
  list.set_group_id(o.group);
  v1::ListGroupMeetingsResponse listed;
  ASSERT_THAT(leader.Call(&S::ListGroupMeetings, list, &listed), GrpcOk());
  EXPECT_EQ(listed.meetings_size(), 1);
}

TEST_F(ActivityServiceTest, TheStepsAppearAsEventsForTheOaSystem) {
  const Organisation o = Build();
  Client leader = Leader(o);
  Client secretary = Secretary(o.branch);
  const v1::GroupMeeting requested = Request(leader, o);
  ASSERT_THAT(Review(secretary, requested.id(), true, ""), GrpcOk());
  ASSERT_THAT(Notify(leader, requested.id()), GrpcOk());
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + secretary.token());
  v1::WatchEventsRequest watch;
  auto reader = secretary.stub().WatchEvents(&context, watch);
  std::vector<std::string> kinds;
  v1::WatchEventsResponse event;
  while (reader->Read(&event)) {
    if (event.event().target_id() == requested.id()) kinds.push_back(event.event().kind());
  }
  ASSERT_TRUE(reader->Finish().ok());
  EXPECT_THAT(kinds,
              ElementsAre("MEETING_APPROVAL_REQUESTED", "MEETING_APPROVED", "MEETING_NOTICE"));
}

TEST_F(ActivityServiceTest, TheRecordsOfAMonthGiveTheRulesFindings) {
  // A group that has existed for three whole months; the month judged is the last one over.
  const absl::TimeZone shanghai = absl::FixedTimeZone(8 * 3600);
  const absl::CivilMonth previous = absl::ToCivilMonth(absl::Now(), shanghai) - 1;
  const absl::CivilMonth founded = previous - 2;
  const Organisation o = Build(MakeDate(static_cast<int>(founded.year()), founded.month(), 1));
  Client leader = Leader(o);
  Client secretary = Secretary(o.branch);

  // Dues for the month: three of the four pay; 4,500.00 元 earns 1% (第四条).
  v1::RecordDuesRequest dues;
  dues.set_group_id(o.group);
  dues.mutable_month()->set_year(static_cast<int>(previous.year()));
  dues.mutable_month()->set_month(previous.month());
  dues.set_category(v1::DUES_CATEGORY_EMPLOYED);
  dues.set_base_pay_fen(450000);
  // Paid in the month (按月): on its last day at noon.
  *dues.mutable_paid_time() = proto::ToTimestamp(
      absl::FromCivil(absl::CivilSecond(absl::CivilDay(previous + 1) - 1) + 12 * 3600, shanghai));
  v1::RecordDuesResponse paid;
  for (int i = 0; i < 3; ++i) {
    dues.set_request_id(NextRequestId());
    dues.set_member_id(o.members[i]);
    ASSERT_THAT(leader.Call(&S::RecordDues, dues, &paid), GrpcOk());
    EXPECT_EQ(paid.entry().amount_fen(), 4500);
    EXPECT_FALSE(paid.entry().paid_late());
  }
  dues.set_request_id(NextRequestId());  // the same member and month again
  EXPECT_THAT(leader.Call(&S::RecordDues, dues, &paid),
              GrpcIs(grpc::StatusCode::ALREADY_EXISTS,
                     "the member's dues for this month are recorded already"));
  dues.set_base_pay_fen(-1);
  EXPECT_THAT(leader.Call(&S::RecordDues, dues, &paid),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "base_pay_fen"));

  v1::ListDuesRequest ledger;
  ledger.set_group_id(o.group);
  *ledger.mutable_period() = dues.month();
  v1::ListDuesResponse owed;
  ASSERT_THAT(secretary.Call(&S::ListDues, ledger, &owed), GrpcOk());
  EXPECT_EQ(owed.entries_size(), 3);
  for (const v1::MemberDues& member : owed.members()) {
    EXPECT_EQ(member.owed_months_size(), member.member_id() == o.members[3] ? 1 : 0);
  }
  EXPECT_EQ(owed.entries(0).base_pay_fen(), 450000);  // the branch may change its members
  // The pay base is personal: the leader who collects and a machine reader see the amount only.
  Client service(activity_->port(), {"oa", auth::Role::kService, 0});
  for (Client* reader : {&leader, &service}) {
    ASSERT_THAT(reader->Call(&S::ListDues, ledger, &owed), GrpcOk());
    ASSERT_EQ(owed.entries_size(), 3);
    for (const v1::DuesEntry& entry : owed.entries()) {
      EXPECT_EQ(entry.base_pay_fen(), 0);
      EXPECT_EQ(entry.amount_fen(), 4500);
    }
  }
  // A SERVICE token scoped to another branch reads nothing of this group; one scoped to this
  // branch reads it.
  Client elsewhere(activity_->port(), {"oa-branch", auth::Role::kService, o.other_branch});
  EXPECT_THAT(elsewhere.Call(&S::ListDues, ledger, &owed),
              GrpcIs(grpc::StatusCode::PERMISSION_DENIED, ""));
  Client here(activity_->port(), {"oa-branch", auth::Role::kService, o.branch});
  EXPECT_THAT(here.Call(&S::ListDues, ledger, &owed), GrpcOk());

  // No meeting was held that month (第五条), and one member's dues are missing (第四条).
  v1::ListFindingsRequest request;
  request.set_group_id(o.group);
  *request.mutable_period() = dues.month();
  v1::ListFindingsResponse findings;
  ASSERT_THAT(secretary.Call(&S::ListFindings, request, &findings), GrpcOk());
  std::vector<std::string> codes;
  for (const auto& finding : findings.findings()) codes.push_back(finding.code());
  EXPECT_THAT(codes, ::testing::UnorderedElementsAre("MONTHLY_MEETING_MISSING", "DUES_UNPAID"));
  EXPECT_EQ(findings.meeting_months_due(), 1);
  EXPECT_EQ(findings.meeting_months_met(), 0);
  EXPECT_EQ(findings.dues_months_due(), 4);
  EXPECT_EQ(findings.dues_months_paid(), 3);
  for (const auto& finding : findings.findings()) {
    if (finding.code() == "DUES_UNPAID") {
      EXPECT_EQ(finding.subject().id(), std::to_string(o.members[3]));
      EXPECT_EQ(finding.article(), "第四条、第十二条");
    }
  }
  request.mutable_period()->set_month(13);
  EXPECT_THAT(secretary.Call(&S::ListFindings, request, &findings),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "period"));
}

// 中组发〔2008〕3号: a month is paid at the national amount or more; less or nothing only by the
// superior committee's approval; paid after the month ended it is paid, and late.
TEST_F(ActivityServiceTest, DuesAreMoreLessOrWaivedAsTheNationalRulesAllowAndLateWhenLate) {
  const absl::TimeZone shanghai = absl::FixedTimeZone(8 * 3600);
  const absl::CivilMonth previous = absl::ToCivilMonth(absl::Now(), shanghai) - 1;
  const Organisation o =
      Build(MakeDate(static_cast<int>((previous - 2).year()), (previous - 2).month(), 1));
  Client leader = Leader(o);
  const absl::Time in_the_month =
      absl::FromCivil(absl::CivilSecond(absl::CivilDay(previous)) + 12 * 3600, shanghai);
  auto record = [&](int member, int64_t amount, v1::DuesExemption exemption, const std::string& ref,
                    std::optional<absl::Time> paid, v1::RecordDuesResponse* out) {
    v1::RecordDuesRequest dues;
    dues.set_request_id(NextRequestId());
    dues.set_group_id(o.group);
    dues.set_member_id(o.members[member]);
    dues.mutable_month()->set_year(static_cast<int>(previous.year()));
    dues.mutable_month()->set_month(previous.month());
    dues.set_category(v1::DUES_CATEGORY_EMPLOYED);
    dues.set_base_pay_fen(450000);  // 45 元 due
    dues.set_amount_fen(amount);
    dues.set_exemption(exemption);
    dues.set_exemption_ref(ref);
    if (paid.has_value()) *dues.mutable_paid_time() = proto::ToTimestamp(*paid);
    return leader.Call(&S::RecordDues, dues, out);
  };
  v1::RecordDuesResponse paid;
  ASSERT_THAT(record(0, 10000, v1::DUES_EXEMPTION_UNSPECIFIED, "", in_the_month, &paid), GrpcOk());
  EXPECT_EQ(paid.entry().amount_fen(), 10000);  // 自愿多交
  EXPECT_THAT(record(1, 1000, v1::DUES_EXEMPTION_UNSPECIFIED, "", in_the_month, &paid),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "amount_fen"));
  EXPECT_THAT(record(1, 1000, v1::DUES_EXEMPTION_REDUCED, " ", in_the_month, &paid),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "exemption_ref"));
  ASSERT_THAT(
      record(1, 1000, v1::DUES_EXEMPTION_REDUCED, "娄直工委〔2026〕9号", in_the_month, &paid),
      GrpcOk());
  EXPECT_EQ(paid.entry().amount_fen(), 1000);
  EXPECT_EQ(paid.entry().exemption(), v1::DUES_EXEMPTION_REDUCED);
  EXPECT_THAT(record(2, 0, static_cast<v1::DuesExemption>(7), "x", std::nullopt, &paid),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "exemption"));
  ASSERT_THAT(record(2, 0, v1::DUES_EXEMPTION_WAIVED, "娄直工委〔2026〕9号", std::nullopt, &paid),
              GrpcOk());
  EXPECT_EQ(paid.entry().amount_fen(), 0);
  EXPECT_FALSE(paid.entry().paid_late());  // a waiver is no late payment
  ASSERT_THAT(record(3, 0, v1::DUES_EXEMPTION_UNSPECIFIED, "", absl::Now(), &paid), GrpcOk());
  EXPECT_TRUE(paid.entry().paid_late());

  v1::ListDuesRequest ledger;
  ledger.set_group_id(o.group);
  ledger.mutable_period()->set_year(static_cast<int>(previous.year()));
  ledger.mutable_period()->set_month(previous.month());
  v1::ListDuesResponse owed;
  ASSERT_THAT(Secretary(o.branch).Call(&S::ListDues, ledger, &owed), GrpcOk());
  for (const v1::MemberDues& member : owed.members()) EXPECT_EQ(member.owed_months_size(), 0);

  v1::ListFindingsRequest findings_request;
  findings_request.set_group_id(o.group);
  *findings_request.mutable_period() = ledger.period();
  v1::ListFindingsResponse findings;
  ASSERT_THAT(leader.Call(&S::ListFindings, findings_request, &findings), GrpcOk());
  std::vector<std::string> dues_findings;
  for (const common::v1::RuleFinding& finding : findings.findings()) {
    if (absl::StartsWith(finding.code(), "DUES_")) {
      dues_findings.push_back(absl::StrCat(finding.code(), " ", finding.subject().id()));
    }
  }
  EXPECT_THAT(dues_findings, ElementsAre(absl::StrCat("DUES_PAID_LATE ", o.members[3])));
  EXPECT_EQ(findings.dues_months_paid(), 4);
  EXPECT_EQ(findings.policy_version(), 1);
}

TEST_F(ActivityServiceTest, TalksReportsAndTrainingAreRecordedByTheRightPeople) {
  const Organisation o = Build();
  Client leader = Leader(o);
  Client secretary = Secretary(o.branch);

  v1::RecordTalkRequest talk;
  talk.set_request_id(NextRequestId());
  talk.set_group_id(o.group);
  talk.set_first_member_id(o.members[0]);
  talk.set_second_member_id(o.members[2]);
  *talk.mutable_held_time() = proto::ToTimestamp(absl::Now() - absl::Hours(2));
  talk.set_topic("思想动态");
  v1::RecordTalkResponse recorded;
  ASSERT_THAT(leader.Call(&S::RecordTalk, talk, &recorded), GrpcOk());
  talk.set_request_id(NextRequestId());
  talk.set_second_member_id(999999);
  EXPECT_THAT(leader.Call(&S::RecordTalk, talk, &recorded),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "not in the group"));
  v1::ListTalksRequest talks;
  talks.set_group_id(o.group);
  const absl::CivilYear year = absl::ToCivilYear(absl::Now(), absl::FixedTimeZone(8 * 3600));
  talks.mutable_period()->set_year(static_cast<int>(year.year()));
  v1::ListTalksResponse listed;
  ASSERT_THAT(secretary.Call(&S::ListTalks, talks, &listed), GrpcOk());
  EXPECT_EQ(listed.talks_size(), 1);

  v1::SubmitAnnualReportRequest report;
  report.set_request_id(NextRequestId());
  report.set_group_id(o.group);
  report.set_year(static_cast<int>(year.year()));
  report.set_text("本年度召开党小组会12次……");
  v1::SubmitAnnualReportResponse submitted;
  ASSERT_THAT(leader.Call(&S::SubmitAnnualReport, report, &submitted), GrpcOk());
  const int64_t report_id = submitted.report().id();
  report.set_request_id(NextRequestId());
  v1::SubmitAnnualReportResponse again;
  EXPECT_THAT(leader.Call(&S::SubmitAnnualReport, report, &again),
              GrpcIs(grpc::StatusCode::ALREADY_EXISTS,
                     "the group's annual report for this year is submitted already"));
  // Next year's work is not reported ahead (第十三条).
  report.set_request_id(NextRequestId());
  report.set_year(static_cast<int>(year.year()) + 1);
  EXPECT_THAT(leader.Call(&S::SubmitAnnualReport, report, &again),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "has not begun"));
  report.set_year(static_cast<int>(year.year()));
  // The branch acknowledges it, not the leader.
  v1::AcknowledgeAnnualReportRequest acknowledge;
  acknowledge.set_request_id(NextRequestId());
  acknowledge.set_report_id(report_id);
  v1::AcknowledgeAnnualReportResponse acknowledged;
  EXPECT_THAT(leader.Call(&S::AcknowledgeAnnualReport, acknowledge, &acknowledged),
              GrpcIs(grpc::StatusCode::PERMISSION_DENIED, ""));
  acknowledge.set_request_id(NextRequestId());
  ASSERT_THAT(secretary.Call(&S::AcknowledgeAnnualReport, acknowledge, &acknowledged), GrpcOk());
  EXPECT_TRUE(acknowledged.report().has_acknowledge_time());

  v1::RecordLeaderTrainingRequest training;
  training.set_request_id(NextRequestId());
  training.set_group_id(o.group);
  training.set_member_id(o.members[0]);
  *training.mutable_trained_on() = MakeDate(static_cast<int>(year.year()), 5, 20);
  training.set_title("市直机关党小组组长培训班");
  v1::RecordLeaderTrainingResponse trained;
  EXPECT_THAT(leader.Call(&S::RecordLeaderTraining, training, &trained),
              GrpcIs(grpc::StatusCode::PERMISSION_DENIED, ""));
  ASSERT_THAT(secretary.Call(&S::RecordLeaderTraining, training, &trained), GrpcOk());
  training.set_request_id(NextRequestId());
  training.set_member_id(o.members[1]);
  EXPECT_THAT(secretary.Call(&S::RecordLeaderTraining, training, &trained),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "did not lead the group"));
  // A training is recorded once held, never ahead of its day.
  training.set_request_id(NextRequestId());
  training.set_member_id(o.members[0]);
  *training.mutable_trained_on() =
      proto::ToDate(absl::ToCivilDay(absl::Now(), absl::FixedTimeZone(8 * 3600)) + 2);
  EXPECT_THAT(secretary.Call(&S::RecordLeaderTraining, training, &trained),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "trained_on: in the future"));
}

TEST_F(ActivityServiceTest, AThemeDayNeedsTheBranchsConsentBeforeItIsHeld) {
  const Organisation o = Build();
  Client leader = Leader(o);
  Client secretary = Secretary(o.branch);
  auto request = [&]() {
    v1::RequestThemeDayRequest r;
    r.set_request_id(NextRequestId());
    r.set_group_id(o.group);
    r.set_kind(v1::THEME_DAY_KIND_VOLUNTEER_SERVICE);
    r.set_title("社区志愿服务");
    v1::RequestThemeDayResponse response;
    EXPECT_THAT(leader.Call(&S::RequestThemeDay, r, &response), GrpcOk());
    return response.theme_day();
  };
  auto held = [&](int64_t id, absl::Time when) {
    v1::RecordThemeDayHeldRequest r;
    r.set_request_id(NextRequestId());
    r.set_theme_day_id(id);
    *r.mutable_held_time() = proto::ToTimestamp(when);
    for (int64_t member : o.members) {
      v1::Attendance* a = r.add_attendance();
      a->set_member_id(member);
      a->set_present(true);
    }
    v1::RecordThemeDayHeldResponse response;
    return leader.Call(&S::RecordThemeDayHeld, r, &response);
  };
  auto review = [&](int64_t id, bool consent, Client& who) {
    v1::ReviewThemeDayRequest r;
    r.set_request_id(NextRequestId());
    r.set_theme_day_id(id);
    r.set_consent(consent);
    r.set_rejection_reason(consent ? "" : "与支部安排冲突");
    v1::ReviewThemeDayResponse response;
    return who.Call(&S::ReviewThemeDay, r, &response);
  };

  // Held without consent: refused.
  const v1::ThemeDay unapproved = request();
  EXPECT_THAT(held(unapproved.id(), absl::Now()),
              GrpcIs(grpc::StatusCode::FAILED_PRECONDITION, "THEMEDAY_NOT_APPROVED (第九条)"));
  // Consent given after the day was held: refused too.
  const absl::Time the_day = absl::Now() - absl::Minutes(30);
  EXPECT_THAT(review(unapproved.id(), true, leader),
              GrpcIs(grpc::StatusCode::PERMISSION_DENIED, ""));
  ASSERT_THAT(review(unapproved.id(), true, secretary), GrpcOk());
  EXPECT_THAT(held(unapproved.id(), the_day),
              GrpcIs(grpc::StatusCode::FAILED_PRECONDITION, "之前"));
  // Consent, then the day: recorded.
  ASSERT_THAT(held(unapproved.id(), absl::Now()), GrpcOk());
  // A refused theme day is never held.
  const v1::ThemeDay refused = request();
  ASSERT_THAT(review(refused.id(), false, secretary), GrpcOk());
  EXPECT_THAT(held(refused.id(), absl::Now()),
              GrpcIs(grpc::StatusCode::FAILED_PRECONDITION, "第九条"));

  v1::ListThemeDaysRequest list;
  list.set_group_id(o.group);
  v1::ListThemeDaysResponse listed;
  ASSERT_THAT(secretary.Call(&S::ListThemeDays, list, &listed), GrpcOk());
  ASSERT_EQ(listed.theme_days_size(), 2);
  EXPECT_EQ(listed.theme_days(0).status(), v1::THEME_DAY_STATUS_HELD);
  EXPECT_EQ(listed.theme_days(0).attendance_size(), 4);
  EXPECT_EQ(listed.theme_days(1).status(), v1::THEME_DAY_STATUS_REJECTED);
}

TEST_F(ActivityServiceTest, AGroupsTasksAreListedWithTheirAssigneesAndReports) {
  const Organisation o = Build();
  Client leader = Leader(o);
  v1::AssignTaskRequest assign;
  assign.set_request_id(NextRequestId());
  assign.set_group_id(o.group);
  assign.set_title("整理学习笔记");
  assign.add_member_ids(o.members[1]);
  assign.add_member_ids(o.members[2]);
  *assign.mutable_due_time() = proto::ToTimestamp(absl::Now() + absl::Hours(24));
  v1::AssignTaskResponse assigned;
  ASSERT_THAT(leader.Call(&S::AssignTask, assign, &assigned), GrpcOk());
  v1::ReportTaskRequest report;
  report.set_request_id(NextRequestId());
  report.set_task_id(assigned.task().id());
  report.set_member_id(o.members[2]);
  report.set_report("已完成");
  v1::ReportTaskResponse reported;
  ASSERT_THAT(leader.Call(&S::ReportTask, report, &reported), GrpcOk());

  v1::ListTasksRequest list;
  list.set_group_id(o.group);
  v1::ListTasksResponse tasks;
  ASSERT_THAT(leader.Call(&S::ListTasks, list, &tasks), GrpcOk());
  ASSERT_EQ(tasks.tasks_size(), 1);
  EXPECT_EQ(tasks.tasks(0).title(), "整理学习笔记");
  ASSERT_EQ(tasks.tasks(0).assignees_size(), 2);
  for (const v1::TaskAssignee& a : tasks.tasks(0).assignees()) {
    EXPECT_EQ(a.report(), a.member_id() == o.members[2] ? "已完成" : "") << a.member_id();
  }
  Client outsider(activity_->port(), {"outsider", auth::Role::kBranchSecretary, o.other_branch});
  EXPECT_THAT(outsider.Call(&S::ListTasks, list, &tasks),
              GrpcIs(grpc::StatusCode::PERMISSION_DENIED, ""));
}

TEST_F(ActivityServiceTest, TasksAreAssignedReportedAndCheckedAndOpinionsReachTheBranch) {
  const Organisation o = Build();
  Client leader = Leader(o);
  Client secretary = Secretary(o.branch);
  Client member(activity_->port(), {"member", auth::Role::kMember, o.branch, o.members[1]});
  Client other(activity_->port(), {"other", auth::Role::kMember, o.branch, o.members[2]});

  v1::AssignTaskRequest assign;
  assign.set_request_id(NextRequestId());
  assign.set_group_id(o.group);
  assign.set_title("走访联系困难群众");
  assign.add_member_ids(o.members[1]);
  *assign.mutable_due_time() = proto::ToTimestamp(absl::Now() + absl::Hours(24 * 7));
  v1::AssignTaskResponse assigned;
  EXPECT_THAT(member.Call(&S::AssignTask, assign, &assigned),
              GrpcIs(grpc::StatusCode::PERMISSION_DENIED, ""));
  ASSERT_THAT(leader.Call(&S::AssignTask, assign, &assigned), GrpcOk());
  const int64_t task = assigned.task().id();

  v1::ReportTaskRequest report;
  report.set_request_id(NextRequestId());
  report.set_task_id(task);
  report.set_member_id(o.members[1]);
  report.set_report("已走访三户");
  v1::ReportTaskResponse reported;
  EXPECT_THAT(other.Call(&S::ReportTask, report, &reported),
              GrpcIs(grpc::StatusCode::PERMISSION_DENIED, ""));  // not their task
  ASSERT_THAT(member.Call(&S::ReportTask, report, &reported), GrpcOk());
  EXPECT_EQ(reported.task().assignees(0).report(), "已走访三户");

  v1::CheckTaskRequest check;
  check.set_request_id(NextRequestId());
  check.set_task_id(task);
  v1::CheckTaskResponse checked;
  ASSERT_THAT(leader.Call(&S::CheckTask, check, &checked), GrpcOk());
  EXPECT_TRUE(checked.task().has_check_time());
  check.set_request_id(NextRequestId());
  EXPECT_THAT(leader.Call(&S::CheckTask, check, &checked),
              GrpcIs(grpc::StatusCode::FAILED_PRECONDITION, "already"));

  v1::RecordOpinionRequest opinion;
  opinion.set_request_id(NextRequestId());
  opinion.set_group_id(o.group);
  opinion.set_source(v1::OPINION_SOURCE_PUBLIC);
  opinion.set_content("希望延长办事大厅周末服务时间");
  *opinion.mutable_receive_time() = proto::ToTimestamp(absl::Now() - absl::Hours(1));
  v1::RecordOpinionResponse recorded;
  ASSERT_THAT(leader.Call(&S::RecordOpinion, opinion, &recorded), GrpcOk());
  v1::ResolveOpinionRequest resolve;
  resolve.set_request_id(NextRequestId());
  resolve.set_opinion_id(recorded.opinion().id());
  resolve.set_outcome("已转办公室研究");
  v1::ResolveOpinionResponse resolved;
  EXPECT_THAT(secretary.Call(&S::ResolveOpinion, resolve, &resolved),
              GrpcIs(grpc::StatusCode::FAILED_PRECONDITION, "第四条"));
  v1::ReportOpinionRequest pass_on;
  pass_on.set_request_id(NextRequestId());
  pass_on.set_opinion_id(recorded.opinion().id());
  v1::ReportOpinionResponse passed;
  ASSERT_THAT(leader.Call(&S::ReportOpinion, pass_on, &passed), GrpcOk());
  resolve.set_request_id(NextRequestId());
  ASSERT_THAT(secretary.Call(&S::ResolveOpinion, resolve, &resolved), GrpcOk());
  EXPECT_EQ(resolved.opinion().outcome(), "已转办公室研究");
  v1::ListOpinionsRequest list;
  list.set_group_id(o.group);
  v1::ListOpinionsResponse listed;
  ASSERT_THAT(secretary.Call(&S::ListOpinions, list, &listed), GrpcOk());
  ASSERT_EQ(listed.opinions_size(), 1);
  EXPECT_TRUE(listed.opinions(0).has_resolve_time());
}

TEST_F(ActivityServiceTest, AnOrgLifeMeetingIsPreparedHeldRectifiedAndReported) {
  const Organisation o = Build();
  Client leader = Leader(o);
  v1::PlanOrgLifeMeetingRequest plan;
  plan.set_request_id(NextRequestId());
  plan.set_group_id(o.group);
  plan.set_theme("年度组织生活会");
  v1::PlanOrgLifeMeetingResponse planned;
  ASSERT_THAT(leader.Call(&S::PlanOrgLifeMeeting, plan, &planned), GrpcOk());
  const int64_t id = planned.meeting().id();

  v1::RecordOrgLifeMeetingHeldRequest held;
  held.set_request_id(NextRequestId());
  held.set_meeting_id(id);
  *held.mutable_held_time() = proto::ToTimestamp(absl::Now());
  for (int64_t member : o.members) held.add_present_member_ids(member);
  held.add_problems("理论学习不够深入");
  for (int64_t member : o.members) held.add_criticism_member_ids(member);
  v1::RecordOrgLifeMeetingHeldResponse recorded;
  // Unprepared: no study, talks or opinions before (第六条: 会前).
  EXPECT_THAT(leader.Call(&S::RecordOrgLifeMeetingHeld, held, &recorded),
              GrpcIs(grpc::StatusCode::FAILED_PRECONDITION, "ORGLIFE_UNPREPARED (第六条)"));
  v1::RecordOrgLifePreparationRequest prepare;
  prepare.set_request_id(NextRequestId());
  prepare.set_meeting_id(id);
  prepare.set_study_sessions(2);
  prepare.set_talks(4);
  prepare.set_opinions_gathered(6);
  v1::RecordOrgLifePreparationResponse prepared;
  ASSERT_THAT(leader.Call(&S::RecordOrgLifePreparation, prepare, &prepared), GrpcOk());
  EXPECT_EQ(prepared.meeting().talks(), 4);
  // Prepared, but no problems found: refused (会上，认真查摆问题).
  held.set_request_id(NextRequestId());
  v1::RecordOrgLifeMeetingHeldRequest no_problems = held;
  no_problems.clear_problems();
  EXPECT_THAT(leader.Call(&S::RecordOrgLifeMeetingHeld, no_problems, &recorded),
              GrpcIs(grpc::StatusCode::FAILED_PRECONDITION, "ORGLIFE_NO_PROBLEMS (第六条)"));
  held.set_request_id(NextRequestId());
  ASSERT_THAT(leader.Call(&S::RecordOrgLifeMeetingHeld, held, &recorded), GrpcOk());

  v1::AddRectificationItemRequest item;
  item.set_request_id(NextRequestId());
  item.set_meeting_id(id);
  item.set_measure("每周集中学习一次");
  item.set_owner_member_id(o.members[0]);
  *item.mutable_deadline() = MakeDate(2027, 3, 31);
  v1::AddRectificationItemResponse added;
  // The owner is one who took part in the meeting, never a stranger to it.
  v1::AddRectificationItemRequest stranger = item;
  stranger.set_owner_member_id(o.members[0] + 1000);
  EXPECT_THAT(leader.Call(&S::AddRectificationItem, stranger, &added),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "owner_member_id: member " +
                                                             std::to_string(o.members[0] + 1000) +
                                                             " did not take part in this meeting"));
  ASSERT_THAT(leader.Call(&S::AddRectificationItem, item, &added), GrpcOk());
  ASSERT_EQ(added.meeting().rectification_size(), 1);
  v1::CompleteRectificationItemRequest complete;
  complete.set_request_id(NextRequestId());
  complete.set_meeting_id(id);
  complete.set_item_id(added.meeting().rectification(0).id());
  v1::CompleteRectificationItemResponse completed;
  ASSERT_THAT(leader.Call(&S::CompleteRectificationItem, complete, &completed), GrpcOk());
  EXPECT_TRUE(completed.meeting().rectification(0).done());

  v1::ReportOrgLifeMeetingRequest report;
  report.set_request_id(NextRequestId());
  report.set_meeting_id(id);
  v1::ReportOrgLifeMeetingResponse reported;
  ASSERT_THAT(leader.Call(&S::ReportOrgLifeMeeting, report, &reported), GrpcOk());
  EXPECT_TRUE(reported.meeting().has_report_time());
  v1::ListOrgLifeMeetingsRequest list;
  list.set_group_id(o.group);
  v1::ListOrgLifeMeetingsResponse listed;
  ASSERT_THAT(Secretary(o.branch).Call(&S::ListOrgLifeMeetings, list, &listed), GrpcOk());
  ASSERT_EQ(listed.meetings_size(), 1);
  EXPECT_EQ(listed.meetings(0).problems(0), "理论学习不够深入");
}

TEST_F(ActivityServiceTest,
       AnEvaluationCampaignShowsWhoIsMissingAndThePolicySaysWhetherProbationaryMembersVote) {
  const Organisation o = Build(MakeDate(2026, 1, 5), /*probationary=*/1);  // members[4]
  Client leader = Leader(o);
  Client secretary = Secretary(o.branch);
  Client member(activity_->port(), {"member", auth::Role::kMember, o.branch, o.members[1]});

  v1::OpenEvaluationCampaignRequest open;
  open.set_request_id(NextRequestId());
  open.set_group_id(o.group);
  *open.mutable_opened_on() = MakeDate(2026, 12, 1);
  *open.mutable_deadline() = MakeDate(2026, 12, 31);
  v1::OpenEvaluationCampaignResponse opened;
  EXPECT_THAT(leader.Call(&S::OpenEvaluationCampaign, open, &opened),
              GrpcIs(grpc::StatusCode::PERMISSION_DENIED, ""));  // the branch opens it
  ASSERT_THAT(secretary.Call(&S::OpenEvaluationCampaign, open, &opened), GrpcOk());
  const int64_t campaign = opened.campaign().id();
  EXPECT_EQ(opened.campaign().gaps_size(), 5);  // nobody has done anything yet

  v1::RecordSelfEvaluationRequest self;
  self.set_request_id(NextRequestId());
  self.set_campaign_id(campaign);
  self.set_member_id(o.members[1]);
  self.set_self_evaluation("对照合格党员标准……");
  self.set_party_spirit_analysis("党性分析……");
  v1::RecordSelfEvaluationResponse selfed;
  ASSERT_THAT(member.Call(&S::RecordSelfEvaluation, self, &selfed), GrpcOk());
  self.set_request_id(NextRequestId());
  self.set_member_id(o.members[2]);  // a member records only their own
  EXPECT_THAT(member.Call(&S::RecordSelfEvaluation, self, &selfed),
              GrpcIs(grpc::StatusCode::PERMISSION_DENIED, ""));

  v1::RecordMutualEvaluationRequest vote;
  vote.set_request_id(NextRequestId());
  vote.set_campaign_id(campaign);
  vote.set_voter_member_id(o.members[4]);
  vote.set_target_member_id(o.members[1]);
  vote.set_rating(v1::EVALUATION_RATING_EXCELLENT);
  v1::RecordMutualEvaluationResponse voted;
  // A policy that follows the Constitution's 表决权 refuses the probationary member's vote,
  // citing the Constitution, not the regulation.
  const int64_t no_probationary_votes =
      SetPolicy([](org::v1::Policy& p) { p.set_probationary_members_in_mutual_evaluation(false); });
  EXPECT_THAT(
      leader.Call(&S::RecordMutualEvaluation, vote, &voted),
      GrpcIs(grpc::StatusCode::FAILED_PRECONDITION,
             absl::StrCat("EVALUATION_PROBATIONARY_VOTE (党章第七条): ", "党员4为预备党员，",
                          "没有表决权；本委政策（第", no_probationary_votes, "版）")));
  // The default (第七条 draws no line) records it.
  RestoreDefaultPolicy();
  vote.set_request_id(NextRequestId());
  ASSERT_THAT(leader.Call(&S::RecordMutualEvaluation, vote, &voted), GrpcOk());
  vote.set_request_id(NextRequestId());
  vote.set_voter_member_id(o.members[0]);
  ASSERT_THAT(leader.Call(&S::RecordMutualEvaluation, vote, &voted), GrpcOk());

  // A member who votes is answered with their own entries only: their self-evaluation, the
  // votes they cast, what they still lack; never the others' texts or votes.
  vote.set_request_id(NextRequestId());
  vote.set_voter_member_id(o.members[1]);
  vote.set_target_member_id(o.members[2]);
  ASSERT_THAT(member.Call(&S::RecordMutualEvaluation, vote, &voted), GrpcOk());
  ASSERT_EQ(voted.campaign().self_evaluations_size(), 1);
  EXPECT_EQ(voted.campaign().self_evaluations(0).member_id(), o.members[1]);
  EXPECT_EQ(voted.campaign().self_evaluations(0).party_spirit_analysis(), "党性分析……");
  ASSERT_EQ(voted.campaign().mutual_evaluations_size(), 1);
  EXPECT_EQ(voted.campaign().mutual_evaluations(0).voter_member_id(), o.members[1]);
  for (const v1::EvaluationGap& gap : voted.campaign().gaps()) {
    EXPECT_EQ(gap.member_id(), o.members[1]);
  }
  vote.set_request_id(NextRequestId());
  vote.set_voter_member_id(o.members[2]);  // nor votes in another's name
  vote.set_target_member_id(o.members[3]);
  EXPECT_THAT(member.Call(&S::RecordMutualEvaluation, vote, &voted),
              GrpcIs(grpc::StatusCode::PERMISSION_DENIED, "own votes"));

  v1::GetEvaluationCampaignRequest get;
  get.set_campaign_id(campaign);
  v1::GetEvaluationCampaignResponse got;
  // A machine reader sees who wrote what, not the texts.
  Client service(activity_->port(), {"oa", auth::Role::kService, 0});
  ASSERT_THAT(service.Call(&S::GetEvaluationCampaign, get, &got), GrpcOk());
  ASSERT_EQ(got.campaign().self_evaluations_size(), 1);
  EXPECT_EQ(got.campaign().self_evaluations(0).party_spirit_analysis(), "");
  EXPECT_TRUE(got.campaign().self_evaluations(0).party_spirit_analysed());
  EXPECT_EQ(got.campaign().mutual_evaluations_size(), 3);
  ASSERT_THAT(secretary.Call(&S::GetEvaluationCampaign, get, &got), GrpcOk());
  EXPECT_EQ(got.campaign().self_evaluations(0).party_spirit_analysis(), "党性分析……");
  // Member 1 has done everything; the others still lack their parts.
  std::vector<int64_t> missing;
  for (const v1::EvaluationGap& gap : got.campaign().gaps()) missing.push_back(gap.member_id());
  EXPECT_THAT(missing, ::testing::UnorderedElementsAre(o.members[0], o.members[2], o.members[3],
                                                       o.members[4]));

  v1::ReportEvaluationCampaignRequest report;
  report.set_request_id(NextRequestId());
  report.set_campaign_id(campaign);
  report.set_summary("评议优秀1名……");
  v1::ReportEvaluationCampaignResponse reported;
  ASSERT_THAT(leader.Call(&S::ReportEvaluationCampaign, report, &reported), GrpcOk());
  EXPECT_TRUE(reported.campaign().has_reported_on());
}

TEST_F(ActivityServiceTest, AGroupOfOneFormalAndTwoProbationaryMembersCompletesItsEvaluation) {
  // 第一条 allows it (3 members, 1 formal); under the default policy everyone takes part in 互评.
  const Organisation o = Build(MakeDate(2026, 1, 5), /*probationary=*/2, /*formal=*/1);
  ASSERT_EQ(o.members.size(), 3u);
  Client leader = Leader(o);
  v1::OpenEvaluationCampaignRequest open;
  open.set_request_id(NextRequestId());
  open.set_group_id(o.group);
  *open.mutable_opened_on() = MakeDate(2026, 11, 1);
  *open.mutable_deadline() = MakeDate(2026, 11, 30);
  v1::OpenEvaluationCampaignResponse opened;
  ASSERT_THAT(Secretary(o.branch).Call(&S::OpenEvaluationCampaign, open, &opened), GrpcOk());
  v1::EvaluationCampaign campaign;
  for (size_t i = 0; i < o.members.size(); ++i) {
    v1::RecordSelfEvaluationRequest self;
    self.set_request_id(NextRequestId());
    self.set_campaign_id(opened.campaign().id());
    self.set_member_id(o.members[i]);
    self.set_self_evaluation("对照合格党员标准……");
    self.set_party_spirit_analysis("党性分析……");
    v1::RecordSelfEvaluationResponse selfed;
    ASSERT_THAT(leader.Call(&S::RecordSelfEvaluation, self, &selfed), GrpcOk());
    // Each evaluates the next: the formal member by a probationary one.
    v1::RecordMutualEvaluationRequest vote;
    vote.set_request_id(NextRequestId());
    vote.set_campaign_id(opened.campaign().id());
    vote.set_voter_member_id(o.members[(i + 1) % o.members.size()]);
    vote.set_target_member_id(o.members[i]);
    vote.set_rating(v1::EVALUATION_RATING_QUALIFIED);
    v1::RecordMutualEvaluationResponse voted;
    ASSERT_THAT(leader.Call(&S::RecordMutualEvaluation, vote, &voted), GrpcOk());
    campaign = voted.campaign();
  }
  EXPECT_EQ(campaign.gaps_size(), 0);
}

TEST(ActivityWithoutOrgTest, AnswersUnavailableWhenOrgCannotBeReached) {
  ActivityServer activity(/*org_port=*/1);  // nothing listens there
  Client admin(activity.port(), {"admin", auth::Role::kAdmin, 0});
  v1::RequestGroupMeetingRequest request;
  request.set_request_id(NextRequestId());
  request.set_group_id(5);
  request.add_topics("主题");
  v1::RequestGroupMeetingResponse response;
  EXPECT_THAT(admin.Call(&S::RequestGroupMeeting, request, &response),
              GrpcIs(grpc::StatusCode::UNAVAILABLE, "org service"));
}

}  // namespace
}  // namespace partygroup::activity

namespace partygroup::activity {
namespace {

TEST_F(ActivityServiceTest, FindingsForABranchJudgeEveryGroupOfIt) {
  // A group that has existed for three whole months and held no meeting in the last one.
  const absl::CivilMonth previous =
      absl::ToCivilMonth(absl::Now(), absl::FixedTimeZone(8 * 3600)) - 1;
  const absl::CivilMonth founded = previous - 2;
  const Organisation o = Build(MakeDate(static_cast<int>(founded.year()), founded.month(), 1));
  Client secretary = Secretary(o.branch);
  v1::ListFindingsRequest request;
  request.set_branch_id(o.branch);
  request.mutable_period()->set_year(static_cast<int>(previous.year()));
  request.mutable_period()->set_month(previous.month());
  v1::ListFindingsResponse findings;
  ASSERT_THAT(secretary.Call(&S::ListFindings, request, &findings), GrpcOk());
  EXPECT_EQ(findings.groups_checked(), 1);
  EXPECT_EQ(findings.meeting_months_due(), 1);
  EXPECT_EQ(findings.meeting_months_met(), 0);
  bool missed = false;
  for (const auto& finding : findings.findings()) {
    EXPECT_EQ(finding.group_id(), o.group);
    missed = missed || finding.code() == "MONTHLY_MEETING_MISSING";
  }
  EXPECT_TRUE(missed);

  // The other branch has no groups: nothing to judge. Its secretary may not read this one.
  request.set_branch_id(o.other_branch);
  ASSERT_THAT(Secretary(o.other_branch).Call(&S::ListFindings, request, &findings), GrpcOk());
  request.set_branch_id(o.branch);
  EXPECT_THAT(Secretary(o.other_branch).Call(&S::ListFindings, request, &findings),
              GrpcIs(grpc::StatusCode::PERMISSION_DENIED, ""));
  request.set_group_id(o.group);  // both
  EXPECT_THAT(secretary.Call(&S::ListFindings, request, &findings),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "exactly one"));
  request.clear_branch_id();
  request.clear_group_id();
  request.set_branch_id(o.group);  // a group is no branch
  EXPECT_THAT(secretary.Call(&S::ListFindings, request, &findings),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "not a branch"));
}

TEST_F(ActivityServiceTest, ACadresAttendanceAtTheGroupsActivitiesIsVisible) {
  const Organisation o = Build();
  OrgClient admin(org_->port(), {"admin", auth::Role::kAdmin, 0});
  org::v1::UpdateMemberRequest cadre;
  cadre.set_request_id(NextRequestId());
  cadre.set_id(o.members[3]);
  cadre.set_update_leading_cadre(true);
  cadre.set_leading_cadre(true);
  org::v1::UpdateMemberResponse updated;
  ASSERT_THAT(admin.Call(&OrgStub::UpdateMember, cadre, &updated), GrpcOk());
  const v1::GroupMeeting first = HoldMeeting(o);
  const v1::GroupMeeting second = HoldMeeting(o);

  // The cadre reads their own record; the two meetings they missed, with the reason.
  Client self(activity_->port(), {"cadre", auth::Role::kMember, o.branch, o.members[3]});
  v1::GetCadreAttendanceRequest request;
  request.set_member_id(o.members[3]);
  *request.mutable_period() = ThisMonth();
  v1::GetCadreAttendanceResponse attendance;
  ASSERT_THAT(self.Call(&S::GetCadreAttendance, request, &attendance), GrpcOk());
  EXPECT_TRUE(attendance.leading_cadre());
  EXPECT_EQ(attendance.group_id(), o.group);
  EXPECT_EQ(attendance.activities_held(), 2);
  EXPECT_EQ(attendance.activities_attended(), 0);
  ASSERT_EQ(attendance.entries_size(), 2);
  EXPECT_EQ(attendance.entries(0).activity_id(), first.id());
  EXPECT_EQ(attendance.entries(1).activity_id(), second.id());
  EXPECT_EQ(attendance.entries(0).kind(), v1::ACTIVITY_KIND_GROUP_MEETING);
  EXPECT_FALSE(attendance.entries(0).present());
  EXPECT_EQ(attendance.entries(0).absence_reason(), "出差");

  // The branch secretary sees anyone's; another member sees only their own.
  request.set_member_id(o.members[1]);
  ASSERT_THAT(Secretary(o.branch).Call(&S::GetCadreAttendance, request, &attendance), GrpcOk());
  EXPECT_FALSE(attendance.leading_cadre());
  EXPECT_EQ(attendance.activities_attended(), 2);
  EXPECT_THAT(self.Call(&S::GetCadreAttendance, request, &attendance),
              GrpcIs(grpc::StatusCode::PERMISSION_DENIED, ""));
  request.mutable_period()->set_month(13);
  EXPECT_THAT(self.Call(&S::GetCadreAttendance, request, &attendance),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "period"));
}

TEST_F(ActivityServiceTest, TheAssessmentStreamsEveryGroupOfASubtreeWithItsPeriod) {
  const Organisation o = Build();
  const v1::GroupMeeting meeting = HoldMeeting(o);
  Client leader = Leader(o);
  // Not held yet: its day is the day it was asked for, in this month too.
  const v1::GroupMeeting pending = Request(leader, o);
  v1::RecordTalkRequest talk;
  talk.set_request_id(NextRequestId());
  talk.set_group_id(o.group);
  talk.set_first_member_id(o.members[0]);
  talk.set_second_member_id(o.members[2]);
  *talk.mutable_held_time() = proto::ToTimestamp(absl::Now() - absl::Minutes(5));
  talk.set_topic("思想动态");
  v1::RecordTalkResponse talked;
  ASSERT_THAT(leader.Call(&S::RecordTalk, talk, &talked), GrpcOk());
  v1::RecordLeaderTrainingRequest training;
  training.set_request_id(NextRequestId());
  training.set_group_id(o.group);
  training.set_member_id(o.members[0]);
  const absl::CivilDay today = absl::ToCivilDay(absl::Now(), absl::FixedTimeZone(8 * 3600));
  *training.mutable_trained_on() =
      MakeDate(static_cast<int>(today.year()), today.month(), today.day());
  training.set_title("党小组组长培训班");
  v1::RecordLeaderTrainingResponse trained;
  ASSERT_THAT(Secretary(o.branch).Call(&S::RecordLeaderTraining, training, &trained), GrpcOk());

  // Dues of this month for two of the four.
  v1::RecordDuesRequest dues;
  dues.set_group_id(o.group);
  *dues.mutable_month() = ThisMonth();
  dues.set_category(v1::DUES_CATEGORY_EMPLOYED);
  dues.set_base_pay_fen(450000);
  const absl::Time paid = absl::FromUnixMicros(absl::ToUnixMicros(absl::Now()));
  *dues.mutable_paid_time() = proto::ToTimestamp(paid);
  for (int i : {0, 2}) {
    dues.set_request_id(NextRequestId());
    dues.set_member_id(o.members[i]);
    v1::RecordDuesResponse recorded;
    ASSERT_THAT(leader.Call(&S::RecordDues, dues, &recorded), GrpcOk());
  }

  auto stream = [&](Client& client, int64_t node, std::vector<v1::GroupPeriodRecords>* out,
                    bool compact = false,
                    std::optional<absl::Time> dues_paid_by = std::nullopt) -> grpc::Status {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + client.token());
    v1::StreamPeriodRequest request;
    request.set_node_id(node);
    *request.mutable_period() = ThisMonth();
    request.set_compact(compact);
    if (dues_paid_by.has_value()) {
      *request.mutable_dues_paid_by() = proto::ToTimestamp(*dues_paid_by);
    }
    auto reader = client.stub().StreamPeriod(&context, request);
    v1::StreamPeriodResponse response;
    while (reader->Read(&response)) out->push_back(response.group());
    return reader->Finish();
  };
  Client service(activity_->port(), {"assessment", auth::Role::kService, 0});
  std::vector<v1::GroupPeriodRecords> groups;
  ASSERT_THAT(stream(service, o.branch, &groups), GrpcOk());
  ASSERT_EQ(groups.size(), 1u);
  const v1::GroupPeriodRecords& group = groups.front();
  EXPECT_EQ(group.group_id(), o.group);
  ASSERT_EQ(group.meetings_size(), 2);
  EXPECT_EQ(group.meetings(0).id(), meeting.id());
  EXPECT_EQ(group.meetings(1).id(), pending.id());
  EXPECT_EQ(group.meetings(0).attendance_size(), 4);
  EXPECT_EQ(group.meetings(0).minutes(), meeting.minutes());
  ASSERT_EQ(group.talks_size(), 1);
  EXPECT_EQ(group.talks(0).second_member_id(), o.members[2]);
  // The leader's training of the year, found through the leader org streams with the tree.
  ASSERT_EQ(group.leader_trainings_size(), 1);
  EXPECT_EQ(group.leader_trainings(0).title(), "党小组组长培训班");
  ASSERT_EQ(group.dues_size(), 2);
  EXPECT_TRUE(group.dues_paid().empty());

  // The compact form holds the same: those present by id, the absences, the months paid.
  std::vector<v1::GroupPeriodRecords> compact;
  ASSERT_THAT(stream(service, o.branch, &compact, /*compact=*/true), GrpcOk());
  ASSERT_EQ(compact.size(), 1u);
  ASSERT_EQ(compact[0].meetings_size(), 2);
  const v1::GroupMeeting& brief = compact[0].meetings(0);
  std::vector<int64_t> present;
  std::vector<const v1::Attendance*> absent;
  for (const v1::Attendance& a : group.meetings(0).attendance()) {
    if (a.present()) {
      present.push_back(a.member_id());
    } else {
      absent.push_back(&a);
    }
  }
  EXPECT_EQ(
      std::vector<int64_t>(brief.present_member_ids().begin(), brief.present_member_ids().end()),
      present);
  ASSERT_EQ(brief.attendance_size(), static_cast<int>(absent.size()));
  ASSERT_FALSE(absent.empty());  // members[3], on a trip
  for (int i = 0; i < brief.attendance_size(); ++i) {
    EXPECT_EQ(brief.attendance(i).member_id(), absent[static_cast<size_t>(i)]->member_id());
    EXPECT_EQ(brief.attendance(i).absence_reason(), "出差");
    EXPECT_FALSE(brief.attendance(i).present());
  }
  EXPECT_TRUE(compact[0].dues().empty());
  ASSERT_EQ(compact[0].dues_paid_size(), 2);
  const common::v1::Period month = ThisMonth();
  for (int i = 0; i < 2; ++i) {
    const v1::MemberDuesPaid& member = compact[0].dues_paid(i);
    EXPECT_EQ(member.member_id(), o.members[i == 0 ? 0 : 2]);
    ASSERT_EQ(member.months_size(), 1);
    EXPECT_EQ(member.months(0), month.year() * 100 + month.month());
    ASSERT_EQ(member.paid_unix_micros_size(), 1);
    EXPECT_EQ(member.paid_unix_micros(0), absl::ToUnixMicros(paid));
  }
  // Asked for the months paid by an instant: those paid by then, without the times.
  std::vector<v1::GroupPeriodRecords> paid_by;
  ASSERT_THAT(stream(service, o.branch, &paid_by, /*compact=*/true, paid), GrpcOk());
  ASSERT_EQ(paid_by.size(), 1u);
  ASSERT_EQ(paid_by[0].dues_paid_size(), 2);
  for (const v1::MemberDuesPaid& member : paid_by[0].dues_paid()) {
    EXPECT_THAT(member.months(), ::testing::ElementsAre(compact[0].dues_paid(0).months(0)));
    EXPECT_TRUE(member.paid_unix_micros().empty());
  }
  paid_by.clear();
  ASSERT_THAT(stream(service, o.branch, &paid_by, /*compact=*/true, paid - absl::Microseconds(1)),
              GrpcOk());
  ASSERT_EQ(paid_by.size(), 1u);
  EXPECT_TRUE(paid_by[0].dues_paid().empty());  // paid a microsecond later
  EXPECT_EQ(paid_by[0].meetings_size(), 2);
  paid_by.clear();
  EXPECT_THAT(stream(service, o.branch, &paid_by, /*compact=*/false, paid),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "dues_paid_by"));
  // Each meeting keeps what the rules read (topics, times, those notified, the chair, the
  // minutes) and leaves out its authors, review note, planned and archive times; each talk keeps
  // its two members and its time, without topic and note.
  for (int i = 0; i < 2; ++i) {
    v1::GroupMeeting expected = group.meetings(i);
    EXPECT_FALSE(expected.requested_by().empty());
    expected.clear_branch_id();
    expected.clear_requested_by();
    expected.clear_reviewed_by();
    expected.clear_rejection_reason();
    expected.clear_planned_time();
    expected.clear_archive_time();
    expected.clear_attendance();
    v1::GroupMeeting got = compact[0].meetings(i);
    got.clear_attendance();
    got.clear_present_member_ids();
    EXPECT_EQ(got.DebugString(), expected.DebugString());
  }
  EXPECT_FALSE(group.meetings(0).topics().empty());
  EXPECT_FALSE(group.meetings(0).notified_member_ids().empty());
  ASSERT_EQ(compact[0].talks_size(), 1);
  v1::Talk talk_expected = group.talks(0);
  EXPECT_FALSE(talk_expected.topic().empty());
  talk_expected.clear_topic();
  talk_expected.clear_note();
  EXPECT_EQ(compact[0].talks(0).DebugString(), talk_expected.DebugString());

  // The other branch has no group; a member may not stream; a node must exist.
  groups.clear();
  ASSERT_THAT(stream(service, o.other_branch, &groups), GrpcOk());
  EXPECT_TRUE(groups.empty());
  Client member(activity_->port(), {"member", auth::Role::kMember, o.branch, o.members[1]});
  EXPECT_THAT(stream(member, o.branch, &groups), GrpcIs(grpc::StatusCode::PERMISSION_DENIED, ""));
  EXPECT_THAT(stream(service, 987654321, &groups), GrpcIs(grpc::StatusCode::NOT_FOUND, ""));
}

TEST_F(ActivityServiceTest, AnOverdueTaskIsAnnouncedOnceAsAnEvent) {
  const Organisation o = Build();
  Client leader = Leader(o);
  // A task due in a moment, as the leader assigns it.
  auto assign_task = [&](const std::string& title, absl::Duration due_in) {
    v1::AssignTaskRequest assign;
    assign.set_request_id(NextRequestId());
    assign.set_group_id(o.group);
    assign.set_title(title);
    assign.add_member_ids(o.members[1]);
    *assign.mutable_due_time() = proto::ToTimestamp(absl::Now() + due_in);
    v1::AssignTaskResponse assigned;
    EXPECT_THAT(leader.Call(&S::AssignTask, assign, &assigned), GrpcOk());
    return assigned.task().id();
  };
  // The TASK_OVERDUE events of the log for a task.
  Client secretary = Secretary(o.branch);
  auto overdue_events = [&](int64_t task_id) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + secretary.token());
    auto reader = secretary.stub().WatchEvents(&context, v1::WatchEventsRequest());
    std::vector<v1::WatchEventsResponse> found;
    v1::WatchEventsResponse event;
    while (reader->Read(&event)) {
      if (event.event().kind() == "TASK_OVERDUE" && event.event().target_id() == task_id) {
        found.push_back(event);
      }
    }
    EXPECT_TRUE(reader->Finish().ok());
    return found;
  };
  // The sweep runs every 200 ms in this server: the log is read until the task's event shows.
  auto await_announced = [&](int64_t task_id) {
    const absl::Time give_up = absl::Now() + absl::Seconds(20);
    std::vector<v1::WatchEventsResponse> found = overdue_events(task_id);
    while (found.empty() && absl::Now() < give_up) {
      absl::SleepFor(absl::Milliseconds(50));
      found = overdue_events(task_id);
    }
    return found;
  };

  const int64_t first = assign_task("整理党员档案", absl::Milliseconds(500));
  std::vector<v1::WatchEventsResponse> found = await_announced(first);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_THAT(found[0].event().payload_json(), ::testing::HasSubstr("整理党员档案"));
  // Two more sweeps, each seen to run by a later task it announces: neither announces the first
  // task again.
  for (const char* title : {"收集群众意见", "学习心得交流"}) {
    ASSERT_EQ(await_announced(assign_task(title, absl::Milliseconds(300))).size(), 1u);
    EXPECT_EQ(overdue_events(first).size(), 1u);
  }
}

}  // namespace
}  // namespace partygroup::activity

namespace partygroup::activity {
namespace {

TEST_F(ActivityServiceTest, APastMeetingIsImportedFromThePaperRecordInTheRegulationsOrder) {
  const Organisation o = Build(MakeDate(2025, 1, 5));
  const absl::TimeZone shanghai = absl::FixedTimeZone(8 * 3600);
  auto at = [&](int month, int day) {
    return proto::ToTimestamp(
        absl::FromCivil(absl::CivilSecond(2025, month, day, 9, 0, 0), shanghai));
  };
  v1::ImportGroupMeetingRequest request;
  request.set_request_id(NextRequestId());
  request.set_group_id(o.group);
  request.add_topics("学习党章");
  *request.mutable_request_time() = at(3, 3);
  *request.mutable_review_time() = at(3, 4);
  *request.mutable_notice_time() = at(3, 5);
  *request.mutable_held_time() = at(3, 10);
  request.mutable_held_time()->set_nanos(123456789);  // kept to the microsecond
  request.set_chair_member_id(o.members[0]);
  for (auto id = o.members.rbegin(); id != o.members.rend(); ++id) {  // not in id order
    v1::Attendance* a = request.add_attendance();
    a->set_member_id(*id);
    a->set_present(*id != o.members[1]);
    if (!a->present()) a->set_absence_reason("因病请假");
  }
  request.set_minutes("学习了党章第二章。");
  v1::ImportGroupMeetingResponse imported;
  Client leader = Leader(o);
  EXPECT_THAT(leader.Call(&S::ImportGroupMeeting, request, &imported),
              GrpcIs(grpc::StatusCode::PERMISSION_DENIED, ""));
  // Not the branch either, whose year the meeting counts in: the unit's back office.
  EXPECT_THAT(Secretary(o.branch).Call(&S::ImportGroupMeeting, request, &imported),
              GrpcIs(grpc::StatusCode::PERMISSION_DENIED, "UNIT_ADMIN"));
  Client secretary = UnitAdmin(o);
  v1::ImportGroupMeetingRequest disordered = request;
  *disordered.mutable_review_time() = at(3, 1);  // approved before it was asked for
  EXPECT_THAT(secretary.Call(&S::ImportGroupMeeting, disordered, &imported),
              GrpcIs(grpc::StatusCode::FAILED_PRECONDITION, "第五条"));
  v1::ImportGroupMeetingRequest no_minutes = request;
  no_minutes.clear_minutes();
  EXPECT_THAT(secretary.Call(&S::ImportGroupMeeting, no_minutes, &imported),
              GrpcIs(grpc::StatusCode::FAILED_PRECONDITION, "MEETING_NO_MINUTES (第五条)"));
  ASSERT_THAT(secretary.Call(&S::ImportGroupMeeting, request, &imported), GrpcOk());
  EXPECT_EQ(imported.meeting().status(), v1::MEETING_STATUS_ARCHIVED);
  EXPECT_TRUE(imported.meeting().imported());  // marked: recorded afterwards, not step by step
  EXPECT_EQ(proto::FromTimestamp(imported.meeting().held_time()),
            proto::FromTimestamp(at(3, 10)) + absl::Microseconds(123456));
  // The answer is the meeting as stored, though it is not read back: a read gives the same.
  v1::GetGroupMeetingRequest get;
  get.set_id(imported.meeting().id());
  v1::GetGroupMeetingResponse got;
  ASSERT_THAT(secretary.Call(&S::GetGroupMeeting, get, &got), GrpcOk());
  EXPECT_EQ(got.meeting().SerializeAsString(), imported.meeting().SerializeAsString())
      << "read:     " << got.meeting().ShortDebugString()
      << "\nanswered: " << imported.meeting().ShortDebugString();
  EXPECT_EQ(got.meeting().attendance(0).member_id(), o.members[0]);
  // The assessment's compact stream has the same attendance: those present by id, the absence
  // with its reason.
  {
    grpc::ClientContext context;
    Client service(activity_->port(), {"assessment", auth::Role::kService, 0});
    context.AddMetadata("authorization", "Bearer " + service.token());
    v1::StreamPeriodRequest period;
    period.set_node_id(o.group);
    period.mutable_period()->set_year(2025);
    period.mutable_period()->set_month(3);
    period.set_compact(true);
    auto reader = service.stub().StreamPeriod(&context, period);
    v1::StreamPeriodResponse streamed;
    ASSERT_TRUE(reader->Read(&streamed));
    ASSERT_EQ(streamed.group().meetings_size(), 1);
    const v1::GroupMeeting& brief = streamed.group().meetings(0);
    std::vector<int64_t> present;
    for (int64_t id : o.members) {
      if (id != o.members[1]) present.push_back(id);
    }
    EXPECT_EQ(
        std::vector<int64_t>(brief.present_member_ids().begin(), brief.present_member_ids().end()),
        present);
    ASSERT_EQ(brief.attendance_size(), 1);
    EXPECT_EQ(brief.attendance(0).member_id(), o.members[1]);
    EXPECT_EQ(brief.attendance(0).absence_reason(), "因病请假");
    while (reader->Read(&streamed)) {
    }
    EXPECT_TRUE(reader->Finish().ok());
  }

  // March 2025 now has its meeting; April does not.
  v1::ListFindingsRequest findings;
  findings.set_group_id(o.group);
  findings.mutable_period()->set_year(2025);
  findings.mutable_period()->set_month(3);
  v1::ListFindingsResponse march;
  ASSERT_THAT(secretary.Call(&S::ListFindings, findings, &march), GrpcOk());
  EXPECT_EQ(march.meeting_months_met(), 1);
  findings.mutable_period()->set_month(4);
  v1::ListFindingsResponse april;
  ASSERT_THAT(secretary.Call(&S::ListFindings, findings, &april), GrpcOk());
  EXPECT_EQ(april.meeting_months_met(), 0);
  EXPECT_EQ(april.meeting_months_due(), 1);
}

}  // namespace
}  // namespace partygroup::activity

namespace partygroup::activity {
namespace {

TEST_F(ActivityServiceTest, PastRecordsAreImportedInBulkEachCheckedAsItsOwnCallChecksIt) {
  const Organisation o = Build(MakeDate(2025, 1, 5));
  const absl::TimeZone shanghai = absl::FixedTimeZone(8 * 3600);
  auto at = [&](int month, int day) {
    return proto::ToTimestamp(
        absl::FromCivil(absl::CivilSecond(2025, month, day, 9, 0, 0), shanghai));
  };
  std::vector<v1::ImportRecord> records;
  {  // 1: a meeting in order
    v1::ImportGroupMeetingRequest* m = records.emplace_back().mutable_meeting();
    m->set_group_id(o.group);
    m->add_topics("学习党章");
    *m->mutable_request_time() = at(4, 1);
    *m->mutable_review_time() = at(4, 2);
    *m->mutable_notice_time() = at(4, 3);
    *m->mutable_held_time() = at(4, 10);
    m->set_chair_member_id(o.members[0]);
    for (int64_t id : o.members) {
      v1::Attendance* a = m->add_attendance();
      a->set_member_id(id);
      a->set_present(true);
    }
    m->set_minutes("记录");
    // 2: the same meeting approved before it was asked for
    v1::ImportGroupMeetingRequest* bad = records.emplace_back().mutable_meeting();
    *bad = *m;
    *bad->mutable_review_time() = at(3, 1);
  }
  for (int month : {4, 5}) {  // 3-6: dues of two members for two months
    for (int i = 0; i < 2; ++i) {
      v1::RecordDuesRequest* d = records.emplace_back().mutable_dues();
      d->set_group_id(o.group);
      d->set_member_id(o.members[i]);
      d->mutable_month()->set_year(2025);
      d->mutable_month()->set_month(month);
      d->set_category(v1::DUES_CATEGORY_EMPLOYED);
      d->set_base_pay_fen(450000);
      *d->mutable_paid_time() = at(month, 20);
    }
  }
  *records.emplace_back().mutable_dues() = records[2].dues();  // 7: April paid twice
  {  // 8: a talk; 9: a training; 10: a late annual report; 11: an unknown group; 12: empty
    v1::RecordTalkRequest* t = records.emplace_back().mutable_talk();
    t->set_group_id(o.group);
    t->set_first_member_id(o.members[0]);
    t->set_second_member_id(o.members[1]);
    *t->mutable_held_time() = at(6, 1);
    v1::RecordLeaderTrainingRequest* training = records.emplace_back().mutable_training();
    training->set_group_id(o.group);
    training->set_member_id(o.members[0]);
    *training->mutable_trained_on() = MakeDate(2025, 6, 15);
    training->set_title("培训");
    v1::AnnualReport* report = records.emplace_back().mutable_annual_report();
    report->set_group_id(o.group);
    report->set_year(2025);
    report->set_text("年度报告");
    *report->mutable_submit_time() =
        proto::ToTimestamp(absl::FromCivil(absl::CivilSecond(2026, 1, 15, 9, 0, 0), shanghai));
    records.emplace_back().mutable_talk()->set_group_id(987654321);
    records.emplace_back();
  }

  auto import = [&](Client& client, const std::string& request_id,
                    v1::ImportRecordsResponse* response) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + client.token());
    auto writer = client.stub().ImportRecords(&context, response);
    // Two messages: the request_id travels in the first.
    v1::ImportRecordsRequest first;
    first.set_request_id(request_id);
    for (size_t i = 0; i < 5; ++i) *first.add_records() = records[i];
    v1::ImportRecordsRequest rest;
    for (size_t i = 5; i < records.size(); ++i) *rest.add_records() = records[i];
    writer->Write(first);
    writer->Write(rest);
    writer->WritesDone();
    return writer->Finish();
  };
  Client leader = Leader(o);
  v1::ImportRecordsResponse result;
  // Neither a leader nor the branch whose year the records count in may use the back office:
  // refused on the token, before the stream is read.
  EXPECT_THAT(import(leader, NextRequestId(), &result),
              GrpcIs(grpc::StatusCode::PERMISSION_DENIED, "UNIT_ADMIN"));
  Client branch_secretary = Secretary(o.branch);
  EXPECT_THAT(import(branch_secretary, NextRequestId(), &result),
              GrpcIs(grpc::StatusCode::PERMISSION_DENIED, "UNIT_ADMIN"));
  // An administrator scoped elsewhere (the sibling branch) may use it, and has every record
  // refused by scope.
  Client stranger(activity_->port(), {"stranger", auth::Role::kUnitAdmin, o.other_branch});
  ASSERT_THAT(import(stranger, NextRequestId(), &result), GrpcOk());
  EXPECT_EQ(result.imported(), 0);
  Client secretary = UnitAdmin(o);
  const std::string request_id = NextRequestId();
  ASSERT_THAT(import(secretary, request_id, &result), GrpcOk());
  EXPECT_EQ(result.imported(), 8);  // a meeting, four dues, a talk, a training, a report
  std::vector<int> refused;
  for (const v1::ImportRecordError& error : result.errors()) refused.push_back(error.record());
  EXPECT_THAT(refused, ElementsAre(2, 7, 11, 12));
  EXPECT_THAT(result.errors(0).reason(), ::testing::HasSubstr("第五条"));
  EXPECT_THAT(result.errors(1).reason(), ::testing::HasSubstr("2025-04 already"));

  // A retry answers the same and changes nothing.
  v1::ImportRecordsResponse again;
  ASSERT_THAT(import(secretary, request_id, &again), GrpcOk());
  EXPECT_EQ(again.SerializeAsString(), result.SerializeAsString());
  v1::ListDuesRequest ledger;
  ledger.set_group_id(o.group);
  ledger.mutable_period()->set_year(2025);
  v1::ListDuesResponse dues;
  ASSERT_THAT(secretary.Call(&S::ListDues, ledger, &dues), GrpcOk());
  EXPECT_EQ(dues.entries_size(), 4);
  EXPECT_EQ(dues.entries(0).amount_fen(), 4500);  // 第四条 brackets, as RecordDues computes
  v1::ListGroupMeetingsRequest list;
  list.set_group_id(o.group);
  list.mutable_period()->set_year(2025);
  v1::ListGroupMeetingsResponse meetings;
  ASSERT_THAT(secretary.Call(&S::ListGroupMeetings, list, &meetings), GrpcOk());
  ASSERT_EQ(meetings.meetings_size(), 1);
  EXPECT_EQ(meetings.meetings(0).status(), v1::MEETING_STATUS_ARCHIVED);
  EXPECT_EQ(meetings.meetings(0).attendance_size(), 4);
}

TEST_F(ActivityServiceTest, AMovedBranchsRecordsAndEventsFollowItToItsNewUnit) {
  const Organisation o = Build();
  Client leader = Leader(o);
  const v1::GroupMeeting requested = Request(leader, o);
  OrgClient admin(org_->port(), {"admin", auth::Role::kAdmin, 0});
  org::v1::GetNodeRequest get_branch;
  get_branch.set_id(o.branch);
  org::v1::GetNodeResponse branch;
  ASSERT_THAT(admin.Call(&OrgStub::GetNode, get_branch, &branch), GrpcOk());
  const int64_t old_unit = branch.node().parent_id();
  org::v1::CreateNodeRequest unit;
  unit.set_request_id(NextRequestId());
  unit.set_parent_id(1);
  unit.set_kind(org::v1::NODE_KIND_UNIT);
  unit.set_name("新的主管单位");
  org::v1::CreateNodeResponse new_unit;
  ASSERT_THAT(admin.Call(&OrgStub::CreateNode, unit, &new_unit), GrpcOk());
  org::v1::MoveNodeRequest move;
  move.set_request_id(NextRequestId());
  move.set_id(o.branch);
  move.set_new_parent_id(new_unit.node().id());
  org::v1::MoveNodeResponse moved;
  ASSERT_THAT(admin.Call(&OrgStub::MoveNode, move, &moved), GrpcOk());

  // The branch's secretary (now under the new unit) approves the meeting requested before the
  // move, once the activity service has followed it (it follows org's events as they come).
  Client secretary = Secretary(o.branch);
  grpc::Status reviewed;
  const absl::Time deadline = absl::Now() + absl::Seconds(20);
  do {
    reviewed = Review(secretary, requested.id(), true, "");
    if (reviewed.error_code() != grpc::StatusCode::PERMISSION_DENIED) break;
    absl::SleepFor(absl::Milliseconds(20));  // the follow is asynchronous: ask again
  } while (absl::Now() < deadline);
  ASSERT_THAT(reviewed, GrpcOk());

  // The new unit's administrator reads the record and its events; the old unit's no longer.
  Client new_admin(activity_->port(), {"new-unit", auth::Role::kUnitAdmin, new_unit.node().id()});
  Client old_admin(activity_->port(), {"old-unit", auth::Role::kUnitAdmin, old_unit});
  v1::GetGroupMeetingRequest get;
  get.set_id(requested.id());
  v1::GetGroupMeetingResponse read;
  EXPECT_THAT(new_admin.Call(&S::GetGroupMeeting, get, &read), GrpcOk());
  EXPECT_THAT(old_admin.Call(&S::GetGroupMeeting, get, &read),
              GrpcIs(grpc::StatusCode::PERMISSION_DENIED, ""));
  auto events_of = [&](Client& client) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + client.token());
    v1::WatchEventsRequest watch;
    auto reader = client.stub().WatchEvents(&context, watch);
    std::vector<std::string> kinds;
    for (v1::WatchEventsResponse event; reader->Read(&event);) {
      if (event.event().target_id() == requested.id()) kinds.push_back(event.event().kind());
    }
    EXPECT_TRUE(reader->Finish().ok());
    return kinds;
  };
  EXPECT_THAT(events_of(new_admin), ElementsAre("MEETING_APPROVAL_REQUESTED", "MEETING_APPROVED"));
  EXPECT_THAT(events_of(old_admin), IsEmpty());
}

TEST_F(ActivityServiceTest, APastMonthIsJudgedByTheGroupAsItStoodThen) {
  // A group of four since January; its fourth member left the committee on 1 September, after
  // paying nothing for August; the other three paid August and September.
  const Organisation o = Build(MakeDate(2026, 1, 5));
  Client leader = Leader(o);
  Client secretary = Secretary(o.branch);
  auto pay = [&](int64_t member, int month) {
    v1::RecordDuesRequest dues;
    dues.set_request_id(NextRequestId());
    dues.set_group_id(o.group);
    dues.set_member_id(member);
    dues.mutable_month()->set_year(2026);
    dues.mutable_month()->set_month(month);
    dues.set_category(v1::DUES_CATEGORY_EMPLOYED);
    dues.set_base_pay_fen(300000);
    *dues.mutable_paid_time() = proto::ToTimestamp(absl::Now());
    v1::RecordDuesResponse paid;
    EXPECT_THAT(leader.Call(&S::RecordDues, dues, &paid), GrpcOk());
  };
  for (int i = 0; i < 3; ++i) {
    pay(o.members[i], 8);
    pay(o.members[i], 9);
  }
  OrgClient admin(org_->port(), {"admin", auth::Role::kAdmin, 0});
  org::v1::TransferMemberRequest out;
  out.set_request_id(NextRequestId());
  out.set_member_id(o.members[3]);
  out.set_kind(org::v1::TRANSFER_KIND_OUT);
  *out.mutable_effective_on() = MakeDate(2026, 9, 1);
  org::v1::TransferMemberResponse transferred;
  ASSERT_THAT(admin.Call(&OrgStub::TransferMember, out, &transferred), GrpcOk());

  auto judge = [&](int month) {
    v1::ListFindingsRequest request;
    request.set_group_id(o.group);
    request.mutable_period()->set_year(2026);
    request.mutable_period()->set_month(month);
    v1::ListFindingsResponse findings;
    EXPECT_THAT(secretary.Call(&S::ListFindings, request, &findings), GrpcOk());
    return findings;
  };
  // August: four members owed it, the one who has left since among them.
  v1::ListFindingsResponse august = judge(8);
  EXPECT_EQ(august.dues_months_due(), 4);
  EXPECT_EQ(august.dues_months_paid(), 3);
  std::vector<std::string> unpaid;
  for (const auto& finding : august.findings()) {
    if (finding.code() == "DUES_UNPAID") unpaid.push_back(finding.subject().id());
  }
  EXPECT_THAT(unpaid, ElementsAre(std::to_string(o.members[3])));
  // September: three owed it and paid; the group stood with three (no GROUP_TOO_SMALL).
  v1::ListFindingsResponse september = judge(9);
  EXPECT_EQ(september.dues_months_due(), 3);
  EXPECT_EQ(september.dues_months_paid(), 3);
  for (const auto& finding : september.findings()) {
    EXPECT_NE(finding.code(), "DUES_UNPAID");
    EXPECT_NE(finding.code(), "GROUP_TOO_SMALL");
  }
  // A year before the group was founded: no group to judge.
  v1::ListFindingsRequest before;
  before.set_group_id(o.group);
  before.mutable_period()->set_year(2025);
  v1::ListFindingsResponse none;
  ASSERT_THAT(secretary.Call(&S::ListFindings, before, &none), GrpcOk());
  EXPECT_EQ(none.groups_checked(), 0);
  EXPECT_EQ(none.findings_size(), 0);
}

}  // namespace
}  // namespace partygroup::activity
