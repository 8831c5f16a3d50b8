// Results of experiment runs as files: intervals.csv, summary.json, events.json, raw client
// data, SVG figures (one run, or several protocols side by side), report.html, and the
// terminal summary table.
export * from './compare-plots.js';
export * from './csv.js';
export * from './format.js';
export * from './html.js';
export * from './plot-kit.js';
export * from './results-folder.js';
export * from './run-plots.js';
export * from './summary-table.js';
