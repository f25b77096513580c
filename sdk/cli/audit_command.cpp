// `vigil audit verify FILE [--json]`: checks an audit log's hash chain and its head.
// Exit 0 intact, 1 tampered (the first bad line and the problem are printed), 2 unreadable.
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "commands.hpp"
#include "vigil/audit_log.hpp"

namespace vigil::cli {
namespace {

constexpr int kIntact = 0;
constexpr int kTampered = 1;
constexpr int kUnreadable = 2;

struct VerifyOptions {
  std::string path;
  bool json = false;
};

int run_verify(const VerifyOptions& options) {
  auto result = verify_audit_log(options.path);
  if (!result.ok()) {
    std::cerr << "vigil audit verify: " << result.status().to_string() << "\n";
    if (options.json) {
      std::cout << nlohmann::ordered_json{{"error",
                                           {{"code", to_string(result.status().code())},
                                            {"message", result.status().message()}}}}
                       .dump()
                << "\n";
    }
    return kUnreadable;
  }
  const AuditVerification& v = *result;
  if (options.json) {
    std::cout << nlohmann::ordered_json{{"intact", v.intact},
                                        {"records", v.records},
                                        {"first_bad_line", v.first_bad_line},
                                        {"problem", v.problem}}
                     .dump()
              << "\n";
  } else if (v.intact) {
    std::cout << "intact: " << v.records << " records\n";
  } else {
    std::cout << "NOT intact: " << v.problem << "\n";
    if (v.first_bad_line > 0) std::cout << "first bad line: " << v.first_bad_line << "\n";
    std::cout << "records verified before it: " << v.records << "\n";
  }
  return v.intact ? kIntact : kTampered;
}

}  // namespace

void add_audit_command(CLI::App& app, const GlobalOptions& /*global*/, int& exit_code) {
  auto* audit = app.add_subcommand("audit", "check the hash-chained audit log");
  audit->require_subcommand(1);
  auto options = std::make_shared<VerifyOptions>();
  auto* verify = audit->add_subcommand(
      "verify",
      "verify an audit log's hash chain and head: exit 0 intact, 1 tampered, 2 unreadable");
  verify->add_option("FILE", options->path, "the audit log (its head is FILE.head)")->required();
  verify->add_flag("--json", options->json,
                   "print {\"intact\", \"records\", \"first_bad_line\", \"problem\"}");
  verify->callback([options, &exit_code] { exit_code = run_verify(*options); });
}

}  // namespace vigil::cli
