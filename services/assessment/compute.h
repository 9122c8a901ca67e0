// The annual computation of a cycle (第十四条), as plain C++: fed the org tree and the members as
// they stood during the year (org's streams of a period: the groups that existed in it, their
// leader terms, the members' spells), the filings and each group's records of the year, it scores
// every group with the rules library's period checks, then every branch, general branch (党总支)
// and unit from its groups and its own indicators (应建尽建, members in groups, filings, leader
// training, cadre participation) with its secretary's votes. It never reads a database or the
// network: the domain streams the inputs in and stores the results it hands out.
//
// Groups are scored as their records arrive, so that a city's year of records is never held in
// memory at once, and each group's result is handed out at once (the domain writes them while
// the rest of the city streams); Finish scores the branches, general branches and units.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/rules/period.h"
#include "common/rules/policy.h"
#include "common/rules/scoring.h"
#include "partygroup/activity/v1/activity_service.pb.h"
#include "partygroup/assessment/v1/assessment_service.pb.h"
#include "partygroup/org/v1/org_service.pb.h"

namespace partygroup::assessment {

struct Rubrics {
  rules::Rubric group;
  rules::Rubric branch;
  rules::Rubric general_branch;
  rules::Rubric unit;
};

// The votes recorded for each secretary (述职评议, 双述双评), by subject id: the subject's rubric
// turns them into its manual ratings (rules::AddManualRatings).
using SubjectVotes = absl::flat_hash_map<int64_t, rules::ReviewVotes>;

// A result and what it was scored from; the input is kept so that votes entered later re-score
// the subject (Rescore) without the city's records.
struct ComputedResult {
  v1::Result result;  // rank and revision are the store's
  rules::ScoringInput input;
};

// Where a group's result goes when it is scored. A group's result is never rescored (votes are
// for secretaries), so its scoring input is not handed out with it.
using GroupResultSink = std::function<void(v1::Result)>;

class Computation {
 public:
  // `as_of`: the instant the year is judged at (the end of the year, or now for the current year).
  Computation(int year, Rubrics rubrics, rules::Policy policy, absl::Time as_of,
              absl::TimeZone zone, GroupResultSink on_group_scored);

  // The tree under the cycle's node as it stood in the year, parents before children (org's
  // StreamTree order, with a period).
  void AddNode(const org::v1::StreamTreeResponse& item);
  // A member with their spells in the year (StreamMembers with a period).
  void AddMember(const org::v1::Member& member);
  void AddFiling(const org::v1::Filing& filing);
  // Scores the group whose records these are and hands its result to the sink; records of a
  // group the tree of the year lacks are passed over.
  absl::Status AddGroupRecords(const activity::v1::GroupPeriodRecords& records);

  // Scores the groups no records came for (to the sink), then the branches, the general branches
  // and the units, each by id, handing each result to `on_scored` as it is scored.
  absl::Status Finish(const SubjectVotes& votes,
                      const std::function<void(ComputedResult)>& on_scored);

 private:
  struct Place {
    org::v1::Node node;
    int64_t unit_id = 0;
    int64_t general_branch_id = 0;
    int64_t branch_id = 0;
  };
  // A group of the year: its node, its members with their spells in it, its leader terms.
  struct YearGroup {
    org::v1::Node node;
    int64_t branch_id = 0;
    std::vector<org::v1::Member> members;
    std::vector<org::v1::LeaderTerm> terms;
  };
  // What a group's branch and unit are scored from.
  struct GroupOutcome {
    std::string name;
    int64_t score_centi = 0;
    std::vector<rules::Finding> findings;
    rules::GroupMetrics metrics;
    bool standing = true;  // not dissolved by the end of the year
  };
  // What a branch, general branch or unit is scored from, beyond its own votes.
  struct Above {
    std::vector<const GroupOutcome*> groups;
    std::vector<int64_t> branches;
  };
  // What a branch was found and scored with, for the general branch and unit above it.
  struct BranchOutcome {
    std::vector<rules::Finding> own;
    rules::Rate members_grouped;
  };
  absl::Status ScoreGroup(int64_t group_id, const activity::v1::GroupPeriodRecords& records);
  // The input of a general branch or unit: its branches' own findings and its groups' findings
  // that `rubric` cites, the mean of its groups' scores and its members in groups, each with the
  // groups or branches behind it.
  rules::ScoringInput AboveBranches(const Above& above, const rules::Rubric& rubric) const;
  // Scores `input` with the subject's votes under `rubric` and hands the result out.
  absl::Status HandOut(v1::SubjectKind kind, int64_t id, const rules::Rubric& rubric,
                       rules::ScoringInput input, const SubjectVotes& votes,
                       const std::function<void(ComputedResult)>& on_scored) const;

  const int year_;
  const Rubrics rubrics_;
  const rules::Policy policy_;
  const absl::Time as_of_;
  const absl::TimeZone zone_;
  const GroupResultSink on_group_scored_;
  std::vector<int64_t> order_;  // node ids in tree order
  absl::flat_hash_map<int64_t, Place> places_;
  // The year's last day, or the day of as_of while it runs: the standing the branches are counted
  // by (应建尽建).
  const absl::CivilDay standing_day_;
  absl::flat_hash_map<int64_t, YearGroup> groups_;
  absl::flat_hash_map<int64_t, int> branch_members_;
  // The members in no group of their branch at the end of the year (第十四条).
  absl::flat_hash_map<int64_t, std::vector<rules::Member>> branch_ungrouped_;
  absl::flat_hash_map<int64_t, std::vector<rules::GroupChange>> branch_changes_;
  std::map<int64_t, GroupOutcome> scored_;
  absl::flat_hash_map<int64_t, BranchOutcome> branches_scored_;
};

// Scores `input` (with the subject's manual ratings) under `rubric` into `result`: the
// breakdown always; the score and grade only when no manual rating is missing (complete).
absl::Status ScoreInto(const rules::Rubric& rubric, const rules::ScoringInput& input,
                       v1::Result* result);

// The scoring input as stored beside a result (findings and rates; manual ratings are stored
// as votes), and back.
std::string InputToJson(const rules::ScoringInput& input);
absl::StatusOr<rules::ScoringInput> InputFromJson(const std::string& json);

}  // namespace partygroup::assessment
