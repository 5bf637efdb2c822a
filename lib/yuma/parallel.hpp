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
// caller also runs queued chunks while it waits, so nested calls cannot deadlock). Chunks start in
// index order (one FIFO queue) and each runs to its end on the thread that started it, so a chunk
// may wait for a lower one (build_rows does). Returns when every chunk has finished; an exception
// thrown by a chunk (std::bad_alloc) is rethrown here after all chunks finished.
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

// A matrix whose rows are built in `chunks` contiguous row chunks on the pool:
// fill(k, r0, r1, dst) appends rows [r0, r1) to dst (end_row per row). The result holds the rows in
// order, for any chunk count. `nnz` is the expected entry count (room reserved for the result).
// Chunk 0 writes straight into the result; chunk k > 0 into a matrix of its own, which it then
// appends to the result itself once chunks 0..k-1 are in. The copy thus reads the rows from the
// cache of the core that wrote them, while chunk 0's thread waits anyway; copying every chunk on
// the caller after the pass cost 0.2 ms of 1.9 ms on bench case b (two threads). The wait always
// ends: run_chunks starts the chunks in index order and runs each to its end. Each chunk's matrix
// is also allocated on its own thread (reserved there, not by the caller): with the caller's
// reserve, bench case d page-faulted ~940 pages an epoch as the worker's malloc arena shrank and
// grew again around the output rows it allocates later in the epoch.
template <class Fill>
math::SparseMatrix build_rows(std::size_t rows, unsigned chunks, std::size_t nnz, Fill&& fill) {
  math::SparseMatrix out;
  out.reserve(rows, nnz);
  chunks = static_cast<unsigned>(std::clamp<std::size_t>(chunks, 1, std::max<std::size_t>(rows, 1)));
  if (chunks == 1) {
    fill(0u, std::size_t{0}, rows, out);
    return out;
  }
  std::vector<math::SparseMatrix> parts(chunks);
  std::atomic<unsigned> joined{0};  // chunks [0, joined) are in `out`
  std::atomic<bool> failed{false};  // a chunk threw: the ones above it stop waiting
  parallel_chunks(rows, chunks, [&](unsigned k, std::size_t r0, std::size_t r1) {
    try {
      if (k == 0) {
        fill(k, r0, r1, out);
      } else {
        parts[k].reserve(r1 - r0, nnz / chunks + nnz / 8);
        fill(k, r0, r1, parts[k]);
        while (joined.load(std::memory_order_acquire) != k) {
          if (failed.load(std::memory_order_acquire)) return;  // run_chunks rethrows the error
          std::this_thread::yield();
        }
        out.append(parts[k]);
        parts[k] = math::SparseMatrix{};  // (freed on the thread that allocated it)
      }
    } catch (...) {
      failed.store(true, std::memory_order_release);
      throw;
    }
    joined.store(k + 1, std::memory_order_release);
  });
  return out;
}

// Threads worth using for `work` items (1 when the work is small).
inline unsigned threads_for(unsigned requested, std::size_t work) {
  return work < kMinParallelWork ? 1u : std::max(1u, requested);
}

}  // namespace bt::yuma::detail
