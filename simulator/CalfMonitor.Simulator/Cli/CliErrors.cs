using CalfMonitor.Simulator.Input;

namespace CalfMonitor.Simulator.Cli;

/// <summary>Exit codes and the one place that turns failures into messages.</summary>
public static class CliErrors
{
    public const int Ok = 0;
    /// <summary>A check did not hold (calfmon check).</summary>
    public const int Failed = 1;
    /// <summary>Bad input or usage: the message says which file and line.</summary>
    public const int BadInput = 2;

    /// <summary>Runs a command body with the invocation's output writers; bad input becomes one
    /// line on stderr and exit code 2, never a stack trace.</summary>
    public static int Guard(System.CommandLine.ParseResult parse, Func<TextWriter, TextWriter, int> body)
    {
        var stdout = parse.InvocationConfiguration.Output;
        var stderr = parse.InvocationConfiguration.Error;
        try
        {
            return body(stdout, stderr);
        }
        catch (InputException e)
        {
            stderr.WriteLine($"calfmon: {e.Message}");
            return BadInput;
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"calfmon: {e.Message}");
            return BadInput;
        }
        catch (IOException e)
        {
            stderr.WriteLine($"calfmon: {e.Message}");
            return BadInput;
        }
        catch (UnauthorizedAccessException e)
        {
            stderr.WriteLine($"calfmon: {e.Message}");
            return BadInput;
        }
    }
}

/// <summary>The command line parser's messages in the program's voice: what is wrong, where,
/// what is accepted; never a .NET type name.</summary>
public static class ParseMessages
{
    private static readonly System.Text.RegularExpressions.Regex CannotParse = new(
        @"^Cannot parse argument '(?<value>.*)' for (?:option|argument) '(?<name>[^']*)' as expected type '(?<type>[^']*)'\.?$");

    /// <summary>Rewrites a parse error: "Cannot parse argument 'abc' for option '--rate' as
    /// expected type 'System.Nullable`1[System.Double]'" becomes "--rate: 'abc' is not a number".</summary>
    public static string Describe(string message)
    {
        var m = CannotParse.Match(message);
        if (!m.Success) return message;
        string type = m.Groups["type"].Value;
        string expected =
            type.Contains("Int32") || type.Contains("Int64") || type.Contains("Int16") ? "a whole number (e.g. 30)" :
            type.Contains("Double") || type.Contains("Single") || type.Contains("Decimal") ? "a number (e.g. 58.8)" :
            type.Contains("Boolean") ? "true or false" : "a valid value";
        return $"{m.Groups["name"].Value}: '{m.Groups["value"].Value}' is not {expected}";
    }
}

/// <summary>A wrong combination of options (not tied to a file line).</summary>
public sealed class UsageException(string message) : Exception(message);
