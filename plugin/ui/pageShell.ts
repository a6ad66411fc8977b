/**
 * The page's HTML and styles. They hold no data: every figure is fetched by the page's script
 * from the plugin's authenticated routes, so the shell can be served where Flowise's gate lets a
 * typed URL through.
 */
export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Orquesta</title>
<link rel="stylesheet" href="uplot.css">
<link rel="stylesheet" href="page.css">
</head>
<body>
<header>
  <h1>Orquesta</h1>
  <span id="status" role="status">Loading…</span>
  <a href="/">Flowise</a>
</header>
<main>
  <section id="start-panel" class="panel">
    <h2>Start an evaluation run</h2>
    <form id="start-form">
      <label>Models (comma-separated; empty: every model the proxy serves) <input id="start-models" name="models" autocomplete="off"></label>
      <button id="start-button" type="submit">Start run</button>
    </form>
    <p id="start-result" role="status"></p>
  </section>
  <section id="leaderboard-panel" class="panel">
    <h2>Leaderboard</h2>
    <label>Category <select id="leaderboard-scope"></select></label>
    <table id="leaderboard"><thead><tr><th>#</th><th>Model</th><th>Score (95% interval)</th><th>Pass rate</th><th>p50 latency</th><th>USD / request</th></tr></thead><tbody></tbody></table>
  </section>
  <section id="trends-panel" class="panel wide">
    <h2>Trends per model</h2>
    <div class="plots"><div><h3>Score</h3><div id="score-plot"></div></div><div><h3>p50 latency (ms)</h3><div id="latency-plot"></div></div></div>
  </section>
  <section id="changes-panel" class="panel wide">
    <h2>Latest regressions and improvements</h2>
    <table id="changes"><thead><tr><th>Verdict</th><th>Model</th><th>Scope</th><th>Pass rate</th><th>Score Δ (95% interval)</th><th>Paired cases</th><th>Holm p</th><th>Why</th></tr></thead><tbody></tbody></table>
  </section>
  <section id="flows-panel" class="panel wide">
    <h2>Flow evaluations</h2>
    <div id="flows"></div>
  </section>
  <section id="routing-panel" class="panel">
    <h2>Recent routing decisions</h2>
    <p id="routing-summary"></p>
    <table id="routing-models"><thead><tr><th>Model</th><th>Calls</th><th>Share</th><th>Cost (USD)</th></tr></thead><tbody></tbody></table>
    <p id="routing-extra"></p>
  </section>
  <section id="catalog-panel" class="panel">
    <h2>Capability catalog</h2>
    <p id="catalog-summary"></p>
    <table id="catalog-failures"><thead><tr><th>File that failed to load</th><th>Error</th></tr></thead><tbody></tbody></table>
  </section>
  <section id="schedules-panel" class="panel">
    <h2>Schedules</h2>
    <table id="schedules"><thead><tr><th>Schedule</th><th>Cron</th><th>Time zone</th><th>Next run</th></tr></thead><tbody></tbody></table>
  </section>
  <section id="runs-panel" class="panel">
    <h2>Recent runs</h2>
    <table id="runs"><thead><tr><th>Started</th><th>Trigger</th><th>Models</th><th>Status</th><th>Results</th></tr></thead><tbody></tbody></table>
  </section>
</main>
<script src="uplot.js"></script>
<script src="dashboard.js"></script>
</body>
</html>
`

export const PAGE_CSS = `
:root { font-family: system-ui, sans-serif; color: #1d2430; background: #f4f6f9; }
body { margin: 0; }
header { display: flex; gap: 1rem; align-items: baseline; padding: 0.8rem 1.5rem; background: #1d2430; color: #fff; }
header h1 { font-size: 1.2rem; margin: 0; }
header a { color: #9cc3ff; margin-left: auto; }
main { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 1rem; padding: 1rem 1.5rem; }
.panel { background: #fff; border-radius: 6px; padding: 0.6rem 1rem 1rem; box-shadow: 0 1px 3px #0002; overflow-x: auto; }
.panel.wide { grid-column: 1 / -1; }
h2 { font-size: 1rem; margin: 0.4rem 0 0.6rem; }
h3 { font-size: 0.85rem; margin: 0.2rem 0; font-weight: 600; }
table { border-collapse: collapse; width: 100%; font-size: 0.85rem; }
th, td { text-align: left; padding: 0.25rem 0.5rem; border-bottom: 1px solid #e3e7ee; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.plots { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 1rem; }
.regression { color: #b3261e; font-weight: 600; }
.improvement { color: #1b7f3b; font-weight: 600; }
.empty { color: #6b7280; font-style: italic; }
.error { color: #b3261e; }
form { display: flex; gap: 0.6rem; align-items: end; flex-wrap: wrap; }
input { min-width: 16rem; }
`
