// The runs table's reconciliation line in the ml-connector sidebar (audit-sidebar.html loads this as
// <script src="resources/@ml-connector/node-red/sidebar-reconciliation.js">): per run, "tied out" or
// "off by X", and on a click the lines that say where (entry, account, cost center, by how much).
// The texts come from the runtime (audit-sidebar-reconciliation.ts) and go in with .text() only.
/* global $ */
var mlcSidebarReconciliation = (function () {
  'use strict';
  // Which runs have their detail open, so a refresh of the table keeps it open.
  var open = {};
  var styled = false;

  function addStyle() {
    if (styled) return;
    styled = true;
    $('<style>').text([
      '.mlc-sb-table tr.mlc-sb-recon td { padding: 0 3px 4px 20px; font-size: 11px; white-space: normal; }',
      '.mlc-sb-recon-head { cursor: pointer; }',
      '.mlc-sb-recon-tied { color: #3a7; }',
      '.mlc-sb-recon-off { color: var(--red-ui-text-color-error); font-weight: bold; }',
      '.mlc-sb-recon-detail { margin: 3px 0 0; padding: 0 0 0 8px; list-style: none; border-left: 2px solid var(--red-ui-text-color-error); font-weight: normal; color: var(--red-ui-primary-text-color); }',
      '.mlc-sb-recon-detail li { margin: 0 0 2px; word-break: break-word; }'
    ].join('\n')).appendTo('head');
  }

  /** Appends the run's reconciliation line to its tbody; nothing for a run never reconciled. */
  function addRow(group, run, columns) {
    var r = run.reconciliation;
    if (!r) return;
    addStyle();
    var cell = $('<td class="mlc-sb-left">').attr('colspan', columns).appendTo($('<tr class="mlc-sb-recon">').attr('data-recon', r.status).appendTo(group));
    var head = $('<span class="mlc-sb-recon-head">').addClass(r.status === 'tied' ? 'mlc-sb-recon-tied' : 'mlc-sb-recon-off').appendTo(cell);
    $('<i>').addClass('fa fa-fw ' + (r.status === 'tied' ? 'fa-balance-scale' : 'fa-exclamation-triangle')).appendTo(head);
    $('<span class="mlc-sb-recon-headline">').text(' ' + r.headline).appendTo(head);
    head.attr('title', (r.summary || r.headline) + '\nchecked ' + r.checkedAt + ' — ' + r.records.found + ' of ' + r.records.expected + ' record(s) in the target');
    if (r.lines.length === 0) return;
    var detail = $('<ul class="mlc-sb-recon-detail">').appendTo(cell);
    r.lines.forEach(function (line) { $('<li>').text(line).appendTo(detail); });
    detail.toggle(open[run.runId] === true);
    head.attr('role', 'button').attr('aria-expanded', String(open[run.runId] === true));
    head.on('click', function (e) {
      // The row's own click chooses the run; this one only opens the detail.
      e.stopPropagation();
      open[run.runId] = !open[run.runId];
      detail.toggle(open[run.runId]);
      head.attr('aria-expanded', String(open[run.runId]));
    });
  }

  return { addRow: addRow };
})();
