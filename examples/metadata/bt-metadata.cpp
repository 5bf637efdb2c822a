// SPDX-License-Identifier: MIT
// bt-metadata: inspect runtime metadata.
//
//   bt-metadata summary FILE                  JSON summary of pallets and the extrinsic format
//   bt-metadata decode-value FILE TYPE_ID HEX  decode HEX as registry type TYPE_ID, print JSON
//   bt-metadata type-name FILE TYPE_ID         print the type's name, e.g. Vec<(u16, u16)>
//
// FILE holds the metadata as raw SCALE bytes or as 0x-hex text (what state_getMetadata returns).
// FILE must be a regular file of at most 16 MiB (a directory, FIFO or device is refused).
// Exit status: 0 on success, 1 on a decode/lookup error (message on stderr), 2 on bad usage or an
// unreadable FILE (one line "bt-metadata: error: ..."); --help prints the usage.
#include <bt/metadata/metadata.hpp>
#include <bt/metadata/value.hpp>

#include <nlohmann/json.hpp>

#include <iostream>
#include <string>

#include "../common/cli.hpp"

namespace {

using bt::metadata::Metadata;
using json = nlohmann::ordered_json;

constexpr std::string_view kTool = "bt-metadata";
constexpr const char* kUsage =
    "usage: bt-metadata summary FILE\n"
    "       bt-metadata decode-value FILE TYPE_ID HEX\n"
    "       bt-metadata type-name FILE TYPE_ID\n";

bt::Result<Metadata> load(const std::string& path) {
  std::string err;
  auto text = bt_cli::load_file(path, bt_cli::kMaxMetadataFileBytes, &err);
  if (!text) bt_cli::usage_error(kTool, err);
  return Metadata::from_hex_or_bytes(bt::as_bytes(*text));
}

json summary(const Metadata& md) {
  json pallets = json::array();
  for (const auto& p : md.pallets) {
    auto names = [](const std::vector<bt::metadata::Variant>& vs) {
      json a = json::array();
      for (const auto& v : vs) a.push_back(v.name);
      return a;
    };
    json storage = json::array();
    for (const auto& e : p.storage) storage.push_back(e.name);
    json constants = json::array();
    for (const auto& c : p.constants) constants.push_back(c.name);
    pallets.push_back(json{{"name", p.name},
                           {"index", p.index},
                           {"calls", names(md.calls(p))},
                           {"storage", storage},
                           {"events", names(md.events(p))},
                           {"errors", names(md.errors(p))},
                           {"constants", constants}});
  }
  json ext = json::array();
  for (const auto& x : md.extrinsic.extensions) ext.push_back(x.identifier);
  int xver = md.extrinsic.versions.empty() ? 0 : md.extrinsic.versions.back();
  return json{
      {"version", md.version}, {"pallets", pallets}, {"extrinsic", {{"version", xver}, {"extensions", ext}}}};
}

}  // namespace

int main(int argc, char** argv) {
  const auto args = bt_cli::parse_args(kTool, argc, argv, 1, bt_cli::OptionSpec{});
  if (args.help) {
    std::cout << kUsage;
    return 0;
  }
  const auto& pos = args.positional;
  if (pos.empty()) bt_cli::usage_error(kTool, "missing command (summary, decode-value, type-name)");
  const std::string cmd = pos[0];
  if (cmd != "summary" && cmd != "decode-value" && cmd != "type-name")
    bt_cli::usage_error(kTool, "unknown command '" + cmd + "'");
  const std::size_t want = cmd == "summary" ? 2 : cmd == "type-name" ? 3 : 4;
  if (pos.size() != want)
    bt_cli::usage_error(kTool, cmd + " takes " + std::to_string(want - 1) + " argument(s)");
  std::uint32_t id = 0;
  if (cmd != "summary") {
    auto v = bt_cli::parse_uint(pos[2], 0, UINT32_MAX);
    if (!v) bt_cli::usage_error(kTool, "TYPE_ID must be a non-negative integer, got '" + pos[2] + "'");
    id = static_cast<std::uint32_t>(*v);
  }
  auto md = load(pos[1]);
  if (!md) {
    std::cerr << "bt-metadata: " << md.error().to_string() << "\n";
    return 1;
  }
  if (cmd == "summary") {
    std::cout << summary(*md).dump() << "\n";
    return 0;
  }
  if (!md->types.find(id)) {
    std::cerr << "bt-metadata: no type " << id << " in the registry (" << md->types.size() << " types)\n";
    return 1;
  }
  if (cmd == "type-name") {
    std::cout << md->types.type_name(id) << "\n";
    return 0;
  }
  auto bytes = bt::from_hex(pos[3]);
  if (!bytes) {
    std::cerr << "bt-metadata: " << bytes.error().to_string() << "\n";
    return 1;
  }
  auto v = bt::metadata::decode_value(md->types, id, *bytes);
  if (!v) {
    std::cerr << "bt-metadata: " << v.error().to_string() << "\n";
    return 1;
  }
  std::cout << bt::metadata::to_json(*v) << "\n";
  return 0;
}
