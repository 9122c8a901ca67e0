#include "bench/city_loader.h"

#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/status/status_macros.h"
#include "partygroup/activity/v1/activity_service.grpc.pb.h"
#include "partygroup/org/v1/org_service.grpc.pb.h"

namespace partygroup::bench {
namespace {

namespace org = ::partygroup::org::v1;
namespace act = ::partygroup::activity::v1;

absl::Status Check(const grpc::Status& status, absl::string_view what) {
  if (status.ok()) return absl::OkStatus();
  return absl::UnavailableError(
      absl::StrCat(what, ": ", status.error_code(), " ", status.error_message()));
}

// A unary call, tried again while the server answers ABORTED (a deadlock victim under the
// load's concurrency) or UNAVAILABLE: the request_id makes a retry safe.
template <typename Call>
absl::Status WithRetries(Call call, absl::string_view what) {
  grpc::Status status;
  for (int attempt = 0; attempt < 5; ++attempt) {
    status = call();
    if (status.error_code() != grpc::StatusCode::ABORTED &&
        status.error_code() != grpc::StatusCode::UNAVAILABLE) {
      break;
    }
    absl::SleepFor(absl::Milliseconds(50 * (attempt + 1)));
  }
  return Check(status, what);
}

common::v1::Date Day(int year, int month, int day) {
  common::v1::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

google::protobuf::Timestamp At(int year, int month, int day) {
  const absl::Time t =
      absl::FromCivil(absl::CivilSecond(year, month, day, 9, 0, 0), absl::FixedTimeZone(8 * 3600));
  google::protobuf::Timestamp out;
  out.set_seconds(absl::ToUnixSeconds(t));
  return out;
}

std::string Tag(const City& city) {
  return absl::StrCat("bench-", city.size.seed, "-", city.size.units, "-", city.size.groups, "-",
                      city.size.year);
}

// Runs `work(i)` for i in [0, n) on `threads` threads; the first error wins.
absl::Status Parallel(int n, int threads, const std::function<absl::Status(int)>& work) {
  std::atomic<int> next{0};
  std::mutex mutex;
  absl::Status first = absl::OkStatus();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      for (int i = next++; i < n; i = next++) {
        absl::Status status = work(i);
        if (!status.ok()) {
          std::lock_guard<std::mutex> lock(mutex);
          if (first.ok()) first = status;
          next = n;
        }
      }
    });
  }
  for (std::thread& thread : pool) thread.join();
  return first;
}

}  // namespace

std::shared_ptr<grpc::Channel> Endpoints::ChannelTo(const std::string& address) const {
  if (ca_pem.empty()) return grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = ca_pem;
  return grpc::CreateChannel(address, grpc::SslCredentials(ssl));
}

void Authorize(grpc::ClientContext& context, const std::string& token) {
  context.AddMetadata("authorization", "Bearer " + token);
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Minutes(30)));
}

std::vector<org::ImportRecord> DirectoryRecords(const City& city) {
  std::vector<org::ImportRecord> records;
  records.reserve(city.units.size() + city.branches.size() + city.members.size());
  for (const PlannedUnit& unit : city.units) {
    org::NodeRecord* node = records.emplace_back().mutable_node();
    node->set_external_id(unit.external_id);
    node->set_kind(org::NODE_KIND_UNIT);
    node->set_name(unit.name);
  }
  for (const PlannedGeneralBranch& general : city.general_branches) {
    org::NodeRecord* node = records.emplace_back().mutable_node();
    node->set_external_id(general.external_id);
    node->set_kind(org::NODE_KIND_GENERAL_BRANCH);
    node->set_name(general.name);
    node->set_parent_external_id(city.units[general.unit].external_id);
  }
  for (const PlannedBranch& branch : city.branches) {
    org::NodeRecord* node = records.emplace_back().mutable_node();
    node->set_external_id(branch.external_id);
    node->set_kind(org::NODE_KIND_BRANCH);
    node->set_name(branch.name);
    node->set_parent_external_id(branch.general_branch < 0
                                     ? city.units[branch.unit].external_id
                                     : city.general_branches[branch.general_branch].external_id);
  }
  for (const PlannedMember& member : city.members) {
    org::MemberRecord* record = records.emplace_back().mutable_member();
    record->set_external_id(member.external_id);
    record->set_name(member.name);
    record->set_status(member.formal ? org::MEMBER_STATUS_FORMAL : org::MEMBER_STATUS_PROBATIONARY);
    record->set_leading_cadre(member.leading_cadre);
    record->set_branch_external_id(city.branches[member.branch].external_id);
  }
  return records;
}

namespace {

// 第六条: the org-life meetings of November, step by step as a leader records them (prepared,
// held with every member's criticism, a measure due on 15 December, done or left undone). Not
// part of the timed import: these are single calls.
absl::StatusOr<LoadFigures> LoadOrgLife(const City& city, const Endpoints& endpoints, int threads,
                                        const std::vector<int64_t>& group_ids,
                                        const std::function<int64_t(int)>& member_id,
                                        LoadFigures figures) {
  auto stub = act::ActivityService::NewStub(endpoints.ChannelTo(endpoints.activity));
  const std::string tag = Tag(city);
  const int year = city.size.year;
  absl::Status held = Parallel(static_cast<int>(city.groups.size()), threads, [&](int g) {
    const PlannedGroup& group = city.groups[g];
    if (group.org_life == PlannedOrgLife::kNone) return absl::OkStatus();
    auto call = [&](auto method, const auto& request, auto* response, absl::string_view what) {
      return WithRetries(
          [&] {
            grpc::ClientContext context;
            Authorize(context, endpoints.admin_token);
            return ((*stub).*method)(&context, request, response);
          },
          what);
    };
    const std::string id = absl::StrCat(tag, "-orglife-", g);
    act::PlanOrgLifeMeetingRequest plan;
    plan.set_request_id(id + "-plan");
    plan.set_group_id(group_ids[g]);
    plan.set_theme("学思想、强党性、重实践、建新功");
    act::PlanOrgLifeMeetingResponse planned;
    RETURN_IF_ERROR(call(&act::ActivityService::Stub::PlanOrgLifeMeeting, plan, &planned,
                         "PlanOrgLifeMeeting"));
    const int64_t meeting = planned.meeting().id();
    act::RecordOrgLifePreparationRequest prepare;
    prepare.set_request_id(id + "-prepare");
    prepare.set_meeting_id(meeting);
    prepare.set_study_sessions(1);
    prepare.set_talks(static_cast<int32_t>(group.members.size()) - 1);
    prepare.set_opinions_gathered(1);
    act::RecordOrgLifePreparationResponse prepared;
    RETURN_IF_ERROR(call(&act::ActivityService::Stub::RecordOrgLifePreparation, prepare, &prepared,
                         "RecordOrgLifePreparation"));
    act::RecordOrgLifeMeetingHeldRequest hold;
    hold.set_request_id(id + "-held");
    hold.set_meeting_id(meeting);
    *hold.mutable_held_time() = At(year, 11, 20);
    for (int m : group.members) {
      hold.add_present_member_ids(member_id(m));
      hold.add_criticism_member_ids(member_id(m));
    }
    hold.add_problems("理论学习的深度不够，联系实际不紧");
    act::RecordOrgLifeMeetingHeldResponse recorded;
    RETURN_IF_ERROR(call(&act::ActivityService::Stub::RecordOrgLifeMeetingHeld, hold, &recorded,
                         "RecordOrgLifeMeetingHeld"));
    act::AddRectificationItemRequest item;
    item.set_request_id(id + "-item");
    item.set_meeting_id(meeting);
    item.set_measure("每月集中学习一次，逐人交流心得");
    item.set_owner_member_id(member_id(group.members.front()));
    *item.mutable_deadline() = Day(year, 12, 15);
    act::AddRectificationItemResponse added;
    RETURN_IF_ERROR(call(&act::ActivityService::Stub::AddRectificationItem, item, &added,
                         "AddRectificationItem"));
    if (group.org_life == PlannedOrgLife::kLeftUndone || added.meeting().rectification().empty()) {
      return absl::OkStatus();
    }
    act::CompleteRectificationItemRequest done;
    done.set_request_id(id + "-done");
    done.set_meeting_id(meeting);
    done.set_item_id(added.meeting().rectification().rbegin()->id());
    act::CompleteRectificationItemResponse completed;
    return call(&act::ActivityService::Stub::CompleteRectificationItem, done, &completed,
                "CompleteRectificationItem");
  });
  if (!held.ok()) return held;
  return figures;
}

}  // namespace

absl::StatusOr<LoadFigures> LoadCity(const City& city, const Endpoints& endpoints, int threads) {
  auto org_stub = org::OrgService::NewStub(endpoints.ChannelTo(endpoints.org));
  auto act_stub = act::ActivityService::NewStub(endpoints.ChannelTo(endpoints.activity));
  const std::string tag = Tag(city);
  const int year = city.size.year;
  LoadFigures figures;

  // Units, branches and members: the OA directory import.
  absl::Time start = absl::Now();
  {
    grpc::ClientContext context;
    Authorize(context, endpoints.admin_token);
    org::ImportRecordsResponse response;
    auto writer = org_stub->ImportRecords(&context, &response);
    org::ImportRecordsRequest request;
    request.set_request_id(tag + "-directory");
    for (org::ImportRecord& record : DirectoryRecords(city)) {
      *request.mutable_record() = std::move(record);
      writer->Write(request);
      request.clear_request_id();  // required in the first message only
    }
    writer->WritesDone();
    if (absl::Status s = Check(writer->Finish(), "org ImportRecords"); !s.ok()) return s;
    if (response.result().errors_size() > 0) {
      return absl::InternalError(
          absl::StrCat("org import refused ", response.result().errors_size(),
                       " rows, first: ", response.result().errors(0).reason()));
    }
  }
  figures.org_import = absl::Now() - start;

  // The ids org gave: nodes and members by external id.
  absl::flat_hash_map<std::string, int64_t> ids;
  {
    grpc::ClientContext context;
    Authorize(context, endpoints.admin_token);
    org::StreamTreeRequest request;
    request.set_node_id(1);
    auto reader = org_stub->StreamTree(&context, request);
    org::StreamTreeResponse item;
    while (reader->Read(&item)) {
      if (!item.node().external_id().empty()) ids[item.node().external_id()] = item.node().id();
    }
    if (absl::Status s = Check(reader->Finish(), "org StreamTree"); !s.ok()) return s;
  }
  {
    grpc::ClientContext context;
    Authorize(context, endpoints.admin_token);
    org::StreamMembersRequest request;
    request.set_node_id(1);
    request.set_batch_size(500);
    auto reader = org_stub->StreamMembers(&context, request);
    for (org::StreamMembersResponse item; reader->Read(&item);) {
      for (const org::Member& member : item.members()) ids[member.external_id()] = member.id();
    }
    if (absl::Status s = Check(reader->Finish(), "org StreamMembers"); !s.ok()) return s;
  }
  auto member_id = [&](int m) { return ids.at(city.members[m].external_id); };

  // Groups by branch decision (第二条) on 20 December of the year before, their leaders, and the
  // filings most of them made on time.
  start = absl::Now();
  std::vector<int64_t> group_ids(city.groups.size());
  absl::Status created = Parallel(static_cast<int>(city.groups.size()), threads, [&](int g) {
    const PlannedGroup& group = city.groups[g];
    org::CreateGroupRequest request;
    request.set_request_id(absl::StrCat(tag, "-group-", g));
    request.set_branch_id(ids.at(city.branches[group.branch].external_id));
    request.set_name(group.name);
    *request.mutable_decision()->mutable_decided_on() = Day(year - 1, 12, 20);
    request.mutable_decision()->set_document_ref(absl::StrCat("支〔", year - 1, "〕", g, "号"));
    for (int m : group.members) request.add_member_ids(member_id(m));
    org::CreateGroupResponse response;
    absl::Status s = WithRetries(
        [&] {
          grpc::ClientContext context;
          Authorize(context, endpoints.admin_token);
          return org_stub->CreateGroup(&context, request, &response);
        },
        "CreateGroup");
    if (!s.ok()) return s;
    group_ids[g] = response.group().node().id();
    org::AppointLeaderRequest leader;
    leader.set_request_id(absl::StrCat(tag, "-leader-", g));
    leader.set_group_id(group_ids[g]);
    leader.set_member_id(member_id(group.members.front()));
    leader.set_method(org::APPOINTMENT_METHOD_BRANCH_DESIGNATION);
    leader.set_record_ref(absl::StrCat("支〔", year - 1, "〕组长", g, "号"));
    *leader.mutable_appointed_on() = Day(year - 1, 12, 20);
    org::AppointLeaderResponse appointed;
    return WithRetries(
        [&] {
          grpc::ClientContext context;
          Authorize(context, endpoints.admin_token);
          return org_stub->AppointLeader(&context, leader, &appointed);
        },
        "AppointLeader");
  });
  if (!created.ok()) return created;
  // The activists the groups cultivate.
  absl::Status activists = Parallel(static_cast<int>(city.activists.size()), threads, [&](int a) {
    const PlannedActivist& planned = city.activists[a];
    const PlannedGroup& group = city.groups[planned.group];
    org::CreateActivistRequest request;
    request.set_request_id(absl::StrCat(tag, "-activist-", a));
    request.set_name(planned.name);
    request.set_kind(planned.candidate ? org::ACTIVIST_KIND_CANDIDATE
                                       : org::ACTIVIST_KIND_ACTIVIST);
    request.set_branch_id(ids.at(city.branches[group.branch].external_id));
    request.set_group_id(group_ids[planned.group]);
    request.set_external_id(planned.external_id);
    org::CreateActivistResponse response;
    return WithRetries(
        [&] {
          grpc::ClientContext context;
          Authorize(context, endpoints.admin_token);
          return org_stub->CreateActivist(&context, request, &response);
        },
        "CreateActivist");
  });
  if (!activists.ok()) return activists;
  {
    absl::flat_hash_map<int64_t, int> planned;
    for (size_t g = 0; g < group_ids.size(); ++g) planned[group_ids[g]] = static_cast<int>(g);
    grpc::ClientContext context;
    Authorize(context, endpoints.admin_token);
    org::ListFilingsRequest request;
    request.set_node_id(1);
    request.set_status(org::FILING_STATUS_PENDING);
    org::ListFilingsResponse filings;
    if (absl::Status s = Check(org_stub->ListFilings(&context, request, &filings), "ListFilings");
        !s.ok()) {
      return s;
    }
    std::vector<int64_t> to_file;
    for (const org::Filing& filing : filings.filings()) {
      auto it = planned.find(filing.group_id());
      if (it != planned.end() && city.groups[it->second].filed) to_file.push_back(filing.id());
    }
    absl::Status filed = Parallel(static_cast<int>(to_file.size()), threads, [&](int i) {
      org::RecordFilingRequest record;
      record.set_request_id(absl::StrCat(tag, "-filing-", to_file[i]));
      record.set_filing_id(to_file[i]);
      *record.mutable_filed_on() = Day(year - 1, 12, 28);
      org::RecordFilingResponse response;
      return WithRetries(
          [&] {
            grpc::ClientContext context;
            Authorize(context, endpoints.admin_token);
            return org_stub->RecordFiling(&context, record, &response);
          },
          "RecordFiling");
    });
    if (!filed.ok()) return filed;
  }
  figures.groups = absl::Now() - start;

  // The year, in calls of a few hundred groups each.
  start = absl::Now();
  constexpr int kGroupsPerCall = 300;
  const int calls = (static_cast<int>(city.groups.size()) + kGroupsPerCall - 1) / kGroupsPerCall;
  std::atomic<int> imported{0}, refused{0};
  absl::Status loaded = Parallel(calls, std::min(threads, 2), [&](int call) {
    grpc::ClientContext context;
    Authorize(context, endpoints.admin_token);
    act::ImportRecordsResponse response;
    auto writer = act_stub->ImportRecords(&context, &response);
    act::ImportRecordsRequest request;
    request.set_request_id(absl::StrCat(tag, "-year-", call));
    const int first = call * kGroupsPerCall;
    const int last = std::min<int>(first + kGroupsPerCall, static_cast<int>(city.groups.size()));
    // Messages of a few thousand records, under gRPC's 4 MB message limit.
    auto flush = [&](bool force) {
      if (request.records_size() == 0 || (!force && request.records_size() < 2000)) return;
      writer->Write(request);
      request.Clear();
    };
    for (int g = first; g < last; ++g) {
      flush(false);
      const PlannedGroup& group = city.groups[g];
      const int64_t id = group_ids[g];
      const int64_t leader = member_id(group.members.front());
      for (int month = 1; month <= 12; ++month) {
        const PlannedMonth& plan = group.months[month - 1];
        if (plan.meeting) {
          act::ImportGroupMeetingRequest* m = request.add_records()->mutable_meeting();
          m->set_group_id(id);
          m->add_topics("学习贯彻党的创新理论，研究本组工作");
          *m->mutable_request_time() = At(year, month, 2);
          *m->mutable_review_time() = At(year, month, 3);
          *m->mutable_notice_time() = At(year, month, 5);
          *m->mutable_held_time() = At(year, month, 10);
          m->set_chair_member_id(leader);
          for (size_t i = 0; i < group.members.size(); ++i) {
            act::Attendance* a = m->add_attendance();
            a->set_member_id(member_id(group.members[i]));
            a->set_present(i == 0 || plan.present[i]);
            const bool unexcused = i < plan.unexcused.size() && plan.unexcused[i];
            if (!a->present() && !unexcused) a->set_absence_reason("因公出差");
          }
          m->set_minutes("组长领学，党员逐一发言，研究部署本月工作。");
        }
        for (size_t i = 0; i < group.members.size(); ++i) {
          const bool waived = i < plan.dues_waived.size() && plan.dues_waived[i];
          if (!plan.dues_paid[i] && !waived) continue;
          act::RecordDuesRequest* d = request.add_records()->mutable_dues();
          d->set_group_id(id);
          d->set_member_id(member_id(group.members[i]));
          d->mutable_month()->set_year(year);
          d->mutable_month()->set_month(month);
          d->set_category(act::DUES_CATEGORY_EMPLOYED);
          d->set_base_pay_fen(400000 + 10000 * static_cast<int64_t>(i % 8));
          *d->mutable_paid_time() = At(year, month, 20);
          if (waived) {
            d->set_exemption(act::DUES_EXEMPTION_WAIVED);
            d->set_exemption_ref("上级党委批准免交");
          } else if (i < plan.dues_late.size() && plan.dues_late[i]) {
            // Paid on the 5th of the next month.
            *d->mutable_paid_time() = month == 12 ? At(year + 1, 1, 5) : At(year, month + 1, 5);
          }
        }
      }
      for (size_t i = 1; i < group.members.size(); ++i) {
        if (!group.talked[i]) continue;
        act::RecordTalkRequest* t = request.add_records()->mutable_talk();
        t->set_group_id(id);
        t->set_first_member_id(leader);
        t->set_second_member_id(member_id(group.members[i]));
        *t->mutable_held_time() = At(year, static_cast<int>(i % 12) + 1, 15);
        t->set_topic("谈心谈话");
      }
      if (group.leader_trained) {
        act::RecordLeaderTrainingRequest* t = request.add_records()->mutable_training();
        t->set_group_id(id);
        t->set_member_id(leader);
        *t->mutable_trained_on() = Day(year, 6, 15);
        t->set_title("党小组组长培训班");
      }
      if (group.annual_report != 0) {
        act::AnnualReport* r = request.add_records()->mutable_annual_report();
        r->set_group_id(id);
        r->set_year(year);
        r->set_text("本年度党小组工作报告");
        *r->mutable_submit_time() =
            group.annual_report == 1 ? At(year, 12, 28) : At(year + 1, 1, 15);
      }
    }
    flush(true);
    writer->WritesDone();
    if (absl::Status s = Check(writer->Finish(), "activity ImportRecords"); !s.ok()) return s;
    imported += response.imported();
    refused += response.errors_size();
    return absl::OkStatus();
  });
  if (!loaded.ok()) return loaded;
  figures.activity_import = absl::Now() - start;
  figures.activity_records = imported;
  figures.activity_refused = refused;
  return LoadOrgLife(city, endpoints, threads, group_ids, member_id, figures);
}

}  // namespace partygroup::bench
