using CalfMonitor.Core.Storage;

namespace CalfMonitor.Tests.Storage;

/// <summary>The power went off: thrown by <see cref="EmulatedFlash"/> at the chosen operation.</summary>
public sealed class PowerCut : Exception
{
}

/// <summary>
/// A flash file system that loses power on demand, pessimistically: a written file is durable
/// only after <see cref="Flush"/>; a cut before that leaves it in a state <see cref="Tear"/>
/// chooses (old, missing, empty, a prefix of the new bytes, the new bytes with garbage at the end,
/// all new). Deletes are atomic (as in LittleFS). Every operation counts; the one numbered
/// <see cref="CutAt"/> does not happen and throws <see cref="PowerCut"/>.
/// </summary>
public sealed class EmulatedFlash : IFlashFiles
{
    public readonly Dictionary<string, byte[]> Files = new();
    private (string Name, byte[] Data)? _pending;

    /// <summary>Operation number at which the power goes (−1: never).</summary>
    public int CutAt = -1;

    /// <summary>Operations so far (and their names, for messages).</summary>
    public readonly List<string> Log = new();

    private void Step(string what)
    {
        if (Log.Count == CutAt) throw new PowerCut();
        Log.Add(what);
    }

    /// <summary>Files whose reads fail (a damaged file system): Read returns
    /// <see cref="SettingsStore.FileUnreadable"/>.</summary>
    public readonly HashSet<string> Unreadable = new();

    public int Read(string name, byte[] buffer, int offset, int count)
    {
        Step("read " + name);
        if (Unreadable.Contains(name)) return SettingsStore.FileUnreadable;
        if (!Files.TryGetValue(name, out var data)) return SettingsStore.FileMissing;
        int n = Math.Min(count, data.Length);
        Array.Copy(data, 0, buffer, offset, n);
        return n;
    }

    /// <summary>A full (or failing) file system: Write and Flush return false, and the file
    /// written is left as this chooses from (old, new bytes) — the glue's close on the failure
    /// path commits whatever the file system took. Null: writes succeed.</summary>
    public Func<byte[]?, byte[], byte[]?>? Refuse;

    public bool Write(string name, byte[] data, int offset, int count)
    {
        Step("write " + name);
        if (Refuse != null)
        {
            Files.TryGetValue(name, out var old);
            var left = Refuse(old, data.AsSpan(offset, count).ToArray());
            if (left == null) Files.Remove(name);
            else Files[name] = left;
            return false;
        }
        _pending = (name, data.AsSpan(offset, count).ToArray());
        return true;
    }

    /// <summary>A commit that fails after the write was taken (the glue's close throws, e.g. a
    /// file system full at the commit): Write succeeds, Flush returns false, and the file is left
    /// as this chooses from (old, new bytes). Null: commits succeed.</summary>
    public Func<byte[]?, byte[], byte[]?>? RefuseCommit;

    public bool Flush(string name)
    {
        Step("flush " + name);
        if (Refuse != null) return false;
        if (RefuseCommit != null && _pending is { } q && q.Name == name)
        {
            Files.TryGetValue(name, out var old);
            var left = RefuseCommit(old, q.Data);
            if (left == null) Files.Remove(name);
            else Files[name] = left;
            _pending = null;
            return false;
        }
        if (_pending is { } p && p.Name == name)
        {
            Files[name] = p.Data;
            _pending = null;
        }
        return true;
    }

    public bool Exists(string name)
    {
        Step("exists " + name);
        return Files.ContainsKey(name);
    }

    public bool Delete(string name)
    {
        Step("delete " + name);
        Files.Remove(name);
        return true;
    }

    /// <summary>States a file written but not flushed may be left in by a power cut.</summary>
    public static IEnumerable<(string What, Func<byte[]?, byte[], byte[]?> State)> TornStates(int length)
    {
        yield return ("old", (old, _) => old);
        yield return ("missing", (_, _) => null);
        yield return ("empty", (_, _) => Array.Empty<byte>());
        for (int k = 1; k < length; k++)
        {
            int n = k;
            yield return ($"first {n} bytes", (_, nw) => nw.Take(n).ToArray());
            yield return ($"first {n} bytes then erased flash", (_, nw) => nw.Take(n).Concat(Enumerable.Repeat((byte)0xFF, nw.Length - n)).ToArray());
        }
        yield return ("last byte garbled", (_, nw) => { var c = (byte[])nw.Clone(); c[^1] ^= 0x5A; return c; });
        yield return ("all new", (_, nw) => nw);
    }

    /// <summary>After a cut: the pending (unflushed) write, if any, lands in <paramref name="state"/>.</summary>
    public void Tear(Func<byte[]?, byte[], byte[]?> state)
    {
        if (_pending is not { } p) return;
        Files.TryGetValue(p.Name, out var old);
        var result = state(old, p.Data);
        if (result == null) Files.Remove(p.Name);
        else Files[p.Name] = result;
        _pending = null;
    }

    /// <summary>True when a write is waiting for its flush.</summary>
    public bool HasPending => _pending != null;

    /// <summary>A copy of the durable files (a fresh flash with the same contents).</summary>
    public EmulatedFlash Clone()
    {
        var c = new EmulatedFlash();
        foreach (var (k, v) in Files) c.Files[k] = (byte[])v.Clone();
        return c;
    }
}
