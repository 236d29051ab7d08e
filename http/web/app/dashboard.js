// The management dashboard (#/dashboard): work in progress per stage, the conversion funnel, a
// cumulative flow diagram, results per month, time in each stage, the strategic scorecard and the
// aging list, all from the report API (GET /api/v1/reports/...), with the reports' filters kept in
// the hash's query (so a filtered dashboard can be bookmarked) and a CSV link beside every chart
// that asks the same report, with the same parameters, for `format=csv`. Printable: the filters,
// links and navigation are left off paper.
//
// Charts are Chart.js 3.9 (Debian's libjs-chart.js, loaded by index.html as the global `Chart`).

import {api, referenceList} from './api.js';
import {errorText, fieldErrorText} from './errors.js';
import {addMessages, formatDate, formatMoney, formatNumber, formatPercent, label, locale, t, today} from './i18n.js';
import texts from './i18n/dashboard.js';
import {alertBox, badge, field, h, mount, select, setStyle, spinner} from './ui.js';

addMessages(texts);

const FILTERS = ['workflow', 'municipality', 'focus_area', 'adviser'];
const DEFAULT_WORKFLOW = 'establishment';
const AGING_DAYS = 60;
const AGING_SHOWN = 25;
const PALETTE = ['#0d6efd', '#198754', '#fd7e14', '#6f42c1', '#20c997', '#d63384', '#ffc107', '#0dcaf0',
  '#6c757d', '#dc3545', '#6610f2', '#495057'];

/** 'YYYY-MM-DD' plus n days. */
function addDays(iso, n) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The first day of the month `back` months before the month of `iso`. */
function monthStart(iso, back = 0) {
  const d = new Date(`${iso.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - back);
  return d.toISOString().slice(0, 10);
}

/** Every month ('YYYY-MM') from the month of `from` through the month of `to`. */
function monthsBetween(from, to) {
  const out = [];
  for (let m = monthStart(from); m.slice(0, 7) <= to.slice(0, 7); m = monthStart(addDays(m, 31))) {
    out.push(m.slice(0, 7));
    if (out.length > 1300) break;
  }
  return out;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The dashboard's selection from the hash's query, with defaults: the last twelve months. */
function selectionFrom(query) {
  const to = DATE.test(query.get('to') ?? '') ? query.get('to') : today();
  const from = DATE.test(query.get('from') ?? '') ? query.get('from') : monthStart(to, 11);
  const selection = {from, to};
  for (const key of FILTERS) selection[key] = (query.get(key) ?? '').trim();
  return selection;
}

function selectionHash(selection) {
  const params = new URLSearchParams();
  for (const key of [...FILTERS, 'from', 'to']) if (selection[key]) params.set(key, selection[key]);
  return `#/dashboard?${params}`;
}

/** The filters every report takes, without empty ones. */
function filterParams(selection, overrides = {}) {
  const params = {};
  for (const key of FILTERS) if (selection[key]) params[key] = selection[key];
  return {...params, ...overrides};
}

/** The address of a report: JSON, or CSV with {csv: true}. */
function reportUrl(name, params, {csv = false} = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') query.set(key, value);
  if (csv) query.set('format', 'csv');
  return `/api/v1/reports/${name}?${query}`;
}

/** What the dashboard asks the API for: one entry per chart. */
function requestsFor(selection) {
  const window = {from: selection.from, to: selection.to};
  const flowWorkflow = selection.workflow || DEFAULT_WORKFLOW;
  return {
    wip: ['pipeline', filterParams(selection, {as_of: selection.to})],
    funnel: ['conversion', filterParams(selection, {...window, workflow: flowWorkflow})],
    cfd: ['flow', filterParams(selection, {...window, workflow: flowWorkflow, period: 'month'})],
    cfd_base: ['pipeline', filterParams(selection, {workflow: flowWorkflow, as_of: addDays(selection.from, -1)})],
    throughput: ['throughput', filterParams(selection, {...window, period: 'month'})],
    cycle: ['cycle-time', filterParams(selection, window)],
    scorecard: ['scorecard', filterParams(selection, {year: selection.to.slice(0, 4), as_of: selection.to})],
    aging: ['aging', filterParams(selection, {as_of: selection.to, threshold_days: AGING_DAYS})],
  };
}

/** Names of workflows and their states, from GET /workflows/{id}. */
class Names {
  constructor(workflows) {
    this.workflows = new Map(workflows.map((w) => [w.id, w]));
  }

  workflow(id) {
    const w = this.workflows.get(id);
    return w ? label(w.label, id) : id;
  }

  state(workflowId, stateId) {
    const state = this.workflows.get(workflowId)?.states.find((s) => s.id === stateId);
    return state ? label(state.label, stateId) : stateId;
  }

  /** A state's name, prefixed with its workflow's when several workflows are shown. */
  stage(workflowId, stateId, several) {
    const name = this.state(workflowId, stateId);
    return several ? `${this.workflow(workflowId)}: ${name}` : name;
  }

  order(workflowId) {
    return this.workflows.get(workflowId)?.states.map((s) => s.id) ?? [];
  }
}

function baseOptions(extra = {}) {
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    locale: locale(),
    plugins: {legend: {position: 'bottom', labels: {boxWidth: 12}}},
    ...extra,
  };
}

// --- The charts' data -----------------------------------------------------------------------------

function wipChart(answer, names, several) {
  const rows = answer.rows.filter((r) => !r.final);
  return {
    type: 'bar',
    data: {
      labels: rows.map((r) => names.stage(r.workflow, r.state, several)),
      datasets: [{label: t('dash.projects'), data: rows.map((r) => r.count), backgroundColor: PALETTE[0]}],
    },
    options: baseOptions({plugins: {legend: {display: false}}, scales: {y: {beginAtZero: true, ticks: {precision: 0}}}}),
    points: rows.reduce((sum, r) => sum + r.count, 0),
  };
}

function funnelChart(answer, names) {
  const group = answer.groups[0] ?? {cohort: 0, stages: [], closed: 0};
  const labels = [t('dash.funnel_cohort', {state: names.state(answer.workflow, answer.from_state)}),
    ...group.stages.map((s) => names.state(answer.workflow, s.state)), t('dash.funnel_closed')];
  const counts = [group.cohort, ...group.stages.map((s) => s.count), group.closed];
  const colours = counts.map((c, i) => (i === counts.length - 1 ? '#adb5bd' : PALETTE[0]));
  return {
    type: 'bar',
    data: {labels, datasets: [{label: t('dash.projects'), data: counts, backgroundColor: colours}]},
    options: baseOptions({indexAxis: 'y', plugins: {legend: {display: false}},
      scales: {x: {beginAtZero: true, ticks: {precision: 0}}}}),
    points: group.cohort,
    note: t('dash.funnel_help', {cohort: formatNumber(group.cohort), state: names.state(answer.workflow, answer.from_state)}),
  };
}

/**
 * The cumulative flow: for every month, how many projects stood in each stage at its end. The
 * active stages start from the pipeline of the day before the window; final stages (completed,
 * closed) count from zero at the window's start, so the diagram shows what the window finished.
 */
function cfdChart(flow, base, names, workflowId) {
  const months = monthsBetween(flow.from, flow.to);
  const order = names.order(workflowId);
  const finals = new Set(base.rows.filter((r) => r.final).map((r) => r.state));
  const start = new Map(base.rows.map((r) => [r.state, finals.has(r.state) ? 0 : r.count]));
  const net = new Map();
  for (const row of flow.rows) {
    const key = `${row.period}|${row.state}`;
    net.set(key, (net.get(key) ?? 0) + row.entered - row.left);
  }
  // Finished work at the bottom, the first stage at the top, as cumulative flow diagrams are drawn.
  const states = [...order].reverse();
  const datasets = states.map((state, i) => {
    let level = start.get(state) ?? 0;
    const data = months.map((month) => {
      level += net.get(`${month}|${state}`) ?? 0;
      return level;
    });
    const colour = PALETTE[(order.length - 1 - i) % PALETTE.length];
    return {label: names.state(workflowId, state), data, fill: true, backgroundColor: `${colour}99`,
      borderColor: colour, borderWidth: 1, pointRadius: 0, tension: 0};
  }).filter((d) => d.data.some((v) => v !== 0));
  return {
    type: 'line',
    data: {labels: months, datasets},
    options: baseOptions({interaction: {mode: 'index', intersect: false},
      scales: {y: {stacked: true, beginAtZero: true, ticks: {precision: 0}}}}),
    points: flow.rows.length,
  };
}

function throughputChart(answer, names, several) {
  const months = monthsBetween(answer.from, answer.to);
  const series = new Map();
  for (const row of answer.rows) {
    const key = `${row.workflow}|${row.state}`;
    if (!series.has(key)) series.set(key, {workflow: row.workflow, state: row.state, counts: new Map()});
    const counts = series.get(key).counts;
    counts.set(row.period, (counts.get(row.period) ?? 0) + row.count);
  }
  const datasets = [...series.values()].map((s, i) => ({
    label: names.stage(s.workflow, s.state, several),
    data: months.map((m) => s.counts.get(m) ?? 0),
    backgroundColor: PALETTE[i % PALETTE.length],
  }));
  return {
    type: 'bar',
    data: {labels: months, datasets},
    options: baseOptions({scales: {x: {stacked: true}, y: {stacked: true, beginAtZero: true, ticks: {precision: 0}}}}),
    points: answer.rows.reduce((sum, r) => sum + r.count, 0),
  };
}

function cycleChart(answer, names, several) {
  const rows = answer.states.filter((r) => r.days.count > 0);
  const measure = (key, colour) => ({label: key, data: rows.map((r) => r.days[key]), backgroundColor: colour});
  return {
    type: 'bar',
    data: {
      labels: rows.map((r) => names.stage(r.workflow, r.state, several)),
      datasets: [measure('p50', PALETTE[0]), measure('p85', PALETTE[2]), measure('p95', PALETTE[9])],
    },
    options: baseOptions({scales: {y: {beginAtZero: true, title: {display: true, text: t('dash.days')}}}}),
    points: rows.length,
    note: t('dash.cycle_help'),
  };
}

// --- Tables ---------------------------------------------------------------------------------------

function metricValue(metric, value) {
  if (value === null || value === undefined) return t('common.none');
  if (metric === 'nok_granted') return formatMoney(value);
  return formatNumber(value, {maximumFractionDigits: 1});
}

function scorecardTable(answer, focusAreas) {
  if (!answer.rows.length) return h('p', {class: 'text-body-secondary'}, t('dash.scorecard_none', {year: answer.year}));
  const areaName = (code) => (code ? label(focusAreas.get(code)?.name, code) : t('dash.all_areas'));
  return h('div', {class: 'table-responsive'}, h('table', {class: 'table table-sm align-middle mb-0',
    'data-testid': 'scorecard-table'},
  h('thead', {}, h('tr', {},
    ['col_metric', 'col_target', 'col_actual', 'col_expected', 'col_projection', 'col_progress', 'col_status']
      .map((key) => h('th', {scope: 'col'}, t(`dash.${key}`))))),
  h('tbody', {}, answer.rows.map((r) => {
    const share = r.lower_is_better
      ? (r.actual ? Math.min(1, r.target / r.actual) : 0)
      : (r.target ? Math.min(1, (r.actual ?? 0) / r.target) : 0);
    const bar = h('div', {class: `progress-bar ${r.on_track ? 'bg-success' : 'bg-warning'}`});
    setStyle(bar, {width: `${Math.round(share * 100)}%`});
    return h('tr', {'data-testid': 'scorecard-row', 'data-metric': r.metric},
      h('th', {scope: 'row', class: 'fw-normal'}, t(`metric.${r.metric}`),
        h('div', {class: 'small text-body-secondary'}, areaName(r.focus_area))),
      h('td', {}, metricValue(r.metric, r.target)),
      h('td', {'data-testid': 'scorecard-actual'}, metricValue(r.metric, r.actual)),
      h('td', {}, metricValue(r.metric, r.expected_to_date)),
      h('td', {}, metricValue(r.metric, r.projection)),
      h('td', {class: 'w-25'}, h('div', {class: 'progress', role: 'progressbar', 'aria-label': t(`metric.${r.metric}`),
        'aria-valuenow': String(Math.round(share * 100)), 'aria-valuemin': '0', 'aria-valuemax': '100'}, bar),
      h('span', {class: 'small'}, formatPercent(share))),
      h('td', {}, r.on_track ? badge(`✓ ${t('dash.on_track')}`, 'success') : badge(`! ${t('dash.behind')}`, 'warning')));
  }))));
}

function agingTable(answer, names, municipalities) {
  const items = answer.items.slice(0, AGING_SHOWN);
  const parts = [h('p', {class: 'small text-body-secondary mb-2'}, t('dash.aging_help', {days: answer.threshold_days}))];
  if (!items.length) parts.push(h('p', {}, t('dash.aging_none')));
  else {
    parts.push(h('div', {class: 'table-responsive'}, h('table', {class: 'table table-sm mb-1', 'data-testid': 'aging-table'},
      h('thead', {}, h('tr', {}, ['col_project', 'col_workflow', 'col_state', 'col_days', 'col_adviser']
        .map((key) => h('th', {scope: 'col'}, t(`dash.${key}`))))),
      h('tbody', {}, items.map((i) => h('tr', {'data-testid': 'aging-row', 'data-project-id': i.project_id},
        h('td', {}, h('a', {href: `#/project/${i.project_id}`}, i.title),
          i.municipality && h('div', {class: 'small text-body-secondary'},
            label(municipalities.get(i.municipality)?.name, i.municipality))),
        h('td', {}, names.workflow(i.workflow)),
        h('td', {}, names.state(i.workflow, i.state)),
        h('td', {class: 'text-end'}, formatNumber(Math.floor(i.days))),
        h('td', {class: 'small'}, i.adviser ?? t('common.none'))))))));
    const total = answer.items_total ?? answer.items.length;
    if (total > items.length) {
      parts.push(h('p', {class: 'small text-body-secondary', 'data-testid': 'aging-more'},
        t('dash.aging_more', {shown: items.length, total: formatNumber(total)})));
    }
  }
  parts.push(h('h3', {class: 'h6 mt-3'}, t('dash.overdue')));
  if (!answer.overdue.length) parts.push(h('p', {class: 'mb-0'}, t('dash.overdue_none')));
  else {
    parts.push(h('div', {class: 'table-responsive'}, h('table', {class: 'table table-sm mb-0', 'data-testid': 'overdue-table'},
      h('thead', {}, h('tr', {}, ['col_project', 'col_deadline', 'col_overdue', 'col_adviser']
        .map((key) => h('th', {scope: 'col'}, t(`dash.${key}`))))),
      h('tbody', {}, answer.overdue.slice(0, AGING_SHOWN).map((o) => h('tr', {'data-testid': 'overdue-row'},
        h('td', {}, h('a', {href: `#/project/${o.project_id}`}, o.title)),
        h('td', {}, formatDate(o.response_deadline)),
        h('td', {class: 'text-end'}, formatNumber(o.days_overdue)),
        h('td', {class: 'small'}, o.adviser ?? t('common.none'))))))));
    const total = answer.overdue_total ?? answer.overdue.length;
    const shown = Math.min(answer.overdue.length, AGING_SHOWN);
    if (total > shown) {
      parts.push(h('p', {class: 'small text-body-secondary', 'data-testid': 'overdue-more'},
        t('dash.aging_more', {shown, total: formatNumber(total)})));
    }
  }
  return parts;
}

// --- The page -------------------------------------------------------------------------------------

/** A card with a title, a CSV link to the report behind it, and its content. */
function panel(id, title, csvHref, {subtitle, wide = false} = {}, ...content) {
  return h('section', {class: wide ? 'col-12' : 'col-12 col-xl-6', 'data-testid': `panel-${id}`},
    h('div', {class: 'card h-100 shadow-sm dashboard-panel'},
      h('div', {class: 'card-header d-flex align-items-baseline gap-2 flex-wrap'},
        h('h2', {class: 'h6 mb-0 me-auto'}, title, subtitle && h('span', {class: 'fw-normal text-body-secondary'},
          ` ${subtitle}`)),
        h('a', {class: 'btn btn-outline-secondary btn-sm d-print-none', href: csvHref, download: '',
          'aria-label': t('dash.csv_label', {chart: title}), 'data-testid': `csv-${id}`}, `⬇ ${t('dash.csv')}`)),
      h('div', {class: 'card-body'}, content)));
}

/** A canvas in a box of fixed height, for a chart. */
function chartBox(id, title) {
  const canvas = h('canvas', {role: 'img', 'aria-label': title, 'data-testid': `chart-${id}`});
  const box = h('div', {class: 'position-relative'}, canvas);
  setStyle(box, {height: '300px'});
  return {box, canvas};
}

function filtersForm(selection, workflows, municipalities, focusAreas, context) {
  const controls = {
    workflow: select(workflows.map((w) => ({value: w.id, label: label(w.label, w.id)})),
      {value: selection.workflow, empty: t('common.all'), 'data-testid': 'filter-workflow'}),
    municipality: select([...municipalities.values()].map((m) => ({value: m.code, label: label(m.name, m.code)})),
      {value: selection.municipality, empty: t('common.all'), 'data-testid': 'filter-municipality'}),
    focus_area: select([...focusAreas.values()].map((f) => ({value: f.code, label: label(f.name, f.code)})),
      {value: selection.focus_area, empty: t('common.all'), 'data-testid': 'filter-focus-area'}),
    adviser: h('input', {type: 'email', class: 'form-control', value: selection.adviser, autocomplete: 'off',
      'data-testid': 'filter-adviser'}),
    from: h('input', {type: 'date', class: 'form-control', value: selection.from, required: true,
      'data-testid': 'filter-from'}),
    to: h('input', {type: 'date', class: 'form-control', value: selection.to, required: true, 'data-testid': 'filter-to'}),
  };
  const col = (key, text) => h('div', {class: 'col-6 col-md-4 col-xl-2'}, field({label: text, control: controls[key]}));
  return h('form', {class: 'card card-body mb-3 d-print-none', 'aria-label': t('dash.filters'),
    'data-testid': 'dashboard-filters', onsubmit: (event) => {
      event.preventDefault();
      const next = {};
      for (const key of Object.keys(controls)) next[key] = controls[key].value.trim();
      if (!DATE.test(next.from) || !DATE.test(next.to)) return;
      context.navigate(selectionHash(next));
    }},
  h('div', {class: 'row g-2 align-items-end'},
    col('workflow', t('dash.workflow')), col('municipality', t('dash.municipality')),
    col('focus_area', t('dash.focus_area')), col('adviser', t('dash.adviser')),
    col('from', t('dash.from')), col('to', t('dash.to'))),
  h('div', {class: 'd-flex gap-2'},
    h('button', {type: 'submit', class: 'btn btn-primary', 'data-testid': 'filter-apply'}, t('dash.apply')),
    h('button', {type: 'button', class: 'btn btn-outline-secondary', 'data-testid': 'dashboard-print',
      onclick: () => window.print()}, t('dash.print'))));
}

export async function render(main, params, context) {
  const selection = selectionFrom(context.query);
  const requests = requestsFor(selection);
  // The reports are asked at once, before anything else: on a large database they take the time.
  // The aging lists can hold thousands of projects: the page asks for the few it shows (and the
  // whole lists' counts); its CSV link has them all.
  const pending = Object.fromEntries(Object.entries(requests).map(([key, [name, query]]) =>
    [key, api.get(`/reports/${name}`, key === 'aging' ? {...query, limit: AGING_SHOWN} : query)]));
  // Their failures are handled below, once the page is drawn; until then they must not count as
  // unhandled.
  for (const promise of Object.values(pending)) promise.catch(() => {});
  const workflowList = (await api.get('/workflows')).items;
  const [workflows, municipalityList, focusAreaList] = await Promise.all([
    Promise.all(workflowList.map((w) => api.get(`/workflows/${encodeURIComponent(w.id)}`))),
    referenceList('municipalities'),
    referenceList('focus-areas'),
  ]);
  if (!context.isCurrent()) return undefined;
  const municipalities = new Map(municipalityList.map((m) => [m.code, m]));
  const focusAreas = new Map(focusAreaList.map((f) => [f.code, f]));
  const names = new Names(workflows);
  const several = !selection.workflow;
  const flowWorkflow = selection.workflow || DEFAULT_WORKFLOW;
  const csv = (key) => reportUrl(requests[key][0], requests[key][1], {csv: true});
  const windowText = t('dash.window', {from: formatDate(selection.from), to: formatDate(selection.to)});
  const forWorkflow = t('dash.for_workflow', {workflow: names.workflow(flowWorkflow)});
  const year = selection.to.slice(0, 4);
  context.setTitle(t('dash.title'));

  // Each panel: the reports it needs, and how its content is made from their answers.
  const charts = {
    wip: {title: t('dash.wip'), subtitle: t('dash.wip_at', {date: formatDate(selection.to)}), needs: ['wip'],
      make: (wip) => wipChart(wip, names, several),
      extra: (wip) => h('p', {class: 'small text-body-secondary mb-1', 'data-testid': 'wip-total'},
        t('dash.wip_total', {count: formatNumber(wip.totals.reduce((sum, x) => sum + x.wip, 0))}))},
    funnel: {title: t('dash.funnel'), subtitle: `${forWorkflow}, ${windowText}`, needs: ['funnel'],
      make: (funnel) => funnelChart(funnel, names), pick: !selection.workflow},
    cfd: {title: t('dash.cfd'), subtitle: `${forWorkflow}, ${windowText}`, needs: ['cfd', 'cfd_base'],
      make: (flow, base) => cfdChart(flow, base, names, flowWorkflow), pick: !selection.workflow},
    throughput: {title: t('dash.throughput'), subtitle: windowText, needs: ['throughput'],
      make: (answer) => throughputChart(answer, names, several)},
    cycle: {title: t('dash.cycle'), subtitle: windowText, needs: ['cycle'],
      make: (answer) => cycleChart(answer, names, several)},
  };
  const bodies = {};
  const panels = Object.entries(charts).map(([id, chart]) => {
    bodies[id] = h('div', {}, spinner(t('app.loading')));
    return panel(id, chart.title, csv(id), {subtitle: chart.subtitle}, bodies[id]);
  });
  bodies.scorecard = h('div', {}, spinner(t('app.loading')));
  bodies.aging = h('div', {}, spinner(t('app.loading')));
  const page = h('div', {'data-testid': 'dashboard-page'},
    h('div', {class: 'd-flex align-items-baseline flex-wrap gap-2 mb-2'},
      h('h1', {class: 'h3 mb-0 me-auto'}, t('dash.title')),
      h('span', {class: 'text-body-secondary'}, windowText)),
    h('p', {class: 'text-body-secondary small d-print-none'}, t('dash.intro')),
    filtersForm(selection, workflowList, municipalities, focusAreas, context),
    h('div', {class: 'row g-3'},
      panels,
      panel('scorecard', t('dash.scorecard', {year}), csv('scorecard'), {wide: true}, bodies.scorecard),
      panel('aging', t('dash.aging'), csv('aging'), {wide: true}, bodies.aging)));
  mount(main, page);

  // Off paper: the navigation bar is the shell's, so it is marked here and unmarked on leaving.
  const navbar = document.getElementById('navbar');
  navbar?.classList.add('d-print-none');
  const instances = [];
  const cleanup = () => {
    for (const chart of instances) chart.destroy();
    instances.length = 0;
    navbar?.classList.remove('d-print-none');
  };

  // Every panel is drawn as soon as its reports have answered.
  const fills = Object.entries(charts).map(async ([id, chart]) => {
    const answers = await Promise.all(chart.needs.map((key) => pending[key]));
    if (!context.isCurrent()) return;
    const {points, note, ...config} = chart.make(...answers);
    const {box, canvas} = chartBox(id, chart.title);
    mount(bodies[id],
      chart.extra && chart.extra(...answers),
      note && h('p', {class: 'small text-body-secondary mb-1'}, note),
      chart.pick && h('p', {class: 'small text-body-secondary mb-1 d-print-none'}, t('dash.pick_workflow')),
      !points && h('p', {class: 'small', 'data-testid': 'chart-empty'}, t('dash.empty')),
      box);
    if (!window.Chart) throw new Error('Chart.js is not loaded');
    instances.push(new window.Chart(canvas, config));
    canvas.dataset.points = String(points);
    page.querySelector(`[data-testid="panel-${id}"]`)?.setAttribute('data-rendered', 'true');
  });
  fills.push(pending.scorecard.then((answer) => {
    if (context.isCurrent()) mount(bodies.scorecard, scorecardTable(answer, focusAreas));
  }));
  fills.push(pending.aging.then((answer) => {
    if (context.isCurrent()) mount(bodies.aging, agingTable(answer, names, municipalities));
  }));
  try {
    await Promise.all(fills);
  } catch (error) {
    cleanup();
    // A selection the reports refuse (a window the wrong way round, say): the filters stay, with
    // the reports' reason, so it can be corrected.
    if (error.status !== 400 || !context.isCurrent()) throw error;
    const reasons = (error.errors ?? []).map((e) => `${e.field}: ${fieldErrorText(e)}`);
    mount(main, h('div', {'data-testid': 'dashboard-page'},
      h('h1', {class: 'h3'}, t('dash.title')),
      filtersForm(selection, workflowList, municipalities, focusAreas, context),
      alertBox('warning', [errorText(error), reasons.length ? h('ul', {class: 'mb-0'},
        reasons.map((r) => h('li', {}, r))) : null], 'dashboard-error')));
    return undefined;
  }
  page.dataset.ready = 'true';
  return cleanup;
}
