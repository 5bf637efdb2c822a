// SPDX-License-Identifier: MIT
// Private: fork-join over index ranges for the epoch's independent rows / columns. Work split into
// `threads` contiguous chunks; chunk 0 runs on the calling thread. Results never depend on the
// thread count (every chunk writes only its own outputs).
#pragma once

#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace bt::yuma::detail {

// Below this many work items a second thread costs more than it saves (a thread is started per
// parallel pass; at ~23k entries, bench case a, starting it cost more than the split saved).
inline constexpr std::size_t kMinParallelWork = 50'000;

// Calls fn(chunk, begin, end) for `chunks` contiguous parts of [0, count).
template <class Fn>
void parallel_chunks(std::size_t count, unsigned chunks, Fn&& fn) {
  chunks = static_cast<unsigned>(std::clamp<std::size_t>(chunks, 1, std::max<std::size_t>(count, 1)));
  if (chunks == 1) {
    fn(0u, std::size_t{0}, count);
    return;
  }
  std::vector<std::thread> workers;
  workers.reserve(chunks - 1);
  auto bound = [&](unsigned c) { return count * c / chunks; };
  for (unsigned c = 1; c < chunks; ++c) workers.emplace_back([&, c] { fn(c, bound(c), bound(c + 1)); });
  fn(0u, std::size_t{0}, bound(1));
  for (auto& w : workers) w.join();
}

// Threads worth using for `work` items (1 when the work is small).
inline unsigned threads_for(unsigned requested, std::size_t work) {
  return work < kMinParallelWork ? 1u : std::max(1u, requested);
}

}  // namespace bt::yuma::detail
