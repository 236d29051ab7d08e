// Accepting an invitation (#/invitation/TOKEN): what the invitation is for, a password, and accept.
// The token travels only in the bodies of POST /invitations/preview and /accept, never in a URL
// the server sees (the hash stays in the browser).

import {adoptSession, api} from './api.js';
import {errorText} from './errors.js';
import {formatDateTime, t} from './i18n.js';
import {alertBox, field, h, mount, setFieldError} from './ui.js';

export async function render(main, params, context) {
  context.setTitle(t('invitation.title'));
  const token = params.token;
  let preview;
  try {
    preview = await api.post('/invitations/preview', {token});
  } catch (error) {
    const text = [400, 404, 410].includes(error.status) ? t('invitation.invalid') : errorText(error);
    mount(main, h('h1', {class: 'h3'}, t('invitation.title')), alertBox('danger', text, 'invitation-error'));
    return;
  }
  const title = preview.project_title ?? '';
  const email = preview.email ?? '';
  const existing = Boolean(preview.existing_account);
  const password = h('input', {type: 'password', class: 'form-control',
    autocomplete: existing ? 'current-password' : 'new-password', required: true, 'data-testid': 'invitation-password'});
  const again = h('input', {type: 'password', class: 'form-control', autocomplete: 'new-password',
    required: true, 'data-testid': 'invitation-password-again'});
  const message = h('div', {'aria-live': 'assertive'});
  const submit = h('button', {type: 'submit', class: 'btn btn-primary', 'data-testid': 'invitation-accept'},
    t('invitation.accept'));
  const form = h('form', {novalidate: true, 'data-testid': 'invitation-form', onsubmit: async (event) => {
    event.preventDefault();
    mount(message);
    setFieldError(password, '');
    setFieldError(again, '');
    if (!existing && password.value !== again.value) {
      setFieldError(again, t('invitation.mismatch'));
      again.focus();
      return;
    }
    submit.disabled = true;
    try {
      const session = await api.post('/invitations/accept', {token, password: password.value});
      adoptSession(session);
      context.flash(t('invitation.accepted'), 'success', {next: true});
      context.afterLogin();
    } catch (error) {
      const passwordError = error.errors?.find((e) => e.field === 'password');
      if (passwordError) {
        setFieldError(password, passwordError.message);
        password.focus();
      } else {
        const text = [404, 410].includes(error.status) ? t('invitation.invalid') : errorText(error);
        mount(message, alertBox('danger', text, 'invitation-error'));
      }
    } finally {
      submit.disabled = false;
    }
  }},
  message,
  // The login name, for password managers (hidden: it is shown above and cannot change).
  h('input', {type: 'email', class: 'visually-hidden', autocomplete: 'username', value: email, readonly: true,
    tabindex: '-1', 'aria-hidden': 'true'}),
  field({label: existing ? t('invitation.existing_password') : t('invitation.password'), control: password,
    help: existing ? t('invitation.existing_help') : t('invitation.password_help')}),
  !existing && field({label: t('invitation.password_again'), control: again}),
  submit);
  mount(main, h('div', {class: 'row justify-content-center'}, h('div', {class: 'col-12 col-md-8 col-lg-6'},
    h('div', {class: 'card shadow-sm mt-4'}, h('div', {class: 'card-body'},
      h('h1', {class: 'h3'}, t('invitation.title')),
      h('p', {'data-testid': 'invitation-project'}, t('invitation.intro', {title})),
      preview.contact_name && h('p', {'data-testid': 'invitation-name'}, preview.contact_name),
      email && h('p', {'data-testid': 'invitation-email'}, t('invitation.email', {email})),
      preview.expires_at && h('p', {class: 'text-body-secondary small'},
        t('invitation.expires', {date: formatDateTime(preview.expires_at)})),
      form)))));
}
