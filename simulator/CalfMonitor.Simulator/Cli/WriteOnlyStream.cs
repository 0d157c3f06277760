namespace CalfMonitor.Simulator.Cli;

/// <summary>A stream that is only written to, in order: what a wrapper over an output (a file
/// whose failures are told with its option, a text writer fed with UTF-8) leaves unsupported.</summary>
public abstract class WriteOnlyStream : Stream
{
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <summary>Every write comes here (Stream's own would turn it back into the array form).</summary>
    public abstract override void Write(ReadOnlySpan<byte> buffer);
}
