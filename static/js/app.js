// Progressive enhancement shared by every page; the site works without it.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="csrf-token"]');
  var token = meta ? meta.getAttribute("content") : "";
  // htmx requests carry the CSRF token in a header, like the forms carry it in a field.
  document.addEventListener("htmx:configRequest", function (event) {
    if (token) { event.detail.headers["X-CSRFToken"] = token; }
  });
  window.roadmapCsrfToken = token;
  // "12 comments on this paragraph" (a[data-in-place]) loads the paragraph's threads in place
  // with htmx; the link goes away with the swap, so the focus goes to the threads loaded, named
  // for screen readers. Without JavaScript, or opened in a new tab, it is a page of its own.
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-in-place]") : null;
    if (!link || !window.htmx || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    var thread = link.closest(".thread");
    if (!thread) { return; }
    event.preventDefault();
    var label = link.textContent;
    htmx.ajax("GET", link.href, {target: thread, swap: "innerHTML"}).then(function () {
      thread.setAttribute("role", "group");
      if (!thread.getAttribute("aria-label")) { thread.setAttribute("aria-label", label); }
      thread.setAttribute("tabindex", "-1");
      thread.focus();
    });
  });
  // Move focus to an error summary so that a screen reader announces it.
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }
})();
