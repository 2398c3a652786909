"""Links to the source repository: present when the build knows it, said plainly when not.

The published site is built on GitHub Actions, which sets GITHUB_REPOSITORY; these tests
load the project's own mkdocs.yml with and without it and run the hooks that use it."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from hwguide import mkdocs_hooks as hooks
from hwguide.paths import ROOT
from hwguide.render import repository

pytestmark = pytest.mark.static

REPO = "octo-org/hwguide"


def config_with(monkeypatch, value: str | None):
    if value is None:
        monkeypatch.delenv("GITHUB_REPOSITORY", raising=False)
    else:
        monkeypatch.setenv("GITHUB_REPOSITORY", value)
    return load_config(str(ROOT / "mkdocs.yml"))


def test_a_known_repository_gives_edit_buttons_and_one_footer_link(monkeypatch):
    config = hooks.on_config(config_with(monkeypatch, REPO))
    assert config["edit_uri"] == f"https://github.com/{REPO}/edit/main/docs/"
    assert "content.action.edit" in config["theme"]["features"]
    config = hooks.on_config(config)  # `mkdocs serve` may run it again
    links = [s["link"] for s in config["extra"]["social"]]
    assert links == [f"https://github.com/{REPO}"]


def test_an_unknown_repository_adds_no_link(monkeypatch):
    config = hooks.on_config(config_with(monkeypatch, None))
    assert not config["edit_uri"] and not config["extra"].get("social")
    assert not config["repo_url"]  # Material would call the GitHub API from every page


def test_a_url_where_owner_name_belongs_fails_the_build_saying_what_to_write(monkeypatch):
    with pytest.raises(PluginError, match=r"extra\.repository .*owner/name"):
        hooks.on_config(config_with(monkeypatch, f"https://github.com/{REPO}"))


def test_the_clone_step_and_the_home_page_line():
    assert repository.clone(REPO) == (
        f"```bash\ngit clone https://github.com/{REPO}.git && cd hwguide\n```\n"
    )
    unknown = repository.clone("")
    assert "does not know the repository's address" in unknown and "<" not in unknown
    assert f"[{REPO}](https://github.com/{REPO})" in repository.source(REPO)
    assert repository.source("") == ""
    assert repository.colab_url(REPO, "notebooks/x.ipynb") == (
        f"https://colab.research.google.com/github/{REPO}/blob/main/notebooks/x.ipynb"
    )
    with pytest.raises(repository.RepositoryError):
        repository.directive(["fork"], REPO)


def test_pages_use_the_directives_and_no_placeholder_clone_command():
    reproduce = (ROOT / "docs" / "benchmarks" / "reproduce.md").read_text(encoding="utf-8")
    assert "<!-- repository: clone -->" in reproduce
    assert "git clone <" not in reproduce
    home = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    assert "<!-- repository: source -->" in home


def test_the_lab_page_edits_its_notebook_source_not_the_generated_ipynb(monkeypatch):
    source = ROOT / "notebooks" / "gpu_training.py"
    monkeypatch.setitem(hooks._state, "repository", REPO)
    monkeypatch.setitem(hooks._state, "notebooks", {"lab/gpu-training.ipynb": (source, {})})
    page = SimpleNamespace(file=SimpleNamespace(src_uri="lab/gpu-training.ipynb"), edit_url=None)
    hooks.on_page_context({}, page, None, None)
    assert page.edit_url == f"https://github.com/{REPO}/edit/main/notebooks/gpu_training.py"
    assert Path(source).is_file()
