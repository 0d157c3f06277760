using CalfMonitor.Core.Conditioning;
using CalfMonitor.Core.Detection;
using CalfMonitor.Core.Events;
using CalfMonitor.Core.Rate;
using CalfMonitor.Core.Sedentary;
using CalfMonitor.Core.Sensing;

namespace CalfMonitor.Core
{
    /// <summary>
    /// The whole monitor, one instance per device: IMU sample → <see cref="SignalConditioner"/> →
    /// <see cref="PlantarflexionDetector"/> → <see cref="ActivationRateMeter"/> →
    /// <see cref="SedentaryTracker"/> → <see cref="IMonitorListener"/>.
    /// <para>Feed it every sample, in order, with the device's wrapping millisecond clock. A jump
    /// of more than <see cref="GapPeriods"/> sample periods is a gap (a dropout or FIFO overflow):
    /// the detector restarts, the clock-driven stages simply see the time pass.</para>
    /// All state is allocated in the constructor; <see cref="OnSample"/> allocates nothing.
    /// </summary>
    public sealed class CalfPumpMonitor
    {
        /// <summary>A step of more than this many nominal sample periods is a gap.</summary>
        public const int GapPeriods = 3;

        /// <summary>Longest gap whose seconds are closed one by one, seconds; a longer gap (device
        /// off, sensor lost for hours) closes one minute of empty seconds and then resumes on the
        /// new clock, so nothing loops for hours.</summary>
        public const int MaxReplayedGapS = 86400;

        private readonly SensorConfig _sensor;
        private readonly MonitorSettings _settings;
        private readonly IMonitorListener _listener;
        private readonly SignalConditioner _conditioner;
        private readonly PlantarflexionDetector _detector;
        private readonly ActivationRateMeter _rate;
        private readonly SedentaryTracker _sedentary;
        private readonly int _gapMs;

        private bool _started;
        private int _lastMs;
        private int _nextSecondMs;
        private int _sampleNumber;
        private int _activations;
        private int _gaps;

        /// <summary>Builds the pipeline. Throws <see cref="System.ArgumentException"/> for an invalid
        /// configuration (at start-up only, never per sample).</summary>
        public CalfPumpMonitor(SensorConfig sensor, MonitorSettings settings, IMonitorListener listener)
        {
            if (sensor == null || !sensor.IsValid) throw new System.ArgumentException("sensor");
            if (settings == null || !settings.IsValid) throw new System.ArgumentException("settings");
            if (listener == null) throw new System.ArgumentNullException("listener");
            _sensor = sensor;
            _settings = settings.Clone();
            _listener = listener;
            _conditioner = new SignalConditioner(sensor);
            _detector = new PlantarflexionDetector(sensor, _settings);
            _rate = new ActivationRateMeter();
            _sedentary = new SedentaryTracker(_settings);
            _gapMs = GapPeriods * 1000 / sensor.SampleRateHz;
        }

        /// <summary>The sensor configuration the monitor was built for.</summary>
        public SensorConfig Sensor { get { return _sensor; } }

        /// <summary>A copy of the settings in force.</summary>
        public MonitorSettings Settings { get { return _settings.Clone(); } }

        /// <summary>Stage 1.</summary>
        public SignalConditioner Conditioner { get { return _conditioner; } }

        /// <summary>Stage 2.</summary>
        public PlantarflexionDetector Detector { get { return _detector; } }

        /// <summary>Stage 3.</summary>
        public ActivationRateMeter Rate { get { return _rate; } }

        /// <summary>Stage 4.</summary>
        public SedentaryTracker Sedentary { get { return _sedentary; } }

        /// <summary>Samples processed so far.</summary>
        public int SampleCount { get { return _sampleNumber; } }

        /// <summary>Activations counted so far.</summary>
        public int Activations { get { return _activations; } }

        /// <summary>Gaps seen so far.</summary>
        public int Gaps { get { return _gaps; } }

        /// <summary>Processes one raw sample (int16 counts at the configured ranges).</summary>
        public void OnSample(int timeMs, int ax, int ay, int az, int gx, int gy, int gz)
        {
            if (!_started)
            {
                _started = true;
                _lastMs = timeMs;
                _nextSecondMs = timeMs + 1000;
                _sedentary.Start(timeMs);
            }
            else
            {
                int step = timeMs - _lastMs;
                if (step > _gapMs || step <= 0) OnGap(timeMs, step);
                _lastMs = timeMs;
                if (timeMs - _nextSecondMs >= 0) CloseSeconds(timeMs);
            }

            int rate = _conditioner.Condition(ax, ay, az, gx, gy, gz);
            if (_detector.Update(rate)) OnActivation(timeMs);
            if (timeMs - _sedentary.NextAlertMs >= 0) RaiseAlert(timeMs);
            _sampleNumber++;
        }

        private void OnGap(int timeMs, int step)
        {
            _gaps++;
            _detector.Reset();
            if (step > MaxReplayedGapS * 1000 || step <= 0)
            {
                // Clock jumped (or went back): nothing to replay second by second.
                _nextSecondMs = timeMs;
            }
        }

        private void OnActivation(int timeMs)
        {
            _activations++;
            _rate.CountActivation();
            _listener.OnActivation(timeMs, _sampleNumber);
            int spellSeconds = _sedentary.SpellSeconds(timeMs);
            if (_sedentary.OnActivation(timeMs))
            {
                _listener.OnSpellEnded(timeMs, spellSeconds);
            }
        }

        private void CloseSeconds(int timeMs)
        {
            while (timeMs - _nextSecondMs >= 0)
            {
                int end = _nextSecondMs;
                bool minute = _rate.CloseSecond();
                _listener.OnSecond(end, _rate.ActivationsLastMinute, _sedentary.SpellSeconds(end));
                if (minute) _listener.OnMinute(_rate.MinuteIndex - 1, _rate.LastMinuteCount);
                _nextSecondMs = end + 1000;
            }
        }

        private void RaiseAlert(int timeMs)
        {
            int repeat = _sedentary.AlertsThisSpell;
            if (_sedentary.AlertDue(timeMs))
            {
                _listener.OnAlert(timeMs, _sedentary.SpellSeconds(timeMs), repeat);
            }
        }
    }
}
