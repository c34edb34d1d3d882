// Draws a bar chart next to every statistics table (table.bw-stat-table[data-chart]).
// The table stays the source of truth: it prints, and it is what screen readers read.
(function () {
  if (!window.echarts) return;
  document.querySelectorAll("table.bw-stat-table[data-chart]").forEach(function (table) {
    var target = document.getElementById(table.dataset.chart);
    if (!target) return;
    var labels = [], values = [];
    table.querySelectorAll("tbody tr").forEach(function (row) {
      labels.push(row.querySelector("th").textContent.trim());
      values.push(Number(row.querySelector("[data-value]").dataset.value));
    });
    var chart = echarts.init(target, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: labels, inverse: true },
      series: [{ type: "bar", data: values, itemStyle: { color: "#b71c1c" }, label: { show: true, position: "right" } }],
      tooltip: { trigger: "axis" }
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
