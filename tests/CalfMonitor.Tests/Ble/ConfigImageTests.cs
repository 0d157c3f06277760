using CalfMonitor.Core;
using CalfMonitor.Core.Storage;
using FsCheck.Xunit;
using Xunit;

namespace CalfMonitor.Tests.Ble;

public class ConfigImageTests
{
    private static byte[] Image(MonitorSettings s)
    {
        var b = new byte[ConfigImage.Length];
        ConfigImage.Save(s, b, 0);
        return b;
    }

    [Fact]
    public void Image_bytes_are_pinned()
    {
        var b = Image(new MonitorSettings { Mounting = MonitorSettings.MountingShank });
        Assert.Equal(29, b.Length);
        Assert.Equal("43 46 02 15 " + PayloadTests.DefaultConfigHex + " 00 00 " + PayloadTests.Hex(Crc(b, 27), 2), PayloadTests.Hex(b, b.Length));
        ConfigImage.Save(new MonitorSettings { Mounting = MonitorSettings.MountingFoot }, 258, b, 0);
        Assert.Equal("02 01", PayloadTests.Hex(b.Skip(25).ToArray(), 2));   // generation, little-endian
        // The example of docs/ble-protocol.md: the defaults on the shank, first save (generation 1).
        ConfigImage.Save(new MonitorSettings { Mounting = MonitorSettings.MountingShank }, 1, b, 0);
        Assert.Equal("43 46 02 15 02 07 06 0a 3c 00 1e 0a 0f 03 b0 04 e0 01 78 00 3c 3c 2c 01 01 01 00 7b cc", PayloadTests.Hex(b, b.Length));
    }

    private static byte[] Crc(byte[] b, int n)
    {
        int crc = Crc16.Compute(b, 0, n);
        return new[] { (byte)crc, (byte)(crc >> 8) };
    }

    /// <summary>An image written by the previous firmware (version 1, 26 bytes, pinned bytes).</summary>
    public const string Version1ImageHex = "43 46 01 14 01 07 06 0a 3c 00 2d 0a 0f 03 b0 04 e0 01 78 00 3c 3c 2c 01";

    [Fact]
    public void A_version_1_image_still_loads_with_the_mounting_left_to_the_sensor()
    {
        var b = PayloadTests.Hex(Version1ImageHex).Concat(new byte[2]).ToArray();
        Crc(b, 24).CopyTo(b, 24);
        Assert.Equal("57 e8", PayloadTests.Hex(Crc(PayloadTests.Hex("43 46 01 14 " + PayloadTests.DefaultConfigV1Hex), 24), 2)); // the v1 defaults' pinned CRC
        var target = new MonitorSettings { Mounting = MonitorSettings.MountingFoot };
        Assert.Equal(LoadStatus.Ok, ConfigImage.Load(b, 0, b.Length, target));
        Assert.Equal((45, MonitorSettings.MountingFromSensor), (target.AlertAfterMin, target.Mounting));
    }

    [Fact]
    public void A_good_image_loads_its_values()
    {
        var custom = new MonitorSettings { AlertAfterMin = 45, SnoozeMin = 20, QuietStartMin = 0, QuietEndMin = 0, Mounting = MonitorSettings.MountingFoot };
        var target = new MonitorSettings();
        Assert.Equal(LoadStatus.Ok, ConfigImage.Load(Image(custom), 0, ConfigImage.Length, target));
        Assert.True(custom.SameAs(target));
    }

    public static IEnumerable<object[]> BadImages()
    {
        var good = Image(new MonitorSettings { AlertAfterMin = 45, Mounting = MonitorSettings.MountingFoot });
        byte[] With(Action<byte[]> edit) { var c = (byte[])good.Clone(); edit(c); return c; }
        byte[] Resealed(Action<byte[]> edit)
        {
            var c = (byte[])good.Clone();
            edit(c);
            int crc = Crc16.Compute(c, 0, c.Length - 2);
            c[^2] = (byte)crc; c[^1] = (byte)(crc >> 8);
            return c;
        }
        yield return new object[] { "flipped payload bit", With(c => c[10] ^= 0x04), LoadStatus.Corrupt };
        yield return new object[] { "flipped crc bit", With(c => c[^1] ^= 0x80), LoadStatus.Corrupt };
        yield return new object[] { "bad magic", With(c => c[0] = 0x00), LoadStatus.Corrupt };
        yield return new object[] { "truncated", good.Take(20).ToArray(), LoadStatus.Corrupt };
        yield return new object[] { "header only", good.Take(3).ToArray(), LoadStatus.Corrupt };
        yield return new object[] { "all zero", new byte[ConfigImage.Length], LoadStatus.Corrupt };
        yield return new object[] { "old version 0", Resealed(c => c[2] = 0), LoadStatus.OldVersion };
        yield return new object[] { "newer version 3", Resealed(c => c[2] = 3), LoadStatus.UnknownVersion };
        yield return new object[] { "v1 header on a v2 payload", Resealed(c => c[2] = 1), LoadStatus.Corrupt };
        yield return new object[] { "mounting 0 in a v2 image", Resealed(c => c[4 + 20] = 0), LoadStatus.Invalid };
        yield return new object[] { "out of range value", Resealed(c => c[4 + 6] = 0), LoadStatus.Invalid };
        yield return new object[] { "payload version 9", Resealed(c => c[4] = 9), LoadStatus.Invalid };
        yield return new object[] { "erased flash", Enumerable.Repeat((byte)0xFF, 64).ToArray(), LoadStatus.Blank };
        yield return new object[] { "empty", Array.Empty<byte>(), LoadStatus.Blank };
    }

    [Theory]
    [MemberData(nameof(BadImages))]
    public void A_bad_image_loads_defaults_and_raises_the_flag_unless_blank(string what, byte[] image, int status)
    {
        var target = new MonitorSettings { AlertAfterMin = 99 };
        Assert.Equal(status, ConfigImage.Load(image, 0, image.Length, target));
        Assert.True(new MonitorSettings().SameAs(target), what);
        Assert.Equal(status != LoadStatus.Blank, LoadStatus.RaisesFlag(status));
    }

    [Fact]
    public void Null_or_out_of_bounds_buffers_never_throw()
    {
        var t = new MonitorSettings();
        Assert.Equal(LoadStatus.Blank, ConfigImage.Load(null!, 0, 26, t));
        Assert.Equal(LoadStatus.Blank, ConfigImage.Load(new byte[10], 5, 26, t));
    }

    [Fact]
    public void An_image_inside_a_larger_buffer_loads_from_its_offset()
    {
        // Load takes the image where it lies in the buffer, not only at its start; an offset
        // before the buffer is nothing stored, never a crash.
        var custom = new MonitorSettings { AlertAfterMin = 45, Mounting = MonitorSettings.MountingFoot };
        var b = Enumerable.Repeat((byte)0xA5, ConfigImage.Length + 11).ToArray();
        ConfigImage.Save(custom, 9, b, 7);
        var target = new MonitorSettings();
        Assert.Equal(LoadStatus.Ok, ConfigImage.Load(b, 7, ConfigImage.Length, target, out int generation));
        Assert.True(custom.SameAs(target));
        Assert.Equal(9, generation);
        Assert.Equal(LoadStatus.Blank, ConfigImage.Load(b, -1, ConfigImage.Length, target));
        Assert.True(new MonitorSettings().SameAs(target));
    }

    /// <summary>Any single corrupted byte (any value) and any truncation: never a crash; either the
    /// image is unchanged or it loads the defaults with the flag.</summary>
    [Property(MaxTest = 300)]
    public bool Corruption_never_crashes_and_never_loads_a_wrong_config(byte position, byte value, byte cut)
    {
        var custom = new MonitorSettings { AlertAfterMin = 45, RepeatEveryMin = 5, Mounting = MonitorSettings.MountingFoot };
        var image = Image(custom);
        int pos = position % image.Length;
        bool changed = image[pos] != value;
        image[pos] = value;
        int length = cut % 4 == 0 ? cut % image.Length : image.Length;
        var target = new MonitorSettings();
        int status = ConfigImage.Load(image, 0, length, target);
        if (!changed && length == image.Length) return status == LoadStatus.Ok && custom.SameAs(target);
        return status != LoadStatus.Ok && new MonitorSettings().SameAs(target);
    }
}
