using System.CommandLine;
using System.Globalization;
using CalfMonitor.Simulator.Cli;

namespace CalfMonitor.Simulator;

/// <summary>The <c>calfmon</c> command line.</summary>
public static class Program
{
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs calfmon in the invariant culture whatever the caller's (restored on return).
    /// The build sets InvariantGlobalization, but DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=0 overrides it
    /// and a test host has its user's culture: in German or Turkish "12.5" would be read as 125
    /// ('.' groups thousands), traces' headers would carry decimal commas and help would be half
    /// translated. Traces, sidecars, JSON and options are one format everywhere.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
            return RunInvariant(args, stdout, stderr);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = uiCulture;
        }
    }

    private static int RunInvariant(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("calfmon — replay IMU traces through the CalfMonitor device logic")
        {
            ReplayCommand.Create(),
            EvaluateCommand.Create(),
            SynthCommand.Create(),
            CheckCommand.Create(),
            ConvertCommand.Create(),
            BleCommand.Create(),
            BenchCommand.Create(),
            RecordCommand.Create(),
            CompanionCommand.Create(),
        };
        HelpExamples.Register(root, HelpExamples.Root);
        HelpExamples.Install(root);
        DecimalOptions.Install(root);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var line in ParseMessages.Describe(parse)) stderr.WriteLine($"calfmon: {line}");
            stderr.WriteLine("calfmon: try 'calfmon --help'");
            return CliErrors.BadInput;
        }
        return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
    }
}
