// Charts of the labour-market pages, drawn by the vendored Chart.js (static/vendor/chartjs,
// MIT). Each <canvas data-chart="{...}"> carries its own figures; the table beside it holds
// the same numbers for screen readers, printing and anyone who prefers to read them.
(function () {
  "use strict";
  var palette = ["#0b5cab", "#1e7b34", "#9a6200", "#b3261e", "#6a3fa0", "#00838f"];
  function yuan(value) {
    return Number(value).toLocaleString("zh-CN", { maximumFractionDigits: 2 });
  }
  function draw(canvas) {
    var spec = JSON.parse(canvas.getAttribute("data-chart"));
    var datasets = spec.datasets.map(function (set, i) {
      var colour = set.color || palette[i % palette.length];
      return {
        label: set.label,
        data: set.data,
        borderColor: colour,
        backgroundColor: spec.type === "line" ? colour : colour + "cc",
        spanGaps: false,
        tension: 0,
        pointRadius: 3,
      };
    });
    return new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        indexAxis: spec.horizontal ? "y" : "x",
        plugins: {
          legend: { position: "bottom" },
          tooltip: {
            callbacks: {
              label: function (ctx) {
                var v = spec.horizontal ? ctx.parsed.x : ctx.parsed.y;
                return ctx.dataset.label + "：" + (v === null ? "不公布" : yuan(v) + (spec.unit || ""));
              },
            },
          },
        },
        scales: spec.horizontal
          ? { x: { beginAtZero: true, ticks: { callback: yuan, precision: 0 } } }
          : {
              y: {
                beginAtZero: spec.beginAtZero !== false,
                // counts of people or warnings have no fractions
                ticks: { callback: yuan, precision: spec.unit === "元/月" ? undefined : 0 },
              },
            },
      },
    });
  }
  function drawAll() {
    if (typeof Chart === "undefined") return;
    var charts = [];
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      charts.push(draw(canvas));
    });
    // printing resizes the page: redraw at the paper's width
    window.addEventListener("beforeprint", function () {
      charts.forEach(function (c) { c.resize(); });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
