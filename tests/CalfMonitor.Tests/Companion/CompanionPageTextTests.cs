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
        // Most of what the wearer reads is written by the scripts (status lines, messages, the Now
        // card): their code with the comments removed (which may cite docs/) names no file either.
        string js = Path.Combine(CompanionVectorTests.RepoRoot(), "companion", "js");
        var scripts = Directory.GetFiles(js, "*.js");
        Assert.True(scripts.Length >= 4, $"the page's scripts in {js}");
        foreach (string file in scripts)
        {
            string code = Regex.Replace(File.ReadAllText(file), @"/\*.*?\*/", " ", RegexOptions.Singleline);
            code = Regex.Replace(code, @"(?<![:\\])//.*$", " ", RegexOptions.Multiline);   // not chrome://flags
            var named = Regex.Match(code, @"\bdocs/|\.md\b");
            Assert.False(named.Success, $"{Path.GetFileName(file)} writes '{(named.Success ? code.Substring(Math.Max(0, named.Index - 60), Math.Min(120, code.Length - Math.Max(0, named.Index - 60))) : "")}' for the wearer to read");
        }
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

    /// <summary>Task 26a: the device speaks to the wearer only through its motor, and a new wearer met
    /// the six quick ticks or the two slow hums first when it mattered. The page says what each of
    /// the five buzzes feels like and means, and what to do, in the wearer's words — before
    /// connecting too (the "Feel it" buttons need the device; the words do not).</summary>
    [Fact]
    public void The_buzz_card_says_what_each_buzz_feels_like_and_what_to_do()
    {
        string text = VisibleText();
        Assert.Contains("What the buzzes mean", text);
        Assert.Contains("One buzz Time to move — stand up and walk a little, or do a few heel raises.", text);
        Assert.Contains("Several buzzes in a row The reminder repeated — at its strongest: you have kept sitting. Stand up and move now.", text);
        Assert.Contains("One short tick Break done — well done. Nothing to do.", text);
        Assert.Contains("Six quick ticks The sensor is not answering, so the device cannot count — switch it off and on again; if the ticks come back, ask for help.", text);
        Assert.Contains("Two slow hums Battery low — charge it soon.", text);
        Assert.Equal(5, Regex.Matches(text, "Feel it(?!”)").Count);   // one button each (the intro quotes “Feel it”)
    }
}
