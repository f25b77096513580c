// LabelList: the labels of a hash-list record, deduplicated in first-seen order.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

namespace vigil::bank_import {

// Labels in first-seen order without empties or repeats; linear in the number added.
class LabelList {
 public:
  void add(std::string_view label);
  std::vector<std::string> take() { return std::move(labels_); }

 private:
  static constexpr std::size_t kLinearSearchLimit = 16;
  std::vector<std::string> labels_;
  std::unordered_set<std::string> seen_;  // filled once labels_ outgrows kLinearSearchLimit
};

}  // namespace vigil::bank_import
