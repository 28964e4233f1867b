// saywho article reader: clicking a highlight or a card selects that attribution in both places.
// Works without this script too (highlights are links to the cards' anchors).
"use strict";
(function () {
  function select(index, scrollText) {
    document.querySelectorAll(".selected").forEach(function (el) { el.classList.remove("selected"); });
    var first = null;
    document.querySelectorAll(".article-text .hl").forEach(function (el) {
      if (el.dataset.attr.split(" ").indexOf(index) >= 0) {
        el.classList.add("selected");
        first = first || el;
      }
    });
    var card = document.getElementById("attr-" + index);
    if (card) { card.classList.add("selected"); }
    if (scrollText && first) { first.scrollIntoView({ block: "center", behavior: "smooth" }); }
    return card;
  }

  document.addEventListener("click", function (event) {
    var hl = event.target.closest(".article-text .hl");
    if (hl) {
      var index = hl.getAttribute("href").slice("#attr-".length);
      var card = select(index, false);
      if (card) { event.preventDefault(); card.scrollIntoView({ block: "nearest", behavior: "smooth" }); history.replaceState(null, "", "#attr-" + index); }
      return;
    }
    var cardEl = event.target.closest(".card");
    if (cardEl && !event.target.closest("a")) { select(cardEl.dataset.attr, true); }
  });

  if (location.hash.indexOf("#attr-") === 0) { select(location.hash.slice("#attr-".length), true); }
})();
