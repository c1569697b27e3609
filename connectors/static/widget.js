/*
 * servicetorg chat widget: one script tag on any page, plain JS, no build step.
 *
 *   <script src="https://chat.example.kommune.no/static/widget.js" defer></script>
 *
 * Optional attributes on the script tag:
 *   data-servicetorg-url   the app's origin when it differs from the script's (e.g. a CDN copy)
 *   data-servicetorg-name  the municipality's name in the panel heading (default "Fjordvik kommune")
 *
 * The script injects its stylesheet (widget.css from the same origin) and its DOM. It talks to
 * the app over a WebSocket (/ws/chat), reconnects by itself with exponential backoff, and keeps
 * a random session id in localStorage so the conversation survives a reload. "Slett samtalen min"
 * (with a confirm step) erases the session's conversations on the server (POST /chat/delete) and
 * starts a new session. See docs/webchat.md.
 */
(function () {
  "use strict";
  if (window.__servicetorgWidget) return;
  window.__servicetorgWidget = true;

  var script = document.currentScript || document.querySelector('script[src*="widget.js"]');
  var base = (script && script.getAttribute("data-servicetorg-url")) ||
    (script && script.src ? new URL(script.src, location.href).origin : location.origin);
  base = base.replace(/\/+$/, "");
  var NAME = (script && script.getAttribute("data-servicetorg-name")) || "Fjordvik kommune";

  var T = {
    launcher: "Chat med kommunen",
    launcherLabel: "Åpne chat med kommunen",
    title: "Chat med " + NAME,
    close: "Lukk chat",
    intro: "Du chatter med en digital assistent. Ikke skriv personnummer eller helseopplysninger.",
    log: "Meldinger",
    inputLabel: "Skriv en melding",
    inputHint: "Enter sender, Shift+Enter gir ny linje.",
    send: "Send",
    human: "Snakk med en ansatt",
    del: "Slett samtalen min",
    delQuestion: "Vil du slette hele samtalen? Alt du og kommunen har skrevet i den slettes for godt.",
    delYes: "Ja, slett",
    delNo: "Avbryt",
    deleting: "Sletter samtalen …",
    deleted: "Samtalen din er slettet. Du kan starte en ny samtale.",
    deleteFailed: "Samtalen ble ikke slettet. Prøv igjen om litt.",
    typing: "Assistenten skriver …",
    connected: "Tilkoblet",
    reconnecting: "Kobler til igjen …",
    staffJoined: "En ansatt er med i samtalen.",
    pendingState: "Du står i kø for å snakke med en ansatt.",
    queued: "Sendes når forbindelsen er tilbake",
    tooLong: "Meldingen er for lang (maks 4000 tegn).",
    feedbackGroup: "Var svaret nyttig?",
    up: "Nyttig svar",
    down: "Ikke nyttig svar",
    choices: "Velg en tjeneste",
    newTab: "(åpnes i ny fane)",
    who: { citizen: "Du", bot: "Assistenten", staff: "Ansatt", system: "Melding fra kommunen" },
    unread: function (n) { return n === 1 ? "1 ny melding" : n + " nye meldinger"; }
  };
  var MAX_CHARS = 4000;
  var SESSION_KEY = "servicetorg.session";
  var SESSION_RE = /^[A-Za-z0-9-]{16,64}$/;

  // -- session ---------------------------------------------------------------------------

  function newSessionId() {
    var c = window.crypto;
    if (c && typeof c.randomUUID === "function") return c.randomUUID();
    var bytes = new Uint8Array(16);
    if (c && c.getRandomValues) c.getRandomValues(bytes);
    else for (var i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function storedSession() {
    try {
      var id = window.localStorage.getItem(SESSION_KEY);
      return id && SESSION_RE.test(id) ? id : null;
    } catch (e) { return null; }  // storage blocked: the session lasts as long as the page
  }
  function storeSession(id) {
    try { window.localStorage.setItem(SESSION_KEY, id); } catch (e) { /* ignore */ }
  }
  var session = storedSession();
  var hadSession = !!session;
  if (!session) session = newSessionId();

  // -- DOM -------------------------------------------------------------------------------

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    for (var key in attrs || {}) {
      if (!Object.prototype.hasOwnProperty.call(attrs, key)) continue;
      if (key === "text") node.textContent = attrs[key];
      else if (key === "hidden") node.hidden = !!attrs[key];
      else node.setAttribute(key, attrs[key]);
    }
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  var SVG_NS = "http://www.w3.org/2000/svg";
  var ICONS = {  // inline SVG: no icon font or emoji font needed on the citizen's device
    chat: "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z",
    up: "M2 21h4V9H2v12zm20-11a2 2 0 0 0-2-2h-6.3l1-4.6v-.3c0-.4-.2-.8-.4-1.1L13.2 1 6.6 7.6C6.2 8 6 8.5 6 9v10a2 2 0 0 0 2 2h9c.8 0 1.5-.5 1.8-1.2l3-7.1c.1-.2.2-.5.2-.7v-2z",
    down: "M22 3h-4v12h4V3zM2 14a2 2 0 0 0 2 2h6.3l-1 4.6v.3c0 .4.2.8.4 1.1l1.1 1 6.6-6.6c.4-.4.6-.9.6-1.4V5a2 2 0 0 0-2-2H7c-.8 0-1.5.5-1.8 1.2l-3 7.1c-.1.2-.2.5-.2.7v2z"
  };
  function icon(name) {
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "20");
    svg.setAttribute("height", "20");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "st-icon");
    var path = document.createElementNS(SVG_NS, "path");
    path.setAttribute("d", ICONS[name]);
    path.setAttribute("fill", "currentColor");
    svg.appendChild(path);
    return svg;
  }

  var css = el("link", { rel: "stylesheet", href: base + "/static/widget.css" });
  var badge = el("span", { "class": "st-badge", "aria-hidden": "true", hidden: true });
  var launcher = el("button", {
    id: "st-launcher", "class": "st-launcher", type: "button", "aria-label": T.launcherLabel,
    "aria-expanded": "false", "aria-controls": "st-panel"
  }, [icon("chat"),
      el("span", { text: T.launcher }), badge]);

  var closeButton = el("button", { id: "st-close", "class": "st-close", type: "button", "aria-label": T.close },
    [el("span", { "aria-hidden": "true", text: "×" })]);
  var log = el("div", { id: "st-log", "class": "st-log", role: "log", "aria-live": "polite",
                        "aria-label": T.log, tabindex: "0" });
  var typing = el("div", { id: "st-typing", "class": "st-typing", hidden: true, text: T.typing });
  var status = el("div", { id: "st-status", "class": "st-status", role: "status", "aria-live": "polite" });
  var input = el("textarea", { id: "st-input", "class": "st-input", rows: "2", maxlength: String(MAX_CHARS),
                               "aria-describedby": "st-hint", autocomplete: "off" });
  var sendButton = el("button", { id: "st-send", "class": "st-send", type: "submit", text: T.send });
  var form = el("form", { id: "st-form", "class": "st-form", novalidate: "" }, [
    el("label", { "for": "st-input", "class": "st-label", text: T.inputLabel }),
    el("div", { "class": "st-row" }, [input, sendButton]),
    el("p", { id: "st-hint", "class": "st-hint", text: T.inputHint })
  ]);
  var humanButton = el("button", { id: "st-human", "class": "st-human", type: "button", text: T.human });
  var deleteButton = el("button", { id: "st-delete", "class": "st-delete", type: "button", text: T.del,
                                    "aria-expanded": "false", "aria-controls": "st-confirm" });
  var deleteYes = el("button", { id: "st-delete-yes", "class": "st-delete-yes", type: "button", text: T.delYes });
  var deleteNo = el("button", { id: "st-delete-no", "class": "st-delete-no", type: "button", text: T.delNo });
  var confirmBox = el("div", { id: "st-confirm", "class": "st-confirm", role: "group",
                               "aria-labelledby": "st-confirm-text", hidden: true }, [
    el("p", { id: "st-confirm-text", "class": "st-confirm-text", text: T.delQuestion }),
    el("div", { "class": "st-confirm-row" }, [deleteYes, deleteNo])
  ]);
  var actions = el("div", { "class": "st-actions" }, [humanButton, deleteButton]);
  var panel = el("div", {
    id: "st-panel", "class": "st-panel", role: "dialog", "aria-modal": "false",
    "aria-labelledby": "st-title", hidden: true
  }, [
    el("div", { "class": "st-header" }, [el("h2", { id: "st-title", "class": "st-title", text: T.title }), closeButton]),
    el("p", { "class": "st-intro", text: T.intro }),
    log, typing, status, form, actions, confirmBox
  ]);
  var root = el("div", { id: "st-root", "class": "st-root", lang: "nb" }, [launcher, panel]);

  // -- rendering -------------------------------------------------------------------------

  var shown = {};  // message id -> element: every message is shown once, whatever arrives twice
  var URL_RE = /\bhttps?:\/\/[^\s<>"']+/gi;

  function appendLinkified(node, text) {
    var last = 0, match;
    URL_RE.lastIndex = 0;
    while ((match = URL_RE.exec(text)) !== null) {
      var url = match[0].replace(/[.,;:!?)\]]+$/, "");
      node.appendChild(document.createTextNode(text.slice(last, match.index)));
      var link = el("a", { href: url, target: "_blank", rel: "noopener noreferrer" });
      link.textContent = url;
      link.appendChild(el("span", { "class": "st-sr", text: " " + T.newTab }));
      node.appendChild(link);
      last = match.index + url.length;
      URL_RE.lastIndex = last;
    }
    node.appendChild(document.createTextNode(text.slice(last)));
  }

  function nearBottom() { return log.scrollHeight - log.scrollTop - log.clientHeight < 80; }
  function scrollDown() { log.scrollTop = log.scrollHeight; }

  function messageItem(sender, text) {
    var item = el("div", { "class": "st-msg st-msg-" + sender });
    item.appendChild(el("span", { "class": sender === "system" ? "st-who st-sr" : "st-who",
                                  text: (T.who[sender] || sender) + (sender === "system" ? ": " : "") }));
    var body = el("div", { "class": "st-text" });
    appendLinkified(body, text || "");
    item.appendChild(body);
    return item;
  }

  function feedbackButtons(messageId) {
    function button(cls, label, symbol, value) {
      var b = el("button", { type: "button", "class": "st-feedback-btn " + cls, "aria-label": label,
                             "aria-pressed": "false" }, [icon(symbol)]);
      b.addEventListener("click", function () {
        group.querySelectorAll("button").forEach(function (other) { other.setAttribute("aria-pressed", "false"); });
        b.setAttribute("aria-pressed", "true");
        sendFrame({ type: "feedback", message_id: messageId, value: value });
      });
      return b;
    }
    var group = el("div", { "class": "st-feedback", role: "group", "aria-label": T.feedbackGroup });
    group.appendChild(button("st-feedback-up", T.up, "up", 1));
    group.appendChild(button("st-feedback-down", T.down, "down", -1));
    return group;
  }

  function choiceButtons(choices) {
    var group = el("div", { "class": "st-choices", role: "group", "aria-label": T.choices });
    choices.forEach(function (choice) {
      var b = el("button", { type: "button", "class": "st-choice", "data-service": choice.service_id,
                             text: choice.title });
      b.addEventListener("click", function () {
        sendFrame({ type: "choose", service_id: choice.service_id });
        input.focus();
      });
      group.appendChild(b);
    });
    return group;
  }

  function render(m, fromHistory) {
    if (!m || m.internal || shown[m.id]) return;
    var follow = nearBottom();
    var item = null;
    if (m.sender === "citizen") {
      // Our own message coming back from the server: it replaces the bubble shown on send.
      var pending = log.querySelectorAll(".st-pending");
      for (var i = 0; i < pending.length; i++) {
        if (pending[i].getAttribute("data-text") === m.text) { item = pending[i]; break; }
      }
      if (item) {
        item.classList.remove("st-pending");
        item.removeAttribute("data-text");
        var note = item.querySelector(".st-queued");
        if (note) note.remove();
      }
    }
    if (!item) {
      item = messageItem(m.sender, m.text);
      log.appendChild(item);
    }
    item.setAttribute("data-id", String(m.id));
    shown[m.id] = item;
    if (m.sender === "bot") {
      if (m.choices && m.choices.length) item.appendChild(choiceButtons(m.choices));
      item.appendChild(feedbackButtons(m.id));
      showTyping(false);
    }
    if (m.sender === "staff" || (m.sender === "system" && /er med i samtalen/.test(m.text || ""))) {
      setStatus(T.staffJoined);
    }
    if (m.sender !== "citizen" && panel.hidden && !fromHistory) { unread += 1; updateBadge(); }
    if (follow || m.sender === "citizen") scrollDown();
  }

  function renderPending(text, queued) {
    var item = messageItem("citizen", text);
    item.classList.add("st-pending");
    item.setAttribute("data-text", text);
    if (queued) item.appendChild(el("div", { "class": "st-queued", text: T.queued }));
    log.appendChild(item);
    scrollDown();
  }

  function setStatus(text) { if (status.textContent !== text) status.textContent = text; }
  function showTyping(on) { typing.hidden = !on; if (on && nearBottom()) scrollDown(); }

  var unread = 0;
  function updateBadge() {
    badge.hidden = unread === 0;
    badge.textContent = unread ? String(unread) : "";
    launcher.setAttribute("aria-label", unread ? T.launcherLabel + " (" + T.unread(unread) + ")" : T.launcherLabel);
  }

  // -- the connection --------------------------------------------------------------------

  var ws = null, attempts = 0, reconnectTimer = null, reconnecting = false, outbox = [];
  var deleting = false;  // closing the socket on purpose while the conversation is deleted

  function socketUrl() {
    return base.replace(/^http/i, "ws") + "/ws/chat?session=" + encodeURIComponent(session);
  }

  function connect() {
    if (ws && (ws.readyState === WebSocket.CONNECTING || ws.readyState === WebSocket.OPEN)) return;
    clearTimeout(reconnectTimer);
    reconnectTimer = null;
    storeSession(session);
    var sock;
    try { sock = new WebSocket(socketUrl()); } catch (e) { scheduleReconnect(); return; }
    ws = sock;
    sock.onopen = function () {
      attempts = 0;
      reconnecting = false;
      setStatus(T.connected);
      var queued = outbox;
      outbox = [];
      queued.forEach(function (frame) { sock.send(JSON.stringify(frame)); });
    };
    sock.onmessage = function (event) {
      var data;
      try { data = JSON.parse(event.data); } catch (e) { return; }
      handle(data);
    };
    sock.onclose = function (event) {
      if (ws !== sock) return;
      ws = null;
      showTyping(false);
      if (deleting) return;  // closed on purpose: the next session connects when needed
      if (event.code === 1008) {  // the server refused the session id: start a new session
        session = newSessionId();
        storeSession(session);
      }
      scheduleReconnect();
    };
  }

  function scheduleReconnect() {
    if (reconnectTimer) return;
    reconnecting = true;
    setStatus(T.reconnecting);  // announced by the status region; focus stays where it is
    var delay = Math.min(30000, 1000 * Math.pow(2, attempts)) * (0.5 + Math.random() / 2);
    attempts += 1;
    reconnectTimer = setTimeout(function () { reconnectTimer = null; connect(); }, delay);
  }

  function reconnectNow() {
    if (reconnecting && !ws) { clearTimeout(reconnectTimer); reconnectTimer = null; connect(); }
  }
  window.addEventListener("online", reconnectNow);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) reconnectNow(); });

  function sendFrame(frame) {
    if (ws && ws.readyState === WebSocket.OPEN) { ws.send(JSON.stringify(frame)); return true; }
    outbox.push(frame);
    connect();
    return false;
  }

  function handle(event) {
    switch (event.type) {
      case "history":
        (event.messages || []).forEach(function (m) { render(m, true); });
        if (event.state === "open") setStatus(T.connected + ". " + T.staffJoined);
        else if (event.state === "pending") setStatus(T.connected + ". " + T.pendingState);
        break;
      case "message": render(event); break;
      case "typing": showTyping(!!event.on); break;
      case "status": case "error": if (event.text) setStatus(event.text); break;
      case "deleted": startAfresh(event.text || T.deleted, true); break;
      default: break;
    }
  }

  // -- behaviour -------------------------------------------------------------------------

  function openPanel() {
    panel.hidden = false;
    launcher.hidden = true;
    launcher.setAttribute("aria-expanded", "true");
    unread = 0;
    updateBadge();
    connect();
    scrollDown();
    input.focus();
  }

  function closePanel() {
    panel.hidden = true;
    launcher.hidden = false;
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }

  function submit() {
    var text = input.value.trim();
    if (!text) { input.focus(); return; }
    if (text.length > MAX_CHARS) { setStatus(T.tooLong); return; }
    var sent = sendFrame({ type: "message", text: text });
    renderPending(text, !sent);
    input.value = "";
    input.focus();
  }

  // -- "Slett samtalen min" ---------------------------------------------------------------

  function showConfirm(on) {
    confirmBox.hidden = !on;
    deleteButton.setAttribute("aria-expanded", on ? "true" : "false");
    if (on) { deleteNo.focus(); if (nearBottom()) scrollDown(); }  // the safe choice gets focus
  }

  function closeSocket() {
    clearTimeout(reconnectTimer);
    reconnectTimer = null;
    reconnecting = false;
    var sock = ws;
    ws = null;
    if (sock) { try { sock.close(1000); } catch (e) { /* already closed */ } }
  }

  // The conversation is gone on the server: clear the transcript, start a new session (another
  // tab may already have stored one), and say so. The socket reconnects on the next message.
  function startAfresh(text, fromServer) {
    deleting = true;
    closeSocket();
    var stored = storedSession();
    session = fromServer && stored && stored !== session ? stored : newSessionId();
    storeSession(session);
    while (log.firstChild) log.removeChild(log.firstChild);
    shown = {};
    outbox = [];
    showTyping(false);
    log.appendChild(messageItem("system", text));
    setStatus(text);
    deleting = false;
  }

  function deleteConversation() {
    deleteYes.disabled = true;
    deleteNo.disabled = true;
    setStatus(T.deleting);
    deleting = true;
    closeSocket();  // nothing more is sent to the conversation being deleted
    var finished = function (ok, text) {
      deleteYes.disabled = false;
      deleteNo.disabled = false;
      showConfirm(false);
      if (ok) {
        startAfresh(text || T.deleted, false);
        input.focus();
      } else {
        deleting = false;
        setStatus(T.deleteFailed);
        connect();
        deleteButton.focus();
      }
    };
    // text/plain: a "simple" cross-origin request when the widget is embedded on another site.
    fetch(base + "/chat/delete", {
      method: "POST", headers: { "Content-Type": "text/plain;charset=UTF-8" },
      body: JSON.stringify({ session: session }), credentials: "omit", cache: "no-store"
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        finished(response.ok && data.ok, data.text);
      });
    }).catch(function () { finished(false); });
  }

  deleteButton.addEventListener("click", function () { showConfirm(confirmBox.hidden); });
  deleteNo.addEventListener("click", function () { showConfirm(false); deleteButton.focus(); });
  deleteYes.addEventListener("click", deleteConversation);

  launcher.addEventListener("click", openPanel);
  closeButton.addEventListener("click", closePanel);
  humanButton.addEventListener("click", function () { sendFrame({ type: "human" }); });
  form.addEventListener("submit", function (event) { event.preventDefault(); submit(); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) { event.preventDefault(); submit(); }
  });
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape" || event.key === "Esc") {
      event.preventDefault();
      if (!confirmBox.hidden) { showConfirm(false); deleteButton.focus(); return; }  // Esc cancels the question first
      closePanel();
    }
  });

  function mount() {
    (document.head || document.documentElement).appendChild(css);
    document.body.appendChild(root);
    if (hadSession) connect();  // a conversation may be going on: show its replies as unread
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
})();
