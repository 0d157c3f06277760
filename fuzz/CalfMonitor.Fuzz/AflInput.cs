using Microsoft.Win32.SafeHandles;

namespace CalfMonitor.Fuzz;

/// <summary>
/// The input of one run under afl-fuzz. afl-fuzz writes each input into the file that is the
/// target's standard input, rewinds it and then asks for a run. SharpFuzz 2.3.0 reads standard
/// input once as soon as it has greeted afl-fuzz — racing afl-fuzz's writing of the first input
/// — and hands what it read to its set-up run and to the first run afl-fuzz times. When it read
/// first, the first seed's first calibration run ran an empty (or partly written) input, and
/// afl-fuzz counted every edge the two paths do not share as variable: the first seed flagged
/// variable and stability down to 54–60 % for targets whose seed takes a long path
/// (docs/robustness.md, Stability). Reading the file itself from its start gives what afl-fuzz
/// wrote for this run, whatever SharpFuzz read.
/// </summary>
public static class AflInput
{
    public static byte[] Read(Stream fromSharpFuzz)
    {
        using var stdin = new SafeFileHandle(0, ownsHandle: false);
        return Read(fromSharpFuzz, stdin);
    }

    /// <summary>
    /// <see cref="Read(Stream)"/> with the target's standard input given as a handle: what
    /// <paramref name="stdin"/> holds from its first byte to its end when it is a file, else what
    /// SharpFuzz read. The harness passes file descriptor 0; the tests pass a file or a pipe of
    /// their own (tests/CalfMonitor.Tests/Robustness/AflInputTests.cs).
    /// </summary>
    public static byte[] Read(Stream fromSharpFuzz, SafeFileHandle stdin)
    {
        try
        {
            long length = RandomAccess.GetLength(stdin);
            var data = new byte[length];
            int done = 0;
            while (done < data.Length)
            {
                int n = RandomAccess.Read(stdin, data.AsSpan(done), done);
                if (n == 0) return data[..done];
                done += n;
            }
            return data;
        }
        catch (Exception e) when (e is NotSupportedException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            // Standard input is no file (a pipe): what SharpFuzz read is all there is.
            using var copy = new MemoryStream();
            fromSharpFuzz.CopyTo(copy);
            return copy.ToArray();
        }
    }
}
