/* "Compare your machine" (docs/tools/compare.md): a reader's capture file, checked
   and drawn in the browser. Nothing is uploaded: the file is read with the File API;
   the only requests are to this site (the capture format's JSON Schema and the site's
   own capture files).

   1. The file is validated against data/capture.schema.json (exported by the build
      from the capture command's pydantic model, JSON Schema 2020-12) with Ajv
      (assets/vendor/, pinned in package.json); each problem names its field.
   2. Its results are drawn on the build-time charts: each chart's <svg> carries
      data-axes (axis scales, limits, and the axes box in SVG units, written by
      src/hwguide/render/charts.py); toSvg() below is charts.to_svg(). Each mark
      gets a <title> (a tooltip) and the chart a legend entry.
   3. A table sets the reader's figures beside each site runner's, case by case. */
(function () {
  "use strict";

  const root = document.getElementById("compare");
  if (!root) return;
  const status = document.getElementById("cmp-status");
  const input = document.getElementById("cmp-file");
  const drop = document.getElementById("cmp-drop");
  const tables = document.getElementById("cmp-table");
  const SVGNS = "http://www.w3.org/2000/svg";
  let FORMAT = null; // schema_version, read from the schema (SCHEMA_VERSION in capture/schema.py)
  const ADVICE =
    "Use the file that <code>python -m hwguide capture</code> wrote, unedited " +
    "(<code>&lt;runner&gt;.json</code> in its output folder). A file from an older or newer " +
    "checkout of the site may follow another version of the format: capture again with " +
    "the current one.";
  let validate = null;
  let site = {}; // runner -> capture, this site's own files

  // ---- small helpers ----------------------------------------------------------------
  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, (c) =>
      ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  }
  function el(name, attributes, text) {
    const node = document.createElementNS(SVGNS, name);
    for (const [k, v] of Object.entries(attributes || {})) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function say(html, state) {
    status.innerHTML = html;
    root.dataset.state = state;
  }
  function fmt(value) {
    if (!Number.isFinite(value)) return String(value);
    const size = Math.abs(value);
    if (size >= 100) return Math.round(value).toLocaleString("en-US");
    if (size >= 10) return value.toFixed(1);
    return value.toPrecision(3);
  }
  function isDateTime(text) {
    return /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?$/i.test(text) &&
      !Number.isNaN(Date.parse(text.replace(" ", "T")));
  }
  function pointer(path, key) {
    return path + "/" + String(key).replace(/~/g, "~0").replace(/\//g, "~1");
  }

  // ---- 1. checking the file -----------------------------------------------------------
  function problems(data) {
    if (data === null || typeof data !== "object" || Array.isArray(data)) {
      return [["(the whole file)", "must be a JSON object, as the capture command writes"]];
    }
    if (data.schema_version !== FORMAT) {
      return [["/schema_version", `is ${JSON.stringify(data.schema_version)}, but this site ` +
        `reads capture format version ${FORMAT}`]];
    }
    const found = new Map(); // path -> messages
    const add = (path, message) => {
      const key = path || "(the whole file)";
      if (!found.has(key)) found.set(key, []);
      if (!found.get(key).includes(message)) found.get(key).push(message);
    };
    if (!validate(data)) {
      for (const e of validate.errors) {
        switch (e.keyword) {
          case "required":
            add(pointer(e.instancePath, e.params.missingProperty), "required, but missing");
            break;
          case "additionalProperties":
            add(pointer(e.instancePath, e.params.additionalProperty),
              "not a field of the capture format");
            break;
          case "type":
            add(e.instancePath, `must be ${e.params.type}`);
            break;
          case "anyOf": // its branches' own errors say what was allowed
            break;
          case "const":
            add(e.instancePath, `must be ${JSON.stringify(e.params.allowedValue)}`);
            break;
          case "enum":
            add(e.instancePath, "must be one of " +
              e.params.allowedValues.map((v) => JSON.stringify(v)).join(", "));
            break;
          case "format":
            add(e.instancePath, `must be a ${e.params.format} (such as 2026-11-23T20:10:27Z)`);
            break;
          default:
            add(e.instancePath, e.message);
        }
      }
    } else {
      // What the model checks beyond the schema: each record names a session of the file.
      for (const group of ["snippets", "benchmarks"]) {
        for (const [name, record] of Object.entries(data[group])) {
          if (!(record.session in data.sessions)) {
            add(pointer(pointer("/" + group, name), "session"),
              `names session ${JSON.stringify(record.session)}, which is not in /sessions`);
          }
        }
      }
    }
    return [...found].map(([path, messages]) => {
      const types = messages.filter((m) => m.startsWith("must be ") && !m.includes(" one of"));
      const rest = messages.filter((m) => !types.includes(m));
      const merged = types.length > 1
        ? ["must be " + types.map((m) => m.slice(8)).join(" or ")] : types;
      return [path, [...merged, ...rest].join("; ")];
    });
  }

  function report(name, list) {
    const shown = list.slice(0, 8).map(([path, message]) =>
      `<li><code>${escapeHtml(path)}</code>: ${escapeHtml(message)}</li>`).join("");
    const more = list.length > 8 ? `<li>and ${list.length - 8} more</li>` : "";
    say(`<p class="cmp-error">${escapeHtml(name)} is not a capture file this page can ` +
      `read (${list.length} problem${list.length === 1 ? "" : "s"}):</p>` +
      `<ul>${shown}${more}</ul><p>${ADVICE}</p>`, "invalid");
  }

  // ---- 2. the reader's results, as the charts draw them (cf. charts.py) --------------------
  function results(capture, name) {
    const run = capture.benchmarks[name];
    return run ? run.results : [];
  }
  function grouped(list, keyOf) {
    const map = new Map();
    for (const item of list) {
      const key = keyOf(item);
      if (!map.has(key)) map.set(key, []);
      map.get(key).push(item);
    }
    return map;
  }
  const SERIES = {
    matmul(capture) {
      const devices = new Set(results(capture, "matmul").map((m) => m.case.device));
      return [...grouped(results(capture, "matmul"), (m) =>
        `${m.case.impl} ${m.case.dtype}${m.case.xla ? " XLA" : ""}` +
        (devices.size > 1 ? ` on ${m.case.device}` : ""))].map(([label, ms]) => ({
        label, line: true,
        points: ms.map((m) => {
          const y = m.rates.flop_per_s / 1e9;
          return { x: m.case.n, y, title: `${label}, n=${m.case.n}: ${y.toFixed(1)} GFLOP/s` };
        }),
      }));
    },
    roofline(capture) {
      return ["conv", "elementwise", "matmul"].map((name) => ({
        label: name, line: false,
        points: results(capture, name)
          .filter((m) => m.work.flop && m.work.bytes && m.rates.flop_per_s)
          .map((m) => {
            const x = m.work.flop / m.work.bytes, y = m.rates.flop_per_s / 1e9;
            const c = Object.entries(m.case).filter(([k]) => k !== "device")
              .map(([k, v]) => `${k}=${v}`).join(", ");
            return { x, y, title: `${name}, ${c}: ${x.toPrecision(3)} FLOP/byte, ` +
              `${y.toPrecision(3)} GFLOP/s` };
          }),
      })).filter((s) => s.points.length);
    },
    training(capture) {
      return [...grouped(results(capture, "training"), (m) =>
        `${m.case.mode} on ${m.case.device}`)].map(([label, ms]) => ({
        label, line: true,
        points: ms.map((m) => ({
          x: m.case.batch, y: m.rates.samples_per_s,
          title: `${label}, batch ${m.case.batch}: ${Math.round(m.rates.samples_per_s)} samples/s`,
        })),
      }));
    },
    speedup(capture) {
      const rate = new Map(results(capture, "training").map((m) =>
        [`${m.case.mode}|${m.case.batch}|${m.case.device}`, m.rates.samples_per_s]));
      return [...grouped(results(capture, "training"), (m) => m.case.mode)].map(([mode, ms]) => ({
        label: mode, line: true,
        points: [...new Set(ms.map((m) => m.case.batch))]
          .filter((b) => rate.has(`${mode}|${b}|GPU`) && rate.has(`${mode}|${b}|CPU`))
          .map((b) => {
            const y = rate.get(`${mode}|${b}|GPU`) / rate.get(`${mode}|${b}|CPU`);
            return { x: b, y, title: `${mode}, batch ${b}: GPU ${y.toFixed(2)}× CPU` };
          }),
      })).filter((s) => s.points.length);
    },
  };

  function toSvg(meta, x, y) { // charts.to_svg
    const [left, top, right, bottom] = meta.box;
    const fraction = (axis, v) => {
      const [low, high] = axis.lim;
      return axis.scale === "log"
        ? (Math.log(v) - Math.log(low)) / (Math.log(high) - Math.log(low))
        : (v - low) / (high - low);
    };
    return [left + fraction(meta.x, x) * (right - left),
      bottom - fraction(meta.y, y) * (bottom - top)];
  }

  function mark(shape, x, y) {
    const r = 4.5;
    const polygon = (points) => el("polygon", {
      points: points.map(([dx, dy]) => `${(x + dx).toFixed(2)},${(y + dy).toFixed(2)}`).join(" "),
      class: "cmp-mark",
    });
    switch (shape % 6) {
      case 0: return el("circle", { cx: x.toFixed(2), cy: y.toFixed(2), r, class: "cmp-mark" });
      case 1: return polygon([[-r, -r], [r, -r], [r, r], [-r, r]]);
      case 2: return polygon([[0, -r * 1.3], [r * 1.3, 0], [0, r * 1.3], [-r * 1.3, 0]]);
      case 3: return polygon([[0, -r * 1.2], [r * 1.2, r], [-r * 1.2, r]]);
      case 4: return polygon([[0, r * 1.2], [r * 1.2, -r], [-r * 1.2, -r]]);
      default: return polygon([[-r, 0], [-r / 2, -r], [r / 2, -r], [r, 0], [r / 2, r], [-r / 2, r]]);
    }
  }

  function clear(svg) {
    const old = svg.querySelector(".cmp-reader");
    if (old) old.remove();
    if (svg.dataset.baseViewBox) svg.setAttribute("viewBox", svg.dataset.baseViewBox);
  }

  function draw(svg, capture) {
    clear(svg);
    const meta = JSON.parse(svg.dataset.axes);
    const series = (SERIES[svg.dataset.chart] || (() => []))(capture);
    const [left, top, right, bottom] = meta.box;
    const usable = (axis, v) => Number.isFinite(v) && (axis.scale !== "log" || v > 0);
    const layer = el("g", { class: "cmp-reader" });
    let drawn = 0;
    const legend = [];
    series.forEach((s, i) => {
      const points = s.points.filter((p) => usable(meta.x, p.x) && usable(meta.y, p.y))
        .sort((a, b) => a.x - b.x);
      if (!points.length) return;
      const placed = points.map((p) => {
        const [sx, sy] = toSvg(meta, p.x, p.y);
        const cx = Math.min(Math.max(sx, left), right), cy = Math.min(Math.max(sy, top), bottom);
        return { p, cx, cy, off: cx !== sx || cy !== sy };
      });
      if (s.line && placed.length > 1) {
        layer.append(el("polyline", {
          class: "cmp-line",
          points: placed.map((q) => `${q.cx.toFixed(2)},${q.cy.toFixed(2)}`).join(" "),
        }));
      }
      for (const q of placed) {
        const group = el("g", {
          class: "cmp-point", "data-value": `${q.p.x} ${q.p.y}`, "data-svg": `${q.cx} ${q.cy}`,
        });
        group.append(el("title", {}, `Your machine (${capture.runner}): ${q.p.title}` +
          (q.off ? " (beyond this chart's axes: drawn at its edge)" : "")));
        group.append(mark(i, q.cx, q.cy));
        layer.append(group);
        drawn += 1;
      }
      legend.push([i, `Your machine (${capture.runner}): ${s.label}`]);
    });
    if (!drawn) return 0;
    // A legend under the chart: the viewBox grows by one row per entry.
    const base = svg.dataset.baseViewBox || svg.getAttribute("viewBox");
    svg.dataset.baseViewBox = base;
    const [vx, vy, vw, vh] = base.split(/\s+/).map(Number);
    legend.forEach(([shape, text], row) => {
      const y = vh + 12 + row * 16;
      const entry = el("g", { class: "cmp-legend" });
      entry.append(mark(shape, left + 6, y - 3.5), el("text", { x: left + 18, y }, text));
      layer.append(entry);
    });
    svg.setAttribute("viewBox", `${vx} ${vy} ${vw} ${vh + 8 + legend.length * 16}`);
    svg.append(layer);
    return drawn;
  }

  // ---- 3. the table ----------------------------------------------------------------------
  const TABLES = [
    ["matmul", "Matrix multiply", "flop_per_s", "GFLOP/s", 1e9,
      (c) => `${c.impl} ${c.dtype}${c.xla ? " XLA" : ""}, n=${c.n} (${c.device})`],
    ["elementwise", "Elementwise add (memory bandwidth)", "bytes_per_s", "GB/s", 1e9,
      (c) => `${Number(c.elements).toLocaleString("en-US")} elements${c.xla ? " XLA" : ""} ` +
        `(${c.device})`],
    ["training", "Keras training", "samples_per_s", "samples/s", 1,
      (c) => `${c.mode}, batch ${c.batch} (${c.device})`],
  ];
  function caseKey(c) {
    return JSON.stringify(Object.keys(c).sort().map((k) => [k, c[k]]));
  }

  function table(capture) {
    const runners = Object.keys(site);
    const html = [];
    for (const [name, title, rate, unit, scale, describe] of TABLES) {
      const mine = results(capture, name).filter((m) => rate in m.rates);
      if (!mine.length) continue;
      const theirs = Object.fromEntries(runners.map((r) => [r, new Map(
        results(site[r], name).filter((m) => rate in m.rates)
          .map((m) => [caseKey(m.case), m.rates[rate]]))]));
      const head = runners.map((r) =>
        `<th scope="col">${escapeHtml(r)} (${unit})</th><th scope="col">yours ÷ ${escapeHtml(r)}</th>`
      ).join("");
      const rows = mine.map((m) => {
        const key = caseKey(m.case), value = m.rates[rate];
        const cells = runners.map((r) => {
          const other = theirs[r].get(key);
          if (other === undefined) {
            return `<td data-runner="${escapeHtml(r)}">not measured</td><td>–</td>`;
          }
          return `<td data-runner="${escapeHtml(r)}" data-value="${other}">${fmt(other / scale)}</td>` +
            `<td data-ratio="${value / other}">${(value / other).toFixed(2)}×</td>`;
        }).join("");
        return `<tr data-case="${escapeHtml(key)}"><th scope="row">${escapeHtml(describe(m.case))}` +
          `</th><td data-yours data-value="${value}">${fmt(value / scale)}</td>${cells}</tr>`;
      }).join("");
      html.push(`<div class="cmp-scroll" tabindex="0" role="region" aria-label="${title}: ` +
        `your figures beside this site's" data-benchmark="${name}"><table class="cmp-table"><caption>${title}, ` +
        `${unit}</caption><thead><tr><th scope="col">case</th><th scope="col">yours ` +
        `(${escapeHtml(capture.runner)})</th>${head}</tr></thead><tbody>${rows}</tbody></table></div>`);
    }
    tables.innerHTML = html.length ? html.join("")
      : "<p>Your file has no matrix multiply, elementwise or training results.</p>";
    return html.length;
  }

  // ---- reading a file --------------------------------------------------------------------
  function reset() {
    document.querySelectorAll(".chart svg[data-axes]").forEach(clear);
    tables.innerHTML = "<p>No file yet.</p>";
  }

  async function handle(file) {
    if (!file) return;
    if (!(await prepare())) return;
    reset();
    let data;
    try {
      data = JSON.parse(await file.text());
    } catch (error) {
      const text = await file.text().catch(() => "");
      const at = /position (\d+)/.exec(error.message);
      let where = "";
      if (at && !/line \d+/.test(error.message)) {
        const before = text.slice(0, Number(at[1])).split("\n");
        where = ` (line ${before.length}, column ${before[before.length - 1].length + 1})`;
      }
      say(`<p class="cmp-error">${escapeHtml(file.name)} is not JSON: ` +
        `${escapeHtml(error.message)}${where}.</p><p>${ADVICE}</p>`, "invalid");
      return;
    }
    const found = problems(data);
    if (found.length) {
      report(file.name, found);
      return;
    }
    let points = 0, charts = 0;
    document.querySelectorAll(".chart svg[data-axes]").forEach((svg) => {
      const n = draw(svg, data);
      points += n;
      charts += n ? 1 : 0;
    });
    const tabled = table(data);
    const others = Object.keys(site).length;
    say(`<p>${escapeHtml(file.name)} (runner <code>${escapeHtml(data.runner)}</code>) is a valid ` +
      `capture: ${points} result${points === 1 ? "" : "s"} drawn on ${charts} ` +
      `chart${charts === 1 ? "" : "s"}, ${tabled} table${tabled === 1 ? "" : "s"} beside ` +
      `${others} runner${others === 1 ? "" : "s"} of this site.</p>`, "valid");
  }

  input.addEventListener("change", () => handle(input.files[0]));
  drop.addEventListener("dragover", (event) => {
    event.preventDefault();
    drop.classList.add("is-over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("is-over"));
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    drop.classList.remove("is-over");
    handle(event.dataTransfer.files[0]);
  });

  // The validator and this site's captures are loaded when the first file comes,
  // not when the page loads: compiling the schema and reading every capture is work a
  // phone would otherwise do before the reader can scroll (Lighthouse counted ~0.4 s).
  let prepared = null;

  function prepare() {
    prepared = prepared || load();
    return prepared;
  }

  // The validator's script too (130 kB, a task of its own to run): the page links it.
  function loadValidator() {
    return new Promise((resolve, reject) => {
      if (window.ajv2020) return resolve();
      const script = document.createElement("script");
      script.src = document.getElementById("cmp-ajv").href;
      script.onload = resolve;
      script.onerror = () => reject(new Error("the validator (assets/vendor/) did not load"));
      document.head.appendChild(script);
    });
  }

  async function load() {
    try {
      await loadValidator();
      const Ajv = window.ajv2020 && (window.ajv2020.default || window.ajv2020);
      if (!Ajv) throw new Error("the validator (assets/vendor/) did not load");
      const response = await fetch(document.getElementById("cmp-schema").href);
      if (!response.ok) throw new Error(`the capture format: HTTP ${response.status}`);
      const schema = await response.json();
      FORMAT = schema.properties.schema_version.const;
      validate = new Ajv({ allErrors: true, formats: { "date-time": isDateTime } }).compile(schema);
      const links = [...document.querySelectorAll("#cmp-runners a[href$='.json']")];
      for (const link of links) {
        const capture = await (await fetch(link.href)).json();
        site[capture.runner] = capture;
      }
      return true;
    } catch (error) {
      // Opened from files (the offline edition), a browser refuses to read other files.
      const next = location.protocol === "file:"
        ? "browsers do not let a page opened from a file read another file: serve the " +
          "folder, e.g. <code>python3 -m http.server</code> in it, and open the address it prints"
        : "reload it";
      say(`<p class="cmp-error">This page could not load what it compares with ` +
        `(${escapeHtml(error.message)}): ${next}.</p>`, "broken");
      prepared = null; // the next file tries again
      return false;
    }
  }

  // The page's own status line already invites the reader to choose a file (a new
  // sentence here moved everything under it once the script ran: a layout shift).
  root.dataset.ready = "true";
  root.dataset.state = "ready";
  // A file chosen before this script ran is compared now.
  if (input.files.length) handle(input.files[0]);
})();
