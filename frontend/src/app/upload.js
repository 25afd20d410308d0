// Upload a document in place: no page reload, so nothing typed elsewhere on the page is lost.
// Choosing a file starts the upload (the button retries); the pending autosave is flushed first,
// a progress bar shows how far it got, and the server's answer replaces the document's row or
// is shown in it (in the reader's language). Without this script the form posts as usual.
(function () {
  "use strict";

  function status(form, text, isError) {
    var line = form.querySelector(".upload-status");
    if (!line) { return; }
    line.textContent = text || "";
    line.classList.toggle("error", Boolean(isError));
    line.setAttribute("role", isError ? "alert" : "status");
  }

  function send(form) {
    var input = form.querySelector("input[type=file]");
    if (!input.files || !input.files.length) {
      status(form, form.getAttribute("data-no-file"), true);
      input.focus();
      return;
    }
    var flush = (window.SME && window.SME.flush) ? window.SME.flush() : Promise.resolve();
    var button = form.querySelector("button[type=submit]");
    var bar = form.querySelector("progress");
    button.disabled = true;
    status(form, form.getAttribute("data-uploading"), false);
    flush.then(function () {
      var request = new XMLHttpRequest();
      request.open("POST", form.action);
      request.setRequestHeader("X-Requested-With", "upload");
      request.setRequestHeader("Accept", "application/json");
      if (bar) {
        bar.hidden = false;
        bar.value = 0;
        request.upload.addEventListener("progress", function (event) {
          if (event.lengthComputable) { bar.value = Math.round(100 * event.loaded / event.total); }
        });
      }
      request.addEventListener("load", function () { done(form, request); });
      request.addEventListener("error", function () { failed(form, form.getAttribute("data-failed")); });
      request.send(new FormData(form));
    });
  }

  function failed(form, message) {
    form.querySelector("button[type=submit]").disabled = false;
    var bar = form.querySelector("progress");
    if (bar) { bar.hidden = true; }
    status(form, message, true);
  }

  function done(form, request) {
    var body = null;
    try { body = JSON.parse(request.responseText); } catch { body = null; }
    if (request.status !== 201 || !body || !body.row) {
      failed(form, (body && body.error) || form.getAttribute("data-failed"));
      return;
    }
    var row = form.closest("tr");
    var holder = document.createElement("tbody");
    holder.innerHTML = body.row;
    var fresh = holder.querySelector("tr");
    row.replaceWith(fresh);
    var freshForm = fresh.querySelector("form.upload");
    if (freshForm) { status(freshForm, body.message, false); }
    document.dispatchEvent(new CustomEvent("sme:uploaded", { detail: { document: fresh.getAttribute("data-document") } }));
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("upload")) { return; }
    event.preventDefault();
    send(form);
  });
  document.addEventListener("change", function (event) {
    var input = event.target;
    var form = input.form;
    if (input.type === "file" && form && form.classList.contains("upload") && input.files.length) { send(form); }
  });
})();
