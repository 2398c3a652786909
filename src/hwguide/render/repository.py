"""Links to the site's source repository, when the build knows which it is.

The repository's public name (``owner/name`` on GitHub) is ``extra.repository`` in
mkdocs.yml, which reads ``GITHUB_REPOSITORY``: GitHub Actions sets it, so the published
site links its source, its pages' sources ("edit this page") and the clone command; a
local preview does not know it and says so where a reader would need it. These are
plain links: no ``repo_url`` (Material would call the GitHub API from every page, a
third-party request) and nothing fetched.
"""

from __future__ import annotations

import re

#: GitHub's owner/name, as GITHUB_REPOSITORY gives it.
NAME = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?/[A-Za-z0-9._-]+$")
#: The branch the site is built from.
BRANCH = "main"


class RepositoryError(ValueError):
    """``extra.repository`` is set but is not owner/name."""


def name(extra: dict | None) -> str:
    """``owner/name`` from mkdocs.yml's ``extra``, or "" when the build does not know it."""
    repo = str((extra or {}).get("repository") or "").strip()
    if repo and not NAME.match(repo):
        raise RepositoryError(
            f"mkdocs.yml extra.repository (or GITHUB_REPOSITORY) is {repo!r}: give the "
            "GitHub repository as owner/name, e.g. octo-org/hwguide, not a URL"
        )
    return repo


def url(repo: str) -> str:
    return f"https://github.com/{repo}"


def edit_url(repo: str, path: str) -> str:
    """The editor for a file at ``path`` (repository-relative), e.g. a notebook's source."""
    return f"{url(repo)}/edit/{BRANCH}/{path}"


def edit_uri(repo: str) -> str:
    """MkDocs' ``edit_uri`` for pages under docs/ (absolute, so no ``repo_url`` is needed)."""
    return edit_url(repo, "docs/")


def colab_url(repo: str, path: str) -> str:
    """ "Open in Colab" for a committed notebook at ``path`` (repository-relative)."""
    return f"https://colab.research.google.com/github/{repo}/blob/{BRANCH}/{path}"


def social(repo: str) -> dict[str, str]:
    """Material's footer link (``extra.social``): an inline icon, no request."""
    return {"icon": "fontawesome/brands/github", "link": url(repo), "name": f"Source: {repo}"}


def source(repo: str) -> str:
    """The home page's line about the source (Markdown); nothing when unknown."""
    if not repo:
        return ""
    return (
        f"**The source:** chapters, snippets, captures and tests are on GitHub at "
        f"[{repo}]({url(repo)}); each page's edit button opens its file there.\n"
    )


def clone(repo: str) -> str:
    """The first step of reproducing: clone, or say why the address is missing."""
    if not repo:
        return (
            "First clone the site's repository and change into its folder. This build "
            "does not know the repository's address (a build on GitHub Actions fills it in "
            "here).\n"
        )
    folder = repo.rsplit("/", 1)[1]
    return f"```bash\ngit clone {url(repo)}.git && cd {folder}\n```\n"


def directive(args: list[str], repo: str) -> str:
    if args == ["source"]:
        return source(repo)
    if args == ["clone"]:
        return clone(repo)
    raise RepositoryError(f"expected `repository: source` or `repository: clone`, not {args!r}")
