using System.IO.Ports;
using CalfMonitor.Simulator.Cli;

namespace CalfMonitor.Simulator.Recording;

/// <summary>
/// Opens the device's USB serial port for <see cref="TraceCapture"/>. Kept apart from the capture
/// so that the capture logic runs on any stream in tests. System.IO.Ports handles
/// /dev/ttyUSB*, /dev/ttyACM*, macOS /dev/cu.* and Windows COMn; on Linux it also opens
/// pseudo-terminals (/dev/pts/N) and puts them in raw mode, which the record tests use.
/// </summary>
public static class SerialPortOpener
{
    /// <summary>The firmware's UART0 speed: Console.Write text leaves the ESP32 at 921600 baud.</summary>
    public const int DefaultBaud = 921600;

    /// <summary>Opens <paramref name="port"/> 8N1 without handshaking and returns a stream that
    /// closes the port when disposed.</summary>
    /// <exception cref="UsageException">The port cannot be opened; the message names it.</exception>
    public static Stream Open(string port, int baud)
    {
        if (!Exists(port))
        {
            throw new UsageException($"cannot open serial port {port}: no such port (is the board plugged in and powered?); {ListPorts()}");
        }
        // DTR and RTS stay off (the SerialPort default): on ESP32 boards they drive EN and GPIO0
        // through the auto-reset circuit, and asserting them could reset the board.
        var serial = new SerialPort(port, baud, Parity.None, 8, StopBits.One) { Handshake = Handshake.None };
        try
        {
            serial.Open();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            serial.Dispose();
            string why = e is UnauthorizedAccessException && !MayBeSerialDevice(port)
                // Linux reports a path that is no terminal (/dev/null, a regular file) as "access
                // denied" too: nothing holds it, it is not a serial port.
                ? $"it is not a serial port; {ListPorts()}"
                : Why(e, Environment.IsPrivilegedProcess || OperatingSystem.IsWindows());
            throw new UsageException($"cannot open serial port {port}: {why}");
        }
        return new PortStream(serial);
    }

    /// <summary>Why an existing port did not open. Access denied to root (or on Windows) can only
    /// mean another program holds it; otherwise it may also be the user's rights.</summary>
    public static string Why(Exception e, bool privileged) => e is UnauthorizedAccessException
        ? privileged
            ? "access denied: another program holds the port (a serial monitor, another calfmon record)"
            : "access denied: another program may hold the port, or you lack the rights (Linux: add yourself to the dialout group, then log in again)"
        : e.Message;

    /// <summary>Whether <paramref name="port"/>, its links followed, may be a serial device: on
    /// Windows any COM name; elsewhere a terminal device file — /dev/tty*, /dev/cu.* (macOS),
    /// /dev/rfcomm*, /dev/pts/N — or a name under /dev/serial/. A regular file or another device
    /// (/dev/null) is not. Only then does "access denied" mean the port is held or the user lacks
    /// the rights; a link such as /dev/serial/by-id/usb-… resolves to the /dev/ttyUSB0 it names.</summary>
    public static bool MayBeSerialDevice(string port)
    {
        if (OperatingSystem.IsWindows()) return true;
        string path = Inputs.FinalTarget(port);
        if (!path.StartsWith("/dev/", StringComparison.Ordinal)) return false;
        string name = Path.GetFileName(path);
        return name.StartsWith("tty", StringComparison.Ordinal) || name.StartsWith("cu.", StringComparison.Ordinal)
            || name.StartsWith("rfcomm", StringComparison.Ordinal) || path.StartsWith("/dev/pts/", StringComparison.Ordinal)
            || path.StartsWith("/dev/serial/", StringComparison.Ordinal);
    }

    /// <summary>Whether <paramref name="port"/> names a port that is there: a device file on Linux
    /// and macOS, one of the COM ports the system lists on Windows.</summary>
    public static bool Exists(string port)
    {
        if (OperatingSystem.IsWindows()) return PortNames().Contains(port, StringComparer.OrdinalIgnoreCase);
        return File.Exists(port);
    }

    /// <summary>The serial ports of this machine (USB ones first), or empty.</summary>
    public static List<string> PortNames()
    {
        string[] names;
        try
        {
            names = SerialPort.GetPortNames();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException or InvalidOperationException)
        {
            return new List<string>();
        }
        return Ordered(names);
    }

    /// <summary>Port names without repeats, USB ones first (the board's), then by name.</summary>
    public static List<string> Ordered(IEnumerable<string> names) =>
        names.Distinct().OrderBy(n => n.Contains("USB") || n.Contains("ACM") || n.Contains("usbserial") || n.Contains("usbmodem") ? 0 : 1)
            .ThenBy(n => n, StringComparer.Ordinal).ToList();

    /// <summary>"serial ports here: …" for messages.</summary>
    public static string ListPorts() => ListPorts(PortNames());

    /// <summary>"serial ports here: …" for <paramref name="names"/> (as <see cref="PortNames"/> orders them).</summary>
    public static string ListPorts(IReadOnlyList<string> names)
    {
        const int shown = 12;
        if (names.Count == 0) return "no serial ports found on this machine";
        string list = string.Join(", ", names.Take(shown)) + (names.Count > shown ? $" and {names.Count - shown} more" : "");
        return $"serial ports here: {list}";
    }

    /// <summary>The port's stream; disposing it closes the port.</summary>
    private sealed class PortStream(SerialPort serial) : CalfMonitor.Simulator.Input.ReadOnlyStream
    {
        private readonly Stream _inner = serial.BaseStream;
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            _inner.ReadAsync(buffer, offset, count, cancellationToken);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                try { serial.Close(); } catch (IOException) { }
                serial.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
