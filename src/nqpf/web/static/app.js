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
  regionCharts() {
    if (!window.Plotly) return;
    const charts = JSON.parse(document.getElementById("chart-data").textContent);
    const box = document.getElementById("charts");
    for (const [name, series] of Object.entries(charts)) {
      const div = document.createElement("div");
      box.append(div);
      Plotly.newPlot(div, [{ x: series.x, y: series.y, mode: "lines+markers", type: "scatter",
        text: (series.text || []).map(nqpf.plotlyText), hoverinfo: "x+y+text" }],
        { title: { text: nqpf.plotlyText(name), font: { size: 13 } }, margin: { t: 40, r: 10, l: 50, b: 30 } },
        { displayModeBar: false, responsive: true });
    }
    const index = JSON.parse(document.getElementById("index-data").textContent);
    const target = document.getElementById("index-chart");
    if (target && index.length) {
      const rows = [...index].sort((a, b) => a.year - b.year);
      const keys = Object.keys(rows[0]).filter((k) => k !== "year");
      Plotly.newPlot(target, keys.map((k) => ({ x: rows.map((r) => r.year), y: rows.map((r) => r[k]),
        name: nqpf.plotlyText(k), mode: "lines+markers", type: "scatter" })),
        { margin: { t: 20, r: 10, l: 50, b: 30 } }, { displayModeBar: false, responsive: true });
    }
  },
};
window.nqpf = nqpf;
if (document.getElementById("fact-panel")) nqpf.documentFacts();
if (document.getElementById("chart-data")) nqpf.regionCharts();
document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
  select.addEventListener("change", () => select.form.submit());
});
