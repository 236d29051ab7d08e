// The adviser board (#/board/WORKFLOW): one column per non-final state of the workflow, in the
// order of its table, from GET /api/v1/workflows/{id}. Dragging a card to another column, or
// choosing an event in the card's action menu, asks the server for the transition; when the
// workflow refuses, the card goes back and the guards' reasons are shown.
//
// A column shows its first cards only, longest in the stage first (GET /api/v1/projects with
// sort=state_since), with the column's total from the same answer and a button for the next page:
// a region's board can hold tens of thousands of open projects, and drawing them all took seconds.
// The filters are the list's own, so they narrow what the server sends.

import {api, currentUser, referenceList} from './api.js';
import {errorText, reasonTexts} from './errors.js';
import {addMessages, daysSince, formatNumber, label, t} from './i18n.js';
import boardTexts from './i18n/board.js';
import {applyEvent, askInputs, eventLabel, eventsFrom, needsInput, stateLabel} from './transition.js';
import {alertBox, append, field, focus, h, mount, select} from './ui.js';

addMessages(boardTexts);

const AGING_KEY = 'facilitator.aging_days';
const DEFAULT_AGING_DAYS = 60;
const WRITERS = ['admin', 'adviser'];
const PAGE_SIZE = 50;  // cards a column loads at a time
const MAX_IDS = 500;   // companies asked for at once (the list's page size)

function savedAgingDays() {
  try {
    const saved = Number.parseInt(localStorage.getItem(AGING_KEY) ?? '', 10);
    return Number.isInteger(saved) && saved > 0 ? saved : DEFAULT_AGING_DAYS;
  } catch {
    return DEFAULT_AGING_DAYS;
  }
}

/** The filters of the board, kept in the hash's query so a filtered board can be bookmarked. */
function filtersFrom(query) {
  return {
    municipality: query.get('municipality') ?? '',
    focus_area: query.get('focus_area') ?? '',
    adviser: query.get('adviser') ?? '',
    mine: query.get('mine') === '1',
  };
}

function filtersToHash(workflowId, filters) {
  const params = new URLSearchParams();
  for (const key of ['municipality', 'focus_area', 'adviser']) if (filters[key]) params.set(key, filters[key]);
  if (filters.mine) params.set('mine', '1');
  const text = params.toString();
  return `#/board/${encodeURIComponent(workflowId)}${text ? `?${text}` : ''}`;
}

export async function render(main, params, context) {
  const user = currentUser();
  const canMove = WRITERS.includes(user.role);
  const workflowId = params.workflow;
  const [workflows, workflow, municipalities, focusAreas] = await Promise.all([
    api.get('/workflows'),
    api.get(`/workflows/${encodeURIComponent(workflowId)}`),
    referenceList('municipalities'),
    referenceList('focus-areas'),
  ]);
  const columns = workflow.states.filter((s) => !s.final);
  const state = {
    // Per column: the cards loaded so far, how many the column holds, and the next page's cursor.
    columns: new Map(columns.map((c) => [c.id, {items: [], total: 0, cursor: null}])),
    companyNames: new Map(),
    advisers: new Set(),
    filters: filtersFrom(context.query),
    agingDays: savedAgingDays(),
    sortables: [],
  };

  /** The list's filters for the board's: "mine" is the adviser filter with the user's address. */
  function listFilters() {
    const f = state.filters;
    return {municipality: f.municipality, focus_area: f.focus_area, adviser: f.mine ? user.email : f.adviser};
  }

  async function loadColumn(stateId, {more = false} = {}) {
    const column = state.columns.get(stateId);
    const page = await api.get('/projects', {workflow: workflow.id, state: stateId, sort: 'state_since',
      limit: PAGE_SIZE, ...listFilters(), cursor: more ? column.cursor : undefined});
    // A card moved here meanwhile is already shown (last); the next page may hold it again.
    const known = new Set(more ? column.items.map((p) => p.id) : []);
    column.items = more ? [...column.items, ...page.items.filter((p) => !known.has(p.id))] : page.items;
    column.total = page.total;
    column.cursor = page.next_cursor ?? null;
    for (const project of page.items) if (project.adviser) state.advisers.add(project.adviser);
  }

  /** The names of the companies of the loaded cards that are not known yet. */
  async function loadCompanyNames() {
    const missing = new Set();
    for (const column of state.columns.values()) {
      for (const p of column.items) if (p.company_id && !state.companyNames.has(p.company_id)) missing.add(p.company_id);
    }
    const ids = [...missing];
    const chunks = [];
    for (let i = 0; i < ids.length; i += MAX_IDS) chunks.push(ids.slice(i, i + MAX_IDS));
    const pages = await Promise.all(chunks.map((chunk) => api.get('/companies', {id: chunk.join(','), limit: MAX_IDS})));
    for (const page of pages) for (const c of page.items ?? []) state.companyNames.set(c.id, c.name);
  }

  async function loadProjects() {
    await Promise.all(columns.map((column) => loadColumn(column.id)));
    await loadCompanyNames();
  }

  function findProject(id) {
    for (const column of state.columns.values()) {
      const project = column.items.find((p) => String(p.id) === String(id));
      if (project) return project;
    }
    return undefined;
  }

  // A bookmarked filter the list refuses (a municipality no longer known, say) leaves the board
  // empty with the reason, and the filters to correct it.
  let refused = null;
  try {
    await loadProjects();
  } catch (error) {
    if (error.status !== 400) throw error;
    refused = error;
  }
  if (!context.isCurrent()) return undefined;

  context.setTitle(t('board.title', {workflow: label(workflow.label, workflow.id)}));

  // --- layout ------------------------------------------------------------------------------
  const message = h('div', {class: 'board-message', 'aria-live': 'polite', 'data-testid': 'board-message'});
  const summary = h('p', {class: 'text-body-secondary small mb-2', 'data-testid': 'board-summary'});
  const boardEl = h('div', {class: 'board', 'data-testid': 'board', 'data-workflow': workflow.id});

  const municipalitySelect = select(municipalities.map((m) => ({value: m.code, label: label(m.name, m.code)})),
    {value: state.filters.municipality, empty: t('common.all'), 'data-testid': 'filter-municipality'});
  const focusSelect = select(focusAreas.map((f) => ({value: f.code, label: label(f.name, f.code)})),
    {value: state.filters.focus_area, empty: t('common.all'), 'data-testid': 'filter-focus-area'});
  // An address rather than a list: the advisers of the loaded cards are suggestions, not all of them.
  const adviserList = h('datalist', {id: 'board-advisers'});
  const fillAdvisers = () => mount(adviserList, [...state.advisers].sort().map((a) => h('option', {value: a})));
  fillAdvisers();
  const adviserSelect = h('input', {type: 'email', class: 'form-control', value: state.filters.adviser,
    list: 'board-advisers', autocomplete: 'off', disabled: state.filters.mine, 'data-testid': 'filter-adviser'});
  const mineBox = h('input', {type: 'checkbox', class: 'form-check-input', checked: state.filters.mine,
    'data-testid': 'filter-mine'});
  const agingInput = h('input', {type: 'number', class: 'form-control', min: 1, max: 3650,
    value: String(state.agingDays), inputmode: 'numeric', 'data-testid': 'filter-aging-days'});

  const onFilter = async () => {
    state.filters = {municipality: municipalitySelect.value, focus_area: focusSelect.value,
      adviser: adviserSelect.value.trim(), mine: mineBox.checked};
    adviserSelect.disabled = mineBox.checked;
    history.replaceState(null, '', filtersToHash(workflow.id, state.filters));
    boardEl.setAttribute('aria-busy', 'true');
    try {
      await loadProjects();
      mount(message);
    } catch (error) {
      showMessage('danger', errorText(error));
    } finally {
      boardEl.removeAttribute('aria-busy');
    }
    fillAdvisers();
    drawColumns();
  };
  for (const control of [municipalitySelect, focusSelect, adviserSelect, mineBox]) {
    control.addEventListener('change', onFilter);
  }
  agingInput.addEventListener('change', () => {
    const days = Number.parseInt(agingInput.value, 10);
    if (!Number.isInteger(days) || days < 1) return;
    state.agingDays = days;
    try {
      localStorage.setItem(AGING_KEY, String(days));
    } catch {
      // not remembered, still used
    }
    drawColumns();
  });

  const filterBar = h('form', {class: 'row g-2 align-items-end mb-2', 'aria-label': t('board.filters'),
    'data-testid': 'board-filters', onsubmit: (e) => e.preventDefault()},
  h('div', {class: 'col-6 col-md-3 col-lg-2'}, field({label: t('board.municipality'), control: municipalitySelect})),
  h('div', {class: 'col-6 col-md-3 col-lg-2'}, field({label: t('board.focus_area'), control: focusSelect})),
  h('div', {class: 'col-12 col-md-3 col-lg-3'}, field({label: t('board.adviser'), control: adviserSelect}),
    adviserList),
  h('div', {class: 'col-6 col-md-3 col-lg-2'}, field({label: t('board.aging_days'), control: agingInput})),
  h('div', {class: 'col-6 col-md-4 col-lg-3'}, field({label: t('board.mine'), control: mineBox})));

  mount(main,
    h('div', {class: 'd-flex flex-wrap align-items-center justify-content-between gap-2 mb-2'},
      h('h1', {class: 'h3 mb-0', 'data-testid': 'board-title'},
        t('board.title', {workflow: label(workflow.label, workflow.id)})),
      canMove && h('a', {class: 'btn btn-primary', href: `#/new/${encodeURIComponent(workflow.id)}`,
        'data-testid': 'board-new-project'}, t('board.new'))),
    h('nav', {'aria-label': t('board.workflows'), class: 'mb-2'},
      h('ul', {class: 'nav nav-pills', 'data-testid': 'board-workflows'},
        (workflows.items ?? []).map((w) => h('li', {class: 'nav-item'},
          h('a', {class: ['nav-link', w.id === workflow.id && 'active'], href: `#/board/${encodeURIComponent(w.id)}`,
            'aria-current': w.id === workflow.id ? 'page' : null, 'data-testid': `board-workflow-${w.id}`},
          label(w.label, w.id)))))),
    filterBar,
    h('p', {class: 'small mb-1'}, canMove ? t('board.drag_help') : t('board.read_only')),
    summary,
    message,
    boardEl);

  // --- cards and columns -------------------------------------------------------------------
  function showMessage(kind, text, items = []) {
    mount(message, alertBox(kind, [h('span', {}, text),
      items.length ? h('ul', {class: 'mb-0 mt-1', 'data-testid': 'board-reasons'},
        items.map((item) => h('li', {}, item))) : null], kind === 'danger' || kind === 'warning'
      ? 'board-error' : 'board-success'));
  }

  function actionMenu(project) {
    const menu = h('ul', {class: 'card-menu-list list-unstyled', 'data-testid': 'card-actions-menu'});
    const fill = (entries) => {
      mount(menu);
      if (!entries.length) {
        append(menu, h('li', {}, h('span', {class: 'small text-body-secondary'}, t('board.no_actions'))));
      }
      for (const entry of entries) {
        const target = entry.to ? stateLabel(workflow, entry.to) : '';
        append(menu, h('li', {},
          h('button', {type: 'button', class: ['card-menu-item', entry.allowed === false && 'blocked'],
            'data-testid': 'card-action', 'data-event': entry.event, 'aria-disabled': entry.allowed === false
              ? 'true' : null,
          onclick: () => {
            if (entry.allowed === false) {
              showMessage('warning', t('transition.refused', {title: project.title, state: target}),
                entry.reasons);
              return;
            }
            moveByEvent(project, entry.event, entry.to, {keyboard: true});
          }},
          h('span', {}, eventLabel(workflow, entry.event)),
          target && h('span', {class: 'text-body-secondary'}, ` → ${target}`),
          entry.allowed === false && h('span', {class: 'd-block small'}, `(${t('board.blocked')}) `,
            entry.reasons.join(' ')))));
      }
    };
    const fromTable = () => eventsFrom(workflow, project.state).map((tr) => ({event: tr.event,
      to: tr.event === 'resume' && project.parked_from ? project.parked_from : tr.to, allowed: undefined,
      reasons: []}));
    fill(fromTable());
    // A disclosure menu (a button that shows a list below it): keyboard-usable as it is, and it
    // needs no Popper, which Debian's Bootstrap bundle leaves out.
    const toggle = h('button', {type: 'button', class: 'btn btn-sm btn-outline-secondary dropdown-toggle',
      'aria-expanded': 'false', 'data-testid': 'card-actions',
      'aria-label': t('board.actions_for', {title: project.title})}, t('board.actions'));
    const wrapper = h('div', {class: 'card-menu mt-1'}, toggle, menu);
    menu.hidden = true;
    const close = ({refocus = false} = {}) => {
      menu.hidden = true;
      menu.classList.remove('show');
      toggle.setAttribute('aria-expanded', 'false');
      if (refocus) toggle.focus();
    };
    const open = async () => {
      menu.hidden = false;
      menu.classList.add('show');
      toggle.setAttribute('aria-expanded', 'true');
      menu.querySelector('button')?.focus();
      // Ask the server which events its guards allow now, and why not.
      try {
        const fresh = await api.get(`/projects/${project.id}`);
        if (menu.hidden) return;
        const targets = new Map(fromTable().map((e) => [e.event, e.to]));
        fill((fresh.available_events ?? []).map((e) => ({event: e.event, to: targets.get(e.event),
          allowed: e.allowed, reasons: (e.reasons ?? []).map((r) => label(r.message, r.guard))})));
        menu.querySelector('button')?.focus();
      } catch {
        // the table's list stays; the server still decides when one is chosen
      }
    };
    toggle.addEventListener('click', () => (menu.hidden ? open() : close()));
    wrapper.addEventListener('keydown', (event) => {
      const items = [...menu.querySelectorAll('button')];
      const at = items.indexOf(document.activeElement);
      if (event.key === 'Escape' && !menu.hidden) {
        event.preventDefault();
        close({refocus: true});
      } else if (event.key === 'ArrowDown' && items.length) {
        event.preventDefault();
        if (menu.hidden) open();
        else items[(at + 1) % items.length].focus();
      } else if (event.key === 'ArrowUp' && items.length && !menu.hidden) {
        event.preventDefault();
        items[(at - 1 + items.length) % items.length].focus();
      }
    });
    // Closes when focus leaves the menu; checked a moment later, since refilling the list moves
    // focus out and back within one task.
    wrapper.addEventListener('focusout', () => {
      setTimeout(() => {
        if (!wrapper.contains(document.activeElement) && !menu.hidden) close();
      }, 0);
    });
    return wrapper;
  }

  function card(project) {
    const days = daysSince(project.state_since);
    const aging = days > state.agingDays;
    const company = project.company_id ? state.companyNames.get(project.company_id) : null;
    return h('li', {class: ['board-card', aging && 'aging'], 'data-testid': 'board-card',
      'data-project-id': String(project.id), 'data-state': project.state, 'data-aging': aging ? 'true' : 'false'},
    h('a', {class: 'card-title-link', href: `#/project/${project.id}`, 'data-testid': 'card-title'},
      project.title),
    company && h('div', {class: 'small', 'data-testid': 'card-company'}, company),
    h('div', {class: 'small text-body-secondary', 'data-testid': 'card-adviser'},
      project.adviser ?? t('board.no_adviser')),
    h('div', {class: 'small d-flex flex-wrap gap-1 align-items-center mt-1'},
      h('span', {'data-testid': 'card-days'}, days === 1 ? t('board.day') : t('board.days', {days})),
      aging && h('span', {class: 'badge aging-mark', 'data-testid': 'card-aging'},
        `⚠ ${t('board.aging', {days: state.agingDays})}`)),
    canMove && actionMenu(project));
  }

  function drawColumns(focusProjectId) {
    for (const sortable of state.sortables) sortable.destroy();
    state.sortables = [];
    let shown = 0;
    let total = 0;
    for (const column of state.columns.values()) {
      shown += column.items.length;
      total += column.total;
    }
    summary.textContent = t('board.shown', {shown: formatNumber(shown), total: formatNumber(total)});
    mount(boardEl, columns.map((column) => {
      const {items: cards, total: count, cursor} = state.columns.get(column.id);
      const headingId = `column-${column.id}`;
      const list = h('ul', {class: 'board-cards', 'data-state': column.id, 'data-testid': 'board-column-cards',
        'aria-labelledby': headingId}, cards.map(card));
      return h('section', {class: 'board-column', 'data-testid': 'board-column', 'data-state': column.id,
        'aria-labelledby': headingId},
      h('div', {class: 'board-column-head'},
        h('h2', {id: headingId}, label(column.label, column.id)),
        h('div', {class: 'small text-body-secondary', 'data-testid': 'column-count'},
          count === 1 ? t('board.count_one') : t('board.count', {count: formatNumber(count)}))),
      list,
      cursor && h('button', {type: 'button', class: 'btn btn-sm btn-outline-secondary w-100 mt-2 d-print-none',
        'data-testid': 'column-more', onclick: (event) => showMore(column.id, event.currentTarget)},
      t('board.more', {count: formatNumber(Math.min(PAGE_SIZE, count - cards.length)),
        rest: formatNumber(count - cards.length)})));
    }));
    if (canMove && window.Sortable) {
      for (const list of boardEl.querySelectorAll('.board-cards')) {
        state.sortables.push(window.Sortable.create(list, {
          group: `board-${workflow.id}`,
          sort: false,
          animation: 150,
          draggable: '.board-card',
          filter: '.card-menu',
          preventOnFilter: false,
          delay: 150,
          delayOnTouchOnly: true,
          onEnd: (event) => {
            if (event.from === event.to) return;
            const project = findProject(event.item.dataset.projectId);
            if (project) moveToState(project, event.to.dataset.state);
          },
        }));
      }
    }
    if (focusProjectId !== undefined) {
      const moved = boardEl.querySelector(`[data-project-id="${focusProjectId}"] [data-testid="card-actions"]`);
      focus(moved ?? boardEl.querySelector(`[data-project-id="${focusProjectId}"] a`));
    }
  }

  /** The column's next page, drawn below the cards it has; focus goes to the first new card. */
  async function showMore(stateId, button) {
    button.disabled = true;
    const before = state.columns.get(stateId).items.length;
    try {
      await loadColumn(stateId, {more: true});
      await loadCompanyNames();
    } catch (error) {
      button.disabled = false;
      showMessage('danger', errorText(error));
      return;
    }
    fillAdvisers();
    const first = state.columns.get(stateId).items[before];
    drawColumns(first?.id);
  }

  /** A card was dropped on the column of `target`: find the event of the table that goes there. */
  function moveToState(project, target) {
    const candidates = workflow.transitions.filter((tr) => tr.from === project.state && tr.to === target);
    if (!candidates.length) {
      drawColumns();  // the card goes back
      showMessage('warning', t('transition.no_path', {from: stateLabel(workflow, project.state),
        to: stateLabel(workflow, target)}));
      return;
    }
    moveByEvent(project, candidates[0].event, target, {});
  }

  async function moveByEvent(project, eventId, target, {keyboard = false}) {
    const targetLabel = target ? stateLabel(workflow, target) : eventLabel(workflow, eventId);
    let extra = {};
    if (needsInput(workflow, eventId)) {
      extra = await askInputs(workflow, eventId, {title: `${eventLabel(workflow, eventId)}: ${project.title}`});
      if (!extra) {
        drawColumns(keyboard ? project.id : undefined);
        return;
      }
    }
    const el = boardEl.querySelector(`[data-project-id="${project.id}"]`);
    el?.classList.add('busy');
    el?.setAttribute('aria-busy', 'true');
    showMessage('info', t('board.moving'));
    try {
      await applyEvent(project, eventId, extra);
      const fresh = await api.get(`/projects/${project.id}`);
      for (const column of state.columns.values()) {
        const index = column.items.findIndex((p) => p.id === project.id);
        if (index >= 0) {
          column.items.splice(index, 1);
          column.total -= 1;
        }
      }
      // Newest in its stage, so last of its column; a final state is off the board.
      const target = state.columns.get(fresh.state);
      if (target) {
        target.items.push(fresh);
        target.total += 1;
      }
      drawColumns(keyboard ? project.id : undefined);
      showMessage('success', t('transition.done', {title: project.title, state: stateLabel(workflow, fresh.state)}));
    } catch (error) {
      if (error.status === 409) {
        await loadProjects();
        drawColumns();
        showMessage('warning', t('error.conflict'));
        return;
      }
      drawColumns(keyboard ? project.id : undefined);  // the card goes back to where it was
      if (error.status === 422) {
        showMessage('danger', t('transition.refused', {title: project.title, state: targetLabel}),
          reasonTexts(error).length ? reasonTexts(error) : [errorText(error)]);
      } else {
        showMessage('danger', errorText(error));
      }
    }
  }

  drawColumns();
  if (refused) showMessage('danger', errorText(refused));
  return () => {
    for (const sortable of state.sortables) sortable.destroy();
  };
}
