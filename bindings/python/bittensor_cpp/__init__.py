# SPDX-License-Identifier: MIT
"""bittensor-cpp: a fast, exact Bittensor/Substrate client and Yuma consensus engine.

Every area is a module importable by name::

    from bittensor_cpp.crypto import Keypair, blake2b_256
    import bittensor_cpp.metadata, bittensor_cpp.client, bittensor_cpp.yuma

(``core``, ``crypto``, ``crypto.sr25519``, ``scale``, ``metadata``, ``rpc``, ``client``, ``wallet``,
``extrinsic``, ``subtensor``, ``fixed``, ``yuma``, ``timelock``, ``metagraph``; an area is missing when the library was built without
its C++ module). The most used names are also available at the top level. Install with
``scripts/install-python`` or put ``<build>/python`` on ``PYTHONPATH``.
"""
import importlib as _importlib

from . import core  # noqa: F401
from .core import *  # noqa: F401,F403  (the errors, to_hex, from_hex)
from .core import __version__  # noqa: F401

AREAS = ("yuma", "fixed", "crypto", "scale", "metadata", "rpc", "client", "wallet", "extrinsic", "subtensor",
         "timelock", "metagraph")
"""The areas this build has (each importable as bittensor_cpp.<area>)."""

_present = []
for _name in AREAS:
    try:
        globals()[_name] = _importlib.import_module("." + _name, __name__)
        _present.append(_name)
    except ImportError:  # built without that C++ module
        pass
AREAS = tuple(_present)
del _name, _present

# The wallet area's classes are also available at the top level, as in bittensor/btwallet.
if "wallet" in AREAS:
    from .wallet import Keyfile, Keypair, Wallet  # noqa: F401
# Runtime metadata.
if "metadata" in AREAS:
    from .metadata import Metadata  # noqa: F401
# Metagraph sync and next-epoch prediction.
if "metagraph" in AREAS:
    from .metagraph import Metagraph  # noqa: F401
# The chain client.
if "client" in AREAS:
    from .client import Client  # noqa: F401
