#include "bench/figures.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"

namespace partygroup::bench {

bool Figure::Met() const {
  absl::string_view target_text = target;
  double bound = 0;
  if (absl::ConsumePrefix(&target_text, ">= ") && absl::SimpleAtod(target_text, &bound)) {
    return ratio() >= bound;
  }
  if (absl::ConsumePrefix(&target_text, "<= ") && absl::SimpleAtod(target_text, &bound)) {
    return ratio() <= bound;
  }
  return true;
}

void PrintTable(const std::vector<Figure>& figures) {
  std::printf("\n%-32s %12s %-6s %-32s %12s %7s %-8s\n", "figure", "value", "unit", "ceiling",
              "value", "ratio", "target");
  for (const Figure& f : figures) {
    std::printf("%-32s %12.3f %-6s %-32s %12.3f %7.2f %-8s%s\n", f.name.c_str(), f.value,
                f.unit.c_str(), f.ceiling_name.c_str(), f.ceiling_value, f.ratio(),
                f.target.c_str(), f.Met() ? "" : "  SHORT");
  }
  std::fflush(stdout);
}

std::string ToJson(const std::vector<Figure>& figures) {
  std::string json = "{\"results\":[";
  for (size_t i = 0; i < figures.size(); ++i) {
    const Figure& f = figures[i];
    // Names and units are ASCII identifiers chosen by the benchmarks: nothing to escape.
    absl::StrAppend(
        &json, i == 0 ? "" : ",",
        absl::StrFormat("{\"name\":\"%s\",\"value\":%.4f,\"unit\":\"%s\","
                        "\"ceiling_name\":\"%s\",\"ceiling_value\":%.4f,"
                        "\"ratio\":%.3f}",
                        f.name, f.value, f.unit, f.ceiling_name, f.ceiling_value, f.ratio()));
  }
  return json + "]}\n";
}

double Median(std::vector<double> values) { return Quantile(std::move(values), 0.5); }

double Quantile(std::vector<double> values, double q) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const size_t rank = static_cast<size_t>(std::ceil(q * static_cast<double>(values.size())));
  return values[std::clamp<size_t>(rank, 1, values.size()) - 1];
}

}  // namespace partygroup::bench
