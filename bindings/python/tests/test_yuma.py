# SPDX-License-Identifier: MIT
"""bittensor_cpp.yuma: reference vectors through the Python API, NumPy in/out, typed errors."""
import glob
import json
import os
import threading

import numpy as np
import pytest

import bittensor_cpp as bt

yuma = pytest.importorskip("bittensor_cpp").__dict__.get("yuma")
if yuma is None:
    pytest.skip("built without the yuma module", allow_module_level=True)

VECTORS = os.path.join(os.path.dirname(__file__), "..", "..", "..", "tests", "vectors", "yuma")

# At least one case per variant and path, multi-epoch ones included (steps chained by the generator).
SAMPLE_CASES = [
    "head_tiny_2v2m_partial",
    "head_multi_yuma3_liquid_n12",  # 6 epochs, Yuma3 + sigmoid liquid alpha
    "head_multi_yuma2_n12",  # 6 epochs, Yuma2
    "head_edge_commit_reveal_mask",
    "head_edge_owner_and_stake_threshold",
    "head_random_n256_00",
    "head_dense_replica_yuma_3_one_epoch_switch",  # dense, 7 epochs
    "head_dense_edge_owner_and_stake_threshold",
    "feb2025_multi_liquid_n10",  # 5 epochs
    "feb2025_edge_u64max_stakes",
    "feb2025_dense_basic",
    "spec143_chain_recorded_scenario",  # 11 epochs recorded from the real runtime
    "spec143_edge_stake_above_i64",
    "spec143_dense_replica_test_bonds",  # dense, 9 epochs
]


def case_file(name):
    return os.path.join(VECTORS, name + ".json")


def load_json(name):
    with open(case_file(name)) as f:
        return json.load(f)


def plain(value):
    """Output value -> the JSON representation of the vectors (lists, ints, bools, None)."""
    if isinstance(value, np.ma.MaskedArray):
        mask = np.ma.getmaskarray(value)
        return [None if m else int(v) for v, m in zip(value.data, mask)]
    if isinstance(value, np.ndarray):
        if value.dtype == np.bool_:
            return [bool(v) for v in value]
        return [int(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def assert_outputs_equal(expected, actual, where):
    expected = dict(expected)
    expected.pop("trace", None)
    actual = plain(actual)
    assert expected, where
    for key, want in expected.items():
        assert key in actual, f"{where}: missing output field {key}"
        got = actual[key]
        # Exact storage state: post_state.bonds keeps `null` (no storage entry) apart from [].
        assert got == want, f"{where}: field {key} differs"


@pytest.mark.parametrize("name", SAMPLE_CASES)
def test_vector_case_through_kwargs(name):
    """Feeds the JSON `input` objects straight to run_epoch(**input) and compares every field."""
    case = load_json(name)
    variant, path = case["generator"]["variant"], case["generator"]["path"]
    for k, step in enumerate(case["steps"]):
        out = yuma.run_epoch(**step["input"], variant=variant, path=path)
        assert_outputs_equal(step["output"], out, f"{name} step {k}")


@pytest.mark.parametrize("name", SAMPLE_CASES)
def test_vector_case_through_load_and_run_case(name):
    case = load_json(name)
    loaded = yuma.load_case(case_file(name))
    assert loaded["id"] == case["id"]
    assert loaded["variant"] == case["generator"]["variant"]
    assert loaded["path"] == case["generator"]["path"]
    assert len(loaded["steps"]) == len(case["steps"])
    outs = yuma.run_case(case_file(name))
    assert len(outs) == len(case["steps"])
    for k, (step, out) in enumerate(zip(case["steps"], outs)):
        assert_outputs_equal(step["output"], out, f"{name} step {k} (run_case)")
        # load_case's inputs (NumPy arrays) are valid kwargs and give the same result.
        again = yuma.run_epoch(**loaded["steps"][k]["input"], variant=loaded["variant"],
                               path=loaded["path"])
        assert_outputs_equal(step["output"], again, f"{name} step {k} (load_case input)")
        assert_outputs_equal(step["output"], loaded["steps"][k]["expected"],
                             f"{name} step {k} (load_case expected)")


def test_every_vector_passes_check_case():
    files = sorted(glob.glob(os.path.join(VECTORS, "*.json")))
    assert len(files) >= 131
    for f in files:
        assert yuma.check_case(f) == [], f


def test_output_dtypes():
    out = yuma.run_case(case_file("head_tiny_2v2m_partial"))[0]
    assert out["incentive"].dtype == np.uint16
    assert out["dividends"].dtype == np.uint16
    assert out["emission"].dtype == np.uint64
    assert out["active"].dtype == np.bool_
    assert isinstance(out["server_emission"], np.ma.MaskedArray)
    assert out["server_emission"].dtype == np.uint64
    assert isinstance(out["bonds_written"], list)
    assert out["post_state"]["validator_permit"].dtype == np.bool_
    feb = yuma.run_case(case_file("feb2025_dense_basic"))[0]
    assert {"rank", "trust", "pruning_scores", "stake_weight"} <= feb.keys()
    spec = yuma.run_case(case_file("spec143_tiny_1v1m"))[0]
    assert "stake_weight" not in spec and "rank" in spec


def test_unregistered_uid_is_masked():
    case = load_json("spec143_edge_unregistered_uid_hole")
    out = yuma.run_epoch(**case["steps"][0]["input"], variant="spec143")
    expected = case["steps"][0]["output"]["server_emission"]
    assert expected.count(None) >= 1
    assert plain(out["server_emission"]) == expected
    assert np.ma.getmaskarray(out["server_emission"]).tolist() == [v is None for v in expected]


def test_numpy_inputs_equal_list_inputs():
    case = load_json("head_multi_yuma3_n12")
    inp = dict(case["steps"][1]["input"])
    as_np = dict(inp)
    for key in ("last_update", "block_at_registration", "alpha_stake", "tao_stake"):
        as_np[key] = np.array(inp[key], dtype=np.uint64)
    as_np["registered"] = np.array(inp["registered"], dtype=bool)
    as_np["validator_permit"] = np.array(inp["validator_permit"], dtype=bool)
    as_np["kappa"] = np.uint16(inp["kappa"])
    as_np["weights"] = [None if r is None else np.array(r, dtype=np.int64) for r in inp["weights"]]
    a = plain(yuma.run_epoch(**inp))
    b = plain(yuma.run_epoch(**as_np))
    assert a == b
    assert_outputs_equal(case["steps"][1]["output"], b, "numpy inputs")


def test_dense_path_selection_differs_only_where_expected():
    twin = load_json("head_sparse_twin_of_dense_random_n16_0")
    dense = load_json("head_dense_random_n16_0")
    assert twin["steps"][0]["input"] == dense["steps"][0]["input"]
    inp = twin["steps"][0]["input"]
    assert_outputs_equal(dense["steps"][0]["output"], yuma.run_epoch(**inp, path="dense"), "dense")
    assert_outputs_equal(twin["steps"][0]["output"], yuma.run_epoch(**inp, path="sparse"), "sparse")
    # run_case can override the path too.
    out = yuma.run_case(case_file("head_sparse_twin_of_dense_random_n16_0"), path="dense")[0]
    assert_outputs_equal(dense["steps"][0]["output"], out, "run_case path override")


def test_trace_matches_vector_trace():
    case = load_json("head_tiny_2v2m_partial")
    out = yuma.run_epoch(**case["steps"][0]["input"], trace=True)
    assert "trace" in out and out["trace"]
    got = {t["label"]: t for t in out["trace"]}
    compared = 0
    for t in case["steps"][0]["trace"]:
        if t["label"] in got and got[t["label"]]["kind"] == "vector":
            assert [int(b) for b in got[t["label"]]["bits"]] == [int(b) for b in t["bits"]], t["label"]
            compared += 1
    assert compared >= 3


def test_chained_epochs_from_post_state():
    """Chaining by hand (post_state -> next input) reproduces the multi-epoch vector."""
    case = load_json("head_multi_yuma3_n12")
    inp = dict(case["steps"][0]["input"])
    for k, step in enumerate(case["steps"]):
        given = step["input"]
        if k:
            assert [r or [] for r in given["bonds"]] == [[list(e) for e in r] for r in out["post_state"]["bonds"]]
            inp = dict(given, bonds=[[list(e) for e in r] for r in out["post_state"]["bonds"]],
                       validator_permit=out["post_state"]["validator_permit"])
        out = yuma.run_epoch(**inp)
        assert_outputs_equal(step["output"], out, f"chained step {k}")


def test_threads_release_the_gil_and_agree():
    case = load_json("head_random_n256_00")
    inp = case["steps"][0]["input"]
    results = [None] * 4

    def work(i):
        results[i] = plain(yuma.run_epoch(**inp))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r == results[0] for r in results)
    assert_outputs_equal(case["steps"][0]["output"], results[0], "threaded")


# ---- bad input: typed errors, never a crash

def tiny_input():
    return dict(load_json("head_tiny_2v2m_partial")["steps"][0]["input"])


@pytest.mark.parametrize(
    "change",
    [
        {"alpha_stake": [1, 2, 3]},  # length mismatch
        {"registered": [True] * 5},
        {"n": 9},
        {"owner_uid": 7},  # uid out of range
        {"rao_emission": -1},  # negative u64
        {"rao_emission": 2**64},  # too large
        {"kappa": 65536},  # u16 overflow
        {"alpha_sigmoid_steepness": 40000},  # i16 overflow
        {"rao_emission": 1.5},  # float
        {"alpha_stake": np.array([1.0, 2.0, 3.0, 4.0])},  # float array
        {"alpha_stake": "1234"},  # string
        {"weights": [[[2, 65535, 1]], None, None, None]},  # not a pair
        {"weights": [[[70000, 1]], None, None, None]},  # uid beyond u16
        {"weights": 5},
        {"registered": [True, True, "yes", True]},
        {"weight_commits": [[0]]},
        {"timelocked_commits": [[1, [[0]]]]},
        {"variant": "march2024"},
        {"path": "diagonal"},
        {"variant": 3},
    ],
)
def test_bad_input_raises_yuma_error(change):
    inp = tiny_input()
    inp.update(change)
    with pytest.raises(bt.YumaError) as info:
        yuma.run_epoch(**inp)
    assert info.value.module == "bt.yuma"
    assert isinstance(info.value, bt.Error)


@pytest.mark.parametrize(
    "row, where",
    [
        ([(0, True)], "weights[0][0]"),  # a bool is not an integer
        ([(0, -1)], "weights[0][0]"),
        ([(0, 65536)], "weights[0][0]"),
        ([(1, 2), (0, 2.0)], "weights[0][1]"),  # a float
        ([(1, 2), (0, 3, 4)], "weights[0][1]"),  # three items
        ([(1, 2), "ab"], "weights[0][1]"),
        ([(1, 2), None], "weights[0][1]"),
    ],
)
def test_bad_row_element_is_named(row, where):
    inp = tiny_input()
    inp["weights"] = [row, None, None, None]
    with pytest.raises(bt.YumaError) as info:
        yuma.run_epoch(**inp)
    assert where in info.value.detail


@pytest.mark.parametrize(
    "row",
    [
        np.array([[0, 1.5]]),  # floats are never truncated
        np.array([[0, 70000]], dtype=np.int64),
        np.array([[0, -1]], dtype=np.int64),
        np.array([[0, 2**63]], dtype=np.uint64),
        np.array([[0, 1, 2]], dtype=np.int64),  # not pairs
    ],
)
def test_bad_numpy_row_is_rejected(row):
    inp = tiny_input()
    inp["weights"] = [row, None, None, None]
    with pytest.raises(bt.YumaError) as info:
        yuma.run_epoch(**inp)
    assert "weights[0]" in info.value.detail


def test_row_shapes_read_alike():
    """Rows as lists of tuples (read in place), of lists, tuples of tuples, NumPy integers inside the
    pairs and 2-d NumPy arrays all give the same epoch."""
    case = load_json("head_multi_yuma3_n12")
    inp = dict(case["steps"][1]["input"])
    want = plain(yuma.run_epoch(**inp))
    shapes = {
        "tuples": lambda r: [tuple(p) for p in r],
        "lists": lambda r: [list(p) for p in r],
        "tuple_of_tuples": lambda r: tuple(tuple(p) for p in r),
        "numpy_scalars": lambda r: [(np.uint16(j), np.int64(w)) for j, w in r],
        "numpy_2d": lambda r: np.array(r, dtype=np.uint32).reshape(-1, 2),
        "numpy_2d_u64": lambda r: np.array(r, dtype=np.uint64).reshape(-1, 2),
        "numpy_2d_fortran": lambda r: np.asfortranarray(np.array(r, dtype=np.int64).reshape(-1, 2)),
    }
    for name, shape in shapes.items():
        alt = dict(inp)
        for key in ("weights", "bonds"):
            alt[key] = [None if r is None else shape(r) for r in inp[key]]
        assert plain(yuma.run_epoch(**alt)) == want, name


def test_post_state_bond_rows_are_their_own_lists():
    """post_state["bonds"] rows equal to the written rows share their (immutable) pairs, never the
    list itself."""
    case = load_json("head_multi_yuma3_n12")
    out = yuma.run_epoch(**case["steps"][1]["input"])
    written, post = out["bonds_written"], out["post_state"]["bonds"]
    shared = [i for i, r in enumerate(written) if r is not None and r and post[i] == r]
    assert shared
    for i in shared:
        assert post[i] is not written[i]
        assert all(isinstance(p, tuple) and len(p) == 2 for p in post[i])
    i = shared[0]
    before = list(written[i])
    post[i].append((0, 0))
    post[i][0] = (1, 1)
    assert written[i] == before


def test_rows_as_arrays_equal_lists_and_chain():
    """rows="arrays": every output row is a (k, 2) uint16 array with the same pairs as the default
    lists (None stays None), and those arrays fed back as the next epoch's bonds give the same epoch."""
    case = load_json("head_multi_yuma3_n12")
    inp = dict(case["steps"][1]["input"])
    lists = yuma.run_epoch(**inp)
    arrays = yuma.run_epoch(**inp, rows="arrays")
    for got, want in ((arrays["bonds_written"], lists["bonds_written"]),
                      (arrays["post_state"]["bonds"], lists["post_state"]["bonds"])):
        assert len(got) == len(want)
        for g, w in zip(got, want):
            if w is None:
                assert g is None
                continue
            assert isinstance(g, np.ndarray) and g.dtype == np.uint16 and g.shape == (len(w), 2)
            assert [tuple(int(x) for x in p) for p in g] == w
    for key in ("incentive", "dividends", "emission"):
        assert np.array_equal(arrays[key], lists[key])
    nxt = dict(case["steps"][2]["input"])
    a = plain(yuma.run_epoch(**dict(nxt, bonds=lists["post_state"]["bonds"])))
    b = plain(yuma.run_epoch(**dict(nxt, bonds=arrays["post_state"]["bonds"])))
    assert a == b


@pytest.mark.parametrize("rows", ["numpy", "", 1, None])
def test_bad_rows_form_is_rejected(rows):
    with pytest.raises(bt.YumaError) as info:
        yuma.run_epoch(**tiny_input(), rows=rows)
    assert "rows" in info.value.detail


def test_length_mismatch_reason():
    inp = tiny_input()
    inp["tao_stake"] = [0, 0]
    with pytest.raises(bt.YumaError) as info:
        yuma.run_epoch(**inp)
    assert info.value.reason == "input length mismatch"
    assert "tao_stake" in info.value.detail


def test_unknown_keyword_is_type_error():
    with pytest.raises(TypeError):
        yuma.run_epoch(**tiny_input(), not_a_field=1)


def test_empty_subnet_runs():
    out = yuma.run_epoch(n=0)
    assert out["emission"].size == 0


def test_bad_case_files(tmp_path):
    with pytest.raises(bt.YumaError) as info:
        yuma.load_case(str(tmp_path / "missing.json"))
    assert info.value.reason  # io error
    for not_a_file in (str(tmp_path), "/dev/zero"):
        with pytest.raises(bt.YumaError):
            yuma.load_case(not_a_file)
    bad = tmp_path / "bad.json"
    for text in ["", "{", "[]", '{"schema": "yuma-ref/2", "steps": []}', "\x00\x01\x02"]:
        bad.write_text(text)
        with pytest.raises(bt.YumaError):
            yuma.load_case(str(bad))
        with pytest.raises(bt.YumaError):
            yuma.run_case(str(bad))
    doc = load_json("head_tiny_1v1m")
    doc["steps"][0]["input"]["alpha_stake"] = [1]
    bad.write_text(json.dumps(doc))
    with pytest.raises(bt.YumaError):
        yuma.run_case(str(bad))


# ---- several mechanisms (head)

def test_epoch_with_one_mechanism_equals_run_epoch():
    case = load_json("head_multi_yuma3_n12")
    inp = dict(case["steps"][2]["input"])
    mech = {"weights": inp["weights"], "bonds": inp["bonds"], "last_update": inp["last_update"],
            "weight_commits": inp["weight_commits"], "timelocked_commits": inp["timelocked_commits"]}
    res = yuma.epoch_with_mechanisms([mech], **inp)
    assert plain(res["sub_emissions"]) == [inp["rao_emission"]]
    single = plain(yuma.run_epoch(**inp))
    assert plain(res["mechanisms"][0]) == single
    agg = plain(res["aggregated"])
    for key, value in agg.items():
        assert value == single[key], key


def test_epoch_with_two_mechanisms():
    case = load_json("head_multi_yuma3_n12")
    inp = dict(case["steps"][1]["input"])
    other = load_json("head_multi_yuma2_n12")["steps"][0]["input"]
    m0 = {"weights": inp["weights"], "bonds": inp["bonds"], "last_update": inp["last_update"]}
    m1 = {"weights": other["weights"], "bonds": [None] * inp["n"], "last_update": inp["last_update"]}
    res = yuma.epoch_with_mechanisms([m0, m1], emission_split=[40000, 25535], **inp)
    subs = plain(res["sub_emissions"])
    assert len(subs) == 2 and sum(subs) == inp["rao_emission"]
    assert len(res["mechanisms"]) == 2
    # Each mechanism's outputs are those of a plain epoch on its own storage and sub-emission.
    for k, m in enumerate((m0, m1)):
        alone = plain(yuma.run_epoch(**dict(inp, rao_emission=subs[k], weights=m["weights"],
                                            bonds=m["bonds"], last_update=m["last_update"],
                                            weight_commits=[], timelocked_commits=[])))
        assert plain(res["mechanisms"][k])["incentive"] == alone["incentive"]
        assert plain(res["mechanisms"][k])["bonds_written"] == alone["bonds_written"]
    server = [a + b for a, b in zip(plain(res["mechanisms"][0])["server_emission"],
                                    plain(res["mechanisms"][1])["server_emission"])]
    assert plain(res["aggregated"])["server_emission"] == server
    with pytest.raises(bt.YumaError):
        yuma.epoch_with_mechanisms([], **inp)
    with pytest.raises(bt.YumaError):
        yuma.epoch_with_mechanisms([{"weights": 3}], **inp)


def test_submodule_import_form():
    from bittensor_cpp.yuma import run_epoch

    assert run_epoch is yuma.run_epoch
