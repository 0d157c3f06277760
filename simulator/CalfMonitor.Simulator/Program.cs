using System.CommandLine;
using CalfMonitor.Simulator.Cli;

namespace CalfMonitor.Simulator;

/// <summary>The <c>calfmon</c> command line.</summary>
public static class Program
{
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
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
