using System.Globalization;
using System.Text;
using CalfMonitor.Core;
using CalfMonitor.Core.Ble;
using CalfMonitor.Core.Device;
using CalfMonitor.Core.Sedentary;

namespace CalfMonitor.Simulator.Ble;

/// <summary>Hex and human-readable renderings of the BLE payloads, decoded with the core's own decoders.</summary>
public static class BleText
{
    /// <summary>Characteristic names accepted by <c>calfmon ble decode</c>.</summary>
    public static readonly string[] Names = { "live", "alert", "config", "control", "history", "current-time", "battery" };

    public static string Hex(byte[] data, int length) =>
        string.Join(' ', data.Take(length).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));

    /// <summary>Separators between bytes: white space (space, tab, line ends), ':', ',' and '-'.</summary>
    private static readonly char[] HexSeparators = { ' ', '\t', '\r', '\n', ':', ',', '-' };

    /// <summary>Parses "01 0a ff", "010aff", "01:0a:ff", "01\t0a" or "0x01,0x0a".</summary>
    public static byte[]? ParseHex(string text)
    {
        var sb = new StringBuilder();
        foreach (var part in text.Split(HexSeparators, StringSplitOptions.RemoveEmptyEntries))
        {
            sb.Append(part.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? part[2..] : part);
        }
        string s = sb.ToString();
        if (s.Length % 2 != 0) return null;
        var bytes = new byte[s.Length / 2];
        for (int i = 0; i < bytes.Length; i++)
        {
            if (!byte.TryParse(s.AsSpan(i * 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out bytes[i])) return null;
        }
        return bytes;
    }

    public static string AttName(int code) => code switch
    {
        AttError.InvalidLength => "0x0D invalid attribute value length",
        AttError.ValueNotAllowed => "0x13 value not allowed",
        AttError.UnsupportedVersion => "0x80 unsupported payload version",
        AttError.UnknownOpcode => "0x81 unknown control opcode",
        _ => $"0x{code:X2}",
    };

    public static string ReasonName(int reason) => reason switch
    {
        AlertReason.None => "none-yet",
        AlertReason.Threshold => "threshold",
        AlertReason.Repeat => "repeat",
        AlertReason.SnoozeEnded => "snooze-ended",
        AlertReason.AfterActivity => "after-activity",
        _ => reason.ToString(CultureInfo.InvariantCulture),
    };

    public static string Flags(int f)
    {
        var names = new List<string>();
        if ((f & LivePayload.FlagWorn) != 0) names.Add("worn");
        if ((f & LivePayload.FlagUpright) != 0) names.Add("upright");
        if ((f & LivePayload.FlagSnoozed) != 0) names.Add("snoozed");
        if ((f & LivePayload.FlagQuiet) != 0) names.Add("quiet");
        if ((f & LivePayload.FlagTimeKnown) != 0) names.Add("time-known");
        if ((f & LivePayload.FlagRecording) != 0) names.Add("recording");
        if ((f & LivePayload.FlagSettingsNotStored) != 0) names.Add("settings-not-stored");
        if ((f & LivePayload.FlagAlertPending) != 0) names.Add("alert-pending");
        return names.Count == 0 ? "none" : string.Join('|', names);
    }

    /// <summary>Decodes a payload; returns the ATT code (0 = decoded) and the text.</summary>
    public static (int Code, string Text) Decode(string characteristic, byte[] data)
    {
        switch (characteristic)
        {
            case "live":
            {
                var p = new LivePayload();
                int c = p.TryDecode(data, 0, data.Length);
                return (c, c != 0 ? "" : $"v2 flags={Flags(p.Flags)} last_minute={p.ActivationsLastMinute} today={p.ActivationsToday} spell={p.SpellSeconds}s"
                    + $" alerts_today={p.AlertsToday} last_alert_seq={p.LastAlertSequence} next_alert={(p.NextAlertS == LivePayload.NoAlertScheduled ? "none" : p.NextAlertS.ToString(CultureInfo.InvariantCulture) + "s")}"
                    + $" mounting={SiteName(p.Mounting)} guessed_site={(p.GuessedSite == LivePayload.SiteNoGuess ? "none" : SiteName(p.GuessedSite))}"
                    + (p.SensorNotAnswering ? " sensor=not-answering" : ""));
            }
            case "alert":
            {
                var p = new AlertPayload();
                int c = p.TryDecode(data, 0, data.Length);
                return (c, c != 0 ? "" : $"v1 seq={p.Sequence} reason={ReasonName(p.Reason)} spell={p.SpellMinutes}min repeat={p.RepeatIndex} buzz={p.BuzzPulses} suppressed={p.Suppressed}");
            }
            case "config":
            {
                var s = new MonitorSettings();
                int c = ConfigPayload.TryDecode(data, 0, data.Length, s);
                return (c, c != 0 ? "" : $"v{data[0]} " + ConfigFile.Describe(s));
            }
            case "control":
            {
                var p = new ControlCommand();
                int c = p.TryDecode(data, 0, data.Length);
                if (c != 0) return (c, "");
                return (c, p.Opcode switch
                {
                    ControlCommand.OpSnooze => p.Argument == 0 ? "v1 snooze (configured minutes)" : $"v1 snooze {p.Argument} min",
                    ControlCommand.OpDismiss => "v1 dismiss",
                    ControlCommand.OpSetTime => $"v1 set-time {LocalTime(p.Argument)}",
                    ControlCommand.OpResetToday => "v1 reset-today",
                    ControlCommand.OpRecordMode => p.Argument == 1 ? "v1 record start" : "v1 record stop",
                    ControlCommand.OpHistorySnapshot => "v1 history-snapshot",
                    _ => "v1 try-buzz " + p.Argument switch
                    {
                        MotorPattern.TryFirstReminder => "first-reminder",
                        MotorPattern.TryStrongestReminder => "strongest-reminder",
                        MotorPattern.TryBreakDone => "break-done",
                        MotorPattern.TrySensorFault => "sensor-fault",
                        _ => "low-battery",
                    },
                });
            }
            case "history":
            {
                var p = new HistoryChunk();
                int c = p.TryDecode(data, 0, data.Length);
                return (c, c != 0 ? "" : $"v1 chunk {p.Index} of 0-{HistoryChunk.ChunkCount - 1} minutes {p.Index * HistoryChunk.MinutesPerChunk}-{p.Index * HistoryChunk.MinutesPerChunk + HistoryChunk.MinutesPerChunk - 1} counts=[{string.Join(',', p.Counts.Select(b => b == 0xFF ? "-" : b.ToString(CultureInfo.InvariantCulture)))}]");
            }
            case "current-time":
            {
                // The read of a time not set yet: a value to report, not a write to refuse.
                if (CurrentTime.IsUnknown(data, 0, data.Length)) return (0, "not set (what the device reads before a phone set the time: year 0 = unknown)");
                int c = CurrentTime.TryDecode(data, 0, data.Length, out int seconds);
                return (c, c != 0 ? "" : $"{LocalTime(seconds)} day_of_week={data[7]} adjust_reason=0x{data[9]:x2}");
            }
            case "battery":
                if (data.Length != 1) return (AttError.InvalidLength, "");
                if (data[0] > 100) return (AttError.ValueNotAllowed, "");
                return (0, $"{data[0]}%");
            default:
                throw new ArgumentException(characteristic);
        }
    }

    /// <summary>"shank" / "foot" for the wire codes 1 / 2 (Config byte 20, Live bytes 18–19).</summary>
    public static string SiteName(int site) => site switch
    {
        MonitorSettings.MountingShank => "shank",
        MonitorSettings.MountingFoot => "foot",
        MonitorSettings.MountingFromSensor => "unchanged",
        _ => site.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Local seconds since 2000-01-01 as yyyy-MM-dd HH:mm:ss.</summary>
    public static string LocalTime(int seconds) =>
        new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Unspecified).AddSeconds(seconds).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
