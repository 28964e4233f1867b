// saywho figure comparison: each <canvas class="interval-chart" data-figures='[...]'> becomes a chart of
// the figures' intervals over time (floating bars from low to high, one per figure, in date order),
// drawn with the bundled Chart.js. An open bound is drawn to the edge of the others and said so in the
// tooltip; counts spanning orders of magnitude get a logarithmic axis; figures that disagree are red. The table after it is the fallback.
"use strict";
(function () {
  if (typeof Chart !== "function") { return; }
  function finite(values) { return values.filter(function (v) { return v !== null && isFinite(v); }); }
  document.querySelectorAll("canvas.interval-chart").forEach(function (canvas) {
    var figures, conflicting;
    try {
      figures = JSON.parse(canvas.dataset.figures || "[]");
      conflicting = JSON.parse(canvas.dataset.conflicting || "[]");
    } catch (e) { return; }
    if (!figures.length) { return; }
    var bounds = finite(figures.map(function (f) { return f.low; }).concat(figures.map(function (f) { return f.high; })));
    if (!bounds.length) { return; }
    var top = Math.max.apply(null, bounds), bottom = Math.min.apply(null, bounds);
    var share = canvas.dataset.unit === "share";
    var log = !share && bottom > 0 && top / bottom >= 100;
    var floor = log ? bottom / 2 : 0, ceiling = share ? Math.max(1, top) : top * (log ? 2 : 1.2);
    var bars = figures.map(function (f) {
      var low = f.low === null ? floor : f.low, high = f.high === null ? ceiling : f.high;
      if (high === low) { high = low + (log ? low * 0.02 : (ceiling - floor) * 0.01); }
      return [low, high];
    });
    canvas.dataset.drawn = "true";
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: figures.map(function (f) { return (f.published || "undated") + " · " + (f.outlet || "?"); }),
        datasets: [{ label: "interval", data: bars, borderSkipped: false,
                     // Figures that disagree with another in the group are drawn red.
                     backgroundColor: figures.map(function (f, i) {
                       return conflicting.indexOf(i) >= 0 ? "#b3261e" : "#1d56ad"; }) }]
      },
      options: {
        animation: false, responsive: true, aspectRatio: 2.5, indexAxis: "x",
        plugins: { legend: { display: false },
                   tooltip: { callbacks: { label: function (ctx) {
                     var f = figures[ctx.dataIndex];
                     return f.text + " (" + (f.speaker || "unnamed") + ")" +
                            (f.low === null ? " · no lower bound" : "") + (f.high === null ? " · no upper bound" : "");
                   } } } },
        scales: { y: log ? { type: "logarithmic" } : { beginAtZero: true, suggestedMax: share ? 1 : undefined } }
      }
    });
  });
})();
