// The administration page (#/admin, administrators only), one tab at a time (#/admin?tab=tokens):
// users (list, create, disable and enable), API tokens (create, with the secret shown once;
// revoke), invitations of a project (list; invite a contact again, with the link shown once),
// focus areas (the reference list: add, rename, retire) and the strategic targets of a year.

import {api, referenceList} from './api.js';
import {errorText, fieldErrorText} from './errors.js';
import {addMessages, formatDateTime, formatNumber, label, t, today} from './i18n.js';
import texts from './i18n/admin.js';
import dashboardTexts from './i18n/dashboard.js';
import {alertBox, badge, field, h, mount, select} from './ui.js';

addMessages(dashboardTexts);  // the names of the targets' metrics
addMessages(texts);

/** The items of a list the API answers in one page (and that takes no paging parameters). */
async function listOf(path) {
  return (await api.get(path))?.items ?? [];
}

const TABS = ['users', 'tokens', 'invitations', 'focus_areas', 'targets'];
const ROLES = ['admin', 'adviser', 'management', 'entrepreneur'];
const TOKEN_ROLES = ['admin', 'adviser', 'management'];
const METRICS = ['establishments', 'innovation_projects_funded', 'nok_granted', 'median_liaison_response_days',
  'new_projects'];

const roleOptions = (roles) => roles.map((r) => ({value: r, label: t(`role.${r}`)}));
const th = (key) => h('th', {scope: 'col'}, t(key));

/** A form's submit handler that shows success or the API's error in `message`. */
function submitter(message, action) {
  return async (event) => {
    event.preventDefault();
    const button = event.submitter ?? event.target.querySelector('[type=submit]');
    if (button) button.disabled = true;
    mount(message);
    try {
      await action();
    } catch (error) {
      mount(message, alertBox('danger', apiErrorText(error), 'admin-error'));
    } finally {
      if (button) button.disabled = false;
    }
  };
}

/** The error's text, with the fields it names. */
function apiErrorText(error) {
  const fields = (error.errors ?? []).map((e) => `${e.field}: ${fieldErrorText(e)}`);
  return fields.length ? `${errorText(error)} (${fields.join('; ')})` : errorText(error);
}

function input(attrs) {
  return h('input', {class: 'form-control', ...attrs});
}

// --- Users -----------------------------------------------------------------------------------------

async function usersTab(box, message, rerender) {
  const users = await listOf('/users');
  const email = input({type: 'email', required: true, autocomplete: 'off', 'data-testid': 'user-email'});
  const name = input({type: 'text', 'data-testid': 'user-name'});
  const role = select(roleOptions(ROLES), {value: 'adviser', 'data-testid': 'user-role'});
  const password = input({type: 'password', required: true, autocomplete: 'new-password', minlength: '10',
    'data-testid': 'user-password'});
  const toggle = (user) => submitter(message, async () => {
    await api.patch(`/users/${user.id}`, {disabled: !user.disabled}, {ifMatch: user.version});
    await rerender(t('admin.user_changed', {email: user.email}));
  });
  mount(box,
    h('div', {class: 'table-responsive'}, h('table', {class: 'table table-sm align-middle', 'data-testid': 'users-table'},
      h('thead', {}, h('tr', {}, th('admin.email'), th('admin.name'), th('admin.role'), th('admin.status'),
        th('admin.actions'))),
      h('tbody', {}, users.map((u) => h('tr', {'data-testid': 'user-row', 'data-email': u.email},
        h('td', {}, u.email), h('td', {}, u.name), h('td', {}, t(`role.${u.role}`)),
        h('td', {}, u.disabled ? badge(t('admin.disabled'), 'secondary') : badge(t('admin.enabled'), 'success')),
        h('td', {}, h('form', {onsubmit: toggle(u)},
          h('button', {type: 'submit', class: 'btn btn-outline-secondary btn-sm', 'data-testid': 'user-toggle'},
            u.disabled ? t('admin.enable') : t('admin.disable'))))))))),
    h('h2', {class: 'h5 mt-3'}, t('admin.user_new')),
    h('form', {class: 'row g-2 align-items-end', 'data-testid': 'user-form', onsubmit: submitter(message, async () => {
      const body = {email: email.value.trim(), role: role.value, password: password.value};
      if (name.value.trim()) body.name = name.value.trim();
      await api.post('/users', body);
      await rerender(t('admin.user_created', {email: body.email}));
    })},
    h('div', {class: 'col-md-3'}, field({label: t('admin.email'), control: email})),
    h('div', {class: 'col-md-3'}, field({label: t('admin.name'), control: name})),
    h('div', {class: 'col-md-2'}, field({label: t('admin.role'), control: role})),
    h('div', {class: 'col-md-3'}, field({label: t('admin.password'), control: password, help: t('admin.password_help')})),
    h('div', {class: 'col-md-1 mb-3'}, h('button', {type: 'submit', class: 'btn btn-primary', 'data-testid': 'user-create'},
      t('admin.create')))));
}

// --- API tokens ------------------------------------------------------------------------------------

async function tokensTab(box, message, rerender) {
  const tokens = await listOf('/tokens');
  const name = input({type: 'text', required: true, 'data-testid': 'token-name'});
  const role = select(roleOptions(TOKEN_ROLES), {value: 'management', 'data-testid': 'token-role'});
  const secretBox = h('div', {'aria-live': 'polite'});
  const revoke = (token) => submitter(message, async () => {
    if (!window.confirm(t('admin.revoke_confirm', {name: token.name}))) return;
    await api.delete(`/tokens/${token.id}`);
    await rerender();
  });
  mount(box,
    secretBox,
    h('div', {class: 'table-responsive'}, h('table', {class: 'table table-sm align-middle', 'data-testid': 'tokens-table'},
      h('thead', {}, h('tr', {}, th('admin.name'), th('admin.role'), th('admin.token_prefix'),
        th('admin.token_created_by'), th('admin.token_created_at'), th('admin.token_last_used'), th('admin.status'),
        th('admin.actions'))),
      h('tbody', {}, tokens.map((tk) => h('tr', {'data-testid': 'token-row', 'data-token-id': tk.id},
        h('td', {}, tk.name), h('td', {}, t(`role.${tk.role}`)), h('td', {}, h('code', {}, `${tk.prefix}…`)),
        h('td', {}, tk.created_by), h('td', {}, formatDateTime(tk.created_at)),
        h('td', {}, tk.last_used_at ? formatDateTime(tk.last_used_at) : t('admin.never')),
        h('td', {}, tk.revoked_at ? badge(t('admin.token_revoked', {date: formatDateTime(tk.revoked_at)}), 'secondary')
          : badge(t('admin.token_active'), 'success')),
        h('td', {}, !tk.revoked_at && h('form', {onsubmit: revoke(tk)},
          h('button', {type: 'submit', class: 'btn btn-outline-danger btn-sm', 'data-testid': 'token-revoke'},
            t('admin.revoke'))))))))),
    h('h2', {class: 'h5 mt-3'}, t('admin.token_new')),
    h('form', {class: 'row g-2 align-items-end', 'data-testid': 'token-form', onsubmit: submitter(message, async () => {
      const created = await api.post('/tokens', {name: name.value.trim(), role: role.value});
      await rerender();
      // After the list is redrawn: the secret is in no list, only here, once.
      const secret = input({type: 'text', readonly: true, value: created.secret, 'data-testid': 'token-secret',
        onfocus: (e) => e.target.select()});
      mount(box.querySelector('[aria-live]') ?? secretBox,
        h('div', {class: 'alert alert-warning', role: 'alert'},
          h('p', {}, t('admin.token_secret', {name: created.name})), secret));
      secret.focus();
    })},
    h('div', {class: 'col-md-5'}, field({label: t('admin.token_name'), control: name})),
    h('div', {class: 'col-md-3'}, field({label: t('admin.role'), control: role})),
    h('div', {class: 'col-md-2 mb-3'}, h('button', {type: 'submit', class: 'btn btn-primary', 'data-testid': 'token-create'},
      t('admin.create')))));
}

// --- Invitations -----------------------------------------------------------------------------------

async function invitationsTab(box, message, rerender, query) {
  const projectId = /^\d+$/.test(query.get('project') ?? '') ? query.get('project') : '';
  const idInput = input({type: 'text', inputmode: 'numeric', value: projectId, 'data-testid': 'invitations-project'});
  const parts = [
    h('p', {class: 'text-body-secondary'}, t('admin.invitations_help')),
    h('form', {class: 'row g-2 align-items-end', onsubmit: (e) => {
      e.preventDefault();
      const id = idInput.value.trim();
      if (/^\d+$/.test(id)) location.hash = `#/admin?tab=invitations&project=${id}`;
    }},
    h('div', {class: 'col-md-3'}, field({label: t('admin.project_id'), control: idInput})),
    h('div', {class: 'col-md-2 mb-3'}, h('button', {type: 'submit', class: 'btn btn-outline-primary'}, t('admin.show')))),
  ];
  if (projectId) {
    const [project, invitations, contacts] = await Promise.all([
      api.get(`/projects/${projectId}`),
      listOf(`/projects/${projectId}/invitations`),
      listOf(`/projects/${projectId}/contacts`),
    ]);
    const linkBox = h('div', {'aria-live': 'polite'});
    const withEmail = contacts.filter((c) => c.email);
    const contact = select(withEmail.map((c) => ({value: c.id, label: `${c.name ?? ''} <${c.email}>`})),
      {'data-testid': 'invite-contact'});
    const now = new Date().toISOString();
    parts.push(
      h('h2', {class: 'h5'}, h('a', {href: `#/project/${project.id}`}, project.title)),
      linkBox,
      invitations.length ? h('table', {class: 'table table-sm', 'data-testid': 'invitations-table'},
        h('thead', {}, h('tr', {}, th('admin.email'), th('admin.token_created_by'), th('admin.token_created_at'),
          th('admin.expires'), th('admin.status'))),
        h('tbody', {}, invitations.map((i) => h('tr', {},
          h('td', {}, i.email), h('td', {}, i.created_by), h('td', {}, formatDateTime(i.created_at)),
          h('td', {}, formatDateTime(i.expires_at)),
          h('td', {}, i.used_at ? badge(t('admin.used'), 'success')
            : i.expires_at < now ? badge(t('admin.expired'), 'secondary') : badge(t('admin.open'), 'info'))))))
        : h('p', {}, t('admin.none')),
      withEmail.length ? h('form', {class: 'row g-2 align-items-end', onsubmit: submitter(message, async () => {
        const made = await api.post(`/projects/${projectId}/invitations`, {contact_id: Number(contact.value)});
        const link = `${location.origin}${made.link}`;
        await rerender();
        const box2 = document.querySelector('[data-testid="admin-tab"] [aria-live]');
        if (box2) {
          mount(box2, h('div', {class: 'alert alert-warning', role: 'alert'},
            h('p', {}, t('admin.invitation_link', {email: made.email})),
            input({type: 'text', readonly: true, value: link, 'data-testid': 'invitation-link'})));
        }
      })},
      h('div', {class: 'col-md-5'}, field({label: t('admin.contact'), control: contact})),
      h('div', {class: 'col-md-2 mb-3'}, h('button', {type: 'submit', class: 'btn btn-primary',
        'data-testid': 'invite-submit'}, t('admin.invite'))))
        : h('p', {}, t('admin.no_contacts')));
  }
  mount(box, parts);
}

// --- Focus areas -----------------------------------------------------------------------------------

async function focusAreasTab(box, message, rerender) {
  const areas = await referenceList('focus-areas');
  const code = input({type: 'text', required: true, autocomplete: 'off', 'data-testid': 'area-code'});
  const nb = input({type: 'text', required: true, 'data-testid': 'area-name-nb'});
  const en = input({type: 'text', 'data-testid': 'area-name-en'});
  const row = (area) => {
    const nameNb = input({type: 'text', value: area.name?.nb ?? '', 'aria-label': t('admin.name_nb'),
      'data-testid': 'area-edit-nb'});
    const nameEn = input({type: 'text', value: area.name?.en ?? '', 'aria-label': t('admin.name_en'),
      'data-testid': 'area-edit-en'});
    const active = h('input', {type: 'checkbox', class: 'form-check-input', checked: area.active,
      'aria-label': t('admin.active'), 'data-testid': 'area-edit-active'});
    const formId = `area-${area.code}`;
    return h('tr', {'data-testid': 'area-row', 'data-code': area.code},
      h('td', {}, h('code', {}, area.code)), h('td', {}, nameNb), h('td', {}, nameEn), h('td', {}, active),
      h('td', {}, h('form', {id: formId, onsubmit: submitter(message, async () => {
        await api.patch(`/reference/focus-areas/${encodeURIComponent(area.code)}`,
          {name_nb: nameNb.value.trim(), name_en: nameEn.value.trim(), active: active.checked});
        await rerender(t('admin.area_saved', {code: area.code}));
      })}, h('button', {type: 'submit', class: 'btn btn-outline-primary btn-sm', 'data-testid': 'area-save'},
        t('common.save')))));
  };
  mount(box,
    h('div', {class: 'table-responsive'}, h('table', {class: 'table table-sm align-middle', 'data-testid': 'areas-table'},
      h('thead', {}, h('tr', {}, th('admin.code'), th('admin.name_nb'), th('admin.name_en'), th('admin.active'),
        th('admin.actions'))),
      h('tbody', {}, areas.map(row)))),
    h('h2', {class: 'h5 mt-3'}, t('admin.area_new')),
    h('form', {class: 'row g-2 align-items-end', 'data-testid': 'area-form', onsubmit: submitter(message, async () => {
      const body = {code: code.value.trim(), name_nb: nb.value.trim()};
      if (en.value.trim()) body.name_en = en.value.trim();
      await api.post('/reference/focus-areas', body);
      await rerender(t('admin.area_saved', {code: body.code}));
    })},
    h('div', {class: 'col-md-2'}, field({label: t('admin.code'), control: code})),
    h('div', {class: 'col-md-4'}, field({label: t('admin.name_nb'), control: nb})),
    h('div', {class: 'col-md-4'}, field({label: t('admin.name_en'), control: en})),
    h('div', {class: 'col-md-2 mb-3'}, h('button', {type: 'submit', class: 'btn btn-primary', 'data-testid': 'area-create'},
      t('admin.create')))));
}

// --- Targets ---------------------------------------------------------------------------------------

async function targetsTab(box, message, rerender, query) {
  const year = /^\d{4}$/.test(query.get('year') ?? '') ? query.get('year') : today().slice(0, 4);
  const [targets, areas] = await Promise.all([api.get('/targets', {year}), referenceList('focus-areas')]);
  const areaOptions = areas.filter((a) => a.active).map((a) => ({value: a.code, label: label(a.name, a.code)}));
  const areaName = (c) => (c ? label(areas.find((a) => a.code === c)?.name, c) : t('admin.all_areas'));
  const yearInput = input({type: 'number', min: '2000', max: '2100', value: year, 'data-testid': 'targets-year'});
  const metric = select(METRICS.map((m) => ({value: m, label: t(`metric.${m}`)})), {'data-testid': 'target-metric'});
  const area = select(areaOptions, {empty: t('admin.all_areas'), 'data-testid': 'target-area'});
  const value = input({type: 'number', min: '0', step: 'any', required: true, 'data-testid': 'target-value'});
  const row = (target) => {
    const edit = input({type: 'number', min: '0', step: 'any', value: String(target.target_value),
      'aria-label': t('admin.target_value'), 'data-testid': 'target-edit-value'});
    return h('tr', {'data-testid': 'target-row', 'data-target-id': target.id},
      h('td', {}, t(`metric.${target.metric}`)), h('td', {}, areaName(target.focus_area)),
      h('td', {class: 'text-end small text-body-secondary'}, formatNumber(target.target_value)),
      h('td', {}, h('form', {class: 'd-flex gap-2', onsubmit: submitter(message, async () => {
        await api.patch(`/targets/${target.id}`, {target_value: Number(edit.value)}, {ifMatch: target.version});
        await rerender(t('admin.target_saved'));
      })}, edit, h('button', {type: 'submit', class: 'btn btn-outline-primary btn-sm', 'data-testid': 'target-save'},
        t('common.save')))),
      h('td', {}, h('form', {onsubmit: submitter(message, async () => {
        if (!window.confirm(t('admin.delete_confirm'))) return;
        await api.delete(`/targets/${target.id}`, {ifMatch: target.version});
        await rerender(t('admin.target_deleted'));
      })}, h('button', {type: 'submit', class: 'btn btn-outline-danger btn-sm', 'data-testid': 'target-delete'},
        t('common.delete')))));
  };
  mount(box,
    h('form', {class: 'row g-2 align-items-end', onsubmit: (e) => {
      e.preventDefault();
      if (/^\d{4}$/.test(yearInput.value)) location.hash = `#/admin?tab=targets&year=${yearInput.value}`;
    }},
    h('div', {class: 'col-md-2'}, field({label: t('admin.year'), control: yearInput})),
    h('div', {class: 'col-md-2 mb-3'}, h('button', {type: 'submit', class: 'btn btn-outline-primary'}, t('admin.show')))),
    targets.items.length ? h('div', {class: 'table-responsive'}, h('table', {class: 'table table-sm align-middle',
      'data-testid': 'targets-table'},
    h('thead', {}, h('tr', {}, th('admin.metric'), th('admin.focus_area'), th('admin.target_value'),
      th('common.edit'), th('admin.actions'))),
    h('tbody', {}, targets.items.map(row)))) : h('p', {}, t('admin.none')),
    h('h2', {class: 'h5 mt-3'}, t('admin.target_new')),
    h('form', {class: 'row g-2 align-items-end', 'data-testid': 'target-form', onsubmit: submitter(message, async () => {
      const body = {year: Number(year), metric: metric.value, target_value: Number(value.value)};
      if (area.value) body.focus_area = area.value;
      await api.post('/targets', body);
      await rerender(t('admin.target_saved'));
    })},
    h('div', {class: 'col-md-4'}, field({label: t('admin.metric'), control: metric})),
    h('div', {class: 'col-md-3'}, field({label: t('admin.focus_area'), control: area})),
    h('div', {class: 'col-md-3'}, field({label: t('admin.target_value'), control: value})),
    h('div', {class: 'col-md-2 mb-3'}, h('button', {type: 'submit', class: 'btn btn-primary',
      'data-testid': 'target-create'}, t('admin.create')))));
}

// --- The page --------------------------------------------------------------------------------------

const RENDERERS = {users: usersTab, tokens: tokensTab, invitations: invitationsTab, focus_areas: focusAreasTab,
  targets: targetsTab};

export async function render(main, params, context) {
  const tab = TABS.includes(context.query.get('tab')) ? context.query.get('tab') : 'users';
  context.setTitle(`${t('admin.title')}: ${t(`admin.tab_${tab}`)}`);
  const message = h('div', {'aria-live': 'polite', 'data-testid': 'admin-message'});
  const box = h('div', {'data-testid': 'admin-tab', 'data-tab': tab});
  const rerender = async (done) => {
    await RENDERERS[tab](box, message, rerender, context.query);
    mount(message, done ? alertBox('success', done, 'admin-done') : null);
  };
  await RENDERERS[tab](box, message, rerender, context.query);
  if (!context.isCurrent()) return undefined;
  mount(main, h('div', {'data-testid': 'admin-page'},
    h('h1', {class: 'h3'}, t('admin.title')),
    h('ul', {class: 'nav nav-tabs mb-3', 'data-testid': 'admin-tabs'},
      TABS.map((id) => h('li', {class: 'nav-item'}, h('a', {class: ['nav-link', id === tab && 'active'],
        href: `#/admin?tab=${id}`, 'aria-current': id === tab ? 'page' : null, 'data-testid': `admin-tab-${id}`},
      t(`admin.tab_${id}`))))),
    message,
    box));
  return undefined;
}
