// saywho timelines: each <canvas class="timeline-chart" data-points='[{"date":..., "claims":...}]'> becomes
// a bar chart drawn with the bundled Chart.js; the table after it stays for screen readers and as the
// fallback when scripts are off. Points are grouped by month when there are many days.
"use strict";
(function () {
  if (typeof Chart !== "function") { return; }
  function grouped(points) {
    var dated = points.filter(function (p) { return p.date; });
    if (dated.length <= 60 || dated[0].date.length < 10) { return dated; }
    var byMonth = {};
    dated.forEach(function (p) { var m = p.date.slice(0, 7); byMonth[m] = (byMonth[m] || 0) + p.claims; });
    return Object.keys(byMonth).sort().map(function (m) { return { date: m, claims: byMonth[m] }; });
  }
  document.querySelectorAll("canvas.timeline-chart").forEach(function (canvas) {
    var points;
    try { points = grouped(JSON.parse(canvas.dataset.points || "[]")); } catch (e) { return; }
    if (!points.length) { return; }
    canvas.dataset.drawn = "true";
    new Chart(canvas, {
      type: "bar",
      data: { labels: points.map(function (p) { return p.date; }),
              datasets: [{ label: "claims", data: points.map(function (p) { return p.claims; }),
                           backgroundColor: "#1d56ad" }] },
      options: { animation: false, responsive: true, maintainAspectRatio: true, aspectRatio: 2,
                 plugins: { legend: { display: false } },
                 scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
  });
})();
