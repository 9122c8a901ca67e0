#include "common/clients/activity_records.h"

#include <algorithm>
#include <optional>

#include "common/proto/convert.h"

namespace partygroup::clients {
namespace {

namespace v1 = activity::v1;

std::optional<absl::Time> TimeOf(bool present, const google::protobuf::Timestamp& timestamp) {
  if (!present) return std::nullopt;
  return proto::FromTimestamp(timestamp);
}

absl::CivilDay DayOf(const common::v1::Date& date) {
  return absl::CivilDay(date.year(), date.month(), date.day());
}

rules::EvaluationRating ToRulesRating(v1::EvaluationRating rating) {
  switch (rating) {
    case v1::EVALUATION_RATING_EXCELLENT:
      return rules::EvaluationRating::kExcellent;
    case v1::EVALUATION_RATING_BASICALLY_QUALIFIED:
      return rules::EvaluationRating::kBasicallyQualified;
    case v1::EVALUATION_RATING_UNQUALIFIED:
      return rules::EvaluationRating::kUnqualified;
    default:
      return rules::EvaluationRating::kQualified;
  }
}

}  // namespace

rules::GroupMeeting ToRulesMeeting(const v1::GroupMeeting& m) {
  rules::GroupMeeting out;
  out.id = m.id();
  out.group_id = m.group_id();
  out.topics.assign(m.topics().begin(), m.topics().end());
  out.requested_at = TimeOf(m.has_request_time(), m.request_time());
  // A rejection has a review time but is no approval (第五条).
  if (m.status() != v1::MEETING_STATUS_REJECTED) {
    out.approved_at = TimeOf(m.has_review_time(), m.review_time());
  }
  out.notified_at = TimeOf(m.has_notice_time(), m.notice_time());
  out.notified_member_ids.assign(m.notified_member_ids().begin(), m.notified_member_ids().end());
  out.held_at = TimeOf(m.has_held_time(), m.held_time());
  out.chair_id = m.chair_member_id();
  out.imported = m.imported();
  for (const v1::Attendance& a : m.attendance()) {
    out.attendance.push_back({a.member_id(), a.present(), a.absence_reason()});
  }
  // A compact stream lists those present by id alone: merged back into member order.
  if (!m.present_member_ids().empty()) {
    for (int64_t id : m.present_member_ids()) out.attendance.push_back({id, true, ""});
    std::sort(out.attendance.begin(), out.attendance.end(),
              [](const rules::Attendance& a, const rules::Attendance& b) {
                return a.member_id < b.member_id;
              });
  }
  out.minutes = m.minutes();
  return out;
}

rules::OrgLifeMeeting ToRulesOrgLife(const v1::OrgLifeMeeting& m) {
  rules::OrgLifeMeeting out;
  out.id = m.id();
  out.group_id = m.group_id();
  out.study_sessions = m.study_sessions();
  out.talks = m.talks();
  out.opinions_gathered = m.opinions_gathered();
  out.held_at = TimeOf(m.has_held_time(), m.held_time());
  out.problems.assign(m.problems().begin(), m.problems().end());
  out.present_member_ids.assign(m.present_member_ids().begin(), m.present_member_ids().end());
  out.criticism_member_ids.assign(m.criticism_member_ids().begin(), m.criticism_member_ids().end());
  for (const v1::RectificationItem& item : m.rectification()) {
    out.rectification.push_back(
        {item.measure(), item.owner_member_id(), DayOf(item.deadline()), item.done()});
  }
  out.reported_at = TimeOf(m.has_report_time(), m.report_time());
  return out;
}

rules::EvaluationCampaign ToRulesCampaign(const v1::EvaluationCampaign& c) {
  rules::EvaluationCampaign out;
  out.id = c.id();
  out.group_id = c.group_id();
  out.opened_on = DayOf(c.opened_on());
  out.deadline = DayOf(c.deadline());
  for (const v1::SelfEvaluation& e : c.self_evaluations()) {
    if (e.self_evaluated() || !e.self_evaluation().empty()) {
      out.self_evaluated_ids.push_back(e.member_id());
    }
    if (e.party_spirit_analysed() || !e.party_spirit_analysis().empty()) {
      out.party_spirit_ids.push_back(e.member_id());
    }
  }
  for (const v1::MutualEvaluation& vote : c.mutual_evaluations()) {
    out.mutual.push_back(
        {vote.voter_member_id(), vote.target_member_id(), ToRulesRating(vote.rating())});
  }
  if (c.has_reported_on()) out.reported_on = DayOf(c.reported_on());
  return out;
}

rules::DuesPayment ToRulesDues(const v1::DuesEntry& entry) {
  rules::DuesPayment payment{entry.member_id(),
                             absl::CivilMonth(entry.month().year(), entry.month().month()),
                             entry.amount_fen(), TimeOf(entry.has_paid_time(), entry.paid_time())};
  payment.waived = entry.exemption() == v1::DUES_EXEMPTION_WAIVED;
  payment.paid_late = entry.paid_late();
  return payment;
}

rules::GroupActivity ToRulesActivity(rules::Group group, const v1::GroupPeriodRecords& records) {
  rules::GroupActivity activity;
  activity.group = std::move(group);
  for (const v1::GroupMeeting& meeting : records.meetings()) {
    activity.meetings.push_back(ToRulesMeeting(meeting));
  }
  for (const v1::OrgLifeMeeting& meeting : records.org_life_meetings()) {
    activity.org_life_meetings.push_back(ToRulesOrgLife(meeting));
  }
  for (const v1::EvaluationCampaign& campaign : records.evaluations()) {
    activity.evaluations.push_back(ToRulesCampaign(campaign));
  }
  for (const v1::Talk& talk : records.talks()) {
    activity.talks.push_back(
        {proto::FromTimestamp(talk.held_time()), talk.first_member_id(), talk.second_member_id()});
  }
  for (const v1::DuesEntry& entry : records.dues()) activity.dues.push_back(ToRulesDues(entry));
  for (const v1::ThemeDay& day : records.theme_days()) {
    if (!day.has_held_time()) continue;
    rules::ThemeDay held;
    held.id = day.id();
    held.group_id = day.group_id();
    held.consent_at = TimeOf(day.has_consent_time(), day.consent_time());
    held.held_at = proto::FromTimestamp(day.held_time());
    for (const v1::Attendance& a : day.attendance()) {
      held.attendance.push_back({a.member_id(), a.present(), a.absence_reason()});
    }
    activity.theme_days.push_back(std::move(held));
  }
  // A compact stream: the months each member paid (the amount is not part of it), those waived and
  // those paid late. Asked for the months paid by an instant (dues_paid_by), it has no times: paid,
  // as far as the rules go.
  for (const v1::MemberDuesPaid& paid : records.dues_paid()) {
    const bool timed = !paid.paid_unix_micros().empty();
    for (int i = 0; i < paid.months_size() && (!timed || i < paid.paid_unix_micros_size()); ++i) {
      const int32_t month = paid.months(i);
      rules::DuesPayment payment{
          paid.member_id(), absl::CivilMonth(month / 100, month % 100), 0,
          timed ? absl::FromUnixMicros(paid.paid_unix_micros(i)) : absl::InfinitePast()};
      payment.waived =
          std::binary_search(paid.waived_months().begin(), paid.waived_months().end(), month);
      payment.paid_late =
          std::binary_search(paid.late_months().begin(), paid.late_months().end(), month);
      activity.dues.push_back(payment);
    }
  }
  for (const v1::Task& task : records.tasks()) {
    activity.tasks.push_back({task.id(), task.title(), proto::FromTimestamp(task.due_time()),
                              TimeOf(task.has_check_time(), task.check_time())});
  }
  for (const v1::Opinion& opinion : records.opinions()) {
    activity.opinions.push_back({opinion.id(), proto::FromTimestamp(opinion.receive_time()),
                                 TimeOf(opinion.has_report_time(), opinion.report_time())});
  }
  for (const v1::AnnualReport& report : records.annual_reports()) {
    activity.annual_reports.push_back({report.year(), proto::FromTimestamp(report.submit_time())});
  }
  for (const v1::LeaderTraining& training : records.leader_trainings()) {
    activity.leader_trainings.push_back({training.member_id(), DayOf(training.trained_on())});
  }
  return activity;
}

}  // namespace partygroup::clients
