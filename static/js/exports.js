// Polls an export's progress (JSON) and shows the download link when it is done.
// Without JavaScript the page offers a refresh link instead.
(function () {
  "use strict";
  var box = document.getElementById("export-progress");
  if (!box) { return; }
  var state = box.getAttribute("data-state");
  var status = box.querySelector('[data-field="status"]');
  var reloadedKey = "export-reloaded:" + box.getAttribute("data-progress-url");
  if (state !== "queued" && state !== "running") {
    // Reloaded by us at the end: focus goes to the outcome (not the top of the page), which
    // a screen reader then reads.
    if (window.sessionStorage && sessionStorage.getItem(reloadedKey)) {
      sessionStorage.removeItem(reloadedKey);
      status.setAttribute("tabindex", "-1");
      status.focus();
    }
    return;
  }
  var url = box.getAttribute("data-progress-url");
  var labels = JSON.parse(box.getAttribute("data-stage-labels") || "{}");
  var field = function (name) { return box.querySelector('[data-field="' + name + '"]'); };
  var refresh = field("refresh");
  if (refresh) { refresh.hidden = true; }

  var lastStage = null;
  function show(progress) {
    var stage = labels[progress.stage] || progress.stage;
    field("stage").textContent = stage;
    // Each new stage is said in the live region (the page count changes too often to be).
    if (lastStage !== null && stage !== lastStage) { status.textContent = stage + "."; }
    lastStage = stage;
    field("pages").textContent = String(progress.pages_done);
    if (progress.state === "done" || progress.state === "failed") {
      // The server-rendered page says the outcome in the reader's language, with the link.
      if (window.sessionStorage) { sessionStorage.setItem(reloadedKey, "1"); }
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
