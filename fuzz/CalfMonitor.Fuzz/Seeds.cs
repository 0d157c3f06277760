using System.Text;
using CalfMonitor.Core;
using CalfMonitor.Core.Ble;
using CalfMonitor.Core.Storage;
using CalfMonitor.Simulator.Ble;

namespace CalfMonitor.Fuzz;

/// <summary>
/// Small valid inputs per target, written by <c>calfmon-fuzz seeds TARGET DIR</c>: hand-written
/// lines in each dataset's layout (never copies of the datasets) and encoder output for the BLE
/// payloads and the config image.
/// </summary>
public static class Seeds
{
    private const string NativeHeader =
        "# calfmon-trace 1\n# sample_rate_hz: 50\n# accel_range_g: 8\n# gyro_range_dps: 2000\n# mounting: shank\n# source: seed\nt_ms,ax,ay,az,gx,gy,gz\n";

    public static IEnumerable<(string Name, byte[] Data)> For(string target)
    {
        switch (target)
        {
            case "native":
                yield return ("rows", Text(NativeHeader + Rows(40, (i, sb) => sb.Append(i * 20).Append(",10,-4090,200,").Append(i % 7 * 300 - 900).Append(",5,-3\n"))));
                yield return ("label", Text(NativeHeader.Replace("gx,gy,gz", "gx,gy,gz,label") + "0,1,2,3,4,5,6,walk\n20,1,2,3,4,5,6,sit\r\n60,7,8,9,10,11,12,sit"));
                yield return ("foot", Text(NativeHeader.Replace("shank", "foot") + "0,0,0,4096,0,0,0\n20,0,0,4096,900,0,0\n"));
                break;
            case "hugadb":
                {
                    var sb = new StringBuilder("#Activity\twalking\n#ActivityID\t1\n#Date 10-10-12-53\n");
                    var cols = new List<string>();
                    foreach (var site in new[] { "rf", "rs", "rt", "lf", "ls", "lt" })
                    {
                        foreach (var k in new[] { "acc", "gyro" })
                            foreach (var a in new[] { "x", "y", "z" }) cols.Add($"{k}_{site}_{a}");
                    }
                    cols.AddRange(new[] { "EMG_r", "EMG_l", "act" });
                    sb.Append(string.Join('\t', cols)).Append('\n');
                    for (int r = 0; r < 12; r++)
                    {
                        var v = new List<string>();
                        for (int c = 0; c < 36; c++) v.Add(((c * 37 + r * 101) % 4000 - 2000).ToString());
                        v.AddRange(new[] { "130", "125", "1" });
                        sb.Append(string.Join('\t', v)).Append('\n');
                    }
                    yield return ("walking", Text(sb.ToString()));
                    break;
                }
            case "ipol":
                yield return ("foot", Text("Acquisition frequency: 100 Hz\nPacketCounter\tAcc_X\tAcc_Y\tAcc_Z\tGyr_X\tGyr_Y\tGyr_Z\tMag_X\tMag_Y\tMag_Z\n" +
                    Rows(20, (i, sb) => sb.Append(i).Append(".0\t6.55\t-2.92\t6.83\t-0.0").Append(i % 9).Append("\t0.004\t-0.008\t-0.59\t0.27\t-0.14\n"))));
                yield return ("gap", Text("Acquisition frequency: 100 Hz\nPacketCounter\tAcc_X\tAcc_Y\tAcc_Z\tGyr_X\tGyr_Y\tGyr_Z\n0.0\t1\t2\t9.8\t0\t0\t0\n5.0\t1\t2\t9.8\t1.5\t0\t0\n"));
                break;
            case "ipol-json":
                yield return ("trial", Text("{\"Subject\": 7, \"Trial\": 4, \"Filename\": \"7-4\", \"Age\": 75, \"Gender\": \"M\", \"Height\": 163.0, \"Weight\": NaN, " +
                    "\"TrialBoundaries\": [460, 2191], \"UTurnBoundaries\": [1200, 1338], \"LeftFootEvents\": [[460, 499], [571, 611]], \"RightFootEvents\": [[517, 559]]}"));
                break;
            case "gaitmap":
                {
                    var sb = new StringBuilder("sensor,left_sensor,left_sensor,left_sensor,left_sensor,left_sensor,left_sensor,right_sensor,right_sensor,right_sensor,right_sensor,right_sensor,right_sensor\n");
                    sb.Append("axis,acc_x,acc_y,acc_z,gyr_x,gyr_y,gyr_z,acc_x,acc_y,acc_z,gyr_x,gyr_y,gyr_z\n");
                    for (int r = 0; r < 20; r++) sb.Append(r).Append(",9.4,0.88,2.76,-0.06,").Append(r * 3.5).Append(",-0.03,9.51,-0.31,2.39,-0.02,0.32,-0.08\n");
                    yield return ("two-sensor", Text(sb.ToString()));
                    break;
                }
            case "gaitmap-strides":
                yield return ("strides", Text("s_id,foot,start,end,ic,tc,min_vel,pre_ic\n0,left,494.0,709.0,657.0,586.0,494.0,438.0\n1,right,709.0,924.0,877.0,803.0,709.0,657.0\n"));
                break;
            case "ble-live":
                {
                    var p = new LivePayload { Flags = 0x13, ActivationsLastMinute = 12, ActivationsToday = 345, SpellSeconds = 1800 };
                    var b = new byte[LivePayload.Length];
                    p.Encode(b, 0);
                    yield return ("live", b);
                    break;
                }
            case "ble-alert":
                {
                    var m = Monitor();
                    var gatt = new CalfMonitorGatt(m, LoadStatus.Ok);
                    var b = new byte[64];
                    int n = gatt.EncodeAlert(b, 0);
                    yield return ("alert", b[..n]);
                    break;
                }
            case "ble-config":
                {
                    var b = new byte[64];
                    int n = ConfigPayload.Encode(new MonitorSettings(), b, 0);
                    yield return ("defaults", b[..n]);
                    break;
                }
            case "ble-control":
                foreach (int op in new[] { ControlCommand.OpSnooze, ControlCommand.OpDismiss, ControlCommand.OpSetTime, ControlCommand.OpResetToday, ControlCommand.OpRecordMode, ControlCommand.OpHistorySnapshot, ControlCommand.OpTryBuzz })
                {
                    var b = new byte[8];
                    int n = ControlCommand.Encode(b, 0, op, op == ControlCommand.OpSetTime ? 800_000_000 : op == ControlCommand.OpTryBuzz ? 2 : 30);
                    yield return ($"op{op}", b[..n]);
                }
                break;
            case "ble-history":
                {
                    var snapshot = new byte[DailyHistory.Minutes];
                    for (int i = 0; i < snapshot.Length; i++) snapshot[i] = (byte)(i % 50);
                    var b = new byte[256];
                    int n = HistoryChunk.Encode(b, 0, snapshot, 0);
                    yield return ("chunk0", b[..n]);
                    n = HistoryChunk.Encode(b, 0, snapshot, 5);
                    yield return ("chunk5", b[..n]);
                    break;
                }
            case "ble-time":
                {
                    var b = new byte[16];
                    int n = CurrentTime.Encode(b, 0, 800_000_000, 1);
                    yield return ("time", b[..n]);
                    break;
                }
            case "config-image":
                {
                    var b = new byte[128];
                    int n = ConfigImage.Save(new MonitorSettings(), b, 0);
                    yield return ("image", b[..n]);
                    yield return ("erased", Enumerable.Repeat((byte)0xFF, n).ToArray());
                    break;
                }
            case "config-json":
                yield return ("defaults", Text(ConfigFile.ToJson(new MonitorSettings())));
                yield return ("some", Text("\uFEFF// evening reminders\r\n{ \"alert_after_min\": 45, \"quiet_start_min\": 1260, /* 21:00 */ \"mounting\": \"foot\", }\r\n"));
                break;
            case "insole-pressure":
                yield return ("steps", Text("PressRT,PressRH,PressLT,PressLH\n" + string.Concat(Enumerable.Range(0, 300).Select(i =>
                    i % 100 > 60 && i % 100 < 90 ? "3.5,1.25,500,700\n" : "512.5,944.2,10,2.5e-1\n"))));
                yield return ("short", Text("PressRT, PressRH, PressLT, PressLH\r\n1,2,3,4\r\n"));
                break;
            case "sidecar":
                yield return ("all-keys", Text("{\n  \"description\": \"seed\",\n  \"input_format\": \"native\",\n  \"leg\": \"left\",\n  \"sensor\": \"shin\",\n" +
                    "  \"rate\": 50,\n  \"device_rate\": 50,\n  \"activations\": {\"min\": 90, \"max\": 110},\n  \"activations_per_min\": 12.5,\n" +
                    "  \"alerts\": [{\"t\": 1800, \"tolerance_s\": 60}, {\"t\": 3600}],\n  \"extra_alerts_allowed\": false,\n  \"alerts_count\": {\"max\": 2},\n" +
                    "  \"pump_breaks\": 0,\n  \"sensor_faults\": [\"stuck\"]\n}\n"));
                break;
            case "convert":
                yield return ("truth", Text(NativeHeader.Replace("gx,gy,gz", "gx,gy,gz,label,truth,seq") +
                    Rows(40, (i, sb) => sb.Append(i * 20).Append(",10,-4090,200,").Append(i % 7 * 300 - 900).Append(",5,-3,walk,").Append(i % 9 == 4 ? 1 : 0).Append(',').Append(i).Append('\n'))));
                yield return ("foot-100hz", Text(NativeHeader.Replace("50", "100").Replace("shank", "foot") + "0,0,0,4096,0,0,0\n10,0,0,4096,900,0,0\n20,0,0,4096,0,0,0\n"));
                break;
            case "record":
                {
                    // Boot text, a recording with seq, a line cut by the link, then a restart.
                    string header = NativeHeader.Replace("gx,gy,gz", "gx,gy,gz,seq");
                    string rows = Rows(30, (i, sb) => sb.Append(i * 20).Append(",10,-4090,200,").Append(i % 7 * 300 - 900).Append(",5,-3,").Append(i).Append("\r\n"));
                    yield return ("session", Text("ets Jun  8 2016 00:22:57\nrst:0x1 (POWERON_RESET)\n" + header + rows + "600,10,-40" + "\n" + header + rows));
                    break;
                }
            case "ble-decode":
                {
                    // Every payload seed, in the spellings the parser accepts.
                    int k = 0;
                    foreach (var t in new[] { "ble-live", "ble-alert", "ble-config", "ble-control", "ble-history", "ble-time" })
                    {
                        foreach (var (name, data) in For(t))
                        {
                            string hex = BleText.Hex(data, data.Length);
                            string spelled = (k++ % 4) switch
                            {
                                0 => hex,
                                1 => hex.Replace(" ", ""),
                                2 => hex.Replace(' ', ':'),
                                _ => "0x" + hex.Replace(" ", ",0x"),
                            };
                            yield return ($"{t}-{name}", Text(spelled));
                        }
                    }
                    yield return ("battery", Text("64"));
                    break;
                }
            default:
                throw new ArgumentException($"no seeds for {target}");
        }
    }

    private static CalfPumpMonitor Monitor()
    {
        var m = new CalfPumpMonitor(new CalfMonitor.Core.Sensing.SensorConfig(50, 8, 2000, CalfMonitor.Core.Sensing.MountingSite.Shank),
            new MonitorSettings(), new Silent());
        m.OnSample(1000, 0, 0, 4096, 0, 0, 0);
        return m;
    }

    private sealed class Silent : CalfMonitor.Core.Events.IMonitorListener
    {
        public void OnActivation(int timeMs, int sampleNumber) { }
        public void OnSpellEnded(int timeMs, int endedSpellSeconds) { }
        public void OnSecond(int timeMs, int activationsLast60s, int spellSeconds) { }
        public void OnMinute(int minuteIndex, int activations) { }
        public void OnCycleNotCounted(int timeMs, int sampleNumber, int reason) { }
        public void OnAlert(int timeMs, int spellSeconds, int repeatIndex, int reason) { }
    }

    private static string Rows(int n, Action<int, StringBuilder> row)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < n; i++) row(i, sb);
        return sb.ToString();
    }

    private static byte[] Text(string s) => Encoding.UTF8.GetBytes(s);
}
