// API errors in words a person can act on.

import {label, t} from './i18n.js';

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
