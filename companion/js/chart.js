// The Today chart: activations per minute as bars (SVG), sedentary spells shaded, alerts marked.
import { HISTORY_NO_DATA, sedentarySpells, clock } from './protocol.js';

/** Runs this long or longer are shaded as sedentary spells (minutes). */
export const SPELL_SHADE_MIN = 10;

const NS = 'http://www.w3.org/2000/svg';
const el = (name, attrs, text) => {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text != null) e.textContent = text;
  return e;
};

/** Minutes since 1970 by the local clock (whole minutes: an alert's minute and the chart's end
 * compared as the chart labels them). */
const localMinute = (t) => Math.floor((t.getTime() - t.getTimezoneOffset() * 60000) / 60000);

/**
 * Draws counts (1440 per-minute values, oldest first, the last ending at endTime) into container.
 * Shows today only — the minutes since endTime's local midnight —, from the first of them with
 * data (back to a whole hour, or quarter hour for spans of 3 h or less; when none has data, the
 * last hour, back to midnight at most) to the end. alerts: [{ time: Date, label }], each marked on its own minute once that
 * minute is on the chart. Returns a one-line description for screen readers.
 */
export function drawChart(container, counts, endTime, breakActivations, alerts) {
  container.textContent = '';
  const n = counts.length;
  const endMinuteOfDay = endTime.getHours() * 60 + endTime.getMinutes();
  // The chart is "Today": the counts before local midnight are yesterday's (a page left open
  // overnight, or a device on since yesterday).
  const midnight = n - Math.min(endMinuteOfDay, n);
  let first = counts.findIndex((c, i) => i >= midnight && c !== HISTORY_NO_DATA);
  if (first < 0) first = Math.max(midnight, n - 60);
  // The last count is the last minute completed before endTime (the one before endTime's own
  // minute, docs/ble-protocol.md); count i is n - 1 - i minutes before that.
  const minuteOfDay = (i) => ((endMinuteOfDay - 1 - (n - 1 - i)) % 1440 + 1440) % 1440;
  // Start on a whole hour for long spans, a quarter hour for short ones (never before midnight:
  // 00:00 is a whole hour).
  const step = n - first > 180 ? 60 : 15;
  if (first < n) first = Math.max(midnight, first - (minuteOfDay(first) % step));
  const shown = n - first;   // 0 in the day's first minute: no minute of today has ended yet
  const span = Math.max(shown, 1);   // the minutes the plot's width stands for (one while none is shown)
  // Drawn at the container's own width, so labels keep their size on a phone (down to a 320 px
  // window, a 1280 px one zoomed to 400 %: a wider drawing would be shrunk, its labels with it).
  const W = Math.round(Math.max(240, Math.min(1100, container.clientWidth || 900)));
  const H = W < 600 ? 200 : 240, left = 34, right = 8, top = 14, bottom = 26;
  const plotW = W - left - right, plotH = H - top - bottom;
  const max = Math.max(10, ...counts.slice(first).filter((c) => c !== HISTORY_NO_DATA));
  const yMax = Math.ceil(max / 10) * 10;
  const x = (i) => left + ((i - first) / span) * plotW;
  const y = (v) => top + plotH - (v / yMax) * plotH;
  const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'xMidYMid meet', 'aria-hidden': 'true' });

  for (let v = 0; v <= yMax; v += yMax / 2) {
    svg.append(el('line', { class: 'grid-line', x1: left, x2: W - right, y1: y(v), y2: y(v) }));
    svg.append(el('text', { x: left - 4, y: y(v) + 4, 'text-anchor': 'end' }, String(v)));
  }
  const spells = sedentarySpells(counts.slice(first), breakActivations, SPELL_SHADE_MIN);
  for (const s of spells) {
    svg.append(el('rect', { class: 'spell', x: x(first + s.start), y: top, width: x(first + s.end) - x(first + s.start), height: plotH }));
  }
  const barW = Math.max(plotW / span, 0.6);
  for (let i = first; i < n; i++) {
    const c = counts[i];
    if (c === HISTORY_NO_DATA) {
      svg.append(el('rect', { class: 'nodata', x: x(i), y: top, width: barW, height: plotH }));
    } else if (c > 0) {
      svg.append(el('rect', { class: 'bar', x: x(i), y: y(c), width: Math.max(barW - 0.3, 0.6), height: top + plotH - y(c) }));
    }
  }
  // Hour ticks, thinned to fit.
  const hours = Math.ceil(shown / 60);
  const perLabelPx = 44;
  const every = [1, 2, 3, 4, 6, 12].find((e) => (plotW / (span / 60)) * e >= perLabelPx) || 12;
  const quarterLabels = shown <= 120 && (plotW / shown) * 15 >= perLabelPx;
  for (let i = first; i < n; i++) {
    const m = minuteOfDay(i);
    if (m % 60 === 0 && (m / 60) % every === 0) {
      svg.append(el('line', { class: 'axis', x1: x(i), x2: x(i), y1: top + plotH, y2: top + plotH + 4 }));
      svg.append(el('text', { x: x(i), y: H - 8, 'text-anchor': 'middle' }, clock(m)));
    } else if (quarterLabels && m % 15 === 0) {
      svg.append(el('line', { class: 'axis', x1: x(i), x2: x(i), y1: top + plotH, y2: top + plotH + 3 }));
      svg.append(el('text', { x: x(i), y: H - 8, 'text-anchor': 'middle' }, clock(m)));
    }
  }
  svg.append(el('line', { class: 'axis', x1: left, x2: W - right, y1: top + plotH, y2: top + plotH }));
  let marked = 0;
  // An alert on the bar of the minute it came in, by the same clock as the labels; one in
  // endTime's own minute (not yet ended) is marked once a later read brings that minute.
  const lastMinute = localMinute(endTime) - 1;
  for (const a of alerts) {
    const i = n - 1 - (lastMinute - localMinute(a.time));
    if (i < first || i >= n) continue;
    const cx = x(i) + barW / 2;
    const mark = el('path', { class: 'alert-mark', d: `M${cx - 6},${top - 2} L${cx + 6},${top - 2} L${cx},${top + 8} Z` });
    mark.append(el('title', {}, a.label));
    svg.append(mark);
    svg.append(el('line', { x1: cx, x2: cx, y1: top + 8, y2: top + plotH, stroke: 'currentColor', class: 'alert-mark', 'stroke-width': 1, opacity: 0.5 }));
    marked++;
  }
  container.append(svg);
  const total = counts.slice(first).reduce((s, c) => s + (c === HISTORY_NO_DATA ? 0 : c), 0);
  return `Activations per minute from ${clock(minuteOfDay(first))} to ${clock(endMinuteOfDay)}: ${total} in all, `
    + `${spells.length} sedentary spell${spells.length === 1 ? '' : 's'} of ${SPELL_SHADE_MIN} minutes or more, ${marked} alert${marked === 1 ? '' : 's'} marked.`;
}
