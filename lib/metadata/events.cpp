// SPDX-License-Identifier: MIT
#include <bt/metadata/events.hpp>

namespace bt::metadata {

namespace {
Unexpected shape(const std::string& what) {
  return fail(MetadataError::type_mismatch, "System.Events: " + what);
}
}  // namespace

Result<std::vector<EventRecord>> decode_events(const Metadata& md, ByteView data) {
  BT_TRY(const StorageEntry* entry, md.require_storage_entry("System", "Events"));
  BT_TRY(Value all, decode_value(md.types, entry->value_type, data));
  if (!all.is(ValueKind::Sequence)) return shape("not a sequence");
  std::vector<EventRecord> out;
  out.reserve(all.items().size());
  for (const Value& rec : all.items()) {
    const Value* phase = rec.field("phase");
    const Value* event = rec.field("event");
    const Value* topics = rec.field("topics");
    if (!phase || !event || !topics) return shape("record without phase/event/topics");
    EventRecord r;
    if (!phase->is(ValueKind::Variant)) return shape("phase is not a variant");
    if (phase->name() == "ApplyExtrinsic") {
      r.phase.kind = Phase::Kind::ApplyExtrinsic;
      if (phase->items().size() != 1) return shape("ApplyExtrinsic without index");
      BT_TRY(std::uint64_t idx, phase->items()[0].to_u64());
      r.phase.extrinsic_index = static_cast<std::uint32_t>(idx);
    } else if (phase->name() == "Finalization") {
      r.phase.kind = Phase::Kind::Finalization;
    } else {
      r.phase.kind = Phase::Kind::Initialization;
    }
    // RuntimeEvent::Pallet(pallet::Event::Name { fields })
    if (!event->is(ValueKind::Variant) || event->items().size() != 1 ||
        !event->items()[0].is(ValueKind::Variant))
      return shape("event is not RuntimeEvent::Pallet(Event)");
    r.pallet = event->name();
    r.pallet_index = event->variant_index();
    const Value& inner = event->items()[0];
    r.name = inner.name();
    r.event_index = inner.variant_index();
    if (inner.has_named_fields()) {
      Value::NamedFields nf;
      for (std::size_t i = 0; i < inner.items().size(); ++i)
        nf.emplace_back(inner.names()[i], inner.items()[i]);
      r.fields = Value::composite(std::move(nf));
    } else {
      r.fields = Value::unnamed(inner.items());
    }
    if (const Variant* ev = md.event(r.pallet, r.name)) r.docs = ev->docs;
    for (const Value& topic : topics->items()) {
      // H256 is a newtype around [u8; 32]
      const Value& t = topic.is(ValueKind::Composite) && topic.items().size() == 1 ? topic.items()[0] : topic;
      if (!t.is(ValueKind::Bytes) || t.as_bytes().size() != 32) return shape("topic is not a 32-byte hash");
      Hash256 h;
      std::copy(t.as_bytes().begin(), t.as_bytes().end(), h.data.begin());
      r.topics.push_back(h);
    }
    out.push_back(std::move(r));
  }
  return out;
}

Result<ModuleError> resolve_module_error(const Metadata& md, std::uint8_t pallet_index,
                                         ByteView error_bytes) {
  const Pallet* p = md.pallet_by_index(pallet_index);
  if (!p) return fail(MetadataError::not_found, "no pallet at index " + std::to_string(pallet_index));
  if (error_bytes.empty()) return fail(MetadataError::invalid_key, "empty module error bytes");
  const auto& errs = md.errors(*p);
  ModuleError m;
  m.pallet = p->name;
  m.pallet_index = pallet_index;
  m.error_index = error_bytes[0];
  m.raw.assign(error_bytes.begin(), error_bytes.end());
  for (const auto& v : errs) {
    if (v.index == m.error_index) {
      m.name = v.name;
      m.docs = v.docs;
      return m;
    }
  }
  return fail(MetadataError::not_found,
              "pallet " + p->name + " has no error with index " + std::to_string(m.error_index));
}

Result<DispatchErrorInfo> dispatch_error_from_value(const Metadata& md, const Value& v) {
  if (!v.is(ValueKind::Variant)) return fail(MetadataError::type_mismatch, "DispatchError is not a variant");
  DispatchErrorInfo info;
  info.kind = v.name();
  info.value = v;
  if (info.kind == "Module") {
    // Module(ModuleError { index: u8, error: [u8; 4] }) — older runtimes: error: u8.
    const Value* me = v.items().size() == 1 ? &v.items()[0] : &v;
    const Value* idx = me->field("index");
    const Value* err = me->field("error");
    if (!idx || !err) return fail(MetadataError::type_mismatch, "DispatchError::Module without index/error");
    BT_TRY(std::uint64_t pi, idx->to_u64());
    Bytes eb;
    if (err->is(ValueKind::Bytes)) {
      eb = err->as_bytes();
    } else {
      BT_TRY(std::uint64_t e, err->to_u64());
      eb.push_back(static_cast<std::uint8_t>(e));
    }
    if (pi > 255) return fail(MetadataError::out_of_range, "module index");
    BT_TRY(ModuleError m, resolve_module_error(md, static_cast<std::uint8_t>(pi), eb));
    info.module = std::move(m);
  }
  return info;
}

Result<DispatchErrorInfo> decode_dispatch_error(const Metadata& md, ByteView data) {
  const Type* t = md.types.find_by_path("sp_runtime::DispatchError");
  if (!t) return fail(MetadataError::not_found, "sp_runtime::DispatchError is not in the registry");
  BT_TRY(Value v, decode_value(md.types, t->id, data));
  return dispatch_error_from_value(md, v);
}

std::string DispatchErrorInfo::to_string() const {
  if (module) {
    std::string s = module->pallet + "." + module->name;
    if (!module->docs.empty() && !module->docs[0].empty()) {
      std::string d = module->docs[0];
      std::size_t b = d.find_first_not_of(' ');
      s += ": " + (b == std::string::npos ? d : d.substr(b));
    }
    return s;
  }
  if (value.items().empty()) return kind;
  std::string s = kind;
  s += ": ";
  s += to_json(value.items().size() == 1 ? value.items()[0] : value);
  return s;
}

}  // namespace bt::metadata
