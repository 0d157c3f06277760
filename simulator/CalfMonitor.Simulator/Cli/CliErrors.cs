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
            stderr.WriteLine($"calfmon: {IoWords.Denied(e)}");
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

    private static readonly System.Text.RegularExpressions.Regex MissingArgument = new(
        @"^Required argument missing for command: '(?<command>[^']*)'\.?$");

    /// <summary>The parse errors as the lines to print, each once. The parser reports each
    /// missing argument as "Required argument missing for command: 'decode'." without naming it;
    /// these become one line naming the arguments: "ble decode: missing HEX".</summary>
    public static List<string> Describe(System.CommandLine.ParseResult parse)
    {
        var lines = new List<string>();
        bool missingTold = false;
        foreach (var e in parse.Errors)
        {
            string line;
            if (MissingArgument.IsMatch(e.Message))
            {
                if (missingTold) continue;
                missingTold = true;
                line = MissingArguments(parse) ?? e.Message;
            }
            else line = Describe(e.Message);
            line = CalfMonitor.Simulator.Input.Echo.Safe(line, 300);   // the parser quotes what was typed, however long or odd
            if (!lines.Contains(line)) lines.Add(line);
        }
        return lines;
    }

    /// <summary>"ble decode: missing HEX", or null when no argument of the command is short of
    /// values.</summary>
    private static string? MissingArguments(System.CommandLine.ParseResult parse)
    {
        var command = parse.CommandResult;
        var missing = command.Command.Arguments
            .Where(a => a.Arity.MinimumNumberOfValues > 0
                        && (parse.GetResult(a) is not { } r || r.Tokens.Count < a.Arity.MinimumNumberOfValues))
            .Select(a => a.Name)
            .ToList();
        if (missing.Count == 0) return null;
        var names = new List<string>();
        for (System.CommandLine.Parsing.SymbolResult? s = command; s != null; s = s.Parent)
        {
            if (s is System.CommandLine.Parsing.CommandResult c && c.Parent != null) names.Insert(0, c.Command.Name);
        }
        string path = string.Join(' ', names);
        return $"{path}: missing {string.Join(" and ", missing)}";
    }

    /// <summary>Rewrites a parse error: "Cannot parse argument 'abc' for option '--rate' as
    /// expected type 'System.Nullable`1[System.Double]'" becomes "--rate: 'abc' is not a number".</summary>
    public static string Describe(string message)
    {
        var m = CannotParse.Match(message);
        if (!m.Success) return message;
        string type = m.Groups["type"].Value;
        string value = m.Groups["value"].Value;
        bool integer = type.Contains("Int32") || type.Contains("Int64") || type.Contains("Int16");
        if (integer && CalfMonitor.Simulator.Input.NativeTraceReader.IsWholeNumber(value, out _))
        {
            return $"{m.Groups["name"].Value}: {CalfMonitor.Simulator.Input.Echo.Safe(value.Trim())} is out of range";
        }
        string expected =
            integer ? "a whole number (e.g. 30)" :
            type.Contains("Double") || type.Contains("Single") || type.Contains("Decimal") ? "a number (e.g. 58.8)" :
            type.Contains("Boolean") ? "true or false" : "a valid value";
        return $"{m.Groups["name"].Value}: '{CalfMonitor.Simulator.Input.Echo.Safe(value)}' is not {expected}";
    }
}

/// <summary>A wrong combination of options (not tied to a file line).</summary>
public sealed class UsageException(string message) : Exception(message);
