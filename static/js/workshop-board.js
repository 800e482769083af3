// The room's board: boards fetched again when they change, cards moved by drag and drop (the
// "Move to…" form does the same with the keyboard, and without script), the facilitator's tools,
// "follow me", and tabs on a phone. Listens to the events workshop-room.js receives (one stream).
(function () {
  "use strict";
  var room = document.getElementById("room");
  if (!room || !window.fetch) { return; }

  var messages = JSON.parse(document.getElementById("room-messages").textContent);
  var token = (document.querySelector('meta[name="csrf-token"]') || {}).content;
  var me = parseInt(room.dataset.userId, 10);
  var announcer = document.getElementById("room-announce");

  function fill(text, key, value) { return text.split(key).join(value); }
  function announce(text, delay) {
    window.setTimeout(function () {
      announcer.textContent = "";
      window.setTimeout(function () { announcer.textContent = text; }, 50);
    }, delay || 0);
  }

  // --- Sections as tabs on a narrow screen ------------------------------------------------------
  var links = room.querySelectorAll("[data-view-link]");
  var narrow = window.matchMedia("(max-width: 48rem)");  // board.css shows one section at a time there
  function showView(view) {
    room.dataset.view = view;
    links.forEach(function (link) {
      if (narrow.matches && link.dataset.viewLink === view) { link.setAttribute("aria-current", "true"); }
      else { link.removeAttribute("aria-current"); }
    });
  }
  narrow.addEventListener("change", function () { showView(room.dataset.view); });
  var tools = document.getElementById("facilitation-details");
  if (tools && narrow.matches) { tools.open = false; }  // on a phone the cards come first
  function showViewOf(element) {
    var view = element && element.closest(".room-view");
    if (view) { showView(view.dataset.view); }
  }
  // The sticky tabs' height, for the page's scroll padding (board.css): a focused field or a
  // jump's target is never hidden under them (WCAG 2.4.11).
  var nav = room.querySelector(".room-nav");
  function noteNavHeight() {
    document.documentElement.style.setProperty("--room-nav-height", (nav ? nav.offsetHeight : 0) + "px");
  }
  if (nav && window.ResizeObserver) { new ResizeObserver(noteNavHeight).observe(nav); }
  noteNavHeight();
  room.classList.add("has-tabs");
  showView(room.dataset.view || "canvas");
  // A link within the room (a tab, the jump list, "Go there"): the section is shown and the focus
  // goes to its heading. The browser's own jump would move the focus to the page (a section cannot
  // take it), and the next Tab would start from there.
  room.addEventListener("click", function (event) {
    var link = event.target.closest('a[href^="#"]');
    var target = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!target) { return; }
    event.preventDefault();
    if (window.history.pushState) { window.history.pushState(null, "", "#" + target.id); }
    var jump = link.closest(".room-jump");
    if (jump) { jump.open = false; }  // folded once the choice is made: the sticky bar gets short again
    if (link.dataset.viewLink) { showView(link.dataset.viewLink); } else { showViewOf(target); }
    var heading = target.matches("h2, h3") ? target : target.querySelector("h2") || target;
    if (!heading.hasAttribute("tabindex")) { heading.setAttribute("tabindex", "-1"); }
    heading.focus();
  });
  if (window.location.hash) { showViewOf(document.getElementById(window.location.hash.slice(1))); }

  // --- Boards fetched again -----------------------------------------------------------------------
  var pending = {}, resultsPending = false, flushTimer = null;

  function schedule(useCaseId, withResults) {
    if (useCaseId) { pending[useCaseId] = true; }
    if (withResults !== false) { resultsPending = true; }
    if (!flushTimer) { flushTimer = window.setTimeout(flush, 60); }
  }
  function scheduleAll() {
    room.querySelectorAll(".board[data-use-case-id]").forEach(function (b) { pending[b.dataset.useCaseId] = true; });
    schedule(null, true);
  }
  function flush() {
    flushTimer = null;
    Object.keys(pending).forEach(function (id) {
      var old = document.getElementById("board-" + id);
      if (old) { refresh(old, room.dataset.boardUrl + id); }
    });
    pending = {};
    if (resultsPending) {
      resultsPending = false;
      var results = document.getElementById("results");
      if (results) { refresh(results, room.dataset.resultsUrl); }
    }
  }

  function refresh(old, url) {
    var id = old.id;
    fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } }).then(function (response) {
      return response.ok ? response.text() : null;  // refused (session closed…): the page reloads itself
    }).then(function (html) {
      var current = document.getElementById(id);
      if (html && current) { swap(current, html); }
    }, function () {
      // The server is away (a restart): try again; a reconnected stream also fetches every board.
      window.setTimeout(function () {
        var current = document.getElementById(id);
        if (current) { refresh(current, url); }
      }, 2000);
    });
  }

  var FOCUSABLE = "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]";

  function defaultValue(el) {
    if (el.tagName === "SELECT") {
      var chosen = Array.prototype.find.call(el.options, function (o) { return o.defaultSelected; }) || el.options[0];
      return chosen ? chosen.value : "";
    }
    return el.defaultValue;
  }

  // Replace a board with its new rendering, keeping what the reader is doing: what they typed,
  // what they opened, where their focus is.
  function swap(old, html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    var fresh = template.content.firstElementChild;
    if (!fresh) { return; }
    var active = document.activeElement;
    var hadFocus = old.contains(active);
    var activeId = hadFocus ? active.id : null;
    // An element without an id (a button of a card): found again by its place in its closest parent with one.
    var holder = hadFocus && !activeId ? active.parentElement.closest("[id]") : null;
    var place = holder ? Array.prototype.indexOf.call(holder.querySelectorAll(FOCUSABLE), active) : -1;
    var holderId = holder ? holder.id : null;
    var selection = hadFocus && typeof active.selectionStart === "number" ? [active.selectionStart, active.selectionEnd] : null;
    old.querySelectorAll("input[id], textarea[id], select[id]").forEach(function (el) {
      if (el.type === "hidden" || el.value === defaultValue(el)) { return; }
      var twin = fresh.querySelector("#" + CSS.escape(el.id));
      if (!twin) { return; }
      twin.value = el.value;
      // What the kept text was written against stays with it: saved, it is checked against that.
      var seen = el.form && el.form.querySelector("input[data-seen]");
      var twinSeen = twin.form && twin.form.querySelector("input[data-seen]");
      if (seen && twinSeen) { twinSeen.value = seen.value; }
    });
    old.querySelectorAll("details[open][id]").forEach(function (el) {
      var twin = fresh.querySelector("#" + CSS.escape(el.id));
      if (twin) { twin.open = true; }
    });
    old.replaceWith(fresh);
    if (!hadFocus) { return; }
    var again = activeId && document.getElementById(activeId);
    if (!again && holderId && place >= 0) {
      var parent = document.getElementById(holderId);
      again = parent && parent.querySelectorAll(FOCUSABLE)[place];
    }
    if (again && again.disabled) {
      // Disabled meanwhile (the board locked, the time for cards or the vote over): a disabled
      // control cannot hold the focus, which would fall to <body>. Keep the reader where they
      // were, on what says why (the field's hint), else on the card or section around it.
      var why = (again.getAttribute("aria-describedby") || "").split(/\s+/)[0];
      again = (why && document.getElementById(why)) || again.parentElement.closest("[id]");
      if (again && !again.hasAttribute("tabindex")) { again.setAttribute("tabindex", "-1"); }
    }
    if (!again) {  // what had the focus is gone (a card merged or removed): keep the reader on its board
      again = fresh.querySelector("h2[tabindex]") || fresh;
      if (!again.hasAttribute("tabindex")) { again.setAttribute("tabindex", "-1"); }
    }
    again.focus();
    if (selection && typeof again.setSelectionRange === "function") {
      try { again.setSelectionRange(selection[0], selection[1]); } catch (e) { /* not a text field */ }
    }
  }

  function boardOfCard(cardId) {
    var card = document.getElementById("card-" + cardId);
    var board = card && card.closest(".board");
    return board ? board.dataset.useCaseId : null;
  }

  // --- The facilitator's tools and the activity ----------------------------------------------------
  var clockOffset = 0;
  var timerEndsAt = room.dataset.timerEndsAt ? Date.parse(room.dataset.timerEndsAt) : null;
  var activityStatus = document.getElementById("activity-status");
  var activity = activityStatus ? activityStatus.dataset.activity : "";
  var endSeen = false;

  function tickActivity() {
    if (!activityStatus) { return; }
    if (!activity) { activityStatus.textContent = ""; return; }
    var over = timerEndsAt && timerEndsAt - (Date.now() + clockOffset) <= 0;
    var text = over ? messages[activity + "_over"] : messages["activity_" + activity];
    if (activityStatus.textContent !== text) { activityStatus.textContent = text; }
    if (over && !endSeen) {
      endSeen = true;
      announce(text, 150);  // after workshop-room.js's "Time is up."
      scheduleAll();  // the forms the server now refuses are shown disabled
    }
  }

  function onTimer(data) {
    timerEndsAt = data.ends_at ? Date.parse(data.ends_at) : null;
    activity = data.activity || "";
    endSeen = false;
    if (activity && timerEndsAt) {
      var minutes = String(Math.round((timerEndsAt - (Date.now() + clockOffset)) / 60000));
      announce(fill(messages["activity_started_" + activity], "__MIN__", minutes), 150);
    }
    if (data.activity === "voting") {
      document.getElementById("rule-hidden").hidden = !data.hidden;
      document.getElementById("rule-one-dot").hidden = !data.one_dot_per_card;
    }
    tickActivity();
    scheduleAll();
  }

  function onReveal(data) {
    var form = document.getElementById("reveal-form");
    if (form) {
      var hadFocus = form.contains(document.activeElement);
      form.hidden = !data.hidden;
      // Its button, just pressed, is hidden now: the focus goes to the next tool, not to <body>.
      var next = hadFocus && form.hidden && document.querySelector("#lock-form button");
      if (next) { next.focus(); }
    }
    document.getElementById("rule-hidden").hidden = !data.hidden;
    if (!data.hidden) { announce(messages.revealed); }
    scheduleAll();
  }

  function onSettings(data) {
    var form = document.getElementById("open-clusters-form");
    if (form) {
      var button = form.querySelector("button");
      form.elements.allowed.value = data.open_clusters ? "" : "y";
      button.textContent = data.open_clusters ? button.dataset.labelOpen : button.dataset.labelClosed;
    }
    scheduleAll();
  }

  // --- "Follow me" ------------------------------------------------------------------------------
  var followKey = "roadmap-follow-" + room.dataset.workshopId;
  var followBox = document.getElementById("follow-toggle");
  function following() {
    try { return window.localStorage.getItem(followKey) !== "no"; } catch (e) { return true; }
  }
  if (followBox) {
    followBox.checked = following();
    followBox.closest("label").hidden = false;
    followBox.addEventListener("change", function () {
      try { window.localStorage.setItem(followKey, followBox.checked ? "yes" : "no"); } catch (e) { /* private mode */ }
    });
  }

  function typing() {
    var el = document.activeElement;
    return el && (el.tagName === "TEXTAREA" || (el.tagName === "INPUT" && el.type === "text")) && el.value !== el.defaultValue;
  }

  function goTo(anchor) {
    var target = document.getElementById(anchor);
    if (!target) { return; }
    showViewOf(target);
    var heading = target.matches("h2, h3") ? target : target.querySelector("h2") || target;  // as the jumps above
    if (!heading.hasAttribute("tabindex")) { heading.setAttribute("tabindex", "-1"); }
    heading.focus();
    target.scrollIntoView({ block: "start" });
  }

  function onFocus(data) {
    var banner = document.getElementById("focus-banner");
    banner.hidden = !data.anchor;
    if (!data.anchor) { return; }
    if (!document.getElementById(data.anchor) && data.use_case_id && isElsewhere(data.use_case_id)) {
      // The page does not hold that use case: open it in place, then follow.
      openUseCase(data.use_case_id).then(function () { onFocus(data); }, function () {});
      return;
    }
    var target = document.getElementById(data.anchor);
    var name = target ? target.textContent.replace(/\s*\(\d+\)\s*$/, "").trim() : "";
    var text = fill(messages.brought_to, "__NAME__", name);
    document.getElementById("focus-text").textContent = text;
    document.getElementById("focus-link").setAttribute("href", "#" + data.anchor);
    if (following() && !typing()) { goTo(data.anchor); }
    announce(text);
  }

  // --- Another use case opened in place -------------------------------------------------------------
  // The page holds one use case's canvas and cards in full (issue 15); the others are links to the
  // room page showing them, which the script opens here with the room's fragments. Events for a
  // use case that is not on the page are ignored: nothing of it is there to update.
  function isElsewhere(id) {
    return !!(document.getElementById("canvas-elsewhere-" + id) || document.getElementById("cards-elsewhere-" + id));
  }
  function fragment(url) {
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } }).then(function (response) {
      if (!response.ok) { throw new Error("fragment " + response.status); }
      return response.text();
    }).then(function (html) {
      var template = document.createElement("template");
      template.innerHTML = html.trim();
      return template.content.firstElementChild;
    });
  }
  function openUseCase(id) {
    var canvasBox = document.getElementById("canvas-elsewhere-" + id);
    var cardsBox = document.getElementById("cards-elsewhere-" + id);
    var jobs = [];
    if (canvasBox) {
      jobs.push(fragment(room.dataset.canvasUrl + id).then(function (fresh) {
        canvasBox.replaceWith(fresh);
        if (window.roadmapSharedText) { window.roadmapSharedText.bind(fresh); }
      }));
    }
    if (cardsBox) {
      jobs.push(fragment(room.dataset.boardUrl + id).then(function (fresh) { cardsBox.replaceWith(fresh); }));
    }
    return Promise.all(jobs).then(function () {
      room.querySelectorAll('a[data-open-use-case="' + id + '"]').forEach(function (link) {
        link.setAttribute("href", "#" + link.dataset.anchor);  // now on the page: a plain anchor again
        link.removeAttribute("data-open-use-case");
      });
    });
  }
  room.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-open-use-case]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button) { return; }
    event.preventDefault();
    var anchor = link.dataset.anchor, href = link.href, jump = link.closest(".room-jump");
    if (jump) { jump.open = false; }
    openUseCase(link.dataset.openUseCase).then(function () {
      if (window.history && window.history.replaceState) { window.history.replaceState(null, "", href); }
      goTo(anchor);
    }, function () { window.location.href = href; });  // the fragments failed: the page itself shows it
  });

  // --- Events ------------------------------------------------------------------------------------
  var helloSeen = false;
  room.addEventListener("room:event", function (event) {
    var kind = event.detail.kind, data = event.detail.data;
    if (kind === "hello") {
      clockOffset = Date.parse(data.server_time) - Date.now();
      if (helloSeen) { scheduleAll(); }  // a reconnection: what changed meanwhile is fetched again
      helloSeen = true;
    }
    else if (kind === "card") { schedule(data.card.use_case_id); }
    else if (kind === "board") {
      schedule(data.use_case_id);
      if (data.change === "move" && data.text) {
        announce(fill(fill(messages.card_moved, "__CLUSTER__", data.cluster || messages.unsorted), "__TEXT__", data.text), 120);
      }
    }
    else if (kind === "dots") { schedule(data.hidden && data.user_id === me ? boardOfCard(data.card_id) : null); }
    else if (kind === "lock") { scheduleAll(); }
    else if (kind === "timer") { onTimer(data); }
    else if (kind === "reveal") { onReveal(data); }
    else if (kind === "settings") { onSettings(data); }
    else if (kind === "focus") { onFocus(data); }
  });

  // --- Sending the board's forms -------------------------------------------------------------------
  function send(form) {
    return fetch(form.action, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": token }
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { ok: response.ok, data: data };
      });
    });
  }

  function showError(form, text) {
    var box = form.querySelector(".board-error");
    if (!box) {
      box = document.createElement("p");
      box.className = "error board-error"; box.setAttribute("role", "alert");
      form.appendChild(box);
    }
    box.textContent = text;
  }

  function submitBoardForm(form) {
    var board = form.closest(".board");
    send(form).then(function (result) {
      if (!result.ok) {
        // A card changed meanwhile: the board shows their text; saving again replaces it knowingly.
        var seen = form.querySelector("input[data-seen]");
        if (seen && typeof result.data.current_text === "string") { seen.value = result.data.current_text; }
        showError(form, result.data.error || messages.error);
        return;
      }
      var box = form.querySelector(".board-error");
      if (box) { box.remove(); }
      if (form.elements.name && form.matches('[action$="/clusters"]')) { form.elements.name.value = ""; }
      if (board) { schedule(board.dataset.useCaseId); }  // the event does it too; the author sees it at once
    }, function () { showError(form, messages.error); });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!room.contains(form) || !form.matches(".js-board-form")) { return; }
    event.preventDefault();
    submitBoardForm(form);
  });

  // --- Drag and drop (the "Move to…" form of each card is the keyboard's way) ---------------------
  var dragged = null;
  room.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest(".card[draggable=true]");
    if (!card) { return; }
    dragged = card;
    card.classList.add("is-dragged");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.cardId);
  });
  room.addEventListener("dragend", function () {
    if (dragged) { dragged.classList.remove("is-dragged"); }
    dragged = null;
    room.querySelectorAll(".is-drop-target").forEach(function (el) { el.classList.remove("is-drop-target"); });
  });
  function dropZone(event) {
    var zone = event.target.closest && event.target.closest(".cluster");
    return zone && dragged && zone.closest(".board") === dragged.closest(".board") ? zone : null;
  }
  room.addEventListener("dragover", function (event) {
    var zone = dropZone(event);
    if (!zone) { return; }
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    zone.classList.add("is-drop-target");
  });
  room.addEventListener("dragleave", function (event) {
    var zone = dropZone(event);
    if (zone && !zone.contains(event.relatedTarget)) { zone.classList.remove("is-drop-target"); }
  });
  room.addEventListener("drop", function (event) {
    var zone = dropZone(event);
    if (!zone) { return; }
    event.preventDefault();
    var form = dragged.querySelector(".move-form");
    if (!form || form.elements.cluster_id.value === zone.dataset.clusterId) { return; }
    form.elements.cluster_id.value = zone.dataset.clusterId;
    zone.querySelector(".cards").appendChild(dragged);  // at once; the board's new rendering follows
    submitBoardForm(form);
  });

  window.setInterval(tickActivity, 1000);
  tickActivity();
  if (room.dataset.focusAnchor && following() && !window.location.hash) { goTo(room.dataset.focusAnchor); }
})();
