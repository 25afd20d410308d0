// Autosave a draft: post the form a moment after the last change, and once more on leaving the
// page, to the draft endpoint (the form's CSRF token travels with it). The server keeps what was
// typed; strict checks wait for submission.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave-url]");
  if (!form) { return; }
  var status = document.getElementById("autosave-status");
  var url = form.getAttribute("data-autosave-url");
  var timer = null;
  var dirty = false;

  function show(text) { if (status) { status.textContent = text; } }

  function save(leaving) {
    if (!dirty) { return; }
    dirty = false;
    var data = new FormData(form);
    if (leaving && navigator.sendBeacon) {
      navigator.sendBeacon(url, data);
      return;
    }
    show(status.getAttribute("data-saving"));
    fetch(url, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (body) {
        show(body.message);
        status.setAttribute("data-saved-at", body.saved_at);
      })
      .catch(function () { dirty = true; show(status.getAttribute("data-failed")); });
  }

  function changed() {
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(function () { save(false); }, 1500);
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  window.addEventListener("pagehide", function () { save(true); });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { save(true); }
  });
})();
