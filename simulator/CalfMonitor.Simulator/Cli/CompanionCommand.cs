using System.CommandLine;
using System.Runtime.InteropServices;
using CalfMonitor.Simulator.Companion;

namespace CalfMonitor.Simulator.Cli;

/// <summary><c>calfmon companion [--port N]</c>: serves the companion web page on http://localhost:N
/// (127.0.0.1 only) until Ctrl+C; prints the address and opens nothing.</summary>
public static class CompanionCommand
{
    /// <summary>Default port: an unassigned one, easy to type.</summary>
    public const int DefaultPort = 8417;

    public const string Examples = """
        Open the printed address in Chrome or Edge (Web Bluetooth), press Connect and pick the
        CalfMonitor. Loopback counts as a secure context, so no certificate is needed. Docs: docs/companion.md

        Examples:
          calfmon companion                 http://localhost:8417/
          calfmon companion --port 9000     another port (0: any free port)
        """;

    public static Command Create()
    {
        var port = new Option<int>("--port")
        {
            Description = $"TCP port on 127.0.0.1 (0: any free port)",
            DefaultValueFactory = _ => DefaultPort,
        };
        var cmd = new Command("companion", "Serve the companion web page (Web Bluetooth: alerts, today, settings) on http://localhost") { port };
        cmd.SetAction(p => CliErrors.Guard(p, (stdout, stderr) =>
        {
            int n = p.GetValue(port);
            if (n < 0 || n > 65535) throw new UsageException($"--port must be 0–65535, not {n}");
            CompanionServer server;
            try
            {
                server = new CompanionServer(n);
            }
            catch (System.Net.Sockets.SocketException e)
            {
                throw new UsageException($"cannot listen on 127.0.0.1:{n}: {e.Message} (try --port 0)");
            }
            using (server)
            {
                using var stop = new ManualResetEventSlim();
                ConsoleCancelEventHandler onCtrlC = (_, e) => { e.Cancel = true; stop.Set(); };
                Console.CancelKeyPress += onCtrlC;
                using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Set(); });
                try
                {
                    stdout.WriteLine($"calfmon: companion page at {server.Url}  (Ctrl+C stops)");
                    stdout.Flush();
                    stop.Wait();
                }
                finally
                {
                    Console.CancelKeyPress -= onCtrlC;
                }
            }
            return CliErrors.Ok;
        }));
        return HelpExamples.Register(cmd, Examples);
    }
}
