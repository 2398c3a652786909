/* The hardware estimator (docs/tools/estimator.md), computed in the reader's browser.
 *
 * Data: the site's own registry download, data/hardware.json (the page links it as
 * #est-data). No other request is made. The formulas below are the JavaScript twin
 * of src/hwguide/estimate.py; tests/test_estimator.py holds the constants equal and
 * tests/test_estimator_browser.py the results. Change both or neither.
 *
 * The form's state is kept in the query string (?a=h100-sxm&ak=bf16-dense&...), so
 * an address restores the form.
 */
(function () {
  "use strict";

  // --- constants: the same as in src/hwguide/estimate.py and registry/schema.py ---
  // (one per line as `const NAME = JSON;`, read by tests/test_estimator.py)
  const SCALE = {"GFLOP/s": 1e9, "TFLOP/s": 1e12, "PFLOP/s": 1e15, "TOPS": 1e12, "POPS": 1e15, "KB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12, "KiB": 1024, "MiB": 1048576, "GiB": 1073741824, "GB/s": 1e9, "TB/s": 1e12, "PB/s": 1e15, "GiB/s": 1073741824, "Gbit/s": 1.25e8, "W": 1, "MHz": 1e6, "GHz": 1e9, "bit": 1, "count": 1, "FLOP/B": 1, "OP/B": 1};
  const FLOPS_PER_MAC = 2;
  const FORWARD_FLOPS_PER_PARAM = 2;
  const TRAINING_OVER_FORWARD = 3;
  const FLOAT32_BYTES = 4;
  const ADAM_BYTES = 8;
  const DEFAULT_UTILISATION = 0.4;
  const DEFAULT_KEYS = ["bf16-dense", "fp16-dense", "tf32-dense", "fp32-dense", "fp32-vector"];
  const TRANSFORMER_FLOPS_PER_PARAM_TOKEN = FORWARD_FLOPS_PER_PARAM * TRAINING_OVER_FORWARD;
  const COMPUTE_KEY = /^(fp64|fp32|tf32|bf16|fp16|fp8|fp6|fp4|int8|int4)-(dense|sparse|vector)$/;
  // Bytes per element a peak's precision implies (TF32 works on float32 data).
  const PRECISION_BYTES = { fp64: 8, fp32: 4, tf32: 4, bf16: 2, fp16: 2, fp8: 1, fp6: 0.75, fp4: 0.5, int8: 1, int4: 0.5 };

  // --- chips from the registry (estimate.py: compute_keys, default_key, usable, chip) ---
  function computeKeys(part) {
    const order = { dense: 0, vector: 1, sparse: 2 };
    const keys = Object.keys(part.figures).filter((k) => COMPUTE_KEY.test(k));
    // A stable sort, as Python's sorted().
    return keys
      .map((k, i) => [order[COMPUTE_KEY.exec(k)[2]], i, k])
      .sort((x, y) => x[0] - y[0] || x[1] - y[1])
      .map((x) => x[2]);
  }

  function defaultKey(part) {
    const keys = computeKeys(part);
    for (const key of DEFAULT_KEYS) if (keys.includes(key)) return key;
    return keys.find((k) => !k.endsWith("-sparse")) || null;
  }

  function usable(part) {
    return computeKeys(part).length > 0 && "bandwidth" in part.figures;
  }

  function base(figure) {
    return figure.value * SCALE[figure.unit];
  }

  function chip(data, partId, key) {
    const part = data.parts[partId];
    const f = part.figures;
    return {
      part: partId,
      name: part.name,
      key: key,
      peak: base(f[key]),
      bandwidth: f.bandwidth ? base(f.bandwidth) : null,
      memory: f.memory ? base(f.memory) : null,
    };
  }

  // --- formulas (estimate.py: roofline, matmul_*, model_memory, keras_step, ...) ---
  function roofline(flops, bytes, peak, bandwidth) {
    const computeS = flops / peak;
    const memoryS = bandwidth ? bytes / bandwidth : null;
    const memoryBound = memoryS !== null && memoryS > computeS;
    const timeS = memoryBound ? memoryS : computeS;
    return {
      flops: flops,
      bytes: bytes,
      intensity: bytes > 0 ? flops / bytes : Infinity,
      ridge: bandwidth ? peak / bandwidth : null,
      compute_s: computeS,
      memory_s: memoryS,
      time_s: timeS,
      bound_by: memoryBound ? "memory" : "compute",
      attainable: flops / timeS,
    };
  }

  const matmulFlops = (m, n, k) => FLOPS_PER_MAC * m * n * k;
  const matmulBytes = (m, n, k, b) => (m * k + k * n + m * n) * b;

  function modelMemory(params, inferenceBytes) {
    const weights = params * FLOAT32_BYTES;
    const gradients = params * FLOAT32_BYTES;
    const optimizer = params * ADAM_BYTES;
    return {
      weights: weights,
      gradients: gradients,
      optimizer: optimizer,
      training: weights + gradients + optimizer,
      inference: params * inferenceBytes,
    };
  }

  const trainingTime = (flops, c, utilisation) => flops / (c.peak * utilisation);

  function kerasStep(forwardFlops, params, batch, inferenceBytes, c, utilisation) {
    const training = TRAINING_OVER_FORWARD * forwardFlops * batch;
    return {
      forward_flops: forwardFlops,
      training_flops: training,
      training_s: trainingTime(training, c, utilisation),
      inference: roofline(forwardFlops * batch, params * inferenceBytes, c.peak, c.bandwidth),
    };
  }

  function transformerTraining(params, tokens, seqLen, batch, c, utilisation) {
    const flops = TRANSFORMER_FLOPS_PER_PARAM_TOKEN * params * tokens;
    const perStep = seqLen * batch;
    return {
      flops: flops,
      time_s: trainingTime(flops, c, utilisation),
      tokens_per_step: perStep,
      steps: tokens / perStep,
      step_s: trainingTime(TRANSFORMER_FLOPS_PER_PARAM_TOKEN * params * perStep, c, utilisation),
    };
  }

  // --- numbers as text ---------------------------------------------------------
  const PREFIXES = [[1e18, "E"], [1e15, "P"], [1e12, "T"], [1e9, "G"], [1e6, "M"], [1e3, "k"]];

  // Two formatters made once: toLocaleString with options builds a new one per call
  // (a few hundred calls per result: about 6 ms here). The browser's first number
  // formatter costs more, 12-16 ms here (its locale data), so it is made in a task of
  // its own as the script starts, not in the page load's or the form's.
  let formats = null;
  function format() {
    formats = formats || {
      sig: new Intl.NumberFormat("en-US", { maximumFractionDigits: 20 }),
      plain: new Intl.NumberFormat("en-US", { maximumFractionDigits: 6 }),
    };
    return formats;
  }
  setTimeout(format, 0);

  function sig(x) {
    if (!isFinite(x)) return "∞";
    if (x === 0) return "0";
    return format().sig.format(Number(x.toPrecision(3)));
  }

  function si(value, unit) {
    for (const [factor, prefix] of PREFIXES) {
      if (Math.abs(value) >= factor) return `${sig(value / factor)} ${prefix}${unit}`;
    }
    return `${sig(value)} ${unit}`;
  }

  function duration(s) {
    if (s < 1e-3) return `${sig(s * 1e6)} µs`;
    if (s < 1) return `${sig(s * 1e3)} ms`;
    if (s < 120) return `${sig(s)} s`;
    if (s < 7200) return `${sig(s / 60)} min`;
    if (s < 172800) return `${sig(s / 3600)} h`;
    return `${sig(s / 86400)} days`;
  }

  const plain = (x) => format().plain.format(x);
  const opUnit = (key) => (key.startsWith("int") ? "OP" : "FLOP");
  const figureText = (f) => `${plain(f.value)} ${f.unit}`;

  function escape(text) {
    return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  }

  // --- the form ------------------------------------------------------------------
  // Each control: [param in the URL, label, kind, default, options or hint].
  const WORKLOADS = [
    ["matmul", "Matrix multiply"],
    ["keras", "Dense or convolutional Keras model"],
    ["transformer", "Transformer training"],
  ];
  const ELEMENT_BYTES = [["4", "4 (float32)"], ["2", "2 (bfloat16, float16)"], ["1", "1 (int8, fp8)"], ["8", "8 (float64)"]];
  const FIELDS = {
    matmul: [
      ["m", "m (rows of A and C)", "number", "4096"],
      ["n", "n (columns of B and C)", "number", "4096"],
      ["k", "k (columns of A, rows of B)", "number", "4096"],
      ["db", "Bytes per element", "select", "2", ELEMENT_BYTES],
    ],
    keras: [
      ["kind", "Layers", "select", "dense", [["dense", "Dense (fully connected)"], ["conv", "Convolutional"]]],
      ["p", "Parameters", "number", "1e6"],
      ["bs", "Batch size", "number", "32"],
      ["ff", "Forward FLOPs per example (convolutional only)", "number", "", null,
        "A convolution reuses each weight at every position, so its FLOPs do not follow from the parameter count. Conv2D: 2 · H · W · k_h · k_w · C_in · C_out per example (output H × W × C_out)."],
      ["ib", "Serving: bytes per weight", "select", "4", ELEMENT_BYTES],
    ],
    transformer: [
      ["tp", "Parameters N", "number", "1e9"],
      ["tt", "Training tokens D", "number", "2e10"],
      ["ts", "Sequence length", "number", "2048"],
      ["tb", "Batch size (sequences per step)", "number", "8"],
      ["tib", "Serving: bytes per weight", "select", "2", ELEMENT_BYTES],
    ],
  };
  const UTILISATION = ["u", "Utilisation of the peak, % (an assumption)", "number", String(DEFAULT_UTILISATION * 100)];

  let DATA = null;
  let REGISTRY_URL = "";
  const root = document.getElementById("estimator");
  if (!root) return;

  function control(prefix, [param, label, kind, value, options, hint]) {
    const id = `est-${prefix}${param}`;
    let input;
    if (kind === "select") {
      input = `<select id="${id}" data-param="${param}">` +
        options.map(([v, t]) => `<option value="${escape(v)}"${v === value ? " selected" : ""}>${escape(t)}</option>`).join("") +
        "</select>";
    } else {
      const described = ` aria-describedby="${hint ? `${id}-hint ` : ""}${id}-error"`;
      input = `<input id="${id}" data-param="${param}" type="text" inputmode="decimal" autocomplete="off" spellcheck="false" value="${escape(value)}"${described}>`;
    }
    const help = hint ? `<small id="${id}-hint" class="est-hint">${escape(hint)}</small>` : "";
    return `<div class="est-field" data-for="${param}"><label for="${id}">${escape(label)}</label>${input}${help}<small class="est-error" id="${id}-error" hidden></small></div>`;
  }

  function chipControls(which, title) {
    return `<fieldset class="est-chip"><legend>${title}</legend>` +
      `<div class="est-field"><label for="est-${which}">Chip</label><select id="est-${which}" data-param="${which}"></select></div>` +
      `<div class="est-field"><label for="est-${which}k">Peak used (precision, dense/sparse/vector)</label><select id="est-${which}k" data-param="${which}k"></select></div>` +
      "</fieldset>";
  }

  function buildForm() {
    const workloads = WORKLOADS.map(([v, t]) => `<option value="${v}">${t}</option>`).join("");
    const groups = Object.entries(FIELDS)
      .map(([w, fields]) => `<fieldset class="est-workload" data-workload="${w}"><legend>${WORKLOADS.find((x) => x[0] === w)[1]}</legend><div class="est-grid">${fields.map((f) => control("", f)).join("")}</div></fieldset>`)
      .join("");
    root.innerHTML =
      '<form class="est-form" novalidate onsubmit="return false">' +
      `<div class="est-grid">${chipControls("a", "Chip A")}${chipControls("b", "Chip B (optional, side by side)")}</div>` +
      `<div class="est-grid"><div class="est-field"><label for="est-w">Workload</label><select id="est-w" data-param="w">${workloads}</select></div>${control("", UTILISATION)}</div>` +
      groups +
      '<p class="est-share"><a id="est-share" href="">Link to this estimate</a> (the address holds the form)</p>' +
      "</form>" +
      '<section id="est-results" class="est-results" aria-labelledby="est-results-title">' +
      '<h2 id="est-results-title">Results</h2>' +
      '<p id="est-summary" class="est-summary" role="status" aria-live="polite"></p>' +
      '<div id="est-details"></div></section>';
  }

  function partOptions(select, optional) {
    const parts = Object.entries(DATA.parts).filter(([, p]) => usable(p));
    const family = { cpu: "CPU", gpu: "GPU", tpu: "TPU", fpga: "FPGA", asic: "ASIC" };
    select.innerHTML = (optional ? '<option value="">none</option>' : "") +
      parts.map(([id, p]) => `<option value="${escape(id)}">${escape(p.name)} (${family[p.family] || p.family}${p.status === "announced" ? ", announced" : ""})</option>`).join("");
  }

  function keyOptions(which) {
    const part = DATA.parts[document.getElementById(`est-${which}`).value];
    const select = document.getElementById(`est-${which}k`);
    select.disabled = !part;
    if (!part) {
      select.innerHTML = "";
      return;
    }
    const previous = select.value;
    select.innerHTML = computeKeys(part).map((k) => {
      const f = part.figures[k];
      const note = k.endsWith("-sparse") ? ", 2:4 sparse: only for a sparse model" : "";
      return `<option value="${k}">${k}: ${escape(figureText(f))}${note}</option>`;
    }).join("");
    // Another chip keeps the precision picked for the last one, unless it is a
    // sparse peak or the chip lacks it: then the default, never a sparse peak.
    const keep = computeKeys(part).includes(previous) && !previous.endsWith("-sparse");
    select.value = keep ? previous : defaultKey(part);
  }

  const $ = (id) => document.getElementById(id);
  const controls = () => Array.from(root.querySelectorAll("[data-param]"));

  function number(param) {
    const el = root.querySelector(`[data-param="${param}"]`);
    const text = el.value.replace(/[\s,_]/g, "");
    const value = text === "" ? NaN : Number(text);
    return value;
  }

  // --- state in the address --------------------------------------------------------
  function saveState() {
    const params = new URLSearchParams();
    for (const el of controls()) params.set(el.dataset.param, el.value);
    const url = `${location.pathname}?${params.toString()}${location.hash}`;
    history.replaceState(null, "", url);
    $("est-share").href = url;
  }

  function restoreState() {
    const params = new URLSearchParams(location.search);
    const set = (param) => {
      const el = root.querySelector(`[data-param="${param}"]`);
      if (!params.has(param) || !el) return;
      const value = params.get(param);
      if (el.tagName === "SELECT" && !Array.from(el.options).some((o) => o.value === value)) return;
      el.value = value;
    };
    for (const which of ["a", "b"]) {
      set(which);
      keyOptions(which);
      set(`${which}k`);
    }
    for (const el of controls()) {
      if (!["a", "b", "ak", "bk"].includes(el.dataset.param)) set(el.dataset.param);
    }
  }

  // --- results -------------------------------------------------------------------------
  function out(name, value, text) {
    return `<output data-result="${name}" data-value="${value}">${escape(text)}</output>`;
  }

  function row(label, name, value, text, formula) {
    const f = formula ? ` <span class="est-formula">${formula}</span>` : "";
    return `<dt>${label}</dt><dd>${out(name, value, text)}${f}</dd>`;
  }

  function cite(partId, key) {
    const part = DATA.parts[partId];
    const f = part.figures[key];
    const links = [];
    if (f.source && DATA.sources[f.source]) {
      const s = DATA.sources[f.source];
      links.push(`source: <a href="${escape(s.url)}">${escape(s.title)}</a> (${escape(s.publisher)}, ${escape(s.revision)}; checked ${escape(s.checked)})`);
    }
    if (f.formula) {
      // A derived figure: link the sources of the figures its formula names.
      for (const [k, g] of Object.entries(part.figures)) {
        if (k !== key && g.source && f.formula.startsWith(k + " ") && DATA.sources[g.source]) {
          links.push(`source of ${escape(k)}: <a href="${escape(DATA.sources[g.source].url)}">${escape(DATA.sources[g.source].title)}</a>`);
        }
      }
    }
    links.push(`<a href="${escape(REGISTRY_URL)}#${escape(partId)}">registry entry ${escape(partId)}</a>`);
    const derived = f.formula ? ` (derived: ${escape(f.formula)})` : "";
    const detail = f.detail ? ` ${escape(f.detail)}` : "";
    const range = f.low ? ` (range ${plain(f.low)}–${plain(f.value)}: the upper end is used)` : "";
    return `${escape(figureText(f))}${detail}${range}${derived} · ${links.join(" · ")}`;
  }

  function chipFigures(w, c) {
    const f = DATA.parts[c.part].figures;
    let html = `<dt>Peak (${escape(c.key)})</dt><dd data-figure="${w}-peak">${cite(c.part, c.key)}</dd>`;
    html += `<dt>Memory bandwidth</dt><dd data-figure="${w}-bandwidth">${cite(c.part, "bandwidth")}</dd>`;
    html += f.memory
      ? `<dt>Memory</dt><dd data-figure="${w}-memory">${cite(c.part, "memory")}</dd>`
      : "<dt>Memory</dt><dd>not in the registry</dd>";
    return html;
  }

  function fitRow(w, label, name, bytes, c) {
    const f = DATA.parts[c.part].figures.memory;
    if (!f) return row(label, `${w}-${name}`, null, "unknown", "the registry has no memory figure for this chip");
    const fraction = bytes / c.memory;
    const verdict = fraction <= 1 ? "fits" : "does not fit";
    return row(label, `${w}-${name}`, fraction, `${sig(100 * fraction)}% of ${figureText(f)}: ${verdict}`,
      `= ${si(bytes, "B")} ÷ ${escape(figureText(f))}`);
  }

  function rooflineRows(w, b, c, what) {
    const u = opUnit(c.key);
    const peak = escape(figureText(DATA.parts[c.part].figures[c.key]));
    const bw = escape(figureText(DATA.parts[c.part].figures.bandwidth));
    const side = b.bound_by === "memory"
      ? `intensity ${sig(b.intensity)} &lt; ridge ${sig(b.ridge)}`
      : `intensity ${sig(b.intensity)} ≥ ridge ${sig(b.ridge)}`;
    return row("Ridge point", `${w}-ridge`, b.ridge, `${sig(b.ridge)} ${u}/B`, `= peak ÷ bandwidth = ${peak} ÷ ${bw}`) +
      row(`${what}: compute time`, `${w}-compute_s`, b.compute_s, duration(b.compute_s), `= ${u}s ÷ peak = ${si(b.flops, u)} ÷ ${peak}`) +
      row(`${what}: memory time`, `${w}-memory_s`, b.memory_s, duration(b.memory_s), `= bytes ÷ bandwidth = ${si(b.bytes, "B")} ÷ ${bw}`) +
      row(`${what}: roofline bound`, `${w}-time_s`, b.time_s, duration(b.time_s), `= max(compute time, memory time): <span data-result="${w}-bound_by">${b.bound_by}</span>-bound (${side})`) +
      row("Attainable rate", `${w}-attainable`, b.attainable, si(b.attainable, `${u}/s`), `= ${u}s ÷ bound`);
  }

  function precisionNote(c, bytes) {
    const p = COMPUTE_KEY.exec(c.key)[1];
    return PRECISION_BYTES[p] === bytes ? "" :
      `<p class="est-note">The peak is for ${p.toUpperCase()} (${PRECISION_BYTES[p]} bytes per element), the data ${bytes}: the bound mixes two formats.</p>`;
  }

  function card(w, c, body, chart) {
    const part = DATA.parts[c.part];
    const status = part.status === "announced" ? " <em>(announced, not shipping)</em>" : "";
    return `<section class="est-card" aria-labelledby="est-${w}-title"><h3 id="est-${w}-title">${escape(c.name)}${status}</h3>` +
      `<dl class="est-list">${chipFigures(w, c)}${body}</dl>${chart || ""}</section>`;
  }

  function invalid(param, message) {
    const el = root.querySelector(`[data-param="${param}"]`);
    const err = $(`${el.id}-error`);
    el.setAttribute("aria-invalid", "true");
    err.textContent = message;
    err.hidden = false;
  }

  function clearErrors() {
    for (const el of controls()) el.removeAttribute("aria-invalid");
    for (const el of root.querySelectorAll(".est-error")) {
      el.hidden = true;
      el.textContent = "";
    }
  }

  function read(params, integer) {
    let ok = true;
    const values = {};
    for (const p of params) {
      const v = number(p);
      if (!(v > 0) || !isFinite(v) || (integer && !Number.isInteger(v))) {
        invalid(p, integer ? "Enter a positive whole number." : "Enter a positive number (1e9 works).");
        ok = false;
      }
      values[p] = v;
    }
    return ok ? values : null;
  }

  function compute() {
    clearErrors();
    const w = $("est-w").value;
    for (const fs of root.querySelectorAll(".est-workload")) fs.hidden = fs.dataset.workload !== w;
    const conv = $("est-kind").value === "conv";
    root.querySelector('[data-for="ff"]').hidden = !conv;
    const chips = ["a", "b"]
      .filter((x) => $(`est-${x}`).value && $(`est-${x}k`).value)
      .map((x) => [x, chip(DATA, $(`est-${x}`).value, $(`est-${x}k`).value)]);
    saveState();
    const result = w === "matmul" ? matmulResults(chips) : w === "keras" ? kerasResults(chips, conv) : transformerResults(chips);
    show(result);
  }

  function wholeNumbers(values, params) {
    let ok = true;
    for (const p of params) {
      if (!Number.isInteger(values[p])) {
        invalid(p, "Enter a positive whole number.");
        ok = false;
      }
    }
    return ok;
  }

  function readUtilisation() {
    const u = read(["u"], false);
    if (u && u.u > 100) invalid("u", "Enter a percentage up to 100.");
    return u && u.u <= 100 ? u.u : null;
  }

  function matmulResults(chips) {
    const v = read(["m", "n", "k"], true);
    if (!v) return null;
    const db = Number($("est-db").value);
    const flops = matmulFlops(v.m, v.n, v.k);
    const bytes = matmulBytes(v.m, v.n, v.k, db);
    const shared = row("FLOPs", "flops", flops, si(flops, "FLOP"), `= 2 · m · n · k = 2 × ${plain(v.m)} × ${plain(v.n)} × ${plain(v.k)}`) +
      row("Bytes moved", "bytes", bytes, si(bytes, "B"), `= (m·k + k·n + m·n) × bytes per element = ${plain(v.m * v.k + v.k * v.n + v.m * v.n)} × ${db}, each matrix read or written once`) +
      row("Arithmetic intensity", "intensity", flops / bytes, `${sig(flops / bytes)} FLOP/B`, "= FLOPs ÷ bytes");
    let cards = "";
    const summary = [];
    for (const [x, c] of chips) {
      const b = roofline(flops, bytes, c.peak, c.bandwidth);
      cards += card(x, c, rooflineRows(x, b, c, "Matmul"), precisionNote(c, db));
      summary.push(`${c.name}: at least ${duration(b.time_s)}, ${b.bound_by}-bound`);
    }
    return { shared, cards, summary, svg: chart(chips, flops / bytes, "this matrix multiply") };
  }

  function kerasResults(chips, conv) {
    const u = readUtilisation();
    const v = read(conv ? ["p", "bs", "ff"] : ["p", "bs"], false);
    if (!v || u === null || !wholeNumbers(v, ["bs"])) return null;
    const utilisation = u / 100;
    const ib = Number($("est-ib").value);
    const mem = modelMemory(v.p, ib);
    const forward = conv ? v.ff : FORWARD_FLOPS_PER_PARAM * v.p;
    const shared = memoryRows(v.p, ib, mem) +
      row("Forward FLOPs per example", "forward_flops", forward, si(forward, "FLOP"),
        conv ? "as given (a convolution's FLOPs do not follow from its parameter count)" : `= 2 · N = 2 × ${plain(v.p)} (one multiply-add per weight)`);
    let cards = "";
    const summary = [];
    for (const [x, c] of chips) {
      const s = kerasStep(forward, v.p, v.bs, ib, c, utilisation);
      const unit = opUnit(c.key);
      const body = fitRow(x, "Training memory on this chip", "train_fit", mem.training, c) +
        fitRow(x, "Serving memory on this chip", "infer_fit", mem.inference, c) +
        row("Training step FLOPs", `${x}-training_flops`, s.training_flops, si(s.training_flops, unit), `= 3 × forward × batch = 3 × ${si(forward, "FLOP")} × ${plain(v.bs)}`) +
        row("Training step time", `${x}-training_s`, s.training_s, duration(s.training_s), `= step FLOPs ÷ (peak × utilisation) = ${si(s.training_flops, unit)} ÷ (${peakText(c)} × ${sig(u)}%)`) +
        rooflineRows(x, s.inference, c, "Serving step (forward, one batch; weights read once)");
      cards += card(x, c, body, trainingNote(c));
      summary.push(`${c.name}: training step about ${duration(s.training_s)} at ${sig(u)}% of the peak; training memory ${fits(mem.training, c)}`);
    }
    const intensity = (forward * v.bs) / (v.p * ib);
    return { shared, cards, summary, svg: chart(chips, intensity, "one serving step") };
  }

  function transformerResults(chips) {
    const u = readUtilisation();
    const v = read(["tp", "tt", "ts", "tb"], false);
    if (!v || u === null || !wholeNumbers(v, ["ts", "tb"])) return null;
    const utilisation = u / 100;
    const ib = Number($("est-tib").value);
    const mem = modelMemory(v.tp, ib);
    const shared = memoryRows(v.tp, ib, mem);
    let cards = "";
    const summary = [];
    for (const [x, c] of chips) {
      const t = transformerTraining(v.tp, v.tt, v.ts, v.tb, c, utilisation);
      const unit = opUnit(c.key);
      const body = fitRow(x, "Training memory on this chip", "train_fit", mem.training, c) +
        fitRow(x, "Serving memory on this chip", "infer_fit", mem.inference, c) +
        row("Training FLOPs", `${x}-flops`, t.flops, si(t.flops, unit), `≈ 6 · N · D = 6 × ${plain(v.tp)} × ${plain(v.tt)}`) +
        row("Training time", `${x}-time_s`, t.time_s, duration(t.time_s), `= FLOPs ÷ (peak × utilisation) = ${si(t.flops, unit)} ÷ (${peakText(c)} × ${sig(u)}%)`) +
        row("Tokens per step", `${x}-tokens_per_step`, t.tokens_per_step, plain(t.tokens_per_step), `= sequence length × batch = ${plain(v.ts)} × ${plain(v.tb)}`) +
        row("Steps", `${x}-steps`, t.steps, sig(t.steps), "= D ÷ tokens per step") +
        row("Time per step", `${x}-step_s`, t.step_s, duration(t.step_s), "= 6 · N · tokens per step ÷ (peak × utilisation)");
      cards += card(x, c, body, trainingNote(c));
      summary.push(`${c.name}: training about ${duration(t.time_s)} at ${sig(u)}% of the peak; training memory ${fits(mem.training, c)}`);
    }
    return { shared, cards, summary, svg: "" };
  }

  const peakText = (c) => escape(figureText(DATA.parts[c.part].figures[c.key]));

  function fits(bytes, c) {
    if (!c.memory) return `${si(bytes, "B")} (no memory figure)`;
    return `${si(bytes, "B")}, ${bytes <= c.memory ? "fits" : "does not fit"}`;
  }

  function trainingNote(c) {
    const p = COMPUTE_KEY.exec(c.key)[1];
    return p.startsWith("int")
      ? `<p class="est-note">${p.toUpperCase()} is an integer format, for inference: training runs in floating point, so pick a floating-point peak for the training time.</p>`
      : "";
  }

  function memoryRows(params, ib, mem) {
    return row("Training memory: weights, gradients, Adam", "train_mem", mem.training, si(mem.training, "B"),
      `= N × (4 + 4 + 2 × 4) bytes = ${plain(params)} × 16: float32 weights (${si(mem.weights, "B")}), float32 gradients (${si(mem.gradients, "B")}), Adam's two float32 moments (${si(mem.optimizer, "B")}); activations not included`) +
      row("Serving memory: weights", "infer_mem", mem.inference, si(mem.inference, "B"), `= N × ${ib} bytes; activations and caches not included`);
  }

  function show(result) {
    const summary = $("est-summary");
    const details = $("est-details");
    if (!result) {
      summary.textContent = "Fix the marked inputs to see the estimate.";
      details.innerHTML = "";
      return;
    }
    summary.textContent = result.summary.length ? result.summary.join(". ") + "." : "Pick a chip to see times.";
    details.innerHTML = `<dl class="est-list est-shared">${result.shared}</dl>` +
      `<div class="est-cards">${result.cards}</div>${result.svg || ""}`;
  }

  // --- roofline chart: log-log SVG, the chips' roofs and the workload's point ---------
  function chart(chips, intensity, what) {
    if (!chips.length || !(intensity > 0) || !isFinite(intensity)) return "";
    const W = 360, H = 250, L = 52, R = 22, T = 14, B = 40;
    const ridges = chips.map(([, c]) => c.peak / c.bandwidth);
    const xs = [intensity, ...ridges];
    const x0 = Math.pow(10, Math.floor(Math.log10(Math.min(...xs))) - 1);
    const x1 = Math.pow(10, Math.ceil(Math.log10(Math.max(...xs))) + 1);
    const peaks = chips.map(([, c]) => c.peak);
    const lows = chips.map(([, c]) => Math.min(c.peak, x0 * c.bandwidth));
    const y0 = Math.pow(10, Math.floor(Math.log10(Math.min(...lows))));
    const y1 = Math.pow(10, Math.ceil(Math.log10(Math.max(...peaks) * 1.5)));
    const px = (x) => L + ((Math.log10(x) - Math.log10(x0)) / (Math.log10(x1) - Math.log10(x0))) * (W - L - R);
    const py = (y) => T + (1 - (Math.log10(y) - Math.log10(y0)) / (Math.log10(y1) - Math.log10(y0))) * (H - T - B);
    const tick = (v) => si(v, "").replace(" ", "");
    let svg = "";
    for (let e = Math.log10(x0); e <= Math.log10(x1); e += 1) {
      const x = px(Math.pow(10, e));
      svg += `<line class="est-grid-line" x1="${x}" x2="${x}" y1="${T}" y2="${H - B}"/><text x="${x}" y="${H - B + 15}" text-anchor="middle">${tick(Math.pow(10, e))}</text>`;
    }
    const ystep = Math.max(1, Math.ceil((Math.log10(y1) - Math.log10(y0)) / 6));
    for (let e = Math.log10(y0); e <= Math.log10(y1); e += ystep) {
      const y = py(Math.pow(10, e));
      svg += `<line class="est-grid-line" x1="${L}" x2="${W - R}" y1="${y}" y2="${y}"/><text x="${L - 4}" y="${y + 4}" text-anchor="end">${tick(Math.pow(10, e))}</text>`;
    }
    svg += `<text x="${(L + W - R) / 2}" y="${H - 6}" text-anchor="middle">intensity (FLOP/B)</text>`;
    svg += `<text x="12" y="${(T + H - B) / 2}" text-anchor="middle" transform="rotate(-90 12 ${(T + H - B) / 2})">FLOP/s</text>`;
    const desc = [];
    chips.forEach(([x, c], i) => {
      const ridge = c.peak / c.bandwidth;
      const points = [[x0, x0 * c.bandwidth], [ridge, c.peak], [x1, c.peak]].map(([a, b]) => `${px(a)},${py(b)}`).join(" ");
      svg += `<polyline class="est-roof est-roof-${x}" points="${points}"/>`;
      const y = Math.min(c.peak, intensity * c.bandwidth);
      svg += `<circle class="est-point est-roof-${x}" cx="${px(intensity)}" cy="${py(y)}" r="4"/>`;
      svg += `<text class="est-label" x="${W - R - 2}" y="${py(c.peak) - 5 - (i && Math.abs(py(c.peak) - py(peaks[0])) < 14 ? 14 : 0)}" text-anchor="end">${x.toUpperCase()}</text>`;
      desc.push(`chip ${x.toUpperCase()} (${c.name}, ${c.key}): roof ${si(c.peak, "FLOP/s")}, ridge ${sig(ridge)} FLOP/B; ${what} at ${sig(intensity)} FLOP/B attains ${si(y, "FLOP/s")}`);
    });
    const label = `Roofline of ${what}: ${desc.join("; ")}.`;
    const legend = chips.map(([x, c]) => `${x.toUpperCase()} (${x === "a" ? "solid" : "dashed"}): ${c.name}, ${c.key}`).join("; ");
    return `<figure class="est-chart"><svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${escape(label)}"><title>${escape(label)}</title>${svg}</svg>` +
      `<figcaption>Roofline, log-log: each line is a chip's bound (bandwidth × intensity up to the ridge point, then the peak); the dots are ${escape(what)} on each chip. ${escape(legend)}.</figcaption></figure>`;
  }

  // --- start ---------------------------------------------------------------------------
  let timer = null;
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(compute, 250);
  }

  function start(data) {
    DATA = data;
    buildForm();
    partOptions($("est-a"), false);
    partOptions($("est-b"), true);
    const ids = Object.keys(DATA.parts).filter((id) => usable(DATA.parts[id]));
    $("est-a").value = ids.includes("h100-sxm") ? "h100-sxm" : ids[0];
    $("est-b").value = ids.includes("tpu-v5e") ? "tpu-v5e" : "";
    keyOptions("a");
    keyOptions("b");
    restoreState();
    root.addEventListener("change", (event) => {
      const which = event.target.dataset.param;
      if (which === "a" || which === "b") keyOptions(which);
      clearTimeout(timer);
      compute();
    });
    root.addEventListener("input", (event) => {
      if (event.target.tagName === "INPUT") schedule();
    });
    // The results in a task of their own: form and results together were one task
    // of about 50 ms here, four times that on a slowed phone (Lighthouse).
    setTimeout(() => {
      compute();
      root.dataset.ready = "true";
    }, 0);
  }

  const dataLink = document.getElementById("est-data");
  const registryLink = document.getElementById("est-registry");
  REGISTRY_URL = registryLink ? registryLink.getAttribute("href").split("#")[0] : "";
  fetch(dataLink.href)
    .then((response) => {
      if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
      return response.json();
    })
    .then(start)
    .catch((error) => {
      // Opened from files (the offline edition), a browser refuses to read other files.
      const served = location.protocol === "file:"
        ? " Browsers do not let a page opened from a file read another file: serve the " +
          "folder, e.g. <code>python3 -m http.server</code> in it, and open the address it prints."
        : "";
      root.innerHTML = `<p class="est-note">The estimator could not load the registry (${escape(error.message)}).${served}</p>`;
      root.dataset.ready = "error";
    });
})();
