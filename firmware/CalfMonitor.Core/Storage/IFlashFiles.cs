namespace CalfMonitor.Core.Storage
{
    /// <summary>
    /// The few file operations <see cref="SettingsStore"/> needs from the device's flash file
    /// system (the firmware maps them to files on the internal drive "I:"). Names are plain file
    /// names without a drive or folder. No operation throws: failures return false / -1.
    /// </summary>
    public interface IFlashFiles
    {
        /// <summary>Reads up to <paramref name="count"/> bytes of file <paramref name="name"/> into
        /// <paramref name="buffer"/>; returns the bytes read, <see cref="SettingsStore.FileMissing"/>
        /// (-1) when the file does not exist, or <see cref="SettingsStore.FileUnreadable"/> (-2) when
        /// it, or the file system, cannot be read.</summary>
        int Read(string name, byte[] buffer, int offset, int count);

        /// <summary>Creates or truncates <paramref name="name"/> and writes the bytes. Not durable
        /// until <see cref="Flush"/>: a power cut before it may leave the file old, empty, missing
        /// or torn.</summary>
        bool Write(string name, byte[] data, int offset, int count);

        /// <summary>Makes the last <see cref="Write"/> of <paramref name="name"/> durable and closes it.</summary>
        bool Flush(string name);

        /// <summary>True when <paramref name="name"/> exists.</summary>
        bool Exists(string name);

        /// <summary>Deletes <paramref name="name"/> (true when it is gone afterwards).</summary>
        bool Delete(string name);
    }
}
