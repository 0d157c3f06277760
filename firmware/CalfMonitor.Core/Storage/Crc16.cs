namespace CalfMonitor.Core.Storage
{
    /// <summary>CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final XOR; check
    /// value of "123456789" is 0x29B1). Int arithmetic only (no uint: see docs/algorithm.md, the
    /// nanoFramework interpreter rule).</summary>
    public static class Crc16
    {
        /// <summary>Initial value.</summary>
        public const int Init = 0xFFFF;

        /// <summary>CRC of <paramref name="length"/> bytes from <paramref name="offset"/>.</summary>
        public static int Compute(byte[] data, int offset, int length)
        {
            int crc = Init;
            for (int i = 0; i < length; i++)
            {
                crc ^= data[offset + i] << 8;
                for (int b = 0; b < 8; b++)
                {
                    crc = (crc & 0x8000) != 0 ? ((crc << 1) ^ 0x1021) & 0xFFFF : (crc << 1) & 0xFFFF;
                }
            }
            return crc;
        }
    }
}
