/* Quick exit and idle close for the access-code pages.
   Click the exit button or press Escape: the page hides at once, the server is told to close the
   list, and the tab goes to a neutral site with location.replace, so Back does not return here.
   After data-idle-seconds without input, the tab goes to data-idle-to (which closes the list). */
(function () {
  "use strict";
  var exit = document.getElementById("quick-exit");
  if (!exit) {
    return;
  }
  var target = exit.getAttribute("data-to") || "about:blank";
  var leaving = false;

  function leave(event) {
    if (event) {
      event.preventDefault();
    }
    if (leaving) {
      return;
    }
    leaving = true;
    document.body.hidden = true;
    try {
      navigator.sendBeacon(exit.getAttribute("href"));
    } catch (ignored) {
      /* the server closes the list by itself once it is idle */
    }
    window.location.replace(target);
  }

  exit.addEventListener("click", leave);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" || event.key === "Esc") {
      leave(event);
    }
  });

  var idleSeconds = parseInt(document.body.getAttribute("data-idle-seconds") || "0", 10);
  var idleTo = document.body.getAttribute("data-idle-to");
  if (idleSeconds > 0 && idleTo) {
    var timer = null;
    var restart = function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        document.body.hidden = true;
        window.location.replace(idleTo);
      }, idleSeconds * 1000);
    };
    ["keydown", "pointerdown", "pointermove", "touchstart", "scroll", "input"].forEach(function (name) {
      document.addEventListener(name, restart, { passive: true });
    });
    restart();
  }
})();
