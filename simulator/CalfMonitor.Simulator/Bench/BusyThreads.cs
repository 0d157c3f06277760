namespace CalfMonitor.Simulator.Bench;

/// <summary>
/// Threads that keep the machine busy beside a measurement (<c>calfmon bench --busy-threads N</c>,
/// docs/performance.md): each spins on floating-point arithmetic until <see cref="Dispose"/>, which
/// stops them and waits until every one has ended. It shows what other load does to
/// replay_over_parse as a figure anyone can reproduce, instead of a test that times it.
/// </summary>
/// <example><code>
/// using (var load = new BusyThreads(4)) { /* measure */ }   // all four have ended here, even after an exception
/// </code></example>
public sealed class BusyThreads : IDisposable
{
    /// <summary>Most spinning threads allowed, threads: 32 per core on this 2-core machine, far
    /// more than it takes to load any machine; a bound so that a slip (4000) cannot stall one.</summary>
    public const int MaxCount = 64;

    private readonly List<Thread> threads = new();
    private volatile bool stop;
    private int running;

    /// <summary>Starts <paramref name="count"/> spinning threads (0: none). If one cannot be
    /// started, those already running are stopped before the error is passed on.</summary>
    public BusyThreads(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxCount);
        try
        {
            for (int i = 0; i < count; i++)
            {
                // Background: a spinning thread never keeps the process alive, whatever happens.
                var t = new Thread(Spin) { IsBackground = true, Name = $"bench busy {i + 1}" };
                Interlocked.Increment(ref running);
                try
                {
                    t.Start();
                }
                catch
                {
                    Interlocked.Decrement(ref running);
                    throw;
                }
                threads.Add(t);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Threads started.</summary>
    public int Count => threads.Count;

    /// <summary>Threads started that have not yet ended (0 once <see cref="Dispose"/> has returned).</summary>
    public int Running => Volatile.Read(ref running);

    private void Spin()
    {
        try
        {
            // Work a compiler cannot drop (the result is kept) and that needs no memory: the load
            // is on the cores, as other builds and tests put it there.
            double x = 1;
            while (!stop) x = x * 1.0000001 + 1e-9;
            GC.KeepAlive(x);
        }
        finally
        {
            Interlocked.Decrement(ref running);
        }
    }

    /// <summary>Stops every thread and waits until each has ended.</summary>
    public void Dispose()
    {
        stop = true;
        foreach (var t in threads) t.Join();
    }
}
