namespace CalfMonitor.Core.Ble
{
    /// <summary>
    /// Live characteristic (read + notify once a second), version 2, 20 bytes little-endian
    /// (docs/ble-protocol.md):
    /// <c>0 u8 version | 1 u8 flags | 2 u16 activations last 60 s | 4 u32 activations today |
    /// 8 u32 spell seconds | 12 u16 alerts today | 14 u16 last alert sequence |
    /// 16 u16 next alert in s (0xFFFF none) | 18 u8 mounting site in force | 19 u8 site guessed
    /// (bits 0–6) and sensor not answering (bit 7)</c>.
    /// Version 1 (12 bytes, old firmware) is refused by the decoder with
    /// <see cref="AttError.UnsupportedVersion"/>.
    /// </summary>
    public sealed class LivePayload
    {
        /// <summary>Payload version.</summary>
        public const int Version = 2;

        /// <summary>Encoded length, bytes.</summary>
        public const int Length = 20;

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
        /// <summary>Flag: the settings in force are not stored, so a restart would lose them: every
        /// stored copy was unusable at boot (defaults in force), or the flash refused the last save.</summary>
        public const int FlagSettingsNotStored = 0x40;
        /// <summary>Flag: an alert is due and waiting (snooze, recent activity, or lying / not worn).</summary>
        public const int FlagAlertPending = 0x80;

        /// <summary>Next-alert value meaning "none scheduled" (spell suspended / not worn).</summary>
        public const int NoAlertScheduled = 0xFFFF;

        /// <summary>Largest next-alert value other than <see cref="NoAlertScheduled"/>, seconds.</summary>
        public const int MaxNextAlertS = 0xFFFE;

        /// <summary>Guessed site: no guess (yet). This firmware never guesses (docs/ble-protocol.md).</summary>
        public const int SiteNoGuess = 0;

        /// <summary>Byte 19, bit 7: the sensor is not answering (<see cref="SensorNotAnswering"/>).
        /// Byte 19 held only the site guess (0–2) and no flag byte had a bit left: its top bit is the
        /// one change that leaves every other byte, and every Live of a working sensor, as it was.</summary>
        public const int SensorNotAnsweringBit = 0x80;

        /// <summary>Byte 19, bits 0–6: the guessed site.</summary>
        public const int GuessedSiteMask = 0x7F;

        /// <summary>State flags (Flag… bits).</summary>
        public int Flags;
        /// <summary>Activations in the trailing 60 s (0–65535).</summary>
        public int ActivationsLastMinute;
        /// <summary>Activations since local midnight, or since start / reset when the time is unknown.</summary>
        public int ActivationsToday;
        /// <summary>Current sedentary spell, seconds.</summary>
        public int SpellSeconds;
        /// <summary>Alerts raised since local midnight (since power-on / reset-today while the time
        /// is unknown); saturates at 65535.</summary>
        public int AlertsToday;
        /// <summary>Sequence of the last alert raised (0 = none since power-on).</summary>
        public int LastAlertSequence;
        /// <summary>Seconds until the next alert falls due if the spell goes on, or
        /// <see cref="NoAlertScheduled"/>; other values saturate at <see cref="MaxNextAlertS"/>.</summary>
        public int NextAlertS = NoAlertScheduled;
        /// <summary>Mounting site in force: <see cref="MonitorSettings.MountingShank"/> or
        /// <see cref="MonitorSettings.MountingFoot"/>.</summary>
        public int Mounting;
        /// <summary>Site guessed from the data: <see cref="SiteNoGuess"/>, 1 shank, 2 foot.</summary>
        public int GuessedSite;
        /// <summary>No sample has come from the sensor for 5 s, since power-on or since the last one
        /// (<see cref="Device.SensorFaultNotice.NotAnswering"/>): the device is not measuring.</summary>
        public bool SensorNotAnswering;

        /// <summary>Writes the payload; returns its length.</summary>
        public int Encode(byte[] buffer, int offset)
        {
            buffer[offset] = Version;
            buffer[offset + 1] = (byte)(Flags & 0xFF);
            LittleEndian.PutU16(buffer, offset + 2, LittleEndian.Saturate(ActivationsLastMinute, 65535));
            LittleEndian.PutI32(buffer, offset + 4, ActivationsToday < 0 ? 0 : ActivationsToday);
            LittleEndian.PutI32(buffer, offset + 8, SpellSeconds < 0 ? 0 : SpellSeconds);
            LittleEndian.PutU16(buffer, offset + 12, LittleEndian.Saturate(AlertsToday, 65535));
            LittleEndian.PutU16(buffer, offset + 14, LastAlertSequence);
            LittleEndian.PutU16(buffer, offset + 16, NextAlertS < 0 || NextAlertS == NoAlertScheduled ? NoAlertScheduled
                : LittleEndian.Saturate(NextAlertS, MaxNextAlertS));
            buffer[offset + 18] = (byte)LittleEndian.Saturate(Mounting, 255);
            buffer[offset + 19] = (byte)(LittleEndian.Saturate(GuessedSite, GuessedSiteMask) | (SensorNotAnswering ? SensorNotAnsweringBit : 0));
            return Length;
        }

        /// <summary>Reads a payload into this object; on an error nothing changes. Only version 2
        /// of exactly 20 bytes is accepted; a site byte outside 1–2 (in force) or a guess (byte 19
        /// bits 0–6) outside 0–2 is <see cref="AttError.ValueNotAllowed"/>.</summary>
        public int TryDecode(byte[] buffer, int offset, int length)
        {
            if (length < 1) return AttError.InvalidLength;
            if (buffer[offset] != Version) return AttError.UnsupportedVersion;
            if (length != Length) return AttError.InvalidLength;
            int today = LittleEndian.GetI32(buffer, offset + 4);
            int spell = LittleEndian.GetI32(buffer, offset + 8);
            if (today < 0 || spell < 0) return AttError.ValueNotAllowed;
            int site = buffer[offset + 18];
            int guess = buffer[offset + 19] & GuessedSiteMask;
            if (site < MonitorSettings.MountingShank || site > MonitorSettings.MountingFoot || guess > MonitorSettings.MountingFoot)
            {
                return AttError.ValueNotAllowed;
            }
            Flags = buffer[offset + 1];
            ActivationsLastMinute = LittleEndian.GetU16(buffer, offset + 2);
            ActivationsToday = today;
            SpellSeconds = spell;
            AlertsToday = LittleEndian.GetU16(buffer, offset + 12);
            LastAlertSequence = LittleEndian.GetU16(buffer, offset + 14);
            NextAlertS = LittleEndian.GetU16(buffer, offset + 16);
            Mounting = site;
            GuessedSite = guess;
            SensorNotAnswering = (buffer[offset + 19] & SensorNotAnsweringBit) != 0;
            return AttError.Ok;
        }
    }
}
