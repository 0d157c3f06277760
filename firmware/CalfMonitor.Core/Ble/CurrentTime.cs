using CalfMonitor.Core.Sedentary;

namespace CalfMonitor.Core.Ble
{
    /// <summary>
    /// The SIG Current Time characteristic (0x2A2B), 10 bytes: <c>0 u16 year | 2 u8 month (1–12) |
    /// 3 u8 day | 4 u8 hours | 5 u8 minutes | 6 u8 seconds | 7 u8 day of week (1 = Monday … 7,
    /// 0 = unknown) | 8 u8 fractions of 1/256 s | 9 u8 adjust reason</c>. The phone writes local
    /// time, as it does for InfiniTime. The monitor keeps seconds since 2000-01-01 00:00 local.
    /// </summary>
    public static class CurrentTime
    {
        /// <summary>Encoded length, bytes.</summary>
        public const int Length = 10;

        /// <summary>First accepted year.</summary>
        public const int MinYear = 2000;

        /// <summary>Last accepted year (local seconds since 2000 fit an int).</summary>
        public const int MaxYear = 2067;

        /// <summary>Writes local time <paramref name="localSeconds"/> (since 2000); returns 10.</summary>
        public static int Encode(byte[] buffer, int offset, int localSeconds, int adjustReason)
        {
            int days = localSeconds / WallClock.DaySeconds;
            int secOfDay = localSeconds % WallClock.DaySeconds;
            int y, m, d;
            WallClock.CivilFromDays(days, out y, out m, out d);
            LittleEndian.PutU16(buffer, offset, y);
            buffer[offset + 2] = (byte)m;
            buffer[offset + 3] = (byte)d;
            buffer[offset + 4] = (byte)(secOfDay / 3600);
            buffer[offset + 5] = (byte)(secOfDay / 60 % 60);
            buffer[offset + 6] = (byte)(secOfDay % 60);
            buffer[offset + 7] = (byte)WallClock.DayOfWeek(days);
            buffer[offset + 8] = 0;
            buffer[offset + 9] = (byte)adjustReason;
            return Length;
        }

        /// <summary>Writes the read value of a device whose time no phone has set yet: ten zero
        /// bytes (year 0 = unknown); returns 10.</summary>
        public static int EncodeUnknown(byte[] buffer, int offset)
        {
            for (int i = 0; i < Length; i++) buffer[offset + i] = 0;
            return Length;
        }

        /// <summary>Whether <paramref name="length"/> bytes are the read value of a time not set
        /// (<see cref="EncodeUnknown"/>), which a write of them would be refused as.</summary>
        public static bool IsUnknown(byte[] buffer, int offset, int length)
        {
            if (buffer == null || length != Length) return false;
            for (int i = 0; i < Length; i++)
            {
                if (buffer[offset + i] != 0) return false;
            }
            return true;
        }

        /// <summary>Decodes a write into local seconds since 2000. Errors: 0x0D length ≠ 10,
        /// 0x13 a field out of range (year 2000–2067, a real date, 0–23 h, 0–59 min and s, day of
        /// week 0–7). The day of week, fractions and adjust reason are otherwise ignored.</summary>
        public static int TryDecode(byte[] buffer, int offset, int length, out int localSeconds)
        {
            localSeconds = 0;
            if (buffer == null || length != Length) return AttError.InvalidLength;
            int year = LittleEndian.GetU16(buffer, offset);
            int month = buffer[offset + 2], day = buffer[offset + 3];
            int h = buffer[offset + 4], min = buffer[offset + 5], s = buffer[offset + 6];
            int dow = buffer[offset + 7];
            if (year < MinYear || year > MaxYear || month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)
                || h > 23 || min > 59 || s > 59 || dow > 7)
            {
                return AttError.ValueNotAllowed;
            }
            localSeconds = WallClock.DaysFromCivil(year, month, day) * WallClock.DaySeconds + h * 3600 + min * 60 + s;
            return AttError.Ok;
        }

        /// <summary>Days in a month of the Gregorian calendar.</summary>
        public static int DaysInMonth(int year, int month)
        {
            if (month == 2) return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28;
            return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
        }
    }
}
