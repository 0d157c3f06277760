using CalfMonitor.Core;
using CalfMonitor.Core.Storage;
using Xunit;

namespace CalfMonitor.Tests.Storage;

/// <summary>
/// The boot log line (serial, "# settings: …", printed by the firmware's Program): where the
/// settings came from, or that the defaults are in force and which file could not be used, why.
/// The Live flag tells a phone that the settings were lost; this line tells whoever reads the
/// serial port which file and why.
/// </summary>
public class BootReportTests
{
    private static MonitorSettings Settings(int alertAfterMin) => PowerCutTests.Settings(alertAfterMin);

    private static string Report(EmulatedFlash flash)
    {
        var store = new SettingsStore(flash);
        return store.BootReport(store.Boot(new MonitorSettings()));
    }

    [Fact]
    public void Names_the_copy_in_force_and_its_generation()
    {
        var flash = new EmulatedFlash();
        Assert.Equal("settings: none stored, defaults", Report(flash));
        var store = new SettingsStore(flash);
        store.Save(Settings(40));
        store.Save(Settings(41));
        Assert.Equal("settings: calfmon.cf2, generation 2", Report(flash));
    }

    [Fact]
    public void Names_the_file_that_could_not_be_used_and_why()
    {
        var flash = new EmulatedFlash();
        var store = new SettingsStore(flash);
        store.Save(Settings(40));
        store.Save(Settings(41));
        flash.Files[SettingsStore.SlotA][5] ^= 1;
        Assert.Equal("settings: calfmon.cf2, generation 2; calfmon.cfg unusable: corrupt (bad magic or CRC, truncated, empty or unreadable)", Report(flash));

        var newer = new EmulatedFlash();                         // a newer firmware's image after a downgrade
        var image = new byte[ConfigImage.Length];
        ConfigImage.Save(Settings(41), 7, image, 0);
        image[2] = 3;
        int crc = Crc16.Compute(image, 0, ConfigImage.Length - 2);
        image[^2] = (byte)crc; image[^1] = (byte)(crc >> 8);
        newer.Files[SettingsStore.SlotB] = image;
        Assert.Equal("settings: defaults, the stored ones are unusable; calfmon.cf2 unusable: an image version newer than this firmware's", Report(newer));

        var unreadable = new EmulatedFlash();
        unreadable.Files[SettingsStore.SlotA] = new byte[3];
        unreadable.Unreadable.Add(SettingsStore.SlotA);
        Assert.StartsWith("settings: defaults, the stored ones are unusable; calfmon.cfg unusable: corrupt", Report(unreadable));
    }

    /// <summary>An image resealed with a fresh CRC after <paramref name="edit"/>: intact, but not loadable.</summary>
    private static byte[] Resealed(Action<byte[]> edit)
    {
        var image = new byte[ConfigImage.Length];
        ConfigImage.Save(Settings(41), 7, image, 0);
        edit(image);
        int crc = Crc16.Compute(image, 0, ConfigImage.Length - 2);
        image[^2] = (byte)crc; image[^1] = (byte)(crc >> 8);
        return image;
    }

    /// <summary>A settings image as older firmware wrote it (image version 1: 20 bytes of
    /// settings, its CRC after them).</summary>
    private static byte[] Version1Image(MonitorSettings settings)
    {
        var b = new byte[ConfigImage.Version1Length];
        b[0] = ConfigImage.Magic0; b[1] = ConfigImage.Magic1; b[2] = 1; b[3] = 20;
        CalfMonitor.Core.Ble.ConfigPayload.EncodeVersion1(settings, b, 4);
        int crc = Crc16.Compute(b, 0, 24);
        b[24] = (byte)crc; b[25] = (byte)(crc >> 8);
        return b;
    }

    [Fact]
    public void Names_why_an_intact_copy_could_not_be_used()
    {
        var old = new EmulatedFlash();
        old.Files[SettingsStore.SlotA] = Resealed(c => c[2] = 0);                // image version 0
        Assert.Equal("settings: defaults, the stored ones are unusable; calfmon.cfg unusable: an image version older than 1", Report(old));

        var invalid = new EmulatedFlash();
        invalid.Files[SettingsStore.SlotB] = Resealed(c => c[4 + 20] = 7);       // mounting 7
        Assert.Equal("settings: defaults, the stored ones are unusable; calfmon.cf2 unusable: a value out of range", Report(invalid));
    }

    [Fact]
    public void Names_older_firmwares_temporary_file_when_the_settings_came_from_it()
    {
        // The state older firmware left when reset between its delete and its rename: only
        // calfmon.tmp holds the wearer's settings.
        var flash = new EmulatedFlash();
        flash.Files[SettingsStore.LegacyTemp] = Version1Image(Settings(44));
        var store = new SettingsStore(flash);
        Assert.Equal(LoadStatus.Ok, store.Boot(new MonitorSettings()));
        Assert.Equal(SettingsStore.LegacyTemp, store.LoadedFrom);
        Assert.Equal("settings: calfmon.tmp (older firmware's image)", store.BootReport(LoadStatus.Ok));
        Assert.Null(new SettingsStore(new EmulatedFlash()).LoadedFrom);
    }

    [Fact]
    public void Says_when_the_settings_are_an_older_firmwares()
    {
        var flash = new EmulatedFlash();
        flash.Files[SettingsStore.SlotA] = Version1Image(Settings(43));
        Assert.Equal("settings: calfmon.cfg (older firmware's image)", Report(flash));
    }
}
