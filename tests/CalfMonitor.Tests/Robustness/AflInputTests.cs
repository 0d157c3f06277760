using System.IO.Pipes;
using CalfMonitor.Fuzz;
using Microsoft.Win32.SafeHandles;
using Xunit;

namespace CalfMonitor.Tests.Robustness;

/// <summary>
/// The fuzz harness's input under afl-fuzz (fuzz/CalfMonitor.Fuzz/AflInput.cs): afl-fuzz writes
/// each input into the file that is the target's standard input, and SharpFuzz may read standard
/// input before afl-fuzz has written it. A run must see the whole file as afl-fuzz wrote it, not
/// what SharpFuzz happened to read; from a pipe (no file to read again), what SharpFuzz read.
/// Standard input here is a file (or a pipe) of the test's own, handed to the harness's seam.
/// </summary>
public class AflInputTests
{
    private static readonly byte[] Input = "1,0,0,16384,0,0,0\n2,10,0,16384,0,0,0\n"u8.ToArray();

    [Fact]
    public void A_run_reads_the_input_afl_fuzz_wrote_after_sharpfuzz_read_an_empty_standard_input()
    {
        using var dir = new TempDir();
        string file = dir.FileBytes(".cur_input", []);
        using var stdin = File.OpenHandle(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        // SharpFuzz greets afl-fuzz and reads standard input at once: nothing is written yet.
        byte[] sharpFuzzRead = ReadAll(stdin);
        Assert.Empty(sharpFuzzRead);
        File.WriteAllBytes(file, Input);   // afl-fuzz writes the first input, then asks for a run

        Assert.Equal(Input, AflInput.Read(new MemoryStream(sharpFuzzRead), stdin));
    }

    [Fact]
    public void A_run_reads_the_whole_input_when_sharpfuzz_read_it_half_written()
    {
        using var dir = new TempDir();
        string file = dir.FileBytes(".cur_input", Input[..7]);
        using var stdin = File.OpenHandle(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        byte[] sharpFuzzRead = ReadAll(stdin);
        File.WriteAllBytes(file, Input);

        Assert.Equal(Input, AflInput.Read(new MemoryStream(sharpFuzzRead), stdin));
    }

    [Fact]
    public void A_shorter_input_after_a_longer_one_is_read_without_the_longer_ones_tail()
    {
        using var dir = new TempDir();
        string file = dir.FileBytes(".cur_input", Input);
        using var stdin = File.OpenHandle(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        Assert.Equal(Input, AflInput.Read(new MemoryStream(ReadAll(stdin)), stdin));
        // The next input is shorter: afl-fuzz truncates the file to it. SharpFuzz handed over the
        // earlier input still.
        File.WriteAllBytes(file, Input[..5]);

        Assert.Equal(Input[..5], AflInput.Read(new MemoryStream(Input), stdin));
    }

    [Fact]
    public void From_a_pipe_a_run_gets_what_sharpfuzz_read()
    {
        using var writer = new AnonymousPipeServerStream(PipeDirection.Out, HandleInheritability.None);
        using var stdin = new SafeFileHandle(writer.ClientSafePipeHandle.DangerousGetHandle(), ownsHandle: false);
        writer.Write(Input[..9]);   // more than SharpFuzz read: a pipe cannot be read again

        Assert.Equal(Input[..5], AflInput.Read(new MemoryStream(Input[..5]), stdin));
    }

    private static byte[] ReadAll(SafeFileHandle handle)
    {
        var data = new byte[RandomAccess.GetLength(handle)];
        int n = RandomAccess.Read(handle, data, 0);
        return data[..n];
    }
}
