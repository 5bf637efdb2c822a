# SPDX-License-Identifier: MIT
"""Type aliases the stubs (.pyi) use for byte arguments and the 32-byte roles.

Every binding converts byte arguments with the same rules (bindings/python/convert.hpp):
bytes, bytearray and memoryview are always accepted; a str only where the role has a text form
("0x" hex for hashes, keys, account ids and encoded data; also SS58 for an AccountId32). Results are
always ``bytes``. The 32-byte roles are distinct types in C++ (a block hash does not compile where an
account id is expected); in Python they are bytes, and the signatures name the role.
"""
from typing import Union

BytesLike = Union[bytes, bytearray, memoryview]
"""Any bytes-like object (a C-contiguous buffer of single bytes). A str is a TypeError."""
HexBytes = Union[bytes, bytearray, memoryview, str]
"""Bytes-like, or a "0x"-prefixed hex str."""

Hash256 = bytes
"""A 32-byte hash (block, extrinsic, storage or commit hash) as returned."""
AccountId32 = bytes
"""A 32-byte account id (hotkey, coldkey, destination) as returned."""
ChainCode = bytes
"""A 32-byte derivation junction chain code as returned."""
Ed25519PublicKey = bytes
"""A 32-byte ed25519 public key as returned."""

Hash256Like = Union[bytes, bytearray, memoryview, str]
"""A Hash256 argument: 32 bytes, bytes-like or "0x" hex."""
AccountId32Like = Union[bytes, bytearray, memoryview, str]
"""An AccountId32 argument: 32 bytes, bytes-like, "0x" hex, or an SS58 address."""
ChainCodeLike = Union[bytes, bytearray, memoryview, str]
"""A ChainCode argument: 32 bytes, bytes-like or "0x" hex."""
Ed25519PublicKeyLike = Union[bytes, bytearray, memoryview, str]
"""An Ed25519PublicKey argument: 32 bytes, bytes-like or "0x" hex."""

__all__ = ["BytesLike", "HexBytes", "Hash256", "AccountId32", "ChainCode", "Ed25519PublicKey", "Hash256Like",
           "AccountId32Like", "ChainCodeLike", "Ed25519PublicKeyLike"]
