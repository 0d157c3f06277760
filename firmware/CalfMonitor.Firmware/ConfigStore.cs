using System;
using System.IO;
using CalfMonitor.Core;

namespace CalfMonitor.Firmware
{
    /// <summary>
    /// Persistent configuration on the ESP32's internal LittleFS drive "I:" (nanoFramework.System.IO.FileSystem).
    /// The blob is written to a temporary file and then moved over the old one, so a reset during
    /// the write leaves the previous configuration readable.
    ///
    /// THIN ADAPTER — TODO(config codec): the persisted-config codec (the byte layout of
    /// <see cref="MonitorSettings"/>, its version and checksum) belongs to the BLE/alerts work and is
    /// not in main yet. Until it lands, <see cref="LoadSettings"/> returns the defaults and the BLE
    /// glue stores nothing but raw blobs; plug the codec's decode/encode in at the two marked places.
    /// </summary>
    internal sealed class ConfigStore
    {
        /// <summary>Settings file on the internal drive.</summary>
        public const string SettingsPath = "I:\\calfmon.cfg";

        /// <summary>Temporary file of an atomic-ish replace.</summary>
        public const string TempPath = "I:\\calfmon.tmp";

        /// <summary>Largest blob accepted, bytes: a settings record is a few dozen bytes.</summary>
        public const int MaxBlobBytes = 256;

        /// <summary>Reads the stored blob, or null when there is none or it cannot be read.</summary>
        public byte[] LoadBlob()
        {
            try
            {
                if (!File.Exists(SettingsPath)) return null;
                byte[] data = File.ReadAllBytes(SettingsPath);
                return data.Length <= MaxBlobBytes ? data : null;
            }
            catch (Exception)
            {
                return null;   // a damaged file system must not stop the monitor
            }
        }

        /// <summary>Stores a blob; false when the drive refused it.</summary>
        public bool SaveBlob(byte[] data)
        {
            if (data == null || data.Length > MaxBlobBytes) return false;
            try
            {
                File.WriteAllBytes(TempPath, data);
                if (File.Exists(SettingsPath)) File.Delete(SettingsPath);
                File.Move(TempPath, SettingsPath);
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }

        /// <summary>The settings to start with.</summary>
        public MonitorSettings LoadSettings()
        {
            byte[] blob = LoadBlob();
            if (blob == null) return new MonitorSettings();
            // TODO(config codec): decode with the persisted-config codec and check IsValid;
            // fall back to the defaults on any error.
            return new MonitorSettings();
        }
    }
}
