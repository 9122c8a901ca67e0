// The city's annual assessment computed through the services (issue 6: under 5 seconds for
// 10,000 groups; issue 7 figure 4: at most twice the floor), beside its floor: the time merely
// to stream the same rows out of the org and activity services.
#pragma once

#include <vector>

#include "absl/status/status.h"
#include "bench/city.h"
#include "bench/city_loader.h"
#include "bench/figures.h"

namespace partygroup::bench {

// Streams the floor and computes a cycle of the whole committee `runs` times each; appends the
// figures and prints the floor's breakdown.
absl::Status AddAssessmentFigures(const City& city, const Endpoints& endpoints, int runs,
                                  std::vector<Figure>* figures);

}  // namespace partygroup::bench
