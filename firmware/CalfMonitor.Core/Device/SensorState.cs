namespace CalfMonitor.Core.Device
{
    /// <summary>What the sampler knows about the sensor.</summary>
    public enum SensorState
    {
        /// <summary>Configured and sampling; polls deliver samples.</summary>
        Ok = 0,

        /// <summary>Starting, or a fault (bus errors, sensor reset) is being recovered: a
        /// re-initialisation is scheduled or under way.</summary>
        Reinitialising = 1,

        /// <summary>The last initialisation found no MPU-6050: no answer on the bus or the wrong
        /// WHO_AM_I. Retried with a growing backoff.</summary>
        Absent = 2,
    }
}
