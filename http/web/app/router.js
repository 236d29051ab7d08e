// The hash router and the registry of pages. A page module registers itself (or is registered in
// routes.js) with a pattern; the app renders it when the location's hash matches:
//
//   registerPage('#/dashboard', () => import('./dashboard.js'), {roles: ['management', 'admin']});
//   registerPage('#/project/:id', () => import('./project.js'));
//
// A page module exports `render(main, params, context)`: `main` is the <main> element to fill,
// `params` the pattern's named parts (decoded), `context` {user, navigate, setTitle, query}. It may
// return a function (or a promise of one) that the router calls before the next page renders
// (to destroy charts, drag handlers, timers). Patterns are matched in registration order.

const pages = [];
const navItems = [];

/**
 * Registers a page. `loader` is a module or a function returning one (a dynamic import).
 * Options: roles (the roles that may open it; all signed-in users when absent), public (true: no
 * sign-in needed, e.g. the login page).
 */
export function registerPage(pattern, loader, {roles, public: isPublic = false} = {}) {
  const names = [];
  const source = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, (whole, name) => {
    names.push(name);
    return '([^/?]+)';
  });
  pages.push({pattern, regex: new RegExp(`^${source}/?$`), names, loader, roles, isPublic});
}

/**
 * Adds a link to the navigation bar: {href, label (a function returning the text, called at each
 * render so it follows the language), roles, testid, order}.
 */
export function registerNav(item) {
  navItems.push(item);
  navItems.sort((a, b) => (a.order ?? 100) - (b.order ?? 100));
}

/** The navigation links a role sees. */
export function navFor(role) {
  return navItems.filter((item) => !item.roles || item.roles.includes(role));
}

/** The page for a hash ('#/project/12?tab=notes'), with its params and query; null when none matches. */
export function match(hash) {
  const [path, queryText = ''] = hash.split('?');
  for (const page of pages) {
    const found = page.regex.exec(path);
    if (!found) continue;
    const params = {};
    page.names.forEach((name, i) => {
      params[name] = decodeURIComponent(found[i + 1]);
    });
    return {page, params, query: new URLSearchParams(queryText)};
  }
  return null;
}

/** Goes to a hash route ('#/project/12'); the app renders it on hashchange. */
export function navigate(hash, {replace = false} = {}) {
  if (replace) {
    history.replaceState(null, '', hash);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else if (location.hash === hash) {
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    location.hash = hash;
  }
}

/** The start page of a role: advisers their board, entrepreneurs their page, and so on. */
export function landingFor(role) {
  switch (role) {
    case 'adviser': return '#/board/establishment';
    case 'entrepreneur': return '#/me';
    case 'management': return '#/dashboard';
    case 'admin': return '#/admin';
    default: return '#/login';
  }
}
