-- A member's dues of a year in one row, written in the same statement batch as the payments:
-- the assessment's compact stream (StreamPeriodRequest.compact) reads a city's two years of dues
-- as a row per member and year instead of a row per member and month (2.3 million rows for
-- 100,000 members). `paid`: the months paid and when, "202503:1741000000000000,..." (the month
-- as yyyymm, the payment time in microseconds since the epoch), in the order paid. Kept by the
-- group the payments were recorded in, as dues_payment is. dues_payment stays what every other
-- reader reads.
CREATE TABLE IF NOT EXISTS dues_year (
  group_id BIGINT NOT NULL,
  member_id BIGINT NOT NULL,
  dues_year INT NOT NULL,
  paid MEDIUMTEXT NOT NULL,
  PRIMARY KEY (group_id, member_id, dues_year)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
-- The dues paid before: the same, from their rows (can run again).
SET SESSION group_concat_max_len = 16777216;
DELETE FROM dues_year;
INSERT INTO dues_year (group_id, member_id, dues_year, paid)
  SELECT group_id, member_id, CAST(LEFT(dues_month, 4) AS SIGNED),
         GROUP_CONCAT(CONCAT(REPLACE(dues_month, '-', ''), ':',
                             TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', paid_at))
                      ORDER BY dues_month SEPARATOR ',')
  FROM dues_payment GROUP BY group_id, member_id, LEFT(dues_month, 4);
