/* powerlist: filter the list by any part of a name or code, type and unit.
   Plain DOM, no library; without JavaScript the whole list is shown. */
(function () {
  "use strict";
  var form = document.getElementById("pl-filter");
  if (!form) { return; }
  var q = document.getElementById("pl-q");
  var type = document.getElementById("pl-type");
  var unit = document.getElementById("pl-unit");
  var count = document.getElementById("pl-count");
  var rows = Array.prototype.slice.call(document.querySelectorAll("table.pl-list tbody tr"));
  var keys = rows.map(function (r) {
    return r.getAttribute("data-code") + "\u0000" + r.getAttribute("data-name");
  });
  var units = rows.map(function (r) { return "|" + r.getAttribute("data-units") + "|"; });
  var pending = 0;

  function apply() {
    pending = 0;
    var words = q.value.toLowerCase().split(/\s+/).filter(Boolean);
    var t = type.value;
    var u = unit.value ? "|" + unit.value + "|" : "";
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var ok = (!t || rows[i].getAttribute("data-type") === t) && (!u || units[i].indexOf(u) >= 0);
      for (var w = 0; ok && w < words.length; w++) { ok = keys[i].indexOf(words[w]) >= 0; }
      if (rows[i].hidden === ok) { rows[i].hidden = !ok; }
      if (ok) { shown++; }
    }
    var msg = shown === rows.length ? form.getAttribute("data-total") : form.getAttribute("data-found");
    count.textContent = msg.replace("{shown}", shown).replace("{total}", rows.length);
  }
  function schedule() { if (!pending) { pending = window.requestAnimationFrame(apply); } }

  var params = new URLSearchParams(window.location.search);
  q.value = params.get("q") || "";
  type.value = params.get("type") || "";
  unit.value = params.get("unit") || "";
  form.addEventListener("submit", function (ev) { ev.preventDefault(); apply(); });
  q.addEventListener("input", schedule);
  type.addEventListener("change", apply);
  unit.addEventListener("change", apply);
  apply();
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
