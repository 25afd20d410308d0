// The county list follows the chosen prefecture: counties of other prefectures are hidden.
// Without script every county is listed with its prefecture, and the server checks the pair.
(function () {
  "use strict";
  var prefecture = document.getElementById("region_prefecture");
  var county = document.getElementById("region_county");
  if (!prefecture || !county) { return; }
  function filter() {
    var chosen = prefecture.value;
    Array.prototype.forEach.call(county.options, function (option) {
      var belongs = !option.value || !chosen || option.text.indexOf(chosen + " · ") === 0;
      option.hidden = !belongs;
      option.disabled = !belongs;
    });
    if (county.selectedOptions.length && county.selectedOptions[0].disabled) { county.value = ""; }
  }
  prefecture.addEventListener("change", filter);
  filter();
})();
