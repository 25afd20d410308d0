// A field asked only for one answer of another (需补正事项 when returning, 理由 when refusing,
// the approved amount when approving) is shown only then. The server's required_if check is
// the rule; this only hides what does not apply. A field with an error always stays visible.
(function () {
  "use strict";
  document.querySelectorAll(".conditional-form[data-conditions]").forEach(function (holder) {
    var conditions = JSON.parse(holder.getAttribute("data-conditions") || "{}");
    Object.keys(conditions).forEach(function (name) {
      var other = holder.querySelector("[name='" + conditions[name][0] + "']");
      var input = holder.querySelector("[name='" + name + "']");
      var field = input && input.closest(".field");
      if (!other || !field) { return; }
      function update() {
        field.hidden = other.value !== conditions[name][1] && !field.classList.contains("has-error");
      }
      other.addEventListener("change", update);
      update();
    });
  });
})();
