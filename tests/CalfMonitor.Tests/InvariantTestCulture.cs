using System.Globalization;
using System.Runtime.CompilerServices;

namespace CalfMonitor.Tests;

/// <summary>
/// The tests' own text — the traces, HuGaDB rows and expected numbers they write and parse with
/// plain interpolation, ToString() and int.Parse — is in the invariant culture, whatever the
/// language of the laptop running `dotnet test`: under ar-SA (-8).ToString() is "\u061C-8" and
/// int.Parse("-8") fails, under sv-SE the minus is U+2212, and 17 tests failed for that alone.
/// What calfmon itself does under those cultures is checked by CultureTests, which sets each
/// culture explicitly.
/// </summary>
internal static class InvariantTestCulture
{
#pragma warning disable CA2255 // a test assembly's own start-up, not a library's
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Set()
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
    }
}
