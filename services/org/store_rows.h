// What the org service's store files share (tree_store.cc, member_store.cc, group_store.cc):
// the statements of sql.h, the rows read into the service's messages, optional parameters, LIKE
// prefixes.
// Internal to the store: these throw as Connector/C++ does.
#pragma once

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/db/statement_cache.h"
#include "partygroup/org/v1/org_service.pb.h"
#include "services/org/sql.h"

namespace partygroup::org::store {

namespace q = sql_text;
using db::LastInsertId;
using db::Prepare;  // kept prepared for the pooled connection's life
using db::Statement;

using Rows = std::unique_ptr<sql::ResultSet>;

std::string Like(const std::string& prefix);
void SetOptionalDay(sql::PreparedStatement& s, int index, std::optional<absl::CivilDay> day);
void SetOptionalString(sql::PreparedStatement& s, int index, const std::string& value);
std::optional<common::v1::Date> ReadDate(const sql::SQLString& text);
v1::NodeKind ParseNodeKind(const std::string& name);
v1::Node ReadNode(sql::ResultSet& r);
v1::Member ReadMember(sql::ResultSet& r, int first = 1);
v1::GroupChangeKind ParseChange(const std::string& name);
std::string ChangeName(v1::GroupChangeKind kind);
v1::Filing ReadFiling(sql::ResultSet& r);
v1::AppointmentMethod ParseMethod(const std::string& name);
v1::LeaderTerm ReadLeaderTerm(sql::ResultSet& r, int first = 1);
std::vector<v1::Member> ReadMembers(sql::PreparedStatement& s);
std::vector<v1::LeaderTerm> ReadLeaderTerms(sql::PreparedStatement& s);
void MovePaths(sql::Connection& c, const char* statement, const std::string& old_path,
               const std::string& new_path);

}  // namespace partygroup::org::store
