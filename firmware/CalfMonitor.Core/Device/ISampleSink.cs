namespace CalfMonitor.Core.Device
{
    /// <summary>
    /// Receives the samples decoded from the sensor, in order, with the time stamp derived from the
    /// sensor's own sample clock. Called from the polling path: implementations must not allocate.
    /// </summary>
    public interface ISampleSink
    {
        /// <summary>One sample.</summary>
        /// <param name="sequence">The sample's number on the sensor clock since the sampler started
        /// (wrapping). Samples lost to a FIFO overflow or a sensor fault are skipped, so a jump of
        /// more than one marks a gap.</param>
        /// <param name="timeMs">Wrapping millisecond time stamp (sequence × sample period + origin).</param>
        /// <param name="ax">Accelerometer X, raw int16 counts.</param>
        /// <param name="ay">Accelerometer Y, raw int16 counts.</param>
        /// <param name="az">Accelerometer Z, raw int16 counts.</param>
        /// <param name="gx">Gyroscope X, raw int16 counts.</param>
        /// <param name="gy">Gyroscope Y, raw int16 counts.</param>
        /// <param name="gz">Gyroscope Z, raw int16 counts.</param>
        void OnSample(int sequence, int timeMs, int ax, int ay, int az, int gx, int gy, int gz);

        /// <summary>The sampler's latest measure of the sensor's sample clock against the caller's
        /// (the processor's crystal): how much faster the caller's clock runs, parts per million
        /// (positive: the sensor's clock is slow, so the time stamps fall behind real time). Called
        /// after each clean measuring window (<see cref="Mpu6050Sampler.ClockRateWindowMs"/>).</summary>
        void OnClockRate(int ratePpm);
    }

    /// <summary>Feeds sampler output to the monitor (<see cref="CalfPumpMonitor.OnSample"/>).</summary>
    public sealed class MonitorSampleSink : ISampleSink
    {
        private readonly CalfPumpMonitor _monitor;

        /// <summary>Wraps a monitor.</summary>
        public MonitorSampleSink(CalfPumpMonitor monitor)
        {
            if (monitor == null) throw new System.ArgumentNullException("monitor");
            _monitor = monitor;
        }

        /// <inheritdoc />
        public void OnSample(int sequence, int timeMs, int ax, int ay, int az, int gx, int gy, int gz)
        {
            _monitor.OnSample(timeMs, ax, ay, az, gx, gy, gz);
        }

        /// <inheritdoc />
        public void OnClockRate(int ratePpm)
        {
            _monitor.OnClockRate(ratePpm);
        }
    }

    /// <summary>Hands every sample to two sinks in turn (e.g. the monitor and the trace recorder).</summary>
    public sealed class SampleSinkPair : ISampleSink
    {
        private readonly ISampleSink _first;
        private readonly ISampleSink _second;

        /// <summary>Both sinks are required.</summary>
        public SampleSinkPair(ISampleSink first, ISampleSink second)
        {
            if (first == null) throw new System.ArgumentNullException("first");
            if (second == null) throw new System.ArgumentNullException("second");
            _first = first;
            _second = second;
        }

        /// <inheritdoc />
        public void OnSample(int sequence, int timeMs, int ax, int ay, int az, int gx, int gy, int gz)
        {
            _first.OnSample(sequence, timeMs, ax, ay, az, gx, gy, gz);
            _second.OnSample(sequence, timeMs, ax, ay, az, gx, gy, gz);
        }

        /// <inheritdoc />
        public void OnClockRate(int ratePpm)
        {
            _first.OnClockRate(ratePpm);
            _second.OnClockRate(ratePpm);
        }
    }
}
