namespace CalfMonitor.Core.Device
{
    /// <summary>
    /// Which chips the sampler drives, told apart by WHO_AM_I (register 0x75).
    /// <para>Why more than the MPU-6050's 0x68: the MPU-6050 has been out of production for years,
    /// and GY-521 boards sold as "MPU-6050" now often carry an MPU-6500 (0x70), an MPU-9250 die
    /// (0x71, 0x73) or an unnamed clone (0x72, 0x98). Driver projects report each of these on
    /// boards bought as MPU-6050s, and refusing them leaves a newcomer with a device that blinks
    /// "sensor absent" over correct wiring. The MPU-6500 register map (RM-MPU-6500A-00) keeps
    /// every register and bit this sampler uses at the MPU-6050's address: SMPLRT_DIV, CONFIG's
    /// DLPF_CFG, GYRO_CONFIG and ACCEL_CONFIG full scales (same counts per °/s and per g),
    /// FIFO_EN, INT_ENABLE and INT_STATUS bit 4, USER_CTRL bits 6 and 2, PWR_MGMT_1, FIFO_COUNT and
    /// FIFO_R_W. Two things differ, and the sampler follows them:</para>
    /// <list type="bullet">
    /// <item>the accelerometer has its own low-pass filter, in ACCEL_CONFIG2 (0x1D), which resets
    /// to its widest (460 Hz in the MPU-6500's register map, 218 Hz in the MPU-9250's): left so,
    /// at 50 Hz the heel strike's ringing would fold back into the samples. The sampler writes the
    /// gyro's DLPF_CFG there too (A_DLPF_CFG 2…6: 92–99, 41–45, 20–21, 10, 5 Hz by the two maps;
    /// the MPU-6050's accel filter at DLPF_CFG 2…6: 94, 44, 21, 10, 5 Hz);</item>
    /// <item>the MPU-6500's and MPU-9250's FIFO holds 512 bytes, not 1024 (an ICM-20689's more):
    /// the device's 100 ms polls find at most 60 bytes in it at 50 Hz, and a full one is found as
    /// on the MPU-6050 (<see cref="Mpu6050Registers.FifoCapacityBytes"/>).</item>
    /// </list>
    /// <para>Any other WHO_AM_I is refused (<see cref="SensorState.Absent"/>): an RTC (DS1307,
    /// DS3231) or another part at address 0x68 must not be written to. Whether a clone really
    /// takes the configuration is checked by the read-back that follows, as for a genuine part.</para>
    /// </summary>
    public static class SensorChip
    {
        /// <summary>WHO_AM_I of the MPU-6050 (and MPU-6000): the chip the firmware was designed for.</summary>
        public const int Mpu6050 = 0x68;

        /// <summary>WHO_AM_I of the MPU-6500.</summary>
        public const int Mpu6500 = 0x70;

        /// <summary>WHO_AM_I of the MPU-9250 (an MPU-6500 with a magnetometer, unused here).</summary>
        public const int Mpu9250 = 0x71;

        /// <summary>WHO_AM_I of an unnamed clone reported on GY-521 boards sold as MPU-6050s.</summary>
        public const int Clone72 = 0x72;

        /// <summary>WHO_AM_I of the MPU-9255.</summary>
        public const int Mpu9255 = 0x73;

        /// <summary>WHO_AM_I reported on GY-521 boards sold as MPU-6050s; also the ICM-20689's.</summary>
        public const int Clone98 = 0x98;

        /// <summary>True for the WHO_AM_I values the sampler configures.</summary>
        public static bool IsSupported(int whoAmI)
        {
            return whoAmI == Mpu6050 || whoAmI == Mpu6500 || whoAmI == Mpu9250
                || whoAmI == Clone72 || whoAmI == Mpu9255 || whoAmI == Clone98;
        }

        /// <summary>True when the chip's accelerometer filter is set in ACCEL_CONFIG2 (0x1D): every
        /// supported chip but the MPU-6050. On a clone that follows the MPU-6050's map instead, 0x1D
        /// is its unused free-fall threshold, so the write changes nothing there.</summary>
        public static bool HasAccelConfig2(int whoAmI)
        {
            return whoAmI != Mpu6050;
        }

        /// <summary>What the boot line on the serial port says about the chip found (0: none
        /// identified yet). Called once per identification, never per sample.</summary>
        public static string Describe(int whoAmI)
        {
            string id = "WHO_AM_I 0x" + whoAmI.ToString("X2");
            switch (whoAmI)
            {
                case 0: return "no sensor identified yet";
                case Mpu6050: return "MPU-6050 (" + id + ")";
                case Mpu6500: return "MPU-6500 (" + id + "), driven as an MPU-6050";
                case Mpu9250: return "MPU-9250 (" + id + "), driven as an MPU-6050";
                case Mpu9255: return "MPU-9255 (" + id + "), driven as an MPU-6050";
                case Clone72:
                case Clone98: return "MPU-6050 clone (" + id + "), driven as an MPU-6050";
                default: return "unknown chip at 0x68 (" + id + "): not configured, check the part (docs/flashing.md)";
            }
        }
    }
}
