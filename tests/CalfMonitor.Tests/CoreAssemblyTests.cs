using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Xunit;

namespace CalfMonitor.Tests;

/// <summary>The core that the tests exercise is the one that ships: built against nanoFramework.</summary>
public class CoreAssemblyTests
{
    private static string CorePath => typeof(CalfMonitor.Core.CalfPumpMonitor).Assembly.Location;

    [Fact]
    public void Core_references_only_nanoFramework_mscorlib()
    {
        using var pe = new PEReader(File.OpenRead(CorePath));
        var md = pe.GetMetadataReader();
        var refs = md.AssemblyReferences.Select(h => md.GetAssemblyReference(h)).ToList();
        var r = Assert.Single(refs);
        Assert.Equal("mscorlib", md.GetString(r.Name));
        // nanoFramework's mscorlib 1.17.x carries assembly version 1.17.x.x; .NET's is 4.0.0.0.
        Assert.Equal(1, r.Version.Major);
        Assert.Equal(17, r.Version.Minor);
    }

    [Fact]
    public void Simulator_and_tests_load_the_same_core_file()
    {
        var simCore = typeof(CalfMonitor.Simulator.Replay.ReplayRunner).Assembly.GetReferencedAssemblies()
            .Single(a => a.Name == "CalfMonitor.Core");
        Assert.Equal(typeof(CalfMonitor.Core.CalfPumpMonitor).Assembly.GetName().FullName, simCore.FullName);
    }
}
