// 第十三条: a group's annual report (年度工作报告), submitted by the leader and acknowledged by the
// branch. 第十四条: the leader's training (加强党小组组长教育培训), recorded by the branch or
// above.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/auth/caller.h"
#include "partygroup/activity/v1/activity_service.pb.h"
#include "services/activity/group_records.h"

namespace partygroup::activity {

class ReportsAndTraining final {
 public:
  explicit ReportsAndTraining(const ActivityContext& context) : context_(context) {}

  absl::Status SubmitAnnualReport(const auth::Caller& caller,
                                  const v1::SubmitAnnualReportRequest& request,
                                  v1::SubmitAnnualReportResponse* response);
  absl::Status AcknowledgeAnnualReport(const auth::Caller& caller,
                                       const v1::AcknowledgeAnnualReportRequest& request,
                                       v1::AcknowledgeAnnualReportResponse* response);
  absl::Status RecordLeaderTraining(const auth::Caller& caller,
                                    const v1::RecordLeaderTrainingRequest& request,
                                    v1::RecordLeaderTrainingResponse* response);

 private:
  const ActivityContext context_;
};

// Shared with the back office's import: a group's report for a year (not a year to come),
// submitted at `submitted` (not in the future), and a training (not in the future) of a member who
// led the group at some time in the training's year (`terms`: the group's leader terms), each as
// it will be stored.
absl::StatusOr<v1::AnnualReport> PrepareReport(int year, const std::string& text,
                                               absl::Time submitted, const org::v1::Group& group,
                                               const std::string& by, absl::TimeZone zone);
absl::StatusOr<v1::LeaderTraining> PrepareTraining(const v1::RecordLeaderTrainingRequest& request,
                                                   const org::v1::Group& group,
                                                   const std::vector<org::v1::LeaderTerm>& terms,
                                                   absl::TimeZone zone);

}  // namespace partygroup::activity
