using CalfMonitor.Core.Ble;
using CalfMonitor.Core.Sedentary;

namespace CalfMonitor.Core.Device
{
    /// <summary>
    /// Tells the wearer that the battery is running low, on the motor, while there is still time to
    /// charge it: a device whose cell runs out stops counting and stops reminding without a word, and
    /// most wearers are not looking at the companion page. Fed once a minute by the main loop with the
    /// cell voltage (<see cref="BatteryGauge.CellMillivolts"/>), never per sample:
    /// <list type="bullet">
    /// <item>the low-battery hum (<see cref="MotorPattern.LowBattery"/>) once the Battery Level the
    /// device reports (<see cref="DeviceInformation.BatteryPercent"/>, the same curve) has been at or
    /// below <see cref="WarnPercent"/> for <see cref="ConfirmReadings"/> readings in a row, and once
    /// more when it has been at or below <see cref="LastWarnPercent"/> as long; each at most once per
    /// discharge (a cell first seen below both gets one notice, not two);</item>
    /// <item>re-armed only when the cell has read at least <see cref="RearmMv"/> for
    /// <see cref="ConfirmReadings"/> readings in a row (charged), or by a restart;</item>
    /// <item>a notice that is due waits — it is not dropped — through quiet hours (until their end),
    /// while lying / not worn (until the device is worn upright again), and while another pattern
    /// plays (until the next reading after its end).</item>
    /// </list>
    /// The local time for quiet hours is the alert policy's, copied onto the processor's clock whenever
    /// the phone sets it, as <see cref="SensorFaultNotice"/> keeps it. Plain integer state, no allocation.
    /// </summary>
    public sealed class LowBatteryNotice
    {
        /// <summary>First warning at this Battery Level, %, or below: 3650 mV on the protocol's curve.
        /// 20 % of the ≈ 425 mAh usable is about 1.5 h at the typical 57 mA (hardware/README.md): time
        /// to finish what one is doing, get to a charger and plug in before the device stops. The
        /// companion's warning uses the same level (companion/js/protocol.js, checked by a node test
        /// against companion/test/vectors.json).</summary>
        public const int WarnPercent = 20;

        /// <summary>Last warning at this Battery Level, %, or below: 3600 mV, the knee of a LiPo's
        /// discharge curve, below which its voltage falls fast; about 45 min at 57 mA. A single buzz is
        /// easily missed (the alerts escalate for that reason): a wearer who missed the first, or did
        /// not act on it, is told once more while the device still has a while to run.</summary>
        public const int LastWarnPercent = 10;

        /// <summary>Readings in a row, at the main loop's one a minute, that must agree before the level
        /// counts: one noisy ADC reading, or one taken while the motor buzzes and the cell sags for a
        /// few seconds (alerts come at most every 10 min by default), never starts a notice. Three
        /// minutes is nothing against the 45–90 min left.</summary>
        public const int ConfirmReadings = 3;

        /// <summary>Cell voltage, mV, at or above which the notices are armed again (the cell has been
        /// charged): 300 mV above the first warning's 3650 mV, three times the uncalibrated ADC's
        /// ±100 mV, and far above the few tens of mV a LiPo recovers when a load stops, so a cell at
        /// rest is never taken for a charged one; ≈ 78 % on the curve, which a cell on the charger reads
        /// early in the charge (its voltage under charge current is higher than at rest; not measured here).</summary>
        public const int RearmMv = 3950;

        private const int LevelNone = 0;
        private const int LevelLow = 1;
        private const int LevelLast = 2;

        private readonly CalfPumpMonitor _monitor;
        private readonly MotorPattern _motor;
        private readonly ProcessorLocalTime _localTime = new ProcessorLocalTime();

        private int _belowWarn;     // readings in a row at or below WarnPercent (saturates at ConfirmReadings)
        private int _belowLast;     // readings in a row at or below LastWarnPercent (likewise)
        private int _charged;       // readings in a row at or above RearmMv (likewise)
        private int _level;         // the level told, or due, in this discharge
        private bool _pending;      // a notice is due and has not played yet
        private int _notices;
        private int _lastNoticeMs;
        private int _lastMv;

        /// <summary>Watches the battery for <paramref name="monitor"/> (its quiet hours, local time and
        /// posture) and plays the notice on <paramref name="motor"/>.</summary>
        public LowBatteryNotice(CalfPumpMonitor monitor, MotorPattern motor)
        {
            if (monitor == null) throw new System.ArgumentNullException("monitor");
            if (motor == null) throw new System.ArgumentNullException("motor");
            _monitor = monitor;
            _motor = motor;
        }

        /// <summary>The battery is low in this discharge (confirmed at or below <see cref="WarnPercent"/>):
        /// the notice is due or has been played.</summary>
        public bool Low { get { return _level != LevelNone; } }

        /// <summary>The last warning's level (<see cref="LastWarnPercent"/>) is reached in this discharge.</summary>
        public bool NearlyEmpty { get { return _level == LevelLast; } }

        /// <summary>A notice is due and waits (quiet hours, not worn, a pattern playing).</summary>
        public bool Pending { get { return _pending; } }

        /// <summary>Notices played since power-on.</summary>
        public int Notices { get { return _notices; } }

        /// <summary>Processor time of the last notice played (meaningful once <see cref="Notices"/> &gt; 0).</summary>
        public int LastNoticeMs { get { return _lastNoticeMs; } }

        /// <summary>The last cell voltage fed, mV.</summary>
        public int LastMillivolts { get { return _lastMv; } }

        /// <summary>Call once a minute with a new battery reading: <paramref name="nowMs"/> is the
        /// processor's clock (may wrap), <paramref name="cellMv"/> the cell voltage
        /// (<see cref="BatteryGauge.CellMillivolts"/>). Returns true when it started the notice now.</summary>
        public bool Reading(int nowMs, int cellMv)
        {
            _lastMv = cellMv;
            int percent = DeviceInformation.BatteryPercent(cellMv);
            _belowWarn = percent <= WarnPercent ? Step(_belowWarn) : 0;
            _belowLast = percent <= LastWarnPercent ? Step(_belowLast) : 0;
            _charged = cellMv >= RearmMv ? Step(_charged) : 0;

            if (_charged >= ConfirmReadings)
            {
                // Charged: the next discharge is told again; a notice still waiting is no longer true.
                _level = LevelNone;
                _pending = false;
            }
            int level = _belowLast >= ConfirmReadings ? LevelLast : _belowWarn >= ConfirmReadings ? LevelLow : LevelNone;
            if (level > _level)
            {
                _level = level;
                _pending = true;    // one notice, even when both levels are reached at once
            }

            var policy = _monitor.Policy;
            // The phone may have set the time since the last reading (under the same lock as this call).
            _localTime.Follow(policy.Clock, _monitor.NowMs, nowMs);

            if (!_pending) return false;
            if (policy.IsQuietMinute(_localTime.MinuteOfDay(nowMs))) return false;
            // Lying / not worn: a hum into a table top is felt by no one and would use up the
            // discharge's notice; it comes at the first reading once the device is worn upright.
            if (policy.Suspended) return false;
            if (_motor.Playing(nowMs)) return false;
            _motor.LowBattery(nowMs);
            _pending = false;
            _notices++;
            _lastNoticeMs = nowMs;
            return true;
        }

        private static int Step(int count)
        {
            return count < ConfirmReadings ? count + 1 : count;
        }
    }
}
