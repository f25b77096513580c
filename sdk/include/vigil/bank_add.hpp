// Building a bank from media files: what `vigil bank add` and Python's BankStore.add do.
//
// add_media hashes every file with the bundled hashing plugin (kBankAddSignals: pdq, md5,
// sha256) and writes one BankEntry per computed signal into bank `name` as ONE new version,
// a delta: the bank's other entries stay, and an entry with the same (entry_id, signal_type)
// is updated. A path that is a directory stands for every regular file below it
// (recursively, sorted by path; symlinks to directories are not followed).
//
// All or nothing: when any file cannot be hashed at all (missing, unreadable, empty), no
// version is written and the bank keeps serving the previous one. A file that does not
// decode as an image (a video, a document) is still added by its digests; that, and a PDQ
// hash of quality below 50 (which does not match by default), come back as notices for the
// caller to show.
//
// entry_id: options.entry_id, else the file's name (without its directory). source:
// options.source, else "vigil bank add" (each entry's BankEntry::source and the version's).
//
// Errors: invalid_argument (no file; an entry_id with more than one file; a bad bank name),
// config_error / plugin_error (the hashing plugin cannot be loaded from options.plugin_path
// or the default search path), a file's scan error prefixed with its path (not_found,
// io_error, empty_input, ...), and BankStore::apply's errors.
//
// Thread-safety: like BankStore::apply (writers of one bank are serialised by the store);
// the function holds no state of its own.
#pragma once

#include <cstddef>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "vigil/bank.hpp"
#include "vigil/bank_store.hpp"
#include "vigil/export.hpp"
#include "vigil/status.hpp"

namespace vigil {

// The signals add_media computes for every file.
inline constexpr const char* kBankAddSignals[] = {"pdq", "md5", "sha256"};

struct AddMediaOptions {
  std::string entry_id;  // entry id of every signal; empty: each file's name
  std::string source;    // empty: "vigil bank add"
  std::vector<std::filesystem::path> plugin_path;  // searched before the default search path
};

// Something the caller should tell the user about a file that was still added.
struct AddMediaNotice {
  std::filesystem::path path;  // the file
  std::string message;         // e.g. "PDQ quality 31 is below 50; it will not match by default"
};

struct AddMediaResult {
  BankInfo info;            // the new version
  std::size_t entries = 0;  // entries written: one per computed signal of every file
  std::vector<AddMediaNotice> notices;
};

VIGIL_API Result<AddMediaResult> add_media(BankStore& store, const std::string& name,
                                           std::span<const std::filesystem::path> paths,
                                           const AddMediaOptions& options = {});

}  // namespace vigil
