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
  var PAGE = 100;
  var idx = null, loading = null, t2s = {}, composing = false, pending = 0, found = [], shownRows = 0, more = null;

  function msg(name, vars) {
    var text = form.getAttribute("data-" + name) || "";
    Object.keys(vars || {}).forEach(function (k) { text = text.split("{" + k + "}").join(String(vars[k])); });
    return text;
  }
  function load() {
    if (!loading) {
      var before = count.textContent;
      count.textContent = msg("loading");
      loading = new Promise(function (resolve, reject) {
        var s = document.createElement("script");  /* a script loads from disk (file://) too; fetch does not */
        s.src = form.getAttribute("data-index");
        s.onload = function () { if (window.powerlistIndex) { resolve(window.powerlistIndex); } else { reject(new Error("index")); } };
        s.onerror = reject;
        document.head.appendChild(s);
      }).then(function (data) {
        idx = data;
        for (var i = 0; i + 1 < data.t2s.length; i += 2) { t2s[data.t2s[i]] = data.t2s[i + 1]; }
        idx.lower = data.items.map(function (it) { return [it[1].toLowerCase(), it[2].toLowerCase()]; });
        if (count.textContent === msg("loading")) { count.textContent = before; }
      }).catch(function () { count.textContent = msg("failed"); loading = null; throw new Error("index"); });
    }
    return loading;
  }
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
  function remember(words) {
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
    count.textContent = msg("total", {total: Number(form.getAttribute("data-count") || staticRows.length)});
  }
  function apply() {
    pending = 0;
    remember();
    var words = normal(q.value).split(/\s+/).filter(Boolean);
    var t = type.value, u = unit.value;
    if (!words.length && !t && !u) { restore(); return; }
    if (!idx) { load().then(apply, function () {}); return; }
    var ti = t ? idx.types.indexOf(t) : -1, ui = u ? idx.units.indexOf(u) : -1;
    var ascii = words.map(function (w) { return /^[\x00-\x7f]+$/.test(w); });
    var scored = [];
    for (var i = 0; i < idx.items.length; i++) {
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
    tbody.replaceChildren();
    shownRows = 0;
    if (pagerNav) { pagerNav.hidden = true; }
    showMore();
    count.textContent = msg("found", {shown: found.length, total: idx.items.length});
    none.hidden = found.length > 0;
    if (!found.length) {
      none.replaceChildren();
      [msg("none", {q: q.value.trim() || t || u}), msg("hint")].forEach(function (text) {
        var p = document.createElement("p");
        p.textContent = text;
        none.appendChild(p);
      });
    }
  }
  function schedule() { if (!pending && !composing) { pending = window.requestAnimationFrame(apply); } }

  var params = new URLSearchParams(window.location.search);
  q.value = params.get("q") || "";
  type.value = params.get("type") || "";
  unit.value = params.get("unit") || "";
  form.addEventListener("submit", function (ev) { ev.preventDefault(); apply(); });
  q.addEventListener("compositionstart", function () { composing = true; });
  q.addEventListener("compositionend", function () { composing = false; schedule(); });
  q.addEventListener("input", schedule);
  q.addEventListener("focus", function () { load().catch(function () {}); }, {once: true});
  type.addEventListener("change", apply);
  unit.addEventListener("change", apply);
  if (q.value || type.value || unit.value) { apply(); }
})();

/* open collapsed legal texts when printing */
window.addEventListener("beforeprint", function () {
  Array.prototype.forEach.call(document.querySelectorAll("details:not([open])"), function (d) {
    d.setAttribute("open", ""); d.setAttribute("data-pl-print", "");
  });
});
window.addEventListener("afterprint", function () {
  Array.prototype.forEach.call(document.querySelectorAll("details[data-pl-print]"), function (d) {
    d.removeAttribute("open"); d.removeAttribute("data-pl-print");
  });
});
