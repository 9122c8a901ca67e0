// partygroup-demo-city: a small synthetic city for a newcomer to look at (deploy/quickstart.sh
// runs it): about 30 units and 2,000 members with a year of activity and its gaps, loaded
// through the public APIs, then that year's assessment of the whole committee opened, computed,
// rated (述职评议 and 双述双评 votes for every secretary) and published. Prints what a working
// committee would look at first: the grades, the most frequent findings with their articles, and
// the groups that fell furthest short. Every call carries a fixed request_id: running it again
// changes nothing and prints the same.
#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "bench/city.h"
#include "bench/city_loader.h"
#include "partygroup/assessment/v1/assessment_service.grpc.pb.h"

ABSL_FLAG(std::string, org, "127.0.0.1:50051", "org service");
ABSL_FLAG(std::string, activity, "127.0.0.1:50052", "activity service");
ABSL_FLAG(std::string, assessment, "127.0.0.1:50053", "assessment service");
ABSL_FLAG(std::string, token_file, "", "an ADMIN token");
ABSL_FLAG(std::string, ca_file, "", "the CA of the servers' TLS certificates; empty: plaintext");
ABSL_FLAG(int, units, 30, "units of the city");
ABSL_FLAG(int, groups, 170, "groups of the city (members follow: about 12 a group)");
ABSL_FLAG(uint64_t, seed, 2023, "the city's seed");
ABSL_FLAG(int, year, 0, "the year of activity and of the assessment (0: last year)");
ABSL_FLAG(int, threads, 4, "client threads for loading");

namespace {

namespace v1 = ::partygroup::assessment::v1;
using namespace partygroup;  // NOLINT: a tool's main

int Fail(const std::string& what, const grpc::Status& status) {
  std::fprintf(stderr, "demo-city: %s: %s\n", what.c_str(), status.error_message().c_str());
  return 1;
}

// The evaluators' votes for a subject: made up, but the same every run.
v1::Votes VotesFor(int64_t subject, int salt) {
  const int64_t k = subject * 31 + salt;
  v1::Votes votes;
  votes.set_good(static_cast<int32_t>(8 + k % 9));
  votes.set_fairly_good(static_cast<int32_t>(3 + k % 5));
  votes.set_average(static_cast<int32_t>(k % 4));
  votes.set_poor(static_cast<int32_t>(k % 11 == 0 ? 2 : 0));
  return votes;
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  bench::Endpoints endpoints{absl::GetFlag(FLAGS_org), absl::GetFlag(FLAGS_activity),
                             absl::GetFlag(FLAGS_assessment), "", ""};
  std::getline(std::ifstream(absl::GetFlag(FLAGS_token_file)), endpoints.admin_token);
  if (!absl::GetFlag(FLAGS_ca_file).empty()) {
    std::ifstream in(absl::GetFlag(FLAGS_ca_file));
    endpoints.ca_pem.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (endpoints.ca_pem.empty()) {
      std::fprintf(stderr, "--ca_file: cannot read %s\n", absl::GetFlag(FLAGS_ca_file).c_str());
      return 2;
    }
  }
  if (endpoints.admin_token.empty()) {
    std::fprintf(stderr, "--token_file: an ADMIN token is required\n");
    return 2;
  }
  bench::CitySize size;
  size.units = absl::GetFlag(FLAGS_units);
  size.groups = absl::GetFlag(FLAGS_groups);
  size.seed = absl::GetFlag(FLAGS_seed);
  size.year = absl::GetFlag(FLAGS_year);
  if (size.year == 0) {
    size.year = absl::ToCivilYear(absl::Now(), absl::FixedTimeZone(8 * 3600)).year() - 1;
  }
  const bench::City city = bench::PlanCity(size);
  std::printf(
      "demo city: %zu units, %zu branches, %zu groups, %zu members, %zu activists, %zu records of "
      "%d\n",
      city.units.size(), city.branches.size(), city.groups.size(), city.members.size(),
      city.activists.size(), city.ActivityRecords(), size.year);
  std::fflush(stdout);
  absl::StatusOr<bench::LoadFigures> loaded =
      bench::LoadCity(city, endpoints, absl::GetFlag(FLAGS_threads));
  if (!loaded.ok()) {
    std::fprintf(stderr, "demo-city: loading failed: %s\n", loaded.status().ToString().c_str());
    return 1;
  }

  // The year's assessment of the whole committee (第十四条).
  auto assessment = v1::AssessmentService::NewStub(endpoints.ChannelTo(endpoints.assessment));
  const std::string tag =
      absl::StrCat("demo-city-", size.seed, "-", size.units, "-", size.groups, "-", size.year);
  v1::OpenCycleRequest open;
  open.set_request_id(tag + "-cycle");
  open.set_name(absl::StrCat(size.year, "年度党小组工作考核（示范城市）"));
  open.set_year(size.year);
  open.set_node_id(1);
  v1::OpenCycleResponse opened;
  {
    grpc::ClientContext context;
    bench::Authorize(context, endpoints.admin_token);
    if (grpc::Status s = assessment->OpenCycle(&context, open, &opened); !s.ok()) {
      return Fail("OpenCycle", s);
    }
  }
  const int64_t cycle = opened.cycle().id();
  v1::ComputeCycleRequest compute;
  compute.set_request_id(tag + "-compute");
  compute.set_cycle_id(cycle);
  v1::ComputeCycleResponse computed;
  {
    grpc::ClientContext context;
    bench::Authorize(context, endpoints.admin_token);
    if (grpc::Status s = assessment->ComputeCycle(&context, compute, &computed); !s.ok()) {
      return Fail("ComputeCycle", s);
    }
  }

  // Every secretary's votes: 述职评议 for branches and units, 双述双评 for branch secretaries.
  std::vector<v1::Result> waiting;
  {
    grpc::ClientContext context;
    bench::Authorize(context, endpoints.admin_token);
    v1::StreamResultsRequest request;
    request.set_cycle_id(cycle);
    auto reader = assessment->StreamResults(&context, request);
    for (v1::StreamResultsResponse item; reader->Read(&item);) {
      if (item.result().missing_inputs_size() > 0) waiting.push_back(item.result());
    }
    if (grpc::Status s = reader->Finish(); !s.ok()) return Fail("StreamResults", s);
  }
  for (const v1::Result& result : waiting) {
    for (const std::string& input : result.missing_inputs()) {
      grpc::ClientContext context;
      bench::Authorize(context, endpoints.admin_token);
      grpc::Status status;
      if (input == "dual_review") {
        v1::RecordDualReviewRequest request;
        request.set_request_id(absl::StrCat(tag, "-dual-", result.subject_id()));
        request.set_cycle_id(cycle);
        request.set_branch_id(result.subject_id());
        *request.mutable_party_building_votes() = VotesFor(result.subject_id(), 1);
        *request.mutable_business_votes() = VotesFor(result.subject_id(), 2);
        v1::RecordDualReviewResponse response;
        status = assessment->RecordDualReview(&context, request, &response);
      } else {
        v1::RecordDutyReviewRequest request;
        request.set_request_id(absl::StrCat(tag, "-duty-", result.subject_id()));
        request.set_cycle_id(cycle);
        request.set_subject_id(result.subject_id());
        *request.mutable_votes() = VotesFor(result.subject_id(), 0);
        v1::RecordDutyReviewResponse response;
        status = assessment->RecordDutyReview(&context, request, &response);
      }
      if (!status.ok()) return Fail(absl::StrCat("votes for ", result.subject_name()), status);
    }
  }
  v1::PublishCycleRequest publish;
  publish.set_request_id(tag + "-publish");
  publish.set_cycle_id(cycle);
  v1::PublishCycleResponse published;
  {
    grpc::ClientContext context;
    bench::Authorize(context, endpoints.admin_token);
    if (grpc::Status s = assessment->PublishCycle(&context, publish, &published); !s.ok()) {
      return Fail("PublishCycle", s);
    }
  }

  // What a working committee looks at first.
  std::map<std::string, std::map<std::string, int>> grades;  // kind → grade → count
  // code → (article · source, count): the groups' findings, and the branches' own (应建尽建,
  // filings, members in no group).
  std::map<std::string, std::pair<std::string, int>> findings, branch_findings;
  std::vector<v1::Result> groups;
  {
    grpc::ClientContext context;
    bench::Authorize(context, endpoints.admin_token);
    v1::StreamResultsRequest request;
    request.set_cycle_id(cycle);
    auto reader = assessment->StreamResults(&context, request);
    for (v1::StreamResultsResponse item; reader->Read(&item);) {
      const v1::Result& r = item.result();
      ++grades[v1::SubjectKind_Name(r.subject_kind())][r.grade()];
      auto count = [](std::map<std::string, std::pair<std::string, int>>& into,
                      const partygroup::common::v1::RuleFinding& finding) {
        auto& [cited, n] = into[finding.code()];
        // The article, and where the line is drawn when the regulation does not draw it.
        cited = finding.basis() == partygroup::common::v1::RULE_BASIS_REGULATION
                    ? finding.article()
                    : absl::StrCat(finding.article(), " · ", finding.source());
        ++n;
      };
      if (r.subject_kind() == v1::SUBJECT_KIND_BRANCH) {
        for (const auto& finding : r.findings()) {
          if (finding.group_id() == 0) count(branch_findings, finding);
        }
      }
      if (r.subject_kind() != v1::SUBJECT_KIND_GROUP) continue;
      for (const auto& finding : r.findings()) count(findings, finding);
      groups.push_back(r);
    }
    if (grpc::Status s = reader->Finish(); !s.ok()) return Fail("StreamResults", s);
  }
  std::printf("cycle %lld \"%s\": %s, %d results\n", static_cast<long long>(cycle),
              published.cycle().name().c_str(),
              v1::CycleStatus_Name(published.cycle().status()).c_str(),
              published.cycle().result_count());
  for (const auto& [kind, counts] : grades) {
    std::vector<std::string> parts;
    for (const char* grade : {"好", "较好", "一般", "差"}) {
      auto it = counts.find(grade);
      parts.push_back(absl::StrCat(grade, " ", it == counts.end() ? 0 : it->second));
    }
    std::printf("  %-20s %s\n", kind.c_str(), absl::StrJoin(parts, ", ").c_str());
  }
  auto print_frequent = [](const char* title,
                           const std::map<std::string, std::pair<std::string, int>>& counted,
                           size_t most) {
    std::vector<std::pair<int, std::string>> frequent;
    for (const auto& [code, cited_and_count] : counted) {
      frequent.push_back({cited_and_count.second, code});
    }
    std::sort(frequent.rbegin(), frequent.rend());
    std::printf("%s\n", title);
    for (size_t i = 0; i < frequent.size() && i < most; ++i) {
      std::printf("  %5d  %-28s %s\n", frequent[i].first, frequent[i].second.c_str(),
                  counted.at(frequent[i].second).first.c_str());
    }
  };
  print_frequent("most frequent findings in the groups:", findings, 20);
  print_frequent("the branches' own findings:", branch_findings, 6);
  std::sort(groups.begin(), groups.end(), [](const v1::Result& a, const v1::Result& b) {
    return a.score_centi() < b.score_centi();
  });
  std::printf("the groups furthest short:\n");
  for (size_t i = 0; i < groups.size() && i < 5; ++i) {
    std::printf("  %s  %-4s group %lld  %s\n", groups[i].score().c_str(), groups[i].grade().c_str(),
                static_cast<long long>(groups[i].subject_id()), groups[i].subject_name().c_str());
  }
  return 0;
}
