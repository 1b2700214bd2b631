/* powerlist: find items in the whole list by any part of a name, its pinyin
   or initials, traditional characters, or a code, with type and unit. The
   list's first page is in the HTML (further pages linked) and works without
   JavaScript; the index (search/index.js) is loaded when it is needed.
   Text from the index is only ever set as textContent. */
(function () {
  "use strict";
  var form = document.getElementById("pl-filter");
  if (!form) { return; }
  var q = document.getElementById("pl-q");
  var type = document.getElementById("pl-type");
  var unit = document.getElementById("pl-unit");
  var count = document.getElementById("pl-count");
  var none = document.getElementById("pl-none");
  var pages = document.getElementById("pl-pages");
  var table = pages.querySelector("table.pl-list");
  var tbody = table.tBodies[0];
  var staticRows = Array.prototype.slice.call(tbody.rows);
  var pagerNav = pages.querySelector(".pl-pager");
  var labels = Array.prototype.map.call(table.tHead.rows[0].cells, function (c) { return c.textContent; });
  var sep = table.getAttribute("data-sep") || "、";
  var itemsBase = form.getAttribute("data-items");
  var PAGE = 50;  /* result rows drawn at once: a keystroke redraws no more */
  var idx = null, loading = null, t2s = {}, composing = false, found = [], shownRows = 0, more = null;
  var last = null;  /* the previous search: a longer query only narrows its matches */
  var base = form.getAttribute("data-index").replace(/index\.js$/, "");

  function msg(name, vars) {
    var text = form.getAttribute("data-" + name) || "";
    Object.keys(vars || {}).forEach(function (k) { text = text.split("{" + k + "}").join(String(vars[k])); });
    return text;
  }
  /* the index comes in parts (search/index.js, index-2.js …), each a script
     calling powerlistIndex(part): results are shown from the first part and
     completed as the others arrive */
  function script(src) {
    var s = document.createElement("script");  /* a script loads from disk (file://) too; fetch does not */
    s.src = src;
    s.onerror = function () { count.textContent = msg("failed"); };
    document.head.appendChild(s);
  }
  window.powerlistIndex = function (part) {
    if (part.part === 0) {
      idx = {types: part.types, units: part.units, total: part.total, parts: part.parts, loaded: 0, items: [], lower: []};
      for (var i = 0; i + 1 < part.t2s.length; i += 2) { t2s[part.t2s[i]] = part.t2s[i + 1]; }
    }
    if (!idx || part.part !== idx.loaded) { return; }
    part.items.forEach(function (it) { idx.items.push(it); idx.lower.push([it[1].toLowerCase(), it[2].toLowerCase()]); });
    idx.loaded++;
    if (idx.loaded < idx.parts) { script(base + "index-" + (idx.loaded + 1) + ".js"); }
    if (active() && !composing) { apply(); } else if (count.textContent === msg("loading")) { restoreCount(); }
  };
  function load() {
    if (!loading) {
      loading = true;
      count.textContent = msg("loading");
      script(base + "index.js");
    }
  }
  function active() { return Boolean(q.value.trim() || type.value || unit.value); }
  function restoreCount() { count.textContent = msg("total", {total: Number(form.getAttribute("data-count"))}); }
  function normal(text) {
    var out = "";
    text = text.normalize ? text.normalize("NFKC") : text;
    for (var i = 0; i < text.length; i++) { var c = text.charAt(i); out += t2s[c] || c; }
    return out.toLowerCase();
  }
  function subsequence(word, name) {
    var at = 0;
    for (var i = 0; i < word.length; i++) {
      at = name.indexOf(word.charAt(i), at);
      if (at < 0) { return false; }
      at++;
    }
    return true;
  }
  /* the best way a word matches an item: 0 name starts with it, 1 name
     contains it, 2 code, 3 pinyin or initials, 4 its characters in order; -1 none */
  function score(word, i, ascii) {
    var it = idx.items[i], low = idx.lower[i];
    var at = low[0].indexOf(word);
    if (at === 0) { return 0; }
    if (at > 0) { return 1; }
    if (low[1].indexOf(word) >= 0) { return 2; }
    if (ascii && (it[5].indexOf(word) >= 0 || it[6].indexOf(word) >= 0)) { return 3; }
    if (!ascii && word.length > 1 && subsequence(word, low[0])) { return 4; }
    return -1;
  }
  function cell(tr, label, node) {
    var td = document.createElement("td");
    td.setAttribute("data-label", label);
    if (typeof node === "string") { td.textContent = node; } else { td.appendChild(node); }
    tr.appendChild(td);
    return td;
  }
  function row(i) {
    var it = idx.items[i], tr = document.createElement("tr"), a = document.createElement("a");
    a.href = itemsBase + encodeURIComponent(it[0]) + "/";
    a.textContent = it[1];
    cell(tr, labels[0], String(i + 1));
    cell(tr, labels[1], it[2] || "—").className = "pl-code";
    cell(tr, labels[2], a).className = "pl-name";
    cell(tr, labels[3], idx.types[it[3]]);
    cell(tr, labels[4], it[4].map(function (u) { return idx.units[u]; }).join(sep));
    cell(tr, labels[5], it[7] || "");
    return tr;
  }
  function showMore() {
    var end = Math.min(found.length, shownRows + PAGE), frag = document.createDocumentFragment();
    for (var k = shownRows; k < end; k++) { frag.appendChild(row(found[k])); }
    tbody.appendChild(frag);
    shownRows = end;
    if (more) { more.remove(); more = null; }
    if (shownRows < found.length) {
      more = document.createElement("button");
      more.type = "button";
      more.className = "pl-more md-button";
      more.textContent = msg("more", {rest: found.length - shownRows});
      more.addEventListener("click", showMore);
      pages.appendChild(more);
    }
  }
  function remember() {
    var params = new URLSearchParams();
    if (q.value.trim()) { params.set("q", q.value.trim()); }
    if (type.value) { params.set("type", type.value); }
    if (unit.value) { params.set("unit", unit.value); }
    var search = params.toString();
    history.replaceState(null, "", window.location.pathname + (search ? "?" + search : "") + window.location.hash);
  }
  function restore() {
    tbody.replaceChildren.apply(tbody, staticRows);
    if (pagerNav) { pagerNav.hidden = false; }
    if (more) { more.remove(); more = null; }
    none.hidden = true;
    last = null;
    restoreCount();
  }
  function apply() {
    remember();
    var words = normal(q.value).split(/\s+/).filter(Boolean);
    var t = type.value, u = unit.value;
    if (!words.length && !t && !u) { restore(); return; }
    if (!idx || !idx.loaded) { load(); return; }
    var ti = t ? idx.types.indexOf(t) : -1, ui = u ? idx.units.indexOf(u) : -1;
    var ascii = words.map(function (w) { return /^[\x00-\x7f]+$/.test(w); });
    var key = words.join(" "), scored = [];
    /* typing on narrows the last matches: only they can match a longer query */
    var narrow = last && last.t === t && last.u === u && last.loaded === idx.loaded && last.key && key.indexOf(last.key) === 0 &&
      words.length === last.n;
    var candidates = narrow ? last.found : null;
    var end = candidates ? candidates.length : idx.items.length;
    for (var c = 0; c < end; c++) {
      var i = candidates ? candidates[c] : c;
      var it = idx.items[i];
      if (t && it[3] !== ti) { continue; }
      if (u && it[4].indexOf(ui) < 0) { continue; }
      var total = 0;
      for (var w = 0; w < words.length && total >= 0; w++) {
        var s = score(words[w], i, ascii[w]);
        total = s < 0 ? -1 : total + s;
      }
      if (total >= 0) { scored.push([total, i]); }
    }
    scored.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    found = scored.map(function (p) { return p[1]; });
    last = {key: key, n: words.length, t: t, u: u, loaded: idx.loaded, found: found.slice().sort(function (a, b) { return a - b; })};
    tbody.replaceChildren();
    shownRows = 0;
    if (pagerNav) { pagerNav.hidden = true; }
    showMore();
    if (found.length && window.performance && performance.mark && !performance.getEntriesByName("pl-first-results").length) {
      performance.mark("pl-first-results");  /* when the first results were drawn: read by the bench */
    }
    count.textContent = idx.loaded < idx.parts ? msg("partial", {shown: found.length, done: idx.items.length, total: idx.total})
      : msg("found", {shown: found.length, total: idx.total});
    none.hidden = found.length > 0 || idx.loaded < idx.parts;
    if (!found.length && idx.loaded === idx.parts) {
      none.replaceChildren();
      [msg("none", {q: q.value.trim() || t || u}), msg("hint")].forEach(function (text) {
        var p = document.createElement("p");
        p.textContent = text;
        none.appendChild(p);
      });
    }
  }
  /* a keystroke filters at once (a longer query only narrows the last matches, so it is cheap) */
  function schedule() { if (!composing) { apply(); } }

  var params = new URLSearchParams(window.location.search);
  q.value = params.get("q") || "";
  type.value = params.get("type") || "";
  unit.value = params.get("unit") || "";
  form.addEventListener("submit", function (ev) { ev.preventDefault(); apply(); });
  q.addEventListener("compositionstart", function () { composing = true; });
  q.addEventListener("compositionend", function () { composing = false; schedule(); });
  q.addEventListener("input", schedule);
  q.addEventListener("focus", load, {once: true});
  type.addEventListener("change", apply);
  unit.addEventListener("change", apply);
  if (q.value || type.value || unit.value) { apply(); }
})();

/* open collapsed legal texts when printing */
window.addEventListener("beforeprint", function () {
  /* the printed notice says when it was printed and where it came from */
  var now = new Date(), pad = function (n) { return (n < 10 ? "0" : "") + n; };
  Array.prototype.forEach.call(document.querySelectorAll("[data-pl-print-date]"), function (e) {
    e.textContent = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-pl-print-url]"), function (e) {
    e.textContent = window.location.href.split("#")[0];
  });
  Array.prototype.forEach.call(document.querySelectorAll("details:not([open])"), function (d) {
    d.setAttribute("open", ""); d.setAttribute("data-pl-print", "");
  });
});
window.addEventListener("afterprint", function () {
  Array.prototype.forEach.call(document.querySelectorAll("details[data-pl-print]"), function (d) {
    d.removeAttribute("open"); d.removeAttribute("data-pl-print");
  });
});

/* the menu button reachable by keyboard, the closed drawer out of the Tab
   order, and the large-print mode (长辈版) remembered across pages */
(function () {
  "use strict";
  var ui = document.getElementById("pl-ui");
  if (!ui) { return; }
  var root = document.documentElement, KEY = "powerlist-large";
  var header = document.querySelector(".md-header__inner");
  if (header) {
    var toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "pl-large-toggle";
    toggle.title = ui.getAttribute("data-large-label");
    var set = function (on) {
      root.classList.toggle("pl-large", on);
      toggle.setAttribute("aria-pressed", on ? "true" : "false");
      toggle.textContent = on ? ui.getAttribute("data-normal") : ui.getAttribute("data-large");
    };
    var stored = null;
    try { stored = window.localStorage.getItem(KEY); } catch (e) { /* storage may be off */ }
    set(stored === "1");
    toggle.addEventListener("click", function () {
      var on = !root.classList.contains("pl-large");
      set(on);
      try { window.localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* kept for this page only */ }
    });
    header.appendChild(toggle);
  }
  var drawer = document.getElementById("__drawer");
  var label = document.querySelector('.md-header__button[for="__drawer"]');
  var side = document.querySelector(".md-sidebar--primary");
  if (!drawer || !label || !side) { return; }
  var small = window.matchMedia("(max-width: 76.2344em)");
  /* Material's menu is a label, which a keyboard cannot reach: a real button takes its place */
  var menu = document.createElement("button");
  menu.type = "button";
  menu.className = label.className + " pl-menu";
  menu.setAttribute("aria-label", ui.getAttribute("data-menu"));
  menu.innerHTML = label.innerHTML;  /* the theme's own icon (markup from the theme, not from data) */
  menu.addEventListener("click", function () { drawer.checked = !drawer.checked; drawer.dispatchEvent(new Event("change")); });
  label.parentNode.insertBefore(menu, label);
  label.hidden = true;
  var sync = function () {
    side.inert = small.matches && !drawer.checked;
    menu.setAttribute("aria-expanded", drawer.checked ? "true" : "false");
  };
  drawer.addEventListener("change", sync);
  if (small.addEventListener) { small.addEventListener("change", sync); }
  sync();
})();
