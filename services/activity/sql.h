// Every SQL statement of the activity service, as named constants. Always prepared.
#pragma once

namespace partygroup::activity::sql_text {

inline constexpr char kMeetingColumns[] =
    "id, group_id, branch_id, group_path, status, topics_json, IFNULL(planned_at, ''), "
    "requested_at, requested_by, IFNULL(reviewed_at, ''), reviewed_by, rejection_reason, "
    "IFNULL(notified_at, ''), IFNULL(notified_json, '[]'), IFNULL(held_at, ''), "
    "IFNULL(chair_member_id, 0), IFNULL(minutes, ''), IFNULL(archived_at, ''), imported";
inline constexpr char kSelectMeeting[] = "SELECT %s FROM group_meeting WHERE id = ?";
inline constexpr char kSelectMeetingForUpdate[] =
    "SELECT %s FROM group_meeting WHERE id = ? FOR UPDATE";
inline constexpr char kSelectGroupMeetings[] =
    "SELECT %s FROM group_meeting WHERE group_id = ? AND "
    "IFNULL(held_at, IFNULL(planned_at, requested_at)) >= ? AND "
    "IFNULL(held_at, IFNULL(planned_at, requested_at)) < ? ORDER BY id";
inline constexpr char kInsertMeeting[] =
    "INSERT INTO group_meeting (group_id, branch_id, group_path, status, topics_json, planned_at, "
    "requested_at, requested_by) VALUES (?, ?, ?, 'REQUESTED', ?, ?, ?, ?)";
inline constexpr char kReviewMeeting[] =
    "UPDATE group_meeting SET status = ?, reviewed_at = ?, reviewed_by = ?, rejection_reason = ? "
    "WHERE id = ?";
inline constexpr char kNotifyMeeting[] =
    "UPDATE group_meeting SET status = 'NOTIFIED', notified_at = ?, notified_json = ? WHERE id = ?";
inline constexpr char kHoldMeeting[] =
    "UPDATE group_meeting SET status = 'HELD', held_at = ?, chair_member_id = ?, minutes = ?, "
    "present_ids = ?, absences_json = ? WHERE id = ?";
inline constexpr char kArchiveMeeting[] =
    "UPDATE group_meeting SET status = 'ARCHIVED', archived_at = ? WHERE id = ?";
inline constexpr char kInsertAttendance[] =
    "INSERT INTO meeting_attendance (meeting_id, member_id, present, absence_reason) "
    "VALUES (?, ?, ?, ?)";
inline constexpr char kSelectAttendance[] =
    "SELECT member_id, present, absence_reason FROM meeting_attendance WHERE meeting_id = ? "
    "ORDER BY member_id";
inline constexpr char kInsertAmendment[] =
    "INSERT INTO meeting_amendment (meeting_id, at, author, text) VALUES (?, ?, ?, ?)";
inline constexpr char kSelectAmendments[] =
    "SELECT at, author, text FROM meeting_amendment WHERE meeting_id = ? ORDER BY id";
// Talks, dues, annual reports, training.
inline constexpr char kInsertTalk[] =
    "INSERT INTO talk (group_id, group_path, first_member_id, second_member_id, held_at, topic, "
    "note, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
inline constexpr char kSelectTalks[] =
    "SELECT id, group_id, first_member_id, second_member_id, held_at, topic, IFNULL(note, '') "
    "FROM talk WHERE group_id = ? AND held_at >= ? AND held_at < ? ORDER BY held_at, id";
inline constexpr char kInsertDues[] =
    "INSERT INTO dues_payment (group_id, group_path, member_id, dues_month, category, "
    "base_pay_fen, amount_fen, paid_at, collector, exemption, exemption_ref, paid_late) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
inline constexpr char kSelectDues[] =
    "SELECT id, group_id, member_id, dues_month, category, base_pay_fen, amount_fen, paid_at, "
    "collector, exemption, exemption_ref, paid_late FROM dues_payment "
    "WHERE group_id = ? AND dues_month >= ? AND dues_month < ? "
    "ORDER BY group_id, dues_month, id";  // the primary key's order: no sort
inline constexpr char kInsertAnnualReport[] =
    "INSERT INTO annual_report (group_id, group_path, report_year, text, submitted_at, "
    "submitted_by) VALUES (?, ?, ?, ?, ?, ?)";
inline constexpr char kAnnualReportColumns[] =
    "id, group_id, report_year, text, submitted_at, submitted_by, IFNULL(acknowledged_at, ''), "
    "acknowledged_by, group_path";
inline constexpr char kSelectAnnualReportForUpdate[] =
    "SELECT %s FROM annual_report WHERE id = ? FOR UPDATE";
inline constexpr char kAcknowledgeAnnualReport[] =
    "UPDATE annual_report SET acknowledged_at = ?, acknowledged_by = ? WHERE id = ?";
inline constexpr char kInsertTraining[] =
    "INSERT INTO leader_training (member_id, group_id, group_path, trained_on, title) "
    "VALUES (?, ?, ?, ?, ?)";

// Theme days.
inline constexpr char kThemeDayColumns[] =
    "id, group_id, kind, title, status, IFNULL(planned_at, ''), requested_at, "
    "IFNULL(consent_at, ''), reviewed_by, rejection_reason, IFNULL(held_at, ''), "
    "IFNULL(attendance_json, '[]'), group_path";
inline constexpr char kInsertThemeDay[] =
    "INSERT INTO theme_day (group_id, group_path, kind, title, status, planned_at, requested_at) "
    "VALUES (?, ?, ?, ?, 'REQUESTED', ?, ?)";
inline constexpr char kSelectThemeDayForUpdate[] =
    "SELECT %s FROM theme_day WHERE id = ? FOR UPDATE";
inline constexpr char kSelectThemeDays[] =
    "SELECT %s FROM theme_day WHERE group_id = ? ORDER BY id";
inline constexpr char kReviewThemeDay[] =
    "UPDATE theme_day SET status = ?, consent_at = ?, reviewed_by = ?, rejection_reason = ? "
    "WHERE id = ?";
inline constexpr char kHoldThemeDay[] =
    "UPDATE theme_day SET status = 'HELD', held_at = ?, attendance_json = ? WHERE id = ?";

// Tasks and opinions.
inline constexpr char kTaskColumns[] =
    "id, group_id, title, description, due_at, assigned_at, assigned_by, IFNULL(checked_at, ''), "
    "check_note, group_path";
inline constexpr char kInsertTask[] =
    "INSERT INTO task (group_id, group_path, title, description, due_at, assigned_at, "
    "assigned_by) VALUES (?, ?, ?, ?, ?, ?, ?)";
inline constexpr char kInsertAssignee[] =
    "INSERT INTO task_assignee (task_id, member_id) VALUES (?, ?)";
inline constexpr char kSelectTaskForUpdate[] = "SELECT %s FROM task WHERE id = ? FOR UPDATE";
inline constexpr char kSelectTasks[] = "SELECT %s FROM task WHERE group_id = ? ORDER BY id";
inline constexpr char kSelectAssignees[] =
    "SELECT member_id, IFNULL(report, ''), IFNULL(reported_at, '') FROM task_assignee "
    "WHERE task_id = ? ORDER BY member_id";
inline constexpr char kReportTask[] =
    "UPDATE task_assignee SET report = ?, reported_at = ? WHERE task_id = ? AND member_id = ?";
inline constexpr char kCheckTask[] = "UPDATE task SET checked_at = ?, check_note = ? WHERE id = ?";
inline constexpr char kOpinionColumns[] =
    "id, group_id, source, content, received_at, IFNULL(reported_at, ''), IFNULL(outcome, ''), "
    "IFNULL(resolved_at, ''), group_path";
inline constexpr char kInsertOpinion[] =
    "INSERT INTO opinion (group_id, group_path, source, content, received_at, recorded_by) "
    "VALUES (?, ?, ?, ?, ?, ?)";
inline constexpr char kSelectOpinionForUpdate[] = "SELECT %s FROM opinion WHERE id = ? FOR UPDATE";
inline constexpr char kSelectOpinions[] = "SELECT %s FROM opinion WHERE group_id = ? ORDER BY id";
inline constexpr char kReportOpinion[] = "UPDATE opinion SET reported_at = ? WHERE id = ?";
inline constexpr char kResolveOpinion[] =
    "UPDATE opinion SET outcome = ?, resolved_at = ? WHERE id = ?";

// Org-life meetings.
inline constexpr char kOrgLifeColumns[] =
    "id, group_id, theme, study_sessions, talks, opinions_gathered, IFNULL(held_at, ''), "
    "IFNULL(present_json, '[]'), IFNULL(problems_json, '[]'), IFNULL(criticism_json, '[]'), "
    "IFNULL(reported_at, ''), group_path";
inline constexpr char kInsertOrgLife[] =
    "INSERT INTO org_life_meeting (group_id, group_path, theme) VALUES (?, ?, ?)";
inline constexpr char kSelectOrgLifeForUpdate[] =
    "SELECT %s FROM org_life_meeting WHERE id = ? FOR UPDATE";
inline constexpr char kSelectOrgLifes[] =
    "SELECT %s FROM org_life_meeting WHERE group_id = ? ORDER BY id";
inline constexpr char kAddPreparation[] =
    "UPDATE org_life_meeting SET study_sessions = study_sessions + ?, talks = talks + ?, "
    "opinions_gathered = opinions_gathered + ? WHERE id = ?";
inline constexpr char kHoldOrgLife[] =
    "UPDATE org_life_meeting SET held_at = ?, present_json = ?, problems_json = ?, "
    "criticism_json = ? WHERE id = ?";
inline constexpr char kReportOrgLife[] = "UPDATE org_life_meeting SET reported_at = ? WHERE id = ?";
inline constexpr char kInsertRectification[] =
    "INSERT INTO rectification_item (meeting_id, measure, owner_member_id, deadline) "
    "VALUES (?, ?, ?, ?)";
inline constexpr char kSelectRectifications[] =
    "SELECT id, measure, owner_member_id, deadline, done FROM rectification_item "
    "WHERE meeting_id = ? ORDER BY id";
inline constexpr char kCompleteRectification[] =
    "UPDATE rectification_item SET done = TRUE WHERE id = ? AND meeting_id = ?";

// Evaluation campaigns.
inline constexpr char kInsertCampaign[] =
    "INSERT INTO evaluation_campaign (group_id, group_path, opened_on, deadline) "
    "VALUES (?, ?, ?, ?)";
inline constexpr char kSelectCampaignForUpdate[] =
    "SELECT id, group_id, opened_on, deadline, IFNULL(summary, ''), IFNULL(reported_on, ''), "
    "group_path FROM evaluation_campaign WHERE id = ? FOR UPDATE";
inline constexpr char kSelectSelfEvaluations[] =
    "SELECT member_id, self_evaluation, party_spirit_analysis FROM evaluation_self "
    "WHERE campaign_id = ? ORDER BY member_id";
inline constexpr char kSelectVotes[] =
    "SELECT voter_member_id, target_member_id, rating FROM evaluation_vote "
    "WHERE campaign_id = ? ORDER BY voter_member_id, target_member_id";
inline constexpr char kUpsertSelfEvaluation[] =
    "REPLACE INTO evaluation_self (campaign_id, member_id, self_evaluation, "
    "party_spirit_analysis) VALUES (?, ?, ?, ?)";
inline constexpr char kUpsertVote[] =
    "REPLACE INTO evaluation_vote (campaign_id, voter_member_id, target_member_id, rating) "
    "VALUES (?, ?, ?, ?)";
inline constexpr char kReportCampaign[] =
    "UPDATE evaluation_campaign SET summary = ?, reported_on = ? WHERE id = ?";

// A period of many groups: the second %s is a list of group (or member) ids, written by the
// store from integers. The window's bounds are parameters.
// A meeting's day is when it was held, else planned, else requested. Written so that the index on
// (group_id, held_at) finds a period's held meetings without reading the group's other years:
// the window's bounds twice.
#define PARTYGROUP_MEETING_IN_WINDOW                            \
  "(m.held_at >= ? AND m.held_at < ? OR m.held_at IS NULL AND " \
  "IFNULL(m.planned_at, m.requested_at) >= ? AND IFNULL(m.planned_at, m.requested_at) < ?)"
// A meeting in the compact form (StreamPeriodRequest.compact): only what the rules read, with
// the attendance as packed into its row (migration 0108). Read by ReadCompactMeeting.
inline constexpr char kMeetingCompactColumns[] =
    "id, group_id, status, topics_json, requested_at, IFNULL(reviewed_at, ''), "
    "IFNULL(notified_at, ''), IFNULL(notified_json, '[]'), IFNULL(held_at, ''), "
    "IFNULL(chair_member_id, 0), IFNULL(minutes, ''), IFNULL(present_ids, ''), "
    "IFNULL(absences_json, '[]'), imported";
// Unordered: the server would sort by row id and read every meeting a second time (its text
// columns keep it from sorting the rows themselves); LoadPeriodRecords orders each group's.
inline constexpr char kPeriodMeetings[] =
    "SELECT %s FROM group_meeting m WHERE m.group_id IN (%s) AND " PARTYGROUP_MEETING_IN_WINDOW;
// Unordered: sorting a city's attendance in the server costs more than the join itself;
// LoadPeriodRecords orders each meeting's members.
inline constexpr char kPeriodAttendance[] =
    "SELECT a.meeting_id, a.member_id, a.present, a.absence_reason FROM meeting_attendance a "
    "JOIN group_meeting m ON m.id = a.meeting_id WHERE m.group_id IN (%s) "
    "AND " PARTYGROUP_MEETING_IN_WINDOW;
inline constexpr char kPeriodAmendments[] =
    "SELECT a.meeting_id, a.at, a.author, a.text FROM meeting_amendment a "
    "JOIN group_meeting m ON m.id = a.meeting_id WHERE m.group_id IN (%s) "
    "AND " PARTYGROUP_MEETING_IN_WINDOW " ORDER BY a.meeting_id, a.id";
inline constexpr char kPeriodThemeDays[] =
    "SELECT %s FROM theme_day m WHERE m.group_id IN (%s) AND " PARTYGROUP_MEETING_IN_WINDOW
    " ORDER BY m.group_id, m.id";
#undef PARTYGROUP_MEETING_IN_WINDOW
// %s: kTalkColumns, or kTalkCompactColumns (the compact form: no topic, no note).
inline constexpr char kPeriodTalks[] =
    "SELECT %s FROM talk WHERE group_id IN (%s) AND held_at >= ? AND held_at < ? "
    "ORDER BY held_at, id";
inline constexpr char kTalkColumns[] =
    "id, group_id, first_member_id, second_member_id, held_at, topic, IFNULL(note, '')";
inline constexpr char kTalkCompactColumns[] =
    "id, group_id, first_member_id, second_member_id, held_at";
inline constexpr char kPeriodDues[] =
    "SELECT id, group_id, member_id, dues_month, category, base_pay_fen, amount_fen, paid_at, "
    "collector, exemption, exemption_ref, paid_late FROM dues_payment "
    "WHERE group_id IN (%s) AND dues_month >= ? AND dues_month < ? "
    "ORDER BY group_id, dues_month, id";  // the primary key's order: no sort
// The compact form (StreamPeriodRequest.compact): a member's years of dues, a row each.
inline constexpr char kPeriodDuesYears[] =
    "SELECT group_id, member_id, paid FROM dues_year WHERE group_id IN (%s) "
    "AND dues_year >= ? AND dues_year <= ? "
    "ORDER BY group_id, member_id, dues_year";  // the primary key's order: no sort
inline constexpr char kPeriodAnnualReports[] =
    "SELECT %s FROM annual_report WHERE group_id IN (%s) AND report_year = ? ORDER BY id";
inline constexpr char kPeriodTrainings[] =
    "SELECT id, member_id, group_id, trained_on, title FROM leader_training "
    "WHERE member_id IN (%s) AND trained_on >= ? AND trained_on < ? ORDER BY trained_on, id";
inline constexpr char kPeriodTasks[] =
    "SELECT %s FROM task WHERE group_id IN (%s) AND due_at >= ? AND due_at < ? ORDER BY id";
inline constexpr char kPeriodAssignees[] =
    "SELECT a.task_id, a.member_id, IFNULL(a.report, ''), IFNULL(a.reported_at, '') "
    "FROM task_assignee a JOIN task t ON t.id = a.task_id WHERE t.group_id IN (%s) AND "
    "t.due_at >= ? AND t.due_at < ? ORDER BY a.task_id, a.member_id";
inline constexpr char kPeriodOpinions[] =
    "SELECT %s FROM opinion WHERE group_id IN (%s) AND received_at >= ? AND received_at < ? "
    "ORDER BY id";
inline constexpr char kPeriodOrgLifes[] =
    "SELECT %s FROM org_life_meeting WHERE group_id IN (%s) AND held_at >= ? AND held_at < ? "
    "ORDER BY id";
inline constexpr char kPeriodRectifications[] =
    "SELECT r.meeting_id, r.id, r.measure, r.owner_member_id, r.deadline, r.done "
    "FROM rectification_item r JOIN org_life_meeting m ON m.id = r.meeting_id "
    "WHERE m.group_id IN (%s) AND m.held_at >= ? AND m.held_at < ? ORDER BY r.meeting_id, r.id";
inline constexpr char kPeriodCampaigns[] =
    "SELECT id, group_id, opened_on, deadline, IFNULL(summary, ''), IFNULL(reported_on, ''), "
    "group_path FROM evaluation_campaign WHERE group_id IN (%s) AND deadline >= ? AND "
    "deadline < ? ORDER BY id";
inline constexpr char kPeriodSelfEvaluations[] =
    "SELECT s.campaign_id, s.member_id, s.self_evaluation, s.party_spirit_analysis "
    "FROM evaluation_self s JOIN evaluation_campaign e ON e.id = s.campaign_id "
    "WHERE e.group_id IN (%s) AND e.deadline >= ? AND e.deadline < ? "
    "ORDER BY s.campaign_id, s.member_id";
inline constexpr char kPeriodVotes[] =
    "SELECT v.campaign_id, v.voter_member_id, v.target_member_id, v.rating "
    "FROM evaluation_vote v JOIN evaluation_campaign e ON e.id = v.campaign_id "
    "WHERE e.group_id IN (%s) AND e.deadline >= ? AND e.deadline < ? "
    "ORDER BY v.campaign_id, v.voter_member_id, v.target_member_id";

// Overdue and not announced yet, locked until the announcement commits (a second sweep waits,
// then finds it announced).
inline constexpr char kLockOverdueTasks[] =
    "SELECT t.id, t.group_id, t.group_path, t.title, t.due_at, 0, 0 FROM task t "
    "LEFT JOIN overdue_announcement a ON a.item_kind = 'task' AND a.item_id = t.id "
    "WHERE a.item_id IS NULL AND t.checked_at IS NULL AND t.due_at < ? ORDER BY t.id LIMIT ? "
    "FOR UPDATE";
inline constexpr char kLockOverdueRectifications[] =
    "SELECT r.id, m.group_id, m.group_path, r.measure, r.deadline, r.meeting_id, "
    "r.owner_member_id FROM rectification_item r JOIN org_life_meeting m ON m.id = r.meeting_id "
    "LEFT JOIN overdue_announcement a ON a.item_kind = 'rectification_item' AND a.item_id = r.id "
    "WHERE a.item_id IS NULL AND r.done = FALSE AND r.deadline < ? ORDER BY r.id LIMIT ? "
    "FOR UPDATE";
inline constexpr char kLockOverdueCampaigns[] =
    "SELECT e.id, e.group_id, e.group_path, '', e.deadline, 0, 0 FROM evaluation_campaign e "
    "LEFT JOIN overdue_announcement a ON a.item_kind = 'evaluation_campaign' AND a.item_id = e.id "
    "WHERE a.item_id IS NULL AND e.reported_on IS NULL AND e.deadline < ? ORDER BY e.id LIMIT ? "
    "FOR UPDATE";
inline constexpr char kInsertOverdueAnnouncement[] =
    "INSERT INTO overdue_announcement (item_kind, item_id, announced_at) VALUES (?, ?, ?)";

// The back office: a past meeting in one statement, and rows many at a time (the store appends
// the row placeholders).
inline constexpr char kInsertPastMeeting[] =
    "INSERT INTO group_meeting (group_id, branch_id, group_path, status, topics_json, "
    "requested_at, requested_by, reviewed_at, reviewed_by, rejection_reason, notified_at, "
    "notified_json, held_at, chair_member_id, minutes, archived_at, present_ids, absences_json, "
    "imported) VALUES (?, ?, ?, 'ARCHIVED', ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, TRUE)";
inline constexpr char kInsertAttendanceRows[] =
    "INSERT INTO meeting_attendance (meeting_id, member_id, present, absence_reason) VALUES ";
inline constexpr char kAttendanceRow[] = "(?, ?, ?, ?)";
inline constexpr char kInsertDuesRows[] =
    "INSERT INTO dues_payment (group_id, group_path, member_id, dues_month, category, "
    "base_pay_fen, amount_fen, paid_at, collector, exemption, exemption_ref, paid_late) VALUES ";
inline constexpr char kDuesRow[] = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
// A member's dues of a year in one row (migration 0109), written with every payment.
// VALUES(paid) is the row's new text: MySQL 8 warns that it is deprecated, but it is what MySQL,
// MariaDB and TiDB all accept for a multi-row upsert.
inline constexpr char kUpsertDuesYears[] =
    "INSERT INTO dues_year (group_id, member_id, dues_year, paid) VALUES ";
inline constexpr char kDuesYearRow[] = "(?, ?, ?, ?)";
inline constexpr char kDuesYearUpdate[] =
    " ON DUPLICATE KEY UPDATE paid = CONCAT(paid, ',', VALUES(paid))";
inline constexpr char kInsertTalkRows[] =
    "INSERT INTO talk (group_id, group_path, first_member_id, second_member_id, held_at, topic, "
    "note, recorded_by) VALUES ";
inline constexpr char kTalkRow[] = "(?, ?, ?, ?, ?, ?, ?, ?)";
// %s: a list of member (group) ids written by the store from integers.
inline constexpr char kSelectPaidMonths[] =
    "SELECT member_id, dues_month FROM dues_payment WHERE member_id IN (%s)";
inline constexpr char kSelectReportedYears[] =
    "SELECT group_id, report_year FROM annual_report WHERE group_id IN (%s)";

// Following org's tree (moved_groups_store.h): the cursor, and a moved subtree's paths.
inline constexpr char kLockOrgCursor[] =
    "SELECT after_sequence FROM org_event_cursor WHERE id = 1 FOR UPDATE";
inline constexpr char kReadOrgCursor[] = "SELECT after_sequence FROM org_event_cursor WHERE id = 1";
inline constexpr char kAdvanceOrgCursor[] =
    "UPDATE org_event_cursor SET after_sequence = GREATEST(after_sequence, ?) WHERE id = 1";
// Every table whose rows carry their group's path, and the event log's scope: (new path, the
// position after the old path, old path%).
inline constexpr const char* kMovePathStatements[] = {
    "UPDATE group_meeting SET group_path = CONCAT(?, SUBSTRING(group_path, ?)) "
    "WHERE group_path LIKE ?",
    "UPDATE talk SET group_path = CONCAT(?, SUBSTRING(group_path, ?)) WHERE group_path LIKE ?",
    "UPDATE dues_payment SET group_path = CONCAT(?, SUBSTRING(group_path, ?)) "
    "WHERE group_path LIKE ?",
    "UPDATE annual_report SET group_path = CONCAT(?, SUBSTRING(group_path, ?)) "
    "WHERE group_path LIKE ?",
    "UPDATE leader_training SET group_path = CONCAT(?, SUBSTRING(group_path, ?)) "
    "WHERE group_path LIKE ?",
    "UPDATE theme_day SET group_path = CONCAT(?, SUBSTRING(group_path, ?)) "
    "WHERE group_path LIKE ?",
    "UPDATE task SET group_path = CONCAT(?, SUBSTRING(group_path, ?)) WHERE group_path LIKE ?",
    "UPDATE opinion SET group_path = CONCAT(?, SUBSTRING(group_path, ?)) WHERE group_path LIKE ?",
    "UPDATE org_life_meeting SET group_path = CONCAT(?, SUBSTRING(group_path, ?)) "
    "WHERE group_path LIKE ?",
    "UPDATE evaluation_campaign SET group_path = CONCAT(?, SUBSTRING(group_path, ?)) "
    "WHERE group_path LIKE ?",
    "UPDATE event_log SET scope_path = CONCAT(?, SUBSTRING(scope_path, ?)) "
    "WHERE scope_path LIKE ?",
};

}  // namespace partygroup::activity::sql_text
