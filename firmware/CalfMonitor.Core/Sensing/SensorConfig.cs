namespace CalfMonitor.Core.Sensing
{
    /// <summary>
    /// How the MPU6050 is configured: output data rate and full-scale ranges. Raw samples reach the
    /// core as int16 counts at these settings; every threshold in the core is converted to counts
    /// once, here, so the per-sample path never scales anything.
    /// </summary>
    public sealed class SensorConfig
    {
        /// <summary>Default output data rate. 50 Hz: walking and pedalling put almost no gyro
        /// energy above 15 Hz at the ankle, so 50 Hz (DLPF 20 Hz) keeps the detection while halving
        /// the interpreter's per-second work against 100 Hz (docs/algorithm.md).</summary>
        public const int DefaultSampleRateHz = 50;

        /// <summary>Default accelerometer range: ±8 g. The shin accelerometer in HuGaDB clips at
        /// ±2 g on about 10 % of walking samples; heel strike at the foot exceeds 4 g.</summary>
        public const int DefaultAccelRangeG = 8;

        /// <summary>Default gyro range: ±2000 °/s. The foot turns at several hundred °/s around
        /// push-off, and running or brisk steps reach 1400–1900 °/s at the shank and foot (HuGaDB,
        /// IPOL; docs/firmware.md), which ±1000 °/s would clip. In the reference recordings only two
        /// samples of HuGaDB's shins ("various") reach ±2000 °/s, that dataset's own full scale.</summary>
        public const int DefaultGyroRangeDps = 2000;

        /// <summary>Lowest supported output data rate; below it push-off is under-sampled.</summary>
        public const int MinSampleRateHz = 20;

        /// <summary>Highest supported output data rate. The chip can do 1 kHz, but the device's
        /// interpreter cannot keep up beyond a few hundred Hz, and the conditioner's half-second
        /// covariance sums are sized for it.</summary>
        public const int MaxSampleRateHz = 200;

        private readonly int _sampleRateHz;
        private readonly int _accelRangeG;
        private readonly int _gyroRangeDps;
        private readonly MountingSite _mounting;

        /// <summary>Creates a configuration; invalid values are reported through <see cref="IsValid"/>.</summary>
        public SensorConfig(int sampleRateHz, int accelRangeG, int gyroRangeDps, MountingSite mounting)
        {
            _sampleRateHz = sampleRateHz;
            _accelRangeG = accelRangeG;
            _gyroRangeDps = gyroRangeDps;
            _mounting = mounting;
        }

        /// <summary>The firmware's configuration: 50 Hz, ±8 g, ±2000 °/s.</summary>
        public static SensorConfig Default(MountingSite mounting)
        {
            return new SensorConfig(DefaultSampleRateHz, DefaultAccelRangeG, DefaultGyroRangeDps, mounting);
        }

        /// <summary>Output data rate in Hz.</summary>
        public int SampleRateHz { get { return _sampleRateHz; } }

        /// <summary>Accelerometer full scale in g (2, 4, 8 or 16).</summary>
        public int AccelRangeG { get { return _accelRangeG; } }

        /// <summary>Gyro full scale in °/s (250, 500, 1000 or 2000).</summary>
        public int GyroRangeDps { get { return _gyroRangeDps; } }

        /// <summary>Where the board is worn.</summary>
        public MountingSite Mounting { get { return _mounting; } }

        /// <summary>True when every field is one the MPU6050 supports.</summary>
        public bool IsValid
        {
            get
            {
                return _sampleRateHz >= MinSampleRateHz && _sampleRateHz <= MaxSampleRateHz
                    && (_accelRangeG == 2 || _accelRangeG == 4 || _accelRangeG == 8 || _accelRangeG == 16)
                    && (_gyroRangeDps == 250 || _gyroRangeDps == 500 || _gyroRangeDps == 1000 || _gyroRangeDps == 2000)
                    && (_mounting == MountingSite.Shank || _mounting == MountingSite.Foot);
            }
        }

        /// <summary>Accelerometer counts per g (16384 / (range / 2)).</summary>
        public int AccelCountsPerG { get { return 32768 / _accelRangeG; } }

        /// <summary>Gyro counts per 10 °/s, the datasheet sensitivities ×10 so they stay integers:
        /// 1310, 655, 328, 164 for ±250, ±500, ±1000, ±2000 °/s (131, 65.5, 32.8, 16.4 LSB per °/s).</summary>
        public int GyroCountsPer10Dps
        {
            get
            {
                switch (_gyroRangeDps)
                {
                    case 250: return 1310;
                    case 500: return 655;
                    case 1000: return 328;
                    default: return 164;
                }
            }
        }

        /// <summary>Nominal sample period in microseconds.</summary>
        public int SamplePeriodUs { get { return 1000000 / _sampleRateHz; } }
    }
}
