package dev.rewind.bus.internal.wire;

import java.util.ArrayList;
import java.util.List;
import org.zeromq.ZMQ;

/** Sends and receives whole multipart messages as lists of frames; called only by the thread owning the socket. */
public final class Frames {

    private Frames() {
    }

    /** Receives every part of the next message, or null if none is waiting ({@code flags} as for ZMQ recv). */
    public static List<byte[]> receive(ZMQ.Socket socket, int flags) {
        byte[] first = socket.recv(flags);
        if (first == null) {
            return null;
        }
        List<byte[]> frames = new ArrayList<>(4);
        frames.add(first);
        while (socket.hasReceiveMore()) {
            frames.add(socket.recv(0));
        }
        return frames;
    }

    /** Sends every frame as one message without blocking; false if the socket could not take it (high-water mark). */
    public static boolean send(ZMQ.Socket socket, List<byte[]> frames) {
        int last = frames.size() - 1;
        for (int i = 0; i <= last; i++) {
            int flags = ZMQ.DONTWAIT | (i < last ? ZMQ.SNDMORE : 0);
            if (!socket.send(frames.get(i), flags)) {
                return i == 0 ? false : finishAnyway(socket, frames, i);
            }
        }
        return true;
    }

    /** Once the first part is accepted the rest is accepted too (ZeroMQ queues whole messages); retry to be sure. */
    private static boolean finishAnyway(ZMQ.Socket socket, List<byte[]> frames, int from) {
        int last = frames.size() - 1;
        for (int i = from; i <= last; i++) {
            socket.send(frames.get(i), i < last ? ZMQ.SNDMORE : 0);
        }
        return true;
    }

    /** The total size of the frames, in bytes. */
    public static long size(List<byte[]> frames) {
        long total = 0;
        for (byte[] frame : frames) {
            total += frame.length;
        }
        return total;
    }
}
