// Draws the report page's charts with ECharts from the JSON the page carries.
(function () {
  var source = document.getElementById("chart-data");
  if (!source || !window.echarts) return;
  var data = JSON.parse(source.textContent);
  var charts = [];
  // Every figure links to its requests: a click opens the queue filtered to them.
  function draw(id, option, link) {
    var element = document.getElementById(id);
    if (!element) return;
    var chart = echarts.init(element);
    if (link) {
      chart.on("click", function (params) {
        var query = link(params.dataIndex, params.seriesName);
        if (query) window.location.href = "/console?" + query;
      });
    }
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
  }, function (i, series) {
    // 受理: opened that day; 办结: the requests opened since the period began that are done now.
    return series === "受理" ? "status=all&from=" + data.bucketFrom[i] + "&to=" + data.bucketTo[i]
                            : "status=done&from=" + data.from;
  });
  draw("chart-colours", {
    tooltip: { trigger: "item" },
    color: ["#2f9e44", "#e8a500", "#d6336c", "#adb5bd"],
    series: [{ type: "pie", radius: ["40%", "70%"],
      data: data.colours.map(function (name, i) { return { name: name, value: data.colourCounts[i] }; }) }]
  }, function (i) {
    return data.colourIDs[i] ? "status=active&colour=" + data.colourIDs[i] : "status=active";
  });
  function inGrid(i) {
    return data.gridIDs[i] === "none" ? "status=all&from=" + data.from : "status=all&grid=" + encodeURIComponent(data.gridIDs[i]) + "&from=" + data.from;
  }
  draw("chart-intents", bars(data.intents, [["受理", data.intentOpened], ["办结", data.intentResolved]], 30), function (i, series) {
    return (series === "办结" ? "status=done" : "status=all") + "&intent=" + encodeURIComponent(data.intentIDs[i]) + "&from=" + data.from;
  });
  draw("chart-times", bars(data.grids, [["接单", data.gridClaimHours], ["办结", data.gridResolveHours]], 0), inGrid);
  draw("chart-satisfaction", bars(data.grids, [["满意率", data.gridSatisfied], ["评价率", data.gridRated]], 0), inGrid);
  if (data.memberHours && data.memberHours.length) {
    draw("chart-hours", bars(data.members, [["服务时长", data.memberHours]], 0));
  }
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
