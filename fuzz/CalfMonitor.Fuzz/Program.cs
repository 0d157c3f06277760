using CalfMonitor.Fuzz;
using SharpFuzz;

// calfmon-fuzz TARGET            under afl-fuzz (persistent mode; fuzz/run.sh)
// calfmon-fuzz TARGET FILE...    runs the target once per file and reports what escapes
// calfmon-fuzz seeds TARGET DIR  writes small valid inputs for TARGET into DIR
if (args.Length == 3 && args[0] == "seeds")
{
    Directory.CreateDirectory(args[2]);
    foreach (var (name, data) in Seeds.For(args[1])) File.WriteAllBytes(Path.Combine(args[2], name), data);
    return 0;
}
if (args.Length == 0 || !FuzzTargets.All.ContainsKey(args[0]))
{
    Console.Error.WriteLine($"usage: calfmon-fuzz TARGET [FILE...]; targets: {string.Join(' ', FuzzTargets.All.Keys)}");
    return 2;
}
string target = args[0];
if (args.Length > 1)
{
    int failed = 0;
    foreach (var f in args.Skip(1))
    {
        try
        {
            FuzzTargets.Run(target, File.ReadAllBytes(f));
            Console.WriteLine($"ok    {f}");
        }
        catch (Exception e)
        {
            failed++;
            Console.WriteLine($"CRASH {f}: {e.GetType().Name}: {e.Message}");
            Console.WriteLine(e.StackTrace);
        }
    }
    return failed == 0 ? 0 : 1;
}
bool warm = false;
Fuzzer.Run(stream =>
{
    byte[] input = AflInput.Read(stream);
    if (!warm)
    {
        // The first call is SharpFuzz's set-up run, whose trace it discards: run the seeds and
        // their variations there first, so that first-use code (static constructors, the
        // compiler's cached lambdas) runs in it and not in the first input afl-fuzz times that
        // reaches it — that input would take other branches on its calibration runs and count
        // as variable behaviour (AFL's stability, docs/robustness.md).
        warm = true;
        FuzzTargets.WarmUp(target);
    }
    FuzzTargets.Run(target, input);
});
return 0;
