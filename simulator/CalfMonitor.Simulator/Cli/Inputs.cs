using System.IO.Compression;
using System.Text;
using CalfMonitor.Simulator.Input;

namespace CalfMonitor.Simulator.Cli;

/// <summary>Opens the recordings a command was given.</summary>
public static class Inputs
{
    /// <summary>Name under which the embedded office-hour trace appears in reports.</summary>
    public const string EmbeddedName = "(embedded office-hour trace)";

    /// <summary>The trace built into the program: a synthetic office hour (docs/synthesis.md).</summary>
    public static NativeTraceReader OpenEmbedded()
    {
        var stream = typeof(Inputs).Assembly.GetManifestResourceStream("office-hour.trace.csv.gz")
            ?? throw new InvalidOperationException("the embedded trace is missing from this build");
        var text = new StreamReader(new GZipStream(stream, CompressionMode.Decompress), new UTF8Encoding(false));
        return new NativeTraceReader(EmbeddedName, new LineReader(EmbeddedName, text));
    }

    /// <summary>Opens one file in the selected format.</summary>
    public static ISampleSource Open(string path, InputSelection sel)
    {
        RejectUnknownOption(path);
        // Not asked: the file's own leg where it names one (an IPOL foot file), else the right.
        Leg? leg = sel.LegGiven ? (sel.LeftLeg ? Leg.Left : Leg.Right) : null;
        return SourceFactory.Open(path, sel.Format, leg, sel.Site, sel.RateHz);
    }

    /// <summary>True when <paramref name="source"/> holds one sensor, which --leg does not choose: a
    /// native trace, a single-sensor gaitmap file.</summary>
    public static bool OneSensor(ISampleSource source) => source is NativeTraceReader or GaitmapReader { SingleSensor: true };

    /// <summary>The warning for a --leg given for a file that holds one sensor, or null: the option
    /// is ignored, and says so rather than without a word.</summary>
    public static string? IgnoredLeg(ISampleSource source, InputSelection sel) =>
        sel.LegGiven && OneSensor(source) ? $"{source.Path}: --leg {(sel.LeftLeg ? "left" : "right")} ignored: the file holds one sensor" : null;

    /// <summary>An argument that looks like an option and is no file is a mistyped option.</summary>
    public static void RejectUnknownOption(string path)
    {
        if (path.StartsWith('-') && path.Length > 1 && !System.IO.File.Exists(path))
        {
            throw new UsageException($"unknown option '{path}' (see --help)");
        }
    }

    /// <summary>Checks a file an option will write before any work is done: not a folder, and its
    /// folder exists. '-' (standard output) passes.</summary>
    public static void CheckOutputFile(string option, string path)
    {
        if (path == "-") return;
        RequirePath(option, path);
        if (Directory.Exists(path)) throw new UsageException($"{option} {path}: is a folder; give a file name inside it");
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir != null && !Directory.Exists(dir))
        {
            throw new UsageException(File.Exists(dir)
                ? $"{option} {path}: '{dir}' is a file, not a folder"
                : $"{option} {path}: folder '{dir}' does not exist");
        }
    }

    /// <summary>Writes the file an option names (<c>--plot</c>, <c>--junit</c>): a failure — a file
    /// this user may not write, a full disk — is "--plot FILE: cannot be written (permission
    /// denied)", naming the option as <c>--out</c>'s messages do (it reached the generic handler as
    /// "FILE: permission denied", which did not say which option; newcomer audit).</summary>
    public static void WriteOptionFile(string option, string path, Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{option} {path}: cannot be written ({IoWords.Why(e)})");
        }
    }

    /// <summary>The file <paramref name="path"/> names, its links followed, as a full path (itself
    /// when it is no link, or a link that cannot be followed).</summary>
    public static string FinalTarget(string path)
    {
        try
        {
            return File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);
        }
        catch (IOException)
        {
            return Path.GetFullPath(path);
        }
    }

    /// <summary>A path option given as '' (or only spaces) names no file: a usage error naming the option.</summary>
    public static void RequirePath(string option, string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new UsageException($"{option}: the path is empty; give a file name");
    }

    /// <summary>Expands folders into their files (sorted), keeps files as given.</summary>
    public static List<string> Expand(IEnumerable<string> paths, Func<string, bool> include)
    {
        var list = new List<string>();
        foreach (var p in paths)
        {
            if (Directory.Exists(p))
            {
                list.AddRange(Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories)
                    .Where(include).OrderBy(f => f, StringComparer.Ordinal));
            }
            else list.Add(p);
        }
        return list;
    }
}
