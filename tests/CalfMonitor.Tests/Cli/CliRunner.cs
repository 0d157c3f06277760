using CalfMonitor.Simulator;

namespace CalfMonitor.Tests.Cli;

/// <summary>Runs calfmon in-process with captured output.</summary>
public static class CliRunner
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr);

    /// <summary>Runs with standard input a terminal (nothing redirected), as a person would.</summary>
    public static Outcome Run(params string[] args) => RunWithInput(null, args);

    /// <summary>Runs with <paramref name="stdin"/> piped into standard input (null: a terminal).</summary>
    public static Outcome RunWithInput(string? stdin, params string[] args)
    {
        CalfMonitor.Simulator.Input.StandardInput.Substitute(stdin == null ? null : new StringReader(stdin), stdin != null);
        var o = new StringWriter();
        var e = new StringWriter();
        int code = Program.Run(args, o, e);
        return new Outcome(code, o.ToString(), e.ToString());
    }
}
