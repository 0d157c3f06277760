using CalfMonitor.Core;
using CalfMonitor.Core.Ble;
using CalfMonitor.Core.Storage;
using Xunit;

namespace CalfMonitor.Tests.Storage;

/// <summary>
/// A drive that keeps refusing saves (full, failing): the device's loop (BleServer.Service: SaveDue,
/// TakeConfigToSave, SettingsStore.Save, SaveDone) retries, but not every 5 s for ever — on a full
/// LittleFS drive each refused attempt still erases the same block (littlefs 2.11 measured, see
/// docs/ble-protocol.md "Persisted configuration"), so 17 280 attempts a day would wear it out in a
/// week. The wait doubles up to an hour; the first retry still comes after 5 s, and the save that
/// succeeds ends the waits.
/// </summary>
public class RefusedSaveWearTests
{
    [Fact]
    public void A_drive_that_keeps_refusing_gets_a_few_dozen_attempts_a_day_and_the_first_save_it_accepts_wins()
    {
        var flash = new EmulatedFlash { Refuse = (old, _) => old };
        var store = new SettingsStore(flash);
        var gatt = new CalfMonitorGatt(Signals.Monitor(new RecordingListener()), store.Boot(new MonitorSettings()));
        var cfg = new byte[ConfigPayload.Length];
        gatt.ReadConfig(cfg, 0);
        cfg[6] = 45;                                                   // alert_after_min
        Assert.Equal(AttError.Ok, gatt.WriteConfig(cfg, 0, cfg.Length));

        var attempts = new List<int>();
        const int tickMs = 100, dayMs = 86_400_000;
        for (int now = 0; now < dayMs; now += tickMs)
        {
            if (!gatt.SaveDue(now)) continue;
            attempts.Add(now);
            gatt.SaveDone(store.Save(gatt.TakeConfigToSave()), now);
        }
        Assert.Equal(new[] { 0, 5_000, 15_000, 35_000 }, attempts.Take(4));   // a busy drive is retried soon
        Assert.InRange(attempts.Count, 20, 40);                              // not 17 280
        for (int i = 1; i < attempts.Count; i++) Assert.InRange(attempts[i] - attempts[i - 1], 1, CalfMonitorGatt.SaveRetryMaxMs);

        flash.Refuse = null;                                                 // the drive takes saves again
        int start = dayMs, saved = -1;
        for (int now = start; now < start + CalfMonitorGatt.SaveRetryMaxMs + tickMs; now += tickMs)
        {
            if (!gatt.SaveDue(now)) continue;
            bool ok = store.Save(gatt.TakeConfigToSave());
            gatt.SaveDone(ok, now);
            if (ok) { saved = now; break; }
        }
        Assert.True(saved >= 0, "saved within the longest wait");
        var loaded = new MonitorSettings();
        Assert.Equal(LoadStatus.Ok, new SettingsStore(flash).Boot(loaded));
        Assert.Equal(45, loaded.AlertAfterMin);

        cfg[6] = 50;                                                         // after a success: no wait
        Assert.Equal(AttError.Ok, gatt.WriteConfig(cfg, 0, cfg.Length));
        Assert.True(gatt.SaveDue(saved + 1));
        flash.Refuse = (old, _) => old;
        gatt.SaveDone(store.Save(gatt.TakeConfigToSave()), saved + 1);
        Assert.False(gatt.SaveDue(saved + CalfMonitorGatt.SaveRetryMs));
        Assert.True(gatt.SaveDue(saved + 1 + CalfMonitorGatt.SaveRetryMs));     // the waits start again at 5 s
    }
}
