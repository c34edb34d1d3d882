// The 组组通 dashboard by month: bars for km completed and groups newly connected each month,
// a line for km completed to date. Drawn from the table (table[data-month-chart]), which stays
// the source of truth: it prints, and it is what screen readers read.
(function () {
  if (!window.echarts) return;
  document.querySelectorAll("table[data-month-chart]").forEach(function (table) {
    var target = document.getElementById(table.dataset.monthChart);
    if (!target) return;
    var months = [], km = [], groups = [], cumulative = [];
    table.querySelectorAll("tbody tr").forEach(function (row) {
      months.push(row.querySelector("th").textContent.trim());
      km.push(Number(row.querySelector("[data-km]").dataset.km));
      groups.push(Number(row.querySelector("[data-groups]").dataset.groups));
      cumulative.push(Number(row.querySelector("[data-cumulative]").dataset.cumulative));
    });
    var chart = echarts.init(target, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      grid: { left: 8, right: 64, top: 40, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: months },
      yAxis: [
        { type: "value", name: table.dataset.unitKm || "km", minInterval: 1 },
        { type: "value", name: table.dataset.unitKm || "km", minInterval: 1, splitLine: { show: false } },
        { type: "value", name: table.dataset.unitGroups || "groups", position: "right", offset: 56, minInterval: 1, splitLine: { show: false } }
      ],
      series: [
        { name: table.dataset.labelKm, type: "bar", data: km, yAxisIndex: 0, itemStyle: { color: "#b71c1c" } },
        { name: table.dataset.labelGroups, type: "bar", data: groups, yAxisIndex: 2, itemStyle: { color: "#f9a825" } },
        { name: table.dataset.labelCumulative, type: "line", data: cumulative, yAxisIndex: 1, itemStyle: { color: "#37474f" }, showSymbol: false }
      ]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
