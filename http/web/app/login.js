// The login page: email and password against POST /api/v1/session.

import {currentUser, login} from './api.js';
import {errorText} from './errors.js';
import {t} from './i18n.js';
import {landingFor} from './router.js';
import {alertBox, field, h, mount} from './ui.js';

export function render(main, params, context) {
  context.setTitle(t('login.title'));
  const user = currentUser();
  if (user) {
    context.navigate(landingFor(user.role), {replace: true});
    return undefined;
  }
  const email = h('input', {type: 'email', class: 'form-control', name: 'email', autocomplete: 'username',
    required: true, 'data-testid': 'login-email'});
  const password = h('input', {type: 'password', class: 'form-control', name: 'password',
    autocomplete: 'current-password', required: true, 'data-testid': 'login-password'});
  const message = h('div', {'aria-live': 'assertive'});
  const submit = h('button', {type: 'submit', class: 'btn btn-primary', 'data-testid': 'login-submit'},
    t('login.submit'));
  const form = h('form', {class: 'card-body', novalidate: true, 'data-testid': 'login-form',
    onsubmit: async (event) => {
      event.preventDefault();
      mount(message);
      if (!email.value.trim() || !password.value) {
        mount(message, alertBox('danger', t('login.failed'), 'login-error'));
        return;
      }
      submit.disabled = true;
      try {
        await login(email.value.trim(), password.value);
        context.afterLogin();
      } catch (error) {
        let text = errorText(error);
        if (error.status === 401 || error.status === 400) text = t('login.failed');
        if (error.status === 429) text = t('login.throttled');
        mount(message, alertBox('danger', text, 'login-error'));
        password.value = '';
        password.focus();
      } finally {
        submit.disabled = false;
      }
    }},
  h('h1', {class: 'h3 mb-3'}, t('login.title')),
  message,
  field({label: t('login.email'), control: email}),
  field({label: t('login.password'), control: password}),
  submit);
  mount(main, h('div', {class: 'row justify-content-center'},
    h('div', {class: 'col-12 col-sm-10 col-md-7 col-lg-5'}, h('div', {class: 'card shadow-sm mt-4'}, form))));
  email.focus();
  return undefined;
}
