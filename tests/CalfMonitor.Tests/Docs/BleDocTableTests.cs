using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CalfMonitor.Core;
using CalfMonitor.Core.Ble;
using CalfMonitor.Core.Storage;
using CalfMonitor.Simulator.Ble;
using CalfMonitor.Simulator.Input;
using Xunit;

namespace CalfMonitor.Tests.Docs;

/// <summary>
/// The tables of docs/ble-protocol.md are what the core does: a phone developer builds a client
/// from them. Each Config row's offset, size, simulator JSON key, range and default; each Live and
/// Alert row's offset and size; the Live flag bits; the Control opcodes' lengths; and the sizes of
/// the History, Current Time and stored-image tables — read from the doc and checked against the
/// encoders and decoders (BleDocExampleTests checks the byte examples; this checks the tables the
/// examples do not cover, e.g. a range end or a default the defaults' hex does not spell out).
/// </summary>
public class BleDocTableTests
{
    private static string Doc => DocText.Raw("docs/ble-protocol.md");

    /// <summary>The cells of every row of the first table under the heading <paramref name="heading"/>
    /// (its header row and the separator row left out).</summary>
    private static List<string[]> Table(string heading)
    {
        var rows = MarkdownTable.FirstAfter(Doc, l => l == heading);
        Assert.True(rows.Count > 1, $"docs/ble-protocol.md has no table under '{heading}'");
        return rows.Skip(1).ToList();   // the header
    }

    private static int Number(string cell)
    {
        var m = Regex.Match(cell, @"^(0x[0-9A-Fa-f]+|\d[\d ]*)");
        Assert.True(m.Success, $"'{cell}' does not start with a number");
        string n = m.Value.Replace(" ", "");
        return n.StartsWith("0x") ? int.Parse(n[2..], NumberStyles.HexNumber) : int.Parse(n, CultureInfo.InvariantCulture);
    }

    private static int Read(byte[] b, int offset, int size) => size switch
    {
        1 => b[offset],
        2 => b[offset] | (b[offset + 1] << 8),
        4 => b[offset] | (b[offset + 1] << 8) | (b[offset + 2] << 16) | (b[offset + 3] << 24),
        _ => throw new ArgumentException($"size {size}"),
    };

    private static void Write(byte[] b, int offset, int size, int value)
    {
        for (int i = 0; i < size; i++) b[offset + i] = (byte)(value >> (8 * i));
    }

    /// <summary>Rows' offsets run on without a hole or an overlap and end at <paramref name="length"/>.</summary>
    private static void Contiguous(string what, IEnumerable<(int Offset, int Size)> rows, int length)
    {
        int next = 0;
        foreach (var (offset, size) in rows)
        {
            Assert.True(offset == next, $"{what}: the doc's row at offset {offset} should start at {next}");
            next = offset + size;
        }
        Assert.True(next == length, $"{what}: the doc's rows end at {next} bytes, the core's payload has {length}");
    }

    private static byte[] DefaultConfig()
    {
        var b = new byte[ConfigPayload.Length];
        ConfigPayload.Encode(new MonitorSettings { Mounting = MonitorSettings.MountingShank }, b, 0);
        return b;
    }

    private static int Decode(byte[] payload) => ConfigPayload.TryDecode(payload, 0, payload.Length, new MonitorSettings());

    private static byte[] SettingsFile(string key, int value) => Encoding.UTF8.GetBytes($"{{ \"{key}\": {value} }}");

    [Fact]
    public void Every_row_of_the_Config_table_is_the_field_the_device_encodes_with_its_default_and_range()
    {
        var rows = Table("## Config");
        Contiguous("Config", rows.Select(r => (Number(r[0]), Number(r[1]))), ConfigPayload.Length);
        byte[] defaults = DefaultConfig();
        int checkedKeys = 0;
        foreach (string[] r in rows)
        {
            int offset = Number(r[0]), size = Number(r[1]);
            string where = $"Config offset {offset} ({r[3]})";
            Assert.Equal(size == 1 ? "u8" : "u16", r[2]);
            Assert.True(Read(defaults, offset, size) == Number(r[6]), $"{where}: the doc's default {r[6]}, the device's {Read(defaults, offset, size)}");
            if (offset == 0)
            {
                Assert.Equal("1 or 2", r[5]);
                Assert.Equal(ConfigPayload.Version, Number(r[6]));
                continue;
            }
            var key = Regex.Match(r[3], "^`([a-z_]+)`");
            Assert.True(key.Success, $"{where}: no simulator JSON key in the field column");
            int min, max;
            if (key.Groups[1].Value == ConfigFile.MountingKey)
            {
                Assert.StartsWith("1 shank strap, 2 shoe clip", r[5]);
                (min, max) = (MonitorSettings.MountingShank, MonitorSettings.MountingFoot);
                Assert.Equal(MonitorSettings.MountingShank, ConfigFile.Parse("doc.json", Encoding.UTF8.GetBytes("{ \"mounting\": \"shank\" }")).Mounting);
                Assert.Equal(MonitorSettings.MountingFoot, ConfigFile.Parse("doc.json", Encoding.UTF8.GetBytes("{ \"mounting\": \"foot\" }")).Mounting);
            }
            else
            {
                var range = Regex.Match(r[5], @"^(\d+)–(\d+)$");
                Assert.True(range.Success, $"{where}: range '{r[5]}' is not MIN–MAX");
                (min, max) = (int.Parse(range.Groups[1].Value), int.Parse(range.Groups[2].Value));
                // The key is the one calfmon replay --config takes for the field at this offset, and
                // it refuses what the device refuses.
                foreach (int v in new[] { min, max })
                {
                    var b = new byte[ConfigPayload.Length];
                    ConfigPayload.Encode(ConfigFile.Parse("doc.json", SettingsFile(key.Groups[1].Value, v)), b, 0);
                    Assert.True(Read(b, offset, size) == v, $"{where}: {{\"{key.Groups[1].Value}\": {v}}} sets offset {offset} to {Read(b, offset, size)}");
                }
                foreach (int v in new[] { min - 1, max + 1 })
                {
                    if (v >= 0) Assert.Throws<InputException>(() => ConfigFile.Parse("doc.json", SettingsFile(key.Groups[1].Value, v)));
                }
                checkedKeys++;
            }
            // The device takes both ends of the documented range and refuses one beyond either.
            foreach (int v in new[] { min, max })
            {
                byte[] p = (byte[])defaults.Clone();
                Write(p, offset, size, v);
                Assert.True(Decode(p) == AttError.Ok, $"{where}: {v} is in the doc's range {r[5]}, the device answers 0x{Decode(p):X2}");
            }
            foreach (int v in new[] { min - 1, max + 1 })
            {
                if (v < 0 || v >= 1 << (8 * size)) continue;   // not writable in the field
                byte[] p = (byte[])defaults.Clone();
                Write(p, offset, size, v);
                Assert.True(Decode(p) == AttError.ValueNotAllowed, $"{where}: {v} is outside the doc's range {r[5]}, the device answers 0x{Decode(p):X2}");
            }
        }
        Assert.Equal(14, checkedKeys);
    }

    [Fact]
    public void The_Live_table_gives_each_field_the_offset_and_size_the_device_encodes_and_the_flag_bits_their_masks()
    {
        var rows = Table("## Live");
        Contiguous("Live", rows.Select(r => (Number(r[0]), Number(r[1]))), LivePayload.Length);
        var setters = new (string Field, Action<LivePayload, int> Set, int Value)[]
        {
            ("activations in the last 60 s", (p, v) => p.ActivationsLastMinute = v, 0xBEEF),
            ("activations today", (p, v) => p.ActivationsToday = v, 0x12345678),
            ("current spell", (p, v) => p.SpellSeconds = v, 0x23456789),
            ("alerts today", (p, v) => p.AlertsToday = v, 0xCAFE),
            ("last alert sequence", (p, v) => p.LastAlertSequence = v, 0xF00D),
            ("next alert in", (p, v) => p.NextAlertS = v, 0x1234),
            ("mounting site in force", (p, v) => p.Mounting = v, 2),
            ("flags", (p, v) => p.Flags = v, 0xA5),
        };
        var baseline = FieldsWhereTheDocPutsThem("Live", rows, setters, LivePayload.Length, (p, b) => p.Encode(b, 0));
        Assert.Equal("`0x02`", rows.Single(r => r[3] == "version")[4]);
        Assert.Equal(LivePayload.Version, baseline[Number(rows.Single(r => r[3] == "version")[0])]);
        var guess = rows.Single(r => r[3].StartsWith("site guessed from the data", StringComparison.Ordinal));
        var withBit = new LivePayload { Mounting = MonitorSettings.MountingShank, SensorNotAnswering = true };
        var bytes = new byte[LivePayload.Length];
        withBit.Encode(bytes, 0);
        Assert.Equal(LivePayload.SensorNotAnsweringBit, bytes[Number(guess[0])]);

        var flags = Table("Flags:");
        Assert.Equal(8, flags.Count);
        foreach (string[] f in flags)
        {
            int bit = Number(f[0]);
            Assert.Equal($"`0x{1 << bit:X2}`", f[1]);
            // "time known" → FlagTimeKnown, "settings not stored" → FlagSettingsNotStored, …
            string name = "Flag" + string.Concat(f[2].Split(' ').Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
            var constant = typeof(LivePayload).GetField(name);
            Assert.True(constant != null, $"Live flag '{f[2]}': no LivePayload.{name}");
            Assert.True((int)constant!.GetValue(null)! == 1 << bit, $"Live flag '{f[2]}': the doc says bit {bit}, LivePayload.{name} is 0x{(int)constant.GetValue(null)!:X2}");
        }
    }

    [Fact]
    public void The_Alert_table_gives_each_field_the_offset_and_size_the_device_encodes()
    {
        var rows = Table("## Alert");
        Contiguous("Alert", rows.Select(r => (Number(r[0]), Number(r[1]))), AlertPayload.Length);
        var setters = new (string Field, Action<AlertPayload, int> Set, int Value)[]
        {
            ("reason", (p, v) => p.Reason = v, 4),
            ("sequence", (p, v) => p.Sequence = v, 0xBEEF),
            ("spell", (p, v) => p.SpellMinutes = v, 0x1234),
            ("repeat index", (p, v) => p.RepeatIndex = v, 0xA5),
            ("buzz pulses", (p, v) => p.BuzzPulses = v, 0x5A),
            ("suppressed", (p, v) => p.Suppressed = v, 0xCAFE),
        };
        var baseline = FieldsWhereTheDocPutsThem("Alert", rows, setters, AlertPayload.Length, (p, b) => p.Encode(b, 0));
        Assert.Equal(AlertPayload.Version, baseline[0]);
    }

    /// <summary>Each field of the doc's table set alone to a value that fills its size: the bytes
    /// move exactly where the table puts them, and no other byte moves. Returns the encoding of a
    /// payload with every field at its default.</summary>
    private static byte[] FieldsWhereTheDocPutsThem<T>(string table, List<string[]> rows,
        (string Field, Action<T, int> Set, int Value)[] setters, int length, Action<T, byte[]> encode) where T : new()
    {
        var baseline = new byte[length];
        encode(new T(), baseline);
        foreach (var (field, set, value) in setters)
        {
            string[] row = rows.Single(r => r[3] == field);
            int offset = Number(row[0]), size = Number(row[1]);
            var p = new T();
            set(p, value);
            var b = new byte[length];
            encode(p, b);
            Assert.True(Read(b, offset, size) == value, $"{table} '{field}': the doc puts it at offset {offset}, size {size}");
            for (int i = 0; i < b.Length; i++)
            {
                if (i < offset || i >= offset + size) Assert.True(b[i] == baseline[i], $"{table} '{field}' also changed byte {i}");
            }
        }
        return baseline;
    }

    [Fact]
    public void The_Control_table_gives_each_opcode_the_length_the_device_takes()
    {
        var rows = Table("## Control");
        // One row for every opcode the device takes, none left out.
        Assert.Equal(Enumerable.Range(0, 256).Count(op => ControlCommand.LengthOf(op) > 0), rows.Count);
        foreach (string[] r in rows)
        {
            int op = Number(r[0].Trim('`')), length = Number(r[2]);
            Assert.True(ControlCommand.LengthOf(op) == length, $"Control {r[0]} ({r[1]}): the doc says {length} bytes, the device takes {ControlCommand.LengthOf(op)}");
            var example = Regex.Match(r[4], "^`([0-9a-f ]+)`");
            Assert.True(example.Success, $"Control {r[0]}: no example");
            byte[] bytes = Convert.FromHexString(example.Groups[1].Value.Replace(" ", ""));
            Assert.Equal(length, bytes.Length);
            var c = new ControlCommand();
            Assert.Equal(AttError.Ok, c.TryDecode(bytes, 0, bytes.Length));
            Assert.Equal(op, c.Opcode);
        }
    }

    [Fact]
    public void The_History_Current_Time_and_stored_image_tables_add_up_to_the_core_lengths()
    {
        Contiguous("History chunk", Table("## History").Select(r => (Number(r[0]), Number(r[1]))), HistoryChunk.Length);
        Contiguous("Current Time", Table("## Current Time (0x2A2B)").Select(r => (Number(r[0]), Number(r[1]))), CurrentTime.Length);
        Contiguous("stored image", Table("## Persisted configuration (device flash, not over the air)").Select(r => (Number(r[0]), Number(r[1]))), ConfigImage.Length);
    }
}
