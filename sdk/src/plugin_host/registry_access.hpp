// Internal access to what PluginRegistry keeps from its users: the checked descriptors that
// the engine and the report worker drive plugins through. Not part of the public API.
#pragma once

#include <string>

#include "vigil/plugin_registry.hpp"

namespace vigil::plugin_host {

struct RegistryAccess {
  // The checked descriptor of a loaded plugin (valid for the life of the process), or
  // not_found.
  static Result<const vigil_plugin_descriptor*> descriptor(const PluginRegistry& registry,
                                                           const std::string& id) {
    return registry.descriptor(id);
  }
};

}  // namespace vigil::plugin_host
