// Draws each statistics figure from the table beside it (the table is the data, so what is read
// and what is seen agree), and lets a bar, a point or a funnel stage open the cases behind it.
// The PNG download is the chart as drawn. Without script the tables and their links remain.
(function () {
  "use strict";
  if (typeof echarts === "undefined") { return; }
  var PALETTE = ["#2f6fb0", "#3a9d7a", "#d08a2e", "#b54b4b", "#7a5ab8", "#4a90a4"];

  function readTable(section) {
    var plotted = section.getAttribute("data-plotted");
    var rows = section.querySelectorAll("tbody tr");
    var data = [];
    Array.prototype.forEach.call(rows, function (row) {
      var cell = row.querySelector('td[data-column="' + plotted + '"]');
      var label = row.querySelector("th").textContent.trim();
      var value = cell && cell.getAttribute("data-value") !== "" ? Number(cell.getAttribute("data-value")) : null;
      data.push({ name: label, value: value, href: row.getAttribute("data-href") });
    });
    var header = section.querySelector('thead th[data-column="' + plotted + '"]');
    var whole = data.every(function (d) { return d.value === null || Number.isInteger(d.value); });
    return { data: data, series: header ? header.textContent.trim() : "", whole: whole };
  }

  function option(kind, table) {
    var names = table.data.map(function (d) { return d.name; });
    var values = table.data.map(function (d) { return { value: d.value, href: d.href }; });
    if (kind === "funnel") {
      return {
        color: PALETTE, tooltip: { trigger: "item" },
        series: [{ type: "funnel", sort: "none", minSize: "10%", label: { formatter: "{b}: {c}" },
          data: table.data.map(function (d) { return { name: d.name, value: d.value, href: d.href }; }) }]
      };
    }
    var ranked = kind === "ranked";
    var category = { type: "category", data: ranked ? names.slice().reverse() : names,
      axisLabel: { interval: 0, width: ranked ? 150 : Math.max(60, 560 / Math.max(names.length, 1)),
        overflow: "truncate", rotate: ranked || names.length < 7 ? 0 : 30 } };
    var number = { type: "value", minInterval: table.whole ? 1 : 0 };
    return {
      color: PALETTE, tooltip: { trigger: "axis" },
      grid: { left: ranked ? 160 : 50, right: 40, top: 24, bottom: ranked ? 24 : 60 },
      xAxis: ranked ? number : category, yAxis: ranked ? category : number,
      series: [{ name: table.series, type: kind === "line" ? "line" : "bar",
        data: ranked ? values.slice().reverse() : values, barMaxWidth: 36, label: { show: true, position: ranked ? "right" : "top" } }]
    };
  }

  function draw(section) {
    var kind = section.getAttribute("data-chart");
    var holder = section.querySelector(".chart");
    if (!kind || !holder) { return; }
    var table = readTable(section);
    if (kind === "ranked") {  // one readable bar per row, however many rows (counties, calls)
      holder.style.height = Math.max(320, table.data.length * 24 + 48) + "px";
    }
    var chart = echarts.init(holder, null, { renderer: "canvas" });
    chart.setOption(option(kind, table));
    chart.on("click", function (params) {
      var href = params.data && params.data.href;
      if (href) { window.location.href = href; }
    });
    window.addEventListener("resize", function () { chart.resize(); });
    holder.setAttribute("data-drawn", "true");
    var button = section.querySelector(".download-png");
    if (button) {
      button.addEventListener("click", function () {
        var link = document.createElement("a");
        link.href = chart.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#fff" });
        link.download = button.getAttribute("data-filename");
        document.body.appendChild(link);
        link.click();
        link.remove();
      });
    }
  }

  Array.prototype.forEach.call(document.querySelectorAll(".figure[data-chart]"), draw);
})();
