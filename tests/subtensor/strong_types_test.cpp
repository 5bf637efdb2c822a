// SPDX-License-Identifier: MIT
// The 32-byte roles cannot be mixed: a block hash does not compile where an account id is expected
// (issue 13: add_stake_call(md, block_hash, ...)), nor an ed25519 public key or a chain code; the
// explicit conversions compile and keep the bytes.
#include <bt/crypto/ecdsa.hpp>
#include <bt/crypto/ed25519.hpp>
#include <bt/crypto/hashing.hpp>
#include <bt/crypto/keypair.hpp>
#include <bt/crypto/secret_uri.hpp>
#include <bt/crypto/sr25519.hpp>
#include <bt/crypto/types.hpp>
#include <bt/subtensor/calls.hpp>
#include <bt/subtensor/weights.hpp>
#include <catch2/catch.hpp>
#include <type_traits>

using bt::Hash256;
using bt::crypto::AccountId32;
using bt::crypto::ChainCode;
using Ed25519Public = bt::crypto::ed25519::PublicKey;
using Sr25519Public = bt::crypto::sr25519::PublicKey;

namespace {
template <class Hotkey>
concept add_stake_accepts = requires(const bt::metadata::Metadata& md, const Hotkey& hotkey) {
  bt::subtensor::add_stake_call(md, hotkey, std::uint16_t{1}, std::uint64_t{1});
};
template <class Hash>
concept commit_weights_accepts = requires(const bt::metadata::Metadata& md, const Hash& hash) {
  bt::subtensor::commit_weights_call(md, std::uint16_t{1}, hash);
};
template <class Code>
concept ed25519_derive_accepts = requires(const bt::crypto::ed25519::Keypair& kp, const Code& cc) {
  bt::crypto::ed25519::derive_hard(kp, cc);
};
template <class Key>
concept ed25519_keypair_holds = requires(bt::crypto::ed25519::Keypair& kp, const Key& k) {
  kp.public_key = k;
};

template <class A, class B>
inline constexpr bool mixes = std::is_convertible_v<A, B> || std::is_convertible_v<B, A> ||
                              std::is_assignable_v<A&, B> || std::is_assignable_v<B&, A>;
}  // namespace

// The four 32-byte roles, pairwise: no implicit conversion or assignment either way.
static_assert(!mixes<Hash256, AccountId32>);
static_assert(!mixes<Hash256, Ed25519Public>);
static_assert(!mixes<Hash256, ChainCode>);
static_assert(!mixes<AccountId32, Ed25519Public>);
static_assert(!mixes<AccountId32, ChainCode>);
static_assert(!mixes<Ed25519Public, ChainCode>);
static_assert(!mixes<Sr25519Public, AccountId32>);
static_assert(!mixes<bt::FixedBytes<32>, AccountId32>);
static_assert(!mixes<bt::FixedBytes<32>, Hash256>);
// ...nor an explicit construction from another role (only through .fixed()).
static_assert(!std::is_constructible_v<AccountId32, Hash256>);
static_assert(!std::is_constructible_v<Hash256, AccountId32>);
static_assert(!std::is_constructible_v<AccountId32, Ed25519Public>);
// The example: a block hash is not a hotkey; a hotkey is not a commit hash.
static_assert(add_stake_accepts<AccountId32>);
static_assert(!add_stake_accepts<Hash256>);
static_assert(!add_stake_accepts<Ed25519Public>);
static_assert(!add_stake_accepts<bt::FixedBytes<32>>);
static_assert(commit_weights_accepts<Hash256>);
static_assert(!commit_weights_accepts<AccountId32>);
static_assert(ed25519_derive_accepts<ChainCode>);
static_assert(!ed25519_derive_accepts<Hash256>);
static_assert(ed25519_keypair_holds<Ed25519Public>);
static_assert(!ed25519_keypair_holds<AccountId32>);
// The one chain code type serves every scheme and the secret URI parser.
static_assert(std::is_same_v<bt::crypto::sr25519::ChainCode, ChainCode>);
static_assert(std::is_same_v<bt::crypto::ecdsa::ChainCode, ChainCode>);
static_assert(std::is_same_v<decltype(bt::crypto::DeriveJunction::chain_code), ChainCode>);
static_assert(std::is_same_v<decltype(bt::crypto::blake2b_256(bt::ByteView{})), Hash256>);
static_assert(std::is_same_v<decltype(std::declval<bt::crypto::Keypair>().account_id()), AccountId32>);
static_assert(
    std::is_same_v<decltype(bt::crypto::ecdsa::account_id(bt::crypto::ecdsa::PublicKey{})), AccountId32>);

TEST_CASE("explicit conversions between the 32-byte roles keep the bytes", "[subtensor][types]") {
  Hash256 h = bt::crypto::blake2b_256(bt::as_bytes("abc"));
  AccountId32 a(h.fixed());
  CHECK(a.view().size() == 32);
  CHECK(a.to_bytes() == h.to_bytes());
  CHECK(Hash256(a.fixed()) == h);
  ChainCode cc(h.fixed());
  CHECK(std::equal(cc.begin(), cc.end(), h.begin()));
}

TEST_CASE("a keypair's account id has the public key's bytes (sr25519, ed25519)", "[subtensor][types]") {
  auto sr = bt::crypto::Keypair::from_uri("//Alice").value();
  AccountId32 id = sr.account_id();
  CHECK(bt::to_hex(id) == "0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d");
  auto ed = bt::crypto::Keypair::from_uri("//Alice", bt::crypto::Scheme::ed25519).value();
  CHECK(bt::to_hex(ed.account_id()) == bt::to_hex(ed.public_key()));
  // ecdsa: the account id is blake2b-256 of the compressed key, reached only through account_id().
  auto ec = bt::crypto::Keypair::from_uri("//Alice", bt::crypto::Scheme::ecdsa).value();
  CHECK(ec.account_id() == AccountId32(bt::crypto::blake2b_256(ec.public_key()).fixed()));
}
