namespace CalfMonitor.Core
{
    /// <summary>Integer helpers: nanoFramework's mscorlib has no System.Math.</summary>
    public static class FixedMath
    {
        /// <summary>Floor of the square root of a non-negative value (0 for negative input).
        /// Bit-by-bit method: 32 rounds, no division, no floating point.</summary>
        public static long Sqrt(long value)
        {
            if (value <= 0) return 0;
            long result = 0;
            long bit = 1L << 62;
            while (bit > value) bit >>= 2;
            while (bit != 0)
            {
                if (value >= result + bit)
                {
                    value -= result + bit;
                    result = (result >> 1) + bit;
                }
                else
                {
                    result >>= 1;
                }
                bit >>= 2;
            }
            return result;
        }
    }
}
