"""WAV decoding with the standard library: the PCM hash and the waveform peaks."""
import array
import hashlib
import sys
import wave


class UnsupportedAudio(Exception):
    """The file is not a PCM WAV file this worker can decode."""


class Audio:
    """Decoded PCM audio: sample rate, frame count and samples normalised to [-1, 1]."""

    def __init__(self, sample_rate, frames, channels, samples, pcm_hash):
        self.sample_rate = sample_rate
        self.frames = frames
        self.channels = channels
        self.samples = samples
        self.pcm_hash = pcm_hash

    @property
    def duration(self):
        return self.frames / self.sample_rate if self.sample_rate else 0.0


def read_wav(path):
    try:
        with wave.open(str(path), "rb") as wav:
            channels = wav.getnchannels()
            width = wav.getsampwidth()
            rate = wav.getframerate()
            frames = wav.getnframes()
            pcm = wav.readframes(frames)
    except (wave.Error, EOFError) as error:
        raise UnsupportedAudio("not a PCM WAV file: {}".format(error)) from error
    # The hash covers the decoded samples only, so the same audio in another container
    # (other chunks, other metadata) still hashes the same.
    pcm_hash = hashlib.sha256(pcm).hexdigest()
    return Audio(rate, frames, channels, _normalise(pcm, width), pcm_hash)


def _normalise(pcm, width):
    if width == 1:
        return [(b - 128) / 128.0 for b in pcm]
    if width == 2:
        values = array.array("h")
        scale = 32768.0
    elif width == 4:
        values = array.array("i")
        scale = 2147483648.0
    elif width == 3:
        return [int.from_bytes(pcm[i:i + 3], "little", signed=True) / 8388608.0
                for i in range(0, len(pcm) - 2, 3)]
    else:
        raise UnsupportedAudio("unsupported sample width {} bytes".format(width))
    values.frombytes(pcm[:len(pcm) - len(pcm) % values.itemsize])
    if sys.byteorder == "big":
        values.byteswap()
    return [v / scale for v in values]


def peaks(audio, num_peaks):
    """The largest absolute amplitude in each of ``num_peaks`` equal slices, in [0, 1]."""
    samples = audio.samples
    if not samples or num_peaks <= 0:
        return [0.0] * max(num_peaks, 0)
    result = []
    total = len(samples)
    for i in range(num_peaks):
        start = i * total // num_peaks
        end = max((i + 1) * total // num_peaks, start + 1)
        chunk = samples[start:min(end, total)]
        result.append(round(max((abs(s) for s in chunk), default=0.0), 6))
    return result
