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

/// <summary>A wrong combination of options (not tied to a file line).</summary>
public sealed class UsageException(string message) : Exception(message);
