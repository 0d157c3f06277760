using System.Reflection;
using System.Runtime.Loader;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;

namespace CalfMonitor.Simulator.Bench;

/// <summary>
/// Counts the IL instructions and calls the core executes, by rewriting a copy of
/// CalfMonitor.Core.dll with Mono.Cecil: at the start of every basic block
/// <c>ldc.i4 size; ldc.i4 method; call __IlCount.Block(int, int)</c>, before every call, callvirt
/// and newobj <c>ldc.i4 method; call __IlCount.Call(int)</c>. The counter class is injected into
/// the rewritten assembly, together with a do-nothing listener, so it references nothing new.
/// The copy is written to memory, never to disk, and loaded into a collectible
/// <see cref="AssemblyLoadContext"/>.
/// </summary>
public sealed class IlCounter : IDisposable
{
    public const string CounterTypeName = "__IlCount";
    public const string ListenerTypeName = "__NullListener";

    private readonly AssemblyLoadContext _context;
    private readonly FieldInfo _il, _calls;
    private readonly long[] _perMethodIl, _perMethodCalls;

    /// <summary>Full names of the instrumented methods, by index.</summary>
    public IReadOnlyList<string> Methods { get; }

    /// <summary>The rewritten core.</summary>
    public Assembly Assembly { get; }

    private IlCounter(Stream rewritten, IReadOnlyList<string> methods)
    {
        Methods = methods;
        _context = new AssemblyLoadContext("il-count", isCollectible: true);
        Assembly = _context.LoadFromStream(rewritten);
        var counter = Assembly.GetType(CounterTypeName, throwOnError: true)!;
        _il = counter.GetField("Il")!;
        _calls = counter.GetField("Calls")!;
        _perMethodIl = (long[])counter.GetField("MethodIl")!.GetValue(null)!;
        _perMethodCalls = (long[])counter.GetField("MethodCalls")!.GetValue(null)!;
    }

    /// <summary>IL instructions executed so far.</summary>
    public long Il => (long)_il.GetValue(null)!;

    /// <summary>Calls (call, callvirt, newobj) executed so far.</summary>
    public long Calls => (long)_calls.GetValue(null)!;

    /// <summary>Per-method IL instructions executed so far (index as in <see cref="Methods"/>).</summary>
    public long[] MethodIl => _perMethodIl;

    /// <summary>Per-method calls made so far.</summary>
    public long[] MethodCalls => _perMethodCalls;

    /// <summary>A new do-nothing listener of the rewritten assembly's IMonitorListener.</summary>
    public object NewNullListener() => Activator.CreateInstance(Assembly.GetType(ListenerTypeName, throwOnError: true)!)!;

    public Type CoreType(string fullName) => Assembly.GetType(fullName, throwOnError: true)!;

    /// <summary>Rewrites <paramref name="coreDll"/> in memory and loads it. (Until 2026-12-06 the
    /// copy went to a folder in the temporary directory that nothing removed: 100 KB left behind
    /// by every `calfmon bench` and every test run.)</summary>
    public static IlCounter Load(string coreDll)
    {
        using var rewritten = new MemoryStream();
        var methods = Rewrite(coreDll, rewritten);
        rewritten.Position = 0;
        return new IlCounter(rewritten, methods);
    }

    /// <summary>The core assembly that the simulator itself loaded.</summary>
    public static string CoreDllPath => typeof(CalfMonitor.Core.CalfPumpMonitor).Assembly.Location;

    /// <summary>Rewrites one assembly; returns the instrumented methods' names by index.</summary>
    public static IReadOnlyList<string> Rewrite(string input, Stream output)
    {
        using var asm = AssemblyDefinition.ReadAssembly(input, new ReaderParameters { ReadSymbols = false });
        var module = asm.MainModule;
        var ts = module.TypeSystem;

        // static class __IlCount { Il, Calls, MethodIl[], MethodCalls[]; Block(int,int); Call(int) }
        var counter = new TypeDefinition("", CounterTypeName,
            Mono.Cecil.TypeAttributes.Public | Mono.Cecil.TypeAttributes.Abstract | Mono.Cecil.TypeAttributes.Sealed | Mono.Cecil.TypeAttributes.BeforeFieldInit, ts.Object);
        var il = new FieldDefinition("Il", Mono.Cecil.FieldAttributes.Public | Mono.Cecil.FieldAttributes.Static, ts.Int64);
        var calls = new FieldDefinition("Calls", Mono.Cecil.FieldAttributes.Public | Mono.Cecil.FieldAttributes.Static, ts.Int64);
        var methodIl = new FieldDefinition("MethodIl", Mono.Cecil.FieldAttributes.Public | Mono.Cecil.FieldAttributes.Static, new ArrayType(ts.Int64));
        var methodCalls = new FieldDefinition("MethodCalls", Mono.Cecil.FieldAttributes.Public | Mono.Cecil.FieldAttributes.Static, new ArrayType(ts.Int64));
        counter.Fields.Add(il);
        counter.Fields.Add(calls);
        counter.Fields.Add(methodIl);
        counter.Fields.Add(methodCalls);

        var block = new MethodDefinition("Block", Mono.Cecil.MethodAttributes.Public | Mono.Cecil.MethodAttributes.Static, ts.Void);
        block.Parameters.Add(new ParameterDefinition("n", Mono.Cecil.ParameterAttributes.None, ts.Int32));
        block.Parameters.Add(new ParameterDefinition("m", Mono.Cecil.ParameterAttributes.None, ts.Int32));
        var call = new MethodDefinition("Call", Mono.Cecil.MethodAttributes.Public | Mono.Cecil.MethodAttributes.Static, ts.Void);
        call.Parameters.Add(new ParameterDefinition("m", Mono.Cecil.ParameterAttributes.None, ts.Int32));
        counter.Methods.Add(block);
        counter.Methods.Add(call);

        var targets = module.Types.SelectMany(AllTypes).SelectMany(t => t.Methods).Where(m => m.HasBody).ToList();
        var names = targets.Select(m => m.DeclaringType.FullName + "::" + m.Name).ToList();

        // Block: Il += n; MethodIl[m] += n;
        EmitAdd(block.Body.GetILProcessor(), ts.Int64, il, methodIl, countArg: 0, indexArg: 1);
        EmitAdd(call.Body.GetILProcessor(), ts.Int64, calls, methodCalls, countArg: -1, indexArg: 0);

        var cctor = new MethodDefinition(".cctor", Mono.Cecil.MethodAttributes.Private | Mono.Cecil.MethodAttributes.Static | Mono.Cecil.MethodAttributes.HideBySig
            | Mono.Cecil.MethodAttributes.SpecialName | Mono.Cecil.MethodAttributes.RTSpecialName, ts.Void);
        var c = cctor.Body.GetILProcessor();
        c.Emit(OpCodes.Ldc_I4, targets.Count);
        c.Emit(OpCodes.Newarr, ts.Int64);
        c.Emit(OpCodes.Stsfld, methodIl);
        c.Emit(OpCodes.Ldc_I4, targets.Count);
        c.Emit(OpCodes.Newarr, ts.Int64);
        c.Emit(OpCodes.Stsfld, methodCalls);
        c.Emit(OpCodes.Ret);
        counter.Methods.Add(cctor);

        for (int i = 0; i < targets.Count; i++) Instrument(targets[i], i, block, call);
        module.Types.Add(counter);
        AddNullListener(module);
        asm.Write(output);
        return names;
    }

    private static IEnumerable<TypeDefinition> AllTypes(TypeDefinition t) => new[] { t }.Concat(t.NestedTypes.SelectMany(AllTypes));

    private static void EmitAdd(ILProcessor p, TypeReference int64, FieldDefinition total, FieldDefinition perMethod, int countArg, int indexArg)
    {
        void LoadCount()
        {
            if (countArg < 0) p.Emit(OpCodes.Ldc_I4_1);
            else p.Emit(OpCodes.Ldarg, p.Body.Method.Parameters[countArg]);
            p.Emit(OpCodes.Conv_I8);
        }
        p.Emit(OpCodes.Ldsfld, total);
        LoadCount();
        p.Emit(OpCodes.Add);
        p.Emit(OpCodes.Stsfld, total);
        p.Emit(OpCodes.Ldsfld, perMethod);
        p.Emit(OpCodes.Ldarg, p.Body.Method.Parameters[indexArg]);
        p.Emit(OpCodes.Ldelema, int64);
        p.Emit(OpCodes.Dup);
        p.Emit(OpCodes.Ldind_I8);
        LoadCount();
        p.Emit(OpCodes.Add);
        p.Emit(OpCodes.Stind_I8);
        p.Emit(OpCodes.Ret);
    }

    /// <summary>Basic blocks of a method body: their first instructions and sizes (in IL
    /// instructions). A block starts at the first instruction, at every branch target and handler
    /// start, and after every branch, return, throw and rethrow.</summary>
    public static List<(Instruction Leader, int Size)> BasicBlocks(Mono.Cecil.Cil.MethodBody body)
    {
        var ins = body.Instructions;
        var leaders = new HashSet<Instruction> { ins[0] };
        foreach (var i in ins)
        {
            if (i.Operand is Instruction t) leaders.Add(t);
            if (i.Operand is Instruction[] ts) foreach (var x in ts) leaders.Add(x);
            var fc = i.OpCode.FlowControl;
            if ((fc is FlowControl.Branch or FlowControl.Cond_Branch or FlowControl.Return or FlowControl.Throw) && i.Next != null)
            {
                leaders.Add(i.Next);
            }
        }
        foreach (var h in body.ExceptionHandlers)
        {
            foreach (var x in new[] { h.TryStart, h.TryEnd, h.HandlerStart, h.HandlerEnd, h.FilterStart })
            {
                if (x != null) leaders.Add(x);
            }
        }
        var blocks = new List<(Instruction, int)>();
        Instruction? current = null;
        int size = 0;
        foreach (var i in ins)
        {
            if (leaders.Contains(i))
            {
                if (current != null) blocks.Add((current, size));
                current = i;
                size = 0;
            }
            size++;
        }
        if (current != null) blocks.Add((current, size));
        return blocks;
    }

    private static void Instrument(MethodDefinition method, int index, MethodDefinition block, MethodDefinition call)
    {
        var body = method.Body;
        body.SimplifyMacros();
        var sizes = BasicBlocks(body).ToDictionary(b => b.Leader, b => b.Size);
        var p = body.GetILProcessor();
        foreach (var ins in body.Instructions.ToList())
        {
            var prefix = new List<Instruction>();
            if (sizes.TryGetValue(ins, out int size))
            {
                prefix.Add(p.Create(OpCodes.Ldc_I4, size));
                prefix.Add(p.Create(OpCodes.Ldc_I4, index));
                prefix.Add(p.Create(OpCodes.Call, block));
            }
            bool isCall = ins.OpCode.Code is Code.Call or Code.Callvirt or Code.Newobj;
            bool afterPrefix = ins.Previous != null && ins.Previous.OpCode.OpCodeType == OpCodeType.Prefix;
            if (isCall && !afterPrefix)
            {
                prefix.Add(p.Create(OpCodes.Ldc_I4, index));
                prefix.Add(p.Create(OpCodes.Call, call));
            }
            if (ins.OpCode.OpCodeType == OpCodeType.Prefix && ins.Next != null && ins.Next.OpCode.Code is Code.Call or Code.Callvirt or Code.Newobj)
            {
                prefix.Add(p.Create(OpCodes.Ldc_I4, index));
                prefix.Add(p.Create(OpCodes.Call, call));
            }
            if (prefix.Count == 0) continue;
            // Keep every branch and handler that pointed at 'ins' pointing at the first new
            // instruction: 'ins' itself becomes prefix[0], and a copy of it follows the prefix.
            var copy = p.Create(OpCodes.Nop);
            copy.OpCode = ins.OpCode;
            copy.Operand = ins.Operand;
            ins.OpCode = prefix[0].OpCode;
            ins.Operand = prefix[0].Operand;
            var after = ins;
            for (int k = 1; k < prefix.Count; k++)
            {
                p.InsertAfter(after, prefix[k]);
                after = prefix[k];
            }
            p.InsertAfter(after, copy);
        }
        body.OptimizeMacros();
    }

    private static void AddNullListener(ModuleDefinition module)
    {
        var iface = module.Types.SelectMany(AllTypes).Single(t => t.FullName == "CalfMonitor.Core.Events.IMonitorListener");
        var ts = module.TypeSystem;
        var type = new TypeDefinition("", ListenerTypeName, Mono.Cecil.TypeAttributes.Public | Mono.Cecil.TypeAttributes.Sealed | Mono.Cecil.TypeAttributes.BeforeFieldInit, ts.Object);
        type.Interfaces.Add(new InterfaceImplementation(iface));
        var ctor = new MethodDefinition(".ctor", Mono.Cecil.MethodAttributes.Public | Mono.Cecil.MethodAttributes.HideBySig
            | Mono.Cecil.MethodAttributes.SpecialName | Mono.Cecil.MethodAttributes.RTSpecialName, ts.Void);
        var objCtor = new MethodReference(".ctor", ts.Void, ts.Object) { HasThis = true };
        var cp = ctor.Body.GetILProcessor();
        cp.Emit(OpCodes.Ldarg_0);
        cp.Emit(OpCodes.Call, module.ImportReference(objCtor));
        cp.Emit(OpCodes.Ret);
        type.Methods.Add(ctor);
        foreach (var m in iface.Methods)
        {
            var impl = new MethodDefinition(m.Name, Mono.Cecil.MethodAttributes.Public | Mono.Cecil.MethodAttributes.Final | Mono.Cecil.MethodAttributes.Virtual
                | Mono.Cecil.MethodAttributes.NewSlot | Mono.Cecil.MethodAttributes.HideBySig, ts.Void);
            foreach (var prm in m.Parameters) impl.Parameters.Add(new ParameterDefinition(prm.Name, prm.Attributes, prm.ParameterType));
            impl.Body.GetILProcessor().Emit(OpCodes.Ret);
            type.Methods.Add(impl);
        }
        module.Types.Add(type);
    }

    public void Dispose() => _context.Unload();
}
