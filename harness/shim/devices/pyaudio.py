# Stand-in for PyAudio (the sound card): no grading machine has one, so the real module is never
# loaded. Output streams record what the program plays: every write() appends its bytes to
# .labcheck-audio-out.raw in the program's working folder (unbuffered, so os._exit() loses nothing)
# and emits an `audio-out` device event (bytes, frames, sha256). Input streams return harness-made
# samples, the same for every run: frame i of channel c is a triangle wave (period 100 + 20*c
# frames) at a quarter of full scale. write() does not wait for the sound to play; read() returns at once.
# The API follows PyAudio 0.2.13 (names, defaults, the errors a wrong call raises).
import hashlib
import os
import struct
import threading

import labcheck_devices as _dev

__version__ = "0.2.13"

paFloat32 = 1
paInt32 = 2
paInt24 = 4
paInt16 = 8
paInt8 = 16
paUInt8 = 32
paCustomFormat = 65536

paContinue = 0
paComplete = 1
paAbort = 2

paFramesPerBufferUnspecified = 0
paNoError = 0
paInputOverflow = 2
paOutputUnderflow = 4
paStreamIsStopped = -9983
paCanNotReadFromAnOutputOnlyStream = -9975
paCanNotWriteToAnInputOnlyStream = -9974

_SIZES = {paFloat32: 4, paInt32: 4, paInt24: 3, paInt16: 2, paInt8: 1, paUInt8: 1}

AUDIO_OUT_FILE = os.path.join(os.getcwd(), ".labcheck-audio-out.raw")


def get_sample_size(format):  # noqa: A002 (PyAudio's name)
    if format not in _SIZES:
        raise ValueError("Invalid format")
    return _SIZES[format]


def get_format_from_width(width, unsigned=True):
    if width == 1:
        return paUInt8 if unsigned else paInt8
    if width == 2:
        return paInt16
    if width == 3:
        return paInt24
    if width == 4:
        return paFloat32
    raise ValueError(f"Invalid width: {width}")


def get_portaudio_version():
    return 1246720


def get_portaudio_version_text():
    return "PortAudio V19.7.0-devel (labcheck stand-in)"


def input_samples(first_frame, frames, channels, format):  # noqa: A002
    """The harness-made input: frames first_frame .. first_frame+frames-1, interleaved, in `format`."""
    out = bytearray()
    for i in range(first_frame, first_frame + frames):
        for c in range(channels):
            period = 100 + 20 * c
            phase = i % period
            tri = (4 * phase / period - 1) if phase < period / 2 else (3 - 4 * phase / period)
            if format == paFloat32:
                out += struct.pack("<f", 0.25 * tri)
            elif format == paUInt8:
                out.append(128 + int(round(31 * tri)))
            else:
                width = _SIZES[format]
                value = int(round((2 ** (8 * width - 1) - 1) / 4 * tri))
                out += value.to_bytes(width, "little", signed=True)
    return bytes(out)


class Stream:
    def __init__(self, PA_manager, rate, channels, format, input=False, output=False, input_device_index=None,  # noqa: A002,N803
                 output_device_index=None, frames_per_buffer=paFramesPerBufferUnspecified, start=True,
                 input_host_api_specific_stream_info=None, output_host_api_specific_stream_info=None,
                 stream_callback=None):
        if not (input or output):
            raise ValueError("Must specify an input or output stream.")
        self._parent = PA_manager
        self._rate = rate
        self._channels = channels
        self._format = format
        self._width = get_sample_size(format)
        self._is_input = bool(input)
        self._is_output = bool(output)
        self._frames_per_buffer = frames_per_buffer
        self._active = False
        self._closed = False
        self._read_frames = 0
        self._callback = stream_callback
        self._lock = threading.Lock()
        if self._is_output:
            # O_APPEND: several streams (or processes) append whole writes, never overwrite.
            self._out = os.open(AUDIO_OUT_FILE, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        else:
            self._out = -1
        _dev.emit(self._device(), "open", rate=rate, channels=channels, format=format, sampleWidth=self._width,
                  framesPerBuffer=frames_per_buffer, callback=stream_callback is not None)
        if start:
            self.start_stream()

    def _device(self):
        return "audio-out" if self._is_output else "audio-in"

    def _check_open(self):
        if self._closed:
            raise OSError(-9988, "Stream closed")

    # ------------------------------------------------------------ playback

    def write(self, frames, num_frames=None, exception_on_underflow=False):
        if not self._is_output:
            raise OSError(paCanNotWriteToAnInputOnlyStream, "Not output stream")
        self._check_open()
        if not self._active:
            raise OSError(paStreamIsStopped, "Stream is stopped")
        data = memoryview(frames).cast("B").tobytes()
        frame_bytes = self._channels * self._width
        if num_frames is None:
            num_frames = len(data) // frame_bytes
        data = data[: num_frames * frame_bytes]  # as PyAudio: only whole frames are played
        self._record(data)

    def _record(self, data):
        with self._lock:
            view = memoryview(data)
            while view:
                view = view[os.write(self._out, view):]
        _dev.emit("audio-out", "write", bytes=len(data), frames=len(data) // (self._channels * self._width),
                  sha256=hashlib.sha256(data).hexdigest())

    # ------------------------------------------------------------ capture

    def read(self, num_frames, exception_on_overflow=True):
        if not self._is_input:
            raise OSError(paCanNotReadFromAnOutputOnlyStream, "Not input stream")
        self._check_open()
        if not self._active:
            raise OSError(paStreamIsStopped, "Stream is stopped")
        data = self._next_input(num_frames)
        _dev.emit("audio-in", "read", bytes=len(data), frames=num_frames, sha256=hashlib.sha256(data).hexdigest())
        return data

    def _next_input(self, num_frames):
        data = input_samples(self._read_frames, num_frames, self._channels, self._format)
        self._read_frames += num_frames
        return data

    def get_read_available(self):
        return self._frames_per_buffer or 1024

    def get_write_available(self):
        return self._frames_per_buffer or 1024

    # ------------------------------------------------------------ state

    def start_stream(self):
        self._check_open()
        if self._active:
            return
        self._active = True
        _dev.emit(self._device(), "start")
        if self._callback is not None:
            threading.Thread(target=self._run_callback, daemon=True).start()

    def _run_callback(self):
        """Callback mode: PortAudio's thread asks for (output) or hands (input) a buffer at a time."""
        count = self._frames_per_buffer or 1024
        while self._active and not self._closed:
            in_data = self._next_input(count) if self._is_input else None
            result = self._callback(in_data, count, {"input_buffer_adc_time": 0.0, "current_time": 0.0, "output_buffer_dac_time": 0.0}, 0)
            out_data, flag = result if isinstance(result, tuple) else (None, paComplete)
            if self._is_output and out_data:
                self._record(memoryview(out_data).cast("B").tobytes())
            if flag != paContinue:
                self._active = False

    def stop_stream(self):
        self._check_open()
        if self._active:
            self._active = False
            _dev.emit(self._device(), "stop")

    def is_active(self):
        self._check_open()
        return self._active

    def is_stopped(self):
        self._check_open()
        return not self._active

    def close(self):
        if self._closed:
            return
        self._active = False
        self._closed = True
        if self._out >= 0:
            os.close(self._out)
            self._out = -1
        _dev.emit(self._device(), "close")
        self._parent._remove_stream(self)

    def get_input_latency(self):
        return 0.01

    def get_output_latency(self):
        return 0.01

    def get_time(self):
        return 0.0

    def get_cpu_load(self):
        return 0.0


_DEVICE = {
    "index": 0, "structVersion": 2, "name": "labcheck stand-in", "hostApi": 0,
    "maxInputChannels": 2, "maxOutputChannels": 2,
    "defaultLowInputLatency": 0.01, "defaultLowOutputLatency": 0.01,
    "defaultHighInputLatency": 0.04, "defaultHighOutputLatency": 0.04, "defaultSampleRate": 44100.0,
}


class PyAudio:
    Stream = Stream

    def __init__(self):
        self._streams = set()

    def terminate(self):
        for stream in list(self._streams):
            stream.close()
        self._streams = set()

    def get_sample_size(self, format):  # noqa: A002
        return get_sample_size(format)

    def get_format_from_width(self, width, unsigned=True):
        return get_format_from_width(width, unsigned)

    def open(self, *args, **kwargs):
        stream = Stream(self, *args, **kwargs)
        self._streams.add(stream)
        return stream

    def close(self, stream):
        if stream not in self._streams:
            raise ValueError("Stream `%s' not found" % str(stream))
        stream.close()

    def _remove_stream(self, stream):
        self._streams.discard(stream)

    def is_format_supported(self, rate, input_device=None, input_channels=None, input_format=None,
                            output_device=None, output_channels=None, output_format=None):
        return True

    def get_device_count(self):
        return 1

    def get_device_info_by_index(self, device_index):
        if device_index != 0:
            raise IOError("Invalid device index")
        return dict(_DEVICE)

    def get_default_input_device_info(self):
        return dict(_DEVICE)

    def get_default_output_device_info(self):
        return dict(_DEVICE)

    def get_host_api_count(self):
        return 1

    def get_default_host_api_info(self):
        return {"index": 0, "structVersion": 1, "type": 8, "name": "ALSA", "deviceCount": 1,
                "defaultInputDevice": 0, "defaultOutputDevice": 0}

    def get_host_api_info_by_index(self, host_api_index):
        return self.get_default_host_api_info()

    def get_device_info_by_host_api_device_index(self, host_api_index, host_api_device_index):
        return dict(_DEVICE)
