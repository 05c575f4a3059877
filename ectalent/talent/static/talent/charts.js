// Bar charts of the talent market: <canvas data-chart="ID of a json_script" data-series="key:label,key:label">.
(function () {
  if (typeof Chart === "undefined") return;
  const colours = ["rgba(13,110,253,0.75)", "rgba(25,135,84,0.75)", "rgba(220,53,69,0.6)"];
  document.querySelectorAll("canvas[data-chart]").forEach(function (el) {
    const data = JSON.parse(document.getElementById(el.dataset.chart).textContent);
    const datasets = el.dataset.series.split(",").map(function (pair, i) {
      const [key, label] = pair.split(":");
      return {label: label, data: data[key], backgroundColor: colours[i % colours.length]};
    });
    new Chart(el, {type: "bar", data: {labels: data.labels, datasets: datasets},
      options: {responsive: true, indexAxis: el.dataset.horizontal ? "y" : "x", scales: {y: {beginAtZero: true}}}});
  });
})();
