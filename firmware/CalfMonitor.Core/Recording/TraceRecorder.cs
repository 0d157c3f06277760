using CalfMonitor.Core.Device;
using CalfMonitor.Core.Sensing;

namespace CalfMonitor.Core.Recording
{
    /// <summary>Where recorded trace bytes go (the USB serial link on the device, a stream on the desktop).</summary>
    public interface ITraceOutput
    {
        /// <summary>Sends the first <paramref name="length"/> bytes of <paramref name="data"/>; the
        /// array is reused after the call returns.</summary>
        void Write(byte[] data, int length);
    }

    /// <summary>
    /// Record mode: formats every sample as a native trace row (<see cref="TraceRowFormatter"/>)
    /// into a preallocated batch and hands full batches, or whatever is pending at
    /// <see cref="Flush"/>, to an <see cref="ITraceOutput"/>. t_ms is the sample's sensor-clock
    /// stamp relative to the first recorded sample; seq counts the rows written since
    /// <see cref="Begin"/> (0, 1, 2 …). So the two kinds of loss stay apart: samples the sensor lost
    /// (FIFO overflow, fault) show as a jump in t_ms with consecutive seq, lines lost on the link as
    /// a jump in seq. Allocates nothing per sample.
    /// </summary>
    public sealed class TraceRecorder : ISampleSink
    {
        /// <summary>Default batch size, bytes: about 25 rows of int16 data, 0.5 s at 50 Hz.</summary>
        public const int DefaultBatchBytes = 1024;

        private readonly ITraceOutput _output;
        private readonly byte[] _batch;
        private int _length;
        private bool _started;
        private int _originMs;
        private int _rows;
        private bool _recording;
        private SensorConfig _config;

        /// <summary>Creates a recorder with a batch buffer of <paramref name="batchBytes"/> bytes
        /// (at least <see cref="TraceRowFormatter.MaxRowBytes"/>).</summary>
        public TraceRecorder(ITraceOutput output, int batchBytes)
        {
            if (output == null) throw new System.ArgumentNullException("output");
            if (batchBytes < TraceRowFormatter.MaxRowBytes) throw new System.ArgumentOutOfRangeException("batchBytes");
            _output = output;
            _batch = new byte[batchBytes];
        }

        /// <summary>Rows written since <see cref="Begin"/> (the next row's seq).</summary>
        public int Rows { get { return _rows; } }

        /// <summary>Bytes waiting for the next <see cref="Flush"/>.</summary>
        public int PendingBytes { get { return _length; } }

        /// <summary>True between <see cref="Begin"/> and <see cref="End"/>; samples are ignored otherwise.</summary>
        public bool Recording { get { return _recording; } }

        /// <summary>Writes the header lines (allocates: once per recording) and starts recording;
        /// time and sequence start from 0 at the next sample.</summary>
        public void Begin(SensorConfig config, string source)
        {
            Flush();
            _recording = true;
            _config = config;
            _rows = 0;
            string header = TraceRowFormatter.Header(config, source);
            byte[] bytes = new byte[header.Length];
            TraceRowFormatter.WriteAscii(bytes, 0, header);
            _output.Write(bytes, bytes.Length);
            _started = false;
        }

        /// <inheritdoc />
        public void OnSample(int sequence, int timeMs, int ax, int ay, int az, int gx, int gy, int gz)
        {
            if (!_recording) return;
            if (!_started)
            {
                _started = true;
                _originMs = timeMs;
            }
            if (_length + TraceRowFormatter.MaxRowBytes > _batch.Length) Flush();
            _length += TraceRowFormatter.WriteRow(_batch, _length, timeMs - _originMs, ax, ay, az, gx, gy, gz, _rows);
            _rows++;
        }

        /// <summary>Not recorded: a trace keeps the sensor's own time stamps, which are what the
        /// detector sees; the wall clock's correction does not reach detection.</summary>
        public void OnClockRate(int ratePpm)
        {
        }

        /// <summary>Follows record mode and the sensor configuration in force (call after every
        /// poll): starts a recording when record mode comes on, ends it when it goes off, and when
        /// the configuration changed while recording (a new mounting site: another
        /// <see cref="SensorConfig"/> instance) ends it and starts a new one, whose header states
        /// the configuration its rows are taken with.</summary>
        public void Follow(bool recordMode, SensorConfig config, string source)
        {
            if (_recording && (!recordMode || (object)config != (object)_config)) End();
            if (recordMode && !_recording) Begin(config, source);
        }

        /// <summary>Sends what is pending and stops recording.</summary>
        public void End()
        {
            Flush();
            _recording = false;
        }

        /// <summary>Sends the pending rows, if any (call after every poll).</summary>
        public void Flush()
        {
            if (_length == 0) return;
            _output.Write(_batch, _length);
            _length = 0;
        }
    }
}
