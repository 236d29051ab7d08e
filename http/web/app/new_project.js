// The new project form (#/new/WORKFLOW): the facts of a project, created with POST /api/v1/projects
// in the workflow's initial state; then the project page.

import {api} from './api.js';
import {errorText, fieldErrorText} from './errors.js';
import {addMessages, label, t} from './i18n.js';
import projectTexts from './i18n/project.js';
import {factsForm, loadChoices} from './facts.js';
import {alertBox, h, mount} from './ui.js';

addMessages(projectTexts);

export async function render(main, params, context) {
  const [workflows, workflow, choices] = await Promise.all([
    api.get('/workflows'),
    api.get(`/workflows/${encodeURIComponent(params.workflow)}`),
    loadChoices(),
  ]);
  const title = t('new.title', {workflow: label(workflow.label, workflow.id)});
  context.setTitle(title);
  const form = factsForm({workflowId: workflow.id, values: {adviser: context.user.email}, choices,
    testid: 'new-project-facts'});
  const message = h('div', {'aria-live': 'polite'});
  const submit = h('button', {type: 'submit', class: 'btn btn-primary', 'data-testid': 'create-project'},
    t('new.create'));
  mount(main,
    h('h1', {class: 'h3'}, title),
    h('nav', {'aria-label': t('new.workflow'), class: 'mb-3'},
      h('ul', {class: 'nav nav-pills', 'data-testid': 'new-workflows'}, (workflows.items ?? []).map((w) =>
        h('li', {class: 'nav-item'}, h('a', {class: ['nav-link', w.id === workflow.id && 'active'],
          href: `#/new/${encodeURIComponent(w.id)}`, 'aria-current': w.id === workflow.id ? 'page' : null,
          'data-testid': `new-workflow-${w.id}`}, label(w.label, w.id)))))),
    h('form', {novalidate: true, 'data-testid': 'new-project-form', onsubmit: async (event) => {
      event.preventDefault();
      mount(message);
      form.showErrors([]);
      submit.disabled = true;
      try {
        const project = await api.post('/projects', {workflow: workflow.id, ...form.read(false)});
        context.flash(t('new.created', {title: project.title}), 'success', {next: true});
        context.navigate(`#/project/${project.id}`);
      } catch (error) {
        const rest = form.showErrors(error.errors);
        mount(message, alertBox('danger', [errorText(error),
          rest.length ? h('ul', {class: 'mb-0'}, rest.map((e) => h('li', {}, fieldErrorText(e)))) : null], 'new-project-error'));
      } finally {
        submit.disabled = false;
      }
    }}, form.element, message, submit));
  form.controls.title.focus();
}
