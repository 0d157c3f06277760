using System.Reflection;

[assembly: AssemblyTitle("NFUnitTest")]
[assembly: AssemblyDescription("CalfMonitor on-device tests (ESP32 + MPU-6050)")]
[assembly: AssemblyVersion("0.1.0.0")]
