using CalfMonitor.Core;
using CalfMonitor.Core.Ble;
using CalfMonitor.Core.Sedentary;
using CalfMonitor.Core.Storage;
using Xunit;

namespace CalfMonitor.Tests.Ble;

/// <summary>The exact bytes of every payload (docs/ble-protocol.md), round trips and refusals.</summary>
public class PayloadTests
{
    public static byte[] Hex(string s) => Convert.FromHexString(s.Replace(" ", ""));
    public static string Hex(byte[] b, int n) => string.Join(' ', b.Take(n).Select(x => x.ToString("x2")));

    /// <summary>The defaults as a version-1 Config payload (old clients write this).</summary>
    public const string DefaultConfigV1Hex = "01 07 06 0a 3c 00 1e 0a 0f 03 b0 04 e0 01 78 00 3c 3c 2c 01";

    /// <summary>The defaults on the shank as a version-2 Config payload (what a read returns).</summary>
    public const string DefaultConfigHex = "02 07 06 0a 3c 00 1e 0a 0f 03 b0 04 e0 01 78 00 3c 3c 2c 01 01";

    [Fact]
    public void Uuids_are_the_documented_ones_and_parse_as_guids()
    {
        Assert.Equal("ca1f0001-7b1e-4c9d-8e2a-5f3b6d0c9a41", BleUuids.Service);
        foreach (var u in new[] { BleUuids.Service, BleUuids.Live, BleUuids.Alert, BleUuids.Config, BleUuids.Control, BleUuids.History })
        {
            Assert.Equal(u, new Guid(u).ToString());
        }
        Assert.Equal(6, new[] { BleUuids.Service, BleUuids.Live, BleUuids.Alert, BleUuids.Config, BleUuids.Control, BleUuids.History }.Distinct().Count());
        Assert.Equal("00002a2b-0000-1000-8000-00805f9b34fb", BleUuids.FromSig16(BleUuids.CurrentTime));
    }

    [Fact]
    public void Live_v2_bytes()
    {
        var p = new LivePayload
        {
            Flags = LivePayload.FlagWorn | LivePayload.FlagUpright, ActivationsLastMinute = 5, ActivationsToday = 64, SpellSeconds = 3600,
            AlertsToday = 3, LastAlertSequence = 258, NextAlertS = 600, Mounting = MonitorSettings.MountingFoot, GuessedSite = 0,
        };
        var b = new byte[20];
        Assert.Equal(20, p.Encode(b, 0));
        Assert.Equal("02 03 05 00 40 00 00 00 10 0e 00 00 03 00 02 01 58 02 02 00", Hex(b, 20));
        var q = new LivePayload();
        Assert.Equal(0, q.TryDecode(b, 0, 20));
        Assert.Equal((3, 5, 64, 3600, 3, 258, 600, 2, 0),
            (q.Flags, q.ActivationsLastMinute, q.ActivationsToday, q.SpellSeconds, q.AlertsToday, q.LastAlertSequence, q.NextAlertS, q.Mounting, q.GuessedSite));
        // Saturation on the wire; "none scheduled" is 0xFFFF, a long wait saturates at 0xFFFE.
        new LivePayload { ActivationsLastMinute = 70000, ActivationsToday = -3, AlertsToday = 70000, NextAlertS = -1, Mounting = 1 }.Encode(b, 0);
        Assert.Equal("02 00 ff ff 00 00 00 00 00 00 00 00 ff ff 00 00 ff ff 01 00", Hex(b, 20));
        new LivePayload { NextAlertS = 70000, Mounting = 1, GuessedSite = 1 }.Encode(b, 0);
        Assert.Equal("02 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 fe ff 01 01", Hex(b, 20));
    }

    [Fact]
    public void Live_byte_19_bit_7_is_the_sensor_not_answering_beside_the_site_guess()
    {
        var b = new byte[20];
        new LivePayload { NextAlertS = LivePayload.NoAlertScheduled, Mounting = 1, SensorNotAnswering = true }.Encode(b, 0);
        Assert.Equal("02 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 ff ff 01 80", Hex(b, 20));
        var q = new LivePayload();
        Assert.Equal(0, q.TryDecode(b, 0, 20));
        Assert.True(q.SensorNotAnswering);
        Assert.Equal(LivePayload.SiteNoGuess, q.GuessedSite);
        new LivePayload { Mounting = 2, GuessedSite = 2, SensorNotAnswering = true }.Encode(b, 0);
        Assert.Equal(0x82, b[19]);
        Assert.Equal(0, q.TryDecode(b, 0, 20));
        Assert.Equal((true, 2), (q.SensorNotAnswering, q.GuessedSite));
        new LivePayload { Mounting = 2, GuessedSite = 2 }.Encode(b, 0);
        Assert.Equal(0x02, b[19]);
        Assert.Equal(0, q.TryDecode(b, 0, 20));
        Assert.False(q.SensorNotAnswering);
    }

    [Theory]
    [InlineData("01 03 05 00 40 00 00 00 10 0e 00 00", AttError.UnsupportedVersion)]          // version 1: old firmware
    [InlineData("02 03 05 00 40 00 00 00 10 0e 00 00", AttError.InvalidLength)]               // v2 but 12 bytes
    [InlineData("02 03 05 00 40 00 00 00 10 0e 00 00 03 00 02 01 58 02 02", AttError.InvalidLength)]
    [InlineData("02 03 05 00 40 00 00 00 10 0e 00 00 03 00 02 01 58 02 02 00 00", AttError.InvalidLength)]
    [InlineData("02 03 05 00 40 00 00 00 10 0e 00 00 03 00 02 01 58 02 00 00", AttError.ValueNotAllowed)] // site 0
    [InlineData("02 03 05 00 40 00 00 00 10 0e 00 00 03 00 02 01 58 02 03 00", AttError.ValueNotAllowed)] // site 3
    [InlineData("02 03 05 00 40 00 00 00 10 0e 00 00 03 00 02 01 58 02 01 03", AttError.ValueNotAllowed)] // guess 3
    [InlineData("02 03 05 00 40 00 00 00 10 0e 00 00 03 00 02 01 58 02 01 83", AttError.ValueNotAllowed)] // guess 3, sensor not answering
    [InlineData("02 03 05 00 40 00 00 00 10 0e 00 00 03 00 02 01 58 02 01 04", AttError.ValueNotAllowed)] // byte 19 bit 2 (reserved)
    [InlineData("02 03 05 00 40 00 00 00 10 0e 00 00 03 00 02 01 58 02 01 40", AttError.ValueNotAllowed)] // byte 19 bit 6 (reserved)
    [InlineData("", AttError.InvalidLength)]
    public void Live_refusals_change_nothing(string hex, int code)
    {
        var q = new LivePayload { AlertsToday = 7 };
        var b = hex.Length == 0 ? new byte[1] : Hex(hex);
        Assert.Equal(code, q.TryDecode(b, 0, hex.Length == 0 ? 0 : b.Length));
        Assert.Equal(7, q.AlertsToday);
    }

    [Fact]
    public void Alert_read_before_any_alert_is_reason_zero_sequence_zero()
    {
        var b = new byte[10];
        var p = new AlertPayload();
        p.FromPolicy(new AlertPolicy(new MonitorSettings()));
        Assert.Equal(10, p.Encode(b, 0));
        Assert.Equal("01 00 00 00 00 00 00 00 00 00", Hex(b, 10));
        Assert.Equal(0, new AlertPayload().TryDecode(b, 0, 10));
    }

    [Fact]
    public void Alert_bytes()
    {
        var p = new AlertPayload { Reason = AlertReason.Repeat, Sequence = 258, SpellMinutes = 40, RepeatIndex = 1, BuzzPulses = 2, Suppressed = 3 };
        var b = new byte[10];
        Assert.Equal(10, p.Encode(b, 0));
        Assert.Equal("01 02 02 01 28 00 01 02 03 00", Hex(b, 10));
        var q = new AlertPayload();
        Assert.Equal(0, q.TryDecode(b, 0, 10));
        Assert.Equal((2, 258, 40, 1, 2, 3), (q.Reason, q.Sequence, q.SpellMinutes, q.RepeatIndex, q.BuzzPulses, q.Suppressed));
        Assert.Equal(AttError.ValueNotAllowed, q.TryDecode(Hex("01 07 02 01 28 00 01 02 03 00"), 0, 10));
        Assert.Equal(AttError.InvalidLength, q.TryDecode(b, 0, 9));
        Assert.Equal(AttError.UnsupportedVersion, q.TryDecode(Hex("02 02 02 01 28 00 01 02 03 00"), 0, 10));
        Assert.Equal(258, q.Sequence); // unchanged by the refusals
    }

    [Fact]
    public void Config_v2_bytes_of_the_defaults_and_a_45_minute_threshold_on_the_foot()
    {
        var b = new byte[21];
        Assert.Equal(21, ConfigPayload.Encode(new MonitorSettings { Mounting = MonitorSettings.MountingShank }, b, 0));
        Assert.Equal(DefaultConfigHex, Hex(b, 21));
        ConfigPayload.Encode(new MonitorSettings { AlertAfterMin = 45, QuietStartMin = 21 * 60 + 30, QuietEndMin = 7 * 60, Mounting = MonitorSettings.MountingFoot }, b, 0);
        Assert.Equal("02 07 06 0a 3c 00 2d 0a 0f 03 0a 05 a4 01 78 00 3c 3c 2c 01 02", Hex(b, 21));
        var s = new MonitorSettings();
        Assert.Equal(0, ConfigPayload.TryDecode(b, 0, 21, s));
        Assert.Equal((45, 1290, 420, 2), (s.AlertAfterMin, s.QuietStartMin, s.QuietEndMin, s.Mounting));
    }

    [Fact]
    public void Config_v1_write_is_accepted_and_keeps_the_mounting()
    {
        var b = new byte[20];
        Assert.Equal(20, ConfigPayload.EncodeVersion1(new MonitorSettings(), b, 0));
        Assert.Equal(DefaultConfigV1Hex, Hex(b, 20));
        var s = new MonitorSettings { AlertAfterMin = 44, Mounting = MonitorSettings.MountingFoot };
        Assert.Equal(AttError.Ok, ConfigPayload.TryDecode(Hex("01 07 06 0a 3c 00 2d 0a 0f 03 b0 04 e0 01 78 00 3c 3c 2c 01"), 0, 20, s));
        Assert.Equal((45, MonitorSettings.MountingFoot), (s.AlertAfterMin, s.Mounting));
    }

    [Theory]
    [InlineData("", AttError.InvalidLength)]
    [InlineData("01", AttError.InvalidLength)]
    [InlineData(DefaultConfigHex + " 00", AttError.InvalidLength)]
    [InlineData(DefaultConfigV1Hex + " 00 00", AttError.InvalidLength)]
    [InlineData("02 07 06 0a 3c 00 1e 0a 0f 03 b0 04 e0 01 78 00 3c 3c 2c 01", AttError.InvalidLength)]       // v2 without byte 20
    [InlineData("01 07 06 0a 3c 00 1e 0a 0f 03 b0 04 e0 01 78 00 3c 3c 2c 01 01", AttError.InvalidLength)]    // v1 with byte 20
    [InlineData("02 07 06 0a 3c 00 1e 0a 0f 03 b0 04 e0 01 78 00 3c 3c 2c 01 00", AttError.ValueNotAllowed)]  // mounting 0
    [InlineData("02 07 06 0a 3c 00 1e 0a 0f 03 b0 04 e0 01 78 00 3c 3c 2c 01 03", AttError.ValueNotAllowed)]  // mounting 3
    [InlineData("02 01 06 0a 3c 00 1e 0a 0f 03 b0 04 e0 01 78 00 3c 3c 2c 01 01", AttError.ValueNotAllowed)]  // ankle range 1°
    [InlineData("03 07 06 0a 3c 00 1e 0a 0f 03 b0 04 e0 01 78 00 3c 3c 2c 01 01", AttError.UnsupportedVersion)]
    [InlineData("00 06 06 0a 3c 00 1e 0a 0f 03 b0 04 e0 01 78 00 3c 3c 2c 01", AttError.UnsupportedVersion)]
    [InlineData("01 01 06 0a 3c 00 1e 0a 0f 03 b0 04 e0 01 78 00 3c 3c 2c 01", AttError.ValueNotAllowed)] // ankle range 1°
    [InlineData("01 06 06 0a 3c 00 00 0a 0f 03 b0 04 e0 01 78 00 3c 3c 2c 01", AttError.ValueNotAllowed)] // alert after 0 min
    [InlineData("01 06 06 0a 3c 00 1e 0a 0f 03 a0 05 e0 01 78 00 3c 3c 2c 01", AttError.ValueNotAllowed)] // quiet start 1440
    [InlineData("01 06 06 0a 3c 00 1e 0a 0f 0b b0 04 e0 01 78 00 3c 3c 2c 01", AttError.ValueNotAllowed)] // 11 buzz pulses
    [InlineData("01 06 06 3d 3c 00 1e 0a 0f 03 b0 04 e0 01 78 00 3c 3c 2c 01", AttError.ValueNotAllowed)] // 61 activations
    [InlineData("01 06 06 0a 3c 00 1e 0a 0f 03 b0 04 e0 01 78 00 3c 3c 09 07", AttError.ValueNotAllowed)] // defer 1801 s
    public void Config_refusals_change_nothing(string hex, int code)
    {
        var s = new MonitorSettings { AlertAfterMin = 44 };
        var before = s.Clone();
        var b = hex.Length == 0 ? new byte[1] : Hex(hex);
        Assert.Equal(code, ConfigPayload.TryDecode(b, 0, hex.Length == 0 ? 0 : b.Length, s));
        Assert.True(before.SameAs(s));
    }

    [Theory]
    [InlineData(ControlCommand.OpSnooze, 15, "01 01 0f")]
    [InlineData(ControlCommand.OpSnooze, 0, "01 01 00")]
    [InlineData(ControlCommand.OpDismiss, 0, "01 02")]
    [InlineData(ControlCommand.OpSetTime, 820920615, "01 03 27 41 ee 30")]
    [InlineData(ControlCommand.OpSetTime, 2145916799, "01 03 7f 17 e8 7f")]   // 2067-12-31 23:59:59, the last accepted second
    [InlineData(ControlCommand.OpResetToday, 0, "01 04")]
    [InlineData(ControlCommand.OpRecordMode, 1, "01 05 01")]
    [InlineData(ControlCommand.OpRecordMode, 0, "01 05 00")]
    [InlineData(ControlCommand.OpHistorySnapshot, 0, "01 06")]
    [InlineData(ControlCommand.OpTryBuzz, 1, "01 07 01")]
    [InlineData(ControlCommand.OpTryBuzz, 5, "01 07 05")]
    public void Control_bytes_round_trip(int op, int arg, string hex)
    {
        var b = new byte[8];
        int n = ControlCommand.Encode(b, 0, op, arg);
        Assert.Equal(hex, Hex(b, n));
        var c = new ControlCommand();
        Assert.Equal(0, c.TryDecode(b, 0, n));
        Assert.Equal((op, arg), (c.Opcode, c.Argument));
    }

    [Theory]
    [InlineData("", AttError.InvalidLength)]
    [InlineData("01", AttError.InvalidLength)]
    [InlineData("02 02", AttError.UnsupportedVersion)]
    [InlineData("01 08", AttError.UnknownOpcode)]
    [InlineData("01 00", AttError.UnknownOpcode)]
    [InlineData("01 07", AttError.InvalidLength)]           // try a buzz without a pattern
    [InlineData("01 07 00", AttError.ValueNotAllowed)]      // patterns are 1–5
    [InlineData("01 07 06", AttError.ValueNotAllowed)]
    [InlineData("01 01", AttError.InvalidLength)]
    [InlineData("01 02 00", AttError.InvalidLength)]
    [InlineData("01 01 f1", AttError.ValueNotAllowed)]      // 241 min
    [InlineData("01 05 02", AttError.ValueNotAllowed)]
    [InlineData("01 03 ff ff ff ff", AttError.ValueNotAllowed)] // negative time
    [InlineData("01 03 00 00 00 80", AttError.ValueNotAllowed)] // -2^31
    [InlineData("01 03 80 17 e8 7f", AttError.ValueNotAllowed)] // 2068-01-01 00:00:00: after 2067
    [InlineData("01 03 00 00 00", AttError.InvalidLength)]
    public void Control_refusals(string hex, int code)
    {
        var c = new ControlCommand { Opcode = 9, Argument = 9 };
        var b = hex.Length == 0 ? new byte[1] : PayloadTests.Hex(hex);
        Assert.Equal(code, c.TryDecode(b, 0, hex.Length == 0 ? 0 : b.Length));
        Assert.Equal((9, 9), (c.Opcode, c.Argument));
    }

    /// <summary>docs/ble-protocol.md, ATT errors: the version is checked before the length, "so a
    /// payload with an unknown version is always 0x80, whatever its length" — one byte too.</summary>
    [Theory]
    [InlineData("live", "01")]
    [InlineData("live", "03")]
    [InlineData("alert", "02")]
    [InlineData("config", "03")]
    [InlineData("config", "00")]
    [InlineData("control", "02")]
    [InlineData("history", "02")]
    public void A_single_byte_of_an_unknown_version_is_refused_as_that_version(string characteristic, string hex)
    {
        var b = Hex(hex);
        int code = characteristic switch
        {
            "live" => new LivePayload().TryDecode(b, 0, 1),
            "alert" => new AlertPayload().TryDecode(b, 0, 1),
            "config" => ConfigPayload.TryDecode(b, 0, 1, new MonitorSettings()),
            "control" => new ControlCommand().TryDecode(b, 0, 1),
            _ => new HistoryChunk().TryDecode(b, 0, 1),
        };
        Assert.Equal(AttError.UnsupportedVersion, code);
    }

    [Fact]
    public void Current_time_bytes_and_refusals()
    {
        int local = WallClock.DaysFromCivil(2026, 1, 5) * 86400 + 9 * 3600 + 30 * 60 + 15;
        Assert.Equal(820920615, local);
        var b = new byte[10];
        Assert.Equal(10, CurrentTime.Encode(b, 0, local, 0));
        Assert.Equal("ea 07 01 05 09 1e 0f 01 00 00", Hex(b, 10));
        Assert.Equal(0, CurrentTime.TryDecode(b, 0, 10, out int back));
        Assert.Equal(local, back);
        Assert.Equal(AttError.InvalidLength, CurrentTime.TryDecode(b, 0, 9, out _));
        Assert.Equal(AttError.InvalidLength, CurrentTime.TryDecode(Hex("ea 07 01 05 09 1e 0f 01 00 00 00"), 0, 11, out _));
        Assert.Equal(AttError.ValueNotAllowed, CurrentTime.TryDecode(Hex("ea 07 02 1e 09 1e 0f 01 00 00"), 0, 10, out _)); // 30 Feb
        Assert.Equal(AttError.ValueNotAllowed, CurrentTime.TryDecode(Hex("ea 07 01 05 18 1e 0f 01 00 00"), 0, 10, out _)); // 24 h
        Assert.Equal(AttError.ValueNotAllowed, CurrentTime.TryDecode(Hex("00 00 00 00 00 00 00 00 00 00"), 0, 10, out _)); // unknown
        Assert.Equal(0, CurrentTime.TryDecode(Hex("e8 07 02 1d 17 3b 3b 04 80 01"), 0, 10, out int leap)); // 2024-02-29 23:59:59
        Assert.Equal((new DateTime(2024, 2, 29, 23, 59, 59) - new DateTime(2000, 1, 1)).TotalSeconds, leap);
    }

    [Fact]
    public void Current_time_takes_the_last_day_of_every_month_and_refuses_the_day_after()
    {
        // A phone sets the time on any day of the year: 30 April, 31 May, 30 June, 29 February in
        // a leap year (2000 is one: divisible by 400) — and no 31 June or 29 February 2026.
        foreach (int year in new[] { 2000, 2024, 2026 })
        {
            for (int month = 1; month <= 12; month++)
            {
                int last = DateTime.DaysInMonth(year, month);
                Assert.Equal(last, CurrentTime.DaysInMonth(year, month));
                var b = new byte[] { (byte)(year & 0xFF), (byte)(year >> 8), (byte)month, (byte)last, 12, 0, 0, 0, 0, 0 };
                Assert.Equal(0, CurrentTime.TryDecode(b, 0, 10, out int seconds));
                Assert.Equal((new DateTime(year, month, last, 12, 0, 0) - new DateTime(2000, 1, 1)).TotalSeconds, seconds);
                b[3] = (byte)(last + 1);
                Assert.Equal(AttError.ValueNotAllowed, CurrentTime.TryDecode(b, 0, 10, out _));
            }
        }
    }

    [Fact]
    public void Current_time_takes_every_day_of_the_week_up_to_sunday_and_refuses_8()
    {
        // Byte 7, day of week: 0 unknown, 1 Monday … 7 Sunday (Bluetooth's Day of Week); a phone
        // setting the time on a Sunday sends 7.
        var b = new byte[] { 0xea, 0x07, 0x01, 0x04, 12, 0, 0, 0, 0, 0 };   // 2026-01-04, a Sunday
        for (int dow = 0; dow <= 7; dow++)
        {
            b[7] = (byte)dow;
            Assert.Equal(0, CurrentTime.TryDecode(b, 0, 10, out _));
        }
        b[7] = 8;
        Assert.Equal(AttError.ValueNotAllowed, CurrentTime.TryDecode(b, 0, 10, out _));
    }

    [Fact]
    public void Only_ten_zero_bytes_read_as_a_current_time_not_set()
    {
        // What the device reads before a phone set the time (calfmon ble decode current_time):
        // exactly 10 zero bytes; 9 or 11 are no Current Time at all.
        Assert.True(CurrentTime.IsUnknown(new byte[10], 0, 10));
        Assert.False(CurrentTime.IsUnknown(new byte[11], 0, 11));
        Assert.False(CurrentTime.IsUnknown(new byte[9], 0, 9));
    }

    [Fact]
    public void The_alert_payload_of_the_alert_after_lying_carries_the_alerts_lying_hid()
    {
        // Sitting 20 min, lying 60 (six alerts hidden), sitting again: the alert at 90 min (spell 30) tells
        // the phone, in bytes 8–9, that six were hidden in its spell.
        var d = new CalfMonitor.Tests.Alerts.PolicyDriver();
        d.Sit(20);
        d.Lie(60);
        d.Sit(15);
        Assert.Single(d.Alerts);
        var a = new AlertPayload();
        a.FromPolicy(d.Policy);
        var b = new byte[AlertPayload.Length];
        a.Encode(b, 0);
        Assert.Equal(6, b[8] | b[9] << 8);
        Assert.Equal(AlertReason.Threshold, b[1]);
    }

    [Fact]
    public void A_history_chunk_whose_header_counts_other_chunks_or_minutes_is_refused()
    {
        // Bytes 2 and 3 say how the day is cut (90 chunks of 16 minutes): a chunk cut otherwise —
        // fewer chunks or more, other minutes — is not this protocol's and is refused.
        var snap = new byte[DailyHistory.Minutes];
        var b = new byte[HistoryChunk.Length];
        HistoryChunk.Encode(b, 0, snap, 3);
        var c = new HistoryChunk();
        Assert.Equal(0, c.TryDecode(b, 0, b.Length));
        foreach (int chunks in new[] { 0, 89, 91, 255 })
        {
            b[2] = (byte)chunks;
            Assert.Equal(AttError.ValueNotAllowed, c.TryDecode(b, 0, b.Length));
        }
        b[2] = HistoryChunk.ChunkCount;
        b[3] = 15;
        Assert.Equal(AttError.ValueNotAllowed, c.TryDecode(b, 0, b.Length));
    }

    [Fact]
    public void History_chunk_bytes()
    {
        var h = new DailyHistory();
        for (int i = 0; i < 20; i++) h.AddMinute(i == 19 ? 300 : i);
        var snap = new byte[1440];
        h.CopyOldestFirst(snap, 0);
        var b = new byte[20];
        Assert.Equal(20, HistoryChunk.Encode(b, 0, snap, 89));
        Assert.Equal("01 59 5a 10 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 12 fe", Hex(b, 20));
        var c = new HistoryChunk();
        Assert.Equal(0, c.TryDecode(b, 0, 20));
        Assert.Equal(89, c.Index);
        Assert.Equal(254, c.Counts[15]);
        HistoryChunk.Encode(b, 0, snap, 0);
        Assert.Equal("01 00 5a 10 ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff", Hex(b, 20));
        Assert.Equal(AttError.ValueNotAllowed, c.TryDecode(Hex("01 5a 5a 10 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"), 0, 20));
        Assert.Equal(AttError.InvalidLength, c.TryDecode(b, 0, 19));
        Assert.Equal(89, c.Index);
    }

    [Fact]
    public void Device_information_and_battery()
    {
        var b = new byte[32];
        int n = DeviceInformation.EncodeString(DeviceInformation.Manufacturer, b, 0);
        Assert.Equal("CalfMonitor", System.Text.Encoding.ASCII.GetString(b, 0, n));
        Assert.Equal(0, DeviceInformation.BatteryPercent(3200));
        Assert.Equal(100, DeviceInformation.BatteryPercent(4250));
        Assert.Equal(55, DeviceInformation.BatteryPercent(3800));
        Assert.Equal(20, DeviceInformation.BatteryPercent(3650));
        Assert.Equal(1, DeviceInformation.EncodeBatteryLevel(120, b, 0));
        Assert.Equal(100, b[0]);
    }

    /// <summary>Counts go on the wire clamped to 0 (LittleEndian.Saturate, LivePayload.Encode): a
    /// negative value is never sent as a wrapped 65535, 255 or 2^32 − 1.</summary>
    [Fact]
    public void Negative_values_go_on_the_wire_as_0()
    {
        var b = new byte[20];
        new LivePayload { ActivationsLastMinute = -1, ActivationsToday = -1, SpellSeconds = -1, AlertsToday = -1, NextAlertS = 5, Mounting = 1, GuessedSite = -1 }.Encode(b, 0);
        Assert.Equal("02 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 05 00 01 00", Hex(b, 20));
        new AlertPayload { Reason = -1, SpellMinutes = -1, RepeatIndex = -1, BuzzPulses = -1, Suppressed = -1 }.Encode(b, 0);
        Assert.Equal("01 00 00 00 00 00 00 00 00 00", Hex(b, 10));
        Assert.Equal(1, DeviceInformation.EncodeBatteryLevel(-5, b, 0));
        Assert.Equal(0, b[0]);
    }

    /// <summary>Device Information strings are ASCII on the wire: any character from U+0080 on
    /// goes out as '?'.</summary>
    [Fact]
    public void Device_information_strings_send_non_ascii_as_a_question_mark()
    {
        var b = new byte[8];
        Assert.Equal(4, DeviceInformation.EncodeString("\u007f\u0080\u00fc~", b, 0));
        Assert.Equal(new byte[] { 0x7f, (byte)'?', (byte)'?', (byte)'~' }, b.Take(4).ToArray());
    }

    [Fact]
    public void Crc16_ccitt_false_check_value()
    {
        var b = System.Text.Encoding.ASCII.GetBytes("123456789");
        Assert.Equal(0x29B1, Crc16.Compute(b, 0, b.Length));
    }
}
