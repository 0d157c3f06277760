using System.Reflection;

[assembly: AssemblyTitle("CalfMonitor.Firmware")]
[assembly: AssemblyDescription("CalfMonitor device application for .NET nanoFramework on ESP32 with PSRAM (ESP32_BLE_REV3)")]
[assembly: AssemblyVersion("0.1.0.0")]
