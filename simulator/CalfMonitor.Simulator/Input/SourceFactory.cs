using CalfMonitor.Core.Sensing;

namespace CalfMonitor.Simulator.Input;

/// <summary>Which leg's sensor to read from a multi-sensor recording.</summary>
public enum Leg { Left, Right }

/// <summary>Opens a recording in a named format. (Interim: native only; dataset readers land next.)</summary>
public static class SourceFactory
{
    public static ISampleSource Open(string path, string inputFormat, Leg leg, MountingSite? sensor, double? rateHz)
    {
        if (inputFormat is "native" or "auto")
        {
            var r = new NativeTraceReader(path);
            return r;
        }
        throw new InputException(path, 0, $"input format '{inputFormat}' is not supported yet");
    }
}
