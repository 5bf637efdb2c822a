# SPDX-License-Identifier: MIT
"""bittensor_cpp.crypto: hash vectors and sr25519 (anchors from Substrate, round trips, bad input)."""
import hashlib
import hmac

import pytest

import bittensor_cpp as bt

if not hasattr(bt, "crypto"):
    pytest.skip("bittensor_cpp built without the crypto module", allow_module_level=True)
crypto = bt.crypto
sr = crypto.sr25519

DEV_ENTROPY = bytes.fromhex("1a486a5fbe53639984cb64b070755f7b")  # "bottom drive obey lake ..."
DEV_MINI = bytes.fromhex("fac7959dbfe72f052e5a0c3c8d6530f202b02fd8f9f5ca3580ec8deb7797479e")
DEV_PUBLIC = bytes.fromhex("46ebddef8cd9bb167dc30878d7113b7e168e6f0646beffd77d69d39bad76b47a")
ALICE = bytes.fromhex("d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d")
SOFT_ALICE = bytes.fromhex("d6c71059dbbe9ad2b0ed3f289738b800836eb425544ce694825285b958ca755e")


def junction(text: str) -> bytes:
    """Substrate chain code of a short text junction: SCALE string, zero-padded to 32 bytes."""
    raw = text.encode()
    assert len(raw) < 31
    return (bytes([len(raw) << 2]) + raw).ljust(32, b"\0")


@pytest.mark.parametrize("data", [b"", b"abc", bytes(range(256)) * 3])
def test_hashes_match_hashlib(data):
    assert crypto.blake2b_128(data) == hashlib.blake2b(data, digest_size=16).digest()
    assert crypto.blake2b_256(data) == hashlib.blake2b(data, digest_size=32).digest()
    assert crypto.blake2b_512(data) == hashlib.blake2b(data).digest()
    assert crypto.sha256(data) == hashlib.sha256(data).digest()
    assert crypto.sha512(data) == hashlib.sha512(data).digest()
    assert crypto.hmac_sha256(b"k" * 100, data) == hmac.new(b"k" * 100, data, hashlib.sha256).digest()
    assert crypto.hmac_sha512(b"key", data) == hmac.new(b"key", data, hashlib.sha512).digest()
    assert crypto.blake2b(data, 8, key=b"key") == hashlib.blake2b(data, digest_size=8, key=b"key").digest()
    assert crypto.blake2_128_concat(data) == crypto.blake2b_128(data) + data
    assert crypto.twox_64_concat(data) == crypto.twox_64(data) + data


def test_blake2b_every_length():
    data = bytes(range(200))
    for n in range(1, 65):
        assert crypto.blake2b(data, n) == hashlib.blake2b(data, digest_size=n).digest()
        assert crypto.blake2b(data, n, key=data[:n]) == hashlib.blake2b(data, digest_size=n, key=data[:n]).digest()


def test_buffer_types_accepted():
    assert crypto.blake2b_256(bytearray(b"abc")) == crypto.blake2b_256(memoryview(b"abc")) == crypto.blake2b_256(b"abc")
    with pytest.raises(TypeError):
        crypto.blake2b_256("abc")


def test_substrate_vectors():
    assert crypto.twox_128(b"System").hex() == "26aa394eea5630e07c48ae0c9558cef7"
    assert crypto.twox_128(b"Account").hex() == "b99d880ec681799c0cf30e8886371da9"
    assert crypto.twox_256(b"")[:16] == crypto.twox_128(b"")
    assert crypto.keccak_256(b"").hex() == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"


def test_pbkdf2_and_dev_seed():
    assert crypto.pbkdf2_hmac_sha512(b"password", b"salt", 2, 100) == hashlib.pbkdf2_hmac(
        "sha512", b"password", b"salt", 2, 100)
    assert crypto.pbkdf2_hmac_sha512(DEV_ENTROPY, b"mnemonic", 2048)[:32] == DEV_MINI


def test_blake2b_bad_lengths():
    for n in (0, 65):
        with pytest.raises(bt.CryptoError):
            crypto.blake2b(b"x", n)
    with pytest.raises(bt.CryptoError):
        crypto.blake2b(b"x", 32, key=b"k" * 65)


def test_sr25519_anchors():
    secret, public = sr.keypair_from_seed(DEV_MINI)
    assert public == DEV_PUBLIC and len(secret) == 64
    assert sr.public_key(secret) == public
    assert sr.derive_hard(secret, junction("Alice"))[1] == ALICE
    soft_secret, soft_public = sr.derive_soft(secret, junction("Alice"))
    assert soft_public == SOFT_ALICE == sr.derive_soft_public(public, junction("Alice"))
    assert sr.keypair_from_seed(sr.derive_hard_seed(secret, junction("Alice")))[1] == ALICE
    ed = sr.secret_to_ed25519(secret)
    assert ed.hex().startswith("28b0ae221c6bb06856b287f60d7ea0d9")
    assert sr.secret_from_ed25519(ed) == (secret, public)


def test_sr25519_sign_verify():
    secret, public = sr.keypair_from_seed(bytes(range(32)))
    sig = sr.sign(secret, b"hello")
    assert len(sig) == 64 and sig[63] & 0x80
    assert sr.verify(sig, b"hello", public)
    assert not sr.verify(sig, b"hellO", public)
    assert sr.sign(secret, b"hello") != sig  # randomized
    ctx_sig = sr.sign(secret, b"hello", context=b"other")
    assert sr.verify(ctx_sig, b"hello", public, context=b"other")
    assert not sr.verify(ctx_sig, b"hello", public)
    bad = bytearray(sig)
    bad[10] ^= 1
    assert not sr.verify(bytes(bad), b"hello", public)
    # Malformed input is False, not an exception.
    assert not sr.verify(sig[:63], b"hello", public)
    assert not sr.verify(sig, b"hello", public[:31])
    assert not sr.verify(sig, b"hello", b"\xff" * 32)


def test_sr25519_bad_input():
    with pytest.raises(bt.CryptoError):
        sr.keypair_from_seed(b"\0" * 31)
    with pytest.raises(bt.CryptoError):
        sr.sign(b"\xff" * 64, b"m")  # non-canonical scalar
    with pytest.raises(bt.CryptoError):
        sr.sign(b"\0" * 63, b"m")
    with pytest.raises(bt.CryptoError):
        sr.public_key_from_bytes(b"\xff" * 32)
    with pytest.raises(bt.CryptoError):
        sr.derive_soft_public(b"\xff" * 32, bytes(32))
    with pytest.raises(bt.CryptoError):
        sr.derive_hard(sr.keypair_from_seed(DEV_MINI)[0], b"short")
    assert sr.public_key_from_bytes(DEV_PUBLIC) == DEV_PUBLIC
