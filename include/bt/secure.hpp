// SPDX-License-Identifier: MIT
// Helpers that keep secrets out of memory once they are no longer needed.
//
// secure_wipe() zeroes memory in a way the optimiser may not remove. SecretBytes<N> is a fixed-size
// secret (seed, private key, chain code of a private derivation) that wipes itself on destruction and
// move, has no stream operator and compares in constant time. SecureBytes is the growable variant.
#pragma once

#include <bt/bytes.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace bt {

// Zeroes n bytes at p; never optimised away.
void secure_wipe(void* p, std::size_t n) noexcept;

// Constant-time equality of two equal-length buffers (false when the lengths differ).
bool ct_equal(ByteView a, ByteView b) noexcept;

template <std::size_t N>
class SecretBytes {
 public:
  static constexpr std::size_t size_bytes = N;
  SecretBytes() = default;
  explicit SecretBytes(std::span<const std::uint8_t, N> src) {
    std::copy(src.begin(), src.end(), data_.begin());
  }
  SecretBytes(const SecretBytes&) = default;
  SecretBytes& operator=(const SecretBytes&) = default;
  SecretBytes(SecretBytes&& o) noexcept : data_(o.data_) { o.wipe(); }
  SecretBytes& operator=(SecretBytes&& o) noexcept {
    if (this != &o) {
      data_ = o.data_;
      o.wipe();
    }
    return *this;
  }
  ~SecretBytes() { wipe(); }

  void wipe() noexcept { secure_wipe(data_.data(), N); }
  static constexpr std::size_t size() noexcept { return N; }
  std::uint8_t* data() noexcept { return data_.data(); }
  const std::uint8_t* data() const noexcept { return data_.data(); }
  std::span<std::uint8_t, N> span() noexcept { return std::span<std::uint8_t, N>(data_); }
  std::span<const std::uint8_t, N> span() const noexcept { return std::span<const std::uint8_t, N>(data_); }
  ByteView view() const noexcept { return {data_.data(), N}; }

  friend bool operator==(const SecretBytes& a, const SecretBytes& b) noexcept {
    return ct_equal(a.view(), b.view());
  }

 private:
  std::array<std::uint8_t, N> data_{};
};

// Growable secret buffer (passwords, mnemonics, decrypted keyfile contents); wiped on destruction.
class SecureBytes {
 public:
  SecureBytes() = default;
  explicit SecureBytes(ByteView v) : data_(v.begin(), v.end()) {}
  explicit SecureBytes(std::size_t n) : data_(n) {}
  SecureBytes(const SecureBytes&) = default;
  SecureBytes& operator=(const SecureBytes& o) {
    if (this != &o) {
      wipe();
      data_ = o.data_;
    }
    return *this;
  }
  SecureBytes(SecureBytes&& o) noexcept : data_(std::move(o.data_)) { o.data_.clear(); }
  SecureBytes& operator=(SecureBytes&& o) noexcept {
    if (this != &o) {
      wipe();
      data_ = std::move(o.data_);
      o.data_.clear();
    }
    return *this;
  }
  ~SecureBytes() { wipe(); }

  void wipe() noexcept { secure_wipe(data_.data(), data_.size()); }
  std::size_t size() const noexcept { return data_.size(); }
  bool empty() const noexcept { return data_.empty(); }
  std::uint8_t* data() noexcept { return data_.data(); }
  const std::uint8_t* data() const noexcept { return data_.data(); }
  ByteView view() const noexcept { return {data_.data(), data_.size()}; }
  // Grows or shrinks; shrinking wipes the dropped tail first. Growing may reallocate: reserve first
  // when the final size is known so no stale copy is left behind.
  void resize(std::size_t n) {
    if (n < data_.size()) secure_wipe(data_.data() + n, data_.size() - n);
    if (n > data_.capacity()) {
      std::vector<std::uint8_t> bigger;
      bigger.reserve(n);
      bigger.assign(data_.begin(), data_.end());
      wipe();
      data_.swap(bigger);
    }
    data_.resize(n);
  }

 private:
  std::vector<std::uint8_t> data_;
};

}  // namespace bt
