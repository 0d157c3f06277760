using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using CalfMonitor.Simulator.Input;

namespace CalfMonitor.Simulator.Cli;

/// <summary>Every fractional option (--rate, --mounting, --wait, --gyro-scale, --gyro-offset, …) is
/// read with a decimal point and nothing else. The parser's own reading of a double allows
/// thousands separators: a decimal comma, as typed on a German or French laptop, was read as one —
/// "--mounting 12,5" as 125°, "--gyro-offset 1,5" as 15 °/s — silently.</summary>
internal static class DecimalOptions
{
    /// <summary>Sets the reader of every double option of <paramref name="command"/> and its subcommands.</summary>
    public static void Install(Command command)
    {
        foreach (var o in command.Options)
        {
            if (o is Option<double> d) d.CustomParser = r => Read(r) ?? 0;
            else if (o is Option<double?> n) n.CustomParser = Read;
        }
        foreach (var c in command.Subcommands) Install(c);
    }

    private static double? Read(ArgumentResult r)
    {
        string text = r.Tokens.Count > 0 ? r.Tokens[^1].Value : "";
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)) return v;
        string name = (r.Parent as OptionResult)?.Option.Name ?? r.Argument.Name;
        r.AddError($"{name}: '{Echo.Safe(text)}' is not a number (e.g. 58.8{(text.Contains(',') ? ": a decimal point, no comma" : "")})");
        return null;
    }
}
