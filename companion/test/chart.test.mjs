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

test('chart: an alert is marked on the bar of the minute it came in; one in the minute not yet ended is not', () => {
  // The labels say which minute a bar is (the last count is 09:59's): an alert at 09:55:30 stands
  // on 09:55's bar, the fifth from the end — wherever in its minute the chart's end falls (the
  // page reads the history again a few seconds into every minute: the mark must not move).
  const c = counts(60, 0);
  const fiveFifty = N - 1 - 4;   // 09:55
  c[fiveFifty] = 4;
  const alert = [{ time: new Date(tenOClock - 4.5 * 60000), label: '#1' }];
  const barW = 858 / 60;   // the drawing's plot width at its default 900 px, over the 60 minutes shown
  for (const end of [tenOClock, new Date(tenOClock.getTime() + 5000), new Date(tenOClock.getTime() + 59000)]) {
    const { summary, svg } = draw(c, 10, alert, end);
    assert.match(summary, /, 1 alert marked\.$/);
    const bar = svg.all((e) => e.attrs.class === 'bar')[0];
    const line = svg.all((e) => e.name === 'line' && e.attrs.class === 'alert-mark')[0];
    assert.ok(num(line, 'x1') > num(bar, 'x') && num(line, 'x1') < num(bar, 'x') + barW, `end ${end.toTimeString()}: mark at ${line.attrs.x1}, bar at ${bar.attrs.x}`);
    const title = svg.all((e) => e.name === 'title');
    assert.deepEqual(title.map((t) => t.text), ['#1']);
  }

  assert.match(draw(c, 10, [{ time: new Date(tenOClock.getTime() + 60000), label: 'later' }]).summary, /, 0 alerts marked\.$/);
  // 10:00:00 and 10:00:40 lie in the chart's own minute, which has not ended: not on it yet; 09:59:59 is.
  assert.match(draw(c, 10, [{ time: tenOClock, label: 'a' }, { time: new Date(tenOClock - 60000), label: 'b' }]).summary, /, 1 alert marked\.$/);
  assert.match(draw(c, 10, [{ time: new Date(tenOClock.getTime() + 40000), label: 'a' }], new Date(tenOClock.getTime() + 50000)).summary, /, 0 alerts marked\.$/);
  const { svg } = draw(c, 10, [{ time: new Date(tenOClock - 1000), label: 'b' }]);
  const line = svg.all((e) => e.name === 'line' && e.attrs.class === 'alert-mark')[0];
  assert.ok(num(line, 'x1') > 900 - 8 - barW, `09:59:59 on the last bar: mark at ${line.attrs.x1}`);
});

test('chart: "Today" starts at midnight — the minutes before it, and alerts in them, are yesterday\'s', () => {
  // A device on since 22:00 yesterday, read at 00:30: 150 minutes of 5 activations each.
  const halfPast = new Date(2026, 0, 6, 0, 30, 0);
  const c = counts(150, 5);
  const yesterday = [{ time: new Date(2026, 0, 5, 23, 50, 0), label: 'late' }, { time: new Date(2026, 0, 6, 0, 10, 20), label: 'early' }];
  const { summary, svg } = draw(c, 10, yesterday, halfPast);
  assert.match(summary, /^Activations per minute from 00:00 to 00:30: 150 in all, 1 sedentary spell of 10 minutes or more, 1 alert marked\.$/);
  assert.equal(svg.all((e) => e.attrs.class === 'bar').length, 30);
  assert.deepEqual(svg.all((e) => e.name === 'title').map((t) => t.text), ['early']);
  assert.deepEqual(svg.all((e) => e.name === 'text' && /:/.test(e.text)).map((t) => t.text)[0], '00:00');
  // Nothing today yet: not yesterday's last hour but today's minutes, none with data.
  const quiet = counts(150, 5).map((v, i) => (i >= N - 30 ? HISTORY_NO_DATA : v));
  assert.match(draw(quiet, 10, [], halfPast).summary, /^Activations per minute from 00:00 to 00:30: 0 in all, /);
});

test('chart: in the day\'s first minute no minute of today has ended: an empty chart, nothing of yesterday', () => {
  const justAfter = new Date(2026, 0, 6, 0, 0, 20);
  const { summary, svg } = draw(counts(150, 5), 10, [{ time: new Date(2026, 0, 5, 23, 59, 30), label: 'x' }], justAfter);
  assert.equal(summary, 'Activations per minute from 00:00 to 00:00: 0 in all, 0 sedentary spells of 10 minutes or more, 0 alerts marked.');
  assert.equal(svg.all((e) => e.attrs.class === 'bar' || e.attrs.class === 'nodata' || e.attrs.class === 'spell').length, 0);
  assert.ok(svg.all((e) => e.attrs.class === 'grid-line').every((e) => Number.isFinite(num(e, 'y1'))));
});
