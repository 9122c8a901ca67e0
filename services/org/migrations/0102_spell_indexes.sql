-- The spells of a period are read by the groups and branches of the period's tree: by group,
-- and by branch for the spells in no group.
ALTER TABLE member_spell DROP INDEX IF EXISTS member_spell_branch,
  ADD INDEX member_spell_branch (branch_id, group_id),
  ADD INDEX IF NOT EXISTS member_spell_group (group_id);
