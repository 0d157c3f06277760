using CalfMonitor.Core.Storage;

namespace CalfMonitor.Core.Ble
{
    /// <summary>
    /// History characteristic (read / notify), version 1: the last 24 h of per-minute activation
    /// counts in 90 chunks of 16 minutes, 20 bytes each so every chunk fits the default ATT MTU
    /// (23): <c>0 u8 version | 1 u8 chunk index (0–89) | 2 u8 chunk count (90) |
    /// 3 u8 minutes per chunk (16) | 4…19 u8 counts, oldest first</c>. Chunk 0 starts 1440 minutes
    /// before the snapshot; the last byte of chunk 89 is the last minute completed before it.
    /// 0xFF = no data (before the device started); counts saturate at 254.
    /// </summary>
    public sealed class HistoryChunk
    {
        /// <summary>Payload version.</summary>
        public const int Version = 1;

        /// <summary>Minutes per chunk.</summary>
        public const int MinutesPerChunk = 16;

        /// <summary>Chunks in a snapshot (1440 / 16).</summary>
        public const int ChunkCount = DailyHistory.Minutes / MinutesPerChunk;

        /// <summary>Header length, bytes.</summary>
        public const int HeaderLength = 4;

        /// <summary>Encoded length, bytes.</summary>
        public const int Length = HeaderLength + MinutesPerChunk;

        /// <summary>Decoded chunk index.</summary>
        public int Index;

        /// <summary>Decoded counts (0xFF = no data).</summary>
        public readonly byte[] Counts = new byte[MinutesPerChunk];

        /// <summary>Writes chunk <paramref name="index"/> of a 1440-byte oldest-first snapshot.</summary>
        public static int Encode(byte[] buffer, int offset, byte[] snapshot, int index)
        {
            buffer[offset] = Version;
            buffer[offset + 1] = (byte)index;
            buffer[offset + 2] = ChunkCount;
            buffer[offset + 3] = MinutesPerChunk;
            int src = index * MinutesPerChunk;
            for (int i = 0; i < MinutesPerChunk; i++) buffer[offset + HeaderLength + i] = snapshot[src + i];
            return Length;
        }

        /// <summary>Reads a chunk into this object; on an error nothing changes.</summary>
        public int TryDecode(byte[] buffer, int offset, int length)
        {
            if (length < 1) return AttError.InvalidLength;
            if (buffer[offset] != Version) return AttError.UnsupportedVersion;
            if (length != Length) return AttError.InvalidLength;
            int index = buffer[offset + 1];
            if (index >= ChunkCount || buffer[offset + 2] != ChunkCount || buffer[offset + 3] != MinutesPerChunk)
            {
                return AttError.ValueNotAllowed;
            }
            Index = index;
            for (int i = 0; i < MinutesPerChunk; i++) Counts[i] = buffer[offset + HeaderLength + i];
            return AttError.Ok;
        }
    }
}
