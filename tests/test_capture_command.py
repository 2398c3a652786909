"""The capture command's rules, on throwaway snippets (no TensorFlow needed):
one machine per runner file, per-record sessions, loud failures, interrupts,
unreadable files. The machine probe is replaced by a fixed description."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from hwguide.capture import notebooks, run, store
from hwguide.capture.schema import BenchmarkRun, Capture
from hwguide.render import labels
from tests import factories


def probed(model_name="Test CPU", simd=("avx2", "fma")) -> dict:
    m = factories.machine(model_name=model_name, simd=simd)
    return {
        "kind": m["kind"],
        "cpu": m["cpu"],
        "gpus": m["gpus"],
        "os": "Linux test",
        "memory_gib": 8.0,
        "python": "3.11",
        "tensorflow": "2.21.0",
        "keras": "3",
        "keras_backend": "tensorflow",
        "numpy": "2",
        "tf_built_with_cuda": False,
        "cuda_build": None,
        "cudnn_build": None,
    }


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """Snippets and captures in tmp_path; returns (write_snippet, captures folder)."""
    folder = tmp_path / "snippets" / "t"
    folder.mkdir(parents=True)
    captures = tmp_path / "captures"
    monkeypatch.setattr(run, "CAPTURES", captures)
    monkeypatch.setattr(run, "probe", lambda: probed())
    monkeypatch.setattr(notebooks, "sources", lambda: [])
    files = []
    monkeypatch.setattr(run, "snippet_files", lambda: sorted(files))
    monkeypatch.setattr(run, "relative", lambda p: f"snippets/t/{p.name}")

    def write(name: str, code: str):
        path = folder / name
        path.write_text(code, encoding="utf-8")
        files.append(path)
        return path

    return write, captures


def select_all(monkeypatch, *only):
    monkeypatch.setattr(
        run, "select", lambda _: [p for p in run.snippet_files() if not only or p.name in only]
    )


def test_a_capture_on_other_hardware_is_refused(workspace, monkeypatch):
    write, captures = workspace
    write("a.py", "print('a')\n")
    select_all(monkeypatch)
    run.capture("cpu-test", "quick", None, [])
    before = (captures / "cpu-test.json").read_bytes()
    monkeypatch.setattr(run, "probe", lambda: probed("Other CPU", simd=("avx512f",)))
    with pytest.raises(SystemExit) as refused:
        run.capture("cpu-test", "quick", ["snippets/t/a.py"], [])
    message = str(refused.value)
    assert "cpu-test.json describes another machine" in message
    assert "cpu model name: 'Test CPU' there, 'Other CPU' here" in message
    assert "make capture RUNNER=cpu-" in message  # a name for this machine
    assert (captures / "cpu-test.json").read_bytes() == before


def test_a_partial_capture_keeps_each_records_own_session(workspace, monkeypatch):
    write, captures = workspace
    write("a.py", "print('a')\n")
    write("b.py", "print('b')\n")
    select_all(monkeypatch)
    run.capture("cpu-test", "quick", None, [])
    first = store.load(captures / "cpu-test.json")
    # A later partial capture, from another commit.
    monkeypatch.setattr(run, "_git", lambda: ("f" * 40, False))
    monkeypatch.setattr(run, "_now", lambda: datetime(2030, 1, 2, tzinfo=UTC))
    select_all(monkeypatch, "b.py")
    run.capture("cpu-test", "quick", ["snippets/t/b.py"], [])
    after = store.load(captures / "cpu-test.json")
    a, b = after.snippets["snippets/t/a.py"], after.snippets["snippets/t/b.py"]
    assert a == first.snippets["snippets/t/a.py"]  # untouched, with its own session
    assert a.session != b.session and len(after.sessions) == 2
    line_a = labels.provenance_line("cpu-test", after.session_of(a))
    line_b = labels.provenance_line("cpu-test", after.session_of(b))
    assert "2030-01-02" in line_b and "ffffffffff" in line_b
    assert "2030" not in line_a and "ffffffffff" not in line_a


def test_failures_and_time_outs_fail_the_capture_with_their_reasons(workspace, monkeypatch):
    write, captures = workspace
    write("ok.py", "print('fine')\n")
    write("raises.py", "raise ValueError('boom')\n")
    write("hangs.py", "import time\ntime.sleep(30)\n")
    write("demo.py", '"""Shows an error."""\n# expect: error\nraise SystemExit(3)\n')
    select_all(monkeypatch)
    monkeypatch.setitem(run.TIMEOUT_S, "quick", 2)
    with pytest.raises(run.CaptureFailed) as failed:
        run.capture("cpu-test", "quick", None, [])
    message = str(failed.value)
    assert "snippets/t/raises.py: exit status 1: ValueError: boom" in message
    assert "snippets/t/hangs.py: timed out after 2 s" in message
    assert "ok.py" not in message and "demo.py" not in message  # demo.py is meant to fail
    assert failed.value.code != 0
    saved = store.load(captures / "cpu-test.json")  # recorded all the same
    assert saved.snippets["snippets/t/raises.py"].failure.endswith("ValueError: boom")
    assert saved.snippets["snippets/t/demo.py"].failure is None


def test_an_expected_error_that_does_not_happen_is_a_failure(workspace, monkeypatch):
    write, _ = workspace
    write("demo.py", "# expect: error\nprint('no error')\n")
    select_all(monkeypatch)
    with pytest.raises(run.CaptureFailed, match="exited 0, but it is marked `# expect: error`"):
        run.capture("cpu-test", "quick", None, [])


def test_ctrl_c_keeps_the_finished_records(workspace, monkeypatch, capsys):
    write, captures = workspace
    write("a.py", "print('a')\n")
    write("b.py", "print('b')\n")
    select_all(monkeypatch)
    real = run.run_one

    def interrupted(path, *args):
        if path.name == "b.py":
            raise KeyboardInterrupt
        return real(path, *args)

    monkeypatch.setattr(run, "run_one", interrupted)
    with pytest.raises(SystemExit, match=r"interrupted: kept the 1 records that had finished"):
        run.capture("cpu-test", "quick", None, [])
    saved = store.load(captures / "cpu-test.json")
    assert list(saved.snippets) == ["snippets/t/a.py"]


def test_an_unreadable_file_stops_a_partial_capture_and_a_full_one_replaces_it(
    workspace, monkeypatch
):
    write, captures = workspace
    write("a.py", "print('a')\n")
    captures.mkdir()
    (captures / "cpu-test.json").write_text("{ not json")
    select_all(monkeypatch)
    with pytest.raises(SystemExit, match="run a full capture \\(without ONLY\\) to replace it"):
        run.capture("cpu-test", "quick", ["snippets/t/a.py"], [])
    assert (captures / "cpu-test.json").read_text() == "{ not json"  # nothing lost
    run.capture("cpu-test", "quick", None, [])
    assert store.load(captures / "cpu-test.json").snippets["snippets/t/a.py"].stdout == "a\n"


def test_the_runner_name_is_derived_from_the_machine(workspace, monkeypatch):
    write, captures = workspace
    write("a.py", "print('a')\n")
    select_all(monkeypatch)
    run.capture(None, "quick", None, [])
    assert [p.name for p in captures.glob("*.json")] == ["cpu-v-f1m2-avx2-2c.json"]


def test_a_hand_edit_is_detected_with_file_record_and_remedy(tmp_path):
    path = tmp_path / "cpu-test.json"
    store.write_atomic(path, factories.capture())
    data = json.loads(path.read_text())
    data["snippets"]["snippets/t/a.py"]["stdout"] = "99 bytes\n"  # still schema-valid
    path.write_text(json.dumps(data))
    with pytest.raises(store.CaptureError) as error:
        store.load(path)
    message = str(error.value)
    assert "cpu-test.json: snippets['snippets/t/a.py'] does not match its digest" in message
    assert "git checkout --" in message and "make capture RUNNER=cpu-test" in message


def test_a_missing_digest_is_detected(tmp_path):
    path = tmp_path / "cpu-test.json"
    capture = Capture.model_validate(factories.capture().model_dump())
    capture = capture.model_copy(
        update={"machine": capture.machine.model_copy(update={"digest": None})}
    )
    path.write_text(capture.model_dump_json())
    with pytest.raises(store.CaptureError, match="machine has no digest"):
        store.load(path)


def test_an_old_schema_is_named(tmp_path):
    path = tmp_path / "cpu-test.json"
    path.write_text(json.dumps({"schema_version": 1}))
    with pytest.raises(store.CaptureError, match="schema_version 1, but this tooling reads"):
        store.load(path)


@pytest.mark.parametrize(
    ("arch", "vendor", "simd", "gpus", "expected"),
    [
        ("AMD Zen 4", "AuthenticAMD", ["avx2", "avx512f", "avx512_bf16"], [], "cpu-zen4-avx512-2c"),
        ("AMD Zen 4", "AuthenticAMD", ["avx2", "fma"], [], "cpu-zen4-avx2-2c"),
        (
            "Intel Sapphire Rapids",
            "GenuineIntel",
            ["avx512f", "amx_tile", "amx_bf16"],
            [],
            "cpu-sapphire-rapids-amx-2c",
        ),
        (None, "V", [], [], "cpu-v-f1m2-2c"),
        (None, "GenuineIntel", ["avx512f", "amx_tile"], [], "cpu-intel-f1m2-amx-2c"),
        ("AMD Zen 4", "AuthenticAMD", [], ["NVIDIA H100 80GB HBM3"], "gpu-h100-80gb-hbm3"),
    ],
)
def test_runner_names_say_what_the_machine_is(arch, vendor, simd, gpus, expected):
    from hwguide.capture.naming import runner_name
    from hwguide.capture.schema import Machine

    data = factories.machine("gpu" if gpus else "cpu", simd=simd)
    data["cpu"] |= {"microarchitecture": arch, "vendor": vendor}
    data["gpus"] = [
        {"name": n, "memory_mib": 1, "driver": "1", "compute_capability": "9.0"} for n in gpus
    ]
    assert runner_name(Machine.model_validate(data)) == expected


def test_a_machine_label_drops_trademark_marks_and_names_the_extension():
    from hwguide.capture.schema import Machine
    from hwguide.render.labels import machine_label

    data = factories.machine(model_name="Intel(R) Xeon(R) Processor", simd=["avx512f", "amx_tile"])
    assert machine_label(Machine.model_validate(data)) == "Intel Xeon Processor (AMX), 2 cores"


def test_benchmarks_timed_while_other_work_ran_are_named_with_the_command_to_rerun(capsys):
    quiet = factories.measurement({"n": 1}, 0.1, other_cpus=0.05)
    busy = factories.measurement({"n": 2}, 0.1, other_cpus=1.4)
    runs = {
        name: BenchmarkRun.model_validate(data[name])
        for name, data in (
            ("matmul", factories.benchmark("matmul", [quiet, busy])),
            ("conv", factories.benchmark("conv", [quiet])),
            ("dispatch", factories.benchmark("dispatch", [busy], key="2020-01-01T00:00:00Z")),
        )
    }
    named = run.warn_if_disturbed(runs, factories.SESSION)
    # Only this session's runs: an older disturbed record is not this capture's doing.
    assert named == ["snippets/benchmarks/matmul.py"]
    err = capsys.readouterr().err
    assert "snippets/benchmarks/matmul.py: 1 of 2 cases (up to 1.40 CPUs" in err
    assert "make capture ONLY='snippets/benchmarks/matmul.py'" in err
    assert run.warn_if_disturbed({"conv": runs["conv"]}, factories.SESSION) == []
    assert capsys.readouterr().err == ""
