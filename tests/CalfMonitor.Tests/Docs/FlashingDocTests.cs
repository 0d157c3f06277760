using System.Text.RegularExpressions;
using CalfMonitor.Core;
using CalfMonitor.Core.Ble;
using CalfMonitor.Core.Device;
using CalfMonitor.Core.Sedentary;
using CalfMonitor.Core.Storage;
using CalfMonitor.Tests.Storage;
using Xunit;

namespace CalfMonitor.Tests.Docs;

/// <summary>
/// docs/flashing.md is a newcomer's first hour with a board: what it says the board prints, shows
/// and buzzes, and the names it gives, are the firmware's. The board itself is not here; these
/// compare the doc with the core (the patterns, the boot report, the chips, the payloads) and with
/// the firmware's source (pins, boot lines, the project's file names), which is not built here.
/// </summary>
public class FlashingDocTests
{
    private const string Doc = "docs/flashing.md";
    private static string Flat => DocText.Flat(Doc);
    private static string Program => DocText.Raw("firmware/CalfMonitor.Firmware/Program.cs");

    private static int ProgramConst(string name)
    {
        var m = Regex.Match(Program, $@"private const int {name} = (\d+);");
        Assert.True(m.Success, $"Program.cs: no 'private const int {name} = N;'");
        return int.Parse(m.Groups[1].Value);
    }

    [Fact]
    public void The_boot_lines_it_quotes_are_the_ones_the_firmware_prints()
    {
        // "`# heap free after start: N bytes`", "`# ble: started`", "`# ble: NOT started: the radio did not start advertising`".
        Assert.Contains("`# heap free after start: N bytes`", Flat);
        Assert.Contains("\"# heap free after start: \" + ", Program);
        Assert.Contains("+ \" bytes\"", Program);
        foreach (string line in new[] { "# ble: started", "# ble: NOT started: the radio did not start advertising" })
        {
            Assert.Contains($"`{line}`", Flat);
            Assert.Contains($"\"{line}\"", Program);
        }
        // "`# ble: NOT started: <exception>`": the exception's type name, then its message.
        Assert.Contains("`# ble: NOT started: System.OutOfMemoryException …`", Flat);
        Assert.Contains("\"# ble: NOT started: \" + bleFailure.GetType().FullName + \" \" + bleFailure.Message", Program);
        // "`# settings: none stored, defaults` on a new board": the core's boot report on blank flash.
        var store = new SettingsStore(new EmulatedFlash());
        string report = store.BootReport(store.Boot(new MonitorSettings()));
        Assert.Contains($"`# {report}` on a new board", Flat);
        Assert.Contains("\"# \" + store.BootReport(loadStatus)", Program);
        // "`# sensor: unknown chip at 0x68 (WHO_AM_I 0x..)`" and "`# sensor: MPU-6500 (…)`".
        Assert.Contains("\"# sensor: \" + SensorChip.Describe(chipNamed)", Program);
        Assert.StartsWith("unknown chip at 0x68 (WHO_AM_I 0x", SensorChip.Describe(0x42));
        Assert.Contains("`# sensor: unknown chip at 0x68 (WHO_AM_I 0x..)`", Flat);
        foreach (var (id, name) in new[] { (SensorChip.Mpu6500, "MPU-6500"), (SensorChip.Mpu9250, "MPU-9250"), (SensorChip.Mpu9255, "MPU-9255"), (SensorChip.Clone98, "MPU-6050 clone") })
        {
            Assert.StartsWith(name + " (", SensorChip.Describe(id));
            Assert.Contains($"`{name}`", Flat.Replace("`# sensor: MPU-6500 (…)`", "`MPU-6500`"));
        }
    }

    [Fact]
    public void The_who_am_i_values_it_lists_are_those_the_firmware_accepts()
    {
        var m = Regex.Match(Flat, @"the firmware accepts WHO_AM_I ((?:0x[0-9A-F]{2}, )+0x[0-9A-F]{2} and 0x[0-9A-F]{2})");
        Assert.True(m.Success, $"{Doc}: no 'the firmware accepts WHO_AM_I 0x.., … and 0x..'");
        var listed = Regex.Matches(m.Groups[1].Value, "0x([0-9A-F]{2})").Select(x => Convert.ToInt32(x.Groups[1].Value, 16)).ToList();
        var accepted = Enumerable.Range(0, 256).Where(SensorChip.IsSupported).ToList();
        Assert.Equal(accepted, listed);
    }

    [Fact]
    public void The_pins_and_the_button_are_the_firmware_s()
    {
        Assert.Equal(21, ProgramConst("I2cDataPin"));
        Assert.Equal(22, ProgramConst("I2cClockPin"));
        Assert.Contains($"SDA on GPIO{ProgramConst("I2cDataPin")}, SCL on GPIO{ProgramConst("I2cClockPin")}", Flat);
        Assert.Contains($"the board's **BOOT** button (GPIO{ProgramConst("ButtonPin")}) as the firmware is built", Flat);
        // "set `ButtonPin = 27` in `firmware/CalfMonitor.Firmware/Program.cs`": the constant's name, and SW2's pin in hardware/README.md.
        Assert.Contains("the optional SW2 button on GPIO27", Flat);
        Assert.Contains("set `ButtonPin = 27` in `firmware/CalfMonitor.Firmware/Program.cs`", Flat);
        Assert.Contains("**GPIO27** | BOOT button on board, or SW2 to GND", DocText.Raw("hardware/README.md").Replace("**GPIO0** (BOOT button) or ", ""));
        // "Then hold the button for 3 s".
        Assert.Equal(3000, ButtonGesture.HoldMs);
        Assert.Contains("Then hold the button for 3 s", Flat);
    }

    [Fact]
    public void The_buzzes_and_the_led_it_describes_are_the_core_s()
    {
        string f = Flat;
        // Step 5: "The motor buzzes three times, 400 ms each (with the default `max_buzz_pulses`)".
        Assert.Equal(3, MonitorSettings.DefaultMaxBuzzPulses);
        Assert.Equal(400, AlertPolicy.BuzzPulseMs);
        Assert.Contains("The motor buzzes three times, 400 ms each (with the default `max_buzz_pulses`)", f);
        // "Six short quick ticks of the motor (1.65 s), 30 s after switching on and then every hour".
        int ticksMs = MotorPattern.FaultPulses * MotorPattern.FaultPulseMs + (MotorPattern.FaultPulses - 1) * MotorPattern.FaultGapMs;
        Assert.Equal(6, MotorPattern.FaultPulses);
        Assert.Contains($"Six short quick ticks of the motor ({ticksMs / 1000.0:0.0#} s), {SensorFaultNotice.NoticeAfterMs / 1000} s after switching on and then every hour", f);
        Assert.Equal(3_600_000, SensorFaultNotice.RepeatMs);
        // "Two slow hums of the motor (1 s each, half a second apart)".
        Assert.Equal(2, MotorPattern.LowBatteryPulses);
        Assert.Equal(1000, MotorPattern.LowBatteryPulseMs);
        Assert.Equal(500, MotorPattern.LowBatteryGapMs);
        Assert.Contains("Two slow hums of the motor (1 s each, half a second apart)", f);
        // "at or below 20 % for three minutes … once more at 10 %": one reading a minute.
        Assert.Contains($"at or below {LowBatteryNotice.WarnPercent} % for three minutes", f);
        Assert.Equal(3, LowBatteryNotice.ConfirmReadings);
        Assert.Contains("private const int BatteryIntervalMs = 60000;", Program);
        Assert.Contains($"once more at {LowBatteryNotice.LastWarnPercent} %", f);
        // The LED: "short flash every 2 s", "blinks slowly (1 s on, 1 s off)".
        Assert.Contains($"short flash every {StatusLed.HeartbeatPeriodMs / 1000} s", f);
        Assert.Contains($"blinks slowly ({StatusLed.AbsentHalfPeriodMs / 1000} s on, {StatusLed.AbsentHalfPeriodMs / 1000} s off)", f);
    }

    [Fact]
    public void The_bytes_and_names_it_gives_are_the_payloads_and_files()
    {
        string f = Flat;
        // "Reading Alert before any alert gives `01 00 00 00 00 00 00 00 00 00`".
        var buffer = new byte[AlertPayload.Length];
        new AlertPayload().Encode(buffer, 0);
        Assert.Contains($"Reading Alert before any alert gives `{string.Join(" ", buffer.Select(b => b.ToString("x2")))}`", f);
        // "read the Config characteristic (`ca1f0004-…`, 21 bytes), set its last byte (offset 20)".
        Assert.Contains($"(`ca1f0004-…`, {ConfigPayload.Length} bytes), set its last byte (offset {ConfigPayload.Length - 1})", f);
        // Device Information: the firmware's own strings.
        Assert.Contains($"Manufacturer Name `{DeviceInformation.Manufacturer}`, Model Number `{DeviceInformation.Model}`, Firmware Revision `{DeviceInformation.FirmwareRevision}`", f);
        // The files it names.
        foreach (string path in new[] { "firmware/CalfMonitor.Device.sln", "firmware/CalfMonitor.Firmware/packages.config", "firmware/CalfMonitor.Firmware/Program.cs", "CalfMonitor.sln" })
        {
            Assert.True(File.Exists(Path.Combine(RepoPaths.Root(), path)), $"{Doc} names {path}, which does not exist");
        }
        var assembly = Regex.Match(DocText.Raw("firmware/CalfMonitor.Firmware/CalfMonitor.Firmware.nfproj"), "<AssemblyName>([^<]+)</AssemblyName>");
        Assert.True(assembly.Success);
        Assert.Contains($"**`{assembly.Groups[1].Value}.bin`**, the deployment image", f);
        Assert.Contains($"bin/Release/{assembly.Groups[1].Value}.bin", f);
    }

    /// <summary>Step 7: "`--sensor foot` on a trace recorded as shank is refused (`…`, exit 2)".</summary>
    [Fact]
    public void Replay_refuses_a_sensor_the_header_contradicts_with_the_quoted_message()
    {
        var m = Regex.Match(Flat, @"`--sensor foot` on a trace recorded as shank is refused \(`([^`]+)`, exit (\d)\)");
        Assert.True(m.Success, $"{Doc}: no '`--sensor foot` on a trace recorded as shank is refused (`…`, exit N)'");
        using var dir = new TempDir();
        string trace = Path.Combine(dir.Path, "my.trace.csv");
        Assert.Equal(0, CalfMonitor.Tests.Cli.CliRunner.Run("synth", "office-hour", "--minutes", "2", "--out", trace).ExitCode);
        Assert.Contains("# mounting: shank", File.ReadAllText(trace));
        var run = CalfMonitor.Tests.Cli.CliRunner.Run("replay", trace, "--sensor", "foot");
        Assert.Equal(int.Parse(m.Groups[2].Value), run.ExitCode);
        Assert.Equal($"calfmon: {trace}: {m.Groups[1].Value}", run.Stderr.Trim());
    }
}
