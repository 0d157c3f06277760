// The companion page: connects to a CalfMonitor over Web Bluetooth, sets its clock, shows Live,
// alerts (with notifications), the day's history and the settings. All bytes go through
// protocol.js, which is checked against the device's own test vectors.
import * as P from './protocol.js';
import { drawChart } from './chart.js';
import { buildForm, fillForm, readForm, validateForm } from './settings.js';

const $ = (id) => document.getElementById(id);
/** This computer's time now, through Date.now (which the browser tests move on): for its calendar
 * (the minutes of the Today chart, the day, quiet hours), never for how long something took. */
const pageNow = () => new Date(Date.now());
/** ms on a clock that only runs on (performance.now): for ages, which this computer's clock set
 * back or on (by hand, or corrected over the network) must not make negative or hours long. */
const monotonicNow = () => performance.now();
/** Whole minutes since 1970 (the clock's minutes begin on these in every whole-minute time zone,
 * and a time-zone or daylight-saving change does not move them back). */
const minuteOf = (t) => Math.floor(t.getTime() / 60000);
const RECONNECT_FIRST_MS = 1000;   // first retry after a drop
const RECONNECT_MAX_MS = 30000;    // back off to at most this between retries
const CHART_REDRAW_MS = 150;      // the Today chart is drawn again at most this often while the
                                   // window is resized (a dragged edge sends many sizes a second)
const HISTORY_REFRESH_AFTER_S = 5; // the Today chart is read again this many seconds into each
                                   // minute of this computer's clock while connected and in view:
                                   // one more minute each time, never twice in a minute (a history
                                   // read is 91 GATT operations)
const LIVE_STALE_MS = 10000;       // Live comes every second while the device measures; none for
                                   // this long while connected: its sensor has stopped (read Live
                                   // then, once per this interval: byte 19 bit 7 says whether it is so)
const CLOCK_JUMP_MS = 5000;        // this computer's clock moved this far against the monotonic one
                                   // since the device's clock was set: set it again (a clock set or
                                   // corrected, a sleep the monotonic clock did not count); a slow
                                   // drift between the two, if any, sets it again now and then: harmless
const SENSOR_TEXT = 'The sensor is not answering — check the wires from the device to its sensor module (four wires: SDA, SCL, VCC, GND). '
  + 'Until it answers the device measures nothing and cannot tell whether you sit or move; about once an hour it buzzes six short quick ticks to say so.';
/** The battery warning, in the Device card and once on the status line (same level as the device's hum). */
const batteryLowText = (percent) => `Battery low (${percent} %): charge it soon — when it runs out the device stops counting and cannot remind you. `
  + 'The device itself hums twice, slowly, to say so.';

/** What each "Feel it" plays (Control 01 07 NN, docs/ble-protocol.md), in the wearer's words, for
 * the line under the buttons; the strongest reminder's pulses come from the device's settings. */
const BUZZ_NAMES = {
  [P.BUZZ.firstReminder]: () => 'the reminder — one buzz',
  [P.BUZZ.strongestReminder]: () => `the reminder at its strongest — ${strongestBuzzWords().toLowerCase()}`,
  [P.BUZZ.breakDone]: () => 'break done — one short tick',
  [P.BUZZ.sensorFault]: () => 'the sensor is not answering — six quick ticks',
  [P.BUZZ.lowBattery]: () => 'battery low — two slow hums',
};
/** What a write cut off by a lost link says (Snooze, Dismiss, Feel it). */
const LOST_COMMAND_TEXT = 'Not done, or not known to be: the connection to the device was lost. Press the button again when the page says “Connected”.';

const state = {
  device: null,
  chars: {},          // characteristic objects by name
  connected: false,
  wantConnected: false,
  reconnectTimer: 0,
  reconnectDelay: RECONNECT_FIRST_MS,
  settingUp: null,    // the setUp under way (a promise), if any: one at a time (setUpOnce)
  live: null,         // last decoded Live fields
  liveAt: null,       // monotonicNow() when it arrived (null: none on this link yet)
  liveTime: null,     // Date of the last Live value (kept across a drop: shown while not connected)
  stale: false,       // connected, but no Live for LIVE_STALE_MS
  silentReadAt: null, // monotonicNow() of the last Live read made because notifications stopped
  clockOffset: null,  // this computer's UTC offset (min) when the device's clock was last set
  clockDrift: null,   // Date.now() − monotonicNow() then, ms: its change is a jump of this computer's clock
  silentRead: false,  // that read is under way
  liveProblem: null,  // why the last Live value could not be read (cleared by a readable one)
  formEdited: false,  // the settings form holds changes not yet saved on the device
  siteWriting: false, // the answer to the mounting question is being written
  config: null,       // fields as the device holds them
  alerts: [],         // [{ time: Date, text, missed }]
  notifications: [],  // what was shown (also for the tests)
  history: null,      // { counts, end: Date }
  historyLoad: null,  // the history read under way ({ link, promise }), if any (loadHistory)
  historyTried: null, // the minute (minuteOf) in which a history read last began
  historyFailure: null, // the status line's "could not be read" for the history ({ text, cleared }), until one is read
  link: 0,            // counts links up and down: a history read begun on one link ends with it
  chartWidth: 0,      // the chart's width when last drawn, px
  battery: null,      // last Battery Level read or notified, % (null: not known)
  busy: Promise.resolve(), // GATT operations run one at a time
};

// ---- small helpers ---------------------------------------------------------------------------

function status(text, kind = '') {
  const s = $('status');
  s.textContent = text;
  s.className = `status ${kind}`;
}

/** Runs GATT operations one after another (Web Bluetooth rejects overlapping ones). */
function gatt(op) {
  const next = state.busy.then(op, op);
  state.busy = next.catch(() => {});
  return next;
}

function lastSeenKey() { return `calfmon.lastSeq.${state.device ? state.device.id : ''}`; }
function lastSeen() {
  const v = localStorage.getItem(lastSeenKey());
  return v == null ? null : Number(v);
}
function rememberSeq(seq) { localStorage.setItem(lastSeenKey(), String(seq)); }

// Whether this page has set this device's clock (missed-alert rule 5: the device keeps its time
// only until it restarts, so a clock found unknown again means it restarted since).
function clockSetKey() { return `calfmon.clockSet.${state.device ? state.device.id : ''}`; }

// The mounting site the wearer confirmed for this device (per browser: a new phone asks again).
function siteKey() { return `calfmon.siteConfirmed.${state.device ? state.device.id : ''}`; }
function rememberSite(site) { localStorage.setItem(siteKey(), String(site)); }

// ---- connection ------------------------------------------------------------------------------

async function connect() {
  if (!navigator.bluetooth) return;
  // Ask for notifications while the click still counts as a user gesture; alerts need them.
  if ('Notification' in window && Notification.permission === 'default') Notification.requestPermission().then(syncPermissionButton);
  unlockAudio();
  try {
    status('Choose your CalfMonitor in the browser’s list…');
    const device = await navigator.bluetooth.requestDevice({
      filters: [{ services: [P.UUID.service] }],
      optionalServices: [P.UUID.currentTimeService, P.UUID.batteryService, P.UUID.deviceInformation],
    });
    if (state.device && state.device !== device) state.device.removeEventListener('gattserverdisconnected', onDisconnected);
    state.device = device;
    device.addEventListener('gattserverdisconnected', onDisconnected);
    state.wantConnected = true;
    await setUpOnce();
  } catch (e) {
    if (e && e.name === 'NotFoundError') {
      // The same error for a list closed without a choice and for a computer without Bluetooth
      // ("Bluetooth adapter not available."), which needs another answer.
      const present = navigator.bluetooth.getAvailability ? await navigator.bluetooth.getAvailability().catch(() => true) : true;
      if (!present || /adapter|Low Energy/i.test(e.message)) {
        status('Bluetooth is off or missing on this computer or phone: turn it on (in the system settings), then press Connect again.', 'warn');
      } else {
        status('No device chosen. If your CalfMonitor was not in the list: check that Bluetooth is on, keep the CalfMonitor near and charged, and press Connect again.');
      }
    } else if (state.wantConnected && !e.linkLost) status(`Could not connect: ${e.message}`, 'warn');
    // (Disconnect pressed meanwhile: "Disconnected." stays. A link that came up and dropped: the
    // reconnection under way says so.)
  }
}

async function disconnect() {
  state.wantConnected = false;
  state.link++;
  clearTimeout(state.reconnectTimer);
  // Also while not connected: it aborts a connection request still waiting for the device (a
  // reconnection to a device out of range), which would otherwise connect when the device comes back.
  if (state.device) state.device.gatt.disconnect();
  showConnected(false);
  renderLive();
  status('Disconnected.');
}

function onDisconnected() {
  state.connected = false;
  state.link++;
  state.liveAt = null;   // a reconnection's age counts from its own first Live, not the old link's
  state.chars = {};
  state.busy = Promise.resolve();
  showConnected(false);
  renderLive();
  if (!state.wantConnected) return;
  status('Connection lost — reconnecting…', 'warn');
  scheduleReconnect();
}

function scheduleReconnect() {
  clearTimeout(state.reconnectTimer);
  state.reconnectTimer = setTimeout(async () => {
    if (!state.wantConnected || state.connected) return;
    try {
      await setUpOnce();
    } catch (e) {
      if (!state.wantConnected) return;   // Disconnect pressed meanwhile: no more retries
      state.reconnectDelay = Math.min(state.reconnectDelay * 2, RECONNECT_MAX_MS);
      status(`Connection lost — retrying in ${Math.round(state.reconnectDelay / 1000)} s (${e.message})`, 'warn');
      scheduleReconnect();
    }
  }, state.reconnectDelay);
}

/**
 * setUp, one at a time: a request made while one is under way (the retry's timer firing while the
 * wearer's Connect sets up, or Connect picked in the device list while a retry sets up) waits for
 * it, then sets up only if the page is still not connected (nor Disconnect pressed meanwhile).
 * Two at once wrote the clock twice, read everything twice and said "Connecting…" on a connected
 * page.
 */
async function setUpOnce() {
  while (state.settingUp) await state.settingUp.catch(() => {});   // its caller reports its failure
  if (!state.wantConnected || (state.connected && state.device.gatt.connected)) return;
  const run = setUp();
  state.settingUp = run;
  try {
    await run;
  } finally {
    state.settingUp = null;
  }
}

/**
 * Everything done on each (re)connection. Up to the first Live read a failure ends the attempt
 * (the link is dropped, so the reconnection starts again cleanly); after it the page is connected,
 * and a step that fails (missed alerts, notifications, settings, history) is named in the status
 * instead of reading as "Could not connect" on a page that works.
 */
async function setUp() {
  status('Connecting…');
  state.historyFailure = null;
  const server = await state.device.gatt.connect();
  let live;
  let restarted = false;
  try {
    const service = await server.getPrimaryService(P.UUID.service);
    const c = {};
    for (const name of ['live', 'alert', 'config', 'control', 'history']) c[name] = await service.getCharacteristic(P.UUID[name]);
    c.time = await optionalChar(server, P.UUID.currentTimeService, P.UUID.currentTime);
    c.battery = await optionalChar(server, P.UUID.batteryService, P.UUID.batteryLevel);
    c.firmware = await optionalChar(server, P.UUID.deviceInformation, P.UUID.firmwareRevision);
    c.model = await optionalChar(server, P.UUID.deviceInformation, P.UUID.modelNumber);
    state.chars = c;
    state.connected = true;
    state.link++;
    showConnected(true);

    restarted = await restartedSinceClockSet();
    await setClock();
    await readDeviceInfo();
    live = await readLive();
    // Only an attempt that got this far starts the wait between retries again from 1 s: one that
    // fails at a read above (the link comes up, the device does not answer) backs off as well.
    state.reconnectDelay = RECONNECT_FIRST_MS;
  } catch (e) {
    if (!state.device.gatt.connected) e.linkLost = true;   // it dropped by itself: the reconnection says so
    else state.device.gatt.disconnect();
    throw e;
  }
  const problems = [];
  let historyProblem = null;
  const step = async (what, op) => {
    try {
      await op();
    } catch (e) {
      problems.push(`${what} could not be read (${String(e.message).replace(/\.$/, '')})`);
      return false;
    }
    return true;
  };
  if (live) await step('the alerts missed meanwhile', () => checkMissedAlerts(live, restarted));
  await subscribe(problems);
  await step('the settings', () => loadConfig({ keepEdits: true }));
  if (!(await step('today’s history', loadHistory))) historyProblem = problems[problems.length - 1];
  // The link dropped meanwhile: the reconnection (already under way) reports, not this one.
  if (!state.connected) throw Object.assign(new Error('the connection dropped while setting up'), { linkLost: true });
  const connected = `Connected${state.clockSet ? ', clock set' : ', but the clock could not be set'}`;
  // The mounting question is announced here, not by moving the focus to it.
  const ask = $('site-ask').hidden ? '' : ' One question for you at the top of the page: where do you wear this CalfMonitor?';
  // A low battery is said once on the status line here; later, only when a notification crosses the level.
  const battery = batteryLow() ? ` ${batteryLowText(state.battery)}` : '';
  const say = (list) => (list.length
    ? [`${connected}; ${list.join('; ')}. Use the Reload buttons, or Disconnect and Connect again.${battery}${ask}`, 'warn']
    : [`${connected}.${battery}${ask}`, state.clockSet && !battery ? 'ok' : 'warn']);
  const [text, kind] = say(problems);
  status(text, kind);
  // Once the history is read (a minute's read, or Reload), this message, if still shown, says so.
  if (historyProblem) state.historyFailure = { text, cleared: () => say(problems.filter((p) => p !== historyProblem)) };
}

async function optionalChar(server, serviceUuid, charUuid) {
  try {
    const s = await server.getPrimaryService(serviceUuid);
    return await s.getCharacteristic(charUuid);
  } catch {
    return null;
  }
}

function showConnected(on) {
  $('connect').hidden = on;
  $('disconnect').hidden = !on && !state.wantConnected;
  for (const id of ['snooze', 'dismiss', 'config-save', 'config-reload', 'history-reload']) $(id).disabled = !on;
  for (const b of buzzButtons()) b.disabled = !on;
  if (!on) showBuzzStatus('', '');   // "Buzzing now" belongs to the connection it was said in
  if (!on) $('site-ask').hidden = true;   // asked again once this connection's settings are read
  $('device-line').textContent = on ? `Connected to ${deviceName()}` : state.device ? `${deviceName()} — not connected` : 'Not connected';
  showHistoryAge();
}

function deviceName() {
  return (state.device && state.device.name) || 'CalfMonitor';
}

// ---- clock, device information ---------------------------------------------------------------

/** Writes this computer's local time to the device. Called on every connection and again while
 * connected when the UTC offset changes (a time zone or daylight-saving change: ble-protocol.md,
 * "Set the time") or this computer's clock jumps (clockNeedsSetting); reason says why, for the
 * Device card. */
async function setClock(reason = '') {
  state.clockSet = false;
  const now = new Date();
  // At once: the check each second must not repeat it meanwhile (nor after a failed write: the
  // next connection sets the clock).
  state.clockOffset = now.getTimezoneOffset();
  state.clockDrift = Date.now() - monotonicNow();
  const bytes = P.currentTimeFromDate(now);
  try {
    if (state.chars.time) await gatt(() => state.chars.time.writeValueWithResponse(bytes));
    else {
      // Control 01 03: local seconds since 2000-01-01 (same effect as Current Time).
      const t = P.decodeCurrentTime(bytes).fields.local_seconds;
      await gatt(() => state.chars.control.writeValueWithResponse(P.encodeControl(P.CONTROL.setTime, t)));
    }
    state.clockSet = true;
    localStorage.setItem(clockSetKey(), '1');
    $('d-clock').textContent = `set to ${now.toLocaleString()} (${Intl.DateTimeFormat().resolvedOptions().timeZone || 'local time'})${reason}`;
  } catch (e) {
    $('d-clock').textContent = `could not be set: ${e.message}`;
  }
}

/** Why the device's clock must be set again while connected, or null: a new UTC offset, or this
 * computer's clock moved by more than CLOCK_JUMP_MS against the monotonic one since it was last
 * set (set by hand, corrected over the network; a laptop's sleep where the monotonic clock stood
 * still — harmless: the same time again, once). Not during a set-up, which sets it itself. */
function clockNeedsSetting() {
  if (!state.connected || state.settingUp || state.clockDrift == null) return null;
  if (new Date().getTimezoneOffset() !== state.clockOffset) return ', again after this computer’s time zone or daylight-saving time changed';
  if (Math.abs(Date.now() - monotonicNow() - state.clockDrift) > CLOCK_JUMP_MS) return ', again after this computer’s clock jumped';
  return null;
}

/** Missed-alert rule 5 (docs/ble-protocol.md): read before the clock is set. The device's clock,
 * once set, stays known until it restarts; so when this page set it at an earlier connection and
 * Live now says it is unknown, the device restarted since. False when the page never set it (a
 * first connection, another browser) or Live cannot be read: then rule 4 alone decides. */
async function restartedSinceClockSet() {
  if (localStorage.getItem(clockSetKey()) !== '1') return false;
  const r = P.decodeLive(await gatt(() => state.chars.live.readValue()));
  return !r.error && !(r.fields.flags & P.LIVE_FLAGS.timeKnown);
}

async function readDeviceInfo() {
  const text = async (ch) => (ch ? new TextDecoder().decode(await gatt(() => ch.readValue())) : null);
  try {
    state.model = await text(state.chars.model);
    const fw = await text(state.chars.firmware);
    $('d-firmware').textContent = fw || 'unknown';
  } catch (e) {
    $('d-firmware').textContent = `unreadable (${e.message})`;
  }
  $('d-name').textContent = deviceName() + (state.model ? `, model ${state.model}` : '');
  if (state.chars.battery) {
    try {
      const v = await gatt(() => state.chars.battery.readValue());
      showBattery(v.getUint8(0), false);   // the connection's status line says it, if low
    } catch (e) {
      showBattery(null, false, 'unknown');
    }
  } else showBattery(null, false, 'not reported');
}

function batteryLow() { return state.battery != null && state.battery <= P.LOW_BATTERY_PERCENT; }

/** The Battery line of the Device card and, at or below the device's warning level, the warning
 * under it; announce: say it on the status line too when the level has just crossed it (a
 * notification while connected). */
function showBattery(percent, announce = true, words = '') {
  const wasLow = batteryLow();
  state.battery = percent;
  $('d-battery').textContent = percent == null ? words : `${percent} %`;
  const low = batteryLow();
  const warning = $('battery-low');
  warning.textContent = low ? batteryLowText(percent) : '';
  warning.hidden = !low;
  if (announce && low && !wasLow) status(batteryLowText(percent), 'warn');
}

// ---- Live ------------------------------------------------------------------------------------

async function readLive() {
  const v = await gatt(() => state.chars.live.readValue());
  return onLive(v);
}

function onLive(value) {
  const r = P.decodeLive(value);
  if (r.error) {
    // Said at the top until a readable Live comes (one damaged value must not leave it there).
    state.liveProblem = P.unreadableText('Live', value, r.error);
    showPayloadProblem();
    if (state.live) renderLive();
    return null;
  }
  if (state.liveProblem) {
    state.liveProblem = null;
    showPayloadProblem();
  }
  state.live = r.fields;
  state.liveAt = monotonicNow();
  state.liveTime = new Date();
  renderLive();
  return r.fields;
}

function showPayloadProblem() {
  const p = $('payload-problem');
  p.textContent = state.liveProblem || '';
  p.hidden = !state.liveProblem;
}

/**
 * Live notifications stopped (the device sends none while its sensor is out): read Live, whose
 * byte 19 bit 7 says whether the sensor is not answering. Only that answer is taken: without the
 * bit (older firmware, or a link that carries nothing) the page goes on saying it has no news.
 */
async function readLiveWhileSilent() {
  state.silentReadAt = monotonicNow();
  state.silentRead = true;   // (a notification arriving meanwhile is skipped: the next comes a second later)
  let value;
  try {
    value = await gatt(() => state.chars.live.readValue());
  } catch {
    return;   // the link is going: the disconnection handler says so
  } finally {
    state.silentRead = false;
  }
  const r = P.decodeLive(value);
  if (r.error || !r.fields.sensor_not_answering) return;
  state.live = r.fields;
  state.liveTime = new Date();
  renderLive();
}

/** Seconds since the last Live value while connected (0 when not connected). */
function liveAgeSeconds() {
  return state.connected && state.liveAt != null ? Math.floor((monotonicNow() - state.liveAt) / 1000) : 0;
}

function renderLive() {
  const l = state.live;
  if (!l) return;
  const age = liveAgeSeconds();
  state.stale = age * 1000 >= LIVE_STALE_MS;
  const f = l.flags;
  const has = (bit) => (f & bit) !== 0;
  $('m-minute').textContent = l.activations_last_minute;
  $('m-today').textContent = l.activations_today.toLocaleString();
  const worn = has(P.LIVE_FLAGS.worn);
  $('m-spell').textContent = P.duration(l.spell_s);
  $('m-spell-label').textContent = worn ? 'sedentary spell (time since the last break)' : 'sedentary spell — paused while lying or not worn';
  const threshold = state.config ? state.config.alert_after_min * 60 : 30 * 60;
  $('spell-fill').style.width = `${Math.min(100, (l.spell_s / threshold) * 100)}%`;
  let next;
  if (l.next_alert_s === P.NO_ALERT_SCHEDULED) next = worn ? 'Next alert: none scheduled' : 'Next alert: none while lying or not worn';
  else if (l.next_alert_s === 0) next = 'Next alert: due now';
  else next = `Next alert in ${P.duration(l.next_alert_s)} if you keep still`;
  if (l.next_alert_s !== P.NO_ALERT_SCHEDULED && has(P.LIVE_FLAGS.quiet)) {
    // Quiet now; whether it buzzes depends on the minute of the device's clock (which the page set
    // to this computer's) in which it falls due, to the second: the device judges that minute then.
    const now = new Date();
    const dueS = now.getHours() * 3600 + now.getMinutes() * 60 + now.getSeconds() + l.next_alert_s;
    const due = Math.floor(dueS / 60) % 1440;
    const c = state.config;
    next += !c || P.inQuietHours(due, c.quiet_start_min, c.quiet_end_min)
      ? ' (quiet hours: it will not buzz)' : ' (after quiet hours end: it will buzz)';
  }
  const sensorOut = !!l.sensor_not_answering;   // Live byte 19 bit 7
  if (sensorOut) {
    next = l.next_alert_s === P.NO_ALERT_SCHEDULED
      ? 'Next alert: none — without its sensor the device cannot tell when you sit'
      : `${next} — counted as sitting while the sensor is not answering`;
  }
  if (!state.connected) next = 'Next alert: not known while not connected';
  $('m-next').textContent = next;
  // Pills for the states that are on and for warnings; a state that is off ("Not snoozed") is
  // listed too (a screen reader reads the whole list), but as quiet text after the pills
  // ('off'), not as loud as the ones that matter (newcomer audit, session 25).
  const flags = [
    [worn ? 'Worn' : 'Not worn / lying', worn ? 'on' : 'attn'],
    [has(P.LIVE_FLAGS.upright) ? 'Upright' : 'Not upright', has(P.LIVE_FLAGS.upright) ? 'on' : 'off'],
    [has(P.LIVE_FLAGS.snoozed) ? 'Snoozed' : 'Not snoozed', has(P.LIVE_FLAGS.snoozed) ? 'attn' : 'off'],
    [has(P.LIVE_FLAGS.quiet) ? 'Quiet hours now' : 'Not quiet hours', has(P.LIVE_FLAGS.quiet) ? 'attn' : 'off'],
    [has(P.LIVE_FLAGS.timeKnown) ? 'Clock known' : 'Clock unknown (no quiet hours, “today” since power-on)', has(P.LIVE_FLAGS.timeKnown) ? 'on' : 'attn'],
  ];
  if (sensorOut) flags.splice(0, 2);   // worn / upright: the posture is not known without the sensor
  // The device sends Live once a second while it measures; while its sensor is stopped (missing, or
  // being restarted) it sends nothing, and these values are old.
  if (!state.connected) {
    flags.unshift([`Not connected: these values are from ${state.liveTime.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })} and no longer change.`, 'attn']);
  }
  if (sensorOut && state.connected) {
    flags.unshift([SENSOR_TEXT, 'attn']);
  } else if (state.stale) {
    flags.unshift([state.liveProblem
      ? `What this page shows is ${P.duration(age)} old: the device’s newer values cannot be read (see the message at the top).`
      : `No news from the device for ${P.duration(age)}: what this page shows is from before. Most likely its sensor has stopped and it is not measuring (its LED then blinks instead of flashing briefly every 2 s); it still buzzes when an alert falls due, counting the time as sitting.`, 'attn']);
  }
  if (has(P.LIVE_FLAGS.alertPending)) flags.push(['Alert waiting (snooze, recent activity, or lying)', 'attn']);
  if (has(P.LIVE_FLAGS.recording)) flags.push(['Recording raw samples', 'attn']);
  if (has(P.LIVE_FLAGS.settingsNotStored)) flags.push(['Settings not saved on the device: a restart would lose them', 'attn']);
  const ul = $('flags');
  ul.textContent = '';
  for (const [text, cls] of [...flags.filter(([, c]) => c !== 'off'), ...flags.filter(([, c]) => c === 'off')]) {
    const li = document.createElement('li');
    li.textContent = text;
    if (cls) li.className = cls;
    ul.append(li);
  }
  const guess = l.guessed_site ? `; the data look like ${P.SITES[l.guessed_site]}` : '';
  $('site-line').textContent = `Mounting site in force: ${P.SITES[l.mounting]}${guess}.`;
  // The Today card's total too: drawn with the history, it would keep the count of the Live
  // before an alert or midnight until the next history load.
  const totalsAlerts = $('totals-alerts');
  if (totalsAlerts) totalsAlerts.textContent = l.alerts_today;
  $('alerts-summary').textContent = `Alerts today: ${l.alerts_today}. Last alert number: ${l.last_alert_sequence || 'none since power-on'}.`;
}

// ---- alerts ----------------------------------------------------------------------------------

/**
 * Missed-alert rule (docs/ble-protocol.md): the page remembers the last alert sequence it saw
 * from this device; on every (re)connection it compares it with Live's last alert sequence and,
 * when they differ, reads Alert for the newest one's details.
 */
async function checkMissedAlerts(live, restarted = false) {
  const seen = lastSeen();
  const newest = live.last_alert_sequence;
  if (restarted && seen !== null && newest === 0) {
    rememberSeq(newest);
    addAlert(null, false, 'The device restarted since this page last saw it, and has raised no alert since.');
    return;
  }
  // None since power-on, or nothing new (unless the device restarted: the same number is a new alert).
  if (newest === 0 || (seen === newest && !restarted)) {
    rememberSeq(newest);
    return;
  }
  const value = await gatt(() => state.chars.alert.readValue());
  // Remembered once read: a link lost during the read leaves the alert to the next connection to tell.
  rememberSeq(newest);
  const r = P.decodeAlert(value);
  if (r.error) {
    addAlert(null, true, `The device raised alerts since this page last saw it, but the newest cannot be read: ${P.unreadableText('Alert', value, r.error)}`);
    return;
  }
  if (r.fields.reason === 0) return;
  if (seen === null) {
    addAlert(r.fields, false, `Last alert before this page connected: ${describeAlert(r.fields)}`);
    return;
  }
  const m = P.missedSince(seen, newest, live.alerts_today, restarted);
  const n = `${m.missed} alert${m.missed === 1 ? '' : 's'}`;
  addAlert(r.fields, true, m.known
    ? `The device restarted since this page last saw it, and has raised ${n} since; the newest was ${describeAlert(r.fields)}`
    : m.restarted
      ? `The device restarted (or the day changed) since this page last saw it: ${n} today; the newest was ${describeAlert(r.fields)}`
      : `Missed while away: ${n}; the newest was ${describeAlert(r.fields)}`);
}

function describeAlert(a) {
  return `#${a.sequence}, ${P.ALERT_REASONS[a.reason] || 'alert'}, sedentary for ${a.spell_min} min`
    + (a.repeat_index ? ` (repeat ${a.repeat_index})` : '') + (a.suppressed ? `, ${a.suppressed} suppressed before` : '');
}

function onAlert(value) {
  const r = P.decodeAlert(value);
  if (r.error) {
    // Not interpreted (ble-protocol.md: an unknown version is ignored), but not hidden either.
    addAlert(null, true, `An alert arrived (the device buzzes by itself) that this page cannot read: ${P.unreadableText('Alert', value, r.error)}`);
    return;
  }
  if (r.fields.reason === 0) return;
  const a = r.fields;
  const seen = lastSeen();
  // (A jump larger than today's alerts is a restart or a new day, not alerts missed: rule 4.)
  const gap = P.missedAlerts(seen, a.sequence);
  const today = state.live ? state.live.alerts_today : 0;
  if (gap != null && gap > 1 && gap - 1 <= today) addAlert(null, true, `${gap - 1} alert${gap === 2 ? '' : 's'} missed (notification numbers jumped from ${seen} to ${a.sequence}).`);
  rememberSeq(a.sequence);
  addAlert(a, false, `Time to move: ${describeAlert(a)}`, true);
  const body = `Sedentary for ${a.spell_min} minutes. A few heel raises or a short walk wake up the calf muscle pump.`;
  notify('Time to move your calves', body, `calfmon-${a.sequence}`);
  beep(a.buzz_pulses || 1);
  if (navigator.vibrate) navigator.vibrate(Array.from({ length: a.buzz_pulses || 1 }, () => [400, 200]).flat());
}

/** Adds a line to the alert list; onChart: the alert happened now (a notification), so the chart
 * can mark it (alerts read after a reconnect have no known time and are listed only). */
function addAlert(fields, missed, text, onChart = false) {
  const time = pageNow();
  state.alerts.push({ time, text, missed, fields, onChart });
  const li = document.createElement('li');
  li.textContent = `${time.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })} — ${text}`;
  if (missed) li.className = 'missed';
  $('alert-log').prepend(li);
  $('alert-empty').hidden = true;
  if (state.history) renderHistory();
}

async function notify(title, body, tag) {
  state.notifications.push({ title, body, tag });
  if (!('Notification' in window) || Notification.permission !== 'granted') return;
  // The tag is the alert's sequence, which starts at 1 again after the device restarts: a new alert
  // may replace an old one still in the tray, and renotify makes it sound and vibrate all the same.
  try {
    new Notification(title, { body, tag, renotify: true, icon: 'icons/icon.svg' });
  } catch {
    // Android: pages may only show notifications through their service worker.
    const reg = await navigator.serviceWorker?.getRegistration();
    if (reg) reg.showNotification(title, { body, tag, renotify: true, icon: 'icons/icon.svg' });
  }
}

let audio;
/** Browsers start audio only after a user gesture: the Connect click creates the context. */
function unlockAudio() {
  try {
    audio = audio || new AudioContext();
    audio.resume();
  } catch { /* no Web Audio */ }
}

function beep(pulses) {
  try {
    audio = audio || new AudioContext();
    for (let i = 0; i < pulses; i++) {
      const o = audio.createOscillator();
      const g = audio.createGain();
      o.frequency.value = 880;
      g.gain.value = 0.15;
      o.connect(g).connect(audio.destination);
      const t = audio.currentTime + i * 0.6; // 400 ms on, 200 ms off, like the device's motor
      o.start(t);
      o.stop(t + 0.4);
    }
  } catch { /* no audio: the notification and vibration remain */ }
}

async function control(opcode, argument, done) {
  try {
    await gatt(() => state.chars.control.writeValueWithResponse(P.encodeControl(opcode, argument)));
  } catch (e) {
    status(lostLink(e) ? LOST_COMMAND_TEXT : `The device refused the command: ${e.message}`, 'warn');
    return;
  }
  status(done, 'ok');
  try {
    await readLive();   // the new state at once (a failure here is not the command's)
  } catch { /* Live comes again every second */ }
}

// ---- what the buzzes mean -------------------------------------------------------------------

function buzzButtons() { return document.querySelectorAll('.buzz-list button[data-buzz]'); }

/** The strongest reminder as felt: the device's max_buzz_pulses once its settings are read. */
function strongestBuzzWords() {
  const n = state.config ? state.config.max_buzz_pulses : null;
  if (n == null) return 'Several buzzes in a row';
  return n === 1 ? 'One buzz (your settings allow no more)' : `${n} buzzes in a row`;
}

function renderBuzzes() {
  $('buzz-2-feel').textContent = strongestBuzzWords();
}

function showBuzzStatus(text, kind) {
  const m = $('buzz-status');
  m.textContent = text;
  m.className = `buzz-status ${kind}`;
}

/**
 * "Feel it": Control 01 07 NN, the motor plays that pattern once (not an alert: nothing on the
 * device changes). Firmware from before the command answers 0x81 Unknown Opcode. Web Bluetooth does
 * not hand the ATT code to the page (see writeConfig), so, as there, the page names the code the
 * protocol's checks give: these bytes pass every check but the opcode's, so a device that refuses
 * them (the link still up) does not know the command.
 */
async function tryBuzz(pattern) {
  const bytes = P.encodeControl(P.CONTROL.tryBuzz, pattern);
  try {
    await gatt(() => state.chars.control.writeValueWithResponse(bytes));
  } catch (e) {
    if (lostLink(e)) showBuzzStatus(LOST_COMMAND_TEXT, 'bad');
    else {
      showBuzzStatus('This device’s software is too old to try buzzes: it does not know the command. Everything else works as before; '
        + `a firmware update brings it. (Browser: ${e.message})`, 'bad');
    }
    return;
  }
  showBuzzStatus(`Buzzing now: ${BUZZ_NAMES[pattern]()}.`, 'ok');
}

// ---- subscriptions ---------------------------------------------------------------------------

const handlers = {
  // A read fires this event too (Web Bluetooth): the reads made while notifications are silent
  // are not news of a measuring device (readLiveWhileSilent takes what they say).
  live: (e) => { if (!state.silentRead) onLive(e.target.value); },
  alert: (e) => onAlert(e.target.value),
  battery: (e) => showBattery(e.target.value.getUint8(0)),
};

/** Notifications on; a failure is added to problems (the battery's is not: it is read anyway). */
async function subscribe(problems) {
  const words = { live: 'the values of every second', alert: 'the alerts' };
  for (const name of ['live', 'alert', 'battery']) {
    const ch = state.chars[name];
    if (!ch) continue;
    ch.removeEventListener('characteristicvaluechanged', handlers[name]);
    ch.addEventListener('characteristicvaluechanged', handlers[name]);
    try {
      await gatt(() => ch.startNotifications());
    } catch (e) {
      if (words[name]) problems.push(`${words[name]} will not arrive (${String(e.message).replace(/\.$/, '')})`);
    }
  }
}

// ---- settings --------------------------------------------------------------------------------

/** Reads the device's settings into the form. keepEdits (a reconnection): changes the wearer made
 * in the form and has not saved stay there, rather than vanishing because the link dropped. */
async function loadConfig({ keepEdits = false } = {}) {
  const v = await gatt(() => state.chars.config.readValue());
  const r = P.decodeConfig(v);
  if (r.error) {
    showConfigMessage(`The device’s settings could not be read. ${P.unreadableText('Config', v, r.error)}`, 'bad');
    return;
  }
  state.config = r.fields;
  showSettingsForm();
  if (keepEdits && state.formEdited) {
    showConfigMessage('Your changes in the form are not saved on the device yet: press “Save to device” to save them, or “Reload from device” to drop them.', 'bad');
  } else {
    fillForm($('config-form'), r.fields);
    state.formEdited = false;
  }
  renderLive();
  renderSiteQuestion();
  renderBuzzes();
}

/** The form is offered once the device's settings have been read (then kept, with Save disabled,
 * while not connected); before that, empty fields and "Fill in defaults" would look editable
 * (newcomer audit, session 25): a sentence says where the settings are instead. */
function showSettingsForm() {
  const read = !!state.config;
  $('config-fields').hidden = !read;
  $('config-actions').hidden = !read;
  $('config-none').hidden = read;
}

function showConfigMessage(text, kind) {
  const m = $('config-message');
  m.textContent = text;
  m.className = `message ${kind}`;
  m.hidden = !text;
}

async function saveConfig(event) {
  event.preventDefault();
  const form = $('config-form');
  const fields = readForm(form);
  const problems = validateForm(form, fields);
  if (problems.length) {
    showConfigMessage(`Not saved: ${problems.length} value${problems.length === 1 ? ' is' : 's are'} outside the device’s range (marked above).`, 'bad');
    return;
  }
  if (await writeConfig(fields)) confirmSite(fields.mounting);
}

/** A GATT operation failed because the link went (Chromium: NetworkError, "GATT Server is
 * disconnected…"), not because the device answered with an error. */
function lostLink(e) {
  return (e && e.name === 'NetworkError') || !state.connected || !(state.device && state.device.gatt.connected);
}

/** What "Save to device" says; the mounting question (askSite) says it in its own place. */
const FORM_WRITE = {
  say: showConfigMessage,
  saved: 'Saved. The device uses the new settings now.',
  again: 'Your values stay in the form: press “Save to device” again when the page says “Connected”.',
  shown: 'the form shows what the device holds',
  keepEdits: false,
};

/** Writes the settings; a refusal is shown in words (through how.say) and the settings reloaded
 * from the device. Returns true when the device took them. */
async function writeConfig(fields, how = FORM_WRITE) {
  const bytes = P.encodeConfig(fields);
  let ok = false;
  try {
    await gatt(() => state.chars.config.writeValueWithResponse(bytes));
    how.say(how.saved, 'ok');
    ok = true;
  } catch (e) {
    if (lostLink(e)) {
      // The device refused nothing; whether the write reached it is not known. The values stay in
      // the form (the reconnection keeps them) to be saved again.
      how.say(`Not saved, or not known to be: the connection to the device was lost during the write. ${how.again}`, 'bad');
      return false;
    }
    // Web Bluetooth does not pass the ATT code on; the device's checks are deterministic, so the
    // page names the code those checks give for the bytes it sent.
    const verdict = P.decodeConfig(bytes);
    let why = verdict.error ? P.ATT_WORDS[verdict.error] : 'no reason this page can name (the device may be newer or older)';
    if (verdict.problems && verdict.problems.length) {
      why += ` — ${verdict.problems.map((p) => `${p.label} ${p.value} is outside ${p.min}–${p.max}`).join('; ')}`;
    }
    how.say(`The device refused the settings: ${why}. Nothing was changed; ${how.shown}. (Browser: ${e.message})`, 'bad');
  }
  try {
    await loadConfig({ keepEdits: how.keepEdits });
  } catch (e) {
    if (how.say === showConfigMessage) showConfigMessage(`${$('config-message').textContent} Reading the settings back failed: ${e.message}`, 'bad');
  }
  return ok;
}

// ---- the mounting question -------------------------------------------------------------------

/**
 * Asks where the device is worn until the wearer has answered for this device in this browser
 * (or saved Settings), or when the device holds another site than the one confirmed (changed
 * elsewhere, or settings lost in a restart). A wrong site miscounts: docs/companion.md.
 */
function renderSiteQuestion() {
  const c = state.config;
  const ask = $('site-ask');
  if (!c || !('mounting' in c)) {   // not read yet, or older firmware without the setting
    ask.hidden = true;
    return;
  }
  const confirmed = localStorage.getItem(siteKey());
  const show = confirmed !== String(c.mounting);
  for (const b of ask.querySelectorAll('button.choice')) {
    const current = Number(b.dataset.site) === c.mounting;
    b.classList.toggle('current', current);
    b.querySelector('.now').textContent = current ? 'the device is set for this now' : '';
  }
  ask.hidden = !show;
}

/** Marks the site as confirmed for this device and puts the question away. */
function confirmSite(site) {
  rememberSite(site);
  $('site-ask-message').hidden = true;
  renderSiteQuestion();
}

function showSiteMessage(text, kind) {
  const m = $('site-ask-message');
  m.textContent = text;
  m.hidden = kind === 'ok' || !text;
}

/** The wearer's answer: written the way "Save to device" writes (only the site changed), or just
 * confirmed when the device already holds it. */
async function askSite(site) {
  if (!state.connected || !state.config) {
    showSiteMessage('Not connected: press Connect, then answer again.', 'bad');
    return;
  }
  if (state.siteWriting) return;   // a second press while the first answer is being written
  const text = P.SITES[site];
  if (state.config.mounting !== site) {
    const fields = { ...state.config, mounting: site };
    const problems = P.configProblems(fields);
    if (problems.length) {
      showSiteMessage(`Not saved: ${problems.map((p) => `${p.label} ${p.value} is outside ${p.min}–${p.max}`).join('; ')}. Correct it under Settings.`, 'bad');
      return;
    }
    state.siteWriting = true;
    let ok;
    try {
      ok = await writeConfig(fields, {
        say: showSiteMessage,
        saved: '',
        again: 'Press your answer again when the page says “Connected”.',
        shown: 'the device keeps its site',
        keepEdits: true,
      });
    } finally {
      state.siteWriting = false;
    }
    if (!ok) return;
    fillForm($('config-form'), { mounting: site });   // a form with unsaved edits shows the new site too
  }
  confirmSite(site);
  status(`Thank you: the device counts for the ${text} now. You can change it under Settings.`, 'ok');
}

// ---- history ---------------------------------------------------------------------------------

/** One load at a time: Reload pressed while the page reads the history (on connecting, a
 * minute's read, or an earlier Reload) gets that load. Two at once restarted each other's snapshot
 * and mixed their chunks ("history chunk 1 arrived where 0 was expected"). A load begun on an
 * earlier link is not shared: it fails with that link, and a new link reads afresh. */
function loadHistory() {
  const link = state.link;
  if (state.historyLoad && state.historyLoad.link === link) return state.historyLoad.promise;
  state.historyTried = minuteOf(pageNow());
  const load = { link };
  load.promise = readHistory(link).finally(() => { if (state.historyLoad === load) state.historyLoad = null; });
  state.historyLoad = load;
  return load.promise;
}

/** Reads the 90 chunks on the link it began on (its characteristics, taken at the start): a drop
 * or a new link meanwhile ends it with an error and leaves the chart as it was, never mixing two
 * links' chunks or drawing a half-read day. */
async function readHistory(link) {
  const { control, history } = state.chars;
  const check = () => {
    if (state.link !== link || !control || !history) throw Object.assign(new Error('the connection to the device was lost during the read'), { linkLost: true });
  };
  check();
  await gatt(() => control.writeValueWithResponse(P.encodeControl(P.CONTROL.historySnapshot)));
  check();
  const counts = new Array(1440);
  const end = pageNow();
  for (let expect = 0; expect < P.HISTORY_CHUNKS; expect++) {
    const value = await gatt(() => history.readValue());
    check();
    const r = P.decodeHistory(value);
    if (r.error) throw new Error(`history chunk ${expect}: ${P.unreadableText('History', value, r.error)}`);
    if (r.fields.index !== expect) throw new Error(`history chunk ${r.fields.index} arrived where ${expect} was expected`);
    r.fields.counts.forEach((c, i) => { counts[expect * P.HISTORY_MINUTES_PER_CHUNK + i] = c; });
  }
  state.history = { counts, end };
  renderHistory();
  // The status line that said the history could not be read (on connecting, or Reload's) must
  // not contradict a chart now read: it says the same without that — once, and only while it
  // is still what the status line shows (a newer message is left alone).
  const failure = state.historyFailure;
  state.historyFailure = null;
  if (failure && $('status').textContent === failure.text) status(...failure.cleared());
}

/**
 * The Today chart kept current while the page is open: read again a few seconds into every new
 * minute of this computer's clock (HISTORY_REFRESH_AFTER_S), while connected, not setting up and
 * in view (a hidden tab or a phone's dark screen reads nothing; back in view, it reads at once if
 * a minute has passed). At most one read begins in a minute, whether it succeeds or not, and a
 * failed one says nothing (the link going says so itself): the chart stays as read, with its age.
 * Called every second and when the page comes back in view.
 */
function refreshHistoryWhenDue() {
  if (!state.connected || state.settingUp || (state.historyLoad && state.historyLoad.link === state.link)) return;
  if (document.visibilityState === 'hidden') return;
  const now = pageNow();
  const minute = minuteOf(now);
  if (now.getSeconds() < HISTORY_REFRESH_AFTER_S || minute === state.historyTried) return;
  // (Not "ends at or after this minute": a clock set back an hour would read nothing for an hour.)
  if (state.history && minuteOf(state.history.end) === minute) return;
  loadHistory().catch(() => {});
}

/** Under the Today heading: when the chart was read, and whether it is still kept current. */
function showHistoryAge() {
  const line = $('chart-age');
  if (!state.history) {
    line.hidden = true;
    return;
  }
  const end = state.history.end;
  const time = end.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const today = end.toDateString() === pageNow().toDateString();
  const when = today ? `at ${time}` : `on ${end.toLocaleDateString([], { weekday: 'short', day: 'numeric', month: 'short' })} at ${time}`;
  const text = state.connected
    ? `Read from the device ${when}; read again every minute while this page is in view.`
    : `Read from the device ${when}; not connected, so it no longer changes.`;
  if (line.textContent !== text) line.textContent = text;   // (checked every second: no change, no touch)
  line.hidden = false;
}

function renderHistory() {
  const { counts, end } = state.history;
  const breakCount = state.config ? state.config.break_activations : 10;
  const sinceMidnight = end.getHours() * 60 + end.getMinutes();
  const today = counts.slice(counts.length - sinceMidnight);
  const data = today.filter((c) => c !== P.HISTORY_NO_DATA);
  const total = data.reduce((s, c) => s + c, 0);
  const active = data.filter((c) => c >= breakCount).length;
  let longest = 0, run = 0;
  for (const c of today) {
    run = c !== P.HISTORY_NO_DATA && c < breakCount ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  const totals = [
    ['Activations today', total.toLocaleString()],
    ['Minutes with data', data.length],
    ['Break minutes', active],
    ['Longest still run', `${longest} min`],
    ['Alerts today', state.live ? state.live.alerts_today : '–'],
  ];
  const dl = $('totals');
  const shown = [...dl.querySelectorAll('dd')];
  if (shown.length === totals.length) {
    // Drawn again every minute: the same elements with their new values, so that a screen
    // reader's place or a selection in them is not lost.
    totals.forEach(([, v], i) => { if (shown[i].textContent !== String(v)) shown[i].textContent = v; });
  } else {
    dl.textContent = '';
    for (const [k, v] of totals) {
      const d = document.createElement('div');
      const dt = document.createElement('dt');
      dt.textContent = k;
      const dd = document.createElement('dd');
      dd.textContent = v;
      if (k === 'Alerts today') dd.id = 'totals-alerts';   // kept up with every Live (renderLive)
      d.append(dt, dd);
      dl.append(d);
    }
  }
  const marks = state.alerts.filter((a) => a.onChart).map((a) => ({ time: a.time, label: a.text }));
  state.chartWidth = $('chart').clientWidth;
  const summary = drawChart($('chart'), counts, end, breakCount, marks);
  $('chart').setAttribute('aria-label', summary);
  showHistoryAge();
}

/** "Allow notifications" shows only while the browser has not been asked or was refused. */
function syncPermissionButton() {
  const p = 'Notification' in window ? Notification.permission : 'unsupported';
  $('notify-permission').hidden = p === 'granted' || p === 'unsupported';
  $('notify-permission').textContent = p === 'denied' ? 'Notifications blocked (browser settings)' : 'Allow notifications';
}

// ---- start -----------------------------------------------------------------------------------

/** What to do when this browser has no Web Bluetooth, for the wearer's own device where it can
 * be told: iPhone / iPad (no browser there has it), Linux (Chrome has it behind a switch). */
function noBluetoothText() {
  if (!window.isSecureContext) {
    return 'This page can reach Bluetooth only when opened from an https:// address (or from http://localhost on this computer). Open its https:// address instead.';
  }
  const ua = navigator.userAgent;
  const none = 'This browser cannot reach Bluetooth devices (it has no Web Bluetooth).';
  if (/iPhone|iPad|iPod/.test(ua) || (/Macintosh/.test(ua) && navigator.maxTouchPoints > 1)) {
    return `${none} No browser on an iPhone or iPad can: use an Android phone, or Chrome or Edge on a computer. The CalfMonitor buzzes by itself all the same.`;
  }
  if (/Linux/.test(ua) && !/Android/.test(ua) && /Chrome|Chromium|Edg\//.test(ua)) {
    return `${none} On Linux, Chrome, Chromium and Edge have it behind a switch: open chrome://flags/#enable-experimental-web-platform-features, set it to Enabled, restart the browser and open this page again.`;
  }
  return `${none} Open this page in Chrome or Edge on an Android phone or on a Windows, Mac or ChromeOS computer; Firefox and Safari cannot, nor any browser on an iPhone or iPad.`;
}

function start() {
  buildForm($('config-fields'));
  // The sticky top bar's height for the page's scroll padding (css/app.css): the keyboard's focus
  // never lands under the bar.
  const bar = document.querySelector('.bar');
  const barHeight = () => document.documentElement.style.setProperty('--bar-height', `${bar.offsetHeight}px`);
  if ('ResizeObserver' in window) new ResizeObserver(barHeight).observe(bar);
  else barHeight();
  // The Today chart is drawn at its card's width (chart.js: labels keep their size); drawn again
  // when that width changes — a resized window, a phone turned, the browser zoomed (newcomer audit,
  // session 25: it kept the width it was first drawn at).
  if ('ResizeObserver' in window) {
    let chartTimer = 0;
    new ResizeObserver(() => {
      if (!state.history || chartTimer) return;
      chartTimer = setTimeout(() => {
        chartTimer = 0;
        if (state.history && $('chart').clientWidth !== state.chartWidth) renderHistory();
      }, CHART_REDRAW_MS);
    }).observe($('chart'));
  }
  $('connect').addEventListener('click', connect);
  $('disconnect').addEventListener('click', disconnect);
  // In minutes the wearer can picture (the settings as read from the device), not "the configured length".
  const minutes = (key, fallback) => (state.config ? `${state.config[key]} minutes` : fallback);
  $('snooze').addEventListener('click', () => control(P.CONTROL.snooze, 0,
    `Snoozed: no alert for the next ${minutes('snooze_min', 'snooze length (see Settings)')}.`));
  $('dismiss').addEventListener('click', () => control(P.CONTROL.dismiss, 0,
    `Alert dismissed: if you keep sitting, the next one comes in ${minutes('repeat_every_min', 'one repeat interval (see Settings)')} at the earliest.`));
  for (const b of buzzButtons()) b.addEventListener('click', () => tryBuzz(Number(b.dataset.buzz)));
  $('config-form').addEventListener('submit', saveConfig);
  for (const b of document.querySelectorAll('#site-ask button.choice')) b.addEventListener('click', () => askSite(Number(b.dataset.site)));
  $('config-form').addEventListener('input', () => { state.formEdited = true; });
  $('config-reload').addEventListener('click', () => loadConfig().then(() => showConfigMessage('Reloaded from the device.', 'ok')));
  $('config-defaults').addEventListener('click', () => {
    const defaults = Object.fromEntries(P.CONFIG_FIELDS.map((f) => [f.key, f.def]));
    if (state.config) defaults.mounting = state.config.mounting;
    fillForm($('config-form'), defaults);
    state.formEdited = true;
    showConfigMessage('Defaults filled in (the mounting site is kept). Press “Save to device” to apply them.', 'ok');
  });
  $('history-reload').addEventListener('click', () => loadHistory().catch((e) => {
    // A read cut off by the link going says nothing: Disconnect, or the reconnection (which reads
    // the history again), says what happened to the link.
    if (e.linkLost || lostLink(e)) return;
    const text = `History: ${e.message}`;
    status(text, 'warn');
    state.historyFailure = { text, cleared: () => [`Today’s history read from the device at ${state.history.end.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}.`, 'ok'] };
  }));
  $('notify-permission').addEventListener('click', () => Notification.requestPermission().then(syncPermissionButton));
  syncPermissionButton();
  // Live that stops while connected is shown as such (and cleared when it comes again); a new UTC
  // offset (time zone, daylight saving) or a jump of this computer's clock sets the device's clock again.
  setInterval(() => {
    if (state.live && (state.stale || liveAgeSeconds() * 1000 >= LIVE_STALE_MS)) {
      renderLive();
      if (state.connected && (state.silentReadAt == null || monotonicNow() - state.silentReadAt >= LIVE_STALE_MS)) readLiveWhileSilent();
    }
    const again = clockNeedsSetting();
    if (again) setClock(again);
    refreshHistoryWhenDue();
    showHistoryAge();   // "on <day>" once the day of a chart no longer kept current has passed
  }, 1000);
  // Back in view (a tab brought forward, a phone's screen on): read at once if a minute has passed.
  document.addEventListener('visibilitychange', refreshHistoryWhenDue);
  if (!navigator.bluetooth) {
    $('unsupported').textContent = noBluetoothText();
    $('unsupported').hidden = false;
    $('connect').disabled = true;
    // Not "Press Connect" next to a Connect that cannot be pressed; and no notifications to allow
    // where no alert can arrive.
    status('This browser cannot connect to the CalfMonitor: the message below says what will work.', 'warn');
    $('notify-permission').hidden = true;
    $('config-none').textContent = 'The settings are kept on your CalfMonitor, which this browser cannot reach (the message at the top says what will work).';
  }
  // ?nosw: no service worker (the Bluetooth browser tests: PuppeteerSharp's device chooser
  // handling loses the page when a worker starts during it). The offline test loads without it.
  if ('serviceWorker' in navigator && !new URLSearchParams(location.search).has('nosw')) {
    navigator.serviceWorker.register('sw.js').catch(() => {});
  }
}

/**
 * Test hook (documented in docs/companion.md). The Chrome DevTools Bluetooth emulation cannot
 * push a notification from the emulated peripheral, so the browser tests hand the device's
 * notification bytes to the very handlers a real notification reaches. writeConfigUnchecked
 * skips the page's own range check, as an older or newer page would, to show the device's refusal.
 */
window.calfmonTest = {
  deliver(kind, hexText) {
    const value = new DataView(P.fromHex(hexText).buffer);
    if (kind === 'live') onLive(value);
    else if (kind === 'alert') onAlert(value);
    else if (kind === 'battery') showBattery(value.getUint8(0));
    else throw new Error(`unknown notification ${kind}`);
  },
  writeConfigUnchecked: (fields) => writeConfig({ ...state.config, ...fields }),
  get state() {
    return {
      connected: state.connected, live: state.live, config: state.config, notifications: state.notifications,
      alerts: state.alerts.map((a) => ({ text: a.text, missed: a.missed })), historyLoaded: !!state.history,
      historyEnd: state.history ? state.history.end.getTime() : null, historyLoading: !!state.historyLoad,
      clockSet: !!state.clockSet, silentReadAt: state.silentReadAt, silentRead: state.silentRead,
      deviceId: state.device ? state.device.id : null, siteAsked: !$('site-ask').hidden, battery: state.battery,
    };
  },
};

start();
