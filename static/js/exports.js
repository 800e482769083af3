// Polls an export's progress (JSON) and shows the download link when it is done.
// Without JavaScript the page offers a refresh link instead.
(function () {
  "use strict";
  var box = document.getElementById("export-progress");
  if (!box) { return; }
  var state = box.getAttribute("data-state");
  if (state !== "queued" && state !== "running") { return; }
  var url = box.getAttribute("data-progress-url");
  var labels = JSON.parse(box.getAttribute("data-stage-labels") || "{}");
  var field = function (name) { return box.querySelector('[data-field="' + name + '"]'); };
  var refresh = field("refresh");
  if (refresh) { refresh.hidden = true; }

  function show(progress) {
    field("stage").textContent = labels[progress.stage] || progress.stage;
    field("pages").textContent = String(progress.pages_done);
    if (progress.state === "done" || progress.state === "failed") {
      // The server-rendered page says the outcome in the reader's language, with the link.
      window.location.reload();
      return true;
    }
    return false;
  }

  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (progress) {
        if (!progress || !show(progress)) { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
