// `vigil demo`: Vigil's main job on built-in benign images with an embedded
// configuration, so a new user sees a real scan before writing any config.
#include <iomanip>
#include <iostream>

#include "commands.hpp"
#include "demo_images.hpp"
#include "scan_output.hpp"
#include "vigil/engine.hpp"

namespace vigil::cli {
namespace {

constexpr const char* kDemoConfig = R"(
[[detector]]
plugin = "org.vigil.hashing"
signals = ["pdq", "md5", "sha256"]
dihedral = true
)";

void print_row(const std::string& name, const Result<ScanResult>& result) {
  std::cout << std::left << std::setw(20) << name;
  if (!result.ok()) {
    std::cout << std::setw(8) << "error" << result.status().to_string() << "\n";
    return;
  }
  std::cout << std::setw(8) << to_string(result->verdict);
  if (const Signal* pdq = find_signal(*result, "pdq")) {
    std::cout << "pdq " << pdq->value << " q=" << pdq->quality.value_or(0);
  }
  if (const Signal* md5 = find_signal(*result, "md5")) std::cout << "  md5 " << md5->value;
  std::cout << "\n";
}

int hamming_distance_hex(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return -1;
  int distance = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto x = std::stoul(std::string(1, a[i]), nullptr, 16) ^
                   std::stoul(std::string(1, b[i]), nullptr, 16);
    distance += __builtin_popcountl(x);
  }
  return distance;
}

// What a reader can check by eye: the rotated upload is within PDQ's match distance of
// one of the original's eight dihedral variants, so rotated copies match.
void print_dihedral_note(const Result<ScanResult>& original, const Result<ScanResult>& rotated) {
  if (!original.ok() || !rotated.ok()) return;
  const Signal* a = find_signal(*original, "pdq");
  const Signal* b = find_signal(*rotated, "pdq");
  if (a == nullptr || b == nullptr || a->attributes.empty()) return;
  std::string best_variant;
  int best = 257;
  for (const auto& [variant, hash] : a->attributes) {
    const int distance = hamming_distance_hex(hash, b->value);
    if (distance >= 0 && distance < best) {
      best = distance;
      best_variant = variant;
    }
  }
  std::cout << "\nrings-rotated.png is " << best << " bits from the " << best_variant
            << " variant of rings.png (PDQ matches at <= 31; the plain hashes differ by "
            << hamming_distance_hex(a->value, b->value) << ").\n";
}

int run_demo(const GlobalOptions& global, bool json) {
  auto config = parse_engine_config(kDemoConfig, "<built-in demo config>");
  if (!config.ok()) {
    std::cerr << "vigil demo: " << config.status().to_string() << "\n";
    return 2;
  }
  config->plugin_path = global.plugin_path;
  auto engine = Engine::create(*config);
  if (!engine.ok()) {
    std::cerr << "vigil demo: " << engine.status().to_string() << "\n";
    return 2;
  }
  if (Status frozen = (*engine)->freeze(); !frozen.ok()) {
    std::cerr << "vigil demo: " << frozen.to_string() << "\n";
    return 2;
  }
  const std::vector<DemoUpload> uploads = make_demo_uploads();
  if (!json) {
    std::cout << "Vigil demo: scanning " << uploads.size()
              << " generated benign uploads with org.vigil.hashing\n\n"
              << std::left << std::setw(20) << "UPLOAD" << std::setw(8) << "VERDICT"
              << "SIGNALS\n";
  }
  std::vector<Result<ScanResult>> results;
  for (const DemoUpload& upload : uploads) {
    MediaMetadata metadata;
    metadata.content_id = "demo:" + upload.name;
    results.push_back((*engine)->scan_bytes(upload.bytes, metadata));
    if (json) {
      std::cout << result_to_json(upload.name, results.back(), true).dump() << "\n";
    } else {
      print_row(upload.name, results.back());
    }
  }
  if (!json) print_dihedral_note(results[2], results[3]);
  // The truncated upload is expected to fail; anything else failing is a real error.
  for (std::size_t i = 0; i + 1 < results.size(); ++i) {
    if (!results[i].ok()) return 2;
  }
  return results.back().ok() ? 2 : 0;
}

}  // namespace

void add_demo_command(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto* command = app.add_subcommand(
      "demo", "scan built-in benign images with an embedded configuration and print verdicts");
  auto json = std::make_shared<bool>(false);
  command->add_flag("--json", *json, "print one JSON object per upload");
  command->callback([&global, &exit_code, json] { exit_code = run_demo(global, *json); });
}

}  // namespace vigil::cli
