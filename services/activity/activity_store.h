// The activity service's SQL. Functions run on a connection inside db::RunInTransaction or
// db::RunWithConnection, which turn Connector/C++ exceptions into absl::Status.
#pragma once

#include <cppconn/connection.h>

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "partygroup/activity/v1/activity_service.pb.h"

namespace partygroup::activity::store {

// A stored meeting with the org path of its group, for scope checks.
struct StoredMeeting {
  v1::GroupMeeting meeting;
  std::string group_path;
};

// NOT_FOUND when there is no such meeting. With attendance and amendments.
absl::StatusOr<StoredMeeting> GetMeeting(sql::Connection& c, int64_t id, bool for_update = false);
// The meetings of a group whose held (else planned, else requested) time is in [from, to).
std::vector<v1::GroupMeeting> ListGroupMeetings(sql::Connection& c, int64_t group_id,
                                                absl::Time from, absl::Time to);
int64_t InsertMeeting(sql::Connection& c, int64_t group_id, int64_t branch_id,
                      const std::string& group_path, const std::vector<std::string>& topics,
                      std::optional<absl::Time> planned_at, absl::Time requested_at,
                      const std::string& requested_by);
void ReviewMeeting(sql::Connection& c, int64_t id, bool approved, absl::Time at,
                   const std::string& by, const std::string& rejection_reason);
void NotifyMeeting(sql::Connection& c, int64_t id, absl::Time at,
                   const std::vector<int64_t>& member_ids);
void HoldMeeting(sql::Connection& c, int64_t id, absl::Time held_at, int64_t chair_member_id,
                 const std::string& minutes, const std::vector<v1::Attendance>& attendance);
void ArchiveMeeting(sql::Connection& c, int64_t id, absl::Time at);
void AddAmendment(sql::Connection& c, int64_t meeting_id, absl::Time at, const std::string& author,
                  const std::string& text);

// 第八条.
v1::Talk InsertTalk(sql::Connection& c, const v1::Talk& talk, const std::string& group_path,
                    const std::string& recorded_by);
std::vector<v1::Talk> ListTalks(sql::Connection& c, int64_t group_id, absl::Time from,
                                absl::Time to);

// 第四条. Months as "YYYY-MM"; [from_month, to_month).
v1::DuesEntry InsertDues(sql::Connection& c, const v1::DuesEntry& entry,
                         const std::string& group_path);
std::vector<v1::DuesEntry> ListDues(sql::Connection& c, int64_t group_id,
                                    const std::string& from_month, const std::string& to_month);

// 第十三条.
struct StoredReport {
  v1::AnnualReport report;
  std::string group_path;
};
v1::AnnualReport InsertAnnualReport(sql::Connection& c, const v1::AnnualReport& report,
                                    const std::string& group_path);
absl::StatusOr<StoredReport> GetAnnualReportForUpdate(sql::Connection& c, int64_t id);
std::vector<v1::AnnualReport> ListAnnualReports(sql::Connection& c, int64_t group_id);
void AcknowledgeAnnualReport(sql::Connection& c, int64_t id, absl::Time at, const std::string& by);

// 第十四条. Trainings of a member in [from, to).
v1::LeaderTraining InsertTraining(sql::Connection& c, const v1::LeaderTraining& training,
                                  const std::string& group_path);
std::vector<v1::LeaderTraining> ListTrainings(sql::Connection& c, int64_t member_id,
                                              absl::CivilDay from, absl::CivilDay to);

// 第九条.
struct StoredThemeDay {
  v1::ThemeDay theme_day;
  std::string group_path;
};
int64_t InsertThemeDay(sql::Connection& c, const v1::ThemeDay& day, const std::string& group_path);
absl::StatusOr<StoredThemeDay> GetThemeDayForUpdate(sql::Connection& c, int64_t id);
std::vector<v1::ThemeDay> ListThemeDays(sql::Connection& c, int64_t group_id);
void ReviewThemeDay(sql::Connection& c, int64_t id, bool consent, absl::Time at,
                    const std::string& by, const std::string& rejection_reason);
void HoldThemeDay(sql::Connection& c, int64_t id, absl::Time held_at,
                  const std::vector<v1::Attendance>& attendance);

// 第十二条.
struct StoredTask {
  v1::Task task;
  std::string group_path;
};
int64_t InsertTask(sql::Connection& c, const v1::Task& task, const std::string& group_path);
absl::StatusOr<StoredTask> GetTaskForUpdate(sql::Connection& c, int64_t id);
std::vector<v1::Task> ListTasks(sql::Connection& c, int64_t group_id);
void ReportTask(sql::Connection& c, int64_t task_id, int64_t member_id, const std::string& report,
                absl::Time at);
void CheckTask(sql::Connection& c, int64_t task_id, absl::Time at, const std::string& note);

// 第四条.
struct StoredOpinion {
  v1::Opinion opinion;
  std::string group_path;
};
int64_t InsertOpinion(sql::Connection& c, const v1::Opinion& opinion, const std::string& group_path,
                      const std::string& recorded_by);
absl::StatusOr<StoredOpinion> GetOpinionForUpdate(sql::Connection& c, int64_t id);
std::vector<v1::Opinion> ListOpinions(sql::Connection& c, int64_t group_id);
void ReportOpinion(sql::Connection& c, int64_t id, absl::Time at);
void ResolveOpinion(sql::Connection& c, int64_t id, const std::string& outcome, absl::Time at);

// 第六条.
struct StoredOrgLife {
  v1::OrgLifeMeeting meeting;
  std::string group_path;
};
int64_t InsertOrgLife(sql::Connection& c, int64_t group_id, const std::string& group_path,
                      const std::string& theme);
absl::StatusOr<StoredOrgLife> GetOrgLifeForUpdate(sql::Connection& c, int64_t id);
std::vector<v1::OrgLifeMeeting> ListOrgLifes(sql::Connection& c, int64_t group_id);
void AddPreparation(sql::Connection& c, int64_t id, int study, int talks, int opinions);
void HoldOrgLife(sql::Connection& c, int64_t id, const v1::OrgLifeMeeting& held);
void ReportOrgLife(sql::Connection& c, int64_t id, absl::Time at);
void InsertRectification(sql::Connection& c, int64_t meeting_id, const v1::RectificationItem& item);
// Returns false when the item is not one of the meeting's.
bool CompleteRectification(sql::Connection& c, int64_t meeting_id, int64_t item_id);

// 第七条. The campaign with its self-evaluations and votes (gaps are the domain's).
struct StoredCampaign {
  v1::EvaluationCampaign campaign;
  std::string group_path;
};
int64_t InsertCampaign(sql::Connection& c, int64_t group_id, const std::string& group_path,
                       absl::CivilDay opened_on, absl::CivilDay deadline);
absl::StatusOr<StoredCampaign> GetCampaignForUpdate(sql::Connection& c, int64_t id);
// The campaigns of a group whose deadline is in [from, to).
std::vector<v1::EvaluationCampaign> ListCampaigns(sql::Connection& c, int64_t group_id,
                                                  absl::CivilDay from, absl::CivilDay to);
void UpsertSelfEvaluation(sql::Connection& c, int64_t campaign_id, const v1::SelfEvaluation& e);
void UpsertVote(sql::Connection& c, int64_t campaign_id, const v1::MutualEvaluation& vote);
void ReportCampaign(sql::Connection& c, int64_t id, const std::string& summary,
                    absl::CivilDay reported_on);

// ---- the back office: past records, in bulk ----------------------------------------------------

// A meeting recorded after the fact: every step at once, archived at `archived_at`, with its
// attendance. Returns it as GetMeeting would read it back (its id, the steps' author, times to
// the microsecond, attendance by member id), without reading it back.
v1::GroupMeeting InsertPastMeeting(sql::Connection& c, const v1::GroupMeeting& meeting,
                                   const std::string& group_path, const std::string& by,
                                   absl::Time archived_at);
// Rows with the org path of their group, inserted many at a time.
template <typename Row>
struct WithPath {
  Row row;
  std::string group_path;
};
void InsertDuesRows(sql::Connection& c, const std::vector<WithPath<v1::DuesEntry>>& entries);
void InsertTalkRows(sql::Connection& c, const std::vector<WithPath<v1::Talk>>& talks,
                    const std::string& recorded_by);
// The months already paid by these members ("YYYY-MM" by member id), and the years already
// reported by these groups: what an import must not record twice.
std::set<std::pair<int64_t, std::string>> PaidMonths(sql::Connection& c,
                                                     const std::vector<int64_t>& member_ids);
std::set<std::pair<int64_t, int>> ReportedYears(sql::Connection& c,
                                                const std::vector<int64_t>& group_ids);

// ---- overdue items, announced once as events ---------------------------------------------------

enum class OverdueKind { kTask, kRectification, kEvaluation };

struct OverdueItem {
  int64_t id = 0;
  int64_t group_id = 0;
  std::string group_path;
  std::string title;            // a task's title, a rectification item's measure
  std::string deadline;         // as stored: "YYYY-MM-DD" or "YYYY-MM-DD hh:mm:ss.ffffff" (UTC)
  int64_t meeting_id = 0;       // a rectification item's org-life meeting
  int64_t owner_member_id = 0;  // a rectification item's owner
};

// Up to `limit` items of `kind` past their deadline, unfinished and not yet announced, locked
// until the transaction ends. Tasks are due at an instant (before `now`); rectification items
// and campaigns on a day (before `today`).
std::vector<OverdueItem> LockOverdue(sql::Connection& c, OverdueKind kind, absl::Time now,
                                     absl::CivilDay today, int limit);
void MarkOverdueAnnounced(sql::Connection& c, OverdueKind kind, int64_t id, absl::Time at);

// ---- a period of many groups (ListFindings, GetCadreAttendance, StreamPeriod) -----------------

struct PeriodGroup {
  int64_t group_id = 0;
  int64_t leader_member_id = 0;  // 0: no leader
};

struct PeriodWindow {
  absl::Time from;  // meetings, org-life meetings, theme days, talks, tasks, opinions
  absl::Time to;
  absl::CivilDay first_day;  // evaluation deadlines in [first_day, end_day)
  absl::CivilDay end_day;
  std::string dues_from_month;  // "YYYY-MM", [from, to)
  std::string dues_to_month;
  int year = 0;  // the annual report; leader training in this year
  // The compact dues: only the months paid by then, without their times (unset: all, timed).
  std::optional<absl::Time> dues_paid_by;
};

// Everything the groups recorded in the window but their dues, one entry per group in the order
// given, in a fixed number of queries per call (the caller bounds the number of groups per
// call). Leader training is read by the leader's member id, wherever it was recorded.
// `compact`: a meeting's members present by id (present_member_ids), its absences in attendance.
std::vector<v1::GroupPeriodRecords> LoadPeriodRecords(sql::Connection& c,
                                                      const std::vector<PeriodGroup>& groups,
                                                      const PeriodWindow& window, bool compact);
// The groups' dues of the window's months (and the twelve before), by position in `groups`:
// apart, so that they can be read on a second connection while the rest is read on the first.
std::vector<std::vector<v1::DuesEntry>> LoadPeriodDues(sql::Connection& c,
                                                       const std::vector<PeriodGroup>& groups,
                                                       const PeriodWindow& window);
// The same dues in the compact form: the months each member paid, a member after another in the
// order of their first month.
std::vector<std::vector<v1::MemberDuesPaid>> LoadPeriodDuesPaid(
    sql::Connection& c, const std::vector<PeriodGroup>& groups, const PeriodWindow& window);

}  // namespace partygroup::activity::store
