using CalfMonitor.Core.Device;
using CalfMonitor.Core.Events;

namespace CalfMonitor.Firmware
{
    /// <summary>
    /// The monitor's events on the device. Called from the sampling path (under the main loop's
    /// lock), so it only sets flags and starts motor patterns — no allocation, no I/O; the main loop
    /// sends the BLE notifications afterwards (<see cref="BleServer.Service"/>). The payloads
    /// themselves are encoded by the core's CalfMonitorGatt from the monitor's state.
    /// </summary>
    internal sealed class DeviceListener : IMonitorListener
    {
        private readonly MotorPattern _motor;
        private CalfMonitor.Core.CalfPumpMonitor _monitor;

        public DeviceListener(MotorPattern motor)
        {
            _motor = motor;
        }

        /// <summary>Set once the monitor exists (it needs the listener to be built).</summary>
        public void Attach(CalfMonitor.Core.CalfPumpMonitor monitor)
        {
            _monitor = monitor;
        }

        /// <summary>A second ended: the Live characteristic has a new value to notify.</summary>
        public bool SecondEnded;

        /// <summary>An alert was raised: notify it (Alert characteristic; notified, never indicated).</summary>
        public bool AlertRaised;

        public int Activations;
        public int Alerts;

        public void OnActivation(int timeMs, int sampleNumber)
        {
            Activations++;
        }

        public void OnSpellEnded(int timeMs, int endedSpellSeconds)
        {
            // timeMs is the activation's own time, which can be seconds old (the core releases
            // the first cycles of a bout when the bout is confirmed): the pulse starts now. Not
            // while snoozed, lying or in quiet hours (the policy decides).
            if (_monitor == null || _monitor.Policy.MayAcknowledgeBreak) _motor.Acknowledge(DeviceClock.NowMs());
        }

        public void OnSecond(int timeMs, int activationsLast60s, int spellSeconds)
        {
            // No Live is notified while the sensor is out: its silence tells the companion to read
            // Live, which answers with the spell as it grows and byte 19 bit 7 set ("sensor not
            // answering", SensorFaultNotice).
            SecondEnded = _monitor == null || !_monitor.InSensorOutage;
        }

        public void OnMinute(int minuteIndex, int activations)
        {
        }

        public void OnCycleNotCounted(int timeMs, int sampleNumber, int reason)
        {
            // Not an activation: nothing to buzz or notify (a replay lists these cycles).
        }

        public void OnAlert(int timeMs, int spellSeconds, int repeatIndex, int reason)
        {
            Alerts++;
            AlertRaised = true;
            // The device buzzes whether or not a phone is connected, as many pulses as the policy chose.
            // The pattern runs on the processor's clock the main loop drives the motor with (timeMs
            // is the monitor's, the sensor's clock, and half a second old): it starts now.
            _motor.Alert(DeviceClock.NowMs(), _monitor != null ? _monitor.Policy.LastBuzzPulses : repeatIndex + 1);
        }
    }
}
