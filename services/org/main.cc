// partygroup-org: the org server. `partygroup-org --help` lists its flags.
#include <cstdio>

#include "common/server/runtime.h"
#include "services/org/org_definition.h"
#include "services/org/org_service.h"

int main(int argc, char** argv) {
  using partygroup::server::Runtime;
  const partygroup::server::ServiceDefinition& definition = partygroup::org::Definition();
  partygroup::server::InitProcess(argc, argv, definition);
  auto runtime = Runtime::Create(definition, partygroup::server::ConfigFromFlags(definition));
  if (!runtime.ok()) {
    std::fprintf(stderr, "partygroup-org: start-up refused: %s\n",
                 runtime.status().ToString().c_str());
    return 1;
  }
  partygroup::org::OrgServiceImpl service(**runtime);
  return (*runtime)->ServeUntilSignalled({&service});
}
