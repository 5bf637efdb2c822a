# SPDX-License-Identifier: MIT
"""bittensor-cpp: a fast, exact Bittensor/Substrate client and Yuma consensus engine.

The heavy lifting happens in the native extension ``bittensor_cpp._core``; this package re-exports it
and adds thin Pythonic helpers. Build it with ``-DBT_BUILD_PYTHON=ON`` and put ``<build>/python`` on
``PYTHONPATH``.
"""
from . import _core
from ._core import (  # noqa: F401
    __version__,
    Error,
    CoreError,
    DecodeError,
    MetadataError,
    CryptoError,
    KeyfileError,
    RpcError,
    ClientError,
    ExtrinsicError,
    SubtensorError,
    YumaError,
    BlsError,
    TimelockError,
    MetagraphError,
    to_hex,
    from_hex,
)

# Optional areas: present when the library was built with the corresponding module.
for _name in ("yuma", "fixed", "crypto", "scale", "metadata", "rpc", "client", "wallet", "extrinsic",
              "subtensor", "timelock", "metagraph"):
    if hasattr(_core, _name):
        globals()[_name] = getattr(_core, _name)
del _name

# Yuma simulation at scale (pure-Python front end of the C++ thread pool; optional Dask).
if hasattr(_core, "yuma"):
    from . import _yuma_sim

    yuma.simulate = _yuma_sim.simulate  # noqa: F821 (set in the loop above)
    yuma.sweep = _yuma_sim.sweep  # noqa: F821

# The wallet area's classes are also available at the top level, as in bittensor/btwallet.
if hasattr(_core, "wallet"):
    Keypair = _core.wallet.Keypair
    Keyfile = _core.wallet.Keyfile
    Wallet = _core.wallet.Wallet

# Runtime metadata (present when built with the metadata module).
if hasattr(_core, "Metadata"):
    Metadata = _core.Metadata

# Metagraph sync and next-epoch prediction (present when built with the metagraph module).
if hasattr(_core, "metagraph"):
    Metagraph = _core.metagraph.Metagraph

# The chain client (present when built with the client module).
if hasattr(_core, "client"):
    Client = _core.client.Client

# `import bittensor_cpp.timelock` works like `from bittensor_cpp import timelock`.
if hasattr(_core, "timelock"):
    import sys as _sys

    _sys.modules[__name__ + ".timelock"] = _core.timelock
    del _sys
