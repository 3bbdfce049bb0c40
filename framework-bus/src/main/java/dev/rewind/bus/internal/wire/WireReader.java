package dev.rewind.bus.internal.wire;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * Reads one binary record of the wire protocol strictly: every length must fit, every string must be valid UTF-8,
 * and {@link #end()} checks that nothing is left over. Any violation is a {@link MalformedFrameException}.
 */
public final class WireReader {

    private final ByteBuffer buffer;
    private final String what;

    public WireReader(byte[] frame, String what) {
        this.buffer = ByteBuffer.wrap(frame);
        this.what = what;
    }

    public long readLong() {
        need(8);
        return buffer.getLong();
    }

    public int readInt() {
        need(4);
        return buffer.getInt();
    }

    public int readByte() {
        need(1);
        return buffer.get() & 0xFF;
    }

    public UUID readUuid() {
        need(16);
        return new UUID(buffer.getLong(), buffer.getLong());
    }

    /** A string written by {@link WireWriter#writeString}; null for length -1. */
    public String readNullableString() {
        int length = readInt();
        if (length == -1) {
            return null;
        }
        return decode(slice(length));
    }

    public String readString() {
        String text = readNullableString();
        if (text == null) {
            throw new MalformedFrameException(what + ": a string that must be present has length -1");
        }
        return text;
    }

    public byte[] readBytes() {
        return slice(readInt());
    }

    public Set<String> readStrings() {
        int count = readInt();
        if (count < 0 || count > buffer.remaining() / 4) {
            throw new MalformedFrameException(what + ": a string list claims " + count + " entries");
        }
        Set<String> texts = new HashSet<>();
        for (int i = 0; i < count; i++) {
            texts.add(readString());
        }
        return texts;
    }

    /** Checks that the whole frame was read. */
    public void end() {
        if (buffer.hasRemaining()) {
            throw new MalformedFrameException(what + ": " + buffer.remaining() + " unexpected trailing bytes");
        }
    }

    private byte[] slice(int length) {
        if (length < 0) {
            throw new MalformedFrameException(what + ": negative length " + length);
        }
        need(length);
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return bytes;
    }

    private void need(int bytes) {
        if (buffer.remaining() < bytes) {
            throw new MalformedFrameException(what + ": needs " + bytes + " more bytes at offset " + buffer.position()
                    + " but only " + buffer.remaining() + " are left");
        }
    }

    private String decode(byte[] bytes) {
        return decodeUtf8(bytes, what);
    }

    /** Decodes strict UTF-8, refusing malformed input. */
    public static String decodeUtf8(byte[] bytes, String what) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedFrameException(what + ": text is not valid UTF-8");
        }
    }

    /** Reads a frame that must be exactly one big-endian int64. */
    public static long longFrame(byte[] frame, String what) {
        if (frame.length != 8) {
            throw new MalformedFrameException(what + " must be 8 bytes (big-endian int64), got " + frame.length);
        }
        return ByteBuffer.wrap(frame).getLong();
    }

    /** Reads a frame that must be exactly one big-endian int32. */
    public static int intFrame(byte[] frame, String what) {
        if (frame.length != 4) {
            throw new MalformedFrameException(what + " must be 4 bytes (big-endian int32), got " + frame.length);
        }
        return ByteBuffer.wrap(frame).getInt();
    }
}
