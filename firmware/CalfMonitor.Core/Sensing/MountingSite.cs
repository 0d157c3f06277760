namespace CalfMonitor.Core.Sensing
{
    /// <summary>Where the board is strapped. The detector finds the rotation axis itself, but the
    /// segment decides how much segment rotation one degree of ankle motion produces.</summary>
    public enum MountingSite
    {
        /// <summary>Ankle strap on the shank, just above the ankle bones.</summary>
        Shank = 0,

        /// <summary>Clip on the shoe or foot: the sensor turns with the foot, i.e. with the ankle.</summary>
        Foot = 1,
    }
}
