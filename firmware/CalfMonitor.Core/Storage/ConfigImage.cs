using CalfMonitor.Core.Ble;

namespace CalfMonitor.Core.Storage
{
    /// <summary>
    /// The configuration as persisted in flash, version 2, 27 bytes:
    /// <c>0 'C' 0x43 | 1 'F' 0x46 | 2 u8 image version (2) | 3 u8 payload length (21) |
    /// 4…24 Config payload v2 (docs/ble-protocol.md) | 25 u16 CRC-16/CCITT-FALSE of bytes 0…24, little-endian</c>.
    /// A version-1 image (26 bytes: version 1, length 20, Config payload v1) written by older
    /// firmware still loads, with the mounting left to the sensor configuration
    /// (<see cref="MonitorSettings.MountingFromSensor"/>: the shank, as that firmware was built).
    /// Loading never throws: a blank, corrupt, truncated, old or unknown image loads the defaults and
    /// says why (<see cref="LoadStatus"/>), so the device raises its "config defaulted" flag.
    /// </summary>
    public static class ConfigImage
    {
        /// <summary>Current image version.</summary>
        public const int Version = 2;

        /// <summary>The previous image version, still loaded.</summary>
        public const int Version1 = 1;

        /// <summary>Image length, bytes.</summary>
        public const int Length = 4 + ConfigPayload.Length + 2;

        /// <summary>First magic byte ('C').</summary>
        public const byte Magic0 = 0x43;

        /// <summary>Second magic byte ('F').</summary>
        public const byte Magic1 = 0x46;

        /// <summary>Writes the image of <paramref name="settings"/>; returns its length.</summary>
        public static int Save(MonitorSettings settings, byte[] buffer, int offset)
        {
            buffer[offset] = Magic0;
            buffer[offset + 1] = Magic1;
            buffer[offset + 2] = Version;
            buffer[offset + 3] = ConfigPayload.Length;
            ConfigPayload.Encode(settings, buffer, offset + 4);
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
            int status = Check(buffer, offset, length, target);
            if (status != LoadStatus.Ok) target.CopyFrom(new MonitorSettings());
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
            int total = 4 + payload + 2;
            if (length < total) return LoadStatus.Corrupt; // truncated
            int crc = LittleEndian.GetU16(buffer, offset + 4 + payload);
            if (crc != Crc16.Compute(buffer, offset, 4 + payload)) return LoadStatus.Corrupt;
            if (version < Version1) return LoadStatus.OldVersion;
            if (version > Version) return LoadStatus.UnknownVersion;
            if (payload != (version == Version ? ConfigPayload.Length : ConfigPayload.Version1Length)) return LoadStatus.Corrupt;
            if (version == Version1) target.Mounting = MonitorSettings.MountingFromSensor;
            if (ConfigPayload.TryDecode(buffer, offset + 4, payload, target) != AttError.Ok) return LoadStatus.Invalid;
            return LoadStatus.Ok;
        }
    }

    /// <summary>Outcome of <see cref="ConfigImage.Load"/>.</summary>
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

        /// <summary>True when the device must raise the "config defaulted" flag.</summary>
        public static bool RaisesFlag(int status)
        {
            return status != Ok && status != Blank;
        }
    }
}
