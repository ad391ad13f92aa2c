// The review page (cw/profile.html): after a decision swapped in by htmx, keep the keyboard where the work is.
// A card replaced by its decided version took the focus with it (the browser then starts again at the top), so
// focus moves to the heading of the next undecided card, or to "Share" when none is left, and the polite live
// region says what was done. After a bulk decision focus goes to its result, which names each card.
(function () {
  "use strict";

  function announce(text) {
    var status = document.getElementById("review-status");
    if (!status || !text) { return; }
    // Emptied first, filled a moment later: the same sentence twice in a row is still read out.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 60);
  }

  function nextUndecided(card) {
    var cards = Array.prototype.slice.call(document.querySelectorAll("#review-panel article.match"));
    var at = cards.indexOf(card);
    var order = cards.slice(at + 1).concat(cards.slice(0, at + 1));
    for (var i = 0; i < order.length; i += 1) {
      if (order[i].getAttribute("data-status") === "proposed") { return order[i]; }
    }
    return null;
  }

  function focusHeading(heading) {
    if (!heading) { return; }
    heading.focus({ preventScroll: true });
    heading.scrollIntoView({ block: "nearest" });
  }

  // The open tab's "N to review" follows the decisions made on it (the tab links are outside what htmx swaps).
  function recount() {
    var panel = document.getElementById("review-panel");
    if (!panel) { return; }
    var tab = document.getElementById("tab-" + panel.getAttribute("data-kind"));
    var count = tab && tab.querySelector(".to-review");
    if (!count) { return; }
    var left = panel.querySelectorAll('article.match[data-status="proposed"]').length;
    count.textContent = count.textContent.replace(/\d+/, String(left));
    count.hidden = left === 0;
  }

  document.addEventListener("htmx:afterSettle", function () {
    recount();
    var bulk = document.querySelector("#bulk-result[data-announce]");
    if (bulk) {
      announce(bulk.getAttribute("data-announce"));
      bulk.removeAttribute("data-announce");
      focusHeading(document.getElementById("bulk-result-heading"));
      return;
    }
    var card = document.querySelector("#review-panel article.match[data-announce]");
    if (!card) { return; }
    announce(card.getAttribute("data-announce"));
    card.removeAttribute("data-announce");
    var next = nextUndecided(card);
    focusHeading(next ? next.querySelector("h3") : document.getElementById("share-heading"));
  });
}());
