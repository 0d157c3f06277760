namespace CalfMonitor.Core.Storage
{
    /// <summary>
    /// Power-fail-safe persistence of the settings (docs/ble-protocol.md, "Persisted configuration"):
    /// two copies, <see cref="SlotA"/> and <see cref="SlotB"/>, each a CRC'd <see cref="ConfigImage"/>
    /// with a generation. A save writes the copy that does not hold the newest settings, with the
    /// next generation, and flushes it; the other copy is never touched, so a reset at any moment
    /// (a torn write included) leaves it intact. Boot reads both (and <see cref="LegacyTemp"/>, the
    /// temporary file of older firmware) and takes the valid image with the newest generation.
    /// No rename is used: nanoFramework's File.Move refuses an existing destination and may fall
    /// back to copy-and-delete, which is not atomic.
    /// </summary>
    public sealed class SettingsStore
    {
        /// <summary>First copy. Also the file older firmware kept its (version-1) image in.</summary>
        public const string SlotA = "calfmon.cfg";

        /// <summary>Second copy.</summary>
        public const string SlotB = "calfmon.cf2";

        /// <summary>The temporary file of older firmware (write, delete the old file, rename): a
        /// reset between the delete and the rename left only this file. Read at boot; deleted by
        /// the first save.</summary>
        public const string LegacyTemp = "calfmon.tmp";

        /// <summary>Largest file read, bytes: an image is 29; a longer file is read in part and
        /// fails its checks.</summary>
        public const int MaxFileBytes = 64;

        /// <summary><see cref="IFlashFiles.Read"/>: the file does not exist (nothing stored there).</summary>
        public const int FileMissing = -1;

        /// <summary><see cref="IFlashFiles.Read"/>: the file or the file system could not be read.
        /// A copy that may hold the wearer's settings is unusable: the "settings not stored" flag
        /// goes up (as for a corrupt copy), where a missing file is a first boot and raises none.</summary>
        public const int FileUnreadable = -2;

        private const int None = 0, InA = 1, InB = 2, InLegacyTemp = 3;

        private readonly IFlashFiles _files;
        private readonly byte[] _buffer = new byte[MaxFileBytes];
        private readonly MonitorSettings _candidate = new MonitorSettings();
        private int _newest = None;
        private int _generation = ConfigImage.NoGeneration;
        private string _unusable;       // the first file Boot could not use, or null
        private int _unusableStatus;

        /// <summary>A store on <paramref name="files"/>.</summary>
        public SettingsStore(IFlashFiles files)
        {
            _files = files;
        }

        /// <summary>Which file the settings in force came from: "calfmon.cfg", "calfmon.cf2",
        /// "calfmon.tmp", or null (nothing usable stored).</summary>
        public string LoadedFrom
        {
            get { return _newest == InA ? SlotA : _newest == InB ? SlotB : _newest == InLegacyTemp ? LegacyTemp : null; }
        }

        /// <summary>Generation of the settings in force (<see cref="ConfigImage.NoGeneration"/> for
        /// none or a version-1 image).</summary>
        public int Generation { get { return _generation; } }

        /// <summary>
        /// Boot: loads the newest valid copy into <paramref name="target"/> (defaults when none) and
        /// returns a <see cref="LoadStatus"/>: Ok when a copy loaded; Blank when no file exists
        /// (first boot: no flag); otherwise the status of the first unusable copy, which raises the
        /// "config defaulted" flag — only when every stored copy is unusable.
        /// </summary>
        public int Boot(MonitorSettings target)
        {
            _newest = None;
            _generation = ConfigImage.NoGeneration;
            _unusable = null;
            int failure = LoadStatus.Blank;
            target.CopyFrom(new MonitorSettings());
            // Older firmware's files first: of two version-1 images the temporary one is newer
            // (it was written to replace the other); any version-2 image is newer than both.
            int status = Consider(LegacyTemp, InLegacyTemp, target);
            if (status != LoadStatus.Ok && status != LoadStatus.Blank) failure = status;
            status = Consider(SlotA, InA, target);
            if (status != LoadStatus.Ok && status != LoadStatus.Blank && failure == LoadStatus.Blank) failure = status;
            status = Consider(SlotB, InB, target);
            if (status != LoadStatus.Ok && status != LoadStatus.Blank && failure == LoadStatus.Blank) failure = status;
            return _newest != None ? LoadStatus.Ok : failure;
        }

        /// <summary>Loads <paramref name="name"/>; when it is valid and newer than what
        /// <paramref name="target"/> holds, it becomes the settings in force.</summary>
        private int Consider(string name, int slot, MonitorSettings target)
        {
            int n = _files.Read(name, _buffer, 0, MaxFileBytes);
            if (n == FileUnreadable) return Unusable(name, LoadStatus.Corrupt);
            if (n < 0) return LoadStatus.Blank;
            int generation;
            int status = ConfigImage.Load(_buffer, 0, n, _candidate, out generation);
            // A file that exists but holds nothing (empty, or erased bytes) is a save cut before
            // its commit: LittleFS commits a new file's creation at open, its bytes at close. The
            // wearer's settings were on their way there: not a first boot.
            if (status == LoadStatus.Blank) return Unusable(name, LoadStatus.Corrupt);
            if (status != LoadStatus.Ok) return Unusable(name, status);
            if (_newest == None || IsNewer(generation, _generation))
            {
                target.CopyFrom(_candidate);
                _newest = slot;
                _generation = generation;
            }
            return status;
        }

        private int Unusable(string name, int status)
        {
            if (_unusable == null)
            {
                _unusable = name;
                _unusableStatus = status;
            }
            return status;
        }

        /// <summary>One line for the boot log (serial), after <see cref="Boot"/> returned
        /// <paramref name="status"/>: which file the settings came from, or that the defaults are in
        /// force and why; and the first stored file that could not be used. Allocates (boot only).</summary>
        public string BootReport(int status)
        {
            string line = status == LoadStatus.Ok
                ? "settings: " + LoadedFrom + (_generation == ConfigImage.NoGeneration ? " (older firmware's image)" : ", generation " + _generation.ToString())
                : status == LoadStatus.Blank ? "settings: none stored, defaults"
                : "settings: defaults, the stored ones are unusable";
            if (_unusable != null) line += "; " + _unusable + " unusable: " + LoadStatus.Describe(_unusableStatus);
            return line;
        }

        /// <summary>True when generation <paramref name="a"/> is newer than <paramref name="b"/>:
        /// any version-2 generation beats <see cref="ConfigImage.NoGeneration"/> (a version-1
        /// image); two version-2 generations compare in serial-number arithmetic (wrapping at
        /// 65536). Equal ones are not newer: the copy read first is kept.</summary>
        private static bool IsNewer(int a, int b)
        {
            if (a == ConfigImage.NoGeneration) return false;
            if (b == ConfigImage.NoGeneration) return true;
            int d = (a - b) & 0xFFFF;
            return d != 0 && d < 0x8000;
        }

        /// <summary>
        /// Saves <paramref name="settings"/>: writes and flushes the copy that does not hold the
        /// settings in force, with the next generation; then (first save after older firmware
        /// only) deletes the legacy temporary file. Returns false when the flash refused (the
        /// settings in force stay stored as they were).
        /// </summary>
        public bool Save(MonitorSettings settings)
        {
            string target = _newest == InA ? SlotB : SlotA;
            int generation = _generation == ConfigImage.NoGeneration ? 1 : (_generation + 1) & 0xFFFF;
            int n = ConfigImage.Save(settings, generation, _buffer, 0);
            if (!_files.Write(target, _buffer, 0, n)) return false;
            if (!_files.Flush(target)) return false;
            _newest = target == SlotA ? InA : InB;
            _generation = generation;
            if (_files.Exists(LegacyTemp)) _files.Delete(LegacyTemp);
            return true;
        }
    }
}
