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
        var b = Image(new MonitorSettings());
        Assert.Equal("43 46 01 14 " + PayloadTests.DefaultConfigHex + " 57 e8", PayloadTests.Hex(b, b.Length));
    }

    [Fact]
    public void A_good_image_loads_its_values()
    {
        var custom = new MonitorSettings { AlertAfterMin = 45, SnoozeMin = 20, QuietStartMin = 0, QuietEndMin = 0 };
        var target = new MonitorSettings();
        Assert.Equal(LoadStatus.Ok, ConfigImage.Load(Image(custom), 0, ConfigImage.Length, target));
        Assert.True(custom.SameAs(target));
    }

    public static IEnumerable<object[]> BadImages()
    {
        var good = Image(new MonitorSettings { AlertAfterMin = 45 });
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
        yield return new object[] { "newer version 2", Resealed(c => c[2] = 2), LoadStatus.UnknownVersion };
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

    /// <summary>Any single corrupted byte (any value) and any truncation: never a crash; either the
    /// image is unchanged or it loads the defaults with the flag.</summary>
    [Property(MaxTest = 300)]
    public bool Corruption_never_crashes_and_never_loads_a_wrong_config(byte position, byte value, byte cut)
    {
        var custom = new MonitorSettings { AlertAfterMin = 45, RepeatEveryMin = 5 };
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
