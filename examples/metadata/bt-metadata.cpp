// SPDX-License-Identifier: MIT
// bt-metadata: inspect runtime metadata.
//
//   bt-metadata summary FILE                  JSON summary of pallets and the extrinsic format
//   bt-metadata decode-value FILE TYPE_ID HEX  decode HEX as registry type TYPE_ID, print JSON
//   bt-metadata type-name FILE TYPE_ID         print the type's name, e.g. Vec<(u16, u16)>
//
// FILE holds the metadata as raw SCALE bytes or as 0x-hex text (what state_getMetadata returns).
// Exit status: 0 on success, 1 on a decode/lookup error (message on stderr), 2 on bad usage.
#include <bt/metadata/metadata.hpp>
#include <bt/metadata/value.hpp>

#include <nlohmann/json.hpp>

#include <charconv>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

namespace {

using bt::metadata::Metadata;
using json = nlohmann::ordered_json;

int usage() {
  std::cerr << "usage: bt-metadata summary FILE\n"
               "       bt-metadata decode-value FILE TYPE_ID HEX\n"
               "       bt-metadata type-name FILE TYPE_ID\n";
  return 2;
}

bt::Result<Metadata> load(const char* path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return bt::fail(bt::CoreError::io_error, std::string("cannot open ") + path);
  bt::Bytes data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return Metadata::from_hex_or_bytes(data);
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
  return json{{"version", md.version}, {"pallets", pallets}, {"extrinsic", {{"version", xver}, {"extensions", ext}}}};
}

bool parse_id(const char* s, std::uint32_t& out) {
  std::string_view v(s);
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  return ec == std::errc() && p == v.data() + v.size();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return usage();
  std::string cmd = argv[1];
  if (cmd != "summary" && cmd != "decode-value" && cmd != "type-name") return usage();
  if ((cmd == "summary" && argc != 3) || (cmd == "decode-value" && argc != 5) || (cmd == "type-name" && argc != 4))
    return usage();
  auto md = load(argv[2]);
  if (!md) {
    std::cerr << "bt-metadata: " << md.error().to_string() << "\n";
    return 1;
  }
  if (cmd == "summary") {
    std::cout << summary(*md).dump() << "\n";
    return 0;
  }
  std::uint32_t id = 0;
  if (!parse_id(argv[3], id)) {
    std::cerr << "bt-metadata: TYPE_ID must be a non-negative integer\n";
    return 2;
  }
  if (!md->types.find(id)) {
    std::cerr << "bt-metadata: no type " << id << " in the registry (" << md->types.size() << " types)\n";
    return 1;
  }
  if (cmd == "type-name") {
    std::cout << md->types.type_name(id) << "\n";
    return 0;
  }
  auto bytes = bt::from_hex(argv[4]);
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
