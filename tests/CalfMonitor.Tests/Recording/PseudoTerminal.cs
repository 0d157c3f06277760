using System.Runtime.InteropServices;

namespace CalfMonitor.Tests.Recording;

/// <summary>
/// A Linux pseudo-terminal pair opened through libc, standing in for the device's USB serial
/// port: the test writes the device's bytes into the master, calfmon opens the slave path
/// (/dev/pts/N) like any serial port. No socat needed.
/// </summary>
public sealed class PseudoTerminal : IDisposable
{
    private const int O_RDWR = 0x2;
    private const int O_NOCTTY = 0x100;      // Linux value: the pty must not become our controlling terminal
    private const int TCSANOW = 0;
    private const int TermiosBytes = 256;     // struct termios is 60 bytes on glibc; room to spare

    [DllImport("libc", SetLastError = true)] private static extern int posix_openpt(int flags);
    [DllImport("libc", SetLastError = true)] private static extern int grantpt(int fd);
    [DllImport("libc", SetLastError = true)] private static extern int unlockpt(int fd);
    [DllImport("libc", SetLastError = true)] private static extern IntPtr ptsname(int fd);
    [DllImport("libc", SetLastError = true)] private static extern int open([MarshalAs(UnmanagedType.LPStr)] string path, int flags);
    [DllImport("libc", SetLastError = true)] private static extern int close(int fd);
    [DllImport("libc", SetLastError = true)] private static extern nint write(int fd, byte[] buffer, nint count);
    [DllImport("libc", SetLastError = true)] private static extern int tcgetattr(int fd, byte[] termios);
    [DllImport("libc", SetLastError = true)] private static extern int tcsetattr(int fd, int when, byte[] termios);
    [DllImport("libc")] private static extern void cfmakeraw(byte[] termios);

    private readonly int _master;
    private readonly int _slave;
    private readonly object _writeLock = new();
    private bool _closed;

    public PseudoTerminal()
    {
        _master = Check(posix_openpt(O_RDWR | O_NOCTTY), "posix_openpt");
        Check(grantpt(_master), "grantpt");
        Check(unlockpt(_master), "unlockpt");
        SlavePath = Marshal.PtrToStringAnsi(ptsname(_master)) ?? throw new InvalidOperationException("ptsname failed");
        // Raw mode before anyone writes: no echo back into the master, no CR/LF translation. The
        // slave stays open so the setting holds until calfmon opens (and itself configures) it.
        _slave = Check(open(SlavePath, O_RDWR | O_NOCTTY), "open slave");
        var termios = new byte[TermiosBytes];
        Check(tcgetattr(_slave, termios), "tcgetattr");
        cfmakeraw(termios);
        Check(tcsetattr(_slave, TCSANOW, termios), "tcsetattr");
    }

    /// <summary>The path calfmon opens as its serial port, e.g. /dev/pts/3.</summary>
    public string SlavePath { get; }

    /// <summary>Writes all of <paramref name="data"/> into the master (what the device sends).</summary>
    public void Write(byte[] data)
    {
        lock (_writeLock)
        {
            if (_closed) return;
            int done = 0;
            while (done < data.Length)
            {
                var chunk = data[done..];
                nint n = write(_master, chunk, chunk.Length);
                if (n < 0) throw new IOException($"write to pty master failed: errno {Marshal.GetLastPInvokeError()}");
                done += (int)n;
            }
        }
    }

    private static int Check(int result, string what) =>
        result >= 0 ? result : throw new IOException($"{what} failed: errno {Marshal.GetLastPInvokeError()}");

    public void Dispose()
    {
        lock (_writeLock)
        {
            if (_closed) return;
            _closed = true;
            close(_slave);
            close(_master);
        }
    }
}
