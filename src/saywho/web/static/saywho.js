// saywho article reader: clicking a highlight or a card selects that attribution in both places.
// The page works without this script too: highlights are links to the cards' anchors.
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
    var card = document.querySelector('.card[data-attr="' + index + '"]');
    if (card) { card.classList.add("selected"); }
    if (scrollText && first) { first.scrollIntoView({ block: "center" }); }
    return card;
  }

  document.addEventListener("click", function (event) {
    var hl = event.target.closest(".article-text .hl");
    if (hl) {
      var card = select(hl.dataset.top, false);
      if (card) {
        event.preventDefault();
        card.scrollIntoView({ block: "nearest" });
        history.replaceState(null, "", hl.getAttribute("href"));
      }
      return;
    }
    var cardEl = event.target.closest(".card");
    if (cardEl && !event.target.closest("a")) { select(cardEl.dataset.attr, true); }
  });

  var target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
  if (target && target.classList.contains("card")) { select(target.dataset.attr, true); }
})();
