// partygroup_assessment_bench: the annual assessment of a synthetic city through the real
// services (issue 6: 10,000 groups, 100,000 members and a year of activity computed in under 5
// seconds, streaming included), beside its floor: the time merely to stream the same rows out of
// the org and activity services. Prints a table and writes JSON
// ({"results":[{"name","value","unit","ceiling_name","ceiling_value","ratio"}]}).
//
// bench/run.sh starts what it needs (a private MariaDB and the three servers) and runs this.
#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "bench/city.h"
#include "bench/city_loader.h"
#include "partygroup/activity/v1/activity_service.grpc.pb.h"
#include "partygroup/assessment/v1/assessment_service.grpc.pb.h"
#include "partygroup/org/v1/org_service.grpc.pb.h"

ABSL_FLAG(std::string, org, "127.0.0.1:50051", "org service");
ABSL_FLAG(std::string, activity, "127.0.0.1:50052", "activity service");
ABSL_FLAG(std::string, assessment, "127.0.0.1:50053", "assessment service");
ABSL_FLAG(std::string, token_file, "", "an ADMIN token");
ABSL_FLAG(int, units, 300, "units of the city");
ABSL_FLAG(int, groups, 10000, "groups of the city (members follow: about 10 a group)");
ABSL_FLAG(uint64_t, seed, 2023, "the city's seed");
ABSL_FLAG(int, year, 2025, "the year of activity and of the assessment");
ABSL_FLAG(int, threads, 8, "client threads for loading");
ABSL_FLAG(bool, load, true, "load the city first (loading twice changes nothing)");
ABSL_FLAG(int, runs, 3, "computations timed (the best and the median are reported)");
ABSL_FLAG(std::string, json_out, "", "where to write the JSON figures");

namespace {

using namespace partygroup;  // NOLINT: a benchmark's main

void Authorize(grpc::ClientContext& context, const std::string& token) {
  context.AddMetadata("authorization", "Bearer " + token);
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Minutes(30)));
}

struct Figure {
  std::string name;
  double value;
  std::string unit;
  std::string ceiling_name;
  double ceiling_value;
};

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  bench::Endpoints endpoints{absl::GetFlag(FLAGS_org), absl::GetFlag(FLAGS_activity),
                             absl::GetFlag(FLAGS_assessment), ""};
  {
    std::ifstream in(absl::GetFlag(FLAGS_token_file));
    std::getline(in, endpoints.admin_token);
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
  const bench::City city = bench::PlanCity(size);
  std::printf("city: %zu units, %zu branches, %zu groups, %zu members, %zu records of %d\n",
              city.units.size(), city.branches.size(), city.groups.size(), city.members.size(),
              city.ActivityRecords(), size.year);
  std::vector<Figure> figures;
  if (absl::GetFlag(FLAGS_load)) {
    absl::StatusOr<bench::LoadFigures> loaded =
        bench::LoadCity(city, endpoints, absl::GetFlag(FLAGS_threads));
    if (!loaded.ok()) {
      std::fprintf(stderr, "loading failed: %s\n", loaded.status().ToString().c_str());
      return 1;
    }
    std::printf("loaded: directory %s, groups %s, year %s (%d records, %d refused)\n",
                absl::FormatDuration(loaded->org_import).c_str(),
                absl::FormatDuration(loaded->groups).c_str(),
                absl::FormatDuration(loaded->activity_import).c_str(), loaded->activity_records,
                loaded->activity_refused);
  }

  auto org = org::v1::OrgService::NewStub(
      grpc::CreateChannel(endpoints.org, grpc::InsecureChannelCredentials()));
  auto activity = activity::v1::ActivityService::NewStub(
      grpc::CreateChannel(endpoints.activity, grpc::InsecureChannelCredentials()));
  auto assessment = assessment::v1::AssessmentService::NewStub(
      grpc::CreateChannel(endpoints.assessment, grpc::InsecureChannelCredentials()));

  // The floor: the same rows streamed out of org and activity, and nothing done with them.
  std::vector<double> stream_seconds;
  int64_t streamed = 0;
  absl::Duration tree_time, members_time, period_time;  // of the last run, for the breakdown
  int64_t period_bytes = 0;
  for (int run = 0; run < absl::GetFlag(FLAGS_runs); ++run) {
    const absl::Time start = absl::Now();
    streamed = 0;
    period_bytes = 0;
    {
      grpc::ClientContext context;
      Authorize(context, endpoints.admin_token);
      org::v1::StreamTreeRequest request;
      request.set_node_id(1);
      auto reader = org->StreamTree(&context, request);
      for (org::v1::StreamTreeResponse item; reader->Read(&item);) ++streamed;
      if (!reader->Finish().ok()) return 1;
    }
    tree_time = absl::Now() - start;
    {
      grpc::ClientContext context;
      Authorize(context, endpoints.admin_token);
      org::v1::StreamMembersRequest request;
      request.set_node_id(1);
      auto reader = org->StreamMembers(&context, request);
      for (org::v1::StreamMembersResponse item; reader->Read(&item);) ++streamed;
      if (!reader->Finish().ok()) return 1;
    }
    members_time = absl::Now() - start - tree_time;
    {
      grpc::ClientContext context;
      Authorize(context, endpoints.admin_token);
      activity::v1::StreamPeriodRequest request;
      request.set_node_id(1);
      request.mutable_period()->set_year(size.year);
      auto reader = activity->StreamPeriod(&context, request);
      for (activity::v1::StreamPeriodResponse item; reader->Read(&item);) {
        ++streamed;
        period_bytes += static_cast<int64_t>(item.ByteSizeLong());
      }
      if (!reader->Finish().ok()) return 1;
    }
    period_time = absl::Now() - start - tree_time - members_time;
    stream_seconds.push_back(absl::ToDoubleSeconds(absl::Now() - start));
  }

  std::printf(
      "the floor, stream by stream: org tree %.3f s, org members %.3f s, activity year %.3f s "
      "(%.1f MB)\n",
      absl::ToDoubleSeconds(tree_time), absl::ToDoubleSeconds(members_time),
      absl::ToDoubleSeconds(period_time), static_cast<double>(period_bytes) / 1e6);
  // The computation: a cycle of the whole committee, computed `runs` times.
  assessment::v1::OpenCycleRequest open;
  open.set_request_id(absl::StrCat("bench-cycle-", absl::ToUnixMicros(absl::Now())));
  open.set_name(absl::StrCat(size.year, "年度考核（基准测试）"));
  open.set_year(size.year);
  open.set_node_id(1);
  assessment::v1::OpenCycleResponse opened;
  {
    grpc::ClientContext context;
    Authorize(context, endpoints.admin_token);
    grpc::Status status = assessment->OpenCycle(&context, open, &opened);
    if (!status.ok()) {
      std::fprintf(stderr, "OpenCycle: %s\n", status.error_message().c_str());
      return 1;
    }
  }
  std::vector<double> compute_seconds;
  assessment::v1::ComputeCycleResponse computed;
  for (int run = 0; run < absl::GetFlag(FLAGS_runs); ++run) {
    assessment::v1::ComputeCycleRequest request;
    request.set_request_id(absl::StrCat(open.request_id(), "-compute-", run));
    request.set_cycle_id(opened.cycle().id());
    grpc::ClientContext context;
    Authorize(context, endpoints.admin_token);
    const absl::Time start = absl::Now();
    grpc::Status status = assessment->ComputeCycle(&context, request, &computed);
    if (!status.ok()) {
      std::fprintf(stderr, "ComputeCycle: %s\n", status.error_message().c_str());
      return 1;
    }
    compute_seconds.push_back(absl::ToDoubleSeconds(absl::Now() - start));
  }
  std::printf("cycle %lld: %d results (%d waiting for votes), %lld streamed messages\n",
              static_cast<long long>(computed.cycle().id()), computed.cycle().result_count(),
              computed.cycle().pending_count(), static_cast<long long>(streamed));

  const double stream_floor = Median(stream_seconds);
  figures.push_back({"assessment_compute_city_median", Median(compute_seconds), "s",
                     "stream_org_and_activity_median", stream_floor});
  figures.push_back({"assessment_compute_city_best",
                     *std::min_element(compute_seconds.begin(), compute_seconds.end()), "s",
                     "target_issue_6", 5.0});
  std::printf("\n%-34s %10s %-5s %-34s %10s %7s\n", "figure", "value", "unit", "ceiling", "value",
              "ratio");
  std::string json = "{\"results\":[";
  for (size_t i = 0; i < figures.size(); ++i) {
    const Figure& f = figures[i];
    const double ratio = f.ceiling_value > 0 ? f.value / f.ceiling_value : 0;
    std::printf("%-34s %10.3f %-5s %-34s %10.3f %7.2f\n", f.name.c_str(), f.value, f.unit.c_str(),
                f.ceiling_name.c_str(), f.ceiling_value, ratio);
    absl::StrAppend(
        &json, i == 0 ? "" : ",",
        absl::StrFormat("{\"name\":\"%s\",\"value\":%.4f,\"unit\":\"%s\","
                        "\"ceiling_name\":\"%s\",\"ceiling_value\":%.4f,"
                        "\"ratio\":%.3f}",
                        f.name, f.value, f.unit, f.ceiling_name, f.ceiling_value, ratio));
  }
  json += "]}\n";
  if (!absl::GetFlag(FLAGS_json_out).empty()) {
    std::ofstream(absl::GetFlag(FLAGS_json_out)) << json;
  }
  return 0;
}
