// The period read model's packed forms (period_read_model.h), written by the slices' stores in
// the same transaction as the rows every other reader reads, so that a city's year is read in
// ~300 k rows instead of ~2.4 million:
//   - a held meeting's attendance in its own row (migration 0108): the ids of those present,
//     "3,17,42", and the absences with their reasons, [[7,"因公出差"]], each in id order;
//   - a member's dues of a year in one row (migration 0109): "202503:<paid micros>,...".
// The functions throw as Connector/C++ does: call them inside a store's guarded function.
#pragma once

#include <cppconn/connection.h>

#include <string>
#include <vector>

#include "partygroup/activity/v1/activity_service.pb.h"

namespace partygroup::activity::store {

struct PackedAttendance {
  std::string present_ids;
  std::string absences_json;
};

PackedAttendance PackAttendance(const std::vector<const v1::Attendance*>& attendance);
template <typename Attendances>
PackedAttendance PackAttendance(const Attendances& attendance) {
  std::vector<const v1::Attendance*> all;
  for (const v1::Attendance& a : attendance) all.push_back(&a);
  return PackAttendance(all);
}

// The compact form of a meeting's attendance (StreamPeriodRequest.compact) from its row:
// present_member_ids, and the absences in attendance.
void UnpackAttendance(const std::string& present_ids, const std::string& absences_json,
                      v1::GroupMeeting& meeting);

// Adds each payment to its member's row of the year.
void AddToDuesYears(sql::Connection& c, const std::vector<const v1::DuesEntry*>& entries);

}  // namespace partygroup::activity::store
