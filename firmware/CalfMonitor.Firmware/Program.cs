using System;
using System.Device.Adc;
using System.Device.Gpio;
using System.Device.I2c;
using System.Threading;
using CalfMonitor.Core;
using CalfMonitor.Core.Ble;
using CalfMonitor.Core.Device;
using CalfMonitor.Core.Recording;
using CalfMonitor.Core.Sensing;
using CalfMonitor.Core.Storage;
using nanoFramework.Hardware.Esp32;

namespace CalfMonitor.Firmware
{
    /// <summary>
    /// Device entry point: wires the board to the core and runs the main loop. Everything that can
    /// be tested on the desktop (sampling, fault recovery, detection, alert policy, BLE payloads,
    /// motor and LED patterns, trace formatting) is core logic; this file only owns pins, drivers
    /// and the loop. Pins: hardware/README.md.
    /// </summary>
    public static class Program
    {
        private const int I2cDataPin = 21;       // GY-521 SDA; nanoFramework's default I2C1 pins are 18/19, so remapped
        private const int I2cClockPin = 22;      // GY-521 SCL
        private const int I2cBusId = 1;          // I2C1 = ESP-IDF I2C_NUM_0
        private const int MotorPin = 25;         // base of the motor transistor (R1 470 Ω), high = vibrate
        private const int StatusLedPin = 2;      // status LED (hardware/README.md: LED1 on a DevKitC-VE), high = on
        private const int ButtonPin = 0;         // BOOT button to GND, board pull-up, low = pressed
        private const int BatteryAdcChannel = 6; // ADC1 channel 6 = GPIO34, R3/R4 100 k / 100 k divider

        private const int LoopTickMs = 10;               // FreeRTOS tick: Thread.Sleep has 10 ms granularity
        private const int PollIntervalMs = 100;          // FIFO drained 10×/s: 5 frames per poll at 50 Hz, 17× margin to overflow
        private const int BatteryIntervalMs = 60000;     // battery sampled once a minute: it changes over hours

        public static void Main()
        {
            Configuration.SetPinFunction(I2cDataPin, DeviceFunction.I2C1_DATA);
            Configuration.SetPinFunction(I2cClockPin, DeviceFunction.I2C1_CLOCK);
            I2cDevice i2c = I2cDevice.Create(new I2cConnectionSettings(I2cBusId, Mpu6050Registers.I2cAddress, I2cBusSpeed.FastMode));

#if MPU_BINDING_CHECK
            // Independent check with the published binding: it resets the chip, throws if WHO_AM_I is
            // not 0x68, then sets ranges and bandwidths and throws "Can set …" if one does not read
            // back (the message logged names which). Not disposed: that would close the shared I2cDevice. The
            // core sampler then resets and configures the chip itself and never uses the binding.
            try
            {
                new Iot.Device.Imu.Mpu6050(i2c);
                Console.WriteLine("# mpu6050 binding: WHO_AM_I and register read-back ok");
            }
            catch (Exception e)
            {
                Console.WriteLine("# mpu6050 binding: " + e.Message);
            }
#endif

            GpioController gpio = new GpioController();
            GpioPin motorPin = gpio.OpenPin(MotorPin, PinMode.Output);
            GpioPin ledPin = gpio.OpenPin(StatusLedPin, PinMode.Output);
            GpioPin buttonPin = gpio.OpenPin(ButtonPin, PinMode.InputPullUp);
            motorPin.Write(PinValue.Low);

            AdcChannel battery = null;
            try
            {
                battery = new AdcController().OpenChannel(BatteryAdcChannel);
            }
            catch (Exception)
            {
                // Boards without the divider: the Battery service reports 0 %.
            }

            // Settings from the two copies on flash (the core decides which: power-fail safe). The
            // mounting site is one of them (BLE Config byte 20); with nothing stored, or an image of
            // older firmware, it is the shank strap those builds were made for.
            SettingsStore store = new SettingsStore(new ConfigStore());
            MonitorSettings settings = new MonitorSettings();
            int loadStatus = store.Boot(settings);
            SensorConfig sensor = SensorConfig.Default(MountingSite.Shank);

            object sync = new object();   // one lock for the monitor: main loop (sampling) and BLE handlers
            MotorPattern motor = new MotorPattern();
            DeviceListener events = new DeviceListener(motor);
            CalfPumpMonitor monitor = new CalfPumpMonitor(sensor, settings, events);
            events.Attach(monitor);
            CalfMonitorGatt gatt = new CalfMonitorGatt(monitor, loadStatus);
            // A sensor that gives no sample (missing from power-on, or stopped): the motor's rattle
            // and Live's "not answering" bit say so (SensorFaultNotice, docs/sedentary-policy.md).
            gatt.SensorFault = new SensorFaultNotice(monitor, motor);
            // Control "try a buzz": the wearer feels a pattern once (played by the loop's motor tick).
            gatt.Motor = motor;
            // A cell running low: the motor's low-battery hum at 20 % and 10 %, once per discharge
            // (LowBatteryNotice, docs/sedentary-policy.md), fed by the battery reading below.
            LowBatteryNotice lowBattery = new LowBatteryNotice(monitor, motor);
            SerialRecorder serial = new SerialRecorder();
            TraceRecorder recorder = new TraceRecorder(serial, TraceRecorder.DefaultBatchBytes);
            Mpu6050Sampler sampler = new Mpu6050Sampler(new I2cBusAdapter(i2c), sensor,
                new SampleSinkPair(new MonitorSampleSink(monitor), recorder));

            BleServer ble = new BleServer(gatt, sync, events, store);
            Exception bleFailure = null;
            try
            {
                ble.Start();
            }
            catch (Exception e)
            {
                // The monitor and the motor run on without BLE; the boot lines below say why it is
                // off (out of memory on a board without PSRAM, where the rest fails too:
                // docs/firmware.md, "Memory"). Kept, not formatted here: with the heap exhausted
                // even that string could fail.
                bleFailure = e;
            }

            // Free managed heap once everything is allocated (after a compacting collection), and
            // whether BLE came up: the numbers that decide the memory budget, which a board without
            // PSRAM does not meet (docs/firmware.md, "Memory"). Printed once, on the serial port,
            // before any recording.
            try
            {
                Console.WriteLine("# heap free after start: " + nanoFramework.Runtime.Native.GC.Run(true).ToString() + " bytes");
                Console.WriteLine("# " + store.BootReport(loadStatus));
                Console.WriteLine(ble.Started ? "# ble: started"
                    : bleFailure == null ? "# ble: NOT started: the radio did not start advertising"
                    : "# ble: NOT started: " + bleFailure.GetType().FullName + " " + bleFailure.Message);
            }
            catch (Exception)
            {
                // not even memory for the boot lines: the monitor runs all the same
            }
            bleFailure = null;   // Main never returns: let the collector take the exception

            int now = DeviceClock.NowMs();
            int nextPollMs = now;
            string recordSource = "CalfMonitor firmware " + DeviceInformation.FirmwareRevision;   // once: no string per poll
            int nextBatteryMs = now;
            ButtonGesture button = new ButtonGesture();       // short press / 3 s hold, timed by the clock
            bool motorOn = false;                             // written above
            bool ledOn = false;
            bool ledWritten = false;                          // the LED's first state is written once
            int chipNamed = 0;                                // WHO_AM_I last named on the serial port

            while (true)
            {
                now = DeviceClock.NowMs();
                try
                {
                    if (now - nextPollMs >= 0)
                    {
                        lock (sync)
                        {
                            sampler.Poll(now);
                            // A sensor that is out (a loose wire): the monitor's seconds go on, so its
                            // alerts still come (CalfPumpMonitor.SensorOutage).
                            if (sampler.State != SensorState.Ok) monitor.SensorOutage(sampler.StampAt(now));
                            gatt.SensorFault.Poll(now, sampler.Samples);
                            // Record mode follows the Control command (0x05) and the button hold; a new
                            // mounting site while recording starts a new recording (TraceRecorder.Follow).
                            recorder.Follow(gatt.RecordMode, monitor.Sensor, recordSource);
                        }
                        recorder.Flush();
                        // The chip found (or the unknown one refused), named once on the serial port; not
                        // while recording, where a line among the trace's rows would break it.
                        if (sampler.ChipIdentity != chipNamed && !recorder.Recording)
                        {
                            chipNamed = sampler.ChipIdentity;
                            Console.WriteLine("# sensor: " + SensorChip.Describe(chipNamed));
                        }
                        nextPollMs += PollIntervalMs;
                        if (now - nextPollMs >= 0) nextPollMs = now + PollIntervalMs;   // fell behind: no burst of polls
                    }

                    // Button: short press = snooze (as Control 01 01 00) and stop the buzz; 3 s hold = record mode on/off.
                    // Compared as an int: PinValue's == boxes both sides on nanoCLR (four 24-byte
                    // blocks per 10 ms tick, measured); the explicit int conversion does not.
                    int gesture = button.Update((int)buttonPin.Read() == 0, now);
                    if (gesture == ButtonGesture.Press)
                    {
                        lock (sync)
                        {
                            motor.Stop();
                            gatt.ButtonPressed();
                        }
                    }
                    else if (gesture == ButtonGesture.Hold)
                    {
                        lock (sync) gatt.RecordMode = !gatt.RecordMode;
                    }

                    // Pins are written only when they change: on nanoCLR every GPIO call boxes a
                    // PinValue, and a write per 10 ms tick was most of the loop's garbage.
                    // Under the lock: the monitor starts patterns from the sampling path and, when a
                    // Config write rebuilds detection and that ends a spell, from the BLE thread.
                    bool motorNow;
                    lock (sync) motorNow = motor.IsOn(now);
                    if (motorNow != motorOn)
                    {
                        motorPin.Write(motorNow ? PinValue.High : PinValue.Low);
                        motorOn = motorNow;   // after the write: a write that threw is tried again next tick
                    }
                    bool ledNow = StatusLed.IsOn(now, sampler.State, recorder.Recording);
                    if (ledNow != ledOn || !ledWritten)
                    {
                        ledPin.Write(ledNow ? PinValue.High : PinValue.Low);
                        ledOn = ledNow;
                        ledWritten = true;
                    }

                    if (now - nextBatteryMs >= 0)
                    {
                        nextBatteryMs = now + BatteryIntervalMs;
                        if (battery != null)
                        {
                            int cellMv = BatteryGauge.CellMillivolts(battery.ReadValue());
                            ble.BatteryPercent = DeviceInformation.BatteryPercent(cellMv);
                            // Under the lock: the monitor starts patterns on the same motor.
                            lock (sync) lowBattery.Reading(now, cellMv);
                        }
                    }
                    ble.Service(now);
                }
                catch (Exception)
                {
                    // Nothing in the loop is expected to throw (the core reports faults as state);
                    // a driver exception must not end the monitor.
                }
                Thread.Sleep(LoopTickMs);
            }
        }
    }
}
