using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CalfMonitor.Tests.Companion;

/// <summary>
/// A plain Chrome DevTools Protocol connection to the browser target (its own WebSocket beside
/// the driver's): commands with generous timeouts, events to one handler. Used for the
/// <c>BluetoothEmulation</c> domain, whose payloads we want on the wire exactly as written.
/// </summary>
public sealed class CdpConnection : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private Task? _reader;
    private int _nextId;

    /// <summary>Called for every event (method, params) on the reader's thread.</summary>
    public Action<string, JsonElement>? OnEvent { get; set; }

    /// <summary>Failures inside event handling, kept for the test to report.</summary>
    public ConcurrentQueue<string> Errors { get; } = new();

    public static async Task<CdpConnection> ConnectAsync(string browserWebSocketUrl)
    {
        var c = new CdpConnection();
        c._socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await c._socket.ConnectAsync(new Uri(browserWebSocketUrl), CancellationToken.None);
        c._reader = Task.Run(c.ReadLoop);
        return c;
    }

    /// <summary>Sends a command and waits for its result (throws on a protocol error or timeout).</summary>
    public async Task<JsonElement> SendAsync(string method, object? parameters = null, TimeSpan? timeout = null)
    {
        var tcs = Post(method, parameters, out _);
        var done = await Task.WhenAny(tcs.Task, Task.Delay(timeout ?? TimeSpan.FromSeconds(60)));
        if (done != tcs.Task) throw new TimeoutException($"CDP {method}: no answer within {(timeout ?? TimeSpan.FromSeconds(60)).TotalSeconds} s");
        return await tcs.Task;
    }

    /// <summary>Sends a command without waiting for its answer (some emulation commands answer late
    /// or never); an error answer is kept in <see cref="Errors"/>, which a timed-out wait shows.</summary>
    public void Fire(string method, object? parameters = null)
    {
        var tcs = Post(method, parameters, out int id);
        tcs.Task.ContinueWith(t =>
        {
            _pending.TryRemove(id, out _);
            if (t.IsFaulted && !_stop.IsCancellationRequested) Errors.Enqueue($"{method}: {t.Exception!.InnerException?.Message}");
        }, TaskScheduler.Default);
    }

    private TaskCompletionSource<JsonElement> Post(string method, object? parameters, out int id)
    {
        id = Interlocked.Increment(ref _nextId);
        var tcs = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = tcs;
        var message = new JsonObject { ["id"] = id, ["method"] = method };
        message["params"] = parameters == null ? new JsonObject() : JsonSerializer.SerializeToNode(parameters);
        byte[] bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
        _ = SendRaw(bytes, tcs);
        return tcs;
    }

    private async Task SendRaw(byte[] bytes, TaskCompletionSource<JsonElement> tcs)
    {
        await _sendLock.WaitAsync();
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, true, _stop.Token);
        }
        catch (Exception e)
        {
            tcs.TrySetException(e);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task ReadLoop()
    {
        var buffer = new byte[1 << 16];
        var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
            {
                var r = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (r.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, r.Count);
                if (!r.EndOfMessage) continue;
                using var doc = JsonDocument.Parse(message.ToArray());
                message.SetLength(0);
                var root = doc.RootElement.Clone();
                if (root.TryGetProperty("id", out var idEl))
                {
                    if (_pending.TryRemove(idEl.GetInt32(), out var tcs))
                    {
                        if (root.TryGetProperty("error", out var err)) tcs.TrySetException(new InvalidOperationException($"CDP error: {err}"));
                        else tcs.TrySetResult(root.TryGetProperty("result", out var res) ? res : default);
                    }
                }
                else if (root.TryGetProperty("method", out var m))
                {
                    try
                    {
                        OnEvent?.Invoke(m.GetString()!, root.TryGetProperty("params", out var p) ? p : default);
                    }
                    catch (Exception e)
                    {
                        Errors.Enqueue($"{m.GetString()}: {e.Message}");
                    }
                }
            }
        }
        catch (OperationCanceledException) { }
        catch (WebSocketException) { }
        foreach (var p in _pending.Values) p.TrySetException(new InvalidOperationException("CDP connection closed"));
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try { _socket.Abort(); } catch (Exception) { }
        if (_reader != null) { try { await _reader; } catch (Exception) { } }
        _socket.Dispose();
        _stop.Dispose();
        _sendLock.Dispose();
    }
}
