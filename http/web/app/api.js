// The one way the UI talks to the server: the public JSON API under /api/v1, as any integration
// would. JSON in and out, the session cookie (same origin), the session's CSRF token on writes,
// If-Match for versions, and problem+json turned into an ApiError a page can show.

import {lang} from './i18n.js';

export const API_BASE = '/api/v1';

/** An error answer of the API (RFC 9457 problem), or a network failure (status 0). */
export class ApiError extends Error {
  constructor(status, problem = {}) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.type = problem.type ?? '';
    this.title = problem.title ?? '';
    this.detail = problem.detail ?? '';
    /** Validation errors: [{field, code, message}]. */
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
    /** Failed guards of a refused transition: [{guard, field, message: {nb, en}}]. */
    this.reasons = Array.isArray(problem.reasons) ? problem.reasons : [];
    this.problem = problem;
  }
}

let session = null;  // {user: {id, email, name, role}, csrf_token, expires_at}
let unauthorizedHandler = () => {};

/** The signed-in session, or null. */
export function currentSession() {
  return session;
}

/** The signed-in user ({id, email, name, role}), or null. */
export function currentUser() {
  return session?.user ?? null;
}

/** Called (once per answer) when the API says 401 to anything but the session calls themselves. */
export function onUnauthorized(handler) {
  unauthorizedHandler = handler;
}

/**
 * Sends a request to the API. `path` is under /api/v1 ('/projects/12'), or absolute ('/api/...').
 * Options: method, body (sent as JSON), query (object; empty values left out), ifMatch (a version
 * number or ETag), idempotencyKey, headers. Resolves to the parsed JSON (null for 204); rejects
 * with ApiError.
 */
export async function request(path, {method = 'GET', body, query, ifMatch, idempotencyKey, headers = {},
  quiet401 = false} = {}) {
  let url = path.startsWith('/api/') ? path : `${API_BASE}${path}`;
  if (query) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined || value === null || value === '') continue;
      params.append(key, String(value));
    }
    const text = params.toString();
    if (text) url += (url.includes('?') ? '&' : '?') + text;
  }
  const sent = {Accept: 'application/json', 'Accept-Language': lang(), ...headers};
  if (body !== undefined) sent['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && session?.csrf_token) sent['X-CSRF-Token'] = session.csrf_token;
  if (ifMatch !== undefined && ifMatch !== null) {
    sent['If-Match'] = String(ifMatch).startsWith('"') ? String(ifMatch) : `"${ifMatch}"`;
  }
  if (idempotencyKey) sent['Idempotency-Key'] = idempotencyKey;

  let response;
  try {
    response = await fetch(url, {method, headers: sent, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body)});
  } catch (error) {
    throw new ApiError(0, {title: 'network', detail: String(error?.message ?? error)});
  }
  const type = response.headers.get('Content-Type') ?? '';
  let data = null;
  if (response.status !== 204) {
    const text = await response.text();
    if (text && type.includes('json')) {
      try {
        data = JSON.parse(text);
      } catch {
        data = null;
      }
    } else if (text) {
      data = text;
    }
  }
  if (!response.ok) {
    const problem = data && typeof data === 'object' ? data : {title: response.statusText};
    const error = new ApiError(response.status, problem);
    if (response.status === 401 && !quiet401) {
      session = null;
      unauthorizedHandler(error);
    }
    throw error;
  }
  return data;
}

export const api = {
  get: (path, query, options = {}) => request(path, {...options, query}),
  post: (path, body, options = {}) => request(path, {...options, method: 'POST', body}),
  patch: (path, body, options = {}) => request(path, {...options, method: 'PATCH', body}),
  put: (path, body, options = {}) => request(path, {...options, method: 'PUT', body}),
  delete: (path, options = {}) => request(path, {...options, method: 'DELETE'}),
};

/**
 * Every item of a paged list ({items, next_cursor}), following the cursors; at most `max` items.
 */
export async function getAll(path, query = {}, max = 5000) {
  const items = [];
  let cursor;
  do {
    const page = await api.get(path, {limit: 500, ...query, cursor});
    items.push(...(page?.items ?? []));
    cursor = page?.next_cursor ?? null;
  } while (cursor && items.length < max);
  return items;
}

/** The items of a list that is not paged (a project's notes, activities, funding, contacts). */
export async function listItems(path, query) {
  const page = await api.get(path, query);
  return page?.items ?? [];
}

/** A reference list (municipalities, focus-areas, nace-sections, funding-sources): its items. */
export async function referenceList(list) {
  const page = await api.get(`/reference/${encodeURIComponent(list)}`);
  return page?.items ?? [];
}

/** Asks who is signed in; the session or null. */
export async function loadSession() {
  try {
    session = await request('/session', {quiet401: true});
  } catch (error) {
    if (error.status === 401) session = null;
    else throw error;
  }
  return session;
}

/** Signs in; resolves to the session, rejects with ApiError (401 wrong credentials, 429 too many). */
export async function login(email, password) {
  session = await request('/session', {method: 'POST', body: {email, password}, quiet401: true});
  return session;
}

/** Takes the session an accepted invitation signed in (POST /invitations/accept answers it). */
export function adoptSession(newSession) {
  session = newSession;
}

/** Signs out on the server; forgets the session here whatever the answer. */
export async function logout() {
  try {
    await request('/session', {method: 'DELETE', quiet401: true});
  } finally {
    session = null;
  }
}

/** A fresh key for Idempotency-Key, so a retried click does not move a project twice. */
export function newIdempotencyKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
