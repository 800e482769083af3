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
  // Move focus to an error summary so that a screen reader announces it.
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }
})();
