using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace CalfMonitor.Tests;

/// <summary>
/// The nanoCLR unsigned-tag rule (docs/interpreter-safety.md): nanoCLR keeps a value that came
/// from an unsigned type tagged unsigned through a C# cast that emits no IL, so
/// <c>((int)u) &gt;&gt; 1</c> and <c>(long)(int)u</c> differ from .NET. In CalfMonitor.Core every
/// explicit cast from an unsigned integral type to a signed one that emits no IL ((int) of byte,
/// ushort or uint; (long) of ulong) must be stored straight into a local (or a local assigned), which
/// re-tags it signed, before it is used. This test compiles the core's sources against
/// nanoFramework's mscorlib and fails on any other such cast.
/// </summary>
public class InterpreterSafetyTests
{
    public sealed record Finding(string File, int Line, string Cast, string From, string To)
    {
        public override string ToString() => $"{File}:{Line}: ({To}) cast of {From} not stored in a local first: {Cast}";
    }

    /// <summary>Unsigned to signed casts that compile to no IL instruction, so the value keeps
    /// its unsigned tag in nanoCLR: (int) of byte, ushort or uint (all 32-bit on the evaluation
    /// stack) and (long) of ulong. Casts that emit a conversion (conv.i1, conv.i2, conv.u8:
    /// (sbyte), (short), (long) of a 32-bit value) produce a freshly tagged value and are safe.</summary>
    public static bool EmitsNoConversion(SpecialType from, SpecialType to) =>
        (to == SpecialType.System_Int32 && from is SpecialType.System_Byte or SpecialType.System_UInt16 or SpecialType.System_UInt32)
        || (to == SpecialType.System_Int64 && from == SpecialType.System_UInt64);

    /// <summary>Finds the unsafe casts in <paramref name="sources"/> (path, text).</summary>
    public static List<Finding> Check(IEnumerable<(string Path, string Text)> sources)
    {
        var options = new CSharpParseOptions(LanguageVersion.CSharp7_3);
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, options, s.Path)).ToList();
        var compilation = CSharpCompilation.Create("CoreCheck", trees, new[] { MetadataReference.CreateFromFile(NanoMscorlib()) },
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "the sources do not compile against nanoFramework's mscorlib: " + string.Join("; ", errors.Take(5)));
        var findings = new List<Finding>();
        foreach (var tree in trees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var cast in tree.GetRoot().DescendantNodes().OfType<CastExpressionSyntax>())
            {
                var from = model.GetTypeInfo(cast.Expression).Type;
                var to = model.GetTypeInfo(cast.Type).Type;
                if (from == null || to == null) continue;
                if (!EmitsNoConversion(from.SpecialType, to.SpecialType)) continue;
                if (StoredInLocal(cast, model)) continue;
                var line = cast.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                findings.Add(new Finding(Path.GetFileName(tree.FilePath), line, cast.ToString(), from.ToDisplayString(), to.ToDisplayString()));
            }
        }
        return findings;
    }

    /// <summary>True for <c>int x = (int)u;</c> and <c>x = (int)u;</c> with x a local (parentheses allowed).</summary>
    private static bool StoredInLocal(CastExpressionSyntax cast, SemanticModel model)
    {
        SyntaxNode node = cast;
        while (node.Parent is ParenthesizedExpressionSyntax) node = node.Parent;
        if (node.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: LocalDeclarationStatementSyntax } } })
        {
            return true;
        }
        if (node.Parent is AssignmentExpressionSyntax a && a.IsKind(SyntaxKind.SimpleAssignmentExpression) && a.Right == node)
        {
            return model.GetSymbolInfo(a.Left).Symbol is ILocalSymbol;
        }
        return false;
    }

    /// <summary>nanoFramework.CoreLibrary 1.17.11's mscorlib from the NuGet package folder.</summary>
    public static string NanoMscorlib()
    {
        string root = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string path = Path.Combine(root, "nanoframework.corelibrary", "1.17.11", "lib", "mscorlib.dll");
        Assert.True(File.Exists(path), $"{path} not found: restore the core first (dotnet build)");
        return path;
    }

    public static string CoreFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            string c = Path.Combine(dir.FullName, "firmware", "CalfMonitor.Core");
            if (Directory.Exists(c)) return c;
        }
        throw new DirectoryNotFoundException("firmware/CalfMonitor.Core not found above the test binaries");
    }

    internal static IEnumerable<(string, string)> CoreSources() =>
        Directory.EnumerateFiles(CoreFolder(), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Select(f => (f, File.ReadAllText(f)));

    [Fact]
    public void The_core_has_no_unsigned_to_signed_cast_outside_a_local_store()
    {
        var sources = CoreSources().ToList();
        Assert.True(sources.Count > 10);
        var findings = Check(sources);
        Assert.True(findings.Count == 0, "unsafe casts for nanoCLR (docs/interpreter-safety.md):\n" + string.Join("\n", findings));
    }

    private const string Snippet = @"
namespace T
{
    public static class S
    {
        public static int Bad1(uint u) { return ((int)u) >> 1; }
        public static long Bad2(uint u) { return (long)(int)u; }
        public static int Bad3(byte[] b) { return (int)b[0] << 24; }
        public static long Bad4(ulong v) { return (long)v + 1; }
        static int _field;
        public static void Bad5(uint u) { _field = (int)u; }
        public static int Good1(uint u) { int s = (int)u; return s >> 1; }
        public static long Good2(uint u) { int s; s = (int)u; return (long)s; }
        public static int Bad6(int i) { return (int)(uint)i >> 1; }
        public static long Good4(uint u) { return (long)u; }
        public static uint Good5(int i) { return (uint)i; }
        public static int Good6(uint u) { int s = ((int)u); return s; }
        public static short Good7(ushort v) { return (short)v; }
        public static long Good8(byte b) { return (long)b << 40; }
    }
}";

    [Fact]
    public void Flags_unsigned_to_signed_casts_that_are_used_before_a_local_store()
    {
        var f = Check(new[] { ("Snippet.cs", Snippet) });
        Assert.Equal(new[] { 6, 7, 8, 9, 11, 14 }, f.Select(x => x.Line).ToArray());
        Assert.Contains("(int)u", f[0].Cast);
        Assert.Equal("uint", f[0].From);
        Assert.Equal("int", f[0].To);
        Assert.Equal("ulong", f[3].From);
    }

    [Fact]
    public void Accepts_casts_stored_in_locals_and_the_safe_directions()
    {
        var good = Snippet.Split('\n').Where(l => !l.Contains("Bad")).ToArray();
        Assert.Empty(Check(new[] { ("Good.cs", string.Join('\n', good)) }));
    }
}
