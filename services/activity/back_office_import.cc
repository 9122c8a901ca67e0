#include "services/activity/back_office_import.h"

#include <algorithm>
#include <optional>
#include <set>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/clients/activity_records.h"
#include "common/mutation/mutation.h"
#include "common/proto/convert.h"
#include "common/rules/records.h"
#include "common/status/status_macros.h"
#include "services/activity/dues_collection.h"
#include "services/activity/dues_store.h"
#include "services/activity/group_meeting_store.h"
#include "services/activity/group_meetings.h"
#include "services/activity/reports_and_training.h"
#include "services/activity/reports_and_training_store.h"
#include "services/activity/talk_store.h"
#include "services/activity/talks.h"

namespace partygroup::activity {
namespace {

using mutation::Journal;
using mutation::MutationRequest;

// 第五条 for a meeting recorded after the fact: every step's time given, in the article's order,
// the meeting complete. The meeting as it will be stored (archived).
absl::StatusOr<v1::GroupMeeting> PreparePastMeeting(const v1::ImportGroupMeetingRequest& request,
                                                    const org::v1::Group& group) {
  const std::pair<const char*, bool> times[] = {{"request_time", request.has_request_time()},
                                                {"review_time", request.has_review_time()},
                                                {"notice_time", request.has_notice_time()},
                                                {"held_time", request.has_held_time()}};
  for (const auto& [field, present] : times) {
    if (!present) return absl::InvalidArgumentError(absl::StrCat(field, ": required"));
  }
  if (proto::FromTimestamp(request.held_time()) > absl::Now()) {
    return absl::InvalidArgumentError("held_time: in the future");
  }
  RETURN_IF_ERROR(rules::CheckPastMeetingOrder(proto::FromTimestamp(request.request_time()),
                                               proto::FromTimestamp(request.review_time()),
                                               proto::FromTimestamp(request.notice_time())));
  std::set<int64_t> seen;
  for (const v1::Attendance& a : request.attendance()) {
    if (!seen.insert(a.member_id()).second || !InGroup(group, a.member_id())) {
      return absl::InvalidArgumentError(absl::StrCat("attendance: member ", a.member_id(),
                                                     " is listed twice or is not in the group"));
    }
  }
  v1::GroupMeeting meeting;
  meeting.set_group_id(group.node().id());
  meeting.set_branch_id(group.branch_id());
  meeting.set_status(v1::MEETING_STATUS_ARCHIVED);
  *meeting.mutable_topics() = request.topics();
  *meeting.mutable_request_time() = request.request_time();
  *meeting.mutable_review_time() = request.review_time();
  *meeting.mutable_notice_time() = request.notice_time();
  for (const org::v1::Member& member : group.members()) {
    meeting.add_notified_member_ids(member.id());
  }
  *meeting.mutable_held_time() = request.held_time();
  meeting.set_chair_member_id(request.chair_member_id());
  *meeting.mutable_attendance() = request.attendance();
  meeting.set_minutes(request.minutes());
  const rules::Group rules_group = clients::ToRulesGroup(group);
  const rules::GroupMeeting draft = clients::ToRulesMeeting(meeting);
  RETURN_IF_ERROR(rules::RefuseViolations(rules::CheckMeetingRequest(draft, rules_group)));
  RETURN_IF_ERROR(rules::RefuseViolations(rules::CheckMeetingHeld(draft, rules_group)));
  return meeting;
}

// The group a record names; none for an empty record.
std::optional<int64_t> GroupOf(const v1::ImportRecord& record) {
  switch (record.record_case()) {
    case v1::ImportRecord::kMeeting:
      return record.meeting().group_id();
    case v1::ImportRecord::kDues:
      return record.dues().group_id();
    case v1::ImportRecord::kTalk:
      return record.talk().group_id();
    case v1::ImportRecord::kTraining:
      return record.training().group_id();
    case v1::ImportRecord::kAnnualReport:
      return record.annual_report().group_id();
    default:
      return std::nullopt;
  }
}

}  // namespace

absl::Status BackOfficeImport::ImportGroupMeeting(const auth::Caller& caller,
                                                  const v1::ImportGroupMeetingRequest& request,
                                                  v1::ImportGroupMeetingResponse* response) {
  if (request.group_id() <= 0) return absl::InvalidArgumentError("group_id: required");
  ASSIGN_OR_RETURN(auth::Scope scope, clients::ResolveScope(context_.org, caller));
  ASSIGN_OR_RETURN(org::v1::Group group, context_.org.GetGroup(request.group_id()));
  RETURN_IF_ERROR(RequireBackOffice(caller, scope, group.node().path()));
  ASSIGN_OR_RETURN(v1::GroupMeeting meeting, PreparePastMeeting(request, group));
  return mutation::RunMutation(
      context_.pool, MutationRequest{caller, "ImportGroupMeeting", request.request_id()}, response,
      [&](sql::Connection& c, Journal& journal) -> absl::Status {
        ASSIGN_OR_RETURN(
            v1::GroupMeeting stored,
            store::InsertPastMeeting(c, meeting, group.node().path(), caller.subject, absl::Now()));
        journal.SetTarget("group_meeting", stored.id());
        journal.AddEvent(MeetingEvent(
            "MEETING_IMPORTED", stored, group.node().path(),
            {{"held_time", absl::FormatTime(proto::FromTimestamp(meeting.held_time()))}}));
        *response->mutable_meeting() = std::move(stored);
        return absl::OkStatus();
      });
}

absl::Status BackOfficeImport::ImportRecords(const auth::Caller& caller,
                                             const std::string& request_id,
                                             const std::vector<v1::ImportRecord>& records,
                                             v1::ImportRecordsResponse* response) {
  if (records.size() > kMaxRecords) {
    return absl::InvalidArgumentError("records: at most 100000 a call; split the import");
  }
  const MutationRequest mutation{caller, "ImportRecords", request_id};
  ASSIGN_OR_RETURN(bool done, mutation::LoadStoredResponse(context_.pool, mutation, response));
  if (done) return absl::OkStatus();
  ASSIGN_OR_RETURN(auth::Scope scope, clients::ResolveScope(context_.org, caller));

  // The groups the records name, as org describes them now; a group org does not know, or one
  // outside the caller's scope, fails its records only. Org not answering fails the call.
  absl::flat_hash_map<int64_t, absl::StatusOr<org::v1::Group>> groups;
  auto group_of = [&](int64_t id) -> absl::StatusOr<const org::v1::Group*> {
    auto it = groups.find(id);
    if (it == groups.end()) {
      absl::StatusOr<org::v1::Group> group =
          id > 0 ? context_.org.GetGroup(id) : absl::InvalidArgumentError("group_id: required");
      if (absl::IsUnavailable(group.status())) return group.status();
      if (group.ok()) {
        absl::Status allowed = RequireBackOffice(caller, scope, group->node().path());
        if (!allowed.ok()) group = allowed;
      }
      it = groups.emplace(id, std::move(group)).first;
    }
    if (!it->second.ok()) return it->second.status();
    return &*it->second;
  };

  struct Numbered {
    int record = 0;
    int64_t group_id = 0;
  };
  std::vector<std::pair<Numbered, v1::GroupMeeting>> meetings;
  std::vector<std::pair<Numbered, v1::DuesEntry>> dues;
  std::vector<std::pair<Numbered, v1::Talk>> talks;
  std::vector<std::pair<Numbered, v1::LeaderTraining>> trainings;
  std::vector<std::pair<Numbered, v1::AnnualReport>> reports;
  std::vector<std::pair<int, std::string>> refused;
  for (size_t i = 0; i < records.size(); ++i) {
    const v1::ImportRecord& record = records[i];
    const int number = static_cast<int>(i) + 1;
    const std::optional<int64_t> group_id = GroupOf(record);
    if (!group_id.has_value()) {
      refused.push_back({number, "record: empty"});
      continue;
    }
    absl::StatusOr<const org::v1::Group*> group = group_of(*group_id);
    if (absl::IsUnavailable(group.status())) return group.status();
    absl::Status status = group.status();
    if (status.ok()) {
      const org::v1::Group& g = **group;
      const Numbered at{number, g.node().id()};
      switch (record.record_case()) {
        case v1::ImportRecord::kMeeting: {
          absl::StatusOr<v1::GroupMeeting> m = PreparePastMeeting(record.meeting(), g);
          status = m.status();
          if (m.ok()) meetings.push_back({at, std::move(*m)});
          break;
        }
        case v1::ImportRecord::kDues: {
          absl::StatusOr<v1::DuesEntry> e =
              PrepareDues(record.dues(), g, caller.subject, context_.zone);
          status = e.status();
          if (e.ok()) dues.push_back({at, std::move(*e)});
          break;
        }
        case v1::ImportRecord::kTalk: {
          absl::StatusOr<v1::Talk> t = PrepareTalk(record.talk(), g);
          status = t.status();
          if (t.ok()) talks.push_back({at, std::move(*t)});
          break;
        }
        case v1::ImportRecord::kTraining: {
          absl::StatusOr<std::vector<org::v1::LeaderTerm>> terms =
              context_.org.ListLeaderTerms(g.node().id());
          if (absl::IsUnavailable(terms.status())) return terms.status();
          absl::StatusOr<v1::LeaderTraining> t =
              terms.ok() ? PrepareTraining(record.training(), g, *terms, context_.zone)
                         : absl::StatusOr<v1::LeaderTraining>(terms.status());
          status = t.status();
          if (t.ok()) trainings.push_back({at, std::move(*t)});
          break;
        }
        default: {
          const v1::AnnualReport& r = record.annual_report();
          absl::StatusOr<v1::AnnualReport> report =
              r.has_submit_time()
                  ? PrepareReport(r.year(), r.text(), proto::FromTimestamp(r.submit_time()), g,
                                  caller.subject, context_.zone)
                  : absl::InvalidArgumentError("submit_time: required");
          status = report.status();
          if (report.ok()) reports.push_back({at, std::move(*report)});
          break;
        }
      }
    }
    if (!status.ok()) refused.push_back({number, std::string(status.message())});
  }
  auto path_of = [&](int64_t group_id) { return groups.at(group_id)->node().path(); };

  return mutation::RunMutation(
      context_.pool, mutation, response, [&](sql::Connection& c, Journal& journal) -> absl::Status {
        response->Clear();
        std::vector<std::pair<int, std::string>> errors = refused;
        absl::flat_hash_map<int64_t, int> per_group;
        // 第四条: one payment per member and month; 第十三条: one report per group and year.
        std::vector<int64_t> member_ids;
        for (const auto& [at, entry] : dues) member_ids.push_back(entry.member_id());
        ASSIGN_OR_RETURN(auto paid, store::PaidMonths(c, member_ids));
        std::vector<store::DuesRow> dues_rows;
        for (const auto& [at, entry] : dues) {
          const std::string month =
              MonthKey(absl::CivilMonth(entry.month().year(), entry.month().month()));
          if (!paid.insert({entry.member_id(), month}).second) {
            errors.push_back({at.record, absl::StrCat("dues: member ", entry.member_id(),
                                                      " has paid for ", month, " already")});
            continue;
          }
          dues_rows.push_back({entry, path_of(at.group_id)});
          ++per_group[at.group_id];
        }
        std::vector<int64_t> report_groups;
        for (const auto& [at, report] : reports) report_groups.push_back(at.group_id);
        ASSIGN_OR_RETURN(auto reported, store::ReportedYears(c, report_groups));
        for (const auto& [at, meeting] : meetings) {
          RETURN_IF_ERROR(store::InsertPastMeeting(c, meeting, path_of(at.group_id), caller.subject,
                                                   absl::Now())
                              .status());
          ++per_group[at.group_id];
        }
        RETURN_IF_ERROR(store::InsertDuesRows(c, dues_rows));
        std::vector<store::TalkRow> talk_rows;
        for (const auto& [at, talk] : talks) {
          talk_rows.push_back({talk, path_of(at.group_id)});
          ++per_group[at.group_id];
        }
        RETURN_IF_ERROR(store::InsertTalkRows(c, talk_rows, caller.subject));
        for (const auto& [at, training] : trainings) {
          RETURN_IF_ERROR(store::InsertTraining(c, training, path_of(at.group_id)).status());
          ++per_group[at.group_id];
        }
        for (const auto& [at, report] : reports) {
          if (!reported.insert({at.group_id, report.year()}).second) {
            errors.push_back({at.record, absl::StrCat("annual_report: the group has reported on ",
                                                      report.year(), " already")});
            continue;
          }
          RETURN_IF_ERROR(store::InsertAnnualReport(c, report, path_of(at.group_id)).status());
          ++per_group[at.group_id];
        }
        // One audit row and one event per group, not per record.
        std::vector<std::pair<int64_t, int>> touched(per_group.begin(), per_group.end());
        std::sort(touched.begin(), touched.end());
        int imported = 0;
        for (const auto& [group_id, count] : touched) {
          imported += count;
          journal.AddTarget("group", group_id);
          journal.AddEvent(RecordEvent("RECORDS_IMPORTED", "group", group_id, *groups.at(group_id),
                                       {{"records", count}}));
        }
        std::sort(errors.begin(), errors.end());
        response->set_imported(imported);
        for (const auto& [record, reason] : errors) {
          v1::ImportRecordError* error = response->add_errors();
          error->set_record(record);
          error->set_reason(reason);
        }
        return absl::OkStatus();
      });
}

}  // namespace partygroup::activity
