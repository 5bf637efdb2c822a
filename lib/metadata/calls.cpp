// SPDX-License-Identifier: MIT
#include <bt/metadata/calls.hpp>

namespace bt::metadata {

Result<Bytes> encode_call(const Metadata& md, std::string_view pallet, std::string_view call,
                          const Value& args) {
  BT_TRY(const Pallet* p, md.require_pallet(pallet));
  BT_TRY(const Variant* var, md.require_call(pallet, call));
  if (!p->call_type) return fail(MetadataError::not_found, std::string(pallet) + " has no calls");
  Value v;
  if (args.has_named_fields()) {
    Value::NamedFields nf;
    for (std::size_t i = 0; i < args.items().size(); ++i) nf.emplace_back(args.names()[i], args.items()[i]);
    v = Value::variant(var->name, std::move(nf), var->index);
  } else if (args.is(ValueKind::Composite) || args.is(ValueKind::Sequence) || args.is(ValueKind::Tuple) ||
             args.is(ValueKind::Array)) {
    v = Value::variant_unnamed(var->name, args.items(), var->index);
  } else {
    return fail(MetadataError::type_mismatch,
                "call arguments must be a composite (by name) or a sequence (by position)");
  }
  scale::Encoder e;
  e.put_u8(p->index);
  auto r = encode_value_to(md.types, *p->call_type, v, e);
  if (!r)
    return fail(
        Error(r.error().code(), std::string(pallet) + "." + std::string(call) + ": " + r.error().message()));
  return std::move(e).take();
}

Result<Bytes> encode_call_json(const Metadata& md, std::string_view pallet, std::string_view call,
                               std::string_view args_json) {
  BT_TRY(Value args, from_json(args_json));
  return encode_call(md, pallet, call, args);
}

Result<DecodedCall> decode_call(const Metadata& md, ByteView data) {
  scale::Decoder d(data);
  std::uint8_t pi = d.read_u8();
  BT_TRY_VOID(d.status());
  const Pallet* p = md.pallet_by_index(pi);
  if (!p || !p->call_type)
    return fail(scale::DecodeError::invalid_variant, "no pallet with calls at index " + std::to_string(pi));
  Value v = decode_value(md.types, *p->call_type, d);
  BT_TRY_VOID(d.finish());
  DecodedCall out;
  out.pallet = p->name;
  out.pallet_index = pi;
  out.call = v.name();
  out.call_index = v.variant_index();
  out.args = std::move(v);
  return out;
}

Result<Value> constant_value(const Metadata& md, std::string_view pallet, std::string_view name) {
  BT_TRY(const Constant* c, md.require_constant(pallet, name));
  return decode_value(md.types, c->type, c->value);
}

}  // namespace bt::metadata
