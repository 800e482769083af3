// The live room: one EventSource per page; forms are sent with fetch (they also work without script).
(function () {
  "use strict";
  var room = document.getElementById("room");
  if (!room || !window.EventSource || !window.fetch) { return; }

  var messages = JSON.parse(document.getElementById("room-messages").textContent);
  var token = window.roadmapCsrfToken || (document.querySelector('meta[name="csrf-token"]') || {}).content;
  var me = parseInt(room.dataset.userId, 10);
  var dotsMax = parseInt(room.dataset.dotsMax, 10);
  var dotsUsed = parseInt(room.dataset.dotsUsed, 10);
  var lastEventId = parseInt(room.dataset.lastEventId, 10) || 0;
  var timerEndsAt = room.dataset.timerEndsAt ? Date.parse(room.dataset.timerEndsAt) : null;
  var clockOffset = 0; // server time minus this browser's time
  var statusLine = document.getElementById("room-status");
  var announcer = document.getElementById("room-announce");
  var source = null;
  var retryTimer = null;

  function fill(text, key, value) { return text.split(key).join(value); }
  function announce(text) { announcer.textContent = ""; window.setTimeout(function () { announcer.textContent = text; }, 50); }
  function setStatus(text, ok) {
    statusLine.textContent = text;
    statusLine.classList.toggle("is-offline", !ok);
  }

  // --- The event stream ------------------------------------------------------------------
  function connect() {
    if (source) { source.close(); }
    source = new EventSource(room.dataset.streamUrl + "?last_event_id=" + lastEventId);
    source.addEventListener("open", function () {
      setStatus(messages.connected, true);
      document.dispatchEvent(new CustomEvent("room:connected"));  // shared-text.js syncs its fields
    });
    source.addEventListener("error", function () {
      setStatus(messages.reconnecting, false);
      // The browser retries by itself unless the stream was refused; then we start again.
      if (source.readyState === EventSource.CLOSED && !retryTimer) {
        retryTimer = window.setTimeout(function () { retryTimer = null; connect(); }, 2000);
      }
    });
    var handlers = { hello: onHello, presence: onPresence, card: onCard, dots: onDots, field: onField,
                     timer: onTimer, lock: onLock, state: onState, text: relay("room:text"), cursor: relay("room:cursor"),
                     board: noop, reveal: noop, settings: noop, focus: noop };
    Object.keys(handlers).forEach(function (name) {
      source.addEventListener(name, function (event) {
        if (event.lastEventId) {
          var id = parseInt(event.lastEventId, 10);
          if (id <= lastEventId && name !== "hello" && name !== "presence") { return; } // already applied
          if (id > lastEventId) { lastEventId = id; }
        }
        var data = JSON.parse(event.data);
        handlers[name](data);
        // The board (workshop-board.js) listens on the same stream: one stream per page.
        room.dispatchEvent(new CustomEvent("room:event", { detail: { kind: name, data: data } }));
      });
    });
  }

  // The shared text (shared-text.js) gets its events from this stream: one stream per page.
  function relay(name) {
    return function (data) { document.dispatchEvent(new CustomEvent(name, { detail: data })); };
  }
  function noop() {}

  function onHello(data) { clockOffset = Date.parse(data.server_time) - Date.now(); }

  function onPresence(data) {
    var list = document.getElementById("presence-list");
    list.textContent = "";
    if (!data.people.length) {
      var empty = document.createElement("li");
      empty.className = "empty"; empty.textContent = messages.nobody; list.appendChild(empty);
    }
    data.people.forEach(function (person) {
      var item = document.createElement("li");
      item.dataset.userId = person.id; item.textContent = person.name; list.appendChild(item);
    });
  }

  // --- Cards and dots --------------------------------------------------------------------
  function onCard(data) {
    // The board fetches its new rendering (workshop-board.js): only the announcement is made here.
    announce(fill(messages.new_card, "__TEXT__", data.card.text));
  }

  function sortResults(results) {
    var items = Array.prototype.slice.call(results.querySelectorAll("li[data-card-id]"));
    items.sort(function (a, b) {
      return (parseInt(b.dataset.dots, 10) - parseInt(a.dataset.dots, 10)) ||
        (parseInt(a.dataset.cardId, 10) - parseInt(b.dataset.cardId, 10));
    });
    items.forEach(function (item) { results.appendChild(item); });
  }

  function onDots(data) {
    var card = document.querySelector('.cards [data-card-id="' + data.card_id + '"]');
    if (data.dots === null || data.dots === undefined) { card = null; } // hidden votes: the board is fetched again
    if (card) {
      var count = card.querySelector(".dot-count");
      var before = parseInt(count.dataset.dots, 10) || 0;
      count.dataset.dots = data.dots; count.textContent = data.dots;
      if (data.user_id === me) {
        var mine = card.querySelector(".my-dots");
        var n = Math.max(0, (parseInt(mine.dataset.mine, 10) || 0) + (data.dots - before));
        mine.dataset.mine = n; mine.textContent = fill(messages.mine, "__N__", String(n));
      }
    }
    var result = document.querySelector('.results-list [data-card-id="' + data.card_id + '"]');
    if (result && data.dots !== null && data.dots !== undefined) {
      result.dataset.dots = data.dots; result.querySelector(".dot-count").textContent = data.dots;
      sortResults(result.parentNode);
    }
    if (data.user_id === me) { setDotsUsed(data.used); }
  }

  function setDotsUsed(used) {
    var changed = used !== dotsUsed;
    dotsUsed = used;
    var left = Math.max(0, dotsMax - dotsUsed);
    document.getElementById("dots-left").textContent = left;
    if (changed) { announce(messages.dots_left + " " + left + " / " + dotsMax); }
  }

  // --- The canvas --------------------------------------------------------------------------
  function fieldForm(useCaseId, name) {
    return document.querySelector('.use-case-room[data-use-case-id="' + useCaseId + '"] .canvas-field[data-field="' + name + '"]');
  }

  function onField(data) {
    var form = fieldForm(data.use_case_id, data.field);
    if (!form || form.dataset.live) { return; }  // a shared text follows its own document
    var input = form.elements.value;
    var status = form.querySelector(".field-status");
    var dirty = input.value !== (input.dataset.saved !== undefined ? input.dataset.saved : input.defaultValue);
    if (data.by_id === me && String(form.elements.version.value) === String(data.version)) { return; }
    if (dirty && data.by_id !== me) {
      // Keep what the user is typing: the next save meets the new version and offers the merge.
      status.textContent = fill(messages.changed_while_typing, "__NAME__", data.by);
      return;
    }
    input.value = data.value; input.dataset.saved = data.value;
    form.elements.version.value = data.version;
    if (data.field === "title") {
      var heading = form.closest(".use-case-room").querySelector("h2");
      if (heading) { heading.textContent = data.value; }
    }
    if (data.by_id !== me) { status.textContent = fill(messages.changed_by, "__NAME__", data.by); }
  }

  function showMerge(form, data) {
    var box = form.querySelector(".merge");
    box.textContent = "";
    var title = document.createElement("p");
    title.className = "merge-title"; title.textContent = data.error + " " + messages.conflict_theirs;
    var theirs = document.createElement("pre");
    theirs.className = "conflict-theirs"; theirs.textContent = data.current_value;
    box.append(title, theirs);
    box.hidden = false;
    form.elements.version.value = data.current_version; // the next save starts from their version
  }

  // --- Facilitation ------------------------------------------------------------------------
  var timeUpAnnounced = false;
  function onTimer(data) {
    timerEndsAt = data.ends_at ? Date.parse(data.ends_at) : null;
    timeUpAnnounced = false;
    tick();
    // The countdown's text changes every second: only its start and its end are announced.
    announce(document.getElementById("timer").textContent);
  }

  function tick() {
    var timer = document.getElementById("timer");
    timer.classList.toggle("is-idle", !timerEndsAt);
    if (!timerEndsAt) { timer.textContent = messages.no_timer; timer.classList.remove("is-up"); return; }
    var left = Math.round((timerEndsAt - (Date.now() + clockOffset)) / 1000);
    if (left <= 0) {
      timer.textContent = messages.time_up; timer.classList.add("is-up");
      if (!timeUpAnnounced) { timeUpAnnounced = true; announce(messages.time_up); }
      return;
    }
    var minutes = Math.floor(left / 60), seconds = left % 60;
    timer.textContent = fill(messages.time_left, "__TIME__", minutes + ":" + (seconds < 10 ? "0" : "") + seconds);
    timer.classList.remove("is-up");
  }

  function onLock(data) {
    var status = document.getElementById("lock-status");
    var focused = document.activeElement;
    var lostFocus = false;
    document.querySelectorAll(".canvas-field [name=value], .canvas-field button").forEach(function (el) {
      if (data.locked && el === focused) { lostFocus = true; }
      el.disabled = data.locked;
    });
    if (lostFocus) {
      // A disabled field drops focus to <body>: keep the person on the message that says why.
      status.setAttribute("tabindex", "-1");
      status.focus();
    }
    status.textContent = data.locked ? messages.locked : messages.unlocked;
    status.classList.toggle("is-locked", data.locked);
    var lockForm = document.getElementById("lock-form");
    if (lockForm) {
      lockForm.elements.locked.value = data.locked ? "" : "y";
      lockForm.querySelector("button").textContent = data.locked ? messages.unlock_button : messages.lock_button;
    }
    announce(status.textContent);
  }

  function onState(data) {
    if (data.state === "closed") {
      setStatus(messages.closed, true);
      if (source) { source.close(); }
      window.setTimeout(function () { window.location.reload(); }, 1500);
    }
  }

  // --- Sending -----------------------------------------------------------------------------
  function send(form) {
    return fetch(form.action, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": token }
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { status: response.status, ok: response.ok, data: data };
      });
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!room.contains(form)) { return; }
    if (!form.matches(".canvas-field, .card-form, .dot-form, .js-room-form")) { return; }
    event.preventDefault();
    if (form.dataset.live) { return; }  // a shared text has no save: it is sent as one types
    if (form.matches(".canvas-field")) {
      var status = form.querySelector(".field-status");
      status.textContent = messages.saving;
      send(form).then(function (result) {
        if (result.ok) {
          form.elements.version.value = result.data.version;
          form.elements.value.dataset.saved = form.elements.value.value;
          form.querySelector(".merge").hidden = true;
          status.textContent = messages.saved;
        } else if (result.status === 409 && result.data.current_version !== undefined) {
          status.textContent = "";
          showMerge(form, result.data);
        } else {
          status.textContent = result.data.error || messages.error;
        }
      }, function () { status.textContent = messages.error; });
    } else if (form.matches(".card-form")) {
      var inputId = form.elements.text.id, errorId = form.querySelector(".error").id;
      send(form).then(function (result) {
        // The board may have been rendered again meanwhile (the card's own event): the field and
        // its error are found again, not the ones of the form that was sent.
        var input = document.getElementById(inputId) || form.elements.text;
        var error = document.getElementById(errorId) || form.querySelector(".error");
        if (result.ok) { input.value = ""; error.textContent = ""; input.removeAttribute("aria-invalid"); }
        else { error.textContent = result.data.error || messages.error; input.setAttribute("aria-invalid", "true"); }
      }, function () { (document.getElementById(errorId) || form.querySelector(".error")).textContent = messages.error; });
    } else {
      send(form).then(function (result) {
        if (result.ok && result.data.used !== undefined) { setDotsUsed(result.data.used); }
        if (!result.ok) { announce(result.data.error || messages.error); setStatus(result.data.error || messages.error, true); }
      });
    }
  });

  window.setInterval(tick, 1000);
  tick();
  connect();
})();
