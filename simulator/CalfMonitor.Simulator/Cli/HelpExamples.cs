using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace CalfMonitor.Simulator.Cli;

/// <summary>
/// The "Examples:" paragraphs printed after each command's --help (the command list of
/// <c>calfmon --help</c> stays one line per command). A command registers its text with
/// <see cref="Register"/>; <see cref="Install"/> hooks the root's help option.
/// </summary>
public static class HelpExamples
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Command, string> Texts = new();

    /// <summary>Shows <paramref name="examples"/> after the help of <paramref name="command"/>; returns the command.</summary>
    public static T Register<T>(T command, string examples) where T : Command
    {
        Texts.AddOrUpdate(command, examples);
        return command;
    }

    /// <summary>Makes the help option of <paramref name="root"/> (recursive: every command) print the examples.</summary>
    public static void Install(RootCommand root)
    {
        foreach (var option in root.Options)
        {
            if (option is HelpOption help && help.Action is HelpAction inner) help.Action = new WithExamples(inner);
        }
    }

    private sealed class WithExamples(HelpAction inner) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            int code = inner.Invoke(parseResult);
            if (Texts.TryGetValue(parseResult.CommandResult.Command, out var text))
            {
                var output = parseResult.InvocationConfiguration.Output;
                output.WriteLine(text.TrimEnd());
                output.WriteLine();
            }
            return code;
        }
    }

    public const string Root = """
        Examples:
          calfmon replay                                   replay the built-in office-hour trace
          calfmon replay walk.trace.csv --plot walk.png    replay a trace and draw its timeline
          calfmon check traces/                            CI: check every trace that has a .expect.json
          calfmon convert --input-format hugadb HuGaDB_v1_various_01_00.txt --out various.trace.csv

        Exit codes: 0 ok; 1 a check failed, a target was not met or a recording not read (evaluate --fail-on-target), or a payload was refused (ble decode); 2 bad input or usage. Docs: docs/simulator.md
        """;

    public const string Replay = """
        Examples:
          calfmon replay                                   the built-in office-hour trace
          calfmon replay walk.trace.csv --plot walk.png    summary + timeline PNG
          calfmon replay walk.trace.csv --format json      machine-readable result
          calfmon replay --input-format hugadb --leg left HuGaDB_v1_various_01_00.txt
          calfmon synth walk --minutes 2 --out - | calfmon replay -   '-' reads standard input
        """;

    public const string Check = """
        Each trace is checked against the sidecar next to it: TRACE.expect.json, e.g.
          {"activations": {"min": 120, "max": 130}, "alerts": [{"t": 1800, "tolerance_s": 60}]}
        A *.trace.csv without a sidecar is listed as having no expectations (--require-expectations: a failure).
        Exit codes: 0 all expectations hold, 1 one or more failed, 2 bad input (trace or sidecar).

        Examples:
          calfmon check traces/                            every trace with a sidecar, recursively
          calfmon check traces/office.trace.csv            one trace
          calfmon check --update traces/new.trace.csv      write/refresh the sidecar from this replay
          calfmon check --require-expectations traces/     a *.trace.csv without a sidecar fails
          calfmon check traces/ --junit check.xml          also a JUnit XML report for the CI's test view
        """;

    public const string Convert = """
        Examples:
          calfmon convert --input-format hugadb HuGaDB_v1_various_01_00.txt --out various.trace.csv
          calfmon convert --input-format ipol --leg left ipol-foot/1-1.json --out ipol-1-1.trace.csv
          calfmon convert --input-format gaitmap imu_sample.csv --events stride_events_sample.csv --out gaitmap.trace.csv
        """;

    public const string Evaluate = """
        Examples:
          calfmon evaluate --dataset ipol ../shared/datasets/ipol-foot
          calfmon evaluate --dataset gaitmap ../shared/datasets/gaitmap --json
          calfmon evaluate --dataset ipol ../shared/datasets/ipol-foot --fail-on-target   exit 1 when a target is NOT MET or a file could not be read
          calfmon evaluate --dataset hugadb ../shared/datasets/hugadb --rotate 3 --seed 1 --plots docs/img
          calfmon evaluate --dataset sites ../shared/datasets --rotate 3
          calfmon evaluate --dataset marpino ../shared/datasets/marpino --gyro-scale 0.7   smaller, slower movements (older walkers)
          calfmon evaluate --dataset ipol ../shared/datasets/ipol-foot --shift 7   the same, started 1…7 samples late: the noise floor
          calfmon evaluate --dataset ipol ../shared/datasets/ipol-foot --gyro-offset 20   every gyro axis offset by ±20 °/s, as an MPU6050 may be
          calfmon evaluate --dataset marpino ../shared/datasets/marpino --insole-pressure Walking-dataset/EstimatedData
                                            what the insoles' pressure says (a clone of github.com/Marpino/Walking-dataset)
        """;

    public const string Synth = """
        Examples:
          calfmon synth office-hour --out office-hour.trace.csv
          calfmon synth office-day --minutes 1440 --seed 7 --out day.trace.csv
          calfmon synth seated-movements --sensor foot --out seated.trace.csv
        """;

    public const string Ble = """
        Examples:
          calfmon ble decode live "02 13 0c 00 2c 01 00 00 08 07 00 00 01 00 01 00 58 02 01 00"
          calfmon ble decode alert 01020201280001020300
          calfmon ble decode current-time ea:07:01:05:09:1e:0f:01:00:00
        """;

    public const string Record = """
        The device must be in record mode (hold the button 3 s, or Control 01 05 01 over BLE) with no
        debugger attached. Lines before '# calfmon-trace 1' are skipped; lost lines (seq jumps), sensor
        gaps and malformed lines are reported as warnings and counted in the summary on stderr.
        Exit codes: 0 stopped cleanly (file valid), 2 port cannot be opened, no header within --wait,
        or FILE exists without --force.

        Examples:
          calfmon record --port /dev/ttyUSB0 --out walk.trace.csv          until Ctrl+C
          calfmon record --port COM5 --out walk.trace.csv --duration 60    one minute
          calfmon record --port /dev/cu.usbserial-0001 --out t.csv --samples 3000 --force
        """;
}
