using System;
using System.Device.I2c;
using CalfMonitor.Core.Device;

namespace CalfMonitor.Firmware
{
    /// <summary>
    /// The core's <see cref="II2cBus"/> over System.Device.I2c. SpanByte stays here: the core sees
    /// byte arrays with lengths. System.Device.I2c reports a NACK or timeout through
    /// <see cref="I2cTransferResult.Status"/> (SlaveAddressNotAcknowledged, ClockStretchTimeout,
    /// PartialTransfer) rather than by throwing; only other ESP-IDF errors throw
    /// (CLR_E_INVALID_OPERATION). Both become "false" for the core, which owns the retry policy.
    /// </summary>
    internal sealed class I2cBusAdapter : II2cBus
    {
        private readonly I2cDevice _device;

        public I2cBusAdapter(I2cDevice device)
        {
            _device = device;
        }

        /// <summary>Transfers that failed, any cause (diagnostics).</summary>
        public int Failures { get; private set; }

        public bool Write(byte[] data, int length)
        {
            try
            {
                // SpanByte is a struct wrapping the caller's preallocated array: no bytes copied. (On
                // .NET nothing is allocated; on nanoCLR a value-type local and the returned result
                // are small heap blocks, a few per poll: garbage the collector takes with the rest.)
                I2cTransferResult result = _device.Write(new SpanByte(data, 0, length));
                if (result.Status == I2cTransferStatus.FullTransfer) return true;
            }
            catch (Exception)
            {
                // A driver-level error (not a NACK): report it like one.
            }
            Failures++;
            return false;
        }

        public bool WriteRead(byte[] write, int writeLength, byte[] read, int readLength)
        {
            try
            {
                I2cTransferResult result = _device.WriteRead(new SpanByte(write, 0, writeLength), new SpanByte(read, 0, readLength));
                if (result.Status == I2cTransferStatus.FullTransfer) return true;
            }
            catch (Exception)
            {
            }
            Failures++;
            return false;
        }
    }
}
