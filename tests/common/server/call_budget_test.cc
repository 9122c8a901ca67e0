// One caller's calls and streams in flight are bounded, apart from every other caller's; a slot
// given back (its call ended) makes room again.
#include "common/server/call_budget.h"

#include <optional>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "common/mutation/mutation.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace partygroup::server {
namespace {

using ::partygroup::testing::IsOk;
using ::partygroup::testing::StatusIs;
using ::testing::HasSubstr;

TEST(CallBudgetTest, OneCallerPastItsLimitIsRefusedNamingItAndOthersAreNot) {
  CallBudget budget(/*max_calls=*/3, /*max_streams=*/1);
  std::vector<CallSlot> held;
  for (int i = 0; i < 3; ++i) {
    absl::StatusOr<CallSlot> slot = budget.Admit("oa-finance", CallKind::kUnary);
    ASSERT_THAT(slot.status(), IsOk());
    held.push_back(*std::move(slot));
  }
  EXPECT_THAT(budget.Admit("oa-finance", CallKind::kUnary).status(),
              StatusIs(absl::StatusCode::kResourceExhausted,
                       HasSubstr("caller oa-finance has 3 calls in flight")));
  // Streams are counted apart, and so is every other caller.
  absl::StatusOr<CallSlot> stream = budget.Admit("oa-finance", CallKind::kStream);
  EXPECT_THAT(stream.status(), IsOk());
  EXPECT_THAT(budget.Admit("oa-finance", CallKind::kStream).status(),
              StatusIs(absl::StatusCode::kResourceExhausted,
                       HasSubstr("1 streams in flight, the most one caller may have on this "
                                 "server (--max_streams_per_caller)")));
  EXPECT_THAT(budget.Admit("li.secretary", CallKind::kUnary).status(), IsOk());

  // A call that ends gives its place back.
  held.pop_back();
  EXPECT_THAT(budget.Admit("oa-finance", CallKind::kUnary).status(), IsOk());
  // A slot moved holds one place, given back once: by the slot moved to, never by the one
  // moved from (two places held here, then none).
  CallSlot moved = std::move(held.front());
  held.clear();
  moved = CallSlot();
  for (int i = 0; i < 3; ++i) {
    absl::StatusOr<CallSlot> slot = budget.Admit("oa-finance", CallKind::kUnary);
    ASSERT_THAT(slot.status(), IsOk()) << i;
    held.push_back(*std::move(slot));
  }
  EXPECT_FALSE(budget.Admit("oa-finance", CallKind::kUnary).ok());
}

// The suite's own servers call their peers for all their callers: their subjects are outside
// the budget, and the rest stay in it.
TEST(CallBudgetTest, ThePeersNamedUnboundedAreAdmittedPastTheLimit) {
  CallBudget budget(1, 1, {"partygroup-activity"});
  std::vector<CallSlot> held;
  for (int i = 0; i < 100; ++i) {
    absl::StatusOr<CallSlot> slot = budget.Admit("partygroup-activity", CallKind::kUnary);
    ASSERT_THAT(slot.status(), IsOk()) << i;
    held.push_back(*std::move(slot));
  }
  absl::StatusOr<CallSlot> one = budget.Admit("oa-finance", CallKind::kUnary);
  EXPECT_THAT(one.status(), IsOk());
  EXPECT_FALSE(budget.Admit("oa-finance", CallKind::kUnary).ok());
}

TEST(CallBudgetTest, ZeroMeansNoLimit) {
  CallBudget budget(0, 0);
  std::vector<CallSlot> held;
  for (int i = 0; i < 1000; ++i) {
    absl::StatusOr<CallSlot> slot = budget.Admit("bench", CallKind::kUnary);
    ASSERT_TRUE(slot.ok());
    held.push_back(*std::move(slot));
  }
}

// A follower of the event log waits on the bell: a ring after the count it read wakes it, a
// ring before it does not make it miss one, and with no ring it waits out its timeout.
TEST(EventBellTest, AWaitEndsAtTheRingAfterTheCountItRead) {
  mutation::EventBell& bell = mutation::EventBell::OfProcess();
  const int64_t seen = bell.Rung();
  EXPECT_FALSE(bell.WaitAfter(seen, absl::Milliseconds(20)));
  bell.Ring();  // rung between the read and the wait: the wait returns at once
  EXPECT_TRUE(bell.WaitAfter(seen, absl::ZeroDuration()));
  const int64_t now = bell.Rung();
  std::thread ringer([&bell] { bell.Ring(); });
  EXPECT_TRUE(bell.WaitAfter(now, absl::Seconds(30)));
  ringer.join();
}

}  // namespace
}  // namespace partygroup::server
