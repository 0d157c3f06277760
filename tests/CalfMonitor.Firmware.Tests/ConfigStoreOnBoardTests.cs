using System;
using CalfMonitor.Core;
using CalfMonitor.Core.Storage;
using nanoFramework.TestFramework;

namespace CalfMonitor.Firmware.Tests
{
    /// <summary>
    /// The config store on the internal LittleFS drive, on test files (the device's own
    /// configuration is not touched). Survival across a reboot needs two runs: every run leaves a
    /// marker with an id of its boot and checks the marker of the run before. Run the tests, reset
    /// or power-cycle the board, run them again.
    /// </summary>
    [TestClass]
    public class ConfigStoreOnBoardTests
    {
        private const string ImagePath = "I:\\calfmon-test.cfg";     // round-trip test file
        private const string MarkerPath = "I:\\calfmon-boot.bin";    // reboot test file
        private const string TempPath = "I:\\calfmon-test.tmp";
        private const byte MarkerTag0 = (byte)'C';   // marker layout: 'C','M', version, counter (2), boot id (4)
        private const byte MarkerTag1 = (byte)'M';
        private const byte MarkerVersion = 1;
        private const int MarkerBytes = 9;

        private static readonly int BootId = (int)(DateTime.UtcNow.Ticks & 0x7FFFFFFF) ^ new Random().Next();

        [TestMethod]
        public void Settings_are_stored_as_a_config_image_and_read_back()
        {
            ConfigStore store = new ConfigStore(ImagePath, TempPath);
            MonitorSettings written = new MonitorSettings();
            written.AlertAfterMin = 45;
            Assert.IsTrue(store.SaveSettings(written), "SaveSettings");

            int status;
            MonitorSettings read = store.LoadSettings(out status);
            Assert.AreEqual(LoadStatus.Ok, status, "load status");
            Assert.AreEqual(45, read.AlertAfterMin, "alert_after_min");
            byte[] image = store.LoadBlob();
            Assert.AreEqual(ConfigImage.Length, image.Length, "image length");
            Assert.AreEqual(ConfigImage.Magic0, image[0], "magic");
        }

        [TestMethod]
        public void A_file_written_before_the_last_reboot_is_still_there()
        {
            ConfigStore store = new ConfigStore(MarkerPath, TempPath);
            byte[] previous = store.LoadBlob();
            bool fromEarlierBoot = IsMarker(previous) && BootIdOf(previous) != BootId;
            int hi = fromEarlierBoot ? previous[3] : 0;
            int lo = fromEarlierBoot ? previous[4] : 0;
            int runs = ((hi << 8) | lo) + 1;
            Assert.IsTrue(store.SaveBlob(Marker(runs)), "SaveBlob");
            if (!fromEarlierBoot)
            {
                Assert.SkipTest("no marker from an earlier boot yet: reset the board and run the tests again");
            }
            OutputHelper.WriteLine("marker from an earlier boot found, run " + runs.ToString());
        }

        private static byte[] Marker(int counter)
        {
            int id = BootId;
            return new byte[]
            {
                MarkerTag0, MarkerTag1, MarkerVersion,
                (byte)(counter >> 8), (byte)counter,
                (byte)(id >> 24), (byte)(id >> 16), (byte)(id >> 8), (byte)id,
            };
        }

        private static bool IsMarker(byte[] blob)
        {
            return blob != null && blob.Length == MarkerBytes && blob[0] == MarkerTag0 && blob[1] == MarkerTag1 && blob[2] == MarkerVersion;
        }

        private static int BootIdOf(byte[] blob)
        {
            int b5 = blob[5], b6 = blob[6], b7 = blob[7], b8 = blob[8];
            return (b5 << 24) | (b6 << 16) | (b7 << 8) | b8;
        }
    }
}
