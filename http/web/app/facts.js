// The facts of a project as a form: for the project page (PATCH) and the new project form (POST).
// Labels are this module's; the choices (municipalities, focus areas, NACE sections, companies)
// come from the API's reference lists, and validation messages from the server's `errors`.

import {api, referenceList} from './api.js';
import {fieldErrorText} from './errors.js';
import {label, t} from './i18n.js';
import {field, h, mount, select, setFieldError, uid} from './ui.js';

const COMPANY_SUGGESTIONS = 20;

/** The fields, in the order shown; `workflows` limits a field to some workflows. */
export const FACTS = [
  {name: 'title', type: 'text', required: true, maxlength: 200},
  {name: 'adviser', type: 'text', autocomplete: 'off'},
  {name: 'company_id', type: 'company'},
  {name: 'municipality', type: 'select', list: 'municipalities'},
  {name: 'focus_area', type: 'select', list: 'focus-areas'},
  {name: 'nace_section', type: 'select', list: 'nace-sections'},
  {name: 'organisation_number', type: 'text', inputmode: 'numeric', maxlength: 11},
  {name: 'registration_date', type: 'date'},
  {name: 'business_plan_complete', type: 'checkbox', workflows: ['establishment']},
  {name: 'self_financed', type: 'checkbox', workflows: ['establishment']},
  {name: 'municipal_unit', type: 'text', workflows: ['liaison']},
  {name: 'result_summary', type: 'textarea'},
  {name: 'external_ref', type: 'text'},
];

/** The choices the form needs: the reference lists, and the project's company (`companyId`) if any. */
export async function loadChoices(companyId = null) {
  const [municipalities, focusAreas, naceSections, company] = await Promise.all([
    referenceList('municipalities'), referenceList('focus-areas'), referenceList('nace-sections'),
    companyId ? api.get(`/companies/${companyId}`).catch(() => null) : null,
  ]);
  return {municipalities, 'focus-areas': focusAreas, 'nace-sections': naceSections,
    companies: company ? [company] : []};
}

/** A company as shown and chosen: "Name (organisation number)". */
function companyLabel(company) {
  return company.organisation_number ? `${company.name} (${company.organisation_number})` : company.name;
}

/**
 * The company field: a search box with the companies matching what is typed as suggestions (GET
 * /companies?q=), since a region registers tens of thousands, too many for a list. Its value
 * for the API (`companyId`) is the chosen company's id, null when empty, and 0 for text that names
 * no company, which the server refuses with a message under the field.
 */
function companyControl(common, current, value) {
  const suggestions = h('datalist', {id: uid('companies')});
  const byLabel = new Map(current ? [[companyLabel(current), current.id]] : []);
  const input = h('input', {...common, type: 'search', class: 'form-control', list: suggestions.id,
    autocomplete: 'off', placeholder: t('fact.company_id.placeholder'),
    value: current ? companyLabel(current) : value ? `#${value}` : ''});
  input.companyId = value ?? null;
  let timer;
  let asked = 0;
  input.addEventListener('input', () => {
    const text = input.value.trim();
    input.companyId = byLabel.get(input.value) ?? (text === '' ? null : 0);
    clearTimeout(timer);
    if (text.length < 2 || byLabel.has(input.value)) return;
    timer = setTimeout(async () => {
      const ask = ++asked;
      try {
        const page = await api.get('/companies', {q: text, limit: COMPANY_SUGGESTIONS});
        if (ask !== asked) return;
        for (const company of page.items ?? []) byLabel.set(companyLabel(company), company.id);
        mount(suggestions, (page.items ?? []).map((company) => h('option', {value: companyLabel(company)})));
        input.companyId = byLabel.get(input.value) ?? input.companyId;
      } catch {
        // suggestions only: the server still checks what is sent
      }
    }, 200);
  });
  return {input, suggestions};
}

function options(list) {
  return list.filter((item) => item.active !== false).map((item) => ({value: item.code,
    label: item.code.length === 1 ? `${item.code} – ${label(item.name, item.code)}` : label(item.name, item.code)}));
}

/**
 * A facts form. `values` the current values (a project, or {} for a new one); `choices` from
 * loadChoices(); `editable` false shows the values read-only. Returns {element, read(changedOnly),
 * showErrors(errors), controls}.
 */
export function factsForm({workflowId, values = {}, choices, editable = true, testid = 'facts-form'}) {
  const controls = {};
  const fields = [];
  for (const fact of FACTS) {
    if (fact.workflows && !fact.workflows.includes(workflowId)) continue;
    const value = values[fact.name];
    let control;
    let extra = null;
    const common = {name: fact.name, disabled: !editable, 'data-testid': `fact-${fact.name}`};
    if (fact.type === 'select') {
      const list = options(choices[fact.list] ?? []);
      if (value && !list.some((o) => o.value === value)) list.push({value, label: value});
      control = select(list, {...common, value: value ?? '', empty: t('common.none')});
    } else if (fact.type === 'company') {
      const company = companyControl(common, (choices.companies ?? []).find((c) => c.id === value), value);
      control = company.input;
      extra = company.suggestions;
    } else if (fact.type === 'checkbox') {
      control = h('input', {...common, type: 'checkbox', class: 'form-check-input', checked: Boolean(value)});
    } else if (fact.type === 'textarea') {
      control = h('textarea', {...common, class: 'form-control', rows: 3});
      control.value = value ?? '';
    } else {
      control = h('input', {...common, type: fact.type, class: 'form-control', required: fact.required,
        maxlength: fact.maxlength, inputmode: fact.inputmode, autocomplete: fact.autocomplete,
        value: value ?? ''});
    }
    controls[fact.name] = control;
    const wide = fact.type === 'textarea' || fact.name === 'title';
    fields.push(h('div', {class: wide ? 'col-12' : 'col-12 col-md-6'},
      field({label: fact.required ? `${t(`fact.${fact.name}`)} (${t('common.required')})` : t(`fact.${fact.name}`),
        control, help: t(`fact.${fact.name}.help`) === `fact.${fact.name}.help` ? null : t(`fact.${fact.name}.help`),
        testid: `field-${fact.name}`}), extra));
  }

  function valueOf(name) {
    const control = controls[name];
    if (control.type === 'checkbox') return control.checked;
    if (name === 'company_id') return control.companyId;
    const text = control.value;
    // A required text left blank goes as it is, so the server says it is required (null would be
    // the wrong type for it); an optional one left blank is cleared.
    if (text.trim() === '') return FACTS.find((f) => f.name === name)?.required ? text : null;
    return text;
  }

  /** The values as the API takes them; with changedOnly, only those that differ from `values`. */
  function read(changedOnly = false) {
    const body = {};
    for (const name of Object.keys(controls)) {
      const next = valueOf(name);
      const before = values[name] ?? (controls[name].type === 'checkbox' ? false : null);
      if (changedOnly && next === before) continue;
      if (!changedOnly && (next === null || next === false)) continue;
      body[name] = next;
    }
    return body;
  }

  /** Shows the server's validation errors ([{field, message}]) under their fields; the rest are returned. */
  function showErrors(errors = []) {
    for (const control of Object.values(controls)) setFieldError(control, '');
    const unplaced = [];
    let first = null;
    for (const error of errors) {
      const control = controls[error.field];
      if (control) {
        setFieldError(control, fieldErrorText(error));
        first ??= control;
      } else {
        unplaced.push(error);
      }
    }
    first?.focus();
    return unplaced;
  }

  const element = h('div', {class: 'row g-2', 'data-testid': testid}, fields);
  return {element, read, showErrors, controls};
}
