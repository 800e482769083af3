// SWOT board: htmx swaps forms and the board in place; this keeps focus where the user was
// and lets htmx show the answers that carry a form back (422 invalid, 409 conflict).
(function () {
  "use strict";
  var lastId = null;
  document.addEventListener("htmx:beforeRequest", function (event) {
    var source = event.detail.requestConfig && event.detail.requestConfig.triggeringEvent;
    var submitter = source && source.submitter;
    var box = event.detail.elt && event.detail.elt.closest && event.detail.elt.closest("[data-return-focus]");
    // After saving or cancelling a form, focus goes back to the link that opened it.
    lastId = (box && box.getAttribute("data-return-focus")) || (submitter && submitter.id) ||
      (event.detail.elt && event.detail.elt.id) || null;
  });
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status === 409 || status === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var box = event.detail.elt && event.detail.elt.querySelector && event.detail.elt.querySelector(".swot-form-box");
    if (!box && event.detail.elt && event.detail.elt.classList && event.detail.elt.classList.contains("swot-form-box")) {
      box = event.detail.elt;
    }
    if (box) {
      var target = box.querySelector(".conflict, .error-summary") || box.querySelector("textarea");
      if (target) { target.focus(); }
      return;
    }
    // Tell screen readers what the action did (the board's messages, in the page's live region).
    var announce = document.getElementById("swot-announce");
    var news = document.querySelector(".swot-flashes");
    if (announce && news) {
      // Emptied first, so that the same message said twice (two moves) is announced twice.
      announce.textContent = "";
      var text = news.textContent.trim();
      window.setTimeout(function () { announce.textContent = text; }, 50);
    }
    var stale = document.querySelector("main > .flashes");
    if (stale && news) { stale.remove(); }
    var again = lastId && document.getElementById(lastId);
    if (again && again.disabled) {
      // The item reached the top or bottom: stay on its other move button.
      var other = lastId.indexOf("up-") === 0 ? "down-" + lastId.slice(3) : "up-" + lastId.slice(5);
      again = document.getElementById(other) || again;
    }
    if (again && !again.disabled) { again.focus(); }
  });
})();
