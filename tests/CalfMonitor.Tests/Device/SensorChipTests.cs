using System.Linq;
using CalfMonitor.Core.Device;
using Xunit;

namespace CalfMonitor.Tests.Device;

/// <summary>GY-521 boards sold as MPU-6050s that carry another chip of the family
/// (<see cref="SensorChip"/>): configured, filtered and sampled like the genuine part.</summary>
public class SensorChipTests
{
    public static TheoryData<int, int, int> ChipsAndRates()
    {
        var data = new TheoryData<int, int, int>();
        foreach (int chip in new[] { 0x70, 0x71, 0x72, 0x73, 0x98 })
        {
            data.Add(chip, 50, 4);
            data.Add(chip, 100, 3);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ChipsAndRates))]
    public void A_chip_sold_as_an_MPU6050_gets_the_same_configuration_and_its_accelerometer_filtered_alike(int whoAmI, int rateHz, int dlpf)
    {
        var rig = new SamplerRig(rateHz, whoAmI: whoAmI);
        rig.Run(1000);
        Assert.Equal(SensorState.Ok, rig.Sampler.State);
        Assert.Equal(whoAmI, rig.Sampler.ChipIdentity);

        var expected = new (int Reg, int Value)[]
        {
            (0x6B, 0x80), (0x6B, 0x01), (0x19, 1000 / rateHz - 1), (0x1A, dlpf), (0x1B, 0x18), (0x1C, 0x10),
            (0x1D, dlpf),      // ACCEL_CONFIG2.A_DLPF_CFG: the accelerometer's own filter, as the gyro's
            (0x37, 0x00), (0x38, 0x10), (0x23, 0x78), (0x6A, 0x04), (0x6A, 0x40),
        };
        Assert.Equal(expected, rig.Emu.Writes.Select(w => (w.Reg, w.Value)).ToArray());
    }

    [Theory]
    [InlineData(0x70)]
    [InlineData(0x98)]
    public void Every_sample_arrives_once_at_the_configured_rate(int whoAmI)
    {
        var rig = new SamplerRig(whoAmI: whoAmI);
        rig.Run(60_000);
        var s = rig.Log.Samples;
        Assert.InRange(s.Count, 60 * 50 - 10, 60 * 50);
        for (int i = 1; i < s.Count; i++)
        {
            Assert.Equal(SamplerRig.NumberOf(s[i - 1].V) + 1, SamplerRig.NumberOf(s[i].V));
            Assert.Equal(20, s[i].TimeMs - s[i - 1].TimeMs);
        }
        Assert.Equal(0, rig.Sampler.Overflows);
        Assert.Equal(0, rig.Monitor.Gaps);
    }

    [Fact]
    public void A_late_poll_overflows_the_512_byte_fifo_into_a_gap_of_the_lost_span()
    {
        var rig = new SamplerRig(whoAmI: 0x70);
        rig.Run(10_000);
        int before = rig.Log.Samples.Count;
        rig.Step(1200);   // 60 frames at 50 Hz, 720 bytes: the MPU-6050 would keep them all
        Assert.True(rig.Emu.BytesDropped > 0);
        Assert.Equal(1, rig.Sampler.Overflows);
        rig.Run(10_000);

        var s = rig.Log.Samples;
        var jumps = Enumerable.Range(1, s.Count - 1).Where(i => s[i].TimeMs - s[i - 1].TimeMs != 20).ToList();
        Assert.Equal(new[] { before }, jumps);
        long lostTrue = SamplerRig.NumberOf(s[before].V) - SamplerRig.NumberOf(s[before - 1].V);
        Assert.InRange((s[before].TimeMs - s[before - 1].TimeMs) / 20, lostTrue - 1, lostTrue + 1);
        Assert.Equal(1, rig.Monitor.Gaps);
        for (int i = before + 1; i < s.Count; i++) Assert.Equal(SamplerRig.NumberOf(s[i - 1].V) + 1, SamplerRig.NumberOf(s[i].V));
    }

    [Fact]
    public void A_brown_out_of_an_MPU6500_is_found_although_it_wakes_with_the_run_value_in_PWR_MGMT_1()
    {
        var rig = new SamplerRig(numbered: false, whoAmI: 0x70);
        rig.Run(60_000);
        rig.Emu.BrownOut();
        Assert.Equal(Mpu6050Registers.PwrClockPllGyroX, rig.Emu.Register(Mpu6050Registers.PwrMgmt1));
        rig.Run(60_000);
        Assert.Equal(SensorState.Ok, rig.Sampler.State);
        Assert.Equal(1, rig.Sampler.Reinits);
        Assert.Equal(1, rig.Monitor.Gaps);
        // Found at the next poll by USER_CTRL's lost FIFO_EN, as quickly as an MPU-6050's (half a
        // second lost: detection and the reset's settle), not a second later when the empty FIFO
        // has stalled.
        Assert.InRange(rig.Log.Samples.Count, 120 * 50 - 30, 120 * 50);
    }

    [Theory]
    [InlineData(0x68, "MPU-6050 (WHO_AM_I 0x68)")]
    [InlineData(0x70, "MPU-6500 (WHO_AM_I 0x70), driven as an MPU-6050")]
    [InlineData(0x71, "MPU-9250 (WHO_AM_I 0x71), driven as an MPU-6050")]
    [InlineData(0x73, "MPU-9255 (WHO_AM_I 0x73), driven as an MPU-6050")]
    [InlineData(0x72, "MPU-6050 clone (WHO_AM_I 0x72), driven as an MPU-6050")]
    [InlineData(0x98, "MPU-6050 clone (WHO_AM_I 0x98), driven as an MPU-6050")]
    [InlineData(0x12, "unknown chip at 0x68 (WHO_AM_I 0x12): not configured, check the part (docs/flashing.md)")]
    [InlineData(0, "no sensor identified yet")]
    public void The_boot_line_names_the_chip_found(int whoAmI, string text)
    {
        Assert.Equal(text, SensorChip.Describe(whoAmI));
        Assert.Equal(whoAmI != 0x12 && whoAmI != 0, SensorChip.IsSupported(whoAmI));
    }
}
