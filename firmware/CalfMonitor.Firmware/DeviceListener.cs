using CalfMonitor.Core.Device;
using CalfMonitor.Core.Events;

namespace CalfMonitor.Firmware
{
    /// <summary>
    /// The monitor's events on the device. Called from the sampling path, so it only copies
    /// integers and starts motor patterns (no allocation, no I/O); the main loop reads the copies
    /// and sends BLE notifications at its own pace (<see cref="BleServer.Service"/>).
    /// </summary>
    internal sealed class DeviceListener : IMonitorListener
    {
        private readonly MotorPattern _motor;

        public DeviceListener(MotorPattern motor)
        {
            _motor = motor;
        }

        // Latest values, read by the BLE glue.
        public int Activations;
        public int LastActivationMs;
        public int ActivationsLast60s;
        public int SpellSeconds;
        public int LastMinuteIndex = -1;
        public int LastMinuteActivations;
        public int Alerts;
        public int LastAlertMs;
        public int LastAlertSpellSeconds;
        public int LastAlertRepeat;
        public int SpellsEnded;

        // Set here, cleared by the BLE glue once notified.
        public bool StatusChanged;
        public bool AlertPending;

        public void OnActivation(int timeMs, int sampleNumber)
        {
            Activations++;
            LastActivationMs = timeMs;
            StatusChanged = true;
        }

        public void OnSpellEnded(int timeMs, int endedSpellSeconds)
        {
            SpellsEnded++;
            _motor.Acknowledge(timeMs);
            StatusChanged = true;
        }

        public void OnSecond(int timeMs, int activationsLast60s, int spellSeconds)
        {
            ActivationsLast60s = activationsLast60s;
            SpellSeconds = spellSeconds;
            StatusChanged = true;
        }

        public void OnMinute(int minuteIndex, int activations)
        {
            LastMinuteIndex = minuteIndex;
            LastMinuteActivations = activations;
        }

        public void OnAlert(int timeMs, int spellSeconds, int repeatIndex)
        {
            Alerts++;
            LastAlertMs = timeMs;
            LastAlertSpellSeconds = spellSeconds;
            LastAlertRepeat = repeatIndex;
            AlertPending = true;
            _motor.Alert(timeMs);
        }
    }
}
