"""The estimator page in a real browser, held equal to src/hwguide/estimate.py.

The page computes in JavaScript (docs/assets/estimator.js); this test sets worked
cases through its form, reads the numbers it shows (each result carries its value
in ``data-value``) and compares them with the Python formulas on the same
registry figures (the built site's data/hardware.json). It also checks that the
page requests nothing outside the site, that its address restores the form, that
every chip figure links to its source and registry entry, and that it fits a phone.

Chromium as for tests/test_browser.py: skipped without it locally, failed under CI=true.
"""

from __future__ import annotations

import json
from urllib.parse import urljoin, urlparse

import pytest
from test_browser import PageVisit, chromium, serve  # skips/fails without Chromium

from hwguide import estimate

PAGE = "/tools/estimator/"
REL = 1e-12  # the same double arithmetic in both languages


@pytest.fixture(scope="module")
def site_url(built_site):
    if not (built_site / "tools" / "estimator" / "index.html").is_file():
        pytest.fail("the built site has no tools/estimator/ page: add it to mkdocs.yml's nav")
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def data(built_site) -> dict:
    return json.loads((built_site / "data" / "hardware.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def pair(data) -> tuple[str, str]:
    """Two chips to compare, with different peaks and bandwidths where possible."""
    ids = [k for k, p in data["parts"].items() if estimate.usable(p)]
    assert len(ids) >= 2, ids
    a = "h100-sxm" if "h100-sxm" in ids else ids[0]
    b = next((i for i in ids if i != a and data["parts"][i]["family"] != "gpu"), ids[1])
    return a, b


@pytest.fixture(scope="module")
def tab(browser, site_url):
    """One tab for the whole file: each test loads the page afresh in it (the
    site's files come from the browser's cache after the first load)."""
    v = PageVisit(browser, site_url)
    yield v
    v.close()


@pytest.fixture
def visit(tab, site_url):
    """``visit(query)`` loads the page with that query. ``visit(fresh=False)`` keeps
    the page a previous test left instead of loading it again, for tests
    that set every field their results depend on (a load costs more than all the
    arithmetic of a test). At the end of the test: no new console error, and no
    request outside the site (ever: the first test to make one fails, and every
    later one)."""
    errors = len(tab.errors)

    def open_page(query: str = "", *, fresh: bool = True) -> PageVisit:
        # (The page writes its fields into its address as they change: any query.)
        if fresh or urlparse(tab.page.url).path != PAGE:
            tab.page.goto(site_url + PAGE + query, wait_until="load")
            tab.page.wait_for_selector("#estimator[data-ready='true']")
        return tab

    yield open_page
    assert tab.errors[errors:] == [], f"console errors: {tab.errors[errors:]}"
    assert tab.foreign_requests() == [], "requests that left the site"


# Sets each field in turn, as a reader would, and fires the "change" event that
# leaving a field fires; fails on a field the page does not have, on a field the
# page hides, and on a select option that does not exist. One call for all fields:
# a browser round trip per field cost more than everything else in these tests.
SET_FORM = """(fields) => {
  for (const [param, value] of fields) {
    const el = document.querySelector(`[data-param='${param}']`);
    if (!el) throw new Error(`no field ${param}`);
    if (!el.checkVisibility()) throw new Error(`field ${param} is hidden`);
    if (el.tagName === 'SELECT' && ![...el.options].some((o) => o.value === value)) {
      throw new Error(`field ${param} has no option ${value}`);
    }
    el.value = value;
    el.dispatchEvent(new Event('input', {bubbles: true}));
    el.dispatchEvent(new Event('change', {bubbles: true}));
  }
}"""


def set_form(page, **fields) -> None:
    """Set controls by their URL parameter (``a``, ``ak``, ``m`` ...), in order, then
    let the page recompute as it does when the reader leaves a field."""
    page.evaluate(SET_FORM, [[param, str(value)] for param, value in fields.items()])


def results(page) -> dict[str, str]:
    return page.eval_on_selector_all(
        "[data-result]",
        "els => Object.fromEntries(els.map(e => [e.dataset.result, "
        "e.dataset.value ?? e.textContent]))",
    )


def close(shown: dict[str, str], name: str, expected: float | None) -> None:
    assert name in shown, f"the page shows no {name!r}; it shows {sorted(shown)}"
    if expected is None:
        assert shown[name] == "null", name
    else:
        assert float(shown[name]) == pytest.approx(expected, rel=REL), name


def check_bound(shown, prefix: str, bound: estimate.Bound) -> None:
    for field in ("compute_s", "memory_s", "time_s", "ridge", "attainable"):
        close(shown, f"{prefix}-{field}", getattr(bound, field))
    assert shown[f"{prefix}-bound_by"] == bound.bound_by


@pytest.mark.parametrize(
    ("m", "n", "k", "element"),
    [(4096, 4096, 4096, 2), (8192, 1, 8192, 2), (1000, 300, 70, 4)],
    ids=["square-bf16", "matrix-vector", "rectangular-fp32"],
)
def test_matmul_matches_python(visit, data, pair, m, n, k, element):
    a, b = pair
    v = visit(fresh=False)
    ka, kb = estimate.default_key(data["parts"][a]), estimate.default_key(data["parts"][b])
    set_form(v.page, w="matmul", a=a, ak=ka, b=b, bk=kb, m=m, n=n, k=k, db=element)
    shown = results(v.page)
    close(shown, "flops", estimate.matmul_flops(m, n, k))
    close(shown, "bytes", estimate.matmul_bytes(m, n, k, element))
    for prefix, part, key in (("a", a, ka), ("b", b, kb)):
        check_bound(
            shown, prefix, estimate.matmul(m, n, k, element, estimate.chip(data, part, key))
        )
    assert v.page.locator(".est-chart svg polyline").count() == 2  # a roof per chip


def test_a_matrix_vector_product_shows_memory_bound(visit, data, pair):
    v = visit(fresh=False)
    key = estimate.default_key(data["parts"][pair[0]])
    set_form(v.page, w="matmul", a=pair[0], ak=key, m=8192, n=1, k=8192, db=2)
    assert results(v.page)["a-bound_by"] == "memory"


@pytest.mark.parametrize("kind", ["dense", "conv"])
def test_keras_model_matches_python(visit, data, pair, kind):
    a, _ = pair
    params, batch, forward_given, serving, utilisation = 25e6, 64, 4.1e9, 2, 35
    v = visit(fresh=False)
    key = estimate.default_key(data["parts"][a])
    set_form(v.page, w="keras", a=a, ak=key, b="", kind=kind, p="25e6", bs=batch, ib=serving)
    set_form(v.page, u=utilisation)
    if kind == "conv":  # (the field shows for convolutional models only)
        set_form(v.page, ff="4,100,000,000")  # thousands separators are accepted
    c = estimate.chip(data, a, key)
    forward = forward_given if kind == "conv" else estimate.forward_flops_dense(params)
    step = estimate.keras_step(forward, params, batch, serving, c, utilisation / 100)
    memory = estimate.model_memory(params, serving)
    shown = results(v.page)
    close(shown, "forward_flops", forward)
    close(shown, "train_mem", memory.training)
    close(shown, "infer_mem", memory.inference)
    close(shown, "a-training_flops", step.training_flops)
    close(shown, "a-training_s", step.training_s)
    close(shown, "a-train_fit", estimate.fraction_of_memory(memory.training, c))
    close(shown, "a-infer_fit", estimate.fraction_of_memory(memory.inference, c))
    check_bound(shown, "a", step.inference)
    assert not any(k.startswith("b-") for k in shown), "chip B was set to none"


def test_transformer_matches_python(visit, data, pair):
    a, b = pair
    params, tokens, seq, batch = 7e9, 1e12, 4096, 16
    v = visit(fresh=False)
    keys = {
        "ak": estimate.default_key(data["parts"][a]),
        "bk": estimate.default_key(data["parts"][b]),
    }
    utilisation = round(estimate.DEFAULT_UTILISATION * 100)
    set_form(v.page, w="transformer", a=a, b=b, **keys, tp="7e9", tt="1e12", ts=seq, tb=batch)
    set_form(v.page, tib=2, u=utilisation)
    shown = results(v.page)
    memory = estimate.model_memory(params, 2)
    close(shown, "train_mem", memory.training)
    close(shown, "infer_mem", memory.inference)
    for prefix, part in (("a", a), ("b", b)):
        c = estimate.chip(data, part, estimate.default_key(data["parts"][part]))
        run = estimate.transformer_training(
            params, tokens, seq, batch, c, estimate.DEFAULT_UTILISATION
        )
        for field in ("flops", "time_s", "tokens_per_step", "steps", "step_s"):
            close(shown, f"{prefix}-{field}", getattr(run, field))
        close(shown, f"{prefix}-train_fit", estimate.fraction_of_memory(memory.training, c))
    # The assumption is stated where it is used.
    assert "an assumption" in v.page.locator("label[for='est-u']").inner_text()


def test_the_address_restores_the_form(visit, pair):
    a, b = pair
    v = visit()
    set_form(v.page, a=b, b=a, w="keras", kind="conv", p="3e6", bs=8, ff="1e9", ib=1, u=25)
    shown = results(v.page)
    query = urlparse(v.page.url).query
    assert f"a={b}" in query and "kind=conv" in query
    assert v.page.locator("#est-share").get_attribute("href").endswith("?" + query)
    again = visit("?" + query)
    for param, value in (("a", b), ("b", a), ("w", "keras"), ("kind", "conv"), ("ff", "1e9")):
        assert again.page.locator(f"[data-param='{param}']").input_value() == value, param
    assert results(again.page) == shown


def test_a_bad_address_falls_back_to_defaults(visit, data):
    v = visit("?a=no-such-chip&ak=no-such-key&w=nonsense&m=-3")
    part = v.page.locator("[data-param='a']").input_value()
    assert part in data["parts"]
    assert v.page.locator("[data-param='ak']").input_value() == estimate.default_key(
        data["parts"][part]
    )
    assert v.page.locator("[data-param='w']").input_value() == "matmul"
    assert v.page.locator("#est-m").get_attribute("aria-invalid") == "true"


def test_the_peak_is_never_sparse_unless_picked(visit, data):
    """A fresh page starts from the default key; a new chip keeps the key picked
    for the previous one where it has it, unless that is a sparse peak."""
    v = visit()
    previous = v.page.locator("[data-param='ak']").input_value()
    part = data["parts"][v.page.locator("[data-param='a']").input_value()]
    assert previous == estimate.default_key(part)
    for part_id, part in data["parts"].items():
        if not estimate.usable(part):
            continue
        set_form(v.page, a=part_id)
        key = v.page.locator("[data-param='ak']").input_value()
        keep = previous in estimate.compute_keys(part) and not previous.endswith("-sparse")
        assert key == (previous if keep else estimate.default_key(part)), part_id
        previous = key
    sparse = next(k for p in data["parts"].values() for k in p["figures"] if k.endswith("-sparse"))
    holder = next(
        i for i, p in data["parts"].items() if sparse in p["figures"] and estimate.usable(p)
    )
    set_form(v.page, a=holder, ak=sparse)  # the reader may pick a sparse peak...
    other = next(
        i
        for i, p in data["parts"].items()
        if i != holder and estimate.usable(p) and sparse in p["figures"]
    )
    set_form(v.page, a=other)  # ...but it does not carry over to another chip
    assert v.page.locator("[data-param='ak']").input_value() == estimate.default_key(
        data["parts"][other]
    )


def test_each_chip_figure_links_its_source_and_registry_entry(visit, data, pair, built_site):
    a, _ = pair
    v = visit()  # fresh: the links show only when the other fields are valid
    key = estimate.default_key(data["parts"][a])
    set_form(v.page, w="matmul", a=a, ak=key)
    registry_html = (built_site / "hardware" / "registry" / "index.html").read_text("utf-8")
    for figure in (key, "bandwidth", "memory"):
        name = "peak" if figure == key else figure
        links = v.page.locator(f"[data-figure='a-{name}'] a")
        hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
        f = data["parts"][a]["figures"][figure]
        if f.get("source"):
            assert data["sources"][f["source"]]["url"] in hrefs, (figure, hrefs)
        entry = urljoin(v.page.url, hrefs[-1])
        assert urlparse(entry).path == "/hardware/registry/" and urlparse(entry).fragment == a
        assert f'id="{a}"' in registry_html


def test_results_are_announced_and_inputs_labelled(visit):
    v = visit()
    summary = v.page.locator("#est-summary")
    assert summary.get_attribute("aria-live") == "polite"
    assert "at least" in summary.inner_text() and "-bound" in summary.inner_text()
    for control in v.page.locator("[data-param]").all():
        ident = control.get_attribute("id")
        assert v.page.locator(f"label[for='{ident}']").count() == 1, ident


def test_fits_a_phone(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(site_url + PAGE, wait_until="load")
        page.wait_for_selector("#estimator[data-ready='true']")
        overflow = page.evaluate(
            "() => Array.from(document.querySelectorAll('#estimator *'))"
            ".filter(e => e instanceof HTMLElement && e.clientWidth > 0"
            " && e.scrollWidth > e.clientWidth + 1).map(e => e.tagName + '.' + e.className)"
        )
        assert overflow == []
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()
