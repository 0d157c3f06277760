using System;
using System.Collections.Generic;
using CalfMonitor.Core.Device;

namespace CalfMonitor.Tests.Device;

/// <summary>
/// An MPU-6050 as seen over I2C, precise enough to test the sampler against: a 128-register file
/// with the documented reset values, auto-incrementing burst reads and writes (except at
/// FIFO_R_W, which pops the FIFO), DEVICE_RESET and SLEEP in PWR_MGMT_1, the sample clock
/// (1 kHz or 8 kHz / (1 + SMPLRT_DIV), optionally off by some ppm), a 1024-byte FIFO filled in
/// FIFO_EN register order that drops its oldest byte when full and raises FIFO_OFLOW_INT,
/// INT_STATUS cleared on read, and WHO_AM_I. Faults can be injected: NACKs, a silent chip, a
/// wrong WHO_AM_I, a brown-out reset, a FIFO that lost a byte, a FIFO that stops filling.
/// Built with a WHO_AM_I other than 0x68 it is a chip of the MPU-6500 family as far as the sampler
/// can tell (RM-MPU-6500A-00): a 512-byte FIFO, PWR_MGMT_1 resetting to 0x01 (awake, sampling into
/// no FIFO until USER_CTRL enables it), and ACCEL_CONFIG2 (0x1D) kept like any other register.
/// Time is emulated: <see cref="AdvanceTo"/> produces the samples due up to that time.
/// </summary>
public sealed class EmulatedMpu6050 : II2cBus
{
    private readonly bool _mpu6500Family;
    private readonly byte[] _regs = new byte[128];
    private readonly byte[] _fifo;
    private readonly short[] _values = new short[6];
    private int _fifoHead;
    private int _fifoCount;
    private long _nowNs;
    private long _nextSampleNs;
    private bool _awake;

    /// <summary>Fills accel xyz, gyro xyz (raw counts) for global sample number k.</summary>
    public Action<long, short[]> Source { get; set; } = (k, v) => { v[0] = 0; v[1] = 0; v[2] = 4096; v[3] = 0; v[4] = 0; v[5] = 0; };

    /// <summary>Sample clock error, parts per million (positive: the chip's clock runs slow).</summary>
    public int ClockErrorPpm { get; set; }

    /// <summary>Value WHO_AM_I reads (0x68 for a genuine part).</summary>
    public int WhoAmI { get; set; } = 0x68;

    /// <summary>True: the chip answers nothing (every transaction is NACKed).</summary>
    public bool Silent { get; set; }

    /// <summary>NACK every transaction until this emulated time, ms.</summary>
    public long NackUntilMs { get; set; } = long.MinValue;

    /// <summary>NACK the next n reads of the FIFO (FIFO_R_W, the long burst), answering the rest.</summary>
    public int NackFifoReadsNext { get; set; }

    /// <summary>NACK the next n transactions.</summary>
    public int NackNext { get; set; }

    /// <summary>Answer this many transactions, then NACK the one after (−1: none).</summary>
    public int NackOneAfter { get; set; } = -1;

    /// <summary>A register that acknowledges writes but does not keep them (−1: none).</summary>
    public int IgnoreWritesTo { get; set; } = -1;

    /// <summary>True: the chip answers and keeps its configuration, but writes nothing into its
    /// FIFO (a clone whose FIFO does not work, a sample clock that stopped).</summary>
    public bool FifoStuck { get; set; }

    /// <summary>Keep a log of every generated sample and register write (off for allocation tests).</summary>
    public bool KeepLog { get; set; } = true;

    public long NowMs => _nowNs / 1_000_000;
    public long SamplesGenerated { get; private set; }
    public long BytesDropped { get; private set; }
    public int Transactions { get; private set; }
    public int Nacks { get; private set; }
    public int FifoCount => _fifoCount;
    public bool Awake => _awake;

    /// <summary>Every register write: emulated time (ms), register, value.</summary>
    public List<(long Ms, int Reg, int Value)> Writes { get; } = new();

    /// <summary>Generated samples by global number: emulated time (ns) and the six values.</summary>
    public List<(long Ns, short[] Values)> Generated { get; } = new();

    /// <summary>FIFO size, bytes: 1024 on the MPU-6050, 512 on the MPU-6500 family.</summary>
    public int FifoCapacity { get; }

    public EmulatedMpu6050(int whoAmI = 0x68)
    {
        WhoAmI = whoAmI;
        _mpu6500Family = whoAmI != 0x68;
        FifoCapacity = _mpu6500Family ? 512 : 1024;
        _fifo = new byte[FifoCapacity];
        PowerOnReset();
    }

    public byte Register(int reg) => _regs[reg];

    /// <summary>Brown-out: every register back to its power-on value, FIFO emptied and disabled,
    /// sensor asleep (an MPU-6500 wakes sampling, into no FIFO).</summary>
    public void BrownOut() => PowerOnReset();

    /// <summary>Loses one FIFO byte, as a partial read would: the frames are misaligned from then on.</summary>
    public void DropFifoByte()
    {
        if (_fifoCount == 0) return;
        _fifoHead = (_fifoHead + 1) % FifoCapacity;
        _fifoCount--;
    }

    private void PowerOnReset()
    {
        Array.Clear(_regs);
        _fifoHead = 0;
        _fifoCount = 0;
        if (_mpu6500Family)
        {
            _regs[0x6B] = 0x01;   // PWR_MGMT_1: awake, auto clock
            _awake = true;
            _nextSampleNs = _nowNs + PeriodNs;
        }
        else
        {
            _regs[0x6B] = 0x40;   // PWR_MGMT_1: SLEEP
            _awake = false;
        }
    }

    private long PeriodNs
    {
        get
        {
            int dlpf = _regs[0x1A] & 7;
            long baseHz = dlpf == 0 || dlpf == 7 ? 8000 : 1000;
            long ns = (1 + _regs[0x19]) * 1_000_000_000L / baseHz;
            return ns + ns * ClockErrorPpm / 1_000_000;
        }
    }

    /// <summary>Runs the chip up to emulated time <paramref name="ms"/>.</summary>
    public void AdvanceTo(long ms)
    {
        long target = ms * 1_000_000;
        if (target < _nowNs) throw new ArgumentException("time goes forward");
        while (_awake && _nextSampleNs <= target)
        {
            _nowNs = _nextSampleNs;
            ProduceSample();
            _nextSampleNs += PeriodNs;
        }
        _nowNs = target;
    }

    private void ProduceSample()
    {
        long k = SamplesGenerated++;
        Source(k, _values);
        if (KeepLog) Generated.Add((_nowNs, (short[])_values.Clone()));
        // Live data registers 0x3B..0x48: accel, temperature (fixed), gyro.
        for (int i = 0; i < 3; i++) PutBe(0x3B + 2 * i, _values[i]);
        PutBe(0x41, 1234);
        for (int i = 0; i < 3; i++) PutBe(0x43 + 2 * i, _values[3 + i]);
        _regs[0x3A] |= 0x01;  // DATA_RDY_INT

        if ((_regs[0x6A] & 0x40) == 0 || FifoStuck) return;   // USER_CTRL.FIFO_EN off
        int en = _regs[0x23];
        if ((en & 0x08) != 0) for (int r = 0x3B; r <= 0x40; r++) Push(_regs[r]);
        if ((en & 0x80) != 0) { Push(_regs[0x41]); Push(_regs[0x42]); }
        if ((en & 0x40) != 0) { Push(_regs[0x43]); Push(_regs[0x44]); }
        if ((en & 0x20) != 0) { Push(_regs[0x45]); Push(_regs[0x46]); }
        if ((en & 0x10) != 0) { Push(_regs[0x47]); Push(_regs[0x48]); }
    }

    private void PutBe(int reg, short value)
    {
        _regs[reg] = (byte)(value >> 8);
        _regs[reg + 1] = (byte)value;
    }

    private void Push(byte b)
    {
        if (_fifoCount == FifoCapacity)
        {
            // Full: the oldest byte is lost and the overflow flag raised.
            _fifoHead = (_fifoHead + 1) % FifoCapacity;
            _fifoCount--;
            BytesDropped++;
            _regs[0x3A] |= 0x10;
        }
        _fifo[(_fifoHead + _fifoCount) % FifoCapacity] = b;
        _fifoCount++;
    }

    private byte Pop()
    {
        if (_fifoCount == 0) return 0;
        byte b = _fifo[_fifoHead];
        _fifoHead = (_fifoHead + 1) % FifoCapacity;
        _fifoCount--;
        return b;
    }

    private bool Nack()
    {
        Transactions++;
        bool nack = Silent || NowMs < NackUntilMs || NackNext > 0 || NackOneAfter == 0;
        if (NackNext > 0) NackNext--;
        if (NackOneAfter >= 0) NackOneAfter--;
        if (nack) Nacks++;
        return nack;
    }

    public bool Write(byte[] data, int length)
    {
        if (Nack() || length < 1) return false;
        int reg = data[0];
        for (int i = 1; i < length; i++) WriteRegister(reg++ & 0x7F, data[i]);
        return true;
    }

    public bool WriteRead(byte[] write, int writeLength, byte[] read, int readLength)
    {
        if (writeLength == 1 && write[0] == 0x74 && NackFifoReadsNext > 0)
        {
            NackFifoReadsNext--;
            Transactions++;
            Nacks++;
            return false;
        }
        if (Nack() || writeLength != 1) return false;
        int reg = write[0];
        for (int i = 0; i < readLength; i++)
        {
            read[i] = ReadRegister(reg);
            if (reg != 0x74) reg = (reg + 1) & 0x7F;
        }
        return true;
    }

    private void WriteRegister(int reg, byte value)
    {
        if (KeepLog) Writes.Add((NowMs, reg, value));
        if (reg == IgnoreWritesTo) return;
        switch (reg)
        {
            case 0x6B:
                if ((value & 0x80) != 0) { PowerOnReset(); return; }
                _regs[reg] = value;
                bool awake = (value & 0x40) == 0;
                if (awake && !_awake) _nextSampleNs = _nowNs + PeriodNs;
                _awake = awake;
                return;
            case 0x6A:
                if ((value & 0x04) != 0 && (value & 0x40) == 0) { _fifoHead = 0; _fifoCount = 0; }
                _regs[reg] = (byte)(value & ~0x07);   // reset bits self-clear
                return;
            case 0x3A: case 0x72: case 0x73: case 0x75:
                return;   // read-only
            default:
                _regs[reg] = value;
                return;
        }
    }

    private byte ReadRegister(int reg)
    {
        switch (reg)
        {
            case 0x3A:
                byte s = _regs[0x3A];
                _regs[0x3A] = 0;   // INT_RD_CLEAR = 0: cleared by reading
                return s;
            case 0x72: return (byte)(_fifoCount >> 8);
            case 0x73: return (byte)_fifoCount;
            case 0x74: return Pop();
            case 0x75: return (byte)WhoAmI;
            default: return _regs[reg];
        }
    }
}
