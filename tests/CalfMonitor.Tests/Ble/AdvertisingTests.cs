using System.Text;
using CalfMonitor.Core.Ble;
using Xunit;

namespace CalfMonitor.Tests.Ble;

/// <summary>Issue 11 item 2: the service UUID is in the advertisement itself (passive scans see it).</summary>
public class AdvertisingTests
{
    [Fact]
    public void Advertisement_and_scan_response_bytes_are_pinned()
    {
        var adv = new byte[31];
        var sr = new byte[31];
        int n = AdvertisingData.Pack(adv, sr, out int m, out bool allFit);
        Assert.True(allFit);
        Assert.Equal(
            "02 01 06 " +
            "11 07 41 9a 0c 6d 3b 5f 2a 8e 9d 4c 1e 7b 01 00 1f ca " +
            "08 08 43 61 6c 66 4d 6f 6e",
            PayloadTests.Hex(adv, n));
        Assert.Equal(30, n);
        Assert.Equal("0c 09 " + PayloadTests.Hex(Encoding.ASCII.GetBytes("CalfMonitor"), 11), PayloadTests.Hex(sr, m));
    }

    /// <summary>The UUID bytes equal what the library's DataWriter.WriteUuid writes for the Guid
    /// (Guid.ToByteArray reordered 15…8, 6, 7, 4, 5, 0…3, from its source), i.e. little-endian.</summary>
    [Fact]
    public void Uuid_bytes_match_the_library_order()
    {
        byte[] src = new Guid(BleUuids.Service).ToByteArray();
        int[] order = { 15, 14, 13, 12, 11, 10, 9, 8, 6, 7, 4, 5, 0, 1, 2, 3 };
        Assert.Equal(order.Select(i => src[i]).ToArray(), AdvertisingData.UuidLittleEndian(BleUuids.Service));
    }

    [Fact]
    public void Names_fit_and_the_short_one_is_a_prefix_of_the_full_one()
    {
        Assert.StartsWith(AdvertisingData.ShortName, AdvertisingData.FullName);
        Assert.True(3 + 18 + 2 + AdvertisingData.ShortName.Length <= AdvertisingData.MaxLegacyBytes);
        Assert.True(2 + AdvertisingData.FullName.Length <= AdvertisingData.MaxLegacyBytes);
    }

    /// <summary>A UUID's textual form may be written in capitals (RFC 4122 reads it either way):
    /// the bytes advertised are the same.</summary>
    [Fact]
    public void A_uuid_written_in_capitals_gives_the_same_bytes()
    {
        Assert.Equal(AdvertisingData.UuidLittleEndian(BleUuids.Service), AdvertisingData.UuidLittleEndian(BleUuids.Service.ToUpperInvariant()));
        byte[] src = new Guid("abcdef01-2345-6789-abcd-ef0123456789").ToByteArray();
        int[] order = { 15, 14, 13, 12, 11, 10, 9, 8, 6, 7, 4, 5, 0, 1, 2, 3 };
        Assert.Equal(order.Select(i => src[i]).ToArray(), AdvertisingData.UuidLittleEndian("ABCDEF01-2345-6789-ABCD-EF0123456789"));
    }
}
