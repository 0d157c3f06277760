using System.Collections.Generic;
using CalfMonitor.Core.Device;
using Xunit;

namespace CalfMonitor.Tests.Device;

/// <summary>The button as the main loop reads it: a pin state every loop tick, on the clock.</summary>
public class ButtonGestureTests
{
    /// <summary>Polls the button like the device's loop: every <paramref name="tickMs"/> ms, and
    /// every tenth tick <paramref name="slowTickMs"/> (a FIFO poll, a BLE notification, a flash
    /// write take time on top of the 10 ms sleep); the button is down over [downMs, upMs).
    /// Returns each gesture with the clock time it was reported at.</summary>
    private static List<(int Gesture, int AtMs)> Poll(int startMs, int downMs, int upMs, int endMs, int tickMs = 10, int slowTickMs = 10)
    {
        var b = new ButtonGesture();
        var seen = new List<(int, int)>();
        int t = startMs;
        for (int i = 0; t - endMs < 0; i++)
        {
            bool pressed = t - downMs >= 0 && t - upMs < 0;
            int g = b.Update(pressed, t);
            if (g != ButtonGesture.None) seen.Add((g, t));
            t = unchecked(t + (i % 10 == 9 ? slowTickMs : tickMs));
        }
        return seen;
    }

    [Fact]
    public void A_short_press_snoozes_on_release()
    {
        var seen = Poll(0, 1_000, 1_400, 5_000);
        Assert.Equal(new[] { (ButtonGesture.Press, 1_400) }, seen);
    }

    /// <summary>A press counts when reads spanning <see cref="ButtonGesture.DebounceMs"/> found it
    /// pressed (three reads of the 10 ms loop); two reads, or one read of a glitch followed by a
    /// long tick, do not.</summary>
    [Fact]
    public void Contact_bounce_shorter_than_the_debounce_is_not_a_press()
    {
        Assert.Empty(Poll(0, 1_000, 1_000 + ButtonGesture.DebounceMs, 3_000));        // read low at 1000 and 1010
        Assert.Single(Poll(0, 1_000, 1_000 + ButtonGesture.DebounceMs + 10, 3_000));  // and at 1020
        var b = new ButtonGesture();
        Assert.Equal(ButtonGesture.None, b.Update(false, 80));
        Assert.Equal(ButtonGesture.None, b.Update(true, 90));                           // a glitch, one read
        Assert.Equal(ButtonGesture.None, b.Update(false, 150));                         // after a 60 ms tick
    }

    /// <summary>The hold is reported once, when 3 s of clock time have passed, even when the
    /// loop's ticks run long (counting 300 ticks of a loop whose every tenth tick takes 60 ms would
    /// wait 4.5 s), and letting go afterwards is not also a press.</summary>
    [Theory]
    [InlineData(10)]
    [InlineData(60)]
    public void A_hold_toggles_once_at_three_seconds_of_clock_time_and_its_release_is_no_press(int slowTickMs)
    {
        var seen = Poll(0, 1_000, 9_000, 12_000, slowTickMs: slowTickMs);
        var (gesture, at) = Assert.Single(seen);
        Assert.Equal(ButtonGesture.Hold, gesture);
        Assert.InRange(at - 1_000, ButtonGesture.HoldMs, ButtonGesture.HoldMs + slowTickMs);
    }

    [Fact]
    public void Two_holds_toggle_twice_and_a_press_between_them_counts()
    {
        var b = new ButtonGesture();
        var seen = new List<int>();
        void Hold(int from, int to)
        {
            for (int t = from; t < to; t += 10) { int g = b.Update(true, t); if (g != 0) seen.Add(g); }
            int r = b.Update(false, to); if (r != 0) seen.Add(r);
        }
        Hold(0, 3_500);
        Hold(4_000, 4_200);
        Hold(5_000, 8_100);
        Assert.Equal(new[] { ButtonGesture.Hold, ButtonGesture.Press, ButtonGesture.Hold }, seen);
    }

    [Fact]
    public void The_clock_may_wrap_during_a_hold()
    {
        int start = int.MaxValue - 1_505;
        var seen = Poll(start, unchecked(start + 500), unchecked(start + 5_000), unchecked(start + 6_000));
        var (gesture, at) = Assert.Single(seen);
        Assert.Equal(ButtonGesture.Hold, gesture);
        Assert.Equal(ButtonGesture.HoldMs, unchecked(at - (start + 500)));
    }
}
