// API errors in words a person can act on.

import {addMessages, has, label, lang, t} from './i18n.js';
import validationTexts from './i18n/validation.js';

addMessages(validationTexts);

/**
 * A field error of the server ({field, code, message}) in the current language: bokmål by its
 * code (and field) where there is a text for it, otherwise the server's own words.
 */
export function fieldErrorText(error) {
  if (lang() === 'en' || !error?.code) return error?.message ?? '';
  const n = /\d+/.exec(error.message ?? '')?.[0];
  const special = `validation.${error.code}.${error.field}`;
  if (has(special)) return t(special, {n});
  const general = `validation.${error.code}`;
  // A text that names the server's number only where the server named one.
  if (has(general) && (n !== undefined || !t(general).includes('{n}'))) return t(general, {n});
  return error.message ?? '';
}

/** The failed guards of a refused transition, as sentences ([] when there are none). */
export function reasonTexts(error) {
  return (error?.reasons ?? []).map((reason) => label(reason.message, reason.guard ?? '')).filter(Boolean);
}

/** One message for an error: the guards' reasons, the server's detail, or a general text by status. */
export function errorText(error) {
  if (!error) return t('error.generic');
  const reasons = reasonTexts(error);
  if (reasons.length) return reasons.join(' ');
  switch (error.status) {
    case 0: return t('error.network');
    case 403: return t('error.forbidden');
    case 404: return t('error.not_found');
    case 409: return t('error.conflict');
    default: break;
  }
  if (error.status === 400 && error.errors?.length) return t('error.validation');
  return error.detail || error.title || t('error.generic');
}
