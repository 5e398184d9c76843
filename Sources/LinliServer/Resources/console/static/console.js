// Draws the report page's charts with ECharts from the JSON the page carries.
(function () {
  var source = document.getElementById("chart-data");
  if (!source || !window.echarts) return;
  var data = JSON.parse(source.textContent);
  var charts = [];
  function draw(id, option) {
    var element = document.getElementById(id);
    if (!element) return;
    var chart = echarts.init(element);
    option.tooltip = option.tooltip || { trigger: "axis" };
    option.grid = option.grid || { left: 48, right: 16, top: 36, bottom: 56, containLabel: true };
    chart.setOption(option);
    charts.push(chart);
  }
  function bars(names, series, rotate) {
    return {
      legend: { top: 0 },
      xAxis: { type: "category", data: names, axisLabel: { rotate: rotate || 0, interval: 0 } },
      yAxis: { type: "value" },
      series: series.map(function (s) { return { name: s[0], type: "bar", data: s[1] }; })
    };
  }
  draw("chart-flow", {
    legend: { top: 0 },
    xAxis: { type: "category", data: data.buckets },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: "受理", type: "line", data: data.opened, smooth: true },
      { name: "办结", type: "line", data: data.resolved, smooth: true }
    ]
  });
  draw("chart-colours", {
    tooltip: { trigger: "item" },
    color: ["#2f9e44", "#e8a500", "#d6336c", "#adb5bd"],
    series: [{ type: "pie", radius: ["40%", "70%"],
      data: data.colours.map(function (name, i) { return { name: name, value: data.colourCounts[i] }; }) }]
  });
  draw("chart-intents", bars(data.intents, [["受理", data.intentOpened], ["办结", data.intentResolved]], 30));
  draw("chart-times", bars(data.grids, [["接单", data.gridClaimHours], ["办结", data.gridResolveHours]], 0));
  draw("chart-satisfaction", bars(data.grids, [["满意率", data.gridSatisfied], ["评价率", data.gridRated]], 0));
  if (data.gridServiceHours && data.gridServiceHours.length) {
    draw("chart-hours", bars(data.grids, [["服务时长", data.gridServiceHours]], 0));
  }
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
