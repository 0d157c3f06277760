using System.Text;

namespace CalfMonitor.Tests;

/// <summary>A temporary folder for hand-written input files, removed on dispose.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("calfmon-test-").FullName;

    /// <summary>Writes <paramref name="text"/> exactly (no BOM unless asked) and returns the file's path.</summary>
    public string Write(string name, string text, bool bom = false)
    {
        string file = System.IO.Path.Combine(Path, name);
        System.IO.File.WriteAllText(file, text, new UTF8Encoding(bom));
        return file;
    }

    /// <summary>Writes UTF-8 text without BOM.</summary>
    public string File(string name, string text) => Write(name, text);

    /// <summary>Writes raw bytes.</summary>
    public string FileBytes(string name, byte[] content)
    {
        string file = System.IO.Path.Combine(Path, name);
        System.IO.File.WriteAllBytes(file, content);
        return file;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
