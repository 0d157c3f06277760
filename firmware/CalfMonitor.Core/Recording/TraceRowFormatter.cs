using CalfMonitor.Core.Sensing;

namespace CalfMonitor.Core.Recording
{
    /// <summary>
    /// Writes the native trace format (comma-separated ASCII, '\n' line ends) into byte arrays,
    /// without allocating per row:
    /// <code>
    /// # calfmon-trace 1
    /// # sample_rate_hz: 50
    /// # accel_range_g: 8
    /// # gyro_range_dps: 2000
    /// # mounting: shank
    /// # source: CalfMonitor firmware 0.1.0
    /// t_ms,ax,ay,az,gx,gy,gz,seq
    /// 0,12,-40,4096,3,-2,1,0
    /// </code>
    /// t_ms is integer milliseconds, ax..gz raw int16 counts, seq the sample's sequence number (an
    /// optional column of the format that lets a receiver detect lost lines).
    /// </summary>
    public static class TraceRowFormatter
    {
        /// <summary>First header line: format name and version.</summary>
        public const string FormatLine = "# calfmon-trace 1";

        /// <summary>Column line written by the firmware (with the optional seq column).</summary>
        public const string ColumnsLine = "t_ms,ax,ay,az,gx,gy,gz,seq";

        /// <summary>Longest int in decimal, bytes: "-2147483648".</summary>
        public const int MaxIntBytes = 11;

        /// <summary>Room one row may need, bytes: 8 ints + 7 commas + '\n' (a row of int16 values
        /// and typical times is about 40 bytes).</summary>
        public const int MaxRowBytes = 8 * MaxIntBytes + 7 + 1;

        /// <summary>The header lines, each ending in '\n', column line included (start-up only:
        /// allocates).</summary>
        /// <param name="config">Rate, ranges and mounting written into the header.</param>
        /// <param name="source">Free text after "# source: ", e.g. "CalfMonitor firmware 0.1.0".</param>
        public static string Header(SensorConfig config, string source)
        {
            return FormatLine + "\n"
                + "# sample_rate_hz: " + config.SampleRateHz.ToString() + "\n"
                + "# accel_range_g: " + config.AccelRangeG.ToString() + "\n"
                + "# gyro_range_dps: " + config.GyroRangeDps.ToString() + "\n"
                + "# mounting: " + (config.Mounting == MountingSite.Foot ? "foot" : "shank") + "\n"
                + "# source: " + source + "\n"
                + ColumnsLine + "\n";
        }

        /// <summary>Writes <paramref name="text"/> as ASCII (other characters become '?').</summary>
        /// <returns>Bytes written.</returns>
        public static int WriteAscii(byte[] buffer, int offset, string text)
        {
            int n = text.Length;
            for (int i = 0; i < n; i++)
            {
                int c = text[i];
                buffer[offset + i] = (byte)(c < 0x80 ? c : '?');
            }
            return n;
        }

        /// <summary>Writes one data row "t_ms,ax,ay,az,gx,gy,gz,seq\n". The buffer needs
        /// <see cref="MaxRowBytes"/> free bytes from <paramref name="offset"/>.</summary>
        /// <returns>Bytes written.</returns>
        public static int WriteRow(byte[] buffer, int offset, int timeMs, int ax, int ay, int az, int gx, int gy, int gz, int sequence)
        {
            int p = offset;
            p += WriteInt(buffer, p, timeMs);
            buffer[p++] = (byte)',';
            p += WriteInt(buffer, p, ax);
            buffer[p++] = (byte)',';
            p += WriteInt(buffer, p, ay);
            buffer[p++] = (byte)',';
            p += WriteInt(buffer, p, az);
            buffer[p++] = (byte)',';
            p += WriteInt(buffer, p, gx);
            buffer[p++] = (byte)',';
            p += WriteInt(buffer, p, gy);
            buffer[p++] = (byte)',';
            p += WriteInt(buffer, p, gz);
            buffer[p++] = (byte)',';
            p += WriteInt(buffer, p, sequence);
            buffer[p++] = (byte)'\n';
            return p - offset;
        }

        /// <summary>Writes an int in decimal ASCII, '-' for negatives, int.MinValue included.</summary>
        /// <returns>Bytes written (1..11).</returns>
        public static int WriteInt(byte[] buffer, int offset, int value)
        {
            int p = offset;
            if (value < 0)
            {
                buffer[p++] = (byte)'-';
            }
            else
            {
                // Work on the negative side: it also holds int.MinValue, which has no positive twin.
                value = -value;
            }
            int first = p;
            do
            {
                int q = value / 10;              // rounds toward zero: q * 10 >= value
                buffer[p++] = (byte)('0' + (q * 10 - value));
                value = q;
            }
            while (value != 0);

            // Digits came out least significant first.
            int last = p - 1;
            while (first < last)
            {
                byte t = buffer[first];
                buffer[first] = buffer[last];
                buffer[last] = t;
                first++;
                last--;
            }
            return p - offset;
        }
    }
}
