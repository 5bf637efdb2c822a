// SPDX-License-Identifier: MIT
// bt-keys: inspect, sign, verify, generate Substrate keys (sr25519, ed25519, ecdsa) like `subkey`.
//
//   bt-keys inspect [--scheme S] [--password PW] [--network-prefix N] URI
//       -> {"public_key":"0x..","account_id":"0x..","ss58_address":"..","scheme":"S"}
//   bt-keys sign --scheme S [--password PW] URI HEXMSG          -> signature hex (0x...)
//   bt-keys verify --scheme S --public 0x.. --message 0x.. --signature 0x..   exit 0 valid, 1 invalid
//   bt-keys generate [--words N] [--scheme S] [--network-prefix N]   -> {"mnemonic":..,...inspect fields}
//   bt-keys ss58-decode ADDRESS                                  -> {"prefix":N,"payload":"0x.."}
//   bt-keys ss58-encode [--network-prefix N] 0xPAYLOAD          -> address
// Errors: one line "bt-keys: error: ..." on stderr and exit status 2; --help prints the usage (exit 0).
#include <bt/crypto/bip39.hpp>
#include <bt/crypto/keypair.hpp>
#include <bt/crypto/ss58.hpp>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "../common/cli.hpp"

namespace {

using namespace bt;
using namespace bt::crypto;

struct Args {
  std::map<std::string, std::string> opts;
  std::vector<std::string> positional;
};

constexpr std::string_view kTool = "bt-keys";

[[noreturn]] void die(const std::string& msg) { bt_cli::usage_error(kTool, msg); }

constexpr const char* kUsage =
    "usage:\n"
    "  bt-keys inspect [--scheme sr25519|ed25519|ecdsa] [--password PW] [--network-prefix N] URI\n"
    "  bt-keys sign --scheme S [--password PW] URI HEXMSG\n"
    "  bt-keys verify --scheme S --public 0x.. --message 0x.. --signature 0x..\n"
    "  bt-keys generate [--words N] [--scheme S] [--network-prefix N]\n"
    "  bt-keys ss58-decode ADDRESS\n"
    "  bt-keys ss58-encode [--network-prefix N] 0xPAYLOAD\n";

[[noreturn]] void usage() { die("wrong arguments for this command"); }

Args parse(int argc, char** argv, int start) {
  const bt_cli::OptionSpec spec{
      {}, {"--scheme", "--password", "--network-prefix", "--words", "--public", "--message", "--signature"}};
  auto p = bt_cli::parse_args(kTool, argc, argv, start, spec);
  if (p.help) {
    std::cout << kUsage;
    std::exit(0);
  }
  Args a;
  a.opts = std::move(p.values);
  a.positional = std::move(p.positional);
  return a;
}

template <class T>
T check(Result<T> r) {
  if (!r) die(r.error().to_string());
  return std::move(r).value();
}

Scheme scheme_of(const Args& a) {
  auto it = a.opts.find("--scheme");
  return it == a.opts.end() ? Scheme::sr25519 : check(parse_scheme(it->second));
}

std::uint16_t prefix_of(const Args& a) {
  auto it = a.opts.find("--network-prefix");
  if (it == a.opts.end()) return 42;
  const std::string& s = it->second;
  if (s.empty() || s.size() > 5 || s.find_first_not_of("0123456789") != std::string::npos)
    die("--network-prefix must be a number 0..16383");
  unsigned long v = std::stoul(s);
  if (v > ss58_max_prefix) die("--network-prefix must be 0..16383");
  return static_cast<std::uint16_t>(v);
}

std::optional<std::string_view> password_of(const Args& a) {
  auto it = a.opts.find("--password");
  if (it == a.opts.end()) return std::nullopt;
  return std::string_view(it->second);
}

nlohmann::json describe(const Keypair& kp, std::uint16_t prefix) {
  return nlohmann::json{{"scheme", std::string(scheme_name(kp.scheme()))},
                        {"public_key", to_hex(kp.public_key())},
                        {"account_id", to_hex(kp.account_id())},
                        {"ss58_address", check(kp.ss58_address(prefix))}};
}

int cmd_inspect(const Args& a) {
  if (a.positional.size() != 1) usage();
  auto kp = check(Keypair::from_uri(a.positional[0], scheme_of(a), password_of(a)));
  std::cout << describe(kp, prefix_of(a)).dump() << "\n";
  return 0;
}

int cmd_sign(const Args& a) {
  if (a.positional.size() != 2) usage();
  auto kp = check(Keypair::from_uri(a.positional[0], scheme_of(a), password_of(a)));
  auto msg = check(from_hex(a.positional[1]));
  std::cout << to_hex(kp.sign(msg).signature) << "\n";
  return 0;
}

int cmd_verify(const Args& a) {
  auto get = [&](const char* k) {
    auto it = a.opts.find(k);
    if (it == a.opts.end()) die(std::string("verify needs ") + k);
    return it->second;
  };
  Scheme s = scheme_of(a);
  auto pk = check(from_hex(get("--public")));
  auto msg = check(from_hex(get("--message")));
  auto sig = check(from_hex(get("--signature")));
  auto signer = check(MultiSigner::make(s, pk));
  auto signature = MultiSignature::make(s, sig);
  if (!signature) return 1;  // wrong length: not a valid signature
  return verify(*signature, msg, signer) ? 0 : 1;
}

int cmd_generate(const Args& a) {
  std::size_t words = 12;
  if (auto it = a.opts.find("--words"); it != a.opts.end()) {
    if (it->second.empty() || it->second.size() > 3 ||
        it->second.find_first_not_of("0123456789") != std::string::npos)
      die("--words must be 12, 15, 18, 21 or 24");
    words = std::stoul(it->second);
  }
  auto phrase = check(bip39::generate(words));
  auto kp = check(Keypair::from_mnemonic(phrase, scheme_of(a)));
  auto j = describe(kp, prefix_of(a));
  j["mnemonic"] = phrase;
  std::cout << j.dump() << "\n";
  return 0;
}

int cmd_ss58_decode(const Args& a) {
  if (a.positional.size() != 1) usage();
  auto d = check(ss58_decode(a.positional[0]));
  std::cout << nlohmann::json{{"prefix", d.prefix}, {"payload", to_hex(d.payload)}}.dump() << "\n";
  return 0;
}

int cmd_ss58_encode(const Args& a) {
  if (a.positional.size() != 1) usage();
  auto payload = check(from_hex(a.positional[0]));
  std::cout << check(ss58_encode(payload, prefix_of(a))) << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) die("missing command");
  std::string cmd = argv[1];
  if (cmd == "-h" || cmd == "--help" || cmd == "help") {
    std::cout << kUsage;
    return 0;
  }
  Args a = parse(argc, argv, 2);
  try {
    if (cmd == "inspect") return cmd_inspect(a);
    if (cmd == "sign") return cmd_sign(a);
    if (cmd == "verify") return cmd_verify(a);
    if (cmd == "generate") return cmd_generate(a);
    if (cmd == "ss58-decode") return cmd_ss58_decode(a);
    if (cmd == "ss58-encode") return cmd_ss58_encode(a);
  } catch (const std::exception& e) {
    die(e.what());
  }
  die("unknown command '" + cmd + "'");
}
