using System.Runtime.ExceptionServices;
using Spectre.Console;

namespace CalfMonitor.Simulator.Cli;

/// <summary>What a long-running job reports: rows done out of an estimated total (≤ 0: unknown).</summary>
public sealed class ProgressState
{
    private long _done;

    public ProgressState(string description, long estimatedTotal)
    {
        Description = description;
        EstimatedTotal = estimatedTotal;
    }

    public string Description { get; }
    public long EstimatedTotal { get; }
    public long Done { get => Interlocked.Read(ref _done); set => Interlocked.Exchange(ref _done, value); }
}

/// <summary>
/// Terminal manners. A job that takes longer than <see cref="Delay"/> shows a Spectre.Console
/// progress bar on stderr — only on an interactive terminal: never when stdout or stderr is
/// redirected, when <c>CI</c> is set, or when the command writes to other writers than the
/// console (tests). Colours follow <c>NO_COLOR</c> (https://no-color.org).
/// </summary>
public static class Progress
{
    /// <summary>Jobs shorter than this show nothing.</summary>
    public static TimeSpan Delay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>True on an interactive terminal outside CI.</summary>
    public static bool Interactive =>
        !Console.IsOutputRedirected && !Console.IsErrorRedirected &&
        string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

    /// <summary>True when colour may be used on <paramref name="writer"/>: the interactive
    /// console, and NO_COLOR unset (or empty).</summary>
    public static bool ColourOn(TextWriter writer) =>
        Interactive && IsConsole(writer) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));

    private static bool IsConsole(TextWriter w) => ReferenceEquals(w, Console.Out) || ReferenceEquals(w, Console.Error);

    /// <summary>Runs <paramref name="work"/>; when it outlasts <see cref="Delay"/> on an interactive
    /// terminal, shows its progress on stderr until it ends. Exceptions pass through unchanged.</summary>
    public static T Run<T>(ProgressState state, TextWriter stderr, Func<ProgressState, T> work)
    {
        if (!Interactive || !IsConsole(stderr)) return work(state);
        var job = Task.Run(() => work(state));
        if (!((IAsyncResult)job).AsyncWaitHandle.WaitOne(Delay))
        {
            try
            {
                var console = AnsiConsole.Create(new AnsiConsoleSettings
                {
                    Out = new AnsiConsoleOutput(Console.Error),
                    Ansi = AnsiSupport.Detect,
                    ColorSystem = string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
                        ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
                });
                console.Progress()
                    .AutoClear(true)
                    .HideCompleted(true)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                        new ElapsedTimeColumn(), new SpinnerColumn())
                    .Start(ctx =>
                    {
                        var task = ctx.AddTask(Markup.Escape(state.Description), maxValue: 1000);
                        task.IsIndeterminate = state.EstimatedTotal <= 0;
                        while (!((IAsyncResult)job).AsyncWaitHandle.WaitOne(100))
                        {
                            if (state.EstimatedTotal > 0)
                            {
                                task.Value = Math.Min(990, 1000.0 * state.Done / state.EstimatedTotal);
                            }
                        }
                        task.Value = 1000;
                    });
            }
            catch (Exception) when (!job.IsCompleted)
            {
                // The display failed (odd terminal): the job still finishes.
            }
        }
        try
        {
            return job.GetAwaiter().GetResult();
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }
    }

    /// <summary>Estimates the data rows of a text file from its size and its first 64 KiB;
    /// 0 when it cannot tell (no such file, a folder, an IPOL trial prefix).</summary>
    public static long EstimateRows(string path)
    {
        try
        {
            if (!File.Exists(path)) return 0;
            long length = new FileInfo(path).Length;
            using var f = File.OpenRead(path);
            var buf = new byte[65536];
            int n = f.Read(buf, 0, buf.Length);
            int lines = 0;
            for (int i = 0; i < n; i++) if (buf[i] == '\n') lines++;
            if (lines == 0) return 0;
            return (long)(length / ((double)n / lines));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
