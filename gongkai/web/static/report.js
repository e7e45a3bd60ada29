// The report page: clicking a cell (or a finding) shows where it was read in the source:
// the line with the printed span marked, or the box drawn over the PDF page image.
"use strict";
(function () {
  var source = document.getElementById("source");
  if (!source) return;

  function clearMarks() {
    document.querySelectorAll(".lines li.hit").forEach(function (li) {
      var t = li.querySelector(".t");
      t.textContent = t.textContent; // drops the <mark>, keeps the text
      li.classList.remove("hit");
    });
    document.querySelectorAll(".page .mark").forEach(function (m) { m.hidden = true; });
    document.querySelectorAll(".cell.active, .finding.active, .cell.hit").forEach(function (e) {
      e.classList.remove("active", "hit");
    });
  }

  function markLine(n, c0, c1) {
    var li = document.getElementById("L" + n);
    if (!li) return null;
    var t = li.querySelector(".t");
    var text = t.textContent;
    li.classList.add("hit");
    if (c0 !== "" && c1 !== "") {
      var a = Number(c0), b = Number(c1);
      t.textContent = "";
      t.appendChild(document.createTextNode(text.slice(0, a)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(a, b);
      t.appendChild(mark);
      t.appendChild(document.createTextNode(text.slice(b)));
    }
    var details = li.closest("details");
    if (details) details.open = true;
    return li;
  }

  function markBox(page, box) {
    var el = document.getElementById("page-" + page);
    if (!el || !box) return null;
    var b = box.split(",").map(Number), w = Number(el.dataset.w), h = Number(el.dataset.h);
    var m = el.querySelector(".mark");
    var pad = 2;
    m.style.left = ((b[0] - pad) / w * 100) + "%";
    m.style.top = ((b[1] - pad) / h * 100) + "%";
    m.style.width = ((b[2] - b[0] + 2 * pad) / w * 100) + "%";
    m.style.height = ((b[3] - b[1] + 2 * pad) / h * 100) + "%";
    m.hidden = false;
    return m;
  }

  function show(el) {
    var d = el.dataset;
    var target = null;
    if (d.page && d.box) target = markBox(d.page, d.box);
    var line = d.line ? markLine(d.line, d.c0, d.c1) : null;
    if (!target && d.page) target = document.getElementById("page-" + d.page);
    target = target || line;
    if (target) target.scrollIntoView({ block: "center", behavior: "smooth" });
  }

  function activate(el) {
    clearMarks();
    el.classList.add("active");
    if (el.classList.contains("finding") && el.dataset.cells) {
      el.dataset.cells.split(",").forEach(function (k) {
        var c = document.getElementById("cell-" + k);
        if (c) c.classList.add("hit");
      });
    }
    show(el);
  }

  document.addEventListener("click", function (ev) {
    if (ev.target.closest("a, summary, pre, form, details.history")) return;
    var el = ev.target.closest(".cell, .finding");
    if (el) activate(el);
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter" || ev.target.closest("form")) return;
    var el = ev.target.closest && ev.target.closest(".cell, .finding");
    if (el) activate(el);
  });
})();
