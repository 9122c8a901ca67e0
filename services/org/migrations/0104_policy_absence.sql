-- 本委政策: the months in a row a member may miss every group meeting without a reason
-- (MEMBER_LONG_ABSENT, 第四条（三）); the versions before it read the default, the
-- Constitution's six (党章第九条).
ALTER TABLE policy_version ADD COLUMN IF NOT EXISTS member_absent_months INT NOT NULL DEFAULT 6;
