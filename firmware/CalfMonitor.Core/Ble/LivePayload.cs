namespace CalfMonitor.Core.Ble
{
    /// <summary>
    /// Live characteristic, version 1, 12 bytes little-endian (docs/ble-protocol.md):
    /// <c>0 u8 version | 1 u8 flags | 2 u16 activations last 60 s | 4 u32 activations today |
    /// 8 u32 spell seconds</c>.
    /// </summary>
    public sealed class LivePayload
    {
        /// <summary>Payload version.</summary>
        public const int Version = 1;

        /// <summary>Encoded length, bytes.</summary>
        public const int Length = 12;

        /// <summary>Flag: worn and in use (clear while lying / not worn suspends the spell).</summary>
        public const int FlagWorn = 0x01;
        /// <summary>Flag: the limb was upright in the last second.</summary>
        public const int FlagUpright = 0x02;
        /// <summary>Flag: a snooze is in force.</summary>
        public const int FlagSnoozed = 0x04;
        /// <summary>Flag: quiet hours now.</summary>
        public const int FlagQuiet = 0x08;
        /// <summary>Flag: the wall-clock time is known.</summary>
        public const int FlagTimeKnown = 0x10;
        /// <summary>Flag: record mode is on.</summary>
        public const int FlagRecording = 0x20;
        /// <summary>Flag: the stored configuration was unusable at boot; defaults are in force.</summary>
        public const int FlagConfigDefaulted = 0x40;
        /// <summary>Flag: an alert is due and waiting (snooze or recent activity).</summary>
        public const int FlagAlertPending = 0x80;

        /// <summary>State flags (Flag… bits).</summary>
        public int Flags;
        /// <summary>Activations in the trailing 60 s (0–65535).</summary>
        public int ActivationsLastMinute;
        /// <summary>Activations since local midnight, or since start / reset when the time is unknown.</summary>
        public int ActivationsToday;
        /// <summary>Current sedentary spell, seconds.</summary>
        public int SpellSeconds;

        /// <summary>Writes the payload; returns its length.</summary>
        public int Encode(byte[] buffer, int offset)
        {
            buffer[offset] = Version;
            buffer[offset + 1] = (byte)(Flags & 0xFF);
            LittleEndian.PutU16(buffer, offset + 2, LittleEndian.Saturate(ActivationsLastMinute, 65535));
            LittleEndian.PutI32(buffer, offset + 4, ActivationsToday < 0 ? 0 : ActivationsToday);
            LittleEndian.PutI32(buffer, offset + 8, SpellSeconds < 0 ? 0 : SpellSeconds);
            return Length;
        }

        /// <summary>Reads a payload into this object; on an error nothing changes.</summary>
        public int TryDecode(byte[] buffer, int offset, int length)
        {
            if (length < 1) return AttError.InvalidLength;
            if (buffer[offset] != Version) return AttError.UnsupportedVersion;
            if (length != Length) return AttError.InvalidLength;
            int today = LittleEndian.GetI32(buffer, offset + 4);
            int spell = LittleEndian.GetI32(buffer, offset + 8);
            if (today < 0 || spell < 0) return AttError.ValueNotAllowed;
            Flags = buffer[offset + 1];
            ActivationsLastMinute = LittleEndian.GetU16(buffer, offset + 2);
            ActivationsToday = today;
            SpellSeconds = spell;
            return AttError.Ok;
        }
    }
}
