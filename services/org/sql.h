// Every SQL statement of the org service, as named constants. Always prepared.
#pragma once

namespace partygroup::org::sql_text {

// Nodes. The columns name their table, so that a node can be read joined with others.
inline constexpr char kNodeColumns[] =
    "org_node.id, org_node.kind, IFNULL(org_node.parent_id, 0), org_node.name, org_node.code, "
    "IFNULL(org_node.external_id, ''), org_node.status, org_node.path, "
    "IFNULL(org_node.created_on, ''), UNIX_TIMESTAMP(org_node.created_at) * 1000000, "
    "IFNULL(UNIX_TIMESTAMP(org_node.dissolved_at) * 1000000, 0), "
    "IFNULL(org_node.dissolved_on, '')";
inline constexpr char kSelectNode[] = "SELECT %s FROM org_node WHERE id = ?";
inline constexpr char kSelectNodeForUpdate[] = "SELECT %s FROM org_node WHERE id = ? FOR UPDATE";
inline constexpr char kSelectChildren[] =
    "SELECT %s FROM org_node WHERE parent_id = ? AND id > ? AND (status = 'ACTIVE' OR ?) "
    "ORDER BY id LIMIT ?";
inline constexpr char kSelectNodesUnder[] =
    "SELECT %s FROM org_node WHERE path LIKE ? AND kind = ? AND status = 'ACTIVE' ORDER BY id";
// Parents before children: a parent's path is a strict prefix of its children's.
inline constexpr char kSelectTreeUnder[] =
    "SELECT %s FROM org_node WHERE path LIKE ? AND (status = 'ACTIVE' OR ?) "
    "ORDER BY LENGTH(path), id";
inline constexpr char kInsertNode[] =
    "INSERT INTO org_node (kind, parent_id, name, code, external_id, created_on) "
    "VALUES (?, ?, ?, ?, ?, ?)";
inline constexpr char kSelectNodeByExternalId[] =
    "SELECT %s FROM org_node WHERE external_id = ? FOR UPDATE";
inline constexpr char kSelectNodesByExternalIds[] =
    "SELECT %s FROM org_node WHERE external_id IN (%s) FOR UPDATE";
inline constexpr char kUpdateNodeDetails[] = "UPDATE org_node SET name = ?, code = ? WHERE id = ?";
inline constexpr char kSetNodePath[] = "UPDATE org_node SET path = ? WHERE id = ?";
inline constexpr char kRenameNode[] = "UPDATE org_node SET name = ? WHERE id = ?";
inline constexpr char kReparentNode[] = "UPDATE org_node SET parent_id = ? WHERE id = ?";
inline constexpr char kDissolveNode[] =
    "UPDATE org_node SET status = 'DISSOLVED', dissolved_at = CURRENT_TIMESTAMP(6), "
    "dissolved_on = ? WHERE id = ?";
// Moving a subtree rewrites every path under it.
inline constexpr char kMoveNodePaths[] =
    "UPDATE org_node SET path = CONCAT(?, SUBSTRING(path, ?)) WHERE path LIKE ?";
inline constexpr char kMoveMemberPaths[] =
    "UPDATE member SET path = CONCAT(?, SUBSTRING(path, ?)) WHERE path LIKE ?";
inline constexpr char kMoveFilingPaths[] =
    "UPDATE filing SET path = CONCAT(?, SUBSTRING(path, ?)) WHERE path LIKE ?";
// The events of the subtree: its new unit's administrators watch them, the old unit's no longer.
inline constexpr char kMoveEventPaths[] =
    "UPDATE event_log SET scope_path = CONCAT(?, SUBSTRING(scope_path, ?)) "
    "WHERE scope_path LIKE ?";
inline constexpr char kCountActiveChildren[] =
    "SELECT COUNT(*) FROM org_node WHERE parent_id = ? AND status = 'ACTIVE'";
inline constexpr char kCountActiveMembersUnder[] =
    "SELECT COUNT(*) FROM member WHERE path LIKE ? AND state = 'ACTIVE'";

// Members.
// The columns name their table, so that members can be read joined with their group.
inline constexpr char kMemberColumns[] =
    "member.id, member.name, member.staff_code, member.phone, IFNULL(member.external_id, ''), "
    "member.status, IFNULL(member.joined_party_on, ''), IFNULL(member.became_formal_on, ''), "
    "member.leading_cadre, member.branch_id, IFNULL(member.group_id, 0), "
    "IFNULL(member.joined_group_on, ''), member.state, member.path";
inline constexpr char kSelectMember[] = "SELECT %s FROM member WHERE id = ?";
inline constexpr char kSelectMemberForUpdate[] = "SELECT %s FROM member WHERE id = ? FOR UPDATE";
inline constexpr char kSelectMemberByExternalId[] =
    "SELECT %s FROM member WHERE external_id = ? FOR UPDATE";
inline constexpr char kSelectMembersUnder[] =
    "SELECT %s FROM member WHERE path LIKE ? AND id > ? AND (state = 'ACTIVE' OR ?) "
    "ORDER BY id LIMIT ?";
inline constexpr char kSelectActiveMembersUnder[] =
    "SELECT %s FROM member WHERE path LIKE ? AND state = 'ACTIVE' ORDER BY id";
inline constexpr char kSelectGroupMembers[] =
    "SELECT %s FROM member WHERE group_id = ? AND state = 'ACTIVE' ORDER BY id";
inline constexpr char kInsertMember[] =
    "INSERT INTO member (name, staff_code, phone, external_id, status, joined_party_on, "
    "became_formal_on, leading_cadre, branch_id, path) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
inline constexpr char kInsertMembers[] =
    "INSERT INTO member (name, staff_code, phone, external_id, status, joined_party_on, "
    "became_formal_on, leading_cadre, branch_id, path) VALUES";
inline constexpr char kMemberRow[] = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
inline constexpr char kSelectMemberExternalIds[] =
    "SELECT external_id FROM member WHERE external_id IN (%s)";
inline constexpr char kSelectMemberIdsByExternalIds[] =
    "SELECT id, external_id FROM member WHERE external_id IN (%s)";
inline constexpr char kUpdateMemberDetails[] =
    "UPDATE member SET name = ?, staff_code = ?, phone = ?, status = ?, became_formal_on = ?, "
    "leading_cadre = ? WHERE id = ?";
inline constexpr char kUpdateMemberPlace[] =
    "UPDATE member SET branch_id = ?, group_id = ?, joined_group_on = ?, state = ?, path = ? "
    "WHERE id = ?";
inline constexpr char kInsertHistory[] =
    "INSERT INTO member_history (member_id, kind, branch_id, group_id, effective_on, note) "
    "VALUES (?, ?, ?, ?, ?, ?)";
inline constexpr char kInsertHistories[] =
    "INSERT INTO member_history (member_id, kind, branch_id, effective_on, note) VALUES";
inline constexpr char kHistoryRow[] = "(?, ?, ?, ?, ?)";
inline constexpr char kSelectHistory[] =
    "SELECT kind, branch_id, IFNULL(group_id, 0), effective_on, note, "
    "UNIX_TIMESTAMP(recorded_at) * 1000000 FROM member_history WHERE member_id = ? ORDER BY id";

// Activists.
inline constexpr char kInsertActivist[] =
    "INSERT INTO activist (name, kind, branch_id, group_id, external_id) VALUES (?, ?, ?, ?, ?)";
inline constexpr char kSelectActivists[] =
    "SELECT id, name, kind, branch_id, IFNULL(group_id, 0), IFNULL(external_id, '') "
    "FROM activist WHERE branch_id = ? ORDER BY id";

// Filings.
inline constexpr char kFilingColumns[] =
    "id, branch_id, group_id, group_name, change_kind, decided_on, document_ref, due_on, "
    "IFNULL(filed_on, '')";
inline constexpr char kInsertFiling[] =
    "INSERT INTO filing (branch_id, group_id, group_name, change_kind, decided_on, document_ref, "
    "due_on, path) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
inline constexpr char kSelectFilingForUpdate[] = "SELECT %s FROM filing WHERE id = ? FOR UPDATE";
inline constexpr char kSelectFilingsUnder[] = "SELECT %s FROM filing WHERE path LIKE ? ORDER BY id";
inline constexpr char kMarkFiled[] = "UPDATE filing SET filed_on = ? WHERE id = ?";

// Leaders.
inline constexpr char kLeaderColumns[] =
    "t.id, t.group_id, t.member_id, m.name, t.method, t.record_ref, t.appointed_on, "
    "IFNULL(t.ended_on, ''), t.end_reason";
inline constexpr char kSelectCurrentLeader[] =
    "SELECT %s FROM leader_term t JOIN member m ON m.id = t.member_id "
    "WHERE t.group_id = ? AND t.current_flag = 1";
// A node with its current leader and its active members, if it is a group (their columns NULL
// otherwise): GetGroup in one read instead of three. A row per member, the node's and the
// leader's columns repeated.
inline constexpr char kSelectGroupRead[] =
    "SELECT %s, %s, %s FROM org_node LEFT JOIN leader_term t ON t.group_id = org_node.id AND "
    "t.current_flag = 1 LEFT JOIN member m ON m.id = t.member_id LEFT JOIN member ON "
    "member.group_id = org_node.id AND member.state = 'ACTIVE' WHERE org_node.id = ? "
    "ORDER BY member.id";
inline constexpr char kSelectCurrentLeadersUnder[] =
    "SELECT %s FROM leader_term t JOIN member m ON m.id = t.member_id "
    "JOIN org_node g ON g.id = t.group_id WHERE g.path LIKE ? AND t.current_flag = 1";
inline constexpr char kSelectLeaderTerms[] =
    "SELECT %s FROM leader_term t JOIN member m ON m.id = t.member_id "
    "WHERE t.group_id = ? ORDER BY t.id";
inline constexpr char kInsertLeaderTerm[] =
    "INSERT INTO leader_term (group_id, member_id, method, record_ref, appointed_on, "
    "current_flag) VALUES (?, ?, ?, ?, ?, 1)";
inline constexpr char kEndLeaderTerm[] =
    "UPDATE leader_term SET ended_on = ?, end_reason = ?, current_flag = NULL WHERE id = ?";
inline constexpr char kInsertAdmonition[] =
    "INSERT INTO admonition (group_id, leader_member_id, admonished_on, reason, admonished_by) "
    "VALUES (?, ?, ?, ?, ?)";
inline constexpr char kSelectAdmonitions[] =
    "SELECT id, group_id, leader_member_id, admonished_on, reason, admonished_by "
    "FROM admonition WHERE group_id = ? ORDER BY id";

// Who was where when (tenure_store.h). A span [from_on, until_on) holds `day` when
// (from_on IS NULL OR from_on <= day) AND (until_on IS NULL OR until_on > day).
inline constexpr char kSpellColumns[] =
    "s.branch_id, s.group_id, s.status, s.leading_cadre, IFNULL(s.from_on, ''), "
    "IFNULL(s.until_on, '')";
inline constexpr char kSelectSpells[] =
    "SELECT %s FROM member_spell s WHERE s.member_id = ? ORDER BY s.from_on, s.id";
inline constexpr char kDeleteSpells[] = "DELETE FROM member_spell WHERE member_id = ?";
inline constexpr char kInsertSpells[] =
    "INSERT INTO member_spell (member_id, branch_id, group_id, status, leading_cadre, from_on, "
    "until_on) VALUES";
inline constexpr char kSpellRow[] = "(?, ?, ?, ?, ?, ?, ?)";
inline constexpr char kInsertPlace[] =
    "INSERT INTO node_place (node_id, parent_id, path, from_on) VALUES (?, ?, ?, ?)";
// A move on day ?: the open places under the old path that began after it refuse the move; those
// that began before it end on it, each followed by its place under the new path; those that began
// on it take the new path in place.
inline constexpr char kCountPlacesAfter[] =
    "SELECT COUNT(*), IFNULL(MAX(from_on), '') FROM node_place "
    "WHERE until_on IS NULL AND path LIKE ? AND from_on > ?";
inline constexpr char kInsertMovedPlaces[] =
    "INSERT INTO node_place (node_id, parent_id, path, from_on) "
    "SELECT node_id, IF(node_id = ?, ?, parent_id), CONCAT(?, SUBSTRING(path, ?)), ? "
    "FROM node_place WHERE until_on IS NULL AND path LIKE ? AND (from_on IS NULL OR from_on < ?)";
inline constexpr char kEndMovedPlaces[] =
    "UPDATE node_place SET until_on = ? "
    "WHERE until_on IS NULL AND path LIKE ? AND (from_on IS NULL OR from_on < ?)";
inline constexpr char kMovePlacesInPlace[] =
    "UPDATE node_place SET parent_id = IF(node_id = ?, ?, parent_id), "
    "path = CONCAT(?, SUBSTRING(path, ?)) WHERE until_on IS NULL AND path LIKE ? AND from_on = ?";
inline constexpr char kSelectPathOn[] =
    "SELECT path FROM node_place WHERE node_id = ? AND (from_on IS NULL OR from_on <= ?) "
    "AND (until_on IS NULL OR until_on > ?)";
// The places held on the place day (parameters 1, 2) under a path (3), then the period.
// The nodes that existed in [first (5), last (4)], each with its parent and path of the place day.
inline constexpr char kSelectTreeInPeriod[] =
    "SELECT %s, IFNULL(p.parent_id, 0), p.path FROM node_place p "
    "JOIN org_node ON org_node.id = p.node_id WHERE "
    "(p.from_on IS NULL OR p.from_on <= ?) AND (p.until_on IS NULL OR p.until_on > ?) "
    "AND p.path LIKE ? AND (org_node.created_on IS NULL OR org_node.created_on <= ?) "
    "AND (org_node.dissolved_on IS NULL OR org_node.dissolved_on > ?) "
    "ORDER BY LENGTH(p.path), org_node.id";
// The leader terms overlapping [first (5), last (4)] of the groups placed under the path.
inline constexpr char kSelectLeaderTermsInPeriod[] =
    "SELECT %s FROM node_place p JOIN leader_term t ON t.group_id = p.node_id "
    "JOIN member m ON m.id = t.member_id WHERE "
    "(p.from_on IS NULL OR p.from_on <= ?) AND (p.until_on IS NULL OR p.until_on > ?) "
    "AND p.path LIKE ? AND t.appointed_on <= ? AND (t.ended_on IS NULL OR t.ended_on > ?) "
    "ORDER BY t.group_id, t.appointed_on, t.id";
// The spells overlapping a period [first (2), last (1)]: all of them, or those of some groups, or
// those in no group of some branches (the ids in the IN list).
inline constexpr char kSelectSpellsInPeriod[] =
    "SELECT s.member_id, %s FROM member_spell s WHERE (s.from_on IS NULL OR s.from_on <= ?) "
    "AND (s.until_on IS NULL OR s.until_on > ?)";
inline constexpr char kSelectGroupSpellsInPeriod[] =
    "SELECT s.member_id, %s FROM member_spell s WHERE (s.from_on IS NULL OR s.from_on <= ?) "
    "AND (s.until_on IS NULL OR s.until_on > ?) AND s.group_id IN (%s)";
inline constexpr char kSelectBranchSpellsInPeriod[] =
    "SELECT s.member_id, %s FROM member_spell s WHERE (s.from_on IS NULL OR s.from_on <= ?) "
    "AND (s.until_on IS NULL OR s.until_on > ?) AND s.group_id = 0 AND s.branch_id IN (%s)";
// Members by their path now (whatever their state), and by id.
inline constexpr char kSelectMembersByPath[] = "SELECT %s FROM member WHERE path LIKE ?";
inline constexpr char kSelectMembersByIds[] = "SELECT %s FROM member WHERE id IN (%s)";

// The committee's policy versions (policy_store.h).
inline constexpr char kPolicyColumns[] =
    "version, filing_deadline_days, opinion_report_days, rectification_report_days, "
    "evaluation_report_days, leader_talks_per_member_per_year, annual_report_month, "
    "annual_report_day, leader_trainings_per_year, cadre_unexcused_absences_allowed, "
    "probationary_members_in_mutual_evaluation, rules_off, document_ref, "
    "UNIX_TIMESTAMP(created_at) * 1000000, created_by, branch_members_per_group_most, "
    "member_absent_months";
// The next version, numbered under a lock on the latest so that two at once follow each other.
inline constexpr char kNextPolicyVersion[] =
    "SELECT IFNULL(MAX(version), 1) + 1 FROM policy_version FOR UPDATE";
inline constexpr char kInsertPolicy[] =
    "INSERT INTO policy_version (version, filing_deadline_days, opinion_report_days, "
    "rectification_report_days, evaluation_report_days, leader_talks_per_member_per_year, "
    "annual_report_month, annual_report_day, leader_trainings_per_year, "
    "cadre_unexcused_absences_allowed, probationary_members_in_mutual_evaluation, rules_off, "
    "document_ref, created_by, branch_members_per_group_most, member_absent_months, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(6))";
inline constexpr char kSelectPolicy[] = "SELECT %s FROM policy_version WHERE version = ?";
inline constexpr char kSelectLatestPolicy[] =
    "SELECT %s FROM policy_version ORDER BY version DESC LIMIT 1";
inline constexpr char kSelectPolicies[] =
    "SELECT %s FROM policy_version WHERE (? = 0 OR version < ?) ORDER BY version DESC LIMIT ?";

}  // namespace partygroup::org::sql_text
