// partygroup-activity: the activity server. `partygroup-activity --help` lists its flags.
#include "common/server/runtime.h"
#include "services/activity/activity_definition.h"
#include "services/activity/activity_flags.h"
#include "services/activity/activity_service.h"

int main(int argc, char** argv) {
  return partygroup::server::RunServer<partygroup::activity::ActivityServiceImpl>(
      argc, argv, partygroup::activity::Definition(), partygroup::activity::ReadFlags);
}
