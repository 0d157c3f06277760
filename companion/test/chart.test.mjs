// The Today chart (companion/js/chart.js) drawn into a minimal stand-in for the browser's DOM: what
// it says to a screen reader (its one-line summary) and where it puts the hour labels, the
// sedentary shading, the bars and the alert marks. Run: node --test companion/test/
import { test } from 'node:test';
import assert from 'node:assert/strict';

// Just what chart.js uses: createElementNS, setAttribute, append, textContent, clientWidth.
class FakeElement {
  constructor(name) { this.name = name; this.attrs = {}; this.children = []; this.text = ''; }
  setAttribute(k, v) { this.attrs[k] = String(v); }
  append(...c) { this.children.push(...c); }
  set textContent(t) { this.text = t; this.children = []; }
  get textContent() { return this.text; }
  all(pred) { return this.children.flatMap((c) => [...(pred(c) ? [c] : []), ...c.all(pred)]); }
}
globalThis.document = { createElementNS: (ns, name) => new FakeElement(name) };
const { drawChart, SPELL_SHADE_MIN } = await import('../js/chart.js');
const { HISTORY_NO_DATA } = await import('../js/protocol.js');

const N = 1440;
/** 1440 minute counts, no data but for the last `minutes` (all `value`). */
const counts = (minutes, value) => Array.from({ length: N }, (_, i) => (i >= N - minutes ? value : HISTORY_NO_DATA));
const tenOClock = new Date(2026, 0, 5, 10, 0, 0);   // the last count is 09:59's
const draw = (c, breakActivations = 10, alerts = [], end = tenOClock) => {
  const container = new FakeElement('div');
  const summary = drawChart(container, c, end, breakActivations, alerts);
  return { summary, svg: container.children[0] };
};
const num = (e, k) => Number(e.attrs[k]);

test('chart: with no data it shows the last hour, from the whole hour before the end', () => {
  assert.match(draw(counts(0, 0)).summary, /^Activations per minute from 09:00 to 10:00: 0 in all, 0 sedentary spells/);
});

test('chart: the hour label stands at the bar of that minute (the last count is the minute before the end)', () => {
  const c = counts(100, 0);
  const nine = N - 1 - 59;   // 09:00 is 59 minutes before 09:59
  c[nine] = 37;
  const { svg } = draw(c, 10);
  const bars = svg.all((e) => e.attrs.class === 'bar');
  assert.equal(bars.length, 1);
  const label = svg.all((e) => e.name === 'text' && e.text === '09:00');
  assert.equal(label.length, 1);
  assert.equal(num(label[0], 'x'), num(bars[0], 'x'));
});

test('chart: no-data minutes add nothing to the total; one bar per minute with activations', () => {
  const c = counts(30, 2);
  c[N - 10] = HISTORY_NO_DATA;
  c[N - 11] = 0;
  const { summary, svg } = draw(c, 1);
  assert.match(summary, / 56 in all, /);
  assert.equal(svg.all((e) => e.attrs.class === 'bar').length, 28);
  assert.equal(svg.all((e) => e.attrs.class === 'nodata').length, 1);
});

test('chart: sedentary spells are judged with the device\'s break count, not the default', () => {
  // Three activations a minute for an hour: a break every minute at a break count of 3, none at 10.
  assert.match(draw(counts(60, 3), 3).summary, / 0 sedentary spells /);
  assert.match(draw(counts(60, 3), 10).summary, / 1 sedentary spell of 10 minutes/);
  assert.equal(draw(counts(60, 3), 10).svg.all((e) => e.attrs.class === 'spell').length, 1);
  assert.equal(SPELL_SHADE_MIN, 10);
});

test('chart: an alert is marked at its minute; one after the chart\'s end is not', () => {
  const c = counts(60, 0);
  const fiveBefore = N - 1 - 5;
  c[fiveBefore] = 4;
  const { summary, svg } = draw(c, 10, [{ time: new Date(tenOClock - 5 * 60000), label: '#1' }]);
  assert.match(summary, /, 1 alert marked\.$/);
  const bar = svg.all((e) => e.attrs.class === 'bar')[0];
  const line = svg.all((e) => e.name === 'line' && e.attrs.class === 'alert-mark')[0];
  const barW = 858 / 60;   // the drawing's plot width at its default 900 px, over the 60 minutes shown
  assert.ok(num(line, 'x1') > num(bar, 'x') && num(line, 'x1') < num(bar, 'x') + barW, `mark at ${line.attrs.x1}, bar at ${bar.attrs.x}`);
  const title = svg.all((e) => e.name === 'title');
  assert.deepEqual(title.map((t) => t.text), ['#1']);

  assert.match(draw(c, 10, [{ time: new Date(tenOClock.getTime() + 60000), label: 'later' }]).summary, /, 0 alerts marked\.$/);
  assert.match(draw(c, 10, [{ time: tenOClock, label: 'a' }, { time: new Date(tenOClock - 60000), label: 'b' }]).summary, /, 2 alerts marked\.$/);
});
