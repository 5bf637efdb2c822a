// SPDX-License-Identifier: MIT
// sr25519: Schnorr signatures over ristretto255 with merlin transcripts, byte-compatible with w3f's
// schnorrkel crate as Substrate (sp_core::sr25519), polkadot-js and Bittensor wallets use it.
//
//   using namespace bt::crypto;
//   sr25519::Keypair kp = sr25519::keypair_from_seed(seed32);         // seed = BIP39 mini secret
//   sr25519::Signature sig = sr25519::sign(kp, msg);                  // context "substrate"
//   bool ok = sr25519::verify(sig, msg, kp.public_key);
//   sr25519::Keypair alice = sr25519::derive_hard(root, chain_code);  // "//Alice"
//
// Key model (schnorrkel):
//   * mini secret (32 bytes): what Substrate calls the "seed"; the BIP39 seed's first 32 bytes.
//   * SecretKey (64 bytes): key scalar (32 bytes, little-endian, canonical mod l) || nonce seed
//     (32 bytes). Expanded from the mini secret in schnorrkel's ExpansionMode::Ed25519 (what Substrate
//     uses): h = SHA-512(mini); key = clamp_ed25519(h[0..32]) / 8; nonce = h[32..64].
//   * PublicKey (32 bytes): compressed ristretto255 point key * B.
//   * Signature (64 bytes): R (32, compressed point) || s (32, scalar) with bit 7 of byte 63 set
//     (schnorrkel's marker distinguishing it from ed25519 signatures).
//
// Two 64-byte secret encodings exist and both are supported:
//   * schnorrkel `SecretKey::to_bytes` / `from_bytes` ("schnorrkel form"): key scalar || nonce.
//     Substrate's `Pair::to_raw_vec()` and `Pair::from_seed_slice(64 bytes)` use this form.
//   * schnorrkel `SecretKey::to_ed25519_bytes` / `from_ed25519_bytes` ("ed25519 form"): key*8 || nonce.
//     polkadot-js (@polkadot/util-crypto sr25519PairFromSeed(...).secretKey, wasm-crypto) uses this form.
//
// Security: signing, key expansion and derivation of secrets use constant-time libsodium scalar and
// point operations; secret material lives in SecretBytes and temporaries are wiped. Signing is
// randomized (schnorrkel's witness: merlin transcript + nonce seed + 32 bytes from the OS RNG), so two
// signatures of the same message differ; both verify. Verification is variable time (public data).
// libsodium is initialised on first use (bt::init()).
//
// References: w3f/schnorrkel src/{keys,sign,derive,context}.rs; paritytech/polkadot-sdk
// substrate/primitives/core/src/sr25519.rs; https://ristretto.group.
#pragma once

#include <array>
#include <bt/bytes.hpp>
#include <bt/crypto/error.hpp>
#include <bt/crypto/types.hpp>
#include <bt/result.hpp>
#include <bt/secure.hpp>
#include <cstddef>
#include <cstdint>
#include <span>

namespace bt::crypto::sr25519 {

inline constexpr std::size_t public_key_size = 32;
inline constexpr std::size_t secret_key_size = 64;
inline constexpr std::size_t mini_secret_size = 32;
inline constexpr std::size_t signature_size = 64;
inline constexpr std::size_t chain_code_size = 32;

// The signing context Substrate uses for every sr25519 signature ("substrate").
inline constexpr std::array<std::uint8_t, 9> substrate_context{'s', 'u', 'b', 's', 't', 'r', 'a', 't', 'e'};

// A compressed ristretto255 point. Values produced by this library are always valid points; a
// PublicKey built by hand from untrusted bytes should go through public_key_from_bytes().
// Its own type, not crypto::AccountId32: a PublicKey promises a canonical point (its constructors
// check it), an account id promises nothing and for other schemes is not the key at all. The step from
// key to account is explicit: crypto::Keypair::account_id() or AccountId32(pk.bytes).
struct PublicKey {
  FixedBytes<32> bytes;

  ByteView view() const noexcept { return bytes.view(); }
  operator ByteView() const noexcept { return bytes.view(); }  // NOLINT(implicit)
  friend bool operator==(const PublicKey&, const PublicKey&) = default;
  friend auto operator<=>(const PublicKey&, const PublicKey&) = default;
};

// key scalar (32 bytes, canonical) || nonce seed (32 bytes): schnorrkel form. Wiped on destruction.
// Build it with keypair_from_seed / keypair_from_secret_bytes / keypair_from_ed25519_bytes, which
// guarantee a canonical scalar; filling `bytes` by hand skips that check.
struct SecretKey {
  SecretBytes<64> bytes;

  std::span<const std::uint8_t, 32> key() const noexcept { return bytes.span().template subspan<0, 32>(); }
  std::span<const std::uint8_t, 32> nonce() const noexcept { return bytes.span().template subspan<32, 32>(); }
};

struct Keypair {
  SecretKey secret;
  PublicKey public_key;
};

using Signature = FixedBytes<64>;
using ChainCode = crypto::ChainCode;

// ---- keys -------------------------------------------------------------------------------------

// Expands a 32-byte mini secret (Substrate "seed") to a keypair in ExpansionMode::Ed25519, exactly as
// schnorrkel MiniSecretKey::expand_to_keypair(ExpansionMode::Ed25519) and sp_core::sr25519::Pair::
// from_seed. Total: every 32-byte string is a valid mini secret. Constant time.
Keypair keypair_from_seed(std::span<const std::uint8_t, 32> mini_secret);

// Keypair from a 64-byte secret in schnorrkel form (key scalar || nonce), as SecretKey::from_bytes.
// Errors: CryptoError::invalid_length (not 64 bytes); CryptoError::invalid_secret_key (the scalar is
// not canonical, i.e. >= l).
Result<Keypair> keypair_from_secret_bytes(ByteView secret64);

// Keypair from a 64-byte secret in ed25519 form (key*8 || nonce), as SecretKey::from_ed25519_bytes
// (polkadot-js's 64-byte sr25519 secretKey). The low 3 bits of the first byte are discarded, as
// schnorrkel does. Errors: invalid_length; invalid_secret_key (key/8 not canonical).
Result<Keypair> keypair_from_ed25519_bytes(ByteView secret64);

// Exports a secret key: schnorrkel form (round-trips through keypair_from_secret_bytes) or ed25519
// form (round-trips through keypair_from_ed25519_bytes).
SecretBytes<64> secret_to_bytes(const SecretKey& secret);
SecretBytes<64> secret_to_ed25519_bytes(const SecretKey& secret);

// The public key of a secret key (key scalar * B). Constant time.
PublicKey public_key_from_secret(const SecretKey& secret);

// Parses a public key; it must be a canonical ristretto255 encoding (the identity, all zero bytes, is
// accepted as schnorrkel does). Errors: invalid_length; invalid_public_key.
Result<PublicKey> public_key_from_bytes(ByteView bytes);

// ---- signatures -------------------------------------------------------------------------------

// Signs `message` under `context` (Substrate: "substrate"), as schnorrkel
// `keypair.sign(signing_context(context).bytes(message))`. Randomized (see above). Constant time in
// the secret. Preconditions: the keypair's public key belongs to its secret (it is bound into the
// transcript; keypairs from this header always satisfy this), and message and context are shorter
// than 4 GiB (merlin frames lengths as u32; longer input aborts, as merlin panics).
Signature sign(const Keypair& keypair, ByteView message, ByteView context = ByteView(substrate_context));

// True iff `signature` is a valid schnorrkel signature of `message` under `context` by `public_key`,
// exactly as schnorrkel's verify_simple / sp_core::sr25519::Pair::verify decide. Malformed input (signature
// without the schnorrkel marker bit, non-canonical s, R or public key not a valid point) yields false, never
// an error.
bool verify(const Signature& signature, ByteView message, const PublicKey& public_key,
            ByteView context = ByteView(substrate_context));

// As verify() for untrusted byte strings of any length (wrong lengths -> false).
bool verify_bytes(ByteView signature, ByteView message, ByteView public_key,
                  ByteView context = ByteView(substrate_context));

// ---- hierarchical derivation (Substrate junctions) --------------------------------------------
// The chain code is the 32-byte junction id Substrate builds from the junction text (SCALE encoding
// of the junction value, zero-padded to 32 bytes, or blake2b_256 of it when longer); computing it
// from the URI text is the secret-URI module's job.

// Hard junction ("//x"): schnorrkel SecretKey::hard_derive_mini_secret_key(Some(cc), b"") and then
// expansion in Ed25519 mode, exactly sp_core::sr25519 derive_hard_junction. Deterministic.
Keypair derive_hard(const Keypair& parent, const ChainCode& chain_code);

// The mini secret (Substrate "seed") that derive_hard() expands; Substrate reports it as the seed of
// a path whose last junction is hard.
SecretBytes<32> derive_hard_mini_secret(const SecretKey& parent, const ChainCode& chain_code);

// Soft junction ("/x"): schnorrkel Keypair::derived_key_simple(cc, b""), as sp_core::sr25519.
// The derived key scalar and public key are deterministic; the derived nonce seed is drawn with the
// witness RNG (schnorrkel does the same), so secret_to_bytes() of two soft derivations of the same
// parent differ in their last 32 bytes only.
Keypair derive_soft(const Keypair& parent, const ChainCode& chain_code);

// Public-only soft derivation: derive_soft_public(pk, cc) == derive_soft(kp, cc).public_key.
// Errors: CryptoError::invalid_public_key when `parent` is not a valid point (only possible for a
// PublicKey built by hand rather than by public_key_from_bytes()).
Result<PublicKey> derive_soft_public(const PublicKey& parent, const ChainCode& chain_code);

}  // namespace bt::crypto::sr25519
