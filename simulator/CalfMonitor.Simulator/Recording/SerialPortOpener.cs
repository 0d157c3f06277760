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
            string hint = e is UnauthorizedAccessException ? " (Linux: add yourself to the dialout group; another program may hold the port)" : "";
            throw new UsageException($"cannot open serial port {port}: {e.Message}{hint}");
        }
        return new PortStream(serial);
    }

    /// <summary>The port's stream; disposing it closes the port.</summary>
    private sealed class PortStream(SerialPort serial) : Stream
    {
        private readonly Stream _inner = serial.BaseStream;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            _inner.ReadAsync(buffer, offset, count, cancellationToken);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

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
