// CalfMonitor BLE protocol (docs/ble-protocol.md): decoders and encoders for exactly its bytes.
// Pure functions over Uint8Array / DataView; no DOM, so node --test checks them against the
// vectors the device's own encoders produce (companion/test/vectors.json).

export const UUID = {
  service: 'ca1f0001-7b1e-4c9d-8e2a-5f3b6d0c9a41',
  live: 'ca1f0002-7b1e-4c9d-8e2a-5f3b6d0c9a41',
  alert: 'ca1f0003-7b1e-4c9d-8e2a-5f3b6d0c9a41',
  config: 'ca1f0004-7b1e-4c9d-8e2a-5f3b6d0c9a41',
  control: 'ca1f0005-7b1e-4c9d-8e2a-5f3b6d0c9a41',
  history: 'ca1f0006-7b1e-4c9d-8e2a-5f3b6d0c9a41',
  currentTimeService: 0x1805,
  currentTime: 0x2a2b,
  batteryService: 0x180f,
  batteryLevel: 0x2a19,
  deviceInformation: 0x180a,
  manufacturerName: 0x2a29,
  modelNumber: 0x2a24,
  firmwareRevision: 0x2a26,
};

/** ATT error codes the device answers a refused write with. */
export const ATT = { ok: 0, invalidLength: 0x0d, valueNotAllowed: 0x13, unsupportedVersion: 0x80, unknownOpcode: 0x81 };

export const ATT_WORDS = {
  0x0d: 'Invalid Attribute Value Length (0x0D): the payload has the wrong number of bytes',
  0x13: 'Value Not Allowed (0x13): a field lies outside its range',
  0x80: 'Unsupported Version (0x80): the device does not know this payload version',
  0x81: 'Unknown Opcode (0x81): the device does not know this command',
};

export const LIVE_FLAGS = {
  worn: 0x01, upright: 0x02, snoozed: 0x04, quiet: 0x08,
  timeKnown: 0x10, recording: 0x20, settingsNotStored: 0x40, alertPending: 0x80,
};
export const LIVE_LENGTH = 20;
/** Live byte 19: bit 7 = the sensor is not answering; bits 0–6 = the site guessed (0–2). */
export const LIVE_SENSOR_NOT_ANSWERING = 0x80;
export const LIVE_GUESS_MASK = 0x7f;
export const NO_ALERT_SCHEDULED = 0xffff;
export const ALERT_LENGTH = 10;
export const CONFIG_LENGTH = 21;
export const CONFIG_V1_LENGTH = 20;
export const HISTORY_LENGTH = 20;
export const HISTORY_CHUNKS = 90;
export const HISTORY_MINUTES_PER_CHUNK = 16;
export const HISTORY_NO_DATA = 0xff;
export const CURRENT_TIME_LENGTH = 10;
export const MAX_LOCAL_SECONDS = 2145916799;
/** Battery Level (0x2A19), %, at or below which the page says the battery runs low: the device's
 * own first warning (LowBatteryNotice.WarnPercent; the node test checks it against vectors.json). */
export const LOW_BATTERY_PERCENT = 20;

export const SITES = { 1: 'ankle strap (lower leg)', 2: 'shoe clip' };   // the words of the first connection's question
export const ALERT_REASONS = {
  0: 'no alert yet', 1: 'threshold reached', 2: 'repeat', 3: 'snooze ended', 4: 'after activity (deferred)',
};

/**
 * Every Config field: offset, size, unit, range, default and what it means (docs/ble-protocol.md,
 * docs/sedentary-policy.md). The device refuses a write with any field outside its range (0x13).
 */
export const CONFIG_FIELDS = [
  // everyday: the few settings a wearer changes, shown first in plain words; the rest are for
  // fitting the device and sit folded under "More settings" (settings.js). Labels and help are
  // written for an older, non-technical wearer (newcomer audit, session 25).
  { key: 'alert_after_min', offset: 6, size: 1, min: 1, max: 240, def: 30, unit: 'min', label: 'First reminder after', everyday: true,
    help: 'The device buzzes when you have sat or stood still this long.' },
  { key: 'repeat_every_min', offset: 7, size: 1, min: 1, max: 240, def: 10, unit: 'min', label: 'Remind again every', everyday: true,
    help: 'If you keep sitting after a reminder, it buzzes again this often.' },
  { key: 'snooze_min', offset: 8, size: 1, min: 1, max: 240, def: 15, unit: 'min', label: 'Snooze for', everyday: true,
    help: 'After you press Snooze (on the device or on this page), no reminder for this long.' },
  { key: 'quiet_start_min', offset: 10, size: 2, min: 0, max: 1439, def: 1200, unit: 'time', label: 'Quiet from', everyday: true,
    help: 'No buzzing from this time of day, for example the evening and night. The same time in both boxes: never quiet.' },
  { key: 'quiet_end_min', offset: 12, size: 2, min: 0, max: 1439, def: 480, unit: 'time', label: 'Quiet until', everyday: true,
    help: 'Buzzing may start again at this time; it may be the next morning.' },
  { key: 'mounting', offset: 20, size: 1, min: 1, max: 2, def: 1, unit: 'site', label: 'Where you wear it', everyday: true,
    help: 'Set this right: on the wrong setting the device miscounts your walks and exercises. Changing it keeps today’s counts.' },
  { key: 'break_activations', offset: 3, size: 1, min: 1, max: 60, def: 10, unit: 'activations', label: 'Movements that make a break',
    help: 'This many calf movements (steps, heel raises) within the break time end a spell of sitting.' },
  { key: 'break_window_s', offset: 4, size: 2, min: 10, max: 600, def: 60, unit: 's', label: 'Break time',
    help: 'The movements that make a break must come within this many seconds.' },
  { key: 'max_buzz_pulses', offset: 9, size: 1, min: 1, max: 10, def: 3, unit: 'pulses', label: 'Most buzzes in a row',
    help: 'The first reminder buzzes once, each repeat once more, up to this many.' },
  { key: 'activity_grace_s', offset: 17, size: 1, min: 0, max: 255, def: 60, unit: 's', label: 'Wait when you just moved',
    help: 'A reminder due within this long after a movement waits (you are already moving).' },
  { key: 'activity_defer_max_s', offset: 18, size: 2, min: 0, max: 1800, def: 300, unit: 's', label: 'Longest wait while you move',
    help: 'A reminder waits for your movements at most this long.' },
  { key: 'not_worn_still_s', offset: 14, size: 2, min: 30, max: 3600, def: 120, unit: 's', label: 'Lying down or taken off after',
    help: 'Leg (or device) lying flat and still this long: the sitting time pauses.' },
  { key: 'horizontal_angle_deg', offset: 16, size: 1, min: 30, max: 85, def: 60, unit: '°', label: 'Lying flat beyond',
    help: 'Tilt from upright beyond which the leg counts as lying flat.' },
  { key: 'min_ankle_range_deg', offset: 1, size: 1, min: 2, max: 45, def: 7, unit: '°', label: 'Smallest foot movement (shoe clip)',
    help: 'On a shoe: the smallest tilt of the foot counted as a calf movement.' },
  { key: 'min_shank_range_deg', offset: 2, size: 1, min: 2, max: 45, def: 6, unit: '°', label: 'Smallest leg movement (ankle strap)',
    help: 'On the ankle strap: the smallest swing of the lower leg counted (smaller ones count only in a steady rhythm).' },
];

const u16 = (b, o) => b[o] | (b[o + 1] << 8);
const u32 = (b, o) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
const i32 = (b, o) => b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24);
const put16 = (b, o, v) => { b[o] = v & 0xff; b[o + 1] = (v >> 8) & 0xff; };
const put32 = (b, o, v) => { b[o] = v & 0xff; b[o + 1] = (v >> 8) & 0xff; b[o + 2] = (v >> 16) & 0xff; b[o + 3] = (v >>> 24) & 0xff; };

/** Bytes of a DataView, ArrayBuffer, typed array or plain array. */
export function bytesOf(value) {
  if (value instanceof Uint8Array) return value;
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  return Uint8Array.from(value);
}

export const hex = (bytes) => Array.from(bytesOf(bytes), (x) => x.toString(16).padStart(2, '0')).join(' ');
export const fromHex = (text) => Uint8Array.from((text.match(/[0-9a-f]{2}/gi) || []).map((h) => parseInt(h, 16)));

/** A decode result: { error: ATT code } or { fields }. */
const refuse = (error) => ({ error });

/** Live v2 (20 bytes). Version 1 (12 bytes) is what old firmware sends: { error: 0x80, old: true }.
 * Byte 19 bit 7 (sensor not answering) comes from firmware that watches its sensor; older firmware
 * always sends it clear. */
export function decodeLive(value) {
  const b = bytesOf(value);
  if (b.length < 1) return refuse(ATT.invalidLength);
  if (b[0] !== 2) return { error: ATT.unsupportedVersion, old: b[0] === 1 };
  if (b.length !== LIVE_LENGTH) return refuse(ATT.invalidLength);
  const today = u32(b, 4), spell = u32(b, 8);
  if (today > 0x7fffffff || spell > 0x7fffffff) return refuse(ATT.valueNotAllowed);
  const guess = b[19] & LIVE_GUESS_MASK;
  if (b[18] < 1 || b[18] > 2 || guess > 2) return refuse(ATT.valueNotAllowed);
  return {
    fields: {
      version: 2,
      flags: b[1],
      activations_last_minute: u16(b, 2),
      activations_today: today,
      spell_s: spell,
      alerts_today: u16(b, 12),
      last_alert_sequence: u16(b, 14),
      next_alert_s: u16(b, 16),
      mounting: b[18],
      guessed_site: guess,
      sensor_not_answering: (b[19] & LIVE_SENSOR_NOT_ANSWERING) !== 0,
    },
  };
}

/**
 * In words for the wearer: why a value the device sent (Live, Alert, Config, History) cannot be read, from the
 * decoder's refusal. ATT_WORDS speak of a write the device refuses; this is the other way round:
 * the page cannot read what the device sent (newer or older firmware, or a damaged value).
 */
export function unreadableText(name, value, error) {
  const b = bytesOf(value);
  const { version, length } = {
    Live: { version: 2, length: LIVE_LENGTH }, Alert: { version: 1, length: ALERT_LENGTH },
    Config: { version: 2, length: CONFIG_LENGTH }, History: { version: 1, length: HISTORY_LENGTH },
  }[name];
  if (error === ATT.unsupportedVersion && b[0] > version) {
    return `The device’s firmware is newer than this page: it sends ${name} version ${b[0]}, this page reads version ${version}. `
      + 'Reload this page to get its newest copy; if this message stays, the page needs an update.';
  }
  if (error === ATT.unsupportedVersion && b[0] >= 1) {
    return `The device’s firmware is too old for this page: it sends ${name} version ${b[0]}. Update the device’s firmware.`;
  }
  const why = error === ATT.invalidLength ? `${b.length} bytes instead of ${length}`
    : error === ATT.unsupportedVersion ? `unknown version ${b[0]}` : 'a value out of range';
  return `The device sent a ${name} value this page cannot read (${why}).`;
}

/** Alert (10 bytes), notified or read (reason 0 = no alert yet). */
export function decodeAlert(value) {
  const b = bytesOf(value);
  if (b.length < 1) return refuse(ATT.invalidLength);
  if (b[0] !== 1) return refuse(ATT.unsupportedVersion);
  if (b.length !== ALERT_LENGTH) return refuse(ATT.invalidLength);
  if (b[1] > 4) return refuse(ATT.valueNotAllowed);
  return {
    fields: {
      version: 1, reason: b[1], sequence: u16(b, 2), spell_min: u16(b, 4),
      repeat_index: b[6], buzz_pulses: b[7], suppressed: u16(b, 8),
    },
  };
}

/**
 * Config: what the device would answer a write of these bytes (checks in its order: empty →
 * version → length → ranges), and the fields when accepted. Version 1 (20 bytes) carries no
 * mounting (the device keeps its own).
 */
export function decodeConfig(value) {
  const b = bytesOf(value);
  if (b.length < 1) return refuse(ATT.invalidLength);
  const version = b[0];
  if (version !== 1 && version !== 2) return refuse(ATT.unsupportedVersion);
  if (b.length !== (version === 2 ? CONFIG_LENGTH : CONFIG_V1_LENGTH)) return refuse(ATT.invalidLength);
  const fields = { version };
  for (const f of CONFIG_FIELDS) {
    if (f.key === 'mounting' && version === 1) continue;
    fields[f.key] = f.size === 1 ? b[f.offset] : u16(b, f.offset);
  }
  const bad = configProblems(fields);
  if (bad.length) return { error: ATT.valueNotAllowed, problems: bad };
  return { fields };
}

/** Fields outside the device's ranges: [{ key, label, value, min, max }] (empty when all are fine). */
export function configProblems(fields) {
  const bad = [];
  for (const f of CONFIG_FIELDS) {
    if (!(f.key in fields)) continue;
    const v = fields[f.key];
    if (!Number.isInteger(v) || v < f.min || v > f.max) bad.push({ key: f.key, label: f.label, value: v, min: f.min, max: f.max });
  }
  return bad;
}

/** Config v2 (21 bytes) from the fields (every key of CONFIG_FIELDS). Values are written as given
 * (masked to their size); check them with configProblems first. */
export function encodeConfig(fields) {
  const b = new Uint8Array(CONFIG_LENGTH);
  b[0] = 2;
  for (const f of CONFIG_FIELDS) {
    const v = fields[f.key];
    if (f.size === 1) b[f.offset] = v & 0xff; else put16(b, f.offset, v & 0xffff);
  }
  return b;
}

export const CONTROL = { snooze: 1, dismiss: 2, setTime: 3, resetToday: 4, recordMode: 5, historySnapshot: 6, tryBuzz: 7 };
const CONTROL_LENGTH = { 1: 3, 2: 2, 3: 6, 4: 2, 5: 3, 6: 2, 7: 3 };

/** The motor's patterns a wearer may feel once (Control `01 07 NN`, docs/ble-protocol.md). */
export const BUZZ = { firstReminder: 1, strongestReminder: 2, breakDone: 3, sensorFault: 4, lowBattery: 5 };

/** Control command bytes. */
export function encodeControl(opcode, argument = 0) {
  const n = CONTROL_LENGTH[opcode];
  if (!n) throw new RangeError(`unknown control opcode ${opcode}`);
  const b = new Uint8Array(n);
  b[0] = 1;
  b[1] = opcode;
  if (n === 3) b[2] = argument;
  else if (n === 6) put32(b, 2, argument);
  return b;
}

/** What the device answers a Control write of these bytes, and the command when accepted. */
export function decodeControl(value) {
  const b = bytesOf(value);
  if (b.length < 1) return refuse(ATT.invalidLength);
  if (b[0] !== 1) return refuse(ATT.unsupportedVersion);
  if (b.length < 2) return refuse(ATT.invalidLength);
  const n = CONTROL_LENGTH[b[1]];
  if (!n) return refuse(ATT.unknownOpcode);
  if (b.length !== n) return refuse(ATT.invalidLength);
  let argument = 0;
  if (b[1] === CONTROL.snooze) { argument = b[2]; if (argument > 240) return refuse(ATT.valueNotAllowed); }
  else if (b[1] === CONTROL.recordMode) { argument = b[2]; if (argument > 1) return refuse(ATT.valueNotAllowed); }
  else if (b[1] === CONTROL.tryBuzz) {
    argument = b[2];
    if (argument < BUZZ.firstReminder || argument > BUZZ.lowBattery) return refuse(ATT.valueNotAllowed);
  }
  else if (b[1] === CONTROL.setTime) {
    argument = i32(b, 2);
    if (argument < 0 || argument > MAX_LOCAL_SECONDS) return refuse(ATT.valueNotAllowed);
  }
  return { fields: { version: 1, opcode: b[1], argument } };
}

/** One History chunk (20 bytes). */
export function decodeHistory(value) {
  const b = bytesOf(value);
  if (b.length < 1) return refuse(ATT.invalidLength);
  if (b[0] !== 1) return refuse(ATT.unsupportedVersion);
  if (b.length !== HISTORY_LENGTH) return refuse(ATT.invalidLength);
  if (b[1] >= HISTORY_CHUNKS || b[2] !== HISTORY_CHUNKS || b[3] !== HISTORY_MINUTES_PER_CHUNK) return refuse(ATT.valueNotAllowed);
  return {
    fields: {
      version: 1, index: b[1], chunk_count: b[2], minutes_per_chunk: b[3], counts: Array.from(b.subarray(4, 20)),
    },
  };
}

export function daysInMonth(year, month) {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days since 2000-01-01 of a civil date (proleptic Gregorian). */
function daysFrom2000(y, m, d) {
  return Math.round((Date.UTC(y, m - 1, d) - Date.UTC(2000, 0, 1)) / 86400000);
}

/** Current Time 0x2A2B (10 bytes, local time) from calendar fields; day_of_week 1 Monday … 7 Sunday. */
export function encodeCurrentTime({ year, month, day, hours, minutes, seconds }) {
  const b = new Uint8Array(CURRENT_TIME_LENGTH);
  put16(b, 0, year);
  b[2] = month; b[3] = day; b[4] = hours; b[5] = minutes; b[6] = seconds;
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay(); // 0 Sunday
  b[7] = weekday === 0 ? 7 : weekday;
  return b;
}

/** Current Time from a Date, in the browser's local time zone (what the device needs). */
export function currentTimeFromDate(date) {
  return encodeCurrentTime({
    year: date.getFullYear(), month: date.getMonth() + 1, day: date.getDate(),
    hours: date.getHours(), minutes: date.getMinutes(), seconds: date.getSeconds(),
  });
}

/** What the device answers a Current Time write, and the time when accepted. (A read before the
 * time was set gives ten zero bytes — year 0, unknown; this decoder judges writes and refuses it.) */
export function decodeCurrentTime(value) {
  const b = bytesOf(value);
  if (b.length !== CURRENT_TIME_LENGTH) return refuse(ATT.invalidLength);
  const year = u16(b, 0), month = b[2], day = b[3], hours = b[4], minutes = b[5], seconds = b[6], dow = b[7];
  if (year < 2000 || year > 2067 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)
      || hours > 23 || minutes > 59 || seconds > 59 || dow > 7) return refuse(ATT.valueNotAllowed);
  const local_seconds = daysFrom2000(year, month, day) * 86400 + hours * 3600 + minutes * 60 + seconds;
  return { fields: { year, month, day, hours, minutes, seconds, day_of_week: dow, local_seconds } };
}

/** Whether minute of day m lies in the quiet hours [start, end) (across midnight when start >
 * end; none when start = end), as the device's AlertPolicy.InQuietHours judges it. */
export function inQuietHours(m, start, end) {
  if (start === end) return false;
  return start < end ? m >= start && m < end : m >= start || m < end;
}

/**
 * Missed alerts (docs/ble-protocol.md, missed-alert rule): the number of alerts between the last
 * sequence this page saw and the device's last alert sequence (Live bytes 14–15), modulo 65536.
 * Null when the page has seen no sequence from this device yet (nothing to compare).
 */
export function missedAlerts(lastSeen, deviceLast) {
  if (lastSeen == null) return null;
  return (deviceLast - lastSeen + 65536) % 65536;
}

/**
 * Rules 4 and 5 of the missed-alert rule. restartKnown (rule 5): the page had set this device's
 * clock and found it unknown again before setting it now, so the device restarted since the page
 * last looked: every alert of the new power-on was missed, { missed: deviceLast, restarted: true,
 * known: true } (its sequences start again at 1; what was missed before the restart is not known).
 * Otherwise rule 4: more alerts between the two sequences than the device counts today (Live bytes
 * 12–13) cannot all have happened since the page last looked — the device restarted in between or
 * the count spans midnight. Then only *alerts today* is known: { missed: alertsToday, restarted:
 * true, known: false }. Otherwise { missed, restarted: false, known: false }; null when the page
 * has seen no sequence yet.
 */
export function missedSince(lastSeen, deviceLast, alertsToday, restartKnown = false) {
  const missed = missedAlerts(lastSeen, deviceLast);
  if (missed == null) return null;
  if (restartKnown) return { missed: deviceLast, restarted: true, known: true };
  return missed > alertsToday ? { missed: alertsToday, restarted: true, known: false } : { missed, restarted: false, known: false };
}

/** Minutes of the day shown as HH:MM. */
export const clock = (minuteOfDay) => `${String(Math.floor(minuteOfDay / 60)).padStart(2, '0')}:${String(minuteOfDay % 60).padStart(2, '0')}`;

/** Seconds as "1 h 05 min", "12 min 30 s", "45 s". */
export function duration(seconds) {
  const s = Math.max(0, Math.round(seconds));
  if (s >= 3600) return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
  if (s >= 60) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${s} s`;
}

/**
 * Sedentary spells in the per-minute history, as the page shades them: a run of minutes without a
 * break. A minute is a break when its activations reach the configured break count (a whole
 * minute stands in for the device's sliding break window, which the minute counts cannot resolve).
 * Runs shorter than minMinutes are not shaded. Returns [{ start, end }] minute indexes, end exclusive.
 */
export function sedentarySpells(counts, breakActivations, minMinutes) {
  const spells = [];
  let start = -1;
  for (let i = 0; i <= counts.length; i++) {
    const c = i < counts.length ? counts[i] : null;
    const still = c !== null && c !== HISTORY_NO_DATA && c < breakActivations;
    if (still && start < 0) start = i;
    if (!still && start >= 0) {
      if (i - start >= minMinutes) spells.push({ start, end: i });
      start = -1;
    }
  }
  return spells;
}
