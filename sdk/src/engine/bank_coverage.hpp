// Internal: which signal types an engine's detectors compute, and the bank entries that
// therefore can never match (a `pdna` list without a PhotoDNA plugin, a `pqd` typo, a
// `pdq` bank while the hashing detector is configured for MD5 only).
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "vigil/bank.hpp"
#include "vigil/config.hpp"
#include "vigil/plugin_abi.h"

#include "plugin_host/plugin_settings.hpp"

namespace vigil::engine {

// The signal types a detector created with `settings` can emit: the types its descriptor
// declares, narrowed for the bundled hashing plugin to its `signals` setting.
std::set<std::string> emitted_signal_types(
    const vigil_plugin_descriptor& descriptor,
    const std::vector<plugin_host::ResolvedSetting>& settings);

// Logs one warning for each signal type a bank holds that no type in `emitted` covers,
// naming the bank, the type and its entry count (identifiers only). `banks` is parallel
// to `configs`.
void warn_about_unmatchable_entries(const std::vector<BankConfig>& configs,
                                    const std::vector<std::shared_ptr<const Bank>>& banks,
                                    const std::set<std::string>& emitted);

}  // namespace vigil::engine
