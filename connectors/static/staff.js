/* The staff inbox, kept live: server-sent events from /staff/events refresh the queue and append
 * to an open transcript; reply and note forms post without a page load when JS is there (the
 * forms work without it too). Plain JS, no build step. */
(function () {
  "use strict";

  var body = document.body;
  var page = body.getAttribute("data-page");
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var csrf = csrfMeta ? csrfMeta.getAttribute("content") : "";
  var announcer = document.getElementById("st-announce");
  var statusRegion = document.getElementById("st-status-region");
  var newBanner = document.getElementById("st-new");
  var baseTitle = document.title;
  var newCount = 0;

  function announce(text) {
    if (!announcer) return;
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = text; }, 50);
  }

  function showStatus(text, kind) {
    if (!statusRegion) return;
    statusRegion.innerHTML = "";
    var p = document.createElement("p");
    p.className = "notice " + (kind || "success");
    p.textContent = text;
    statusRegion.appendChild(p);
  }

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fn, ms);
    };
  }

  function newHandover() {
    newCount += 1;
    document.title = "(" + newCount + ") " + baseTitle;
    announce("Ny henvendelse venter");
    if (newBanner) newBanner.hidden = false;
  }

  function clearNew() {
    newCount = 0;
    document.title = baseTitle;
  }

  // -- the queue -----------------------------------------------------------------------------
  var queueBox = document.getElementById("queue");
  var refreshQueue = debounce(function () {
    if (!queueBox) return;
    var before = {};
    queueBox.querySelectorAll("#pending-list tr[data-conversation-id]").forEach(function (row) {
      before[row.getAttribute("data-conversation-id")] = true;
    });
    queueBox.setAttribute("aria-busy", "true");
    fetch("/staff/queue", { headers: { Accept: "text/html" }, credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 401) { window.location.reload(); throw new Error("signed out"); }
        return response.text();
      })
      .then(function (html) {
        // Keep keyboard focus if it was inside the lists: remember the focused link's target.
        var active = document.activeElement;
        var focusHref = active && queueBox.contains(active) ? active.getAttribute("href") : null;
        queueBox.innerHTML = html;
        queueBox.querySelectorAll("#pending-list tr[data-conversation-id]").forEach(function (row) {
          if (!before[row.getAttribute("data-conversation-id")]) row.classList.add("fresh");
        });
        if (focusHref) {
          var again = queueBox.querySelector('a[href="' + focusHref + '"]');
          if (again) again.focus();
        }
      })
      .catch(function () { /* the next event or tick tries again */ })
      .then(function () { queueBox.setAttribute("aria-busy", "false"); });
  }, 150);

  // -- a conversation ------------------------------------------------------------------------
  var conversationId = body.getAttribute("data-conversation-id");
  var transcript = document.getElementById("transcript");
  var transcriptLog = document.getElementById("transcript-log");
  var lastId = parseInt(body.getAttribute("data-last-id") || "0", 10);
  var pageState = body.getAttribute("data-state");
  var me = body.getAttribute("data-me");
  var fetching = false;
  var fetchAgain = false;

  function fetchMessages() {
    if (!transcript || !conversationId) return;
    if (fetching) { fetchAgain = true; return; }
    fetching = true;
    fetch("/staff/conversations/" + encodeURIComponent(conversationId) + "/messages?after=" + lastId,
          { headers: { Accept: "text/html" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) {
        if (!html.trim()) return;
        var holder = document.createElement("ol");
        holder.innerHTML = html;
        Array.prototype.slice.call(holder.children).forEach(function (item) {
          var id = parseInt(item.getAttribute("data-id") || "0", 10);
          if (id > lastId) {
            transcript.appendChild(item);
            lastId = id;
          }
        });
        if (transcriptLog) transcriptLog.scrollTop = transcriptLog.scrollHeight;
      })
      .catch(function () {})
      .then(function () {
        fetching = false;
        if (fetchAgain) { fetchAgain = false; fetchMessages(); }
      });
  }

  function stateChanged(text) {
    var box = document.getElementById("st-change");
    var label = document.getElementById("st-change-text");
    if (!box || !label) return;
    label.textContent = text;
    box.hidden = false;
    announce(text);
  }

  if (transcriptLog) transcriptLog.scrollTop = transcriptLog.scrollHeight;

  // -- canned replies ------------------------------------------------------------------------
  var cannedSelect = document.getElementById("canned-select");
  var cannedInsert = document.getElementById("canned-insert");
  var replyText = document.getElementById("reply-text");
  if (cannedSelect && cannedInsert && replyText) {
    cannedInsert.addEventListener("click", function () {
      var option = cannedSelect.options[cannedSelect.selectedIndex];
      var text = option ? option.getAttribute("data-text") : "";
      if (!text) { announce("Velg et ferdigsvar først"); cannedSelect.focus(); return; }
      replyText.value = replyText.value.trim() ? replyText.value.replace(/\s*$/, "") + "\n" + text : text;
      replyText.focus();
      replyText.setSelectionRange(replyText.value.length, replyText.value.length);
      announce("Ferdigsvaret «" + option.textContent + "» er satt inn i svarfeltet");
    });
  }

  // -- reply and note without a page load ----------------------------------------------------
  document.querySelectorAll("form.js-async").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.fetch || !window.FormData) return;
      event.preventDefault();
      var area = form.querySelector("textarea");
      if (area && !area.value.trim()) {
        showStatus(form.getAttribute("data-kind") === "note" ? "Skriv et notat før du lagrer." : "Skriv et svar før du sender.", "error");
        area.focus();
        return;
      }
      var button = form.querySelector('button[type="submit"]');
      if (button) button.disabled = true;
      fetch(form.action, {
        method: "POST", body: new FormData(form), credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRF-Token": csrf }
      })
        .then(function (response) {
          return response.json().catch(function () { return {}; }).then(function (data) {
            if (!response.ok) throw new Error(data.error || data.detail || "Noe gikk galt. Prøv igjen.");
            return data;
          });
        })
        .then(function () {
          if (area) { area.value = ""; area.focus(); }
          showStatus(form.getAttribute("data-kind") === "note" ? "Det interne notatet er lagret." : "Svaret er sendt.");
          fetchMessages();
        })
        .catch(function (error) { showStatus(error.message, "error"); })
        .then(function () { if (button) button.disabled = false; });
    });
  });

  // -- live events ---------------------------------------------------------------------------
  if (window.EventSource && (page === "queue" || page === "conversation")) {
    var lostShown = false;
    var opened = false;
    var source = new EventSource("/staff/events");
    source.onopen = function () {
      // The server ends a stream now and then and the browser reconnects: catch up on anything
      // that happened in between.
      if (opened) { refreshQueue(); fetchMessages(); }
      opened = true;
      if (lostShown) { showStatus("Tilkoblet igjen."); lostShown = false; }
    };
    source.onerror = function () {
      if (!lostShown) { lostShown = true; showStatus("Mistet forbindelsen. Kobler til igjen …", "info"); }
    };
    source.onmessage = function (message) {
      var event;
      try { event = JSON.parse(message.data); } catch (e) { return; }
      if (event.type === "handover") {
        if (!(page === "conversation" && event.conversation_id === conversationId)) newHandover();
      }
      if (page === "queue") {
        refreshQueue();
        return;
      }
      if (event.conversation_id !== conversationId) return;
      if (event.type === "message") {
        fetchMessages();
        if (event.state && pageState && event.state !== pageState && event.sender === "system") {
          pageState = event.state;
          if (event.state === "resolved") stateChanged("Samtalen er avsluttet.");
          else if (event.state === "bot") stateChanged("Samtalen er gitt tilbake til assistenten.");
          else if (event.state === "pending") stateChanged("Samtalen venter på en ansatt igjen.");
        }
      } else if (event.type === "claimed" && event.by !== me && body.getAttribute("data-state") === "pending") {
        stateChanged("Samtalen ble tatt av " + event.by + ".");
      } else if (event.type === "deleted") {
        // "Slett samtalen min" (widget or SMS): the transcript is gone, the conversation closed.
        pageState = "resolved";
        stateChanged("Innbyggeren har slettet samtalen. Meldingene er fjernet.");
      }
    };
    window.addEventListener("focus", clearNew);
    window.addEventListener("beforeunload", function () { source.close(); });
  }

  if (page === "queue") {
    window.setInterval(refreshQueue, 30000); // waiting times tick on
  }
})();
