// The project page (#/project/ID): the stage and what can happen next (from available_events, a
// blocked action disabled with the guards' reasons), the facts (editable by advisers: PATCH with
// If-Match), the history of stage changes, notes (internal and public marked in words), activities,
// funding applications, contact persons, and inviting a contact as entrepreneur.

import {api, currentUser, getAll, listItems, referenceList} from './api.js';
import {errorText, fieldErrorText, reasonTexts} from './errors.js';
import {addMessages, daysSince, formatDate, formatDateTime, formatMoney, formatNumber, label, t, today}
  from './i18n.js';
import projectTexts from './i18n/project.js';
import {factsForm, loadChoices} from './facts.js';
import {applyEvent, askInputs, eventLabel, stateLabel} from './transition.js';
import {alertBox, append, badge, field, h, mount, select, setFieldError} from './ui.js';

addMessages(projectTexts);

const WRITERS = ['admin', 'adviser'];
const ACTIVITY_KINDS = ['meeting', 'mentoring', 'course', 'phone', 'email', 'site_visit'];
const FUNDING_STATUSES = ['draft', 'submitted', 'granted', 'rejected', 'withdrawn'];

function section(title, testid, ...children) {
  const id = `section-${testid}`;
  return h('section', {class: 'card mb-3', 'aria-labelledby': id, 'data-testid': testid},
    h('div', {class: 'card-body'}, h('h2', {class: 'h5 card-title', id}, title), ...children));
}

function visibilityBadge(visibility) {
  return visibility === 'public'
    ? badge(t('project.public'), 'success', 'visibility-public')
    : badge(t('project.internal'), 'secondary', 'visibility-internal');
}

/** Shows a form's problem: field errors under their controls, the rest in `message`. */
function showProblem(message, error, controls = {}) {
  for (const control of Object.values(controls)) setFieldError(control, '');
  const rest = [];
  for (const e of error.errors ?? []) {
    if (controls[e.field]) setFieldError(controls[e.field], fieldErrorText(e));
    else rest.push(fieldErrorText(e));
  }
  const text = reasonTexts(error).length ? reasonTexts(error).join(' ') : errorText(error);
  mount(message, alertBox('danger', rest.length ? [text, h('ul', {class: 'mb-0'}, rest.map((r) => h('li', {}, r)))]
    : text, 'form-error'));
}

export async function render(main, params, context) {
  const user = currentUser();
  const writer = WRITERS.includes(user.role);
  const outsider = user.role === 'entrepreneur';
  const id = Number.parseInt(params.id, 10);
  const path = `/projects/${id}`;

  async function load() {
    const project = await api.get(path);
    const [workflow, events, notes] = await Promise.all([
      api.get(`/workflows/${encodeURIComponent(project.workflow)}`),
      getAll(`${path}/events`),
      listItems(`${path}/notes`),
    ]);
    if (outsider) return {project, workflow, events, notes};
    const [activities, funding, contacts, choices, sources] = await Promise.all([
      listItems(`${path}/activities`), listItems(`${path}/funding-applications`),
      listItems(`${path}/contacts`),
      loadChoices(project.company_id), referenceList('funding-sources'),
    ]);
    return {project, workflow, events, notes, activities, funding, contacts, choices, sources};
  }

  let data = await load();
  const message = h('div', {'aria-live': 'polite', 'data-testid': 'project-message'});
  const say = (kind, text) => mount(message, alertBox(kind, text, kind === 'success' ? 'project-success'
    : 'project-error'));

  async function refresh(notice) {
    data = await load();
    draw();
    if (notice) say(notice.kind, notice.text);
  }

  // --- header and actions -----------------------------------------------------------------
  function header() {
    const {project, workflow} = data;
    const state = workflow.states.find((s) => s.id === project.state);
    const days = daysSince(project.state_since);
    return h('header', {class: 'mb-3'},
      !outsider && h('a', {href: `#/board/${encodeURIComponent(project.workflow)}`, class: 'small',
        'data-testid': 'back-to-board'}, `← ${t('project.back_to_board')}`),
      h('h1', {class: 'h3 mt-1 pre-wrap', 'data-testid': 'project-title'}, project.title),
      h('div', {class: 'd-flex flex-wrap gap-2 align-items-center'},
        h('span', {}, `${t('project.workflow')}: ${label(workflow.label, workflow.id)}`),
        h('span', {class: 'badge text-bg-primary fs-6', 'data-testid': 'project-state',
          'data-state': project.state}, `${t('project.state')}: ${stateLabel(workflow, project.state)}`),
        project.state_since && h('span', {class: 'text-body-secondary'},
          t('project.since', {date: formatDate(project.state_since), days}))),
      state?.public_text && h('p', {class: 'mt-2 mb-0', 'data-testid': 'project-public-text'},
        label(state.public_text)));
  }

  function actions() {
    const {project, workflow} = data;
    const available = project.available_events ?? [];
    if (!writer) return null;
    const list = h('div', {class: 'd-flex flex-wrap gap-2'});
    const blocked = h('div', {class: 'mt-2'});
    if (!available.length) append(list, h('p', {class: 'mb-0'}, t('project.no_actions')));
    for (const entry of available) {
      const reasons = (entry.reasons ?? []).map((r) => label(r.message, r.guard));
      const reasonId = `reasons-${entry.event}`;
      append(list, h('button', {type: 'button', class: ['btn', entry.allowed ? 'btn-primary' : 'btn-outline-secondary'],
        disabled: !entry.allowed, 'data-testid': 'event-button', 'data-event': entry.event,
        'aria-describedby': entry.allowed ? null : reasonId,
        onclick: () => runEvent(entry.event)}, eventLabel(workflow, entry.event)));
      if (!entry.allowed) {
        append(blocked, h('div', {class: 'small mb-1', id: reasonId, 'data-testid': 'event-blocked',
          'data-event': entry.event},
        h('strong', {}, `${eventLabel(workflow, entry.event)} – ${t('project.blocked_because')} `),
        reasons.join(' ')));
      }
    }
    return section(t('project.actions'), 'project-actions', list, blocked);
  }

  async function runEvent(eventId) {
    const {project, workflow} = data;
    // Always through the dialog here: it confirms the step and takes an optional note.
    const extra = await askInputs(workflow, eventId);
    if (!extra) return;
    try {
      await applyEvent(project, eventId, extra);
      const after = await api.get(path);
      await refresh({kind: 'success', text: t('project.moved', {state: stateLabel(workflow, after.state)})});
    } catch (error) {
      if (error.status === 409) await refresh({kind: 'warning', text: t('error.conflict')});
      else say('danger', errorText(error));
    }
  }

  // --- facts ------------------------------------------------------------------------------
  function facts() {
    const {project, workflow, choices} = data;
    if (outsider) return null;
    const form = factsForm({workflowId: workflow.id, values: project, choices, editable: writer,
      testid: 'project-facts'});
    const formMessage = h('div', {'aria-live': 'polite'});
    const deadline = project.response_deadline && h('p', {'data-testid': 'fact-response_deadline'},
      `${t('fact.response_deadline')}: ${formatDate(project.response_deadline)}`);
    if (!writer) return section(t('project.facts'), 'facts', deadline, form.element);
    const submit = h('button', {type: 'submit', class: 'btn btn-primary', 'data-testid': 'save-facts'},
      t('project.save_facts'));
    return section(t('project.facts'), 'facts', deadline, h('form', {novalidate: true, onsubmit: async (event) => {
      event.preventDefault();
      const body = form.read(true);
      mount(formMessage);
      form.showErrors([]);
      if (!Object.keys(body).length) return;
      submit.disabled = true;
      try {
        await api.patch(path, body, {ifMatch: data.project.version});
        await refresh({kind: 'success', text: t('common.saved')});
      } catch (error) {
        if (error.status === 409) {
          await refresh({kind: 'warning', text: t('error.conflict')});
          return;
        }
        const rest = form.showErrors(error.errors);
        mount(formMessage, alertBox('danger', [errorText(error),
          rest.length ? h('ul', {class: 'mb-0'}, rest.map((e) => h('li', {}, fieldErrorText(e)))) : null], 'facts-error'));
      } finally {
        submit.disabled = false;
      }
    }}, form.element, formMessage, submit));
  }

  // --- history ----------------------------------------------------------------------------
  function timeline() {
    const {events, workflow} = data;
    const items = [...events].reverse().map((e) => {
      let what;
      if (e.kind === 'created') what = `${t('project.created')}: ${stateLabel(workflow, e.to_state)}`;
      else if (e.kind === 'updated') {
        what = t('project.updated', {fields: Object.keys(e.changes ?? {}).map((f) => t(`fact.${f}`)).join(', ')});
      } else {
        what = `${eventLabel(workflow, e.event)}: ${stateLabel(workflow, e.from_state)} → ${stateLabel(workflow,
          e.to_state)}`;
      }
      return h('li', {'data-testid': 'timeline-entry', 'data-kind': e.kind},
        h('div', {class: 'fw-semibold'}, what),
        h('div', {class: 'small text-body-secondary'}, `${formatDateTime(e.at)} ${e.actor ? t('project.by',
          {actor: e.actor}) : ''}`),
        e.reason && h('div', {class: 'small'}, t('project.reason', {reason: t(`reason.${e.reason}`)})),
        e.note && h('div', {class: 'small pre-wrap mt-1'}, visibilityBadge(e.visibility), ' ', e.note));
    });
    return section(t('project.timeline'), 'timeline', h('ol', {class: 'timeline mb-0'}, items));
  }

  // --- notes ------------------------------------------------------------------------------
  function notes() {
    const list = data.notes.length
      ? h('ul', {class: 'list-unstyled mb-3'}, [...data.notes].reverse().map((n) => h('li', {
        class: ['p-2 mb-2 rounded', n.visibility === 'public' ? 'note-public' : 'note-internal'],
        'data-testid': 'note', 'data-visibility': n.visibility},
      h('div', {class: 'd-flex flex-wrap gap-2 align-items-center small'}, visibilityBadge(n.visibility),
        h('span', {class: 'text-body-secondary'}, `${formatDateTime(n.created_at)} – ${n.author ?? ''}`)),
      h('div', {class: 'pre-wrap mt-1', 'data-testid': 'note-body'}, n.body))))
      : h('p', {}, t('project.no_notes'));
    const canWrite = writer || outsider;
    if (!canWrite) return section(t('project.notes'), 'notes', list);
    const body = h('textarea', {class: 'form-control', rows: 3, required: true, 'data-testid': 'note-input'});
    const radios = outsider ? null : h('fieldset', {class: 'mb-2'},
      h('legend', {class: 'form-label fs-6'}, t('project.visibility')),
      ['internal', 'public'].map((v) => {
        const input = h('input', {type: 'radio', class: 'form-check-input', name: 'note-visibility', value: v,
          id: `note-visibility-${v}`, checked: v === 'internal', 'data-testid': `note-visibility-${v}`});
        return h('div', {class: 'form-check'}, input,
          h('label', {class: 'form-check-label', for: input.id}, t(`project.note_${v}`)));
      }));
    const formMessage = h('div', {'aria-live': 'polite'});
    const form = h('form', {novalidate: true, 'data-testid': 'note-form', onsubmit: async (event) => {
      event.preventDefault();
      mount(formMessage);
      const visibility = outsider ? 'public'
        : form.querySelector('input[name=note-visibility]:checked')?.value ?? 'internal';
      try {
        await api.post(`${path}/notes`, {body: body.value, visibility});
        await refresh({kind: 'success', text: t('common.saved')});
      } catch (error) {
        showProblem(formMessage, error, {body});
      }
    }}, field({label: t('project.note_body'), control: body}), radios, formMessage,
    h('button', {type: 'submit', class: 'btn btn-outline-primary', 'data-testid': 'add-note'}, t('project.add_note')));
    return section(t('project.notes'), 'notes', list, form);
  }

  // --- activities -------------------------------------------------------------------------
  function activities() {
    if (outsider) return null;
    const rows = data.activities;
    const total = rows.reduce((sum, a) => sum + (Number(a.hours) || 0), 0);
    const table = rows.length ? h('div', {class: 'table-responsive'}, h('table', {class: 'table table-sm'},
      h('thead', {}, h('tr', {}, ['activity_date', 'activity_kind', 'activity_hours', 'activity_adviser',
        'activity_note'].map((k) => h('th', {scope: 'col'}, t(`project.${k}`))))),
      h('tbody', {}, rows.map((a) => h('tr', {'data-testid': 'activity'},
        h('td', {}, formatDate(a.date)), h('td', {}, t(`activity.${a.kind}`)),
        h('td', {}, formatNumber(a.hours, {maximumFractionDigits: 2})), h('td', {}, a.adviser ?? ''),
        h('td', {class: 'pre-wrap'}, a.note ?? '')))),
      h('caption', {}, t('project.total_hours', {hours: formatNumber(total, {maximumFractionDigits: 2})}))))
      : h('p', {}, t('project.no_activities'));
    if (!writer) return section(t('project.activities'), 'activities', table);
    const controls = {
      date: h('input', {type: 'date', class: 'form-control', value: today(), required: true,
        'data-testid': 'activity-date'}),
      kind: select(ACTIVITY_KINDS.map((k) => ({value: k, label: t(`activity.${k}`)})),
        {value: 'meeting', 'data-testid': 'activity-kind'}),
      hours: h('input', {type: 'number', class: 'form-control', min: 0, step: 0.25, value: '1', required: true,
        inputmode: 'decimal', 'data-testid': 'activity-hours'}),
      note: h('input', {type: 'text', class: 'form-control', 'data-testid': 'activity-note'}),
    };
    const formMessage = h('div', {'aria-live': 'polite'});
    const form = h('form', {novalidate: true, 'data-testid': 'activity-form', onsubmit: async (event) => {
      event.preventDefault();
      mount(formMessage);
      const body = {date: controls.date.value, kind: controls.kind.value,
        hours: Number(controls.hours.value.replace(',', '.'))};
      if (controls.note.value.trim()) body.note = controls.note.value;
      try {
        await api.post(`${path}/activities`, body);
        await refresh({kind: 'success', text: t('common.saved')});
      } catch (error) {
        showProblem(formMessage, error, controls);
      }
    }},
    h('div', {class: 'row g-2'},
      h('div', {class: 'col-6 col-md-3'}, field({label: t('project.activity_date'), control: controls.date})),
      h('div', {class: 'col-6 col-md-3'}, field({label: t('project.activity_kind'), control: controls.kind})),
      h('div', {class: 'col-6 col-md-2'}, field({label: t('project.activity_hours'), control: controls.hours})),
      h('div', {class: 'col-6 col-md-4'}, field({label: t('project.activity_note'), control: controls.note}))),
    formMessage,
    h('button', {type: 'submit', class: 'btn btn-outline-primary', 'data-testid': 'add-activity'},
      t('project.add_activity')));
    return section(t('project.activities'), 'activities', table, form);
  }

  // --- funding ----------------------------------------------------------------------------
  function funding() {
    if (outsider) return null;
    const sourceLabel = (code) => label(data.sources.find((s) => s.code === code)?.name, code);
    const statusOptions = FUNDING_STATUSES.map((s) => ({value: s, label: t(`funding.${s}`)}));
    const rows = data.funding.map((f) => {
      const cells = [h('td', {}, sourceLabel(f.source)), h('td', {class: 'text-end'}, formatMoney(f.amount_applied)),
        h('td', {class: 'text-end'}, formatMoney(f.amount_granted))];
      if (!writer) {
        return h('tr', {'data-testid': 'funding'}, cells, h('td', {}, t(`funding.${f.status}`)),
          h('td', {}, formatDate(f.decision_date)));
      }
      const status = select(statusOptions, {value: f.status, class: 'form-select form-select-sm funding-status',
        'aria-label': t('project.funding_status'), 'data-testid': 'funding-status'});
      const granted = h('input', {type: 'number', class: 'form-control form-control-sm', min: 0, step: 1000,
        value: f.amount_granted ?? '', 'aria-label': t('project.funding_granted'), 'data-testid': 'funding-granted'});
      const decision = h('input', {type: 'date', class: 'form-control form-control-sm', value: f.decision_date ?? '',
        'aria-label': t('project.funding_decision'), 'data-testid': 'funding-decision'});
      const update = h('button', {type: 'button', class: 'btn btn-sm btn-outline-primary',
        'data-testid': 'funding-update', onclick: async () => {
          const body = {status: status.value,
            amount_granted: granted.value === '' ? null : Number(granted.value),
            decision_date: decision.value || null};
          try {
            await api.patch(`${path}/funding-applications/${f.id}`, body, {ifMatch: f.version});
            await refresh({kind: 'success', text: t('common.saved')});
          } catch (error) {
            if (error.status === 409) await refresh({kind: 'warning', text: t('error.conflict')});
            else showProblem(fundingMessage, error, {status, amount_granted: granted, decision_date: decision});
          }
        }}, t('project.update_funding'));
      return h('tr', {'data-testid': 'funding'}, cells, h('td', {}, status), h('td', {}, decision, granted),
        h('td', {}, update));
    });
    const fundingMessage = h('div', {'aria-live': 'polite'});
    const table = rows.length ? h('div', {class: 'table-responsive'}, h('table', {class: 'table table-sm align-middle'},
      h('thead', {}, h('tr', {},
        h('th', {scope: 'col'}, t('project.funding_source')),
        h('th', {scope: 'col', class: 'text-end'}, t('project.funding_applied')),
        h('th', {scope: 'col', class: 'text-end'}, t('project.funding_granted')),
        h('th', {scope: 'col'}, t('project.funding_status')),
        h('th', {scope: 'col'}, writer ? `${t('project.funding_decision')} / ${t('project.funding_granted')}`
          : t('project.funding_decision')),
        writer && h('th', {scope: 'col'}, h('span', {class: 'visually-hidden'}, t('project.update_funding'))))),
      h('tbody', {}, rows))) : h('p', {}, t('project.no_funding'));
    if (!writer) return section(t('project.funding'), 'funding', table);
    const controls = {
      source: select(data.sources.filter((s) => s.active !== false).map((s) => ({value: s.code,
        label: label(s.name, s.code)})), {empty: '', required: true, 'data-testid': 'new-funding-source'}),
      amount_applied: h('input', {type: 'number', class: 'form-control', min: 0, step: 1000, required: true,
        inputmode: 'numeric', 'data-testid': 'new-funding-amount'}),
      status: select(statusOptions, {value: 'submitted', 'data-testid': 'new-funding-status'}),
    };
    const formMessage = h('div', {'aria-live': 'polite'});
    const form = h('form', {novalidate: true, 'data-testid': 'funding-form', onsubmit: async (event) => {
      event.preventDefault();
      mount(formMessage);
      const body = {source: controls.source.value, status: controls.status.value,
        amount_applied: controls.amount_applied.value === '' ? null : Number(controls.amount_applied.value)};
      try {
        await api.post(`${path}/funding-applications`, body);
        await refresh({kind: 'success', text: t('common.saved')});
      } catch (error) {
        showProblem(formMessage, error, controls);
      }
    }},
    h('div', {class: 'row g-2'},
      h('div', {class: 'col-12 col-md-5'}, field({label: t('project.funding_source'), control: controls.source})),
      h('div', {class: 'col-6 col-md-4'}, field({label: `${t('project.funding_applied')} (kr)`,
        control: controls.amount_applied})),
      h('div', {class: 'col-6 col-md-3'}, field({label: t('project.funding_status'), control: controls.status}))),
    formMessage,
    h('button', {type: 'submit', class: 'btn btn-outline-primary', 'data-testid': 'add-funding'},
      t('project.add_funding')));
    return section(t('project.funding'), 'funding', table, fundingMessage, form);
  }

  // --- contacts and invitations -----------------------------------------------------------
  function contacts() {
    if (outsider) return null;
    const inviteArea = h('div', {'aria-live': 'polite', 'data-testid': 'invite-result'});
    const list = data.contacts.length ? h('ul', {class: 'list-unstyled'}, data.contacts.map((c) => h('li', {
      class: 'border rounded p-2 mb-2', 'data-testid': 'contact', 'data-contact-id': String(c.id)},
    h('div', {class: 'fw-semibold'}, c.name),
    c.role && h('div', {class: 'small'}, c.role),
    c.email && h('div', {class: 'small'}, h('a', {href: `mailto:${c.email}`}, c.email)),
    c.phone && h('div', {class: 'small'}, c.phone),
    writer && h('button', {type: 'button', class: 'btn btn-sm btn-outline-primary mt-1', 'data-testid': 'invite',
      'aria-label': t('project.invite_for', {name: c.name}), disabled: !c.email,
      title: c.email ? null : t('project.invite_needs_email'),
      onclick: () => invite(c, inviteArea)}, t('project.invite')))))
      : h('p', {}, t('project.no_contacts'));
    if (!writer) return section(t('project.contacts'), 'contacts', list);
    const controls = {
      name: h('input', {type: 'text', class: 'form-control', required: true, autocomplete: 'off',
        'data-testid': 'contact-name'}),
      email: h('input', {type: 'email', class: 'form-control', autocomplete: 'off', 'data-testid': 'contact-email'}),
      phone: h('input', {type: 'tel', class: 'form-control', autocomplete: 'off', 'data-testid': 'contact-phone'}),
      role: h('input', {type: 'text', class: 'form-control', autocomplete: 'off', 'data-testid': 'contact-role'}),
    };
    const formMessage = h('div', {'aria-live': 'polite'});
    const form = h('form', {novalidate: true, 'data-testid': 'contact-form', onsubmit: async (event) => {
      event.preventDefault();
      mount(formMessage);
      const body = {name: controls.name.value};
      for (const key of ['email', 'phone', 'role']) if (controls[key].value.trim()) body[key] = controls[key].value;
      try {
        await api.post(`${path}/contacts`, body);
        await refresh({kind: 'success', text: t('common.saved')});
      } catch (error) {
        showProblem(formMessage, error, controls);
      }
    }},
    h('div', {class: 'row g-2'}, Object.entries(controls).map(([key, control]) => h('div', {class: 'col-12 col-md-6'},
      field({label: t(`project.contact_${key}`), control})))),
    formMessage,
    h('button', {type: 'submit', class: 'btn btn-outline-primary', 'data-testid': 'add-contact'},
      t('project.add_contact')));
    return section(t('project.contacts'), 'contacts', inviteArea, list, form);
  }

  async function invite(contact, area) {
    try {
      const answer = await api.post(`${path}/invitations`, {contact_id: contact.id});
      const link = `${location.origin}${answer.link}`;
      const input = h('input', {type: 'text', class: 'form-control invite-link', readonly: true, value: link,
        'data-testid': 'invite-link', 'aria-label': t('project.invite_for', {name: contact.name})});
      const copied = h('span', {class: 'small ms-2', 'aria-live': 'polite'});
      mount(area, h('div', {class: 'alert alert-success', 'data-testid': 'invite-success'},
        h('p', {class: 'mb-1'}, t('project.invite_link', {name: contact.name})), input,
        h('button', {type: 'button', class: 'btn btn-sm btn-outline-success mt-2', 'data-testid': 'invite-copy',
          onclick: async () => {
            input.select();
            try {
              await navigator.clipboard.writeText(link);
              copied.textContent = t('project.copied');
            } catch {
              copied.textContent = '';
            }
          }}, t('project.copy')), copied));
      input.focus();
      input.select();
    } catch (error) {
      mount(area, alertBox('danger', errorText(error), 'invite-error'));
    }
  }

  // --- the page ---------------------------------------------------------------------------
  function draw() {
    context.setTitle(data.project.title);
    mount(main, header(), message,
      h('div', {class: 'row'},
        h('div', {class: 'col-12 col-lg-7'}, actions(), facts(), funding(), contacts()),
        h('div', {class: 'col-12 col-lg-5'}, timeline(), notes(), activities())));
  }
  draw();
  return undefined;
}
