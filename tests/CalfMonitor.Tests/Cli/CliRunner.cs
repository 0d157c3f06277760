using CalfMonitor.Simulator;

namespace CalfMonitor.Tests.Cli;

/// <summary>Runs calfmon in-process with captured output.</summary>
public static class CliRunner
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr);

    public static Outcome Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = Program.Run(args, o, e);
        return new Outcome(code, o.ToString(), e.ToString());
    }
}
