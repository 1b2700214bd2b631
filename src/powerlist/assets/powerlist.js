/* powerlist: find items in the whole list by any part of a name, its pinyin
   or initials, traditional characters, or a code, with type and unit (and,
   in a list of several bodies, the body); forgiving what people type:
   characters read alike (a homophone typo), synonyms, the names of an
   item's results and forms, English words in an English edition, and the
   names of cancelled and merged items (listed apart, labelled). The
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
  var goneBox = document.getElementById("pl-gone");  /* cancelled and merged items found */
  var GONE = 10;  /* of them, shown at most */
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
  var VERSION = 3, MAXSYL = 6, WIDE = 6;  /* the index's format; the longest pinyin syllable; see pinyinPlan */
  var src = form.getAttribute("data-index"), cut = src.indexOf("?");
  var stamp = cut < 0 ? "" : src.slice(cut), base = (cut < 0 ? src : src.slice(0, cut)).replace(/index\.js$/, "");

  var files = {}, asked = {}, failed = false, waiting = false, composing = false;
  var head = null, t2s = {}, sylOf = {}, sylSet = {}, prefixes = {}, initials = {}, typeOf = null, unitsOf = null, bodyOf = null;
  var post = {}, opost = {}, pairs = {}, singles = {}, sounds = {}, codes = null, plans = {};
  var hetOf = {}, hetBy = {}, pairSet = {}, synOf = {}, synMax = 0, en = {}, N = 0;
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
    if (doc.o) { Object.keys(doc.o).forEach(function (c) { opost[c] = places(doc.o[c]); }); }
    if (doc.h) { Object.keys(doc.h).forEach(function (c) { post[c] = post[c] || places(doc.h[c]); }); }
    if (doc.p) { pairs[doc.f] = places(doc.p); }
    if (doc.i) { singles[doc.f] = doc.i; }
    if (doc.r !== undefined) {
      doc.r.split(" ").forEach(function (r, k) { if (r) { sounds[String.fromCharCode(head.block[0] + doc.k * head.block[1] + k)] = r.split(","); } });
    }
    if (doc.codes) { codes = doc.codes; }
    files[doc.f] = doc.rows || true;
    if (waiting) { apply(waiting === "typing"); } else { offerMore(); }
  };
  function setUp(doc) {
    head = doc;
    N = doc.total + (doc.retired || 0);
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
    Object.keys(doc.het).forEach(function (c) {
      hetOf[c] = doc.het[c].split(",");
      hetOf[c].forEach(function (s) { (hetBy[s] = hetBy[s] || []).push(c); });
    });
    for (i = 0; i + 1 < doc.ini.length; i += 2) { pairSet[doc.ini.substr(i, 2)] = true; }
    doc.syn.forEach(function (group, g) {
      group.forEach(function (t) { (synOf[t] = synOf[t] || []).push(g); synMax = Math.max(synMax, t.length); });
    });
    Object.keys(doc.en || {}).forEach(function (k) { en[k.split(" ").map(letters).join(" ")] = doc.en[k]; });
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
  function pairFile(key) { return "i/" + key + ".js"; }
  function soundFile(c) { return "y/" + Math.floor((c.charCodeAt(0) - head.block[0]) / head.block[1]) + ".js"; }

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
  function cjk(c) { return c >= "\u3400" && c <= "\u9fff"; }
  function known(s) {
    for (var k = 0; k < s.length; k++) { if (sylOf[s.charAt(k)] === undefined) { return false; } }
    return s.length > 0;
  }
  function shardsOf(s, need) { for (var k = 0; k < s.length; k++) { need.push(shard(sylOf[s.charAt(k)])); } }
  /* The syllables a pinyin word can be spelt with, as pieces [syllable,
     from, to]: whole syllables from the start of one (where a citizen starts
     typing a name's pinyin). The last one may be incomplete: while it could
     still be more than WIDE syllables (“z”, “zh”, “sh”), only its first
     letter is matched, as the initial of the next character (from the
     initials pairs: the shards of every syllable it may begin are not
     loaded). Only pieces on some path from the word's start to its end
     count (forward and backward reachability over the word's positions:
     linear in its length times the longest syllable). */
  function pinyinPlan(w) {
    var m = w.length, pieces = [], a, n, s, k, loose = -1;
    for (a = 0; a < m; a++) {
      for (n = 1; n <= MAXSYL && a + n < m; n++) { s = w.substr(a, n); if (sylSet[s]) { pieces.push([s, a, a + n]); } }
      var pre = prefixes[w.slice(a)] || [];
      if (pre.length > WIDE) {
        if (sylSet[w.slice(a)]) { pieces.push([w.slice(a), a, m]); }
        if (a > 0 && initials[w.charAt(a)]) { loose = loose < 0 ? a : loose; }
      }
      else { pre.forEach(function (syl) { pieces.push([syl, a, m]); }); }
    }
    /* a loose end: any position from which the rest is a wide prefix (the
       first such, as its letters are the shortest rest) */
    var from = [true], to = [];
    to[m] = true;
    if (loose > 0) { to[loose] = true; }
    pieces.sort(function (x, y) { return x[1] - y[1]; });
    for (k = 0; k < pieces.length; k++) { if (from[pieces[k][1]] && pieces[k][2] < m) { from[pieces[k][2]] = true; } }
    for (k = pieces.length - 1; k >= 0; k--) { if (to[pieces[k][2]]) { to[pieces[k][1]] = true; } }
    var plan = {start: {}, step: {}, syls: {}, loose: loose > 0 && from[loose] ? loose : -1, pairs: {}, m: m};
    pieces.forEach(function (p) {
      if (!from[p[1]] || !to[p[2]]) { return; }
      plan.syls[p[0]] = true;
      if (p[1] === 0) { (plan.start[p[0]] = plan.start[p[0]] || []).push(p[2]); }
      else { plan.step[p[0] + " " + p[1]] = p[2]; }
      if (p[2] === plan.loose) { plan.pairs[p[0].charAt(0) + w.charAt(plan.loose)] = true; }
    });
    plan.pairs = Object.keys(plan.pairs).filter(function (key) { return pairSet[key]; }).sort();
    plan.list = Object.keys(plan.syls).sort();
    if (plan.loose > 0 && !plan.pairs.length) { plan.loose = -1; }
    /* initials: every letter of the word begins some syllable; the pairs at
       0, 2, 4 … (and the last two letters) hold every letter */
    plan.initials = [];
    var ok = m > 0;
    for (k = 0; k < m && ok; k++) { ok = Boolean(initials[w.charAt(k)]); }
    if (ok && m > 1) {
      for (k = 0; k + 1 < m; k += 2) { plan.initials.push(k); }
      if (m % 2) { plan.initials.push(m - 2); }
      ok = plan.initials.every(function (o) { return pairSet[w.substr(o, 2)]; });
    }
    plan.ini = ok && (m > 1 || (head.ini1 || "").indexOf(w) >= 0);
    return plan;
  }
  /* The parts of a Chinese word by the synonym groups: the longest word of
     a group at each place, the letters between as they are. Each part is
     the list of what may stand for it. */
  function parts(w) {
    var out = [], rest = "", k = 0, any = false;
    while (k < w.length) {
      var n = Math.min(synMax, w.length - k);
      for (; n >= 2; n--) { if (synOf[w.substr(k, n)]) { break; } }
      if (n >= 2) {
        if (rest) { out.push([rest]); rest = ""; }
        var alts = {};
        synOf[w.substr(k, n)].forEach(function (g) { head.syn[g].forEach(function (t) { alts[t] = true; }); });
        out.push(Object.keys(alts).sort());
        any = true;
        k += n;
      } else { rest += w.charAt(k++); }
    }
    if (rest) { out.push([rest]); }
    return any ? out : null;
  }
  /* what one word of the query needs, and how it may match */
  function analyse(unit) {
    var word = unit.word, w = letters(word), ascii = /^[\x00-\x7f]+$/.test(word), need = [], k;
    var a = {word: word, w: w, ascii: ascii, inName: known(w), alts: unit.alts || null, need: need};
    if (a.inName) { shardsOf(w, need); }
    a.inCode = Boolean(head.codes) && (ascii || Boolean(head.codecjk));
    if (a.inCode) { need.push("codes.js"); }
    if (ascii && w) {
      var plan = a.plan = plans[w] || (plans[w] = pinyinPlan(w));
      plan.list.forEach(function (syl) { need.push(shard(syl)); });  /* with the characters that may be read so too */
      if (plan.list.length && head.py._) { need.push(shard("_")); }
      plan.pairs.forEach(function (key) { need.push(pairFile(key)); });
      if (plan.ini) {
        if (w.length === 1) { need.push(pairFile(w)); }
        else { plan.initials.forEach(function (o) { need.push(pairFile(w.substr(o, 2))); }); }
      }
    }
    if (!ascii && w.length > 1) {
      /* sounds: the readings of the word's characters, then the characters of the names read so */
      var all = true;
      for (k = 0; k < w.length; k++) { if (cjk(w.charAt(k))) { var f = soundFile(w.charAt(k)); need.push(f); all = all && Boolean(files[f]); } }
      if (all) {
        a.sounds = [];
        for (k = 0; k < w.length; k++) {
          var c = w.charAt(k), rs = sounds[c] || [], chars = {};
          if (sylOf[c] !== undefined) { chars[c] = true; }
          rs.forEach(function (r) {
            var of = head.py[r] || "";
            for (var j = 0; j < of.length; j++) { chars[of.charAt(j)] = true; }
            (hetBy[r] || []).forEach(function (h) { chars[h] = true; });
            if (head.py[r] !== undefined) { need.push(shard(r)); }  /* its characters, and those that may be read so */
          });
          if (sylOf[c] !== undefined) { need.push(shard(sylOf[c])); }
          var list = Object.keys(chars).sort();
          a.sounds.push(list);
        }
      }
      a.parts = parts(w);
    }
    if (a.alts) {  /* what an English word stands for, and the synonyms of that */
      var alts = {};
      a.alts.forEach(function (t) {
        alts[t] = true;
        (synOf[t] || []).forEach(function (g) { head.syn[g].forEach(function (u) { alts[u] = true; }); });
      });
      a.parts = [Object.keys(alts).sort()];
    }
    if (a.parts) {
      a.parts = a.parts.map(function (alts) { return alts.filter(known); }).filter(function (alts, i, all) { return true; });
      a.parts.forEach(function (alts) { alts.forEach(function (t) { shardsOf(t, need); }); });
    }
    return a;
  }
  /* the query's words; in an edition with English words, an English word
     or phrase (up to three words) as what it stands for */
  function units(words) {
    var out = [], i = 0;
    while (i < words.length) {
      var got = null, n;
      for (n = Math.min(3, words.length - i); n >= 1 && !got; n--) {
        var key = words.slice(i, i + n).map(letters).join(" ");
        got = enWords(key, i + n === words.length && n === 1);
        if (got) { out.push({word: words.slice(i, i + n).join(" "), alts: got}); i += n; }
      }
      if (!got) { out.push({word: words[i]}); i++; }
    }
    return out;
  }
  function enWords(key, last) {
    if (!key || !/^[a-z0-9 ]+$/.test(key) || !head.en) { return null; }
    var got = en[key] || (/s$/.test(key) && en[key.slice(0, -1)]) || (/ies$/.test(key) && en[key.slice(0, -3) + "y"]);
    if (got) { return got; }
    if (!last || key.length < 4) { return null; }
    var alts = {};  /* the last word, still being typed: every word it begins */
    Object.keys(en).forEach(function (k) { if (k.indexOf(" ") < 0 && k.lastIndexOf(key, 0) === 0) { en[k].forEach(function (t) { alts[t] = true; }); } });
    var list = Object.keys(alts).sort();
    return list.length ? list : null;
  }
  /* The best way a word matches each item: 0 its name starts with it, 1 the
     name contains it, 2 its code does, 3 the name's pinyin or initials do,
     4 the name holds its characters in order, 5 the name sounds like it
     (each character or one read alike, in a row), 6 the name holds every
     part of it, each as written or as a synonym (an English word: a Chinese
     word it stands for), 7 the names of its results and forms hold it (as
     written or so), 8 its type is what the word stands for; 255 none. A
     cancelled or merged item is found by its name only (0, 1, 5). */
  function score(a) {
    var best = new Uint8Array(N).fill(255), i;
    if (a.inName) { byName(a, best); }
    if (a.inCode) {
      for (i = 0; i < codes.length; i++) { if (best[i] > 2 && codes[i] && codes[i].indexOf(a.word) >= 0) { best[i] = 2; } }
    }
    if (a.plan) {
      if (a.plan.list.length) { byPinyin(a, best); }
      if (a.plan.ini) { byInitials(a, best); }
    }
    if (a.sounds) { bySound(a, best); }
    if (a.parts) { mark(best, everyPart(a.parts, post), 6); }
    if (a.inName && !a.alts) { mark(best, contiguous(opost, a.w), 7); }
    if (a.parts) { mark(best, everyPart(a.parts, opost), 7); }
    if (a.alts) {
      a.alts.forEach(function (t) {
        var ti = head.types.indexOf(t);
        if (ti >= 0) { for (i = 0; i < head.total; i++) { if (typeOf[i] === ti && best[i] > 8) { best[i] = 8; } } }
      });
    }
    for (i = head.total; i < N; i++) { if (best[i] > 1 && best[i] !== 5) { best[i] = 255; } }
    return best;
  }
  function mark(best, items, s) {
    if (!items) { return; }
    for (var i = 0; i < N; i++) { if (items[i] && best[i] > s) { best[i] = s; } }
  }
  /* the items whose text (`field`: post, the names; opost, the others) holds `s` as written */
  function contiguous(field, s) {
    var m = s.length, lists = [], k, j, driver = 0;
    for (k = 0; k < m; k++) {
      lists.push(field[s.charAt(k)]);
      if (!lists[k]) { return null; }
      if (lists[k].items.length < lists[driver].items.length) { driver = k; }
    }
    var out = new Uint8Array(N), items = lists[driver].items, at = new Array(m);
    for (j = 0; j < items.length; j++) {
      var ok = true;
      for (k = 0; k < m && ok; k++) { at[k] = positions(lists[k], items[j]); ok = at[k] !== null; }
      if (ok && run(at, m) >= 0) { out[items[j]] = 1; }
    }
    return out;
  }
  /* the items whose text holds every part, each in one of its forms */
  function everyPart(ps, field) {
    var out = null;
    for (var p = 0; p < ps.length; p++) {
      var any = new Uint8Array(N);
      ps[p].forEach(function (t) {
        var got = contiguous(field, t);
        if (got) { for (var i = 0; i < N; i++) { any[i] |= got[i]; } }
      });
      if (out) { for (var i = 0; i < N; i++) { out[i] &= any[i]; } } else { out = any; }
    }
    return out;
  }
  function byName(a, best) {
    var w = a.w, m = w.length, lists = [], k, j, driver = 0;
    for (k = 0; k < m; k++) {
      lists.push(post[w.charAt(k)]);
      if (!lists[k]) { return; }  /* in the others only */
      if (lists[k].items.length < lists[driver].items.length) { driver = k; }
    }
    var loose = !a.ascii && m > 1, items = lists[driver].items, at = new Array(m);
    for (j = 0; j < items.length; j++) {
      var item = items[j], ok = true;
      for (k = 0; k < m && ok; k++) { at[k] = positions(lists[k], item); ok = at[k] !== null; }
      if (!ok) { continue; }
      var s = run(at, m);
      if (s < 0 && loose && inOrder(at, m)) { s = 4; }
      if (s >= 0 && s < best[item]) { best[item] = s; }
    }
  }
  function has(list, v) {
    for (var i = 0; i < list.length && list[i] <= v; i++) { if (list[i] === v) { return true; } }
    return false;
  }
  function run(at, m) {
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
  /* Sounds: at each place of the word a character of the names read as the
     word's character may be (its own, or one of the same reading); an item
     matches where they stand in a row. Starts (item, position) are gathered
     from the place with the fewest, then kept where each next place has one. */
  function bySound(a, best) {
    var m = a.sounds.length, size = [], k, driver = 0;
    for (k = 0; k < m; k++) {
      size.push(a.sounds[k].reduce(function (n, c) { return n + (post[c] ? post[c].pos.length : 0); }, 0));
      if (!size[k]) { return; }
      if (size[k] < size[driver]) { driver = k; }
    }
    var starts = gather(a.sounds[driver], driver, null);
    for (k = 0; k < m && starts.size; k++) {
      if (k !== driver) { starts = gather(a.sounds[k], k, starts); }
    }
    starts.forEach(function (ps, item) { if (best[item] > 5) { best[item] = 5; } });
  }
  /* item → the starts p whose place p + k holds one of `chars` (among `keep`'s, if given) */
  function gather(chars, k, keep) {
    var out = new Map();
    chars.forEach(function (c) {
      var pl = post[c];
      if (!pl) { return; }
      for (var j = 0; j < pl.items.length; j++) {
        var item = pl.items[j], want = keep ? keep.get(item) : null;
        if (keep && !want) { continue; }
        for (var o = pl.off[j]; o < pl.off[j + 1]; o++) {
          var p = pl.pos[o] - k;
          if (p < 0 || (want && !want.has(p))) { continue; }
          var got = out.get(item);
          if (!got) { out.set(item, got = new Set()); }
          got.add(p);
        }
      }
    });
    return out;
  }
  /* initials from the pairs: a pair at 0, 2, 4 … of the word, each at its place */
  function byInitials(a, best) {
    var w = a.w, i, j, o;
    if (w.length === 1) {
      var items = singles[pairFile(w)] || [];
      for (i = 0, j = 0; j < items.length; j++) { i += items[j]; if (best[i] > 3) { best[i] = 3; } }
      return;
    }
    var offs = a.plan.initials, starts = null;
    for (var k = 0; k < offs.length; k++) {
      var pl = pairs[pairFile(w.substr(offs[k], 2))], next = new Map();
      for (j = 0; j < pl.items.length; j++) {
        var item = pl.items[j], want = starts ? starts.get(item) : null;
        if (starts && !want) { continue; }
        for (o = pl.off[j]; o < pl.off[j + 1]; o++) {
          var p = pl.pos[o] - offs[k];
          if (p < 0 || (want && !want.has(p))) { continue; }
          var got = next.get(item);
          if (!got) { next.set(item, got = new Set()); }
          got.add(p);
        }
      }
      starts = next;
    }
    starts.forEach(function (ps, item) { if (best[item] > 3) { best[item] = 3; } });
  }
  /* pinyin: the places of the syllables the word can be spelt with (and of
     the characters that may be read so too), gathered by item (a counting
     sort: linear, whatever the list); in each name a match is a run of
     consecutive positions */
  function byPinyin(a, best) {
    var syls = a.plan.list.concat(head.py._ ? ["_"] : []), lists = [], of = [], s, c, j, o, k;
    for (s = 0; s < syls.length; s++) {
      var chars = (head.py[syls[s]] || "").split("").concat(hetBy[syls[s]] || []);
      for (c = 0; c < chars.length; c++) { if (post[chars[c]]) { lists.push(post[chars[c]]); of.push(s); } }
    }
    var start = new Int32Array(N + 1), top = 0, pl;
    for (k = 0; k < lists.length; k++) {
      pl = lists[k];
      for (j = 0; j < pl.items.length; j++) { start[pl.items[j] + 1] += pl.off[j + 1] - pl.off[j]; }
    }
    for (j = 0; j < N; j++) { start[j + 1] += start[j]; }
    var next = start.slice(0, N), pos = new Int32Array(start[N]), syl = new Int16Array(start[N]);
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
    var walk = {at: [], syls: syls, skip: syls.indexOf("_"), plan: a.plan, w: a.w, m: a.w.length};
    for (k = 0; k < top + 2; k++) { walk.at.push([]); }
    for (var item = 0; item < N; item++) {
      if (start[item] === start[item + 1] || best[item] <= 3) { continue; }
      walk.item = item;
      for (k = start[item]; k < start[item + 1]; k++) { walk.at[pos[k]].push(syl[k]); }
      for (k = start[item]; k < start[item + 1]; k++) {
        if (syl[k] !== walk.skip && spelt(walk, pos[k], syl[k])) { best[item] = 3; break; }
      }
      for (k = start[item]; k < start[item + 1]; k++) { walk.at[pos[k]].length = 0; }
    }
  }
  /* does the word start at position p, read as syllable `first` (walk.at:
     the syllables each position of this name may be read as)? */
  function spelt(walk, p, first) {
    var plan = walk.plan, ends = plan.start[walk.syls[first]], m = walk.m, states = [], i;
    if (!ends) { return false; }
    for (i = 0; i < ends.length; i++) {
      if (ends[i] === m || (ends[i] === plan.loose && looseEnd(walk, p, walk.syls[first]))) { return true; }
      states.push(ends[i]);
    }
    while (states.length) {
      var here = walk.at[++p];
      if (!here || !here.length) { return false; }
      if (here.length === 1 && here[0] === walk.skip) { continue; }
      var moved = [];
      for (var h = 0; h < here.length; h++) {
        var syl = walk.syls[here[h]];
        for (i = 0; i < states.length; i++) {
          var to = plan.step[syl + " " + states[i]];
          if (to === m || (to !== undefined && to === plan.loose && looseEnd(walk, p, syl))) { return true; }
          if (to !== undefined && moved.indexOf(to) < 0) { moved.push(to); }
        }
      }
      states = moved;
    }
    return false;
  }
  /* the character after position p (read `syl`) has the loose end's initial */
  function looseEnd(walk, p, syl) {
    var pl = pairs[pairFile(syl.charAt(0) + walk.w.charAt(walk.plan.loose))], at = pl ? positions(pl, walk.item) : null;
    return Boolean(at) && has(at, p);
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
    if (goneBox) { goneBox.hidden = true; }
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
    var need = [], asks = units(words).map(analyse);
    asks.forEach(function (a) { need = need.concat(a.need); });
    if (!have(need)) { remember(); wait(typing); return; }
    asks = units(words).map(analyse);  /* the readings of its characters have come: what sounds like them */
    asks.forEach(function (a) { need = need.concat(a.need); });
    if (!have(need)) { remember(); wait(typing); return; }
    var n = head.total, total = new Int16Array(N), w, i;
    for (w = 0; w < asks.length; w++) {
      var best = score(asks[w]);
      for (i = 0; i < N; i++) { total[i] = best[i] === 255 || total[i] < 0 ? -1 : total[i] + best[i]; }
    }
    /* the cancelled and merged items the words find by name, best first: said apart, with their status */
    var gone = [];
    for (i = n; i < N && words.length; i++) { if (total[i] >= 0) { gone.push(i); } }
    gone = gone.sort(function (x, y) { return total[x] - total[y] || x - y; }).slice(0, GONE);
    if (!have(chunksFor(gone, 0, gone.length))) { remember(); wait(typing); return; }
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
    showGone(gone);
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
  /* cancelled and merged items found by name: a link to each one's page
     (which says why and since when), labelled with its status, and to the
     items it went into */
  function showGone(list) {
    if (!goneBox) { return; }
    goneBox.hidden = !list.length;
    if (!list.length) { return; }
    var ul = document.createElement("ul");
    list.forEach(function (i) {
      var it = record(i), li = document.createElement("li"), a = document.createElement("a"), label = document.createElement("span");
      a.setAttribute("href", itemsBase + encodeURIComponent(it[0]) + "/" + pageFile);
      a.appendChild(document.createTextNode(it[1] + " "));
      label.className = "pl-status";
      label.textContent = it[4] === "已合并" ? msg("merged") : msg("cancelled");
      a.appendChild(label);
      li.appendChild(a);
      if (it[6]) { li.appendChild(document.createTextNode(" " + msg("handled", {body: it[6]}))); }
      (it[5] || []).forEach(function (s, k) {
        li.appendChild(document.createTextNode(k ? msg("sep") : " " + msg("into")));
        var to = document.createElement("a");
        to.setAttribute("href", itemsBase + encodeURIComponent(s[0]) + "/" + pageFile);
        to.textContent = s[1];
        li.appendChild(to);
      });
      ul.appendChild(li);
    });
    var p = document.createElement("p");
    p.textContent = msg("gone");
    goneBox.replaceChildren(p, ul);
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
