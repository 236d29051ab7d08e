// The entrepreneur's page (#/me): their projects, each with a stepper showing where it stands in
// its workflow, the public text of what happens now and what may come next, the history of stage
// changes with their public notes, the public notes, and a box to write a public note.
//
// Everything comes from what the API shows an entrepreneur: GET /projects (their own projects,
// with `stage` and `next_stages`), GET /workflows/{id} (the steps), GET /projects/{id}/events and
// GET /projects/{id}/notes (public notes only; internal ones never reach this role).

import {api, getAll} from './api.js';
import {errorText} from './errors.js';
import {addMessages, formatDate, formatDateTime, label, t} from './i18n.js';
import texts from './i18n/entrepreneur.js';
import {alertBox, field, h, mount, setFieldError} from './ui.js';

addMessages(texts);

/** The items of a list the API answers in one page (and that takes no paging parameters). */
async function listOf(path) {
  return (await api.get(path))?.items ?? [];
}

/** The steps a project walks through: the workflow's states without parking and closing. */
function stepsOf(workflow) {
  return workflow.states.filter((s) => s.kind !== 'parked' && s.kind !== 'closed');
}

function stateName(workflow, id) {
  const state = workflow.states.find((s) => s.id === id);
  return state ? label(state.label, id) : id;
}

/** The step a project stands at: its state, or for a parked project the state it was parked from. */
function standingStep(project, events) {
  if (project.state !== 'parked') return project.state;
  const parking = [...events].reverse().find((e) => e.to_state === 'parked');
  return parking?.from_state ?? null;
}

function stepper(workflow, project, events) {
  const steps = stepsOf(workflow);
  const at = steps.findIndex((s) => s.id === standingStep(project, events));
  const closed = project.state === 'closed';
  const look = {done: 'text-bg-success', current: 'text-bg-primary fs-6', later: 'text-bg-light border'};
  // Bootstrap's own classes only: the CSP allows no inline style, and the page needs no stylesheet.
  return h('ol', {class: 'list-unstyled d-flex flex-wrap align-items-center gap-2 my-3', 'aria-label': t('me.steps'),
    'data-testid': 'stepper'},
  steps.map((step, i) => {
    let status = 'later';
    if (at >= 0 && i < at) status = 'done';
    else if (i === at) status = closed ? 'done' : 'current';
    return h('li', {class: `badge rounded-pill fw-normal ${look[status]}`, 'data-testid': 'step',
      'data-state': step.id, 'data-status': status, 'aria-current': status === 'current' ? 'step' : null},
    h('span', {'aria-hidden': 'true'}, status === 'done' ? '✓ ' : `${i + 1}. `),
    label(step.label, step.id),
    h('span', {class: 'visually-hidden'}, ` (${t(`me.step_${status}`)})`));
  }));
}

function history(workflow, events) {
  return h('ol', {class: 'list-unstyled mb-0', 'data-testid': 'history'},
    [...events].reverse().map((e) => h('li', {class: 'mb-2', 'data-testid': 'history-entry'},
      h('div', {class: 'small text-body-secondary'}, formatDateTime(e.at)),
      h('div', {}, e.kind === 'created'
        ? t('me.history_created', {state: stateName(workflow, e.to_state)})
        : t('me.history_moved', {state: stateName(workflow, e.to_state)})),
      e.note && h('p', {class: 'mb-0 text-break', 'data-testid': 'history-note'}, e.note))));
}

function notesList(notes) {
  if (!notes.length) return h('p', {class: 'text-body-secondary', 'data-testid': 'notes-empty'}, t('me.notes_none'));
  return h('ul', {class: 'list-unstyled mb-0', 'data-testid': 'public-notes'},
    [...notes].sort((a, b) => (a.created_at < b.created_at ? 1 : -1)).map((note) =>
      h('li', {class: 'border-start border-3 ps-2 mb-3', 'data-testid': 'public-note', 'data-note-id': note.id},
        h('p', {class: 'mb-1 text-break', 'data-testid': 'note-body'}, note.body),
        h('div', {class: 'small text-body-secondary'},
          t('me.note_by', {author: note.author ?? '', date: formatDateTime(note.created_at)})))));
}

async function projectCard(project, workflow) {
  const [events, notes] = await Promise.all([
    getAll(`/projects/${project.id}/events`),
    listOf(`/projects/${project.id}/notes`),
  ]);
  const notesBox = h('div', {}, notesList(notes));
  const message = h('div', {'aria-live': 'polite'});
  const body = h('textarea', {class: 'form-control', rows: '3', maxlength: '10000', 'data-testid': 'note-input'});
  const submit = h('button', {type: 'submit', class: 'btn btn-primary', 'data-testid': 'note-submit'},
    t('me.note_submit'));
  const form = h('form', {class: 'd-print-none', 'data-testid': 'note-form', novalidate: true,
    onsubmit: async (event) => {
      event.preventDefault();
      mount(message);
      const text = body.value.trim();
      setFieldError(body, text ? '' : t('me.note_empty'));
      if (!text) return;
      submit.disabled = true;
      try {
        await api.post(`/projects/${project.id}/notes`, {body: text, visibility: 'public'});
        body.value = '';
        mount(notesBox, notesList(await listOf(`/projects/${project.id}/notes`)));
        mount(message, alertBox('success', t('me.note_sent'), 'note-sent'));
      } catch (error) {
        mount(message, alertBox('danger', errorText(error), 'note-error'));
      } finally {
        submit.disabled = false;
      }
    }},
  field({label: t('me.note_new'), control: body, help: t('me.note_help')}), message, submit);

  const stage = project.stage ?? {};
  const next = project.next_stages ?? [];
  const statusNote = project.state === 'parked' ? t('me.parked') : project.state === 'closed' ? t('me.closed') : null;
  return h('article', {class: 'card shadow-sm mb-4', 'data-testid': 'my-project', 'data-project-id': project.id,
    'data-state': project.state},
  h('div', {class: 'card-body'},
    h('h2', {class: 'h4 card-title', 'data-testid': 'my-project-title'}, project.title),
    h('p', {class: 'text-body-secondary small mb-2'}, label(workflow.label, workflow.id)),
    stepper(workflow, project, events),
    statusNote && alertBox('info', statusNote, 'project-status'),
    h('div', {class: 'row g-3 mt-1'},
      h('section', {class: 'col-md-6', 'data-testid': 'stage-now'},
        h('h3', {class: 'h6 text-uppercase text-body-secondary'}, t('me.now')),
        h('p', {class: 'fw-semibold mb-1'}, label(stage.label, project.state)),
        h('p', {class: 'mb-1'}, label(stage.public_text)),
        project.state_since && h('p', {class: 'small text-body-secondary'},
          t('me.since', {date: formatDate(project.state_since)}))),
      h('section', {class: 'col-md-6', 'data-testid': 'stage-next'},
        h('h3', {class: 'h6 text-uppercase text-body-secondary'}, t('me.next')),
        next.length
          ? h('ul', {class: 'list-unstyled mb-0'}, next.map((n) => h('li', {class: 'mb-2', 'data-state': n.state},
            h('p', {class: 'fw-semibold mb-1'}, label(n.label, n.state)),
            h('p', {class: 'mb-0'}, label(n.public_text)))))
          : h('p', {}, t('me.next_none')))),
    h('div', {class: 'row g-3 mt-1'},
      h('section', {class: 'col-md-6'},
        h('h3', {class: 'h6 text-uppercase text-body-secondary'}, t('me.notes')),
        notesBox, form),
      h('section', {class: 'col-md-6'},
        h('h3', {class: 'h6 text-uppercase text-body-secondary'}, t('me.history')),
        history(workflow, events)))));
}

export async function render(main, params, context) {
  context.setTitle(t('me.title'));
  const projects = await getAll('/projects');
  const ids = [...new Set(projects.map((p) => p.workflow))];
  const workflows = new Map(await Promise.all(ids.map(async (id) =>
    [id, await api.get(`/workflows/${encodeURIComponent(id)}`)])));
  const cards = await Promise.all(projects.map((p) => projectCard(p, workflows.get(p.workflow))));
  if (!context.isCurrent()) return undefined;
  mount(main,
    h('div', {'data-testid': 'entrepreneur-page'},
      h('h1', {class: 'h3'}, t('me.title')),
      h('p', {class: 'text-body-secondary'}, t('me.intro')),
      projects.length ? cards : alertBox('info', t('me.none'), 'no-projects')));
  return undefined;
}
