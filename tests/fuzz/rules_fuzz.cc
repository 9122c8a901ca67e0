// libFuzzer target over the rules library: any group, any records, any period and thresholds
// must give findings that the catalogue knows, with articles and allowed severities, metrics
// whose numerators never exceed their denominators, and a score within 0-100 with a grade.
// Built and run by tests/fuzz.sh (clang, AddressSanitizer, UndefinedBehaviorSanitizer).
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdio>
#include <cstdlib>

#include "common/rules/catalogue.h"
#include "common/rules/default_rubrics.h"
#include "common/rules/dues.h"
#include "common/rules/period.h"
#include "common/rules/records.h"
#include "common/rules/scoring.h"
#include "common/rules/structure.h"

namespace partygroup::rules {
namespace {

void Require(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "invariant broken: %s\n", what);
    std::abort();
  }
}

void CheckFindings(const std::vector<Finding>& findings) {
  for (const Finding& finding : findings) {
    const RuleInfo* rule = FindRule(finding.code);
    Require(rule != nullptr, "finding code is in the catalogue");
    Require(!finding.article.empty() && finding.article == rule->article, "article from catalogue");
    Require(finding.basis == BasisName(rule->basis) && finding.source == rule->source,
            "basis and source from the catalogue");
    Require(finding.severity == Severity::kViolation ? rule->violation : rule->finding,
            "severity allowed by the catalogue");
    Require(!finding.message.empty(), "message");
  }
}

absl::Time FuzzTime(FuzzedDataProvider& data) {
  // 2000-01-01 to 2040-01-01, to the second.
  return absl::FromUnixSeconds(data.ConsumeIntegralInRange<int64_t>(946684800, 2208988800));
}

absl::CivilDay FuzzDay(FuzzedDataProvider& data) {
  return absl::CivilDay(2000, 1, 1) + data.ConsumeIntegralInRange<int>(0, 40 * 366);
}

std::optional<absl::Time> MaybeTime(FuzzedDataProvider& data) {
  if (data.ConsumeBool()) return FuzzTime(data);
  return std::nullopt;
}

Group FuzzGroup(FuzzedDataProvider& data) {
  Group group;
  group.id = data.ConsumeIntegral<int64_t>();
  group.name = data.ConsumeRandomLengthString(16);
  group.branch_id = data.ConsumeIntegral<int64_t>();
  const int members = data.ConsumeIntegralInRange<int>(0, 12);
  for (int i = 0; i < members; ++i) {
    Member member;
    member.id = data.ConsumeIntegralInRange<int64_t>(1, 20);
    member.name = data.ConsumeRandomLengthString(8);
    member.status = data.ConsumeBool() ? MemberStatus::kFormal : MemberStatus::kProbationary;
    member.leading_cadre = data.ConsumeBool();
    const int spells = data.ConsumeIntegralInRange<int>(0, 3);
    for (int s = 0; s < spells; ++s) {
      MemberSpell spell;
      spell.days.from = FuzzDay(data);
      if (data.ConsumeBool()) spell.days.until = FuzzDay(data);  // maybe before `from`
      spell.status = data.ConsumeBool() ? MemberStatus::kFormal : MemberStatus::kProbationary;
      spell.leading_cadre = data.ConsumeBool();
      member.spells.push_back(spell);
    }
    group.members.push_back(member);
  }
  if (data.ConsumeBool()) group.leader_id = data.ConsumeIntegralInRange<int64_t>(0, 20);
  const int terms = data.ConsumeIntegralInRange<int>(0, 3);
  for (int t = 0; t < terms; ++t) {
    LeaderTerm term;
    term.member_id = data.ConsumeIntegralInRange<int64_t>(0, 20);
    term.days.from = FuzzDay(data);
    if (data.ConsumeBool()) term.days.until = FuzzDay(data);
    group.leader_terms.push_back(term);
  }
  group.created_on = FuzzDay(data);
  if (data.ConsumeBool()) group.dissolved_on = FuzzDay(data);
  return group;
}

// Any policy ValidatePolicy accepts, and some it refuses: the rules must hold up under both.
Policy FuzzPolicy(FuzzedDataProvider& data) {
  Policy config;
  if (!data.ConsumeBool()) return config;
  config.version = data.ConsumeIntegralInRange<int64_t>(1, 100);
  config.filing_deadline_days = data.ConsumeIntegralInRange<int>(0, 365);
  config.rectification_report_days = data.ConsumeIntegralInRange<int>(0, 365);
  config.opinion_report_days = data.ConsumeIntegralInRange<int>(0, 365);
  config.evaluation_report_days = data.ConsumeIntegralInRange<int>(0, 365);
  config.leader_talks_per_member_per_year = data.ConsumeIntegralInRange<int>(0, 12);
  config.leader_trainings_per_year = data.ConsumeIntegralInRange<int>(0, 12);
  config.cadre_unexcused_absences_allowed = data.ConsumeIntegralInRange<int>(0, 12);
  config.annual_report_month = data.ConsumeIntegralInRange<int>(1, 12);
  config.annual_report_day = data.ConsumeIntegralInRange<int>(1, 28);
  config.probationary_members_in_mutual_evaluation = data.ConsumeBool();
  for (const RuleInfo& rule : Catalogue()) {
    if (IsOptional(rule) && data.ConsumeBool()) config.rules_off.emplace_back(rule.code);
  }
  (void)ValidatePolicy(config);
  return config;
}

GroupMeeting FuzzMeeting(FuzzedDataProvider& data, int64_t group_id) {
  GroupMeeting meeting;
  meeting.id = data.ConsumeIntegral<int64_t>();
  meeting.group_id = group_id;
  if (data.ConsumeBool()) meeting.topics.push_back(data.ConsumeRandomLengthString(16));
  meeting.requested_at = MaybeTime(data);
  meeting.approved_at = MaybeTime(data);
  meeting.notified_at = MaybeTime(data);
  const int notified = data.ConsumeIntegralInRange<int>(0, 12);
  for (int i = 0; i < notified; ++i) {
    meeting.notified_member_ids.push_back(data.ConsumeIntegralInRange<int64_t>(1, 20));
  }
  meeting.held_at = MaybeTime(data);
  meeting.chair_id = data.ConsumeIntegralInRange<int64_t>(0, 20);
  const int attendance = data.ConsumeIntegralInRange<int>(0, 12);
  for (int i = 0; i < attendance; ++i) {
    meeting.attendance.push_back({data.ConsumeIntegralInRange<int64_t>(1, 20), data.ConsumeBool(),
                                  data.ConsumeBool() ? "病假" : ""});
  }
  if (data.ConsumeBool()) meeting.minutes = "记录";
  return meeting;
}

void FuzzOne(FuzzedDataProvider& data) {
  const Policy config = FuzzPolicy(data);
  GroupActivity activity;
  activity.group = FuzzGroup(data);
  const Group& group = activity.group;
  const int meetings = data.ConsumeIntegralInRange<int>(0, 16);
  for (int i = 0; i < meetings; ++i) activity.meetings.push_back(FuzzMeeting(data, group.id));
  const int talks = data.ConsumeIntegralInRange<int>(0, 16);
  for (int i = 0; i < talks; ++i) {
    activity.talks.push_back({FuzzTime(data), data.ConsumeIntegralInRange<int64_t>(0, 20),
                              data.ConsumeIntegralInRange<int64_t>(0, 20)});
  }
  const int dues = data.ConsumeIntegralInRange<int>(0, 64);
  for (int i = 0; i < dues; ++i) {
    activity.dues.push_back({data.ConsumeIntegralInRange<int64_t>(0, 20),
                             absl::CivilMonth(FuzzDay(data)), data.ConsumeIntegral<int64_t>(),
                             MaybeTime(data)});
  }
  const int tasks = data.ConsumeIntegralInRange<int>(0, 4);
  for (int i = 0; i < tasks; ++i) {
    activity.tasks.push_back({i, "任务", FuzzTime(data), MaybeTime(data)});
  }
  const int opinions = data.ConsumeIntegralInRange<int>(0, 4);
  for (int i = 0; i < opinions; ++i) {
    activity.opinions.push_back({i, FuzzTime(data), MaybeTime(data)});
  }
  if (data.ConsumeBool()) {
    activity.annual_reports.push_back(
        {data.ConsumeIntegralInRange<int>(2000, 2040), FuzzTime(data)});
  }
  if (data.ConsumeBool()) {
    activity.leader_trainings.push_back(
        {data.ConsumeIntegralInRange<int64_t>(0, 20), FuzzDay(data)});
  }
  if (data.ConsumeBool()) {
    OrgLifeMeeting org_life;
    org_life.study_sessions = data.ConsumeIntegralInRange<int>(0, 3);
    org_life.talks = data.ConsumeIntegralInRange<int>(0, 3);
    org_life.opinions_gathered = data.ConsumeIntegralInRange<int>(0, 3);
    org_life.held_at = MaybeTime(data);
    if (data.ConsumeBool()) org_life.problems.push_back("问题");
    org_life.present_member_ids = {data.ConsumeIntegralInRange<int64_t>(0, 20)};
    if (data.ConsumeBool()) org_life.criticism_member_ids = org_life.present_member_ids;
    org_life.reported_at = MaybeTime(data);
    CheckFindings(CheckOrgLifeHeld(org_life, group));
    activity.org_life_meetings.push_back(org_life);
  }
  if (data.ConsumeBool()) {
    EvaluationCampaign campaign;
    campaign.opened_on = FuzzDay(data);
    campaign.deadline = FuzzDay(data);
    campaign.self_evaluated_ids = {data.ConsumeIntegralInRange<int64_t>(0, 20)};
    campaign.mutual = {{data.ConsumeIntegralInRange<int64_t>(0, 20),
                        data.ConsumeIntegralInRange<int64_t>(0, 20), EvaluationRating::kQualified}};
    if (data.ConsumeBool()) campaign.reported_on = FuzzDay(data);
    CheckFindings(CheckEvaluationVote(campaign.mutual[0], group, config));
    activity.evaluations.push_back(campaign);
  }

  // Acts checked as they are made.
  for (const GroupMeeting& meeting : activity.meetings) {
    CheckFindings(CheckMeetingRequest(meeting, group));
    CheckFindings(CheckMeetingHeld(meeting, group));
  }
  const std::optional<BranchDecision> decision =
      data.ConsumeBool() ? std::optional<BranchDecision>(
                               BranchDecision{FuzzDay(data), data.ConsumeRandomLengthString(8)})
                         : std::nullopt;
  CheckFindings(CheckGroupDecision(
      static_cast<GroupChangeKind>(data.ConsumeIntegralInRange<int>(0, 2)), decision, group));
  CheckFindings(CheckGroupAfterDeparture(group));
  const LeaderAppointment appointment{
      data.ConsumeIntegralInRange<int64_t>(0, 20),
      static_cast<AppointmentMethod>(data.ConsumeIntegralInRange<int>(0, 2)),
      data.ConsumeRandomLengthString(8), FuzzDay(data)};
  CheckFindings(CheckLeaderAppointment(appointment, group));
  CheckFindings(CheckLeaderReplacement(decision, appointment, group));
  CheckFindings(CheckAdmonition({data.ConsumeIntegralInRange<int64_t>(0, 20), std::nullopt,
                                 data.ConsumeRandomLengthString(8), ""},
                                group));
  CheckFindings(CheckThemeDayHeld(
      {1, group.id, ThemeDayKind::kStudy, MaybeTime(data), FuzzTime(data)}, group));

  // A period judged at some instant, in Shanghai or UTC.
  absl::TimeZone zone = absl::UTCTimeZone();
  if (data.ConsumeBool()) absl::LoadTimeZone("Asia/Shanghai", &zone);
  const Period period{data.ConsumeIntegralInRange<int>(2000, 2039),
                      data.ConsumeIntegralInRange<int>(0, 12)};
  const GroupPeriodResult result = CheckGroupPeriod(activity, period, FuzzTime(data), zone, config);
  CheckFindings(result.findings);
  const GroupMetrics& m = result.metrics;
  Require(m.meeting_months_met <= m.meeting_months_due, "meeting months");
  Require(m.talk_members_covered <= m.talk_members_due, "talk members");
  Require(m.dues_months_paid <= m.dues_months_due, "dues months");
  Require(m.cadre_meetings_attended <= m.cadre_meetings_due, "cadre meetings");

  Branch branch{group.branch_id,
                "支部",
                data.ConsumeIntegralInRange<int>(0, 200),
                data.ConsumeIntegralInRange<int>(0, 20),
                {},
                {}};
  if (data.ConsumeBool()) branch.ungrouped = group.members;
  branch.changes.push_back(
      {1, group.id, group.name, GroupChangeKind::kCreate, FuzzDay(data),
       data.ConsumeBool() ? std::optional<absl::CivilDay>(FuzzDay(data)) : std::nullopt});
  CheckFindings(CheckBranch(branch, FuzzDay(data), config));

  ScoringInput input;
  input.findings = result.findings;
  input.rates = GroupRates(m);
  absl::StatusOr<ScoreResult> score = Score(DefaultGroupRubric(), input);
  Require(score.ok(), "the default rubric scores any group");
  Require(score->score_centi >= 0 && score->score_centi <= 10000, "score within 0-100");
  Require(!score->grade.empty(), "grade");

  const int64_t pay = data.ConsumeIntegral<int64_t>();
  const auto category = static_cast<DuesCategory>(data.ConsumeIntegralInRange<int>(0, 2));
  absl::StatusOr<int64_t> amount = MonthlyDuesFen(category, pay);
  if (amount.ok()) {
    if (category == DuesCategory::kNoIncome) {
      Require(*amount == 20, "no income pays 0.2 元");
    } else {
      Require(*amount >= 0 && *amount <= pay / 50 + 1, "dues at most 2% of the pay");
    }
  } else {
    Require(pay < 0 || pay > 10'000'000'000, "only absurd pay is refused");
  }
}

}  // namespace
}  // namespace partygroup::rules

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  FuzzedDataProvider data(bytes, size);
  partygroup::rules::FuzzOne(data);
  return 0;
}
