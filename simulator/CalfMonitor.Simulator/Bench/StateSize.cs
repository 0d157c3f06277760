using System.Reflection;
using CalfMonitor.Core.Events;

namespace CalfMonitor.Simulator.Bench;

/// <summary>
/// Bytes of managed state reachable from one object (a <c>CalfPumpMonitor</c>), listener
/// excluded, estimated two ways (docs/performance.md):
/// <list type="bullet">
/// <item><b>packed</b> (reported as core_state_bytes): 12-byte header + field sizes (4 per
/// reference) for objects, 12 + length × element size for arrays.</item>
/// <item><b>nanoCLR</b> (core_state_nanoclr_bytes, an upper estimate): nanoCLR stores every object as a 12-byte header
/// block plus one 12-byte heap block per instance field, whatever its type; an array is a
/// 20-byte header plus its elements packed (1, 2, 4 or 8 bytes; 12 per reference), rounded up to
/// whole 12-byte blocks.</item>
/// </list>
/// </summary>
public static class StateSize
{
    public const int Block = 12;
    public const int ArrayHeader = 20;

    public sealed record Result(long NanoBytes, long PackedBytes, int Objects, int Arrays, List<(string Type, long NanoBytes)> ByType);

    public static Result Measure(object root)
    {
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<object>();
        stack.Push(root);
        long nano = 0, packed = 0;
        int objects = 0, arrays = 0;
        var byType = new Dictionary<string, long>();
        while (stack.Count > 0)
        {
            var o = stack.Pop();
            if (!seen.Add(o)) continue;
            var t = o.GetType();
            long n, p;
            if (t.IsArray)
            {
                arrays++;
                var a = (Array)o;
                var e = t.GetElementType()!;
                int size = e.IsValueType ? PrimitiveSize(e) : Block;
                n = RoundUp(ArrayHeader + (long)a.Length * size);
                p = 12 + (long)a.Length * (e.IsValueType ? PrimitiveSize(e) : 4);
                if (!e.IsValueType) foreach (var x in a) if (x != null) stack.Push(x);
            }
            else
            {
                objects++;
                var fields = Fields(t).ToList();
                n = Block * (1 + fields.Count);
                p = 12;
                foreach (var f in fields)
                {
                    var ft = f.FieldType;
                    p += ft.IsValueType ? PrimitiveSize(ft) : 4;
                    if (ft.IsValueType) continue;
                    var v = f.GetValue(o);
                    if (v == null || v is IMonitorListener || v is string) continue;
                    stack.Push(v);
                }
            }
            nano += n;
            packed += p;
            string key = t.IsArray ? t.Name : t.Name;
            byType[key] = byType.GetValueOrDefault(key) + n;
        }
        return new Result(nano, packed, objects, arrays, byType.OrderByDescending(kv => kv.Value).Select(kv => (kv.Key, kv.Value)).ToList());
    }

    private static IEnumerable<FieldInfo> Fields(Type t)
    {
        for (var x = t; x != null && x != typeof(object); x = x.BaseType)
        {
            foreach (var f in x.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)) yield return f;
        }
    }

    private static int PrimitiveSize(Type t)
    {
        if (t.IsEnum) t = Enum.GetUnderlyingType(t);
        return Type.GetTypeCode(t) switch
        {
            TypeCode.Boolean or TypeCode.Byte or TypeCode.SByte => 1,
            TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Char => 2,
            TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Single => 4,
            TypeCode.Int64 or TypeCode.UInt64 or TypeCode.Double or TypeCode.DateTime => 8,
            _ => System.Runtime.InteropServices.Marshal.SizeOf(t),
        };
    }

    private static long RoundUp(long bytes) => (bytes + Block - 1) / Block * Block;
}
