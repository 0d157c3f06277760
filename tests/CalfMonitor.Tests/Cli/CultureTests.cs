using System.Globalization;
using System.Text.RegularExpressions;
using CalfMonitor.Simulator.Recording;
using CalfMonitor.Simulator.Synthesis;
using CalfMonitor.Tests.Recording;
using CalfMonitor.Tests.Datasets;
using Xunit;

namespace CalfMonitor.Tests.Cli;

/// <summary>
/// calfmon under the language settings of its users' laptops. Its build sets
/// InvariantGlobalization, but DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=0 (set by .NET's own Alpine
/// images, and by hand) turns the user's culture back on, and tests and other hosts call
/// <see cref="CalfMonitor.Simulator.Program.Run"/> in a process of any culture. Each command must
/// then print, parse and match exactly as in the invariant culture: no decimal comma in a trace,
/// JSON or table, "12.5" never read as 125 (a German or Turkish '.' is a thousands separator), the
/// Turkish dotless ı never breaking an option value's match ("SHIN", "NATIVE"), help in English.
/// </summary>
public class CultureTests
{
    /// <summary>Comma decimals (de, fr, tr: '.' a group separator in de and tr), the Turkish
    /// I/ı, Arabic (its own minus sign, U+061C then '-', and the Um al-Qura calendar), Swedish
    /// (minus U+2212).</summary>
    public static TheoryData<string> Cultures => new() { "de-DE", "tr-TR", "fr-FR", "ar-SA", "sv-SE" };

    /// <summary>Runs calfmon in-process with <paramref name="culture"/> as the current culture and
    /// UI culture (restored afterwards).</summary>
    private static CliRunner.Outcome RunIn(CultureInfo culture, params string[] args)
    {
        var (c, ui) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            return CliRunner.Run(args);
        }
        finally
        {
            CultureInfo.CurrentCulture = c;
            CultureInfo.CurrentUICulture = ui;
        }
    }

    /// <summary>The culture, or a skip when this test host has none (a process in invariant mode).</summary>
    private static CultureInfo Culture(string name)
    {
        CultureInfo? c = null;
        try { c = CultureInfo.GetCultureInfo(name); } catch (CultureNotFoundException) { }
        Skip.If(c == null || c.NumberFormat.NumberDecimalSeparator == ".",
            $"culture {name} is not available in this test process (globalization-invariant mode or no ICU)");
        return c!;
    }

    /// <summary>The same command in <paramref name="culture"/> and in the invariant culture: the same
    /// exit code and the same bytes on stdout and stderr.</summary>
    private static CliRunner.Outcome Same(CultureInfo culture, params string[] args)
    {
        var invariant = RunIn(CultureInfo.InvariantCulture, args);
        var local = RunIn(culture, args);
        string what = $"calfmon {string.Join(' ', args)} in {culture.Name}";
        Assert.True(invariant.Stdout == local.Stdout, $"{what}: stdout differs from the invariant culture's\n{FirstDifference(invariant.Stdout, local.Stdout)}");
        Assert.True(invariant.Stderr == local.Stderr, $"{what}: stderr differs from the invariant culture's\n{FirstDifference(invariant.Stderr, local.Stderr)}");
        Assert.Equal(invariant.ExitCode, local.ExitCode);
        return local;
    }

    private static string FirstDifference(string a, string b)
    {
        string[] x = a.Split('\n'), y = b.Split('\n');
        for (int i = 0; i < Math.Max(x.Length, y.Length); i++)
        {
            string p = i < x.Length ? x[i] : "(none)", q = i < y.Length ? y[i] : "(none)";
            if (p != q) return $"line {i + 1}: invariant: {p}\n         this culture: {q}";
        }
        return "";
    }

    [SkippableTheory]
    [MemberData(nameof(Cultures))]
    public void Synth_writes_and_reads_numbers_as_in_the_invariant_culture(string name)
    {
        var c = Culture(name);
        var r = Same(c, "synth", "walk", "--minutes", "1", "--mounting", "12.5", "--out", "-");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("# source: calfmon synth walk seed=1 minutes=1 mounting=12.5/", r.Stdout);   // not 125, not 12,5

        // The library itself, as tests and other hosts call it.
        var (saved, trace) = (CultureInfo.CurrentCulture, SyntheticTrace.Create("walk", new SynthOptions { Minutes = 1, AboutLimbDeg = 12.5 }));
        string invariant = trace.Header.Source;
        try
        {
            CultureInfo.CurrentCulture = c;
            Assert.Equal(invariant, trace.Header.Source);
        }
        finally { CultureInfo.CurrentCulture = saved; }
    }

    [SkippableTheory]
    [MemberData(nameof(Cultures))]
    public void Replay_check_and_convert_give_the_same_bytes_in_every_culture(string name)
    {
        var c = Culture(name);
        using var d = new TempDir();
        string trace = Path.Combine(d.Path, "walk.trace.csv");
        Assert.Equal(0, RunIn(CultureInfo.InvariantCulture, "synth", "walk", "--minutes", "2", "--seed", "4", "--out", trace).ExitCode);

        var json = Same(c, "replay", trace, "--format", "JSON", "--input-format", "NATIVE", "--sensor", "SHIN");   // Turkish: "SHIN" lower-cased is "shın"
        Assert.Equal(0, json.ExitCode);
        Assert.Matches(new Regex(@"""t"": \d+\.\d+"), json.Stdout);
        Same(c, "replay", trace, "--ble", "--clock", "07:30");
        Same(c, "replay", trace, "--rate", "58.8");   // refused for a native trace, naming 58.8 (not 588)
        Same(c, "convert", trace, "--device-rate", "25", "--out", "-");

        Assert.Equal(0, RunIn(CultureInfo.InvariantCulture, "check", "--update", trace).ExitCode);
        string sidecar = File.ReadAllText(trace + ".expect.json");
        Same(c, "check", trace);
        string report = Path.Combine(d.Path, "check.xml");
        Assert.Equal(0, RunIn(CultureInfo.InvariantCulture, "check", trace, "--junit", report).ExitCode);
        string invariantReport = File.ReadAllText(report);
        Assert.Equal(0, RunIn(c, "check", trace, "--junit", report).ExitCode);
        Assert.Equal(invariantReport, File.ReadAllText(report));
        Assert.Equal(0, RunIn(c, "check", "--update", trace).ExitCode);
        Assert.Equal(sidecar, File.ReadAllText(trace + ".expect.json"));
    }

    [SkippableTheory]
    [MemberData(nameof(Cultures))]
    public void Help_ble_and_bad_input_read_the_same_in_every_culture(string name)
    {
        var c = Culture(name);
        Assert.Contains("Usage:", Same(c, "evaluate", "--help").Stdout);   // System.CommandLine's own text: English
        Same(c, "ble", "decode", "live", "02 03 05 00 40 00 00 00 10 0e 00 00 03 00 02 01 ff ff 02 00");
        Same(c, "ble", "decode", "cts", "ea:07:01:05:09:1e:0f:01:00:00");
        Same(c, "synth", "walk", "--mounting", "1e999", "--out", "-");
        Same(c, "replay", "--rate", "abc");
        Same(c, "ble", "decode");
    }

    [SkippableTheory]
    [MemberData(nameof(Cultures))]
    public void Evaluate_json_is_the_same_in_every_culture(string name)
    {
        var c = Culture(name);
        DatasetPaths.RequireDatasets("gaitmap");
        string file = Path.Combine(DatasetPaths.Gaitmap, "imu_sample.csv");
        string[] args = { "evaluate", "--dataset", "gaitmap", "--json", "--gyro-scale", "0.8", file };
        var invariant = RunIn(CultureInfo.InvariantCulture, args);
        var local = RunIn(c, args);
        Assert.True(invariant.ExitCode == 0, invariant.Stderr);
        Assert.True(local.ExitCode == 0, local.Stderr);
        Assert.Contains("\"gyro_scale\": 0.8", local.Stdout);
        // elapsed_s is the one field a clock sets.
        var elapsed = new Regex(@"""elapsed_s"": [0-9.]+");
        Assert.Equal(elapsed.Replace(invariant.Stdout, ""), elapsed.Replace(local.Stdout, ""));
        Assert.Equal(invariant.Stderr, local.Stderr);
    }

    /// <summary>A decimal comma, as a German or French user types it, is refused with the option
    /// named — not read as a thousands separator ("12,5" was 125, "1,5" 15, silently) — in the
    /// invariant culture too. A decimal point and an exponent are read as before.</summary>
    [Theory]
    [InlineData("--mounting", "12,5", "synth", "walk", "--minutes", "1", "--out", "-")]
    [InlineData("--mounting", "1,,2", "synth", "walk", "--minutes", "1", "--out", "-")]
    [InlineData("--rate", "58,8", "replay", "-")]
    [InlineData("--rate", "5,88", "convert", "--input-format", "hugadb", "HuGaDB_v1_various_01_00.txt", "--out", "-")]
    [InlineData("--gyro-offset", "1,5", "evaluate", "--dataset", "gaitmap", "imu_sample.csv")]
    [InlineData("--gyro-scale", "0,8", "evaluate", "--dataset", "gaitmap", "imu_sample.csv")]
    [InlineData("--time-scale", "1,5", "evaluate", "--dataset", "marpino", "walks")]
    [InlineData("--wait", "0,4", "record", "--port", "/dev/null", "--out", "x.trace.csv")]
    [InlineData("--duration", "1,5", "record", "--port", "/dev/null", "--out", "x.trace.csv")]
    public void A_decimal_comma_is_refused_naming_the_option(string option, string value, params string[] command)
    {
        var r = CliRunner.RunWithInput("", command.Append(option).Append(value).ToArray());
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"calfmon: {option}: '{value}' is not a number (e.g. 58.8: a decimal point, no comma)\ncalfmon: try 'calfmon --help'\n",
            r.Stderr.Replace("\r\n", "\n"));
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void A_decimal_point_and_an_exponent_are_read_as_numbers()
    {
        foreach (var (value, read) in new[] { ("12.5", "12.5"), ("-7", "-7"), ("1.25e1", "12.5"), (" 3 ", "3") })
        {
            var r = CliRunner.Run("synth", "walk", "--minutes", "1", "--mounting", value, "--out", "-");
            Assert.Equal(0, r.ExitCode);
            Assert.Contains($" mounting={read}/", r.Stdout);
        }
        Assert.Equal("calfmon: --mounting: 'abc' is not a number (e.g. 58.8)", CliRunner.Run("synth", "walk", "--mounting", "abc", "--out", "-").Stderr.Split('\n')[0]);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>calfmon record stamps the header with the UTC time of the recording: Gregorian and
    /// ISO 8601 in every culture (in ar-SA it was a date of the Um al-Qura calendar).</summary>
    [SkippableTheory]
    [MemberData(nameof(Cultures))]
    public void A_recording_is_stamped_with_the_gregorian_utc_time_in_every_culture(string name)
    {
        var c = Culture(name);
        using var d = new TempDir();
        string outPath = Path.Combine(d.Path, "rec.trace.csv");
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = c;
            var capture = new TraceCapture(new CaptureOptions { PortName = "/dev/ttyTEST", Time = new FixedTime(new DateTimeOffset(2026, 3, 29, 1, 30, 5, TimeSpan.Zero)) },
                n => (TraceCapture.SegmentPath(outPath, n), new FileStream(TraceCapture.SegmentPath(outPath, n), FileMode.CreateNew)), new StringWriter());
            capture.Run(new MemoryStream(System.Text.Encoding.Latin1.GetBytes(DeviceStream.Recording(60))), CancellationToken.None);
        }
        finally { CultureInfo.CurrentCulture = saved; }
        Assert.Contains("; recorded by calfmon record from /dev/ttyTEST at 2026-03-29T01:30:05Z\n", File.ReadAllText(outPath));
    }
}
