using CalfMonitor.Core.Sensing;

namespace CalfMonitor.Core.Device
{
    /// <summary>
    /// Reads the MPU-6050 through its FIFO and hands every sample, stamped with the sensor's own
    /// sample clock, to an <see cref="ISampleSink"/>.
    /// <para>Why the FIFO: nanoFramework's timers and Thread.Sleep tick in 10 ms steps, so a steady
    /// 50/100 Hz cannot come from sleeping between register reads. The chip samples on its own
    /// clock (1 kHz / (1 + SMPLRT_DIV) with the DLPF on) into its FIFO (1024 bytes; 512 on the
    /// MPU-6500 family, <see cref="SensorChip"/>); the device polls it
    /// every ~100 ms and reads whole 12-byte frames in bursts. Time stamps are sample number × period
    /// (integer milliseconds, exact because the period is 1 + SMPLRT_DIV ms).</para>
    /// <para>Faults never throw. Transient bus errors are retried on the next poll; repeated errors,
    /// a sensor that reset itself (brown-out: PWR_MGMT_1 back to 0x40 or the FIFO disabled) or
    /// stopped sampling (an empty FIFO for over a second), a missing chip or a WHO_AM_I of no supported chip lead to a re-initialisation scheduled
    /// with a growing backoff (immediately, then 1 s, 2 s, 4 s … 60 s) so a dead or flapping sensor never causes
    /// a tight retry loop. A FIFO overflow, or a byte count that is not whole frames, resets the
    /// FIFO and advances the time stamp by the span lost (estimated from the caller's wall clock),
    /// so the monitor sees a gap of the right length.</para>
    /// <para>Every buffer is allocated in the constructor: <see cref="Poll"/> allocates nothing.</para>
    /// </summary>
    public sealed class Mpu6050Sampler
    {
        /// <summary>FIFO frame size: accel xyz + gyro xyz, 2 bytes each, big-endian (no temperature).</summary>
        public const int FifoFrameBytes = 12;

        /// <summary>Most frames read in one I2C burst: 16 × 12 = 192 bytes, 5 ms at 400 kHz; a poll
        /// loops over as many bursts as the FIFO count asks for (at most 85 frames = 1020 bytes).</summary>
        public const int MaxFramesPerRead = 16;

        /// <summary>Gyro output rate with the DLPF on, Hz: the base the sample rate divider divides.</summary>
        public const int GyroOutputRateHz = 1000;

        /// <summary>Wait after DEVICE_RESET before touching the chip again, ms (the InvenSense
        /// reference driver waits 100 ms; the register map gives no smaller figure).</summary>
        public const int ResetSettleMs = 100;

        /// <summary>First retry delay after a failed initialisation, ms.</summary>
        public const int FirstBackoffMs = 1000;

        /// <summary>Longest retry delay, ms: an absent sensor costs one bus probe a minute.</summary>
        public const int MaxBackoffMs = 60000;

        /// <summary>Time in <see cref="SensorState.Ok"/> after which the backoff starts again from
        /// zero, ms: a sensor that fails right after every initialisation keeps backing off.</summary>
        public const int StableRunMs = 30000;

        /// <summary>Longest span of an outage kept as one difference from the last drain, ms (a
        /// day): past it, the span is carried into the time stamp (<see cref="SkipLostSpan"/>) and
        /// counted afresh, so a sensor out for weeks never has a difference near 2^31 ms (24.9 days),
        /// which would read as negative — the stamp handed to the monitor would fall back by 24.9
        /// days. A day's carry rounds by at most half a period, 10 ms at 50 Hz (0.12 ppm).</summary>
        public const int OutageCarryMs = 86400000;

        /// <summary>Consecutive failed polls tolerated before re-initialising: one or two NACKs
        /// (EMI, a motor start) cost nothing, the FIFO keeps the samples for 1.7 s at 50 Hz
        /// (0.85 s in the 512 bytes of an MPU-6500).</summary>
        public const int FailedPollsBeforeReinit = 3;

        /// <summary>Longest time without a frame while every poll succeeds, ms, before the sensor is
        /// taken as stopped and re-initialised: a chip that answers and keeps its configuration but
        /// writes nothing into its FIFO (a clone whose FIFO does not work, a stopped sample clock)
        /// would otherwise stay <see cref="SensorState.Ok"/> and silence the device. 50 periods at
        /// 50 Hz, ten 100 ms polls; well inside the 5 s after which the device counts an outage.</summary>
        public const int FifoStallMs = 1000;

        /// <summary>Span over which the sensor's sample clock is compared with the caller's, ms:
        /// the samples a poll finds were made up to one poll interval (~100 ms) before it, so over
        /// 10 minutes that uncertainty is under 170 ppm, against an oscillator off by up to 1 %.</summary>
        public const int ClockRateWindowMs = 600000;

        /// <summary>Largest difference between the two clocks taken as a measure, ppm: 5 %, well
        /// past the gyro-referenced clock's ±1 % (datasheet 7.15); more means the window was
        /// disturbed (the caller's loop stalled), not that the oscillator is that far off.</summary>
        public const int MaxClockRatePpm = 50000;

        private const int PhaseReset = 0;       // next attempt writes DEVICE_RESET
        private const int PhaseConfigure = 1;   // next attempt checks WHO_AM_I and configures

        private readonly II2cBus _bus;
        private readonly ISampleSink _sink;
        private readonly int _periodMs;
        private readonly int _divider;
        private readonly int _dlpfConfig;
        private readonly int _gyroConfig;
        private readonly int _accelConfig;
        private int _chip;               // WHO_AM_I of the chip identified last, 0 before

        private readonly byte[] _command = new byte[2];   // register address + value
        private readonly byte[] _address = new byte[1];   // register address of a read
        private readonly byte[] _small = new byte[4];     // status, count and read-back registers
        private readonly byte[] _frames = new byte[MaxFramesPerRead * FifoFrameBytes];

        private SensorState _state = SensorState.Reinitialising;
        private int _phase = PhaseReset;
        private bool _scheduled;
        private int _nextAttemptMs;
        private int _backoffMs = FirstBackoffMs;
        private int _okSinceMs;
        private bool _stableRun;         // Ok for StableRunMs since _okSinceMs (latched: no int wrap)
        private int _failedPolls;
        private bool _fifoSuspect;

        private bool _started;
        private int _nextStampMs;
        private int _sequence;
        private int _lastDrainMs;

        private int _overflows;
        private int _faults;
        private int _reinits;
        private int _initAttempts;
        private int _lostSamples;
        private int _samples;

        private bool _rateWindowOpen;
        private int _rateWindowStartMs;
        private int _rateWindowSamples;
        private bool _clockRateKnown;
        private int _clockRatePpm;

        /// <summary>Creates the sampler; nothing is sent on the bus until the first <see cref="Poll"/>.
        /// Throws <see cref="System.ArgumentException"/> (at start-up only) for an invalid configuration
        /// or a rate that 1 kHz does not divide into whole milliseconds (20, 25, 40, 50, 100, 125, 200 Hz).</summary>
        public Mpu6050Sampler(II2cBus bus, SensorConfig config, ISampleSink sink)
        {
            if (bus == null) throw new System.ArgumentNullException("bus");
            if (sink == null) throw new System.ArgumentNullException("sink");
            if (config == null || !IsSupported(config)) throw new System.ArgumentException("config");
            _bus = bus;
            _sink = sink;
            _divider = SampleRateDivider(config.SampleRateHz);
            _periodMs = 1 + _divider;
            _dlpfConfig = DlpfConfig(config.SampleRateHz);
            _gyroConfig = GyroConfigValue(config.GyroRangeDps);
            _accelConfig = AccelConfigValue(config.AccelRangeG);
        }

        // ---- configuration values (public so tests and docs can check them) --------------------

        /// <summary>True when the configuration is valid and its rate is 1 kHz / a whole number.</summary>
        public static bool IsSupported(SensorConfig config)
        {
            return config.IsValid && GyroOutputRateHz % config.SampleRateHz == 0;
        }

        /// <summary>SMPLRT_DIV for a rate: 1 kHz / (1 + div) = rate, e.g. 19 for 50 Hz, 9 for 100 Hz.</summary>
        public static int SampleRateDivider(int sampleRateHz)
        {
            return GyroOutputRateHz / sampleRateHz - 1;
        }

        /// <summary>DLPF_CFG for a rate: the widest filter whose gyro bandwidth is at most half the
        /// sample rate (Nyquist), so nothing above it aliases. Gyro/accel -3 dB bandwidths of
        /// DLPF_CFG 1..6: 188/184, 98/94, 42/44, 20/21, 10/10, 5/5 Hz. 50 Hz → 4 (20 Hz, 8.3 ms
        /// delay), 100 Hz → 3 (42 Hz), 200 Hz → 2 (98 Hz), 20–39 Hz → 5 (10 Hz).</summary>
        public static int DlpfConfig(int sampleRateHz)
        {
            if (sampleRateHz >= 376) return 1;
            if (sampleRateHz >= 196) return 2;
            if (sampleRateHz >= 84) return 3;
            if (sampleRateHz >= 40) return 4;
            if (sampleRateHz >= 20) return 5;
            return 6;
        }

        /// <summary>GYRO_CONFIG value: FS_SEL (0..3 for ±250/500/1000/2000 °/s) in bits 4:3.</summary>
        public static int GyroConfigValue(int gyroRangeDps)
        {
            switch (gyroRangeDps)
            {
                case 250: return 0x00;
                case 500: return 0x08;
                case 1000: return 0x10;
                default: return 0x18;
            }
        }

        /// <summary>ACCEL_CONFIG value: AFS_SEL (0..3 for ±2/4/8/16 g) in bits 4:3.</summary>
        public static int AccelConfigValue(int accelRangeG)
        {
            switch (accelRangeG)
            {
                case 2: return 0x00;
                case 4: return 0x08;
                case 8: return 0x10;
                default: return 0x18;
            }
        }

        /// <summary>Reads a big-endian int16 at <paramref name="offset"/> (FIFO frames, data registers).</summary>
        public static int ReadInt16BigEndian(byte[] data, int offset)
        {
            int hi = data[offset];
            int lo = data[offset + 1];
            return (short)((hi << 8) | lo);
        }

        // ---- state ---------------------------------------------------------------------------

        /// <summary>Current sensor state.</summary>
        public SensorState State { get { return _state; } }

        /// <summary>WHO_AM_I read by the last initialisation that reached the chip (0 before):
        /// a <see cref="SensorChip"/> value, or the unsupported value that made it
        /// <see cref="SensorState.Absent"/>. The glue names it on the serial port.</summary>
        public int ChipIdentity { get { return _chip; } }

        /// <summary>Sample period, ms (1 + SMPLRT_DIV).</summary>
        public int PeriodMs { get { return _periodMs; } }

        /// <summary>FIFO overflows (including byte counts that were not whole frames) recovered.</summary>
        public int Overflows { get { return _overflows; } }

        /// <summary>Faults: failed bus transfers, sensor resets, failed initialisations.</summary>
        public int Faults { get { return _faults; } }

        /// <summary>Successful re-initialisations after the first start.</summary>
        public int Reinits { get { return _reinits; } }

        /// <summary>Initialisation attempts (DEVICE_RESET writes tried), including the first.</summary>
        public int InitAttempts { get { return _initAttempts; } }

        /// <summary>Samples skipped in the time stamp after overflows and faults (estimated).</summary>
        public int LostSamples { get { return _lostSamples; } }

        /// <summary>Samples delivered to the sink.</summary>
        public int Samples { get { return _samples; } }

        /// <summary>How much faster the caller's clock runs than the sensor's sample clock, ppm
        /// (0 until the first window of <see cref="ClockRateWindowMs"/> without an overflow or
        /// fault has been measured); each new window is averaged with the figure before it.</summary>
        public int ClockRatePpm { get { return _clockRatePpm; } }

        /// <summary>Sequence number the next sample will carry.</summary>
        public int NextSequence { get { return _sequence; } }

        /// <summary>Wall time of the next initialisation step while not <see cref="SensorState.Ok"/>.</summary>
        public int NextAttemptMs { get { return _nextAttemptMs; } }

        // ---- polling -------------------------------------------------------------------------

        /// <summary>
        /// Call every ~100 ms (at most ~1.5 s apart at 50 Hz, ~0.8 s at 100 Hz, half that on an
        /// MPU-6500's 512-byte FIFO, or the FIFO overflows). Drains the FIFO into the sink, or
        /// advances (re)initialisation.
        /// </summary>
        /// <param name="nowMs">The caller's wrapping millisecond wall clock (tick count); used only
        /// to schedule retries and to estimate the span lost to an overflow or fault.</param>
        /// <returns>Samples delivered by this call.</returns>
        public int Poll(int nowMs)
        {
            if (_state != SensorState.Ok)
            {
                // An outage of a day: its span so far goes into the stamp (OutageCarryMs).
                if (_started && nowMs - _lastDrainMs >= OutageCarryMs) SkipLostSpan(nowMs);
                ServiceInit(nowMs);
                return 0;
            }
            // Checked on every poll while Ok, not only at the next fault: a fault weeks later
            // would find the difference past 2^31 ms, negative.
            if (!_stableRun && nowMs - _okSinceMs >= StableRunMs) _stableRun = true;

            if (!ReadRegisters(Mpu6050Registers.IntStatus, 1))
            {
                PollFailed(nowMs);
                return 0;
            }
            int intStatus = _small[0];

            if (!ReadRegisters(Mpu6050Registers.UserCtrl, 2))
            {
                PollFailed(nowMs);
                return 0;
            }
            int userCtrl = _small[0];
            int power = _small[1];
            if (power != Mpu6050Registers.PwrClockPllGyroX || (userCtrl & Mpu6050Registers.UserFifoEnable) == 0)
            {
                // The sensor lost its configuration: a brown-out or a spurious reset.
                _faults++;
                EnterReinit(nowMs);
                return 0;
            }

            int count;
            if (!ReadFifoCount(out count))
            {
                PollFailed(nowMs);
                return 0;
            }
            if (count % FifoFrameBytes != 0 && count < Mpu6050Registers.FifoCapacityBytes)
            {
                // Possibly read while a frame was being written: ask once more before calling it corrupt.
                if (!ReadFifoCount(out count))
                {
                    PollFailed(nowMs);
                    return 0;
                }
            }

            if ((intStatus & Mpu6050Registers.IntFifoOverflow) != 0
                || count >= Mpu6050Registers.FifoCapacityBytes
                || count % FifoFrameBytes != 0
                || _fifoSuspect)
            {
                RecoverFifo(nowMs);
                return 0;
            }

            int delivered = 0;
            int frames = count / FifoFrameBytes;
            while (frames > 0)
            {
                int n = frames > MaxFramesPerRead ? MaxFramesPerRead : frames;
                if (!ReadRegisters(Mpu6050Registers.FifoRw, _frames, n * FifoFrameBytes))
                {
                    // Some bytes may have left the FIFO: its frame alignment is unknown now.
                    _fifoSuspect = true;
                    PollFailed(nowMs);
                    return delivered;
                }
                Deliver(n);
                delivered += n;
                frames -= n;
            }

            _failedPolls = 0;
            if (delivered > 0)
            {
                _lastDrainMs = nowMs;
            }
            else if (nowMs - _lastDrainMs > FifoStallMs)
            {
                // Every transfer answered, the configuration intact, and no sample: the chip has
                // stopped sampling into its FIFO. The span since the last frame is lost time.
                _faults++;
                EnterReinit(nowMs);
                return 0;
            }
            MeasureClockRate(nowMs, delivered);
            return delivered;
        }

        /// <summary>Counts the samples drained over a window of the caller's clock. The window
        /// starts at a drain, so each later drain brings the samples made since the one before;
        /// an overflow, a fault or a failed poll ends it unmeasured (<see cref="SkipLostSpan"/>,
        /// <see cref="PollFailed"/>). Runs once per poll, not per sample.</summary>
        private void MeasureClockRate(int nowMs, int delivered)
        {
            if (!_rateWindowOpen)
            {
                _rateWindowOpen = true;
                _rateWindowStartMs = nowMs;
                _rateWindowSamples = 0;
                return;
            }
            _rateWindowSamples += delivered;
            int callerMs = nowMs - _rateWindowStartMs;
            if (callerMs < ClockRateWindowMs) return;
            int sensorMs = _rateWindowSamples * _periodMs;
            _rateWindowStartMs = nowMs;
            _rateWindowSamples = 0;
            int differenceMs = callerMs - sensorMs;
            int limitMs = sensorMs / (1000000 / MaxClockRatePpm);
            if (sensorMs <= 0 || differenceMs > limitMs || differenceMs < -limitMs) return;
            int ppm = differenceMs * 1000 / (sensorMs / 1000);
            _clockRatePpm = _clockRateKnown ? (_clockRatePpm + ppm) / 2 : ppm;
            _clockRateKnown = true;
            _sink.OnClockRate(_clockRatePpm);
        }

        private void Deliver(int frames)
        {
            byte[] b = _frames;
            ISampleSink sink = _sink;
            int o = 0;
            for (int i = 0; i < frames; i++)
            {
                int h0 = b[o]; int l0 = b[o + 1];
                int h1 = b[o + 2]; int l1 = b[o + 3];
                int h2 = b[o + 4]; int l2 = b[o + 5];
                int h3 = b[o + 6]; int l3 = b[o + 7];
                int h4 = b[o + 8]; int l4 = b[o + 9];
                int h5 = b[o + 10]; int l5 = b[o + 11];
                sink.OnSample(_sequence, _nextStampMs,
                    (short)((h0 << 8) | l0), (short)((h1 << 8) | l1), (short)((h2 << 8) | l2),
                    (short)((h3 << 8) | l3), (short)((h4 << 8) | l4), (short)((h5 << 8) | l5));
                _sequence++;
                _nextStampMs += _periodMs;
                o += FifoFrameBytes;
            }
            _samples += frames;
        }

        private void PollFailed(int nowMs)
        {
            _rateWindowOpen = false;
            _faults++;
            _failedPolls++;
            if (_failedPolls >= FailedPollsBeforeReinit) EnterReinit(nowMs);
        }

        private void RecoverFifo(int nowMs)
        {
            _overflows++;
            if (!ResetFifo())
            {
                _fifoSuspect = true;
                PollFailed(nowMs);
                return;
            }
            _fifoSuspect = false;
            _failedPolls = 0;
            SkipLostSpan(nowMs);
        }

        /// <summary>Moves the time stamp past the samples produced since the last drain and never
        /// read (thrown away with the FIFO, or never sampled while the sensor was down), rounded to
        /// whole periods, so the first new sample carries about its true time.</summary>
        private void SkipLostSpan(int nowMs)
        {
            _rateWindowOpen = false;
            int lost = PeriodsSinceDrain(nowMs);
            _sequence += lost;
            _nextStampMs += lost * _periodMs;
            _lostSamples += lost;
            _lastDrainMs = nowMs;
        }

        /// <summary>Sample periods from the last drain to <paramref name="nowMs"/> on the caller's
        /// clock (0 when it is not later). The caller's clock keeps real time; the stamps are the
        /// sensor's clock, which the wall clock converts at the measured rate: the span is counted
        /// in sensor periods, or the wall clock would get the rate twice over an outage.</summary>
        private int PeriodsSinceDrain(int nowMs)
        {
            int elapsed = nowMs - _lastDrainMs;
            if (elapsed <= 0) return 0;
            int sensorElapsed = elapsed - (int)((long)elapsed * _clockRatePpm / 1000000);
            return (sensorElapsed + _periodMs / 2) / _periodMs;
        }

        /// <summary>The time on the sensor's clock (the stamps' clock, the monitor's) that
        /// <paramref name="nowMs"/> on the caller's clock stands for while no sample comes: the
        /// stamp the first sample after an outage would carry if the sensor came back now, so it
        /// never decreases while the sensor is out, and the first sample after it is stamped no
        /// earlier. What the device hands <see cref="CalfMonitor.Core.CalfPumpMonitor.SensorOutage"/>
        /// while the sensor is not <see cref="SensorState.Ok"/>; meaningful once a sample has been
        /// delivered (before that the monitor has no clock to continue).</summary>
        public int StampAt(int nowMs)
        {
            return _nextStampMs + PeriodsSinceDrain(nowMs) * _periodMs;
        }

        private void EnterReinit(int nowMs)
        {
            _rateWindowOpen = false;
            bool wasStable = _stableRun || nowMs - _okSinceMs >= StableRunMs;
            _state = SensorState.Reinitialising;
            _phase = PhaseReset;
            _failedPolls = 0;
            if (wasStable)
            {
                // A sensor that ran fine for a while gets an immediate retry.
                _backoffMs = FirstBackoffMs;
                _nextAttemptMs = nowMs;
            }
            else
            {
                _nextAttemptMs = nowMs + TakeBackoff();
            }
        }

        private int TakeBackoff()
        {
            int delay = _backoffMs;
            _backoffMs = _backoffMs >= MaxBackoffMs / 2 ? MaxBackoffMs : _backoffMs * 2;
            return delay;
        }

        private void ServiceInit(int nowMs)
        {
            if (!_scheduled)
            {
                // Very first poll: start now.
                _scheduled = true;
                _nextAttemptMs = nowMs;
            }
            int wait = _nextAttemptMs - nowMs;
            if (wait > MaxBackoffMs + ResetSettleMs)
            {
                // The caller's clock went backwards: never wait longer than the longest backoff.
                _nextAttemptMs = nowMs;
                wait = 0;
            }
            if (wait > 0) return;

            if (_phase == PhaseReset)
            {
                _initAttempts++;
                if (!WriteRegister(Mpu6050Registers.PwrMgmt1, Mpu6050Registers.PwrDeviceReset))
                {
                    InitFailed(nowMs, SensorState.Absent);
                    return;
                }
                _phase = PhaseConfigure;
                _nextAttemptMs = nowMs + ResetSettleMs;
                return;
            }

            if (!ReadRegisters(Mpu6050Registers.WhoAmI, 1))
            {
                InitFailed(nowMs, SensorState.Absent);
                return;
            }
            _chip = _small[0];
            if (!SensorChip.IsSupported(_chip))
            {
                InitFailed(nowMs, SensorState.Absent);
                return;
            }
            if (!Configure())
            {
                InitFailed(nowMs, SensorState.Reinitialising);
                return;
            }

            _state = SensorState.Ok;
            _okSinceMs = nowMs;
            _stableRun = false;
            _failedPolls = 0;
            _fifoSuspect = false;
            if (_started)
            {
                _reinits++;
                SkipLostSpan(nowMs);
            }
            else
            {
                _started = true;
                _lastDrainMs = nowMs;
            }
        }

        private void InitFailed(int nowMs, SensorState state)
        {
            _faults++;
            _state = state;
            _phase = PhaseReset;
            _nextAttemptMs = nowMs + TakeBackoff();
        }

        /// <summary>The configuration sequence after DEVICE_RESET; false on any bus error or a
        /// register that does not read back what was written.</summary>
        private bool Configure()
        {
            if (!WriteRegister(Mpu6050Registers.PwrMgmt1, Mpu6050Registers.PwrClockPllGyroX)) return false;
            if (!WriteRegister(Mpu6050Registers.SmplrtDiv, _divider)) return false;
            if (!WriteRegister(Mpu6050Registers.Config, _dlpfConfig)) return false;
            if (!WriteRegister(Mpu6050Registers.GyroConfig, _gyroConfig)) return false;
            if (!WriteRegister(Mpu6050Registers.AccelConfig, _accelConfig)) return false;
            // The MPU-6500 family filters the accelerometer apart (SensorChip): the same bandwidth
            // index as the gyro's. Not read back: on a clone with the MPU-6050's map this is an
            // unused threshold whose read-back proves nothing about the filter.
            if (SensorChip.HasAccelConfig2(_chip)
                && !WriteRegister(Mpu6050Registers.AccelConfig2, _dlpfConfig)) return false;
            if (!WriteRegister(Mpu6050Registers.IntPinCfg, Mpu6050Registers.IntPinCfgValue)) return false;
            if (!WriteRegister(Mpu6050Registers.IntEnable, Mpu6050Registers.IntFifoOverflow)) return false;
            if (!WriteRegister(Mpu6050Registers.FifoEn, Mpu6050Registers.FifoEnAccelGyro)) return false;

            // SMPLRT_DIV, CONFIG, GYRO_CONFIG and ACCEL_CONFIG are consecutive: one burst checks all four.
            if (!ReadRegisters(Mpu6050Registers.SmplrtDiv, 4)) return false;
            if (_small[0] != _divider || _small[1] != _dlpfConfig || _small[2] != _gyroConfig || _small[3] != _accelConfig) return false;
            if (!ReadRegisters(Mpu6050Registers.FifoEn, 1)) return false;
            if (_small[0] != Mpu6050Registers.FifoEnAccelGyro) return false;

            return ResetFifo();
        }

        /// <summary>Empties and re-enables the FIFO, then clears a pending overflow flag.</summary>
        private bool ResetFifo()
        {
            if (!WriteRegister(Mpu6050Registers.UserCtrl, Mpu6050Registers.UserFifoReset)) return false;
            if (!WriteRegister(Mpu6050Registers.UserCtrl, Mpu6050Registers.UserFifoEnable)) return false;
            return ReadRegisters(Mpu6050Registers.IntStatus, 1);
        }

        // ---- bus helpers ---------------------------------------------------------------------

        private bool ReadFifoCount(out int count)
        {
            if (!ReadRegisters(Mpu6050Registers.FifoCountH, 2))
            {
                count = 0;
                return false;
            }
            int hi = _small[0];
            int lo = _small[1];
            count = (hi << 8) | lo;
            return true;
        }

        private bool WriteRegister(int register, int value)
        {
            _command[0] = (byte)register;
            _command[1] = (byte)value;
            return _bus.Write(_command, 2);
        }

        private bool ReadRegisters(int register, int length)
        {
            return ReadRegisters(register, _small, length);
        }

        private bool ReadRegisters(int register, byte[] into, int length)
        {
            _address[0] = (byte)register;
            return _bus.WriteRead(_address, 1, into, length);
        }
    }
}
