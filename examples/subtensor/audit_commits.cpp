// SPDX-License-Identifier: MIT
// Audits the timelocked weight commits a chain still stores for a subnet: each is opened with the chain's
// own drand pulse of its reveal round (Drand.Pulses, verified against the runtime's beacon key) and
// reported as opened (with the weights and whether the chain will apply them), pending (the round's
// pulse is not stored yet) or failed (why). See docs/timelock.md.
//
//   audit_commits NETWORK NETUID [--hotkey SS58] [--mecid N]
//
//   NETWORK  finney, test, archive, local or a ws:// URL     NETUID  0..65535
//   --hotkey SS58   only this hotkey's commits               --mecid N   mechanism 0..15 (default 0)
//
// A bad argument prints one line "audit_commits: error: ..." and exits 2; exit 1: the node or the runtime
// refused (e.g. a runtime without the Drand pallet: every local chain); 0: the report was printed.
#include <bt/crypto/ss58.hpp>
#include <bt/subtensor/subtensor.hpp>
#include <iostream>
#include <optional>
#include <string>

#include "../common/cli.hpp"

namespace {
constexpr std::string_view kTool = "audit_commits";

void usage(std::ostream& os) {
  os << "usage: audit_commits NETWORK NETUID [--hotkey SS58] [--mecid N]\n"
        "  NETWORK finney, test, archive, local or a ws:// URL; NETUID 0..65535; N 0..15\n";
}

std::string join(const std::vector<std::uint16_t>& v) {
  std::string s;
  for (auto x : v) {
    if (!s.empty()) s.push_back(',');
    s.append(std::to_string(x));
  }
  return s;
}
}  // namespace

int main(int argc, char** argv) {
  bt_cli::OptionSpec spec{{}, {"--hotkey", "--mecid"}};
  const auto args = bt_cli::parse_args(kTool, argc, argv, 1, spec);
  if (args.help) {
    usage(std::cout);
    return 0;
  }
  if (args.positional.size() != 2) bt_cli::usage_error(kTool, "expected NETWORK NETUID");
  const auto netuid = bt_cli::parse_uint(args.positional[1], 0, 65535);
  if (!netuid)
    bt_cli::usage_error(kTool, "NETUID must be an integer 0..65535, got '" + args.positional[1] + "'");
  std::optional<bt::crypto::AccountId32> hotkey;
  if (const std::string* h = args.get("--hotkey")) {
    auto id = bt::crypto::ss58_decode_account(*h, 42);
    if (!id) bt_cli::usage_error(kTool, "--hotkey: " + id.error().to_string());
    hotkey = *id;
  }
  std::uint64_t mecid = 0;
  if (const std::string* m = args.get("--mecid")) {
    auto n = bt_cli::parse_uint(*m, 0, 15);
    if (!n) bt_cli::usage_error(kTool, "--mecid must be an integer 0..15, got '" + *m + "'");
    mecid = *n;
  }
  if (!bt::subtensor::resolve_endpoint(args.positional[0]))
    bt_cli::usage_error(kTool, "unknown network '" + args.positional[0] + "'");

  auto st = bt::subtensor::Subtensor::connect(args.positional[0]);
  if (!st) {
    std::cerr << "connect: " << st.error().to_string() << "\n";
    return 1;
  }
  auto report =
      (*st)->audit_commits(static_cast<std::uint16_t>(*netuid), hotkey, static_cast<std::uint16_t>(mecid));
  if (!report) {
    std::cerr << "audit: " << report.error().to_string() << "\n";
    return 1;
  }
  for (const auto& a : *report) {
    std::cout << "epoch " << a.epoch.value_or(0) << " round " << a.stored.reveal_round << " "
              << bt::crypto::ss58_encode(a.stored.who.view()).value_or("?") << " "
              << bt::subtensor::commit_audit_status_name(a.status);
    if (a.opened)
      std::cout << (a.opened->accepted() ? " accepted" : " not-accepted") << " uids=" << join(a.opened->uids)
                << " values=" << join(a.opened->values) << " version_key=" << a.opened->version_key;
    if (a.error) std::cout << " error: " << a.error->to_string();
    std::cout << "\n";
  }
  std::cout << report->size() << " commit(s)\n";
  return 0;
}
