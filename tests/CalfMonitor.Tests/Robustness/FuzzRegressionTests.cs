using CalfMonitor.Fuzz;
using CalfMonitor.Tests.Cli;
using Xunit;

namespace CalfMonitor.Tests.Robustness;

/// <summary>
/// The fuzz targets (fuzz/CalfMonitor.Fuzz) on their seeds, on every saved regression input
/// (tests/corpus/fuzz/TARGET/) and on the whole bad-input corpus: nothing but the documented
/// <c>InputException</c> may escape (FuzzTargets.Run swallows only that).
/// </summary>
[Collection(HeavyCollection.Name)]
public class FuzzRegressionTests
{
    public static TheoryData<string> Targets()
    {
        var d = new TheoryData<string>();
        foreach (var t in FuzzTargets.All.Keys) d.Add(t);
        return d;
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Seeds_and_saved_inputs_run_without_a_crash(string target)
    {
        foreach (var (_, data) in Seeds.For(target)) FuzzTargets.Run(target, data);
        string saved = Path.Combine(CorpusTests.CorpusFolder(), "fuzz", target);
        if (Directory.Exists(saved))
        {
            foreach (var f in Directory.EnumerateFiles(saved)) FuzzTargets.Run(target, File.ReadAllBytes(f));
        }
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Every_bad_and_good_corpus_file_runs_through_every_target(string target)
    {
        foreach (var kind in new[] { "bad", "good" })
        {
            foreach (var f in Directory.EnumerateFiles(Path.Combine(CorpusTests.CorpusFolder(), kind)))
            {
                FuzzTargets.Run(target, File.ReadAllBytes(f));
            }
        }
    }

    /// <summary>What the harness runs before the first input under afl-fuzz (FuzzTargets.WarmUp:
    /// first-use code out of the fuzzer's sight); a crash there would end the fuzzer at its start.</summary>
    [Theory]
    [MemberData(nameof(Targets))]
    public void The_warm_up_inputs_run_without_a_crash(string target)
    {
        var inputs = FuzzTargets.Variations(target).ToList();
        Assert.True(inputs.Count > Seeds.For(target).Count(), $"{target}: no variations of the seeds");
        foreach (var input in inputs) FuzzTargets.Run(target, input);
    }

    [Fact]
    public void Truncations_and_bit_flips_of_the_seeds_do_not_crash()
    {
        var rng = new Random(11);
        foreach (var target in FuzzTargets.All.Keys)
        {
            foreach (var (_, seed) in Seeds.For(target))
            {
                for (int n = 0; n <= seed.Length; n += Math.Max(1, seed.Length / 40)) FuzzTargets.Run(target, seed[..n]);
                for (int k = 0; k < 200; k++)
                {
                    var m = (byte[])seed.Clone();
                    if (m.Length == 0) break;
                    for (int b = 0; b < 1 + k % 4; b++) m[rng.Next(m.Length)] ^= (byte)(1 << rng.Next(8));
                    FuzzTargets.Run(target, m);
                }
            }
        }
    }
}
