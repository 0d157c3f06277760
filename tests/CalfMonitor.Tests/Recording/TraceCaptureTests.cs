using System.Text;
using CalfMonitor.Simulator.Input;
using CalfMonitor.Simulator.Recording;
using CalfMonitor.Tests.Cli;
using Xunit;

namespace CalfMonitor.Tests.Recording;

/// <summary>TraceCapture on in-memory streams: what the device sent, with link faults applied.</summary>
public class TraceCaptureTests
{
    private const string Port = "/dev/ttyTEST";

    private sealed record Captured(CaptureSummary Summary, List<string> Files, string Log);

    private static Captured Capture(TempDir dir, string deviceText, long? samples = null, string name = "rec.trace.csv")
    {
        var log = new StringWriter();
        string outPath = Path.Combine(dir.Path, name);
        var capture = new TraceCapture(new CaptureOptions { PortName = Port, MaxSamples = samples },
            n => (TraceCapture.SegmentPath(outPath, n), new FileStream(TraceCapture.SegmentPath(outPath, n), FileMode.CreateNew)), log);
        var summary = capture.Run(new MemoryStream(Encoding.Latin1.GetBytes(deviceText)), CancellationToken.None);
        return new Captured(summary, summary.Files.ToList(), log.ToString());
    }

    /// <summary>Reads a captured file with the ordinary trace reader (all rules) and replays it.</summary>
    private static List<TraceRow> ReadValid(string path)
    {
        using var reader = new NativeTraceReader(path);
        Assert.Equal(new[] { "seq" }, reader.Header.ExtraColumns);
        Assert.StartsWith(DeviceStream.FirmwareSource + "; recorded by calfmon record from " + Port + " at ", reader.Header.Source);
        var rows = reader.ReadRows().ToList();
        var replay = CliRunner.Run("replay", path);
        Assert.True(replay.ExitCode == 0, replay.Stderr);
        return rows;
    }

    private static List<string> DataLines(string text) => DeviceStream.Lines(text).Skip(DeviceStream.HeaderLines).ToList();

    [Fact]
    public void A_clean_stream_is_written_byte_for_byte_and_replays()
    {
        using var dir = new TempDir();
        string device = DeviceStream.Recording(500);
        var c = Capture(dir, device);

        Assert.Equal(CaptureStop.EndOfStream, c.Summary.Stop);
        string file = Assert.Single(c.Files);
        string written = File.ReadAllText(file);
        var deviceLines = DeviceStream.Lines(device);
        var fileLines = DeviceStream.Lines(written);
        // Header: the device's own lines, the source line augmented with port and time.
        for (int i = 0; i < DeviceStream.HeaderLines; i++)
        {
            if (deviceLines[i].StartsWith("# source:")) Assert.StartsWith(deviceLines[i] + "; recorded by calfmon record from /dev/ttyTEST at 20", fileLines[i]);
            else Assert.Equal(deviceLines[i], fileLines[i]);
        }
        Assert.Equal(DataLines(device), DataLines(written));   // rows byte-identical
        Assert.EndsWith("\n", written);
        Assert.Equal(500, c.Summary.RowsWritten);
        Assert.Equal(0, c.Summary.LinesLost + c.Summary.SensorGaps + c.Summary.MalformedLines + c.Summary.PreambleLines);
        Assert.Empty(c.Summary.Warnings);
        Assert.Equal(500, ReadValid(file).Count);
        Assert.Contains("rows written:     500", c.Summary.Text());
    }

    [Fact]
    public void Boot_noise_and_a_cut_first_line_before_the_header_are_skipped_and_counted()
    {
        using var dir = new TempDir();
        string device = DeviceStream.Recording(100);
        string noise = "3,-12,4090,7,8,9,41\n"                       // the tail of a line from before the port opened
                     + "ets Jun  8 2016 00:22:57\r\n"
                     + "rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
                     + "\0\u00ff\u0080 nanoFramework wire protocol bytes\n"
                     + "Type 'help' for more information. ";         // glued in front of the magic: one more
        var c = Capture(dir, noise + device);

        Assert.Equal(5, c.Summary.PreambleLines);
        Assert.Equal(100, c.Summary.RowsWritten);
        Assert.Equal(0, c.Summary.MalformedLines);
        Assert.Equal(DataLines(device), DataLines(File.ReadAllText(c.Files[0])));
        Assert.Contains("preamble lines:   5 skipped", c.Summary.Text());
        ReadValid(c.Files[0]);
    }

    [Fact]
    public void Lines_lost_on_the_link_are_a_seq_warning_with_the_count_and_the_rows_around_are_kept()
    {
        using var dir = new TempDir();
        var lines = DeviceStream.Lines(DeviceStream.Recording(200));
        int first = DeviceStream.HeaderLines + 50;                 // rows seq 50, 51, 52 never arrive
        var sent = lines.Take(first).Concat(lines.Skip(first + 3)).ToList();
        var c = Capture(dir, DeviceStream.Join(sent));

        Assert.Equal(3, c.Summary.LinesLost);
        Assert.Equal(1, c.Summary.SeqJumps);
        Assert.Equal(197, c.Summary.RowsWritten);
        string w = Assert.Single(c.Summary.Warnings);
        Assert.Contains("seq jumps from 49 to 53: 3 lines lost on the link", w);
        Assert.Contains("calfmon: warning: /dev/ttyTEST: line", c.Log);
        Assert.Equal(0, c.Summary.SensorGaps);   // the 80 ms step in t_ms is explained by the 3 lost lines
        var rows = ReadValid(c.Files[0]);
        Assert.Equal(new[] { "49", "53" }, rows.Skip(49).Take(2).Select(r => r.Extra![0]));
        Assert.Contains("lines lost (seq): 3 in 1 jump of seq", c.Summary.Text());
    }

    [Fact]
    public void A_sensor_gap_is_a_jump_in_t_ms_with_consecutive_seq_and_a_warning()
    {
        using var dir = new TempDir();
        string device = DeviceStream.Recording(200, gapAfter: 120, gapSamples: 25);
        var c = Capture(dir, device);

        Assert.Equal(1, c.Summary.SensorGaps);
        Assert.Equal(26 * DeviceStream.PeriodMs, c.Summary.SensorGapMs);
        Assert.Equal(0, c.Summary.LinesLost);
        Assert.Contains(c.Summary.Warnings, w => w.Contains("gap of 520 ms in the samples (sensor dropout on the device)"));
        Assert.Equal(DataLines(device), DataLines(File.ReadAllText(c.Files[0])));
        var replay = CliRunner.Run("replay", c.Files[0]);
        Assert.Equal(0, replay.ExitCode);
        Assert.Contains("gap of 520 ms", replay.Stdout);   // the replay sees the same gap
        Assert.Contains("gaps                1", replay.Stdout);
    }

    /// <summary>Rows that step at another rate than the header states make a file replay refuses
    /// (the reader's rate rule): the recorder says so while recording, once, instead of leaving it
    /// to be found afterwards.</summary>
    [Fact]
    public void Rows_at_another_rate_than_the_header_are_a_warning_that_replay_will_refuse_the_file()
    {
        using var dir = new TempDir();
        var lines = DeviceStream.Lines(DeviceStream.Recording(120));
        int t = 0;
        for (int i = DeviceStream.HeaderLines; i < lines.Count; i++)     // rows 10 ms apart, header 50 Hz
        {
            var f = lines[i].Split(',');
            f[0] = (t += 10).ToString(System.Globalization.CultureInfo.InvariantCulture);
            lines[i] = string.Join(',', f);
        }
        var c = Capture(dir, DeviceStream.Join(lines));
        string warning = Assert.Single(c.Summary.Warnings, w => w.Contains("replay will refuse the file"));
        Assert.Contains("step 10 ms", warning);
        var replay = CliRunner.Run("replay", c.Files[0]);
        Assert.Equal(2, replay.ExitCode);
        Assert.Contains("step 10 ms", replay.Stderr);
        // The warning names the line replay names (no lines came before the header here, so the
        // port's line numbers are the file's).
        string line = System.Text.RegularExpressions.Regex.Match(warning, @"line (\d+):").Groups[1].Value;
        Assert.Contains($":{line}:", replay.Stderr);

        var clean = Capture(dir, DeviceStream.Recording(120), name: "clean.trace.csv");
        Assert.DoesNotContain(clean.Summary.Warnings, w => w.Contains("replay will refuse"));
    }

    [Fact]
    public void A_garbled_line_is_dropped_counted_and_reported_and_its_row_counts_as_lost()
    {
        using var dir = new TempDir();
        var lines = DeviceStream.Lines(DeviceStream.Recording(200));
        int i = DeviceStream.HeaderLines + 80;
        lines[i] = lines[i][..(lines[i].Length / 2)];                      // bytes lost mid-line
        lines[i + 40] = lines[i + 40].Replace(",", ",x", StringComparison.Ordinal);   // noise inside a line
        lines.Insert(i + 60, "I (1234) nanoFramework: debug text");          // stray text between rows
        var c = Capture(dir, DeviceStream.Join(lines));

        Assert.Equal(3, c.Summary.MalformedLines);
        Assert.Equal(2, c.Summary.LinesLost);        // the two garbled rows; the stray line was no row
        Assert.Equal(198, c.Summary.RowsWritten);
        Assert.Equal(3, c.Summary.Warnings.Count(w => w.Contains("malformed line dropped")));
        Assert.Contains("malformed lines:  3 dropped", c.Summary.Text());
        Assert.Equal(198, ReadValid(c.Files[0]).Count);
    }

    /// <summary>Found by the <c>record</c> fuzz target (tests/corpus/fuzz/record/): a CR alone
    /// inside a line or a NUL byte passed into the file, whose reader then refused it.</summary>
    [Fact]
    public void A_CR_alone_ends_a_line_and_a_NUL_makes_its_line_malformed_as_for_the_file_reader()
    {
        using var dir = new TempDir();
        var lines = DeviceStream.Lines(DeviceStream.Recording(200));
        int nul = DeviceStream.HeaderLines + 80;
        lines[nul] = lines[nul].Insert(3, "\0");
        // LF, CRLF, then CR alone (old Mac line ends) from row 120 on.
        string text = string.Concat(lines.Select((l, k) => l + (k > DeviceStream.HeaderLines + 120 ? "\r" : k % 2 == 0 ? "\r\n" : "\n")));
        var c = Capture(dir, text);

        Assert.Equal(1, c.Summary.MalformedLines);
        Assert.Equal(199, c.Summary.RowsWritten);
        Assert.Contains(c.Summary.Warnings, w => w.Contains("contains a NUL byte"));
        var rows = ReadValid(c.Files[0]);
        Assert.Equal(199, rows.Count);
        Assert.Equal("199", rows[^1].Extra![0]);   // the CR-ended rows are whole rows, seq and all
    }

    [Fact]
    public void A_stop_in_the_middle_of_a_line_leaves_a_valid_replayable_file()
    {
        using var dir = new TempDir();
        string device = DeviceStream.Recording(300);
        string cut = device[..(device.Length - 17)];      // the port closed mid-row
        var c = Capture(dir, cut);

        Assert.Equal(299, c.Summary.RowsWritten);
        Assert.Equal(1, c.Summary.MalformedLines);
        Assert.Contains(c.Summary.Warnings, w => w.Contains("incomplete last line"));
        Assert.Equal(299, ReadValid(c.Files[0]).Count);
        Assert.EndsWith("\n", File.ReadAllText(c.Files[0]));
    }

    /// <summary>Two rows cut by a loss on the link can join into one that still has every column:
    /// "…,123" + "40" is seq 12340, a cut t_ms can grow by a digit. Taken at its word, such a row
    /// made every later row "go backwards" and be dropped (one glitch, the rest of the recording
    /// lost). A jumping row is written only when the next row follows it.</summary>
    [Theory]
    [InlineData(7, "12340")]      // the seq column
    [InlineData(0, "100060")]     // t_ms
    public void A_row_joined_by_a_loss_on_the_link_costs_that_row_not_the_rest(int column, string joined)
    {
        using var dir = new TempDir();
        var lines = DeviceStream.Lines(DeviceStream.Recording(200));
        int i = DeviceStream.HeaderLines + 120;
        var cells = lines[i].Split(',');
        cells[column] = joined;
        lines[i] = string.Join(',', cells);
        var c = Capture(dir, DeviceStream.Join(lines));

        Assert.Equal(199, c.Summary.RowsWritten);
        Assert.Equal(1, c.Summary.MalformedLines);
        Assert.Contains(c.Summary.Warnings, w => w.Contains("that the next row does not follow: rows joined by a loss on the link"));
        Assert.Equal(1, c.Summary.LinesLost);       // the joined row's own
        Assert.Equal(0, c.Summary.SensorGaps);
        Assert.Equal(199, ReadValid(c.Files[0]).Count);
    }

    [Fact]
    public void A_truth_cell_replay_would_refuse_is_a_malformed_line_not_a_written_row()
    {
        // A stream with a truth column (not the firmware's, a test rig's): the recorder keeps to
        // the reader's rules, so what it writes replays.
        using var dir = new TempDir();
        string device = "# calfmon-trace 1\n# sample_rate_hz: 50\n# accel_range_g: 8\n# gyro_range_dps: 2000\nt_ms,ax,ay,az,gx,gy,gz,seq,truth\n"
            + string.Concat(Enumerable.Range(0, 100).Select(k => $"{k * 20},0,0,4096,0,0,0,{k},{(k == 50 ? "2" : "0")}\n"));
        var c = Capture(dir, device);
        Assert.Equal(99, c.Summary.RowsWritten);
        Assert.Contains(c.Summary.Warnings, w => w.Contains("truth must be 0 or 1, got '2'"));
        Assert.Equal(0, CliRunner.Run("replay", c.Files[0]).ExitCode);
    }

    [Fact]
    public void The_boards_boot_messages_in_the_data_say_record_mode_must_be_started_again()
    {
        // A brown-out mid-recording: the ROM's boot lines, then nothing (this firmware comes up with
        // record mode off).
        using var dir = new TempDir();
        string first = DeviceStream.Recording(150);
        var c = Capture(dir, first + "ets Jun  8 2016 00:22:57\r\nrst:0xf (BROWNOUT_RST),boot:0x13\r\n");
        Assert.Equal(150, c.Summary.RowsWritten);
        Assert.Single(c.Summary.Warnings, w => w.Contains("the board's boot messages: it restarted, and record mode is off after a restart"));
        Assert.Equal(2, c.Summary.MalformedLines);
    }

    [Fact]
    public void A_device_restart_closes_the_file_and_continues_in_a_numbered_segment()
    {
        using var dir = new TempDir();
        string first = DeviceStream.Recording(150);
        string boot = "ets Jun  8 2016 00:22:57\r\nrst:0xc (SW_CPU_RESET)\r\n";
        string second = DeviceStream.Recording(80, startMs: 999);
        var c = Capture(dir, first + boot + second);

        Assert.Equal(1, c.Summary.Restarts);
        Assert.Equal(2, c.Files.Count);
        Assert.Equal(Path.Combine(dir.Path, "rec-2.trace.csv"), c.Files[1]);
        Assert.Equal(2, c.Summary.PreambleLines);    // the boot lines, not malformed rows
        Assert.Equal(0, c.Summary.MalformedLines);
        Assert.Equal(230, c.Summary.RowsWritten);
        Assert.Contains(c.Summary.Warnings, w => w.Contains("the device started a new recording") && w.Contains("rec.trace.csv closed after 150 rows"));
        Assert.Equal(DataLines(first), DataLines(File.ReadAllText(c.Files[0])));
        Assert.Equal(DataLines(second), DataLines(File.ReadAllText(c.Files[1])));
        Assert.Equal(150, ReadValid(c.Files[0]).Count);
        Assert.Equal(80, ReadValid(c.Files[1]).Count);
        Assert.Contains("device restarts:  1", c.Summary.Text());
    }

    [Fact]
    public void Samples_limit_stops_right_after_the_nth_row()
    {
        using var dir = new TempDir();
        var c = Capture(dir, DeviceStream.Recording(300), samples: 120);
        Assert.Equal(CaptureStop.Samples, c.Summary.Stop);
        Assert.Equal(120, ReadValid(c.Files[0]).Count);
        Assert.Equal(0, c.Summary.MalformedLines);
    }

    [Fact]
    public void Noise_without_a_header_writes_no_file_and_an_invalid_header_is_reported()
    {
        using var dir = new TempDir();
        var c = Capture(dir, "boot\nmore boot\n# calfmon-trace 1\n# sample_rate_hz: 5000\n# accel_range_g: 8\n# gyro_range_dps: 2000\nt_ms,ax,ay,az,gx,gy,gz,seq\n0,1,2,3,4,5,6,0\n");
        Assert.False(c.Summary.HeaderSeen);
        Assert.Empty(c.Files);
        Assert.Empty(Directory.GetFiles(dir.Path));
        Assert.Equal(1, c.Summary.HeaderErrors);
        Assert.Contains("sample_rate_hz must be a whole number from 20 to 200", c.Summary.LastHeaderError);
        Assert.Equal(3, c.Summary.PreambleLines);   // two boot lines + the row after the rejected header
    }

    [Fact]
    public void Cancelling_the_token_stops_and_leaves_a_valid_file()
    {
        using var dir = new TempDir();
        string device = DeviceStream.Recording(100);
        using var cts = new CancellationTokenSource();
        // Then it blocks like an idle port, and Ctrl+C is pressed: once the capture has read all the
        // device sent (a fixed 300 ms could come before a busy machine had read the 100 rows).
        var input = new StallingStream(Encoding.ASCII.GetBytes(device), idle: cts.Cancel);
        string outPath = Path.Combine(dir.Path, "c.trace.csv");
        var capture = new TraceCapture(new CaptureOptions { PortName = Port }, n => (outPath, File.Create(outPath)), null);
        var summary = capture.Run(input, cts.Token);
        Assert.Equal(CaptureStop.Cancelled, summary.Stop);
        Assert.Equal(100, ReadValid(outPath).Count);
    }

    [Fact]
    public void Segment_paths_number_the_file_name_before_its_first_dot()
    {
        Assert.Equal("my.trace.csv", TraceCapture.SegmentPath("my.trace.csv", 1));
        Assert.Equal(Path.Combine("d", "my-2.trace.csv"), TraceCapture.SegmentPath(Path.Combine("d", "my.trace.csv"), 2));
        Assert.Equal("log-3", TraceCapture.SegmentPath("log", 3));
        Assert.Equal(".hidden-2", TraceCapture.SegmentPath(".hidden", 2));
    }

    /// <summary>Returns its bytes, then never completes a read until disposed (an idle serial port);
    /// <paramref name="idle"/> is called when a read finds nothing more.</summary>
    private sealed class StallingStream(byte[] data, Action? idle = null) : CalfMonitor.Simulator.Input.ReadOnlyStream
    {
        private int _pos;
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            if (_pos >= data.Length)
            {
                idle?.Invoke();
                return new TaskCompletionSource<int>().Task;
            }
            int n = Math.Min(count, data.Length - _pos);
            Array.Copy(data, _pos, buffer, offset, n);
            _pos += n;
            return Task.FromResult(n);
        }
    }
}
