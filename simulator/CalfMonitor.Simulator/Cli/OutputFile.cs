using System.Text;
using CalfMonitor.Simulator.Input;

namespace CalfMonitor.Simulator.Cli;

/// <summary>
/// A file that <c>--out</c> names (convert, synth), written so that a failed or interrupted run
/// never leaves half a trace where a good one was: a file with content is replaced at once (a
/// temporary file beside it, renamed over it when complete), and a new file appears only when
/// complete. Anything else that exists — a device such as /dev/null, a FIFO, a link such as
/// /dev/stdout, an empty file — is written straight into: renaming over it replaced the device
/// node with a file, and a temporary file beside it would have to be made in /dev.
/// <code>
/// using var file = OutputFile.Create("--out", path);
/// Write(file.Writer);
/// file.Commit();   // without it (an exception), the temporary file is deleted
/// </code>
/// A write that fails (disk full, a file size limit, a vanished folder) is a <see cref="UsageException"/>
/// naming the option and the file.
/// </summary>
public sealed class OutputFile : IDisposable
{
    /// <summary>Buffer of the writer, bytes: rows go out in 64 KiB writes, not one system call each.</summary>
    private const int BufferBytes = 1 << 16;

    private readonly string _option;
    private readonly string _outPath;
    private readonly string _target;
    private readonly string? _tmp;
    private bool _committed;

    private OutputFile(string option, string outPath, string target, string? tmp, TextWriter writer)
    {
        _option = option;
        _outPath = outPath;
        _target = target;
        _tmp = tmp;
        Writer = writer;
    }

    /// <summary>Where the output is written (UTF-8 without a byte order mark).</summary>
    public TextWriter Writer { get; }

    /// <summary>Opens the output for <paramref name="outPath"/> (not '-': standard output is the
    /// caller's); a file that cannot be made is a <see cref="UsageException"/>.</summary>
    public static OutputFile Create(string option, string outPath)
    {
        bool direct = WritesThrough(outPath);
        // A link to a file with content: that file is replaced, the link stays.
        string target = direct ? outPath : Inputs.FinalTarget(outPath);
        string? tmp = direct ? null : TempBeside(target);
        FileStream stream;
        try
        {
            stream = new FileStream(tmp ?? outPath, FileMode.Create, FileAccess.Write, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{option} {outPath}: cannot be written ({(direct ? IoWords.Why(e) : "no file can be made beside it: " + IoWords.Why(e))})");
        }
        var writer = new StreamWriter(new Guarded(stream, option, outPath), new UTF8Encoding(false), BufferBytes);
        return new OutputFile(option, outPath, target, tmp, writer);
    }

    /// <summary>The output is complete: flushes and closes it, and renames the temporary file over
    /// the target.</summary>
    public void Commit()
    {
        Writer.Dispose();
        if (_tmp != null)
        {
            try
            {
                File.Move(_tmp, _target, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"{_option} {_outPath}: cannot be written ({IoWords.Why(e)})");
            }
        }
        _committed = true;
    }

    /// <summary>Without <see cref="Commit"/>: closes the output and deletes the temporary file
    /// (what was written straight into a device or an empty file stays written).</summary>
    public void Dispose()
    {
        if (_committed) return;
        _committed = true;
        try { Writer.Dispose(); } catch (Exception e) when (e is IOException or UsageException) { }
        if (_tmp != null) try { File.Delete(_tmp); } catch (IOException) { }
    }

    /// <summary>A temporary file beside <paramref name="outPath"/> that no one else names: hidden,
    /// with a random part (a fixed "OUT.tmp" clobbered and deleted a user's file of that name).</summary>
    public static string TempBeside(string outPath)
    {
        string full = Path.GetFullPath(outPath);
        return Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.{Path.GetRandomFileName()}.tmp");
    }

    /// <summary>Whether --out is written straight into rather than replaced: anything under /dev or
    /// /proc (/dev/null, /dev/stdout), and an existing target — its links followed — of length 0 (a
    /// device, a FIFO, an empty file).</summary>
    public static bool WritesThrough(string outPath)
    {
        string full = Path.GetFullPath(outPath);
        if (full.StartsWith("/dev/", StringComparison.Ordinal) || full.StartsWith("/proc/", StringComparison.Ordinal)) return true;
        var info = new FileInfo(Inputs.FinalTarget(outPath));
        return info.Exists && info.Length == 0;
    }

    /// <summary>The file stream, whose failed writes become one message naming the option and the
    /// file. A write past the size limit of the process (<c>ulimit -f</c>, EFBIG, with SIGXFSZ
    /// ignored) reaches .NET as an ArgumentOutOfRangeException ("Specified file length was too large
    /// for the file system"), which no handler took for bad input: a stack trace.</summary>
    private sealed class Guarded(FileStream inner, string option, string outPath) : WriteOnlyStream
    {
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            try
            {
                inner.Write(buffer);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
            {
                throw Failed(e);
            }
        }

        public override void Flush()
        {
            try
            {
                inner.Flush();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
            {
                throw Failed(e);
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                try
                {
                    inner.Dispose();
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
                {
                    throw Failed(e);
                }
            }
            base.Dispose(disposing);
        }

        private UsageException Failed(Exception e) =>
            new($"{option} {outPath}: cannot be written ({(e is ArgumentOutOfRangeException ? "the size limit for files of this process, ulimit -f, is reached" : IoWords.Why(e))})");
    }
}
