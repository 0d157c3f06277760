using System.Text.RegularExpressions;
using Xunit;

namespace CalfMonitor.Tests.Companion;

/// <summary>The companion page's own words, read from companion/index.html (no browser needed):
/// what a wearer — often older, not technical, on a phone with the page from any HTTPS host —
/// reads there must make sense without the repository.</summary>
public class CompanionPageTextTests
{
    /// <summary>The text a reader sees: markup, comments, scripts and styles removed, white space folded.</summary>
    private static string VisibleText()
    {
        string html = File.ReadAllText(Path.Combine(CompanionVectorTests.RepoRoot(), "companion", "index.html"));
        html = Regex.Replace(html, "<!--.*?-->", " ", RegexOptions.Singleline);
        html = Regex.Replace(html, "<(script|style)\\b.*?</\\1>", " ", RegexOptions.Singleline | RegexOptions.IgnoreCase);
        html = Regex.Replace(html, "<[^>]*>", " ");
        return Regex.Replace(html, "\\s+", " ");
    }

    /// <summary>Newcomer audit (session 25): the Device card ended "See docs/companion.md." — a
    /// file in the repository, which a wearer who opened the page on a phone does not have.</summary>
    [Fact]
    public void The_page_names_no_file_of_the_repository()
    {
        string text = VisibleText();
        Assert.DoesNotMatch(@"\bdocs/|\.md\b", text);
    }

    /// <summary>Newcomer audit (session 25): the Now card's big numbers are "activations" and the
    /// "sedentary spell", words of the project, and the page said nowhere what they mean.</summary>
    [Fact]
    public void The_now_card_says_in_plain_words_what_an_activation_and_the_sedentary_spell_are()
    {
        string text = VisibleText();
        Assert.Contains("An activation is one movement that works the calf muscles of the leg wearing the device, in a series: each step of that leg as you walk (every second step), a heel raise of a set, a pedal stroke", text);
        Assert.Contains("The sedentary spell is how long you have sat or stood still since your last break", text);
    }
}
