using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Xunit;

namespace CalfMonitor.Tests;

/// <summary>
/// Two more nanoCLR differences (docs/interpreter-safety.md), checked on the IL the core compiles
/// to (its sources built with Roslyn against nanoFramework's mscorlib, optimised as for the device):
/// <list type="bullet">
/// <item>a method declared to return a signed integer that returns a value still tagged unsigned
/// (<c>int AsInt(uint u) => (int)u;</c>: the tag survives the return, so <c>AsInt(u) >> 1</c> shifts
/// unsigned), and</item>
/// <item>any <c>checked</c> arithmetic (<c>add.ovf</c>, <c>sub.ovf</c>, <c>mul.ovf</c>,
/// <c>conv.ovf.*</c>): nanoCLR wraps instead of throwing;</item>
/// <item>an array of strings (<c>newarr System.String</c>): a still-null element compared with
/// <c>==</c> crashed the posix nanoCLR or compared unequal to null (found 2026-12-05 by the
/// alert-policy harness; docs/interpreter-safety.md). The core makes none but the compiler's for
/// concatenating more than four strings; this keeps it so.</item>
/// </list>
/// </summary>
public class InterpreterIlSafetyTests
{

    public sealed record IlFinding(string Method, int Offset, string What)
    {
        public override string ToString() => $"{Method} IL_{Offset:x4}: {What}";
    }

    /// <summary>Compiles <paramref name="sources"/> as the device build does (optimised, C# 7.3,
    /// nanoFramework's mscorlib) and checks the IL.</summary>
    public static List<IlFinding> CheckSources(IEnumerable<(string Path, string Text)> sources)
    {
        var options = new CSharpParseOptions(LanguageVersion.CSharp7_3);
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, options, s.Path)).ToList();
        var compilation = CSharpCompilation.Create("IlCheckSample", trees, new[] { MetadataReference.CreateFromFile(InterpreterSafetyTests.NanoMscorlib()) },
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release));
        using var image = new MemoryStream();
        var emit = compilation.Emit(image);
        Assert.True(emit.Success, "the sample does not compile against nanoFramework's mscorlib: " + string.Join("; ", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(5)));
        image.Position = 0;
        using var module = ModuleDefinition.ReadModule(image);
        return Check(module);
    }

    /// <summary>Every finding in <paramref name="module"/>'s method bodies.</summary>
    public static List<IlFinding> Check(ModuleDefinition module)
    {
        var findings = new List<IlFinding>();
        foreach (var type in AllTypes(module.Types))
        {
            foreach (var method in type.Methods.Where(m => m.HasBody))
            {
                findings.AddRange(CheckedArithmetic(method));
                findings.AddRange(UnsignedReturns(method));
                findings.AddRange(StringArrays(method));
            }
        }
        return findings;
    }

    private static IEnumerable<TypeDefinition> AllTypes(IEnumerable<TypeDefinition> types) =>
        types.SelectMany(t => new[] { t }.Concat(AllTypes(t.NestedTypes)));

    /// <summary>(b): every overflow-checked opcode.</summary>
    private static IEnumerable<IlFinding> CheckedArithmetic(MethodDefinition method) =>
        method.Body.Instructions.Where(i => i.OpCode.Name.Contains(".ovf"))
            .Select(i => new IlFinding(method.FullName, i.Offset, $"{i.OpCode.Name}: checked arithmetic, which nanoCLR runs unchecked (it wraps instead of throwing)"));

    /// <summary>(c): every array of strings made, except the ones the compiler builds to concatenate
    /// more than four strings (filled at once and handed to <c>String.Concat(string[])</c>, never
    /// compared): as many as the method has such calls.</summary>
    private static IEnumerable<IlFinding> StringArrays(MethodDefinition method)
    {
        var made = method.Body.Instructions.Where(i => i.OpCode.Code == Code.Newarr && i.Operand is TypeReference { FullName: "System.String" }).ToList();
        int concats = method.Body.Instructions.Count(i => i.OpCode.Code == Code.Call && i.Operand is MethodReference { DeclaringType.FullName: "System.String", Name: "Concat" } m
            && m.Parameters.Count == 1 && m.Parameters[0].ParameterType.FullName == "System.String[]");
        return made.Skip(concats).Select(i => new IlFinding(method.FullName, i.Offset, "newarr System.String: nanoCLR compares a still-null element wrongly (or crashes)"));
    }

    /// <summary>The types whose values nanoCLR keeps tagged unsigned on the evaluation stack
    /// (the 32- and 64-bit ones: the interpreter differences were seen with uint).</summary>
    private static bool IsUnsigned(TypeReference t) => t.MetadataType is MetadataType.UInt32 or MetadataType.UInt64;

    private static bool IsSignedInteger(TypeReference t) => t.MetadataType is MetadataType.SByte or MetadataType.Int16 or MetadataType.Int32 or MetadataType.Int64;

    /// <summary>
    /// (a): a method returning a signed integer whose returned value carries nanoCLR's unsigned
    /// tag. The evaluation stack is followed through the method, each slot marked unsigned when it
    /// was loaded from a uint or ulong argument, local, field, array element or call result, or made
    /// by <c>conv.u4</c>; a cast that emits no IL leaves the mark, a store into a local that the
    /// compiler kept, or a conversion that changes the width (<c>conv.i*</c>, <c>conv.u8</c>,
    /// <c>conv.u1</c>, <c>conv.u2</c>), clears it; arithmetic keeps the mark of its first
    /// operand (nanoCLR computes in the first operand's heap block). At a branch target the marks
    /// of every way in are joined (unsigned if any is).
    /// </summary>
    private static IEnumerable<IlFinding> UnsignedReturns(MethodDefinition method)
    {
        bool signedReturn = IsSignedInteger(method.ReturnType);
        var body = method.Body;
        var atTarget = new Dictionary<Instruction, bool[]>();
        bool[]? stack = Array.Empty<bool>();
        foreach (var ins in body.Instructions)
        {
            if (atTarget.TryGetValue(ins, out var incoming)) stack = stack == null ? incoming : Join(stack, incoming);
            if (body.ExceptionHandlers.Any(h => h.HandlerStart == ins)) stack = h(ins, body) ? new[] { false } : Array.Empty<bool>();
            if (stack == null) stack = Array.Empty<bool>();   // unreachable by fall-through and not yet targeted
            var s = new List<bool>(stack);
            if (signedReturn && ins.OpCode.Code == Code.Ret && s.Count == 1 && s[0])
            {
                yield return new IlFinding(method.FullName, ins.Offset, $"returns a value still tagged unsigned from a method declared {method.ReturnType.Name}: store it in a signed local first");
            }
            // The two uses of the documented table, on the IL as compiled: the optimiser may drop
            // the local that re-tagged the value in the source.
            if (ins.OpCode.Code == Code.Shr && s.Count >= 2 && s[^2])
            {
                yield return new IlFinding(method.FullName, ins.Offset, "shr of a value still tagged unsigned: nanoCLR shifts it logically");
            }
            if (ins.OpCode.Code == Code.Conv_I8 && s.Count >= 1 && s[^1])
            {
                yield return new IlFinding(method.FullName, ins.Offset, "conv.i8 of a value still tagged unsigned: nanoCLR widens it without the sign");
            }
            Step(ins, method, s);
            var next = s.ToArray();
            foreach (var target in Targets(ins))
            {
                atTarget[target] = atTarget.TryGetValue(target, out var prev) ? Join(prev, next) : next;
            }
            var flow = ins.OpCode.FlowControl;
            stack = flow is FlowControl.Branch or FlowControl.Return or FlowControl.Throw ? null : next;
        }

        static bool h(Instruction ins, MethodBody body) =>
            body.ExceptionHandlers.Any(x => x.HandlerStart == ins && x.HandlerType is ExceptionHandlerType.Catch or ExceptionHandlerType.Filter);
    }

    private static bool[] Join(bool[] a, bool[] b)
    {
        if (a.Length != b.Length) return a.Length >= b.Length ? a : b;
        return a.Zip(b, (x, y) => x || y).ToArray();
    }

    private static IEnumerable<Instruction> Targets(Instruction ins) => ins.Operand switch
    {
        Instruction one => new[] { one },
        Instruction[] many => many,
        _ => Array.Empty<Instruction>(),
    };

    /// <summary>One instruction's effect on the unsigned marks of the stack.</summary>
    private static void Step(Instruction ins, MethodDefinition method, List<bool> s)
    {
        bool Pop()
        {
            if (s.Count == 0) return false;
            bool v = s[^1];
            s.RemoveAt(s.Count - 1);
            return v;
        }
        void PopN(int n)
        {
            for (int k = 0; k < n; k++) Pop();
        }
        var body = method.Body;
        switch (ins.OpCode.Code)
        {
            case Code.Ldarg_0 or Code.Ldarg_1 or Code.Ldarg_2 or Code.Ldarg_3 or Code.Ldarg or Code.Ldarg_S:
                s.Add(Argument(ins, method) is { } p && IsUnsigned(p.ParameterType));
                return;
            case Code.Ldloc_0 or Code.Ldloc_1 or Code.Ldloc_2 or Code.Ldloc_3 or Code.Ldloc or Code.Ldloc_S:
                s.Add(IsUnsigned(Local(ins, body).VariableType));
                return;
            case Code.Ldfld:
                Pop();
                s.Add(IsUnsigned(((FieldReference)ins.Operand).FieldType));
                return;
            case Code.Ldsfld:
                s.Add(IsUnsigned(((FieldReference)ins.Operand).FieldType));
                return;
            case Code.Ldelem_U4:
                PopN(2);
                s.Add(true);
                return;
            case Code.Ldelem_Any:
                PopN(2);
                s.Add(IsUnsigned((TypeReference)ins.Operand));
                return;
            case Code.Ldind_U4:
                Pop();
                s.Add(true);
                return;
            case Code.Conv_U or Code.Conv_U4:
                Pop();
                s.Add(true);
                return;
            case Code.Conv_I or Code.Conv_I1 or Code.Conv_I2 or Code.Conv_I4 or Code.Conv_I8 or Code.Conv_R4 or Code.Conv_R8 or Code.Conv_R_Un
                or Code.Conv_U1 or Code.Conv_U2 or Code.Conv_U8:   // a widening or narrowing conversion makes a fresh value
                Pop();
                s.Add(false);
                return;
            case Code.Dup:
                bool top = s.Count > 0 && s[^1];
                s.Add(top);
                return;
            case Code.Call or Code.Callvirt or Code.Newobj:
            {
                var m = (MethodReference)ins.Operand;
                int pops = m.Parameters.Count + (m.HasThis && ins.OpCode.Code != Code.Newobj ? 1 : 0);
                PopN(pops);
                if (ins.OpCode.Code == Code.Newobj) s.Add(false);
                else if (m.ReturnType.MetadataType != MetadataType.Void) s.Add(IsUnsigned(m.ReturnType));
                return;
            }
            case Code.Add or Code.Sub or Code.Mul or Code.Div or Code.Div_Un or Code.Rem or Code.Rem_Un
                or Code.And or Code.Or or Code.Xor or Code.Shl or Code.Shr or Code.Shr_Un:
            {
                Pop();
                bool first = Pop();
                s.Add(first);
                return;
            }
            case Code.Neg or Code.Not:
                return;   // one operand in, the same block out
        }
        // Everything else: pop and push by the opcode's stack behaviour, results not unsigned.
        PopN(Pops(ins, method));
        int pushes = ins.OpCode.StackBehaviourPush switch
        {
            StackBehaviour.Push0 => 0,
            StackBehaviour.Push1_push1 => 2,
            _ => 1,
        };
        for (int k = 0; k < pushes; k++) s.Add(false);
    }

    private static int Pops(Instruction ins, MethodDefinition method) => ins.OpCode.StackBehaviourPop switch
    {
        StackBehaviour.Pop0 => 0,
        StackBehaviour.Pop1 or StackBehaviour.Popi or StackBehaviour.Popref => 1,
        StackBehaviour.Pop1_pop1 or StackBehaviour.Popi_pop1 or StackBehaviour.Popi_popi or StackBehaviour.Popi_popi8
            or StackBehaviour.Popi_popr4 or StackBehaviour.Popi_popr8 or StackBehaviour.Popref_pop1 or StackBehaviour.Popref_popi => 2,
        StackBehaviour.Popi_popi_popi or StackBehaviour.Popref_popi_popi or StackBehaviour.Popref_popi_popi8 or StackBehaviour.Popref_popi_popr4
            or StackBehaviour.Popref_popi_popr8 or StackBehaviour.Popref_popi_popref => 3,
        StackBehaviour.Varpop when ins.OpCode.Code == Code.Ret => method.ReturnType.MetadataType == MetadataType.Void ? 0 : 1,
        StackBehaviour.PopAll => int.MaxValue / 2,
        _ => 0,
    };

    private static ParameterDefinition? Argument(Instruction ins, MethodDefinition method)
    {
        int index = ins.OpCode.Code switch
        {
            Code.Ldarg_0 => 0, Code.Ldarg_1 => 1, Code.Ldarg_2 => 2, Code.Ldarg_3 => 3,
            _ => ((ParameterDefinition)ins.Operand).Sequence,
        };
        if (method.HasThis) index--;
        return index >= 0 && index < method.Parameters.Count ? method.Parameters[index] : null;
    }

    private static VariableDefinition Local(Instruction ins, MethodBody body) => ins.OpCode.Code switch
    {
        Code.Ldloc_0 => body.Variables[0], Code.Ldloc_1 => body.Variables[1], Code.Ldloc_2 => body.Variables[2], Code.Ldloc_3 => body.Variables[3],
        _ => (VariableDefinition)ins.Operand,
    };

    [Fact]
    public void The_core_returns_no_unsigned_tagged_value_as_signed_and_has_no_checked_arithmetic()
    {
        // The very assembly that ships (always built optimised, CalfMonitor.Core.csproj).
        string core = Path.Combine(AppContext.BaseDirectory, "CalfMonitor.Core.dll");
        using var module = ModuleDefinition.ReadModule(core);
        Assert.True(module.Types.Count > 10);
        var findings = Check(module);
        Assert.True(findings.Count == 0, "IL that nanoCLR runs differently from .NET (docs/interpreter-safety.md):\n" + string.Join("\n", findings));
    }

    private const string Sample = @"
namespace T
{
    public class S
    {
        uint _u; int _i;
        public static int AsInt(uint u) => (int)u;
        public static int UseAsInt(uint u) => AsInt(u) >> 1;
        public int FieldAsInt() => (int)_u;
        public static int Either(bool c, uint u, int i) => c ? (int)u : i;
        public static int Added(uint u, int i) => (int)u + i;
        public static int CheckedAdd(int a, int b) => checked(a + b);
        public static long CheckedMul(long a, long b) => checked(a * b);
        public static int CheckedNarrow(long v) => checked((int)v);
        public static uint CheckedSub(uint a, uint b) => checked(a - b);
        // Optimised, the compiler drops a local stored once and loaded at once: no re-tagging.
        public static int Stored(uint u) { int s = (int)u; return s; }
        public static int Converted(ulong v) => (int)v;
        public static uint Unsigned(uint u) => u;
        public int Signed() => _i;
        public static int Call(uint u) => Stored(u) >> 1;
        public static int Wrapped(int a, int b) => unchecked(a + b);
        public static long Widen(uint u) => u;
        public static int Compare(uint a, uint b) => a < b ? -1 : 1;
        public static int HalfOfStored(uint u) { int s = (int)u; return s >> 1; }
        public static long WidenedStored(uint u) { int s = (int)u; return s; }
        public static int HalfAfterWork(uint u, int k) { int s = (int)u; k += s & 1; return (s >> 1) + k; }
        public static bool Names() { string[] a = new string[2]; return a[1] == null; }
        public static string Joined(string a, string b, string c, string d, string e) => a + b + c + d + e;
        public static int Numbers() { int[] a = new int[2]; return a[1]; }
    }
}";

    [Fact]
    public void Flags_unsigned_tagged_returns_and_checked_arithmetic_in_a_bad_sample()
    {
        var findings = CheckSources(new[] { ("Sample.cs", Sample) });
        string Names(string what) => string.Join(",", findings.Where(f => f.What.Contains(what)).Select(f => f.Method.Split("::")[1].Split('(')[0]).Distinct().OrderBy(n => n));
        Assert.Equal("Added,AsInt,Either,FieldAsInt,HalfOfStored,Stored", Names("returns a value still tagged unsigned"));
        // A local stored once and read at once is dropped by the optimiser, and with it the
        // re-tagging the source rule relies on; one read twice is kept.
        Assert.Equal("HalfOfStored", Names("shr of a value"));
        Assert.Equal("WidenedStored", Names("conv.i8 of a value"));
        Assert.Equal("CheckedAdd,CheckedMul,CheckedNarrow,CheckedSub", Names("checked arithmetic"));
        Assert.Equal("Names", Names("newarr System.String"));

        Assert.Contains(findings, f => f.What.StartsWith("add.ovf"));
        Assert.Contains(findings, f => f.What.StartsWith("mul.ovf"));
        Assert.Contains(findings, f => f.What.StartsWith("conv.ovf.i4"));
        Assert.Contains(findings, f => f.What.StartsWith("sub.ovf.un"));
    }
}
