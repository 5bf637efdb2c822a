// SPDX-License-Identifier: MIT
#include <bt/metadata/calls.hpp>
#include <bt/metadata/value.hpp>
#include <bt/metadata/value_decode.hpp>
#include <bt/subtensor/calls_admin.hpp>

#include <string>

namespace bt::subtensor {
namespace {
using metadata::Value;

Result<Value> call_value(const metadata::Metadata& md, ByteView call) {
  auto t = md.runtime_call_type();
  if (!t) return fail(metadata::MetadataError::not_found, "runtime has no RuntimeCall type");
  return metadata::decode_value(md.types, *t, call);
}
}  // namespace

Result<Bytes> batch_all_call(const metadata::Metadata& md, std::span<const Bytes> calls) {
  std::vector<Value> items;
  items.reserve(calls.size());
  for (const auto& c : calls) {
    BT_TRY(Value v, call_value(md, c));
    items.push_back(std::move(v));
  }
  return metadata::encode_call(md, "Utility", "batch_all",
                               Value::composite({{"calls", Value::sequence(std::move(items))}}));
}

Result<Bytes> sudo_call(const metadata::Metadata& md, ByteView call) {
  BT_TRY(Value v, call_value(md, call));
  return metadata::encode_call(md, "Sudo", "sudo", Value::composite({{"call", std::move(v)}}));
}

Result<Bytes> sudo_admin_call(const metadata::Metadata& md, std::string_view call,
                              std::vector<metadata::Value> args) {
  BT_TRY(Bytes inner, metadata::encode_call(md, "AdminUtils", call, Value::sequence(std::move(args))));
  return sudo_call(md, inner);
}

Result<Bytes> sudo_set_hyperparameter(const metadata::Metadata& md, std::string_view name,
                                      std::uint16_t netuid, std::uint64_t value) {
  const std::string call = "sudo_set_" + std::string(name);
  BT_TRY(const metadata::Variant* v, md.require_call("AdminUtils", call));
  if (v->fields.size() != 2 || !v->fields[0].name || *v->fields[0].name != "netuid")
    return fail(metadata::MetadataError::type_mismatch,
                "AdminUtils." + call + " does not take (netuid, value)");
  const bool is_bool = v->fields[1].type_name && *v->fields[1].type_name == "bool";
  return sudo_admin_call(md, call,
                         {Value::u(netuid), is_bool ? Value::boolean(value != 0) : Value::u(value)});
}

Result<Bytes> sudo_set_tempo(const metadata::Metadata& md, std::uint16_t netuid, std::uint16_t tempo) {
  return sudo_set_hyperparameter(md, "tempo", netuid, tempo);
}
Result<Bytes> sudo_set_weights_set_rate_limit(const metadata::Metadata& md, std::uint16_t netuid,
                                              std::uint64_t blocks) {
  return sudo_set_hyperparameter(md, "weights_set_rate_limit", netuid, blocks);
}
Result<Bytes> sudo_set_commit_reveal_weights_enabled(const metadata::Metadata& md, std::uint16_t netuid,
                                                     bool enabled) {
  return sudo_set_hyperparameter(md, "commit_reveal_weights_enabled", netuid, enabled ? 1 : 0);
}

}  // namespace bt::subtensor
