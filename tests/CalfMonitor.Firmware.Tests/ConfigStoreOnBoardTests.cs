using System;
using nanoFramework.TestFramework;

namespace CalfMonitor.Firmware.Tests
{
    /// <summary>
    /// The config store on the internal LittleFS drive. Survival across a reboot needs two runs:
    /// every run leaves a marker (with an id of its boot) and checks the marker of the run before.
    /// Run the tests, reset or power-cycle the board, run them again.
    /// </summary>
    [TestClass]
    public class ConfigStoreOnBoardTests
    {
        private const byte MarkerTag0 = (byte)'C';   // marker layout: 'C','M', version, counter (2), boot id (4)
        private const byte MarkerTag1 = (byte)'M';
        private const byte MarkerVersion = 1;
        private const int MarkerBytes = 9;

        private static readonly int BootId = (int)(DateTime.UtcNow.Ticks & 0x7FFFFFFF) ^ new Random().Next();

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

        [TestMethod]
        public void Config_is_stored_and_read_back()
        {
            ConfigStore store = new ConfigStore();
            byte[] original = store.LoadBlob();
            byte[] written = new byte[] { 0x00, 0x7F, 0x80, 0xFF, 0x55, 0xAA, 0x01 };
            Assert.IsTrue(store.SaveBlob(written), "SaveBlob");
            byte[] read = store.LoadBlob();
            // Put back what was there, so the reboot test's marker (or a real configuration) survives.
            if (original != null) store.SaveBlob(original);
            Assert.IsNotNull(read, "LoadBlob");
            Assert.AreEqual(written.Length, read.Length, "length");
            for (int i = 0; i < written.Length; i++) Assert.AreEqual(written[i], read[i], "byte " + i.ToString());
        }

        [TestMethod]
        public void Config_written_before_the_last_reboot_is_still_there()
        {
            ConfigStore store = new ConfigStore();
            byte[] previous = store.LoadBlob();
            bool fromEarlierBoot = IsMarker(previous) && BootIdOf(previous) != BootId;
            int hi = fromEarlierBoot ? previous[3] : 0;
            int lo = fromEarlierBoot ? previous[4] : 0;
            Assert.IsTrue(store.SaveBlob(Marker(((hi << 8) | lo) + 1)), "SaveBlob");
            if (!fromEarlierBoot)
            {
                Assert.SkipTest("no marker from an earlier boot yet: reset the board and run the tests again");
            }
            OutputHelper.WriteLine("marker from an earlier boot found, run count " + (((hi << 8) | lo) + 1).ToString());
        }
    }
}
