// The Settings form: one labelled input per Config field, with unit, range, default and meaning;
// validated with the device's own ranges (protocol.js) before anything is written. The wearer's
// few settings (everyday in protocol.js) come first; the rest, for fitting the device, are folded
// in a closed "More settings" (a <details>), opened by itself when one of them needs correcting.
import { CONFIG_FIELDS, configProblems, clock, SITES } from './protocol.js';

const timeText = (m) => clock(m);
/** A time of day as the browser shows it in a time box (8:00 PM in the US, 20:00 elsewhere), for
 * the hints: "Normally 20:00" under a box showing "08:00 PM" read as two different times. */
const shownTime = (m) => new Date(2000, 0, 1, Math.floor(m / 60), m % 60).toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' });

export function buildForm(container) {
  container.textContent = '';
  const more = document.createElement('details');
  more.className = 'more';
  more.id = 'config-more';
  const summary = document.createElement('summary');
  summary.textContent = 'More settings (for fitting the device)';
  const why = document.createElement('p');
  why.className = 'muted small';
  why.textContent = 'Usually left as they are. They change how the device tells a movement, a break or lying down.';
  const moreFields = document.createElement('div');
  moreFields.className = 'fields';
  more.append(summary, why, moreFields);
  for (const f of [...CONFIG_FIELDS.filter((x) => x.everyday), ...CONFIG_FIELDS.filter((x) => !x.everyday)]) {
    const id = `cfg-${f.key}`;
    const wrap = document.createElement('div');
    wrap.className = 'field';
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = f.label;
    const input = f.unit === 'site' ? document.createElement('select') : document.createElement('input');
    input.id = id;
    input.name = f.key;
    if (f.unit === 'site') {
      for (const [value, text] of Object.entries(SITES)) {
        const o = document.createElement('option');
        o.value = value;
        o.textContent = text;
        input.append(o);
      }
    } else if (f.unit === 'time') {
      input.type = 'time';
      input.step = 60;
    } else {
      input.type = 'number';
      input.inputMode = 'numeric';
      input.min = f.min;
      input.max = f.max;
      input.step = 1;
    }
    input.required = true;
    const hint = document.createElement('p');
    hint.className = 'hint';
    hint.id = `${id}-hint`;
    hint.textContent = f.unit === 'time' ? `${f.help} Normally ${shownTime(f.def)}.`
      : f.unit === 'site' ? `${f.help} Normally ${SITES[f.def]}.`
        : `${f.help} From ${f.min} to ${f.max} ${f.unit}; normally ${f.def}.`;
    const error = document.createElement('p');
    error.className = 'error';
    error.id = `${id}-error`;
    error.hidden = true;
    input.setAttribute('aria-describedby', `${id}-hint ${id}-error`);
    const row = document.createElement('div');
    row.className = 'input';
    row.append(input);
    if (f.unit !== 'time' && f.unit !== 'site') {
      const unit = document.createElement('span');
      unit.className = 'unit';
      unit.textContent = f.unit;
      row.append(unit);
    }
    wrap.append(label, row, hint, error);
    (f.everyday ? container : moreFields).append(wrap);
  }
  container.append(more);
}

/** Puts config fields into the form. */
export function fillForm(form, fields) {
  for (const f of CONFIG_FIELDS) {
    const input = form.elements[f.key];
    if (!(f.key in fields)) continue;
    input.value = f.unit === 'time' ? timeText(fields[f.key]) : String(fields[f.key]);
    showError(input, null);
  }
}

/** The form's values as config fields (NaN for an empty or unreadable value). */
export function readForm(form) {
  const fields = {};
  for (const f of CONFIG_FIELDS) {
    const raw = form.elements[f.key].value.trim();
    if (f.unit === 'time') {
      const m = /^(\d{1,2}):(\d{2})$/.exec(raw);
      fields[f.key] = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
    } else {
      fields[f.key] = /^-?\d+$/.test(raw) ? Number(raw) : NaN;
    }
  }
  return fields;
}

function showError(input, text) {
  const error = document.getElementById(`${input.id}-error`);
  error.hidden = !text;
  error.textContent = text || '';
  if (text) input.setAttribute('aria-invalid', 'true'); else input.removeAttribute('aria-invalid');
}

/** Marks fields outside the device's ranges; returns the problems (empty = all fine). */
export function validateForm(form, fields) {
  const problems = configProblems(fields);
  for (const f of CONFIG_FIELDS) showError(form.elements[f.key], null);
  for (const p of problems) {
    const f = CONFIG_FIELDS.find((x) => x.key === p.key);
    const range = f.unit === 'time' ? '00:00–23:59' : `${f.min}–${f.max} ${f.unit}`;
    showError(form.elements[p.key], Number.isNaN(p.value) ? `Enter a whole number (${range}).` : `${p.value} is outside ${range}.`);
  }
  // A value to correct under the folded "More settings" opens it, so the wearer sees the mark.
  for (const p of problems) {
    const fold = form.elements[p.key].closest('details');
    if (fold) fold.open = true;
  }
  if (problems.length) form.elements[problems[0].key].focus();
  return problems;
}
