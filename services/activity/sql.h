// Every SQL statement of the activity service, as named constants. Always prepared.
#pragma once

namespace partygroup::activity::sql_text {

inline constexpr char kMeetingColumns[] =
    "id, group_id, branch_id, group_path, status, topics_json, IFNULL(planned_at, ''), "
    "requested_at, requested_by, IFNULL(reviewed_at, ''), reviewed_by, rejection_reason, "
    "IFNULL(notified_at, ''), IFNULL(notified_json, '[]'), IFNULL(held_at, ''), "
    "IFNULL(chair_member_id, 0), IFNULL(minutes, ''), IFNULL(archived_at, '')";
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
    "UPDATE group_meeting SET status = 'HELD', held_at = ?, chair_member_id = ?, minutes = ? "
    "WHERE id = ?";
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
inline constexpr char kLastInsertId[] = "SELECT LAST_INSERT_ID()";

}  // namespace partygroup::activity::sql_text
