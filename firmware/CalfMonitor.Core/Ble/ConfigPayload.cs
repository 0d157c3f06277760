namespace CalfMonitor.Core.Ble
{
    /// <summary>
    /// Config characteristic (read, write), version 2, 21 bytes little-endian — every
    /// <see cref="MonitorSettings"/> field (docs/ble-protocol.md):
    /// <c>0 u8 version | 1 u8 min ankle range ° | 2 u8 min shank range ° | 3 u8 break activations |
    /// 4 u16 break window s | 6 u8 alert after min | 7 u8 repeat every min | 8 u8 snooze min |
    /// 9 u8 max buzz pulses | 10 u16 quiet start (minute of day) | 12 u16 quiet end |
    /// 14 u16 not-worn still s | 16 u8 horizontal angle ° | 17 u8 activity grace s |
    /// 18 u16 activity defer max s | 20 u8 mounting (1 shank, 2 foot)</c>.
    /// Version 1 is the same without byte 20 (20 bytes): still accepted on a write, leaving the
    /// mounting unchanged. A read returns version 2. A write applies fully or not at all.
    /// </summary>
    public static class ConfigPayload
    {
        /// <summary>Payload version written by a read.</summary>
        public const int Version = 2;

        /// <summary>Encoded length of version 2, bytes.</summary>
        public const int Length = 21;

        /// <summary>Version 1 (no mounting byte), still accepted on a write.</summary>
        public const int Version1 = 1;

        /// <summary>Length of version 1, bytes.</summary>
        public const int Version1Length = 20;

        /// <summary>Writes <paramref name="s"/> as version 2; returns the length. A mounting of
        /// <see cref="MonitorSettings.MountingFromSensor"/> is written as 0 (a monitor's settings
        /// never hold it).</summary>
        public static int Encode(MonitorSettings s, byte[] buffer, int offset)
        {
            EncodeVersion1(s, buffer, offset);
            buffer[offset] = Version;
            buffer[offset + 20] = (byte)s.Mounting;
            return Length;
        }

        /// <summary>Writes <paramref name="s"/> as version 1 (20 bytes, no mounting), what old
        /// clients write; returns the length.</summary>
        public static int EncodeVersion1(MonitorSettings s, byte[] buffer, int offset)
        {
            buffer[offset] = Version1;
            buffer[offset + 1] = (byte)s.MinAnkleRangeDeg;
            buffer[offset + 2] = (byte)s.MinShankRangeDeg;
            buffer[offset + 3] = (byte)s.BreakActivations;
            LittleEndian.PutU16(buffer, offset + 4, s.BreakWindowS);
            buffer[offset + 6] = (byte)s.AlertAfterMin;
            buffer[offset + 7] = (byte)s.RepeatEveryMin;
            buffer[offset + 8] = (byte)s.SnoozeMin;
            buffer[offset + 9] = (byte)s.MaxBuzzPulses;
            LittleEndian.PutU16(buffer, offset + 10, s.QuietStartMin);
            LittleEndian.PutU16(buffer, offset + 12, s.QuietEndMin);
            LittleEndian.PutU16(buffer, offset + 14, s.NotWornStillS);
            buffer[offset + 16] = (byte)s.HorizontalAngleDeg;
            buffer[offset + 17] = (byte)s.ActivityGraceS;
            LittleEndian.PutU16(buffer, offset + 18, s.ActivityDeferMaxS);
            return Version1Length;
        }

        /// <summary>
        /// Validates a payload and, only when it is wholly acceptable, copies it into
        /// <paramref name="target"/>. Returns <see cref="AttError.Ok"/>, or
        /// <see cref="AttError.UnsupportedVersion"/> (version byte not 1 or 2), <see cref="AttError.InvalidLength"/>
        /// (empty, or length ≠ 20 for version 1 / ≠ 21 for version 2), <see cref="AttError.ValueNotAllowed"/>
        /// (any field out of range, a mounting other than 1 or 2) — and then <paramref name="target"/>
        /// is untouched. Version 1 keeps <paramref name="target"/>'s mounting.
        /// </summary>
        public static int TryDecode(byte[] buffer, int offset, int length, MonitorSettings target)
        {
            if (buffer == null || length < 1) return AttError.InvalidLength;
            int version = buffer[offset];
            if (version != Version && version != Version1) return AttError.UnsupportedVersion;
            if (length != (version == Version ? Length : Version1Length)) return AttError.InvalidLength;
            var s = new MonitorSettings();
            if (version == Version)
            {
                s.Mounting = buffer[offset + 20];
                if (s.Mounting != MonitorSettings.MountingShank && s.Mounting != MonitorSettings.MountingFoot) return AttError.ValueNotAllowed;
            }
            else
            {
                s.Mounting = target.Mounting;
            }
            s.MinAnkleRangeDeg = buffer[offset + 1];
            s.MinShankRangeDeg = buffer[offset + 2];
            s.BreakActivations = buffer[offset + 3];
            s.BreakWindowS = LittleEndian.GetU16(buffer, offset + 4);
            s.AlertAfterMin = buffer[offset + 6];
            s.RepeatEveryMin = buffer[offset + 7];
            s.SnoozeMin = buffer[offset + 8];
            s.MaxBuzzPulses = buffer[offset + 9];
            s.QuietStartMin = LittleEndian.GetU16(buffer, offset + 10);
            s.QuietEndMin = LittleEndian.GetU16(buffer, offset + 12);
            s.NotWornStillS = LittleEndian.GetU16(buffer, offset + 14);
            s.HorizontalAngleDeg = buffer[offset + 16];
            s.ActivityGraceS = buffer[offset + 17];
            s.ActivityDeferMaxS = LittleEndian.GetU16(buffer, offset + 18);
            if (!s.IsValid) return AttError.ValueNotAllowed;
            target.CopyFrom(s);
            return AttError.Ok;
        }
    }
}
