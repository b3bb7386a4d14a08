// The pyaudio stand-in (harness/shim/devices/pyaudio.py) appends every byte a program writes to an
// output stream to this file in the program's working folder; the harness collects it with the
// other files the program wrote, and the playback check compares it with what was sent.
export const AUDIO_OUT_FILE = '.labcheck-audio-out.raw';
