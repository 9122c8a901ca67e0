// The compact form of a period's records (StreamPeriodRequest.compact) gives the rules the same
// input as the full form.
#include "common/clients/activity_records.h"

#include <algorithm>
#include <tuple>
#include <vector>

#include "absl/time/time.h"
#include "common/proto/convert.h"
#include "gtest/gtest.h"

namespace partygroup::clients {
namespace {

namespace v1 = activity::v1;

const absl::Time kPaid = absl::FromUnixSeconds(1'740'000'000) + absl::Microseconds(123456);

// One meeting of four members (one absent with a reason, one without) and three months of dues
// of two members, in the full form.
v1::GroupPeriodRecords Full() {
  v1::GroupPeriodRecords records;
  records.set_group_id(7);
  v1::GroupMeeting* meeting = records.add_meetings();
  meeting->set_id(70);
  meeting->set_group_id(7);
  *meeting->mutable_held_time() = proto::ToTimestamp(kPaid);
  for (int64_t id : {11, 12, 13, 14}) {
    v1::Attendance* a = meeting->add_attendance();
    a->set_member_id(id);
    a->set_present(id != 12 && id != 14);
    if (id == 12) a->set_absence_reason("因公出差");
  }
  for (auto [member, month] : std::vector<std::tuple<int64_t, int>>{{11, 1}, {12, 1}, {11, 3}}) {
    v1::DuesEntry* entry = records.add_dues();
    entry->set_member_id(member);
    entry->mutable_month()->set_year(2025);
    entry->mutable_month()->set_month(month);
    *entry->mutable_paid_time() = proto::ToTimestamp(kPaid + absl::Hours(24 * 30 * month));
    // Member 12's January waived (免交); member 11's March paid after it ended.
    if (member == 12) entry->set_exemption(v1::DUES_EXEMPTION_WAIVED);
    if (member == 11 && month == 3) entry->set_paid_late(true);
  }
  return records;
}

// The same, as the activity service sends it compact.
v1::GroupPeriodRecords Compact() {
  v1::GroupPeriodRecords records = Full();
  v1::GroupMeeting* meeting = records.mutable_meetings(0);
  meeting->clear_attendance();
  meeting->add_present_member_ids(11);
  meeting->add_present_member_ids(13);
  v1::Attendance* excused = meeting->add_attendance();
  excused->set_member_id(12);
  excused->set_absence_reason("因公出差");
  meeting->add_attendance()->set_member_id(14);
  records.clear_dues();
  v1::MemberDuesPaid* first = records.add_dues_paid();
  first->set_member_id(11);
  first->add_months(202501);
  first->add_paid_unix_micros(absl::ToUnixMicros(kPaid + absl::Hours(24 * 30)));
  first->add_months(202503);
  first->add_paid_unix_micros(absl::ToUnixMicros(kPaid + absl::Hours(24 * 30 * 3)));
  first->add_late_months(202503);
  v1::MemberDuesPaid* second = records.add_dues_paid();
  second->set_member_id(12);
  second->add_months(202501);
  second->add_paid_unix_micros(absl::ToUnixMicros(kPaid + absl::Hours(24 * 30)));
  second->add_waived_months(202501);
  return records;
}

TEST(ActivityRecordsTest, TheCompactFormGivesTheRulesWhatTheFullFormGives) {
  rules::Group group;
  group.id = 7;
  const rules::GroupActivity full = ToRulesActivity(group, Full());
  const rules::GroupActivity compact = ToRulesActivity(group, Compact());

  ASSERT_EQ(compact.meetings.size(), 1u);
  const std::vector<rules::Attendance>& want = full.meetings[0].attendance;
  const std::vector<rules::Attendance>& got = compact.meetings[0].attendance;
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(got[i].member_id, want[i].member_id) << i;
    EXPECT_EQ(got[i].present, want[i].present) << i;
    EXPECT_EQ(got[i].absence_reason, want[i].absence_reason) << i;
  }

  ASSERT_EQ(compact.dues.size(), full.dues.size());
  auto key = [](const rules::DuesPayment& p) { return std::make_tuple(p.member_id, p.month); };
  std::vector<rules::DuesPayment> want_dues = full.dues, got_dues = compact.dues;
  auto by_key = [&](const rules::DuesPayment& a, const rules::DuesPayment& b) {
    return key(a) < key(b);
  };
  std::sort(want_dues.begin(), want_dues.end(), by_key);
  std::sort(got_dues.begin(), got_dues.end(), by_key);
  for (size_t i = 0; i < want_dues.size(); ++i) {
    EXPECT_EQ(key(got_dues[i]), key(want_dues[i])) << i;
    EXPECT_EQ(got_dues[i].paid_at, want_dues[i].paid_at) << i;
    EXPECT_EQ(got_dues[i].waived, want_dues[i].waived) << i;
    EXPECT_EQ(got_dues[i].paid_late, want_dues[i].paid_late) << i;
  }
  EXPECT_EQ(std::count_if(got_dues.begin(), got_dues.end(),
                          [](const rules::DuesPayment& p) { return p.waived; }),
            1);
  EXPECT_EQ(std::count_if(got_dues.begin(), got_dues.end(),
                          [](const rules::DuesPayment& p) { return p.paid_late; }),
            1);
}

}  // namespace
}  // namespace partygroup::clients
