using System.Text;
using CalfMonitor.Simulator.Input;
using CalfMonitor.Simulator.Recording;
using CalfMonitor.Tests.Cli;
using Xunit;

namespace CalfMonitor.Tests.Recording;

/// <summary>
/// <c>calfmon record</c> end to end through a real Linux pseudo-terminal: the device's bytes go
/// into the pty master, calfmon opens the slave with System.IO.Ports like a USB serial port.
/// </summary>
[Collection("pty")]
public class RecordCommandTests
{
    private static void SkipUnlessLinux() =>
        Skip.IfNot(OperatingSystem.IsLinux(), "pseudo-terminal tests need Linux (posix_openpt and /dev/pts)");

    /// <summary>Feeds the device's bytes into the pty from a background thread of its own, in ~100 ms
    /// batches like the firmware, after some boot noise. (Its own thread, not the thread pool: with
    /// the other test classes running in parallel and blocking pool threads, a pool task could
    /// start only after calfmon's --wait has run out — seen once as "no trace header arrived".)</summary>
    private static Task Feed(PseudoTerminal pty, string deviceText, int chunkBytes = 2048, int pauseMs = 5) => Task.Factory.StartNew(() =>
    {
        var bytes = Encoding.ASCII.GetBytes("rst:0x1 (POWERON_RESET)\r\nboot noise\r\n" + deviceText);
        for (int i = 0; i < bytes.Length; i += chunkBytes)
        {
            pty.Write(bytes[i..Math.Min(bytes.Length, i + chunkBytes)]);
            Thread.Sleep(pauseMs);
        }
    }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    [SkippableFact]
    public void Records_from_a_pseudo_terminal_until_samples_and_the_file_replays()
    {
        SkipUnlessLinux();
        using var dir = new TempDir();
        using var pty = new PseudoTerminal();
        string device = DeviceStream.Recording(1000);
        var feeding = Feed(pty, device);
        string outPath = Path.Combine(dir.Path, "pty.trace.csv");

        var r = CliRunner.Run("record", "--port", pty.SlavePath, "--out", outPath, "--samples", "600", "--wait", "5");

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("record stopped: --samples reached", r.Stderr);
        Assert.Contains("rows written:     600", r.Stderr);
        Assert.Contains("preamble lines:   2 skipped", r.Stderr);
        using (var reader = new NativeTraceReader(outPath))
        {
            Assert.Contains($"recorded by calfmon record from {pty.SlavePath} at ", reader.Header.Source);
            var rows = reader.ReadRows().ToList();
            Assert.Equal(600, rows.Count);
        }
        var deviceRows = DeviceStream.Lines(device).Skip(DeviceStream.HeaderLines).Take(600);
        Assert.Equal(deviceRows, DeviceStream.Lines(File.ReadAllText(outPath)).Skip(DeviceStream.HeaderLines));
        Assert.Equal(0, CliRunner.Run("replay", outPath).ExitCode);
        pty.Dispose();
        feeding.Wait(TimeSpan.FromSeconds(5));
    }

    [SkippableFact]
    public void Duration_stops_an_idle_port_and_leaves_a_valid_file()
    {
        SkipUnlessLinux();
        using var dir = new TempDir();
        using var pty = new PseudoTerminal();
        Feed(pty, DeviceStream.Recording(200)).Wait(TimeSpan.FromSeconds(5));   // then the port stays silent
        string outPath = Path.Combine(dir.Path, "d.trace.csv");

        var r = CliRunner.Run("record", "--port", pty.SlavePath, "--out", outPath, "--duration", "0.6");

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("record stopped: --duration reached", r.Stderr);
        using var reader = new NativeTraceReader(outPath);
        Assert.Equal(200, reader.ReadRows().Count());
    }

    [SkippableFact]
    public void Cancelling_a_capture_on_a_real_port_mid_line_leaves_a_valid_file()
    {
        SkipUnlessLinux();
        using var dir = new TempDir();
        using var pty = new PseudoTerminal();
        string device = DeviceStream.Recording(300);
        string outPath = Path.Combine(dir.Path, "c.trace.csv");
        using var port = SerialPortOpener.Open(pty.SlavePath, SerialPortOpener.DefaultBaud);
        byte[] sent = Encoding.ASCII.GetBytes(device[..(device.Length - 10)]);
        pty.Write(sent);      // Ctrl+C arrives mid-row
        // Pressed once the capture has read all the device sent (a fixed 500 ms failed when the
        // machine was too busy for the capture to read 300 rows in it); 30 s only as a guard.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var capture = new TraceCapture(new CaptureOptions { PortName = pty.SlavePath }, n => (outPath, File.Create(outPath)), null);

        var summary = capture.Run(new CtrlCAfter(port, sent.Length, cts), cts.Token);

        Assert.Equal(CaptureStop.Cancelled, summary.Stop);
        Assert.Equal(299, summary.RowsWritten);
        Assert.Equal(1, summary.MalformedLines);   // the cut last line, reported
        using var reader = new NativeTraceReader(outPath);
        Assert.Equal(299, reader.ReadRows().Count());
    }

    /// <summary>The port as the capture reads it, with Ctrl+C pressed when the capture asks for
    /// more after <paramref name="bytes"/> bytes: everything sent has been read and handled.</summary>
    private sealed class CtrlCAfter(Stream inner, long bytes, CancellationTokenSource ctrlC) : CalfMonitor.Simulator.Input.ReadOnlyStream
    {
        private long _read;

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            if (_read >= bytes) ctrlC.Cancel();
            return Counted(inner.ReadAsync(buffer, offset, count, cancellationToken));
        }

        private async Task<int> Counted(Task<int> read)
        {
            int n = await read;
            _read += n;
            return n;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_read >= bytes) ctrlC.Cancel();
            int n = inner.Read(buffer, offset, count);
            _read += n;
            return n;
        }
    }

    [SkippableFact]
    public void No_header_within_wait_is_exit_2_and_writes_nothing()
    {
        SkipUnlessLinux();
        using var dir = new TempDir();
        using var pty = new PseudoTerminal();
        pty.Write(Encoding.ASCII.GetBytes("just boot output\r\nnothing else\r\n"));
        string outPath = Path.Combine(dir.Path, "n.trace.csv");

        var r = CliRunner.Run("record", "--port", pty.SlavePath, "--out", outPath, "--wait", "0.4");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"no trace header ('# calfmon-trace 1') arrived on {pty.SlavePath} within 0.4 s (2 other lines skipped", r.Stderr);
        Assert.False(File.Exists(outPath));
    }

    [Fact]
    public void A_port_that_cannot_be_opened_is_exit_2_naming_the_port()
    {
        using var dir = new TempDir();
        string port = OperatingSystem.IsWindows() ? "COM250" : "/dev/calfmon-no-such-port";
        var r = CliRunner.Run("record", "--port", port, "--out", Path.Combine(dir.Path, "x.csv"), "--wait", "1");
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith($"calfmon: cannot open serial port {port}: no such port (is the board plugged in and powered?); ", r.Stderr);
        Assert.DoesNotContain("denied", r.Stderr);
        Assert.DoesNotContain("dialout", r.Stderr);
        Assert.Single(r.Stderr.TrimEnd().Split('\n'));
    }

    [Fact]
    public void A_missing_port_lists_the_ports_that_exist()
    {
        using var dir = new TempDir();
        var r = CliRunner.Run("record", "--port", OperatingSystem.IsWindows() ? "COM250" : "COM5", "--out", Path.Combine(dir.Path, "x.csv"));
        Assert.Equal(2, r.ExitCode);
        var ports = SerialPortOpener.PortNames();
        if (ports.Count == 0) Assert.EndsWith("no serial ports found on this machine", r.Stderr.TrimEnd());
        else Assert.Contains("serial ports here: " + ports[0], r.Stderr);

        // A machine without serial ports (a container, a CI runner) never lists any above: the
        // listing itself, on given names — USB ones first, each once, at most 12 and a count.
        var names = SerialPortOpener.Ordered(new[]
        {
            "/dev/ttyS3", "/dev/ttyS0", "/dev/ttyUSB0", "/dev/ttyS0", "/dev/ttyS1", "/dev/ttyACM0", "/dev/ttyS2", "/dev/ttyS4",
            "/dev/ttyS5", "/dev/ttyS6", "/dev/ttyS7", "/dev/ttyS8", "/dev/ttyS9", "/dev/cu.usbserial-10",
        });
        Assert.Equal(new[] { "/dev/cu.usbserial-10", "/dev/ttyACM0", "/dev/ttyUSB0", "/dev/ttyS0", "/dev/ttyS1", "/dev/ttyS2", "/dev/ttyS3" }, names.Take(7));
        Assert.Equal(13, names.Count);
        Assert.Equal("serial ports here: /dev/cu.usbserial-10, /dev/ttyACM0, /dev/ttyUSB0, /dev/ttyS0, /dev/ttyS1, /dev/ttyS2, /dev/ttyS3, "
            + "/dev/ttyS4, /dev/ttyS5, /dev/ttyS6, /dev/ttyS7, /dev/ttyS8 and 1 more", SerialPortOpener.ListPorts(names));
        Assert.Equal("serial ports here: COM3", SerialPortOpener.ListPorts(new[] { "COM3" }));
        Assert.Equal("no serial ports found on this machine", SerialPortOpener.ListPorts(Array.Empty<string>()));
    }

    [SkippableFact]
    public void A_path_that_is_no_serial_port_is_named_so()
    {
        // /dev/null or a regular file: Linux refuses the terminal settings, which .NET reports as
        // "access denied"; it was told as "another program holds the port".
        Skip.If(OperatingSystem.IsWindows(), "ports are COM names on Windows");
        using var dir = new TempDir();
        string file = dir.File("not-a-port.csv", "0,1,2\n");
        foreach (var port in new[] { "/dev/null", file })
        {
            var r = CliRunner.Run("record", "--port", port, "--out", Path.Combine(dir.Path, "x.csv"), "--wait", "1");
            Assert.Equal(2, r.ExitCode);
            Assert.Contains($"cannot open serial port {port}: it is not a serial port", r.Stderr);
            Assert.DoesNotContain("another program", r.Stderr);
        }
    }

    [SkippableFact]
    public void Only_a_path_that_cannot_be_a_serial_device_is_called_no_serial_port()
    {
        // A real port the user may not open, or its /dev/serial/by-id link, keeps the advice
        // about rights; /dev/null and regular files are no serial port.
        Skip.If(OperatingSystem.IsWindows(), "ports are COM names on Windows");
        using var dir = new TempDir();
        Assert.True(SerialPortOpener.MayBeSerialDevice("/dev/ttyUSB0"));
        Assert.True(SerialPortOpener.MayBeSerialDevice("/dev/ttyS0"));
        Assert.True(SerialPortOpener.MayBeSerialDevice("/dev/cu.usbserial-10"));
        Assert.True(SerialPortOpener.MayBeSerialDevice("/dev/pts/3"));
        Assert.True(SerialPortOpener.MayBeSerialDevice("/dev/serial/by-id/usb-Silicon_Labs_CP2102-if00-port0"));
        string link = Path.Combine(dir.Path, "calfport");
        File.CreateSymbolicLink(link, "/dev/ttyUSB0");
        Assert.True(SerialPortOpener.MayBeSerialDevice(link));
        Assert.False(SerialPortOpener.MayBeSerialDevice("/dev/null"));
        Assert.False(SerialPortOpener.MayBeSerialDevice(dir.File("trace.csv", "0\n")));
        string toNull = Path.Combine(dir.Path, "nul");
        File.CreateSymbolicLink(toNull, "/dev/null");
        Assert.False(SerialPortOpener.MayBeSerialDevice(toNull));
    }

    [Fact]
    public void Access_denied_advises_the_dialout_group_only_to_an_unprivileged_user()
    {
        var denied = new UnauthorizedAccessException("Access to the port '/dev/ttyUSB0' is denied.");
        Assert.Contains("dialout", SerialPortOpener.Why(denied, privileged: false));
        string root = SerialPortOpener.Why(denied, privileged: true);
        Assert.DoesNotContain("dialout", root);
        Assert.Contains("another program holds the port", root);
        Assert.Equal("boom", SerialPortOpener.Why(new IOException("boom"), privileged: false));
    }

    [Fact]
    public void An_existing_output_is_refused_without_force()
    {
        using var dir = new TempDir();
        string existing = dir.File("old.trace.csv", "keep me");
        var r = CliRunner.Run("record", "--port", "/dev/calfmon-no-such-port", "--out", existing);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"calfmon: --out {existing}: already exists; use --force to overwrite it\n", r.Stderr.Replace("\r\n", "\n"));
        Assert.Equal("keep me", File.ReadAllText(existing));
    }

    [Fact]
    public void Help_shows_the_options_and_examples()
    {
        var r = CliRunner.Run("record", "--help");
        Assert.Equal(0, r.ExitCode);
        foreach (var s in new[] { "--port", "--out", "--baud", "--duration", "--samples", "--wait", "--force", "calfmon record --port /dev/ttyUSB0" })
        {
            Assert.Contains(s, r.Stdout);
        }
    }
}
