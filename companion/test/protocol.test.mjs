// The page's codec against the vectors made by the device's own encoders and decoders
// (tests/CalfMonitor.Tests/Companion/ProtocolVectors.cs). Run: node --test companion/test/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as p from '../js/protocol.js';

const vectors = JSON.parse(readFileSync(new URL('./vectors.json', import.meta.url), 'utf8'));
const decoders = {
  live: p.decodeLive, alert: p.decodeAlert, config: p.decodeConfig,
  control: p.decodeControl, history: p.decodeHistory, current_time: p.decodeCurrentTime,
};

for (const [characteristic, decode] of Object.entries(decoders)) {
  test(`${characteristic}: every vector decodes (or is refused) exactly as the device does`, () => {
    assert.ok(vectors[characteristic].length > 3, 'vectors present');
    for (const v of vectors[characteristic]) {
      const r = decode(p.fromHex(v.hex));
      if ('error' in v) assert.equal(r.error, v.error, `${v.name}: ${v.hex} must be refused with 0x${v.error.toString(16)}`);
      else assert.deepEqual(r.fields, v.fields, `${v.name}: ${v.hex}`);
    }
  });
}

test('config: encoding the decoded fields gives the device\'s bytes (version 2)', () => {
  let n = 0;
  for (const v of vectors.config.filter((x) => x.fields && x.fields.version === 2)) {
    assert.equal(p.hex(p.encodeConfig(v.fields)), v.hex, v.name);
    n++;
  }
  assert.ok(n >= 4);
});

test('config: every range refusal names the field that is out of range', () => {
  for (const v of vectors.config.filter((x) => x.error === p.ATT.valueNotAllowed)) {
    const r = p.decodeConfig(p.fromHex(v.hex));
    const field = v.name.split(' ')[0];
    if (p.CONFIG_FIELDS.some((f) => f.key === field)) {
      assert.ok(r.problems.some((b) => b.key === field), `${v.name}: problems ${JSON.stringify(r.problems)}`);
    }
  }
});

test('config: the page\'s defaults are the device\'s defaults', () => {
  const defaults = vectors.config.find((v) => v.name.startsWith('defaults'));
  for (const f of p.CONFIG_FIELDS) assert.equal(f.def, defaults.fields[f.key], f.key);
});

test('control: encoding gives the device\'s bytes', () => {
  for (const v of vectors.control.filter((x) => x.fields)) {
    assert.equal(p.hex(p.encodeControl(v.fields.opcode, v.fields.argument)), v.hex, v.name);
  }
});

test('current time: encoding the calendar fields gives the device\'s bytes, weekday included', () => {
  for (const v of vectors.current_time.filter((x) => x.fields)) {
    assert.equal(p.hex(p.encodeCurrentTime(v.fields)), v.hex, v.name);
  }
  // From a Date in the local time zone (what the page writes on every connection).
  const d = new Date(2026, 0, 5, 9, 30, 15);
  assert.equal(p.hex(p.currentTimeFromDate(d)), 'ea 07 01 05 09 1e 0f 01 00 00');
});

test('live: byte 19 bit 7 is the sensor not answering, beside the site guess', () => {
  const powerOn = vectors.live.find((v) => v.name.startsWith('sensor not answering since power-on'));
  assert.equal(p.decodeLive(p.fromHex(powerOn.hex)).fields.sensor_not_answering, true);
  assert.equal(p.decodeLive(p.fromHex(powerOn.hex)).fields.guessed_site, 0);
  const guessed = vectors.live.find((v) => v.name.startsWith('sensor not answering after'));
  assert.deepEqual([p.decodeLive(p.fromHex(guessed.hex)).fields.sensor_not_answering, p.decodeLive(p.fromHex(guessed.hex)).fields.guessed_site], [true, 2]);
  // Every Live of a working sensor (and all an older firmware sends) has the bit clear.
  for (const v of vectors.live.filter((x) => x.fields && !x.name.startsWith('sensor'))) assert.equal(p.decodeLive(p.fromHex(v.hex)).fields.sensor_not_answering, false, v.name);
});

test('live: version 1 (old firmware) is recognised as too old', () => {
  const r = p.decodeLive(p.fromHex('01 03 05 00 40 00 00 00 10 0e 00 00'));
  assert.equal(r.error, p.ATT.unsupportedVersion);
  assert.equal(r.old, true);
});

test('quiet hours: the window, across midnight, and none when start = end', () => {
  assert.equal(p.inQuietHours(21 * 60, 20 * 60, 8 * 60), true);
  assert.equal(p.inQuietHours(7 * 60 + 59, 20 * 60, 8 * 60), true);
  assert.equal(p.inQuietHours(8 * 60, 20 * 60, 8 * 60), false);
  assert.equal(p.inQuietHours(12 * 60, 12 * 60, 13 * 60), true);
  assert.equal(p.inQuietHours(13 * 60, 12 * 60, 13 * 60), false);
  assert.equal(p.inQuietHours(100, 0, 0), false);
});

test('missed alerts: more than today\'s alerts is a restart or a new day (rule 4)', () => {
  assert.equal(p.missedSince(null, 5, 3), null);
  assert.deepEqual(p.missedSince(3, 5, 4), { missed: 2, restarted: false, known: false });
  assert.deepEqual(p.missedSince(65535, 1, 2), { missed: 2, restarted: false, known: false });
  // Seen 5, the device restarted and raised 2: not 65533 missed.
  assert.deepEqual(p.missedSince(5, 2, 2), { missed: 2, restarted: true, known: false });
  // Seen 40 yesterday, 3 today since midnight: 43 - 40 = 3 fits; 50 does not.
  assert.deepEqual(p.missedSince(40, 43, 3), { missed: 3, restarted: false, known: false });
  assert.deepEqual(p.missedSince(40, 50, 3), { missed: 3, restarted: true, known: false });
});

test('missed alerts: a clock found unknown again is a known restart (rule 5)', () => {
  // Seen 1; the device restarted and raised 3 (#1-#3, all today): rule 4 alone reads 2 missed.
  assert.deepEqual(p.missedSince(1, 3, 3), { missed: 2, restarted: false, known: false });
  assert.deepEqual(p.missedSince(1, 3, 3, true), { missed: 3, restarted: true, known: true });
  // Seen 2; after the restart 2 again: the same number, yet both are new.
  assert.deepEqual(p.missedSince(2, 2, 2, true), { missed: 2, restarted: true, known: true });
  assert.equal(p.missedSince(null, 2, 2, true), null);
});

test('missed alerts: sequence gap modulo 65536, none without a previous sequence', () => {
  assert.equal(p.missedAlerts(null, 5), null);
  assert.equal(p.missedAlerts(3, 3), 0);
  assert.equal(p.missedAlerts(3, 5), 2);
  assert.equal(p.missedAlerts(65535, 1), 2);
});

test('sedentary spells: runs of minutes below the break count, no-data minutes end a run', () => {
  const counts = [0, 0, 0, 12, 0, 0, 0xff, 1, 1, 1, 1];
  assert.deepEqual(p.sedentarySpells(counts, 10, 2), [{ start: 0, end: 3 }, { start: 4, end: 6 }, { start: 7, end: 11 }]);
  assert.deepEqual(p.sedentarySpells(counts, 10, 4), [{ start: 7, end: 11 }]);
});

test('durations and clock times in words', () => {
  assert.equal(p.duration(3725), '1 h 02 min');
  assert.equal(p.duration(750), '12 min 30 s');
  assert.equal(p.clock(1290), '21:30');
});

test('unreadable values the device sent are explained from the page\'s side (newer, older, damaged)', () => {
  for (const [name, list, decode] of [['Live', vectors.live, p.decodeLive], ['Alert', vectors.alert, p.decodeAlert], ['History', vectors.history, p.decodeHistory]]) {
    for (const v of list.filter((x) => 'error' in x)) {
      const text = p.unreadableText(name, p.fromHex(v.hex), decode(p.fromHex(v.hex)).error);
      assert.doesNotMatch(text, /device does not know/, `${name} ${v.name}`);
      assert.match(text, new RegExp(`${name} (version|value)`), `${name} ${v.name}: ${text}`);
    }
  }
  assert.match(p.unreadableText('Live', p.fromHex('03 00'), p.ATT.unsupportedVersion), /firmware is newer than this page: it sends Live version 3, this page reads version 2/);
  assert.match(p.unreadableText('Live', p.fromHex('01 03 05 00 40 00 00 00 10 0e 00 00'), p.ATT.unsupportedVersion), /firmware is too old for this page: it sends Live version 1/);
  assert.match(p.unreadableText('Alert', p.fromHex('01 01 01 00 1e 00 00 01 00'), p.ATT.invalidLength), /Alert value this page cannot read \(9 bytes instead of 10\)/);
  assert.match(p.unreadableText('Live', new Uint8Array(0), p.ATT.invalidLength), /0 bytes instead of 20/);
});

test('battery: the page warns at the Battery Level the device hums its first low-battery notice at', () => {
  assert.equal(typeof vectors.battery.low_warning_percent, 'number');
  assert.equal(p.LOW_BATTERY_PERCENT, vectors.battery.low_warning_percent);
});

test('current time: a Sunday is day 7 (0 would mean "unknown" to the device)', () => {
  assert.equal(p.hex(p.currentTimeFromDate(new Date(2026, 11, 6, 18, 0, 0))), 'ea 07 0c 06 12 00 00 07 00 00');
  assert.equal(p.encodeCurrentTime({ year: 2026, month: 1, day: 4, hours: 0, minutes: 0, seconds: 0 })[7], 7);
});

test('durations change unit at a whole minute and a whole hour', () => {
  assert.equal(p.duration(59), '59 s');
  assert.equal(p.duration(60), '1 min 00 s');
  assert.equal(p.duration(3599), '59 min 59 s');
  assert.equal(p.duration(3600), '1 h 00 min');
});

test('sedentary spells: a minute that reaches the break count exactly is a break', () => {
  assert.deepEqual(p.sedentarySpells([9, 9, 10, 9, 9, 9], 10, 2), [{ start: 0, end: 2 }, { start: 3, end: 6 }]);
});
