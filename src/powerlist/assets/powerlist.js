/* powerlist: find items in the whole list by any part of a name, its pinyin
   or initials, traditional characters, or a code, with type and unit (and,
   in a list of several bodies, the body). The
   list's first page is in the HTML (further pages linked) and works without
   JavaScript. The index (see search.py) is split by what a query looks up:
   a query loads the head, the shards of its characters or syllables, and the
   rows it shows, nothing else. Text from the index is only ever set as
   textContent. */
(function () {
  "use strict";
  var form = document.getElementById("pl-filter");
  if (!form) { return; }
  var q = document.getElementById("pl-q");
  var type = document.getElementById("pl-type");
  var unit = document.getElementById("pl-unit");
  var body = document.getElementById("pl-body");  /* a list of several bodies only */
  var count = document.getElementById("pl-count");
  var none = document.getElementById("pl-none");
  var pages = document.getElementById("pl-pages");
  var table = pages.querySelector("table.pl-list");
  var B = table.hasAttribute("data-body") ? 1 : 0;  /* a column for the body, after the name */
  var tbody = table.tBodies[0];
  var staticRows = Array.prototype.slice.call(tbody.rows);
  /* this page's rows, as the index would give them: results among them need no file */
  var own = {};
  staticRows.forEach(function (tr) {
    var a = tr.cells[2].querySelector("a");
    own[Number(tr.cells[0].textContent) - 1] = {href: a.getAttribute("href"), name: a.textContent,
      code: tr.cells[1].textContent, basis: tr.cells[5 + B].textContent};
  });
  var pagerNav = pages.querySelector(".pl-pager");
  var labels = Array.prototype.map.call(table.tHead.rows[0].cells, function (c) { return c.textContent; });
  var sep = table.getAttribute("data-sep") || "、";
  var itemsBase = form.getAttribute("data-items");
  var pageFile = form.getAttribute("data-page") || "";  // "index.html" in a site opened from disk
  var PAGE = 50;  /* result rows drawn at once: a keystroke redraws no more */
  /* the least height of a row: one line of the table's text and its padding
     (1.875rem, see the style sheet), in px; how many rows may be in view */
  var ROW = 1.85 * (parseFloat(window.getComputedStyle(document.documentElement).fontSize) || 16);
  var VERSION = 2, MAXSYL = 6;  /* the index's format; the longest pinyin syllable */
  var src = form.getAttribute("data-index"), cut = src.indexOf("?");
  var stamp = cut < 0 ? "" : src.slice(cut), base = (cut < 0 ? src : src.slice(0, cut)).replace(/index\.js$/, "");

  var files = {}, asked = {}, failed = false, waiting = false, composing = false;
  var head = null, t2s = {}, sylOf = {}, sylSet = {}, prefixes = {}, initials = {}, typeOf = null, unitsOf = null, bodyOf = null;
  var post = {}, codes = null, plans = {};
  var found = [], shown = 0, rows = [], more = null, onStatic = true, later = [0, 0], top = null;

  function msg(name, vars) {
    var text = form.getAttribute("data-" + name) || "";
    Object.keys(vars || {}).forEach(function (k) { text = text.split("{" + k + "}").join(String(vars[k])); });
    return text;
  }

  /* --- the index's files, each a script calling powerlistIndex(doc) -------- */
  function ask(name) {
    if (files[name] || asked[name]) { return; }
    asked[name] = true;
    var s = document.createElement("script");  /* a script loads from disk (file://) too; fetch does not */
    s.src = base + name + stamp;
    s.onerror = function () { failed = true; count.textContent = msg("failed"); };
    document.head.appendChild(s);
  }
  /* true when every file named is here; asks for those that are not */
  function have(names) {
    var ok = true;
    for (var k = 0; k < names.length; k++) {
      if (!files[names[k]]) { ok = false; ask(names[k]); }
    }
    return ok;
  }
  window.powerlistIndex = function (doc) {
    if (!doc || doc.v !== VERSION || files[doc.f]) { return; }
    if (doc.f === "index.js") { setUp(doc); }
    if (doc.c) { Object.keys(doc.c).forEach(function (c) { post[c] = places(doc.c[c]); }); }
    if (doc.codes) { codes = doc.codes; }
    files[doc.f] = doc.rows || true;
    if (waiting) { apply(waiting === "typing"); } else { offerMore(); }
  };
  function setUp(doc) {
    head = doc;
    for (var i = 0; i + 1 < doc.t2s.length; i += 2) { t2s[doc.t2s[i]] = doc.t2s[i + 1]; }
    Object.keys(doc.py).forEach(function (syl) {
      var chars = doc.py[syl];
      for (var k = 0; k < chars.length; k++) { sylOf[chars.charAt(k)] = syl; }
      if (syl === "_") { return; }
      sylSet[syl] = true;
      (initials[syl.charAt(0)] = initials[syl.charAt(0)] || []).push(syl);
      for (var n = 1; n <= syl.length; n++) {
        (prefixes[syl.slice(0, n)] = prefixes[syl.slice(0, n)] || []).push(syl);
      }
    });
    typeOf = unrun(doc.trun, doc.total);
    unitsOf = unrun(doc.urun, doc.total);  /* an index into doc.combos, the sets of units */
    bodyOf = doc.brun ? unrun(doc.brun, doc.total) : null;  /* an index into doc.bodies */
  }
  function unrun(runs, n) {
    var out = new Uint16Array(n);
    for (var r = 0, at = 0; r + 1 < runs.length; r += 2) {
      out.fill(runs[r], at, at + runs[r + 1]);
      at += runs[r + 1];
    }
    return out;
  }
  /* a character's places: the items it is in (ascending), and for each its positions */
  function places(flat) {
    var n = flat.length / 2, items = [], off = [], pos = new Int32Array(n), item = 0;
    for (var k = 0; k < n; k++) {
      var d = flat[2 * k];
      item += d;
      if (k === 0 || d !== 0) { items.push(item); off.push(k); }
      pos[k] = flat[2 * k + 1];
    }
    off.push(n);
    return {items: Int32Array.from(items), off: Int32Array.from(off), pos: pos};
  }
  /* the positions of a character in one item's name (null: not there) */
  function positions(pl, item) {
    var lo = 0, hi = pl.items.length - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1, v = pl.items[mid];
      if (v === item) { return pl.pos.subarray(pl.off[mid], pl.off[mid + 1]); }
      if (v < item) { lo = mid + 1; } else { hi = mid - 1; }
    }
    return null;
  }
  function shard(syl) { return "s/" + syl + ".js"; }
  function chunk(i) { return "r/" + Math.floor(i / head.chunk) + ".js"; }
  function record(i) { return files[chunk(i)][i % head.chunk]; }

  /* --- matching ------------------------------------------------------------ */
  function normal(text) {
    var out = "";
    text = text.normalize ? text.normalize("NFKC") : text;
    for (var i = 0; i < text.length; i++) { var c = text.charAt(i); out += t2s[c] || c; }
    return out.toLowerCase();
  }
  /* what of a word is matched against names: ASCII letters and digits and
     CJK characters (search.letters does the same to the names) */
  function letters(word) {
    var out = "";
    for (var i = 0; i < word.length; i++) {
      var c = word.charAt(i);
      if ((c >= "0" && c <= "9") || (c >= "a" && c <= "z") || (c >= "\u3400" && c <= "\u9fff")) { out += c; }
    }
    return out;
  }
  /* The syllables a pinyin word can be spelt with, as pieces [syllable,
     from, to]: whole syllables from the start of one (where a citizen starts
     typing a name's pinyin), the last one perhaps not yet complete. Only
     pieces on some path from the word's start to its end count (forward and
     backward reachability over the word's positions: linear in its length
     times the longest syllable). */
  function pinyinPlan(w) {
    var m = w.length, pieces = [], a, n, s, k;
    for (a = 0; a < m; a++) {
      for (n = 1; n <= MAXSYL && a + n < m; n++) { s = w.substr(a, n); if (sylSet[s]) { pieces.push([s, a, a + n]); } }
      (prefixes[w.slice(a)] || []).forEach(function (syl) { pieces.push([syl, a, m]); });
    }
    var from = [true], to = [];
    to[m] = true;
    pieces.sort(function (x, y) { return x[1] - y[1]; });
    for (k = 0; k < pieces.length; k++) { if (from[pieces[k][1]] && pieces[k][2] < m) { from[pieces[k][2]] = true; } }
    for (k = pieces.length - 1; k >= 0; k--) { if (to[pieces[k][2]]) { to[pieces[k][1]] = true; } }
    var plan = {start: {}, step: {}, syls: {}};
    pieces.forEach(function (p) {
      if (!from[p[1]] || !to[p[2]]) { return; }
      plan.syls[p[0]] = true;
      if (p[1] === 0) { (plan.start[p[0]] = plan.start[p[0]] || []).push(p[2]); }
      else { plan.step[p[0] + " " + p[1]] = p[2]; }
    });
    /* initials: every letter of the word must begin some syllable */
    plan.initials = true;
    for (k = 0; k < m; k++) {
      var by = initials[w.charAt(k)];
      if (!by) { plan.initials = false; break; }
    }
    if (plan.initials) {
      for (k = 0; k < m; k++) { initials[w.charAt(k)].forEach(function (syl) { plan.syls[syl] = true; }); }
    }
    plan.list = Object.keys(plan.syls).sort();
    return plan;
  }
  /* what one word of the query needs, and how it may match */
  function analyse(word) {
    var w = letters(word), ascii = /^[\x00-\x7f]+$/.test(word), need = [], inName = w.length > 0, k;
    for (k = 0; k < w.length && inName; k++) { inName = sylOf[w.charAt(k)] !== undefined; }
    if (inName) { for (k = 0; k < w.length; k++) { need.push(shard(sylOf[w.charAt(k)])); } }
    var inCode = Boolean(head.codes) && (ascii || Boolean(head.codecjk));
    if (inCode) { need.push("codes.js"); }
    var plan = null;
    if (ascii && w) {
      plan = plans[w] || (plans[w] = pinyinPlan(w));
      plan.list.forEach(function (syl) { need.push(shard(syl)); });
      if (plan.list.length && head.py._) { need.push(shard("_")); }
    }
    return {word: word, w: w, ascii: ascii, inName: inName, inCode: inCode, plan: plan, need: need};
  }
  /* the best way a word matches each item: 0 its name starts with it, 1 the
     name contains it, 2 its code does, 3 the name's pinyin or initials do,
     4 the name holds its characters in order; 255 none */
  function score(a) {
    var best = new Uint8Array(head.total).fill(255);
    if (a.inName) { byName(a, best); }
    if (a.inCode) {
      for (var i = 0; i < codes.length; i++) { if (best[i] > 2 && codes[i] && codes[i].indexOf(a.word) >= 0) { best[i] = 2; } }
    }
    if (a.plan && a.plan.list.length) { byPinyin(a, best); }
    return best;
  }
  function byName(a, best) {
    var w = a.w, m = w.length, lists = [], k, j, driver = 0;
    for (k = 0; k < m; k++) {
      lists.push(post[w.charAt(k)]);
      if (lists[k].items.length < lists[driver].items.length) { driver = k; }
    }
    var loose = !a.ascii && m > 1, items = lists[driver].items, at = new Array(m);
    for (j = 0; j < items.length; j++) {
      var item = items[j], ok = true;
      for (k = 0; k < m && ok; k++) { at[k] = positions(lists[k], item); ok = at[k] !== null; }
      if (!ok) { continue; }
      var s = contiguous(at, m);
      if (s < 0 && loose && inOrder(at, m)) { s = 4; }
      if (s >= 0 && s < best[item]) { best[item] = s; }
    }
  }
  function has(list, v) {
    for (var i = 0; i < list.length && list[i] <= v; i++) { if (list[i] === v) { return true; } }
    return false;
  }
  function contiguous(at, m) {
    var got = -1;
    for (var i = 0; i < at[0].length; i++) {
      var p = at[0][i], k = 1;
      while (k < m && has(at[k], p + k)) { k++; }
      if (k === m) { if (p === 0) { return 0; } got = 1; }
    }
    return got;
  }
  function inOrder(at, m) {
    var prev = -1;
    for (var k = 0; k < m; k++) {
      var list = at[k], i = 0;
      while (i < list.length && list[i] <= prev) { i++; }
      if (i === list.length) { return false; }
      prev = list[i];
    }
    return true;
  }
  /* pinyin and initials: the places of the syllables the word can be spelt
     with, gathered by item (a counting sort: linear, whatever the list); in
     each name a match is a run of consecutive positions */
  function byPinyin(a, best) {
    var syls = a.plan.list.concat(head.py._ ? ["_"] : []), n = head.total, lists = [], of = [], s, c, j, o, k;
    for (s = 0; s < syls.length; s++) {
      for (c = 0; c < head.py[syls[s]].length; c++) { lists.push(post[head.py[syls[s]].charAt(c)]); of.push(s); }
    }
    var start = new Int32Array(n + 1), top = 0, pl;
    for (k = 0; k < lists.length; k++) {
      pl = lists[k];
      for (j = 0; j < pl.items.length; j++) { start[pl.items[j] + 1] += pl.off[j + 1] - pl.off[j]; }
    }
    for (j = 0; j < n; j++) { start[j + 1] += start[j]; }
    var next = start.slice(0, n), pos = new Int32Array(start[n]), syl = new Int16Array(start[n]);
    for (k = 0; k < lists.length; k++) {
      pl = lists[k];
      for (j = 0; j < pl.items.length; j++) {
        for (o = pl.off[j]; o < pl.off[j + 1]; o++) {
          var at = next[pl.items[j]]++;
          pos[at] = pl.pos[o];
          syl[at] = of[k];
          if (pl.pos[o] > top) { top = pl.pos[o]; }
        }
      }
    }
    var walk = {at: new Int16Array(top + 2).fill(-1), syls: syls, skip: syls.indexOf("_"), plan: a.plan, w: a.w, m: a.w.length};
    for (var item = 0; item < n; item++) {
      if (start[item] === start[item + 1] || best[item] <= 3) { continue; }
      for (k = start[item]; k < start[item + 1]; k++) { walk.at[pos[k]] = syl[k]; }
      for (k = start[item]; k < start[item + 1]; k++) {
        if (syl[k] !== walk.skip && (spelt(walk, pos[k]) || (a.plan.initials && initialled(walk, pos[k])))) { best[item] = 3; break; }
      }
      for (k = start[item]; k < start[item + 1]; k++) { walk.at[pos[k]] = -1; }
    }
  }
  /* does the word start at position p (walk.at: the syllable at each position of this name, -1 none)? */
  function spelt(walk, p) {
    var ends = walk.plan.start[walk.syls[walk.at[p]]], m = walk.m, states = [], i;
    if (!ends) { return false; }
    for (i = 0; i < ends.length; i++) { if (ends[i] === m) { return true; } states.push(ends[i]); }
    while (states.length) {
      var next = walk.at[++p];
      if (next < 0) { return false; }
      if (next === walk.skip) { continue; }
      var moved = [], syl = walk.syls[next];
      for (i = 0; i < states.length; i++) {
        var to = walk.plan.step[syl + " " + states[i]];
        if (to === m) { return true; }
        if (to !== undefined && moved.indexOf(to) < 0) { moved.push(to); }
      }
      states = moved;
    }
    return false;
  }
  function initialled(walk, p) {
    for (var i = 0, syl = walk.at[p]; syl >= 0; syl = walk.at[++p]) {
      if (syl === walk.skip) { continue; }
      if (walk.syls[syl].charAt(0) !== walk.w.charAt(i)) { return false; }
      if (++i === walk.m) { return true; }
    }
    return false;
  }

  /* --- drawing ------------------------------------------------------------- */
  function set(node, text) { if (node.textContent !== text) { node.textContent = text; } }
  /* the k-th result row: made once, then reused with new text */
  function rowAt(k) {
    var tr = rows[k];
    if (!tr) {
      tr = rows[k] = document.createElement("tr");
      for (var c = 0; c < labels.length; c++) {
        var td = document.createElement("td");
        td.setAttribute("data-label", labels[c]);
        tr.appendChild(td);
      }
      tr.cells[1].className = "pl-code";
      tr.cells[2].className = "pl-name";
      tr.cells[2].appendChild(document.createElement("a"));
    }
    return tr;
  }
  function fill(tr, i) {
    var it = own[i] || record(i), a = tr.cells[2].firstChild;
    if (!own[i]) { it = {href: itemsBase + encodeURIComponent(it[0]) + "/" + pageFile, name: it[1], code: it[2] || "—", basis: it[3]}; }
    set(tr.cells[0], String(i + 1));
    set(tr.cells[1], it.code);
    if (a.getAttribute("href") !== it.href) { a.setAttribute("href", it.href); }
    set(a, it.name);
    if (B) { set(tr.cells[3], bodyOf ? head.bnames[bodyOf[i]] : ""); }
    set(tr.cells[3 + B], head.types[typeOf[i]]);
    set(tr.cells[4 + B], head.combos[unitsOf[i]].map(function (u) { return head.units[u]; }).join(sep));
    set(tr.cells[5 + B], it.basis || "");
  }
  function chunksFor(list, from, to) {
    var need = [];
    for (var k = from; k < to; k++) {
      var name = chunk(list[k]);
      if (!own[list[k]] && need.indexOf(name) < 0) { need.push(name); }
    }
    return need;
  }
  /* rows from..to of the results, then the button for the next ones when
     their rows are here; with `rest`, the rows after `to` are left as they
     are, to be drawn next */
  function draw(from, to, rest) {
    if (onStatic) { tbody.replaceChildren(); onStatic = false; }
    for (var k = from; k < to; k++) {
      var tr = rowAt(k);
      fill(tr, found[k]);
      if (tr.parentNode !== tbody) { tbody.appendChild(tr); }
    }
    if (rest) { return; }
    for (k = to; k < rows.length && rows[k].parentNode === tbody; k++) { tbody.removeChild(rows[k]); }
    shown = to;
    if (more) { more.remove(); more = null; }
    offerMore();
  }
  function offerMore() {
    if (more || onStatic || shown >= found.length) { return; }
    var next = Math.min(found.length, shown + PAGE);
    if (!have(chunksFor(found, shown, next))) { return; }
    more = document.createElement("button");
    more.type = "button";
    more.className = "pl-more md-button";
    more.textContent = msg("more", {rest: found.length - shown});
    more.addEventListener("click", function () { draw(shown, next); });
    pages.appendChild(more);
  }
  function remember() {
    var params = new URLSearchParams();
    if (q.value.trim()) { params.set("q", q.value.trim()); }
    if (type.value) { params.set("type", type.value); }
    if (unit.value) { params.set("unit", unit.value); }
    if (body && body.value) { params.set("body", body.value); }
    var search = params.toString();
    history.replaceState(null, "", window.location.pathname + (search ? "?" + search : "") + window.location.hash);
  }
  function restoreCount() { count.textContent = msg("total", {total: Number(form.getAttribute("data-count"))}); }
  /* A keystroke draws the rows that can be in view at once, and the others
     after that frame has been painted (unless another keystroke came first):
     typing stays quick however long the names are. */
  function show(view) {
    var end = Math.min(found.length, PAGE), now = Math.min(end, view), key = q.value;
    if (more) { more.remove(); more = null; }
    draw(0, now, now < end);
    form.setAttribute("data-shown", key);  /* the rows in view answer this: read by the bench */
    if (now < end) {
      later[0] = requestAnimationFrame(function () {
        later[1] = setTimeout(function () {
          top = tbody.getBoundingClientRect().top;  /* laid out for the frame just painted */
          draw(now, end);
          remember();  /* the address too: history takes its time */
          form.setAttribute("data-drawn", key);
        }, 0);
      });
    } else {
      remember();
      form.setAttribute("data-drawn", key);  /* every row answers this: read by the bench and the tests */
    }
  }
  /* where the table starts in the view: read when the page has just been laid
     out anyway (after a scroll, a resize, or the rows being drawn), never in
     the middle of a keystroke */
  function tableTop() {
    if (top === null) { top = tbody.getBoundingClientRect().top; }
    return top;
  }
  function forgetTop() { top = null; }
  window.addEventListener("scroll", forgetTop, {passive: true});
  window.addEventListener("resize", forgetTop);
  function restore() {
    waiting = false;
    tbody.replaceChildren.apply(tbody, staticRows);
    onStatic = true;
    shown = 0;
    found = [];
    if (pagerNav) { pagerNav.hidden = false; }
    if (more) { more.remove(); more = null; }
    none.hidden = true;
    form.removeAttribute("data-drawn");
    form.removeAttribute("data-shown");
    restoreCount();
  }
  function wait(typing) {
    waiting = typing ? "typing" : "yes";
    if (!failed) { count.textContent = msg("loading"); }
  }
  /* the results of what is in the form: drawn now if the files it needs are
     here, else when they have come (whatever is in the form by then) */
  function apply(typing) {
    cancelAnimationFrame(later[0]);
    clearTimeout(later[1]);
    var view = typing ? Math.max(1, Math.ceil((window.innerHeight - Math.max(0, tableTop())) / ROW)) : PAGE;
    var words = normal(q.value).split(/\s+/).filter(Boolean);
    var t = type.value, u = unit.value, b = body ? body.value : "";
    if (!words.length && !t && !u && !b) { remember(); restore(); return; }
    if (!have(["index.js"])) { remember(); wait(typing); return; }
    var need = [], asks = words.map(analyse);
    asks.forEach(function (a) { need = need.concat(a.need); });
    if (!have(need)) { remember(); wait(typing); return; }
    var n = head.total, total = new Int16Array(n), w, i;
    for (w = 0; w < asks.length; w++) {
      var best = score(asks[w]);
      for (i = 0; i < n; i++) { total[i] = best[i] === 255 || total[i] < 0 ? -1 : total[i] + best[i]; }
    }
    var ti = t ? head.types.indexOf(t) : -2, ui = u ? head.units.indexOf(u) : -2;
    var bi = b ? (head.bodies || []).indexOf(b) : -2;
    if (ti === -1 || ui === -1 || bi === -1) { total.fill(-1); }
    if (ui >= 0) {
      var inUnit = head.combos.map(function (c) { return c.indexOf(ui) >= 0; });
      for (i = 0; i < n; i++) { if (!inUnit[unitsOf[i]]) { total[i] = -1; } }
    }
    var buckets = [];
    for (i = 0; i < n; i++) {
      if (total[i] < 0 || (ti >= 0 && typeOf[i] !== ti) || (bi >= 0 && bodyOf[i] !== bi)) { continue; }
      (buckets[total[i]] = buckets[total[i]] || []).push(i);
    }
    var result = [];
    buckets.forEach(function (b) { if (b) { result = result.concat(b); } });
    if (!have(chunksFor(result, 0, Math.min(result.length, PAGE)))) { remember(); wait(typing); return; }
    waiting = false;
    found = result;
    if (pagerNav) { pagerNav.hidden = true; }
    show(view);
    if (found.length && window.performance && performance.mark && !performance.getEntriesByName("pl-first-results").length) {
      performance.mark("pl-first-results");  /* when the first results were drawn: read by the bench */
    }
    count.textContent = msg("found", {shown: found.length, total: head.total});
    if (none.hidden !== found.length > 0) { none.hidden = found.length > 0; forgetTop(); }
    if (!found.length) {
      none.replaceChildren();
      [msg("none", {q: q.value.trim() || t || u || (b ? body.options[body.selectedIndex].text : "")}), msg("hint")].forEach(function (text) {
        var p = document.createElement("p");
        p.textContent = text;
        none.appendChild(p);
      });
    }
  }
  /* a keystroke filters at once, unless an input method is still composing */
  function schedule() { if (!composing) { apply(true); } }

  var params = new URLSearchParams(window.location.search);
  q.value = params.get("q") || "";
  type.value = params.get("type") || "";
  unit.value = params.get("unit") || "";
  if (body) { body.value = params.get("body") || ""; }
  form.addEventListener("submit", function (ev) { ev.preventDefault(); apply(); });
  q.addEventListener("compositionstart", function () { composing = true; });
  q.addEventListener("compositionend", function () { composing = false; schedule(); });
  q.addEventListener("input", schedule);
  /* the head is small and every search needs it: it comes once the page has loaded */
  if (document.readyState === "complete") { ask("index.js"); } else { window.addEventListener("load", function () { ask("index.js"); }); }
  type.addEventListener("change", function () { apply(); });
  unit.addEventListener("change", function () { apply(); });
  if (body) { body.addEventListener("change", function () { apply(); }); }
  if (q.value || type.value || unit.value || (body && body.value)) { apply(); }
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

/* every box that scrolls sideways (a wide table, the chart) is reachable by
   keyboard and named, so that its hidden part can be scrolled into view
   without a mouse; checked again when the width or the print size changes */
(function () {
  "use strict";
  var ui = document.getElementById("pl-ui");
  if (!ui) { return; }
  var words = ui.getAttribute("data-scroll") || "{name}";
  function nameOf(box) {
    var block = box.closest(".pl-block") || box, el = block;
    while (el && el !== document.body) {
      var h = el.previousElementSibling;
      while (h) {
        if (/^H[1-6]$/.test(h.tagName)) { return h.textContent.trim(); }
        h = h.previousElementSibling;
      }
      el = el.parentElement;
    }
    return document.title;
  }
  function mark() {
    var boxes = document.querySelectorAll(".pl-scroll, .pl-chart-scroll"), used = {};
    Array.prototype.forEach.call(boxes, function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls) {
        var name = nameOf(box), n = used[name] = (used[name] || 0) + 1;  /* two under one heading: 2, 3 … */
        box.setAttribute("data-pl-scrolls", "");
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", words.split("{name}").join(n > 1 ? name + " " + n : name));
      } else if (box.hasAttribute("data-pl-scrolls")) {
        box.removeAttribute("data-pl-scrolls");
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }
  var pending = false;
  function later() {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; mark(); });
  }
  /* first marked once the page is laid out (load), not in the middle of its first layout */
  window.addEventListener("resize", later);
  window.addEventListener("load", later);
  if (window.MutationObserver) {  /* the large-print mode is a class on the root */
    new MutationObserver(later).observe(document.documentElement, {attributes: true, attributeFilter: ["class"]});
  }
})();
