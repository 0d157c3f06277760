using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(CalfMonitor.Benchmarks.StageBenchmarks).Assembly).Run(args.Length == 0 ? new[] { "--filter", "*" } : args);
