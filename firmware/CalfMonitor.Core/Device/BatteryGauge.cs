namespace CalfMonitor.Core.Device
{
    /// <summary>
    /// Battery level for the BLE Battery service from the cell voltage: a piecewise-linear
    /// open-circuit curve of a single LiPo cell at rest (typical 1C-class datasheet shape). Under
    /// load and with the ESP32's uncalibrated ADC the figure is an estimate, good to 10–20 %.
    /// </summary>
    public static class BatteryGauge
    {
        /// <summary>Divider ratio of the battery sense input, ×: R3 = R4 = 100 kΩ halve the cell
        /// voltage so 4.2 V stays inside the ADC's range (hardware/README.md).</summary>
        public const int DividerRatio = 2;

        /// <summary>ADC full scale with 11 dB attenuation, mV (ESP32 nominal; uncalibrated).</summary>
        public const int AdcFullScaleMv = 3300;

        /// <summary>Largest raw value of the 12-bit ADC.</summary>
        public const int AdcMaxRaw = 4095;

        // Cell voltage (mV) → state of charge (%), falling.
        private static readonly int[] CurveMv = { 4200, 4100, 4000, 3900, 3800, 3700, 3600, 3500, 3400, 3300 };
        private static readonly int[] CurvePct = { 100, 90, 79, 66, 52, 36, 20, 10, 4, 0 };

        /// <summary>Cell voltage, mV, from a raw ADC reading of the divider mid-point.</summary>
        public static int CellMillivolts(int adcRaw)
        {
            if (adcRaw < 0) adcRaw = 0;
            if (adcRaw > AdcMaxRaw) adcRaw = AdcMaxRaw;
            return adcRaw * AdcFullScaleMv / AdcMaxRaw * DividerRatio;
        }

        /// <summary>State of charge 0..100 % from the cell voltage, mV.</summary>
        public static int PercentFromMillivolts(int cellMv)
        {
            if (cellMv >= CurveMv[0]) return 100;
            for (int i = 1; i < CurveMv.Length; i++)
            {
                if (cellMv >= CurveMv[i])
                {
                    int spanMv = CurveMv[i - 1] - CurveMv[i];
                    int spanPct = CurvePct[i - 1] - CurvePct[i];
                    return CurvePct[i] + (cellMv - CurveMv[i]) * spanPct / spanMv;
                }
            }
            return 0;
        }
    }
}
