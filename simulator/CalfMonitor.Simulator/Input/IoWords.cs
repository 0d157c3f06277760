using System.Text.RegularExpressions;

namespace CalfMonitor.Simulator.Input;

/// <summary>The runtime's file-system failures in the program's voice. A file that this user may
/// not read or write was told in .NET's words, "Access to the path '/x/y' is denied.", which the
/// messages' rules forbid (tests run as root, who is denied nothing, so none of them met it).</summary>
public static class IoWords
{
    private static readonly Regex DeniedPath = new(@"^Access to the path '(?<path>.*)' is denied\.?$");

    /// <summary>Why an operation on a file failed, for a message that already names the file:
    /// "permission denied" for a file this user may not read or write, else the runtime's message.</summary>
    public static string Why(Exception e)
    {
        if (e is UnauthorizedAccessException) return "permission denied";
        // On Unix the runtime appends the path, "Input/output error : '/proc/version'": the
        // message already names the file.
        var m = ErrorOnPath.Match(e.Message);
        return m.Success ? m.Groups["why"].Value : e.Message;
    }

    private static readonly Regex ErrorOnPath = new(@"^(?<why>[^:']+) : '.*'$");

    /// <summary>One line for a denial caught where the file is not known: the file, from the
    /// runtime's message, and "permission denied".</summary>
    public static string Denied(UnauthorizedAccessException e)
    {
        var m = DeniedPath.Match(e.Message);
        return m.Success ? $"{m.Groups["path"].Value}: permission denied" : "permission denied";
    }
}
