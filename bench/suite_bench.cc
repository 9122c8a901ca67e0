// partygroup_bench: the suite measured against what this machine allows (issue 7). Every figure
// is measured in the same run beside its ceiling:
//   1. unary reads (GetMember; GetGroup, a group with its members) at 1, 8 and 64 callers,
//      against a bare gRPC echo server and a raw Connector/C++ point select, combined as the
//      rate of a server doing one call and one select (target: at least 0.7 of it);
//   2. the write path (ImportGroupMeeting: a held meeting with its attendance) against raw
//      prepared inserts of the same rows (at least 0.5);
//   3. the bulk import of a directory (members per second) against raw multi-row inserts of the
//      same member rows (at least 0.5);
//   4. the large city's annual assessment against streaming the same rows (at most 2 times);
//   5. each server's resident memory idle (under 50 MB) and at its peak under the load.
// Prints a table and writes JSON ({"results":[{"name","value","unit","ceiling_name",
// "ceiling_value","ratio"}]}). bench/run.sh starts what it needs and runs it.
#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "bench/assessment_figures.h"
#include "bench/city.h"
#include "bench/city_loader.h"
#include "bench/echo_server.h"
#include "bench/figures.h"
#include "bench/load.h"
#include "bench/rss.h"
#include "common/db/connection_pool.h"
#include "common/db/multi_row.h"
#include "common/db/statement_cache.h"
#include "echo.grpc.pb.h"
#include "partygroup/activity/v1/activity_service.grpc.pb.h"
#include "partygroup/org/v1/org_service.grpc.pb.h"
#include "services/activity/sql.h"

ABSL_FLAG(std::string, org, "127.0.0.1:50051", "org service");
ABSL_FLAG(std::string, activity, "127.0.0.1:50052", "activity service");
ABSL_FLAG(std::string, assessment, "127.0.0.1:50053", "assessment service");
ABSL_FLAG(std::string, org_import, "",
          "an org service on an empty schema of its own, for the bulk import figure (skipped "
          "when empty)");
ABSL_FLAG(std::string, token_file, "", "an ADMIN token");
ABSL_FLAG(int, db_port, 3306, "the services' MariaDB, for the raw ceilings");
ABSL_FLAG(std::string, db_user, "partygroup", "database user");
ABSL_FLAG(std::string, db_password_file, "", "file holding the database password");
ABSL_FLAG(std::string, pids, "", "the servers' process ids: org:123,activity:456,assessment:789");
ABSL_FLAG(int, units, 300, "units of the city");
ABSL_FLAG(int, groups, 10000, "groups of the city (members follow: about 10 a group)");
ABSL_FLAG(uint64_t, seed, 2023, "the city's seed");
ABSL_FLAG(int, year, 2025, "the year of activity and of the assessment");
ABSL_FLAG(int, threads, 8, "client threads for loading");
ABSL_FLAG(bool, load, true, "load the city first (loading twice changes nothing)");
ABSL_FLAG(int, runs, 3, "assessment computations timed (the best and the median are reported)");
ABSL_FLAG(double, seconds, 3, "how long each load point runs");
ABSL_FLAG(std::string, callers, "1,8,64", "concurrent callers of the unary reads");
ABSL_FLAG(int, writers, 8, "concurrent writers of the write path");
ABSL_FLAG(int, import_groups, 2000, "size of the directory imported (members: about 10 a group)");
ABSL_FLAG(std::string, json_out, "", "where to write the JSON figures");
ABSL_FLAG(std::string, parts, "reads,writes,import,assessment",
          "which figure families to measure (to profile one alone)");

namespace {

using namespace partygroup;  // NOLINT: a benchmark's main
using bench::Figure;
using bench::LoadResult;

constexpr char kScratch[] = "partygroup_bench";

struct Setup {
  bench::Endpoints endpoints;
  db::DbConfig db;
  absl::Duration seconds;
};

std::unique_ptr<sql::Connection> Connect(const db::DbConfig& base, const std::string& schema) {
  db::DbConfig config = base;
  config.schema = schema;
  absl::StatusOr<std::unique_ptr<sql::Connection>> c = db::OpenConnection(config, true);
  if (!c.ok()) {
    std::fprintf(stderr, "database: %s\n", c.status().ToString().c_str());
    std::exit(1);
  }
  return std::move(*c);
}

void Execute(sql::Connection& c, const std::string& statement) {
  std::unique_ptr<sql::Statement> s(c.createStatement());
  s->execute(statement);
}

std::vector<int64_t> Ids(sql::Connection& c, const std::string& query) {
  std::unique_ptr<sql::Statement> s(c.createStatement());
  std::unique_ptr<sql::ResultSet> rows(s->executeQuery(query));
  std::vector<int64_t> ids;
  while (rows->next()) ids.push_back(rows->getInt64(1));
  return ids;
}

void Note(const char* what, const LoadResult& r) {
  std::printf("  %-44s %9.0f /s  p50 %7.3f ms  p99 %7.3f ms  (%lld calls, %lld failed)\n", what,
              r.per_second, r.p50_ms, r.p99_ms, static_cast<long long>(r.calls),
              static_cast<long long>(r.failures));
  std::fflush(stdout);
}

// ---- 1. unary reads ---------------------------------------------------------------------------

void UnaryFigures(const Setup& setup, const std::vector<int>& callers,
                  const std::vector<int64_t>& member_ids, const std::vector<int64_t>& group_ids,
                  std::vector<Figure>* figures) {
  std::unique_ptr<bench::EchoServer> echo_server = bench::EchoServer::Start();
  auto echo = bench::v1::EchoService::NewStub(
      grpc::CreateChannel(echo_server->address(), grpc::InsecureChannelCredentials()));
  auto org = org::v1::OrgService::NewStub(
      grpc::CreateChannel(setup.endpoints.org, grpc::InsecureChannelCredentials()));
  const int most = *std::max_element(callers.begin(), callers.end());
  // Each caller of the raw select has its connection and its prepared statement, as a server's
  // worker would.
  std::vector<std::unique_ptr<sql::Connection>> connections;
  std::vector<std::unique_ptr<sql::PreparedStatement>> selects;
  for (int i = 0; i < most; ++i) {
    connections.push_back(Connect(setup.db, "partygroup_org"));
    selects.emplace_back(connections.back()->prepareStatement(
        "SELECT id, name, staff_code, phone, IFNULL(external_id, ''), status, "
        "IFNULL(joined_party_on, ''), IFNULL(became_formal_on, ''), leading_cadre, branch_id, "
        "IFNULL(group_id, 0), IFNULL(joined_group_on, ''), state, path FROM member WHERE id = ?"));
  }
  auto member_of = [&](int caller, int64_t n) {
    return member_ids[static_cast<size_t>(caller * 7919 + n) % member_ids.size()];
  };
  auto group_of = [&](int caller, int64_t n) {
    return group_ids[static_cast<size_t>(caller * 7919 + n) % group_ids.size()];
  };

  for (int c : callers) {
    std::printf("unary reads, %d caller%s:\n", c, c == 1 ? "" : "s");
    const LoadResult echo_load = bench::RunLoad(c, setup.seconds, [&](int caller, int64_t n) {
      bench::v1::EchoMessage request, response;
      request.set_id(member_of(caller, n));
      grpc::ClientContext context;
      return echo->Echo(&context, request, &response).ok();
    });
    Note("ceiling: bare gRPC echo", echo_load);
    const LoadResult select_load = bench::RunLoad(c, setup.seconds, [&](int caller, int64_t n) {
      sql::PreparedStatement& select = *selects[caller];
      select.setInt64(1, member_of(caller, n));
      std::unique_ptr<sql::ResultSet> rows(select.executeQuery());
      if (!rows->next()) return false;
      for (int column = 1; column <= 14; ++column) (void)rows->getString(column);
      return true;
    });
    Note("ceiling: raw point select (Connector/C++)", select_load);
    const LoadResult member_load = bench::RunLoad(c, setup.seconds, [&](int caller, int64_t n) {
      org::v1::GetMemberRequest request;
      request.set_id(member_of(caller, n));
      org::v1::GetMemberResponse response;
      grpc::ClientContext context;
      bench::Authorize(context, setup.endpoints.admin_token);
      return org->GetMember(&context, request, &response).ok();
    });
    Note("org GetMember", member_load);
    const LoadResult group_load = bench::RunLoad(c, setup.seconds, [&](int caller, int64_t n) {
      org::v1::GetGroupRequest request;
      request.set_id(group_of(caller, n));
      org::v1::GetGroupResponse response;
      grpc::ClientContext context;
      bench::Authorize(context, setup.endpoints.admin_token);
      return org->GetGroup(&context, request, &response).ok() &&
             response.group().members_size() > 0;
    });
    Note("org GetGroup (with its members)", group_load);

    // One gRPC call and one point select per request: their times add up.
    const double composite_rate = 1.0 / (1.0 / echo_load.per_second + 1.0 / select_load.per_second);
    const std::string at = absl::StrCat("_c", c);
    for (const auto& [name, load] : {std::pair<std::string, LoadResult>{"get_member", member_load},
                                     std::pair<std::string, LoadResult>{"get_group", group_load}}) {
      figures->push_back({name + "_rps" + at, load.per_second, "req/s",
                          "echo_plus_point_select_rps" + at, composite_rate, ">= 0.70"});
      figures->push_back({name + "_p50" + at, load.p50_ms, "ms", "echo_plus_point_select_p50" + at,
                          echo_load.p50_ms + select_load.p50_ms, ""});
      figures->push_back({name + "_p99" + at, load.p99_ms, "ms", "echo_plus_point_select_p99" + at,
                          echo_load.p99_ms + select_load.p99_ms, ""});
    }
  }
}

// ---- 2. the write path ------------------------------------------------------------------------

void WriteFigures(const Setup& setup, int writers, const std::vector<int64_t>& group_ids,
                  std::vector<Figure>* figures) {
  auto org = org::v1::OrgService::NewStub(
      grpc::CreateChannel(setup.endpoints.org, grpc::InsecureChannelCredentials()));
  auto activity = activity::v1::ActivityService::NewStub(
      grpc::CreateChannel(setup.endpoints.activity, grpc::InsecureChannelCredentials()));
  // The groups as they are now: a held meeting lists every member's attendance.
  std::vector<org::v1::Group> groups;
  for (size_t i = 0; i < group_ids.size() && groups.size() < 200; ++i) {
    org::v1::GetGroupRequest request;
    request.set_id(group_ids[i]);
    org::v1::GetGroupResponse response;
    grpc::ClientContext context;
    bench::Authorize(context, setup.endpoints.admin_token);
    if (org->GetGroup(&context, request, &response).ok() && response.group().has_leader() &&
        response.group().members_size() >= 3) {
      groups.push_back(response.group());
    }
  }
  if (groups.empty()) {
    std::fprintf(stderr, "write path: no group with a leader and members\n");
    return;
  }
  // Meetings of an earlier year, so that the assessment's year is not changed by the benchmark.
  const int year = absl::GetFlag(FLAGS_year) - 2;
  auto at = [&](int64_t n, int day, int hour) {
    google::protobuf::Timestamp t;
    const absl::CivilSecond when(year, 1 + n % 12, day, hour, static_cast<int>(n / 12 % 60), 0);
    t.set_seconds(absl::ToUnixSeconds(absl::FromCivil(when, absl::FixedTimeZone(8 * 3600))));
    return t;
  };
  auto meeting_of = [&](int caller, int64_t n) {
    const org::v1::Group& group = groups[static_cast<size_t>(caller * 31 + n) % groups.size()];
    activity::v1::ImportGroupMeetingRequest request;
    request.set_group_id(group.node().id());
    request.add_topics("学习贯彻党的创新理论，研究本组工作");
    *request.mutable_request_time() = at(n, 2, 9);
    *request.mutable_review_time() = at(n, 3, 9);
    *request.mutable_notice_time() = at(n, 5, 9);
    *request.mutable_held_time() = at(n, 10, 15);
    request.set_chair_member_id(group.leader().member_id());
    for (int i = 0; i < group.members_size(); ++i) {
      activity::v1::Attendance* a = request.add_attendance();
      a->set_member_id(group.members(i).id());
      a->set_present(i % 7 != 6);
      if (!a->present()) a->set_absence_reason("因公出差");
    }
    request.set_minutes("组长领学，党员逐一发言，研究部署本月工作。");
    return std::make_tuple(request, group.node().path(), group.branch_id());
  };

  std::printf("write path, %d writers:\n", writers);
  const std::string run = absl::StrCat("bench-write-", absl::ToUnixMicros(absl::Now()));
  const LoadResult service = bench::RunLoad(writers, setup.seconds, [&](int caller, int64_t n) {
    auto [request, path, branch_id] = meeting_of(caller, n);
    request.set_request_id(absl::StrCat(run, "-", caller, "-", n));
    activity::v1::ImportGroupMeetingResponse response;
    grpc::ClientContext context;
    bench::Authorize(context, setup.endpoints.admin_token);
    return activity->ImportGroupMeeting(&context, request, &response).ok();
  });
  Note("activity ImportGroupMeeting", service);

  // The ceiling: the same meeting row and attendance rows, with the service's own statements,
  // into empty copies of its tables, one transaction a meeting.
  {
    std::unique_ptr<sql::Connection> c = Connect(setup.db, kScratch);
    for (const char* table : {"group_meeting", "meeting_attendance"}) {
      Execute(*c, absl::StrCat("DROP TABLE IF EXISTS ", table));
      Execute(*c, absl::StrCat("CREATE TABLE ", table, " LIKE partygroup_activity.", table));
    }
  }
  std::vector<std::unique_ptr<sql::Connection>> connections;
  for (int i = 0; i < writers; ++i) connections.push_back(Connect(setup.db, kScratch));
  auto time_text = [](const google::protobuf::Timestamp& t) {
    return absl::FormatTime("%Y-%m-%d %H:%M:%E6S", absl::FromUnixSeconds(t.seconds()),
                            absl::UTCTimeZone());
  };
  const LoadResult raw = bench::RunLoad(writers, setup.seconds, [&](int caller, int64_t n) {
    const auto [request, path, branch_id] = meeting_of(caller, n);
    sql::Connection& c = *connections[caller];
    c.setAutoCommit(false);
    std::unique_ptr<sql::PreparedStatement> meeting(
        c.prepareStatement(activity::sql_text::kInsertPastMeeting));
    meeting->setInt64(1, request.group_id());
    meeting->setInt64(2, branch_id);
    meeting->setString(3, path);
    meeting->setString(4, "[\"学习贯彻党的创新理论，研究本组工作\"]");
    meeting->setString(5, time_text(request.request_time()));
    meeting->setString(6, "bench");
    meeting->setString(7, time_text(request.review_time()));
    meeting->setString(8, "bench");
    meeting->setString(9, time_text(request.notice_time()));
    meeting->setString(10, "[]");
    meeting->setString(11, time_text(request.held_time()));
    meeting->setInt64(12, request.chair_member_id());
    meeting->setString(13, request.minutes());
    meeting->setString(14, time_text(request.held_time()));
    // The attendance packed into the meeting row, as the service writes it (the members come
    // in id order from GetGroup).
    std::string present_ids;
    std::string absences = "[";
    for (const activity::v1::Attendance& a : request.attendance()) {
      if (a.present()) {
        absl::StrAppend(&present_ids, present_ids.empty() ? "" : ",", a.member_id());
      } else {
        absl::StrAppend(&absences, absences.size() == 1 ? "" : ",", "[", a.member_id(), ",\"",
                        a.absence_reason(), "\"]");
      }
    }
    meeting->setString(15, present_ids);
    meeting->setString(16, absences + "]");
    meeting->execute();
    const int64_t id = Ids(c, "SELECT LAST_INSERT_ID()").front();
    db::InsertRows(c, activity::sql_text::kInsertAttendanceRows, activity::sql_text::kAttendanceRow,
                   static_cast<size_t>(request.attendance_size()),
                   [&](sql::PreparedStatement& s, int p, size_t i) {
                     const activity::v1::Attendance& a = request.attendance(static_cast<int>(i));
                     s.setInt64(p, id);
                     s.setInt64(p + 1, a.member_id());
                     s.setBoolean(p + 2, a.present());
                     s.setString(p + 3, a.absence_reason());
                   });
    c.commit();
    return true;
  });
  Note("ceiling: raw prepared inserts of the same rows", raw);
  figures->push_back({absl::StrCat("import_group_meeting_per_s_w", writers), service.per_second,
                      "op/s", absl::StrCat("raw_meeting_inserts_per_s_w", writers), raw.per_second,
                      ">= 0.50"});
  figures->push_back({absl::StrCat("import_group_meeting_p50_w", writers), service.p50_ms, "ms",
                      absl::StrCat("raw_meeting_inserts_p50_w", writers), raw.p50_ms, ""});
}

// ---- 3. the bulk import -----------------------------------------------------------------------

void ImportFigures(const Setup& setup, const std::string& address, std::vector<Figure>* figures) {
  bench::CitySize size;
  size.units = 20;
  size.groups = absl::GetFlag(FLAGS_import_groups);
  size.seed = absl::GetFlag(FLAGS_seed) + 1;
  const bench::City city = bench::PlanCity(size);
  auto org = org::v1::OrgService::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));

  std::printf("bulk import of a directory, %zu units, %zu branches, %zu members:\n",
              city.units.size(), city.branches.size(), city.members.size());
  absl::Time start = absl::Now();
  {
    grpc::ClientContext context;
    bench::Authorize(context, setup.endpoints.admin_token);
    org::v1::ImportRecordsResponse response;
    auto writer = org->ImportRecords(&context, &response);
    org::v1::ImportRecordsRequest request;
    request.set_request_id(absl::StrCat("bench-import-", absl::ToUnixMicros(start)));
    for (org::v1::ImportRecord& record : bench::DirectoryRecords(city)) {
      *request.mutable_record() = std::move(record);
      writer->Write(request);
      request.clear_request_id();  // required in the first message only
    }
    writer->WritesDone();
    grpc::Status status = writer->Finish();
    if (!status.ok() ||
        response.result().created() !=
            static_cast<int>(city.units.size() + city.branches.size() + city.members.size())) {
      std::fprintf(stderr, "bulk import: %s, %d created, %d refused\n",
                   status.error_message().c_str(), response.result().created(),
                   response.result().errors_size());
      return;
    }
  }
  const double service_rate =
      static_cast<double>(city.members.size()) / absl::ToDoubleSeconds(absl::Now() - start);
  std::printf("  %-44s %9.0f members/s\n", "org ImportRecords", service_rate);

  // The ceiling: the same member rows and their history rows, 500 to a statement and a
  // transaction (the service's chunk), into empty copies of org's tables.
  std::unique_ptr<sql::Connection> c = Connect(setup.db, kScratch);
  for (const char* table : {"member", "member_history"}) {
    Execute(*c, absl::StrCat("DROP TABLE IF EXISTS ", table));
    Execute(*c, absl::StrCat("CREATE TABLE ", table, " LIKE partygroup_org.", table));
  }
  c->setAutoCommit(false);
  // Its statements stay prepared from chunk to chunk, as on the service's pooled connections.
  db::AttachStatementCache(c.get());
  start = absl::Now();
  constexpr size_t kChunk = 500;
  for (size_t first = 0; first < city.members.size(); first += kChunk) {
    const size_t count = std::min(kChunk, city.members.size() - first);
    db::InsertRows(*c,
                   "INSERT INTO member (name, staff_code, phone, external_id, status, "
                   "joined_party_on, became_formal_on, leading_cadre, branch_id, path) VALUES",
                   "(?, '', '', ?, ?, NULL, NULL, ?, ?, ?)", count,
                   [&](sql::PreparedStatement& s, int p, size_t i) {
                     const bench::PlannedMember& m = city.members[first + i];
                     s.setString(p, m.name);
                     s.setString(p + 1, m.external_id);
                     s.setString(p + 2, m.formal ? "FORMAL" : "PROBATIONARY");
                     s.setBoolean(p + 3, m.leading_cadre);
                     s.setInt64(p + 4, m.branch + 2);
                     s.setString(p + 5, absl::StrCat("/1/", m.branch + 2, "/"));
                   });
    const int64_t first_id = Ids(*c, "SELECT LAST_INSERT_ID()").front();
    db::InsertRows(*c,
                   "INSERT INTO member_history (member_id, kind, branch_id, effective_on, note) "
                   "VALUES",
                   "(?, 'CREATED', ?, CURRENT_DATE, 'OA 导入')", count,
                   [&](sql::PreparedStatement& s, int p, size_t i) {
                     s.setInt64(p, first_id + static_cast<int64_t>(i));
                     s.setInt64(p + 1, city.members[first + i].branch + 2);
                   });
    c->commit();
  }
  db::DetachStatementCache(c.get());
  const double raw_rate =
      static_cast<double>(city.members.size()) / absl::ToDoubleSeconds(absl::Now() - start);
  std::printf("  %-44s %9.0f members/s\n", "ceiling: raw multi-row inserts", raw_rate);
  figures->push_back({"import_members_per_s", service_rate, "rows/s", "raw_multi_row_inserts_per_s",
                      raw_rate, ">= 0.50"});
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  Setup setup;
  setup.endpoints = {absl::GetFlag(FLAGS_org), absl::GetFlag(FLAGS_activity),
                     absl::GetFlag(FLAGS_assessment), "", ""};
  std::getline(std::ifstream(absl::GetFlag(FLAGS_token_file)), setup.endpoints.admin_token);
  if (setup.endpoints.admin_token.empty()) {
    std::fprintf(stderr, "--token_file: an ADMIN token is required\n");
    return 2;
  }
  setup.db.port = absl::GetFlag(FLAGS_db_port);
  setup.db.user = absl::GetFlag(FLAGS_db_user);
  std::getline(std::ifstream(absl::GetFlag(FLAGS_db_password_file)), setup.db.password);
  setup.seconds = absl::Seconds(absl::GetFlag(FLAGS_seconds));
  std::vector<int> callers;
  for (absl::string_view part : absl::StrSplit(absl::GetFlag(FLAGS_callers), ',')) {
    int c = 0;
    if (absl::SimpleAtoi(part, &c) && c > 0) callers.push_back(c);
  }
  std::map<std::string, int64_t> pids;
  for (absl::string_view part : absl::StrSplit(absl::GetFlag(FLAGS_pids), ',', absl::SkipEmpty())) {
    std::pair<std::string, std::string> kv = absl::StrSplit(part, ':');
    int64_t pid = 0;
    if (absl::SimpleAtoi(kv.second, &pid)) pids[kv.first] = pid;
  }

  // 5: idle, before the first call.
  std::map<std::string, double> idle;
  for (const auto& [name, pid] : pids) idle[name] = bench::ResidentMb(pid);
  bench::RssSampler sampler(pids);

  bench::CitySize size;
  size.units = absl::GetFlag(FLAGS_units);
  size.groups = absl::GetFlag(FLAGS_groups);
  size.seed = absl::GetFlag(FLAGS_seed);
  size.year = absl::GetFlag(FLAGS_year);
  const bench::City city = bench::PlanCity(size);
  // What the seed plans; with --load=false, a city loaded earlier by an older planner may differ
  // (one loaded before activists were planned has none).
  std::printf(
      "city as planned: %zu units, %zu branches, %zu groups, %zu members, %zu activists, %zu "
      "records of %d\n",
      city.units.size(), city.branches.size(), city.groups.size(), city.members.size(),
      city.activists.size(), city.ActivityRecords(), size.year);
  std::fflush(stdout);
  if (absl::GetFlag(FLAGS_load)) {
    absl::StatusOr<bench::LoadFigures> loaded =
        bench::LoadCity(city, setup.endpoints, absl::GetFlag(FLAGS_threads));
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

  const absl::flat_hash_set<std::string> parts =
      absl::StrSplit(absl::GetFlag(FLAGS_parts), ',', absl::SkipEmpty());
  std::vector<Figure> figures;
  {
    std::unique_ptr<sql::Connection> c = Connect(setup.db, "partygroup_org");
    Execute(*c, absl::StrCat("CREATE DATABASE IF NOT EXISTS ", kScratch,
                             " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"));
    // A fixed sample of the city's members and groups (the same every run).
    const std::vector<int64_t> members =
        Ids(*c, "SELECT id FROM member WHERE state = 'ACTIVE' ORDER BY RAND(7) LIMIT 5000");
    const std::vector<int64_t> groups =
        Ids(*c,
            "SELECT id FROM org_node WHERE kind = 'GROUP' AND status = 'ACTIVE' ORDER BY RAND(7) "
            "LIMIT 1000");
    if (members.empty() || groups.empty()) {
      std::fprintf(stderr, "the city is not loaded: run with --load\n");
      return 1;
    }
    if (parts.contains("reads")) UnaryFigures(setup, callers, members, groups, &figures);
    if (parts.contains("writes")) {
      WriteFigures(setup, absl::GetFlag(FLAGS_writers), groups, &figures);
    }
  }
  if (parts.contains("import") && !absl::GetFlag(FLAGS_org_import).empty()) {
    ImportFigures(setup, absl::GetFlag(FLAGS_org_import), &figures);
  }
  if (parts.contains("assessment")) {
    std::printf("assessment of the city:\n");
    if (absl::Status s =
            bench::AddAssessmentFigures(city, setup.endpoints, absl::GetFlag(FLAGS_runs), &figures);
        !s.ok()) {
      std::fprintf(stderr, "assessment: %s\n", s.ToString().c_str());
      return 1;
    }
  }

  const std::map<std::string, double> peaks = sampler.Peaks();
  for (const auto& [name, pid] : pids) {
    figures.push_back({name + "_rss_idle", idle[name], "MB", "target_per_server", 50, "<= 1.00"});
    const auto peak = peaks.find(name);
    figures.push_back({name + "_rss_peak_under_load", peak == peaks.end() ? 0 : peak->second, "MB",
                       name + "_rss_idle", idle[name], ""});
  }
  bench::PrintTable(figures);
  if (!absl::GetFlag(FLAGS_json_out).empty()) {
    std::ofstream(absl::GetFlag(FLAGS_json_out)) << bench::ToJson(figures);
  }
  return 0;
}
