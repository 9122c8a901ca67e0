// The assessment end to end, with the org, activity and assessment servers running for real: a
// small city with known gaps (a group that missed March, a leader never trained, a branch of 25
// members without groups) gets exactly the findings and scores the default rubrics imply; votes
// complete the branches and the unit; a recomputation is identical; a published revision never
// changes; the export opens; a SERVICE token reads and never writes; a peer that is down gives
// UNAVAILABLE and leaves the cycle as it was.
#include "services/assessment/assessment_service.h"

#include <cstdio>
#include <fstream>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/assessment/assessment_definition.h"
#include "tests/services/activity_test_util.h"
#include "tests/services/org_test_util.h"
#include "tests/support/grpc_matchers.h"

namespace partygroup::assessment {
namespace {

using ::partygroup::testing::ActivityServer;
using ::partygroup::testing::MakeDate;
using ::partygroup::testing::NextRequestId;
using ::partygroup::testing::OrgServer;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;
using OrgStub = org::v1::OrgService::Stub;
using ActivityStub = activity::v1::ActivityService::Stub;
using S = v1::AssessmentService::Stub;

using ::partygroup::testing::GrpcIs;
using ::partygroup::testing::GrpcOk;

// The assessment server at these org and activity servers, in-process.
server::RuntimeConfig AssessmentConfig(int org_port, int activity_port) {
  server::RuntimeConfig config = ::partygroup::testing::TestRuntimeConfig();
  config.org_address = absl::StrCat("127.0.0.1:", org_port);
  config.activity_address = absl::StrCat("127.0.0.1:", activity_port);
  config.service_token = auth::ServiceToken::Fixed(
      ::partygroup::testing::TokenFor({"assessment", auth::Role::kService, 0}));
  return config;
}

class AssessmentServer : public ::partygroup::testing::InProcessServer {
 public:
  AssessmentServer(int org_port, int activity_port)
      : InProcessServer(std::in_place_type<AssessmentServiceImpl>, Definition(),
                        AssessmentConfig(org_port, activity_port)) {}
};

// Calls one service as one caller.
template <typename Stub, typename Service>
class Caller {
 public:
  Caller(int port, auth::Caller caller)
      : stub_(Service::NewStub(::partygroup::testing::LocalChannel(port))),
        token_(::partygroup::testing::TokenFor(caller)) {}
  template <typename Request, typename Response>
  grpc::Status Call(grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                    const Request& request, Response* response) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(60)));
    context.AddMetadata("authorization", "Bearer " + token_);
    return (stub_.get()->*method)(&context, request, response);
  }
  Stub& stub() { return *stub_; }
  const std::string& token() const { return token_; }

 private:
  std::unique_ptr<Stub> stub_;
  std::string token_;
};
using OrgCaller = Caller<OrgStub, org::v1::OrgService>;
using ActivityCaller = Caller<ActivityStub, activity::v1::ActivityService>;
using AssessmentCaller = Caller<S, v1::AssessmentService>;

// The city: a unit with branch A (groups G1 and G2 of four, all formal) and branch B (25
// members, no groups). 2025: G1 met every month, G2 every month but March; every leader talked
// with every member; every member paid every month; G1's leader was trained, G2's never; no
// annual report reached the branch (both groups), filings were on time.
struct City {
  int64_t unit = 0, branch_a = 0, branch_b = 0, g1 = 0, g2 = 0;
  std::vector<int64_t> g1_members, g2_members;
};

class AssessmentServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    org_ = new OrgServer();
    activity_ = new ActivityServer(org_->port());
    assessment_ = new AssessmentServer(org_->port(), activity_->port());
  }
  static void TearDownTestSuite() {
    delete assessment_;
    delete activity_;
    delete org_;
  }

  static google::protobuf::Timestamp At(int month, int day, int hour = 9) {
    return proto::ToTimestamp(absl::FromCivil(absl::CivilSecond(2025, month, day, hour, 0, 0),
                                              absl::FixedTimeZone(8 * 3600)));
  }

  // A node and a formal member, created by an ADMIN of org.
  static int64_t CreateNode(int64_t parent, org::v1::NodeKind kind, const std::string& name) {
    OrgCaller admin(org_->port(), {"admin", auth::Role::kAdmin, 0});
    org::v1::CreateNodeRequest request;
    request.set_request_id(NextRequestId());
    request.set_parent_id(parent);
    request.set_kind(kind);
    request.set_name(name);
    org::v1::CreateNodeResponse response;
    EXPECT_THAT(admin.Call(&OrgStub::CreateNode, request, &response), GrpcOk());
    return response.node().id();
  }
  static int64_t CreateMember(int64_t branch, const std::string& name) {
    OrgCaller admin(org_->port(), {"admin", auth::Role::kAdmin, 0});
    org::v1::CreateMemberRequest request;
    request.set_request_id(NextRequestId());
    request.set_branch_id(branch);
    request.set_name(name);
    request.set_status(org::v1::MEMBER_STATUS_FORMAL);
    org::v1::CreateMemberResponse response;
    EXPECT_THAT(admin.Call(&OrgStub::CreateMember, request, &response), GrpcOk());
    return response.member().id();
  }

  static City BuildCity() {
    OrgCaller admin(org_->port(), {"admin", auth::Role::kAdmin, 0});
    City city;
    city.unit = CreateNode(1, org::v1::NODE_KIND_UNIT, "市直某局");
    city.branch_a = CreateNode(city.unit, org::v1::NODE_KIND_BRANCH, "机关第一党支部");
    city.branch_b = CreateNode(city.unit, org::v1::NODE_KIND_BRANCH, "机关第二党支部");
    for (int i = 0; i < 25; ++i) CreateMember(city.branch_b, absl::StrCat("乙", i));
    auto group = [&](const std::string& name, std::vector<int64_t>* members) {
      for (int i = 0; i < 4; ++i)
        members->push_back(CreateMember(city.branch_a, name + std::to_string(i)));
      org::v1::CreateGroupRequest request;
      request.set_request_id(NextRequestId());
      request.set_branch_id(city.branch_a);
      request.set_name(name);
      for (int64_t id : *members) request.add_member_ids(id);
      *request.mutable_decision()->mutable_decided_on() = MakeDate(2025, 1, 5);
      request.mutable_decision()->set_document_ref("支〔2025〕1号");
      org::v1::CreateGroupResponse created;
      EXPECT_THAT(admin.Call(&OrgStub::CreateGroup, request, &created), GrpcOk());
      org::v1::AppointLeaderRequest leader;
      leader.set_request_id(NextRequestId());
      leader.set_group_id(created.group().node().id());
      leader.set_member_id(members->front());
      leader.set_method(org::v1::APPOINTMENT_METHOD_BRANCH_DESIGNATION);
      leader.set_record_ref("支〔2025〕2号");
      *leader.mutable_appointed_on() = MakeDate(2025, 1, 5);
      org::v1::AppointLeaderResponse appointed;
      EXPECT_THAT(admin.Call(&OrgStub::AppointLeader, leader, &appointed), GrpcOk());
      return created.group().node().id();
    };
    city.g1 = group("第一党小组", &city.g1_members);
    city.g2 = group("第二党小组", &city.g2_members);
    // 第二条: both creations filed on time.
    org::v1::ListFilingsRequest filings;
    filings.set_node_id(city.branch_a);
    org::v1::ListFilingsResponse listed;
    EXPECT_THAT(admin.Call(&OrgStub::ListFilings, filings, &listed), GrpcOk());
    for (const org::v1::Filing& filing : listed.filings()) {
      org::v1::RecordFilingRequest record;
      record.set_request_id(NextRequestId());
      record.set_filing_id(filing.id());
      *record.mutable_filed_on() = MakeDate(2025, 1, 20);
      org::v1::RecordFilingResponse recorded;
      EXPECT_THAT(admin.Call(&OrgStub::RecordFiling, record, &recorded), GrpcOk());
    }

    ActivityCaller secretary(activity_->port(),
                             {"secretary", auth::Role::kBranchSecretary, city.branch_a});
    // The year's meetings come from paper, through the unit's back office.
    ActivityCaller back_office(activity_->port(),
                               {"unit-admin", auth::Role::kUnitAdmin, city.unit});
    for (const auto& [group, members] :
         {std::pair(city.g1, city.g1_members), std::pair(city.g2, city.g2_members)}) {
      ActivityCaller leader(activity_->port(), {"leader", auth::Role::kGroupLeader, group});
      for (int month = 1; month <= 12; ++month) {
        if (group == city.g2 && month == 3) continue;  // the missed month
        activity::v1::ImportGroupMeetingRequest meeting;
        meeting.set_request_id(NextRequestId());
        meeting.set_group_id(group);
        meeting.add_topics("学习贯彻实施意见");
        *meeting.mutable_request_time() = At(month, 1);
        *meeting.mutable_review_time() = At(month, 2);
        *meeting.mutable_notice_time() = At(month, 3);
        *meeting.mutable_held_time() = At(month, 10);
        meeting.set_chair_member_id(members.front());
        for (int64_t id : members) {
          activity::v1::Attendance* a = meeting.add_attendance();
          a->set_member_id(id);
          a->set_present(true);
        }
        meeting.set_minutes("会议记录");
        activity::v1::ImportGroupMeetingResponse imported;
        EXPECT_THAT(back_office.Call(&ActivityStub::ImportGroupMeeting, meeting, &imported),
                    GrpcOk());
      }
      for (int month = 1; month <= 12; ++month) {
        for (int64_t id : members) {
          activity::v1::RecordDuesRequest dues;
          dues.set_request_id(NextRequestId());
          dues.set_group_id(group);
          dues.set_member_id(id);
          dues.mutable_month()->set_year(2025);
          dues.mutable_month()->set_month(month);
          dues.set_category(activity::v1::DUES_CATEGORY_EMPLOYED);
          dues.set_base_pay_fen(500000);
          *dues.mutable_paid_time() = At(month, 15);
          activity::v1::RecordDuesResponse paid;
          EXPECT_THAT(leader.Call(&ActivityStub::RecordDues, dues, &paid), GrpcOk());
        }
      }
      for (size_t i = 1; i < members.size(); ++i) {
        activity::v1::RecordTalkRequest talk;
        talk.set_request_id(NextRequestId());
        talk.set_group_id(group);
        talk.set_first_member_id(members.front());
        talk.set_second_member_id(members[i]);
        *talk.mutable_held_time() = At(5, static_cast<int>(i) + 1);
        talk.set_topic("谈心谈话");
        activity::v1::RecordTalkResponse talked;
        EXPECT_THAT(leader.Call(&ActivityStub::RecordTalk, talk, &talked), GrpcOk());
      }
    }
    activity::v1::RecordLeaderTrainingRequest training;
    training.set_request_id(NextRequestId());
    training.set_group_id(city.g1);
    training.set_member_id(city.g1_members.front());
    *training.mutable_trained_on() = MakeDate(2025, 6, 1);
    training.set_title("党小组组长培训班");
    activity::v1::RecordLeaderTrainingResponse trained;
    EXPECT_THAT(secretary.Call(&ActivityStub::RecordLeaderTraining, training, &trained), GrpcOk());
    return city;
  }

  AssessmentCaller Admin() {
    return AssessmentCaller(assessment_->port(), {"admin", auth::Role::kAdmin, 0});
  }
  AssessmentCaller Service() {
    return AssessmentCaller(assessment_->port(), {"oa", auth::Role::kService, 0});
  }

  v1::Cycle Open(AssessmentCaller& caller, int64_t node) {
    v1::OpenCycleRequest request;
    request.set_request_id(NextRequestId());
    request.set_name("2025年度党小组工作考核");
    request.set_year(2025);
    request.set_node_id(node);
    v1::OpenCycleResponse response;
    EXPECT_THAT(caller.Call(&S::OpenCycle, request, &response), GrpcOk());
    return response.cycle();
  }
  grpc::Status Compute(AssessmentCaller& caller, int64_t cycle, v1::Cycle* out = nullptr) {
    v1::ComputeCycleRequest request;
    request.set_request_id(NextRequestId());
    request.set_cycle_id(cycle);
    v1::ComputeCycleResponse response;
    grpc::Status status = caller.Call(&S::ComputeCycle, request, &response);
    if (out != nullptr) *out = response.cycle();
    return status;
  }
  v1::Result Get(AssessmentCaller& caller, int64_t cycle, v1::SubjectKind kind, int64_t id,
                 int revision = 0) {
    v1::GetResultRequest request;
    request.set_cycle_id(cycle);
    request.set_subject_kind(kind);
    request.set_subject_id(id);
    request.set_revision(revision);
    v1::GetResultResponse response;
    EXPECT_THAT(caller.Call(&S::GetResult, request, &response), GrpcOk());
    return response.result();
  }
  static v1::Votes MakeVotes(int64_t good, int64_t fairly_good, int64_t average, int64_t poor) {
    v1::Votes votes;
    votes.set_good(good);
    votes.set_fairly_good(fairly_good);
    votes.set_average(average);
    votes.set_poor(poor);
    return votes;
  }
  grpc::Status Duty(AssessmentCaller& caller, int64_t cycle, int64_t subject, v1::Votes votes,
                    v1::Result* out = nullptr) {
    v1::RecordDutyReviewRequest request;
    request.set_request_id(NextRequestId());
    request.set_cycle_id(cycle);
    request.set_subject_id(subject);
    *request.mutable_votes() = votes;
    v1::RecordDutyReviewResponse response;
    grpc::Status status = caller.Call(&S::RecordDutyReview, request, &response);
    if (out != nullptr) *out = response.result();
    return status;
  }
  grpc::Status Dual(AssessmentCaller& caller, int64_t cycle, int64_t branch, v1::Votes party,
                    v1::Votes business, v1::Result* out = nullptr) {
    v1::RecordDualReviewRequest request;
    request.set_request_id(NextRequestId());
    request.set_cycle_id(cycle);
    request.set_branch_id(branch);
    *request.mutable_party_building_votes() = party;
    *request.mutable_business_votes() = business;
    v1::RecordDualReviewResponse response;
    grpc::Status status = caller.Call(&S::RecordDualReview, request, &response);
    if (out != nullptr) *out = response.result();
    return status;
  }
  static std::set<std::string> Codes(const v1::Result& result) {
    std::set<std::string> codes;
    for (const auto& finding : result.findings()) codes.insert(finding.code());
    return codes;
  }
  static const v1::IndicatorScore& Indicator(const v1::Result& result, const std::string& id) {
    for (const v1::IndicatorScore& indicator : result.breakdown()) {
      if (indicator.id() == id) return indicator;
    }
    static const v1::IndicatorScore kNone;
    ADD_FAILURE() << "no indicator " << id;
    return kNone;
  }
  std::vector<v1::Result> List(AssessmentCaller& caller, v1::ListResultsRequest request,
                               v1::ListResultsResponse* out = nullptr) {
    v1::ListResultsResponse response;
    EXPECT_THAT(caller.Call(&S::ListResults, request, &response), GrpcOk());
    if (out != nullptr) *out = response;
    return {response.results().begin(), response.results().end()};
  }

  static OrgServer* org_;
  static ActivityServer* activity_;
  static AssessmentServer* assessment_;
};
OrgServer* AssessmentServiceTest::org_ = nullptr;
ActivityServer* AssessmentServiceTest::activity_ = nullptr;
AssessmentServer* AssessmentServiceTest::assessment_ = nullptr;

TEST_F(AssessmentServiceTest, ACityIsOpenedComputedRatedPublishedAndExported) {
  const City city = BuildCity();
  AssessmentCaller admin = Admin();
  const v1::Cycle opened = Open(admin, city.unit);
  EXPECT_EQ(opened.status(), v1::CYCLE_STATUS_OPEN);
  EXPECT_EQ(opened.group_rubric_version(), "loudi-2023-8/group/v3");
  EXPECT_EQ(opened.branch_rubric_version(), "loudi-2023-8/branch/v2");
  EXPECT_EQ(opened.general_branch_rubric_version(), "loudi-2023-8/general_branch/v1");
  EXPECT_EQ(opened.unit_rubric_version(), "loudi-2023-8/unit/v2");

  v1::Cycle computed;
  ASSERT_THAT(Compute(admin, opened.id(), &computed), GrpcOk());
  EXPECT_EQ(computed.status(), v1::CYCLE_STATUS_COMPUTED);
  EXPECT_EQ(computed.revision(), 1);
  EXPECT_EQ(computed.result_count(), 5);   // two groups, two branches, the unit
  EXPECT_EQ(computed.pending_count(), 3);  // the branches and the unit wait for votes

  // G1: only the annual report is missing (第十三条): the leader indicator loses 50 of 100.
  const v1::Result g1 = Get(admin, opened.id(), v1::SUBJECT_KIND_GROUP, city.g1);
  EXPECT_THAT(Codes(g1), UnorderedElementsAre("ANNUAL_REPORT_MISSING"));
  EXPECT_EQ(g1.score(), "95.00");
  EXPECT_EQ(g1.grade(), "好");
  EXPECT_EQ(g1.rank(), 1);
  EXPECT_EQ(g1.peer_count(), 2);
  EXPECT_EQ(g1.branch_id(), city.branch_a);
  EXPECT_EQ(g1.unit_id(), city.unit);
  // G2: March missed (第五条), the leader never trained (第十四条, found on the group and scored
  // on the unit), no report.
  const v1::Result g2 = Get(admin, opened.id(), v1::SUBJECT_KIND_GROUP, city.g2);
  EXPECT_THAT(Codes(g2), UnorderedElementsAre("MONTHLY_MEETING_MISSING", "LEADER_UNTRAINED",
                                              "ANNUAL_REPORT_MISSING"));
  // Created on 5 January: February to December are due, and March was missed.
  EXPECT_EQ(Indicator(g2, "monthly_meetings").score(), "90.91");  // 10 of 11 months
  EXPECT_THAT(Indicator(g2, "monthly_meetings").articles(), ElementsAre("第五条"));
  // Imported from paper, and the evidence says so.
  EXPECT_THAT(Indicator(g2, "monthly_meetings").evidence(),
              ::testing::Contains("其中11次为事后补录（后台导入，非逐步记录）"));
  EXPECT_EQ(Indicator(g2, "leader").score(), "50.00");  // the report only
  EXPECT_EQ(g2.score(), "92.73");
  EXPECT_EQ(g2.grade(), "好");
  EXPECT_EQ(g2.rank(), 2);
  bool march = false;
  for (const auto& finding : g2.findings()) {
    march = march || (finding.code() == "MONTHLY_MEETING_MISSING" &&
                      finding.subject().id() == "2025-03" && finding.article() == "第五条");
  }
  EXPECT_TRUE(march);
  // Branch B: 25 members and no group (第一条, 第十四条: 应建尽建); waits for its votes.
  const v1::Result b = Get(admin, opened.id(), v1::SUBJECT_KIND_BRANCH, city.branch_b);
  EXPECT_FALSE(b.complete());
  EXPECT_THAT(b.missing_inputs(), ElementsAre("duty_review", "dual_review"));
  EXPECT_THAT(Codes(b), UnorderedElementsAre("BRANCH_SHOULD_HAVE_GROUPS"));
  EXPECT_EQ(Indicator(b, "groups").score(), "0.00");
  EXPECT_EQ(Indicator(b, "setup").score(), "50.00");
  // The unit: one of two leaders trained.
  const v1::Result unit = Get(admin, opened.id(), v1::SUBJECT_KIND_UNIT, city.unit);
  EXPECT_EQ(Indicator(unit, "leader_training").score(), "50.00");
  // A unit (and a branch) carries of what lies below it the findings its rubric scores; the
  // missed March stays on G2's result.
  EXPECT_THAT(Codes(unit), UnorderedElementsAre("LEADER_UNTRAINED", "BRANCH_SHOULD_HAVE_GROUPS"));
  EXPECT_THAT(Codes(Get(admin, opened.id(), v1::SUBJECT_KIND_BRANCH, city.branch_a)), IsEmpty());
  EXPECT_EQ(Indicator(unit, "setup").score(), "75.00");

  // Publishing waits for the votes (第十四条).
  v1::PublishCycleRequest publish;
  publish.set_request_id(NextRequestId());
  publish.set_cycle_id(opened.id());
  v1::PublishCycleResponse published;
  EXPECT_THAT(admin.Call(&S::PublishCycle, publish, &published),
              GrpcIs(grpc::StatusCode::FAILED_PRECONDITION, "第十四条"));

  // Votes: bad counts and the wrong subject are refused; a SERVICE token never writes.
  EXPECT_THAT(Duty(admin, opened.id(), city.branch_a, MakeVotes(0, 0, 0, 0)),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "votes"));
  EXPECT_THAT(Dual(admin, opened.id(), city.unit, MakeVotes(1, 0, 0, 0), MakeVotes(1, 0, 0, 0)),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "branch_id"));
  AssessmentCaller service = Service();
  EXPECT_THAT(Duty(service, opened.id(), city.branch_a, MakeVotes(10, 0, 0, 0)),
              GrpcIs(grpc::StatusCode::PERMISSION_DENIED, ""));
  v1::Result a;
  ASSERT_THAT(Duty(admin, opened.id(), city.branch_a, MakeVotes(10, 0, 0, 0), &a), GrpcOk());
  EXPECT_FALSE(a.complete());  // 双述双评 still missing
  ASSERT_THAT(
      Dual(admin, opened.id(), city.branch_a, MakeVotes(8, 2, 0, 0), MakeVotes(5, 0, 5, 0), &a),
      GrpcOk());
  // groups (95.00 + 92.73) / 2 = 93.87 × 25%, setup 100 × 10%, members in groups 8/8 × 5%,
  // 述职 100 × 30%, 双述双评 (96 + 80) / 2 = 88 × 30%: 94.87.
  EXPECT_TRUE(a.complete());
  EXPECT_EQ(a.score(), "94.87");
  EXPECT_EQ(a.grade(), "好");
  EXPECT_EQ(a.rank(), 1);
  ASSERT_THAT(Duty(admin, opened.id(), city.branch_b, MakeVotes(2, 0, 8, 0)), GrpcOk());
  v1::Result b_rated;
  ASSERT_THAT(Dual(admin, opened.id(), city.branch_b, MakeVotes(0, 0, 10, 0),
                   MakeVotes(0, 0, 0, 10), &b_rated),
              GrpcOk());
  // groups 0, setup 50 × 10%, members in groups not judged without a group (100) × 5%,
  // 述职 68 × 30%, 双述双评 (60 + 0) / 2 = 30 × 30%: 39.40.
  EXPECT_EQ(b_rated.score(), "39.40");
  EXPECT_EQ(b_rated.grade(), "差");
  EXPECT_EQ(b_rated.rank(), 2);
  v1::Result unit_rated;
  ASSERT_THAT(Duty(admin, opened.id(), city.unit, MakeVotes(6, 4, 0, 0), &unit_rated), GrpcOk());
  // groups 93.87 × 30%, setup 75 × 5%, members in groups 8/8 × 5%, training 50 × 10%,
  // cadres 100 × 10%, 述职 92 × 40%.
  EXPECT_EQ(unit_rated.score(), "88.71");
  // The manual indicator shows the votes; the groups indicator the groups behind the average.
  EXPECT_THAT(Indicator(unit_rated, "duty_review").evidence(),
              ElementsAre("述职评议：好6 较好4 一般0 差0（每票100/80/60/0分），得92.00分"));
  EXPECT_THAT(Indicator(unit_rated, "groups").evidence(),
              ElementsAre("达成 18773/20000", "第一党小组：95.00分", "第二党小组：92.73分"));

  // The same inputs give the same results.
  v1::ListResultsRequest all;
  all.set_cycle_id(opened.id());
  const std::vector<v1::Result> before = List(admin, all);
  ASSERT_EQ(before.size(), 5u);
  ASSERT_THAT(Compute(admin, opened.id(), &computed), GrpcOk());
  EXPECT_EQ(computed.revision(), 1);       // not published: the same revision, recomputed
  EXPECT_EQ(computed.pending_count(), 0);  // the votes count in the recomputation
  const std::vector<v1::Result> again = List(admin, all);
  ASSERT_EQ(again.size(), before.size());
  for (size_t i = 0; i < before.size(); ++i) {
    EXPECT_EQ(again[i].SerializeAsString(), before[i].SerializeAsString()) << i;
  }

  ASSERT_THAT(admin.Call(&S::PublishCycle, publish, &published), GrpcOk());
  EXPECT_EQ(published.cycle().status(), v1::CYCLE_STATUS_PUBLISHED);
  EXPECT_EQ(published.cycle().published_revision(), 1);
  // Published: votes are refused; a recomputation makes revision 2 and revision 1 stays.
  EXPECT_THAT(Duty(admin, opened.id(), city.unit, MakeVotes(0, 0, 0, 9)),
              GrpcIs(grpc::StatusCode::FAILED_PRECONDITION, "published"));
  ASSERT_THAT(Compute(admin, opened.id(), &computed), GrpcOk());
  EXPECT_EQ(computed.revision(), 2);
  EXPECT_EQ(computed.published_revision(), 1);
  const v1::Result published_a = Get(service, opened.id(), v1::SUBJECT_KIND_BRANCH, city.branch_a);
  EXPECT_EQ(published_a.revision(), 1);  // readers get the published revision by default
  EXPECT_EQ(published_a.score(), "94.87");

  // Another service lists the unit's branches, sorted by score, page by page.
  v1::ListResultsRequest branches;
  branches.set_cycle_id(opened.id());
  branches.set_unit_id(city.unit);
  branches.set_subject_kind(v1::SUBJECT_KIND_BRANCH);
  branches.set_order_by(v1::RESULT_ORDER_SCORE_DESC);
  branches.set_page_size(1);
  v1::ListResultsResponse page;
  std::vector<v1::Result> first = List(service, branches, &page);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].subject_id(), city.branch_a);
  EXPECT_EQ(page.total_size(), 2);
  branches.set_page_token(page.next_page_token());
  std::vector<v1::Result> second = List(service, branches, &page);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].subject_id(), city.branch_b);
  EXPECT_TRUE(page.next_page_token().empty());
  branches.clear_page_token();
  branches.set_page_size(0);
  branches.set_order_by(v1::RESULT_ORDER_SCORE_ASC);
  std::vector<v1::Result> ascending = List(service, branches);
  ASSERT_EQ(ascending.size(), 2u);
  EXPECT_EQ(ascending[0].subject_id(), city.branch_b);
  branches.set_grade("差");
  std::vector<v1::Result> poor = List(service, branches);
  ASSERT_EQ(poor.size(), 1u);
  EXPECT_EQ(poor[0].subject_id(), city.branch_b);

  // The stream carries every result of the revision.
  {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + service.token());
    v1::StreamResultsRequest request;
    request.set_cycle_id(opened.id());
    auto reader = service.stub().StreamResults(&context, request);
    v1::StreamResultsResponse item;
    int count = 0;
    while (reader->Read(&item)) ++count;
    EXPECT_TRUE(reader->Finish().ok());
    EXPECT_EQ(count, 5);
  }

  // The export: a workbook whose sheets hold the results and the evidence, and two CSV files.
  v1::ExportResultsRequest export_request;
  export_request.set_cycle_id(opened.id());
  export_request.set_format(v1::EXPORT_FORMAT_XLSX);
  v1::ExportResultsResponse exported;
  ASSERT_THAT(service.Call(&S::ExportResults, export_request, &exported), GrpcOk());
  ASSERT_EQ(exported.files_size(), 1);
  const std::string& xlsx = exported.files(0).content();
  ASSERT_GT(xlsx.size(), 4u);
  EXPECT_EQ(xlsx.substr(0, 2), "PK");  // a zip archive, as .xlsx is
  const std::string path = absl::StrCat(::testing::TempDir(), "/export-", opened.id(), ".xlsx");
  std::ofstream(path, std::ios::binary) << xlsx;
  auto unzip = [&](const std::string& member) {
    std::string out;
    FILE* pipe = popen(absl::StrCat("unzip -p '", path, "' ", member).c_str(), "r");
    char buffer[4096];
    for (size_t n; pipe != nullptr && (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) {
      out.append(buffer, n);
    }
    if (pipe != nullptr) pclose(pipe);
    return out;
  };
  EXPECT_THAT(unzip("xl/workbook.xml"), HasSubstr("考核结果"));
  EXPECT_THAT(unzip("xl/workbook.xml"), HasSubstr("扣分依据"));
  const std::string strings = unzip("xl/sharedStrings.xml");
  EXPECT_THAT(strings, HasSubstr("第二党小组"));
  EXPECT_THAT(strings, HasSubstr("92.73"));
  EXPECT_THAT(strings, HasSubstr("第二党小组2025年3月"));  // the missed month, as evidence
  std::remove(path.c_str());
  export_request.set_format(v1::EXPORT_FORMAT_CSV);
  ASSERT_THAT(service.Call(&S::ExportResults, export_request, &exported), GrpcOk());
  ASSERT_EQ(exported.files_size(), 2);
  EXPECT_EQ(exported.files(0).content().substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_THAT(exported.files(0).content(), HasSubstr("\"党支部\",\"机关第一党支部\""));
  EXPECT_THAT(exported.files(1).content(), HasSubstr("第五条"));

  // A SERVICE token reads and never writes.
  v1::OpenCycleRequest open;
  open.set_request_id(NextRequestId());
  open.set_name("x");
  open.set_year(2025);
  open.set_node_id(city.unit);
  v1::OpenCycleResponse refused;
  EXPECT_THAT(service.Call(&S::OpenCycle, open, &refused),
              GrpcIs(grpc::StatusCode::PERMISSION_DENIED, ""));
}

TEST_F(AssessmentServiceTest, ABranchSecretarySeesOnlyTheirBranchAndRubricsAreVersioned) {
  const City city = BuildCity();
  AssessmentCaller admin = Admin();
  const v1::Cycle cycle = Open(admin, city.unit);
  ASSERT_THAT(Compute(admin, cycle.id()), GrpcOk());
  AssessmentCaller secretary(assessment_->port(),
                             {"secretary", auth::Role::kBranchSecretary, city.branch_b});
  v1::ListResultsRequest all;
  all.set_cycle_id(cycle.id());
  const std::vector<v1::Result> mine = List(secretary, all);
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].subject_id(), city.branch_b);
  v1::GetResultRequest other;
  other.set_cycle_id(cycle.id());
  other.set_subject_kind(v1::SUBJECT_KIND_GROUP);
  other.set_subject_id(city.g1);
  v1::GetResultResponse hidden;
  EXPECT_THAT(secretary.Call(&S::GetResult, other, &hidden),
              GrpcIs(grpc::StatusCode::NOT_FOUND, ""));
  EXPECT_THAT(Compute(secretary, cycle.id()), GrpcIs(grpc::StatusCode::PERMISSION_DENIED, ""));
  // A SERVICE token scoped to the branch reads as much and no more; it never writes.
  AssessmentCaller branch_service(assessment_->port(),
                                  {"oa-branch", auth::Role::kService, city.branch_b});
  const std::vector<v1::Result> seen = List(branch_service, all);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].subject_id(), city.branch_b);
  EXPECT_THAT(branch_service.Call(&S::GetResult, other, &hidden),
              GrpcIs(grpc::StatusCode::NOT_FOUND, ""));
  EXPECT_THAT(Compute(branch_service, cycle.id()), GrpcIs(grpc::StatusCode::PERMISSION_DENIED, ""));

  // A new rubric version: weights must sum to 100; a version is never replaced.
  v1::GetRubricRequest get;
  get.set_version("loudi-2023-8/group/v3");
  v1::GetRubricResponse base;
  ASSERT_THAT(admin.Call(&S::GetRubric, get, &base), GrpcOk());
  v1::CreateRubricRequest create;
  create.set_request_id(NextRequestId());
  *create.mutable_rubric() = base.rubric();
  create.mutable_rubric()->set_version(absl::StrCat("test/group/", NextRequestId()));
  create.mutable_rubric()->mutable_indicators(0)->set_weight(30);
  v1::CreateRubricResponse created;
  EXPECT_THAT(admin.Call(&S::CreateRubric, create, &created),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "weight"));
  create.mutable_rubric()->mutable_indicators(1)->set_weight(10);  // 25→30, 15→10
  // No indicator cites a finding that can never reach a group, nor one finding twice.
  create.mutable_rubric()->mutable_indicators(6)->add_finding_codes("FILING_OVERDUE");
  EXPECT_THAT(admin.Call(&S::CreateRubric, create, &created),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT,
                     "rubric: indicators[6].finding_codes: FILING_OVERDUE is found on a branch"));
  create.mutable_rubric()->mutable_indicators(6)->set_finding_codes(2, "MONTHLY_MEETING_MISSING");
  EXPECT_THAT(admin.Call(&S::CreateRubric, create, &created),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "already scored by indicator"));
  create.mutable_rubric()->mutable_indicators(6)->mutable_finding_codes()->RemoveLast();
  // The vote points are the rubric's: 好 is never worth less than 较好.
  create.mutable_rubric()->mutable_vote_points()->set_fairly_good(101);
  EXPECT_THAT(admin.Call(&S::CreateRubric, create, &created),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "vote_points.fairly_good"));
  create.mutable_rubric()->clear_vote_points();  // unset: the defaults
  ASSERT_THAT(admin.Call(&S::CreateRubric, create, &created), GrpcOk());
  EXPECT_EQ(created.rubric().vote_points().fairly_good(), 80);
  EXPECT_EQ(created.rubric().dual_review_weights().party_building(), 50);
  create.set_request_id(NextRequestId());
  EXPECT_THAT(admin.Call(&S::CreateRubric, create, &created),
              GrpcIs(grpc::StatusCode::ALREADY_EXISTS, "new version"));
  v1::OpenCycleRequest open;
  open.set_request_id(NextRequestId());
  open.set_name("新细则试算");
  open.set_year(2025);
  open.set_node_id(city.unit);
  open.set_group_rubric_version(create.rubric().version());
  v1::OpenCycleResponse opened;
  ASSERT_THAT(admin.Call(&S::OpenCycle, open, &opened), GrpcOk());
  // Opened, not yet computed nor published: those times are unset, not 1970-01-01.
  EXPECT_TRUE(opened.cycle().has_open_time());
  EXPECT_FALSE(opened.cycle().has_compute_time());
  EXPECT_FALSE(opened.cycle().has_publish_time());
  v1::Cycle recomputed;
  ASSERT_THAT(Compute(admin, opened.cycle().id(), &recomputed), GrpcOk());
  EXPECT_TRUE(recomputed.has_compute_time());
  EXPECT_FALSE(recomputed.has_publish_time());
  const v1::Result g2 = Get(admin, opened.cycle().id(), v1::SUBJECT_KIND_GROUP, city.g2);
  EXPECT_EQ(g2.rubric_version(), create.rubric().version());
  EXPECT_EQ(Indicator(g2, "monthly_meetings").weight(), 30);
  open.set_group_rubric_version("no-such-version");
  open.set_request_id(NextRequestId());
  EXPECT_THAT(admin.Call(&S::OpenCycle, open, &opened),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "group_rubric_version"));
  // No finding counted twice: group v2 scored the cadres' attendance on the groups, which the
  // default unit rubric scores on the unit, above the groups' average.
  open.set_group_rubric_version("loudi-2023-8/group/v2");
  open.set_request_id(NextRequestId());
  EXPECT_THAT(admin.Call(&S::OpenCycle, open, &opened),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT,
                     "unit_rubric_version: loudi-2023-8/unit/v2: indicators[4].rate: "
                     "cadre_attendance is scored on the groups"));
  open.set_unit_rubric_version("loudi-2023-8/unit/v1");
  open.set_branch_rubric_version("loudi-2023-8/branch/v1");
  open.set_request_id(NextRequestId());
  EXPECT_THAT(admin.Call(&S::OpenCycle, open, &opened),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT,
                     "branch_rubric_version: loudi-2023-8/branch/v1: indicators[1].finding_codes: "
                     "GROUP_WITHOUT_LEADER"));
}

// 第十四条 所属党组织书记: a general branch (党总支) is assessed as a subject of its own, from the
// groups of its branches, with its secretary's 述职评议 under the rubric's vote points.
TEST_F(AssessmentServiceTest, AGeneralBranchIsAssessedAsASubjectOfItsOwn) {
  const int64_t unit = CreateNode(1, org::v1::NODE_KIND_UNIT, "市直某委");
  const int64_t general = CreateNode(unit, org::v1::NODE_KIND_GENERAL_BRANCH, "机关党总支");
  const int64_t branch = CreateNode(general, org::v1::NODE_KIND_BRANCH, "总支第一党支部");
  for (int i = 0; i < 3; ++i) CreateMember(branch, absl::StrCat("丙", i));
  AssessmentCaller admin = Admin();
  const v1::Cycle cycle = Open(admin, unit);
  v1::Cycle computed;
  ASSERT_THAT(Compute(admin, cycle.id(), &computed), GrpcOk());
  EXPECT_EQ(computed.result_count(), 3);  // the branch, the general branch, the unit
  const v1::Result pending = Get(admin, cycle.id(), v1::SUBJECT_KIND_GENERAL_BRANCH, general);
  EXPECT_EQ(pending.rubric_version(), "loudi-2023-8/general_branch/v1");
  EXPECT_THAT(pending.missing_inputs(), ElementsAre("duty_review"));
  // 双述双评 is the branch secretaries' alone.
  EXPECT_THAT(Dual(admin, cycle.id(), general, MakeVotes(1, 0, 0, 0), MakeVotes(1, 0, 0, 0)),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "branch_id"));
  v1::Result rated;
  ASSERT_THAT(Duty(admin, cycle.id(), general, MakeVotes(3, 1, 0, 0), &rated), GrpcOk());
  EXPECT_TRUE(rated.complete());
  EXPECT_EQ(rated.subject_kind(), v1::SUBJECT_KIND_GENERAL_BRANCH);
  EXPECT_EQ(rated.rank(), 1);
  // Three members and no group: nothing to average (not judged), 述职 (300 + 80) / 4 = 95.
  EXPECT_EQ(Indicator(rated, "duty_review").score(), "95.00");
  EXPECT_EQ(rated.score(), "98.00");
  EXPECT_THAT(Indicator(rated, "duty_review").evidence(), ElementsAre(HasSubstr("好3 较好1")));
}

TEST_F(AssessmentServiceTest, CyclesAreListedByYearAndRubricsByKindWithTheDefaults) {
  const City city = BuildCity();
  AssessmentCaller admin = Admin();
  const v1::Cycle cycle = Open(admin, city.unit);
  v1::ListCyclesRequest year;
  year.set_year(2025);
  v1::ListCyclesResponse cycles;
  ASSERT_THAT(admin.Call(&S::ListCycles, year, &cycles), GrpcOk());
  std::vector<int64_t> ids;
  for (const v1::Cycle& c : cycles.cycles()) ids.push_back(c.id());
  EXPECT_THAT(ids, ::testing::Contains(cycle.id()));
  year.set_year(2019);
  ASSERT_THAT(admin.Call(&S::ListCycles, year, &cycles), GrpcOk());
  EXPECT_THAT(cycles.cycles(), IsEmpty());

  // A group rubric of its own beside the default: both listed for groups, neither for units.
  v1::GetRubricRequest get;
  get.set_version("loudi-2023-8/group/v3");
  v1::GetRubricResponse base;
  ASSERT_THAT(admin.Call(&S::GetRubric, get, &base), GrpcOk());
  v1::CreateRubricRequest create;
  create.set_request_id(NextRequestId());
  *create.mutable_rubric() = base.rubric();
  create.mutable_rubric()->set_version(absl::StrCat("test/group/", NextRequestId()));
  v1::CreateRubricResponse created;
  ASSERT_THAT(admin.Call(&S::CreateRubric, create, &created), GrpcOk());
  auto versions = [&](v1::SubjectKind kind) {
    v1::ListRubricsRequest request;
    request.set_subject_kind(kind);
    v1::ListRubricsResponse response;
    EXPECT_THAT(admin.Call(&S::ListRubrics, request, &response), GrpcOk());
    std::vector<std::string> found;
    for (const v1::Rubric& rubric : response.rubrics()) found.push_back(rubric.version());
    return found;
  };
  EXPECT_THAT(
      versions(v1::SUBJECT_KIND_GROUP),
      ::testing::IsSupersetOf({std::string("loudi-2023-8/group/v1"), create.rubric().version()}));
  EXPECT_THAT(versions(v1::SUBJECT_KIND_UNIT),
              ::testing::Not(::testing::Contains(create.rubric().version())));
}

TEST_F(AssessmentServiceTest, APeerThatIsDownLeavesTheCycleAsItWas) {
  const City city = BuildCity();
  // An assessment server whose activity peer does not answer.
  AssessmentServer cut_off(org_->port(), /*activity_port=*/1);
  AssessmentCaller admin(cut_off.port(), {"admin", auth::Role::kAdmin, 0});
  const v1::Cycle cycle = Open(admin, city.unit);
  EXPECT_THAT(Compute(admin, cycle.id()), GrpcIs(grpc::StatusCode::UNAVAILABLE, "activity"));
  v1::GetCycleRequest get;
  get.set_id(cycle.id());
  v1::GetCycleResponse after;
  ASSERT_THAT(admin.Call(&S::GetCycle, get, &after), GrpcOk());
  EXPECT_EQ(after.cycle().status(), v1::CYCLE_STATUS_OPEN);
  EXPECT_EQ(after.cycle().result_count(), 0);
}

TEST_F(AssessmentServiceTest, AYearGivesTheSameResultsAfterTheOrganisationChangedToday) {
  const City city = BuildCity();
  OrgCaller org(org_->port(), {"admin", auth::Role::kAdmin, 0});
  // A probationary member of branch B since 2024, to be made formal today.
  org::v1::CreateMemberRequest probationary;
  probationary.set_request_id(NextRequestId());
  probationary.set_branch_id(city.branch_b);
  probationary.set_name("预备党员");
  probationary.set_status(org::v1::MEMBER_STATUS_PROBATIONARY);
  *probationary.mutable_joined_party_on() = MakeDate(2024, 10, 1);
  org::v1::CreateMemberResponse created;
  ASSERT_THAT(org.Call(&OrgStub::CreateMember, probationary, &created), GrpcOk());

  AssessmentCaller admin = Admin();
  const v1::Cycle cycle = Open(admin, city.unit);
  auto results = [&] {
    v1::ListResultsRequest request;
    request.set_cycle_id(cycle.id());
    request.set_page_size(1000);
    std::vector<std::string> bytes;
    for (v1::Result& result : List(admin, request)) {
      result.clear_revision();  // the only part that may differ: the stored revision
      bytes.push_back(result.SerializeAsString());
    }
    return bytes;
  };
  ASSERT_THAT(Compute(admin, cycle.id()), GrpcOk());
  const std::vector<std::string> before = results();
  ASSERT_EQ(before.size(), 5u);  // two groups, two branches, the unit

  // Today: a member of G1 moves to G2 and another leaves the committee, G1 is dissolved, G2's
  // leader is replaced, branch B moves to another unit, and its probationary member is made
  // formal.
  const common::v1::Date today = [] {
    const absl::CivilDay day = absl::ToCivilDay(absl::Now(), absl::FixedTimeZone(8 * 3600));
    return MakeDate(static_cast<int>(day.year()), day.month(), day.day());
  }();
  org::v1::AdjustGroupRequest adjust;
  adjust.set_request_id(NextRequestId());
  adjust.set_group_id(city.g2);
  adjust.add_add_member_ids(city.g1_members[3]);
  *adjust.mutable_decision()->mutable_decided_on() = today;
  adjust.mutable_decision()->set_document_ref("支〔2026〕5号");
  org::v1::AdjustGroupResponse adjusted;
  ASSERT_THAT(org.Call(&OrgStub::AdjustGroup, adjust, &adjusted), GrpcOk());
  org::v1::TransferMemberRequest out;
  out.set_request_id(NextRequestId());
  out.set_member_id(city.g1_members[2]);
  out.set_kind(org::v1::TRANSFER_KIND_OUT);
  *out.mutable_effective_on() = today;
  org::v1::TransferMemberResponse transferred;
  ASSERT_THAT(org.Call(&OrgStub::TransferMember, out, &transferred), GrpcOk());
  org::v1::DissolveGroupRequest dissolve;
  dissolve.set_request_id(NextRequestId());
  dissolve.set_group_id(city.g1);
  *dissolve.mutable_decision()->mutable_decided_on() = today;
  dissolve.mutable_decision()->set_document_ref("支〔2026〕6号");
  org::v1::DissolveGroupResponse dissolved;
  ASSERT_THAT(org.Call(&OrgStub::DissolveGroup, dissolve, &dissolved), GrpcOk());
  org::v1::ReplaceLeaderRequest replace;
  replace.set_request_id(NextRequestId());
  replace.set_group_id(city.g2);
  replace.set_member_id(city.g2_members[1]);
  replace.set_method(org::v1::APPOINTMENT_METHOD_MEMBER_RECOMMENDATION);
  replace.set_record_ref("推荐记录");
  *replace.mutable_appointed_on() = today;
  *replace.mutable_decision()->mutable_decided_on() = today;
  replace.mutable_decision()->set_document_ref("支〔2026〕7号");
  org::v1::ReplaceLeaderResponse replaced;
  ASSERT_THAT(org.Call(&OrgStub::ReplaceLeader, replace, &replaced), GrpcOk());
  org::v1::CreateNodeRequest other_unit;
  other_unit.set_request_id(NextRequestId());
  other_unit.set_parent_id(1);
  other_unit.set_kind(org::v1::NODE_KIND_UNIT);
  other_unit.set_name("市直另一局");
  org::v1::CreateNodeResponse unit;
  ASSERT_THAT(org.Call(&OrgStub::CreateNode, other_unit, &unit), GrpcOk());
  org::v1::MoveNodeRequest move;
  move.set_request_id(NextRequestId());
  move.set_id(city.branch_b);
  move.set_new_parent_id(unit.node().id());
  org::v1::MoveNodeResponse moved;
  ASSERT_THAT(org.Call(&OrgStub::MoveNode, move, &moved), GrpcOk());
  org::v1::UpdateMemberRequest formal;
  formal.set_request_id(NextRequestId());
  formal.set_id(created.member().id());
  formal.set_status(org::v1::MEMBER_STATUS_FORMAL);
  *formal.mutable_became_formal_on() = today;
  org::v1::UpdateMemberResponse updated;
  ASSERT_THAT(org.Call(&OrgStub::UpdateMember, formal, &updated), GrpcOk());

  // 2025 computed again: byte for byte what it was.
  ASSERT_THAT(Compute(admin, cycle.id()), GrpcOk());
  EXPECT_EQ(results(), before);
  // The year that runs is placed by today's tree: branch B is no longer the unit's, and G1,
  // dissolved today, is judged for its months.
  v1::OpenCycleRequest next;
  next.set_request_id(NextRequestId());
  next.set_name("本年度党小组工作考核");
  next.set_year(today.year());
  next.set_node_id(city.unit);
  v1::OpenCycleResponse opened;
  ASSERT_THAT(admin.Call(&S::OpenCycle, next, &opened), GrpcOk());
  ASSERT_THAT(Compute(admin, opened.cycle().id()), GrpcOk());
  v1::ListResultsRequest of_2026;
  of_2026.set_cycle_id(opened.cycle().id());
  std::set<int64_t> subjects;
  for (const v1::Result& result : List(admin, of_2026)) subjects.insert(result.subject_id());
  EXPECT_EQ(subjects.count(city.branch_b), 0u);
  EXPECT_EQ(subjects.count(city.branch_a), 1u);
  EXPECT_EQ(subjects.count(city.g1), 1u);
}

}  // namespace
}  // namespace partygroup::assessment

namespace partygroup::assessment {
namespace {

// 本委政策: a cycle computes with the current policy version (or the one it pinned), records it
// in every result, and a version created later changes the next computation, never a published
// revision.
TEST_F(AssessmentServiceTest, ANewPolicyVersionChangesTheNextComputationNotThePublishedOne) {
  const City city = BuildCity();
  AssessmentCaller admin = Admin();
  const v1::Cycle cycle = Open(admin, city.unit);
  EXPECT_EQ(cycle.policy_version(), 0);  // follows the current version
  v1::Cycle computed;
  ASSERT_THAT(Compute(admin, cycle.id(), &computed), GrpcOk());
  EXPECT_EQ(computed.computed_policy_version(), 1);
  const v1::Result g2 = Get(admin, cycle.id(), v1::SUBJECT_KIND_GROUP, city.g2);
  EXPECT_EQ(g2.policy_version(), 1);
  ASSERT_THAT(Codes(g2), ::testing::Contains("LEADER_UNTRAINED"));
  for (const common::v1::RuleFinding& finding : g2.findings()) {
    if (finding.code() == "LEADER_UNTRAINED") {
      EXPECT_EQ(finding.basis(), common::v1::RULE_BASIS_LOCAL_POLICY);
      EXPECT_THAT(finding.message(), HasSubstr("少于本委设定的每年1次"));
    }
    if (finding.code() == "MONTHLY_MEETING_MISSING") {
      EXPECT_EQ(finding.basis(), common::v1::RULE_BASIS_REGULATION);
      EXPECT_EQ(finding.source(), "第五条");
    }
  }
  // Votes for every branch and the unit, then published as revision 1.
  for (int64_t branch : {city.branch_a, city.branch_b}) {
    ASSERT_THAT(Duty(admin, cycle.id(), branch, MakeVotes(5, 5, 0, 0)), GrpcOk());
    ASSERT_THAT(Dual(admin, cycle.id(), branch, MakeVotes(5, 5, 0, 0), MakeVotes(5, 5, 0, 0)),
                GrpcOk());
  }
  ASSERT_THAT(Duty(admin, cycle.id(), city.unit, MakeVotes(5, 5, 0, 0)), GrpcOk());
  v1::PublishCycleRequest publish;
  publish.set_request_id(NextRequestId());
  publish.set_cycle_id(cycle.id());
  v1::PublishCycleResponse published;
  ASSERT_THAT(admin.Call(&S::PublishCycle, publish, &published), GrpcOk());

  // The committee switches the training rule off (第十四条 leaves the number to it).
  OrgCaller org(org_->port(), {"admin", auth::Role::kAdmin, 0});
  org::v1::GetPolicyResponse current;
  ASSERT_THAT(org.Call(&OrgStub::GetPolicy, org::v1::GetPolicyRequest(), &current), GrpcOk());
  const org::v1::Policy defaults = current.policy();
  org::v1::CreatePolicyRequest create;
  create.set_request_id(NextRequestId());
  *create.mutable_policy() = defaults;
  create.mutable_policy()->add_rules_off("LEADER_UNTRAINED");
  org::v1::CreatePolicyResponse created;
  ASSERT_THAT(org.Call(&OrgStub::CreatePolicy, create, &created), GrpcOk());
  const int64_t off = created.policy().version();

  ASSERT_THAT(Compute(admin, cycle.id(), &computed), GrpcOk());
  EXPECT_EQ(computed.revision(), 2);
  EXPECT_EQ(computed.computed_policy_version(), off);
  const v1::Result g2_next = Get(admin, cycle.id(), v1::SUBJECT_KIND_GROUP, city.g2, 2);
  EXPECT_EQ(g2_next.policy_version(), off);
  EXPECT_THAT(Codes(g2_next), ::testing::Not(::testing::Contains("LEADER_UNTRAINED")));
  EXPECT_THAT(Codes(Get(admin, cycle.id(), v1::SUBJECT_KIND_UNIT, city.unit, 2)),
              ::testing::Not(::testing::Contains("LEADER_UNTRAINED")));
  // The published revision is as it was.
  const v1::Result g2_published = Get(admin, cycle.id(), v1::SUBJECT_KIND_GROUP, city.g2, 1);
  EXPECT_EQ(g2_published.policy_version(), 1);
  EXPECT_EQ(g2_published.SerializeAsString(), g2.SerializeAsString());

  // A cycle that pinned version 1 computes with it whatever is current.
  v1::OpenCycleRequest pinned;
  pinned.set_request_id(NextRequestId());
  pinned.set_name("2025年度（按第1版政策）");
  pinned.set_year(2025);
  pinned.set_node_id(city.unit);
  pinned.set_policy_version(1);
  v1::OpenCycleResponse opened;
  ASSERT_THAT(admin.Call(&S::OpenCycle, pinned, &opened), GrpcOk());
  EXPECT_EQ(opened.cycle().policy_version(), 1);
  ASSERT_THAT(Compute(admin, opened.cycle().id(), &computed), GrpcOk());
  EXPECT_EQ(computed.computed_policy_version(), 1);
  EXPECT_THAT(Codes(Get(admin, opened.cycle().id(), v1::SUBJECT_KIND_GROUP, city.g2)),
              ::testing::Contains("LEADER_UNTRAINED"));
  pinned.set_request_id(NextRequestId());
  pinned.set_policy_version(off + 50);
  EXPECT_THAT(admin.Call(&S::OpenCycle, pinned, &opened),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "policy_version"));

  create.set_request_id(NextRequestId());
  *create.mutable_policy() = defaults;  // the defaults again, for the tests after this one
  ASSERT_THAT(org.Call(&OrgStub::CreatePolicy, create, &created), GrpcOk());
}

// ListRules says of every rule where its line comes from; none of the committee's numbers is
// attributed to the regulation.
TEST_F(AssessmentServiceTest, EveryRuleShowsItsBasisAndSource) {
  AssessmentCaller service = Service();
  v1::ListRulesResponse rules;
  ASSERT_THAT(service.Call(&S::ListRules, v1::ListRulesRequest(), &rules), GrpcOk());
  std::map<std::string, v1::Rule> by_code;
  for (const v1::Rule& rule : rules.rules()) {
    EXPECT_NE(rule.basis(), common::v1::RULE_BASIS_UNSPECIFIED) << rule.code();
    EXPECT_FALSE(rule.source().empty()) << rule.code();
    EXPECT_FALSE(rule.source_text().empty()) << rule.code();
    if (rule.basis() == common::v1::RULE_BASIS_LOCAL_POLICY) {
      EXPECT_EQ(rule.source(), "本委政策") << rule.code();
      EXPECT_FALSE(rule.policy_settings().empty()) << rule.code();
      EXPECT_THAT(rule.summary(), HasSubstr("本委设定")) << rule.code();
    }
    by_code[rule.code()] = rule;
  }
  EXPECT_EQ(by_code["FILING_OVERDUE"].basis(), common::v1::RULE_BASIS_LOCAL_POLICY);
  EXPECT_THAT(by_code["FILING_OVERDUE"].policy_settings(), ElementsAre("filing_deadline_days"));
  EXPECT_THAT(by_code["FILING_OVERDUE"].summary(), ::testing::Not(HasSubstr("30日内")));
  EXPECT_EQ(by_code["DUES_SIX_MONTHS_UNPAID"].basis(), common::v1::RULE_BASIS_PARTY_CONSTITUTION);
  EXPECT_EQ(by_code["DUES_SIX_MONTHS_UNPAID"].source(), "党章第九条");
  EXPECT_EQ(by_code["EVALUATION_PROBATIONARY_VOTE"].source(), "党章第七条");
  EXPECT_EQ(by_code["DUES_UNPAID"].basis(), common::v1::RULE_BASIS_NATIONAL_RULE);
  EXPECT_EQ(by_code["TALK_COVERAGE"].basis(), common::v1::RULE_BASIS_LOCAL_POLICY);
  EXPECT_EQ(by_code["LEADER_UNTRAINED"].basis(), common::v1::RULE_BASIS_LOCAL_POLICY);
  EXPECT_EQ(by_code["GROUP_TOO_SMALL"].basis(), common::v1::RULE_BASIS_REGULATION);

  v1::ListRulesRequest local;
  local.set_basis(common::v1::RULE_BASIS_LOCAL_POLICY);
  ASSERT_THAT(service.Call(&S::ListRules, local, &rules), GrpcOk());
  EXPECT_GE(rules.rules_size(), 5);
  for (const v1::Rule& rule : rules.rules()) {
    EXPECT_EQ(rule.basis(), common::v1::RULE_BASIS_LOCAL_POLICY);
  }
  local.set_basis(static_cast<common::v1::RuleBasis>(99));
  EXPECT_THAT(service.Call(&S::ListRules, local, &rules),
              GrpcIs(grpc::StatusCode::INVALID_ARGUMENT, "basis"));
}

}  // namespace
}  // namespace partygroup::assessment
