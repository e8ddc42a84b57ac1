import { chartingLibraries, escapeHtml, inlineScript, ownAsset, scriptJson } from './assets.js';
import type { ReportData } from './data.js';

/**
 * The report as one self-contained HTML file: the data as inert JSON, the charting libraries
 * and the page script inline, so it opens offline from disk. The CSP forbids every network
 * fetch, so a report can never leak or load anything.
 */
export function renderReportHtml(data: ReportData): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ragset report: ${escapeHtml(data.title)}</title>
<style>${ownAsset('report/report.css')}</style>
</head>
<body>
<main id="report"><noscript>This report needs JavaScript to draw its charts.</noscript></main>
<script id="report-data" type="application/json">${scriptJson(data)}</script>
<script>${inlineScript(chartingLibraries())}</script>
<script>${inlineScript(ownAsset('shared/dom.js'))}</script>
<script>${inlineScript(ownAsset('report/report.js'))}</script>
</body>
</html>
`;
}
