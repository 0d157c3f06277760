namespace CalfMonitor.Core.Ble
{
    /// <summary>ATT error codes returned by the decoders (0 = accepted). The device passes a
    /// non-zero code to RespondWithProtocolError unchanged (docs/ble-protocol.md).</summary>
    public static class AttError
    {
        /// <summary>Accepted.</summary>
        public const int Ok = 0;

        /// <summary>Standard 0x0D Invalid Attribute Value Length: the payload's length is wrong for
        /// its version / opcode.</summary>
        public const int InvalidLength = 0x0D;

        /// <summary>Standard 0x13 Value Not Allowed: a field lies outside its documented range.</summary>
        public const int ValueNotAllowed = 0x13;

        /// <summary>Application 0x80: the payload's version byte is not one this firmware knows.</summary>
        public const int UnsupportedVersion = 0x80;

        /// <summary>Application 0x81: unknown Control opcode.</summary>
        public const int UnknownOpcode = 0x81;
    }

    /// <summary>Little-endian field access with int arithmetic only (no uint anywhere: the
    /// nanoFramework interpreter mis-handles uint→int casts, see docs/algorithm.md).</summary>
    public static class LittleEndian
    {
        /// <summary>Writes the low 16 bits of <paramref name="value"/>.</summary>
        public static void PutU16(byte[] b, int offset, int value)
        {
            b[offset] = (byte)(value & 0xFF);
            b[offset + 1] = (byte)((value >> 8) & 0xFF);
        }

        /// <summary>Writes a 32-bit value.</summary>
        public static void PutI32(byte[] b, int offset, int value)
        {
            b[offset] = (byte)(value & 0xFF);
            b[offset + 1] = (byte)((value >> 8) & 0xFF);
            b[offset + 2] = (byte)((value >> 16) & 0xFF);
            b[offset + 3] = (byte)((value >> 24) & 0xFF);
        }

        /// <summary>Reads an unsigned 16-bit value (0–65535).</summary>
        public static int GetU16(byte[] b, int offset)
        {
            return b[offset] | (b[offset + 1] << 8);
        }

        /// <summary>Reads a signed 32-bit value. Safe on nanoCLR as it is: each byte load
        /// (<c>ldelem.u1</c>) is promoted to a signed int32, so the OR is never tagged unsigned
        /// (docs/interpreter-safety.md; run on the interpreter for every byte pattern).</summary>
        public static int GetI32(byte[] b, int offset)
        {
            return b[offset] | (b[offset + 1] << 8) | (b[offset + 2] << 16) | (b[offset + 3] << 24);
        }

        /// <summary>Clamps to 0…<paramref name="max"/> (counters saturate on the wire).</summary>
        public static int Saturate(int value, int max)
        {
            return value < 0 ? 0 : value > max ? max : value;
        }
    }
}
