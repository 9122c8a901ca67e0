// A benchmark figure beside its ceiling, and the table and JSON the benchmarks print
// ({"results":[{"name","value","unit","ceiling_name","ceiling_value","ratio"}]}).
#pragma once

#include <string>
#include <vector>

namespace partygroup::bench {

struct Figure {
  std::string name;
  double value = 0;
  std::string unit;
  std::string ceiling_name;
  double ceiling_value = 0;
  // What the ratio should be, for the table: ">= 0.70", "<= 2.00", or empty when the figure
  // only informs.
  std::string target;

  double ratio() const { return ceiling_value > 0 ? value / ceiling_value : 0; }
  // Whether the ratio meets the target (true when there is none).
  bool Met() const;
};

void PrintTable(const std::vector<Figure>& figures);
std::string ToJson(const std::vector<Figure>& figures);

double Median(std::vector<double> values);
// The q-quantile (0..1) of `values`, nearest rank.
double Quantile(std::vector<double> values, double q);

}  // namespace partygroup::bench
