// How long the rules library takes to judge a city's year: 10,000 groups with their members,
// meetings, talks, dues, tasks, reports and trainings, checked and scored on one core.
// Target (issue 3): under one second for the whole city.
//
//   build/bench/partygroup_rules_bench
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "common/rules/default_rubrics.h"
#include "common/rules/period.h"
#include "common/rules/scoring.h"

namespace partygroup::rules {
namespace {

constexpr int kGroups = 10'000;

absl::TimeZone Shanghai() {
  absl::TimeZone zone;
  absl::LoadTimeZone("Asia/Shanghai", &zone);
  return zone;
}

absl::Time At(int year, int month, int day, int hour = 10) {
  return absl::FromCivil(absl::CivilSecond(year, month, day, hour, 0, 0), Shanghai());
}

// A deterministic city: 3 to 12 members a group, a meeting most months, talks with most
// members, dues mostly paid, a few overdue tasks and late reports.
struct City {
  std::vector<GroupActivity> groups;
  int64_t records = 0;
};

const City& TheCity() {
  static const City* const kCity = [] {
    auto* city = new City;
    std::mt19937 random(20231226);
    auto chance = [&](int percent) { return static_cast<int>(random() % 100) < percent; };
    int64_t next_member = 1;
    for (int g = 0; g < kGroups; ++g) {
      GroupActivity activity;
      Group& group = activity.group;
      group.id = g + 1;
      group.name = "党小组";
      group.branch_id = g / 3 + 1;
      const int members = 3 + static_cast<int>(random() % 10);
      for (int m = 0; m < members; ++m) {
        Member member;
        member.id = next_member++;
        member.name = "党员";
        member.status = chance(90) ? MemberStatus::kFormal : MemberStatus::kProbationary;
        member.leading_cadre = chance(5);
        member.spells.push_back(
            {{absl::CivilDay(2015, 1, 1), std::nullopt}, member.status, member.leading_cadre});
        group.members.push_back(member);
      }
      if (chance(97)) {
        group.leader_id = group.members[0].id;
        group.leader_terms.push_back({group.members[0].id, {absl::CivilDay(2015, 1, 1), {}}});
      }
      for (int month = 1; month <= 12; ++month) {
        if (chance(8)) continue;  // a missed month
        GroupMeeting meeting;
        meeting.id = g * 100 + month;
        meeting.held_at = At(2024, month, 1 + static_cast<int>(random() % 28));
        for (const Member& member : group.members) {
          meeting.attendance.push_back({member.id, chance(90), ""});
        }
        activity.meetings.push_back(std::move(meeting));
      }
      for (const Member& member : group.members) {
        if (chance(85))
          activity.talks.push_back(
              {At(2024, 1 + random() % 12, 10), group.members[0].id, member.id});
        for (int month = 1; month <= 12; ++month) {
          DuesPayment payment{member.id, absl::CivilMonth(2024, month), 3000, std::nullopt};
          if (chance(96)) payment.paid_at = At(2024, month, 5);
          activity.dues.push_back(payment);
        }
      }
      for (int t = 0; t < 3; ++t) {
        activity.tasks.push_back(
            {t, "任务", At(2024, 3 + 3 * t, 1),
             chance(80) ? std::optional<absl::Time>(At(2024, 3 + 3 * t, 1) - absl::Hours(5))
                        : std::nullopt});
      }
      if (chance(90)) activity.annual_reports.push_back({2024, At(2024, 12, chance(90) ? 20 : 31)});
      if (chance(85))
        activity.leader_trainings.push_back({group.members[0].id, absl::CivilDay(2024, 5, 1)});
      city->records +=
          static_cast<int64_t>(activity.meetings.size() + activity.talks.size() +
                               activity.dues.size() + activity.tasks.size() +
                               activity.annual_reports.size() + activity.leader_trainings.size());
      for (const GroupMeeting& meeting : activity.meetings) {
        city->records += static_cast<int64_t>(meeting.attendance.size());
      }
      city->groups.push_back(std::move(activity));
    }
    return city;
  }();
  return *kCity;
}

void BM_CheckCityYear(benchmark::State& state) {
  const City& city = TheCity();
  const absl::TimeZone zone = Shanghai();
  const absl::Time now = At(2025, 1, 15);
  const Policy config;
  int64_t findings = 0;
  for (auto _ : state) {
    findings = 0;
    for (const GroupActivity& activity : city.groups) {
      GroupPeriodResult result = CheckGroupPeriod(activity, {2024, 0}, now, zone, config);
      findings += static_cast<int64_t>(result.findings.size());
      benchmark::DoNotOptimize(result);
    }
  }
  state.counters["groups"] = kGroups;
  state.counters["records"] = static_cast<double>(city.records);
  state.counters["findings"] = static_cast<double>(findings);
  state.SetItemsProcessed(state.iterations() * city.records);
}
BENCHMARK(BM_CheckCityYear)->Unit(benchmark::kMillisecond)->MinTime(3);

void BM_CheckAndScoreCityYear(benchmark::State& state) {
  const City& city = TheCity();
  const absl::TimeZone zone = Shanghai();
  const absl::Time now = At(2025, 1, 15);
  const Policy config;
  const Rubric rubric = DefaultGroupRubric();
  int64_t total_score = 0;
  for (auto _ : state) {
    total_score = 0;
    for (const GroupActivity& activity : city.groups) {
      GroupPeriodResult result = CheckGroupPeriod(activity, {2024, 0}, now, zone, config);
      ScoringInput input;
      input.rates = GroupRates(result.metrics);
      input.findings = std::move(result.findings);
      absl::StatusOr<ScoreResult> score = Score(rubric, input);
      total_score += score->score_centi;
      benchmark::DoNotOptimize(score);
    }
  }
  state.counters["groups"] = kGroups;
  state.counters["records"] = static_cast<double>(city.records);
  state.counters["mean_score"] = static_cast<double>(total_score) / kGroups / 100.0;
  state.SetItemsProcessed(state.iterations() * city.records);
}
BENCHMARK(BM_CheckAndScoreCityYear)->Unit(benchmark::kMillisecond)->MinTime(3);

}  // namespace
}  // namespace partygroup::rules

BENCHMARK_MAIN();
