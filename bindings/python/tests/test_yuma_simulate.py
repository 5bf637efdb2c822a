# SPDX-License-Identifier: MIT
"""bittensor_cpp.yuma.simulate / sweep: chains, grids, thread-count independence, Dask cluster."""
import os
import threading

import numpy as np
import pytest

import bittensor_cpp as bt

yuma = getattr(bt, "yuma", None)
if yuma is None:
    pytest.skip("built without the yuma module", allow_module_level=True)

VECTORS = os.path.join(os.path.dirname(__file__), "..", "..", "..", "tests", "vectors", "yuma")


def case_file(name):
    return os.path.join(VECTORS, name + ".json")


def assert_same(a, b, where=""):
    """Deep equality of result structures (arrays by value, masks included)."""
    if isinstance(a, np.ma.MaskedArray) or isinstance(b, np.ma.MaskedArray):
        assert isinstance(a, np.ma.MaskedArray) and isinstance(b, np.ma.MaskedArray), where
        assert np.array_equal(np.ma.getmaskarray(a), np.ma.getmaskarray(b)), where
        assert np.array_equal(a.filled(0), b.filled(0)), where
    elif isinstance(a, np.ndarray):
        assert isinstance(b, np.ndarray) and a.dtype == b.dtype and a.shape == b.shape, where
        assert np.array_equal(a, b), where
    elif isinstance(a, dict):
        assert isinstance(b, dict) and sorted(a) == sorted(b), where
        for k in a:
            assert_same(a[k], b[k], f"{where}.{k}")
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b)):
            assert_same(x, y, f"{where}[{i}]")
    else:
        assert a == b, where


def test_simulate_one_epoch_equals_run_epoch():
    case = yuma.load_case(case_file("head_multi_yuma3_liquid_n12"))
    res = yuma.simulate(case_file("head_multi_yuma3_liquid_n12"), epochs=1)
    out = yuma.run_epoch(**case["steps"][0]["input"], variant=case["variant"], path=case["path"])
    assert res["incentive"].shape == (1, len(out["incentive"]))
    for key in ("incentive", "dividends", "consensus", "validator_trust", "emission", "active",
                "validator_permit", "stake_weight"):
        assert np.array_equal(res[key][0], out[key]), key
    for key in ("server_emission", "validator_emission", "stake"):
        assert_same(res[key][0], out[key], key)
    assert res["post_state"]["bonds"] == out["post_state"]["bonds"]
    assert res["incentive"].dtype == np.uint16 and res["emission"].dtype == np.uint64
    assert res["active"].dtype == np.bool_


def test_simulate_chain_equals_hand_chaining_with_absent_rows():
    """Each epoch starts from the previous post_state; rows without a storage entry stay None."""
    case = yuma.load_case(case_file("feb2025_multi_liquid_n10"))
    inp = dict(case["steps"][0]["input"])
    assert any(r is None for r in inp["bonds"])
    res = yuma.simulate(inp, epochs=4, variant="feb2025")
    absent = 0
    for k in range(4):
        out = yuma.run_epoch(**inp, variant="feb2025")
        assert np.array_equal(res["incentive"][k], out["incentive"])
        assert np.array_equal(res["dividends"][k], out["dividends"])
        absent += sum(r is None for r in out["post_state"]["bonds"])
        inp["bonds"] = out["post_state"]["bonds"]
        inp["validator_permit"] = out["post_state"]["validator_permit"]
    assert absent > 0
    assert res["post_state"]["bonds"] == out["post_state"]["bonds"]
    assert res["next_input"]["bonds"] == out["post_state"]["bonds"]


def test_simulate_many_subnets_independent_of_thread_count():
    names = ["head_tiny_2v2m_partial", "head_multi_yuma2_n12", "feb2025_multi_liquid_n10",
             "spec143_multi_n12", "head_random_n256_00"]
    files = [case_file(n) for n in names]
    one = yuma.simulate(files, epochs=3, block_step=361, stake_from_emission=True, threads=1)
    two = yuma.simulate(files, epochs=3, block_step=361, stake_from_emission=True, threads=2)
    assert len(one) == len(files)
    assert_same(one, two)
    # Each run equals its own single-subnet simulation.
    assert_same(one[2], yuma.simulate(files[2], epochs=3, block_step=361, stake_from_emission=True))
    # The chain rule reached the input: blocks advanced and stake grew.
    first = yuma.load_case(files[1])["steps"][0]["input"]
    assert one[1]["next_input"]["current_block"] == first["current_block"] + 3 * 361
    assert sum(one[1]["next_input"]["alpha_stake"]) > sum(first["alpha_stake"])


def test_sweep_grid_shapes_params_and_points():
    base = yuma.load_case(case_file("head_multi_yuma3_liquid_n12"))["steps"][0]["input"]
    params = {"kappa": [0.3, 0.5, 32767], "bonds_moving_average": ["0.9", 975000]}
    res = yuma.sweep(base, params, epochs=2, block_step=361)
    assert res["params"]["kappa"].tolist() == [19661, 19661, 32768, 32768, 32767, 32767]
    assert res["params"]["bonds_moving_average"].tolist() == [900000, 975000] * 3
    n_entries = len(yuma.run_epoch(**base)["incentive"])
    assert res["incentive"].shape == (6, 2, n_entries)
    assert res["server_emission"].shape == (6, 2, base["n"])
    assert len(res["post_state"]) == 6
    # Point 3 (kappa 0.5, bma 975000) equals simulate() with those values set by hand.
    point = yuma.simulate(dict(base, kappa=32768, bonds_moving_average=975000), epochs=2,
                          block_step=361)
    assert np.array_equal(res["dividends"][3], point["dividends"])
    assert np.array_equal(res["incentive"][3], point["incentive"])
    assert_same(res["post_state"][3], point["post_state"])
    # Different parameters, different outcomes (the grid reached the epoch).
    assert not np.array_equal(res["dividends"][0], res["dividends"][5])
    # Thread count does not matter.
    assert_same(res, yuma.sweep(base, params, epochs=2, block_step=361, threads=1))


def test_sweep_and_simulate_errors():
    base = yuma.load_case(case_file("head_tiny_2v2m_partial"))["steps"][0]["input"]
    with pytest.raises(bt.YumaError, match="kappa"):
        yuma.sweep(base, {"kappa": [0.5, 1.5]})
    with pytest.raises(bt.YumaError, match="unknown parameter"):
        yuma.sweep(base, {"no_such": [1]})
    with pytest.raises(ValueError):
        yuma.sweep(base, {"kappa": []})
    with pytest.raises(bt.YumaError, match="unknown input field"):
        yuma.simulate(dict(base, bogus=1))
    with pytest.raises(bt.YumaError, match="run 1"):
        yuma.simulate([base, dict(base, registered=[True])], epochs=1)
    with pytest.raises(TypeError):
        yuma.simulate(42)
    assert yuma.simulate([], epochs=3) == []
    assert yuma.parameter_value("kappa", 0.5) == 32768
    assert yuma.parameter_value("kappa", "1.0") == 65535
    assert yuma.parameter_value("yuma3_enabled", True) is True
    assert yuma.parameter_value("alpha_sigmoid_steepness", -3) == -3
    assert yuma.parameter_value("tao_weight", 1e-18) == 18
    assert "kappa" in yuma.SWEEP_PARAMETERS and "weights" not in yuma.SWEEP_PARAMETERS


def test_simulate_releases_the_gil():
    # While simulate() runs, this thread must keep running. The work is sized (400 epochs, ~0.2 s on a
    # fast idle core, longer on a slow or loaded one) so that with the GIL released the main loop ticks
    # far more than 20 times; with the GIL held it could tick only before and after the call (a couple
    # of times), whatever the machine's speed.
    base = yuma.load_case(case_file("head_random_n256_00"))["steps"][0]["input"]
    done = threading.Event()
    result = {}

    def work():
        result["r"] = yuma.simulate(base, epochs=400, block_step=361, threads=1)
        done.set()

    t = threading.Thread(target=work)
    ticks = 0
    t.start()
    while not done.is_set():
        ticks += 1
        done.wait(0.001)
    t.join()
    assert result["r"]["incentive"].shape[0] == 400
    assert ticks > 20  # the main thread kept running while the epochs ran


def test_sweep_on_a_dask_local_cluster_equals_serial():
    distributed = pytest.importorskip("distributed")
    pkg_dir = os.path.dirname(os.path.dirname(os.path.abspath(bt.__file__)))
    pythonpath = os.pathsep.join(p for p in (pkg_dir, os.environ.get("PYTHONPATH", "")) if p)
    base = yuma.load_case(case_file("head_multi_yuma3_liquid_n12"))["steps"][0]["input"]
    params = {"kappa": [0.2, 0.5, 0.8], "bonds_moving_average": [0.9, 0.99],
              "liquid_alpha_enabled": [False, True]}
    serial = yuma.sweep(base, params, epochs=3, block_step=361, threads=1)
    files = [case_file(n) for n in ("head_tiny_2v2m_partial", "feb2025_multi_liquid_n10",
                                    "spec143_multi_n12", "head_multi_yuma2_n12")]
    serial_runs = yuma.simulate(files, epochs=2, threads=1)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, env={"PYTHONPATH": pythonpath}) as cluster:
        with distributed.Client(cluster) as client:
            pids = client.run(os.getpid)
            assert len(set(pids.values())) == 2 and os.getpid() not in pids.values()
            spread = yuma.sweep(base, params, epochs=3, block_step=361, client=client)
            runs = yuma.simulate(files, epochs=2, client=client)
    assert_same(serial, spread)
    assert_same(serial_runs, runs)
