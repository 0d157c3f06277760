using CalfMonitor.Core.Sensing;
using Xunit;

namespace CalfMonitor.Tests.Sensing;

/// <summary>
/// Which configurations the core accepts (<see cref="SensorConfig.IsValid"/>): the MPU6050's own
/// full-scale ranges and the output data rates the detector is built for. A configuration that
/// fails it is refused — by the monitor, the sampler and the BLE Config write — instead of
/// reaching the sensor or the thresholds scaled from it.
/// </summary>
public class SensorConfigTests
{
    /// <summary>20 to 200 Hz, both ends included, with the firmware's ranges.</summary>
    [Theory]
    [InlineData(20, true)]
    [InlineData(50, true)]
    [InlineData(200, true)]
    [InlineData(19, false)]
    [InlineData(201, false)]
    [InlineData(0, false)]
    [InlineData(1000, false)]
    public void The_sample_rate_is_accepted_from_20_to_200_hz(int rateHz, bool valid)
    {
        Assert.Equal(valid, new SensorConfig(rateHz, SensorConfig.DefaultAccelRangeG, SensorConfig.DefaultGyroRangeDps, MountingSite.Shank).IsValid);
    }

    /// <summary>The accelerometer's four ranges, ±2, 4, 8 and 16 g, and nothing between or beyond them.</summary>
    [Theory]
    [InlineData(2, true)]
    [InlineData(4, true)]
    [InlineData(8, true)]
    [InlineData(16, true)]
    [InlineData(0, false)]
    [InlineData(1, false)]
    [InlineData(3, false)]
    [InlineData(6, false)]
    [InlineData(32, false)]
    public void The_accelerometer_range_is_one_the_mpu6050_has(int rangeG, bool valid)
    {
        Assert.Equal(valid, new SensorConfig(SensorConfig.DefaultSampleRateHz, rangeG, SensorConfig.DefaultGyroRangeDps, MountingSite.Foot).IsValid);
    }

    /// <summary>The gyro's four ranges, ±250, 500, 1000 and 2000 °/s, and nothing between or beyond them.</summary>
    [Theory]
    [InlineData(250, true)]
    [InlineData(500, true)]
    [InlineData(1000, true)]
    [InlineData(2000, true)]
    [InlineData(0, false)]
    [InlineData(125, false)]
    [InlineData(300, false)]
    [InlineData(4000, false)]
    public void The_gyro_range_is_one_the_mpu6050_has(int rangeDps, bool valid)
    {
        Assert.Equal(valid, new SensorConfig(SensorConfig.DefaultSampleRateHz, SensorConfig.DefaultAccelRangeG, rangeDps, MountingSite.Shank).IsValid);
    }
}
