/**
 * The page's only stylesheet, inlined. System fonts only (no web font to
 * fetch); a light and a dark scheme chosen by prefers-color-scheme. Chart
 * marks carry light-scheme colours as SVG attributes, and these rules
 * recolour the intensity levels, tracks and streak outline per scheme (CSS
 * beats presentation attributes). Levels 1-4 are viridis samples, light to
 * dark on the light background and dark to bright on the dark one, so more
 * watching always means more contrast.
 */
export const STYLES = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --card: #f6f8fa; --border: #d1d9e0;
  --track: #e6e9ed; --streak: #d55e00; --accent: #0072b2;
  --level-0: #ebedf0; --level-1: #b5de2b; --level-2: #35b779; --level-3: #26828e; --level-4: #3e4989;
  --font: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif,
    "Apple Color Emoji", "Segoe UI Emoji", "Noto Color Emoji";
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --card: #161b22; --border: #30363d;
    --track: #262c36; --streak: #ff8c42; --accent: #56b4e9;
    --level-0: #1c2128; --level-1: #3e4989; --level-2: #26828e; --level-3: #35b779; --level-4: #fde725;
  }
}
* { box-sizing: border-box; }
html { background: var(--bg); color: var(--fg); }
body { margin: 0 auto; max-width: 940px; padding: 28px 20px 40px; font: 15px/1.5 var(--font); }
header h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 4px; }
header p, .note, footer { color: var(--muted); }
header p { margin: 0; }
h2 { font-size: 1.15rem; margin: 0; }
.note { margin: 2px 0 0; font-size: 0.9rem; }
section { margin-top: 28px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 12px; margin-top: 20px; }
.card { background: var(--card); border: 1px solid var(--border); border-radius: 10px; padding: 12px 14px; min-width: 0; }
.card .label { color: var(--muted); font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.04em; }
.card .value { font-size: 1.6rem; font-weight: 650; line-height: 1.25; font-variant-numeric: tabular-nums; }
.card .value.text { font-size: 1.05rem; font-weight: 600; overflow-wrap: anywhere; }
.card .detail { color: var(--muted); font-size: 0.85rem; }
figure.chart { margin: 28px 0 0; background: var(--card); border: 1px solid var(--border); border-radius: 10px; padding: 14px 16px; }
figure.chart .plot { margin-top: 10px; overflow-x: auto; }
figure.chart svg { color: var(--fg); --plot-background: var(--card); max-width: 100%; height: auto; }
figure.chart svg text { fill: currentColor; }
.nothing { color: var(--muted); margin: 8px 0 0; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 16px; margin-top: 8px; font-size: 0.85rem; color: var(--muted); }
.swatch { display: inline-flex; align-items: center; gap: 4px; }
.chip { display: inline-block; width: 12px; height: 12px; border-radius: 3px; }
.chip.streak { background: transparent; border: 2px solid var(--streak); }
${[0, 1, 2, 3, 4].map((l) => `.level-${l} rect { fill: var(--level-${l}); }\n.chip.level-${l} { background: var(--level-${l}); }`).join('\n')}
.mark-track rect { fill: var(--track); }
.mark-streak rect { stroke: var(--streak); }
.future rect { fill: none; stroke: var(--border); stroke-dasharray: 2 2; }
.chip.future { background: transparent; border: 1px dashed var(--muted); }
table { border-collapse: collapse; width: 100%; margin-top: 10px; font-size: 0.9rem; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--border); vertical-align: top; }
th { color: var(--muted); font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.when { white-space: nowrap; font-variant-numeric: tabular-nums; }
.table-wrap { overflow-x: auto; }
footer { margin-top: 36px; font-size: 0.85rem; }
@media print { figure.chart, .card { break-inside: avoid; } }
`;
