#include "services/org/store_rows.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <algorithm>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/db/multi_row.h"
#include "common/db/statement_cache.h"
#include "common/proto/convert.h"
#include "services/org/sql.h"
#include "services/org/store_rows.h"

namespace partygroup::org::store {
std::string Like(const std::string& prefix) { return prefix + "%"; }

void SetOptionalDay(sql::PreparedStatement& s, int index, std::optional<absl::CivilDay> day) {
  if (day.has_value()) {
    s.setString(index, proto::FormatSqlDate(*day));
  } else {
    s.setNull(index, 0);
  }
}

void SetOptionalString(sql::PreparedStatement& s, int index, const std::string& value) {
  if (value.empty()) {
    s.setNull(index, 0);
  } else {
    s.setString(index, value);
  }
}

// A DATE column read as text ("" when NULL); nullopt when empty.
std::optional<common::v1::Date> ReadDate(const sql::SQLString& text) {
  if (text.asStdString().empty()) return std::nullopt;
  auto day = proto::ParseSqlDate(text.asStdString());
  if (!day.ok()) return std::nullopt;
  return proto::ToDate(*day);
}

v1::NodeKind ParseNodeKind(const std::string& name) {
  v1::NodeKind kind = v1::NODE_KIND_UNSPECIFIED;
  v1::NodeKind_Parse(absl::StrCat("NODE_KIND_", name), &kind);
  return kind;
}

v1::Node ReadNode(sql::ResultSet& r) {
  v1::Node node;
  node.set_id(r.getInt64(1));
  node.set_kind(ParseNodeKind(r.getString(2)));
  node.set_parent_id(r.getInt64(3));
  node.set_name(r.getString(4));
  node.set_code(r.getString(5));
  node.set_external_id(r.getString(6));
  node.set_status(r.getString(7) == "ACTIVE" ? v1::NODE_STATUS_ACTIVE : v1::NODE_STATUS_DISSOLVED);
  node.set_path(r.getString(8));
  if (auto created_on = proto::ParseSqlDate(r.getString(9).asStdString()); created_on.ok()) {
    *node.mutable_created_on() = proto::ToDate(*created_on);
  }
  *node.mutable_create_time() = proto::ToTimestamp(absl::FromUnixMicros(r.getInt64(10)));
  if (r.getInt64(11) != 0) {
    *node.mutable_dissolve_time() = proto::ToTimestamp(absl::FromUnixMicros(r.getInt64(11)));
  }
  if (auto d = ReadDate(r.getString(12))) *node.mutable_dissolved_on() = *d;
  return node;
}

// The member whose columns (kMemberColumns) start at column `first`.
v1::Member ReadMember(sql::ResultSet& r, int first) {
  v1::Member member;
  member.set_id(r.getInt64(first));
  member.set_name(r.getString(first + 1));
  member.set_staff_code(r.getString(first + 2));
  member.set_phone(r.getString(first + 3));
  member.set_external_id(r.getString(first + 4));
  member.set_status(r.getString(first + 5) == "FORMAL" ? v1::MEMBER_STATUS_FORMAL
                                                       : v1::MEMBER_STATUS_PROBATIONARY);
  if (auto d = ReadDate(r.getString(first + 6))) *member.mutable_joined_party_on() = *d;
  if (auto d = ReadDate(r.getString(first + 7))) *member.mutable_became_formal_on() = *d;
  member.set_leading_cadre(r.getBoolean(first + 8));
  member.set_branch_id(r.getInt64(first + 9));
  member.set_group_id(r.getInt64(first + 10));
  if (auto d = ReadDate(r.getString(first + 11))) *member.mutable_joined_group_on() = *d;
  member.set_state(r.getString(first + 12) == "ACTIVE" ? v1::MEMBER_STATE_ACTIVE
                                                       : v1::MEMBER_STATE_TRANSFERRED_OUT);
  return member;
}

v1::GroupChangeKind ParseChange(const std::string& name) {
  if (name == "CREATE") return v1::GROUP_CHANGE_KIND_CREATE;
  if (name == "ADJUST") return v1::GROUP_CHANGE_KIND_ADJUST;
  return v1::GROUP_CHANGE_KIND_DISSOLVE;
}

std::string ChangeName(v1::GroupChangeKind kind) {
  switch (kind) {
    case v1::GROUP_CHANGE_KIND_CREATE:
      return "CREATE";
    case v1::GROUP_CHANGE_KIND_ADJUST:
      return "ADJUST";
    default:
      return "DISSOLVE";
  }
}

v1::Filing ReadFiling(sql::ResultSet& r) {
  v1::Filing filing;
  filing.set_id(r.getInt64(1));
  filing.set_branch_id(r.getInt64(2));
  filing.set_group_id(r.getInt64(3));
  filing.set_group_name(r.getString(4));
  filing.set_change(ParseChange(r.getString(5)));
  if (auto d = ReadDate(r.getString(6))) *filing.mutable_decision()->mutable_decided_on() = *d;
  filing.mutable_decision()->set_document_ref(r.getString(7));
  if (auto d = ReadDate(r.getString(8))) *filing.mutable_due_on() = *d;
  if (auto d = ReadDate(r.getString(9))) *filing.mutable_filed_on() = *d;
  filing.set_status(r.getString(9).asStdString().empty() ? v1::FILING_STATUS_PENDING
                                                         : v1::FILING_STATUS_FILED);
  return filing;
}

v1::AppointmentMethod ParseMethod(const std::string& name) {
  return name == "BRANCH_DESIGNATION" ? v1::APPOINTMENT_METHOD_BRANCH_DESIGNATION
                                      : v1::APPOINTMENT_METHOD_MEMBER_RECOMMENDATION;
}

// The leader term whose columns (kLeaderColumns) start at column `first`.
v1::LeaderTerm ReadLeaderTerm(sql::ResultSet& r, int first) {
  v1::LeaderTerm term;
  term.set_id(r.getInt64(first));
  term.set_group_id(r.getInt64(first + 1));
  term.set_member_id(r.getInt64(first + 2));
  term.set_member_name(r.getString(first + 3));
  term.set_method(ParseMethod(r.getString(first + 4)));
  term.set_record_ref(r.getString(first + 5));
  if (auto d = ReadDate(r.getString(first + 6))) *term.mutable_appointed_on() = *d;
  if (auto d = ReadDate(r.getString(first + 7))) *term.mutable_ended_on() = *d;
  term.set_end_reason(r.getString(first + 8));
  return term;
}

std::vector<v1::Member> ReadMembers(sql::PreparedStatement& s) {
  std::vector<v1::Member> members;
  Rows rows(s.executeQuery());
  while (rows->next()) members.push_back(ReadMember(*rows));
  return members;
}

std::vector<v1::LeaderTerm> ReadLeaderTerms(sql::PreparedStatement& s) {
  std::vector<v1::LeaderTerm> terms;
  Rows rows(s.executeQuery());
  while (rows->next()) terms.push_back(ReadLeaderTerm(*rows));
  return terms;
}

void MovePaths(sql::Connection& c, const char* statement, const std::string& old_path,
               const std::string& new_path) {
  Statement s = Prepare(c, statement);
  s->setString(1, new_path);
  s->setInt64(2, static_cast<int64_t>(old_path.size()) + 1);
  s->setString(3, Like(old_path));
  s->executeUpdate();
}

}  // namespace partygroup::org::store
