using CalfMonitor.Core;
using CalfMonitor.Core.Sedentary;

namespace CalfMonitor.Tests.Alerts;

/// <summary>Drives an <see cref="AlertPolicy"/> one second at a time, as a scripted day.</summary>
public sealed class PolicyDriver
{
    public readonly AlertPolicy Policy;
    public int NowMs;
    public long ElapsedMs;
    public readonly List<(double AtMin, int Reason, int Repeat, int Buzz, int SpellS)> Alerts = new();

    public PolicyDriver(MonitorSettings? settings = null, int startMs = 0)
    {
        Policy = new AlertPolicy(settings ?? new MonitorSettings());
        NowMs = startMs;
        Policy.Start(NowMs);
    }

    public double Minutes => ElapsedMs / 60000.0;

    /// <summary>Lets <paramref name="ms"/> pass and evaluates.</summary>
    public void Step(int ms = 1000, bool activation = false)
    {
        NowMs = unchecked(NowMs + ms);
        ElapsedMs += ms;
        if (activation) Policy.OnActivation(NowMs);
        int r = Policy.Evaluate(NowMs);
        if (r != AlertReason.None) Alerts.Add((ElapsedMs / 60000.0, r, Policy.LastRepeatIndex, Policy.LastBuzzPulses, Policy.LastSpellSeconds));
    }

    /// <summary>Sitting or standing still: no activations.</summary>
    public void Sit(double minutes)
    {
        int n = (int)Math.Round(minutes * 60);
        for (int i = 0; i < n; i++) Step();
    }

    /// <summary>Walking: one activation of this leg every second (60/min).</summary>
    public void Walk(double minutes)
    {
        int n = (int)Math.Round(minutes * 60);
        for (int i = 0; i < n; i++) Step(activation: true);
    }

    /// <summary>A few activations, one a second: fidgeting, not a pump break.</summary>
    public void Fidget(int activations)
    {
        for (int i = 0; i < activations; i++) Step(activation: true);
    }

    /// <summary>From a fresh spell: sitting until 29:50, a movement then, sitting on to 30:20 — the
    /// first alert, due at 30:00, is waiting after activity (defaults: a 60 s grace).</summary>
    public void SitUntilTheFirstAlertWaitsAfterActivity()
    {
        Sit(29);
        for (int i = 0; i < 49; i++) Step();
        Step(activation: true);               // 29:50
        Sit(0.5);                             // 30:20, due and waiting
    }

    /// <summary>Lying (or not worn) for a while, then upright again.</summary>
    public void Lie(double minutes)
    {
        Policy.SetSuspended(true);
        Sit(minutes);
        Policy.SetSuspended(false);
    }

    /// <summary>Sets local time of day on Monday 2026-01-05.</summary>
    public void SetClock(int hours, int minutes, int seconds = 0) =>
        Policy.SetTime(NowMs, WallClock.DaysFromCivil(2026, 1, 5) * 86400 + hours * 3600 + minutes * 60 + seconds);

    public double[] AlertMinutes => Alerts.Select(a => Math.Round(a.AtMin, 4)).ToArray();
}
