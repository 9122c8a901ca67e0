// The back office: a city's paper records of the years before the suite (an OA migration) —
// group meetings with every step's time (第五条, in the article's order and complete), dues,
// talks, leader training and annual reports — checked by the same rules as the live records,
// written through the slices' stores, one audit row and event per group.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/auth/caller.h"
#include "partygroup/activity/v1/activity_service.pb.h"
#include "services/activity/group_records.h"

namespace partygroup::activity {

class BackOfficeImport final {
 public:
  explicit BackOfficeImport(const ActivityContext& context) : context_(context) {}

  // Records a call may carry at most.
  static constexpr size_t kMaxRecords = 100000;

  // One meeting held before the suite, stored archived. By the committee's or the unit's
  // administrators.
  absl::Status ImportGroupMeeting(const auth::Caller& caller,
                                  const v1::ImportGroupMeetingRequest& request,
                                  v1::ImportGroupMeetingResponse* response);
  // `records` as one ImportRecords stream delivered them (at most 100,000): the good ones are
  // written, each bad one answered with its number and reason, all in one transaction; a month
  // paid or a year reported already is refused, not written twice.
  absl::Status ImportRecords(const auth::Caller& caller, const std::string& request_id,
                             const std::vector<v1::ImportRecord>& records,
                             v1::ImportRecordsResponse* response);

 private:
  const ActivityContext context_;
};

}  // namespace partygroup::activity
