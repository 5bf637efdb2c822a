// SPDX-License-Identifier: MIT
// Private: fork-join over index ranges for the epoch's independent rows / columns. Work split into
// `threads` contiguous chunks; chunk 0 runs on the calling thread, the others on a process-wide
// pool of worker threads that is started once and reused (an epoch makes several parallel passes;
// starting a thread per pass cost more than the pass saved on small inputs). Results never depend
// on the thread count (every chunk writes only its own outputs).
#pragma once

#include <algorithm>
#include <atomic>
#include <bt/yuma/math.hpp>
#include <cstddef>
#include <functional>
#include <thread>
#include <utility>
#include <vector>

namespace bt::yuma::detail {

// Below this many work items a second thread costs more than it saves: on bench case a (~12k
// weights + ~11k bonds, passes of 30-100 us) splitting was slower on the loaded 2-core VM, where
// the second thread often has no core of its own (its hand-offs and spinning then only add time).
inline constexpr std::size_t kMinParallelWork = 50'000;

// Runs fn(c) for every c in [0, chunks): c = 0 on the calling thread, the others on the pool (the
// caller also runs queued chunks while it waits, so nested calls cannot deadlock). Returns when
// every chunk has finished; an exception thrown by a chunk (std::bad_alloc) is rethrown here after
// all chunks finished.
void run_chunks(unsigned chunks, const std::function<void(unsigned)>& fn);

// Calls fn(chunk, begin, end) for `chunks` contiguous parts of [0, count).
template <class Fn>
void parallel_chunks(std::size_t count, unsigned chunks, Fn&& fn) {
  chunks = static_cast<unsigned>(std::clamp<std::size_t>(chunks, 1, std::max<std::size_t>(count, 1)));
  if (chunks == 1) {
    fn(0u, std::size_t{0}, count);
    return;
  }
  auto bound = [&](unsigned c) { return count * c / chunks; };
  run_chunks(chunks, [&](unsigned c) { fn(c, bound(c), bound(c + 1)); });
}

// Calls f(i) for every i in [0, count) on `threads` threads of the pool (0: one per hardware
// thread), handing out one index at a time so a slow item never holds up a whole stripe (the
// simulation's independent runs). The first exception (std::bad_alloc) stops the hand-out and is
// rethrown once every thread has returned.
template <class F>
void parallel_for(std::size_t count, unsigned threads, F&& f) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, count));
  if (threads <= 1) {
    for (std::size_t i = 0; i < count; ++i) f(i);
    return;
  }
  std::atomic<std::size_t> next{0};
  run_chunks(threads, [&](unsigned) {
    for (;;) {
      const std::size_t i = next.fetch_add(1, std::memory_order_relaxed);
      if (i >= count) return;
      try {
        f(i);
      } catch (...) {
        next.store(count, std::memory_order_relaxed);  // no further index is handed out
        throw;                                         // run_chunks keeps the first one
      }
    }
  });
}

// The row chunks' matrices as one, rows in chunk order. Chunk 0's storage is kept and the others
// are appended: reserve chunk 0's room for the whole result up front and nothing is reallocated.
inline math::SparseMatrix join_rows(std::vector<math::SparseMatrix>& parts) {
  if (parts.empty()) return {};
  std::size_t rows = 0, nnz = 0;
  for (const auto& p : parts) {
    rows += p.rows();
    nnz += p.nnz();
  }
  math::SparseMatrix out = std::move(parts[0]);
  out.reserve(rows, nnz);
  for (std::size_t k = 1; k < parts.size(); ++k) out.append(parts[k]);
  return out;
}

// Threads worth using for `work` items (1 when the work is small).
inline unsigned threads_for(unsigned requested, std::size_t work) {
  return work < kMinParallelWork ? 1u : std::max(1u, requested);
}

}  // namespace bt::yuma::detail
