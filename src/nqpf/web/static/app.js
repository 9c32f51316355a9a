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
      ...(years.length ? { xaxis: nqpf.wholeAxis(years) } : {}), ...extra };
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
    const parent = document.getElementById("series-charts");
    if (!parent || !charts.length) return;  // an industry without comparable figures has no chart box
    const divs = nqpf.chartBoxes(parent, charts.length);
    for (const [i, chart] of charts.entries()) {
      divs[i].dataset.name = chart.title;
      Plotly.newPlot(divs[i], chart.lines.map((line) => ({ x: line.x, y: line.y, name: nqpf.plotlyText(line.name),
        text: line.text.map(nqpf.plotlyText), hoverinfo: "text", mode: "lines+markers", type: "scatter" })),
        nqpf.layout(chart.title, chart.lines.flatMap((line) => line.x),
          { showlegend: true, legend: { orientation: "h", y: -0.2 } }),
        { displayModeBar: false, responsive: true }).then(nqpf.chartDownloads);
    }
  },
  diffusionChart() {
    const data = JSON.parse(document.getElementById("diffusion-data").textContent);
    const target = document.getElementById("diffusion-chart");
    if (!target || !data.x.length) return;
    // a step: the count holds from one year to the next, it does not grow in between
    target.dataset.name = "diffusion";
    Plotly.newPlot(target, [{ x: data.x, y: data.y, text: data.text.map(nqpf.plotlyText), hoverinfo: "text",
      mode: "lines+markers", line: { shape: "hv" }, type: "scatter" }],
      nqpf.layout("Regions that have prioritised it", data.x,
        { yaxis: nqpf.wholeAxis([0, ...data.y], { rangemode: "tozero", tick0: 0 }) }),
      { displayModeBar: false, responsive: true }).then(nqpf.chartDownloads);
  },
  regionCharts() {
    if (!window.Plotly) return;
    const charts = JSON.parse(document.getElementById("chart-data").textContent);
    const divs = nqpf.chartBoxes(document.getElementById("charts"), charts.length);
    for (const [i, chart] of charts.entries()) {
      divs[i].dataset.name = chart.title;
      Plotly.newPlot(divs[i], [{ x: chart.x, y: chart.y, mode: "lines+markers", type: "scatter",
        text: (chart.text || []).map(nqpf.plotlyText), hoverinfo: "x+y+text" }],
        nqpf.layout(chart.title, chart.x), { displayModeBar: false, responsive: true }).then(nqpf.chartDownloads);
    }
    const index = JSON.parse(document.getElementById("index-data").textContent);
    const target = document.getElementById("index-chart");
    if (target && index.length) {
      const rows = [...index].sort((a, b) => a.year - b.year);
      const keys = Object.keys(rows[0]).filter((k) => k !== "year");
      target.dataset.name = "composite-index";
      Plotly.newPlot(target, keys.map((k) => ({ x: rows.map((r) => r.year), y: rows.map((r) => r[k]),
        name: nqpf.plotlyText(k.replace(/_/g, " ")), mode: "lines+markers", type: "scatter" })),
        { margin: { t: 20, r: 10, l: 50, b: 30 }, xaxis: nqpf.wholeAxis(rows.map((r) => r.year)),
          legend: { orientation: "h", y: -0.2 } },
        { displayModeBar: false, responsive: true }).then(nqpf.chartDownloads);
    }
  },
  // The compare page: each region's dimension sub-scores, a bar group per dimension.
  subscoreChart() {
    const data = JSON.parse(document.getElementById("subscore-data").textContent);
    const target = document.getElementById("subscore-chart");
    if (!target || !data.lines.length) return;
    const names = Object.fromEntries(data.codes.map((c, i) => [c, data.names[i]]));
    target.dataset.name = "index-subscores";
    Plotly.newPlot(target, data.lines.map((line) => ({ x: line.x.map((d) => d.replace(/_/g, " ")), y: line.y,
      name: nqpf.plotlyText(names[line.name] || line.name), type: "bar" })),
      nqpf.layout(`Index sub-scores, ${data.year}`, [], { xaxis: { automargin: true }, barmode: "group",
        legend: { orientation: "h", y: -0.3 } }),
      { displayModeBar: false, responsive: true }).then(nqpf.chartDownloads);
  },
  // The ranking page: each region's score in the year, best first.
  rankingChart() {
    const data = JSON.parse(document.getElementById("ranking-data").textContent);
    const target = document.getElementById("ranking-chart");
    if (!target || !data.regions.length) return;
    target.dataset.name = `ranking-${data.year}`;
    const labels = data.names.map((name, i) => `${data.ranks[i]}. ${nqpf.plotlyText(name)}`);
    Plotly.newPlot(target, [{ x: data.scores, y: labels, type: "bar", orientation: "h",
      hovertemplate: "%{y}: %{x:.4f}<extra></extra>" }],
      nqpf.layout(`Index score, ${data.year}`, [], { xaxis: { rangemode: "tozero" },
        yaxis: { autorange: "reversed", automargin: true, tickfont: { size: 10 } }, margin: { t: 40, r: 10, l: 10, b: 30 } }),
      { displayModeBar: false, responsive: true }).then(nqpf.chartDownloads);
  },
  // A file made in the page (a table's CSV), handed to the browser as a download.
  saveFile(name, type, text) {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  },
  fileName(text) {
    return String(text || document.title).toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-|-$/g, "") || "nqpf";
  },
  // A cell as CSV: quoted, and a leading = + @ or tab defused so a spreadsheet never runs it as a formula.
  csvCell(text) {
    let value = String(text).replace(/\s+/g, " ").trim();
    if (/^[=+@\t]/.test(value) || /^-[^\d.]/.test(value)) value = `'${value}`;
    return `"${value.replace(/"/g, '""')}"`;
  },
  tableCsv(table) {
    return [...table.rows].map((row) => [...row.cells].map((cell) => nqpf.csvCell(cell.innerText)).join(","))
      .join("\r\n") + "\r\n";
  },
  button(label, title, onClick) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "download";
    b.textContent = label;
    b.title = title;
    b.addEventListener("click", onClick);
    return b;
  },
  // Every table gets a CSV button above its box: the rows as shown, in their current order.
  tableDownloads() {
    document.querySelectorAll("main table").forEach((table) => {
      const box = table.closest(".scroll") || table;
      const bar = document.createElement("p");
      bar.className = "downloads";
      const name = nqpf.fileName(table.dataset.name || table.closest("section")?.querySelector("h2")?.textContent);
      bar.append(nqpf.button("CSV", "Download this table as CSV", () =>
        nqpf.saveFile(`${name}.csv`, "text/csv;charset=utf-8", "\ufeff" + nqpf.tableCsv(table))));
      box.before(bar);
    });
  },
  // Every chart gets PNG and SVG buttons, once drawn: in its own box, at the top right, so that its
  // box keeps the size the chart was drawn at.
  chartDownloads(div) {
    if (!div || div.querySelector(":scope > .chart-downloads")) return;
    const bar = document.createElement("p");
    bar.className = "downloads chart-downloads";
    const name = nqpf.fileName(div.dataset.name);
    for (const format of ["png", "svg"]) {
      bar.append(nqpf.button(format.toUpperCase(), `Download this chart as ${format.toUpperCase()}`, () =>
        Plotly.downloadImage(div, { format, filename: name, width: div.clientWidth || 700, height: div.clientHeight || 400 })));
    }
    div.append(bar);
  },
  // Click a heading of a sortable table to sort by it (again to reverse); numbers sort as numbers.
  sortable(table) {
    // an empty cell (or a dash) has no value: it sorts last either way
    const key = (cell) => {
      const text = cell ? cell.innerText.trim() : "";
      if (text === "" || text === "–") return null;
      const number = parseFloat(text.replace(/,/g, ""));
      return /^[-+]?[\d.,]+/.test(text) && !Number.isNaN(number) ? number : text.toLowerCase();
    };
    table.querySelectorAll("thead th").forEach((th, column) => {
      th.classList.add("sorts");
      th.tabIndex = 0;
      const sort = (event) => {
        if (event.target.closest("a")) return;  // a heading's link still goes to its page
        const body = table.tBodies[0];
        const rows = [...body.rows];
        const down = th.getAttribute("aria-sort") !== "descending";
        table.querySelectorAll("thead th").forEach((other) => other.removeAttribute("aria-sort"));
        th.setAttribute("aria-sort", down ? "descending" : "ascending");
        rows.sort((a, b) => {
          const x = key(a.cells[column]);
          const y = key(b.cells[column]);
          if (x === null || y === null) return (x === null) - (y === null);
          const order = typeof x === typeof y ? (x < y ? -1 : x > y ? 1 : 0) : typeof x === "number" ? -1 : 1;
          return down ? -order : order;
        });
        body.append(...rows);
      };
      th.addEventListener("click", sort);
      th.addEventListener("keydown", (event) => { if (event.key === "Enter") sort(event); });
    });
  },
};
window.nqpf = nqpf;
if (document.getElementById("fact-panel")) nqpf.documentFacts();
if (document.getElementById("chart-data")) nqpf.regionCharts();
if (window.Plotly && document.getElementById("series-data")) nqpf.seriesCharts();
if (window.Plotly && document.getElementById("diffusion-data")) nqpf.diffusionChart();
if (window.Plotly && document.getElementById("subscore-data")) nqpf.subscoreChart();
if (window.Plotly && document.getElementById("ranking-data")) nqpf.rankingChart();
nqpf.tableDownloads();
document.querySelectorAll("table.sortable").forEach(nqpf.sortable);
document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
  select.addEventListener("change", () => select.form.submit());
});
