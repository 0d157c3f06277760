using System;
using System.IO;
using CalfMonitor.Core.Storage;

namespace CalfMonitor.Firmware
{
    /// <summary>
    /// The flash files of the core's <see cref="SettingsStore"/> (two CRC'd copies of the settings,
    /// power-fail safe: docs/ble-protocol.md, "Persisted configuration"), as files on the ESP32's
    /// internal LittleFS drive "I:" (nanoFramework.System.IO.FileSystem 1.1.93). Only maps the calls:
    /// every decision (which copy, what order, what boot recovers) is the core's. No call throws.
    /// API facts from the library's sources: FileStream(path, FileMode.Create, FileAccess.Write)
    /// creates or truncates; LittleFS commits a file when it is closed (the driver's Close is fclose;
    /// FileStream.Flush is only fflush), and a failed commit throws from Dispose; File.Delete is a
    /// no-op for a missing file; File.Exists never throws. File.Move is not used (it refuses an
    /// existing destination).
    /// </summary>
    internal sealed class ConfigStore : IFlashFiles
    {
        /// <summary>The internal drive.</summary>
        public const string Drive = "I:\\";

        private readonly string _folder;
        private FileStream _open;
        private string _openName;

        /// <summary>The device's files, on the internal drive.</summary>
        public ConfigStore() : this(Drive)
        {
        }

        /// <summary>Files whose paths start with <paramref name="prefix"/> (a folder ending in '\',
        /// or a folder and a name prefix: the on-device tests use "I:\\test-").</summary>
        public ConfigStore(string prefix)
        {
            _folder = prefix;
        }

        /// <summary>Full path of a store file.</summary>
        public string PathOf(string name)
        {
            return _folder + name;
        }

        public int Read(string name, byte[] buffer, int offset, int count)
        {
            try
            {
                string path = PathOf(name);
                if (!File.Exists(path)) return SettingsStore.FileMissing;
                using (FileStream stream = new FileStream(path, FileMode.Open, FileAccess.Read))
                {
                    int total = 0;
                    while (total < count)
                    {
                        int n = stream.Read(buffer, offset + total, count - total);
                        if (n <= 0) break;
                        total += n;
                    }
                    return total;
                }
            }
            catch (Exception)
            {
                // A damaged file system must not stop the monitor; the settings it may hold are
                // reported as unusable ("settings not stored" flag), not as never stored.
                return SettingsStore.FileUnreadable;
            }
        }

        public bool Write(string name, byte[] data, int offset, int count)
        {
            Close();
            try
            {
                _open = new FileStream(PathOf(name), FileMode.Create, FileAccess.Write);
                _openName = name;
                _open.Write(data, offset, count);
                return true;
            }
            catch (Exception)
            {
                Close();
                return false;
            }
        }

        public bool Flush(string name)
        {
            if (_open == null || _openName != name) return false;
            try
            {
                _open.Flush();
                // The commit is the close: its failure must read as not saved (the store then
                // raises "settings not stored" and saves again), so it is not swallowed by Close().
                FileStream open = _open;
                _open = null;
                _openName = null;
                open.Dispose();
                return true;
            }
            catch (Exception)
            {
                Close();
                return false;
            }
        }

        public bool Exists(string name)
        {
            return File.Exists(PathOf(name));
        }

        public bool Delete(string name)
        {
            try
            {
                File.Delete(PathOf(name));
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }

        private void Close()
        {
            FileStream open = _open;
            _open = null;
            _openName = null;
            if (open == null) return;
            try
            {
                open.Dispose();
            }
            catch (Exception)
            {
                // closing a stream the drive refused: nothing more to do
            }
        }
    }
}
