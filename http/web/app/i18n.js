// Texts and formats. Norwegian bokmål by default; English by a switch remembered in localStorage.
// Dictionaries are split per module (i18n/common.js, i18n/board.js, ...): a module registers its own
// with addMessages(), so adding a page never touches another page's texts. Texts of the workflows
// (states, events, guards) come from the API's {nb, en} labels through label().

import common from './i18n/common.js';

const STORAGE_KEY = 'facilitator.lang';
export const LANGUAGES = ['nb', 'en'];
const LOCALES = {nb: 'nb-NO', en: 'en-GB'};

const messages = {nb: {}, en: {}};
const listeners = new Set();

let current = (() => {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    return LANGUAGES.includes(saved) ? saved : 'nb';
  } catch {
    return 'nb';
  }
})();

/** Adds a dictionary {nb: {key: text}, en: {key: text}}; later keys replace earlier ones. */
export function addMessages(dictionary) {
  for (const language of LANGUAGES) Object.assign(messages[language], dictionary[language] ?? {});
}
addMessages(common);

/** The current language: 'nb' or 'en'. */
export function lang() {
  return current;
}

/** The current locale for Intl ('nb-NO' or 'en-GB'). */
export function locale() {
  return LOCALES[current];
}

/** Switches the language, remembers it and tells the listeners (the app re-renders the page). */
export function setLang(language) {
  if (!LANGUAGES.includes(language) || language === current) return;
  current = language;
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // private mode: the switch still holds for this page
  }
  document.documentElement.lang = language;
  for (const listener of listeners) listener(language);
}

/** Calls `listener(language)` after every switch. Returns a function that removes it. */
export function onLangChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * The text for `key` in the current language, with {name} placeholders filled from `params`.
 * Falls back to bokmål, then to the key itself (so a missing text is visible, not blank).
 */
export function t(key, params = {}) {
  const text = messages[current][key] ?? messages.nb[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/** Whether a text exists for `key`. */
export function has(key) {
  return key in messages[current] || key in messages.nb;
}

/** The current language's text of a {nb, en} label from the API; `fallback` when there is none. */
export function label(value, fallback = '') {
  if (value === null || value === undefined) return fallback;
  if (typeof value === 'string') return value;
  return value[current] ?? value.nb ?? value.en ?? fallback;
}

/** 1 234 567 (nb) or 1,234,567 (en). */
export function formatNumber(value, options = {}) {
  if (value === null || value === undefined || value === '') return '';
  return new Intl.NumberFormat(locale(), options).format(value);
}

/** Whole kroner: 1 234 567 kr (nb) or NOK 1,234,567 (en). */
export function formatMoney(value) {
  if (value === null || value === undefined || value === '') return '';
  return new Intl.NumberFormat(locale(), {style: 'currency', currency: 'NOK', maximumFractionDigits: 0,
    minimumFractionDigits: 0}).format(value);
}

/** A percentage from a fraction: 0.25 → 25 %. */
export function formatPercent(fraction, digits = 0) {
  if (fraction === null || fraction === undefined) return '';
  return new Intl.NumberFormat(locale(), {style: 'percent', maximumFractionDigits: digits}).format(fraction);
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** 26.11.2026 (nb) or 26/11/2026 (en), from 'YYYY-MM-DD' or an RFC 3339 time (shown in Norway's time). */
export function formatDate(value) {
  if (!value) return '';
  const dateOnly = DATE_ONLY.test(value);
  const date = new Date(dateOnly ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return String(value);
  return new Intl.DateTimeFormat(locale(), {day: '2-digit', month: '2-digit', year: 'numeric',
    timeZone: dateOnly ? 'UTC' : 'Europe/Oslo'}).format(date);
}

/** 26.11.2026, 14:05 in Norway's time, from an RFC 3339 time. */
export function formatDateTime(value) {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return new Intl.DateTimeFormat(locale(), {day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit',
    minute: '2-digit', timeZone: 'Europe/Oslo'}).format(date);
}

/** Whole days from an RFC 3339 time until now (0 for today or the future). */
export function daysSince(value, now = Date.now()) {
  const then = new Date(value).getTime();
  if (Number.isNaN(then)) return 0;
  return Math.max(0, Math.floor((now - then) / 86400000));
}

/** Today as 'YYYY-MM-DD' in Norway's time, for date inputs. */
export function today() {
  return new Intl.DateTimeFormat('sv-SE', {timeZone: 'Europe/Oslo'}).format(new Date());
}

document.documentElement.lang = current;
