namespace CalfMonitor.Core.Device
{
    /// <summary>
    /// The battery sense input: ADC reading of the R3/R4 divider → cell voltage. The percentage
    /// for the Battery Level characteristic comes from the protocol's curve
    /// (<see cref="CalfMonitor.Core.Ble.DeviceInformation.BatteryPercent"/>). With the ESP32's uncalibrated ADC the
    /// voltage is an estimate, good to about ±100 mV.
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

        /// <summary>Cell voltage, mV, from a raw ADC reading of the divider mid-point.</summary>
        public static int CellMillivolts(int adcRaw)
        {
            if (adcRaw < 0) adcRaw = 0;
            if (adcRaw > AdcMaxRaw) adcRaw = AdcMaxRaw;
            return adcRaw * AdcFullScaleMv / AdcMaxRaw * DividerRatio;
        }
    }
}
