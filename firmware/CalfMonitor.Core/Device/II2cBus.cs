namespace CalfMonitor.Core.Device
{
    /// <summary>
    /// The I2C bus as the core sees it: one device (the MPU6050 at its fixed address), plain byte
    /// arrays with explicit lengths so callers reuse preallocated buffers. Failures (address or
    /// data NACK, clock-stretch timeout, any bus error) are reported by returning false, never by
    /// throwing: a missing sensor is an expected state on a wearable, not an exception.
    /// The device glue adapts System.Device.I2c (whose transfers return an I2cTransferResult with a
    /// Status); the desktop tests plug in an emulated MPU6050 register file.
    /// </summary>
    public interface II2cBus
    {
        /// <summary>Writes the first <paramref name="length"/> bytes of <paramref name="data"/> in one
        /// transaction (for a register write: the register address followed by the value(s)).</summary>
        /// <returns>True when every byte was acknowledged.</returns>
        bool Write(byte[] data, int length);

        /// <summary>Writes <paramref name="writeLength"/> bytes, then (repeated start) reads
        /// <paramref name="readLength"/> bytes into the start of <paramref name="read"/>.</summary>
        /// <returns>True when the whole transfer completed; on false the contents of
        /// <paramref name="read"/> are undefined.</returns>
        bool WriteRead(byte[] write, int writeLength, byte[] read, int readLength);
    }
}
