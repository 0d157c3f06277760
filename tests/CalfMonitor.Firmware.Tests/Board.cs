using System;
using System.Device.I2c;
using CalfMonitor.Core.Device;
using nanoFramework.Hardware.Esp32;

namespace CalfMonitor.Firmware.Tests
{
    /// <summary>The board as the firmware wires it (hardware/README.md): I2C1 on GPIO21/22, MPU-6050 at 0x68.</summary>
    internal static class Board
    {
        private const int I2cDataPin = 21;   // GY-521 SDA (remapped from nanoFramework's default 18)
        private const int I2cClockPin = 22;  // GY-521 SCL (remapped from 19)
        private const int I2cBusId = 1;      // I2C1

        private static I2cDevice _i2c;

        /// <summary>The sensor's I2C device, opened once per test run (a bus cannot be opened twice).</summary>
        public static I2cDevice I2c
        {
            get
            {
                if (_i2c == null)
                {
                    Configuration.SetPinFunction(I2cDataPin, DeviceFunction.I2C1_DATA);
                    Configuration.SetPinFunction(I2cClockPin, DeviceFunction.I2C1_CLOCK);
                    _i2c = I2cDevice.Create(new I2cConnectionSettings(I2cBusId, Mpu6050Registers.I2cAddress, I2cBusSpeed.FastMode));
                }
                return _i2c;
            }
        }

        /// <summary>The firmware's wrapping millisecond clock.</summary>
        public static int NowMs()
        {
            return (int)(DateTime.UtcNow.Ticks / TimeSpan.TicksPerMillisecond);
        }
    }
}
