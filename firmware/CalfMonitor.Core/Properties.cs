using System.Reflection;

[assembly: AssemblyTitle("CalfMonitor.Core")]
[assembly: AssemblyDescription("Calf muscle pump monitor: detection, rate and sedentary policy")]
[assembly: AssemblyVersion("0.1.0.0")]
