#include "label_list.hpp"

#include <algorithm>

namespace vigil::bank_import {

void LabelList::add(std::string_view label) {
  if (label.empty()) return;
  if (labels_.size() < kLinearSearchLimit) {
    if (std::find(labels_.begin(), labels_.end(), label) != labels_.end()) return;
  } else {
    if (seen_.empty()) seen_.insert(labels_.begin(), labels_.end());
    if (!seen_.emplace(label).second) return;
  }
  labels_.emplace_back(label);
}

}  // namespace vigil::bank_import
