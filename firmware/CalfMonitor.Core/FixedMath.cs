namespace CalfMonitor.Core
{
    /// <summary>Integer helpers: nanoFramework's mscorlib has no System.Math.</summary>
    public static class FixedMath
    {
        /// <summary>Floor of the square root of a non-negative value (0 for negative input).
        /// Integer Newton iteration, no floating point: a start of 2^(k+1) ≥ √value from the
        /// value's size in five halving steps, then x ← (x + value / x) / 2, which falls to
        /// ⌊√value⌋ and stops there (about five rounds for the conditioner's 2^58-sized input,
        /// where the bit-by-bit method took 30).</summary>
        public static long Sqrt(long value)
        {
            if (value <= 0) return 0;
            // value < 4^(k+1) after the halvings below, so √value < 2^(k+1).
            long v = value;
            int k = 0;
            if (v >= 1L << 32) { v >>= 32; k += 16; }
            if (v >= 1L << 16) { v >>= 16; k += 8; }
            if (v >= 1L << 8) { v >>= 8; k += 4; }
            if (v >= 1L << 4) { v >>= 4; k += 2; }
            if (v >= 1L << 2) { k += 1; }
            long x = 2L << k;
            while (true)
            {
                long next = (x + value / x) >> 1;
                if (next >= x) return x;
                x = next;
            }
        }
    }
}
