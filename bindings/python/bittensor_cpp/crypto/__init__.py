# SPDX-License-Identifier: MIT
"""bittensor_cpp.crypto: hashes (BLAKE2b, xxHash, Keccak, SHA-2, HMAC, PBKDF2) and sr25519.

``bittensor_cpp.crypto.sr25519`` holds the raw sr25519 functions; the Keypair class (all schemes) is
re-exported here from the wallet bindings when they are built."""
from bittensor_cpp._native import reexport as _reexport
from bittensor_cpp.crypto import sr25519  # noqa: F401

__all__ = _reexport("crypto", globals()) + ["sr25519"]

try:
    from bittensor_cpp._native import native_area as _area

    Keypair = _area("wallet").Keypair
    __all__.append("Keypair")
except ImportError:  # built without the wallet module
    pass
