-- A held meeting's attendance also packed into its row, written in the same statement as the
-- meeting: the assessment's compact stream (StreamPeriodRequest.compact) reads a city's year of
-- meetings without reading a row per member (a million rows for 10,000 groups).
--   present_ids    the members present, "3,17,42" in id order
--   absences_json  the members absent with their reasons, [[7,"因公出差"],...] in id order
-- The rows of meeting_attendance stay what every other reader reads.
ALTER TABLE group_meeting ADD COLUMN present_ids MEDIUMTEXT NULL,
  ADD COLUMN absences_json MEDIUMTEXT NULL;
-- The meetings held before: the same, from their attendance rows (can run again).
SET SESSION group_concat_max_len = 16777216;
UPDATE group_meeting m SET
  present_ids = (SELECT GROUP_CONCAT(a.member_id ORDER BY a.member_id SEPARATOR ',')
                 FROM meeting_attendance a WHERE a.meeting_id = m.id AND a.present = 1),
  absences_json = (SELECT JSON_ARRAYAGG(JSON_ARRAY(a.member_id, a.absence_reason))
                   FROM meeting_attendance a WHERE a.meeting_id = m.id AND a.present = 0)
  WHERE EXISTS (SELECT 1 FROM meeting_attendance a WHERE a.meeting_id = m.id);
