using System;
using System.IO;
using CalfMonitor.Core;
using CalfMonitor.Core.Storage;

namespace CalfMonitor.Firmware
{
    /// <summary>
    /// Persistent configuration on the ESP32's internal LittleFS drive "I:" (nanoFramework.System.IO.FileSystem),
    /// as the 26-byte image of docs/ble-protocol.md ("Persisted configuration"), encoded and checked
    /// by the core's <see cref="ConfigImage"/>. The image is written to a temporary file and then
    /// moved over the old one, so a reset during the write leaves the previous configuration readable.
    /// </summary>
    internal sealed class ConfigStore
    {
        /// <summary>Settings file on the internal drive.</summary>
        public const string SettingsPath = "I:\\calfmon.cfg";

        /// <summary>Temporary file of an atomic-ish replace.</summary>
        public const string TempPath = "I:\\calfmon.tmp";

        private readonly string _path;
        private readonly string _tempPath;

        /// <summary>The device's configuration file.</summary>
        public ConfigStore() : this(SettingsPath, TempPath)
        {
        }

        /// <summary>A store at another path (the on-device tests use their own files).</summary>
        public ConfigStore(string path, string tempPath)
        {
            _path = path;
            _tempPath = tempPath;
        }

        /// <summary>Largest blob accepted, bytes: the config image is 26 bytes; room for a later version.</summary>
        public const int MaxBlobBytes = 256;

        /// <summary>Reads the stored blob, or null when there is none or it cannot be read.</summary>
        public byte[] LoadBlob()
        {
            try
            {
                if (!File.Exists(_path)) return null;
                byte[] data = File.ReadAllBytes(_path);
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
                File.WriteAllBytes(_tempPath, data);
                if (File.Exists(_path)) File.Delete(_path);
                File.Move(_tempPath, _path);
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }

        /// <summary>The settings to start with; <paramref name="status"/> is the
        /// <see cref="LoadStatus"/> (Blank when nothing is stored) for the Live "config defaulted" flag.</summary>
        public MonitorSettings LoadSettings(out int status)
        {
            MonitorSettings settings = new MonitorSettings();
            byte[] image = LoadBlob();
            status = ConfigImage.Load(image, 0, image == null ? 0 : image.Length, settings);
            return settings;
        }

        /// <summary>Stores accepted settings (after a Config write); false when the drive refused.</summary>
        public bool SaveSettings(MonitorSettings settings)
        {
            byte[] image = new byte[ConfigImage.Length];
            ConfigImage.Save(settings, image, 0);
            return SaveBlob(image);
        }
    }
}
