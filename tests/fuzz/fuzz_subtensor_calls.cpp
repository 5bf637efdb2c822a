// SPDX-License-Identifier: MIT
// Fuzzes the subtensor entry points that take caller bytes or numbers: sudo_call / batch_all_call
// (RuntimeCall bytes re-decoded against the raonet metadata, tests/vectors/metadata/raonet_v14.scale or
// $BT_FUZZ_METADATA) and process_weights / normalize_max_weight (float32 weights from the input). Malformed
// calls must be a bt.scale / bt.metadata error and a built call must decode as Sudo.sudo / Utility.batch_all;
// weight processing must never crash, return matching uids/weights, and fail on finite input only with
// invalid_argument.
#include <bt/metadata/calls.hpp>
#include <bt/metadata/metadata.hpp>
#include <bt/subtensor/calls_admin.hpp>
#include <bt/subtensor/weights.hpp>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {
const bt::metadata::Metadata& md() {
  static bt::metadata::Metadata m = [] {
    std::filesystem::path p = std::filesystem::path(BT_VECTORS_DIR) / "metadata" / "raonet_v14.scale";
    if (const char* env = std::getenv("BT_FUZZ_METADATA"); env && *env) p = env;
    std::ifstream in(p, std::ios::binary);
    bt::Bytes b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto r = bt::metadata::Metadata::decode(b);
    if (!r) std::abort();
    return std::move(*r);
  }();
  return m;
}

void check_error(const bt::Error& e) {
  const std::string mod = e.module();
  if (mod != "bt.scale" && mod != "bt.metadata") std::abort();
}

void calls(bt::ByteView in) {
  auto s = bt::subtensor::sudo_call(md(), in);
  if (!s) {
    check_error(s.error());
  } else {
    auto d = bt::metadata::decode_call(md(), *s);
    if (!d || d->pallet != "Sudo" || d->call != "sudo") std::abort();
  }
  // the input as a list of calls: each piece is prefixed by its length byte
  std::vector<bt::Bytes> pieces;
  std::size_t i = 0;
  while (i < in.size() && pieces.size() < 8) {
    const std::size_t n = std::min<std::size_t>(in[i], in.size() - i - 1);
    pieces.emplace_back(in.begin() + static_cast<std::ptrdiff_t>(i + 1),
                        in.begin() + static_cast<std::ptrdiff_t>(i + 1 + n));
    i += 1 + n;
  }
  auto b = bt::subtensor::batch_all_call(md(), pieces);
  if (!b) {
    check_error(b.error());
  } else {
    auto d = bt::metadata::decode_call(md(), *b);
    if (!d || d->pallet != "Utility" || d->call != "batch_all") std::abort();
  }
}

void weights(bt::ByteView in) {
  if (in.size() < 6) return;
  const std::uint16_t n = static_cast<std::uint16_t>(in[0] | (in[1] << 8)) % 1024;
  const std::uint8_t min_allowed = in[2];
  const double limit = in[3] / 255.0;
  const std::int64_t quantile = in[4] * 257;
  std::vector<float> w;
  std::vector<std::int64_t> uids;
  bool finite = true;
  for (std::size_t i = 5; i + 4 <= in.size() && w.size() < 512; i += 4) {
    float f;
    std::memcpy(&f, in.data() + i, 4);
    if (!std::isfinite(f) || f < 0) finite = false;
    w.push_back(f);
    uids.push_back(static_cast<std::int64_t>(w.size() - 1));
  }
  auto r = bt::subtensor::process_weights(uids, w, n, min_allowed, limit, quantile);
  if (r && r->uids.size() != r->weights.size()) std::abort();
  if (!r && finite) {
    // finite input fails only for a position past num_neurons (numpy's IndexError)
    if (r.error().code() != bt::subtensor::SubtensorError::invalid_argument) std::abort();
  }
  auto y = bt::subtensor::normalize_max_weight(std::span<const float>(w), limit);
  if (y.size() != w.size()) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const bt::ByteView rest(data + 1, size - 1);
  if (data[0] & 1)
    weights(rest);
  else
    calls(rest);
  return 0;
}
