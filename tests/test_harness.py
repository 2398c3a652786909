"""Breaking things must fail loudly and say where."""

from __future__ import annotations

import pytest

from hwguide import snippets
from hwguide.paths import ROOT
from hwguide.testing.docs import parse_page
from hwguide.testing.isolation import isolating_calls
from tests.conftest import run_page


def test_a_snippet_that_raises_is_reported_at_its_own_line(page, snippet):
    snippet('"""Fails."""\n\nx = 1\nraise ValueError("boom")\n', name="boom.py")
    path = page('# T\n\n```python\n--8<-- "snippets/scratch/boom.py"\n```\n')
    [(line, outcome, message)] = run_page(path)
    assert (line, outcome) == (3, "failed")
    assert "ValueError: boom" in message


def test_a_failing_snippet_traceback_names_the_snippet_file(page, snippet):
    made = snippet('"""Fails."""\n\nx = 1\nraise ValueError("boom")\n', name="boom.py")
    block = parse_page(page('```python\n--8<-- "snippets/scratch/boom.py"\n```\n')).regions[0][1]
    assert block.parsed.filename == str(made)
    assert block.parsed.first_line == 0  # line numbers in tracebacks are the file's own


def test_a_missing_snippet_fails_naming_page_and_line(page):
    path = page('# T\n\ntext\n\n```python\n--8<-- "snippets/nope/missing.py"\n```\n')
    with pytest.raises(snippets.SnippetError, match=r"page\.md:6: .*snippets/nope/missing\.py"):
        parse_page(path)


def test_a_missing_section_fails(page, snippet):
    snippet('"""S."""\n# --8<-- [start:real]\nx = 1\n# --8<-- [end:real]\n', name="s.py")
    path = page('```python\n--8<-- "snippets/scratch/s.py:imaginary"\n```\n')
    with pytest.raises(snippets.SnippetError, match="imaginary"):
        parse_page(path)


def test_sections_are_expanded_like_the_build(page, snippet):
    snippet(
        '"""S."""\nhidden = 1\n# --8<-- [start:part]\nshown = 2\n# --8<-- [end:part]\n', name="s.py"
    )
    path = page(
        '```python\n--8<-- "snippets/scratch/s.py:part"\n```\n\n'
        '```pycon\n>>> shown\n2\n>>> "hidden" in dir()\nFalse\n```\n'
    )
    assert [o for _, o, _ in run_page(path)] == ["passed", "passed", "passed"]


def test_doctest_output_is_checked(page):
    path = page("```pycon\n>>> 1 + 1\n3\n```\n")
    [(_, outcome, message)] = run_page(path)
    assert outcome == "failed" and "Expected:" in message and "Got:" in message


def test_a_skip_needs_a_condition_and_reason(page):
    path = page("<!-- skip: next -->\n```python\nx = 1\n```\n")
    outcomes = run_page(path)
    assert outcomes[0][1] == "failed" and "needs a condition and a reason" in outcomes[0][2]


def test_hardware_skip_is_reported_with_its_reason(page, monkeypatch):
    monkeypatch.delenv("REQUIRE_GPU", raising=False)
    monkeypatch.setattr(
        "hwguide.testing.hardware.detected", lambda: {"HAS_GPU": False, "HAS_TPU": False}
    )
    path = page(
        '<!-- skip: next if(not HAS_GPU, reason="needs a GPU") -->\n```python\nx = 1\n```\n'
    )
    assert run_page(path) == [(2, "skipped", "needs a GPU")]


def test_hardware_flags_ask_tensorflow_only_when_a_page_uses_them(page, monkeypatch):
    asked = []

    def detected():
        asked.append(True)
        return {"HAS_GPU": True, "HAS_TPU": False}

    monkeypatch.setattr("hwguide.testing.hardware.detected", detected)
    assert run_page(page("```python\nx = 1\n```\n")) == [(1, "passed", "")]
    assert not asked
    path = page("```python\nassert HAS_GPU and not HAS_TPU\nprint(HAS_GPU)\n```\n")
    assert run_page(path) == [(1, "passed", "")]
    assert asked


def test_require_gpu_turns_a_hardware_skip_into_a_failure(page, monkeypatch):
    monkeypatch.setenv("REQUIRE_GPU", "1")
    monkeypatch.setattr(
        "hwguide.testing.hardware.detected", lambda: {"HAS_GPU": False, "HAS_TPU": False}
    )
    path = page(
        '<!-- skip: next if(not HAS_GPU, reason="needs a GPU") -->\n```python\nx = 1\n```\n'
    )
    [(_, outcome, message)] = run_page(path)
    assert outcome == "failed" and "REQUIRE_GPU=1" in message


def test_device_configuration_page_runs_in_a_fresh_interpreter(page):
    import tensorflow as tf

    tf.constant(1.0) + 1  # make sure this process's runtime is initialised
    text = (
        "```python\nimport tensorflow as tf\n"
        "cpu = tf.config.list_physical_devices('CPU')[0]\n"
        "three = [tf.config.LogicalDeviceConfiguration()] * 3\n"
        "tf.config.set_logical_device_configuration(cpu, three)\n"
        "```\n\n```pycon\n>>> len(tf.config.list_logical_devices('CPU'))\n3\n```\n"
    )
    assert isolating_calls(text) == ["set_logical_device_configuration"]
    assert [o for _, o, _ in run_page(page(text))] == ["passed", "passed"]


def test_prose_mentioning_a_config_call_does_not_isolate(page):
    document = parse_page(
        page("Call `set_memory_growth(gpu, True)` first.\n\n```python\nx = 1\n```\n")
    )
    assert document.isolating == []


def test_a_missing_include_fails_the_build_naming_page_and_line(build_copy):
    lines = (ROOT / "docs" / "contributing.md").read_text().splitlines()

    def add_include(root):
        page = root / "docs" / "contributing.md"
        page.write_text(
            "\n".join([*lines, "", "```python", '--8<-- "snippets/gone/away.py"', "```", ""])
        )

    result = build_copy(add_include)
    assert result.returncode != 0
    assert f"docs/contributing.md:{len(lines) + 3}" in result.stdout + result.stderr


def test_a_skip_directive_inside_a_fence_is_only_text(page):
    text = '````markdown\n<!-- skip: next if(True, reason="x") -->\n````\n\n```python\nx = 1\n```\n'
    assert run_page(page(text)) == [(5, "passed", "")]


GUARD = '<!-- skip: next if(not HAS_GPU, reason="needs a GPU") -->'


def test_an_unguarded_gpu_snippet_fails_at_collection_with_the_line_to_paste(page, snippet):
    snippet('"""Needs a GPU."""\n# requires: gpu\nprint(1)\n', name="gpu.py")
    path = page('# T\n\n```python\n--8<-- "snippets/scratch/gpu.py"\n```\n')
    with pytest.raises(ValueError) as error:
        parse_page(path)
    message = str(error.value)
    assert "page.md:3: this block needs a GPU" in message
    assert 'snippets/scratch/gpu.py says "# requires: gpu"' in message
    assert message.endswith(GUARD)
    parse_page(page(f'# T\n\n{GUARD}\n```python\n--8<-- "snippets/scratch/gpu.py"\n```\n'))


def test_an_unguarded_gpu_device_scope_fails_even_inside_a_tab(page):
    body = (
        "    ```python\n    import tensorflow as tf\n"
        '    with tf.device("/GPU:0"):\n        pass\n    ```\n'
    )
    with pytest.raises(ValueError, match=r"page\.md:3: .*tf\.device\(\"/GPU") as error:
        parse_page(page(f'=== "Tab"\n\n{body}'))
    assert str(error.value).endswith("    " + GUARD)  # indented like the fence
    parse_page(page(f'=== "Tab"\n\n    {GUARD}\n{body}'))


def test_a_soft_placement_demonstration_needs_no_guard(page):
    code = (
        "import tensorflow as tf\ntf.config.set_soft_device_placement(True)\n"
        'with tf.device("/GPU:7"):\n    pass\n'
    )
    parse_page(page(f"```python\n{code}```\n"))


def test_a_copied_escaped_include_is_named(page):
    path = page('# T\n\n```python\n;--8<-- "snippets/devices/device_strings.py"\n```\n')
    with pytest.raises(ValueError, match=r"page\.md:4: this line starts with ';--8<--'"):
        parse_page(path)


def test_building_another_checkout_with_this_package_fails_naming_both(tmp_path):
    import subprocess
    import sys

    from hwguide.tfenv import quiet_environ
    from tests.conftest import copy_repo

    copy = copy_repo(tmp_path / "other")
    env = quiet_environ() | {"PYTHONPATH": str(ROOT / "src"), "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "out")],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert f"this build is of {copy.resolve()}" in result.stderr
    assert f"the one in {ROOT}" in result.stderr


def test_a_skip_that_says_where_the_block_runs_must_name_a_real_test_file(page):
    directive = '<!-- skip: next if(True, reason="runs in tests/{}.py") -->\n'
    block = "```python\nx = 1\n```\n"
    (line, outcome, message), *_ = run_page(page(directive.format("gone") + block))
    assert (line, outcome) == (1, "failed"), message
    assert "page.md:1: this skip says the block runs in tests/gone.py, which does not" in message
    assert [o for _, o, _ in run_page(page(directive.format("test_harness") + block))] == [
        "skipped"
    ]
