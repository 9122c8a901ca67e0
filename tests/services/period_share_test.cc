// The database connections the period streams of a server share: a stream takes two for each
// batch it reads and gives them back once the batch is read; one that finds no room reads no
// further ahead, and its first batch waits for room, so the rest of the pool stays free for the
// other calls.
#include <thread>

#include "gtest/gtest.h"
#include "services/activity/period_read_model.h"

namespace partygroup::activity {
namespace {

TEST(PeriodShareTest, StreamsTakeNoMoreThanTheShareAndWaitForRoom) {
  PeriodReadModel::Share share(4);
  EXPECT_TRUE(share.TryTake(2));
  EXPECT_TRUE(share.TryTake(2));
  EXPECT_FALSE(share.TryTake(2));  // a read ahead finds no room: it is not made
  EXPECT_FALSE(share.Take(2, absl::Milliseconds(10)));
  std::thread done([&share] { share.Give(2); });
  EXPECT_TRUE(share.Take(2, absl::Seconds(30)));  // a first batch waits for the room
  done.join();
  share.Give(2);
  share.Give(2);
  EXPECT_TRUE(share.TryTake(4));
}

}  // namespace
}  // namespace partygroup::activity
