// SPDX-License-Identifier: MIT
// Cross-check against polkadot-js (@polkadot/types 16.5.6): reference files
// tests/vectors/metadata/polkadotjs_*.json were produced by tests/interop-scale/crosscheck.js from the
// metadata blobs next to them. This test compares pallets and indices, storage keys (full and
// partial), encoded calls, decoded constants and storage defaults, and a System.Events blob.
// The last test re-runs crosscheck.js when node and the pinned node_modules are available and checks
// that the committed reference is what polkadot-js produces today (skipped loudly otherwise).
#include <bt/metadata/calls.hpp>
#include <bt/metadata/events.hpp>
#include <bt/metadata/metadata.hpp>
#include <bt/metadata/storage.hpp>
#include <bt/metadata/value.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "support/node_script.hpp"
#include "support/skip.hpp"
#include "support/test_paths.hpp"

using namespace bt::metadata;
using json = nlohmann::json;

namespace {

const char* const kBlobs[] = {"raonet_v14", "raonet_v15", "spec143_v14"};

Metadata load_md(const std::string& name) {
  std::string s = bt::test::read_text_file(bt::test::vectors_dir() / "metadata" / (name + ".scale"));
  return Metadata::decode(bt::as_bytes(s)).value();
}
json load_ref(const std::string& name) {
  return json::parse(
      bt::test::read_text_file(bt::test::vectors_dir() / "metadata" / ("polkadotjs_" + name + ".json")));
}
Value to_value(const json& j) { return from_json(j.dump()).value(); }

// The normalized form of crosscheck.js's norm().
json norm(const Value& v) {
  switch (v.kind()) {
    case ValueKind::UInt:
    case ValueKind::Int:
    case ValueKind::U256:
    case ValueKind::I256: {
      std::string s = to_json(v);
      if (!s.empty() && s.front() == '"') s = s.substr(1, s.size() - 2);
      return json{{"n", s}};
    }
    case ValueKind::Bool:
      return v.as_bool();
    case ValueKind::Str:
      return v.str();
    case ValueKind::Char:
      return json::parse(to_json(v));
    case ValueKind::Bytes:
      return bt::to_hex(v.as_bytes());
    case ValueKind::BitSeq:
      return json::parse(to_json(v));
    case ValueKind::Composite: {
      if (v.items().empty()) return nullptr;
      if (!v.has_named_fields() && v.items().size() == 1) return norm(v.items()[0]);
      json a = json::array();
      for (const auto& x : v.items()) a.push_back(norm(x));
      return a;
    }
    case ValueKind::Variant: {
      if (v.name() == "None" && v.items().empty()) return nullptr;
      if (v.name() == "Some" && v.items().size() == 1 && !v.has_named_fields()) return norm(v.items()[0]);
      json inner;
      if (v.items().empty())
        inner = nullptr;
      else if (v.items().size() == 1 && !v.has_named_fields())
        inner = norm(v.items()[0]);
      else {
        inner = json::array();
        for (const auto& x : v.items()) inner.push_back(norm(x));
      }
      return json::array({v.name(), inner});
    }
    case ValueKind::Tuple:
      if (v.items().empty()) return nullptr;
      [[fallthrough]];
    case ValueKind::Sequence:
    case ValueKind::Array: {
      json a = json::array();
      for (const auto& x : v.items()) a.push_back(norm(x));
      return a;
    }
  }
  return nullptr;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}
std::string strip_underscores(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), '_'), s.end());
  return lower(s);
}

}  // namespace

TEST_CASE("polkadot-js: pallets, call/event/error indices, storage and constant names",
          "[metadata][interop]") {
  for (const char* name : kBlobs) {
    INFO(name);
    Metadata md = load_md(name);
    json ref = load_ref(name);
    REQUIRE(ref["pallets"].size() == md.pallets.size());
    for (std::size_t i = 0; i < md.pallets.size(); ++i) {
      const Pallet& p = md.pallets[i];
      const json& r = ref["pallets"][i];
      INFO(p.name);
      CHECK(r["name"] == p.name);
      CHECK(r["index"] == p.index);
      auto pairs = [](const std::vector<Variant>& vs) {
        json a = json::array();
        for (const auto& v : vs) a.push_back(json::array({v.name, v.index}));
        return a;
      };
      CHECK(r["calls"] == pairs(md.calls(p)));
      CHECK(r["events"] == pairs(md.events(p)));
      CHECK(r["errors"] == pairs(md.errors(p)));
      json storage = json::array(), constants = json::array();
      for (const auto& e : p.storage) storage.push_back(e.name);
      for (const auto& c : p.constants) constants.push_back(c.name);
      CHECK(r["storage"] == storage);
      CHECK(r["constants"] == constants);
    }
    json ext = json::array();
    for (const auto& x : md.extrinsic.extensions) ext.push_back(x.identifier);
    CHECK(ref["extrinsic"]["extensions"] == ext);
    CHECK(ref["extrinsic"]["version"] == md.extrinsic.versions.back());
  }
}

TEST_CASE("polkadot-js: storage keys and partial prefixes", "[metadata][interop]") {
  for (const char* name : kBlobs) {
    INFO(name);
    Metadata md = load_md(name);
    json ref = load_ref(name);
    REQUIRE(ref["storage_keys"].size() > 100);
    std::size_t maps = 0, decoded_back = 0;
    for (const auto& k : ref["storage_keys"]) {
      std::string pallet = k["pallet"], entry = k["entry"];
      INFO(pallet << "." << entry << " args " << k["args"].dump());
      std::vector<Value> args;
      for (const auto& a : k["args"]) args.push_back(to_value(a));
      auto key = storage_key(md, pallet, entry, args);
      REQUIRE(key);
      CHECK(bt::to_hex(*key) == k["key"].get<std::string>());
      if (k.contains("prefix1")) {
        auto pre = storage_key(md, pallet, entry, std::span<const Value>(args.data(), 1));
        REQUIRE(pre);
        CHECK(bt::to_hex(*pre) == k["prefix1"].get<std::string>());
      }
      if (args.empty()) continue;
      ++maps;
      auto parts = decode_storage_key(md, pallet, entry, *key);
      REQUIRE(parts);
      REQUIRE(parts->size() == args.size());
      auto types = storage_key_types(md.types, *md.storage_entry(pallet, entry)).value();
      for (std::size_t i = 0; i < parts->size(); ++i) {
        const auto& part = (*parts)[i];
        if (!part.value) continue;
        // The decoded key re-encodes to the bytes in the key.
        CHECK(encode_value(md.types, types[i], *part.value).value() == part.encoded);
        ++decoded_back;
      }
    }
    CHECK(maps > 50);
    CHECK(decoded_back > 50);
  }
}

TEST_CASE("polkadot-js: encoded calls", "[metadata][interop]") {
  for (const char* name : kBlobs) {
    INFO(name);
    Metadata md = load_md(name);
    json ref = load_ref(name);
    REQUIRE(ref["calls"].size() > 80);
    for (const auto& c : ref["calls"]) {
      std::string pallet = c["pallet"], call = c["call"];
      INFO(pallet << "." << call << " args " << c["args"].dump());
      auto bytes = encode_call(md, pallet, call, to_value(c["args"]));
      REQUIRE(bytes);
      CHECK(bt::to_hex(*bytes) == c["hex"].get<std::string>());
      auto back = decode_call(md, *bytes);
      REQUIRE(back);
      CHECK(back->pallet == pallet);
      CHECK(back->call == call);
      // decode -> encode round trip through the named-field value
      Value args = back->args;
      auto again = encode_call(md, pallet, call,
                               args.has_named_fields() ? [&] {
                                 Value::NamedFields nf;
                                 for (std::size_t i = 0; i < args.items().size(); ++i)
                                   nf.emplace_back(args.names()[i], args.items()[i]);
                                 return Value::composite(std::move(nf));
                               }()
                                                       : Value::sequence(args.items()));
      REQUIRE(again);
      CHECK(*again == *bytes);
    }
  }
}

TEST_CASE("polkadot-js: decoded constants and storage defaults", "[metadata][interop]") {
  for (const char* name : kBlobs) {
    INFO(name);
    Metadata md = load_md(name);
    json ref = load_ref(name);
    REQUIRE(ref["constants"].size() > 50);
    for (const auto& c : ref["constants"]) {
      INFO(c["pallet"].get<std::string>() << "." << c["name"].get<std::string>());
      auto v = constant_value(md, c["pallet"].get<std::string>(), c["name"].get<std::string>());
      REQUIRE(v);
      CHECK(norm(*v) == c["normalized"]);
      const Constant* k = md.constant(c["pallet"].get<std::string>(), c["name"].get<std::string>());
      CHECK(encode_value(md.types, k->type, *v).value() == k->value);
    }
    REQUIRE(ref["storage_defaults"].size() > 100);
    for (const auto& d : ref["storage_defaults"]) {
      std::string pallet = d["pallet"], entry = d["entry"];
      INFO(pallet << "." << entry);
      const StorageEntry* e = md.storage_entry(pallet, entry);
      REQUIRE(e);
      if (e->optional) continue;  // the default of an Optional entry is the encoding of None
      auto v = decode_value(md.types, e->value_type, e->default_value);
      REQUIRE(v);
      CHECK(norm(*v) == d["normalized"]);
    }
  }
}

TEST_CASE("polkadot-js: System.Events decoding", "[metadata][interop]") {
  for (const char* name : kBlobs) {
    INFO(name);
    Metadata md = load_md(name);
    json ref = load_ref(name);
    auto blob = bt::from_hex(ref["events_blob"].get<std::string>()).value();
    auto evs = decode_events(md, blob);
    if (!evs) FAIL(evs.error().to_string());
    REQUIRE(evs->size() == ref["events"].size());
    REQUIRE(evs->size() > 100);
    for (std::size_t i = 0; i < evs->size(); ++i) {
      const EventRecord& e = (*evs)[i];
      const json& r = ref["events"][i];
      INFO(e.pallet << "." << e.name);
      CHECK(strip_underscores(e.pallet) == strip_underscores(r["pallet"]));
      CHECK(e.name == r["name"].get<std::string>());
      CHECK(e.pallet_index == r["pallet_index"]);
      CHECK(e.event_index == r["event_index"]);
      const char* phases[] = {"ApplyExtrinsic", "Finalization", "Initialization"};
      CHECK(phases[static_cast<int>(e.phase.kind)] == r["phase"].get<std::string>());
      if (e.phase.kind == Phase::Kind::ApplyExtrinsic) CHECK(e.phase.extrinsic_index == r["phase_index"]);
      REQUIRE(e.topics.size() == r["topics"].size());
      for (std::size_t t = 0; t < e.topics.size(); ++t)
        CHECK(bt::to_hex(e.topics[t]) == r["topics"][t].get<std::string>());
      const Variant* ev = md.event(e.pallet, e.name);
      REQUIRE(ev);
      REQUIRE(e.fields.items().size() == r["fields"].size());
      for (std::size_t f = 0; f < ev->fields.size(); ++f)
        CHECK(bt::to_hex(encode_value(md.types, ev->fields[f].type, e.fields.items()[f]).value()) ==
              r["fields"][f].get<std::string>());
      if (!r["normalized"].is_null()) {
        json mine = json::array();
        for (const auto& x : e.fields.items()) mine.push_back(norm(x));
        CHECK(mine == r["normalized"]);
      }
    }
  }
}

TEST_CASE("polkadot-js: live re-run of crosscheck.js matches the committed reference",
          "[metadata][interop]") {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(BT_SOURCE_DIR) / "tests" / "interop-scale";
  fs::path nm = dir / "node_modules";
  if (const char* env = std::getenv("BT_INTEROP_NODE_MODULES"); env && *env) nm = env;
  if (!fs::exists(nm / "@polkadot" / "types") || !bt::test::node_on_path()) {
    BT_SKIP("polkadot-js live cross-check: no node or no "
            << nm.string()
            << " (run `npm ci` in tests/interop-scale or set BT_INTEROP_NODE_MODULES); the committed "
               "reference files were still checked by the other interop tests");
  }
  for (const char* name : kBlobs) {
    INFO(name);
    fs::path out = fs::path(BT_BINARY_DIR) / (std::string("interop_") + name + ".json");
    std::string cmd = "NODE_PATH='" + nm.string() + "' node '" + (dir / "crosscheck.js").string() + "' '" +
                      (bt::test::vectors_dir() / "metadata" / (std::string(name) + ".scale")).string() +
                      "' > '" + out.string() + "' 2>/dev/null";
    REQUIRE(std::system(cmd.c_str()) == 0);
    json live = json::parse(bt::test::read_text_file(out));
    json ref = load_ref(name);
    live.erase("polkadotjs_decode_ms");
    ref.erase("polkadotjs_decode_ms");
    CHECK(live == ref);
  }
}

TEST_CASE("real System.Events from the local chain decode like polkadot-js", "[metadata][interop][events]") {
  Metadata md = load_md("raonet_v15");
  json ref =
      json::parse(bt::test::read_text_file(bt::test::vectors_dir() / "metadata" / "raonet_events.json"));
  REQUIRE(ref["runtime"] == 218);
  std::size_t total = 0, module_errors = 0;
  for (const auto& b : ref["blocks"]) {
    INFO("block " << b["number"]);
    auto evs = decode_events(md, bt::from_hex(b["events"].get<std::string>()).value());
    if (!evs) FAIL(evs.error().to_string());
    REQUIRE(evs->size() == b["polkadotjs"].size());
    for (std::size_t i = 0; i < evs->size(); ++i) {
      const EventRecord& e = (*evs)[i];
      const json& r = b["polkadotjs"][i];
      CHECK(strip_underscores(e.pallet) == strip_underscores(r["section"]));
      CHECK(e.name == r["method"].get<std::string>());
      const char* phases[] = {"ApplyExtrinsic", "Finalization", "Initialization"};
      CHECK(phases[static_cast<int>(e.phase.kind)] == r["phase"].get<std::string>());
      CHECK(e.fields.items().size() == r["fields"]);
      if (r.contains("module_error")) {
        auto de = dispatch_error_from_value(md, *e.fields.field("dispatch_error"));
        REQUIRE(de);
        REQUIRE(de->module);
        CHECK(
            strip_underscores(de->module->pallet) + "." + de->module->name ==
            strip_underscores(r["module_error"].get<std::string>().substr(
                0, r["module_error"].get<std::string>().find('.'))) +
                r["module_error"].get<std::string>().substr(r["module_error"].get<std::string>().find('.')));
        CHECK(de->to_string().rfind("SubtensorModule.SubNetworkDoesNotExist", 0) == 0);
        ++module_errors;
      }
      ++total;
    }
  }
  CHECK(total == 132);
  CHECK(module_errors == 1);
}
