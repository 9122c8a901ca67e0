-- 中组发〔2008〕3号: a month paid less (少交, REDUCED) or nothing (免交, WAIVED) by the superior
-- committee's approval, and whether a month was paid after it had ended (paid_late, judged in
-- Asia/Shanghai when recorded; the rows before are judged here at UTC+8, Loudi's offset).
ALTER TABLE dues_payment ADD COLUMN IF NOT EXISTS exemption VARCHAR(8) NOT NULL DEFAULT 'NONE',
  ADD COLUMN IF NOT EXISTS exemption_ref VARCHAR(200) NOT NULL DEFAULT '',
  ADD COLUMN IF NOT EXISTS paid_late BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE dues_payment SET paid_late = paid_at >=
  DATE_SUB(DATE_ADD(STR_TO_DATE(CONCAT(dues_month, '-01'), '%Y-%m-%d'), INTERVAL 1 MONTH),
           INTERVAL 8 HOUR);
-- The packed years (0109) mark such months: "202503:1741000000000000:L" paid late,
-- "202503:1741000000000000:W" waived. Rebuilt from the rows (can run again).
SET SESSION group_concat_max_len = 16777216;
DELETE FROM dues_year;
INSERT INTO dues_year (group_id, member_id, dues_year, paid)
  SELECT group_id, member_id, CAST(LEFT(dues_month, 4) AS SIGNED),
         GROUP_CONCAT(CONCAT(REPLACE(dues_month, '-', ''), ':',
                             TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', paid_at),
                             IF(exemption = 'WAIVED', ':W', IF(paid_late, ':L', '')))
                      ORDER BY dues_month SEPARATOR ',')
  FROM dues_payment GROUP BY group_id, member_id, LEFT(dues_month, 4);
