// The Settings form's reading and checking (companion/js/settings.js) on a minimal stand-in for
// the form: what a typed value becomes, and which fields the wearer is told to correct, in what
// words. Run: node --test companion/test/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONFIG_FIELDS } from '../js/protocol.js';

// One input per field (as buildForm makes them) and its error line, found by id as the page does.
const errors = new Map();
globalThis.document = { getElementById: (id) => errors.get(id) };
const { readForm, validateForm, fillForm } = await import('../js/settings.js');

function fakeForm(values) {
  const elements = {};
  let focused = null;
  const fold = { open: false };
  for (const f of CONFIG_FIELDS) {
    const id = `cfg-${f.key}`;
    errors.set(`${id}-error`, { hidden: true, textContent: '' });
    const attrs = {};
    elements[f.key] = {
      id, value: values[f.key] ?? '',
      setAttribute: (k, v) => { attrs[k] = v; }, removeAttribute: (k) => { delete attrs[k]; }, attrs,
      closest: () => (f.everyday ? null : fold), focus() { focused = f.key; },
    };
  }
  return { elements, fold, focused: () => focused };
}
const defaults = Object.fromEntries(CONFIG_FIELDS.map((f) => [f.key, f.unit === 'time'
  ? `${String(Math.floor(f.def / 60)).padStart(2, '0')}:${String(f.def % 60).padStart(2, '0')}` : String(f.def)]));
const error = (key) => errors.get(`cfg-${key}-error`);

test('settings: a typed value becomes the number the device gets; anything else is not a number', () => {
  const form = fakeForm({ ...defaults, alert_after_min: ' 45 ', snooze_min: '-5', repeat_every_min: '4.5', quiet_start_min: '21:30', quiet_end_min: '7:05', break_window_s: '' });
  const f = readForm(form);
  assert.equal(f.alert_after_min, 45);
  assert.equal(f.snooze_min, -5);   // a number, out of range: "-5 is outside 1–240 min", not "enter a whole number"
  assert.ok(Number.isNaN(f.repeat_every_min));
  assert.equal(f.quiet_start_min, 21 * 60 + 30);
  assert.equal(f.quiet_end_min, 7 * 60 + 5);
  assert.ok(Number.isNaN(f.break_window_s));
  assert.equal(f.mounting, 1);
});

test('settings: only the fields still wrong are marked, in the wearer\'s units; the first takes the focus', () => {
  const form = fakeForm({ ...defaults, alert_after_min: '0', quiet_start_min: '' });
  let problems = validateForm(form, readForm(form));
  assert.deepEqual(problems.map((p) => p.key), ['alert_after_min', 'quiet_start_min']);
  assert.equal(error('alert_after_min').textContent, '0 is outside 1–240 min.');
  assert.equal(error('quiet_start_min').textContent, 'Enter a whole number (00:00–23:59).');
  assert.equal(form.elements.alert_after_min.attrs['aria-invalid'], 'true');
  assert.equal(form.focused(), 'alert_after_min');
  assert.equal(form.fold.open, false);   // nothing to correct under "More settings"

  // The first corrected, a folded one now wrong: the first's mark goes, the fold opens.
  form.elements.alert_after_min.value = '30';
  form.elements.horizontal_angle_deg.value = '90';
  problems = validateForm(form, readForm(form));
  assert.deepEqual(problems.map((p) => p.key), ['quiet_start_min', 'horizontal_angle_deg']);
  assert.equal(error('alert_after_min').hidden, true);
  assert.equal(error('alert_after_min').textContent, '');
  assert.equal(form.elements.alert_after_min.attrs['aria-invalid'], undefined);
  assert.equal(error('horizontal_angle_deg').textContent, '90 is outside 30–85 °.');
  assert.equal(form.fold.open, true);
  assert.equal(form.focused(), 'quiet_start_min');

  // All fine: no marks, nothing refused.
  form.elements.quiet_start_min.value = '20:00';
  form.elements.horizontal_angle_deg.value = '60';
  assert.deepEqual(validateForm(form, readForm(form)), []);
  assert.ok(CONFIG_FIELDS.every((f) => error(f.key).hidden));
});

test('settings: filling the form writes times as HH:MM and clears the marks', () => {
  const form = fakeForm(defaults);
  validateForm(form, { ...readForm(form), alert_after_min: 0 });
  assert.equal(error('alert_after_min').hidden, false);
  fillForm(form, { alert_after_min: 45, quiet_start_min: 21 * 60 + 30, quiet_end_min: 7 * 60 });
  assert.equal(form.elements.alert_after_min.value, '45');
  assert.equal(form.elements.quiet_start_min.value, '21:30');
  assert.equal(form.elements.quiet_end_min.value, '07:00');
  assert.equal(error('alert_after_min').hidden, true);
  assert.equal(form.elements.snooze_min.value, '15');   // a field not given is left as it is
});
