using System.Globalization;
using System.Text.RegularExpressions;
using CalfMonitor.Core.Device;
using CalfMonitor.Core.Sensing;
using CalfMonitor.Tests.Device;
using Xunit;

namespace CalfMonitor.Tests.Docs;

/// <summary>
/// docs/firmware.md's configuration-sequence table is what the sampler writes to the chip: read
/// from the doc (register addresses, the values at 50 Hz and "(N at 100 Hz)", step 7a on a chip
/// other than 0x68, the WHO_AM_I values accepted) and compared with the writes an emulated
/// MPU-6050 (and MPU-6500) receives. Whoever wires or debugs a board reads that table;
/// <c>Configuration_sequence_writes_the_documented_register_values</c> pins the same sequence, but
/// from values of its own, so a doc that drifted from both would not fail it.
/// </summary>
public class FirmwareDocTableTests
{
    private static List<string[]> SequenceTable()
    {
        string doc = DocText.Raw("docs/firmware.md");
        var rows = MarkdownTable.FirstAfter(doc, l => l.Contains("**Configuration sequence**", StringComparison.Ordinal));
        Assert.True(rows.Count > 1, "docs/firmware.md has no '**Configuration sequence**' table");
        Assert.Equal(new[] { "step", "register", "value", "why" }, rows[0]);
        return rows.Skip(1).ToList();
    }

    private static int Hex(string s) => int.Parse(s[2..], NumberStyles.HexNumber);

    /// <summary>The register writes the doc's table lists for <paramref name="rateHz"/> (50 or 100)
    /// and a chip of <paramref name="whoAmI"/>, in order.</summary>
    private static List<(int Reg, int Value)> DocumentedWrites(int rateHz, int whoAmI)
    {
        var writes = new List<(int, int)>();
        foreach (string[] r in SequenceTable())
        {
            if (r[1].Contains("(read)") || r[1].StartsWith("read back", StringComparison.Ordinal)) continue;
            if (r[0] == "7a" && whoAmI == SensorChip.Mpu6050) continue;   // "only on a chip other than 0x68"
            var reg = Regex.Match(r[1], @"0x[0-9A-Fa-f]{2}\b");
            Assert.True(reg.Success, $"step {r[0]}: no register address in '{r[1]}'");
            var values = Regex.Match(r[2], @"^(?<v>0x[0-9A-Fa-f]+|\d+)(?: \((?<alt>\d+) at 100 Hz\))?(?:, then (?<then>0x[0-9A-Fa-f]+))?$");
            Assert.True(values.Success, $"step {r[0]}: value '{r[2]}' is not one the test can read");
            string v = rateHz == 100 && values.Groups["alt"].Success ? values.Groups["alt"].Value : values.Groups["v"].Value;
            writes.Add((Hex(reg.Value), v.StartsWith("0x") ? Hex(v) : int.Parse(v, CultureInfo.InvariantCulture)));
            if (values.Groups["then"].Success) writes.Add((Hex(reg.Value), Hex(values.Groups["then"].Value)));
        }
        return writes;
    }

    [Theory]
    [InlineData(50, 0x68)]
    [InlineData(100, 0x68)]
    [InlineData(50, 0x70)]
    [InlineData(100, 0x70)]
    public void The_configuration_sequence_table_is_what_the_sampler_writes(int rateHz, int whoAmI)
    {
        var rig = new SamplerRig(rateHz, whoAmI: whoAmI);
        rig.Run(1000);
        Assert.Equal(SensorState.Ok, rig.Sampler.State);
        Assert.Equal(DocumentedWrites(rateHz, whoAmI), rig.Emu.Writes.Select(w => (w.Reg, w.Value)).ToList());
    }

    [Fact]
    public void The_who_am_i_values_the_table_accepts_are_the_ones_the_sampler_drives()
    {
        string[] step2 = SequenceTable().Single(r => r[0] == "2");
        Assert.StartsWith("WHO_AM_I 0x75", step2[1]);
        var accepted = new HashSet<int> { Hex(step2[2]) };
        foreach (Match m in Regex.Matches(step2[3].Split(" are accepted")[0], @"0x[0-9A-Fa-f]{2}")) accepted.Add(Hex(m.Value));
        for (int id = 0; id < 256; id++)
        {
            Assert.True(SensorChip.IsSupported(id) == accepted.Contains(id), $"WHO_AM_I 0x{id:X2}: the doc's table says {(accepted.Contains(id) ? "accepted" : "refused")}");
        }
    }
}
