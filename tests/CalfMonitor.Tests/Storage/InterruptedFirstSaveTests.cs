using CalfMonitor.Core;
using CalfMonitor.Core.Storage;
using Xunit;

namespace CalfMonitor.Tests.Storage;

/// <summary>
/// A save cut before its commit can leave its file existing but empty: LittleFS (the ESP32's "I:"
/// in nanoFramework) commits a new file's creation when it is opened and its bytes only when it is
/// closed (checked with littlefs 2.11 on a RAM block device: a cut between open and close leaves a
/// 0-byte calfmon.cfg). On the very first save nothing else is stored, so the wearer's settings are
/// lost: the boot must say so (Live "settings not stored"), not treat the file as a new device.
/// </summary>
public class InterruptedFirstSaveTests
{
    private static (int Status, MonitorSettings Settings) Boot(EmulatedFlash flash)
    {
        var s = new MonitorSettings { AlertAfterMin = 99 };
        return (new SettingsStore(flash).Boot(s), s);
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("erased")]
    public void The_first_save_cut_before_its_commit_raises_the_flag_and_the_next_save_clears_it(string left)
    {
        var flash = new EmulatedFlash();
        var store = new SettingsStore(flash);
        Assert.Equal(LoadStatus.Blank, store.Boot(new MonitorSettings()));
        flash.CutAt = flash.Log.Count + 1;                                  // the write happens, its flush does not
        Assert.Throws<PowerCut>(() => store.Save(new MonitorSettings { AlertAfterMin = 45, Mounting = MonitorSettings.MountingFoot }));
        flash.Tear((_, image) => left == "empty" ? Array.Empty<byte>() : Enumerable.Repeat((byte)0xFF, image.Length).ToArray());
        flash.CutAt = -1;
        Assert.True(flash.Exists(SettingsStore.SlotA));

        var (status, settings) = Boot(flash);
        Assert.True(LoadStatus.RaisesFlag(status), $"status {status}");     // the wearer's save was lost: say so
        Assert.True(new MonitorSettings().SameAs(settings));

        var again = new SettingsStore(flash);
        again.Boot(new MonitorSettings());
        Assert.True(again.Save(new MonitorSettings { AlertAfterMin = 45, Mounting = MonitorSettings.MountingFoot }));
        (status, settings) = Boot(flash);
        Assert.Equal((LoadStatus.Ok, 45), (status, settings.AlertAfterMin));
    }

    [Fact]
    public void An_empty_copy_beside_a_good_one_is_ignored_and_no_file_at_all_is_a_new_device()
    {
        var flash = new EmulatedFlash();
        new SettingsStore(flash).Save(new MonitorSettings { AlertAfterMin = 40, Mounting = MonitorSettings.MountingFoot });
        flash.Files[SettingsStore.SlotB] = Array.Empty<byte>();
        Assert.Equal((LoadStatus.Ok, 40), (Boot(flash).Status, Boot(flash).Settings.AlertAfterMin));

        Assert.Equal(LoadStatus.Blank, Boot(new EmulatedFlash()).Status);   // nothing stored: no flag

        var legacy = new EmulatedFlash();                                    // older firmware's temporary file, empty
        legacy.Files[SettingsStore.LegacyTemp] = Array.Empty<byte>();
        Assert.True(LoadStatus.RaisesFlag(Boot(legacy).Status));
    }
}
