// Internal: creates or migrates the outbox schema (PRAGMA user_version).
#pragma once

#include "sqlite_db.hpp"
#include "vigil/status.hpp"

namespace vigil::outbox {

inline constexpr int kSchemaVersion = 1;

// Enables WAL and synchronous=FULL, then brings the schema to kSchemaVersion inside one
// BEGIN IMMEDIATE transaction (safe when several processes open a new file at once).
// A foreign or corrupt file, or a newer schema, is an io_error.
Status prepare_schema(Database& db);

}  // namespace vigil::outbox
