using CalfMonitor.Core.Sedentary;

namespace CalfMonitor.Core.Ble
{
    /// <summary>
    /// Control characteristic (write), version 1: <c>0 u8 version | 1 u8 opcode | arguments</c>.
    /// <list type="table">
    /// <item>0x01 Snooze: <c>2 u8 minutes</c> (0 = the configured snooze, 1–240), 3 bytes.</item>
    /// <item>0x02 Dismiss: 2 bytes.</item>
    /// <item>0x03 Set time: <c>2 i32 local seconds since 2000-01-01 00:00</c> (0–2145916799; negative refused), 6 bytes.</item>
    /// <item>0x04 Reset today's counters: 2 bytes.</item>
    /// <item>0x05 Record mode: <c>2 u8 0 = stop, 1 = start</c>, 3 bytes.</item>
    /// <item>0x06 History snapshot: take a new snapshot and restart the chunk cursor, 2 bytes.</item>
    /// <item>0x07 Try a buzz: <c>2 u8 pattern</c> (1–5, <see cref="Device.MotorPattern.Try"/>), 3 bytes.</item>
    /// </list>
    /// </summary>
    public sealed class ControlCommand
    {
        /// <summary>Payload version.</summary>
        public const int Version = 1;

        /// <summary>Snooze N minutes.</summary>
        public const int OpSnooze = 0x01;
        /// <summary>Dismiss the current alert.</summary>
        public const int OpDismiss = 0x02;
        /// <summary>Set the wall clock.</summary>
        public const int OpSetTime = 0x03;
        /// <summary>Reset today's counters.</summary>
        public const int OpResetToday = 0x04;
        /// <summary>Start or stop record mode.</summary>
        public const int OpRecordMode = 0x05;
        /// <summary>New history snapshot, chunk cursor to 0.</summary>
        public const int OpHistorySnapshot = 0x06;
        /// <summary>Play one of the motor's patterns once, for the wearer to feel.</summary>
        public const int OpTryBuzz = 0x07;

        /// <summary>Longest snooze, minutes.</summary>
        public const int MaxSnoozeMin = 240;

        /// <summary>Decoded opcode.</summary>
        public int Opcode;

        /// <summary>Decoded argument: minutes, local seconds, 0/1, or a pattern (0 when the opcode has none).</summary>
        public int Argument;

        /// <summary>Length of a command with this opcode, bytes (0 for an unknown opcode).</summary>
        public static int LengthOf(int opcode)
        {
            switch (opcode)
            {
                case OpDismiss:
                case OpResetToday:
                case OpHistorySnapshot:
                    return 2;
                case OpSnooze:
                case OpRecordMode:
                case OpTryBuzz:
                    return 3;
                case OpSetTime:
                    return 6;
                default:
                    return 0;
            }
        }

        /// <summary>Writes a command; returns its length (0 for an unknown opcode).</summary>
        public static int Encode(byte[] buffer, int offset, int opcode, int argument)
        {
            int length = LengthOf(opcode);
            if (length == 0) return 0;
            buffer[offset] = Version;
            buffer[offset + 1] = (byte)opcode;
            if (length == 3) buffer[offset + 2] = (byte)argument;
            else if (length == 6) LittleEndian.PutI32(buffer, offset + 2, argument);
            return length;
        }

        /// <summary>Decodes a write into this object; on an error nothing changes. Errors:
        /// 0x0D length, 0x80 version, 0x81 opcode, 0x13 argument out of range.</summary>
        public int TryDecode(byte[] buffer, int offset, int length)
        {
            if (buffer == null || length < 1) return AttError.InvalidLength;
            if (buffer[offset] != Version) return AttError.UnsupportedVersion;
            if (length < 2) return AttError.InvalidLength;
            int op = buffer[offset + 1];
            int expected = LengthOf(op);
            if (expected == 0) return AttError.UnknownOpcode;
            if (length != expected) return AttError.InvalidLength;
            int arg = 0;
            if (op == OpSnooze)
            {
                arg = buffer[offset + 2];
                if (arg > MaxSnoozeMin) return AttError.ValueNotAllowed;
            }
            else if (op == OpRecordMode)
            {
                arg = buffer[offset + 2];
                if (arg > 1) return AttError.ValueNotAllowed;
            }
            else if (op == OpTryBuzz)
            {
                arg = buffer[offset + 2];
                if (arg < Device.MotorPattern.TryFirstReminder || arg > Device.MotorPattern.TryLowBattery) return AttError.ValueNotAllowed;
            }
            else if (op == OpSetTime)
            {
                arg = LittleEndian.GetI32(buffer, offset + 2);
                if (arg < 0 || arg > WallClock.MaxLocalSeconds) return AttError.ValueNotAllowed;
            }
            Opcode = op;
            Argument = arg;
            return AttError.Ok;
        }
    }
}
