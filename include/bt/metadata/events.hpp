// SPDX-License-Identifier: MIT
// Events (System.Events) and dispatch errors, decoded by metadata into names and fields.
//
//   bt::Result<std::vector<EventRecord>> evs = decode_events(md, system_events_bytes);
//   for (auto& e : *evs) std::cout << e.pallet << "." << e.name << " " << to_json(e.fields);
//
//   auto err = decode_dispatch_error(md, bytes);          // sp_runtime::DispatchError
//   err->to_string()  // "SubtensorModule.SettingWeightsTooFast: <first doc line>"
//   // From an ExtrinsicFailed event: dispatch_error_from_value(md, *e.fields.field("dispatch_error"))
//
// `system_events_bytes` is the raw value of the System.Events storage item (state_getStorage of
// twox128("System") ++ twox128("Events")). Malformed bytes give a bt.scale DecodeError.
#pragma once

#include <bt/bytes.hpp>
#include <bt/metadata/metadata.hpp>
#include <bt/metadata/value.hpp>
#include <bt/result.hpp>

#include <optional>
#include <string>
#include <vector>

namespace bt::metadata {

struct Phase {
  enum class Kind : std::uint8_t { ApplyExtrinsic = 0, Finalization = 1, Initialization = 2 };
  Kind kind = Kind::Initialization;
  std::uint32_t extrinsic_index = 0;  // ApplyExtrinsic only
};

struct EventRecord {
  Phase phase;
  std::string pallet;
  std::uint8_t pallet_index = 0;
  std::string name;
  std::uint8_t event_index = 0;
  Value fields;  // a Composite: named fields (e.g. "dispatch_error") or unnamed ones
  std::vector<Hash256> topics;
  std::vector<std::string> docs;  // the event's documentation
};

// Decodes the System.Events value (Vec<EventRecord<RuntimeEvent, Hash>>).
Result<std::vector<EventRecord>> decode_events(const Metadata& md, ByteView data);

struct ModuleError {
  std::string pallet;
  std::uint8_t pallet_index = 0;
  std::string name;
  std::uint8_t error_index = 0;
  std::vector<std::string> docs;
  Bytes raw;  // the error bytes as sent ([u8; 4] in current runtimes)
};

struct DispatchErrorInfo {
  std::string kind;                   // variant of DispatchError: "Module", "BadOrigin", "Token", ...
  std::optional<ModuleError> module;  // for kind == "Module"
  Value value;                        // the decoded DispatchError
  // "SubtensorModule.SettingWeightsTooFast: <first doc line>" for module errors, else the variant
  // name and its fields as JSON (e.g. "Token: \"FundsUnavailable\"").
  std::string to_string() const;
};

// Resolves a module error: pallet by index, error variant by the first error byte.
Result<ModuleError> resolve_module_error(const Metadata& md, std::uint8_t pallet_index, ByteView error_bytes);
// Decodes sp_runtime::DispatchError bytes (whole input).
Result<DispatchErrorInfo> decode_dispatch_error(const Metadata& md, ByteView data);
// Interprets an already decoded DispatchError value (e.g. the field of System.ExtrinsicFailed).
Result<DispatchErrorInfo> dispatch_error_from_value(const Metadata& md, const Value& v);

}  // namespace bt::metadata
