// SPDX-License-Identifier: MIT
#include <bt/crypto/hashing.hpp>
#include <catch2/catch.hpp>
#include <cstdio>
#include <string>

using namespace bt::crypto;

TEST_CASE("keccak-f[1600] of the zero state", "[crypto][keccak][vectors]") {
  // Keccak team's KeccakF-1600-IntermediateValues.txt: state after one permutation of all zeros.
  const std::uint64_t expected[25] = {
      0xF1258F7940E1DDE7ULL, 0x84D5CCF933C0478AULL, 0xD598261EA65AA9EEULL, 0xBD1547306F80494DULL,
      0x8B284E056253D057ULL, 0xFF97A42D7F8E6FD4ULL, 0x90FEE5A0A44647C4ULL, 0x8C5BDA0CD6192E76ULL,
      0xAD30A6F71B19059CULL, 0x30935AB7D08FFC64ULL, 0xEB5AA93F2317D635ULL, 0xA9A6E6260D712103ULL,
      0x81A57C16DBCF555FULL, 0x43B831CD0347C826ULL, 0x01F22F1A11A5569FULL, 0x05E5635A21D9AE61ULL,
      0x64BEFEF28CC970F2ULL, 0x613670957BC46611ULL, 0xB87C5A554FD00ECBULL, 0x8C3EE88A1CCF32C8ULL,
      0x940C7922AE3A2614ULL, 0x1841F924A2C509E4ULL, 0x16F53526E70465C2ULL, 0x75F644E97F30A13BULL,
      0xEAF1FF7B5CECA249ULL,
  };
  std::uint64_t st[25] = {};
  keccak_f1600(st);
  for (int i = 0; i < 25; ++i) {
    INFO("lane " << i);
    CHECK(st[i] == expected[i]);
  }
}

TEST_CASE("keccak-256 vectors", "[crypto][keccak][vectors]") {
  CHECK(bt::to_hex(keccak_256({}), false) ==
        "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  CHECK(bt::to_hex(keccak_256(bt::as_bytes("abc")), false) ==
        "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
  // "The quick brown fox jumps over the lazy dog" (widely published Ethereum keccak256 value).
  CHECK(bt::to_hex(keccak_256(bt::as_bytes("The quick brown fox jumps over the lazy dog")), false) ==
        "4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15");
}

TEST_CASE("keccak-256 block boundaries", "[crypto][keccak]") {
  // Inputs around the 136-byte rate must all differ and be deterministic; 135 puts both padding bits
  // in the same byte (0x81).
  std::string prev;
  for (std::size_t n : {0u, 1u, 134u, 135u, 136u, 137u, 271u, 272u, 273u}) {
    bt::Bytes data(n, 0x61);
    const std::string h = bt::to_hex(keccak_256(data));
    CHECK(h == bt::to_hex(keccak_256(data)));
    CHECK(h != prev);
    prev = h;
  }
}
