// The shell: signs the user in, draws the navigation bar, and renders the page the location's
// hash names (see router.js and routes.js). Every page uses the public API through api.js.

import {currentUser, loadSession, logout, onUnauthorized} from './api.js';
import {errorText} from './errors.js';
import {lang, onLangChange, setLang, t} from './i18n.js';
import {landingFor, match, navFor, navigate} from './router.js';
import {alertBox, clear, focus, h, mount, spinner} from './ui.js';
import './routes.js';

const main = document.getElementById('main');
const navbar = document.getElementById('navbar');
const status = document.getElementById('status');

const AFTER_LOGIN_KEY = 'facilitator.after_login';
let cleanup = null;
let renderCount = 0;
let pendingFlash = null;

/**
 * Shows a short message above the page until the next navigation; kind: success, info, warning,
 * danger. With {next: true} it is shown on the page being navigated to instead.
 */
export function flash(message, kind = 'info', {next = false} = {}) {
  if (next) pendingFlash = {message, kind};
  else mount(status, alertBox(kind, message, 'flash'));
}

/** Where to go after signing in: the page the user asked for, or their role's start page. */
export function afterLogin() {
  let target = null;
  try {
    target = sessionStorage.getItem(AFTER_LOGIN_KEY);
    sessionStorage.removeItem(AFTER_LOGIN_KEY);
  } catch {
    target = null;
  }
  const user = currentUser();
  const found = target ? match(target) : null;
  const allowed = found && !found.page.isPublic && (!found.page.roles || found.page.roles.includes(user?.role));
  navigate(allowed ? target : landingFor(user?.role), {replace: true});
}

function rememberTarget(hash) {
  try {
    if (hash && !hash.startsWith('#/login')) sessionStorage.setItem(AFTER_LOGIN_KEY, hash);
  } catch {
    // no sessionStorage: the landing page will do
  }
}

function renderNav() {
  const user = currentUser();
  const hash = location.hash || '#/';
  const links = user ? navFor(user.role) : [];
  const collapseId = 'main-nav';
  const switchTo = lang() === 'nb' ? 'en' : 'nb';
  mount(navbar,
    h('nav', {class: 'navbar navbar-expand-md navbar-dark bg-primary', 'aria-label': t('app.menu')},
      h('div', {class: 'container-xl'},
        h('a', {class: 'navbar-brand fw-semibold', href: user ? landingFor(user.role) : '#/login',
          'data-testid': 'nav-home'}, t('app.name')),
        h('button', {class: 'navbar-toggler', type: 'button', 'data-bs-toggle': 'collapse',
          'data-bs-target': `#${collapseId}`, 'aria-controls': collapseId, 'aria-expanded': 'false',
          'aria-label': t('app.menu')}, h('span', {class: 'navbar-toggler-icon'})),
        h('div', {class: 'collapse navbar-collapse', id: collapseId},
          h('ul', {class: 'navbar-nav me-auto'},
            links.map((item) => {
              const active = item.active ? item.active.test(hash) : hash === item.href;
              return h('li', {class: 'nav-item'},
                h('a', {class: ['nav-link', active && 'active'], href: item.href, 'data-testid': item.testid,
                  'aria-current': active ? 'page' : null}, item.label()));
            })),
          h('div', {class: 'd-flex flex-wrap align-items-center gap-2'},
            user && h('span', {class: 'navbar-text small', 'data-testid': 'nav-user'},
              t('app.signed_in_as', {name: user.name || user.email, role: t(`role.${user.role}`)})),
            h('button', {type: 'button', class: 'btn btn-outline-light btn-sm', lang: switchTo,
              'aria-label': t('app.switch_to_label'), 'data-testid': 'lang-switch',
              onclick: () => setLang(switchTo)}, t('app.switch_to')),
            user && h('button', {type: 'button', class: 'btn btn-light btn-sm', 'data-testid': 'logout',
              onclick: onLogout}, t('app.logout')))))));
  const skip = document.querySelector('.skip-link');
  if (skip) skip.textContent = t('app.skip');
}

async function onLogout() {
  try {
    await logout();
  } catch {
    // the session is forgotten here either way
  }
  flash(t('logout.done'), 'success', {next: true});
  navigate('#/login');
}

async function runCleanup() {
  if (!cleanup) return;
  const done = cleanup;
  cleanup = null;
  try {
    await done();
  } catch {
    // a page that fails to tidy up must not stop the next one
  }
}

/** Renders the page of the current hash. */
async function render({keepStatus = false} = {}) {
  const count = ++renderCount;
  const hash = location.hash && location.hash.startsWith('#/') ? location.hash : '';
  const user = currentUser();
  const resetStatus = () => {
    if (keepStatus) return;
    clear(status);
    if (pendingFlash) mount(status, alertBox(pendingFlash.kind, pendingFlash.message, 'flash'));
    pendingFlash = null;
  };
  if (!hash) {
    navigate(user ? landingFor(user.role) : '#/login', {replace: true});
    return;
  }
  renderNav();
  await runCleanup();
  const found = match(hash);
  if (!found) {
    resetStatus();
    mount(main, alertBox('warning', t('app.not_found'), 'not-found'),
      h('a', {href: user ? landingFor(user.role) : '#/login'}, t('app.back_home')));
    return;
  }
  const {page, params, query} = found;
  if (!page.isPublic && !user) {
    rememberTarget(hash);
    navigate('#/login', {replace: true});
    return;
  }
  resetStatus();
  if (page.roles && !page.roles.includes(user.role)) {
    mount(main, alertBox('warning', t('app.forbidden'), 'forbidden'),
      h('a', {href: landingFor(user.role)}, t('app.back_home')));
    return;
  }
  mount(main, spinner(t('app.loading')));
  try {
    const module = typeof page.loader === 'function' ? await page.loader() : page.loader;
    if (count !== renderCount) return;  // the user went elsewhere meanwhile
    clear(main);
    const context = {
      user,
      query,
      navigate,
      flash,
      afterLogin,
      setTitle: (title) => {
        document.title = title ? `${title} – ${t('app.name')}` : t('app.name');
      },
      isCurrent: () => count === renderCount,
    };
    context.setTitle('');
    const result = await module.render(main, params, context);
    if (count !== renderCount) {
      if (typeof result === 'function') result();
      return;
    }
    cleanup = typeof result === 'function' ? result : null;
    // After navigation, start keyboard and screen-reader users at the page's heading (unless the page
    // put focus somewhere itself, e.g. on a form's first field).
    if (!keepStatus && !main.contains(document.activeElement)) focus(main.querySelector('h1') ?? main);
  } catch (error) {
    if (count !== renderCount) return;
    if (error?.status === 401) return;  // onUnauthorized has taken the user to the login page
    mount(main, alertBox('danger', errorText(error), 'page-error'));
    console.error(error);
  }
}

onUnauthorized(() => {
  rememberTarget(location.hash);
  renderNav();
  if (!location.hash.startsWith('#/login')) {
    flash(t('login.expired'), 'warning', {next: true});
    navigate('#/login');
  }
});

onLangChange(() => {
  renderNav();
  render({keepStatus: true});
});

window.addEventListener('hashchange', () => render());

document.querySelector('.skip-link')?.addEventListener('click', (event) => {
  event.preventDefault();  // the hash is the router's; move focus instead
  focus(main);
});

async function start() {
  mount(main, spinner(t('app.loading')));
  try {
    await loadSession();
  } catch (error) {
    mount(main, alertBox('danger', errorText(error), 'page-error'));
    return;
  }
  renderNav();
  await render();
}

start();
