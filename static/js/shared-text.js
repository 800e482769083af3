// The room's shared text: each text field of the canvas is a Yjs document (Y.Text "text").
// What one types is sent as Yjs updates (POST, batched), what others type comes through the
// room's event stream ("text" events, relayed by workshop-room.js); both sides merge. Offline,
// the updates wait and are sent on return, and are kept in the browser (localStorage) until the
// server has them, so that a tab closed or reloaded meanwhile loses nothing; every (re)connection
// syncs with state vectors.
// Without Yjs or script, the fields stay forms with their Save button.
(function () {
  "use strict";
  var room = document.getElementById("room");
  var Y = window.Y;
  if (!room || !Y || !window.fetch || !window.EventSource) { return; }

  var messages = JSON.parse(document.getElementById("room-messages").textContent);
  var token = window.roadmapCsrfToken || (document.querySelector('meta[name="csrf-token"]') || {}).content;
  var me = parseInt(room.dataset.userId, 10);
  var client = Math.random().toString(36).slice(2, 12);  // this tab: its own echoes are skipped
  var LOCAL = "local", REMOTE = "remote", KEPT = "kept";
  var SEND_DELAY_MS = 30, GAP_WAIT_MS = 1500, CURSOR_TTL_MS = 8000, CURSOR_BEAT_MS = 3000;
  var fields = {};
  var cursors = {};  // client -> {user_id, name, use_case_id, field, anchor, head, at}
  var online = true;

  function key(useCaseId, name) { return useCaseId + ":" + name; }
  function fill(text, k, value) { return text.split(k).join(value); }
  function toB64(bytes) {
    var s = "";
    for (var i = 0; i < bytes.length; i += 0x8000) { s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000)); }
    return btoa(s);
  }
  function fromB64(text) {
    var s = atob(text || ""), bytes = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) { bytes[i] = s.charCodeAt(i); }
    return bytes;
  }
  function colourOf(userId) {
    // Dark enough for white names on them (contrast over 4.5:1).
    var palette = ["#b3261e", "#1b5e20", "#0d47a1", "#6a1b9a", "#8d4e00", "#00695c", "#ad1457", "#37474f"];
    return palette[Math.abs(userId) % palette.length];
  }

  // --- One field ---------------------------------------------------------------------------
  function Field(form) {
    this.form = form;
    this.input = form.elements.value;
    this.useCaseId = parseInt(form.dataset.useCaseId, 10);
    this.name = form.dataset.field;
    this.status = form.querySelector(".field-status");
    this.writers = form.querySelector(".field-writers");
    this.pending = [];
    this.inflight = false;
    this.retryMs = 500;
    this.known = parseInt(form.elements.version.value, 10) || 0;
    this.maxSeen = this.known;
    this.synced = false;
    this.setup();
  }

  Field.prototype.setup = function () {
    var self = this;
    this.doc = new Y.Doc();
    this.text = this.doc.getText("text");
    this.undo = new Y.UndoManager(this.text, { trackedOrigins: new Set([LOCAL]), captureTimeout: 600 });
    this.doc.on("update", function (update, origin) {
      if (origin === LOCAL || origin === self.undo) { self.pending.push(update); self.keepUnsent(); self.schedule(); }
    });
    this.text.observe(function (event) {
      if (event.transaction.origin !== LOCAL) { self.showRemote(event.delta); }
    });
    // What an earlier tab typed and the server never acknowledged: the first sync sends it.
    var kept = null;
    try { kept = window.localStorage.getItem(this.storageKey()); } catch (e) { kept = null; }
    if (kept) { try { Y.applyUpdate(this.doc, fromB64(kept), KEPT); } catch (e) { this.forgetUnsent(); } }
  };

  Field.prototype.storageKey = function () {
    // Per person: another account opening the room in this browser never sends it as theirs.
    return "roadmap-unsent:" + me + ":" + room.dataset.textUrl + ":" + this.useCaseId + ":" + this.name;
  };
  Field.prototype.keepUnsent = function () {
    try { window.localStorage.setItem(this.storageKey(), toB64(Y.encodeStateAsUpdate(this.doc))); } catch (e) { /* full or off */ }
  };
  Field.prototype.forgetUnsent = function () {
    try { window.localStorage.removeItem(this.storageKey()); } catch (e) { /* off */ }
  };

  Field.prototype.reset = function () {  // after a refused change: start again from the server's text
    this.forgetUnsent();
    this.doc.destroy();
    this.pending = [];
    this.synced = false;
    this.setup();
  };

  // The textarea's new value as an edit of the shared text (the changed middle).
  Field.prototype.onInput = function () {
    if (!this.synced) { return; }
    var old = this.text.toString(), value = this.input.value;
    var start = 0, endOld = old.length, endNew = value.length;
    while (start < endOld && start < endNew && old.charCodeAt(start) === value.charCodeAt(start)) { start++; }
    while (endOld > start && endNew > start && old.charCodeAt(endOld - 1) === value.charCodeAt(endNew - 1)) {
      endOld--; endNew--;
    }
    var text = this.text;
    this.doc.transact(function () {
      if (endOld > start) { text.delete(start, endOld - start); }
      if (endNew > start) { text.insert(start, value.slice(start, endNew)); }
    }, LOCAL);
  };

  // Someone else's change (or an undo): show it and keep the caret where it was in the text.
  Field.prototype.showRemote = function (delta) {
    var input = this.input, focused = document.activeElement === input;
    var start = input.selectionStart || 0, end = input.selectionEnd || 0, index = 0;
    delta.forEach(function (op) {
      if (op.retain) { index += op.retain; }
      else if (op.insert) {
        var n = op.insert.length;
        if (index < start) { start += n; }
        if (index < end) { end += n; }
        index += n;
      } else if (op.delete) {
        if (start > index) { start = Math.max(index, start - op.delete); }
        if (end > index) { end = Math.max(index, end - op.delete); }
      }
    });
    input.value = this.text.toString();
    if (focused) { input.setSelectionRange(start, end); }
    if (this.name === "title") {
      var heading = this.form.closest(".use-case-room").querySelector("h2");
      if (heading) { heading.textContent = input.value; }
    }
    renderCarets(this);
  };

  Field.prototype.schedule = function () {
    var self = this;
    if (this.timer || this.inflight) { return; }
    this.setStatus(messages.text_pending);
    this.timer = window.setTimeout(function () { self.timer = null; self.flush(); }, SEND_DELAY_MS);
  };

  Field.prototype.flush = function () {
    var self = this;
    if (this.inflight || !this.pending.length) { return; }
    var batch = this.pending.splice(0, this.pending.length);
    var update = batch.length === 1 ? batch[0] : Y.mergeUpdates(batch);
    this.inflight = true;
    var url = room.dataset.textUrl + "?use_case_id=" + this.useCaseId + "&field=" + encodeURIComponent(this.name) +
      "&client=" + client;
    fetch(url, {
      method: "POST", body: update, credentials: "same-origin",
      headers: { "Accept": "application/json", "Content-Type": "application/octet-stream", "X-CSRFToken": token }
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        self.inflight = false;
        if (response.ok) {
          self.retryMs = 500;
          self.noteVersion(data.version);
          if (self.pending.length) { self.flush(); } else { self.forgetUnsent(); self.setStatus(messages.text_saved); }
        } else if (response.status === 429 || response.status >= 500) {
          self.retry(update);
        } else {  // refused (too long, malformed, locked, closed...): the server's text stands
          self.setStatus(fill(messages.text_refused, "__REASON__", data.error || messages.error));
          self.reset();
          syncFields([self]);
        }
      });
    }, function () {  // offline: keep it, send it on return
      self.inflight = false;
      self.setStatus(messages.text_offline);
      self.retry(update);
    });
  };

  Field.prototype.retry = function (update) {
    var self = this;
    this.pending.unshift(update);
    window.clearTimeout(this.retryTimer);
    this.retryTimer = window.setTimeout(function () { self.flush(); }, this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, 5000);
  };

  Field.prototype.setStatus = function (text) {
    if (this.status.textContent !== text) { this.status.textContent = text; }
  };

  // Versions come in order per field; a gap that lasts means a lost message: sync the field.
  Field.prototype.noteVersion = function (version) {
    var self = this;
    if (typeof version !== "number") { return; }
    if (version === this.known + 1 || (version <= this.known + 1 && version > this.known)) { this.known = version; }
    if (version > this.maxSeen) { this.maxSeen = version; }
    if (this.maxSeen > this.known && !this.gapTimer) {
      this.gapTimer = window.setTimeout(function () {
        self.gapTimer = null;
        if (self.maxSeen > self.known) { syncFields([self]); }
      }, GAP_WAIT_MS);
    } else if (this.maxSeen <= this.known) { this.known = this.maxSeen; }
  };

  Field.prototype.receive = function (data) {
    if (data.client !== client) { Y.applyUpdate(this.doc, fromB64(data.update), REMOTE); }
    this.noteVersion(data.version);
  };

  Field.prototype.applySync = function (answer) {
    Y.applyUpdate(this.doc, fromB64(answer.update), REMOTE);
    if (!this.synced) {
      this.synced = true;
      this.input.readOnly = false;
      if (this.input.value !== this.text.toString()) { this.showRemote([]); }
    }
    if (answer.version >= this.known) { this.known = this.maxSeen = answer.version; }
    // What the server misses (typed offline, or lost): send it.
    var missing = Y.encodeStateAsUpdate(this.doc, fromB64(answer.state));
    if (missing.length > 2) { this.pending.push(missing); this.schedule(); }
    else if (!this.pending.length && !this.inflight) { this.forgetUnsent(); }  // the server has it all
  };

  // --- Sync with state vectors (first load, reconnection, a gap) ------------------------------
  var syncing = null;
  function syncFields(list) {
    list = list || Object.keys(fields).map(function (k) { return fields[k]; });
    if (!list.length) { return Promise.resolve(); }
    var body = { fields: list.map(function (f) {
      return { use_case_id: f.useCaseId, field: f.name, sv: toB64(Y.encodeStateVector(f.doc)) };
    }) };
    return fetch(room.dataset.textSyncUrl, {
      method: "POST", body: JSON.stringify(body), credentials: "same-origin",
      headers: { "Accept": "application/json", "Content-Type": "application/json", "X-CSRFToken": token }
    }).then(function (response) {
      if (!response.ok) { throw new Error("sync " + response.status); }
      return response.json();
    }).then(function (data) {
      data.fields.forEach(function (answer) {
        var field = fields[key(answer.use_case_id, answer.field)];
        if (field) { field.applySync(answer); }
      });
    });
  }

  function syncAll() {
    if (syncing) { return syncing; }
    syncing = syncFields().then(function () { syncing = null; }, function () {
      syncing = null;
      window.setTimeout(syncAll, 2000);  // offline or busy: try again
    });
    return syncing;
  }

  // --- Presence: who writes where, and their carets -------------------------------------------
  var focusedField = null, lastSent = 0, cursorTimer = null;

  function sendCursor(field, leaving) {
    var body = { client: client, field: null, use_case_id: null };
    if (field && !leaving) {
      var input = field.input;
      body.field = field.name; body.use_case_id = field.useCaseId;
      body.anchor = toB64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(field.text, input.selectionStart || 0)));
      body.head = toB64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(field.text, input.selectionEnd || 0)));
    }
    lastSent = Date.now();
    fetch(room.dataset.textPresenceUrl, {
      method: "POST", body: JSON.stringify(body), credentials: "same-origin", keepalive: !!leaving,
      headers: { "Accept": "application/json", "Content-Type": "application/json", "X-CSRFToken": token }
    }).catch(function () {});
  }

  function cursorMoved(field) {
    window.clearTimeout(cursorTimer);
    var wait = Math.max(0, 150 - (Date.now() - lastSent));
    cursorTimer = window.setTimeout(function () { sendCursor(field); }, wait);
  }

  function onCursor(data) {
    if (data.client === client) { return; }
    var before = cursors[data.client];
    if (data.field) { data.at = Date.now(); cursors[data.client] = data; } else { delete cursors[data.client]; }
    refreshPresence(before, data);
  }

  function refreshPresence(before, now) {
    [before, now].forEach(function (c) {
      var field = c && c.field && fields[key(c.use_case_id, c.field)];
      if (field) { renderWriters(field); renderCarets(field); }
    });
  }

  function cursorsIn(field) {
    return Object.keys(cursors).map(function (k) { return cursors[k]; }).filter(function (c) {
      return c.field === field.name && c.use_case_id === field.useCaseId;
    });
  }

  function renderWriters(field) {
    if (!field.writers) { return; }
    var names = [];
    cursorsIn(field).forEach(function (c) { if (names.indexOf(c.name) < 0) { names.push(c.name); } });
    field.writers.textContent = "";
    if (!names.length) { return; }
    field.writers.append(fill(messages.writing, "__NAMES__", ""));
    names.forEach(function (name, i) {
      var c = cursorsIn(field).filter(function (x) { return x.name === name; })[0];
      var tag = document.createElement("span");
      tag.className = "writer"; tag.textContent = name; tag.style.borderColor = colourOf(c.user_id);
      field.writers.append(i ? ", " : "", tag);
    });
  }

  function absolute(field, encoded) {
    if (!encoded) { return null; }
    try {
      var position = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(fromB64(encoded)), field.doc);
      return position ? position.index : null;
    } catch (e) { return null; }
  }

  // A mirror of the textarea behind transparent text: the others' selections and named carets.
  function renderCarets(field) {
    var layer = field.layer;
    var list = cursorsIn(field);
    if (!list.length) { if (layer) { layer.textContent = ""; layer.hidden = true; } return; }
    if (!layer) {
      layer = field.layer = document.createElement("div");
      layer.className = "caret-layer"; layer.setAttribute("aria-hidden", "true");
      field.input.parentNode.appendChild(layer);
      field.input.addEventListener("scroll", function () { layer.scrollTop = field.input.scrollTop; layer.scrollLeft = field.input.scrollLeft; });
    }
    var style = window.getComputedStyle(field.input);
    ["fontFamily", "fontSize", "fontWeight", "lineHeight", "letterSpacing", "paddingTop", "paddingRight", "paddingBottom",
     "paddingLeft", "borderTopWidth", "borderRightWidth", "borderBottomWidth", "borderLeftWidth", "boxSizing"].forEach(function (p) {
      layer.style[p] = style[p];
    });
    layer.style.whiteSpace = field.input.tagName === "TEXTAREA" ? "pre-wrap" : "pre";
    var text = field.text.toString(), marks = [];
    list.forEach(function (c) {
      var a = absolute(field, c.anchor), h = absolute(field, c.head);
      if (h === null) { return; }
      if (a === null) { a = h; }
      marks.push({ at: Math.min(a, h), end: Math.max(a, h), head: h, c: c });
    });
    marks.sort(function (x, y) { return x.head - y.head; });
    layer.textContent = "";
    var mirror = document.createElement("div");
    mirror.className = "caret-mirror";
    var at = 0;
    marks.forEach(function (m) {
      var colour = colourOf(m.c.user_id);
      if (m.end > m.at && m.at >= at) {
        mirror.append(text.slice(at, m.at));
        var selection = document.createElement("span");
        selection.className = "remote-selection"; selection.style.backgroundColor = colour + "33";
        selection.textContent = text.slice(m.at, m.end);
        mirror.append(selection);
        at = m.end;
      }
      var headAt = Math.max(at, m.head);
      mirror.append(text.slice(at, headAt));
      at = headAt;
      var caret = document.createElement("span");
      caret.className = "remote-caret"; caret.style.borderColor = colour;
      var name = document.createElement("span");
      name.className = "remote-caret-name"; name.style.backgroundColor = colour; name.textContent = m.c.name;
      caret.appendChild(name);
      mirror.append(caret);
    });
    mirror.append(text.slice(at) + "\u200b");
    layer.appendChild(mirror);
    layer.hidden = false;
    layer.scrollTop = field.input.scrollTop;
  }

  window.setInterval(function () {  // someone who left (or whose tab died) is gone within 10 s
    var now = Date.now();
    Object.keys(cursors).forEach(function (k) {
      var c = cursors[k];
      if (now - c.at > CURSOR_TTL_MS) { delete cursors[k]; refreshPresence(c, null); }
    });
    if (focusedField && now - lastSent > CURSOR_BEAT_MS) { sendCursor(focusedField); }
  }, 1000);

  // --- Binding ----------------------------------------------------------------------------------
  function bindForm(form) {
    var field = new Field(form);
    fields[key(field.useCaseId, field.name)] = field;
    form.dataset.live = "true";  // workshop-room.js leaves it to us
    var save = form.querySelector(".field-save");
    if (save) { save.remove(); }  // nothing to save: every keystroke is sent
    field.input.readOnly = true;  // until the first sync: the document starts from the server's
    field.input.addEventListener("input", function () { field.onInput(); cursorMoved(field); });
    field.input.addEventListener("keydown", function (event) {
      if (!(event.ctrlKey || event.metaKey)) { return; }
      var k = event.key.toLowerCase();
      if (k === "z" && !event.shiftKey) { event.preventDefault(); field.undo.undo(); }
      else if ((k === "z" && event.shiftKey) || k === "y") { event.preventDefault(); field.undo.redo(); }
    });
    ["focus", "select", "keyup", "mouseup"].forEach(function (name) {
      field.input.addEventListener(name, function () { focusedField = field; cursorMoved(field); });
    });
    field.input.addEventListener("blur", function () {
      if (focusedField === field) { focusedField = null; }
      window.clearTimeout(cursorTimer);
      sendCursor(field, true);
    });
    return field;
  }
  document.querySelectorAll(".canvas-field[data-shared]").forEach(bindForm);

  // A use case's canvas opened in place (workshop-board.js): its fields join the shared text.
  function bind(root) {
    var added = [];
    root.querySelectorAll(".canvas-field[data-shared]").forEach(function (form) {
      if (!form.dataset.live) { added.push(bindForm(form)); }
    });
    return syncFields(added);
  }

  document.addEventListener("room:text", function (event) {
    var data = event.detail, field = fields[key(data.use_case_id, data.field)];
    if (field) { field.receive(data); }
  });
  document.addEventListener("room:cursor", function (event) { onCursor(event.detail); });
  document.addEventListener("room:connected", function () {
    if (!online) { online = true; }
    syncAll();
    Object.keys(fields).forEach(function (k) { fields[k].flush(); });
  });
  window.addEventListener("online", function () { syncAll(); });
  window.addEventListener("pagehide", function () { if (focusedField) { sendCursor(focusedField, true); } });

  window.roadmapSharedText = { fields: fields, sync: syncAll, bind: bind };  // for the browser tests
  syncAll();
})();
