// Asking the server to move a project: the inputs an event needs (a note, a reason) in a dialog,
// then POST /projects/{id}/transitions with If-Match and an Idempotency-Key. Used by the board
// (drag and the action menu) and the project page (the action buttons).

import {api, newIdempotencyKey} from './api.js';
import {label, t} from './i18n.js';
import {field, h, select, setFieldError} from './ui.js';

/** The workflow's definition of `eventId` ({id, label, inputs}), or a bare one. */
export function eventDef(workflow, eventId) {
  return workflow.events.find((e) => e.id === eventId) ?? {id: eventId, label: null, inputs: []};
}

/** The label of a state or event of `workflow` in the current language (the id when it has none). */
export function stateLabel(workflow, stateId) {
  return label(workflow.states.find((s) => s.id === stateId)?.label, stateId);
}
export function eventLabel(workflow, eventId) {
  return label(eventDef(workflow, eventId).label, eventId);
}

/** The transitions of `workflow` that leave `state`, one per event (the first target when several). */
export function eventsFrom(workflow, state) {
  const seen = new Map();
  for (const tr of workflow.transitions) {
    if (tr.from === state && !seen.has(tr.event)) seen.set(tr.event, tr);
  }
  return [...seen.values()];
}

/** Whether an event needs something from the user before it can be sent. */
export function needsInput(workflow, eventId) {
  return eventDef(workflow, eventId).inputs.some((input) => input.required);
}

/**
 * Shows a dialog for the inputs of `eventId` (reason, note, whether the note is public). Resolves
 * to the body fields ({note, reason, visibility}) or null when cancelled.
 */
export function askInputs(workflow, eventId, {title, optionalNote = true} = {}) {
  const def = eventDef(workflow, eventId);
  const inputs = Object.fromEntries(def.inputs.map((input) => [input.field, input]));
  const controls = {};
  const body = h('div', {class: 'modal-body'});
  if (inputs.reason) {
    controls.reason = select((inputs.reason.allowed_values ?? []).map((value) => ({value,
      label: t(`reason.${value}`)})), {empty: '', required: true, 'data-testid': 'transition-reason'});
    body.append(field({label: t('transition.reason'), control: controls.reason}));
  }
  if (inputs.note || optionalNote) {
    controls.note = h('textarea', {class: 'form-control', rows: 4, 'data-testid': 'transition-note',
      required: Boolean(inputs.note?.required)});
    body.append(field({label: inputs.note?.required ? t('transition.note_required') : t('transition.note'),
      control: controls.note}));
    controls.visibility = h('input', {type: 'checkbox', class: 'form-check-input',
      'data-testid': 'transition-public'});
    body.append(field({label: t('transition.public'), control: controls.visibility}));
  }
  const titleId = `dialog-title-${Date.now()}`;
  const confirm = h('button', {type: 'submit', class: 'btn btn-primary', 'data-testid': 'transition-confirm'},
    eventLabel(workflow, eventId));
  const form = h('form', {class: 'modal-content', novalidate: true},
    h('div', {class: 'modal-header'},
      h('h2', {class: 'modal-title h5', id: titleId}, title ?? eventLabel(workflow, eventId)),
      h('button', {type: 'button', class: 'btn-close', 'data-bs-dismiss': 'modal', 'aria-label': t('common.close')})),
    body,
    h('div', {class: 'modal-footer'},
      h('button', {type: 'button', class: 'btn btn-outline-secondary', 'data-bs-dismiss': 'modal',
        'data-testid': 'transition-cancel'}, t('common.cancel')),
      confirm));
  const dialog = h('div', {class: 'modal fade', tabindex: '-1', 'aria-labelledby': titleId, 'aria-modal': 'true',
    role: 'dialog', 'data-testid': 'transition-dialog'}, h('div', {class: 'modal-dialog'}, form));
  document.body.append(dialog);
  const modal = new window.bootstrap.Modal(dialog);
  return new Promise((resolve) => {
    let result = null;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      let ok = true;
      if (controls.reason) {
        setFieldError(controls.reason, controls.reason.value ? '' : t('transition.reason_missing'));
        ok &&= Boolean(controls.reason.value);
      }
      if (controls.note && inputs.note?.required) {
        const missing = !controls.note.value.trim();
        setFieldError(controls.note, missing ? t('transition.note_missing') : '');
        ok &&= !missing;
      }
      if (!ok) return;
      result = {};
      if (controls.reason) result.reason = controls.reason.value;
      if (controls.note && controls.note.value.trim()) {
        result.note = controls.note.value;
        result.visibility = controls.visibility.checked ? 'public' : 'internal';
      }
      modal.hide();
    });
    dialog.addEventListener('shown.bs.modal', () => (controls.reason ?? controls.note ?? confirm).focus());
    dialog.addEventListener('hidden.bs.modal', () => {
      modal.dispose();
      dialog.remove();
      resolve(result);
    });
    modal.show();
  });
}

/**
 * Applies `eventId` to `project` (which must carry id and version), with `extra` body fields.
 * Resolves to the server's answer (the project after the move); rejects with ApiError (422 with
 * `reasons` when a guard refuses, 409 when the version is stale).
 */
export function applyEvent(project, eventId, extra = {}) {
  return api.post(`/projects/${project.id}/transitions`, {event: eventId, ...extra},
    {ifMatch: project.version, idempotencyKey: newIdempotencyKey()});
}
