/* Reply copilot sidebar. Vanilla JS, no build step, no network assets.
 *
 * Ticket sources: window.postMessage from an allowed host origin ({"type": "copilot:ticket", "ticket": {...}}),
 * ?ticket=<demo id>, or pasted JSON. Draft streams over SSE (POST /v1/drafts, options.stream),
 * the operator's edits are checked with POST /v1/checks (debounced), "Accepted" posts /v1/feedback.
 * Message format and origin rules: copilot/console/README.md.
 */
(function () {
  "use strict";

  var CHECK_DEBOUNCE_MS = 800;
  var STORAGE_KEY = "copilot.apiKey";
  var STORAGE_LANG = "copilot.lang";

  var I18N = {
    ru: {
      title: "Копилот ответов", skip: "К черновику", langHint: "Переключить язык интерфейса", langButton: "English",
      waiting: "Ждём тикет: из консоли, демо-тикет или вставьте JSON.",
      sourceTitle: "Тикет и настройки", demoLabel: "Демо-тикет", demoNone: "— выберите —", demoOpen: "Открыть",
      pasteLabel: "JSON тикета", pasteHint: "Вставьте {\"ticket\": {…}} или сам тикет по контракту API.", pasteRun: "Составить черновик",
      keyLabel: "API-ключ (необязательно)", keySave: "Сохранить",
      keyHint: "Хранится только в этом браузере (localStorage), отправляется как Authorization: Bearer.",
      keySaved: "API-ключ сохранён.", keyCleared: "API-ключ удалён.",
      briefTitle: "Что произошло", promisesTitle: "Обещания", flagsLabel: "Флаги",
      asksTitle: "Вопросы клиента", asksEmpty: "Открытых вопросов не найдено.",
      draftTitle: "Черновик ответа",
      draftHint: "Правьте текст: проверка запускается сама через секунду после паузы (Ctrl+Enter — сразу).",
      checkBtn: "Проверить ответ", copyBtn: "Копировать", insertBtn: "Вставить в консоль", acceptBtn: "Принято", redraftBtn: "Новый черновик",
      previewTitle: "Текст с пометками проверки", legendOffTopic: "не по теме", legendUnbacked: "обещание без опоры в правилах",
      citesTitle: "Источники", citesEmpty: "Черновик не опирается на источники.",
      srcPolicy: "правило", srcTicket: "прошлый тикет", score: "релевантность",
      drafting: "Пишу черновик…", draftReady: "Черновик готов.", checking: "Проверяю ответ…",
      loadingDemo: "Загружаю демо-тикет…",
      backend: "Модель", degraded: "запасной режим", latency: "время", ms: "мс", lang: "язык",
      addressed: "отвечено", unaddressed: "не отвечено", pending: "ещё не проверено",
      kind_question: "вопрос", kind_request: "просьба", kind_complaint: "жалоба",
      msgN: "сообщение", promise_open: "в силе", promise_kept: "выполнено", promise_broken: "нарушено",
      flag_legal_threat: "Юридическая угроза", flag_public_complaint_threat: "Публичная жалоба", flag_repeat_contact: "Повторное обращение",
      flag_broken_promise: "Нарушено обещание", flag_escalate: "Эскалировать", flag_injection: "Инъекция в тексте",
      checkOk: "✓ Все вопросы закрыты, замечаний нет.", checkStale: "Текст изменён — проверка обновится.",
      checkEmpty: "Ответ пуст.",
      checkBad: "Не отвечено: {u} · не по теме: {o} · обещаний без опоры: {p}",
      issueOffTopic: "Не по теме", issueUnbacked: "Обещание без опоры",
      copied: "Текст скопирован.", copyFailed: "Не удалось скопировать: выделите текст и нажмите Ctrl+C.",
      inserted: "Текст отправлен в консоль.", noHost: "Страница открыта не внутри консоли — используйте «Копировать».",
      accepting: "Сохраняю ответ…", accepted: "Принято: ответ сохранён как решённый тикет {id}{idx}.", indexedYes: ", уже в поиске", indexedNo: ", попадёт в поиск позже",
      errUnreachable: "Сервис копилота недоступен. Проверьте, что он запущен (copilot serve) и доступен по адресу {url}.",
      errPrefix: "Ошибка сервиса", errAuth: "Нужен API-ключ: укажите его в «Тикет и настройки».",
      errStream: "Поток черновика оборвался без результата.", errJson: "Это не JSON: {m}", errTicket: "В JSON нет тикета с полем messages (массив сообщений).",
      errDemo: "Демо-тикет «{id}» не найден.", errNoTicket: "Сначала загрузите тикет.", errNoDraft: "Сначала составьте черновик.",
      errEmptyReply: "Ответ пуст.",
      r_about: "про {a}, а вопросы клиента про {b}", r_notBacked: "нет в найденных правилах: {x}", r_comp: "компенсация не подтверждена найденными правилами"
    },
    en: {
      title: "Reply copilot", skip: "Skip to draft", langHint: "Switch interface language", langButton: "Русский",
      waiting: "Waiting for a ticket: from the console, a demo ticket, or paste JSON.",
      sourceTitle: "Ticket and settings", demoLabel: "Demo ticket", demoNone: "— choose —", demoOpen: "Open",
      pasteLabel: "Ticket JSON", pasteHint: "Paste {\"ticket\": {…}} or the ticket itself, as in the API contract.", pasteRun: "Draft a reply",
      keyLabel: "API key (optional)", keySave: "Save",
      keyHint: "Stored only in this browser (localStorage), sent as Authorization: Bearer.",
      keySaved: "API key saved.", keyCleared: "API key removed.",
      briefTitle: "What happened", promisesTitle: "Promises", flagsLabel: "Flags",
      asksTitle: "Customer's asks", asksEmpty: "No open asks found.",
      draftTitle: "Draft reply",
      draftHint: "Edit the text: it is checked a second after you pause (Ctrl+Enter checks at once).",
      checkBtn: "Check my reply", copyBtn: "Copy", insertBtn: "Insert into console", acceptBtn: "Accepted", redraftBtn: "New draft",
      previewTitle: "Text with check marks", legendOffTopic: "off-topic", legendUnbacked: "promise not backed by policy",
      citesTitle: "Sources", citesEmpty: "The draft cites no sources.",
      srcPolicy: "policy", srcTicket: "past ticket", score: "relevance",
      drafting: "Drafting…", draftReady: "Draft ready.", checking: "Checking the reply…",
      loadingDemo: "Loading the demo ticket…",
      backend: "Backend", degraded: "degraded", latency: "latency", ms: "ms", lang: "language",
      addressed: "addressed", unaddressed: "not addressed", pending: "not checked yet",
      kind_question: "question", kind_request: "request", kind_complaint: "complaint",
      msgN: "message", promise_open: "open", promise_kept: "kept", promise_broken: "broken",
      flag_legal_threat: "Legal threat", flag_public_complaint_threat: "Public complaint", flag_repeat_contact: "Repeat contact",
      flag_broken_promise: "Broken promise", flag_escalate: "Escalate", flag_injection: "Injection attempt",
      checkOk: "✓ Every ask is addressed, nothing flagged.", checkStale: "Text changed — the check will update.",
      checkEmpty: "The reply is empty.",
      checkBad: "Not addressed: {u} · off-topic: {o} · unbacked promises: {p}",
      issueOffTopic: "Off-topic", issueUnbacked: "Unbacked promise",
      copied: "Text copied.", copyFailed: "Could not copy: select the text and press Ctrl+C.",
      inserted: "Text sent to the console.", noHost: "This page is not embedded in a console — use Copy.",
      accepting: "Saving the reply…", accepted: "Accepted: the reply is stored as resolved ticket {id}{idx}.", indexedYes: ", already searchable", indexedNo: ", searchable later",
      errUnreachable: "The copilot service is unreachable. Check that it is running (copilot serve) at {url}.",
      errPrefix: "Service error", errAuth: "An API key is needed: set it under “Ticket and settings”.",
      errStream: "The draft stream ended without a result.", errJson: "Not JSON: {m}", errTicket: "The JSON has no ticket with a messages array.",
      errDemo: "Demo ticket “{id}” not found.", errNoTicket: "Load a ticket first.", errNoDraft: "Draft a reply first.",
      errEmptyReply: "The reply is empty.",
      r_about: "about {a}, while the asks are about {b}", r_notBacked: "not backed by policy: {x}", r_comp: "compensation is not backed by any retrieved policy"
    }
  };

  // ---------------------------------------------------------------- state and helpers
  var $ = function (id) { return document.getElementById(id); };
  var state = {
    lang: "ru", ticket: null, title: "", draft: null, briefOnly: null, asks: [], addressed: {}, checkedAsks: false,
    check: null, checkSeq: 0, checkTimer: null, checkCtl: null, draftCtl: null, streaming: false,
    hostWindow: null, hostOrigin: null, statusKey: "waiting", statusVars: null, busy: false
  };
  var API_BASE = location.pathname.replace(/\/console\/?$/, "").replace(/\/$/, "");

  function t(key, vars) {
    var s = (I18N[state.lang] && I18N[state.lang][key]);
    if (s === undefined) s = I18N.ru[key] !== undefined ? I18N.ru[key] : key;
    if (vars) s = s.replace(/\{(\w+)\}/g, function (_, k) { return vars[k] !== undefined ? String(vars[k]) : ""; });
    return s;
  }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "class") node.className = attrs[k];
      else if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false) node.setAttribute(k, attrs[k] === true ? "" : attrs[k]);
    });
    (children || []).forEach(function (c) { if (c !== null && c !== undefined) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function store(key, value) {
    try { if (value === null) localStorage.removeItem(key); else localStorage.setItem(key, value); } catch (e) { /* storage blocked (sandboxed iframe) */ }
  }
  function load(key) { try { return localStorage.getItem(key); } catch (e) { return null; } }
  function normOrigin(o) { try { return new URL(o).origin; } catch (e) { return null; } }

  function readOrigins() {
    var raw = [];
    try { raw = JSON.parse($("console-origins").textContent); } catch (e) { raw = []; }
    if (!Array.isArray(raw)) raw = [];
    return raw.map(normOrigin).filter(function (o) { return o && o !== "null"; });
  }
  window.CONSOLE_ORIGINS = readOrigins();
  function originAllowed(origin) {
    return origin === location.origin || window.CONSOLE_ORIGINS.indexOf(origin) >= 0;
  }

  // ---------------------------------------------------------------- status and errors
  function setStatus(key, vars, busy) {
    state.statusKey = key; state.statusVars = vars || null; state.busy = !!busy;
    var s = $("status");
    s.textContent = key ? t(key, vars) : "";
    s.classList.toggle("busy", !!busy);
  }
  function showError(err) {
    var box = $("error");
    if (!err) { box.hidden = true; box.textContent = ""; state.error = null; return; }
    state.error = err;
    var text;
    if (err.code === "unreachable") text = t("errUnreachable", { url: location.origin + API_BASE });
    else if (err.key) text = t(err.key, err.vars);
    else {
      text = t("errPrefix") + (err.status ? " " + err.status : "") + (err.code ? " (" + err.code + ")" : "") + ": " + err.message;
      if (err.status === 401) text += "\n" + t("errAuth");
    }
    box.textContent = text;
    box.hidden = false;
    setStatus(null);
  }
  function ApiError(code, message, status) { this.code = code; this.message = message; this.status = status; }
  function LocalError(key, vars) { this.key = key; this.vars = vars; }

  // ---------------------------------------------------------------- HTTP
  function headers(accept) {
    var h = { "Content-Type": "application/json", "Accept": accept || "application/json" };
    var key = load(STORAGE_KEY);
    if (key) h.Authorization = "Bearer " + key;
    return h;
  }
  function errorFrom(resp) {
    return resp.text().then(function (body) {
      var code = "http_" + resp.status, message = resp.statusText || ("HTTP " + resp.status);
      try {
        var b = JSON.parse(body);
        if (b && b.error) { code = b.error.code || code; message = b.error.message || message; }
      } catch (e) { if (body) message = body.slice(0, 300); }
      return new ApiError(code, message, resp.status);
    });
  }
  function request(method, path, body, opts) {
    opts = opts || {};
    var init = { method: method, headers: headers(opts.accept), signal: opts.signal };
    if (body !== undefined) init.body = JSON.stringify(body);
    return fetch(API_BASE + path, init).then(function (resp) {
      if (!resp.ok) return errorFrom(resp).then(function (e) { throw e; });
      return resp;
    }, function (e) {
      if (e && e.name === "AbortError") throw e;
      throw new ApiError("unreachable", String(e && e.message || e));
    });
  }
  function postJSON(path, body, opts) {
    return request("POST", path, body, opts).then(function (r) { return r.json(); });
  }

  /** Reads a text/event-stream body; calls onEvent(name, data) for each event. */
  function readSSE(resp, onEvent) {
    var reader = resp.body.getReader(), decoder = new TextDecoder(), buf = "", name = "message", data = [];
    function line(l) {
      if (l === "") {
        if (data.length) {
          try { onEvent(name, data.join("\n")); } catch (e) { reader.cancel().catch(function () {}); throw e; }
        }
        name = "message"; data = [];
        return;
      }
      if (l.charAt(0) === ":") return;
      var i = l.indexOf(":"), field = i < 0 ? l : l.slice(0, i), value = i < 0 ? "" : l.slice(i + 1);
      if (value.charAt(0) === " ") value = value.slice(1);
      if (field === "event") name = value;
      else if (field === "data") data.push(value);
    }
    function drain(final) {
      for (;;) {
        var m = /\r\n|\r|\n/.exec(buf);
        if (!m) break;
        if (m[0] === "\r" && m.index === buf.length - 1 && !final) break; // maybe the first half of \r\n
        line(buf.slice(0, m.index));
        buf = buf.slice(m.index + m[0].length);
      }
      if (final) { if (buf) line(buf); line(""); buf = ""; }
    }
    function pump() {
      return reader.read().then(function (r) {
        if (r.done) { buf += decoder.decode(); drain(true); return; }
        buf += decoder.decode(r.value, { stream: true });
        drain(false);
        return pump();
      });
    }
    return pump();
  }

  // ---------------------------------------------------------------- i18n of static markup
  function applyLang() {
    document.documentElement.lang = state.lang;
    document.title = t("title");
    Array.prototype.forEach.call(document.querySelectorAll("[data-i18n]"), function (node) {
      node.textContent = t(node.getAttribute("data-i18n"));
    });
    var sw = $("lang-switch");
    sw.textContent = t("langButton");
    sw.setAttribute("lang", state.lang === "ru" ? "en" : "ru");
    $("flags").setAttribute("aria-label", t("flagsLabel"));
    if (state.statusKey) setStatus(state.statusKey, state.statusVars, state.busy);
    if (state.error) showError(state.error);
    renderAll();
  }

  // ---------------------------------------------------------------- rendering
  function renderAll() {
    if (!state.ticket) return;
    renderMeta(); renderBrief(); renderAsks(); renderCitations(); renderCheck();
  }

  function renderMeta() {
    var meta = $("meta");
    clear(meta);
    var d = state.draft;
    if (!d) return;
    meta.appendChild(document.createTextNode(t("backend") + ": " + d.backend));
    if (d.degraded) {
      meta.appendChild(document.createTextNode(" · "));
      meta.appendChild(el("span", { class: "degraded", text: t("degraded") + (d.degraded_reason ? ": " + d.degraded_reason : "") }));
    }
    var total = d.timings_ms && d.timings_ms.total;
    if (typeof total === "number") meta.appendChild(document.createTextNode(" · " + t("latency") + ": " + Math.round(total) + " " + t("ms")));
    if (d.language) meta.appendChild(document.createTextNode(" · " + t("lang") + ": " + d.language));
  }

  function analysisSource() { return state.draft || state.briefOnly; }

  function renderBrief() {
    var src = analysisSource();
    var summary = $("brief-summary"), list = $("brief-promises"), flags = $("flags");
    clear(list); clear(flags);
    var old = flags.nextElementSibling;
    if (old && old.classList.contains("flag-details")) old.parentNode.removeChild(old);
    if (!src) { summary.textContent = ""; $("brief-promises-wrap").hidden = true; return; }
    var brief = src.brief || {};
    summary.textContent = brief.summary || "";
    var promises = brief.promises || [];
    $("brief-promises-wrap").hidden = !promises.length;
    promises.forEach(function (p) {
      var cls = p.status === "broken" ? "bad" : p.status === "kept" ? "ok" : "warn";
      list.appendChild(el("li", null, [
        el("span", { class: "badge " + cls, text: t("promise_" + p.status) }),
        p.text,
        el("span", { class: "hint", text: " (" + t("msgN") + " " + (p.message + 1) + (p.due ? ", " + p.due : "") + ")" })
      ]));
    });
    var details = el("ul", { class: "flag-details" });
    (src.flags || []).forEach(function (f) {
      var label = t("flag_" + f.kind);
      flags.appendChild(el("li", null, [el("span", { class: "badge flag-" + f.kind, title: f.detail, "data-flag": f.kind, text: label })]));
      details.appendChild(el("li", null, [label + " — " + f.detail + " (" + t("msgN") + " " + (f.message + 1) + ")"]));
    });
    if (details.childNodes.length) flags.parentNode.insertBefore(details, flags.nextSibling);
  }

  function askState(id) {
    if (Object.prototype.hasOwnProperty.call(state.addressed, id)) return state.addressed[id] ? "addressed" : "unaddressed";
    return "pending";
  }

  function renderAsks() {
    var list = $("asks");
    clear(list);
    var asks = state.asks;
    $("asks-empty").hidden = !!asks.length || !analysisSource();
    asks.forEach(function (a) {
      var st = askState(a.id);
      var mark = st === "addressed" ? "✓" : st === "unaddressed" ? "✗" : "…";
      var cites = el("div", { class: "ask-cites" });
      (a.citations || []).forEach(function (cid) {
        var b = el("button", { type: "button", class: "cite-ref", "data-cite": cid, "aria-label": t("citesTitle") + " " + cid, text: cid });
        b.addEventListener("click", function () { openCitation(cid); });
        cites.appendChild(b);
      });
      var body = el("div", { class: "ask-body" }, [
        el("span", { class: "ask-text", text: a.text }), " ",
        el("span", { class: "ask-kind", text: "· " + t("kind_" + a.kind) }), el("br"),
        el("span", { class: "ask-state", text: t(st) })
      ]);
      if (a.note) body.appendChild(el("div", { class: "ask-note", text: a.note }));
      list.appendChild(el("li", { class: st, "data-ask": a.id, "data-state": st }, [
        el("span", { class: "mark", "aria-hidden": "true", text: mark }), body, (a.citations || []).length ? cites : null
      ]));
    });
  }

  function openCitation(cid) {
    var item = document.querySelector('#citations li[data-cite="' + (window.CSS && CSS.escape ? CSS.escape(cid) : cid) + '"]');
    if (!item) return;
    var det = item.querySelector("details");
    det.open = true;
    item.classList.add("flash");
    setTimeout(function () { item.classList.remove("flash"); }, 900);
    item.scrollIntoView({ block: "nearest" });
    det.querySelector("summary").focus();
  }

  function renderCitations() {
    var list = $("citations");
    var openIds = Array.prototype.map.call(list.querySelectorAll("details[open]"), function (d) { return d.parentNode.getAttribute("data-cite"); });
    clear(list);
    var cites = (state.draft && state.draft.citations) || [];
    $("cites-empty").hidden = !!cites.length || !state.draft;
    cites.forEach(function (c) {
      var isPolicy = c.source === "policy";
      var summary = el("summary", null, [
        el("span", { class: "cite-id", text: c.id }),
        el("span", { class: "badge " + (isPolicy ? "src-policy" : "src-ticket"), text: isPolicy ? t("srcPolicy") : t("srcTicket") }),
        el("span", { class: "cite-title", text: c.title + (c.heading && c.title.indexOf(c.heading) < 0 ? " — " + c.heading : "") }),
        el("span", { class: "cite-doc", text: c.doc_id + (typeof c.score === "number" ? " · " + t("score") + " " + c.score.toFixed(2) : "") })
      ]);
      var det = el("details", null, [summary, el("p", { class: "snippet", text: c.snippet })]);
      if (openIds.indexOf(c.id) >= 0) det.open = true;
      list.appendChild(el("li", { "data-cite": c.id, "data-source": c.source }, [det]));
    });
  }

  function translateReason(r) {
    if (state.lang === "en" || !r) return r;
    var m = /^about (.+), while the open asks are about (.+)$/.exec(r);
    if (m) return t("r_about", { a: m[1], b: m[2] });
    m = /^not backed by policy: (.+)$/.exec(r);
    if (m) return t("r_notBacked", { x: m[1] });
    if (r === "compensation is not backed by any retrieved policy") return t("r_comp");
    return r;
  }

  /** Python code-point offsets -> JS UTF-16 offsets. */
  function cpOffsets(text) {
    var map = [0], u = 0;
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) { i++; u += 2; } else { u += 1; }
      map.push(u);
    }
    return map;
  }
  function squash(s) { return s.split(/\s+/).filter(Boolean).join(" "); }

  /** Ranges [start, end, {offTopic, unbacked, reason}] to highlight in the checked reply. */
  function highlightRanges(text, res) {
    var ranges = [], map = cpOffsets(text), offReasons = {};
    (res.off_topic || []).forEach(function (o) { offReasons[squash(o.text)] = o.reason; });
    var unbackedReasons = {};
    (res.promises || []).forEach(function (p) { if (!p.allowed) unbackedReasons[squash(p.text)] = p.reason; });
    var covered = {};
    (res.sentences || []).forEach(function (s) {
      var unbacked = s.unbacked === true;
      if (!s.off_topic && !unbacked) return;
      var a = map[s.start], b = map[s.end];
      if (a === undefined || b === undefined || squash(text.slice(a, b)) !== squash(s.text)) {
        a = text.indexOf(s.text); b = a + s.text.length;
        if (a < 0) return;
      }
      var key = squash(s.text);
      if (unbacked) covered[key] = true;
      ranges.push([a, b, { offTopic: !!s.off_topic, unbacked: unbacked, reason: [s.off_topic ? translateReason(offReasons[key] || "") : "", unbacked ? translateReason(unbackedReasons[key] || "") : ""].filter(Boolean).join("; ") }]);
    });
    // unbacked promises that are only part of a sentence
    Object.keys(unbackedReasons).forEach(function (key) {
      if (covered[key]) return;
      var a = text.indexOf(key);
      if (a < 0) return;
      var b = a + key.length;
      if (ranges.some(function (r) { return a < r[1] && b > r[0]; })) return;
      ranges.push([a, b, { offTopic: false, unbacked: true, reason: translateReason(unbackedReasons[key]) }]);
    });
    ranges.sort(function (x, y) { return x[0] - y[0]; });
    return ranges;
  }

  function renderCheck() {
    var preview = $("preview"), issues = $("issues"), summary = $("check-summary"), wrap = $("preview-wrap");
    clear(preview); clear(issues);
    var ck = state.check;
    var current = $("draft-text").value;
    if (!ck) {
      wrap.hidden = true;
      summary.textContent = ""; summary.className = "check-summary";
      return;
    }
    var text = ck.reply, res = ck.res, pos = 0;
    var ranges = highlightRanges(text, res);
    ranges.forEach(function (r) {
      if (r[0] < pos) return;
      if (r[0] > pos) preview.appendChild(document.createTextNode(text.slice(pos, r[0])));
      var cls = (r[2].offTopic ? "off-topic " : "") + (r[2].unbacked ? "unbacked" : "");
      preview.appendChild(el("mark", { class: cls.trim(), title: r[2].reason || null, text: text.slice(r[0], r[1]) }));
      pos = r[1];
    });
    if (pos < text.length) preview.appendChild(document.createTextNode(text.slice(pos)));
    (res.off_topic || []).forEach(function (o) {
      issues.appendChild(el("li", { "data-issue": "off_topic" }, [el("mark", { class: "off-topic", text: t("issueOffTopic") }), " «" + o.text + "» ", el("span", { class: "why", text: "— " + translateReason(o.reason) })]));
    });
    (res.promises || []).forEach(function (p) {
      if (p.allowed) return;
      issues.appendChild(el("li", { "data-issue": "unbacked" }, [el("mark", { class: "unbacked", text: t("issueUnbacked") }), " «" + p.text + "» ", el("span", { class: "why", text: "— " + translateReason(p.reason) })]));
    });
    wrap.hidden = !ranges.length && !issues.childNodes.length;
    var stale = current !== text;
    preview.classList.toggle("stale", stale);
    if (stale) { summary.textContent = t("checkStale"); summary.className = "check-summary stale"; return; }
    var unbacked = (res.promises || []).filter(function (p) { return !p.allowed; }).length;
    if (res.ok) { summary.textContent = t("checkOk"); summary.className = "check-summary ok"; }
    else {
      summary.textContent = t("checkBad", { u: (res.unaddressed || []).length, o: (res.off_topic || []).length, p: unbacked });
      summary.className = "check-summary bad";
    }
  }

  // ---------------------------------------------------------------- drafting
  function resetView(ticket, title) {
    if (state.draftCtl) state.draftCtl.abort();
    if (state.checkCtl) state.checkCtl.abort();
    clearTimeout(state.checkTimer);
    state.ticket = ticket; state.title = title || ""; state.draft = null; state.briefOnly = null; state.asks = [];
    state.addressed = {}; state.check = null; state.checkSeq++;
    showError(null);
    $("result").hidden = false;
    $("ticket-title").textContent = state.title || ticket.id || "";
    $("ticket-title").hidden = !$("ticket-title").textContent;
    $("draft-text").value = "";
    $("feedback-result").textContent = ""; $("feedback-result").className = "feedback-result";
    renderMeta(); renderBrief(); renderAsks(); renderCitations(); renderCheck();
  }

  function setStreaming(on) {
    state.streaming = on;
    var ta = $("draft-text");
    ta.readOnly = on;
    ta.setAttribute("aria-busy", on ? "true" : "false");
    ["check-btn", "copy-btn", "insert-btn", "accept-btn", "redraft-btn"].forEach(function (id) { $(id).disabled = on; });
  }

  function startDraft(ticket, title) {
    resetView(ticket, title);
    var ctl = new AbortController();
    state.draftCtl = ctl;
    setStreaming(true);
    setStatus("drafting", null, true);
    // the brief arrives fast: show brief, flags and asks while the draft streams
    postJSON("/v1/briefs", { ticket: ticket }, { signal: ctl.signal }).then(function (b) {
      if (state.draftCtl !== ctl || state.draft) return;
      state.briefOnly = b; state.asks = b.asks || [];
      renderBrief(); renderAsks();
    }, function () { /* the draft request reports errors */ });
    var text = "", gotResult = false, ta = $("draft-text");
    return request("POST", "/v1/drafts", { ticket: ticket, options: { stream: true } }, { signal: ctl.signal, accept: "text/event-stream" })
      .then(function (resp) {
        var ctype = resp.headers.get("content-type") || "";
        if (ctype.indexOf("text/event-stream") < 0) return resp.json().then(function (r) { gotResult = true; applyDraft(r); });
        return readSSE(resp, function (name, data) {
          if (state.draftCtl !== ctl) return;
          var payload;
          try { payload = JSON.parse(data); } catch (e) { payload = { text: data }; }
          if (name === "delta") { text += payload.text || ""; ta.value = text; ta.scrollTop = ta.scrollHeight; }
          else if (name === "reset") { text = ""; ta.value = ""; }
          else if (name === "result") { gotResult = true; applyDraft(payload); }
          else if (name === "error") {
            var e = payload && payload.error ? payload.error : {};
            throw new ApiError(e.code || "stream_error", e.message || data);
          }
        });
      })
      .then(function () {
        if (state.draftCtl !== ctl) return;
        if (!gotResult) throw new LocalError("errStream");
      })
      .catch(function (err) {
        if (err && err.name === "AbortError") return;
        if (state.draftCtl !== ctl) return;
        showError(err);
      })
      .then(function () {
        if (state.draftCtl === ctl) { setStreaming(false); state.draftCtl = null; }
      });
  }

  function applyDraft(res) {
    state.draft = res;
    state.asks = res.asks || [];
    state.addressed = {};
    state.asks.forEach(function (a) { state.addressed[a.id] = !!a.addressed; });
    $("draft-text").value = (res.draft && res.draft.text) || "";
    $("draft-text").scrollTop = 0;
    setStreaming(false);
    setStatus("draftReady");
    renderMeta(); renderBrief(); renderAsks(); renderCitations();
    runCheck(true);
  }

  // ---------------------------------------------------------------- checking
  function scheduleCheck() {
    clearTimeout(state.checkTimer);
    if (!state.ticket || state.streaming) return;
    renderCheck();
    state.checkTimer = setTimeout(function () { runCheck(true); }, CHECK_DEBOUNCE_MS);
  }

  function runCheck(auto) {
    clearTimeout(state.checkTimer);
    if (!state.ticket) { if (!auto) showError(new LocalError("errNoTicket")); return Promise.resolve(); }
    if (state.streaming) return Promise.resolve();
    var reply = $("draft-text").value;
    if (!reply.trim()) {
      state.check = null;
      state.asks.forEach(function (a) { state.addressed[a.id] = false; });
      renderAsks(); renderCheck();
      $("check-summary").textContent = t("checkEmpty"); $("check-summary").className = "check-summary bad";
      return Promise.resolve();
    }
    if (state.checkCtl) state.checkCtl.abort();
    var ctl = new AbortController(), seq = ++state.checkSeq;
    state.checkCtl = ctl;
    if (!auto) setStatus("checking", null, true);  // automatic checks announce only their result (#check-summary)
    $("check-summary").setAttribute("aria-busy", "true");
    return postJSON("/v1/checks", { ticket: state.ticket, reply: reply }, { signal: ctl.signal }).then(function (res) {
      if (seq !== state.checkSeq) return;
      state.check = { reply: reply, res: res };
      var byId = {}, known = {};
      (res.asks || []).forEach(function (a) { byId[a.id] = a; });
      state.asks.forEach(function (a) { known[a.id] = a; });
      var same = (res.asks || []).length === state.asks.length && (res.asks || []).every(function (a) { return known[a.id]; });
      if (!same) {  // the check found other asks than the draft: list the check's, keep the draft's citations
        state.asks = (res.asks || []).map(function (a) {
          var k = known[a.id];
          return k && k.text === a.text ? Object.assign({}, a, { citations: k.citations, note: k.note }) : a;
        });
      }
      state.addressed = {};
      state.asks.forEach(function (a) {
        var c = byId[a.id];
        state.addressed[a.id] = c ? !!c.addressed && (res.unaddressed || []).indexOf(a.id) < 0 : false;
      });
      if (state.error) showError(null);
      if (state.statusKey === "checking") setStatus(null);
      $("check-summary").setAttribute("aria-busy", "false");
      renderAsks(); renderCheck();
    }, function (err) {
      if (err && err.name === "AbortError") return;
      if (seq !== state.checkSeq) return;
      $("check-summary").setAttribute("aria-busy", "false");
      showError(err);
    });
  }

  // ---------------------------------------------------------------- host (postMessage)
  function hostTarget() {
    if (state.hostWindow && state.hostOrigin) return { win: state.hostWindow, origin: state.hostOrigin };
    var parent = window.parent !== window ? window.parent : window.opener;
    if (!parent) return null;
    var ref = document.referrer ? normOrigin(document.referrer) : null;
    if (ref && originAllowed(ref)) return { win: parent, origin: ref };
    if (window.CONSOLE_ORIGINS.length === 1) return { win: parent, origin: window.CONSOLE_ORIGINS[0] };
    return { win: parent, origin: location.origin };
  }

  function announceReady() {
    var parent = window.parent !== window ? window.parent : window.opener;
    if (!parent) return;
    var msg = { type: "copilot:ready", version: 1 };
    var ref = document.referrer ? normOrigin(document.referrer) : null;
    var targets = ref && originAllowed(ref) ? [ref] : window.CONSOLE_ORIGINS.concat([location.origin]);
    targets.forEach(function (o) { try { parent.postMessage(msg, o); } catch (e) { /* not that origin */ } });
  }

  function onMessage(ev) {
    if (!originAllowed(ev.origin)) return;
    var data = ev.data;
    if (typeof data === "string") { try { data = JSON.parse(data); } catch (e) { return; } }
    if (!data || typeof data !== "object" || data.type !== "copilot:ticket") return;
    if (ev.source && ev.source !== window) { state.hostWindow = ev.source; state.hostOrigin = ev.origin; }
    var ticket = extractTicket(data);
    if (!ticket) { showError(new LocalError("errTicket")); return; }
    $("insert-btn").hidden = false;
    startDraft(ticket, typeof data.title === "string" ? data.title : "");
  }

  function extractTicket(obj) {
    if (obj && typeof obj === "object" && obj.ticket && typeof obj.ticket === "object") obj = obj.ticket;
    if (!obj || typeof obj !== "object" || !Array.isArray(obj.messages)) return null;
    return obj;
  }

  // ---------------------------------------------------------------- actions
  function copyText() {
    var text = $("draft-text").value;
    function fallback() {
      var ta = $("draft-text");
      ta.focus(); ta.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      setStatus(ok ? "copied" : "copyFailed");
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { setStatus("copied"); }, fallback);
    } else fallback();
  }

  function insertText() {
    var target = hostTarget();
    if (!target) { setStatus("noHost"); return; }
    target.win.postMessage({
      type: "copilot:insert", text: $("draft-text").value,
      ticket_id: state.ticket && state.ticket.id || null, draft_id: state.draft && state.draft.draft && state.draft.draft.id || null
    }, target.origin);
    setStatus("inserted");
  }

  function accept() {
    if (!state.ticket) { showError(new LocalError("errNoTicket")); return; }
    var reply = $("draft-text").value;
    if (!reply.trim()) { showError(new LocalError("errEmptyReply")); return; }
    var btn = $("accept-btn"), out = $("feedback-result");
    btn.disabled = true;
    setStatus("accepting", null, true);
    postJSON("/v1/feedback", {
      ticket: state.ticket, draft_id: state.draft && state.draft.draft && state.draft.draft.id || null,
      final_reply: reply, resolved: true
    }).then(function (res) {
      showError(null);
      out.textContent = t("accepted", { id: res.id, idx: res.indexed ? t("indexedYes") : t("indexedNo") });
      out.className = "feedback-result ok";
      out.setAttribute("data-feedback-id", res.id);
      setStatus("accepted", { id: res.id, idx: res.indexed ? t("indexedYes") : t("indexedNo") });
    }, function (err) {
      showError(err);
      out.textContent = ""; out.className = "feedback-result bad";
    }).then(function () { btn.disabled = state.streaming; });
  }

  function openDemo(id) {
    if (!id) return Promise.resolve();
    showError(null);
    setStatus("loadingDemo", null, true);
    return request("GET", "/console/demo/" + encodeURIComponent(id)).then(function (r) { return r.json(); }).then(function (d) {
      try {
        var u = new URL(location.href);
        u.searchParams.set("ticket", id);
        history.replaceState(null, "", u.toString());
      } catch (e) { /* about:srcdoc and friends */ }
      $("demo-select").value = id;
      return startDraft(d.ticket, d.title);
    }, function (err) {
      if (err.status === 404) showError(new LocalError("errDemo", { id: id }));
      else showError(err);
    });
  }

  function loadDemoList() {
    return request("GET", "/console/demo/all").then(function (r) { return r.json(); }).then(function (d) {
      var sel = $("demo-select");
      (d.tickets || []).forEach(function (x) { sel.appendChild(el("option", { value: x.id, text: x.title })); });
      var wanted = new URLSearchParams(location.search).get("ticket");
      if (wanted) sel.value = wanted;
    }, function () { /* the list is a convenience; errors show on use */ });
  }

  function runPasted() {
    var raw = $("paste-json").value, obj;
    try { obj = JSON.parse(raw); } catch (e) { showError(new LocalError("errJson", { m: e.message })); return; }
    var ticket = extractTicket(obj);
    if (!ticket) { showError(new LocalError("errTicket")); return; }
    startDraft(ticket, obj.title || "");
  }

  // ---------------------------------------------------------------- wiring
  function init() {
    var params = new URLSearchParams(location.search);
    var lang = params.get("lang") || load(STORAGE_LANG) || "ru";
    state.lang = I18N[lang] ? lang : "ru";
    applyLang();
    setStatus("waiting");

    $("lang-switch").addEventListener("click", function () {
      state.lang = state.lang === "ru" ? "en" : "ru";
      store(STORAGE_LANG, state.lang);
      applyLang();
    });
    $("api-key").value = load(STORAGE_KEY) || "";
    $("key-form").addEventListener("submit", function (e) {
      e.preventDefault();
      var v = $("api-key").value.trim();
      store(STORAGE_KEY, v || null);
      setStatus(v ? "keySaved" : "keyCleared");
    });
    $("demo-open").addEventListener("click", function () { openDemo($("demo-select").value); });
    $("paste-run").addEventListener("click", runPasted);
    $("check-btn").addEventListener("click", function () { runCheck(false); });
    $("copy-btn").addEventListener("click", copyText);
    $("insert-btn").addEventListener("click", insertText);
    $("accept-btn").addEventListener("click", accept);
    $("redraft-btn").addEventListener("click", function () { if (state.ticket) startDraft(state.ticket, state.title); });
    var ta = $("draft-text");
    ta.addEventListener("input", scheduleCheck);
    ta.addEventListener("keydown", function (e) {
      if ((e.ctrlKey || e.metaKey) && e.key === "Enter") { e.preventDefault(); runCheck(false); }
    });
    $("insert-btn").hidden = window.parent === window && !window.opener;
    window.addEventListener("message", onMessage);

    loadDemoList();
    var demo = params.get("ticket");
    if (demo) openDemo(demo);
    else $("source").open = window.parent === window;
    announceReady();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
