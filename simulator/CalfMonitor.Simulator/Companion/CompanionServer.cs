using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace CalfMonitor.Simulator.Companion;

/// <summary>
/// Serves the companion web page (<c>companion/</c> of the repository, embedded in this assembly
/// at build time, so a fresh clone and an installed tool serve the same files) on
/// http://localhost:PORT, bound to 127.0.0.1 only. Loopback is a secure context, where browsers
/// allow Web Bluetooth. GET and HEAD only; one response per connection.
/// </summary>
public sealed class CompanionServer : IDisposable
{
    /// <summary>Prefix of the embedded files' resource names (see the simulator's .csproj).</summary>
    public const string ResourcePrefix = "companion/";

    /// <summary>Longest request head read before giving up (a GET for a static file is far shorter).</summary>
    private const int MaxRequestHeadBytes = 16 * 1024;

    /// <summary>Time a client gets to send its request head (a browser sends it at once).</summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly TcpListener _listener;
    private readonly Dictionary<string, byte[]> _files;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accept;

    /// <summary>Starts serving the embedded files on 127.0.0.1:<paramref name="port"/> (0: any free port).</summary>
    public CompanionServer(int port) : this(port, EmbeddedFiles()) { }

    /// <summary>Starts serving <paramref name="files"/> (path without leading slash → bytes).</summary>
    public CompanionServer(int port, Dictionary<string, byte[]> files)
    {
        _files = files;
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accept = Task.Run(AcceptLoop);
    }

    /// <summary>The port actually bound.</summary>
    public int Port { get; }

    /// <summary>The page's address.</summary>
    public string Url => $"http://localhost:{Port}/";

    /// <summary>The files embedded from <c>companion/</c>, by path relative to it ("index.html", "js/app.js").</summary>
    public static Dictionary<string, byte[]> EmbeddedFiles()
    {
        var assembly = typeof(CompanionServer).Assembly;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (string name in assembly.GetManifestResourceNames())
        {
            // RecursiveDir uses the build machine's separator: a Windows build names them with '\'.
            string path = name.Replace('\\', '/');
            if (!path.StartsWith(ResourcePrefix, StringComparison.Ordinal)) continue;
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[path[ResourcePrefix.Length..]] = copy.ToArray();
        }
        return files;
    }

    /// <summary>Content type by file extension; the page uses only these.</summary>
    public static string ContentType(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" or ".mjs" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".json" => "application/json; charset=utf-8",
        ".webmanifest" => "application/manifest+json; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".wav" => "audio/wav",
        _ => "application/octet-stream",
    };

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException) { if (_stop.IsCancellationRequested) return; continue; }
            _ = Task.Run(() => Serve(client));
        }
    }

    private async Task Serve(TcpClient client)
    {
        using (client)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                timeout.CancelAfter(RequestTimeout);
                var stream = client.GetStream();
                string? head = await ReadHead(stream, timeout.Token);
                if (head == null) return;
                string[] requestLine = head.Split("\r\n")[0].Split(' ');
                if (requestLine.Length < 2)
                {
                    await Respond(stream, 400, "Bad Request", "text/plain", Encoding.UTF8.GetBytes("bad request\n"), true);
                    return;
                }
                string method = requestLine[0];
                bool headOnly = method == "HEAD";
                if (method != "GET" && !headOnly)
                {
                    await Respond(stream, 405, "Method Not Allowed", "text/plain", Encoding.UTF8.GetBytes("GET only\n"), true);
                    return;
                }
                string path = Uri.UnescapeDataString(requestLine[1].Split('?', '#')[0]).TrimStart('/');
                if (path.Length == 0 || path.EndsWith('/')) path += "index.html";
                if (_files.TryGetValue(path, out var body))
                {
                    await Respond(stream, 200, "OK", ContentType(path), body, !headOnly);
                }
                else
                {
                    await Respond(stream, 404, "Not Found", "text/plain", Encoding.UTF8.GetBytes($"not found: /{path}\n"), !headOnly);
                }
            }
            catch (IOException) { }
            catch (OperationCanceledException) { }
            catch (ObjectDisposedException) { }
        }
    }

    private static async Task<string?> ReadHead(NetworkStream stream, CancellationToken token)
    {
        var buffer = new byte[MaxRequestHeadBytes];
        int length = 0;
        while (length < buffer.Length)
        {
            int n = await stream.ReadAsync(buffer.AsMemory(length), token);
            if (n == 0) return null;
            length += n;
            string text = Encoding.ASCII.GetString(buffer, 0, length);
            int end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0) return text[..end];
        }
        return null;
    }

    private static async Task Respond(NetworkStream stream, int status, string reason, string type, byte[] body, bool withBody)
    {
        // no-cache: the browser revalidates, so a rebuilt calfmon serves the new page at once;
        // the page's service worker keeps its own copy for offline use.
        string head = $"HTTP/1.1 {status} {reason}\r\nContent-Type: {type}\r\nContent-Length: {body.Length}\r\n" +
                      "Cache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        if (withBody) await stream.WriteAsync(body);
        await stream.FlushAsync();
    }

    private bool _disposed;

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _stop.Cancel();
        _listener.Stop();
        try { _accept.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
        _stop.Dispose();
    }
}
