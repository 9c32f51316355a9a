// nqpf pages: fact panel on the document page, charts on the region page. No external code, and
// no inline script in the pages: their Content-Security-Policy allows scripts from this site only.
const nqpf = {
  // Plotly reads a few HTML tags and entities in titles and names: escape them so text from a
  // document is shown as written and never taken for markup.
  plotlyText(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  },
  factNames: { priorities: "priority", figures: "figure", quotes: "quote", organizations: "organisation" },
  documentFacts() {
    const panel = document.getElementById("fact-panel");
    const show = (mark) => {
      document.querySelectorAll("mark.fact.active").forEach((m) => m.classList.remove("active"));
      mark.classList.add("active");
      const facts = JSON.parse(mark.dataset.facts);
      panel.replaceChildren();
      const h = document.createElement("h2");
      h.textContent = `Facts (${facts.length})`;
      panel.append(h);
      for (const fact of facts) {
        const title = document.createElement("h3");
        title.textContent = nqpf.factNames[fact.fact] || fact.fact;
        const dl = document.createElement("dl");
        for (const [key, value] of Object.entries(fact)) {
          if (key === "fact" || value === null || value === "") continue;
          const dt = document.createElement("dt");
          const dd = document.createElement("dd");
          dt.textContent = key;
          dd.textContent = Array.isArray(value) ? value.join(", ") : String(value);
          dl.append(dt, dd);
        }
        panel.append(title, dl);
      }
    };
    document.querySelectorAll("mark.fact").forEach((mark) => {
      mark.addEventListener("click", (event) => { event.stopPropagation(); show(mark); });
      mark.addEventListener("keydown", (event) => { if (event.key === "Enter") show(mark); });
    });
    const target = location.hash && document.getElementById(location.hash.slice(1));
    if (target) { show(target); target.scrollIntoView({ block: "center" }); }
  },
  // An axis of whole numbers (years, counts of regions): left to itself Plotly puts ticks at 2023.5.
  wholeAxis(values, extra = {}) {
    const low = Math.min(...values);
    const high = Math.max(...values);
    return { tickmode: "linear", tick0: low, dtick: Math.max(1, Math.ceil((high - low) / 8)), tickformat: "d",
      ...extra };
  },
  layout(title, years, extra = {}) {
    return { title: { text: nqpf.plotlyText(title), font: { size: 13 } }, margin: { t: 40, r: 10, l: 50, b: 30 },
      xaxis: nqpf.wholeAxis(years), ...extra };
  },
  // Every chart's box, made before any is drawn: Plotly sizes a chart to its box once, and a box
  // added beside it later would shrink the box but not the chart, which would then overflow.
  chartBoxes(parent, n) {
    const divs = Array.from({ length: n }, () => document.createElement("div"));
    parent.append(...divs);
    return divs;
  },
  // The industry page: a chart per metric, kind and unit, a line per region; hover says the value and
  // how many documents state it.
  seriesCharts() {
    const charts = JSON.parse(document.getElementById("series-data").textContent);
    const divs = nqpf.chartBoxes(document.getElementById("series-charts"), charts.length);
    for (const [i, chart] of charts.entries()) {
      Plotly.newPlot(divs[i], chart.lines.map((line) => ({ x: line.x, y: line.y, name: nqpf.plotlyText(line.name),
        text: line.text.map(nqpf.plotlyText), hoverinfo: "text", mode: "lines+markers", type: "scatter" })),
        nqpf.layout(chart.title, chart.lines.flatMap((line) => line.x),
          { showlegend: true, legend: { orientation: "h", y: -0.2 } }),
        { displayModeBar: false, responsive: true });
    }
  },
  diffusionChart() {
    const data = JSON.parse(document.getElementById("diffusion-data").textContent);
    const target = document.getElementById("diffusion-chart");
    if (!target || !data.x.length) return;
    // a step: the count holds from one year to the next, it does not grow in between
    Plotly.newPlot(target, [{ x: data.x, y: data.y, text: data.text.map(nqpf.plotlyText), hoverinfo: "text",
      mode: "lines+markers", line: { shape: "hv" }, type: "scatter" }],
      nqpf.layout("Regions that have prioritised it", data.x,
        { yaxis: nqpf.wholeAxis([0, ...data.y], { rangemode: "tozero", tick0: 0 }) }),
      { displayModeBar: false, responsive: true });
  },
  regionCharts() {
    if (!window.Plotly) return;
    const charts = JSON.parse(document.getElementById("chart-data").textContent);
    const entries = Object.entries(charts);
    const divs = nqpf.chartBoxes(document.getElementById("charts"), entries.length);
    for (const [i, [name, series]] of entries.entries()) {
      Plotly.newPlot(divs[i], [{ x: series.x, y: series.y, mode: "lines+markers", type: "scatter",
        text: (series.text || []).map(nqpf.plotlyText), hoverinfo: "x+y+text" }],
        nqpf.layout(name, series.x), { displayModeBar: false, responsive: true });
    }
    const index = JSON.parse(document.getElementById("index-data").textContent);
    const target = document.getElementById("index-chart");
    if (target && index.length) {
      const rows = [...index].sort((a, b) => a.year - b.year);
      const keys = Object.keys(rows[0]).filter((k) => k !== "year");
      Plotly.newPlot(target, keys.map((k) => ({ x: rows.map((r) => r.year), y: rows.map((r) => r[k]),
        name: nqpf.plotlyText(k), mode: "lines+markers", type: "scatter" })),
        { margin: { t: 20, r: 10, l: 50, b: 30 }, xaxis: nqpf.wholeAxis(rows.map((r) => r.year)) },
        { displayModeBar: false, responsive: true });
    }
  },
};
window.nqpf = nqpf;
if (document.getElementById("fact-panel")) nqpf.documentFacts();
if (document.getElementById("chart-data")) nqpf.regionCharts();
if (window.Plotly && document.getElementById("series-data")) nqpf.seriesCharts();
if (window.Plotly && document.getElementById("diffusion-data")) nqpf.diffusionChart();
document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
  select.addEventListener("change", () => select.form.submit());
});
