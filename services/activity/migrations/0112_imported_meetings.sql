-- The back office: a meeting recorded afterwards from the paper record (ImportGroupMeeting,
-- ImportRecords) is marked so, in the record and in the assessment's evidence. Meetings
-- imported before this column existed cannot be told apart and stay unmarked.
ALTER TABLE group_meeting ADD COLUMN IF NOT EXISTS imported BOOLEAN NOT NULL DEFAULT FALSE;
