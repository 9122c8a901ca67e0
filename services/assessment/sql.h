// Every SQL statement of the assessment service, as named constants. Always prepared.
#pragma once

namespace partygroup::assessment::sql_text {

inline constexpr char kInsertRubric[] =
    "INSERT INTO rubric (version, subject_kind, rubric_pb, created_at, created_by) "
    "VALUES (?, ?, ?, ?, ?)";
inline constexpr char kSelectRubric[] = "SELECT rubric_pb FROM rubric WHERE version = ?";
inline constexpr char kSelectRubrics[] =
    "SELECT rubric_pb FROM rubric WHERE subject_kind = ? OR ? = '' ORDER BY created_at, version";

inline constexpr char kCycleColumns[] =
    "id, name, cycle_year, node_id, node_name, node_path, group_rubric_version, "
    "branch_rubric_version, unit_rubric_version, status, revision, published_revision, "
    "opened_at, IFNULL(computed_at, ''), IFNULL(published_at, ''), policy_version, "
    "computed_policy_version, general_branch_rubric_version";
inline constexpr char kInsertCycle[] =
    "INSERT INTO cycle (name, cycle_year, node_id, node_name, node_path, group_rubric_version, "
    "branch_rubric_version, unit_rubric_version, status, opened_at, opened_by, policy_version, "
    "general_branch_rubric_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', ?, ?, ?, ?)";
inline constexpr char kSelectCycle[] = "SELECT %s FROM cycle WHERE id = ?";
inline constexpr char kSelectCycleForUpdate[] = "SELECT %s FROM cycle WHERE id = ? FOR UPDATE";
inline constexpr char kSelectCycles[] =
    "SELECT %s FROM cycle WHERE cycle_year = ? OR ? = 0 ORDER BY cycle_year DESC, id";
inline constexpr char kCountResults[] =
    "SELECT COUNT(*), COALESCE(SUM(CASE WHEN complete THEN 0 ELSE 1 END), 0) FROM cycle_result "
    "WHERE cycle_id = ? AND revision = ?";
inline constexpr char kSetCycleComputed[] =
    "UPDATE cycle SET status = 'COMPUTED', revision = ?, computed_at = ?, "
    "computed_policy_version = ? WHERE id = ?";
inline constexpr char kSetCyclePublished[] =
    "UPDATE cycle SET status = 'PUBLISHED', published_revision = ?, published_at = ? WHERE id = ?";

inline constexpr char kUpsertVotes[] =
    "REPLACE INTO review_votes (cycle_id, subject_id, part, good, fairly_good, average, poor, "
    "recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
inline constexpr char kSelectVotes[] =
    "SELECT subject_id, part, good, fairly_good, average, poor FROM review_votes "
    "WHERE cycle_id = ? AND (subject_id = ? OR ? = 0) ORDER BY subject_id, part";

inline constexpr char kDeleteResults[] =
    "DELETE FROM cycle_result WHERE cycle_id = ? AND revision = ?";
// Multi-row: the store appends one kResultRow per result.
inline constexpr char kInsertResults[] =
    "INSERT INTO cycle_result (cycle_id, revision, subject_kind, subject_id, unit_id, branch_id, "
    "path, complete, score_centi, grade, result_pb, input_json) VALUES ";
inline constexpr char kResultRow[] = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
inline constexpr char kSelectResultForUpdate[] =
    "SELECT result_pb, input_json FROM cycle_result WHERE cycle_id = ? AND revision = ? AND "
    "subject_kind = ? AND subject_id = ? FOR UPDATE";
inline constexpr char kUpdateResult[] =
    "UPDATE cycle_result SET complete = ?, score_centi = ?, grade = ?, result_pb = ? "
    "WHERE cycle_id = ? AND revision = ? AND subject_kind = ? AND subject_id = ?";
inline constexpr char kSelectIncomplete[] =
    "SELECT result_pb FROM cycle_result WHERE cycle_id = ? AND revision = ? AND NOT complete "
    "ORDER BY subject_kind, subject_id LIMIT ?";

// Ranks among the complete results of the same kind (equal scores share a rank); the filters
// (%s: " AND ..." pieces of the store, all with parameters) apply after ranking.
inline constexpr char kQueryResults[] =
    "SELECT result_pb, rnk, peers FROM ("
    "SELECT subject_kind, subject_id, unit_id, branch_id, path, grade, complete, score_centi, "
    "result_pb, CASE WHEN complete THEN RANK() OVER (PARTITION BY subject_kind, complete "
    "ORDER BY score_centi DESC) ELSE 0 END AS rnk, "
    "COUNT(*) OVER (PARTITION BY subject_kind) AS peers "
    "FROM cycle_result WHERE cycle_id = ? AND revision = ?) ranked WHERE 1 = 1%s "
    "ORDER BY complete DESC, score_centi %s, subject_kind, subject_id LIMIT ? OFFSET ?";
inline constexpr char kCountQueryResults[] =
    "SELECT COUNT(*) FROM cycle_result WHERE cycle_id = ? AND revision = ?%s";

}  // namespace partygroup::assessment::sql_text
