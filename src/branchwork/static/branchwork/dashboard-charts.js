// Charts of the department dashboard, drawn from the tables beside them (the tables stay the
// source of truth: they print, screen readers read them, their numbers link to the lists).
// - table[data-stack-chart]: a stacked bar per body row (<th>), one series per header cell
//   marked data-series, values from the cells' data-value;
// - table.bw-stat-table[data-chart]: a horizontal bar per body row (as stat-charts.js).
// The dashboard's panels arrive by HTMX, so each swapped panel is drawn when it lands.
(function () {
  var palette = ["#b71c1c", "#e65100", "#f9a825", "#2e7d32", "#1565c0", "#6a1b9a"];

  function stacked(table, target) {
    var names = Array.prototype.map.call(table.querySelectorAll("thead [data-series]"), function (th) {
      return th.textContent.trim();
    });
    var categories = [];
    var series = names.map(function (name, i) {
      return { name: name, type: "bar", stack: "total", data: [], itemStyle: { color: palette[i % palette.length] } };
    });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      categories.push(row.querySelector("th").textContent.trim());
      row.querySelectorAll("[data-value]").forEach(function (cell, i) {
        if (series[i]) series[i].data.push(Number(cell.dataset.value));
      });
    });
    return {
      animation: false,
      legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: categories },
      yAxis: { type: "value" },
      series: series,
      tooltip: { trigger: "axis" }
    };
  }

  function bars(table) {
    var labels = [], values = [];
    table.querySelectorAll("tbody tr").forEach(function (row) {
      labels.push(row.querySelector("th").textContent.trim());
      values.push(Number(row.querySelector("[data-value]").dataset.value));
    });
    return {
      animation: false,
      grid: { left: 8, right: 24, top: 4, bottom: 4, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: labels, inverse: true },
      series: [{ type: "bar", data: values, itemStyle: { color: palette[0] }, label: { show: true, position: "right" } }]
    };
  }

  function draw(root) {
    if (!window.echarts) return;
    root.querySelectorAll("table[data-stack-chart], table.bw-stat-table[data-chart]").forEach(function (table) {
      var id = table.dataset.stackChart || table.dataset.chart;
      var target = document.getElementById(id);
      if (!target || target.dataset.drawn) return;
      target.dataset.drawn = "1";
      var chart = echarts.init(target, null, { renderer: "svg" });
      chart.setOption(table.dataset.stackChart ? stacked(table, target) : bars(table));
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  draw(document);
  document.addEventListener("htmx:afterSwap", function (event) { draw(event.target); });
})();
