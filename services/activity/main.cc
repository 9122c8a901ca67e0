// partygroup-activity: the activity server. `partygroup-activity --help` lists its flags.
#include <cstdio>

#include "common/server/runtime.h"
#include "services/activity/activity_definition.h"
#include "services/activity/activity_service.h"

int main(int argc, char** argv) {
  using partygroup::server::Runtime;
  const partygroup::server::ServiceDefinition& definition = partygroup::activity::Definition();
  partygroup::server::InitProcess(argc, argv, definition);
  auto runtime = Runtime::Create(definition, partygroup::server::ConfigFromFlags(definition));
  if (!runtime.ok()) {
    std::fprintf(stderr, "partygroup-activity: start-up refused: %s\n",
                 runtime.status().ToString().c_str());
    return 1;
  }
  partygroup::activity::ActivityServiceImpl service(**runtime);
  return (*runtime)->ServeUntilSignalled({&service});
}
