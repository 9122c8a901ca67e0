-- 第十四条 所属党组织书记: general branches (党总支) are assessed as subjects of their own, under
-- the rubric version a cycle pins. Cycles opened before keep theirs and take the first default.
ALTER TABLE cycle ADD COLUMN IF NOT EXISTS general_branch_rubric_version VARCHAR(100) NOT NULL
  DEFAULT 'loudi-2023-8/general_branch/v1';
