using System.Globalization;
using System.Text;

namespace CalfMonitor.Simulator.Input;

/// <summary>Text from the input quoted in a message: control and other invisible characters
/// written as <c>\xNN</c> (<c>\uNNNN</c> above U+00FF), so that binary input cannot drive the
/// terminal (ESC sequences, backspace), and long text cut with "…".</summary>
public static class Echo
{
    /// <summary>Longest quotation, in characters of the original text.</summary>
    public const int MaxChars = 80;

    public static string Safe(string text, int maxChars = MaxChars)
    {
        var sb = new StringBuilder(Math.Min(text.Length, maxChars) + 8);
        int n = Math.Min(text.Length, maxChars);
        if (n < text.Length && n > 0 && char.IsHighSurrogate(text[n - 1]) && char.IsLowSurrogate(text[n])) n--;   // do not split a pair
        for (int i = 0; i < n; i++)
        {
            char c = text[i];
            if (IsVisible(text, i)) sb.Append(c);
            else if (c <= 0xFF) sb.Append("\\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            else sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
        }
        if (text.Length > maxChars) sb.Append('…');
        return sb.ToString();
    }

    private static bool IsVisible(string text, int i)
    {
        char c = text[i];
        if (char.IsHighSurrogate(c)) return i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
        if (char.IsLowSurrogate(c)) return i > 0 && char.IsHighSurrogate(text[i - 1]);
        return CharUnicodeInfo.GetUnicodeCategory(c) switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned => false,
            _ => true,
        };
    }
}
