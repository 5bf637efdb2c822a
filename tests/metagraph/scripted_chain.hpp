// SPDX-License-Identifier: MIT
// A scripted Substrate node for the metagraph tests: serves, over WebSocket JSON-RPC (single requests and
// batches), a fixed set of blocks, each with its own raw storage (key -> value), plus one runtime
// version and metadata blob. Implements exactly what metagraph::sync and the client use:
// chain_getBlockHash, chain_getHeader, state_getRuntimeVersion, state_getMetadata, state_call (only an
// error: no Metadata_metadata_at_version), state_getStorage, state_getKeysPaged, state_queryStorageAt.
#pragma once

#include <bt/bytes.hpp>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

#include "../rpc/fake_node.hpp"

namespace bt::test {

class ScriptedChain {
 public:
  struct BlockState {
    std::string hash;                            // 0x-hex
    std::map<std::string, std::string> storage;  // 0x-hex key (lower case) -> 0x-hex value
  };

  ScriptedChain(std::uint32_t spec_version, Bytes metadata)
      : spec_version_(spec_version),
        metadata_hex_(to_hex(metadata)),
        node_([this](FakeNode::Conn& c, const std::string& msg) { on_message(c, msg); }) {}

  std::string url() const { return node_.ws_url(); }
  // Adds or replaces block `number`; its hash is derived from the number.
  BlockState& block(std::uint64_t number) {
    std::lock_guard lock(mu_);
    auto& b = blocks_[number];
    if (b.hash.empty()) {
      Bytes h(32, 0);
      for (int i = 0; i < 8; ++i)
        h[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(number >> (8 * i));
      h[31] = 0xb1;
      b.hash = to_hex(h);
    }
    return b;
  }
  void set(std::uint64_t number, const Bytes& key, const Bytes& value) {
    block(number).storage[to_hex(key)] = to_hex(value);
  }
  void erase(std::uint64_t number, const Bytes& key) { block(number).storage.erase(to_hex(key)); }
  std::uint64_t best() const { return blocks_.empty() ? 0 : blocks_.rbegin()->first; }
  // Answer state_queryStorageAt unusually but validly: changes in reverse order, keys in upper case,
  // and (odd) an extra member in the change set.
  void set_odd_answers(bool on) { odd_ = on; }
  // A runtime upgrade: every block reports this spec version from now on (same metadata blob).
  void set_spec_version(std::uint32_t v) { spec_version_ = v; }

 private:
  using json = nlohmann::json;

  const BlockState* find(const json& at, std::uint64_t* number = nullptr) const {
    if (at.is_null()) {
      if (blocks_.empty()) return nullptr;
      if (number) *number = blocks_.rbegin()->first;
      return &blocks_.rbegin()->second;
    }
    for (const auto& [n, b] : blocks_)
      if (at.is_string() && b.hash == at.get<std::string>()) {
        if (number) *number = n;
        return &b;
      }
    return nullptr;
  }

  json answer(const json& req) {
    const std::string m = req.value("method", "");
    const json p = req.contains("params") ? req["params"] : json::array();
    auto arg = [&](std::size_t i) { return i < p.size() ? p[i] : json(nullptr); };
    json r = {{"jsonrpc", "2.0"}, {"id", req.contains("id") ? req["id"] : json(nullptr)}};
    std::lock_guard lock(mu_);
    if (m == "chain_getBlockHash") {
      if (arg(0).is_null()) {
        r["result"] = blocks_.empty() ? json(nullptr) : json(blocks_.rbegin()->second.hash);
      } else {
        auto it = blocks_.find(arg(0).get<std::uint64_t>());
        r["result"] = it == blocks_.end() ? json(nullptr) : json(it->second.hash);
      }
    } else if (m == "chain_getHeader") {
      std::uint64_t n = 0;
      if (!find(arg(0), &n)) {
        r["result"] = nullptr;
      } else {
        const std::string zero = "0x" + std::string(64, '0');
        char num[32];
        std::snprintf(num, sizeof num, "0x%llx", static_cast<unsigned long long>(n));
        r["result"] = {{"parentHash", zero},
                       {"number", num},
                       {"stateRoot", zero},
                       {"extrinsicsRoot", zero},
                       {"digest", {{"logs", json::array()}}}};
      }
    } else if (m == "state_getRuntimeVersion") {
      r["result"] = {{"specName", "node-subtensor"},
                     {"implName", "node-subtensor"},
                     {"authoringVersion", 1},
                     {"specVersion", spec_version_.load()},
                     {"implVersion", 1},
                     {"apis", json::array()},
                     {"transactionVersion", 1},
                     {"stateVersion", 1}};
    } else if (m == "state_getMetadata") {
      r["result"] = metadata_hex_;
    } else if (m == "state_getStorage") {
      const BlockState* b = find(arg(1));
      auto it = b ? b->storage.find(arg(0).get<std::string>()) : decltype(b->storage.end()){};
      r["result"] = b && it != b->storage.end() ? json(it->second) : json(nullptr);
    } else if (m == "state_getKeysPaged") {
      const BlockState* b = find(arg(3));
      const std::string prefix = arg(0).get<std::string>();
      const std::size_t count = arg(1).get<std::size_t>();
      json keys = json::array();
      if (b) {
        auto it = arg(2).is_string() ? b->storage.upper_bound(arg(2).get<std::string>())
                                     : b->storage.lower_bound(prefix);
        for (; it != b->storage.end() && keys.size() < count; ++it) {
          if (it->first.compare(0, prefix.size(), prefix) != 0) {
            if (it->first > prefix) break;
            continue;
          }
          keys.push_back(it->first);
        }
      }
      r["result"] = keys;
    } else if (m == "state_queryStorageAt") {
      const BlockState* b = find(arg(1));
      if (!b) {
        r["error"] = {{"code", -32000}, {"message", "unknown block"}};
      } else {
        json changes = json::array();
        for (const auto& k : arg(0)) {
          auto it = b->storage.find(k.get<std::string>());
          changes.push_back(json::array({k, it == b->storage.end() ? json(nullptr) : json(it->second)}));
        }
        if (odd_) {
          std::reverse(changes.begin(), changes.end());
          for (auto& ch : changes) {
            std::string k = ch[0].get<std::string>();
            for (std::size_t i = 2; i < k.size(); ++i) k[i] = static_cast<char>(std::toupper(k[i]));
            ch[0] = k;
          }
          r["result"] = json::array({{{"block", b->hash}, {"changes", changes}, {"x-extra", 1}}});
        } else {
          r["result"] = json::array({{{"block", b->hash}, {"changes", changes}}});
        }
      }
    } else {
      r["error"] = {{"code", -32601}, {"message", "Method not found: " + m}};
    }
    return r;
  }

  void on_message(FakeNode::Conn& c, const std::string& msg) {
    json req = json::parse(msg, nullptr, false);
    if (req.is_array()) {
      json out = json::array();
      for (const auto& r : req) out.push_back(answer(r));
      c.send_text(out.dump());
    } else if (req.is_object()) {
      c.send_text(answer(req).dump());
    }
  }

  std::atomic<std::uint32_t> spec_version_;
  bool odd_ = false;
  std::string metadata_hex_;
  mutable std::mutex mu_;
  std::map<std::uint64_t, BlockState> blocks_;
  FakeNode node_;
};

}  // namespace bt::test
