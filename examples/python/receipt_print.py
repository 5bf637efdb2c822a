# SPDX-License-Identifier: MIT
"""What the Python subtensor examples (subtensor_transfer, stake, register) share once their arguments are
checked: the metadata file of --offline and the printout of a receipt. Imported from the scripts' folder."""
import bittensor_cpp as bt


def load_offline_metadata(path):
    """The metadata in the file given instead of a URL with --offline (raw SCALE)."""
    with open(path, "rb") as f:
        return bt.metadata.Metadata.from_bytes(f.read())


def print_receipt(r):
    """Prints where the extrinsic landed, the fee and its events, and a failure with the decoded dispatch
    error and, for a SubtensorModule error, its typed ChainError name. `r` is the receipt dict of
    Subtensor.sign_and_submit / transfer / add_stake ... Returns the exit status: 0 success, 1 failed."""
    finalized = " (finalized)" if r["finalized"] else ""
    print(f"block #{r['block_number']} 0x{r['block_hash'].hex()[:16]}... index {r['index']}{finalized}")
    print(f"fee {r['fee_paid']}")
    for pallet, name in r["events"]:
        print(f"  event {pallet}.{name}")
    if r["error"] is None:
        return 0
    kind = r.get("chain_error")
    print(f"FAILED: {r['error']}" + (f" [{kind}]" if kind else ""))
    return 1
