// saywho network view: draws /network.json (the page's JSON twin) with the bundled Cytoscape.js.
"use strict";
(function () {
  var box = document.getElementById("network");
  if (!box || typeof cytoscape !== "function") { return; }
  var COLOURS = { speaker: "#1f5fbf", entity: "#1e8c50", outlet: "#c44e14" };

  fetch(box.dataset.source, { headers: { accept: "application/json" } })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      var elements = data.nodes.map(function (n) {
        return { data: { id: n.id, label: n.label, kind: n.kind, url: n.url, size: 14 + 4 * Math.sqrt(n.degree) } };
      }).concat(data.edges.map(function (e, i) {
        return { data: { id: "e" + i, source: e.source, target: e.target, weight: e.weight } };
      }));
      var cy = cytoscape({
        container: box,
        elements: elements,
        style: [
          { selector: "node", style: { label: "data(label)", "font-size": 10, width: "data(size)", height: "data(size)",
            "background-color": function (node) { return COLOURS[node.data("kind")] || "#777"; },
            "text-valign": "bottom", "text-margin-y": 3, color: "#1d2330", "min-zoomed-font-size": 7 } },
          { selector: "edge", style: { width: "mapData(weight, 1, 10, 1, 6)", "line-color": "#c5ccd8", "curve-style": "haystack" } },
          { selector: "node:selected", style: { "border-width": 3, "border-color": "#1d2330" } }
        ],
        layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: 9000, idealEdgeLength: 80 }
      });
      cy.on("tap", "node", function (event) {
        var url = event.target.data("url");
        if (url) { window.location.assign(url); }
      });
      box.dataset.ready = String(cy.nodes().length);
    })
    .catch(function (error) { box.textContent = "The network could not be drawn: " + error; });
})();
