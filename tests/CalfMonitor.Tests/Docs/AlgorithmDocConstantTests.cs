using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using CalfMonitor.Core;
using CalfMonitor.Core.Detection;
using CalfMonitor.Core.Device;
using CalfMonitor.Simulator.Ble;
using Xunit;
using Xunit.Abstractions;

namespace CalfMonitor.Tests.Docs;

/// <summary>
/// The numbers docs/algorithm.md, docs/sedentary-policy.md and README.md's <i>How it counts</i>
/// quote for the core's constants and settings are the core's: a clinician or a newcomer reads
/// there what the device counts and when it buzzes. Two readings of the docs, both compared with
/// the constants by reflection (and the settings' defaults through <c>--config</c>'s own keys):
/// <list type="bullet">
/// <item>every place a doc names a constant (<c>`FootQuietDps`</c>, <c>`MonitorSettings.MinAnkleRangeDeg`</c>,
/// <c>`activity_grace_s`</c>) right next to a number — <c>`N` = 5</c>, <c>`N` (0.5 s</c>,
/// <c>(`N`, 30 °/s</c>, <c>7° of ankle motion (`N`)</c>, <c>(12°, `N`</c> — whatever the
/// sentence, in the unit the name gives (…Ms, …S, …Min, …Deg, …Dps, …Pct, …Mv);</item>
/// <item>the figures quoted in words or as ranges, or without the constant's name (the 5 s leak,
/// "a quarter of the way", "three come in a row", the stage 4 table), each found by the sentence
/// that says it.</item>
/// </list>
/// A number that moves in the doc or in the code fails the test; a sentence reworded so that a
/// figure listed here is no longer found fails it too (<see cref="Held"/>), so the test never
/// holds less than it claims without a word.
/// </summary>
public class AlgorithmDocConstantTests(ITestOutputHelper output)
{
    private static readonly string[] Docs = { "docs/algorithm.md", "docs/sedentary-policy.md", "README.md" };

    /// <summary>A doc's text as one line: line breaks and runs of blanks as one space, bold marks
    /// and the sedentary policy's <c>*constant*</c> labels left out.</summary>
    private static string Text(string doc)
    {
        string t = DocText.Raw(doc);
        t = Regex.Replace(t.Replace("**", ""), @"\s+", " ");
        return Regex.Replace(t, @"\*constants?\*,? ?", "").Replace("*", "");
    }

    /// <summary>The core's named numbers: each public constant of CalfMonitor.Core's public types
    /// (by its name and by Type.Name), <see cref="MonitorSettings"/>' fields (their defaults) and
    /// the <c>--config</c> keys (snake_case, the names sedentary-policy.md uses).</summary>
    private static readonly Lazy<Dictionary<string, List<(string Owner, long Value)>>> Numbers = new(() =>
    {
        var d = new Dictionary<string, List<(string, long)>>(StringComparer.Ordinal);
        void Add(string name, string owner, long value)
        {
            if (!d.TryGetValue(name, out var l)) d[name] = l = new();
            l.Add((owner, value));
        }
        foreach (var t in typeof(MonitorSettings).Assembly.GetExportedTypes())
        {
            foreach (var f in t.GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                if (!f.IsLiteral || (f.FieldType != typeof(int) && f.FieldType != typeof(long))) continue;
                long v = Convert.ToInt64(f.GetRawConstantValue(), CultureInfo.InvariantCulture);
                Add(f.Name, t.Name, v);
                Add(t.Name + "." + f.Name, t.Name, v);
            }
        }
        var defaults = new MonitorSettings();
        foreach (var f in typeof(MonitorSettings).GetFields(BindingFlags.Public | BindingFlags.Instance))
        {
            long v = (int)f.GetValue(defaults)!;
            Add(f.Name, nameof(MonitorSettings), v);
            Add(nameof(MonitorSettings) + "." + f.Name, nameof(MonitorSettings), v);
        }
        foreach (Match m in Regex.Matches(ConfigFile.Describe(defaults), @"(\w+)=(\d+)"))
        {
            Add(m.Groups[1].Value, "--config", long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        }
        return d;
    });

    /// <summary>The value of a named number; fails when the name is unknown or stands for
    /// different values (a doc must then say whose it is).</summary>
    private static long Value(string name)
    {
        Assert.True(Numbers.Value.TryGetValue(name, out var found), $"no constant or setting of the core is named {name}");
        var values = found!.Select(f => f.Value).Distinct().ToList();
        Assert.True(values.Count == 1, $"{name} is several constants ({string.Join(", ", found!.Select(f => $"{f.Owner}.{name} = {f.Value}"))}): the doc should say which");
        return values[0];
    }

    /// <summary>The unit a constant's name gives: ms, s, min, °, °/s, tenths of °/s, %, mV, or a count.</summary>
    private static string UnitOf(string name)
    {
        string n = name.Contains('.') ? name[(name.LastIndexOf('.') + 1)..] : name;
        if (n.Contains('_'))
        {
            return n.EndsWith("_s") ? "s" : n.EndsWith("_min") ? "min" : n.EndsWith("_deg") ? "°" : "";
        }
        if (n.EndsWith("TenthsDps")) return "0.1°/s";
        if (n.EndsWith("Dps")) return "°/s";
        if (n.EndsWith("Ms")) return "ms";
        if (Regex.IsMatch(n, "[a-z]S$")) return "s";
        if (n.EndsWith("Min")) return "min";
        if (n.EndsWith("Deg")) return "°";
        if (n.EndsWith("Pct") || n.EndsWith("Percent")) return "%";
        if (n.EndsWith("Mv")) return "mV";
        return "";
    }

    /// <summary>A quoted <paramref name="value"/> in <paramref name="unit"/> ("" none) in the unit of the
    /// constant <paramref name="name"/>; null when the two units do not convert.</summary>
    private static double? InUnitOf(string name, double value, string unit)
    {
        double? seconds = unit switch { "ms" => value / 1000, "s" => value, "min" => value * 60, "h" => value * 3600, "days" => value * 86400, _ => null };
        return UnitOf(name) switch
        {
            "ms" => seconds * 1000,
            "s" => seconds,
            "min" => seconds / 60,
            "°" => unit == "°" ? value : null,
            "°/s" => unit == "°/s" ? value : null,
            "0.1°/s" => unit == "°/s" ? value * 10 : null,
            "%" => unit == "%" ? value : null,
            "mV" => unit == "mV" ? value : null,
            _ => unit is "" or "×" ? value : null,
        };
    }

    private const string Name = @"`(?<n>[A-Za-z][A-Za-z0-9_.]*)`";
    // A number that is not the end of a range (40–60°) or of a longer number.
    private const string Num = @"(?<![\d.,–-])(?<v>\d+(?:\.\d+)?)";
    private const string Unit = @"(?:\s?(?<u>ms|s|min|h|days|°/s|°|%|mV|×))?(?![\w/])";
    private const string UnitRequired = @"\s?(?<u>ms|s|min|h|days|°/s|°|%|mV)(?![\w/])";
    // A name that is the only one in its parenthesis (not "(`A`, `B`, `C`; 1.65 s)").
    private const string Alone = @"(?!,\s?`)";

    /// <summary>How a doc puts a number beside a constant's name, whatever the sentence.</summary>
    private static readonly Regex[] Beside =
    {
        new(Name + @"\s?=\s?" + Num + Unit),                          // `MinBoutCycles` = 3
        new(Name + @" \(" + Num + Unit),                              // `MinStrideMs` (0.5 s
        new(@"\(" + Name + ", " + Num + Unit),                        // (`FootQuietDps`, 30 °/s)
        new(Num + UnitRequired + @"(?: [a-z]+){0,3} \(" + Name + Alone),   // 7° of ankle motion (`MinAnkleRangeDeg`)
        new(Num + Unit + @" \(" + Name + Alone),                     // 0.8 s (`WalkingStrideMinMs`
        new(Name + " " + Num + UnitRequired),                          // `FootQuietDps` 30 °/s
        new(@"\(" + Num + Unit + ", " + Name + Alone),                 // (12°, `ShankGaitRangeDeg`
    };

    private sealed record Quote(string Doc, string Name, double Value, string Unit, string Context);

    /// <summary>Every number a doc puts beside the name of one of the core's constants or settings.</summary>
    private static List<Quote> QuotesBeside(string doc)
    {
        string text = Text(doc);
        var quotes = new List<Quote>();
        var seen = new HashSet<(int, string)>();
        foreach (var re in Beside)
        {
            foreach (Match m in re.Matches(text))
            {
                string name = m.Groups["n"].Value;
                if (!Numbers.Value.ContainsKey(name) || !seen.Add((m.Groups["v"].Index, name))) continue;
                quotes.Add(new Quote(doc, name, double.Parse(m.Groups["v"].Value, CultureInfo.InvariantCulture),
                    m.Groups["u"].Value, text.Substring(Math.Max(0, m.Index - 30), Math.Min(text.Length - Math.Max(0, m.Index - 30), m.Length + 60))));
            }
        }
        return quotes;
    }

    [Fact]
    public void Every_number_beside_a_constants_name_is_the_constants()
    {
        var wrong = new List<string>();
        int n = 0;
        foreach (string doc in Docs)
        {
            foreach (var q in QuotesBeside(doc))
            {
                n++;
                long actual = Value(q.Name);
                double? quoted = InUnitOf(q.Name, q.Value, q.Unit);
                output.WriteLine($"{doc}: {q.Name} = {q.Value}{q.Unit} (code {actual}{UnitOf(q.Name)})");
                if (quoted == null)
                {
                    // Another quantity beside the name ("10 % (`LastWarnPercent`, 3600 mV"): not a
                    // quote of the constant. A bare number beside a name with a unit is, and fails.
                    Assert.True(q.Unit != "", $"{doc}: {q.Name} ({UnitOf(q.Name)}) is quoted as {q.Value} without its unit: '…{q.Context}…'");
                    output.WriteLine($"  (another quantity, not compared: {q.Value}{q.Unit})");
                    n--;
                }
                else if (Math.Abs(quoted.Value - actual) > 1e-9) wrong.Add($"{doc}: {q.Name} is {actual}{UnitOf(q.Name)} in the code, the doc says {q.Value}{q.Unit}: '…{q.Context}…'");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.True(n >= 38, $"only {n} numbers found beside constants' names: has the docs' wording changed?");
    }

    /// <summary>A figure quoted in words, as a range or away from its constant's name: the
    /// sentence that says it (<see cref="Pattern"/>, its number in the group <c>v</c>), and what the
    /// code's value <paramref name="Code"/> must be for the figure <paramref name="Doc"/> read.</summary>
    public sealed record Held(string File, string Constant, string Pattern, Func<string, double> Doc, Func<long, double> Code);

    private static readonly Dictionary<string, int> Words = new()
    {
        ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7,
        ["eight"] = 8, ["nine"] = 9, ["ten"] = 10, ["Ten"] = 10, ["third"] = 3,
        ["Sixty"] = 60, ["a quarter"] = 4, ["¼"] = 4, ["a third"] = 3, ["half"] = 2,
    };

    private static double N(string s) => Words.TryGetValue(s, out int w) ? w : double.Parse(s, CultureInfo.InvariantCulture);

    private static Held H(string file, string constant, string pattern, Func<string, double>? doc = null, Func<long, double>? code = null)
        => new(file, constant, pattern, doc ?? N, code ?? (c => c));

    private const string A = "docs/algorithm.md", P = "docs/sedentary-policy.md", R = "README.md";
    private const string W = @"(?<v>one|two|three|four|five|six|seven|eight|nine|ten|Ten|\d+(?:\.\d+)?)";

    public static readonly Held[] Figures =
    {
        // Stage 1 — conditioning.
        H(A, "SignalConditioner.BlockMs", @"once per half-second block \((?<v>\d+) samples at 50 Hz\)", d => N(d) * 1000 / 50),
        H(A, "SignalConditioner.StillGyroTenthsDps", @"the gyro stays within (?<v>[\d.]+) °/s \(summed over the axes\)", d => N(d) * 10),
        H(A, "SignalConditioner.BiasUpdateShift", @"pulls the bias estimate (?<v>a quarter) of the way", code: c => 1 << (int)c),
        H(A, "SignalConditioner.MaxGyroBiasDps", @"whose reading lies beyond (?<v>\d+) °/s on any axis is a stuck or saturated sensor"),
        H(A, "SignalConditioner.CovarianceUpdateShift", @"an exponential average of blocks, weight 1/(?<v>\d+) each", code: c => 1 << (int)c),
        H(A, "SignalConditioner.AxisWindowMs", @"averaged over (?<v>\d+) ms windows \(five per block\)"),
        H(A, "SignalConditioner.MinAxisMotionDps", @"at least (?<v>\d+) °/s rms of the window means"),
        H(A, "SignalConditioner.AxisWindowsPerBlock", @"over 100 ms windows \((?<v>five) per block\)"),
        // Stage 2 — detection.
        H(A, "PlantarflexionDetector.AngleHighPassMs", @"a first-order high-pass of the angle with a (?<v>\d+) s time constant", d => N(d) * 1000),
        H(A, "PlantarflexionDetector.AngleHighPassMs", @"forgets it only with its (?<v>\d+) s leak", d => N(d) * 1000),
        H(A, "PlantarflexionDetector.MaxHalfCycleMs", @"An extreme older than (?<v>\d+) s is forgotten", d => N(d) * 1000),
        H(A, "PlantarflexionDetector.AdaptiveHysteresisPct", @"(?<v>\d+) % of the typical range of the cycles just seen"),
        H(A, "PlantarflexionDetector.RangeDecayPerSecondPct", @"decaying by ×(?<v>[\d.]+) every second", d => N(d) * 100),
        H(A, "PlantarflexionDetector.FootQuietMinMs", @"the foot lies flat and still for (?<v>[\d.]+)–[\d.]+ s in mid-stance", d => N(d) * 1000),
        H(A, "PlantarflexionDetector.FootQuietMaxMs", @"the foot lies flat and still for [\d.]+–(?<v>[\d.]+) s in mid-stance", d => N(d) * 1000),
        H(A, "PlantarflexionDetector.FootPushOffDps", @"left at push-off speed \(≥ (?<v>\d+) °/s"),
        H(A, "PlantarflexionDetector.FootQuietDps", @"never under the (?<v>\d+) °/s of a still spell"),
        H(A, "PlantarflexionDetector.FootGaitRangeDeg", @"A stride of the foot's gait range \((?<v>\d+)°\)"),
        H(A, "PlantarflexionDetector.TimeVoteStrideMinMs", @"that is a walking stride \(at least (?<v>[\d.]+) s\)", d => N(d) * 1000),
        H(A, "PlantarflexionDetector.SwingTimeMarginPct", @"whose rise lasts (?<v>\d+) % longer than its fall"),
        H(A, "PlantarflexionDetector.FootTimeVoteStrides", W + @" come in a row with no other vote"),
        H(A, "MonitorSettings.MinShankRangeDeg", @"Each cycle of at least the minimum range \((?<v>\d+)°\) whose peaks differ"),
        H(A, "PlantarflexionDetector.ShankPeakMarginPct", @"whose peaks differ by more than (?<v>\d+) %"),
        H(A, "PlantarflexionDetector.MaxSignConfidence", @"a confidence counter \(0–(?<v>\d+)\)"),
        H(A, "PlantarflexionDetector.MaxHalfCycleMs", @"two periods between push-offs counted in gait, each at most (?<v>\d+) s", d => N(d) * 1000),
        H(A, "PlantarflexionDetector.MinStridePeriodPct", @"It acts only in strides over (?<v>[\d.]+) s", code: c => Math.Round(PlantarflexionDetector.MinStrideMs * 100.0 / c / 1000, 1)),   // a share of the stride above MinStrideMs
        H(A, "PlantarflexionDetector.ClosingStepMaxPeriodPct", @"at most (?<v>[\d.]+) periods", d => N(d) * 100),
        H(A, "PlantarflexionDetector.ClosingStepPct", @"of 7°, i\.e\. (?<v>[\d.]+)°", d => N(d) / 7 * 100),
        H(A, "PlantarflexionDetector.ShankRhythmRangeDeg", @"cycle between (?<v>\d+)° and 6° is small"),
        H(A, "MonitorSettings.MinShankRangeDeg", @"cycle between 2° and (?<v>\d+)° is small"),
        // Stage 2a and 2b.
        H(A, "RhythmicSetFilter.MinSetCycles", @"small cycles pass only in a steady rhythm of ≥ (?<v>\d+)"),
        H(A, "RhythmicSetFilter.MinSetCycles", @"with a rhythm of four cycles, standing sway once matched by chance \(under one of the evaluation's test rotations\), with " + W + " never"),
        H(A, "PumpBoutFilter.MinBoutCycles", @"activation \(cycles in a bout of ≥ (?<v>\d+)\)"),
        H(A, "PumpBoutFilter.MaxCycleGapMs", @"passes only when it belongs to a steady rhythm: .{0,300}?no gap over (?<v>\d+) s", d => N(d) * 1000),
        H(A, "PumpBoutFilter.MaxCycleGapMs", @"until a gap of more than (?<v>\d+) s ends the bout", d => N(d) * 1000),
        // Stage 3–4.
        H(A, "ActivationRateMeter.WindowSeconds", @"(?<v>Sixty) one-second bins in a ring"),
        H(A, "MonitorSettings.BreakActivations", @"\| pump break \| ≥ (?<v>\d+) activations within \d+ s \|"),
        H(A, "MonitorSettings.BreakWindowS", @"\| pump break \| ≥ \d+ activations within (?<v>\d+) s \|"),
        H(A, "MonitorSettings.AlertAfterMin", @"\| first alert \| spell reaches (?<v>\d+) min \|"),
        H(A, "MonitorSettings.RepeatEveryMin", @"\| repeat \| every (?<v>\d+) min while the spell continues \|"),
        H(A, "MonitorSettings.BreakActivations", @"every activation that completes (?<v>ten) within \d+ s"),
        H(A, "MonitorSettings.ActivityGraceS", @"no alert within a minute of an activation", _ => 60),
        // Sensor faults and gaps.
        H(A, "SensorHealth.StuckMs", @"a gyro axis held at the rail for (?<v>\d+) ms"),
        H(A, "SensorHealth.MaxGyroJumpDps", @"a jump of more than (?<v>\d+) °/s on one axis"),
        H(A, "SensorHealth.StuckMs", @"all three gyro axes repeating exactly for (?<v>\d+) ms"),
        H(A, "SensorHealth.StuckMinGyroDps", @"while one of them reads more than (?<v>\d+) °/s"),
        H(A, "SensorHealth.QuarantineMs", @"(?<v>\d+) ms of clean data end it"),
        H(A, "CalfPumpMonitor.GapPeriods", @"A step of more than " + W + " sample periods in the device clock is a gap"),
        // sedentary-policy.md.
        H(P, "MonitorSettings.ActivityDeferMaxS", @"whose (?<v>\d+)-minute limit counts from the snooze's end", d => N(d) * 60),
        H(P, "MonitorSettings.ActivityGraceS", @"still gets its (?<v>\d+) s", d => N(d)),
        H(P, "MonitorSettings.RepeatEveryMin", @"first alert after quiet hours comes at the first (?<v>\d+)-minute slot"),
        H(P, "MonitorSettings.MaxBuzzPulses", @"08:00 is the third repeat, (?<v>\d+) pulses with the default cap"),
        H(P, "AlertPolicy.OnTimeToleranceMs", @"when it was found due (?<v>\d+) s or more after its time", d => N(d) * 1000),
        H(P, "CalfPumpMonitor.MaxReplayedGapS", @"a gap of up to a day, `CalfPumpMonitor.MaxReplayedGapS`", _ => 86400),
        H(P, "CalfPumpMonitor.SensorOutageAfterMs", @"applies to gaps of up to (?<v>\d+) s \(a FIFO", d => N(d) * 1000),
        H(P, "MotorPattern.FaultPulses", W + @" 150 ms ticks, 150 ms apart"),
        H(P, "MotorPattern.FaultPulseMs", @"six (?<v>\d+) ms ticks, 150 ms apart"),
        H(P, "MotorPattern.FaultGapMs", @"six 150 ms ticks, (?<v>\d+) ms apart"),
        H(P, "MotorPattern.FaultPulses", @"FaultGapMs`; (?<v>[\d.]+) s\)", d => (N(d) * 1000 + MotorPattern.FaultGapMs) / (MotorPattern.FaultPulseMs + MotorPattern.FaultGapMs)),
        H(P, "SensorFaultNotice.RepeatMs", @"It repeats every hour \(`SensorFaultNotice\.RepeatMs`\)", _ => 3600000),
        H(P, "MotorPattern.LowBatteryPulses", W + @" 1 s pulses, 0\.5 s apart"),
        H(P, "MotorPattern.LowBatteryPulseMs", @"two (?<v>\d+) s pulses, 0\.5 s apart", d => N(d) * 1000),
        H(P, "MotorPattern.LowBatteryGapMs", @"two 1 s pulses, (?<v>[\d.]+) s apart", d => N(d) * 1000),
        H(P, "MotorPattern.LowBatteryPulses", @"LowBatteryGapMs`; (?<v>[\d.]+) s\)", d => (N(d) * 1000 + MotorPattern.LowBatteryGapMs) / (MotorPattern.LowBatteryPulseMs + MotorPattern.LowBatteryGapMs)),
        H(P, "LowBatteryNotice.ConfirmReadings", @"for " + W + " readings in a row \\(`ConfirmReadings`"),
        H(P, "LowBatteryNotice.WarnPercent", @"the 20 % point \((?<v>\d+) mV\)", d => BatteryPercentOf(N(d))),
        H(P, "LowBatteryNotice.WarnPercent", @"about (?<v>\d+) mV; about 1\.5 h left", d => BatteryPercentOf(N(d))),
        H(P, "LowBatteryNotice.LastWarnPercent", @"`LastWarnPercent`, (?<v>\d+) mV", d => BatteryPercentOf(N(d))),
        H(P, "LowBatteryNotice.RearmMv", @"`RearmMv`, ≈ (?<v>\d+) %", code: c => BatteryPercentOf(c)),
        H(P, "AlertPolicy.BuzzPulseMs", @"1 to `max_buzz_pulses` × (?<v>\d+) ms on / 200 ms off"),
        H(P, "AlertPolicy.BuzzGapMs", @"1 to `max_buzz_pulses` × 400 ms on / (?<v>\d+) ms off"),
        H(P, "MotorPattern.MaxPulses", @"the setting goes up to (?<v>\d+)\)"),
        H(P, "MotorPattern.AckPulseMs", @"\| acknowledgement \| one (?<v>\d+) ms tick \|"),
        H(P, "SensorFaultNotice.NoticeAfterMs", @"\| sensor fault \| six 150 ms ticks, 150 ms apart \| no sample for (?<v>\d+) s, then hourly \|", d => N(d) * 1000),
        H(P, "LowBatteryNotice.WarnPercent", @"\| low battery \| two 1 s hums, 0\.5 s apart \| Battery Level ≤ (?<v>\d+) %"),
        H(P, "LowBatteryNotice.LastWarnPercent", @"Battery Level ≤ 20 %, and ≤ (?<v>\d+) %, once per discharge \|"),
        H(P, "MonitorSettings.BreakActivations", @"\| pump break \| ≥ (?<v>\d+) activations \(`break_activations`\)"),
        H(P, "MonitorSettings.RepeatEveryMin", @"\| repeat \| every (?<v>\d+) min while the spell goes on \(`repeat_every_min`\)"),
        H(P, "MonitorSettings.SnoozeMin", @"\| snooze \(`snooze_min`\) \| (?<v>\d+) min"),
        H(P, "MonitorSettings.QuietStartMin", @"\| (?<v>\d+):00–\d+:00 local", d => N(d) * 60),
        H(P, "MonitorSettings.QuietEndMin", @"\| \d+:00–(?<v>\d+):00 local", d => N(d) * 60),
        H(P, "MonitorSettings.ActivityGraceS", @"\| activity grace \(`activity_grace_s`\) \| (?<v>\d+) s after the last activation"),
        H(P, "MonitorSettings.ActivityDeferMaxS", @"\| longest deferral \(`activity_defer_max_s`\) \| (?<v>\d+) min", d => N(d) * 60),
        H(P, "MonitorSettings.MaxBuzzPulses", @"first alert 1 pulse, each repeat one more, at most (?<v>\d+)"),
        H(P, "MonitorSettings.AlertAfterMin", @"a dismiss at 5 min leaves the first alert at (?<v>\d+)"),
        H(P, "MonitorSettings.AlertAfterMin", @"half the (?<v>\d+)-min threshold"),
        H(P, "MonitorSettings.SnoozeMin", @"Bangle\.js's activity reminder postpones (?<v>\d+) min"),
        H(P, "PostureMonitor.ReferenceUpdateShift", @"moves it (?<v>¼) of the way", code: c => 1 << (int)c),
        H(P, "PostureMonitor.TrustedAfterS", @"once (?<v>\d+) such seconds have taught it"),
        H(P, "PostureMonitor.GaitOffGravityPercent", @"more than half a g off 1 g \(below (?<v>[\d.]+) g or above [\d.]+ g\)", d => 100 - N(d) * 100),
        H(P, "PostureMonitor.GaitOffGravityPercent", @"more than half a g off 1 g \(below [\d.]+ g or above (?<v>[\d.]+) g\)", d => N(d) * 100 - 100),
        H(P, "MonitorSettings.HorizontalAngleDeg", @"the line of gravity more than (?<v>\d+)° from the reference line"),
        H(P, "SignalConditioner.StillGyroTenthsDps", @"the gyro within (?<v>[\d.]+) °/s, summed over the axes", d => N(d) * 10),
        H(P, "MonitorSettings.NotWornStillS", @"in (?<v>\d+) consecutive seconds"),
        H(P, "PostureMonitor.UprightEvidenceS", @"the (?<v>third) second with a walk's sign"),
        H(P, "AlertPolicy.MaxActivityGraceMs", @"\((?<v>\d+) s, the largest `activity_grace_s`\)", d => N(d) * 1000),
        H(P, "AlertPolicy.MaxActivityDeferMs", @"ages no further than (?<v>\d+) s, the largest `activity_defer_max_s`", d => N(d) * 1000),
        H(P, "SedentaryTracker.ForgetAfterMs", @"the tracker forgets activations a day old", _ => 86400000),
        // README.md, How it counts.
        H(R, "MonitorSettings.MinAnkleRangeDeg", @"\((?<v>\d+)° of ankle motion on the foot, \d+° of shank rotation on the strap\)"),
        H(R, "MonitorSettings.MinShankRangeDeg", @"\(\d+° of ankle motion on the foot, (?<v>\d+)° of shank rotation on the strap\)"),
        H(R, "MonitorSettings.BreakActivations", W + @" activations within \d+ s make a pump break"),
        H(R, "MonitorSettings.BreakWindowS", @"activations within (?<v>\d+) s make a pump break"),
        H(R, "MonitorSettings.AlertAfterMin", @"a sedentary spell of (?<v>\d+) minutes raises an alert"),
        H(R, "MonitorSettings.RepeatEveryMin", @"raises an alert, repeated every (?<v>\d+) minutes"),
        H(R, "MonitorSettings.AlertAfterMin", @"sends Bluetooth LE alerts when a sedentary spell reaches (?<v>\d+) minutes"),
        H(R, "PumpBoutFilter.MinBoutCycles", @"part of a rhythm of at least " + W + " cycles"),
        H(R, "RhythmicSetFilter.MinSetCycles", @"count only in a steady rhythm of " + W + ";"),
    };

    /// <summary>The Battery Level the device reports at <paramref name="mv"/> (the protocol's curve).</summary>
    private static double BatteryPercentOf(double mv) => CalfMonitor.Core.Ble.DeviceInformation.BatteryPercent((int)mv);

    public static IEnumerable<object[]> FigureCases() => Figures.Select((f, i) => new object[] { i, f.File, f.Constant });

    [Theory]
    [MemberData(nameof(FigureCases))]
    public void A_figure_quoted_in_words_or_away_from_its_name_is_the_cores(int index, string file, string constant)
    {
        var f = Figures[index];
        string text = Text(file);
        var matches = Regex.Matches(text, f.Pattern);
        Assert.True(matches.Count > 0, $"{file}: no sentence matches /{f.Pattern}/ any more ({constant}): reworded? Then point the test at the new sentence.");
        double code = f.Code(Value(constant));
        foreach (Match m in matches)
        {
            double doc = f.Doc(m.Groups["v"].Success ? m.Groups["v"].Value : "");
            Assert.True(Math.Abs(doc - code) < 1e-6, $"{file}: '{m.Value}' says {doc}, {constant} in the code gives {code}");
        }
    }
}
