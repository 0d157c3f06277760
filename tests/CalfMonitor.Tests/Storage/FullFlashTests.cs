using CalfMonitor.Core;
using CalfMonitor.Core.Storage;
using Xunit;

namespace CalfMonitor.Tests.Storage;

/// <summary>
/// A full or failing file system: every save is refused, and the copy being written is left in any
/// state (the glue's close on the failure path commits what LittleFS took). The settings of the last
/// completed save still load, with no flag, however many saves were refused; the first save the
/// flash accepts again is the one a boot loads.
/// </summary>
public class FullFlashTests
{
    private static MonitorSettings Settings(int alertAfterMin) => PowerCutTests.Settings(alertAfterMin);

    [Fact]
    public void Refused_saves_keep_the_last_completed_one_and_the_next_accepted_save_wins()
    {
        foreach (int stored in new[] { 0, 1, 2 })
        {
            foreach (var (what, state) in EmulatedFlash.TornStates(ConfigImage.Length))
            {
                var flash = new EmulatedFlash();
                var store = new SettingsStore(flash);
                for (int i = 0; i < stored; i++) Assert.True(store.Save(Settings(40 + i)));
                int? expected = stored == 0 ? null : 40 + stored - 1;

                flash.Refuse = state;
                for (int i = 0; i < 3; i++) Assert.False(store.Save(Settings(50 + i)), what);   // retried, refused
                var boot = new SettingsStore(flash);
                var loaded = new MonitorSettings();
                int status = boot.Boot(loaded);
                // A refused save may still have committed its copy whole ("all new"): then its
                // settings (those in force) load. Never anything older than the last completed save.
                if (status == LoadStatus.Ok)
                {
                    Assert.True(loaded.AlertAfterMin == expected || loaded.AlertAfterMin >= 50, $"{what}: {loaded.AlertAfterMin}");
                    Assert.True(expected != null || loaded.AlertAfterMin >= 50, what);
                }
                else
                {
                    Assert.Null(expected);
                    Assert.True(new MonitorSettings().SameAs(loaded), what);
                    // the flag when the refused first save left a file behind (the wearer's save was lost)
                    Assert.Equal(flash.Files.Count > 0, LoadStatus.RaisesFlag(status));
                }

                flash.Refuse = null;                                   // space again: the retry succeeds
                Assert.True(store.Save(Settings(60)), what);
                var last = new MonitorSettings();
                Assert.Equal(LoadStatus.Ok, new SettingsStore(flash).Boot(last));
                Assert.Equal(60, last.AlertAfterMin);
            }
        }
    }

    [Fact]
    public void A_commit_refused_after_the_write_is_no_save_and_the_retry_goes_to_the_same_copy_not_over_the_good_one()
    {
        foreach (var (what, state) in EmulatedFlash.TornStates(ConfigImage.Length))
        {
            var flash = new EmulatedFlash();
            var store = new SettingsStore(flash);
            Assert.True(store.Save(Settings(40)));            // calfmon.cfg, generation 1
            Assert.True(store.Save(Settings(41)));            // calfmon.cf2, generation 2: the good copy
            flash.RefuseCommit = state;
            Assert.False(store.Save(Settings(50)), what);     // calfmon.cfg taken, its commit refused
            flash.RefuseCommit = null;
            flash.Log.Clear();
            Assert.True(store.Save(Settings(51)), what);
            Assert.Contains("write " + SettingsStore.SlotA, flash.Log);
            Assert.DoesNotContain("write " + SettingsStore.SlotB, flash.Log);
            var loaded = new MonitorSettings();
            Assert.Equal(LoadStatus.Ok, new SettingsStore(flash).Boot(loaded));
            Assert.Equal(51, loaded.AlertAfterMin);
        }
    }
}
