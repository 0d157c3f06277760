using CalfMonitor.Core.Ble;

namespace CalfMonitor.Core.Storage
{
    /// <summary>
    /// The configuration as persisted in flash, version 2, 29 bytes:
    /// <c>0 'C' 0x43 | 1 'F' 0x46 | 2 u8 image version (2) | 3 u8 payload length (21) |
    /// 4…24 Config payload v2 (docs/ble-protocol.md) | 25 u16 generation |
    /// 27 u16 CRC-16/CCITT-FALSE of bytes 0…26</c>, little-endian. The generation (1, 2, …, wrapping
    /// at 65536) tells the newer of the two copies <see cref="SettingsStore"/> keeps.
    /// A version-1 image (26 bytes: <c>'C' 'F' 01 14 | Config payload v1 | CRC of 0…23</c>) written by
    /// older firmware still loads, with no generation (older than any version 2) and the mounting
    /// left to the sensor configuration (<see cref="MonitorSettings.MountingFromSensor"/>: the shank,
    /// as that firmware was built).
    /// Loading never throws: a blank, corrupt, truncated, old or unknown image loads the defaults and
    /// says why (<see cref="LoadStatus"/>); every status but Ok and Blank (nothing stored: a new
    /// device) raises the device's "config defaulted" flag (<see cref="LoadStatus.RaisesFlag"/>).
    /// </summary>
    public static class ConfigImage
    {
        /// <summary>Current image version.</summary>
        public const int Version = 2;

        /// <summary>The previous image version, still loaded.</summary>
        public const int Version1 = 1;

        /// <summary>Image length, bytes.</summary>
        public const int Length = 4 + ConfigPayload.Length + 2 + 2;

        /// <summary>Length of a version-1 image, bytes.</summary>
        public const int Version1Length = 4 + ConfigPayload.Version1Length + 2;

        /// <summary>Generation reported for a version-1 image: older than every version-2 one.</summary>
        public const int NoGeneration = -1;

        /// <summary>First magic byte ('C').</summary>
        public const byte Magic0 = 0x43;

        /// <summary>Second magic byte ('F').</summary>
        public const byte Magic1 = 0x46;

        /// <summary>Writes the image of <paramref name="settings"/> with generation 0; returns its length.</summary>
        public static int Save(MonitorSettings settings, byte[] buffer, int offset)
        {
            return Save(settings, 0, buffer, offset);
        }

        /// <summary>Writes the image of <paramref name="settings"/> with <paramref name="generation"/>
        /// (0–65535); returns its length.</summary>
        public static int Save(MonitorSettings settings, int generation, byte[] buffer, int offset)
        {
            buffer[offset] = Magic0;
            buffer[offset + 1] = Magic1;
            buffer[offset + 2] = Version;
            buffer[offset + 3] = ConfigPayload.Length;
            ConfigPayload.Encode(settings, buffer, offset + 4);
            LittleEndian.PutU16(buffer, offset + 4 + ConfigPayload.Length, generation);
            int crc = Crc16.Compute(buffer, offset, Length - 2);
            LittleEndian.PutU16(buffer, offset + Length - 2, crc);
            return Length;
        }

        /// <summary>
        /// Loads an image into <paramref name="target"/>: its values on <see cref="LoadStatus.Ok"/>,
        /// the defaults otherwise. <paramref name="buffer"/> may be null or shorter than an image.
        /// </summary>
        public static int Load(byte[] buffer, int offset, int length, MonitorSettings target)
        {
            int generation;
            return Load(buffer, offset, length, target, out generation);
        }

        /// <summary>As <see cref="Load(byte[], int, int, MonitorSettings)"/>, and the image's
        /// generation (<see cref="NoGeneration"/> for a version-1 image or a failed load).</summary>
        public static int Load(byte[] buffer, int offset, int length, MonitorSettings target, out int generation)
        {
            generation = NoGeneration;
            int status = Check(buffer, offset, length, target);
            if (status != LoadStatus.Ok) target.CopyFrom(new MonitorSettings());
            else if (buffer[offset + 2] == Version) generation = LittleEndian.GetU16(buffer, offset + 4 + ConfigPayload.Length);
            return status;
        }

        private static int Check(byte[] buffer, int offset, int length, MonitorSettings target)
        {
            if (buffer == null || length <= 0 || offset < 0 || offset + length > buffer.Length) return LoadStatus.Blank;
            bool erased = true;
            for (int i = 0; i < length; i++)
            {
                if (buffer[offset + i] != 0xFF) { erased = false; break; }
            }
            if (erased) return LoadStatus.Blank;
            if (length < 4 || buffer[offset] != Magic0 || buffer[offset + 1] != Magic1) return LoadStatus.Corrupt;
            int version = buffer[offset + 2];
            int payload = buffer[offset + 3];
            int trailer = version == Version1 ? 2 : 4;   // version 2 (and any other): generation + CRC
            int total = 4 + payload + trailer;
            if (length < total) return LoadStatus.Corrupt; // truncated
            int crc = LittleEndian.GetU16(buffer, offset + total - 2);
            if (crc != Crc16.Compute(buffer, offset, total - 2)) return LoadStatus.Corrupt;
            if (version < Version1) return LoadStatus.OldVersion;
            if (version > Version) return LoadStatus.UnknownVersion;
            if (payload != (version == Version ? ConfigPayload.Length : ConfigPayload.Version1Length)) return LoadStatus.Corrupt;
            if (version == Version1) target.Mounting = MonitorSettings.MountingFromSensor;
            if (ConfigPayload.TryDecode(buffer, offset + 4, payload, target) != AttError.Ok) return LoadStatus.Invalid;
            return LoadStatus.Ok;
        }
    }

    /// <summary>Outcome of <see cref="ConfigImage.Load(byte[], int, int, MonitorSettings)"/>.</summary>
    public static class LoadStatus
    {
        /// <summary>The stored configuration is in force.</summary>
        public const int Ok = 0;
        /// <summary>No image (first boot, erased flash): defaults, no flag.</summary>
        public const int Blank = 1;
        /// <summary>Bad magic, bad CRC or truncated: defaults, flag raised.</summary>
        public const int Corrupt = 2;
        /// <summary>An older image version: defaults, flag raised.</summary>
        public const int OldVersion = 3;
        /// <summary>A newer image version than this firmware knows: defaults, flag raised.</summary>
        public const int UnknownVersion = 4;
        /// <summary>Intact image with a value out of range: defaults, flag raised.</summary>
        public const int Invalid = 5;

        /// <summary>Words for a status (the boot log).</summary>
        public static string Describe(int status)
        {
            switch (status)
            {
                case Ok: return "ok";
                case Blank: return "nothing stored";
                case Corrupt: return "corrupt (bad magic or CRC, truncated, empty or unreadable)";
                case OldVersion: return "an image version older than 1";
                case UnknownVersion: return "an image version newer than this firmware's";
                case Invalid: return "a value out of range";
                default: return "status " + status.ToString();
            }
        }

        /// <summary>True when the device must raise the "config defaulted" flag.</summary>
        public static bool RaisesFlag(int status)
        {
            return status != Ok && status != Blank;
        }
    }
}
