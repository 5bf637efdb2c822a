// SPDX-License-Identifier: MIT
// The private fork-join helpers every parallel pass and the simulation's run pool use
// (lib/yuma/parallel.hpp): every index once, chunks covering the range, the first exception
// rethrown after the others returned, nested calls without deadlock; build_rows: one matrix from
// row chunks, in order.
#include <atomic>
#include <catch2/catch.hpp>
#include <new>
#include <stdexcept>
#include <vector>

#include "../../lib/yuma/parallel.hpp"

using bt::yuma::detail::parallel_chunks;
using bt::yuma::detail::parallel_for;

TEST_CASE("yuma parallel_for: every index exactly once, for any thread count", "[yuma][threads]") {
  for (unsigned threads : {0u, 1u, 2u, 3u, 8u}) {
    for (std::size_t count : {std::size_t{0}, std::size_t{1}, std::size_t{5}, std::size_t{1000}}) {
      std::vector<std::atomic<int>> hits(count);
      parallel_for(count, threads, [&](std::size_t i) { hits[i].fetch_add(1); });
      for (std::size_t i = 0; i < count; ++i) REQUIRE(hits[i].load() == 1);
    }
  }
}

TEST_CASE("yuma parallel_for: the first exception stops the hand-out and is rethrown", "[yuma][threads]") {
  for (unsigned threads : {1u, 2u, 4u}) {
    std::atomic<std::size_t> ran{0};
    const std::size_t count = 100000;
    REQUIRE_THROWS_AS(parallel_for(count, threads,
                                   [&](std::size_t i) {
                                     ran.fetch_add(1);
                                     if (i == 10) throw std::bad_alloc();
                                   }),
                      std::bad_alloc);
    // Indices already handed out finish; nothing near the end of the range is started.
    CHECK(ran.load() < count);
  }
}

TEST_CASE("yuma parallel_for: items that run parallel passes themselves (nested pool use)",
          "[yuma][threads]") {
  const std::size_t runs = 6, rows = 2000;
  std::vector<std::vector<int>> out(runs, std::vector<int>(rows, 0));
  parallel_for(runs, 2, [&](std::size_t r) {
    parallel_chunks(rows, 2, [&](unsigned, std::size_t r0, std::size_t r1) {
      for (std::size_t i = r0; i < r1; ++i) out[r][i] = static_cast<int>(r * rows + i);
    });
  });
  for (std::size_t r = 0; r < runs; ++r)
    for (std::size_t i = 0; i < rows; ++i) REQUIRE(out[r][i] == static_cast<int>(r * rows + i));
}

TEST_CASE("yuma parallel_chunks: contiguous chunks covering the range", "[yuma][threads]") {
  for (unsigned chunks : {1u, 2u, 7u}) {
    for (std::size_t count : {std::size_t{0}, std::size_t{3}, std::size_t{100}}) {
      std::vector<std::atomic<int>> hits(count);
      std::atomic<unsigned> calls{0}, inverted{0};  // (no Catch2 assertion off the main thread)
      parallel_chunks(count, chunks, [&](unsigned, std::size_t b, std::size_t e) {
        calls.fetch_add(1);
        if (b > e) inverted.fetch_add(1);
        for (std::size_t i = b; i < e; ++i) hits[i].fetch_add(1);
      });
      for (std::size_t i = 0; i < count; ++i) REQUIRE(hits[i].load() == 1);
      CHECK(calls.load() >= 1);
      CHECK(inverted.load() == 0);
    }
  }
  REQUIRE_THROWS_AS(parallel_chunks(10, 2,
                                    [](unsigned c, std::size_t, std::size_t) {
                                      if (c == 1) throw std::runtime_error("chunk 1");
                                    }),
                    std::runtime_error);
}

namespace {
// Row i of the test matrix: (i % 5) entries, columns i + q, values i * 10 + q (row 0..4 lengths
// differ, some rows are empty).
void fill_test_rows(std::size_t r0, std::size_t r1, bt::yuma::math::SparseMatrix& dst) {
  for (std::size_t i = r0; i < r1; ++i) {
    for (std::size_t q = 0; q < i % 5; ++q)
      dst.push(static_cast<std::uint16_t>(i + q),
               bt::yuma::math::I32F32::from_bits(static_cast<std::int64_t>(i * 10 + q)));
    dst.end_row();
  }
}
}  // namespace

TEST_CASE("yuma build_rows: the rows in order for any chunk count, nnz guess or nesting", "[yuma][threads]") {
  using bt::yuma::detail::build_rows;
  using bt::yuma::math::SparseMatrix;
  for (std::size_t rows : {std::size_t{0}, std::size_t{1}, std::size_t{7}, std::size_t{3000}}) {
    SparseMatrix serial;
    fill_test_rows(0, rows, serial);
    for (unsigned chunks : {1u, 2u, 3u, 5u, 16u}) {
      for (std::size_t nnz : {std::size_t{0}, serial.nnz()}) {  // a wrong guess only costs room
        const SparseMatrix m = build_rows(
            rows, chunks, nnz,
            [](unsigned, std::size_t r0, std::size_t r1, SparseMatrix& dst) { fill_test_rows(r0, r1, dst); });
        INFO("rows " << rows << " chunks " << chunks << " nnz " << nnz);
        REQUIRE(m.rows() == rows);
        REQUIRE(m == serial);
      }
    }
  }
  // Inside the simulation's run pool (chunks of several matrices in one queue).
  SparseMatrix serial;
  fill_test_rows(0, 2000, serial);
  std::vector<SparseMatrix> got(6);
  parallel_for(got.size(), 2, [&](std::size_t r) {
    got[r] = build_rows(2000, 3, 0, [](unsigned, std::size_t r0, std::size_t r1, SparseMatrix& dst) {
      fill_test_rows(r0, r1, dst);
    });
  });
  for (const auto& m : got) REQUIRE(m == serial);
}

TEST_CASE("yuma build_rows: a chunk's exception is rethrown and the chunks waiting on it return",
          "[yuma][threads]") {
  using bt::yuma::detail::build_rows;
  using bt::yuma::math::SparseMatrix;
  for (unsigned bad : {0u, 1u, 2u}) {
    INFO("throwing chunk " << bad);
    REQUIRE_THROWS_AS(build_rows(300, 4, 0,
                                 [bad](unsigned k, std::size_t r0, std::size_t r1, SparseMatrix& dst) {
                                   if (k == bad) throw std::bad_alloc();
                                   fill_test_rows(r0, r1, dst);
                                 }),
                      std::bad_alloc);
  }
  // The pool still works afterwards.
  SparseMatrix serial;
  fill_test_rows(0, 300, serial);
  REQUIRE(build_rows(300, 4, 0, [](unsigned, std::size_t r0, std::size_t r1, SparseMatrix& dst) {
            fill_test_rows(r0, r1, dst);
          }) == serial);
}
