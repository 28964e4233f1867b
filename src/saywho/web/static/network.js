// saywho network view: draws /network.json (the page's JSON twin, computed once) with the bundled
// Cytoscape.js, says what it is doing while the store answers, and offers to hide the biggest hubs.
"use strict";
(function () {
  var box = document.getElementById("network");
  var status = document.getElementById("network-status");
  var hubs = document.getElementById("network-hubs");
  if (!box || typeof cytoscape !== "function") { return; }
  var COLOURS = { speaker: "#1f5fbf", entity: "#1e8c50", outlet: "#c44e14" };

  function say(text) { if (status) { status.textContent = text; } }

  function offerHubs(data) {
    if (!hubs) { return; }
    var biggest = data.nodes.slice().sort(function (a, b) { return b.degree - a.degree; }).slice(0, 5);
    if (!biggest.length) { return; }
    var label = document.createElement("span");
    label.textContent = "Hide a hub: ";
    hubs.appendChild(label);
    biggest.forEach(function (node) {
      var link = document.createElement("a");
      var url = new URL(window.location.href);
      url.searchParams.append("hide", node.id);
      link.href = url.pathname + url.search;
      link.textContent = node.label + " (" + node.degree + ")";
      link.className = "hub";
      hubs.appendChild(link);
      hubs.appendChild(document.createTextNode(" "));
    });
  }

  say("Computing the network…");
  fetch(box.dataset.source, { headers: { accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) { return response.json().then(function (body) { throw new Error(body.error || response.status); }); }
      return response.json();
    })
    .then(function (data) {
      say("Drawing " + data.nodes.length + " nodes and " + data.edges.length + " links" +
          (data.truncated ? " (the best-connected " + data.filters.max_nodes + ")" : "") + "…");
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
      say(data.nodes.length + " nodes, " + data.edges.length + " links" +
          (data.truncated ? " (the best-connected " + data.filters.max_nodes + " shown)" : ""));
      offerHubs(data);
      box.dataset.ready = String(cy.nodes().length);
    })
    .catch(function (error) { say("The network could not be drawn: " + error.message); box.dataset.ready = "error"; });
})();
