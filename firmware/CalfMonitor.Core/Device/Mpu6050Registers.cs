namespace CalfMonitor.Core.Device
{
    /// <summary>
    /// The MPU-6050 registers and bit values the sampler uses, from the InvenSense "MPU-6000 and
    /// MPU-6050 Register Map and Descriptions" (RM-MPU-6000A-00 rev 4.2); the addresses agree with
    /// the Register enum of the nanoFramework.IoT.Device Mpu9250/Mpu6050 binding. Multi-byte
    /// values are big-endian (high byte at the lower address) and burst reads auto-increment the
    /// register address, except at FIFO_R_W, which pops the next FIFO byte on every read.
    /// </summary>
    public static class Mpu6050Registers
    {
        /// <summary>7-bit I2C address with AD0 low (AD0 high gives 0x69).</summary>
        public const int I2cAddress = 0x68;

        // ---- registers -----------------------------------------------------------------------

        /// <summary>SMPLRT_DIV: sample rate = gyro output rate / (1 + value); the gyro output rate
        /// is 1 kHz with the DLPF on (DLPF_CFG 1..6), 8 kHz with it off.</summary>
        public const byte SmplrtDiv = 0x19;

        /// <summary>CONFIG: EXT_SYNC_SET (bits 5:3, 0 = FSYNC unused) and DLPF_CFG (bits 2:0).</summary>
        public const byte Config = 0x1A;

        /// <summary>GYRO_CONFIG: FS_SEL in bits 4:3 (0..3 = ±250/500/1000/2000 °/s), self-test bits 7:5.</summary>
        public const byte GyroConfig = 0x1B;

        /// <summary>ACCEL_CONFIG: AFS_SEL in bits 4:3 (0..3 = ±2/4/8/16 g), self-test bits 7:5.</summary>
        public const byte AccelConfig = 0x1C;

        /// <summary>ACCEL_CONFIG2 on the MPU-6500 family only: A_DLPF_CFG (bits 2:0), the
        /// accelerometer's own low-pass filter, and ACCEL_FCHOICE_B (bit 3, 0 = filter on).
        /// Undocumented on the MPU-6050, whose CONFIG filters both sensors (<see cref="SensorChip"/>).</summary>
        public const byte AccelConfig2 = 0x1D;

        /// <summary>FIFO_EN: which sensor registers are copied into the FIFO at every sample.</summary>
        public const byte FifoEn = 0x23;

        /// <summary>INT_PIN_CFG: INT pin level/drive/latch and the status-clear rule.</summary>
        public const byte IntPinCfg = 0x37;

        /// <summary>INT_ENABLE: which events drive the INT pin.</summary>
        public const byte IntEnable = 0x38;

        /// <summary>INT_STATUS: event flags; cleared by reading it (INT_RD_CLEAR = 0).</summary>
        public const byte IntStatus = 0x3A;

        /// <summary>ACCEL_XOUT_H: first of the 14 live data registers 0x3B..0x48 (accel XYZ,
        /// temperature, gyro XYZ, each int16 big-endian).</summary>
        public const byte AccelXoutH = 0x3B;

        /// <summary>TEMP_OUT_H: temperature, between accel and gyro (never put in our FIFO).</summary>
        public const byte TempOutH = 0x41;

        /// <summary>GYRO_XOUT_H: first gyro data register.</summary>
        public const byte GyroXoutH = 0x43;

        /// <summary>GYRO_ZOUT_L: last live data register.</summary>
        public const byte GyroZoutL = 0x48;

        /// <summary>USER_CTRL: FIFO enable and reset, I2C master control.</summary>
        public const byte UserCtrl = 0x6A;

        /// <summary>PWR_MGMT_1: reset, sleep, clock source.</summary>
        public const byte PwrMgmt1 = 0x6B;

        /// <summary>FIFO_COUNTH: FIFO byte count high byte; FIFO_COUNTL (0x73) follows.</summary>
        public const byte FifoCountH = 0x72;

        /// <summary>FIFO_R_W: reading pops the oldest FIFO byte.</summary>
        public const byte FifoRw = 0x74;

        /// <summary>WHO_AM_I: bits 6:1 of the I2C address; reads 0x68 on an MPU-6050
        /// (an MPU-6500 reads 0x70, an MPU-9250 0x71; the chips accepted: <see cref="SensorChip"/>).</summary>
        public const byte WhoAmI = 0x75;

        // ---- values and bits ------------------------------------------------------------------

        /// <summary>PWR_MGMT_1 DEVICE_RESET (bit 7): resets every register to its default; self-clearing.</summary>
        public const byte PwrDeviceReset = 0x80;

        /// <summary>PWR_MGMT_1 SLEEP (bit 6). 0x40 is also the register's power-on value, so reading it
        /// back mid-run means the sensor was reset (brown-out) and no longer samples.</summary>
        public const byte PwrSleep = 0x40;

        /// <summary>PWR_MGMT_1 value after a reset or power-up (SLEEP set, internal 8 MHz clock). An
        /// MPU-6500 resets to 0x01 instead, awake: there a reset shows as USER_CTRL.FIFO_EN cleared,
        /// which the sampler checks too.</summary>
        public const byte PwrResetValue = 0x40;

        /// <summary>PWR_MGMT_1 run value: awake, CLKSEL = 1 (PLL on the X gyro), far more stable
        /// than the internal 8 MHz oscillator, which the datasheet advises against.</summary>
        public const byte PwrClockPllGyroX = 0x01;

        /// <summary>FIFO_EN XG_FIFO_EN (bit 6): gyro X into the FIFO.</summary>
        public const byte FifoEnGyroX = 0x40;

        /// <summary>FIFO_EN YG_FIFO_EN (bit 5).</summary>
        public const byte FifoEnGyroY = 0x20;

        /// <summary>FIFO_EN ZG_FIFO_EN (bit 4).</summary>
        public const byte FifoEnGyroZ = 0x10;

        /// <summary>FIFO_EN ACCEL_FIFO_EN (bit 3): accel X, Y and Z into the FIFO.</summary>
        public const byte FifoEnAccel = 0x08;

        /// <summary>FIFO_EN value used: accel XYZ + gyro XYZ = 0x78, no temperature (bit 7), no slaves.</summary>
        public const byte FifoEnAccelGyro = FifoEnGyroX | FifoEnGyroY | FifoEnGyroZ | FifoEnAccel;

        /// <summary>INT_PIN_CFG value used: active high, push-pull, 50 µs pulse, flags cleared by
        /// reading INT_STATUS, FSYNC and bypass off (also the reset value).</summary>
        public const byte IntPinCfgValue = 0x00;

        /// <summary>INT_ENABLE / INT_STATUS FIFO_OFLOW (bit 4): the FIFO overflowed and lost data.</summary>
        public const byte IntFifoOverflow = 0x10;

        /// <summary>INT_ENABLE / INT_STATUS DATA_RDY (bit 0): a new sample was written (unused: the
        /// FIFO count tells the same without a per-sample interrupt).</summary>
        public const byte IntDataReady = 0x01;

        /// <summary>USER_CTRL FIFO_EN (bit 6): the FIFO accepts samples.</summary>
        public const byte UserFifoEnable = 0x40;

        /// <summary>USER_CTRL FIFO_RESET (bit 2): empties the FIFO when written with FIFO_EN = 0; self-clearing.</summary>
        public const byte UserFifoReset = 0x04;

        /// <summary>FIFO size of the MPU-6050, bytes. The MPU-6500 family holds 512: full, it holds
        /// no whole number of 12-byte frames either (42 and 8 bytes), so the sampler's frame test
        /// finds it as it finds a full MPU-6050 FIFO.</summary>
        public const int FifoCapacityBytes = 1024;
    }
}
