using System;
using System.Text;
using CalfMonitor.Core.Recording;

namespace CalfMonitor.Firmware
{
    /// <summary>
    /// Record mode output: trace rows (formatted by the core's <see cref="TraceRecorder"/>) go out
    /// on the USB serial port. COM1 (UART0, the USB-serial chip) belongs to nanoFramework's wire
    /// protocol and cannot be opened with SerialPort, but Console.Write text reaches UART0 as plain
    /// text at 921600 baud when no debugger is attached (nf-interpreter CLR_Debug::Emit →
    /// DebuggerPort_Write); Debug.WriteLine would be compiled out of Release builds. One string is
    /// allocated per batch (about every 100 ms poll, 5 rows at 50 Hz), not per row.
    /// `calfmon record --port … --out FILE` on the host keeps the lines from "# calfmon-trace 1" on
    /// and drops any boot or wire-protocol bytes before it.
    /// </summary>
    internal sealed class SerialRecorder : ITraceOutput
    {
        public int Batches { get; private set; }

        public void Write(byte[] data, int length)
        {
            Console.Write(Encoding.UTF8.GetString(data, 0, length));
            Batches++;
        }
    }
}
