// Small DOM helpers. Every element is built with textContent and attributes, never innerHTML
// with data, so a title or a note holding HTML or script shows as the text it is.

/**
 * Builds an element: h('button', {class: 'btn', 'data-testid': 'save', onclick: fn}, 'Lagre').
 * Attributes: `class`, `text` (textContent), `style` (an object, set through CSSOM: the CSP forbids
 * inline style attributes), `dataset` (an object), `on<event>` (listeners), booleans (`disabled`,
 * `checked`, `hidden`, `required`, `selected`: set when true), anything else with setAttribute.
 * Children: nodes, strings (as text), numbers, arrays of these; null, undefined and false are skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    else if (name === 'text') el.textContent = String(value);
    else if (name === 'style') setStyle(el, value);
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'value' && 'value' in el) el.value = value;
    else if (value === true) {
      if (name in el && typeof el[name] === 'boolean') el[name] = true;
      else el.setAttribute(name, '');
    } else el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

/** Appends children (nodes, text, arrays) to `el`; returns `el`. */
export function append(el, ...children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Removes every child of `el`; returns `el`. */
export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** Replaces the children of `el`. */
export function mount(el, ...children) {
  clear(el);
  return append(el, ...children);
}

/** Sets inline styles through CSSOM (allowed under the CSP, unlike style="" in markup). */
export function setStyle(el, styles) {
  for (const [prop, value] of Object.entries(styles)) el.style.setProperty(prop, value);
  return el;
}

/** A Bootstrap alert; `kind` is success, danger, warning or info. Errors are announced. */
export function alertBox(kind, message, testid = 'message') {
  const role = kind === 'danger' || kind === 'warning' ? 'alert' : 'status';
  return h('div', {class: `alert alert-${kind}`, role, 'data-testid': testid}, message);
}

/** A loading indicator with a text for screen readers. */
export function spinner(text) {
  return h('div', {class: 'd-flex align-items-center gap-2 my-3', role: 'status', 'data-testid': 'loading'},
    h('div', {class: 'spinner-border spinner-border-sm', 'aria-hidden': 'true'}), h('span', {text}));
}

let fieldCounter = 0;
/** A unique id for a form control, so its label can point at it. */
export function uid(prefix = 'f') {
  fieldCounter += 1;
  return `${prefix}-${fieldCounter}`;
}

/**
 * A labelled form field: {label, control, help, error, testid}. The control gets an id when it
 * has none; help and error texts are tied to it with aria-describedby.
 */
export function field({label, control, help, testid}) {
  if (!control.id) control.id = uid();
  const described = [];
  const wrapper = h('div', {class: 'mb-3', 'data-testid': testid});
  const isCheck = control.type === 'checkbox';
  const labelEl = h('label', {class: isCheck ? 'form-check-label' : 'form-label', for: control.id}, label);
  if (isCheck) {
    wrapper.classList.add('form-check');
    append(wrapper, control, labelEl);
  } else {
    append(wrapper, labelEl, control);
  }
  if (help) {
    const helpEl = h('div', {class: 'form-text', id: `${control.id}-help`}, help);
    described.push(helpEl.id);
    append(wrapper, helpEl);
  }
  const errorEl = h('div', {class: 'invalid-feedback', id: `${control.id}-error`, 'data-testid': 'field-error'});
  described.push(errorEl.id);
  append(wrapper, errorEl);
  control.setAttribute('aria-describedby', described.join(' '));
  return wrapper;
}

/** Shows (or, with an empty message, clears) a validation message under a field's control. */
export function setFieldError(control, message) {
  const errorEl = document.getElementById(`${control.id}-error`);
  if (message) {
    control.classList.add('is-invalid');
    control.setAttribute('aria-invalid', 'true');
    if (errorEl) errorEl.textContent = message;
  } else {
    control.classList.remove('is-invalid');
    control.removeAttribute('aria-invalid');
    if (errorEl) errorEl.textContent = '';
  }
}

/** A <select> with options [{value, label}], `value` selected; `empty` adds a first blank option. */
export function select(options, {value, empty, ...attrs} = {}) {
  const el = h('select', {class: 'form-select', ...attrs});
  if (empty !== undefined) append(el, h('option', {value: ''}, empty));
  for (const option of options) {
    append(el, h('option', {value: option.value, selected: String(option.value) === String(value ?? '')},
      option.label));
  }
  return el;
}

/** A badge that never relies on colour alone: it always carries words (and an optional symbol). */
export function badge(text, kind = 'secondary', testid) {
  return h('span', {class: `badge text-bg-${kind}`, 'data-testid': testid}, text);
}

/** Moves keyboard focus to `el` (making it focusable when needed), e.g. a page heading after navigation. */
export function focus(el) {
  if (!el) return;
  if (!el.hasAttribute('tabindex') && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(el.tagName)) {
    el.setAttribute('tabindex', '-1');
  }
  el.focus({preventScroll: false});
}
