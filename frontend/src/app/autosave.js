// Keep what is typed. A draft form (data-autosave-url) is posted to the draft endpoint a moment
// after the last change; a form marked data-keep (the correction page, a task's decision) is kept
// in this browser's storage until it is sent. Before anything on the page navigates or uploads,
// the pending save is flushed first: SME.flush() returns a promise the uploader waits for.
(function () {
  "use strict";
  var SME = window.SME = window.SME || {};
  var flushers = [];
  SME.flush = function () {
    return Promise.all(flushers.map(function (f) { return f(); }));
  };

  function draftAutosave(form) {
    var status = document.getElementById("autosave-status");
    var url = form.getAttribute("data-autosave-url");
    var timer = null;
    var dirty = false;
    var inFlight = Promise.resolve();

    function show(text) { if (status && text) { status.textContent = text; } }

    function save() {
      clearTimeout(timer);
      if (!dirty) { return inFlight; }
      dirty = false;
      show(status && status.getAttribute("data-saving"));
      inFlight = fetch(url, { method: "POST", body: new FormData(form), credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
        .then(function (body) {
          show(body.message);
          if (status) { status.setAttribute("data-saved-at", body.saved_at); }
        })
        .catch(function () { dirty = true; show(status && status.getAttribute("data-failed")); });
      return inFlight;
    }

    function changed() {
      dirty = true;
      clearTimeout(timer);
      timer = setTimeout(save, 1500);
    }

    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    flushers.push(save);
    window.addEventListener("pagehide", function () {
      if (dirty && navigator.sendBeacon) { dirty = false; navigator.sendBeacon(url, new FormData(form)); }
    });
  }

  function browserKeeper(form) {
    var key = "sme-keep:" + form.getAttribute("data-keep");
    var fields = form.querySelectorAll("input[name]:not([type=hidden]):not([type=file]), textarea[name], select[name]");
    function values() {
      var kept = {};
      fields.forEach(function (f) { kept[f.name] = f.type === "checkbox" ? f.checked : f.value; });
      return kept;
    }
    function store() {
      try { localStorage.setItem(key, JSON.stringify(values())); } catch { /* storage full or off */ }
    }
    var stored = null;
    try { stored = JSON.parse(localStorage.getItem(key) || "null"); } catch { stored = null; }
    if (stored) {
      var restored = false;
      fields.forEach(function (f) {
        if (!(f.name in stored)) { return; }
        if (f.type === "checkbox") { restored = restored || f.checked !== stored[f.name]; f.checked = stored[f.name]; }
        else if (f.value !== stored[f.name]) { f.value = stored[f.name]; restored = true; }
      });
      var note = form.querySelector(".kept-note");
      if (restored && note) { note.hidden = false; }
    }
    form.addEventListener("input", store);
    form.addEventListener("change", store);
    form.addEventListener("submit", function () { try { localStorage.removeItem(key); } catch { /* ignore */ } });
    flushers.push(function () { store(); return Promise.resolve(); });
  }

  // A link or another form on the page leaves it: save first, then go.
  function flushBeforeLeaving(draft) {
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[href]");
      if (!link || event.defaultPrevented || link.target || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
      if (link.origin !== location.origin || link.getAttribute("href").charAt(0) === "#") { return; }
      event.preventDefault();
      SME.flush().then(function () { location.href = link.href; });
    });
    document.addEventListener("submit", function (event) {
      var other = event.target;
      if (other === draft || other.classList.contains("upload") || other.hasAttribute("data-flushed")) { return; }
      event.preventDefault();
      other.setAttribute("data-flushed", "1");
      SME.flush().then(function () { HTMLFormElement.prototype.submit.call(other); });
    });
  }

  var draft = document.querySelector("form[data-autosave-url]");
  if (draft) { draftAutosave(draft); flushBeforeLeaving(draft); }
  document.querySelectorAll("form[data-keep]").forEach(browserKeeper);
})();
