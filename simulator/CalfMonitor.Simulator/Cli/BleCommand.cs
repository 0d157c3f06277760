using System.CommandLine;
using CalfMonitor.Simulator.Ble;
using CalfMonitor.Simulator.Input;

namespace CalfMonitor.Simulator.Cli;

/// <summary><c>calfmon ble decode CHARACTERISTIC HEX</c>: decodes a payload captured with a phone.</summary>
public static class BleCommand
{
    /// <summary>"--bogus", "-x": an option, not bytes ("-0a" and "-" stay hex with '-' as a separator).</summary>
    private static bool LooksLikeOption(string word) =>
        word.StartsWith("--", StringComparison.Ordinal)
        || (word.Length > 1 && word[0] == '-' && !Uri.IsHexDigit(word[1]));

    public static Command Create()
    {
        var characteristic = new Argument<string>("CHARACTERISTIC")
        {
            Description = "live, alert, config, control, history, current-time or battery",
        };
        var hex = new Argument<string[]>("HEX")
        {
            Description = "The payload in hex: \"01 0a ff\", 010aff or 01:0a:ff",
            Arity = ArgumentArity.OneOrMore,
        };
        var decode = new Command("decode", "Decode a BLE payload (docs/ble-protocol.md) with the device's own decoder")
        {
            characteristic, hex,
        };
        decode.SetAction(p => CliErrors.Guard(p, (stdout, stderr) =>
        {
            string name = (p.GetValue(characteristic) ?? "").ToLowerInvariant();
            if (name == "cts") name = "current-time";
            if (!BleText.Names.Contains(name))
            {
                if (LooksLikeOption(name)) throw new UsageException($"unknown option '{Echo.Safe(name)}' (see calfmon ble decode --help)");
                throw new UsageException($"unknown characteristic '{Echo.Safe(name)}': use {string.Join(", ", BleText.Names)}");
            }
            var parts = p.GetValue(hex) ?? Array.Empty<string>();
            // HEX takes any number of words, so the parser hands it a mistyped option too.
            foreach (var part in parts)
            {
                if (LooksLikeOption(part)) throw new UsageException($"unknown option '{Echo.Safe(part)}' (see calfmon ble decode --help)");
            }
            string text = string.Join(' ', parts);
            var bytes = BleText.ParseHex(text) ?? throw new UsageException($"'{Echo.Safe(text)}' is not hex bytes");
            if (bytes.Length == 0) throw new UsageException("no bytes to decode");
            var (code, decoded) = BleText.Decode(name, bytes);
            if (code != 0)
            {
                stderr.WriteLine($"calfmon: {name} payload {BleText.Hex(bytes, bytes.Length)} refused: ATT error {BleText.AttName(code)}");
                return CliErrors.Failed;
            }
            stdout.WriteLine($"{name}  {BleText.Hex(bytes, bytes.Length)}  {{{decoded}}}");
            return CliErrors.Ok;
        }));
        HelpExamples.Register(decode, HelpExamples.Ble);
        return HelpExamples.Register(new Command("ble", "Bluetooth LE payload tools") { decode }, HelpExamples.Ble);
    }
}
