using System.Device.I2c;
using System.Threading;
using CalfMonitor.Core.Device;
using CalfMonitor.Core.Sensing;
using nanoFramework.TestFramework;

namespace CalfMonitor.Firmware.Tests
{
    [TestClass]
    public class SensorOnBoardTests
    {
        private const int PollIntervalMs = 100;      // as the firmware's main loop
        private const int RunMs = 60000;             // one minute of sampling
        private const int StartTimeoutMs = 3000;     // reset settle (100 ms) + configuration, with margin
        private const int ClockTolerancePct = 3;     // MPU sample clock vs the ESP32's: a few % at most
        private const int AbsentAddress = 0x50;      // a 24Cxx EEPROM's address: nothing on our bus

        private sealed class CheckingSink : ISampleSink
        {
            public int Count;
            public int SequenceGaps;
            public int TimeSteps;
            public int PeriodMs;
            private bool _started;
            private int _lastSequence;
            private int _lastTimeMs;

            public void OnSample(int sequence, int timeMs, int ax, int ay, int az, int gx, int gy, int gz)
            {
                if (_started)
                {
                    if (sequence != _lastSequence + 1) SequenceGaps++;
                    if (timeMs - _lastTimeMs != PeriodMs) TimeSteps++;
                }
                _started = true;
                _lastSequence = sequence;
                _lastTimeMs = timeMs;
                Count++;
            }

            public void OnClockRate(int ratePpm)
            {
            }
        }

        private static Mpu6050Sampler Start(II2cBus bus, ISampleSink sink)
        {
            Mpu6050Sampler sampler = new Mpu6050Sampler(bus, SensorConfig.Default(MountingSite.Shank), sink);
            int start = Board.NowMs();
            while (sampler.State != SensorState.Ok && Board.NowMs() - start < StartTimeoutMs)
            {
                sampler.Poll(Board.NowMs());
                Thread.Sleep(10);
            }
            Assert.IsTrue(sampler.State == SensorState.Ok, "no supported IMU at 0x68 on GPIO21/22: "
                + SensorChip.Describe(sampler.ChipIdentity));
            return sampler;
        }

        [TestMethod]
        public void Sensor_samples_at_the_configured_rate_without_gaps_for_a_minute()
        {
            CheckingSink sink = new CheckingSink { PeriodMs = 1000 / SensorConfig.DefaultSampleRateHz };
            Mpu6050Sampler sampler = Start(new I2cBusAdapter(Board.I2c), sink);

            int t0 = Board.NowMs();
            int nextPoll = t0;
            while (Board.NowMs() - t0 < RunMs)
            {
                int now = Board.NowMs();
                if (now - nextPoll >= 0)
                {
                    sampler.Poll(now);
                    nextPoll += PollIntervalMs;
                }
                Thread.Sleep(10);
            }
            int elapsedMs = Board.NowMs() - t0;
            int expected = elapsedMs / sink.PeriodMs;
            OutputHelper.WriteLine("samples " + sink.Count.ToString() + " in " + elapsedMs.ToString() + " ms (expected about " + expected.ToString()
                + "), overflows " + sampler.Overflows.ToString() + ", faults " + sampler.Faults.ToString());

            Assert.AreEqual(0, sink.SequenceGaps, "sequence gaps");
            Assert.AreEqual(0, sink.TimeSteps, "time stamp steps other than one period");
            Assert.AreEqual(0, sampler.Overflows, "FIFO overflows");
            Assert.AreEqual(0, sampler.Faults, "bus faults");
            // The last poll's worth (up to ~6 samples) may still be in the FIFO.
            Assert.IsTrue(sink.Count >= expected * (100 - ClockTolerancePct) / 100 - 6, "too few samples: the sample clock is slow or samples are lost");
            Assert.IsTrue(sink.Count <= expected * (100 + ClockTolerancePct) / 100 + 1, "too many samples: the sample rate is not the configured one");
        }

        private sealed class NullSink : ISampleSink
        {
            public void OnSample(int sequence, int timeMs, int ax, int ay, int az, int gx, int gy, int gz)
            {
            }

            public void OnClockRate(int ratePpm)
            {
            }
        }

        [TestMethod]
        public void Fifo_frames_decode_to_the_values_of_the_data_registers()
        {
            I2cBusAdapter bus = new I2cBusAdapter(Board.I2c);
            Start(bus, new NullSink());   // configured; from here the test reads the chip itself

            byte[] address = new byte[1];
            byte[] count = new byte[2];
            byte[] live = new byte[14];    // 0x3B..0x48: accel xyz, temperature, gyro xyz
            byte[] frame = new byte[Mpu6050Sampler.FifoFrameBytes];
            int matched = 0;
            for (int attempt = 0; attempt < 200 && matched < 20; attempt++)
            {
                // Empty the FIFO, then wait for exactly one new sample.
                int n = ReadCount(bus, address, count);
                while (n >= Mpu6050Sampler.FifoFrameBytes)
                {
                    Read(bus, address, Mpu6050Registers.FifoRw, frame, frame.Length);
                    n -= Mpu6050Sampler.FifoFrameBytes;
                }
                int waitStart = Board.NowMs();
                while (ReadCount(bus, address, count) < Mpu6050Sampler.FifoFrameBytes && Board.NowMs() - waitStart < 100)
                {
                }
                Read(bus, address, Mpu6050Registers.AccelXoutH, live, live.Length);
                // If another sample arrived meanwhile the registers may be newer than the frame: retry.
                if (ReadCount(bus, address, count) != Mpu6050Sampler.FifoFrameBytes) continue;
                Read(bus, address, Mpu6050Registers.FifoRw, frame, frame.Length);

                for (int axis = 0; axis < 3; axis++)
                {
                    Assert.AreEqual(Mpu6050Sampler.ReadInt16BigEndian(live, 2 * axis), Mpu6050Sampler.ReadInt16BigEndian(frame, 2 * axis), "accel axis " + axis.ToString());
                    Assert.AreEqual(Mpu6050Sampler.ReadInt16BigEndian(live, 8 + 2 * axis), Mpu6050Sampler.ReadInt16BigEndian(frame, 6 + 2 * axis), "gyro axis " + axis.ToString());
                }
                matched++;
            }
            Assert.IsTrue(matched >= 20, "could not isolate single FIFO frames");
        }

        [TestMethod]
        public void A_nack_is_reported_as_false_not_thrown()
        {
            Assert.IsNotNull(Board.I2c, "bus");   // pins configured, bus 1 open
            // Nothing answers at 0x50 on this board (no EEPROM): every transfer is NACKed.
            I2cDevice absent = I2cDevice.Create(new I2cConnectionSettings(1, AbsentAddress, I2cBusSpeed.FastMode));
            I2cBusAdapter bus = new I2cBusAdapter(absent);
            byte[] write = new byte[] { Mpu6050Registers.WhoAmI };
            byte[] read = new byte[1];
            Assert.IsFalse(bus.WriteRead(write, 1, read, 1), "WriteRead to an absent address");
            Assert.IsFalse(bus.Write(write, 1), "Write to an absent address");
            Assert.AreEqual(2, bus.Failures, "failures counted");
            absent.Dispose();
        }

        private static int ReadCount(II2cBus bus, byte[] address, byte[] count)
        {
            Read(bus, address, Mpu6050Registers.FifoCountH, count, 2);
            int hi = count[0];
            int lo = count[1];
            return (hi << 8) | lo;
        }

        private static void Read(II2cBus bus, byte[] address, int register, byte[] into, int length)
        {
            address[0] = (byte)register;
            Assert.IsTrue(bus.WriteRead(address, 1, into, length), "I2C read failed");
        }
    }
}
