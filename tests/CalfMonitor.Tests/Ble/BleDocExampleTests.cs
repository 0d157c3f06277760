using CalfMonitor.Core;
using CalfMonitor.Core.Ble;
using CalfMonitor.Core.Sedentary;
using CalfMonitor.Core.Storage;
using CalfMonitor.Tests.Cli;
using Xunit;

namespace CalfMonitor.Tests.Ble;

/// <summary>
/// The byte examples of docs/ble-protocol.md are real: each is what the core encodes for the values
/// the doc's words give, and it stands in the doc exactly so (in backticks). A typo in the doc or a
/// change of the format fails here. The <c>calfmon ble decode</c> session the doc shows is what
/// calfmon prints (DocCommandTests only runs the commands and checks their exit codes).
/// </summary>
public class BleDocExampleTests
{
    private static readonly Lazy<string> Doc = new(() =>
        File.ReadAllText(Path.Combine(RepoPaths.Root(), "docs", "ble-protocol.md")).Replace("\r\n", "\n"));

    private static string Encode(Func<byte[], int> encode)
    {
        var b = new byte[64];
        return PayloadTests.Hex(b, encode(b));
    }

    public static IEnumerable<object[]> Examples()
    {
        yield return Example("Live: worn + upright, 5 last minute, 64 today, spell 3600 s, 3 alerts today, last 258, next in 600 s, shank, no guess",
            b => new LivePayload
            {
                Flags = LivePayload.FlagWorn | LivePayload.FlagUpright, ActivationsLastMinute = 5, ActivationsToday = 64, SpellSeconds = 3600,
                AlertsToday = 3, LastAlertSequence = 258, NextAlertS = 600, Mounting = MonitorSettings.MountingShank, GuessedSite = LivePayload.SiteNoGuess,
            }.Encode(b, 0));
        yield return Example("Live: a device whose sensor never answered since power-on, read 5 s after it, the time set at 09:30", b =>
        {
            var monitor = new CalfPumpMonitor(CalfMonitor.Core.Sensing.SensorConfig.Default(CalfMonitor.Core.Sensing.MountingSite.Shank), new MonitorSettings(), new RecordingListener());
            var gatt = new CalfMonitorGatt(monitor, LoadStatus.Ok);
            var notice = new CalfMonitor.Core.Device.SensorFaultNotice(monitor, new CalfMonitor.Core.Device.MotorPattern());
            gatt.SensorFault = notice;
            var cts = new byte[CurrentTime.Length];
            CurrentTime.Encode(cts, 0, WallClock.DaysFromCivil(2026, 1, 5) * WallClock.DaySeconds + 9 * 3600 + 30 * 60, 0);
            Assert.Equal(AttError.Ok, gatt.WriteCurrentTime(cts, 0, cts.Length, gatt.NowMs));
            notice.Poll(0, 0);
            notice.Poll(CalfMonitor.Core.Device.SensorFaultNotice.NotAnsweringAfterMs, 0);
            return gatt.ReadLive(b, 0, gatt.NowMs);
        });
        yield return Example("Alert read before any alert", b =>
        {
            var p = new AlertPayload();
            p.FromPolicy(new AlertPolicy(new MonitorSettings()));
            return p.Encode(b, 0);
        });
        yield return Example("Alert: first alert, threshold, sequence 1, 30 min, 1 buzz",
            b => new AlertPayload { Reason = AlertReason.Threshold, Sequence = 1, SpellMinutes = 30, RepeatIndex = 0, BuzzPulses = 1 }.Encode(b, 0));
        yield return Example("Alert: repeat, sequence 258, 40 min, repeat 1, 2 pulses, 3 suppressed",
            b => new AlertPayload { Reason = AlertReason.Repeat, Sequence = 258, SpellMinutes = 40, RepeatIndex = 1, BuzzPulses = 2, Suppressed = 3 }.Encode(b, 0));
        yield return Example("Alert: snooze ended, 35 min",
            b => new AlertPayload { Reason = AlertReason.SnoozeEnded, Sequence = 1, SpellMinutes = 35, RepeatIndex = 0, BuzzPulses = 1 }.Encode(b, 0));
        yield return Example("Config: defaults on the shank",
            b => ConfigPayload.Encode(new MonitorSettings { Mounting = MonitorSettings.MountingShank }, b, 0));
        var fortyFive = new MonitorSettings { AlertAfterMin = 45, QuietStartMin = 21 * 60 + 30, QuietEndMin = 7 * 60, Mounting = MonitorSettings.MountingFoot };
        yield return Example("Config: 45-minute threshold, quiet 21:30–07:00, shoe clip", b => ConfigPayload.Encode(fortyFive, b, 0));
        yield return Example("Config version 1: the same as an old client writes it", b => ConfigPayload.EncodeVersion1(fortyFive, b, 0));
        yield return Example("Control: snooze 15 min", b => ControlCommand.Encode(b, 0, ControlCommand.OpSnooze, 15));
        yield return Example("Control: dismiss", b => ControlCommand.Encode(b, 0, ControlCommand.OpDismiss, 0));
        yield return Example("Control: set time 2026-01-05 09:30:15",
            b => ControlCommand.Encode(b, 0, ControlCommand.OpSetTime, WallClock.DaysFromCivil(2026, 1, 5) * WallClock.DaySeconds + 9 * 3600 + 30 * 60 + 15));
        yield return Example("Control: reset today", b => ControlCommand.Encode(b, 0, ControlCommand.OpResetToday, 0));
        yield return Example("Control: record mode on", b => ControlCommand.Encode(b, 0, ControlCommand.OpRecordMode, 1));
        yield return Example("Control: history snapshot", b => ControlCommand.Encode(b, 0, ControlCommand.OpHistorySnapshot, 0));
        yield return Example("History: chunk 89, the last 16 minutes 4 … 18 activations and the newest ≥ 254", b =>
        {
            var h = new DailyHistory();
            for (int i = 0; i < 20; i++) h.AddMinute(i == 19 ? 300 : i);
            var snapshot = new byte[DailyHistory.Minutes];
            h.CopyOldestFirst(snapshot, 0);
            return HistoryChunk.Encode(b, 0, snapshot, 89);
        });
        yield return Example("Current Time: 2026-01-05 09:30:15, Monday",
            b => CurrentTime.Encode(b, 0, WallClock.DaysFromCivil(2026, 1, 5) * WallClock.DaySeconds + 9 * 3600 + 30 * 60 + 15, 0));
        yield return Example("Persisted image: the defaults on the shank, first save",
            b => ConfigImage.Save(new MonitorSettings { Mounting = MonitorSettings.MountingShank }, 1, b, 0));
    }

    private static object[] Example(string what, Func<byte[], int> encode) => new object[] { what, Encode(encode) };

    [Theory]
    [MemberData(nameof(Examples))]
    public void A_byte_example_in_the_doc_is_what_the_core_encodes(string what, string hex)
    {
        Assert.True(Doc.Value.Contains("`" + hex + "`"), $"docs/ble-protocol.md lacks the example '{what}' as the core encodes it: `{hex}`");
    }

    [Fact]
    public void The_ble_decode_session_in_the_doc_is_what_calfmon_prints()
    {
        var lines = Doc.Value.Split('\n').Select(l => l.Trim()).ToArray();
        int sessions = 0;
        for (int i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("$ calfmon ble decode ")) continue;
            string command = lines[i][2..];
            int comment = command.IndexOf('#');
            if (comment >= 0) command = command[..comment];
            string[] args = command.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray();
            var shown = new List<string>();
            for (int j = i + 1; j < lines.Length && !lines[j].StartsWith("$ ") && !lines[j].StartsWith("```"); j++) shown.Add(lines[j]);
            var o = CliRunner.Run(args);
            string printed = (o.Stdout + o.Stderr).Replace("\r\n", "\n").Trim();
            Assert.Equal(string.Join("\n", shown).Trim(), printed);
            sessions++;
        }
        Assert.True(sessions >= 3, $"only {sessions} 'calfmon ble decode' examples found in docs/ble-protocol.md");
    }
}
