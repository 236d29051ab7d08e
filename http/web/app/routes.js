// Every page of the UI and the navigation links, in one place. A new page is one registerPage()
// line (and a registerNav() line when it belongs in the bar); its module is loaded when first
// opened. See router.js for what a page module exports.

import {registerNav, registerPage} from './router.js';
import {t} from './i18n.js';

const STAFF = ['admin', 'adviser', 'management'];
const WRITERS = ['admin', 'adviser'];

registerPage('#/login', () => import('./login.js'), {public: true});
registerPage('#/invitation/:token', () => import('./invitation.js'), {public: true});

registerPage('#/board/:workflow', () => import('./board.js'), {roles: STAFF});
registerPage('#/project/:id', () => import('./project.js'));
registerPage('#/new/:workflow', () => import('./new_project.js'), {roles: WRITERS});

registerPage('#/me', () => import('./entrepreneur.js'), {roles: ['entrepreneur']});
registerPage('#/dashboard', () => import('./dashboard.js'), {roles: STAFF});
registerPage('#/admin', () => import('./admin.js'), {roles: ['admin']});

registerNav({href: '#/board/establishment', label: () => t('nav.board'), roles: STAFF, testid: 'nav-board',
  order: 10, active: /^#\/board\//});
registerNav({href: '#/new/establishment', label: () => t('nav.new_project'), roles: WRITERS,
  testid: 'nav-new-project', order: 20, active: /^#\/new\//});
registerNav({href: '#/me', label: () => t('nav.me'), roles: ['entrepreneur'], testid: 'nav-me', order: 10});
registerNav({href: '#/dashboard', label: () => t('nav.dashboard'), roles: STAFF, testid: 'nav-dashboard',
  order: 30});
registerNav({href: '#/admin', label: () => t('nav.admin'), roles: ['admin'], testid: 'nav-admin', order: 40,
  active: /^#\/admin/});
