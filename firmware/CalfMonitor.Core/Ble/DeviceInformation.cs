namespace CalfMonitor.Core.Ble
{
    /// <summary>Device Information Service (0x180A) strings and the Battery Level (0x2A19) byte.</summary>
    public static class DeviceInformation
    {
        /// <summary>Manufacturer Name String (0x2A29).</summary>
        public const string Manufacturer = "CalfMonitor";

        /// <summary>Model Number String (0x2A24).</summary>
        public const string Model = "CM-1";

        /// <summary>Firmware Revision String (0x2A26): the firmware's release version, raised by hand
        /// with a firmware release (calfmon's own build version, 0.2.&lt;commit height&gt;, is separate).</summary>
        public const string FirmwareRevision = "0.1.0";

        /// <summary>Writes an ASCII string (UTF-8 without terminator; non-ASCII becomes '?');
        /// returns its length.</summary>
        public static int EncodeString(string value, byte[] buffer, int offset)
        {
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                buffer[offset + i] = c < 0x80 ? (byte)c : (byte)'?';
            }
            return value.Length;
        }

        /// <summary>LiPo cell voltage (mV) → state of charge (%) for the Battery Level byte.
        /// Piecewise linear through a typical 1-cell discharge curve under light load.</summary>
        public static int BatteryPercent(int millivolts)
        {
            int[] mv = BatteryMv;
            int[] pct = BatteryPct;
            if (millivolts <= mv[0]) return 0;
            for (int i = 1; i < mv.Length; i++)
            {
                if (millivolts <= mv[i])
                {
                    return pct[i - 1] + (millivolts - mv[i - 1]) * (pct[i] - pct[i - 1]) / (mv[i] - mv[i - 1]);
                }
            }
            return 100;
        }

        /// <summary>Writes the Battery Level byte (0–100); returns 1.</summary>
        public static int EncodeBatteryLevel(int percent, byte[] buffer, int offset)
        {
            buffer[offset] = (byte)LittleEndian.Saturate(percent, 100);
            return 1;
        }

        private static readonly int[] BatteryMv = { 3300, 3600, 3700, 3800, 3900, 4000, 4100, 4200 };
        private static readonly int[] BatteryPct = { 0, 10, 30, 55, 72, 84, 94, 100 };
    }
}
