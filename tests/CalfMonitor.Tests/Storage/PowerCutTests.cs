using CalfMonitor.Core;
using CalfMonitor.Core.Storage;
using Xunit;

namespace CalfMonitor.Tests.Storage;

/// <summary>
/// Issue 11 item 3: a reset at any moment of a save never loses the settings. For several starting
/// states of the flash (blank, one copy, two copies, the files older firmware left — including the
/// bug's "only the temporary file" state), a series of saves is cut at every operation, and at
/// every cut after a write in every torn state; then the device boots: it always comes up with the
/// old or the new settings, never defaults, and raises "config defaulted" only when every stored
/// copy is unusable. After the reboot the next save and boot work.
/// </summary>
public class PowerCutTests
{
    /// <summary>Settings told apart by their alert threshold (the storage tests' marker).</summary>
    internal static MonitorSettings Settings(int alertAfterMin, int mounting = MonitorSettings.MountingFoot) =>
        new() { AlertAfterMin = alertAfterMin, Mounting = mounting };

    private static byte[] Version1Image(int alertAfterMin)
    {
        var b = new byte[ConfigImage.Version1Length];
        b[0] = ConfigImage.Magic0; b[1] = ConfigImage.Magic1; b[2] = 1; b[3] = 20;
        CalfMonitor.Core.Ble.ConfigPayload.EncodeVersion1(Settings(alertAfterMin), b, 4);
        int crc = Crc16.Compute(b, 0, 24);
        b[24] = (byte)crc; b[25] = (byte)(crc >> 8);
        return b;
    }

    private static (int Status, MonitorSettings Settings) Boot(EmulatedFlash flash)
    {
        var s = new MonitorSettings { AlertAfterMin = 99 };
        return (new SettingsStore(flash).Boot(s), s);
    }

    /// <summary>Starting states: (name, flash, settings a boot finds there or null for none).</summary>
    public static IEnumerable<object[]> Starts()
    {
        yield return new object[] { "blank" };
        yield return new object[] { "one copy" };
        yield return new object[] { "two copies" };
        yield return new object[] { "generation about to wrap" };
        yield return new object[] { "old firmware: calfmon.cfg v1" };
        yield return new object[] { "old firmware: only calfmon.tmp (reset between delete and rename)" };
        yield return new object[] { "old firmware: calfmon.cfg and a newer calfmon.tmp" };
        yield return new object[] { "one copy torn, other valid" };
    }

    private static (EmulatedFlash Flash, int? AlertAfterMin) Start(string name)
    {
        var f = new EmulatedFlash();
        var store = new SettingsStore(f);
        switch (name)
        {
            case "blank":
                return (f, null);
            case "one copy":
                store.Save(Settings(40));
                return (f, 40);
            case "two copies":
                store.Save(Settings(40));
                store.Save(Settings(41));
                return (f, 41);
            case "generation about to wrap":
            {
                var b = new byte[ConfigImage.Length];
                ConfigImage.Save(Settings(42), 65535, b, 0);
                f.Files[SettingsStore.SlotB] = b;
                b = new byte[ConfigImage.Length];
                ConfigImage.Save(Settings(41), 65534, b, 0);
                f.Files[SettingsStore.SlotA] = b;
                return (f, 42);
            }
            case "old firmware: calfmon.cfg v1":
                f.Files[SettingsStore.SlotA] = Version1Image(43);
                return (f, 43);
            case "old firmware: only calfmon.tmp (reset between delete and rename)":
                f.Files[SettingsStore.LegacyTemp] = Version1Image(44);
                return (f, 44);
            case "old firmware: calfmon.cfg and a newer calfmon.tmp":
                f.Files[SettingsStore.SlotA] = Version1Image(43);
                f.Files[SettingsStore.LegacyTemp] = Version1Image(45);
                return (f, 45);
            case "one copy torn, other valid":
                store.Save(Settings(40));
                store.Save(Settings(46));
                f.Files[SettingsStore.SlotA] = f.Files[SettingsStore.SlotA].Take(10).ToArray();
                return (f, 46);
        }
        throw new ArgumentException(name);
    }

    [Theory]
    [MemberData(nameof(Starts))]
    public void The_start_states_boot_as_expected(string start)
    {
        var (flash, expected) = Start(start);
        var (status, s) = Boot(flash);
        if (expected == null)
        {
            Assert.Equal(LoadStatus.Blank, status);
            Assert.True(new MonitorSettings().SameAs(s));
        }
        else
        {
            Assert.Equal(LoadStatus.Ok, status);
            Assert.Equal(expected, s.AlertAfterMin);
        }
    }

    [Theory]
    [MemberData(nameof(Starts))]
    public void A_cut_at_any_step_of_three_saves_boots_with_the_old_or_the_new_settings(string start)
    {
        int cases = 0;
        int[] saves = { 50, 51, 52 };
        var (flash, before) = Start(start);
        for (int i = 0; i < saves.Length; i++)
        {
            // Boot (as the device does), then save; cut the save at each operation in turn.
            var probe = flash.Clone();
            var store = new SettingsStore(probe);
            store.Boot(new MonitorSettings());
            int bootOps = probe.Log.Count;
            Assert.True(store.Save(Settings(saves[i])));
            int saveOps = probe.Log.Count - bootOps;
            Assert.InRange(saveOps, 2, 4);   // write, flush (, exists, delete)

            for (int cut = 0; cut <= saveOps; cut++)
            {
                var torn = EmulatedFlash.TornStates(ConfigImage.Length).ToList();
                for (int t = 0; t < torn.Count; t++)
                {
                    var f = flash.Clone();
                    var s = new SettingsStore(f);
                    s.Boot(new MonitorSettings());
                    f.CutAt = f.Log.Count + cut;
                    string where = cut < saveOps ? "before " + probe.Log[bootOps + cut] : "after the save";
                    try
                    {
                        s.Save(Settings(saves[i]));
                    }
                    catch (PowerCut)
                    {
                    }
                    bool pending = f.HasPending;
                    f.Tear(torn[t].State);
                    f.CutAt = -1;
                    var (status, loaded) = Boot(f);
                    string what = $"{start}, save {i + 1}, cut {where}, write left {(pending ? torn[t].What : "-")}";
                    if (status == LoadStatus.Ok)
                    {
                        Assert.True(loaded.AlertAfterMin == saves[i] || loaded.AlertAfterMin == before, what + $": loaded {loaded.AlertAfterMin}");
                    }
                    else
                    {
                        // Defaults only when they are the old settings (nothing was stored yet).
                        Assert.True(before == null, what + $": status {status}");
                        Assert.True(new MonitorSettings().SameAs(loaded), what);
                    }
                    // The flag exactly when every stored file is unusable (here only ever the
                    // first save of a blank flash, cut mid-write; a file left empty counts).
                    bool anyUsable = f.Files.Values.Any(v => ConfigImage.Load(v, 0, v.Length, new MonitorSettings()) == LoadStatus.Ok);
                    bool anyStored = f.Files.Count > 0;
                    Assert.Equal(anyStored && !anyUsable, LoadStatus.RaisesFlag(status));
                    if (before != null) Assert.False(LoadStatus.RaisesFlag(status), what);

                    // The device goes on: the next save after this boot, then a boot, finds it.
                    var again = new SettingsStore(f);
                    again.Boot(new MonitorSettings());
                    Assert.True(again.Save(Settings(60)), what);
                    var (status2, loaded2) = Boot(f);
                    Assert.Equal(LoadStatus.Ok, status2);
                    Assert.Equal(60, loaded2.AlertAfterMin);
                    cases++;
                    if (!pending) break;   // nothing torn: one state is enough
                }
            }
            // The uncut save is the next start.
            var next = new SettingsStore(flash);
            next.Boot(new MonitorSettings());
            Assert.True(next.Save(Settings(saves[i])));
            before = saves[i];
            Assert.Equal(saves[i], Boot(flash).Settings.AlertAfterMin);
        }
        Assert.True(cases > 100, $"{cases} cases");
        Assert.False(flash.Files.ContainsKey(SettingsStore.LegacyTemp));   // the first save removed the old temp file
    }

    [Fact]
    public void Config_defaulted_only_when_every_stored_copy_is_unusable()
    {
        var f = new EmulatedFlash();
        var store = new SettingsStore(f);
        store.Save(Settings(40));
        store.Save(Settings(41));
        f.Files[SettingsStore.SlotA][5] ^= 1;                              // one corrupt: the other loads, no flag
        var (status, s) = Boot(f);
        Assert.Equal((LoadStatus.Ok, 41), (status, s.AlertAfterMin));
        f.Files[SettingsStore.SlotB] = f.Files[SettingsStore.SlotB].Take(7).ToArray();   // both unusable: flag
        (status, s) = Boot(f);
        Assert.True(LoadStatus.RaisesFlag(status));
        Assert.True(new MonitorSettings().SameAs(s));
        f.Files.Remove(SettingsStore.SlotB);                                // one corrupt, one never written: flag
        Assert.True(LoadStatus.RaisesFlag(Boot(f).Status));
        Assert.Equal(LoadStatus.Blank, Boot(new EmulatedFlash()).Status);  // nothing stored: no flag
    }

    [Fact]
    public void A_copy_the_file_system_cannot_read_raises_the_flag_unless_the_other_loads()
    {
        var f = new EmulatedFlash();
        var store = new SettingsStore(f);
        store.Save(Settings(40));                                          // in the first copy only
        f.Unreadable.Add(SettingsStore.SlotA);
        var (status, s) = Boot(f);
        Assert.Equal(LoadStatus.Corrupt, status);                          // not Blank: the wearer's settings may be there
        Assert.True(LoadStatus.RaisesFlag(status));
        Assert.True(new MonitorSettings().SameAs(s));

        var g = new EmulatedFlash();
        store = new SettingsStore(g);
        store.Save(Settings(40));
        store.Save(Settings(41));                                          // the newer, in the second copy
        g.Unreadable.Add(SettingsStore.SlotB);
        (status, s) = Boot(g);
        Assert.Equal((LoadStatus.Ok, 40), (status, s.AlertAfterMin));      // the other copy loads: no flag
    }

    [Fact]
    public void Saves_alternate_between_the_copies_with_growing_generations_and_wrap()
    {
        var f = new EmulatedFlash();
        var store = new SettingsStore(f);
        Assert.Equal(LoadStatus.Blank, store.Boot(new MonitorSettings()));
        store.Save(Settings(40));
        Assert.Equal((SettingsStore.SlotA, 1), (store.LoadedFrom, store.Generation));
        store.Save(Settings(41));
        Assert.Equal((SettingsStore.SlotB, 2), (store.LoadedFrom, store.Generation));
        var b = new byte[ConfigImage.Length];
        ConfigImage.Save(Settings(42), 65535, b, 0);
        f.Files[SettingsStore.SlotA] = b;
        b = new byte[ConfigImage.Length];
        ConfigImage.Save(Settings(41), 65534, b, 0);
        f.Files[SettingsStore.SlotB] = b;
        Assert.Equal(LoadStatus.Ok, store.Boot(new MonitorSettings()));
        Assert.Equal((SettingsStore.SlotA, 65535), (store.LoadedFrom, store.Generation));
        store.Save(Settings(43));
        Assert.Equal((SettingsStore.SlotB, 0), (store.LoadedFrom, store.Generation));
        var (status, s) = Boot(f);
        Assert.Equal((LoadStatus.Ok, 43), (status, s.AlertAfterMin));   // 0 is newer than 65535
    }
}
