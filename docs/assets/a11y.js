/* Keyboard and screen-reader access that the theme's HTML does not give.

   - A box that scrolls sideways (code block, wide table, chart, diagram) can be
     scrolled only by someone who can focus it: while it overflows it is made
     focusable (tabindex="0") and named (role="group" + aria-label), so that a
     keyboard user reaches it with Tab and scrolls it with the arrow keys, and a
     screen reader says what it is. Material does this for code blocks only, and
     only on devices with a mouse, without a name.
   - Code annotation markers are links without text (the number is drawn by CSS):
     each gets a name.
   - Such a box gets the class "is-scrollable", for which extra.css draws the
     shadow that tells that it scrolls.

   Whether a box overflows is read from its scroll width, which makes the browser
   lay it out. For a box inside an off-screen block that extra.css lets the browser
   skip (content-visibility: auto) that is a style and layout pass of its own, a few
   milliseconds each on a phone: done for every box at once it was one task of
   65 ms here and about 250 ms on Lighthouse's slowed phone, most of the methodology
   page's total blocking time. So boxes wait in a queue that is worked through in
   slices of a few milliseconds, each its own task: a tap or a scroll never waits
   long. <html data-hw-a11y="done"> says the queue is empty ("busy" while it is
   not; the browser tests wait for "done").

   A box inside a closed fold (<details>) is not checked until the fold opens: it
   cannot be reached or seen before, and laying out a fold's hidden content was four
   fifths of this work on the benchmarks page (its full-data tables). */
(function () {
  "use strict";

  var SCROLLERS = [
    ".md-typeset pre > code",
    ".md-typeset__scrollwrap",
    ".md-typeset .chart",
    ".md-typeset figure.diagram > p",
    ".md-typeset .tabbed-labels",
  ].join(",");

  function text(el) {
    return (el ? el.textContent : "").replace(/\s+/g, " ").trim();
  }

  function clip(s, n) {
    return s.length > n ? s.slice(0, n - 1).trimEnd() + "…" : s;
  }

  function nameOf(el) {
    if (el.matches(".md-typeset__scrollwrap")) {
      var table = el.querySelector("table");
      var caption = table && table.caption;
      if (caption) return "Table: " + clip(text(caption), 80);
      var heads = table
        ? Array.prototype.map.call(table.querySelectorAll("thead th"), text).filter(Boolean)
        : [];
      return heads.length ? "Table: " + clip(heads.join(", "), 80) : "Table";
    }
    if (el.matches(".tabbed-labels")) {
      return "Tabs: " + clip(Array.prototype.map.call(el.children, text).join(", "), 80);
    }
    if (el.matches(".chart")) {
      var svg = el.querySelector("svg[aria-label]");
      return "Chart: " + (svg ? svg.getAttribute("aria-label") : "benchmark results");
    }
    if (el.closest("figure.diagram")) {
      var figcaption = el.closest("figure").querySelector("figcaption");
      return "Diagram: " + clip(text(figcaption), 80);
    }
    var block = el.closest("[class*='language-']");
    var match = block && /language-(\w+)/.exec(block.className);
    var title = el.closest(".highlight");
    title = title && title.querySelector(".filename");
    var kind = match && match[1] !== "text" ? match[1] + " code" : "code";
    return (title ? text(title) + ", " : "") + kind.charAt(0).toUpperCase() + kind.slice(1);
  }

  var watched = new WeakSet(); // boxes observed
  var named = new WeakSet(); // boxes this script made focusable and named
  var queue = new Set(); // boxes to (re)check, in the order they came
  var SLICE_MS = 5; // a slice stops reading once it has taken this long
  var root = document.documentElement;

  function enqueue(els) {
    els.forEach(function (el) {
      queue.add(el);
    });
    if (root.getAttribute("data-hw-a11y") !== "busy") {
      root.setAttribute("data-hw-a11y", "busy");
      setTimeout(work, 0);
    }
  }

  // One slice: reads first, then writes (reading a box's width after changing
  // another box's class lays the page out again, once per box).
  function work() {
    var start = performance.now();
    var checked = [];
    for (var el of queue) {
      queue.delete(el);
      if (el.closest("details:not([open])")) continue; // checked when it opens
      checked.push([el, el.isConnected && el.scrollWidth > el.clientWidth + 1]);
      if (performance.now() - start > SLICE_MS) break;
    }
    checked.forEach(function (pair) {
      apply(pair[0], pair[1]);
    });
    if (queue.size) {
      setTimeout(work, 0);
    } else {
      root.setAttribute("data-hw-a11y", "done");
    }
  }

  function apply(el, scrollable) {
    el.classList.toggle("is-scrollable", scrollable);
    if (scrollable) {
      el.setAttribute("tabindex", "0");
      if (!el.hasAttribute("aria-label")) {
        el.setAttribute("role", "group");
        el.setAttribute("aria-label", nameOf(el) + " (scrolls sideways)");
        named.add(el);
      }
    } else if (named.has(el)) {
      el.removeAttribute("tabindex");
      el.removeAttribute("role");
      el.removeAttribute("aria-label");
      named.delete(el);
    }
  }

  var resized = new ResizeObserver(function (entries) {
    enqueue(
      entries.map(function (entry) {
        return entry.target;
      })
    );
  });

  // Material rewrites a code block's tabindex when its size changes: put ours back.
  var retouched = new MutationObserver(function (records) {
    records.forEach(function (record) {
      var el = record.target;
      if (el.classList.contains("is-scrollable") && el.getAttribute("tabindex") !== "0") {
        el.setAttribute("tabindex", "0");
      }
    });
  });

  function nameAnnotations(root) {
    root.querySelectorAll(".md-annotation__index").forEach(function (el) {
      var id = el.querySelector("[data-md-annotation-id]");
      if (id && !el.hasAttribute("aria-label")) {
        el.setAttribute("aria-label", "Annotation " + id.dataset.mdAnnotationId);
      }
    });
  }

  // Material builds a code block's annotations when the block first comes into
  // view (content.lazy in mkdocs.yml), after setup has run: name those as they come.
  // One search per changed element, however many nodes were added to it.
  var built = new MutationObserver(function (records) {
    var changed = new Set();
    records.forEach(function (record) {
      if (record.addedNodes.length) changed.add(record.target);
    });
    changed.forEach(nameAnnotations);
  });

  // A fold that opens: check the boxes in it (toggle does not bubble: capture it).
  document.addEventListener(
    "toggle",
    function (event) {
      var fold = event.target;
      if (!fold.open || !fold.querySelectorAll) return;
      enqueue(
        Array.prototype.filter.call(fold.querySelectorAll(SCROLLERS), function (el) {
          return watched.has(el);
        })
      );
    },
    true
  );

  function setup() {
    var fresh = Array.prototype.filter.call(document.querySelectorAll(SCROLLERS), function (el) {
      return !watched.has(el);
    });
    fresh.forEach(function (el) {
      watched.add(el);
      resized.observe(el);
      retouched.observe(el, { attributes: true, attributeFilter: ["tabindex"] });
    });
    nameAnnotations(document);
    var content = document.querySelector(".md-content");
    if (content) built.observe(content, { childList: true, subtree: true });
    enqueue(fresh); // sets data-hw-a11y="done" once checked, even if none are new
  }

  // Material builds tables' scroll wrappers and annotations from document$;
  // run after it on every page (instant navigation included).
  if (window.document$) {
    window.document$.subscribe(function () {
      setTimeout(setup, 0);
    });
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();
