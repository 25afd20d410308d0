// Reviewers read a case's PDFs and images in place, beside the task form: a click on a document
// opens it in the viewer frame (the browser's own PDF viewer, served inline) instead of
// downloading it; the first document opens by itself on a wide screen. The download link stays
// at hand.
(function () {
  "use strict";
  var viewer = document.getElementById("viewer");
  if (!viewer) { return; }
  var frame = document.getElementById("viewer-frame");
  var image = document.getElementById("viewer-image");
  var name = document.getElementById("viewer-name");
  var download = document.getElementById("viewer-download");
  var SHOWN = ["application/pdf", "image/jpeg", "image/png"];

  function show(link) {
    var type = link.getAttribute("data-type");
    var inline = link.href + (link.href.indexOf("?") < 0 ? "?" : "&") + "inline=1";
    var isImage = type && type.indexOf("image/") === 0;
    frame.hidden = isImage;
    image.hidden = !isImage;
    viewer.removeAttribute("data-loaded");
    if (isImage) { image.src = inline; image.alt = link.textContent; frame.removeAttribute("src"); }
    else { frame.src = inline; }
    name.textContent = link.textContent;
    download.href = link.href;
    viewer.hidden = false;
    document.querySelectorAll("a.attachment.viewing").forEach(function (a) { a.classList.remove("viewing"); });
    link.classList.add("viewing");
  }

  // Marked once the document has arrived: the browser's PDF viewer settles its layout then.
  function loaded() { viewer.setAttribute("data-loaded", "1"); }
  frame.addEventListener("load", loaded);
  image.addEventListener("load", loaded);

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.attachment[data-type]");
    if (!link || SHOWN.indexOf(link.getAttribute("data-type")) < 0 || event.ctrlKey || event.metaKey) { return; }
    event.preventDefault();
    show(link);
  });
  // The first document opens once the page itself has loaded, so a large scan never holds it up.
  // Not on a phone: there the viewer would push the form a screen down, and chromium's PDF viewer
  // takes the next tap while it loads; a tap on a document opens it.
  window.addEventListener("load", function () {
    if (!window.matchMedia("(min-width: 641px)").matches) { return; }
    var first = document.querySelector("a.attachment[data-type]");
    if (first && SHOWN.indexOf(first.getAttribute("data-type")) >= 0) { show(first); }
  });
})();
