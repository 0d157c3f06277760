using CalfMonitor.Core.Sedentary;

namespace CalfMonitor.Core.Ble
{
    /// <summary>
    /// Alert characteristic (read + notify), version 1, 10 bytes little-endian:
    /// <c>0 u8 version | 1 u8 reason | 2 u16 sequence | 4 u16 spell minutes | 6 u8 repeat index |
    /// 7 u8 buzz pulses | 8 u16 alerts suppressed in this spell</c>.
    /// Notified once per alert raised; a read returns the last alert raised since power-on, or
    /// <c>01 00 00 00 00 00 00 00 00 00</c> (reason 0 = no alert yet, sequence 0) before the first.
    /// </summary>
    public sealed class AlertPayload
    {
        /// <summary>Payload version.</summary>
        public const int Version = 1;

        /// <summary>Encoded length, bytes.</summary>
        public const int Length = 10;

        /// <summary><see cref="AlertReason"/> code (1–4), or 0 in a read before any alert.</summary>
        public int Reason;
        /// <summary>Alert sequence number since boot (1, 2, …, wraps 65535 → 0).</summary>
        public int Sequence;
        /// <summary>Spell length when the alert fired, whole minutes (saturates at 65535).</summary>
        public int SpellMinutes;
        /// <summary>0 for the first alert of the spell, 1 for the first repeat, … (saturates at 255).</summary>
        public int RepeatIndex;
        /// <summary>Buzz pulses the device plays (escalation, capped by the config).</summary>
        public int BuzzPulses;
        /// <summary>Alerts suppressed so far in this spell (quiet hours, not worn; saturates at 65535).</summary>
        public int Suppressed;

        /// <summary>Fills the payload from the policy's last alert (all zero before the first).</summary>
        public void FromPolicy(AlertPolicy policy)
        {
            Reason = policy.LastReason;
            Sequence = policy.Sequence;
            SpellMinutes = policy.LastSpellSeconds / 60;
            RepeatIndex = policy.LastRepeatIndex;
            BuzzPulses = policy.LastBuzzPulses;
            Suppressed = policy.LastSuppressed;
        }

        /// <summary>Writes the payload; returns its length.</summary>
        public int Encode(byte[] buffer, int offset)
        {
            buffer[offset] = Version;
            buffer[offset + 1] = (byte)LittleEndian.Saturate(Reason, 255);
            LittleEndian.PutU16(buffer, offset + 2, Sequence);
            LittleEndian.PutU16(buffer, offset + 4, LittleEndian.Saturate(SpellMinutes, 65535));
            buffer[offset + 6] = (byte)LittleEndian.Saturate(RepeatIndex, 255);
            buffer[offset + 7] = (byte)LittleEndian.Saturate(BuzzPulses, 255);
            LittleEndian.PutU16(buffer, offset + 8, LittleEndian.Saturate(Suppressed, 65535));
            return Length;
        }

        /// <summary>Reads a payload into this object; on an error nothing changes.</summary>
        public int TryDecode(byte[] buffer, int offset, int length)
        {
            if (length < 1) return AttError.InvalidLength;
            if (buffer[offset] != Version) return AttError.UnsupportedVersion;
            if (length != Length) return AttError.InvalidLength;
            int reason = buffer[offset + 1];
            if (reason > AlertReason.Max) return AttError.ValueNotAllowed;
            Reason = reason;
            Sequence = LittleEndian.GetU16(buffer, offset + 2);
            SpellMinutes = LittleEndian.GetU16(buffer, offset + 4);
            RepeatIndex = buffer[offset + 6];
            BuzzPulses = buffer[offset + 7];
            Suppressed = LittleEndian.GetU16(buffer, offset + 8);
            return AttError.Ok;
        }
    }
}
