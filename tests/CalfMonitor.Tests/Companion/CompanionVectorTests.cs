using Xunit;

namespace CalfMonitor.Tests.Companion;

/// <summary>The committed test vectors of the companion page are exactly what the core produces today.</summary>
public class CompanionVectorTests
{
    public static string RepoRoot() => RepoPaths.Root();

    [Fact]
    public void Committed_vectors_match_the_core_encoders()
    {
        string path = Path.Combine(RepoRoot(), ProtocolVectors.RelativePath);
        string generated = ProtocolVectors.Generate();
        if (Environment.GetEnvironmentVariable("CALFMON_UPDATE_VECTORS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, generated);
        }
        Assert.True(File.Exists(path), $"{ProtocolVectors.RelativePath} is missing: regenerate with CALFMON_UPDATE_VECTORS=1 dotnet test tests/CalfMonitor.Tests --filter FullyQualifiedName~CompanionVectorTests");
        string committed = File.ReadAllText(path).Replace("\r\n", "\n");
        Assert.True(committed == generated,
            $"{ProtocolVectors.RelativePath} differs from what the core's encoders produce now (the protocol changed?). " +
            "Regenerate with CALFMON_UPDATE_VECTORS=1 dotnet test tests/CalfMonitor.Tests --filter FullyQualifiedName~CompanionVectorTests, " +
            "then make node --test companion/test/ pass again.");
    }

    [Fact]
    public void Vectors_cover_every_characteristic_and_refusal_code()
    {
        string json = ProtocolVectors.Generate();
        foreach (string key in new[] { "\"live\"", "\"alert\"", "\"config\"", "\"control\"", "\"history\"", "\"current_time\"", "\"low_warning_percent\"" }) Assert.Contains(key, json);
        foreach (int code in new[] { 0x0D, 0x13, 0x80, 0x81 }) Assert.Contains($"\"error\": {code}", json);
    }
}
